"""A record file whose blob is the same in the two revisions a command reads (`check --base`,
`diff REV REV`, `diff REV` against the working tree) is read, parsed and checked once
(memo.RecordMemo): the output is the same as when each side is read on its own, and a revision
whose prefecture.yaml or reference data differ shares nothing."""

from __future__ import annotations

import collections
import datetime
import json

import pytest

from history_repo import Repo, four_revisions
from zaitaku_cli import memo as memo_module
from zaitaku_cli.check import load_checked
from zaitaku_cli.history.compare import compare, compare_rule_set, unreadable
from zaitaku_cli.history.render import render_json
from zaitaku_cli.history.revision import registry_at
from zaitaku_cli.history.rules import check_with_base, history_findings
from zaitaku_cli.load import document, git_source, registry as registry_module
from zaitaku_cli.memo import RecordMemo, blob_id

AS_OF = datetime.date(2026, 3, 31)
TODAY = datetime.date(2026, 4, 2)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Repo:
    return four_revisions(tmp_path_factory.mktemp("shared") / "repo")


def _diff_json(root, old_rev, new_rev, memo):
    """`zaitaku diff` as JSON, in this process."""
    rules = "none" if memo is not None else "all"  # as `zaitaku diff` reads them; before: every rule
    old, old_revision = registry_at(root, old_rev, AS_OF, memo=memo, rules=rules)
    if new_rev is None:
        new, _ = load_checked(root, AS_OF, memo=memo, rules=rules)
        new_revision = None
    else:
        new, new_revision = registry_at(root, new_rev, AS_OF, memo=memo, rules=rules)
    return (render_json(compare(old, new), old_revision, new_revision, unreadable(old, new), compare_rule_set(old, new)),
            unreadable(old, new))


def _parses(monkeypatch) -> collections.Counter:
    """How often each record file is parsed from now on (small registries are read in this
    process, so every parse is seen). The persistent cache is off: these count the memo's work alone."""
    monkeypatch.setenv("ZAITAKU_NO_CACHE", "1")
    seen = collections.Counter()
    real = document.read_document

    def counting(rel, data):
        seen[rel] += 1
        return real(rel, data)

    monkeypatch.setattr(git_source, "read_document", counting)
    monkeypatch.setattr(registry_module, "read_document", counting)
    return seen


PAIRS = [("HEAD~3", "HEAD~2"), ("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD"), ("HEAD~3", "HEAD"), ("HEAD", "HEAD"),
         ("HEAD~2", None), ("HEAD", None)]


@pytest.mark.parametrize("old_rev, new_rev", PAIRS, ids=lambda r: str(r))
def test_diff_is_the_same_with_shared_records(repo, old_rev, new_rev):
    assert _diff_json(repo.registry, old_rev, new_rev, RecordMemo()) == _diff_json(repo.registry, old_rev, new_rev, None)


def test_a_blob_the_same_on_both_sides_is_parsed_once(repo, monkeypatch):
    seen = _parses(monkeypatch)
    out, skipped = _diff_json(repo.registry, "HEAD~3", "HEAD~2", RecordMemo())
    prefix = "registry/institutions/"
    assert seen[prefix + "clinic-a.yaml"] == 1 and seen[prefix + "faulty.yaml"] == 1
    assert seen["registry/hubs/kitami.yaml"] == 2  # changed
    assert seen[prefix + "new-name.yaml"] == 1 and seen[prefix + "old-name.yaml"] == 1  # renamed: a new path
    assert seen["registry/zones/sapporo.yaml"] == 1
    assert skipped == ["registry/institutions/broken.yaml"]  # unreadable on both sides, read once
    assert seen[prefix + "broken.yaml"] == 1
    assert json.loads(out)["changes"]


