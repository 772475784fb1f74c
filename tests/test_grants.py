"""Grant records (issue 14): read from registry/grants/ like the other records, checked against
the menus of prefecture.yaml `grants.menus`; exact codes, places and messages."""

from __future__ import annotations

import datetime
import json

from registry_builder import SUPPORT, VALID, build_registry
from run_cli import run
from zaitaku_cli.check import check_registry
from zaitaku_cli.findings import render

# The sample hub is designated on 2025-07-01: a grant for FY2025 is for part of a year
# (grant-designation-part-year), so the clean sample here is the next year's.
SAMPLE = (SUPPORT / "grants" / "sample-grant.yaml").read_text(encoding="utf-8")
GRANT = SAMPLE.replace("fiscal_year: 2025", "fiscal_year: 2026").replace("2025-05-15", "2026-05-15").replace(
    "2025-06-30", "2026-06-30")
AS_OF = datetime.date(2026, 12, 31)


def _check(tmp_path, text=GRANT, files=None):
    root = build_registry(tmp_path, {"grants/sample-grant.yaml": text.encode(), **(files or {})})
    return [f for f in check_registry(root, AS_OF).findings if f.file.startswith("registry/grants/")]


def test_the_sample_grant_checks_clean(tmp_path):
    assert _check(tmp_path) == []


def test_a_health_centre_hub_gets_no_grant(tmp_path):
    """Seed 004: 実施主体 医療機関・郡市医師会・市町村・訪問看護ST; a 保健所 hub is designated, not subsidised."""
    text = (VALID / "hubs" / "sample-hub.yaml").read_text(encoding="utf-8")
    hub_text = text.replace("{name: サンプル市医師会, type: medical_association}", "{name: サンプル保健所, type: health_center}")
    assert hub_text != text
    found = _check(tmp_path / "r", files={"hubs/sample-hub.yaml": hub_text.encode()})
    assert [(f.code, f.line, f.column) for f in found] == [("grant-body-type", 6, 6)]
    assert render(found[0], "ja").startswith("「サンプル保健所」の種類「health_center」はメニュー『「在宅医療に必要な連携を担う拠点」に対する補助』の実施主体になれません。")


def test_one_yen_over_a_category_cap_with_the_total_under_the_menu_cap(tmp_path):
    text = GRANT.replace("applied: 2092000, decided: 2092000}", "applied: 2092001, decided: 2092000}").replace(
        "applied: 1000000, decided: 1000000}", "applied: 999999, decided: 999999}")
    found = _check(tmp_path, text)
    assert [(f.code, f.line, f.column, f.path) for f in found] == [("grant-category-cap", 9, 56, "items[0].applied")]
    assert render(found[0], "ja") == ("区分「調整担当者（MSW・事務担当者等）人件費」の申請額の計 2,092,001円 が"
                                      "区分の上限額 2,092,000円（2,092千円） を 1円 超えています。")
    assert render(found[0], "en") == ("The amount applied for in the category '調整担当者（MSW・事務担当者等）人件費' "
                                      "totals ¥2,092,001, over its cap ¥2,092,000 by ¥1.")


def test_dining_is_excluded_from_supplies(tmp_path):
    found = _check(tmp_path, GRANT.replace("label: 研修会の資料印刷", "label: 意見交換の会食"))
    assert [(f.code, f.line, f.column) for f in found] == [("grant-expense-excluded", 11, 50)]


def test_dining_under_another_expense_type_is_not_this_exclusion(tmp_path):
    """The exclusion names 需用費: the same word under 報償費 is not it (the seed excludes 会食 from 需用費)."""
    found = _check(tmp_path, GRANT.replace("label: 協議参加者への謝金", "label: 会食の講師謝金"))
    assert found == []


def test_rate_is_exact_integer_arithmetic(tmp_path):
    """One yen of eligible cost below the subsidy: over 10/10; equal: not over."""
    found = _check(tmp_path, GRANT.replace("eligible_cost: 4012000", "eligible_cost: 4011999"))
    assert [(f.code, f.line, f.column) for f in found] == [("grant-rate", 12, 16)] * 2
    assert {render(f, "en").split(",")[0] for f in found} == {"The total amount applied for", "The total amount decided"}


