"""The active-role institutions a hub names exist as institution records."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-active-institution", "error", "連携する医療機関", "Active institution",
    "{t_institution}「{id}」がありません（institutions/{id}.yaml がありません）。",
    "There is no institution '{id}' (no institutions/{id}.yaml).",
    "DESIGN §4: active institutions exist", "active_institutions: [nowhere]")


def check(hub, registry):
    for i, inst in enumerate(hub.get("active_institutions") or []):
        if inst not in registry.institutions:
            yield Report(("active_institutions", i), {"id": inst})
