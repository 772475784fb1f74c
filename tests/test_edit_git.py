"""`--commit`: one commit holding exactly the edited file, with a Japanese message; refused,
touching nothing, outside a repository or when the file has uncommitted changes of its own."""

from __future__ import annotations

import pytest

from edit_support import CLINIC, EDIT_FIXTURES, git, init_repo, make_registry, zaitaku

ORIGINAL = (EDIT_FIXTURES / "kitami-sample-clinic.yaml").read_bytes()


@pytest.fixture
def repo(tmp_path):
    base = make_registry(tmp_path)
    init_repo(base)
    return base


def _commits(base) -> list[str]:
    return git(base, "rev-list", "HEAD").split()


def _files(base, rev="HEAD") -> list[str]:
    return git(base, "show", "--format=", "--name-only", rev).split()


def _status(base) -> str:
    return git(base, "status", "--porcelain")


def test_commit_holds_exactly_the_file_and_leaves_other_staged_files_staged(repo):
    (repo / "memo.txt").write_text("別の作業\n", encoding="utf-8")
    git(repo, "add", "memo.txt")
    before = _commits(repo)
    proc = zaitaku(["designate", "institutions/kitami-sample-clinic", "--on", "令和7年7月1日", "--commit"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    after = _commits(repo)
    assert after[1:] == before  # exactly one new commit
    assert _files(repo) == [CLINIC]
    assert git(repo, "log", "-1", "--format=%s") == "指定: 北見サンプル在宅クリニック (kitami-sample-clinic) 令和7年7月1日\n"
    assert _status(repo) == "A  memo.txt\n"  # still staged, not committed
    diff = git(repo, "show", "--format=", "--unified=0", "HEAD")
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-  status: applied                    # 申請書提出済（R7.5.20 受付）",
        "-  designated_on: null                # 審査中",
        "+  status: designated                 # 申請書提出済（R7.5.20 受付）",
        "+  designated_on: 2025-07-01          # 審査中",
    ]


def test_applied_designated_withdrawn_in_three_commands_three_clean_commits(repo):
    start = _commits(repo)[0]
    steps = [
        (["designate", CLINIC, "--on", "2025-07-01", "--commit"], "指定: 北見サンプル在宅クリニック (kitami-sample-clinic) 令和7年7月1日"),
        (["designate", CLINIC, "--on", "2025-07-01", "--notice", "北海道告示第100号", "--commit"],
         "指定（告示・通知）: 北見サンプル在宅クリニック (kitami-sample-clinic) 北海道告示第100号"),
        (["withdraw", CLINIC, "--on", "2026-03-31", "--commit"], "指定取消・辞退: 北見サンプル在宅クリニック (kitami-sample-clinic) 令和8年3月31日"),
    ]
    for args, subject in steps:
        proc = zaitaku(args, repo)
        assert proc.returncode == 0, proc.out + proc.err
        assert git(repo, "log", "-1", "--format=%s") == subject + "\n"
        assert _files(repo) == [CLINIC]
        assert _status(repo) == ""
    assert git(repo, "diff", "--name-only", start, "HEAD").split() == [CLINIC]
    stat = git(repo, "diff", "--stat", "HEAD~2").splitlines()
    assert len(stat) == 2 and stat[0].split("|")[0].strip() == CLINIC  # one file, then the summary line
    numstat = git(repo, "diff", "--numstat", start, "HEAD").split()
    assert numstat == ["4", "4", CLINIC]  # status, designated_on, withdrawn_on, notice: four lines, nothing else
    assert zaitaku(["check", CLINIC], repo).returncode == 0


def test_refused_outside_a_repository_and_nothing_is_written(tmp_path):
    base = make_registry(tmp_path)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit"], base)
    assert proc.returncode == 1
    assert "git のリポジトリではありません" in proc.err
    assert (base / CLINIC).read_bytes() == ORIGINAL


@pytest.mark.parametrize("stage", [False, True], ids=["unstaged", "staged"])
def test_refused_when_the_file_has_uncommitted_changes(repo, stage):
    dirty = ORIGINAL.replace(b"note: |-", b"# \xe3\x83\xa1\xe3\x83\xa2\nnote: |-")
    (repo / CLINIC).write_bytes(dirty)
    if stage:
        git(repo, "add", CLINIC)
    before, status = _commits(repo), _status(repo)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit"], repo)
    assert proc.returncode == 1
    assert "コミットしていない変更" in proc.err
    assert (repo / CLINIC).read_bytes() == dirty
    assert _commits(repo) == before and _status(repo) == status


def test_refused_when_the_file_is_not_tracked(repo):
    git(repo, "rm", "-q", "--cached", CLINIC)
    git(repo, "commit", "-q", "-m", "untrack")
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit"], repo)
    assert proc.returncode == 1 and "git に登録されていません" in proc.err
    assert (repo / CLINIC).read_bytes() == ORIGINAL


def test_refused_when_git_does_not_know_who_commits(repo):
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "EMAIL": ""}
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit"], repo, env=env)
    assert proc.returncode == 1 and "user.email" in proc.err
    assert (repo / CLINIC).read_bytes() == ORIGINAL


def test_a_refused_edit_makes_no_commit(repo):
    before = _commits(repo)
    proc = zaitaku(["designate", CLINIC, "--on", "2099-07-01", "--commit"], repo)
    assert proc.returncode == 1 and "designation-future" in proc.out
    assert _commits(repo) == before and _status(repo) == ""


def test_a_hook_that_refuses_the_commit_puts_the_file_back(repo):
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'フックが拒否' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = _commits(repo)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit"], repo)
    assert proc.returncode == 1
    assert "フックが拒否" in proc.err and "元に戻しました" in proc.err
    assert (repo / CLINIC).read_bytes() == ORIGINAL
    assert _commits(repo) == before and _status(repo) == ""