def test_amounts_that_are_not_integer_yen(tmp_path):
    text = GRANT.replace("applied: 920000, decided: 920000", 'applied: "920,000円", decided: 920000.5')
    found = _check(tmp_path, text)
    assert [(f.code, f.line, f.column, f.path) for f in found] == [
        ("grant-amount-yen", 10, 70, "items[1].applied"), ("grant-amount-yen", 10, 91, "items[1].decided")]
    assert render(found[0], "ja").endswith("区切りや「円」を付けずに 920000 と書いてください。")


def test_an_unknown_menu_stops_the_money_rules(tmp_path):
    found = _check(tmp_path, GRANT.replace("menu: hub-coordination", "menu: other").replace("2092000, decided", "9092000, decided"))
    assert [f.code for f in found] == ["grant-menu-unknown"]


# ---- the designation in force in the fiscal year (seed 004: 指定した機関に限る) ----

def _codes(found):
    return [(f.code, f.line, f.column) for f in found]


def test_a_grant_for_a_year_before_the_designation(tmp_path):
    """Issue 14: a grant for FY2024 to a hub designated 2025-07-01 — in force on no day of the year."""
    found = _check(tmp_path, GRANT.replace("fiscal_year: 2026", "fiscal_year: 2024"))
    assert _codes(found) == [("grant-designation-not-in-force", 4, 14)]
    assert render(found[0], "ja") == ("2024年度（2024-04-01～2025-03-31）に「サンプル在宅医療連携拠点」の指定はありません"
                                      "（指定日は 2025-07-01）。このメニューは指定を受けた機関に限ります。")


def test_the_year_of_the_designation_is_a_part_year_warning(tmp_path):
    found = _check(tmp_path, SAMPLE)
    assert _codes(found) == [("grant-designation-part-year", 4, 14)]
    assert "年度の一部の期間だけ指定されています（指定日 2025-07-01）" in render(found[0], "ja")
    assert "資料に書かれていない" in render(found[0], "ja")


def _hub(tmp_path, old, new):
    text = (VALID / "hubs" / "sample-hub.yaml").read_text(encoding="utf-8")
    assert old in text
    return {"hubs/sample-hub.yaml": text.replace(old, new).encode()}


def test_withdrawn_before_the_year_and_during_it(tmp_path):
    withdrawn = "  status: withdrawn\n  designated_on: 2025-07-01\n  withdrawn_on: {}"
    before = _hub(tmp_path, "  status: designated\n  designated_on: 2025-07-01\n  withdrawn_on: null",
                  withdrawn.format("2026-04-01"))
    assert _codes(_check(tmp_path / "a", files=before)) == [("grant-designation-not-in-force", 4, 14)]
    during = _hub(tmp_path, "  status: designated\n  designated_on: 2025-07-01\n  withdrawn_on: null",
                  withdrawn.format("2026-10-01"))
    found = _check(tmp_path / "b", files=during)
    assert _codes(found) == [("grant-designation-part-year", 4, 14)]
    assert "（取消し 2026-10-01）" in render(found[0], "ja")


def test_a_designation_known_only_by_a_day_cannot_settle_the_year(tmp_path):
    files = _hub(tmp_path, "designated_on: 2025-07-01", "designated_on: null\n  designated_by: 2026-07-21")
    found = _check(tmp_path, files=files)
    assert _codes(found) == [("grant-designation-part-year", 4, 14)]
    assert "分かりません" in render(found[0], "ja")


