"""`zaitaku check --base REV` keeps recorded steps (designation.steps) as it keeps designation
dates, on real git repositories: a dated step of the base that is gone, or whose status or date
changed, is history-step-changed unless a correction {field: steps, step, old, date, reason}
explains it; added steps and added precision need nothing."""

from __future__ import annotations

import json

import pytest

from history_repo import BASE_RECORDS, Repo, hub, institution

AS_OF = "2026-06-30"
STEPS_LINE = 18  # `  steps:` right after `  notice: null` (line 17) in both templates
TOKACHI = "hubs/tokachi.yaml"
CLINIC = "institutions/clinic-b.yaml"


def steps(*items, corrections=()) -> str:
    text = "  steps:\n" + "".join(f"    - {i}\n" for i in items)
    if corrections:
        text += "  corrections:\n" + "".join(f"    - {c}\n" for c in corrections)
    return text


RECORDS = {
    **BASE_RECORDS,
    TOKACHI: hub("tokachi", "十勝拠点", zones=["higashi-tokachi"], designated_on="2025-10-01",
                 extra=steps("{status: coordinating, by: 2025-07-21}")),
    CLINIC: institution("clinic-b", "Bクリニック", zone="sapporo", municipality="011002", status="coordinating",
                        extra=steps("{status: planned, date: 2025-06}", "{status: coordinating, by: 2025-07-21}")),
}


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path / "repo", RECORDS)
    r.commit("基準")
    return r


def check(repo, *args):
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--format", "json", "--base", "HEAD", *args)
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    return proc.returncode, findings


def located(findings, code="history-step-changed"):
    return [(f["file"], f["line"], f["column"], f["path"]) for f in findings if f["code"] == code]


def errors(findings):
    return [(f["code"], f["path"]) for f in findings if f["severity"] == "error"]


def test_the_base_with_steps_is_clean(repo):
    code, findings = check(repo)
    assert code == 0 and errors(findings) == []


def test_a_removed_step_is_an_error_at_the_steps(repo):
    repo.edit(CLINIC, "    - {status: planned, date: 2025-06}\n", "")
    code, findings = check(repo)
    assert code == 1
    # the coordinating step (kept) is now the first item: the planned one is reported at the list
    assert located(findings) == [("registry/institutions/clinic-b.yaml", STEPS_LINE + 1, 5, "designation.steps")]
    f = next(f for f in findings if f["code"] == "history-step-changed")
    assert f["message"].startswith("基準 HEAD (")
    assert "の経過の1番目の段階「予定（2025-06）」が「（削除）」に変わっていますが、designation.corrections に説明がありません。" in f["message"]
    assert "{field: steps, step: planned, old: 2025-06, date: 訂正した日, reason: 理由}" in f["message"]


def test_all_steps_removed(repo):
    repo.edit(TOKACHI, "  steps:\n    - {status: coordinating, by: 2025-07-21}\n", "")
    code, findings = check(repo)
    # no steps key: reported at the designation itself (its first key)
    assert located(findings) == [("registry/hubs/tokachi.yaml", 13, 3, "designation.steps")]


@pytest.mark.parametrize("new, message", [
    ("{status: planned, by: 2025-07-21}", "「調整中（2025-07-21 までに）」が「予定（2025-07-21 までに）」"),
    ("{status: coordinating, by: 2025-07-22}", "「調整中（2025-07-21 までに）」が「調整中（2025-07-22 までに）」"),
    ("{status: coordinating, date: 2025-07-22}", "「調整中（2025-07-21 までに）」が「調整中（2025-07-22）」"),
    ("{status: coordinating, date: 2025-07}", "「調整中（2025-07-21 までに）」が「調整中（2025-07）」"),
])
def test_a_changed_step_is_an_error_at_the_step(repo, new, message):
    """A date after the bound, or a month that may end after it, is not added precision."""
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", new)
    code, findings = check(repo)
    assert code == 1
    assert located(findings) == [("registry/hubs/tokachi.yaml", STEPS_LINE + 1, 7, "designation.steps[0]")]
    assert message in next(f["message"] for f in findings if f["code"] == "history-step-changed")


@pytest.mark.parametrize("new", ["{status: coordinating, date: 2025-07-21}", "{status: coordinating, date: 2025-05-10}",
                                 "{status: coordinating, date: 2025-06}", "{status: coordinating, by: 令和7年7月21日}"])
def test_a_date_on_or_before_the_bound_adds_precision(repo, new):
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", new)
    code, findings = check(repo)
    assert located(findings) == [] and code == 0


