"""A first run (no cache yet) through the cache's cheaper paths: one open per file, a kept file
sent once through the worker's pipe, the worker's records built as they arrive."""

import datetime
import marshal
import os

import pytest

from zaitaku_cli import cache, parallel
from zaitaku_cli.check import check_registry, load_checked
from zaitaku_cli.load.document import read_document
from test_parallel import _key, _registry

DAY = datetime.date(2025, 12, 31)


def test_a_file_s_bytes_note_and_blob(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n")
    data, note = cache._read_bytes(str(path), "institutions/a.yaml")
    info = os.lstat(path)
    assert data == b"id: a\n"
    assert note.blob.hex() == cache.blob_id(data)
    assert note.stat == (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_a_folder_or_nothing_is_left_to_read_file(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"id: a\n")
    (tmp_path / "folder.yaml").mkdir()
    os.symlink(tmp_path / "a.yaml", tmp_path / "link.yaml")
    for name in ("link.yaml", "folder.yaml", "missing.yaml"):
        assert cache._read_bytes(str(tmp_path / name), name) is None


def test_a_kept_file_crosses_the_pipe_once(tmp_path, monkeypatch):
    """A file whose note carries its state and rows is sent as (rel, source); the Document made
    from the note is the one a plain state makes."""
    doc = read_document("institutions/a.yaml", b"id: a\nname: A\n")
    doc.schema_problems, doc.found = [], [("code", "error", "institutions/a.yaml", 1, 1, "", {})]
    note = cache.Note("institutions/a.yaml", b"\1" * 20, (1, 2, 3, 4), 5, cache.state_of(doc), cache.found_of(doc))
    plain = parallel._pack(3, [doc])
    light = parallel._pack(3, [doc], [note.plain()])
    assert light[8:12] == (2).to_bytes(4, "little")
    assert marshal.loads(light[12:])[0] == [("institutions/a.yaml", None)]  # its name and source only
    run = cache.RunCache(cache.Store(tmp_path), tmp_path, tmp_path / "prefecture.yaml", b"", writes=False)
    monkeypatch.setattr(parallel, "_cache", run)
    got = parallel._unpack(2, light[12:])
    assert [d.__getstate__() for d in got] == [d.__getstate__() for d in parallel._unpack(0, plain[12:])]
    assert run.notes["institutions/a.yaml"].state == note.state


def test_a_note_without_a_state_cannot_make_a_document(tmp_path):
    run = cache.RunCache(cache.Store(tmp_path), tmp_path, tmp_path / "prefecture.yaml", b"", writes=False)
    with pytest.raises(ValueError):
        run.document("institutions/a.yaml", None)


def test_first_run_two_processes_then_warm(tmp_path, monkeypatch):
    """Written by a first run read in two processes, the cache serves a warm run that parses
    nothing, with the same findings as no cache."""
    import zaitaku_cli.load.document as document

    monkeypatch.setenv("ZAITAKU_CACHE_DIR", str(tmp_path / "cache"))
    root = _registry(tmp_path, monkeypatch)
    expected = _key(check_registry(root, DAY, jobs=1, cache=False))
    assert _key(check_registry(root, DAY, jobs=2)) == expected
    monkeypatch.setattr(document, "read_document", lambda *args: pytest.fail("a record was parsed"))
    _, again = load_checked(root, DAY, jobs=2)
    assert _key(again) == expected


def test_the_worker_s_records_are_built_as_they_arrive(tmp_path, monkeypatch):
    """check._with_records finds the worker's records built: it builds no checked record again."""
    from zaitaku_cli import check

    root = _registry(tmp_path, monkeypatch)
    rebuilt, real = [], check.build_record

    def counting(kind, doc, out):
        if doc.found is not None:  # checked already (check_records builds before it sets found)
            rebuilt.append(doc.rel)
        return real(kind, doc, out)

    monkeypatch.setattr(check, "build_record", counting)
    _, result = load_checked(root, DAY, jobs=2, cache=False)
    assert rebuilt == []
    assert _key(result) == _key(check_registry(root, DAY, jobs=1, cache=False))
