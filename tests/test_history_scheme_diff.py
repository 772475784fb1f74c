"""`zaitaku diff` shows the rule set's changes — prefecture.yaml's settings and the reference
tables — before the records', on a real git repository (exact lines in text and Markdown, the JSON
structure), and the pure comparison of prefecture.yaml values."""

from __future__ import annotations

import json

import pytest
from history_repo import Repo

from zaitaku_cli.history.compare import SettingChange, compare_scheme

POPULATION = "reference/population-2024-01-01.csv"
NEW_ITEM = """\
    - id: visit_records
      mark: ⑥
      mandatory: false
      text: 訪問診療の記録を整えること
      column: 訪問診療の記録
  # seed 001「4 選定要件」：必須要件である"""


def _population_lines(repo) -> list[str]:
    return (repo.registry / POPULATION).read_text(encoding="utf-8").splitlines()


def _set_figures(repo, change) -> None:
    """Rewrite the population file with `change(index, code, figure)` -> figure (index from 1)."""
    lines = _population_lines(repo)
    for i in range(1, len(lines)):
        code, figure = lines[i].split(",")
        lines[i] = f"{code},{change(i, code, int(figure))}"
    (repo.registry / POPULATION).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    """base → c1 (a threshold changed, an override added, a requirement added and one changed, a
    municipality renamed and one added, a figure changed and one added) → c2 (twelve figures
    changed, a population file added) → c3 (comments, layout, `note` and `sources` only)."""
    r = Repo(tmp_path / "repo")
    r.revs = {"base": r.commit("基準")}
    r.edit("prefecture.yaml", "population_threshold: 100000", "population_threshold: 150000")
    r.edit("prefecture.yaml", "    per_zone: 1\n", "    per_zone: 1\n    overrides: {sapporo: 3}\n")
    r.edit("prefecture.yaml", "  # seed 001「4 選定要件」：必須要件である", NEW_ITEM)
    r.edit("prefecture.yaml", "      mandatory: false      # seed 001【任意要件】\n      text: 臨床",
           "      mandatory: true       # 改正で必須に\n      text: 臨床")
    r.edit("reference/municipalities.csv", "012025,函館市,", "012025,函館新市,")
    (r.registry / "reference/municipalities.csv").open("a", encoding="utf-8").write("019992,試験町,シケンチョウ,0109\n")
    _set_figures(r, lambda i, code, figure: 1957000 if code == "011002" else figure)
    (r.registry / POPULATION).open("a", encoding="utf-8").write("019992,1234\n")
    r.revs["c1"] = r.commit("制度と参照データの変更")
    _set_figures(r, lambda i, code, figure: figure + 100 if 2 <= i <= 13 else figure)
    r.write("reference/population-2025-01-01.csv", "code,population\n011002,1950000\n012025,239000\n")
    r.edit("prefecture.yaml", "    - reference/population-2024-01-01.csv\n",
           "    - reference/population-2024-01-01.csv\n    - reference/population-2025-01-01.csv\n")
    r.revs["c2"] = r.commit("人口の更新")
    r.edit("prefecture.yaml", "# 北海道の制度設定（規則集）", "# 北海道の制度設定（規則集）：コメントだけの変更")
    r.edit("prefecture.yaml", "    - {id: medical_association, label: 郡市医師会}",
           "    - id: medical_association\n      label: 郡市医師会")
    r.edit("prefecture.yaml", "  資料のURLと公表日は分かっていない（null）。", "  資料のURLと公表日は、まだ分かっていない。")
    r.edit("prefecture.yaml", "    locator: registry/reference/README.md", "    locator: registry/reference/README.md（照合済み）")
    r.revs["c3"] = r.commit("コメントと備考")
    return r


C1_TEXT = """\
制度設定（prefecture.yaml）
  変更  institution.requirements[training].mandatory: false → true
  追加  institution.requirements[visit_records]: — → {mark: ⑥, mandatory: false, text: 訪問診療の記録を整えること, column: 訪問診療の記録}
  追加  hub.count_rule.overrides.sapporo: — → 3
  変更  hub.count_rule.population_threshold: 100000 → 150000

参照データ
  registry/reference/municipalities.csv
    変更  012025  函館新市  名称: 函館市 → 函館新市
    追加  019992  試験町
        名称: — → 試験町
        よみ: — → シケンチョウ
        二次医療圏: — → 0109
  registry/reference/population-2024-01-01.csv
    変更  011002  札幌市  人口: 1956928 → 1957000
    追加  019992  試験町  人口: — → 1234

制度設定 4件、参照データ 4件、指定 0件、指定取消・辞退 0件、変更 0件、追加 0件、削除 0件
"""


