"""Values that used to reach the tables unchecked (issue 11, kind 2): characters written as YAML
escapes or pasted invisibly, decomposed kana, YAML 1.1-only booleans and numbers, and dates
outside `designation`. Each is a finding at the value's file, line and column in the plain
check, whichever field it is in (nested lists too); exports refuse them first."""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import pytest

from registry_builder import DEFAULT_AS_OF, EMBEDDED, VALID, build_registry
from run_cli import run, run_json
from zaitaku_cli.findings import render
from zaitaku_cli.check import SchemeInvalid, check_registry
from zaitaku_cli.load.document import read_document
from zaitaku_cli.load.text import _fault, compose_marks, needs_value_scan, scan

CLINIC = "institutions/sample-clinic.yaml"
CLINIC_REL = f"registry/{CLINIC}"
VALID_CLINIC = (VALID / CLINIC).read_text(encoding="utf-8")


def _clinic(*replacements) -> bytes:
    text = VALID_CLINIC
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def _where(text: str, anchor: str, skip: int = 0) -> tuple[int, int]:
    """(line, column) of `anchor` (plus `skip` characters) in `text`, computed from the text."""
    index = text.index(anchor) + skip
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _check(tmp_path, files, scheme=()):
    return check_registry(build_registry(tmp_path / "work", files, scheme), DEFAULT_AS_OF)


def _found(result, file=CLINIC_REL):
    return sorted((f.code, f.line, f.column, f.path) for f in result.findings if f.file == file)


# --- the issue's examples, all in one record, all reported in one run ---------------------------

ISSUE_RECORD = [
    ("name: サンプル在宅クリニック", 'name: "佐藤内科\\vクリニック"'),
    ("operator: 医療法人サンプル会", 'operator: "\\x1b[31m医療法人\\x07"'),
    ("navii_id: null", 'navii_id: "\\u202Eabc"'),
    ("intent: true", "intent: yes"),
    ("  training: true", "  training: on"),
    ("  disaster_plan: false", "  disaster_plan: Off"),
    ("  notice: null", "  notice: null\n  corrections:\n"
                       "    - {field: designated_on, old: 2025-07-01, date: 2025-02-30, reason: 転記誤り}"),
    ("sources: []", "sources:\n  - {title: 指定状況, published: 2025-02-30}"),
    ("note: null", 'note: "補足\\uFFFE"'),
]


def test_every_example_of_the_issue_is_a_finding_at_its_value(tmp_path):
    data = _clinic(*ISSUE_RECORD)
    text = data.decode("utf-8")
    result = _check(tmp_path, {CLINIC: data})
    expected = sorted([
        ("text-control-character", *_where(text, '"佐藤'), "name"),
        ("text-control-character", *_where(text, '"\\x1b'), "operator"),
        ("text-bidi-control", *_where(text, '"\\u202E'), "navii_id"),
        ("yaml-boolean-1-1", *_where(text, "intent: yes", 8), "intent"),
        ("yaml-boolean-1-1", *_where(text, "training: on", 10), "requirements.training"),
        ("yaml-boolean-1-1", *_where(text, "Off"), "requirements.disaster_plan"),
        ("date-invalid", *_where(text, "date: 2025-02-30", 6), "designation.corrections[0].date"),
        ("date-invalid", *_where(text, "published: 2025-02-30", 11), "sources[0].published"),
        ("text-noncharacter", *_where(text, '"補足'), "note"),
    ])
    assert _found(result) == expected
    assert result.exit_code() == 1


