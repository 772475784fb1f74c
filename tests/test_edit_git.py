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


# --- a file with uncommitted changes: the way through (issue 12, kind 5) -------------------------

WITHDRAW = ["withdraw", "institutions/kitami-sample-clinic", "--on", "2026-03-31"]
DESIGNATE_LINES = [
    "-  status: applied                    # 申請書提出済（R7.5.20 受付）",
    "-  designated_on: null                # 審査中",
    "+  status: designated                 # 申請書提出済（R7.5.20 受付）",
    "+  designated_on: 2025-07-01          # 審査中",
]
EARLIER_SUBJECT = "コミットしていなかった変更: 北見サンプル在宅クリニック (kitami-sample-clinic)"
WITHDRAW_SUBJECT = "指定取消・辞退: 北見サンプル在宅クリニック (kitami-sample-clinic) 令和8年3月31日"


def _changed(base, rev="HEAD") -> list[str]:
    diff = git(base, "show", "--format=", "--unified=0", rev)
    return [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _unrelated_work(repo) -> str:
    """A staged file and another record changed but not staged: neither may be committed."""
    (repo / "memo.txt").write_text("別の作業\n", encoding="utf-8")
    git(repo, "add", "memo.txt")
    other = repo / "registry/institutions/tanaka-iin.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# 作業中のメモ\n", encoding="utf-8")
    return _status(repo)


def _suggested(err: str, after: str) -> list[str]:
    """The command printed on the line after the line that ends with `after`."""
    import shlex

    lines = err.splitlines()
    index = next(i for i, line in enumerate(lines) if line.rstrip().endswith(after))
    return shlex.split(lines[index + 1])


@pytest.mark.parametrize("stage", [False, True], ids=["unstaged", "staged"])
def test_withdraw_commit_after_an_uncommitted_designate_shows_the_way_through(repo, stage):
    """designate X (no --commit), then withdraw X --commit: refused, with the change and the
    command that goes on; that command makes two commits, each holding one of the two edits."""
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    if stage:
        git(repo, "add", CLINIC)
    status = _unrelated_work(repo)
    before, designated = _commits(repo), (repo / CLINIC).read_bytes()
    proc = zaitaku([*WITHDRAW, "--commit"], repo)
    assert proc.returncode == 1
    message, diff = proc.err.split("\n\n", 1)
    assert message == (
        f"zaitaku: 記録しませんでした: {CLINIC} にはまだコミットしていない変更があります（下の git diff）。"
        "この記録と関係のない変更を黙って同じコミットに入れないため、このままではコミットしません。次のどれかを実行してください。\n"
        "  その変更も（先に別のコミットとして）コミットしてから記録する:\n"
        "    zaitaku withdraw institutions/kitami-sample-clinic --on 2026-03-31 --commit --with-changes\n"
        "  その変更を取り消す（その変更は失われます）。そのあと同じコマンドをもう一度:\n"
        f"    git checkout HEAD -- {CLINIC}\n"
        "  コミットせずに記録だけする（コミットは後で git で）:\n"
        "    zaitaku withdraw institutions/kitami-sample-clinic --on 2026-03-31\n"
        f"{CLINIC} は変更していません。")
    assert diff.startswith(f"diff --git a/{CLINIC} b/{CLINIC}\n")
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == DESIGNATE_LINES
    assert (repo / CLINIC).read_bytes() == designated and _commits(repo) == before and _status(repo) == status

    suggested = _suggested(proc.err, "コミットしてから記録する:")
    assert suggested[0] == "zaitaku"
    done = zaitaku(suggested[1:], repo)
    assert done.returncode == 0, done.out + done.err
    assert _commits(repo)[2:] == before  # two commits
    assert git(repo, "log", "-2", "--format=%s") == f"{WITHDRAW_SUBJECT}\n{EARLIER_SUBJECT}\n"
    assert git(repo, "log", "-1", "--format=%b", "HEAD~1").rstrip("\n") == (
        f"{CLINIC}: zaitaku withdraw --with-changes が、記録の前に、このファイルのコミットしていなかった変更を"
        "そのままコミットしました。\n"
        "変わった値: designation.status: applied → designated; designation.designated_on: null → 2025-07-01")
    assert _files(repo, "HEAD~1") == [CLINIC] and _files(repo) == [CLINIC]
    assert _changed(repo, "HEAD~1") == DESIGNATE_LINES
    assert _changed(repo) == [
        "-  status: designated                 # 申請書提出済（R7.5.20 受付）",
        "+  status: withdrawn                  # 申請書提出済（R7.5.20 受付）",
        "-  withdrawn_on: null",
        "+  withdrawn_on: 2026-03-31",
    ]
    assert done.out.splitlines()[:3] == [
        f"コミットしました（前からの変更）: {_commits(repo)[1][:10]} {EARLIER_SUBJECT}",
        "  designation.status: applied → designated",
        "  designation.designated_on: null → 2025-07-01",
    ]
    assert done.out.splitlines()[-1] == f"コミットしました: {_commits(repo)[0][:10]} {WITHDRAW_SUBJECT}"
    assert _status(repo) == status.replace(f"M  {CLINIC}\n", "").replace(f" M {CLINIC}\n", "")
    assert "memo.txt" not in git(repo, "log", "--name-only", "--format=")  # never committed
    assert zaitaku(["check", CLINIC], repo).returncode == 0


