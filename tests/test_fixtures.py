"""The fixture suite: every finding code proven able to fire, at its file, line and column.

tests/fixtures/invalid/<kind>/<key>_<reason>.yaml is ONE change from the valid record of that
name; its leading `# expect:` lines say which findings it must give (see registry_builder.py for
the directives). tests/fixtures/accepted/ holds valid variants (date forms, BOM, CRLF, a second
hub in a large zone) that must give no error. The per-fixture tests call check_registry
in-process; tests/test_cli.py runs a smaller set through the installed command.
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from pathlib import Path

import pytest

from registry_builder import (ACCEPTED, DEFAULT_AS_OF, EMBEDDED, INVALID, VALID, build_registry,
                              load_case, load_cases)
from zaitaku_cli.catalogue import FILE_ENTRIES, REGISTRY_ENTRIES, SCHEMA_ENTRIES, TEXT_ENTRIES
from zaitaku_cli.findings import all_entries, entry, render
from zaitaku_cli.check import check_registry
from zaitaku_cli.rules import RULES

INVALID_CASES = load_cases(INVALID)
ACCEPTED_CASES = load_cases(ACCEPTED)
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}\s]*)?\}")  # {name} or {name:,}


def _params(cases):
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else [])
            for c in cases]


def key(f):
    return (f.code, f.file, f.line, f.column)


def describe(result) -> str:
    return "\n".join(f"  {f.file}:{f.line}:{f.column} {f.severity} {f.code} [{f.path}] {render(f, 'en')}"
                     for f in result.findings if f.code != "zone-coverage")


def assert_messages_complete(result):
    """Every finding renders in both languages with every placeholder filled."""
    for f in result.findings:
        for lang in ("ja", "en"):
            text = render(f, lang)
            assert text.strip(), f"{f.code}: empty {lang} message"
            assert not PLACEHOLDER.search(text), f"{f.code}: unfilled placeholder in {lang} message: {text}"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder: if a YAML tag ever executed a command, its file would land here."""
    monkeypatch.chdir(tmp_path)


# --- the fixture files themselves ---------------------------------------------------------

def test_fixture_sets_are_not_empty():
    assert len(INVALID_CASES) >= 90
    assert len(ACCEPTED_CASES) >= 15


