"""A grant's municipalities are known ones: `municipality` (where the work is done; required for a
municipal 事業, funder municipality, whose record is per municipality and fiscal year) and
`route.municipality` (the municipality an indirect grant or a commission passes through, seed 004
「道→市町村→実施者の間接補助・事業の委託も可能」), each a code of the reference municipalities."""

from zaitaku_cli.rules._grants import menu_of, menu_words
from zaitaku_cli.rules.base import SOURCE_004_GRANT, Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-municipality", "error", "補助の市町村", "Grant municipality",
    "{what}{problem}",
    "{what_en}{problem_en}",
    SOURCE_004_GRANT + "「道→市町村→実施者の間接補助・事業の委託も可能」",
    'municipality: "019999"')


def check(grant, registry):
    menu = menu_of(grant, registry)
    places = [(("municipality",), grant.get("municipality"), "市町村（municipality）", "The municipality")]
    route = grant.get("route")
    if isinstance(route, dict):
        places.append((("route", "municipality"), route.get("municipality"), "経由する市町村（route.municipality）",
                       "The municipality of the route"))
    for path, code, what, what_en in places:
        if isinstance(code, str) and code not in registry.municipalities:
            yield Report(path, {"what": what, "what_en": what_en,
                                "problem": f"「{code}」は市町村一覧（{registry.municipality_file}）にありません。",
                                "problem_en": f" '{code}' is not in the municipalities ({registry.municipality_file})."})
    if (menu or {}).get("funder") == "municipality" and grant.get("municipality") is None:  # another value: the schema's
        words = menu_words(menu)
        yield Report(("municipality",) if "municipality" in grant.data else ("menu",), {"what": f"市町村の事業{words['menu']}の記録には",
                                 "what_en": f"A record of the municipal programme {words['menu_en']}",
                                 "problem": "事業を行う市町村のコード（municipality）を書いてください。",
                                 "problem_en": " names the municipality that runs it (municipality:)."})