def test_text_shows_the_rule_set_before_the_records(repo):
    out = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], check=True).stdout
    assert out.splitlines()[0] == f"{repo.revs['base'][:7]} → {repo.revs['c1'][:7]}"
    assert out.split("\n", 2)[2] == C1_TEXT


def test_markdown_lines(repo):
    out = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--format", "md", check=True).stdout
    assert out.splitlines()[2:] == [
        "### 制度設定（prefecture.yaml）",
        "",
        "| 区分 | 項目 | 変更前 | 変更後 |",
        "|---|---|---|---|",
        r"| 変更 | institution.requirements\[training\].mandatory | false | true |",
        (r"| 追加 | institution.requirements\[visit\_records\] | — | {mark: ⑥, mandatory: false, "
         "text: 訪問診療の記録を整えること, column: 訪問診療の記録} |"),
        r"| 追加 | hub.count\_rule.overrides.sapporo | — | 3 |",
        r"| 変更 | hub.count\_rule.population\_threshold | 100000 | 150000 |",
        "",
        "### 参照データ",
        "",
        "#### registry/reference/municipalities.csv",
        "",
        "| 区分 | コード | 市町村 | 項目 | 変更前 | 変更後 |",
        "|---|---|---|---|---|---|",
        "| 変更 | 012025 | 函館新市 | 名称 | 函館市 | 函館新市 |",
        "| 追加 | 019992 | 試験町 | 名称 | — | 試験町 |",
        "|  |  |  | よみ | — | シケンチョウ |",
        "|  |  |  | 二次医療圏 | — | 0109 |",
        "",
        "#### registry/reference/population-2024-01-01.csv",
        "",
        "| 区分 | コード | 市町村 | 項目 | 変更前 | 変更後 |",
        "|---|---|---|---|---|---|",
        "| 変更 | 011002 | 札幌市 | 人口 | 1956928 | 1957000 |",
        "| 追加 | 019992 | 試験町 | 人口 | — | 1234 |",
        "",
        "制度設定 4件、参照データ 4件、指定 0件、指定取消・辞退 0件、変更 0件、追加 0件、削除 0件",
    ]


