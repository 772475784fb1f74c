"""`zaitaku export grants` and the budget in `status` (issue 14): exact cells in Markdown, CSV and
XLSX, amounts that round-trip to the same integer yen, the budget (unknown stays unknown), the
municipal 事業 apart, area filters, --check, and a lazy --help.

The registry is the test registry (the real Hokkaido scheme, tests/fixtures/valid) with three
grants of FY2025 — the sample hub grant with odd amounts (920,500円 and 1円), a 在宅医療グループ
診療等運営事業 grant not decided yet, and the municipal 在宅医療・介護連携推進事業 of 室蘭市 — and,
patched into prefecture.yaml (placeholder figures, tests only), a FY2025 budget for the hub menu
of 10,000千円 for 3 places at a rounded 3,333千円 each."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from registry_builder import SUPPORT, VALID, build_registry
from run_cli import run

GRANT = (SUPPORT / "grants" / "sample-grant.yaml").read_text(encoding="utf-8")
ODD = (GRANT.replace("applied: 920000, decided: 920000", "applied: 920500, decided: 920500")
       .replace("applied: 1000000, decided: 1000000", "applied: 1, decided: 1")
       .replace("eligible_cost: 4012000", "eligible_cost: 3012501"))
GROUP = """id: group-2025
fiscal_year: 2025
menu: group-practice
body: {name: サンプル市医師会, type: medical_association}
municipality: "012050"
route: {type: indirect, municipality: "012050"}
items:
  - {category: operation, expense_type: 賃金, applied: 3000000, decided: null}
eligible_cost: 3000000
"""
MUNICIPAL = """id: muroran-linkage-2025
fiscal_year: 2025
menu: municipal-linkage
municipality: "012050"
body: {name: サンプル訪問看護ステーション, type: nursing_station}
route: {type: commissioned, municipality: "012050"}
items:
  - {category: commission, expense_type: 委託料, label: 在宅医療・介護連携推進事業の委託, applied: 1500000, decided: 1499999}
