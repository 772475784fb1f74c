"""Reading the registry at a revision from git objects: the working tree is never touched, and a
shallow clone (the CI default) that lacks the revision exits 2 with advice, not a traceback."""

from __future__ import annotations

import datetime
import subprocess

import pytest

from history_repo import Repo, run
from zaitaku_cli.check import load_checked
from zaitaku_cli.history.revision import resolve
from zaitaku_cli.load.git_source import RevisionError


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path / "repo")
    r.commit("基準")
    r.edit("hubs/kitami.yaml", "status: planned", "status: designated")
    r.edit("hubs/kitami.yaml", "designated_on: null", "designated_on: 2025-08-20")
    r.commit("北見を指定")
    r.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    r.commit("室蘭の日付")
    return r


def _snapshot(root):
    return {p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_reading_a_revision_leaves_the_working_tree_untouched(repo):
    repo.edit("hubs/sapporo.yaml", "designated_on: 令和7年4月1日", "designated_on: 2025-04-02")  # uncommitted
    (repo.registry / "hubs/new.yaml").write_text("id: new\n", encoding="utf-8")  # untracked
    status_before = repo.git("status", "--porcelain", "--untracked-files=all")
    files_before = _snapshot(repo.path)
    index_before = (repo.path / ".git" / "index").stat().st_mtime_ns
    head_before = repo.git("rev-parse", "HEAD")

    registry, _ = load_checked(repo.registry, datetime.date(2026, 1, 1), at="HEAD~2")
    assert registry.hubs["kitami"].designation.status == "planned"  # as it was two commits ago
    assert registry.hubs["sapporo"].designation.designated_on.iso() == "2025-04-01"
    assert "new" not in registry.hubs
    for args in (("diff", "HEAD~2", "HEAD~1"), ("check", "--base", "HEAD~2"), ("status", "--at", "HEAD~1")):
        assert run(*args, cwd=repo.path).returncode in (0, 1)

    assert _snapshot(repo.path) == files_before
    assert (repo.path / ".git" / "index").stat().st_mtime_ns == index_before
    assert repo.git("status", "--porcelain", "--untracked-files=all") == status_before
    assert repo.git("rev-parse", "HEAD") == head_before


def test_revisions_by_name_and_id(repo):
    sha = repo.git("rev-parse", "HEAD~1")
    assert resolve(repo.registry, "HEAD~1").hexsha == sha
    assert resolve(repo.registry, sha[:10]).label == sha[:7]
    assert resolve(repo.registry, "main").label == f"main ({repo.git('rev-parse', 'main')[:7]})"
    with pytest.raises(RevisionError):
        resolve(repo.registry, "no-such-rev")


@pytest.fixture
def shallow(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True)
    assert (clone / ".git" / "shallow").exists()
    return clone


@pytest.mark.parametrize("args", [
    ("check", "--base", "HEAD~1"),
    ("check", "--base", "HEAD~1", "--format", "github"),
    ("diff", "HEAD~1"),
    ("diff", "HEAD~1", "HEAD", "--format", "json"),
    ("status", "--at", "HEAD~1"),
], ids=" ".join)
def test_a_shallow_clone_without_the_base_exits_2_with_advice(shallow, args):
    proc = run(*args, cwd=shallow)  # run() fails on any traceback
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "shallow" in proc.stderr and "fetch-depth: 0" in proc.stderr and "git fetch --unshallow" in proc.stderr


def test_a_shallow_clone_given_the_full_id_of_a_commit_it_lacks(repo, shallow):
    """git knows the id (the clone's boundary names it) but not the commit: the advice to fetch."""
    proc = run("diff", repo.git("rev-parse", "HEAD~1"), cwd=shallow)
    assert proc.returncode == 2
    assert "の内容がありません" in proc.stderr and "fetch-depth: 0" in proc.stderr


def test_a_shallow_clone_without_the_base_branch(shallow):
    """CI on a pull request: the target branch was never fetched."""
    proc = run("check", "--base", "origin/no-such-branch", cwd=shallow)
    assert proc.returncode == 2
    assert "origin/no-such-branch" in proc.stderr and "fetch-depth: 0" in proc.stderr


def test_a_shallow_clone_can_still_read_what_it_has(shallow):
    assert run("check", "--base", "HEAD", "--as-of", "2026-06-30", cwd=shallow).returncode == 0


def test_after_fetching_the_history_the_base_is_found(shallow):
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=shallow, check=True)
    proc = run("check", "--base", "HEAD~1", "--as-of", "2026-06-30", "--format", "json", cwd=shallow)
    assert proc.returncode == 1
    assert '"code": "history-date-changed"' in proc.stdout


def test_blobs_are_read_in_one_batch_exactly(tmp_path):
    """read_blobs: every blob's bytes exactly (line ends, an empty file, bytes that are no text),
    each once however often asked, and a blob git does not have left out (its reader says why)."""
    import subprocess

    from zaitaku_cli.load.git_source import read_blobs

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    contents = [b"id: a\r\nname: A\r\n", b"", b"\xff\x00binary\n\n", "名称: 函館\n".encode("utf-8")]
    shas = [subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=tmp_path, input=c, capture_output=True,
                           check=True).stdout.decode().strip() for c in contents]
    missing = "0" * 40
    found = read_blobs(tmp_path, [*shas, shas[0], missing])
    assert found == dict(zip(shas, contents))
    assert read_blobs(tmp_path, []) == {}