def test_messages_name_the_field_the_character_and_what_to_do(tmp_path):
    result = _check(tmp_path, {CLINIC: _clinic(*ISSUE_RECORD)})
    by_path = {f.path: f for f in result.findings if f.file == CLINIC_REL}
    vt = by_path["name"]
    assert render(vt, "ja") == ("name（医療機関名）に制御文字 U+000B LINE TABULATION があります（「佐藤内科⟨U+000B⟩クリニック」）。"
                                "画面・CSV・Excel の表示を乱すので削除してください（\\v や \\x1b のような書き方も同じです）。")
    assert render(vt, "en") == ("name contains the control character U+000B LINE TABULATION ('佐藤内科⟨U+000B⟩クリニック'); "
                                "it corrupts the terminal, CSV and Excel output. Delete it (escapes such as \\v and \\x1b "
                                "count too).")
    ansi = by_path["operator"]
    assert "U+001B ESCAPE、U+0007 BELL" in render(ansi, "ja")
    assert "U+001B ESCAPE, U+0007 BELL" in render(ansi, "en")
    for f in result.findings:  # a message never carries the characters it reports
        for lang in ("ja", "en"):
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ufffe]", render(f, lang)), render(f, lang)
    intent = by_path["intent"]
    assert render(intent, "ja") == ("intent（意向）の「yes」は、YAML 1.1 を読むソフト（このツールなど）では true、YAML 1.2 を"
                                    "読むソフト（エディタ、yamllint など）では文字として読まれ、意味が一つに決まりません。"
                                    "true（はい）か false（いいえ）と書いてください。")
    assert render(intent, "en").endswith("so its meaning is not fixed. Write true or false.")
    published = by_path["sources[0].published"]
    assert render(published, "ja") == "sources[0].published（公表日）「2025-02-30」は日付として読めません。その日付は存在しません。"
    assert render(published, "en") == "sources[0].published '2025-02-30' is not a date. No such day."


def test_a_yaml_1_1_boolean_is_one_finding_in_a_text_field_too(tmp_path):
    text = _clinic(("navii_id: null", "navii_id: No")).decode()
    result = _check(tmp_path, {CLINIC: text.encode()})
    assert [(c, line, col) for c, line, col, _ in _found(result)] == [("yaml-boolean-1-1", *_where(text, "No\n"))]
    f = next(f for f in result.findings if f.code == "yaml-boolean-1-1")
    assert render(f, "ja").endswith("文字として書くなら引用符で囲んでください: \"No\"")
    assert render(f, "en").endswith('To mean the text, quote it: "No"')


# --- every string field, nested lists included ---------------------------------------------------

def _string_values(path: Path):
    """(line text, value) of every one-line string value written plainly in a valid record."""
    for line in path.read_text(encoding="utf-8").splitlines():
        for match in re.finditer(r"(?:^\s*(?:- )?[a-z_]+|[{,] ?[a-z_]+): ([^\s\",{}\[\]#][^,{}\[\]#]*?)(?=\s*(?:[,}]|#|$))", line):
            value = match.group(1)
            if value not in ("null", "true", "false") and not value.startswith(("[", "{")) and not re.fullmatch(r"[\d-]+", value):
                yield line, value


STRING_CASES = [(rel, line, value) for rel in ("institutions/sample-clinic.yaml", "hubs/sample-hub.yaml",
                                               "zones/muroran.yaml")
                for line, value in _string_values(VALID / rel)]


def test_the_string_cases_cover_nested_lists():
    values = {value for _, _, value in STRING_CASES}
    assert {"室蘭サンプル内科医院", "登別サンプル訪問看護ステーション", "サンプル市医師会", "サンプル在宅クリニック"} <= values
    assert len(STRING_CASES) >= 15


@pytest.mark.parametrize("rel, line, value", STRING_CASES, ids=[f"{r}:{v}" for r, _, v in STRING_CASES])
def test_an_escaped_control_character_is_found_in_every_string_field(tmp_path, rel, line, value):
    text = (VALID / rel).read_text(encoding="utf-8")
    bad_line = line.replace(value, f'"{value}\\a"', 1)
    text = text.replace(line, bad_line, 1)
    result = _check(tmp_path, {rel: text.encode()})
    found = [(f.code, f.line, f.column) for f in result.findings if f.file == f"registry/{rel}"]
    assert ("text-control-character", *_where(text, f'"{value}\\a"')) in found


# --- characters: what is and is not a fault --------------------------------------------------------

def gate(text: str) -> bool:
    """Whether read_document walks the values of `text` (scan(), then needs_value_scan())."""
    return needs_value_scan(text, text.encode("utf-8"), scan(text))


def test_the_gate_opens_for_every_character_a_value_can_be_faulted_for():
    """needs_value_scan() is the cheap test that spares clean files the walk: every character
    that _fault() reports, written literally where YAML accepts it, opens it."""
    missed = []
    for point in range(0x110000):
        char = chr(point)
        if 0xD800 <= point <= 0xDFFF or not _fault(char) or char in "\n":
            continue
        if point < 0x20 or 0x7F <= point <= 0x9F or char in "\u2028\u2029\ufffe\uffff":
            continue  # not in a YAML file literally (file-control-character, or libyaml refuses it)
        if not gate(f"name: a{char}b\n"):
            missed.append(f"U+{point:04X}")
    assert not missed