def test_a_changed_prefecture_yaml_shares_nothing(repo, monkeypatch):
    """HEAD~2 → HEAD~1 changes only a comment of prefecture.yaml: its bytes differ, so every
    record is read again (its checks could depend on the scheme)."""
    seen = _parses(monkeypatch)
    _diff_json(repo.registry, "HEAD~2", "HEAD~1", RecordMemo())
    assert seen["registry/institutions/clinic-a.yaml"] == 2
    assert seen["registry/zones/sapporo.yaml"] == 2


def test_the_working_tree_takes_the_revisions_records(repo, monkeypatch):
    """diff REV: files as committed are taken from the revision, a file changed in the working
    tree (not committed) is read again, and the output is the same."""
    repo.edit("institutions/clinic-a.yaml", "Aクリニック", "A診療所")
    try:
        expected = _diff_json(repo.registry, "HEAD", None, None)
        seen = _parses(monkeypatch)
        assert _diff_json(repo.registry, "HEAD", None, RecordMemo()) == expected
        assert seen["registry/institutions/clinic-a.yaml"] == 2
        assert seen["registry/institutions/clinic-d.yaml"] == 1
        assert "A診療所" in expected[0]
    finally:
        repo.git("checkout", "--", "registry/institutions/clinic-a.yaml")


@pytest.mark.parametrize("rev", ["HEAD~3", "HEAD~2", "HEAD"])
def test_check_base_findings_are_those_of_two_separate_readings(repo, rev, monkeypatch):
    """check --base: the check of the working tree and the history findings, the same as when
    the base and the working tree are each read and checked on their own."""
    repo.edit("hubs/muroran.yaml", "designated_on: 2025-07-01", "designated_on: 2025-07-15")
    try:
        base, revision = registry_at(repo.registry, rev, AS_OF)
        current, result = load_checked(repo.registry, AS_OF, today=TODAY)
        expected = sorted(result.findings + history_findings(base, current, revision.label), key=lambda f: f.sort_key())
        seen = _parses(monkeypatch)
        found, _ = check_with_base(repo.registry, AS_OF, None, rev, today=TODAY)
        assert found.findings == expected
        assert any(f.code == "history-date-changed" for f in found.findings)
        if rev == "HEAD":
            assert seen["registry/institutions/faulty.yaml"] == 1  # its findings taken from the base's check
            assert seen["registry/hubs/muroran.yaml"] == 2
    finally:
        repo.git("checkout", "--", "registry/hubs/muroran.yaml")


def test_the_context_names_every_input_of_a_record_check():
    key = memo_module.context_key
    d1, d2 = datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)
    base = key("a: 1\n", [("reference/m.csv", b"x")], d1, d1)
    assert base == key("a: 1\n", [("reference/m.csv", b"x")], d1, d1)
    assert len({base, key("a: 2\n", [("reference/m.csv", b"x")], d1, d1), key("a: 1\n", [("reference/m.csv", b"y")], d1, d1),
                key("a: 1\n", [("reference/n.csv", b"x")], d1, d1), key("a: 1\n", [("reference/m.csv", None)], d1, d1),
                key("a: 1\n", [], d1, d1), key("a: 1\n", [("reference/m.csv", b"x")], d2, d2),
                key("a: 1\n", [("reference/m.csv", b"x")], d1, d2), key("a: 1\n", [("reference/m.csv", b"x")], d1, d1, False)}) == 9
    assert key(None, [], d1, d1) is None


def test_blob_id_is_gits(tmp_path):
    import subprocess

    for data in (b"", b"id: a\r\n", "名称: 函館\n".encode("utf-8"), b"\xff\x00"):
        path = tmp_path / "f"
        path.write_bytes(data)
        assert blob_id(data) == subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True,
                                               check=True).stdout.strip()
        assert memo_module.file_blob_id(str(path)) == blob_id(data)
    (tmp_path / "link").symlink_to(tmp_path / "f")
    assert memo_module.file_blob_id(str(tmp_path / "link")) is None  # read_file decides what a link is
    assert memo_module.file_blob_id(str(tmp_path / "none")) is None
