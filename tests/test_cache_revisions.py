"""The warm cache for revisions read from git (`diff REV REV`, `diff REV`, `check --base REV`):
a blob the code's level keeps (by the id `git ls-tree` lists, nothing hashed) is not parsed
again, whatever revision or scheme it is read under; the output is byte-identical with and
without the cache, cold and warm; links are never kept; a damaged level is ignored.

Each test has a cache folder of its own (conftest.py); the repository is shared by the module."""

from __future__ import annotations

import collections
import datetime
import json
import marshal
import os
import subprocess
from pathlib import Path

import pytest

from history_repo import Repo, four_revisions, run
from zaitaku_cli import cache
from zaitaku_cli.check import check_registry, load_checked
from zaitaku_cli.load import document, git_source, registry as registry_module
from zaitaku_cli.memo import RecordMemo, blob_id

AS_OF = datetime.date(2026, 3, 31)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Repo:
    return four_revisions(tmp_path_factory.mktemp("revisions") / "repo", link=True)


def _cache_dir() -> Path:
    return Path(os.environ["ZAITAKU_CACHE_DIR"])


def _docs_keys() -> set:
    (path,) = _cache_dir().glob("*.docs")
    return set(cache.Store(_cache_dir()).load(path.name))


def _same_with_and_without(repo: Repo, *args: str) -> str:
    """`zaitaku ARGS` without the cache, then cold, then warm twice: the same status and bytes."""
    expected = run(*args, "--no-cache", cwd=repo.path)
    for attempt in ("cold", "warm", "warm again"):
        got = run(*args, cwd=repo.path)
        assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, expected.stderr), attempt
    return expected.stdout


@pytest.mark.parametrize("args", [("diff", "HEAD~3", "HEAD"), ("diff", "HEAD~3", "HEAD~2", "--format", "json"),
                                  ("diff", "HEAD~2", "HEAD~1"), ("diff", "HEAD~3"), ("diff", "HEAD", "--format", "json"),
                                  ("check", "--base", "HEAD~3", "--format", "json"), ("check", "--base", "HEAD~1")],
                         ids=" ".join)
def test_revisions_read_the_same_with_and_without_the_cache(repo, args):
    out = _same_with_and_without(repo, *args)
    assert out.strip()
    assert any(_cache_dir().glob("*.docs"))


def _parses(monkeypatch) -> collections.Counter:
    """How often each record file is parsed from now on (small registries are read in this process)."""
    seen = collections.Counter()
    real = document.read_document

    def counting(rel, data):
        if not rel.endswith("/prefecture.yaml"):  # read every run, as the reference files are
            seen[rel] += 1
        return real(rel, data)

    monkeypatch.setattr(git_source, "read_document", counting)
    monkeypatch.setattr(registry_module, "read_document", counting)
    return seen


def _diff(root: Path, old_rev: str, new_rev: str) -> tuple:
    """Both sides of `zaitaku diff OLD NEW` as it reads them: their records' values and findings."""
    from zaitaku_cli.history.revision import registry_at

    memo = RecordMemo()
    sides = [registry_at(root, rev, AS_OF, memo=memo, rules="none")[0] for rev in (old_rev, new_rev)]
    return tuple({kind: {rid: r.doc.value for rid, r in side.records(kind).items()}
                  for kind in ("zone", "hub", "institution")} for side in sides)


def test_a_second_diff_of_two_revisions_parses_no_record(repo, monkeypatch):
    monkeypatch.setenv("ZAITAKU_NO_CACHE", "1")
    expected = _diff(repo.registry, "HEAD~3", "HEAD")
    monkeypatch.delenv("ZAITAKU_NO_CACHE")
    seen = _parses(monkeypatch)
    assert _diff(repo.registry, "HEAD~3", "HEAD") == expected  # cold: each blob parsed once
    assert seen["registry/institutions/old-name.yaml"] == 1 and seen["registry/institutions/new-name.yaml"] == 1
    assert seen["registry/hubs/kitami.yaml"] == 2  # changed: two blobs
    seen.clear()
    assert _diff(repo.registry, "HEAD~3", "HEAD") == expected
    assert _diff(repo.registry, "HEAD~2", "HEAD~1") == _diff(repo.registry, "HEAD~2", "HEAD~1")
    assert not seen, f"parsed again: {dict(seen)}"  # the broken and the faulty file included


