"""Grants in history (issue 14), on real git repositories: `zaitaku diff` shows a grant's changes
with its amounts old → new per item (items aligned by category, expense type and label), and
`zaitaku check --base` protects the decided amounts and dates as it protects designation dates
(history-grant-decided-changed, history-grant-deleted)."""

from __future__ import annotations

import json

import pytest

from history_repo import BASE_RECORDS, Repo
from zaitaku_cli.history.grants import Pair, align

AS_OF = "2026-06-30"
FILE = "grants/sapporo-2025.yaml"
REL = "registry/" + FILE
GRANT = """\
# 試験用の補助金（架空の金額）
id: sapporo-2025
fiscal_year: 2025
menu: hub-coordination
hub: sapporo
route: {type: direct}
items:
  - {category: coordinator, expense_type: 賃金, applied: 2092000, decided: 2092000}
  - {category: office, expense_type: 報償費, label: 協議参加者への謝金, applied: 920000, decided: 920000}
  - {category: office, expense_type: 需用費, label: 研修会の資料印刷, applied: 1000000, decided: 1000000}
eligible_cost: 4012000
applied_on: 2025-05-15
decided_on: 2025-06-30
settled_on: null
"""
LINES = GRANT.splitlines()
PRINTING = "  - {category: office, expense_type: 需用費, label: 研修会の資料印刷, applied: 1000000, decided: 1000000}"
FEES = "  - {category: office, expense_type: 報償費, label: 協議参加者への謝金, applied: 920000, decided: 920000}"
TRAVEL = "  - {category: office, expense_type: 旅費, label: 研修会講師の旅費, applied: 80000, decided: null}\n"
HISTORY = ("history-grant-decided-changed", "history-grant-deleted")
OFFICE = "事務費（会議・研修開催等）"


def line_of(text: str) -> int:
    return LINES.index(text) + 1


def column(line: str, marker: str) -> int:
    """1-based column of the value after `marker` in `line`."""
    return line.index(marker) + len(marker) + 1


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path / "repo", {**BASE_RECORDS, FILE: GRANT})
    r.base = r.commit("基準")
    return r


def check(repo, *args):
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--format", "json", "--base", "HEAD", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def history(findings):
    return [(f["code"], f["file"], f["line"], f["column"], f["path"]) for f in findings if f["code"] in HISTORY]


def message(findings, code="history-grant-decided-changed"):
    return next(f["message"] for f in findings if f["code"] == code)


REVISED = PRINTING.replace("applied: 1000000, decided: 1000000", "applied: 900500, decided: 900500")


def change_amounts(repo):
    """An item inserted before two others, the last one's amounts revised, the decision day moved."""
    repo.edit(FILE, FEES, TRAVEL + FEES)
    repo.edit(FILE, "applied: 1000000, decided: 1000000", "applied: 900500, decided: 900500")
    repo.edit(FILE, "decided_on: 2025-06-30", "decided_on: 令和7年7月1日")


# --- zaitaku diff ------------------------------------------------------------------------------

def test_an_inserted_item_does_not_show_later_items_as_changed():
    a = {"category": "c", "expense_type": "賃金"}
    b = {"category": "o", "expense_type": "報償費", "label": "謝金"}
    c = {"category": "o", "expense_type": "需用費", "label": "印刷"}
    new = {"category": "o", "expense_type": "旅費", "label": "旅費"}
    assert align([a, b, c], [a, new, b, c]) == [Pair(0, 0, True), Pair(None, 1, False), Pair(1, 2, True),
                                                Pair(2, 3, True)]
    assert align([a, b, c], [a, c]) == [Pair(0, 0, True), Pair(1, None, False), Pair(2, 1, True)]
    # a label corrected: the two items are paired (replaced), not a removal far from an addition
    assert align([a, b], [a, {**b, "label": "謝礼"}]) == [Pair(0, 0, True), Pair(1, 1, False)]


