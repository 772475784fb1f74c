"""Reference data is checked as records are (DESIGN §4 Reference data): the check digit of every
municipality code (JIS X 0402) in municipalities.csv, the population tables and prefecture.yaml's
own code; codes that belong to the prefecture; secondary areas that exist. Each finding is
asserted with its code, file, line and column, and its messages in both languages."""

from __future__ import annotations

import csv
import datetime
import re

import pytest

from registry_builder import EMBEDDED, build_registry
from zaitaku_cli.findings import render
from zaitaku_cli.check import check_registry
from zaitaku_cli.codes import check_digit, check_digit_ok, expected_code, prefecture_number

AS_OF = datetime.date(2025, 12, 31)
TOWNS = "registry/reference/municipalities.csv"
PEOPLE = "registry/reference/population-2024-01-01.csv"
REFERENCE_CODES = ("reference-code-check-digit", "reference-code-prefecture", "reference-secondary-area",
                   "reference-secondary-area-missing", "reference-secondary-area-empty")


def key(f):
    return (f.code, f.file, f.line, f.column)


def reference_findings(result):
    return sorted(key(f) for f in result.findings if f.code in REFERENCE_CODES)


def one(result, code):
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, [key(f) for f in result.findings]
    return found[0]


def append_rows(root, name, rows) -> int:
    """Append CSV rows to reference/<name>; the line number of the first one."""
    path = root / "reference" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + rows) + "\n", encoding="utf-8")
    return len(lines) + 1


def line_of(path, prefix) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


# --- the check digit ------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["011002", "012050", "431001", "152021", "131016", "010006", "430005",
                                  "130001", "012131", "012301"])
def test_real_codes_pass(code):
    """札幌市, 室蘭市, 熊本市, 長岡市, 千代田区, 北海道, 熊本県, 東京都, 苫小牧市 (remainder 0 → 1), 登別市."""
    assert check_digit_ok(code)
    assert expected_code(code) == code


def test_the_algorithm_by_hand():
    # 0·6 + 1·5 + 1·4 + 0·3 + 0·2 = 9; 11 − 9 = 2
    assert check_digit("01100") == 2
    # 0·6 + 1·5 + 2·4 + 1·3 + 3·2 = 22 ≡ 0 (mod 11): 11 is written 1
    assert check_digit("01213") == 1
    # 1·6 + 5·5 + 2·4 + 0·3 + 2·2 = 43 ≡ 10: 11 − 10 = 1
    assert check_digit("15202") == 1
    assert not check_digit_ok("011009") and expected_code("011009") == "011002"
    assert not check_digit_ok("01100") and not check_digit_ok(None) and not check_digit_ok("０１１００２")
    with pytest.raises(ValueError):
        check_digit("0110")
    assert prefecture_number("430005") == "43" and prefecture_number(None) is None


def test_every_embedded_code_passes():
    for name in ("municipalities.csv", "population-2024-01-01.csv"):
        rows = list(csv.DictReader((EMBEDDED / "reference" / name).open(encoding="utf-8")))
        bad = [r["code"] for r in rows if not check_digit_ok(r["code"])]
        assert rows and bad == [], name


def test_every_code_of_the_data_package_passes():
    """All 47 prefectures and 1,741 municipalities (with wards) of the package `zaitaku init` uses."""
    from zaitaku_cli.municipalities import load_prefectures, municipalities_of

    prefectures = load_prefectures()
    assert len(prefectures) == 47
    total = 0
    for pref in prefectures:
        assert check_digit_ok(pref.code), pref
        towns = municipalities_of(pref)
        assert all(check_digit_ok(t.code) and t.code[:2] == pref.code[:2] for t in towns), pref.name
        total += len(towns)
    assert total == 1741


# --- the base registry is clean -------------------------------------------------------------

def test_embedded_registry_has_no_reference_findings(registry):
    assert reference_findings(check_registry(registry, AS_OF)) == []


# --- municipalities.csv ---------------------------------------------------------------------

