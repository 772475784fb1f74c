"""prefecture.yaml `tables.<table>.headers` replaces the words of a table (its column headers and
notes) by key: every key is one the table has, and a text that the tool fills in keeps to the
placeholders of the text it replaces ({total}, {date}, …): an unknown placeholder cannot be
filled, and a key the tool does not have is replaced by nothing (a misspelt key would leave the
national word unseen). Such an override is not applied, and this finding says why. The ※ notes
of `tables.<table>.notes` (and `notes_en`) are checked the same way: their {placeholders} must be
the scheme's words ({zone}, {hub}, …), else the note is not printed."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = "registry"
ENTRY = rule_entry(
    "scheme-table-headers", "error", "表の見出しの設定", "Table header settings",
    "{problem}",
    "{problem_en}",
    "DESIGN §3 prefecture.yaml: tables.<table>.headers",
    "tables: {grants: {headers: {per_place: \"{unit}×{places}\"}}}")


def check(registry):
    from zaitaku_cli.tables.common import note_problem, override_problem, with_capitals

    tables = registry.scheme.data.get("tables") or {}
    for table, spec in tables.items() if isinstance(tables, dict) else ():
        headers = spec.get("headers") if isinstance(spec, dict) else None
        for key, text in (headers or {}).items() if isinstance(headers, dict) else ():
            problem = override_problem(key, text)
            if problem:
                yield Report(("tables", table, "headers", key), {"problem": problem[0], "problem_en": problem[1]},
                             record=registry.scheme, key=problem[2])
        for field, lang in (("notes", "ja"), ("notes_en", "en")):
            notes = spec.get(field) if isinstance(spec, dict) else None
            words = with_capitals(registry.scheme.terms(lang))
            for i, text in enumerate(notes) if isinstance(notes, list) else ():
                problem = note_problem(text, words)
                if problem:
                    yield Report(("tables", table, field, i), {"problem": problem[0], "problem_en": problem[1]},
                                 record=registry.scheme)
