"""`zaitaku diff REV [REV]` on a real git repository with several commits: exactly what changed,
as JSON (exact objects), Markdown (table rows) and text."""

from __future__ import annotations

import json

import pytest
import yaml

from history_repo import Repo, institution


@pytest.fixture
def repo(tmp_path):
    """Commits: base → c1 (designate, withdraw, change, add, a reformatted date and a note) →
    c2 (a designated record deleted, a record renamed)."""
    r = Repo(tmp_path / "repo")
    r.revs = {"base": r.commit("基準")}
    r.kushiro = yaml.safe_load((r.registry / "zones/kushiro.yaml").read_text(encoding="utf-8"))["name"]
    r.edit("hubs/kitami.yaml", "status: planned", "status: designated")
    r.edit("hubs/kitami.yaml", "designated_on: null", "designated_on: 2025-08-20")
    r.edit("hubs/sapporo.yaml", "status: designated", "status: withdrawn")
    r.edit("hubs/sapporo.yaml", "withdrawn_on: null", "withdrawn_on: 令和8年3月31日")
    r.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: R7.7.1")  # the same date
    r.edit("institutions/clinic-b.yaml", "name: Bクリニック", "name: B在宅クリニック")
    r.edit("institutions/clinic-b.yaml", "training: false", "training: true")
    r.edit("institutions/clinic-a.yaml", "  notice: null\n", "  notice: null\nnote: 備考だけの変更\n")
    r.edit("zones/kushiro.yaml", f"name: {r.kushiro}", "name: 釧路・根室北部在宅医療圏")
    r.write("institutions/clinic-c.yaml", institution("clinic-c", "Cクリニック", zone="sapporo",
                                                      municipality="011002", status="planned"))
    r.revs["c1"] = r.commit("指定・取消・変更")
    r.remove("institutions/clinic-a.yaml")
    text = (r.registry / "institutions/clinic-b.yaml").read_text(encoding="utf-8")
    r.remove("institutions/clinic-b.yaml")
    r.write("institutions/clinic-bb.yaml", text.replace("id: clinic-b\n", "id: clinic-bb\n"))
    r.revs["c2"] = r.commit("削除と改名")
    return r


C1_CHANGES = [
    {"kind": "zone", "id": "kushiro", "name": "釧路・根室北部在宅医療圏", "change": "changed",
     "file": "registry/zones/kushiro.yaml",
     "fields": [{"field": "name", "old": None, "new": "釧路・根室北部在宅医療圏"}]},  # old filled in below
    {"kind": "institution", "id": "clinic-b", "name": "B在宅クリニック", "change": "changed",
     "file": "registry/institutions/clinic-b.yaml",
     "fields": [{"field": "name", "old": "Bクリニック", "new": "B在宅クリニック"},
                {"field": "requirements.training", "old": False, "new": True}]},
    {"kind": "institution", "id": "clinic-c", "name": "Cクリニック", "change": "added",
     "file": "registry/institutions/clinic-c.yaml",
     "fields": [{"field": "designation.status", "old": None, "new": "planned"},
                {"field": "zone", "old": None, "new": "sapporo"}]},
    {"kind": "hub", "id": "kitami", "name": "北見拠点", "change": "designated", "file": "registry/hubs/kitami.yaml",
     "fields": [{"field": "designation.status", "old": "planned", "new": "designated"},
                {"field": "designation.designated_on", "old": None, "new": "2025-08-20"}]},
    {"kind": "hub", "id": "sapporo", "name": "札幌拠点", "change": "withdrawn", "file": "registry/hubs/sapporo.yaml",
     "fields": [{"field": "designation.status", "old": "designated", "new": "withdrawn"},
                {"field": "designation.withdrawn_on", "old": None, "new": "2026-03-31"}]},
]


def _c1_changes(repo):
    expected = json.loads(json.dumps(C1_CHANGES))
    expected[0]["fields"][0]["old"] = repo.kushiro
    return expected