def test_wrong_check_digit_in_municipalities(registry):
    line = append_rows(registry, "municipalities.csv", ["019991,架空町,カクウチョウ,0101"])
    result = check_registry(registry, AS_OF)
    assert reference_findings(result) == [("reference-code-check-digit", TOWNS, line, 1)]
    f = one(result, "reference-code-check-digit")
    assert f.severity == "error" and result.exit_code() == 1
    assert render(f, "ja") == ("市町村コード「019991」の検査数字（6桁目）が合いません。前の5桁からは「019992」になるはずです。"
                               "総務省の全国地方公共団体コードの一覧と照らして、写し間違いを直してください。")
    assert render(f, "en") == ("The check digit (6th digit) of Municipality code '019991' is wrong: the first five digits "
                               "give '019992'. Compare it with the official list of local government codes (MIC) and correct the copying error.")


def test_code_of_another_prefecture_in_municipalities(registry):
    line = append_rows(registry, "municipalities.csv", ["431001,熊本市,クマモトシ,0104"])
    result = check_registry(registry, AS_OF)
    assert reference_findings(result) == [("reference-code-prefecture", TOWNS, line, 1)]
    f = one(result, "reference-code-prefecture")
    assert render(f, "ja") == ("市町村コード「431001」は北海道のものではありません（北海道のコードは「01」で始まります。"
                               "prefecture.yaml の code による）。")
    assert render(f, "en") == ("Municipality code '431001' does not belong to 北海道: its codes begin with '01' "
                               "(prefecture.yaml `code`).")


def test_both_code_problems_on_one_row(registry):
    line = append_rows(registry, "municipalities.csv", ["431009,熊本市,クマモトシ,0104"])
    assert reference_findings(check_registry(registry, AS_OF)) == [
        ("reference-code-check-digit", TOWNS, line, 1), ("reference-code-prefecture", TOWNS, line, 1)]


def test_unknown_secondary_area_at_its_cell(registry):
    row = "019992,架空町,カクウチョウ,0199"
    line = append_rows(registry, "municipalities.csv", [row])
    result = check_registry(registry, AS_OF)
    column = len("019992,架空町,カクウチョウ,") + 1
    assert reference_findings(result) == [("reference-secondary-area", TOWNS, line, column)]
    f = one(result, "reference-secondary-area")
    assert render(f, "ja") == ("架空町（019992）の二次医療圏「0199」は prefecture.yaml の secondary_areas にありません"
                               "（あるのは 0101、0102、0103、0104、0105、0106、0107、0108、0109、0110、0111、0112…）。"
                               "コードを直すか、secondary_areas に二次医療圏を加えてください。")
    assert render(f, "en").startswith("The secondary area '0199' of 架空町 (019992) is not in prefecture.yaml "
                                      "secondary_areas (0101, 0102, ")


def test_missing_secondary_area_at_its_cell(registry):
    line = append_rows(registry, "municipalities.csv", ["019992,架空町,カクウチョウ,"])
    result = check_registry(registry, AS_OF)
    assert reference_findings(result) == [
        ("reference-secondary-area-missing", TOWNS, line, len("019992,架空町,カクウチョウ,") + 1)]
    f = one(result, "reference-secondary-area-missing")
    assert render(f, "ja") == ("架空町（019992）の二次医療圏（secondary_area の列）が空です。prefecture.yaml の "
                               "secondary_areas のコードのうち、この市町村が属するものを書いてください。")
    assert render(f, "en") == ("架空町 (019992) has no secondary area (the secondary_area column is empty); write the "
                               "code, from prefecture.yaml secondary_areas, of the area it belongs to.")


def test_quoted_row_is_located_at_column_one(registry):
    line = append_rows(registry, "municipalities.csv", ['019992,"架空町",カクウチョウ,0199'])
    assert reference_findings(check_registry(registry, AS_OF)) == [("reference-secondary-area", TOWNS, line, 1)]


def test_crlf_and_bom_keep_lines_and_columns(registry):
    path = registry / "reference" / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines() + ["019992,架空町,カクウチョウ,0199"]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    assert reference_findings(check_registry(registry, AS_OF)) == [
        ("reference-secondary-area", TOWNS, len(lines), len("019992,架空町,カクウチョウ,") + 1)]