def test_the_refusal_in_english(repo):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    proc = zaitaku([*WITHDRAW, "--commit", "--lang", "en"], repo)
    assert proc.returncode == 1
    assert proc.err.split("\n\n", 1)[0] == (
        f"zaitaku: not recorded: {CLINIC} has changes that are not committed (the git diff below). They are not put "
        "into this commit silently, as they may have nothing to do with this edit. Run one of:\n"
        "  to commit those changes too (first, as a commit of their own), then record this:\n"
        "    zaitaku withdraw institutions/kitami-sample-clinic --on 2026-03-31 --lang en --commit --with-changes\n"
        "  to discard those changes (they are lost), then run the same command again:\n"
        f"    git checkout HEAD -- {CLINIC}\n"
        "  to record without committing (commit later with git):\n"
        "    zaitaku withdraw institutions/kitami-sample-clinic --on 2026-03-31 --lang en\n"
        f"{CLINIC} is unchanged.")
    done = zaitaku(_suggested(proc.err, "then record this:")[1:], repo)
    assert done.returncode == 0, done.out + done.err
    assert done.out.startswith(f"committed (the earlier changes): {_commits(repo)[1][:10]} {EARLIER_SUBJECT}\n")


def test_a_comment_only_change_is_committed_as_such(repo):
    """An earlier change that changes no value (a comment) is committed under a body that says so."""
    dirty = ORIGINAL.replace(b"note: |-", "# 電話で確認済み\nnote: |-".encode())
    (repo / CLINIC).write_bytes(dirty)
    before = _commits(repo)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--notice", "北海道告示第100号", "--commit",
                    "--with-changes"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert _commits(repo)[2:] == before
    assert git(repo, "log", "-1", "--format=%b", "HEAD~1").rstrip("\n").endswith("値は変わっていません（コメントや書式だけの変更です）。")
    assert _changed(repo, "HEAD~1") == ["+# 電話で確認済み"]
    assert git(repo, "log", "-1", "--format=%s") == "指定: 北見サンプル在宅クリニック (kitami-sample-clinic) 令和7年7月1日\n"
    assert _status(repo) == ""


def test_with_changes_on_a_clean_file_makes_one_commit(repo):
    before = _commits(repo)
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--commit", "--with-changes"], repo)
    assert proc.returncode == 0, proc.out + proc.err
    assert _commits(repo)[1:] == before and "前からの変更" not in proc.out
    assert _changed(repo) == DESIGNATE_LINES