@pytest.mark.parametrize("text", [
    VALID_CLINIC, (VALID / "hubs/sample-hub.yaml").read_text(encoding="utf-8"),
    'id: x\nname: 医療法人\u3000サンプル\nmunicipality: "012050"  # 室蘭市\nnote: null\n',
])
def test_the_gate_stays_shut_for_ordinary_records(text):
    assert not gate(text)


@pytest.mark.parametrize("text", [
    'name: "\\v"\n', "name: |\n  a\n", "name: >\n  a\n",  # an escape, block scalars
    "name: \u3000佐藤\n", "name: 佐藤\u3000\n", "name: 佐藤\u3000  # 全角\n", "- {name: 佐藤\u3000, x: 1}\n",
    "name: 𠮷野家\n",  # beyond the BMP (a variation selector, a 外字 of plane 15 too)
])
def test_the_gate_opens_where_a_value_could_be_faulted(text):
    assert gate(text)


@pytest.mark.parametrize("text, code", [
    ('name: " 佐藤"\n', "text-surrounding-space"), ("name: '佐藤 '\n", "text-surrounding-space"),
    ('name: "佐藤 "  # c\n', "text-surrounding-space"), ('- [" a", b]\n', "text-surrounding-space"),
    ("a: {n: 'x ', m: 1}\n", "text-surrounding-space"), ("a: !!str ' x'\n", "text-surrounding-space"),
    ("a: &b 1\nc: [' x', *b]\n", "text-surrounding-space"),
    ("name: a\n\n  b\n", "text-line-break"), ("name: 'a\n\n  b'\n", "text-line-break"),  # a blank line inside
    ("name: a\n  \n  b\n", "text-line-break"), ('- "a\n\n  b"\n', "text-line-break"), ("- a\n\n  b\n", "text-line-break"),
    ("a: !!str x\n\n  y\n", "text-line-break"),
])
def test_what_no_text_test_sees_is_noted_by_the_loader(text, code):
    """Plain values lose their edge spaces to YAML, quoted ones keep them; a blank line inside a
    plain or quoted value is a line break in it. The loader, which sees every value, notes them
    (fast path or walk) instead of a test on the text."""
    assert code in [p.code for p in read_document("x.yaml", text.encode()).problems]


@pytest.mark.parametrize("text", [
    "name: 医療法人\u3000佐藤会\n", 'code: "012050"  # 室蘭市\n', "name: Kids' club\n", "a: 'it''s'\n",
    "# 見出し\n\nid: a\n\nname: b\n", "a:\n  - b\n\n  - c\n", 'a: ""\nb: \'\'\n',
])
def test_the_gate_stays_shut_for_what_cannot_be_faulted(text):
    assert not gate(text)


@pytest.mark.parametrize("text, composed", [
    ("カ\u3099クエンマエ", "ガクエンマエ"),
    ("ハ\u309aン", "パン"),
    ("caf\u0065\u0301", "café"),
    ("\uf9dcカ\u3099", "\uf9dcガ"),  # a CJK compatibility ideograph (異体字) is left as it is
])
def test_compose_marks_composes_only_letters_and_their_marks(text, composed):
    assert compose_marks(text) == composed
    assert unicodedata.normalize("NFC", "\uf9dc") != "\uf9dc"  # what NFC would have done


@pytest.mark.parametrize("text", ["ア\u3099", "\u3099カ", "佐藤", "葛\U000e0100飾"])
def test_compose_marks_leaves_what_does_not_compose(text):
    assert compose_marks(text) is None


def test_decomposed_kana_reach_the_tables_composed_and_cp932_accepts_them(tmp_path):
    name = "サンフ\u309aルカ\u3099クエンクリニック"
    data = _clinic(("name: サンプル在宅クリニック", f"name: {name}\nkana: {name}"))
    root = build_registry(tmp_path / "work", {CLINIC: data})
    code, report = run_json(["--as-of", "2025-12-31"], root.parent)
    assert code == 0
    text = data.decode()
    assert locations(report, file=CLINIC_REL) == [("text-decomposed", CLINIC_REL, *_where(text, "name: サ", 6)),
                                                  ("text-decomposed", CLINIC_REL, *_where(text, "kana: サ", 6))]
    out = tmp_path / "regional.csv"
    proc = run(["export", "regional", "--as-of", "2025-12-31", "--encoding", "cp932", "-o", str(out)], root.parent)
    assert proc.returncode == 0, proc.stderr
    assert "サンプルガクエンクリニック" in out.read_bytes().decode("cp932")
    assert (root / CLINIC).read_bytes() == data  # check never rewrites the file