def test_json_lists_exactly_the_changes_between_two_revisions(repo):
    proc = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--format", "json", check=True)
    out = json.loads(proc.stdout)
    assert out["changes"] == _c1_changes(repo)
    assert out["summary"] == {"added": 1, "designated": 1, "withdrawn": 1, "changed": 2, "deleted": 0}
    assert out["from"] == {"rev": repo.revs["base"], "commit": repo.revs["base"]}
    assert out["to"] == {"rev": repo.revs["c1"], "commit": repo.revs["c1"]}
    assert out["unreadable"] == []


def test_deletion_and_rename(repo):
    proc = repo.zaitaku("diff", "HEAD~1", "HEAD", "--format", "json", check=True)
    changes = json.loads(proc.stdout)["changes"]
    assert [(c["kind"], c["id"], c["change"]) for c in changes] == [
        ("institution", "clinic-a", "deleted"),
        ("institution", "clinic-b", "deleted"),
        ("institution", "clinic-bb", "added"),  # planned: added, not designated
    ]
    assert changes[0] == {
        "kind": "institution", "id": "clinic-a", "name": "Aクリニック", "change": "deleted",
        "file": "registry/institutions/clinic-a.yaml",
        "fields": [{"field": "designation.status", "old": "designated", "new": None},
                   {"field": "designation.designated_on", "old": "2025-07-01", "new": None},
                   {"field": "zone", "old": "muroran", "new": None}]}


def test_second_revision_defaults_to_the_working_tree(repo):
    assert json.loads(repo.zaitaku("diff", "HEAD", "--format", "json", check=True).stdout)["changes"] == []
    repo.edit("hubs/muroran.yaml", "designated_on: R7.7.1", "designated_on: 2025-07-02")  # not committed
    out = json.loads(repo.zaitaku("diff", "HEAD", "--format", "json", check=True).stdout)
    assert out["to"] == {"rev": None, "commit": None}
    assert out["changes"] == [{
        "kind": "hub", "id": "muroran", "name": "室蘭拠点", "change": "changed", "file": "registry/hubs/muroran.yaml",
        "fields": [{"field": "designation.designated_on", "old": "2025-07-01", "new": "2025-07-02"}]}]


def test_markdown_rows_per_kind(repo):
    proc = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--format", "md", check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("## 登録簿の変更（") and "→" in lines[0]
    headings = [l for l in lines if l.startswith("### ")]
    assert headings == ["### 在宅医療圏", "### 在宅医療において積極的役割を担う医療機関",
                        "### 在宅医療に必要な連携を担う拠点"]
    rows = [l for l in lines if l.startswith("| ") and not l.startswith("| 区分")]
    assert rows == [
        f"| 変更 | kushiro | 釧路・根室北部在宅医療圏 | 名称 | {repo.kushiro} | 釧路・根室北部在宅医療圏 |",
        "| 変更 | clinic-b | B在宅クリニック | 医療機関名 | Bクリニック | B在宅クリニック |",
        "|  |  |  | 選定要件④ | false | true |",
        # statuses by their labels, dates as era dates: the Markdown is a draft for a plan amendment notice
        "| 追加 | clinic-c | Cクリニック | 指定状況 | — | 予定 |",
        "|  |  |  | 在宅医療圏 | — | sapporo |",
        "| 指定 | kitami | 北見拠点 | 指定状況 | 予定 | 指定済 |",
        "|  |  |  | 指定年月日 | — | 令和7年8月20日 |",
        "| 指定取消・辞退 | sapporo | 札幌拠点 | 指定状況 | 指定済 | 指定取消・辞退 |",
        "|  |  |  | 指定取消・辞退年月日 | — | 令和8年3月31日 |",
    ]
    assert lines[-1] == "指定 1件、指定取消・辞退 1件、変更 2件、追加 1件、削除 0件"


def test_markdown_in_english(repo):
    proc = repo.zaitaku("diff", repo.revs["base"], repo.revs["c1"], "--format", "md", "--lang", "en", check=True)
    assert "| Change | ID | Name | Field | Before | After |" in proc.stdout
    assert "| designated | kitami | 北見拠点 | designation.status | planned | designated |" in proc.stdout
    assert proc.stdout.rstrip().endswith("1 designated, 1 withdrawn, 2 changed, 1 added, 0 deleted")


