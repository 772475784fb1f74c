"""`zaitaku check --base REV`: the history rules on top of the usual ones (DESIGN §4 History), on
real git repositories: a recorded date does not change silently, a designated record is never
deleted (nor set back to planned), and a correction with the base's value explains a change."""

from __future__ import annotations

import json

import pytest

from history_repo import LINE, VALUE_COLUMN, Repo, hub, institution

AS_OF = "2026-06-30"
HISTORY = ("history-designation-deleted", "history-date-changed", "history-designation-reverted")


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path / "repo")
    r.commit("基準")
    return r


def check(repo, *args):
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def history(findings):
    return [(f["code"], f["file"], f["line"], f["column"], f["path"]) for f in findings if f["code"] in HISTORY]


def test_the_base_is_clean(repo):
    code, findings = check(repo, "--base", "HEAD")
    assert code == 0 and history(findings) == []
    assert not [f for f in findings if f["severity"] == "error"]


def test_a_silent_date_change_is_an_error_at_the_value(repo):
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    repo.commit("日付を変更")
    code, findings = check(repo, "--base", "HEAD~1")
    assert code == 1
    assert history(findings) == [("history-date-changed", "registry/hubs/muroran.yaml", LINE["designated_on"],
                                  VALUE_COLUMN["designated_on"], "designation.designated_on")]
    message = next(f["message"] for f in findings if f["code"] == "history-date-changed")
    assert "2025-07-01" in message and "2025-07-15" in message and "HEAD~1" in message
    assert "{field: designated_on, old: 2025-07-01, date: 訂正した日, reason: 理由}" in message
    # without --base the same registry is clean: the rule needs history
    assert check(repo)[0] == 0


def test_text_output_gives_file_line_and_column(repo):
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD")
    assert proc.returncode == 1
    assert (f"registry/hubs/muroran.yaml:{LINE['designated_on']}:{VALUE_COLUMN['designated_on']}  エラー  "
            "history-date-changed") in proc.stdout


def test_a_matching_correction_explains_the_change(repo):
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    repo.edit("hubs/muroran.yaml", "  notice: null\n", "  notice: null\n  corrections:\n"
              "    - {field: designated_on, old: 令和7年7月1日, date: 2025-09-10, reason: 告示の日付の転記誤り}\n")
    repo.commit("日付を訂正")
    code, findings = check(repo, "--base", "HEAD~1")
    assert history(findings) == []
    assert code == 0


@pytest.mark.parametrize("correction, hint", [
    ("{field: designated_on, old: 2025-07-02, date: 2025-09-10, reason: 誤り}", "一致しません"),
    ("{field: withdrawn_on, old: 2025-07-01, date: 2025-09-10, reason: 誤り}", ""),
])
def test_a_correction_that_does_not_match_does_not_count(repo, correction, hint):
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    repo.edit("hubs/muroran.yaml", "  notice: null\n", f"  notice: null\n  corrections:\n    - {correction}\n")
    code, findings = check(repo, "--base", "HEAD")
    assert code == 1
    assert [c for c, *_ in history(findings)] == ["history-date-changed"]
    message = next(f["message"] for f in findings if f["code"] == "history-date-changed")
    assert hint in message


@pytest.mark.parametrize("date", ["2025-02-30", "昨日"])
@pytest.mark.parametrize("base", [(), ("--base", "HEAD")])
def test_a_correction_with_an_unreadable_date_is_one_finding_at_that_date(repo, date, base):
    """The correction's own date is parsed by the plain check, at its line and column; with
    --base the correction (right old value, a reason) still explains the change, so the one
    fault is reported once, where it is."""
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    line = f"    - {{field: designated_on, old: 2025-07-01, date: {date}, reason: 誤り}}\n"
    repo.edit("hubs/muroran.yaml", "  notice: null\n", "  notice: null\n  corrections:\n" + line)
    code, findings = check(repo, *base)
    assert code == 1
    errors = [(f["code"], f["file"], f["line"], f["column"], f["path"]) for f in findings if f["severity"] == "error"]
    assert errors == [("date-invalid", "registry/hubs/muroran.yaml", LINE["withdrawn_on"] + 3,
                       line.index(date) + 1, "designation.corrections[0].date")]
    message = next(f["message"] for f in findings if f["code"] == "date-invalid")
    assert message.startswith(f"designation.corrections[0].date（訂正した日）「{date}」は日付として読めません。")


def test_a_correction_needs_every_field(repo):
    repo.edit("hubs/muroran.yaml", "  notice: null\n",
              "  notice: null\n  corrections:\n    - {field: designated_on, old: 2025-07-01, date: 2025-09-10}\n")
    code, findings = check(repo)
    assert code == 1
    assert [(f["code"], f["line"]) for f in findings if f["severity"] == "error"] == [("schema-required", 19)]


