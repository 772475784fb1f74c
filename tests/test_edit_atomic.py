"""Atomic writes (zaitaku_cli/edit/atomic.py): the file is always the old or the new version,
never a part of one; a file changed since it was read is not overwritten; no temporary file is
left behind."""

from __future__ import annotations

import datetime
import os
import stat

import pytest

from edit_support import CLINIC, make_registry
from zaitaku_cli.edit import atomic
from zaitaku_cli.edit.atomic import FileChanged, write_atomic

OLD = "id: x\n# コメント\ndesignation: {status: applied}\n".encode("utf-8")
NEW = "id: x\n# コメント\ndesignation: {status: designated, designated_on: 2025-07-01}\n".encode("utf-8")


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_write_replaces_the_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD)
    path.chmod(0o640)
    write_atomic(path, NEW, OLD)
    assert path.read_bytes() == NEW
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["replace", "fsync", "write"])
def test_a_failure_before_the_rename_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, step):
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if step == "replace":
        monkeypatch.setattr(atomic.os, "replace", boom)
    elif step == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, *a, **k):
                self.f = real_fdopen(*a, **k)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])  # half written, then the disk fills up
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic.os, "fdopen", Failing)
    with pytest.raises(OSError):
        write_atomic(path, NEW, OLD)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_an_interrupt_between_writing_and_renaming_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD)
    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, NEW, OLD)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(OLD + b"# saved by another editor\n")
    with pytest.raises(FileChanged) as info:
        write_atomic(path, NEW, OLD)
    assert path.read_bytes() == OLD + b"# saved by another editor\n"
    assert _leftovers(tmp_path) == []
    assert "変更されました" in info.value.message("ja") and "changed" in info.value.message("en")


def test_a_new_file_never_overwrites(tmp_path):
    path = tmp_path / "x.yaml"
    write_atomic(path, NEW, None)
    assert path.read_bytes() == NEW
    with pytest.raises(FileChanged):
        write_atomic(path, OLD, None)
    assert path.read_bytes() == NEW
    assert _leftovers(tmp_path) == []


def test_designate_refuses_when_the_file_changes_between_reading_and_writing(tmp_path, monkeypatch, capsys):
    """The whole command in process: another editor saves the file while the edit is checked."""
    from zaitaku_cli.edit import decision
    from zaitaku_cli.edit.records import resolve_record

    base = make_registry(tmp_path)
    path = base / CLINIC
    real_recheck = decision.recheck
    saved_by_other = path.read_bytes().replace(b"note: |-", b"# another editor\nnote: |-")

    def recheck_then_other_editor_saves(*args, **kwargs):
        result = real_recheck(*args, **kwargs)
        path.write_bytes(saved_by_other)
        return result

    monkeypatch.setattr(decision, "recheck", recheck_then_other_editor_saves)
    ref = resolve_record("institutions/kitami-sample-clinic", cwd=base)
    status = decision.record_decision("designate", ref, datetime.date(2025, 7, 1), today=datetime.date(2025, 12, 1))
    assert status == 1
    assert path.read_bytes() == saved_by_other
    assert _leftovers(path.parent) == []
    assert "変更されました" in capsys.readouterr().err