decided_on: 2025-06-30
"""
BUDGET = ("      conditions: {designation_in_force: true}\n",
          "      conditions: {designation_in_force: true}\n"
          "      budgets:\n        - {fiscal_year: 2025, total: 10000000, places: 3, per_place: 3333000}\n")
AS_OF = "2025-12-31"
HUB_MENU = "「在宅医療に必要な連携を担う拠点」に対する補助"
GROUP_MENU = "在宅医療グループ診療等運営事業"

HEADER = ["第三次医療圏", "補助メニュー", "補助対象", "実施主体", "経路", "調整担当者（MSW・事務担当者等）人件費（千円）",
          "事務費（会議・研修開催等）（千円）", "申請額計（千円）", "交付決定額計（千円）", "備考"]
ROWS = [
    HEADER,
    ["道央", HUB_MENU, "サンプル在宅医療連携拠点", "サンプル市医師会", "直接補助", "2,092", "920.501", "3,012.501",
     "3,012.501", ""],
    ["道央", GROUP_MENU, "サンプル市医師会", "サンプル市医師会", "間接補助（室蘭市）", "", "", "3,000", "", ""],
    ["", HUB_MENU, "小計", "", "", "2,092", "920.501", "3,012.501", "3,012.501", ""],
    ["", GROUP_MENU, "小計", "", "", "", "", "3,000", "", ""],
    ["道央", "", "小計", "", "", "2,092", "920.501", "6,012.501", "3,012.501", ""],
    ["", "", "合計", "", "", "2,092", "920.501", "6,012.501", "3,012.501", ""],
    ["", HUB_MENU, "予算額", "", "", "", "", "", "10,000",
     "1か所あたり 3,333千円 × 3か所 = 9,999千円（予算額 10,000千円との差 1千円）"],
    ["", HUB_MENU, "差引（予算額 − 交付決定額計）", "", "", "", "", "", "6,987.499", ""],
    ["", GROUP_MENU, "予算額", "", "", "", "", "", "不明", "予算額：不明"],
    ["", GROUP_MENU, "差引（予算額 − 交付決定額計）", "", "", "", "", "", "不明", ""],
    ["", "", "【市町村の在宅医療・介護連携推進事業（参考）】", "", "", "", "", "", "", "北海道の予算に含めない"],
    ["道央", "在宅医療・介護連携推進事業", "室蘭市", "サンプル訪問看護ステーション", "委託（室蘭市）", "", "", "1,500",
     "1,499.999", ""],
]
# The integer yen behind every amount cell of ROWS (None: not an amount), row by row.
YEN = {1: {5: 2092000, 6: 920501, 7: 3012501, 8: 3012501}, 2: {7: 3000000},
       3: {5: 2092000, 6: 920501, 7: 3012501, 8: 3012501}, 4: {7: 3000000},
       5: {5: 2092000, 6: 920501, 7: 6012501, 8: 3012501}, 6: {5: 2092000, 6: 920501, 7: 6012501, 8: 3012501},
       7: {8: 10000000}, 8: {8: 6987499}, 12: {7: 1500000, 8: 1499999}}


# The sample hub designated from the start of FY2025, so that its FY2025 grant is for a whole year
# (a designation in the year is grant-designation-part-year's warning).
HUB = (VALID / "hubs" / "sample-hub.yaml").read_text(encoding="utf-8").replace(
    "designated_on: 2025-07-01", "designated_on: 2025-04-01")


@pytest.fixture
def cwd(tmp_path):
    build_registry(tmp_path, {"grants/sample-grant.yaml": ODD.encode(), "grants/group-2025.yaml": GROUP.encode(),
                              "grants/muroran-linkage-2025.yaml": MUNICIPAL.encode(),
                              "hubs/sample-hub.yaml": HUB.encode()}, scheme=[BUDGET])
    return tmp_path


def export(cwd, *args):
    proc = run(["export", "grants", "--as-of", AS_OF, *args], cwd)
    return proc


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_the_registry_checks_clean(cwd):
    proc = run(["check", "--as-of", AS_OF, "--format", "json"], cwd)
    assert proc.returncode == 0, proc.stdout
    assert not [f for f in json.loads(proc.stdout)["findings"] if f["file"].startswith("registry/grants/")]


def test_csv_cells(cwd):
    proc = export(cwd, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout) == ROWS


def test_markdown_cells(cwd):
    proc = export(cwd)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "## 補助金の交付決定と予算（令和7年度）（R7.12.31 現在）"
    assert lines[2] == "| " + " | ".join(HEADER) + " |"
    assert lines[4:4 + len(ROWS) - 1] == ["| " + " | ".join(row) + " |" for row in ROWS[1:]]
    assert lines[-3:] == ["※ 金額は千円（記録の円単位の額をそのまま換算し、端数を丸めない）。", "※ 区分の列は交付決定額。",
                          "※ 小計・合計・予算額・差引の行も金額の列にあるため、表計算ソフトで列を合計するときは補助金の行だけを選ぶ。"]


def test_csv_amounts_round_trip_to_the_same_yen(cwd):
    """YAML (integer yen) → CSV (千円 text, exact decimals) → × 1000 → the same integers."""
    rows = csv_rows(export(cwd, "--format", "csv").stdout)
    for r, columns in YEN.items():
        for c, yen in columns.items():
            assert Decimal(rows[r][c].replace(",", "")) * 1000 == yen, (r, c)
    amounts = {(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row)
               if r and cell and cell.replace(",", "").replace(".", "").isdigit()}
    assert amounts == {(r, c) for r, cols in YEN.items() for c in cols}


def test_xlsx_amounts_are_integer_yen_shown_in_thousands(cwd, tmp_path):
    """The amount cells are numbers (yen; Excel can sum them) with a format that shows 千円:
    `#,##0,` on a whole 千円, `#,##0.###,` otherwise (never "2,092."); every other cell a string."""
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "grants.xlsx"
    proc = export(cwd, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "補助金"
    cells = [list(row) for row in sheet.iter_rows(min_row=1, max_row=len(ROWS))]
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            yen = YEN.get(r, {}).get(c)
            if yen is not None:
                assert cell.value == yen and type(cell.value) is int, (r, c, cell.value)
                assert cell.number_format == ("#,##0," if yen % 1000 == 0 else "#,##0.###,"), (r, c)
            else:
                assert cell.value is None or type(cell.value) is str, (r, c, cell.value)
                assert (cell.value or "") == ROWS[r][c], (r, c)
    assert [c.value for c in cells[0]] == HEADER


def test_check_matches_and_detects_a_changed_amount(cwd, tmp_path):
    for name in ("grants.md", "grants.csv", "grants.xlsx"):
        out = tmp_path / name
        assert export(cwd, "-o", str(out)).returncode == 0
        proc = export(cwd, "--check", str(out))
        assert proc.returncode == 0, proc.stderr
    grant = cwd / "registry" / "grants" / "muroran-linkage-2025.yaml"
    grant.write_text(MUNICIPAL.replace("decided: 1499999", "decided: 1499998"), encoding="utf-8")
    for name in ("grants.md", "grants.csv", "grants.xlsx"):
        proc = export(cwd, "--check", str(tmp_path / name))
        assert proc.returncode == 1, name
        assert "1,499.998" in proc.stderr or "1499998" in proc.stderr, proc.stderr
        assert f"zaitaku export grants --as-of {AS_OF} --format" in proc.stderr


def test_fiscal_year_option(cwd):
    proc = export(cwd, "--fiscal-year", "2024", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout) == [HEADER[:5] + HEADER[7:]]  # no grant, no budget that year
    proc = export(cwd, "--fiscal-year", "2024")
    assert proc.stdout.splitlines()[0] == "## 補助金の交付決定と予算（令和6年度）（R7.12.31 現在）"
    # the default is the fiscal year of --as-of: 2026-03-31 is still FY2025, 2026-04-01 is not
    assert csv_rows(run(["export", "grants", "--as-of", "2026-03-31", "--format", "csv"], cwd).stdout) == ROWS
    assert len(csv_rows(run(["export", "grants", "--as-of", "2026-04-01", "--format", "csv"], cwd).stdout)) == 1
    for bad in ("R7", "1800", "２０２５年"):
        proc = export(cwd, "--fiscal-year", bad)
        assert proc.returncode == 2 and "--fiscal-year" in proc.stderr and proc.stdout == ""


def test_an_area_keeps_its_grants_and_leaves_the_budget_out(cwd):
    proc = export(cwd, "--zone", "muroran", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout) == ROWS[:7] + ROWS[11:]
    proc = export(cwd, "--zone", "muroran")
    assert proc.stdout.splitlines()[-1] == "※ 予算額は北海道全体のもので、地域を絞った表には示さない。"
    proc = export(cwd, "--zone", "sapporo", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout) == [HEADER[:5] + HEADER[7:]]


def test_english(cwd):
    proc = export(cwd, "--lang", "en", "--format", "csv")
    rows = csv_rows(proc.stdout)
    assert rows[0] == ["Tertiary area", "Menu", "Funded", "Implementing body", "Route",
                       "Coordinator staff costs (MSW, clerical) (¥1,000)", "Office costs (meetings, training) (¥1,000)",
                       "Applied for (¥1,000)", "Decided (¥1,000)", "Note"]
    assert rows[7][2:] == ["Budget", "", "", "", "", "", "10,000",
                           "3,333 thousand yen per place × 3 places = 9,999 thousand yen"
                           " (budget 10,000 thousand yen: difference 1)"]
    assert rows[9][2] == "Budget" and rows[9][8:] == ["unknown", "Budget: unknown"]
    title = run(["export", "grants", "--as-of", AS_OF, "--lang", "en"], cwd).stdout.splitlines()[0]
    assert title == "## Grants decided against the budget (FY2025) (as of 2025-12-31)"


def test_status_shows_committed_against_the_budget(cwd):
    proc = run(["status", "--as-of", AS_OF, "--format", "json"], cwd)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["grants"] == {"fiscal_year": 2025, "budget_scope": "prefecture", "menus": [
        {"id": "hub-coordination", "label": HUB_MENU, "grants": 1, "applied": 3012501, "decided": 3012501,
         "budget": 10000000, "remaining": 6987499,
         "per_place": {"amount": 3333000, "places": 3, "product": 9999000, "difference": 1000}, "note": None},
        {"id": "group-practice", "label": GROUP_MENU, "grants": 1, "applied": 3000000, "decided": 0,
         "budget": None, "remaining": None, "per_place": None, "note": None}]}
    lines = run(["status", "--as-of", AS_OF, "--format", "md"], cwd).stdout.splitlines()
    start = lines.index("## 令和7年度の補助金と予算（千円、2025-12-31現在）")
    assert lines[start + 4:start + 6] == [
        f"| {HUB_MENU} | 10,000 | 3,012.501 | 3,012.501 | 6,987.499 | 1 | 1か所あたり 3,333 × 3か所 = 9,999（予算額との差 1） |",
        f"| {GROUP_MENU} | 不明 | 3,000 | 0 | 不明 | 1 | — |"]
    text = run(["status", "--as-of", AS_OF], cwd).stdout
    assert "令和7年度の補助金と予算（千円、2025-12-31現在）" in text and "6,987.499" in text


def test_status_within_an_area_shows_no_budget(cwd):
    proc = run(["status", "--as-of", AS_OF, "--zone", "muroran", "--format", "json"], cwd)
    grants = json.loads(proc.stdout)["grants"]
    assert grants["budget_scope"] == "area"
    assert [(m["id"], m["decided"], m["budget"], m["remaining"]) for m in grants["menus"]] == [
        ("hub-coordination", 3012501, None, None), ("group-practice", 0, None, None)]
    lines = run(["status", "--as-of", AS_OF, "--zone", "muroran", "--format", "md"], cwd).stdout.splitlines()
    assert f"| {HUB_MENU} | — | 3,012.501 | 3,012.501 | — | 1 | 予算額は全体のもので、地域ごとには示さない |" in lines


def test_status_without_grants_or_budget_has_no_budget_table(tmp_path):
    build_registry(tmp_path)
    proc = run(["status", "--as-of", AS_OF, "--format", "md"], tmp_path)
    assert proc.returncode == 0 and "補助金と予算" not in proc.stdout
    assert json.loads(run(["status", "--as-of", AS_OF, "--format", "json"], tmp_path).stdout)["grants"] == {
        "fiscal_year": 2025, "budget_scope": "prefecture", "menus": []}


def test_help_is_lazy():
    """`zaitaku export grants --help` imports neither openpyxl, YAML nor the tables."""
    code = ("import sys\nfrom zaitaku_cli.cli import main\ntry:\n    main(['export', 'grants', '--help'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'yaml', 'ruamel')"
            " or m.startswith(('zaitaku_cli.tables', 'zaitaku_cli.money', 'zaitaku_cli.writers'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert "--fiscal-year" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "[]"


def test_an_overspent_budget_shows_a_negative_balance_never_defused(tmp_path):
    """Decided 3,012,501円 against a budget of 3,000,000円: 差引 -12.501 (a number the tool wrote,
    not a formula: CSV keeps it as it is, XLSX holds -12501)."""
    over = (BUDGET[0], BUDGET[1].replace("total: 10000000", "total: 3000000"))
    build_registry(tmp_path, {"grants/sample-grant.yaml": ODD.encode()}, scheme=[over])
    rows = csv_rows(run(["export", "grants", "--as-of", AS_OF, "--format", "csv"], tmp_path).stdout)
    assert rows[-1] == ["", HUB_MENU, "差引（予算額 − 交付決定額計）", "", "", "", "", "", "-12.501", ""]
    assert rows[-2][-2:] == ["3,000", "1か所あたり 3,333千円 × 3か所 = 9,999千円（予算額 3,000千円との差 -6,999千円）"]
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "grants.xlsx"
    assert run(["export", "grants", "--as-of", AS_OF, "-o", str(out)], tmp_path).returncode == 0
    last = list(openpyxl.load_workbook(out).active.iter_rows(min_row=len(rows), max_row=len(rows)))[0]
    assert last[8].value == -12501 and last[8].number_format == "#,##0.###,"


def test_a_grant_in_no_recorded_zone_is_subtotalled_as_unknown(tmp_path):
    """函館市 (012025) is in no zone of the test registry: no tertiary area, subtotal 不明 (never guessed)."""
    hakodate = GROUP.replace('"012050"', '"012025"')
    build_registry(tmp_path, {"grants/group-2025.yaml": hakodate.encode()})
    rows = csv_rows(run(["export", "grants", "--as-of", AS_OF, "--format", "csv"], tmp_path).stdout)
    assert rows[1:5] == [
        ["", GROUP_MENU, "サンプル市医師会", "サンプル市医師会", "間接補助（函館市）", "3,000", "", ""],
        ["", GROUP_MENU, "小計", "", "", "3,000", "", ""],
        ["不明", "", "小計", "", "", "3,000", "", ""],
        ["", "", "合計", "", "", "3,000", "", ""]]
    # the area of 函館 has no zone here: the grant is in no area's table
    rows = csv_rows(run(["export", "grants", "--as-of", AS_OF, "--tertiary-area", "道南", "--format", "csv"],
                        tmp_path).stdout)
    assert len(rows) == 1


def test_a_year_with_no_grant_and_no_budget_says_so():
    """The embedded Hokkaido registry records no grant and no budget (the seeds give none): the
    table has no rows, and a note says that nothing is recorded rather than leave it blank."""
    from pathlib import Path

    proc = run(["export", "grants", "--as-of", "2025-12-31"], Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[2:4] == ["| 第三次医療圏 | 補助メニュー | 補助対象 | 実施主体 | 経路 | 申請額計（千円） | 交付決定額計（千円） | 備考 |",
                          "|---|---|---|---|---|---|---|---|"]
    assert lines[-1] == "※ この年度の補助金の記録も予算額の記録もない（registry/grants/ と prefecture.yaml の grants.menus の budgets）。"


def test_as_of_a_day_shows_what_was_applied_for_and_decided_by_then(cwd):
    """The sample hub grant was applied for on 2025-05-15 and decided on 2025-06-30; the other two
    grants carry no dates and count as their files say."""
    def hub_row(as_of):
        rows = csv_rows(run(["export", "grants", "--as-of", as_of, "--format", "csv"], cwd).stdout)
        return next((r for r in rows if r[2] == "サンプル在宅医療連携拠点"), None)
    assert hub_row("2025-05-14") is None  # not yet applied for
    assert hub_row("2025-06-29") == ["道央", HUB_MENU, "サンプル在宅医療連携拠点", "サンプル市医師会", "直接補助", "", "",
                                     "3,012.501", "", ""]  # applied for, not yet decided
    assert hub_row("2025-06-30") == ROWS[1]
    status = json.loads(run(["status", "--as-of", "2025-06-29", "--format", "json"], cwd).stdout)["grants"]
    hub = next(m for m in status["menus"] if m["id"] == "hub-coordination")
    assert (hub["applied"], hub["decided"]) == (3012501, 0)


def test_status_leaves_out_a_grant_with_an_amount_it_cannot_read(tmp_path):
    """An amount written "2,092,000円" is grant-amount-yen's error; status does not sum the grant's
    other amounts as if it were 0 (a total too small), it leaves the grant out."""
    bad = ODD.replace("applied: 2092000, decided: 2092000", 'applied: 2092000, decided: "2,092,000円"')
    assert bad != ODD
    build_registry(tmp_path, {"grants/sample-grant.yaml": bad.encode(), "hubs/sample-hub.yaml": HUB.encode()},
                   scheme=[BUDGET])
    grants = json.loads(run(["status", "--as-of", AS_OF, "--format", "json"], tmp_path).stdout)["grants"]
    hub = next(m for m in grants["menus"] if m["id"] == "hub-coordination")
    assert (hub["grants"], hub["applied"], hub["decided"]) == (0, 0, 0)


def test_kumamoto_within_an_area_says_no_grant_not_no_budget():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples" / "kumamoto"
    proc = run(["export", "grants", "--as-of", "2018-10-01", "--zone", "yatsushiro"], root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "※ この地域のこの年度の補助金の記録はない（registry/grants/）。"


def test_a_header_override_the_tool_cannot_fill_is_reported_and_not_applied(tmp_path):
    """tables.grants.headers replaces words by key: a placeholder the text it replaces does not
    have ({amount}) would fail when filled in, and a key the tool does not have would do nothing;
    both are scheme-table-headers errors at their line, and the export keeps the national words."""
    patch = ("  regional:\n", "  grants:\n    number: null\n    title: 補助金\n    headers:\n"
                           "      per_place: \"{unit}×{places}か所（{amount}）\"\n      grant_menuu: メニュー\n"
                           "      grant_menu: 事業\n  regional:\n")
    root = build_registry(tmp_path, {"grants/sample-grant.yaml": ODD.encode(), "hubs/sample-hub.yaml": HUB.encode()},
                          scheme=[BUDGET, patch])
    text = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines()
    proc = run(["check", "--as-of", AS_OF, "--format", "json"], tmp_path)
    found = [(f["line"], f["message"]) for f in json.loads(proc.stdout)["findings"] if f["code"] == "scheme-table-headers"]
    assert found == [
        (text.index('      per_place: "{unit}×{places}か所（{amount}）"') + 1,
         "「{amount}」は埋められません。この見出しで使えるのは {places}、{product}、{unit} です。"),
        (text.index("      grant_menuu: メニュー") + 1, "「grant_menuu」という見出しのキーはありません。")]
    proc = run(["export", "grants", "--as-of", AS_OF, "--format", "csv"], tmp_path)
    assert proc.returncode == 1  # the registry has errors: no table, no traceback
    assert "Traceback" not in proc.stderr