def test_diff_text_shows_amounts_old_to_new_per_item(repo):
    change_amounts(repo)
    out = repo.zaitaku("diff", "HEAD", check=True).stdout.splitlines()
    assert out[out.index("補助金"):] == [
        "補助金",
        "  変更  sapporo-2025  「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌拠点）",
        f"      経費の内訳（2行目）: — → 「{OFFICE}／旅費／研修会講師の旅費」申請額 80,000円（80千円）",
        f"      経費の内訳（4行目）「{OFFICE}／需用費／研修会の資料印刷」の申請額（円）: 1,000,000円（1,000千円） → 900,500円（900.5千円）",
        f"      経費の内訳（4行目）「{OFFICE}／需用費／研修会の資料印刷」の交付決定額（円）: 1,000,000円（1,000千円） → 900,500円（900.5千円）",
        "      交付決定日: 令和7年6月30日 → 令和7年7月1日",
        "",
        "指定 0件、指定取消・辞退 0件、変更 1件、追加 0件、削除 0件",
    ]


def test_diff_text_in_english(repo):
    change_amounts(repo)
    out = repo.zaitaku("diff", "HEAD", "--lang", "en", check=True).stdout.splitlines()
    assert out[out.index("Grants"):] == [
        "Grants",
        "  changed  sapporo-2025  Subsidy for the hubs that carry the coordination home medical care needs "
        "(FY2025, 札幌拠点)",
        "      items[1]: — → office / 旅費 / 研修会講師の旅費: applied ¥80,000 (80 thousand yen)",
        "      items[3].applied (office / 需用費 / 研修会の資料印刷): ¥1,000,000 (1,000 thousand yen) → "
        "¥900,500 (900.5 thousand yen)",
        "      items[3].decided (office / 需用費 / 研修会の資料印刷): ¥1,000,000 (1,000 thousand yen) → "
        "¥900,500 (900.5 thousand yen)",
        "      decided_on: 2025-06-30 → 2025-07-01",
        "",
        "0 designated, 0 withdrawn, 1 changed, 0 added, 0 deleted",
    ]


def test_diff_markdown_rows(repo):
    change_amounts(repo)
    lines = repo.zaitaku("diff", "HEAD", "--format", "md", check=True).stdout.splitlines()
    assert [l for l in lines if l.startswith("### ")] == ["### 補助金"]
    assert [l for l in lines if l.startswith("| ") and not l.startswith("| 区分")] == [
        "| 変更 | sapporo-2025 | 「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌拠点） | 経費の内訳（2行目） | — | "
        f"「{OFFICE}／旅費／研修会講師の旅費」申請額 80,000円（80千円） |",
        f"|  |  |  | 経費の内訳（4行目）「{OFFICE}／需用費／研修会の資料印刷」の申請額（円） | 1,000,000円（1,000千円） | "
        "900,500円（900.5千円） |",
        f"|  |  |  | 経費の内訳（4行目）「{OFFICE}／需用費／研修会の資料印刷」の交付決定額（円） | 1,000,000円（1,000千円） | "
        "900,500円（900.5千円） |",
        "|  |  |  | 交付決定日 | 令和7年6月30日 | 令和7年7月1日 |",
    ]


def test_diff_json_keeps_the_amounts_as_integer_yen(repo):
    change_amounts(repo)
    changes = json.loads(repo.zaitaku("diff", "HEAD", "--format", "json", check=True).stdout)["changes"]
    printing = {"category": "office", "expense_type": "需用費", "label": "研修会の資料印刷"}
    assert changes == [{
        "kind": "grant", "id": "sapporo-2025", "name": "「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌拠点）",
        "name_en": "Subsidy for the hubs that carry the coordination home medical care needs (FY2025, 札幌拠点)",
        "menu": "hub-coordination", "fiscal_year": 2025, "change": "changed", "file": REL,
        "fields": [
            {"field": "items[1]", "old": None,
             "new": {"category": "office", "expense_type": "旅費", "label": "研修会講師の旅費", "applied": 80000},
             "item": {"category": "office", "expense_type": "旅費", "label": "研修会講師の旅費"}},
            {"field": "items[3].applied", "old": 1000000, "new": 900500, "item": printing},
            {"field": "items[3].decided", "old": 1000000, "new": 900500, "item": printing},
            {"field": "decided_on", "old": "2025-06-30", "new": "2025-07-01"},
        ]}]


