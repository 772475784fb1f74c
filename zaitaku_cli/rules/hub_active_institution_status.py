"""A designated hub's active-role institutions are themselves designated (as of the date);
otherwise the hub table would list an institution the plan does not."""

from zaitaku_cli.model import status_label
from zaitaku_cli.rules.base import Report, rule_entry, status

TARGET = ("hub",)
ENTRY = rule_entry(
    "hub-active-institution-status", "warning", "連携する医療機関の指定", "Active institution status",
    "{t_institution}「{name}」は{as_of}現在、指定されていません（{status}）。",
    "The {t_institution_en} '{name}' is not designated as of {as_of} ({status_en}).",
    "DESIGN §4: active institutions exist (and are designated, or a warning)", "")


def check(hub, registry):
    if status(hub) != "designated":
        return
    if hub.designation.effective is not None and hub.designation.effective > registry.as_of:
        return  # the hub itself was not yet designated on that day (a check as of a past day)
    for i, inst_id in enumerate(hub.get("active_institutions") or []):
        inst = registry.institutions.get(inst_id)
        if inst is None or not inst.valid or inst.designation is None:
            continue
        d = inst.designation
        if not d.counts_on(registry.as_of):
            if d.status == "designated" and d.effective is not None:
                if d.designated_on:
                    state = state_en = d.designated_on.iso()
                    state, state_en = f"指定日 {state}", f"designated {state_en}"
                else:
                    by = d.designated_by.isoformat()
                    state, state_en = f"指定日 {by} 以前", f"designated on or before {by}"
            elif d.status == "designated":
                state, state_en = "指定年月日が未記録", "designation date not recorded"
            else:
                state, state_en = status_label(d.status), d.status
            yield Report(("active_institutions", i), {"name": inst.get("name"), "as_of": registry.as_of.isoformat(),
                                                      "status": state, "status_en": state_en})