def test_a_candidate_hub_while_the_year_runs_and_after_it(tmp_path):
    pending = _hub(tmp_path, "  status: designated\n  designated_on: 2025-07-01\n", "  status: planned\n")
    found = _check(tmp_path / "a", files=pending)
    assert _codes(found) == [("grant-designation-part-year", 4, 14)]
    assert "まだ指定されていません" in render(found[0], "ja")
    over = GRANT.replace("fiscal_year: 2026", "fiscal_year: 2025")  # FY2025 ended before AS_OF
    assert _codes(_check(tmp_path / "b", over, files=pending)) == [("grant-designation-not-in-force", 4, 14)]


# ---- years, first year ----

ADVISER = """id: ict-adviser-{year}
fiscal_year: {year}
menu: ict-adviser
body: {{name: {name}, type: municipality}}
municipality: "012301"
items:
  - {{category: adviser, expense_type: 委託料, label: ICT専門家への委託, applied: 1000000}}
eligible_cost: 1000000
"""


def _grants(tmp_path, texts: dict[str, str]):
    root = build_registry(tmp_path, {f"grants/{k}.yaml": v.encode() for k, v in texts.items()})
    return [f for f in check_registry(root, AS_OF).findings if f.file.startswith("registry/grants/")]


def test_an_ict_adviser_grant_in_a_third_year(tmp_path):
    """Issue 14 / seed 004 「構築年を含む２か年限定」: the third year is reported, the first two are not."""
    texts = {f"ict-adviser-{y}": ADVISER.format(year=y, name="登別市") for y in (2024, 2025, 2026)}
    found = _grants(tmp_path, texts)
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("grant-years-limit", "registry/grants/ict-adviser-2026.yaml", 2, 14)]
    assert render(found[0], "ja") == ("メニュー「在宅医療多職種連携ICTネットワーク構築アドバイザー事業」の補助は同じ対象に2か年までですが、"
                                      "2026年度は3か年目です（記録のある年度：2024、2025、2026）。")


def test_years_are_counted_per_body_and_the_legal_form_is_not_a_new_body(tmp_path):
    texts = {"ict-adviser-2024": ADVISER.format(year=2024, name="登別市"),
             "ict-adviser-2025": ADVISER.format(year=2025, name="登別市"),
             "other-2026": ADVISER.format(year=2026, name="室蘭市").replace("ict-adviser-2026", "other-2026")}
    assert _grants(tmp_path / "a", texts) == []
    texts["other-2026"] = ADVISER.format(year=2026, name="（一社）登別市").replace("ict-adviser-2026", "other-2026")
    assert [f.code for f in _grants(tmp_path / "b", texts)] == ["grant-years-limit"]


PROMOTION = """id: promotion-{year}
fiscal_year: {year}
menu: promotion
body: {{name: 登別市, type: municipality}}
municipality: "012301"
items:
  - {{category: {category}, expense_type: 備品購入費, applied: 600000}}
eligible_cost: 1200000
"""


def test_equipment_is_first_year_only(tmp_path):
    """Seed 004 在宅医療推進事業「設備 130万円 ※初年度限り」: equipment in the second year is reported,
    operation costs are not."""
    texts = {"promotion-2025": PROMOTION.format(year=2025, category="equipment"),
             "promotion-2026": PROMOTION.format(year=2026, category="equipment")}
    found = _grants(tmp_path / "a", texts)
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("grant-first-year-only", "registry/grants/promotion-2026.yaml", 7, 16)]
    assert render(found[0], "ja") == "「在宅医療推進事業」の区分「設備」は初年度に限りますが、2026年度は初年度（2025年度）ではありません。"
    texts["promotion-2026"] = PROMOTION.format(year=2026, category="operation")
    assert _grants(tmp_path / "b", texts) == []


def test_a_category_base_amount_times_the_rate(tmp_path):
    """基準額 1,300,000円 × 1/2 = 650,000円: 650,000 is within, 650,001 is over by 1円."""
    text = PROMOTION.format(year=2026, category="equipment").replace("eligible_cost: 1200000", "eligible_cost: 2000000")
    assert _grants(tmp_path / "a", {"promotion-2026": text.replace("600000", "650000")}) == []
    found = _grants(tmp_path / "b", {"promotion-2026": text.replace("600000", "650001")})
    assert _codes(found) == [("grant-category-cap", 7, 57)]
    assert render(found[0], "ja") == ("区分「設備」の申請額の計 650,001円 が区分の基準額 1,300,000円（1,300千円） × 補助率 1/2 ＝ "
                                      "650,000円（650千円） を 1円 超えています。")


