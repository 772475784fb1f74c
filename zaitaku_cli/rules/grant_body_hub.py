"""A grant that names both the hub it funds and the `body` that receives it names one of that
hub's bodies (`implementing_bodies` or `joint_bodies`; names compared as double funding compares
them, legal form aside): money for a hub goes to a body that runs it. A body of another hub is
most likely a copy-and-paste slip, and would also make the double-funding check compare the
wrong body."""

from zaitaku_cli.rules._grants import funded, name_key
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-body-hub", "error", "拠点の実施主体", "Body of the funded hub",
    "「{name}」は{t_hub}「{hub}」の実施主体・共同実施主体にありません（{bodies}）。",
    "'{name}' is not an implementing or joint body of the {t_hub_en} '{hub}' ({bodies}).",
    SOURCE_004_GRANT + "「◆実施主体について 医療機関、郡市医師会、市町村、訪問看護事業所」",
    "hub: muroran\nbody: {name: 帯広市医師会, type: medical_association}")


def check(grant, registry):
    body = grant.get("body")
    key, hub = funded(grant, registry)
    if key != "hub" or not isinstance(body, dict) or not body.get("name"):
        return
    names = [b.get("name") for k in ("implementing_bodies", "joint_bodies") for b in hub.get(k) or []
             if isinstance(b, dict) and b.get("name")]
    if names and name_key(body["name"]) not in {name_key(n) for n in names}:
        yield Report(("body", "name"), {"name": str(body["name"]), "hub": str(hub.get("name") or hub.id),
                                        "bodies": "、".join(names)})
