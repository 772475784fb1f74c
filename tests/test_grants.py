"""Grant records (issue 14): read from registry/grants/ like the other records, checked against
the menus of prefecture.yaml `grants.menus`; exact codes, places and messages."""

from __future__ import annotations

import datetime

from registry_builder import SUPPORT, VALID, build_registry
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
    assert render(found[0], "ja").startswith("「サンプル保健所」（health_center）はメニュー「「在宅医療に必要な連携を担う拠点」に対する補助」の実施主体になれません。")


def test_one_yen_over_a_category_cap_with_the_total_under_the_menu_cap(tmp_path):
    text = GRANT.replace("applied: 2092000, decided: 2092000}", "applied: 2092001, decided: 2092000}").replace(
        "applied: 1000000, decided: 1000000}", "applied: 999999, decided: 1000000}")
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