def test_a_revision_reads_what_the_working_tree_check_kept(repo, monkeypatch):
    """After a check of the working tree, a revision whose files are the same (even under another
    prefecture.yaml: HEAD~2's differs) parses none of them."""
    check_registry(repo.registry, AS_OF)
    seen = _parses(monkeypatch)
    load_checked(repo.registry, AS_OF, at="HEAD")
    load_checked(repo.registry, AS_OF, at="HEAD~2")
    assert not seen
    load_checked(repo.registry, AS_OF, at="HEAD~3")
    assert set(seen) == {"registry/hubs/kitami.yaml", "registry/institutions/old-name.yaml",
                         "registry/institutions/clinic-b.yaml"}  # the blobs the working tree has not


def test_a_kept_clean_file_at_a_revision_has_its_text_from_the_blob(repo):
    """The code's level drops a clean file's text (the working tree reads it again to place a
    finding); a blob's is decoded from its bytes, so findings at a revision are placed alike."""
    check_registry(repo.registry, AS_OF)
    registry, _ = load_checked(repo.registry, AS_OF, at="HEAD")
    record = registry.records("institution")["clinic-a"]
    text = (repo.registry / "institutions" / "clinic-a.yaml").read_text(encoding="utf-8")
    assert record.doc.source is None and record.doc.text == text
    assert record.doc.locate(("designation", "status"))[:2] == (13, 11)


def test_a_link_at_a_revision_is_never_kept(repo):
    _same_with_and_without(repo, "diff", "HEAD~3", "HEAD~2")
    keys = _docs_keys()
    assert ("registry/institutions/clinic-a.yaml",
            bytes.fromhex(blob_id((repo.registry / "institutions" / "clinic-a.yaml").read_bytes()))) in keys
    assert not any(rel.endswith("/link.yaml") for rel, _ in keys)


def test_a_revision_adds_to_the_level_and_a_check_keeps_it_to_its_files(repo):
    # (all through the installed command: code run in this process may be another install, another code level)
    run("check", "--as-of", "2026-03-31", cwd=repo.path)
    assert not any(rel.endswith("old-name.yaml") for rel, _ in _docs_keys())
    run("diff", "HEAD~3", "HEAD", cwd=repo.path, check=True)
    assert any(rel.endswith("old-name.yaml") for rel, _ in _docs_keys())
    run("check", "--as-of", "2026-04-01", cwd=repo.path)  # a new context: the files are read again
    assert not any(rel.endswith("old-name.yaml") for rel, _ in _docs_keys())


@pytest.mark.parametrize("damage", ["garbage", "shape", "entries"])
def test_a_damaged_level_is_ignored_by_a_revision(repo, damage):
    run("diff", "HEAD~3", "HEAD", cwd=repo.path)
    (path,) = _cache_dir().glob("*.docs")
    if damage == "garbage":
        path.write_bytes(b"\0" * 100)
    else:
        payload = {("registry/hubs/kitami.yaml", b"x" * 20): 1} if damage == "shape" else \
            {key: b"\x00garbage" for key in cache.Store(_cache_dir()).load(path.name)}
        cache.Store(_cache_dir()).save(path.name, payload)
    _same_with_and_without(repo, "diff", "HEAD~3", "HEAD", "--format", "json")


@pytest.mark.parametrize("rev", ["HEAD~3", "HEAD~2"])
def test_a_warm_check_base_parses_and_writes_nothing(repo, monkeypatch, rev):
    """The working tree's check keeps the base's own files in the code's level when it shares
    the command with a revision: no file is parsed and pruned and added again each run."""
    from zaitaku_cli.history.rules import check_with_base

    expected, _ = check_with_base(repo.registry, AS_OF, None, rev)
    assert check_with_base(repo.registry, AS_OF, None, rev)[0].findings == expected.findings
    written = {p.name: p.stat().st_mtime_ns for p in _cache_dir().iterdir()}
    seen = _parses(monkeypatch)
    assert check_with_base(repo.registry, AS_OF, None, rev)[0].findings == expected.findings
    assert set(seen) == {"registry/institutions/link.yaml"}  # a link in the working tree: read as always
    assert {p.name: p.stat().st_mtime_ns for p in _cache_dir().iterdir()} == written