@pytest.mark.parametrize("field, old, new", [
    ("designated_on", "2025-07-01", "null"),  # a date removed
    ("withdrawn_on", None, None),  # set up below: a recorded withdrawal date changed
])
def test_removing_or_changing_other_dates(repo, field, old, new):
    if field == "withdrawn_on":
        repo.edit("hubs/sapporo.yaml", "status: designated", "status: withdrawn")
        repo.edit("hubs/sapporo.yaml", "withdrawn_on: null", "withdrawn_on: 2026-03-31")
        repo.commit("取消")
        repo.edit("hubs/sapporo.yaml", "withdrawn_on: 2026-03-31", "withdrawn_on: 2026-03-30")
        rel = "registry/hubs/sapporo.yaml"
    else:
        repo.edit("hubs/muroran.yaml", f"{field}: {old}", f"{field}: {new}")
        rel = "registry/hubs/muroran.yaml"
    code, findings = check(repo, "--base", "HEAD")
    assert code == 1
    assert history(findings) == [("history-date-changed", rel, LINE[field], VALUE_COLUMN[field],
                                  f"designation.{field}")]


def test_adding_precision_is_not_a_correction(repo):
    repo.write("hubs/kitami.yaml", hub("kitami", "北見拠点", designated_on="2025-08"))
    repo.edit("institutions/clinic-a.yaml", "designated_on: 2025-07-01", "designated_on: null")
    repo.edit("institutions/clinic-a.yaml", "designated_by: null", "designated_by: 2025-07-21")
    repo.commit("日が分からない指定")
    repo.edit("hubs/kitami.yaml", "designated_on: 2025-08", "designated_on: 2025-08-05")
    repo.edit("institutions/clinic-a.yaml", "designated_on: null", "designated_on: 2025-07-10")
    repo.edit("institutions/clinic-a.yaml", "designated_by: 2025-07-21", "designated_by: null")
    code, findings = check(repo, "--base", "HEAD")
    assert history(findings) == [] and code == 0
    # but not outside the month, nor after the upper bound
    repo.edit("hubs/kitami.yaml", "designated_on: 2025-08-05", "designated_on: 2025-09-05")
    repo.edit("institutions/clinic-a.yaml", "designated_on: 2025-07-10", "designated_on: 2025-07-25")
    code, findings = check(repo, "--base", "HEAD")
    assert sorted(history(findings)) == [
        ("history-date-changed", "registry/hubs/kitami.yaml", LINE["designated_on"], VALUE_COLUMN["designated_on"],
         "designation.designated_on"),
        ("history-date-changed", "registry/institutions/clinic-a.yaml", LINE["designated_by"],
         VALUE_COLUMN["designated_by"], "designation.designated_by"),
    ]


def test_deleting_a_designated_record_is_an_error(repo):
    repo.remove("institutions/clinic-a.yaml")
    repo.remove("institutions/clinic-b.yaml")  # planned: may be deleted
    repo.commit("削除")
    code, findings = check(repo, "--base", "HEAD~1")
    assert code == 1
    assert history(findings) == [("history-designation-deleted", "registry/institutions/clinic-a.yaml", 1, 1, "")]
    message = next(f["message"] for f in findings if f["code"] == "history-designation-deleted")
    assert "Aクリニック" in message and "HEAD~1 (" in message and "withdrawn" in message


def test_deleting_a_record_with_steps_is_a_warning(repo):
    """A candidate with recorded steps rebuilds past tables: deleting it is a warning (it may have
    been made by mistake); one without steps may go silently (clinic-b above)."""
    repo.edit("institutions/clinic-b.yaml", "status: planned",
              "status: coordinating\n  steps: [{status: planned, by: 2025-07-21}, {status: coordinating, date: 2025-08-01}]")
    repo.commit("経過")
    repo.remove("institutions/clinic-b.yaml")
    repo.commit("削除")
    code, findings = check(repo, "--base", "HEAD~1")
    assert code == 0
    deleted = [f for f in findings if f["code"] == "history-steps-deleted"]
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in deleted] == [
        ("registry/institutions/clinic-b.yaml", 1, 1, "warning")]
    assert "指定に向けた経過（予定、調整中）が記録されていましたが" in deleted[0]["message"]
    assert "zaitaku withdraw" in deleted[0]["message"]


