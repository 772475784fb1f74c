"""Every key under a hub's `roles` is a role of prefecture.yaml (`hub.roles`)."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-role-id", "error", "拠点の役割の項目名", "Hub role id",
    "役割「{key}」は {prefecture} の{t_hub}の役割にありません。使える項目: {allowed}",
    "'{key}' is not {t_hub_en_a} role of {prefecture}; allowed: {allowed}",
    SOURCE_004 + " ３ 役割", "roles: {coordinate: true}")


def check(hub, registry):
    known = registry.scheme.roles
    for key in hub.get("roles") or {}:
        if key not in known:
            yield Report(("roles", key), {"key": key, "prefecture": registry.scheme.name,
                                          "allowed": ", ".join(known)}, key=True)