PORTABLE = """id: portable
fiscal_year: 2026
menu: portable-equipment
body: {{name: {name}, type: {type}}}
items:
  - {{category: equipment, expense_type: 備品購入費, applied: {amount}}}
eligible_cost: 7000000
"""


def test_portable_equipment_caps_by_body_type(tmp_path):
    """Seed 004: 医療機関・訪問看護ST 300万円, 郡市医師会・市町村 600万円 (基準額, rate 1/2)."""
    station = PORTABLE.format(name="サンプル訪問看護ステーション", type="nursing_station", amount=1500001)
    found = _grants(tmp_path / "a", {"portable": station})
    assert _codes(found) == [("grant-total-cap", 6, 57)]
    assert "基準額 3,000,000円（3,000千円） × 補助率 1/2 ＝ 1,500,000円（1,500千円）" in render(found[0], "ja")
    town = PORTABLE.format(name="登別市", type="municipality", amount=1500001)
    assert _grants(tmp_path / "b", {"portable": town}) == []


# ---- double funding (seed 004 「最低限、補助金二重取りとならないよう留意」) ----

LINKAGE = (SUPPORT / "grants" / "muroran-linkage-2025.yaml").read_text(encoding="utf-8").replace(
    "fiscal_year: 2025", "fiscal_year: 2026").replace("id: muroran-linkage-2025", "id: muroran-linkage-2026")


def test_the_same_cost_in_a_hub_grant_and_the_municipal_programme(tmp_path):
    """Issue 14: the hub's body is commissioned by 室蘭市 for 在宅医療・介護連携推進事業, and the same
    謝金 is in both: reported at the hub grant's item, naming the municipal record."""
    found = _check(tmp_path, files={"grants/muroran-linkage-2026.yaml": LINKAGE.encode()})
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("grant-double-funding", "registry/grants/sample-grant.yaml", 10, 50)]
    assert render(found[0], "ja") == (
        "2026年度の「協議参加者への謝金」（報償費）は「在宅医療・介護連携推進事業」（muroran-linkage-2026）"
        "（registry/grants/muroran-linkage-2026.yaml）にも計上されています（報償費）。同じ経費を2つの財源で受けることはできません。")


def test_double_funding_only_in_the_same_year_and_for_the_same_body(tmp_path):
    other_year = LINKAGE.replace("fiscal_year: 2026", "fiscal_year: 2025")
    assert _check(tmp_path / "a", files={"grants/muroran-linkage-2026.yaml": other_year.encode()}) == []
    other_body = LINKAGE.replace("（公社）サンプル市医師会", "室蘭市社会福祉協議会")
    assert _check(tmp_path / "b", files={"grants/muroran-linkage-2026.yaml": other_body.encode()}) == []


def test_different_costs_for_the_same_body_are_information(tmp_path):
    other_cost = LINKAGE.replace("label: 協議参加者への謝金", "label: 相談窓口の運営")
    found = _check(tmp_path, files={"grants/muroran-linkage-2026.yaml": other_cost.encode()})
    assert [(f.code, f.severity, f.line, f.column) for f in found] == [("grant-shared-recipient", "info", 6, 6)]


def test_the_same_menu_twice_for_the_same_hub_and_year(tmp_path):
    """Caps are per year: a second record of the menu for the hub in the year is grant-duplicate
    (each record alone is under the cap), on the later id; double funding is not said twice."""
    second = GRANT.replace("id: sample-grant", "id: sample-grant-2")
    found = _check(tmp_path, files={"grants/sample-grant-2.yaml": second.encode()})
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("grant-duplicate", "registry/grants/sample-grant-2.yaml", 4, 14)]
    assert render(found[0], "en") == (
        "A grant of the same menu to the same recipient in fiscal year 2026 is recorded in 'Subsidy for the hubs that "
        "carry the coordination home medical care needs' "
        "(sample-grant) (registry/grants/sample-grant.yaml); caps are checked per year on one record, so amend "
        "that record instead.")