def test_diff_of_a_grant_added_and_one_deleted(repo):
    repo.remove(FILE)
    repo.write("grants/clinic-a-2025.yaml", """\
id: clinic-a-2025
fiscal_year: 2019
menu: promotion
institution: clinic-a
items:
  - {category: equipment, expense_type: 備品購入費, applied: 1300000}
""")
    repo.write("grants/body-2025.yaml", """\
id: body-2025
fiscal_year: 2025
menu: no-such-menu
body: {name: 試験市医師会, type: medical_association}
items:
  - {category: x, expense_type: 需用費, applied: 1001, decided: 1001}
""")
    out = repo.zaitaku("diff", "HEAD", check=True).stdout.splitlines()
    assert out[out.index("補助金"):] == [
        "補助金",
        # a menu the scheme does not know is named by its id; a body funded by its name
        "  追加  body-2025  no-such-menu（令和7年度・試験市医師会）",
        "      経費の内訳（1行目）: — → 「x／需用費」申請額 1,001円（1.001千円）、交付決定額 1,001円（1.001千円）",
        # FY2019 is 令和元年度, as it is usually written; the institution by its name
        "  追加  clinic-a-2025  在宅医療推進事業（令和元年度・Aクリニック）",
        "      経費の内訳（1行目）: — → 「設備／備品購入費」申請額 1,300,000円（1,300千円）",
        "  削除  sapporo-2025  「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌拠点）",
        f"      経費の内訳（1行目）: 「調整担当者（MSW・事務担当者等）人件費／賃金」申請額 2,092,000円（2,092千円）、"
        "交付決定額 2,092,000円（2,092千円） → —",
        f"      経費の内訳（2行目）: 「{OFFICE}／報償費／協議参加者への謝金」申請額 920,000円（920千円）、"
        "交付決定額 920,000円（920千円） → —",
        f"      経費の内訳（3行目）: 「{OFFICE}／需用費／研修会の資料印刷」申請額 1,000,000円（1,000千円）、"
        "交付決定額 1,000,000円（1,000千円） → —",
        "      補助対象経費（円）: 4,012,000円（4,012千円） → —",
        "      交付決定日: 令和7年6月30日 → —",
        "",
        "指定 0件、指定取消・辞退 0件、変更 0件、追加 2件、削除 1件",
    ]


def test_diff_of_a_label_correction_and_other_fields(repo):
    repo.edit(FILE, "label: 協議参加者への謝金", "label: 協議参加者への謝礼")
    repo.edit(FILE, "route: {type: direct}", "route: {type: indirect, municipality: \"011002\"}")
    repo.edit(FILE, "settled_on: null", "settled_on: 2026-04-30\nnote: 備考は比べない")
    out = repo.zaitaku("diff", "HEAD", check=True).stdout.splitlines()
    assert out[out.index("補助金") + 2:-2] == [
        "      補助の経路（経路の種類）: direct → indirect",
        "      補助の経路（経由する市町村）: — → 011002",
        f"      経費の内訳（2行目）: 「{OFFICE}／報償費／協議参加者への謝金」申請額 920,000円（920千円）、交付決定額 920,000円（920千円）"
        f" → 「{OFFICE}／報償費／協議参加者への謝礼」申請額 920,000円（920千円）、交付決定額 920,000円（920千円）",
        "      額の確定日: — → 令和8年4月30日",
    ]


def test_grants_follow_the_other_kinds_in_a_diff(repo):
    repo.edit("hubs/sapporo.yaml", "name: 札幌拠点", "name: 札幌市拠点")
    repo.edit(FILE, "decided: 920000", "decided: 910000")
    out = repo.zaitaku("diff", "HEAD", check=True).stdout.splitlines()
    assert [l for l in out if l and not l.startswith(" ")][1:-1] == ["在宅医療に必要な連携を担う拠点", "補助金"]
    assert "  変更  sapporo-2025  「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌市拠点）" in out