def test_a_month_made_exact_within_it_adds_precision(repo):
    repo.edit(CLINIC, "{status: planned, date: 2025-06}", "{status: planned, date: 2025-06-30}")
    assert check(repo) == (0, check(repo)[1]) and located(check(repo)[1]) == []
    repo.edit(CLINIC, "{status: planned, date: 2025-06-30}", "{status: planned, date: 2025-07-01}")
    code, findings = check(repo)
    assert located(findings) == [("registry/institutions/clinic-b.yaml", STEPS_LINE + 1, 7, "designation.steps[0]")]


def test_steps_added_anywhere_are_fine(repo):
    repo.edit(CLINIC, "    - {status: planned, date: 2025-06}\n",
              "    - {status: planned, date: 2025-06}\n    - {status: planned, date: 2025-06-15}\n")
    repo.edit(CLINIC, "status: coordinating\n", "status: applied\n")
    repo.edit(CLINIC, "    - {status: coordinating, by: 2025-07-21}\n",
              "    - {status: coordinating, by: 2025-07-21}\n    - {status: applied, date: 2025-08-05}\n")
    code, findings = check(repo)
    assert located(findings) == []
    assert errors(findings) == []  # a repeated status is only a warning


def test_reordered_steps_lose_one(repo):
    """Steps are matched in order: swapping two loses the one that moved behind."""
    repo.edit(CLINIC, "    - {status: planned, date: 2025-06}\n    - {status: coordinating, by: 2025-07-21}\n",
              "    - {status: coordinating, by: 2025-07-21}\n    - {status: planned, date: 2025-06}\n")
    code, findings = check(repo)
    assert [p for *_, p in located(findings)] == ["designation.steps"]


def test_a_correction_explains_a_changed_step(repo):
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", "{status: planned, by: 2025-07-21}")
    repo.edit(TOKACHI, "    - {status: planned, by: 2025-07-21}\n", "    - {status: planned, by: 2025-07-21}\n"
              "  corrections:\n    - {field: steps, step: coordinating, old: R7.7.21, date: 2025-09-10, reason: 欄の読み誤り}\n")
    code, findings = check(repo)
    assert located(findings) == [] and code == 0


@pytest.mark.parametrize("correction, hint", [
    ("{field: steps, step: coordinating, old: 2025-07-20, date: 2025-09-10, reason: 誤り}",
     "corrections の old「2025-07-20」は基準の段階の日付「2025-07-21」と一致しません。"),
    ("{field: steps, old: 2025-07-21, date: 2025-09-10, reason: 誤り}",
     "corrections に step（訂正した段階: coordinating）を書いてください。"),
    ("{field: steps, step: planned, old: 2025-07-21, date: 2025-09-10, reason: 誤り}", ""),
    ("{field: designated_on, old: 2025-07-21, date: 2025-09-10, reason: 誤り}", ""),
])
def test_a_correction_that_does_not_name_the_step_does_not_count(repo, correction, hint):
    repo.edit(TOKACHI, "  steps:\n    - {status: coordinating, by: 2025-07-21}\n", f"  corrections:\n    - {correction}\n")
    code, findings = check(repo)
    assert code == 1
    message = next(f["message"] for f in findings if f["code"] == "history-step-changed")
    assert message.endswith("を追加してください。" + (hint and hint))


def test_english_message(repo):
    repo.edit(CLINIC, "{status: coordinating, by: 2025-07-21}", "{status: coordinating, by: 2025-07-25}")
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD", "--lang", "en", "--format", "json")
    f = next(f for f in json.loads(proc.stdout)["findings"] if f["code"] == "history-step-changed")
    assert f["message"].startswith("Step 2 at the base revision HEAD (")
    assert ("'coordinating (by 2025-07-21)', is now 'coordinating (by 2025-07-25)' with no entry in "
            "designation.corrections.") in f["message"]
    assert "{field: steps, step: coordinating, old: 2025-07-21, date: <day of the correction>, reason: <why>}" in f["message"]


def test_a_step_cut_by_the_schema_now_is_one_finding(repo):
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", "{status: coordinating, bye: 2025-07-21}")
    code, findings = check(repo)
    assert errors(findings) == [("schema-unknown-key", "designation.steps[0].bye")]


def test_an_unreadable_step_date_now_is_one_finding(repo):
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", "{status: coordinating, by: 2025-07-32}")
    code, findings = check(repo)
    assert errors(findings) == [("date-invalid", "designation.steps[0].by")]


def test_an_undated_step_at_the_base_is_not_kept(repo):
    """A base step without a date recorded nothing dated (it was an error there): it may go."""
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", "{status: coordinating}")
    repo.commit("日付のない段階")
    repo.edit(TOKACHI, "  steps:\n    - {status: coordinating}\n", "")
    code, findings = check(repo)
    assert located(findings) == [] and code == 0