def test_two_prefecture_menus_with_the_same_cost_for_the_same_body(tmp_path):
    """A group-practice grant to the hub's 医師会 (spelled with its legal form) claiming the hub
    grant's 謝金 under another expense type: double funding, on the later id."""
    other = """id: zz-group-practice
fiscal_year: 2026
menu: group-practice
body: {name: 一般社団法人 サンプル市医師会, type: medical_association}
items:
  - {category: operation, expense_type: 委託料, label: 協議参加者への謝金, applied: 100000}
"""
    found = _check(tmp_path, files={"grants/zz-group-practice.yaml": other.encode()})
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("grant-double-funding", "registry/grants/zz-group-practice.yaml", 6, 53)]
    assert "『「在宅医療に必要な連携を担う拠点」に対する補助』（sample-grant）" in render(found[0], "ja")


def test_a_municipal_programme_names_its_municipality(tmp_path):
    text = LINKAGE.replace('municipality: "012050"\n', "")
    found = _check(tmp_path, files={"grants/muroran-linkage-2026.yaml": text.encode()})
    assert [(f.code, f.file, f.line) for f in found if f.code == "grant-municipality"] == [
        ("grant-municipality", "registry/grants/muroran-linkage-2026.yaml", 5)]


def test_the_menus_are_checked_as_data(tmp_path):
    """scheme-grants: a repeated menu id, category id or budget year, an exclusion outside the
    menu's expense types — each located in prefecture.yaml."""
    scheme = [("    - id: group-practice\n", "    - id: hub-coordination\n"),
              ("        - {id: office, label: 事務費（会議・研修開催等）,", "        - {id: coordinator, label: 事務費（会議・研修開催等）,"),
              ("- {label: 会食に要する経費, expense_type: 需用費, words: [会食]}",
               "- {label: 会食に要する経費, expense_type: 備品購入費, words: [会食]}")]
    root = build_registry(tmp_path, {"grants/sample-grant.yaml": GRANT.encode()}, scheme)
    text = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines()
    found = [f for f in check_registry(root, AS_OF).findings if f.code == "scheme-grants"]
    lines = {f.line: render(f, "en") for f in found}
    assert lines == {
        next(i for i, l in enumerate(text, 1) if "{id: coordinator, label: 事務費" in l): "Category id 'coordinator' is repeated.",
        next(i for i, l in enumerate(text, 1) if "expense_type: 備品購入費, words" in l):
            "The excluded expense type '備品購入費' is not among the menu's expense_types.",
        next(i for i, l in enumerate(text, 1) if l == "    - id: hub-coordination" and i > 190): "Menu id 'hub-coordination' is repeated.",
    }


def test_a_body_type_the_scheme_does_not_know(tmp_path):
    text = LINKAGE.replace("type: medical_association", "type: medical_assoc")
    found = [f for f in _check(tmp_path, files={"grants/muroran-linkage-2026.yaml": text.encode()})
             if f.code == "grant-body-type"]
    assert [(f.file, f.line, f.column) for f in found] == [("registry/grants/muroran-linkage-2026.yaml", 7, 34)]
    assert render(found[0], "ja").startswith("「（公社）サンプル市医師会」の種類「medical_assoc」は prefecture.yaml の hub.body_types にありません。")