def test_a_withdrawn_record_is_kept_too(repo):
    repo.edit("hubs/sapporo.yaml", "status: designated", "status: withdrawn")
    repo.edit("hubs/sapporo.yaml", "withdrawn_on: null", "withdrawn_on: 2026-03-31")
    repo.commit("取消")
    assert check(repo, "--base", "HEAD~1")[0] == 0  # withdrawing is the right way
    repo.remove("hubs/sapporo.yaml")
    code, findings = check(repo, "--base", "HEAD")
    assert history(findings) == [("history-designation-deleted", "registry/hubs/sapporo.yaml", 1, 1, "")]


def test_a_renamed_id_is_a_deletion(repo):
    text = (repo.registry / "hubs/muroran.yaml").read_text(encoding="utf-8")
    repo.remove("hubs/muroran.yaml")
    repo.write("hubs/muroran-hub.yaml", text.replace("id: muroran\n", "id: muroran-hub\n"))
    code, findings = check(repo, "--base", "HEAD")
    assert code == 1
    assert history(findings) == [("history-designation-deleted", "registry/hubs/muroran.yaml", 1, 1, "")]


def test_setting_a_designation_back_to_planned(repo):
    repo.edit("institutions/clinic-a.yaml", "status: designated", "status: planned")
    repo.edit("institutions/clinic-a.yaml", "designated_on: 2025-07-01", "designated_on: null")
    code, findings = check(repo, "--base", "HEAD")
    assert history(findings) == [("history-designation-reverted", "registry/institutions/clinic-a.yaml",
                                  LINE["status"], VALUE_COLUMN["status"], "designation.status")]
    repo.edit("institutions/clinic-a.yaml", "  notice: null\n", "  notice: null\n  corrections:\n"
              "    - {field: designated_on, old: 2025-07-01, date: 2025-08-01, reason: 別の医療機関の指定を誤って記録}\n")
    code, findings = check(repo, "--base", "HEAD")
    assert history(findings) == [] and code == 0


def test_paths_restrict_the_history_findings_too(repo):
    repo.remove("institutions/clinic-a.yaml")
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    _, findings = check(repo, "registry/hubs/muroran.yaml", "--base", "HEAD")
    assert [c for c, *_ in history(findings)] == ["history-date-changed"]
    _, findings = check(repo, "registry/institutions", "--base", "HEAD")
    assert [c for c, *_ in history(findings)] == ["history-designation-deleted"]
    _, findings = check(repo, "--base", "HEAD")
    assert len(history(findings)) == 2


def test_github_format_and_english(repo):
    repo.remove("institutions/clinic-a.yaml")
    proc = repo.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD", "--format", "github", "--lang", "en")
    assert proc.returncode == 1
    line = next(l for l in proc.stdout.splitlines() if "history-designation-deleted" in l)
    assert line.startswith("::error file=registry/institutions/clinic-a.yaml,line=1,col=1,")
    assert "has been deleted from the registry" in line


def test_a_new_record_has_no_history(repo):
    repo.write("institutions/clinic-d.yaml", institution("clinic-d", designated_on="2025-11-01"))
    code, findings = check(repo, "--base", "HEAD")
    assert history(findings) == [] and code == 0


def test_a_base_without_a_registry(tmp_path):
    r = Repo(tmp_path / "repo")
    (r.path / "README").write_text("x", encoding="utf-8")
    r.git("add", "README")
    r.git("commit", "-q", "-m", "登録簿の前")
    proc = r.zaitaku("check", "--as-of", AS_OF, "--base", "HEAD")
    assert proc.returncode == 0
    assert "登録簿がまだない" in proc.stderr


def test_unknown_base_exits_2(repo):
    proc = repo.zaitaku("check", "--base", "origin/main")
    assert proc.returncode == 2
    assert "origin/main" in proc.stderr and proc.stdout == ""


def test_outside_a_git_repository_exits_2(tmp_path):
    r = Repo(tmp_path / "repo")
    import shutil

    shutil.rmtree(r.path / ".git")
    proc = r.zaitaku("check", "--base", "HEAD")
    assert proc.returncode == 2
    assert "git のリポジトリではありません" in proc.stderr


def test_history_messages_use_the_shared_status_labels(repo):
    """The status in a history message is model.status_label's (指定済, 指定取消・辞退)."""
    repo.edit("hubs/sapporo.yaml", "status: designated", "status: withdrawn")
    repo.edit("hubs/sapporo.yaml", "withdrawn_on: null", "withdrawn_on: 2026-03-31")
    repo.commit("取消")
    repo.remove("institutions/clinic-a.yaml")
    repo.remove("hubs/sapporo.yaml")
    _, findings = check(repo, "--base", "HEAD")
    messages = {f["file"]: f["message"] for f in findings if f["code"] == "history-designation-deleted"}
    assert "で指定済でしたが" in messages["registry/institutions/clinic-a.yaml"]
    assert "で指定取消・辞退でしたが" in messages["registry/hubs/sapporo.yaml"]
