"""The body a grant goes to is of a type of prefecture.yaml `hub.body_types`, and of one the menu
funds (seed 004: 実施主体「医療機関 郡市医師会 市町村 訪問看護ST」 — a 保健所 hub is designated but
not subsidised). The body is the grant's `body`, else each implementing body of the funded hub:
when a joint hub's money goes to one of its bodies only, naming it under `body:` says so."""

from zaitaku_cli.rules._grants import located_bodies, menu_of, menu_words
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-body-type", "error", "補助を受けられる主体", "Eligible body",
    "「{name}」の種類「{type}」は{why}{hint}",
    "The type '{type}' of '{name}' {why_en}{hint_en}",
    SOURCE_004_GRANT + " 実施主体「医療機関 郡市医師会 市町村 訪問看護ST」",
    "hub: a-health-centre-hub   # implementing_bodies: [{type: health_center}]")


def _why(body_type, menu, registry):
    """(ja, en) of what is wrong with the type, or None."""
    known = registry.scheme.body_types
    if body_type not in known:
        by_label = [i for i, label in known.items() if label == body_type]  # 保健所 written for health_center
        if by_label:
            return (f" ID の {by_label[0]} で書いてください。", f"is to be written as its id, {by_label[0]}")
        shown = "、".join(f"{i}（{label}）" for i, label in known.items()) or "（なし）"
        return (f" prefecture.yaml の hub.body_types にありません。使える種類: {shown}",
                f"is not in prefecture.yaml hub.body_types; known: {', '.join(known)}")
    eligible = (menu or {}).get("eligible_bodies")
    if eligible and body_type not in eligible:
        words = menu_words(menu)
        allowed = ", ".join(f"{t}（{known.get(t, t)}）" for t in eligible)
        return (f"メニュー{words['menu']}の実施主体になれません。なれる種類: {allowed}",
                f"cannot receive the menu {words['menu_en']}; eligible types: {allowed}")
    return None


def check(grant, registry):
    menu = menu_of(grant, registry)
    located = located_bodies(grant, registry)
    joint = len(located) > 1 and located[0][0] == ("hub",)
    for path, body in located:
        why = _why(body.get("type"), menu, registry)
        if why is None:
            continue
        hint = ("。補助を受けるのが拠点の実施主体の一部なら、その主体を body: に書いてください。",
                ". If the money goes to one of the hub's bodies, name it under body:.") if joint else ("", "")
        yield Report(path, {"name": str(body.get("name")), "type": str(body.get("type")),
                            "why": why[0], "why_en": why[1], "hint": hint[0], "hint_en": hint[1]})