def test_secondary_area_with_no_municipality(tmp_path):
    added = '  - {code: "0122", name: 架空, tertiary_area: doo}'
    root = build_registry(tmp_path, scheme=[(
        '  - {code: "0121", name: 根室, tertiary_area: kushiro-nemuro}\n',
        '  - {code: "0121", name: 根室, tertiary_area: kushiro-nemuro}\n' + added + "\n")])
    result = check_registry(root, AS_OF)
    line = line_of(root / "prefecture.yaml", added)
    assert reference_findings(result) == [("reference-secondary-area-empty", "registry/prefecture.yaml", line, 5)]
    f = one(result, "reference-secondary-area-empty")
    assert f.severity == "warning" and result.exit_code() == 0
    assert render(f, "ja") == ("二次医療圏「架空」（0122）に属する市町村が参照データ（municipalities.csv の secondary_area の列）に"
                               "ありません。二次医療圏のコードと、各市町村の secondary_area を確かめてください。")
    assert render(f, "en") == ("No municipality of the reference table (municipalities.csv, column secondary_area) is in "
                               "the secondary area '架空' (0122); check the area's code and each municipality's secondary_area.")


# --- population tables ----------------------------------------------------------------------

def test_population_codes_are_checked(registry):
    line = append_rows(registry, "population-2024-01-01.csv", ["019991,100", "431001,200", "01999,300"])
    result = check_registry(registry, AS_OF)
    assert reference_findings(result) == [
        ("reference-code-check-digit", PEOPLE, line, 1), ("reference-code-prefecture", PEOPLE, line + 1, 1)]
    assert [key(f) for f in result.findings if f.code == "reference-invalid"] == [
        ("reference-invalid", PEOPLE, line + 2, 1)]


# --- prefecture.yaml ------------------------------------------------------------------------

def test_prefecture_code_check_digit(tmp_path):
    root = build_registry(tmp_path, scheme=[('code: "010006"', 'code: "010007"')])
    result = check_registry(root, AS_OF)
    line = line_of(root / "prefecture.yaml", 'code: "010007"')
    assert reference_findings(result) == [("reference-code-check-digit", "registry/prefecture.yaml", line, 7)]
    f = one(result, "reference-code-check-digit")
    assert f.path == "code"
    assert render(f, "ja").startswith("都道府県コード「010007」の検査数字（6桁目）が合いません。前の5桁からは「010006」")
    assert render(f, "en").startswith("The check digit (6th digit) of Prefecture code '010007' is wrong")


def test_codes_are_judged_by_the_prefecture_yaml_code(tmp_path):
    """With Kumamoto's code every Hokkaido row is another prefecture's — one finding per row."""
    root = build_registry(tmp_path, scheme=[('code: "010006"', 'code: "430005"')])
    result = check_registry(root, AS_OF)
    found = [key(f) for f in result.findings if f.code == "reference-code-prefecture" and f.file == TOWNS]
    assert found == [("reference-code-prefecture", TOWNS, line, 1) for line in range(2, 181)]


# --- institution codes (rule institution-code-prefecture; fixtures prove it fires) ---------------

def _institution(registry, **fields):
    path = registry / "institutions" / "sample-clinic.yaml"
    text = path.read_text(encoding="utf-8")
    for field, value in fields.items():
        text, count = re.subn(rf"^{field}: .*$", f"{field}: {value}", text, flags=re.M)
        assert count == 1, field
    path.write_text(text, encoding="utf-8")
    return path


def test_institution_codes_of_another_prefecture(registry):
    path = _institution(registry, medical_institution_code='"4310312345"', navii_id='"4310110312345"')
    result = check_registry(registry, AS_OF)
    found = [f for f in result.findings if f.code == "institution-code-prefecture"]
    rel = "registry/institutions/sample-clinic.yaml"
    assert [key(f) for f in found] == [
        ("institution-code-prefecture", rel, line_of(path, "medical_institution_code:"), 27),
        ("institution-code-prefecture", rel, line_of(path, "navii_id:"), 11)]
    assert render(found[0], "ja") == ("医療機関コード「4310312345」は上2桁が「43」で、北海道の都道府県番号「01」ではありません。"
                                      "他の都道府県の医療機関のものか、写し間違いです。")
    assert render(found[1], "en") == ("Navii id (navii_id) '4310110312345' begins with '43', not 北海道's prefecture number "
                                      "'01': it is another prefecture's institution, or a copying error.")


def test_institution_codes_of_the_prefecture_or_of_other_shapes_pass(registry):
    _institution(registry, navii_id='"abc"')  # not 13 digits: the table links nothing; no prefix to judge
    result = check_registry(registry, AS_OF)
    assert not [f for f in result.findings if f.code == "institution-code-prefecture"]