# --- zaitaku check --base ----------------------------------------------------------------------

def test_the_base_is_clean(repo):
    code, findings = check(repo)
    assert code == 0 and history(findings) == []
    assert [f for f in findings if f["severity"] == "error" or f["file"] == REL] == []


def test_a_decided_amount_changed_is_an_error_at_the_amount(repo):
    change_amounts(repo)
    repo.commit("金額を変更")
    code, findings = check(repo, "--base", "HEAD~1")
    assert code == 1
    moved = 1  # the inserted item moves the printing item down one line
    assert history(findings) == [
        ("history-grant-decided-changed", REL, line_of(PRINTING) + moved, column(REVISED, "decided: "),
         "items[3].decided"),
        ("history-grant-decided-changed", REL, line_of("decided_on: 2025-06-30") + moved, 13, "decided_on"),
    ]
    text = message(findings)
    assert text.startswith(f"経費の内訳「{OFFICE}／需用費／研修会の資料印刷」の交付決定額が基準 HEAD~1 (")
    assert "の「1,000,000円（1,000千円）」から「900,500円（900.5千円）」に変わっていますが、corrections に説明がありません。" in text
    assert ("corrections に {field: decided, category: office, expense_type: 需用費, label: 研修会の資料印刷, "
            "old: 1000000, date: 訂正した日, reason: 理由} を追加してください。") in text
    day = [f["message"] for f in findings if f["path"] == "decided_on"][0]
    assert day.startswith("交付決定日（decided_on）が基準 HEAD~1 (") and "の「2025-06-30」から「2025-07-01」に" in day


def test_text_output_and_english(repo):
    repo.edit(FILE, "applied: 920000, decided: 920000", "applied: 920000, decided: 900000")
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD", "--lang", "en")
    assert proc.returncode == 1
    where = f"{REL}:{line_of(FEES)}:{column(FEES, 'decided: ')}"
    assert (f"{where}  error  history-grant-decided-changed  The amount decided for office / 報償費 / 協議参加者への謝金 "
            "changed from '¥920,000 (920 thousand yen)' at the base revision HEAD (") in proc.stdout
    assert ("to '¥900,000 (900 thousand yen)' with no entry in corrections." in proc.stdout)
    ja = repo.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD").stdout
    assert f"{where}  エラー  history-grant-decided-changed  経費の内訳「{OFFICE}／報償費／協議参加者への謝金」の交付決定額" in ja


def test_applied_amounts_and_new_decisions_are_free(repo):
    """An application is revised before the decision; a decided amount or date filled in is a new
    fact; an item inserted is not a change of the others."""
    repo.edit(FILE, "applied: 1000000, decided: 1000000", "applied: 1000000, decided: null")
    repo.edit(FILE, "decided_on: 2025-06-30", "decided_on: null")
    repo.commit("交付決定前")
    repo.edit(FILE, "applied: 920000, decided: 920000", "applied: 900000, decided: 920000")
    repo.edit(FILE, "applied: 1000000, decided: null", "applied: 1000000, decided: 1000000")
    repo.edit(FILE, "decided_on: null", "decided_on: 2025-06-30")
    repo.edit(FILE, "settled_on: null", "settled_on: 2026-04-30")
    code, findings = check(repo)
    assert history(findings) == [] and code == 0


def test_a_label_corrected_with_the_same_decided_amount_is_the_same_item(repo):
    repo.edit(FILE, "label: 協議参加者への謝金", "label: 協議参加者への謝礼")
    code, findings = check(repo)
    assert history(findings) == [] and code == 0