def locations(report, file=None):
    return sorted((f["code"], f["file"], f["line"], f["column"]) for f in report["findings"]
                  if f["severity"] != "info" and (file is None or f["file"] == file))


@pytest.mark.parametrize("value, code", [
    ('"サンプル\\v"', "text-control-character"),
    ('"サンプル\\x1b[0m"', "text-control-character"),
    ('"サンプル\\u0085"', "text-control-character"),
    ('"サンプル\\uFFFE"', "text-noncharacter"),
    ('"サンプル\\uFDD0"', "text-noncharacter"),
    ('"\\u202Eサンプル"', "text-bidi-control"),
    ('"サンプル\\u200B"', "text-invisible-character"),
    ('"サンプルア\\u3099"', "text-combining-mark"),
    ('"サンプル\\n在宅"', "text-line-break"),
])
def test_xlsx_export_refuses_with_the_check_finding_instead_of_a_broken_file(tmp_path, value, code):
    data = _clinic(("name: サンプル在宅クリニック", f"name: {value}"))
    root = build_registry(tmp_path / "work", {CLINIC: data})
    out = tmp_path / "regional.xlsx"
    proc = run(["export", "regional", "--as-of", "2025-12-31", "-o", str(out)], root.parent)
    assert proc.returncode == 1
    assert not out.exists()
    line, column = _where(data.decode(), f"name: {value}", 6)
    assert f"{CLINIC_REL}:{line}:{column}" in proc.stderr and code in proc.stderr


@pytest.mark.parametrize("value, code", [
    ('"\\uE000サンプル在宅クリニック"', "text-private-use"),  # 外字: a warning, the export goes on
    ("サンフ\u309aル在宅クリニック", "text-decomposed"),
    ("サンプル在宅クリニック\u3000", "text-surrounding-space"),
])
def test_xlsx_export_of_a_registry_with_text_warnings_can_be_read_back(tmp_path, value, code):
    openpyxl = pytest.importorskip("openpyxl")
    data = _clinic(("name: サンプル在宅クリニック", f"name: {value}"))
    root = build_registry(tmp_path / "work", {CLINIC: data})
    code_, report = run_json(["--as-of", "2025-12-31"], root.parent)
    assert code_ == 0 and [c for c, *_ in locations(report, file=CLINIC_REL)] == [code]
    out = tmp_path / "regional.xlsx"
    proc = run(["export", "regional", "--as-of", "2025-12-31", "-o", str(out)], root.parent)
    assert proc.returncode == 0, proc.stderr
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row if c.value]
    assert any("サンプル" in str(c) for c in cells)
    assert run(["export", "regional", "--as-of", "2025-12-31", "--check", str(out)], root.parent).returncode == 0


def test_keys_are_checked_too(tmp_path):
    data = _clinic(("note: null", 'note: null\n"memo\\x1b": x'))
    result = _check(tmp_path, {CLINIC: data})
    line, column = _where(data.decode(), '"memo')
    assert ("text-control-character", line, column) in [(c, l, col) for c, l, col, _ in _found(result)]
    f = next(f for f in result.findings if f.code == "text-control-character")
    assert "⟨U+001B⟩" in render(f, "ja") and "\x1b" not in render(f, "ja") + render(f, "en")


@pytest.mark.parametrize("replacement, code", [
    (("note: null", "note: |\n  一行目\n  二行目\n"), None),  # a multi-line field: fine
    (("  notice: null", "  notice: |\n    北海道告示第1号\n"), "text-line-break"),  # the block's last line break
    (("  notice: null", "  notice: >-\n    北海道告示\n    第1号\n"), None),  # folded, no final break: one line
    (("  notice: null", '  notice: "北海道告示 "'), "text-surrounding-space"),
    (("  notice: null", "  notice: 北海道告示\t第1号"), "text-control-character"),
])
def test_layout_characters_are_faults_only_in_one_line_fields(tmp_path, replacement, code):
    result = _check(tmp_path, {CLINIC: _clinic(replacement)})
    assert [c for c, *_ in _found(result)] == ([code] if code else [])


# --- YAML 1.1 forms, by the field they are in ----------------------------------------------------