def _registry_files(repo: Repo, rev: str) -> int:
    listed = repo.git("ls-tree", "-r", "--name-only", rev, "--", "registry/zones", "registry/hubs", "registry/institutions")
    return len(listed.splitlines())


def test_a_replaced_blob_never_reaches_the_cache(tmp_path):
    """git replace makes cat-file give another object's bytes for a listed id: such a repository's
    revisions are read without the cache and the memo (their ids do not name what is read), so a
    later check of the working tree, whose file has the original bytes, is not misled."""
    repo = Repo(tmp_path / "replaced")
    repo.commit("基準")
    repo.edit("hubs/kitami.yaml", "status: planned", "status: designated")
    repo.commit("北見")
    rel = "registry/institutions/clinic-a.yaml"
    original = repo.git("rev-parse", f"HEAD:{rel}")
    text = (repo.path / rel).read_text(encoding="utf-8").replace("name: Aクリニック", "name: 置換クリニック")
    swapped = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo.path, input=text, capture_output=True,
                             text=True, encoding="utf-8", check=True).stdout.strip()
    repo.git("replace", original, swapped)
    diff = _same_with_and_without(repo, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert "置換クリニック" not in diff  # the same blob on both sides: no change, whichever content git gives
    _same_with_and_without(repo, "check", "--format", "json")
    _same_with_and_without(repo, "diff", "HEAD~1", "--format", "json")
    keys = _docs_keys()
    assert (rel, bytes.fromhex(original)) in keys  # the working tree's own bytes, from the check
    kept = cache.Store(_cache_dir()).load(next(_cache_dir().glob("*.docs")).name)[(rel, bytes.fromhex(original))]
    fresh = cache.state_of(load_checked(repo.registry, AS_OF, cache=False)[0].records("institution")["clinic-a"].doc)
    assert marshal.loads(kept) == marshal.loads(fresh)  # (marshal's bytes depend on sharing, not only values)


def test_a_blob_git_lacks_is_unreadable_whatever_the_cache_holds(tmp_path):
    repo = Repo(tmp_path / "lacking")
    repo.commit("基準")
    repo.write("hubs/k2.yaml", (repo.registry / "hubs" / "kitami.yaml").read_text(encoding="utf-8")
               .replace("id: kitami", "id: k2"))
    repo.commit("k2")
    run("check", cwd=repo.path)  # the working tree's k2.yaml kept, by its blob id
    blob = repo.git("rev-parse", "HEAD:registry/hubs/k2.yaml")
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    out = _same_with_and_without(repo, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert "k2" not in json.loads(out)["changes"].__repr__()


def test_the_code_level_grown_by_revisions_stays_bounded(tmp_path):
    """Each diff of two revisions adds the blobs it parsed; past GROWTH times the files a run
    reads, the level keeps only what that run used: walking a long history leaves no trail."""
    repo = Repo(tmp_path / "walk")
    repo.commit("0")
    names = sorted(p.name for p in (repo.registry / "institutions").glob("*.yaml"))
    for n in range(1, 16):
        for name in names:
            path = repo.registry / "institutions" / name
            path.write_text(path.read_text(encoding="utf-8") + f"# 版 {n}\n", encoding="utf-8")
        repo.commit(str(n))
    files = _registry_files(repo, "HEAD")
    sizes = []
    for n in range(15, 0, -1):
        run("diff", f"HEAD~{n}", f"HEAD~{n - 1}", cwd=repo.path, check=True)
        sizes.append(len(_docs_keys()))
    assert sizes[1] > sizes[0]  # it grows with what the runs parsed ...
    assert max(sizes) <= cache.GROWTH * files + 2 * len(names)  # ... up to its bound
    assert _same_with_and_without(repo, "diff", "HEAD~3", "HEAD", "--format", "json")