def test_a_decided_amount_removed_or_its_item_changed(repo):
    repo.edit(FILE, "applied: 2092000, decided: 2092000", "applied: 2092000, decided: null")  # removed
    repo.edit(FILE, "expense_type: 報償費, label: 協議参加者への謝金", "expense_type: 旅費, label: 協議参加者への謝金")
    repo.edit(FILE, PRINTING + "\n", "")  # the item is gone
    code, findings = check(repo)
    assert code == 1
    first = LINES[line_of(PRINTING) - 3]
    assert history(findings) == [
        ("history-grant-decided-changed", REL, 8, 3, "items"),  # the printing item removed: at the list
        ("history-grant-decided-changed", REL, 8, column(first, "decided: "), "items[0].decided"),
        ("history-grant-decided-changed", REL, 9, 5, "items[1]"),  # another item in its place
    ]
    texts = [f["message"] for f in findings if f["code"] in HISTORY]
    assert f"経費の内訳「{OFFICE}／需用費／研修会の資料印刷」の交付決定額が" in texts[0]
    assert "「1,000,000円（1,000千円）」から「（削除）」に" in texts[0]
    assert "「2,092,000円（2,092千円）」から「（削除）」に" in texts[1]
    assert "{field: decided, category: coordinator, expense_type: 賃金, old: 2092000," in texts[1]  # no label
    assert f"「920,000円（920千円）」から「「{OFFICE}／旅費／協議参加者への謝金」920,000円（920千円）」に" in texts[2]
    assert "{field: decided, category: office, expense_type: 報償費, label: 協議参加者への謝金, old: 920000," in texts[2]


def test_a_date_removed(repo):
    repo.edit(FILE, "settled_on: null", "settled_on: 2026-04-30")
    repo.commit("確定")
    repo.edit(FILE, "decided_on: 2025-06-30\n", "")
    repo.edit(FILE, "settled_on: 2026-04-30", "settled_on: null")
    code, findings = check(repo)
    assert code == 1
    assert history(findings) == [
        ("history-grant-decided-changed", REL, 2, 1, "decided_on"),  # gone: at the record
        ("history-grant-decided-changed", REL, line_of("settled_on: null") - 1, 13, "settled_on"),
    ]
    settled = next(f["message"] for f in findings if f["path"] == "settled_on")
    assert settled.startswith("額の確定日（settled_on）が基準 HEAD (") and "の「2026-04-30」から「（削除）」に" in settled


CORRECTIONS = """\
corrections:
  - {field: decided, category: office, expense_type: 需用費, label: 研修会の資料印刷, old: 1000000, date: 2025-12-01, reason: 変更交付決定}
  - {field: decided_on, old: 令和7年6月30日, date: 2025-09-10, reason: 交付決定通知の日付の転記誤り}
"""


def test_corrections_explain_the_changes(repo):
    change_amounts(repo)
    repo.edit(FILE, "settled_on: null\n", "settled_on: null\n" + CORRECTIONS)
    code, findings = check(repo)
    assert history(findings) == [] and code == 0
    assert [f for f in findings if f["file"] == REL] == []  # the schema takes corrections


@pytest.mark.parametrize("wrong, hint", [
    ("old: 1000000, date: 2025-12-01", "corrections の old「999999」は基準の値と一致しません。"),
    ("label: 研修会の資料印刷, old", ""),  # another item's correction: not this one
])
def test_a_correction_that_does_not_match_does_not_count(repo, wrong, hint):
    change_amounts(repo)
    corrections = CORRECTIONS.replace(wrong, {"old: 1000000, date: 2025-12-01": "old: 999999, date: 2025-12-01",
                                              "label: 研修会の資料印刷, old": "label: 講師謝金, old"}[wrong])
    repo.edit(FILE, "settled_on: null\n", "settled_on: null\n" + corrections)
    code, findings = check(repo)
    assert code == 1
    assert [f["path"] for f in findings if f["code"] in HISTORY] == ["items[3].decided"]
    assert message(findings).endswith("を追加してください。" + hint)