def test_valid_fixtures_start_with_a_schema_line_that_resolves():
    for path in sorted(VALID.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert m, f"{path}: first line is {first!r}"
        assert (path.parent / m.group(1)).resolve().is_file(), f"{path}: {m.group(1)} does not exist"
        kind = {"zones": "zone", "institutions": "institution", "hubs": "hub"}[path.parent.name]
        assert m.group(1) == f"../../../../schemas/{kind}.schema.json"


def test_valid_medical_institution_code_passes_an_independent_luhn():
    text = (VALID / "institutions" / "sample-clinic.yaml").read_text(encoding="utf-8")
    code = re.search(r'medical_institution_code: "(\d{10})"', text).group(1)
    digits = [int(c) for c in code[:9]]
    total = 0
    for i, d in enumerate(reversed(digits)):  # weights 2, 1, 2, … from the right
        n = d * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    assert int(code[9]) == (10 - total % 10) % 10


def test_every_invalid_fixture_expects_something_and_is_one_file_per_case():
    for case in INVALID_CASES:
        assert case.expects, f"{case.id}: no '# expect:' line"
        for e in case.expects:
            entry(e.code)  # a known code (raises KeyError otherwise)
            assert e.line >= 1 and e.column >= 1, f"{case.id}: {e}"


def test_fixture_names_follow_kind_key_reason():
    for case in INVALID_CASES + ACCEPTED_CASES:
        assert re.fullmatch(r"[A-Za-z0-9-]+_[a-z0-9-]+\.(yaml|yml)", case.path.name), case.id
        assert case.place.startswith(case.kind + "/"), case.id


# --- the base registry --------------------------------------------------------------------

def _line_of(path: Path, prefix: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in {path}")


def test_base_registry_has_no_errors(registry):
    result = check_registry(registry, DEFAULT_AS_OF)
    assert_messages_complete(result)
    assert [f for f in result.findings if f.severity == "error"] == [], describe(result)
    assert result.exit_code() == 0
    assert result.exit_code(strict=True) == 1
    assert {f.code for f in result.findings} == {"zone-coverage", "zone-count", "zone-designations"}
    # zone-count: at zone_total in prefecture.yaml
    zone_total = _line_of(registry / "prefecture.yaml", "zone_total:")
    assert [key(f) for f in result.findings if f.code == "zone-count"] == [
        ("zone-count", "registry/prefecture.yaml", zone_total, len("zone_total: ") + 1)]
    count = next(f for f in result.findings if f.code == "zone-count")
    assert render(count, "en") == "The prefecture has 39 zones; the registry holds 2."
    assert render(count, "ja") == "在宅医療圏は39圏域ありますが、登録されているのは2圏域です。"
    # zone-designations: sapporo has neither a hub nor an institution; muroran has both
    assert [key(f) for f in result.findings if f.code == "zone-designations"] == [
        ("zone-designations", "registry/zones/sapporo.yaml", _line_of(registry / "zones/sapporo.yaml", "id:"), 5)]
    designations = next(f for f in result.findings if f.code == "zone-designations")
    assert render(designations, "en") == (
        "Zone '札幌市在宅医療圏' has no designated hub or active-role institution as of 2025-12-31.")


def test_zone_coverage_one_warning_per_secondary_area_at_its_first_uncovered_row(registry):
    """Computed independently from the reference CSV: the 179 municipalities less the three
    covered by the two zones, grouped by secondary area, each at its first row's line."""
    rows = list(csv.DictReader((EMBEDDED / "reference" / "municipalities.csv").open(encoding="utf-8")))
    assert len(rows) == 179
    covered = {"012050", "012301", "011002"}
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        if row["code"] not in covered:
            first_line.setdefault(row["secondary_area"], line)
    result = check_registry(registry, DEFAULT_AS_OF)
    got = sorted(key(f) for f in result.findings if f.code == "zone-coverage")
    want = sorted(("zone-coverage", "registry/reference/municipalities.csv", line, 1) for line in first_line.values())
    assert got == want
    assert len(got) == 21
    nishi_iburi = next(f for f in result.findings if f.code == "zone-coverage"
                       and f.line == first_line["0109"])
    assert render(nishi_iburi, "en") == "4 municipalities of secondary area 西胆振 are in no zone: 伊達市、豊浦町、壮瞥町、洞爺湖町"
    assert render(nishi_iburi, "ja") == "二次医療圏「西胆振」の4市町村がどの在宅医療圏にも属していません: 伊達市、豊浦町、壮瞥町、洞爺湖町"


# --- invalid fixtures ---------------------------------------------------------------------

@pytest.mark.parametrize("case", _params(INVALID_CASES))
def test_invalid_fixture(case, tmp_path):
    root = case.build(tmp_path / "work")
    result = check_registry(root, case.as_of)
    assert_messages_complete(result)
    found = {key(f) for f in result.findings}
    missing = [str(e) for e in case.expects if e.key() not in found]
    assert not missing, f"{case.id}: missing {missing}; found:\n{describe(result)}"
    severities = {entry(e.code).severity for e in case.expects}
    if "error" in severities:
        assert result.exit_code() == 1
    if "warning" in severities:
        assert result.exit_code(strict=True) == 1
    for e in case.expects:  # the finding has its catalogue severity
        f = next(f for f in result.findings if key(f) == e.key())
        assert f.severity == entry(e.code).severity
    # minimal: no other error in the fixture's file (or in a file an expectation names)
    files = {case.file} | {e.file for e in case.expects}
    expected = {e.key() for e in case.expects}
    extra = [f for f in result.findings if f.severity == "error" and f.file in files and key(f) not in expected]
    assert not extra, f"{case.id}: unexpected errors:\n" + "\n".join(
        f"  {f.file}:{f.line}:{f.column} {f.code} {render(f, 'en')}" for f in extra)


# --- accepted (valid-side) fixtures -------------------------------------------------------

@pytest.mark.parametrize("case", _params(ACCEPTED_CASES))
def test_accepted_fixture(case, tmp_path):
    root = case.build(tmp_path / "work")
    result = check_registry(root, case.as_of)
    assert_messages_complete(result)
    errors = [f for f in result.findings if f.severity == "error"]
    assert not errors, f"{case.id}:\n{describe(result)}"
    assert result.exit_code() == 0
    found = {key(f) for f in result.findings}
    missing = [str(e) for e in case.expects if e.key() not in found]
    assert not missing, f"{case.id}: missing {missing}; found:\n{describe(result)}"
    assert not [f for f in result.findings if f.file == case.file and f.code.startswith(("date-", "file-", "yaml-"))]


DATE_CASES = [c for c in ACCEPTED_CASES if c.parses_as]


@pytest.mark.parametrize("case", _params(DATE_CASES))
def test_accepted_date_means_exactly_its_day(case, tmp_path):
    """The date is read as `parses-as`: one day earlier it is in the future, on the day it is not."""
    root = case.build(tmp_path / "work")
    day = case.parses_as
    before = check_registry(root, day - datetime.timedelta(days=1))
    future = [render(f, "en") for f in before.findings if f.code == "designation-future" and f.file == case.file]
    assert len(future) == 1, future
    assert f"({day.isoformat()}) is after the reference date {(day - datetime.timedelta(days=1)).isoformat()}" in future[0]
    on_the_day = check_registry(root, day)
    assert not [f for f in on_the_day.findings if f.code == "designation-future" and f.file == case.file]


def test_date_forms_covered():
    """Valid-side fixtures exist for every date form the tool documents (zaitaku_cli/dates.py)."""
    reasons = {c.reason for c in DATE_CASES}
    assert {"reiwa-kanji", "gannen", "short-r", "short-rei", "iso-fullwidth", "reiwa-fullwidth",
            "iso-slash", "gregorian-kanji", "iso-quoted"} <= reasons
    assert {"utf8-bom", "crlf"} <= {c.reason for c in ACCEPTED_CASES}


# --- targeted assertions on messages and side effects -------------------------------------

def _run_case(name: str, tmp_path, as_of=None):
    case = load_case(next(p for p in (INVALID, ACCEPTED) if (p / name).exists()) / name)
    result = check_registry(case.build(tmp_path / "work"), as_of or case.as_of)
    return case, result


def _one(result, code):
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, describe(result)
    return found[0]


def test_duplicate_key_names_both_lines(tmp_path):
    case, result = _run_case("institutions/sample-clinic_duplicate-key.yaml", tmp_path)
    f = _one(result, "yaml-duplicate-key")
    lines = case.path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, l in enumerate(lines, 1) if l.startswith("name:"))
    second = next(i for i, l in enumerate(lines, 1) if l.startswith("name:") and i != first)
    assert (f.line, f.column) == (second, 1)
    assert f.params["first_line"] == first and f.params["line"] == second
    assert render(f, "ja") == f"キー「name」が {first} 行目と {second} 行目の2回書かれています。どちらか一方にしてください。"
    assert render(f, "en") == f"Key 'name' is written twice, on lines {first} and {second}; keep one."


def test_unknown_key_suggests_the_known_one(tmp_path):
    _, result = _run_case("institutions/sample-clinic_desgnated-on-typo.yaml", tmp_path)
    f = _one(result, "schema-unknown-key")
    assert f.path == "designation.desgnated_on"
    assert render(f, "ja") == "「desgnated_on」という項目はありません。「designated_on」の書き間違いではありませんか。"
    assert render(f, "en") == "There is no field 'desgnated_on'. Did you mean 'designated_on'?"


def test_python_tag_constructs_nothing(tmp_path):
    _, result = _run_case("institutions/sample-clinic_python-tag.yaml", tmp_path)
    f = _one(result, "yaml-tag")
    assert render(f, "en") == "The tag !!python/object/apply:os.system is not allowed (nothing is constructed); remove it."
    assert not (tmp_path / "zaitaku-yaml-tag-executed").exists()
    assert not Path("zaitaku-yaml-tag-executed").exists()


def test_unquoted_codes_say_how_to_quote(tmp_path):
    _, result = _run_case("institutions/sample-clinic_unquoted-municipality.yaml", tmp_path)
    f = _one(result, "yaml-unquoted-code")
    assert render(f, "ja") == "municipality（所在市町村）は引用符がないため数値として読まれます（012050）。引用符で囲んでください: \"012050\""
    _, result = _run_case("institutions/sample-clinic_unquoted-octal.yaml", tmp_path / "octal")
    f = _one(result, "yaml-unquoted-code")
    assert f.params["raw"] == "0123"  # as written, not the octal value 83
    assert render(f, "en").endswith('quote it: "0123"')


def test_dates_that_do_not_exist_are_findings_not_crashes(tmp_path):
    _, result = _run_case("institutions/sample-clinic_date-invalid.yaml", tmp_path)
    f = _one(result, "date-invalid")
    assert render(f, "ja") == "designation.designated_on「2025-02-30」は日付として読めません。その日付は存在しません。"
    assert render(f, "en") == "designation.designated_on '2025-02-30' is not a date. No such day."


def test_heisei_after_its_end_names_the_era_span(tmp_path):
    _, result = _run_case("institutions/sample-clinic_date-heisei-after-era.yaml", tmp_path)
    f = _one(result, "date-outside-era")
    assert render(f, "ja") == "designation.designated_on「平成31年5月1日」は平成の期間外です（平成は1989-01-08から2019-04-30）。"
    assert render(f, "en") == "designation.designated_on '平成31年5月1日' is outside the 平成 era (1989-01-08 to 2019-04-30)."


def test_reiwa_before_its_start_english_message_is_complete(tmp_path):
    _, result = _run_case("institutions/sample-clinic_date-reiwa-before-era.yaml", tmp_path)
    f = _one(result, "date-outside-era")
    assert render(f, "ja") == "designation.designated_on「令和1年4月30日」は令和の期間外です（令和は2019-05-01から）。"
    assert "to )" not in render(f, "en")


def test_month_only_withdrawal_date(tmp_path):
    _, result = _run_case("institutions/sample-clinic_withdrawn-month-only.yaml", tmp_path)
    f = _one(result, "date-month-only")
    assert render(f, "ja") == "designation.withdrawn_on「令和7年8月」には日がありません。年月日で書いてください。"


def test_shift_jis_is_named_with_advice(tmp_path):
    _, result = _run_case("institutions/sample-clinic_shift-jis.yaml", tmp_path)
    f = _one(result, "file-encoding")
    assert render(f, "ja") == ("UTF-8 として読めません（Shift_JIS/CP932 で保存されているようです）。"
                               "エディタで「UTF-8」を選んで保存し直してください（メモ帳: 名前を付けて保存 → 文字コード UTF-8）。")
    assert render(f, "en") == "Not valid UTF-8 (it looks like Shift_JIS/CP932). Save it again as UTF-8."
    assert len(result.findings) > 1  # the other files were still checked


def test_utf16_is_named(tmp_path):
    _, result = _run_case("institutions/sample-clinic_utf-16.yaml", tmp_path)
    f = _one(result, "file-encoding")
    assert (f.line, f.column) == (1, 1)
    assert "UTF-16" in render(f, "ja") and render(f, "en") == "Not valid UTF-8 (it looks like UTF-16). Save it again as UTF-8."


def test_shift_jis_english_message_is_english(tmp_path):
    _, result = _run_case("institutions/sample-clinic_shift-jis.yaml", tmp_path)
    f = _one(result, "file-encoding")
    assert "で保存されているようです" not in render(f, "en")


def test_control_character_is_named_by_code_point(tmp_path):
    _, result = _run_case("institutions/sample-clinic_nul-byte.yaml", tmp_path)
    f = _one(result, "file-control-character")
    assert render(f, "ja") == "使用できない制御文字 U+0000 があります。削除してください。"
    assert render(f, "en") == "Control character U+0000 is not allowed; delete it."


def test_hub_count_message(tmp_path):
    _, result = _run_case("hubs/second-hub_hub-count.yaml", tmp_path)
    f = _one(result, "hub-count")
    assert render(f, "ja") == (
        "在宅医療圏「伊達市」にはこの拠点の指定日に既に指定済みの拠点（伊達市在宅医療連携拠点）があります。"
        "複数の拠点を設置できるのは2025-01-01現在の人口が100,000人を超える在宅医療圏だけです（伊達市: 31,822人、2024-01-01現在）。")


def test_second_hub_in_muroran_is_allowed_because_muroran_is_over_100000(tmp_path):
    """室蘭 76,519 + 登別 44,451 = 120,970 on 2024-01-01: over the threshold, so a second
    designated hub in muroran is NOT a hub-count error (the judgement is reported as info)."""
    csv_rows = {r["code"]: int(r["population"]) for r in
                csv.DictReader((EMBEDDED / "reference" / "population-2024-01-01.csv").open(encoding="utf-8"))}
    assert csv_rows["012050"] + csv_rows["012301"] == 120970 > 100000
    _, result = _run_case("hubs/second-hub_muroran-over-threshold.yaml", tmp_path)
    assert not [f for f in result.findings if f.code in ("hub-count", "hub-population-unknown")]
    f = _one(result, "hub-population-basis")
    assert f.file == "registry/hubs/second-hub.yaml"
    assert render(f, "en") == "No population figures for 2025-01-01; judged with those of 2024-01-01 (室蘭: 120,970)."


def test_second_hub_in_sapporo_is_not_a_hub_count_error(tmp_path):
    _, result = _run_case("hubs/second-hub_sapporo.yaml", tmp_path)
    assert not [f for f in result.findings if f.code == "hub-count"]
    assert result.exit_code() == 0
    f = next(f for f in result.findings if f.code == "hub-population-basis" and f.file == "registry/hubs/second-hub.yaml")
    assert render(f, "ja") == "2025-01-01現在の人口データがないため、2024-01-01現在の人口（札幌市: 1,956,928人）で判定しました。"


def test_population_unknown_names_the_municipalities(tmp_path):
    _, result = _run_case("hubs/second-hub_population-unknown.yaml", tmp_path)
    f = _one(result, "hub-population-unknown")
    assert render(f, "ja") == (
        "在宅医療圏「豊浦・壮瞥」の2025-01-01現在の人口が分からないため、拠点の設置数・基幹拠点の条件（100,000人超）を"
        "判定できません（人口のない市町村: 豊浦町、壮瞥町）。")
    assert not [f for f in result.findings if f.code in ("hub-core-area", "hub-count")]


def test_hub_core_area_example_is_a_zone_under_the_threshold():
    from zaitaku_cli.rules import hub_core_area

    figures = [int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+", hub_core_area.ENTRY.example)]
    assert sum(figures) <= 100000, hub_core_area.ENTRY.example


# --- codes proven by tests that build their own registry ----------------------------------

def test_file_symlink_outside_registry(tmp_path):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this platform")
    root = build_registry(tmp_path / "work")
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: secret-not-read\nname: [unclosed\n", encoding="utf-8")
    try:
        os.symlink(outside, root / "institutions" / "linked-clinic.yaml")
    except OSError:
        pytest.skip("cannot create symlinks here")
    result = check_registry(root, DEFAULT_AS_OF)
    link = [f for f in result.findings if f.file == "registry/institutions/linked-clinic.yaml"]
    assert [key(f) for f in link] == [("file-symlink", "registry/institutions/linked-clinic.yaml", 1, 1)]
    assert render(link[0], "en") == f"This link points outside the registry folder ({outside}); links are not followed."
    assert result.exit_code() == 1


def test_symlinked_kind_folder_outside_registry_is_not_followed(tmp_path):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this platform")
    root = build_registry(tmp_path / "work")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil-hub.yaml").write_text("id: not-read\nname: [unclosed\n", encoding="utf-8")
    for p in (root / "hubs").iterdir():
        p.unlink()
    (root / "hubs").rmdir()
    try:
        os.symlink(outside, root / "hubs")
    except OSError:
        pytest.skip("cannot create symlinks here")
    result = check_registry(root, DEFAULT_AS_OF)
    assert ("file-symlink", "registry/hubs", 1, 1) in {key(f) for f in result.findings}
    assert not [f for f in result.findings if "evil-hub" in f.file]


def test_link_inside_registry_is_followed(tmp_path):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this platform")
    root = build_registry(tmp_path / "work")
    try:
        os.symlink(root / "zones" / "sapporo.yaml", root / "zones" / "sapporo-link.yaml")
    except OSError:
        pytest.skip("cannot create symlinks here")
    result = check_registry(root, DEFAULT_AS_OF)
    got = [key(f) for f in result.findings if f.file == "registry/zones/sapporo-link.yaml" and f.severity == "error"]
    assert ("record-id-mismatch", "registry/zones/sapporo-link.yaml", 3, 5) in got
    assert not [f for f in result.findings if f.code == "file-symlink"]


def test_file_unreadable_dangling_link(tmp_path):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this platform")
    root = build_registry(tmp_path / "work")
    try:
        os.symlink(root / "institutions" / "gone.yaml", root / "institutions" / "dangling.yaml")
    except OSError:
        pytest.skip("cannot create symlinks here")
    result = check_registry(root, DEFAULT_AS_OF)
    found = [f for f in result.findings if f.file == "registry/institutions/dangling.yaml"]
    assert [key(f) for f in found] == [("file-unreadable", "registry/institutions/dangling.yaml", 1, 1)]
    assert render(found[0], "ja").startswith("ファイルを読み込めません: ")
    assert result.exit_code() == 1


def test_registry_missing_population_file(tmp_path):
    root = build_registry(tmp_path / "work", scheme=[(
        "    - reference/population-2024-01-01.csv", "    - reference/population-2025-01-01.csv")])
    result = check_registry(root, DEFAULT_AS_OF)
    line = _line_of(root / "prefecture.yaml", "    - reference/population-2025-01-01.csv")
    found = [f for f in result.findings if f.code == "registry-missing"]
    assert [key(f) for f in found] == [("registry-missing", "registry/prefecture.yaml", line, 7)]
    assert render(found[0], "ja") == "registry/reference/population-2025-01-01.csv がありません。"
    assert render(found[0], "en") == "registry/reference/population-2025-01-01.csv does not exist."
    assert result.exit_code() == 1


def test_reference_invalid_rows(tmp_path):
    root = build_registry(tmp_path / "work")
    towns = root / "reference" / "municipalities.csv"
    rows = towns.read_text(encoding="utf-8").splitlines()
    towns.write_text("\n".join(rows + ["01205,室蘭,ムロラン,0109"]) + "\n", encoding="utf-8")
    people = root / "reference" / "population-2024-01-01.csv"
    people_rows = people.read_text(encoding="utf-8").splitlines()
    people.write_text("\n".join(people_rows + ["012335,不明"]) + "\n", encoding="utf-8")
    result = check_registry(root, DEFAULT_AS_OF)
    found = sorted(key(f) for f in result.findings if f.code == "reference-invalid")
    assert found == [
        ("reference-invalid", "registry/reference/municipalities.csv", len(rows) + 1, 1),
        ("reference-invalid", "registry/reference/population-2024-01-01.csv", len(people_rows) + 1, 1),
    ]
    f = next(f for f in result.findings if f.code == "reference-invalid" and "municipalities" in f.file)
    assert render(f, "en") == "Invalid reference data row: code='01205'"


# --- every code is proven able to fire ----------------------------------------------------

# Codes that need a registry a fixture file cannot express (links, reference data, the base
# registry itself): "module::test" -> the test that asserts the code fires. Add codes proven in
# other test modules (e.g. history findings, which need a git base revision) here the same way.
PROVEN_ELSEWHERE = {
    "scheme-reference": "test_scheme_general.py::test_an_override_for_a_zone_that_does_not_exist",
    "grant-duplicate": "test_grants.py::test_the_same_menu_twice_for_the_same_hub_and_year",
    "scheme-survey": "test_import.py::test_prefecture_survey_words_that_cannot_be_read_are_check_errors_at_their_line",
    "scheme-table-headers": "test_export_grants.py::test_a_header_override_the_tool_cannot_fill_is_reported_and_not_applied",
    "hub-mandatory-requirement": "test_scheme_general.py::test_hub_mandatory_requirement_false",
    "hub-optional-minimum": "test_scheme_general.py::test_hub_optional_minimum_none_met",
    "hub-requirement-id": "test_scheme_general.py::test_hub_requirement_id_typo",
    "hub-requirement-unknown": "test_scheme_general.py::test_hub_requirement_unknown_is_a_warning",
    "hub-representative": "test_scheme_general.py::test_renkei_without_representative",
    "hub-body-count": "test_scheme_general.py::test_renkei_of_one_body",
    "designation-type": "test_scheme_general.py::test_designation_type_unknown",
    "hub-prefecture-wide-count": "test_scheme_general.py::test_a_second_prefecture_wide_hub",
    "file-symlink": "test_fixtures.py::test_file_symlink_outside_registry",
    "file-unreadable": "test_fixtures.py::test_file_unreadable_dangling_link",
    "file-not-read": "test_unread_files.py::test_records_in_a_folder_the_registry_does_not_have",
    "folder-unreadable": "test_no_traceback.py::test_an_unreadable_folder_is_a_finding_at_the_folder",
    "registry-missing": "test_fixtures.py::test_registry_missing_population_file",
    "reference-invalid": "test_fixtures.py::test_reference_invalid_rows",
    "reference-code-check-digit": "test_reference_checks.py::test_wrong_check_digit_in_municipalities",
    "reference-code-prefecture": "test_reference_checks.py::test_code_of_another_prefecture_in_municipalities",
    "reference-secondary-area": "test_reference_checks.py::test_unknown_secondary_area_at_its_cell",
    "reference-secondary-area-missing": "test_reference_checks.py::test_missing_secondary_area_at_its_cell",
    "reference-secondary-area-empty": "test_reference_checks.py::test_secondary_area_with_no_municipality",
    "prefecture-placeholder": "test_init.py::test_check_says_what_is_still_to_fill_in",
    "zone-coverage": "test_fixtures.py::test_zone_coverage_one_warning_per_secondary_area_at_its_first_uncovered_row",
    "zone-count": "test_fixtures.py::test_base_registry_has_no_errors",
    "zone-designations": "test_fixtures.py::test_base_registry_has_no_errors",
    "file-too-large": "test_fixtures.py::test_file_too_large_is_not_parsed",
    "schema-invalid": "test_fixtures.py::test_schema_keyword_not_foreseen_is_still_located",
    "history-date-changed": "test_history_check.py::test_a_silent_date_change_is_an_error_at_the_value",
    "history-designation-deleted": "test_history_check.py::test_deleting_a_designated_record_is_an_error",
    "history-designation-reverted": "test_history_check.py::test_setting_a_designation_back_to_planned",
    "history-step-changed": "test_history_steps.py::test_a_removed_step_is_an_error_at_the_steps",
    "history-steps-deleted": "test_history_check.py::test_deleting_a_record_with_steps_is_a_warning",
    "history-grant-decided-changed": "test_history_grants.py::test_a_decided_amount_changed_is_an_error_at_the_amount",
    "history-grant-deleted": "test_history_grants.py::test_deleting_a_decided_grant_is_an_error",
    # Row-level findings of zaitaku import: located in a survey sheet, not in a registry file.
    "import-municipality-unknown": "test_import.py::test_thirty_rows_with_errors_write_nothing",
    "import-code-invalid": "test_import.py::test_thirty_rows_with_errors_write_nothing",
    "import-duplicate-row": "test_import.py::test_thirty_rows_with_errors_write_nothing",
    "import-answer-unknown": "test_import.py::test_unknown_answer_word_is_a_row_error_at_its_column",
    "import-ambiguous-match": "test_import.py::test_a_code_and_a_namesake_without_a_code_are_ambiguous",
    "import-record-invalid": "test_import.py::test_rows_the_check_refuses_are_reported_with_row_errors_and_counted_as_not_taken",
    "import-linked-municipality-missing": "test_import.py::test_linked_lists_split_on_every_separator_and_refuse_numbers_and_times",
    "import-no-intent": "test_import.py::test_a_new_institution_that_does_not_wish_to_be_listed_gets_no_record",
    "import-same-name": "test_import.py::test_a_second_valid_code_for_a_record_s_name_is_another_institution",
    "import-record-differs": "test_import.py::test_a_code_match_whose_name_or_town_differs_is_noted_and_the_record_kept",
    "import-name-missing": "test_import.py::test_every_row_error_code_at_its_row_and_column",
    "import-code-missing": "test_import.py::test_every_row_error_code_at_its_row_and_column",
    "import-zone-unknown": "test_import.py::test_every_row_error_code_at_its_row_and_column",
    "import-value-invalid": "test_import.py::test_every_row_error_code_at_its_row_and_column",
}


def test_file_too_large_is_not_parsed(tmp_path):
    from zaitaku_cli.load.document import MAX_BYTES

    root = build_registry(tmp_path)
    big = root / "institutions" / "sample-clinic.yaml"
    big.write_bytes(big.read_bytes() + b"# " + b"x" * MAX_BYTES + b"\n")
    result = check_registry(root, datetime.date(2025, 12, 31))
    found = [(f.code, f.file, f.line, f.column) for f in result.findings if f.severity == "error"]
    assert found == [("file-too-large", "registry/institutions/sample-clinic.yaml", 1, 1)]


def test_prefecture_schema_invalid_value(tmp_path):
    from zaitaku_cli.check import SchemeInvalid

    root = build_registry(tmp_path)
    path = root / "prefecture.yaml"
    text = path.read_text(encoding="utf-8")
    assert "optional_minimum: 0" in text
    path.write_text(text.replace("optional_minimum: 0", "optional_minimum: -1"), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if "optional_minimum: 0" in l)) + 1
    with pytest.raises(SchemeInvalid) as raised:
        check_registry(root, datetime.date(2025, 12, 31))
    found = [(f.code, f.file, f.line) for f in raised.value.findings]
    assert ("schema-format", "registry/prefecture.yaml", line) in found
    f = next(f for f in raised.value.findings if f.code == "schema-format")
    assert render(f, "ja").endswith("「-1」の書式が正しくありません。0 以上の数で書いてください。")


def test_schema_keyword_not_foreseen_is_still_located(tmp_path):
    """A schema keyword the messages do not know (none of the shipped schemas uses maxLength)
    gives schema-invalid at the value, never a crash."""
    from types import SimpleNamespace

    from zaitaku_cli.load.document import read_document
    from zaitaku_cli.validate.schema import _problem

    doc = read_document("registry/institutions/x.yaml", b"id: x\nname: abcdef\n")
    error = SimpleNamespace(instance_path=["name"], schema_path=["properties", "name", "maxLength"],
                            kind=SimpleNamespace(name="maxLength"), instance="abcdef",
                            message='"abcdef" is longer than 3 characters')
    problem = _problem({"properties": {"name": {"title": "名称", "maxLength": 3}}}, doc, error)
    assert (problem.code, problem.line, problem.column, problem.path) == ("schema-invalid", 2, 7, ("name",))


def _test_source(reference: str) -> str:
    """The source of the test function `module.py::name` in tests/."""
    import ast

    module, name = reference.split("::")
    path = Path(__file__).parent / module
    assert path.is_file(), reference
    text = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(text, node)
    raise AssertionError(f"{reference}: no such test")


def test_every_code_has_a_fixture():
    """Each catalogue entry and each rule is proven able to fire by a fixture that is not an
    expected failure, or by a test named in PROVEN_ELSEWHERE that mentions the code."""
    codes = {e.code for e in all_entries()}
    assert {e.code for e in FILE_ENTRIES + TEXT_ENTRIES + SCHEMA_ENTRIES + REGISTRY_ENTRIES} | {r.ENTRY.code for r in RULES} <= codes
    fired = {e.code for c in INVALID_CASES + ACCEPTED_CASES if not c.xfail for e in c.expects}
    for code, reference in PROVEN_ELSEWHERE.items():
        assert f'"{code}"' in _test_source(reference), f"{reference} does not assert {code}"
    missing = sorted(codes - fired - set(PROVEN_ELSEWHERE))
    assert not missing, f"codes with no fixture (nothing proves they can fire): {missing}"
    unknown = sorted((fired | set(PROVEN_ELSEWHERE)) - codes)
    assert not unknown, f"fixtures expect codes that do not exist: {unknown}"