def test_a_record_that_may_not_be_written_commits_no_earlier_change_either(repo):
    """--with-changes commits the earlier change only for an edit that can be written: a read-only
    record (exit 2) leaves the history as it was."""
    import os

    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    dirty, before, status = (repo / CLINIC).read_bytes(), _commits(repo), _status(repo)
    os.chmod(repo / CLINIC, 0o444)
    try:
        proc = zaitaku(["withdraw", CLINIC, "--on", "2025-09-01", "--commit", "--with-changes"], repo)
    finally:
        os.chmod(repo / CLINIC, 0o644)
    assert proc.returncode == 2, proc.out + proc.err
    assert "前からの変更" not in proc.out
    assert (repo / CLINIC).read_bytes() == dirty and _commits(repo) == before and _status(repo) == status


def test_with_changes_needs_commit(repo):
    proc = zaitaku(["designate", CLINIC, "--on", "2025-07-01", "--with-changes"], repo)
    assert proc.returncode == 2
    assert "--with-changes は --commit と一緒に使います" in proc.err
    assert (repo / CLINIC).read_bytes() == ORIGINAL


@pytest.mark.parametrize("args, said", [
    (["withdraw", CLINIC, "--on", "2099-07-01"], "designation-future"),  # the check refuses the edit
    (["withdraw", CLINIC, "--on", "2025-06-01"], "designation-withdrawal"),  # before the designation
    (["designate", CLINIC, "--on", "2025-07-02"], "指定年月日は既に"),  # refused from the record itself
])
def test_a_refused_edit_commits_no_earlier_change_either(repo, args, said):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    dirty, before, status = (repo / CLINIC).read_bytes(), _commits(repo), _status(repo)
    proc = zaitaku([*args, "--commit", "--with-changes"], repo)
    assert proc.returncode == 1 and said in proc.out + proc.err
    assert (repo / CLINIC).read_bytes() == dirty and _commits(repo) == before and _status(repo) == status


def test_a_hook_that_refuses_the_earlier_change_stops_before_writing(repo):
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'フックが拒否' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    dirty, before = (repo / CLINIC).read_bytes(), _commits(repo)
    proc = zaitaku([*WITHDRAW, "--commit", "--with-changes"], repo)
    assert proc.returncode == 1
    assert f"{CLINIC} のコミットしていなかった変更をコミットできませんでした" in proc.err and "フックが拒否" in proc.err
    assert proc.err.rstrip().endswith(f"{CLINIC} は変更していません。")
    assert (repo / CLINIC).read_bytes() == dirty and _commits(repo) == before


@pytest.mark.parametrize("where", ["subfolder", "outside"])
def test_the_suggested_discard_command_works_where_it_was_run(repo, tmp_path_factory, where):
    """The git command is for the folder the officer is in: a path relative to it inside the
    working tree, `git -C <working tree>` outside it (with --registry)."""
    assert zaitaku(["designate", CLINIC, "--on", "2025-07-01"], repo).returncode == 0
    if where == "subfolder":
        cwd, args = repo / "registry" / "institutions", WITHDRAW
    else:
        cwd = tmp_path_factory.mktemp("elsewhere")
        args = [*WITHDRAW, "--registry", str(repo / "registry")]
    proc = zaitaku([*args, "--commit"], cwd)
    assert proc.returncode == 1
    discard = _suggested(proc.err, "そのあと同じコマンドをもう一度:")
    expected = (["git", "checkout", "HEAD", "--", "kitami-sample-clinic.yaml"] if where == "subfolder" else
                ["git", "-C", str(repo.resolve()), "checkout", "HEAD", "--", CLINIC])
    assert discard == expected
    again = _suggested(proc.err, "（コミットは後で git で）:")
    assert again == ["zaitaku", *args]
    git(cwd, *discard[1:])
    assert (repo / CLINIC).read_bytes() == ORIGINAL
    before = _commits(repo)
    proc = zaitaku(["designate", *args[1:2], "--on", "2025-07-01", "--commit", *args[4:]], cwd)
    assert proc.returncode == 0, proc.out + proc.err
    assert _commits(repo)[1:] == before
