"""Writing a record so that the file is always either the old or the new version, never a part.

The new bytes go to a temporary file in the same folder (a dot-file, which the registry reader
skips), are flushed and fsync'd; the target is read again and must still hold exactly the bytes the
edit was computed from; then the temporary file is renamed over it (os.replace, atomic on POSIX
and Windows) and the folder is fsync'd so the rename survives a power cut. On any failure the
temporary file is removed and the original is left as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class FileChanged(Exception):
    """The file no longer holds what the edit was computed from (or, for a new file, it exists)."""

    def __init__(self, path: Path, created: bool = False):
        super().__init__(str(path))
        self.path, self.created = path, created

    def message(self, lang: str = "ja") -> str:
        if self.created:
            if lang == "en":
                return f"{self.path} already exists; it was not overwritten."
            return f"{self.path} は既にあります。上書きしていません。"
        if lang == "en":
            return (f"{self.path} changed while the edit was being prepared (another editor or program saved it); "
                    "nothing was written. Save or close the other editor and run the command again.")
        return (f"{self.path} は編集の準備中に変更されました（別のエディタやプログラムが保存しました）。"
                "何も書き込んでいません。もう一方の編集を保存するか閉じてから、もう一度実行してください。")


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


ANY = object()  # `expected` for a file that is replaced whatever it holds (or created): export -o


def _stage(path: Path, data: bytes) -> Path:
    """`data` in a fsync'd temporary file beside `path` (removed again if writing fails)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".zaitaku-tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass


def _mode_of(path: Path) -> int:
    """The mode the new file gets: the old file's, or what the umask allows for a new one."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes, expected) -> None:
    """Replace `path` with `data` if it still holds `expected` (None: create it; it must not exist;
    ANY: replace whatever it holds, or create it).

    Raises FileChanged when the file is not as expected; OSError when writing fails. Either way
    the file is untouched and no temporary file is left behind."""
    path = Path(path)
    folder = path.parent
    tmp = _stage(path, data)
    try:
        if expected is None:
            os.chmod(tmp, 0o666 & ~_umask())
            try:
                os.link(tmp, path)  # fails if the path exists: no window in which to overwrite
            except FileExistsError:
                raise FileChanged(path, created=True) from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileChanged(path, created=True) from None
                os.replace(tmp, path)
            else:
                tmp.unlink()
        elif expected is ANY:
            os.chmod(tmp, _mode_of(path))
            os.replace(tmp, path)
        else:
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
            if _current(path) != expected:
                raise FileChanged(path)
            os.replace(tmp, path)
        _fsync_folder(folder)
    except BaseException:
        _remove(tmp)
        raise


def write_atomic_all(files) -> None:
    """Write each (path, bytes), replacing whatever is there (`export -o`, where one export can
    write two CSV files). Every temporary file is written and fsync'd before the first is moved
    into place, so a failure while writing (a full disk, a missing folder) leaves every file as it
    was and no temporary file behind."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            tmp = _stage(path, data)
            staged.append((tmp, path))
            os.chmod(tmp, _mode_of(path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise
    for folder in dict.fromkeys(path.parent for _, path in staged):
        try:
            _fsync_folder(folder)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