def test_deleting_a_decided_grant_is_an_error(repo):
    repo.remove(FILE)
    repo.commit("削除")
    code, findings = check(repo, "--base", "HEAD~1")
    assert code == 1
    assert history(findings) == [("history-grant-deleted", REL, 1, 1, "")]
    assert message(findings, "history-grant-deleted").startswith(
        "補助金「「在宅医療に必要な連携を担う拠点」に対する補助（令和7年度・札幌拠点）」（sapporo-2025）は比較の基準 HEAD~1 (")
    assert "で交付決定が記録されていました（交付決定額の計 4,012,000円（4,012千円）、交付決定日 2025-06-30）が" in \
        message(findings, "history-grant-deleted")
    en = json.loads(repo.zaitaku("check", "--as-of", AS_OF, "--format", "json", "--base", "HEAD~1", "--lang",
                                 "en").stdout)["findings"]
    assert message(en, "history-grant-deleted").startswith(
        "The grant 'Subsidy for the hubs that carry the coordination home medical care needs (FY2025, 札幌拠点)' "
        "(sapporo-2025) had a decision recorded at the base revision HEAD~1 (")
    assert "(decided ¥4,012,000, decided on 2025-06-30) but has been deleted." in message(en, "history-grant-deleted")


def test_a_renamed_grant_is_a_deletion(repo):
    repo.remove(FILE)
    repo.write("grants/sapporo-r7.yaml", GRANT.replace("id: sapporo-2025", "id: sapporo-r7"))
    code, findings = check(repo)
    assert code == 1
    assert history(findings) == [("history-grant-deleted", REL, 1, 1, "")]


def test_a_grant_with_nothing_decided_may_be_deleted(repo):
    undecided = GRANT.replace("decided_on: 2025-06-30", "decided_on: null")
    for amount in ("2092000", "920000", "1000000"):
        undecided = undecided.replace(f"decided: {amount}", "decided: null")
    repo.write(FILE, undecided)
    repo.commit("申請中")
    repo.remove(FILE)
    code, findings = check(repo)
    assert history(findings) == [] and code == 0


def test_a_wrongly_written_amount_is_the_plain_checks_finding(repo):
    repo.edit(FILE, "applied: 920000, decided: 920000", "applied: 920000, decided: 920千円")
    code, findings = check(repo)
    assert code == 1
    assert history(findings) == []
    assert [f["path"] for f in findings if f["file"] == REL and f["severity"] == "error"] == ["items[1].decided"]


@pytest.mark.parametrize("odd", [
    "items: [1, {category: office}, [x]]\n",
    "items: {category: office}\n",
    "items:\n  - {category: office, expense_type: 需用費, applied: true, decided: 1.5}\n",
    "fiscal_year: 令和7年度\nbody: 試験市医師会\nitems: []\ncorrections: 訂正\n",
    "decided_on: 2025-13-40\nsettled_on: [1]\nitems:\n  - {category: office, expense_type: 需用費, applied: 1, decided: \"1,000千円\"}\n",
])
def test_odd_grants_never_raise(repo, odd):
    """A grant written wrongly at the base or now is the plain check's finding; diff and check --base
    compare what they can and never fail."""
    repo.write("grants/odd.yaml", "id: odd\nmenu: hub-coordination\n" + odd)
    repo.commit("変な記録")
    repo.write("grants/odd.yaml", "id: odd\nfiscal_year: 2025\nmenu: hub-coordination\nitems:\n"
               "  - {category: office, expense_type: 需用費, applied: 1000, decided: 1000}\n")
    for proc in (repo.zaitaku("diff", "HEAD"), repo.zaitaku("diff", "HEAD", "--format", "json"),
                 repo.zaitaku("diff", "HEAD", "--lang", "en", "--format", "md")):
        assert proc.returncode == 0, proc.stderr
    code, findings = check(repo)
    assert [f for f in findings if f["code"] in HISTORY and f["file"] != "registry/grants/odd.yaml"] == []
    repo.commit("直した")
    repo.write("grants/odd.yaml", "id: odd\nmenu: hub-coordination\n" + odd)
    assert repo.zaitaku("diff", "HEAD").returncode == 0
    check(repo)
    repo.remove("grants/odd.yaml")
    code, findings = check(repo)
    assert history(findings) == [("history-grant-deleted", "registry/grants/odd.yaml", 1, 1, "")]
