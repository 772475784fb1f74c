"""The body a grant goes to is of a type the menu funds (seed 004: 実施主体 医療機関、郡市医師会、
市町村、訪問看護ST — a 保健所 hub is designated but not subsidised). The body is the grant's
`body`, else each implementing body of the funded hub."""

from zaitaku_cli.rules._grants import menu_of
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-body-type", "error", "補助を受けられる主体", "Eligible body",
    "「{name}」（{type}）はメニュー「{menu}」の実施主体になれません。なれる種類: {allowed}",
    "'{name}' ({type}) cannot receive the menu '{menu}'; eligible types: {allowed}",
    SOURCE_004_GRANT + " 実施主体「医療機関 郡市医師会 市町村 訪問看護ST」",
    "hub: a-health-centre-hub   # implementing_bodies: [{type: health_center}]")


def _bodies(grant, registry):
    """(path in the grant, body mapping) of the body or bodies the grant goes to."""
    body = grant.get("body")
    if isinstance(body, dict):
        return [(("body", "type"), body)]
    hub = registry.hubs.get(grant.get("hub")) if isinstance(grant.get("hub"), str) else None
    if hub is None or not hub.valid:
        return []
    return [(("hub",), b) for b in hub.get("implementing_bodies") or [] if isinstance(b, dict)]


def check(grant, registry):
    menu = menu_of(grant, registry)
    eligible = (menu or {}).get("eligible_bodies")
    if not eligible:
        return
    labels = registry.scheme.body_types
    allowed = ", ".join(f"{t}（{labels.get(t, t)}）" for t in eligible)
    for path, body in _bodies(grant, registry):
        if body.get("type") not in eligible:
            yield Report(path, {"name": str(body.get("name")), "type": str(body.get("type")),
                                "menu": menu.get("label", menu["id"]), "allowed": allowed})