# --- zaitaku diff: steps and the sharing with the health centre --------------------------------------

@pytest.fixture
def moved(repo):
    """tokachi: its step made exact, a step added, the sharing recorded (written as an era date);
    clinic-b: its first step removed."""
    repo.edit(TOKACHI, "{status: coordinating, by: 2025-07-21}", "{status: coordinating, date: 2025-06-10}")
    repo.edit(TOKACHI, "    - {status: coordinating, date: 2025-06-10}\n",
              "    - {status: coordinating, date: 2025-06-10}\n    - {status: applied, date: 2025-08}\n"
              "  health_center_shared_on: R7.6.30\n")
    repo.edit(CLINIC, "    - {status: planned, date: 2025-06}\n", "")
    repo.commit("経過")
    return repo


def test_diff_json_lists_each_step_and_the_sharing(moved):
    out = json.loads(moved.zaitaku("diff", "HEAD~1", "HEAD", "--format", "json", check=True).stdout)
    assert out["changes"] == [
        {"kind": "institution", "id": "clinic-b", "name": "Bクリニック", "change": "changed",
         "file": "registry/institutions/clinic-b.yaml",
         "fields": [{"field": "designation.steps[0]", "old": {"status": "planned", "date": "2025-06"}, "new": None}]},
        {"kind": "hub", "id": "tokachi", "name": "十勝拠点", "change": "changed", "file": "registry/hubs/tokachi.yaml",
         "fields": [
             {"field": "designation.steps[0]", "old": {"status": "coordinating", "by": "2025-07-21"},
              "new": {"status": "coordinating", "date": "2025-06-10"}},
             {"field": "designation.steps[1]", "old": None, "new": {"status": "applied", "date": "2025-08"}},
             {"field": "designation.health_center_shared_on", "old": None, "new": "2025-06-30"}]},
    ]


def test_diff_markdown_shows_steps_as_the_designation_fields(moved):
    md = moved.zaitaku("diff", "HEAD~1", "HEAD", "--format", "md", check=True).stdout
    rows = [l for l in md.splitlines() if l.startswith("| ") and not l.startswith("| 区分")]
    assert rows == [
        "| 変更 | clinic-b | Bクリニック | 経過（1番目） | 予定（令和7年6月） | — |",
        "| 変更 | tokachi | 十勝拠点 | 経過（1番目） | 調整中（令和7年7月21日までに） | 調整中（令和7年6月10日） |",
        "|  |  |  | 経過（2番目） | — | 申請書提出済（審査中）（令和7年8月） |",
        "|  |  |  | 保健所への共有日 | — | 令和7年6月30日 |",
    ]
    en = moved.zaitaku("diff", "HEAD~1", "HEAD", "--format", "md", "--lang", "en", check=True).stdout
    assert r"| changed | tokachi | 十勝拠点 | designation.steps\[0\] | coordinating (by 2025-07-21) | coordinating (2025-06-10) |" in en
    assert r"|  |  |  | designation.health\_center\_shared\_on | — | 2025-06-30 |" in en


def test_diff_text_shows_steps(moved):
    text = moved.zaitaku("diff", "HEAD~1", "HEAD", check=True).stdout
    assert "経過（2番目）: — → 申請書提出済（審査中）（令和7年8月）" in text
    assert "保健所への共有日: — → 令和7年6月30日" in text


@pytest.mark.parametrize("old, new, want", [
    # a step inserted before the others is one step added, not every step changed
    (["P", "C"], ["X", "P", "C"], {"designation.steps[0]": (None, "X")}),
    (["P", "C", "A"], ["P", "A"], {"designation.steps[1]": ("C", None)}),
    (["P", "C"], ["P", "X"], {"designation.steps[1]": ("C", "X")}),
    (["X", "P"], ["P", "Y"], {"designation.steps[0]": ("X", None), "designation.steps[1]": (None, "Y")}),
    ([], [], {}),
])
def test_step_changes_align_the_lists(old, new, want):
    from zaitaku_cli.history.compare import step_changes

    names = {"P": ("planned", "2025-05-01"), "C": ("coordinating", "2025-06-01"), "A": ("applied", "2025-07-01"),
             "X": ("planned", "2025-04-01"), "Y": ("applied", "2025-08-01")}

    def data(letters):
        return {"designation": {"steps": [{"status": names[l][0], "date": names[l][1]} for l in letters]}}

    def value(letter):
        return None if letter is None else {"status": names[letter][0], "date": names[letter][1]}

    assert step_changes(data(old), data(new)) == {p: (value(a), value(b)) for p, (a, b) in want.items()}
