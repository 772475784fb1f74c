"""Joint bodies (共同実施主体) only where an implementing body is a municipality (the type named
by prefecture.yaml `hub.joint_bodies_require`)."""

from zaitaku_cli.rules.base import SOURCE_004, Report, rule_entry

TARGET = ("hub",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "hub-joint-bodies", "error", "共同実施主体", "Joint bodies",
    "共同実施主体を指定できるのは、実施主体が{label}の場合だけです。",
    "Joint bodies are allowed only where an implementing body is a {required}.",
    SOURCE_004 + "「※ 共同実施主体：市町村が実施主体となり、在宅医療・介護連携推進事業の委託先である郡市医師会等とともに事業を実施する場合に、当該委託先を指定できる。」",
    "implementing_bodies: [{name: 室蘭市医師会, type: medical_association}]\njoint_bodies: [{name: 室蘭市, type: municipality}]")


def check(hub, registry):
    required = registry.scheme.joint_bodies_require
    if not hub.get("joint_bodies") or not required:
        return
    if not any(b.get("type") == required for b in hub.get("implementing_bodies") or []):
        yield Report(("joint_bodies",), {"required": required, "label": registry.scheme.body_types.get(required, required)})