def test_json_structure(repo):
    out = json.loads(repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--format", "json", check=True).stdout)
    assert list(out) == ["from", "to", "scheme", "reference", "changes", "summary", "unreadable"]
    assert out["scheme"] == [
        {"path": "institution.requirements[training].mandatory", "change": "changed", "old": False, "new": True},
        {"path": "institution.requirements[visit_records]", "change": "added", "old": None,
         "new": {"id": "visit_records", "mark": "⑥", "mandatory": False, "text": "訪問診療の記録を整えること",
                 "column": "訪問診療の記録"}},
        {"path": "hub.count_rule.overrides.sapporo", "change": "added", "old": None, "new": 3},
        {"path": "hub.count_rule.population_threshold", "change": "changed", "old": 100000, "new": 150000},
    ]
    assert out["reference"] == [
        {"file": "registry/reference/municipalities.csv", "table": "municipalities", "change": "changed",
         "rows": 180, "changes": [
             {"code": "012025", "name": "函館新市", "change": "changed", "field": "name",
              "old": "函館市", "new": "函館新市"},
             {"code": "019992", "name": "試験町", "change": "added", "field": None, "old": None,
              "new": {"name": "試験町", "kana": "シケンチョウ", "secondary_area": "0109"}}]},
        {"file": "registry/reference/population-2024-01-01.csv", "table": "population", "change": "changed",
         "rows": len(_population_lines(repo)) - 1, "changes": [
             {"code": "011002", "name": "札幌市", "change": "changed", "field": "population",
              "old": 1956928, "new": 1957000},
             {"code": "019992", "name": "試験町", "change": "added", "field": "population", "old": None,
              "new": 1234}]},
    ]
    assert out["changes"] == [] and out["summary"]["changed"] == 0


def test_many_figures_are_summarised_and_a_new_file_is_one_line(repo):
    out = repo.zaitaku("diff", repo.revs["c1"], repo.revs["c2"], check=True).stdout
    lines = out.splitlines()
    start = lines.index("参照データ")
    assert lines[2:start] == [
        "制度設定（prefecture.yaml）",
        ("  変更  reference.population: [reference/population-2024-01-01.csv] → "
         "[reference/population-2024-01-01.csv, reference/population-2025-01-01.csv]"),
        "",
    ]
    shown = lines[start + 2:start + 12]
    assert len(shown) == 10 and all(l.startswith("    変更  0") and "人口: " in l for l in shown)
    assert shown[0] == "    変更  012025  函館新市  人口: 240218 → 240318"
    assert lines[start + 12:start + 15] == [
        "    …ほか 2 件",
        "  registry/reference/population-2025-01-01.csv: ファイルの追加（2行）",
        "",
    ]
    assert lines[-1] == "制度設定 1件、参照データ 13件、指定 0件、指定取消・辞退 0件、変更 0件、追加 0件、削除 0件"
    md = repo.zaitaku("diff", repo.revs["c1"], repo.revs["c2"], "--format", "md", check=True).stdout
    assert "\n…ほか 2 件\n\n#### registry/reference/population-2025-01-01.csv\n\nファイルの追加（2行）\n" in md
    data = json.loads(repo.zaitaku("diff", repo.revs["c1"], repo.revs["c2"], "--format", "json", check=True).stdout)
    assert [len(f["changes"]) for f in data["reference"]] == [12, 0]  # JSON has every figure
    assert data["reference"][1] == {"file": "registry/reference/population-2025-01-01.csv", "table": "population",
                                    "change": "added", "rows": 2, "changes": []}


def test_english(repo):
    out = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--lang", "en", check=True).stdout
    lines = out.splitlines()
    assert lines[2:4] == ["Scheme (prefecture.yaml)", "  changed  institution.requirements[training].mandatory: false → true"]
    assert "Reference data" in lines
    assert "    changed  012025  函館新市  name: 函館市 → 函館新市" in lines
    assert "        secondary_area: — → 0109" in lines
    assert lines[-1] == "4 scheme changes, 4 reference changes, 0 designated, 0 withdrawn, 0 changed, 0 added, 0 deleted"
    md = repo.zaitaku("diff", repo.revs["c1"], repo.revs["c2"], "--format", "md", "--lang", "en", check=True).stdout
    assert "| Change | Code | Municipality | Field | Before | After |" in md
    assert "\n… and 2 more\n" in md and "file added (2 rows)" in md


def test_comments_layout_notes_and_sources_show_nothing(repo):
    out = repo.zaitaku("diff", repo.revs["c2"], repo.revs["c3"], check=True).stdout
    assert out.splitlines()[1:] == ["", "変更はありません。"]
    data = json.loads(repo.zaitaku("diff", repo.revs["c2"], repo.revs["c3"], "--format", "json", check=True).stdout)
    assert data["scheme"] == [] and data["reference"] == []


def test_rule_set_and_records_together(repo):
    repo.edit("hubs/kitami.yaml", "status: planned", "status: coordinating")
    repo.edit("prefecture.yaml", "  per_year_max: 7", "  per_year_max: 8")
    lines = repo.zaitaku("diff", repo.revs["c3"], "--format", "md", check=True).stdout.splitlines()
    headings = [l for l in lines if l.startswith("### ")]
    assert headings == ["### 制度設定（prefecture.yaml）", "### 在宅医療に必要な連携を担う拠点"]
    assert r"| 変更 | target.per\_year\_max | 7 | 8 |" in lines
    assert lines[-1] == "制度設定 1件、指定 0件、指定取消・辞退 0件、変更 1件、追加 0件、削除 0件"


def test_a_revision_without_a_registry_shows_the_whole_rule_set_added(tmp_path):
    r = Repo(tmp_path / "repo", records={})
    (r.path / "README").write_text("x", encoding="utf-8")
    r.git("add", "README")
    r.git("commit", "-q", "-m", "登録簿の前")
    r.commit("登録簿")
    data = json.loads(r.zaitaku("diff", "HEAD~1", "HEAD", "--format", "json", check=True).stdout)
    assert data["scheme"] == [{"path": "", "change": "added", "old": None, "new": None}]
    assert [(f["file"], f["change"], f["changes"]) for f in data["reference"]] == [
        ("registry/reference/municipalities.csv", "added", []),
        ("registry/reference/population-2024-01-01.csv", "added", [])]
    text = r.zaitaku("diff", "HEAD~1", "HEAD", check=True).stdout.splitlines()
    assert text[2:7] == ["制度設定（prefecture.yaml）", "  追加  prefecture.yaml", "", "参照データ",
                         "  registry/reference/municipalities.csv: ファイルの追加（179行）"]


@pytest.mark.parametrize("broken_at", ["old", "new", "worktree"])
def test_an_unusable_prefecture_yaml_exits_2(tmp_path, broken_at):
    r = Repo(tmp_path / "repo")
    text = (r.registry / "prefecture.yaml").read_text(encoding="utf-8")
    broken = text.replace("zone_total: 39", "zone_total: [39")
    r.write("prefecture.yaml", broken if broken_at == "old" else text)
    r.commit("一つ目")
    r.write("prefecture.yaml", broken if broken_at != "old" else text)
    if broken_at != "worktree":
        r.commit("二つ目")
    args = ("diff", "HEAD") if broken_at == "worktree" else ("diff", "HEAD~1", "HEAD")
    proc = r.zaitaku(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "prefecture.yaml" in proc.stderr and len(proc.stderr.splitlines()) == 1
    named = {"old": "HEAD~1 (", "new": "zaitaku: HEAD (", "worktree": "zaitaku check で確認"}[broken_at]
    assert named in proc.stderr


# --- the pure comparison of prefecture.yaml values ----------------------------------------------------

def test_per_year_targets_are_items_by_fiscal_year():
    old = {"target": {"per_year": [{"fiscal_year": 2018, "min": 13, "max": 13}]}}
    new = {"target": {"per_year": [{"fiscal_year": 2018, "min": 13, "max": 14},
                                   {"fiscal_year": 2019, "min": 18, "max": None}]}}
    assert compare_scheme(old, new) == (
        SettingChange("target.per_year[2018].max", "changed", 13, 14),
        SettingChange("target.per_year[2019]", "added", None, {"fiscal_year": 2019, "min": 18, "max": None}),
    )


def test_items_by_code_removed_and_reordered():
    old = {"secondary_areas": [{"code": "0101", "name": "a"}, {"code": "0102", "name": "b"},
                               {"code": "0103", "name": "c"}]}
    new = {"secondary_areas": [{"code": "0102", "name": "b"}, {"code": "0101", "name": "a"}]}
    assert compare_scheme(old, new) == (
        SettingChange("secondary_areas", "reordered", ["0101", "0102"], ["0102", "0101"]),
        SettingChange("secondary_areas[0103]", "removed", {"code": "0103", "name": "c"}, None),
    )


def test_values_not_items_are_compared_whole_and_nothing_is_nothing():
    old = {"institution": {"eligible_kinds": ["a", "b"], "title": "x", "local_name": None},
           "tables": {"regional": {"number": None}}, "pairs": [{"k": 1}]}
    new = {"institution": {"eligible_kinds": ["a"], "title": "y"}, "tables": {"regional": {"number": 5}},
           "pairs": [{"k": 2}], "terms": {}}
    assert compare_scheme(old, new) == (
        SettingChange("institution.eligible_kinds", "changed", ["a", "b"], ["a"]),
        SettingChange("institution.title", "changed", "x", "y"),
        SettingChange("tables.regional.number", "added", None, 5),
        SettingChange("pairs", "changed", [{"k": 1}], [{"k": 2}]),
    )


def test_sources_and_notes_are_not_compared_at_any_depth():
    old = {"hub": {"roles": [{"id": "a", "text": "t", "note": "x"}]}, "sources": [{"title": "s"}], "note": "n"}
    new = {"hub": {"roles": [{"id": "a", "text": "t", "note": "y"}]}, "sources": [], "note": "m"}
    assert compare_scheme(old, new) == ()
    added = compare_scheme({"hub": {}}, {"hub": {"roles": [{"id": "b", "note": "z", "sources": []}]}})
    assert added == (SettingChange("hub.roles[b]", "added", None, {"id": "b"}),)


def test_a_mapping_added_shows_its_leaves():
    old = {"hub": {"count_rule": {"per_zone": 1}}}
    new = {"hub": {"count_rule": {"per_zone": 1, "overrides": {"kumamoto-kamimashiki": 3, "yatsushiro": 2}}}}
    assert compare_scheme(old, new) == (
        SettingChange("hub.count_rule.overrides.kumamoto-kamimashiki", "added", None, 3),
        SettingChange("hub.count_rule.overrides.yatsushiro", "added", None, 2),
    )