@pytest.mark.parametrize("value, code", [
    ("1_000", "yaml-unquoted-code"),  # read as a number (1.1) in a text field: quote it
    ("0o17", "yaml-unquoted-code"),  # read as a number by YAML 1.2 only: quote it too
    ("1e3", "yaml-unquoted-code"),
    ("0123", "yaml-unquoted-code"),
])
def test_numbers_in_a_text_field_say_quote_it_once(tmp_path, value, code):
    data = _clinic(("navii_id: null", f"navii_id: {value}"))
    result = _check(tmp_path, {CLINIC: data})
    assert _found(result) == [(code, *_where(data.decode(), f"navii_id: {value}", 10), "navii_id")]
    f = result.findings[[x.code for x in result.findings].index(code)]
    assert render(f, "ja") == (f"navii_id（医療情報ネット（ナビイ）のID）は引用符がないため数値として読まれます（{value}）。"
                               f"引用符で囲んでください: \"{value}\"")


def test_explicit_str_tag_is_not_read_as_a_number(tmp_path):
    explicit = _check(tmp_path / "a", {CLINIC: _clinic(("operator: 医療法人サンプル会", "operator: !!str 123"))})
    assert _found(explicit) == []
    bare = _check(tmp_path / "b", {CLINIC: _clinic(("operator: 医療法人サンプル会", "operator: 123"))})
    f = next(f for f in bare.findings if f.code == "yaml-unquoted-code")
    assert render(f, "ja").startswith("operator（開設者）は引用符がないため")  # the field in the officer's words


@pytest.mark.parametrize("written, reading", [("3_9", "文字「3_9」"), ("047", "47")])
def test_a_yaml_1_1_number_in_prefecture_yaml_makes_it_unusable_at_its_line(tmp_path, written, reading):
    root = build_registry(tmp_path / "work", scheme=[("zone_total: 39", f"zone_total: {written}")])
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, DEFAULT_AS_OF)
    text = (root / "prefecture.yaml").read_text(encoding="utf-8")
    found = [(f.code, f.file, f.line, f.column) for f in raised.value.findings]
    assert found == [("yaml-number-1-1", "registry/prefecture.yaml", *_where(text, f"zone_total: {written}", 12))]
    message = render(raised.value.findings[0], "ja")
    assert message.startswith("zone_total（") and (
        f"の「{written}」は YAML 1.1 だけの数の書き方です。YAML 1.1 では 39、YAML 1.2 では{reading}と読まれます。") in message


def test_a_number_yaml_1_2_reads_in_a_number_field_is_left_to_the_schema(tmp_path):
    """039 is text to YAML 1.1 (not octal) and 39 to YAML 1.2: in a number field the schema's
    type finding says what to write, not "quote it"."""
    root = build_registry(tmp_path / "work", scheme=[("zone_total: 39", "zone_total: 039")])
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, DEFAULT_AS_OF)
    assert [f.code for f in raised.value.findings] == ["schema-type"]


def test_a_text_warning_in_prefecture_yaml_leaves_it_usable(tmp_path):
    root = build_registry(tmp_path / "work", scheme=[("name: 北海道\n", 'name: "北海道\\uE000"\n')])
    result = check_registry(root, DEFAULT_AS_OF)
    assert [(f.code, f.file) for f in result.findings if f.code.startswith("text-")] == [
        ("text-private-use", "registry/prefecture.yaml")]
    assert result.exit_code() == 0


@pytest.mark.parametrize("field, old", [("published", "    url: null\n    published: null\n    locator: 3 選定対象"),
                                        ("start", "  start: 2024-04-01"), ("scheme_start", "scheme_start: 2024-04-01")])
def test_prefecture_dates_are_parsed(tmp_path, field, old):
    new = old.replace("published: null", "published: 2025-02-30").replace("2024-04-01", "2025-02-30")
    root = build_registry(tmp_path / "work", scheme=[(old, new)])
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, DEFAULT_AS_OF)
    patched = (root / "prefecture.yaml").read_text(encoding="utf-8")
    assert [(f.code, f.line, f.column) for f in raised.value.findings] == [
        ("date-invalid", *_where(patched, f"{field}: 2025-02-30", len(field) + 2))]


def test_the_embedded_and_example_registries_stay_clean_of_the_new_findings():
    codes = {"text-", "yaml-boolean-1-1", "yaml-number-1-1"}
    roots = [EMBEDDED, *sorted((EMBEDDED.parent / "examples").glob("*/registry"))]
    for root in roots:
        result = check_registry(root, datetime.date(2026, 3, 31))
        new = [(f.code, f.file, f.line) for f in result.findings if f.code.startswith(tuple(codes))
               or (f.code.startswith("date-") and ("published" in f.path or "corrections" in f.path))]
        assert new == [], root