def test_text_output(repo):
    proc = repo.zaitaku("diff", "HEAD~1", "HEAD", check=True)
    out = proc.stdout
    assert "削除  clinic-a  Aクリニック" in out
    assert "指定状況: 指定済 → —" in out
    assert "指定年月日: 令和7年7月1日 → —" in out
    assert out.rstrip().endswith("指定 0件、指定取消・辞退 0件、変更 0件、追加 1件、削除 2件")


def test_no_changes(repo):
    proc = repo.zaitaku("diff", "HEAD", "HEAD", check=True)
    assert "変更はありません。" in proc.stdout


def test_unknown_revision_exits_2_without_traceback(repo):
    proc = repo.zaitaku("diff", "no-such-branch")
    assert proc.returncode == 2
    assert "no-such-branch" in proc.stderr and "見つかりません" in proc.stderr
    assert proc.stdout == ""


def test_a_revision_without_a_registry_has_no_records(tmp_path):
    r = Repo(tmp_path / "repo", records={})
    (r.path / "README").write_text("x", encoding="utf-8")
    r.git("add", "README")
    r.git("commit", "-q", "-m", "登録簿の前")
    r.commit("登録簿")
    proc = r.zaitaku("diff", "HEAD~1", "HEAD", "--format", "json", check=True)
    changes = json.loads(proc.stdout)["changes"]
    assert changes and {c["change"] for c in changes} == {"added"}
    assert {c["kind"] for c in changes} == {"zone"}


# --- values for people: status labels, month-only dates ----------------------------------------------

def test_month_only_dates_print_as_months_and_statuses_as_labels(tmp_path):
    r = Repo(tmp_path / "repo")
    r.commit("基準")
    r.edit("hubs/kitami.yaml", "status: planned", "status: designated")
    r.edit("hubs/kitami.yaml", "designated_on: null", "designated_on: 令和7年8月")
    r.edit("institutions/clinic-b.yaml", "status: planned", "status: applied")
    md = r.zaitaku("diff", "HEAD", "--format", "md", check=True).stdout
    assert "| 指定 | kitami | 北見拠点 | 指定状況 | 予定 | 指定済 |" in md
    assert "|  |  |  | 指定年月日 | — | 令和7年8月 |" in md  # the month, never 令和7年8月31日
    assert "| 変更 | clinic-b | Bクリニック | 指定状況 | 予定 | 申請書提出済（審査中） |" in md
    text = r.zaitaku("diff", "HEAD", check=True).stdout
    assert "指定年月日: — → 令和7年8月" in text and "指定状況: 予定 → 指定済" in text
    en = r.zaitaku("diff", "HEAD", "--format", "md", "--lang", "en", check=True).stdout
    assert r"| designation.designated\_on | — | 2025-08 |" in en  # Markdown escapes _
    assert "| designation.status | planned | applied (under review) |" in en
    data = json.loads(r.zaitaku("diff", "HEAD", "--format", "json", check=True).stdout)
    assert {"field": "designation.designated_on", "old": None, "new": "2025-08"} in data["changes"][1]["fields"]


def test_date_text():
    from zaitaku_cli.history.render import date_text, field_value

    assert date_text("2025-08", "ja") == "令和7年8月"
    assert date_text("2019-05", "ja") == "令和元年5月"
    assert date_text("2019-04", "ja") == "平成31年4月"
    assert date_text("2025-07-01", "ja") == "令和7年7月1日"
    assert date_text("1900-01", "ja") == "1900年1月"
    assert date_text("not a date", "ja") == "not a date"
    assert date_text("2025-08", "en") == "2025-08"
    assert field_value("designation.status", "withdrawn", "ja") == "指定取消・辞退"
    assert field_value("designation.notice", "2025-08", "ja") == "2025-08"  # not a date field


def test_one_vocabulary_of_status_labels():
    import zaitaku_cli.edit.decision as decision
    import zaitaku_cli.history.rules as rules

    assert not hasattr(decision, "STATUS_JA") and not hasattr(rules, "STATUS_LABELS")