def test_a_joint_hub_with_a_health_centre_names_the_body_that_receives_the_money(tmp_path):
    hub = _hub(tmp_path, "  - {name: サンプル市医師会, type: medical_association}",
               "  - {name: サンプル市医師会, type: medical_association}\n  - {name: サンプル保健所, type: health_center}")
    found = _check(tmp_path / "a", files=hub)
    assert _codes(found) == [("grant-body-type", 6, 6)]
    assert render(found[0], "ja").endswith("補助を受けるのが拠点の実施主体の一部なら、その主体を body: に書いてください。")
    named = GRANT.replace("hub: sample-hub\n", "hub: sample-hub\nbody: {name: サンプル市医師会, type: medical_association}\n")
    assert _check(tmp_path / "b", named, files=hub) == []


def test_menu_settings_that_would_be_silently_ignored(tmp_path):
    """A rate above 10/10, a base amount without a rate, cap beside caps_by_body."""
    scheme = [("      rate: {numerator: 10, denominator: 10}   # 「10/10 以内」",
               "      rate: {numerator: 11, denominator: 10}"),
              ("      cap_basis: cost\n      rate: {numerator: 1, denominator: 2}\n      categories:",
               "      cap_basis: cost\n      categories:"),
              ("      caps_by_body:                   #", "      cap: 3000000\n      caps_by_body:                   #")]
    root = build_registry(tmp_path, {"grants/sample-grant.yaml": GRANT.encode()}, scheme)
    found = sorted((f.path, render(f, "en")) for f in check_registry(root, AS_OF).findings if f.code == "scheme-grants")
    assert found == [
        ("grants.menus[0].rate.numerator", "The rate 11/10 is above 10/10."),
        ("grants.menus[3].cap_basis", "A base amount (cap_basis: cost) needs a rate: the limit is the base amount × the rate."),
        ("grants.menus[4].cap", "Both cap and caps_by_body are given; with caps by body type, leave cap out."),
    ]


def test_a_thousands_separator_inside_braces(tmp_path):
    """`{…, applied: 2,092,000}`: YAML ends the value at the comma and reads 092 as a key. The
    finding says why, at that key, instead of "no such field"."""
    found = _check(tmp_path, GRANT.replace("applied: 2092000, decided: 2092000}", "applied: 2,092,000, decided: 2092000}"))
    unknown = [f for f in found if f.code == "schema-unknown-key"]
    assert [(f.line, f.column) for f in unknown][:1] == [(9, 58)]
    assert render(unknown[0], "ja") == ("「092」という項目はありません。{ } の中ではカンマ（,）が項目の区切りになるため、"
                                        "数の桁区切りのカンマで値が切れています。数は 2092000 のように区切りを付けずに書いてください。")


def test_a_whole_number_with_a_decimal_point_is_not_guessed(tmp_path):
    """2092.0 may be yen or 千円: the hint gives both, never one."""
    found = _check(tmp_path, GRANT.replace("applied: 2092000, decided: 2092000}", "applied: 2092.0, decided: 2092000}"))
    assert [f.code for f in found] == ["grant-amount-yen"]
    assert render(found[0], "ja").endswith("小数点を付けずに書いてください（円なら 2092、千円の数なら 2092000）。")


def test_whole_number_floats_are_refused_in_every_integer_field(tmp_path):
    """JSON Schema counts 3.0 as an integer; the registry does not (no floats anywhere): a value
    of a map keyed by ids (Kumamoto's count overrides) as well as a plain field."""
    import shutil

    from registry_builder import REPO

    shutil.copytree(REPO / "examples" / "kumamoto" / "registry", tmp_path / "registry")
    path = tmp_path / "registry" / "prefecture.yaml"
    text = path.read_text(encoding="utf-8")
    assert "overrides: {kumamoto-kamimashiki: 3, yatsushiro: 2}" in text
    path.write_text(text.replace("overrides: {kumamoto-kamimashiki: 3, yatsushiro: 2}",
                                 "overrides: {kumamoto-kamimashiki: 3.0, yatsushiro: 2}"), encoding="utf-8")
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "3.0" in l)
    proc = run(["check", "--format", "json"], tmp_path)
    found = [(f["code"], f["line"], f["path"]) for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"]
    assert found == [("schema-type", line, "hub.count_rule.overrides.kumamoto-kamimashiki")]