@pytest.mark.parametrize("value", ['""', "'  '", "昨日", "2025-02-29"])
def test_every_unreadable_published_date_is_a_finding(tmp_path, value):
    data = _clinic(("sources: []", f"sources:\n  - title: 指定状況\n    published: {value}"))
    result = _check(tmp_path, {CLINIC: data})
    assert _found(result) == [("date-invalid", *_where(data.decode(), f"published: {value}", 11), "sources[0].published")]


# --- the reference table: its names reach the tables too ------------------------------------------

@pytest.mark.parametrize("cell, code", [("室蘭\x0b市", "text-control-character"), ("室蘭市\ufffe", "text-noncharacter"),
                                        ("\u202e室蘭市", "text-bidi-control"), ("室蘭市\u3000", "text-surrounding-space"),
                                        ("\ue000蘭市", "text-private-use")])
def test_reference_names_are_checked_at_their_cell(tmp_path, cell, code):
    root = build_registry(tmp_path / "work")
    path = root / "reference" / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("012050,"))
    text = text.replace(line, line.replace("室蘭市", cell, 1))
    path.write_text(text, encoding="utf-8")
    result = check_registry(root, DEFAULT_AS_OF)
    found = [(f.code, f.line, f.column) for f in result.findings if f.code.startswith("text-")]
    assert found == [(code, *_where(text, "012050,", 7))]
    f = next(f for f in result.findings if f.code == code)
    assert render(f, "ja").startswith("name（市町村名）")


def test_decomposed_kana_in_the_reference_table_is_composed(tmp_path):
    root = build_registry(tmp_path / "work")
    path = root / "reference" / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("012050,"))
    kana = line.split(",")[2]
    assert "ラ" in kana
    text = text.replace(line, line.replace(kana, kana.replace("ラ", "ラ") + "ト\u3099", 1))
    path.write_text(text, encoding="utf-8")
    from zaitaku_cli.check import load_checked

    registry, result = load_checked(root, DEFAULT_AS_OF)
    assert [f.code for f in result.findings if f.code.startswith("text-")] == ["text-decomposed"]
    assert registry.municipalities["012050"].kana.endswith("ド")


# --- escapes and characters YAML itself refuses: a syntax finding that says why, where ------------

@pytest.mark.parametrize("line, anchor, hint", [
    ('name: "サンプル\\ud800"', "\\ud800", "サロゲート"),  # a lone surrogate: libyaml refuses the escape
    ('name: "サンプル\\q"', "\\q", "エスケープとして使えません"),
    ('name: "サンプル\\uZZZZ"', "\\uZZZZ", "16進数"),
    ("name: サンプル\ufffe在宅", "\ufffe", "YAML に書けない文字 U+FFFE NONCHARACTER があります。"),
    ("name: サンプル\uffff在宅", "\uffff", "U+FFFF NONCHARACTER"),
])
def test_escapes_and_characters_yaml_refuses_are_named_at_their_line(tmp_path, line, anchor, hint):
    data = _clinic(("name: サンプル在宅クリニック", line))
    result = _check(tmp_path, {CLINIC: data})
    (f,) = [f for f in result.findings if f.file == CLINIC_REL]
    text = data.decode()
    assert f.code == "yaml-syntax" and f.line == _where(text, anchor)[0]
    assert hint in render(f, "ja")
    if anchor in "\ufffe\uffff":
        assert (f.line, f.column) == _where(text, anchor)


@pytest.mark.parametrize("cell", ["室蘭市", "ムロランシ", "Muroran", "ﾑﾛﾗﾝｼ"])
def test_might_fault_passes_clean_cells_over(cell):
    from zaitaku_cli.load.text import might_fault, value_faults

    assert not might_fault(cell) and value_faults(cell) == []


def test_might_fault_lets_every_faulty_cell_through():
    """Every character value_faults() reports, and edge spaces and line breaks, open the test."""
    from zaitaku_cli.load.text import might_fault, value_faults

    cells = [f"a{chr(p)}b" for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF and _fault(chr(p))]
    cells += ["a\nb", "a\rb", " a", "a ", "a\u3000", "\u00a0a", "カ\u3099"]
    assert [c for c in cells if (value_faults(c) or compose_marks(c)) and not might_fault(c)] == []
