"""The one writer of every file zaitaku writes: records (designate, withdraw, new) and tables
(export -o). A file is always either its old or its new version, never a part of one.

What a write does depends on what is at the path; the rules are those of careful Unix tools, so
that nothing the user named is turned into something else (`inspect` decides, before anything is
written; CannotWrite says why not, naming the path as the user gave it):

- nothing: a new file, created atomically (temporary file beside it, then a hard link, which
  fails if a file appeared meanwhile; a rename where the file system has no hard links), with
  the mode the umask gives.
- a regular file: replaced atomically: the new bytes go to a temporary file in the same folder
  (`.<name>.<pid>-<random>.zaitaku-tmp`, a dot-file the registry reader names as
  `file-temporary` but never reads), which gets the old file's mode, owner and group, is fsync'd
  and renamed over the file (os.replace), and the folder is fsync'd. For an edit, the file must
  still hold exactly the bytes the edit was computed from (else FileChanged). Refused:
  * a file without any write bit (chmod 444), for root too: root could rename over it, but the
    mode says it must not change, and vim, emacs and `rm` treat it so (a warning, a question);
    otherwise a file the user may not write (access(2));
  * a file whose folder is read-only or not the user's to write (the rename writes the folder;
    for root too, by the folder's mode bits);
  * a file with other names (hard links): a rename would leave them with the old content;
  * a file whose owner or group the user cannot give to the new file (a user replacing another
    user's group-writable file would become its owner; root always keeps them).
- a symbolic link: written through, as the shell's `>`, cp, vim and emacs do: the link stays a
  link and the file it resolves to is replaced as above, the temporary file beside that file. A
  dangling link (cp: "not writing through dangling symlink") and a loop are refused, as is a link
  that leads out of the registry for a record (`within`) or into it for a table (`outside`).
- a FIFO or a character device (/dev/null, a terminal): opened for writing and written, never
  truncated or renamed over; a FIFO waits for its reader as the shell's `>` does. The same mode
  bits rule applies (a device without write bits is refused, for root too).
- /dev/stdout, /dev/stderr, /dev/fd/N (and /proc/self/fd/N): the open descriptor itself, as gawk
  does: `>> file` keeps appending and a pipe stays a pipe.
- a folder, a block device (a disk), a socket: refused.

A temporary file left by a killed run (its writer's pid no longer runs, and it is older than
this write) is removed by the next write to that same path; a concurrent writer's is left alone.
On any failure the temporary file is removed and the target is left as it was.

Limits: ACLs, extended attributes and SELinux labels are not copied to the new file; a path that
changes kind between `inspect` and the rename is not guarded against; a leftover of a writer on
another host sharing the folder cannot be told from one whose process ended (removing it makes
that writer's rename fail, with a message, never a lost file).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TEMPORARY_SUFFIX = ".zaitaku-tmp"  # load.registry names leftovers of this form (file-temporary)
_LEFTOVER = re.compile(r"(\d+)-[a-z0-9_]{8}")  # <pid>-<mkstemp's 8 random characters>
_DESCRIPTOR = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")
_STANDARD = {"/dev/stdout": 1, "/dev/stderr": 2}


class FileChanged(Exception):
    """The file no longer holds what the edit was computed from (or, for a new file, it exists)."""

    written: list = []  # by write_atomic_all: the files already in place when this one failed

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


class CannotWrite(OSError):
    """Writing `shown` (the path as the user gave it) was refused or failed; nothing was written
    and no temporary file is left. `reason(lang)` says why, `advice(lang)` what to do ('' when
    the reason says it all). An OSError, so that a caller that only knows OSError still stops."""

    written: list = []  # by write_atomic_all: the files already in place when this one failed

    def __init__(self, shown: str, ja: str, en: str, advice: tuple[str, str] = ("", ""), code: int = 0):
        super().__init__(code, en)
        self.shown, self.ja, self.en, self.advice_ja, self.advice_en = shown, ja, en, *advice

    def reason(self, lang: str = "ja") -> str:
        return self.en if lang == "en" else self.ja

    def advice(self, lang: str = "ja") -> str:
        return self.advice_en if lang == "en" else self.advice_ja


@dataclass(frozen=True)
class Target:
    """What a write to `shown` writes to. kind: "new" (nothing there yet), "file" (a regular
    file, replaced), "stream" (a FIFO or character device, written), "descriptor" (fd, written).
    `path`: the file itself, links resolved; `st`: its stat (None for new and descriptor)."""

    shown: str
    path: Path
    kind: str
    st: os.stat_result | None = None
    fd: int | None = None

    @property
    def replaces(self) -> bool:
        return self.kind in ("new", "file")


def inspect(path, shown: str | None = None, *, within=None, outside=None) -> Target:
    """What writing to `path` (str or Path) would write to, without writing anything.

    `within`: a folder the file must resolve into (a record: its registry); `outside`: a folder
    it must not resolve into (a table: the registry). Raises CannotWrite (see the module
    docstring for every refusal), with `shown` (default: `path` as given) in its message."""
    text = os.fspath(path)
    shown = text if shown is None else shown
    fd = _descriptor(text)
    if fd is not None:
        return Target(shown, Path(text), "descriptor", None, fd)
    if not text:
        raise CannotWrite(shown, "ファイルの名前が空です", "the file name is empty", code=errno.ENOENT)
    if text.endswith(("/", os.sep)):
        raise CannotWrite(shown, "ファイルの名前ではなくフォルダの名前です", "it names a folder, not a file",
                          ("書き出すファイルの名前を指定してください（例: 一覧/在宅医療圏別.xlsx）。",
                           "Give the name of the file to write (e.g. tables/regional.xlsx)."), errno.EISDIR)
    path = Path(text)
    lst = _lstat(path, shown)
    linked = lst is not None and stat.S_ISLNK(lst.st_mode)
    if linked:
        st, resolved = _through_link(path, shown), Path(os.path.realpath(path))
    else:
        st, resolved = lst, Path(os.path.realpath(path.parent)) / path.name
    _check_place(resolved, linked, shown, within, outside)
    if st is None:
        _check_folder(resolved.parent, _folder_shown(resolved, lst, shown), shown)
        return Target(shown, resolved, "new")
    return Target(shown, resolved, _kind(st, resolved, lst, shown), st)


def _descriptor(text: str) -> int | None:
    """The descriptor a name stands for (/dev/stdout: 1), else None."""
    if text in _STANDARD:
        return _STANDARD[text]
    match = _DESCRIPTOR.fullmatch(text)
    return int(match.group(1)) if match and os.name == "posix" else None


def _lstat(path: Path, shown: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        folder = _not_a_folder(path, shown)
        raise CannotWrite(shown, f"{folder} はフォルダではありません", f"{folder} is not a folder",
                          code=errno.ENOTDIR) from None
    except OSError as err:
        raise failed(shown, err) from None


def _through_link(path: Path, shown: str) -> os.stat_result:
    """The stat of what the link `path` resolves to; CannotWrite for a dangling link or a loop."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        target = os.readlink(path)
        raise CannotWrite(shown, f"リンク先の {target} がありません", f"it is a link to {target}, which does not exist",
                          ("リンクを通して新しいファイルは作りません。リンクを直すか、別のファイル名を指定してください。",
                           "No file is created through a dangling link; fix the link or give another name."),
                          errno.ENOENT) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise CannotWrite(shown, "リンクが循環しています（リンクの先をたどると元に戻ります）",
                              "it is a link that loops (following it leads back to itself)", code=errno.ELOOP) from None
        raise failed(shown, err) from None


def _check_place(resolved: Path, through_link: bool, shown: str, within, outside) -> None:
    linked = resolved if through_link else ""
    if within is not None and not _inside(resolved, within):
        raise CannotWrite(shown, f"リンク先の {resolved} が登録簿の外です", f"it is a link to {resolved}, outside the registry",
                          ("登録簿の外のファイルは編集しません（zaitaku check が file-symlink として示します）。"
                           "記録のファイルを登録簿の中に置いてください。",
                           "Files outside the registry are not edited (zaitaku check names the link as file-symlink); "
                           "keep the record's file inside the registry."), errno.EXDEV)
    if outside is not None and _inside(resolved, outside):
        name = Path(outside).name
        where_ja = f"（リンク先: {linked}）" if linked else ""
        where_en = f" (the link leads to {linked})" if linked else ""
        raise CannotWrite(shown, f"登録簿のフォルダ {name}/ の中です{where_ja}", f"it is inside the registry folder {name}/{where_en}",
                          (f"一覧表は {name}/ の外に書き出してください（{name}/ の中のファイルは記録として検査されます）。",
                           f"Write tables outside {name}/ (the files in it are checked as the registry)."), errno.EEXIST)


def _inside(path: Path, folder) -> bool:
    real = os.path.realpath(folder)
    return str(path) == real or str(path).startswith(real.rstrip(os.sep) + os.sep)


def _kind(st: os.stat_result, resolved: Path, lst, shown: str) -> str:
    """"file" or "stream" for what may be written; CannotWrite for anything else."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        _check_writable(st, resolved, shown)
        _check_folder(resolved.parent, _folder_shown(resolved, lst, shown), shown)
        _check_links(st, shown)
        _check_owner(st, shown)
        return "file"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        _check_writable(st, resolved, shown)
        return "stream"
    if stat.S_ISDIR(mode):
        raise CannotWrite(shown, "フォルダです", "it is a folder",
                          ("書き出すファイルの名前を指定してください（例: 一覧/在宅医療圏別.xlsx）。",
                           "Give the name of the file to write (e.g. tables/regional.xlsx)."), errno.EISDIR)
    if stat.S_ISBLK(mode):
        raise CannotWrite(shown, "ディスク装置（ブロックデバイス）です。書き込むと中身を壊すため、書き込みません",
                          "it is a block device (a disk); writing would destroy what it holds, so nothing is written",
                          code=errno.EPERM)
    if stat.S_ISSOCK(mode):
        raise CannotWrite(shown, "ソケットです（ファイルとして書き込めません）", "it is a socket, which cannot be written as a file",
                          code=errno.ENXIO)
    raise CannotWrite(shown, "通常のファイルではありません", "it is not a regular file", code=errno.EPERM)


def _check_writable(st: os.stat_result, resolved: Path, shown: str) -> None:
    bits = stat.S_IMODE(st.st_mode)
    if not bits & 0o222:
        raise CannotWrite(shown, f"読み取り専用のファイルです（mode {bits:o}）", f"it is read-only: mode {bits:o}",
                          (f"変えてよいファイルなら、書き込みを許可（chmod u+w {shown}）してからもう一度実行してください。",
                           f"If it may be changed, allow writing (chmod u+w {shown}) and run the command again."), errno.EACCES)
    if not os.access(resolved, os.W_OK):
        if _read_only_place(resolved):
            raise CannotWrite(shown, "読み取り専用の場所にあります", "it is on a read-only file system", code=errno.EROFS)
        raise CannotWrite(shown, f"書き込みの権限がありません（所有者: {_user(st.st_uid)}、mode {bits:o}）",
                          f"you may not write it: owner {_user(st.st_uid)}, mode {bits:o}", code=errno.EACCES)


def _check_folder(folder: Path, folder_shown: str, shown: str) -> None:
    """The folder exists and the user may create and rename files in it (for root too, by its bits)."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise CannotWrite(shown, f"フォルダ {folder_shown} がありません", f"the folder {folder_shown} does not exist",
                          code=errno.ENOENT) from None
    except OSError as err:
        raise failed(shown, err) from None
    bits = stat.S_IMODE(st.st_mode)
    if not stat.S_ISDIR(st.st_mode):
        raise CannotWrite(shown, f"{folder_shown} はフォルダではありません", f"{folder_shown} is not a folder",
                          code=errno.ENOTDIR)
    if not bits & 0o222:
        raise CannotWrite(shown, f"フォルダ {folder_shown} が読み取り専用です（mode {bits:o}）",
                          f"the folder {folder_shown} is read-only: mode {bits:o}",
                          ("ファイルを置き換える・作るには、フォルダへの書き込みが必要です。",
                           "Replacing or creating a file needs write access to its folder."), errno.EACCES)
    if not os.access(folder, os.W_OK | os.X_OK):
        if _read_only_place(folder):
            raise CannotWrite(shown, "読み取り専用の場所にあります", "it is on a read-only file system", code=errno.EROFS)
        raise CannotWrite(shown, f"フォルダ {folder_shown} に書き込む権限がありません（所有者: {_user(st.st_uid)}、mode {bits:o}）",
                          f"you may not write in the folder {folder_shown}: owner {_user(st.st_uid)}, mode {bits:o}",
                          code=errno.EACCES)


def check_folder(folder, shown: str) -> None:
    """Raise CannotWrite (naming `shown`) unless files may be created in `folder` (str or Path):
    it exists, is a folder, has a write bit (for root too) and the user may write in it."""
    _check_folder(Path(folder), os.fspath(folder), shown)


def _check_links(st: os.stat_result, shown: str) -> None:
    if st.st_nlink > 1:
        raise CannotWrite(shown, f"ほかの名前（ハードリンク）でも開かれるファイルです（名前が {st.st_nlink} 個）",
                          f"the file has other names: {st.st_nlink} hard links",
                          ("置き換えるとほかの名前は古い内容のまま残るため、書き込みません。"
                           "独立したファイルにする（cp でコピーし直す）か、別のファイル名を指定してください。",
                           "Replacing it would leave the other names with the old content; make it a file of its own "
                           "(copy it again with cp) or give another name."), errno.EMLINK)


def _check_owner(st: os.stat_result, shown: str) -> None:
    """Refuse early what _own would refuse later: a user (not root) cannot give a file away."""
    if os.name != "posix" or os.geteuid() == 0:
        return
    if st.st_uid != os.geteuid() or st.st_gid not in (os.getegid(), *os.getgroups()):
        raise _owner_refused(shown, st)


def _owner_refused(shown: str, st: os.stat_result) -> CannotWrite:
    owner = f"{_user(st.st_uid)}:{_group(st.st_gid)}"
    me = _user(os.geteuid()) if os.name == "posix" else "?"
    return CannotWrite(shown, f"所有者（{owner}）を保ったまま置き換えられません（書き込むと所有者が {me} に変わります）",
                       f"it cannot be replaced keeping its owner ({owner}); writing it would make it {me}'s",
                       ("所有者か管理者に依頼してください。", "Ask its owner or an administrator."), errno.EPERM)


def _read_only_place(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


def _not_a_folder(path: Path, shown: str) -> str:
    """The first folder on the way to `path` that is not a folder (as the path was written)."""
    parts = path.parts
    for n in range(1, len(parts)):
        on_the_way = os.path.join(*parts[:n])
        if os.path.exists(on_the_way) and not os.path.isdir(on_the_way):
            return on_the_way
    return _parent_text(shown)


def _parent_text(shown: str) -> str:
    return os.path.dirname(shown.rstrip("/")) or "."


def _folder_shown(resolved: Path, lst, shown: str) -> str:
    """The folder as the user knows it: the one in the path they gave, or the link target's."""
    if lst is not None and stat.S_ISLNK(lst.st_mode):
        return str(resolved.parent)
    return _parent_text(shown)


def failed(shown: str, err: OSError) -> CannotWrite:
    """An OSError while writing `shown`, in the officer's words (never the temporary file's name)."""
    if isinstance(err, CannotWrite):
        return err
    from zaitaku_cli.errors import os_error_text

    if err.errno == errno.ENOENT:
        folder = _parent_text(shown)
        return CannotWrite(shown, f"フォルダ {folder} がありません", f"the folder {folder} does not exist", code=errno.ENOENT)
    if err.errno == errno.EPIPE:
        return CannotWrite(shown, "読み手がいません（パイプが閉じられました）", "no one is reading it (the pipe was closed)",
                           code=errno.EPIPE)
    if err.errno == errno.EBADF:
        return CannotWrite(shown, "開かれていないファイル記述子です", "that file descriptor is not open", code=errno.EBADF)
    ja, en = os_error_text(err)
    return CannotWrite(shown, ja, en, code=err.errno or 0)


# --- writing ------------------------------------------------------------------------------------

ANY = object()  # `expected` for a file that is replaced whatever it holds (or created): export -o


def write_atomic(path, data: bytes, expected, *, shown: str | None = None, within=None, outside=None) -> None:
    """Write `data` (bytes) to `path` if it still holds `expected` (None: create it; it must not
    exist; ANY: whatever it holds, or create it; FIFOs and devices only with ANY).

    Raises FileChanged when the file is not as expected; CannotWrite (an OSError) when the target
    may not be written (see the module docstring) or writing fails. Either way the target is
    untouched and no temporary file is left behind."""
    target = inspect(path, shown, within=within, outside=outside)
    if not target.replaces and expected is not ANY:
        raise CannotWrite(target.shown, "通常のファイルではありません", "it is not a regular file", code=errno.EPERM)
    if target.kind == "file" and expected is None:
        raise FileChanged(Path(path), created=True)
    if not target.replaces:
        _write_stream(target, data)
        return
    tmp = _stage(target, data)
    with _discarded_on_failure(tmp, target.shown):
        if expected is None:
            _create(tmp, target, Path(path))
        else:
            if expected is not ANY and _current(target.path) != expected:
                raise FileChanged(Path(path))
            os.replace(tmp, target.path)
        _fsync_folder(target.path.parent)


def write_atomic_all(files, *, outside=None, within=None) -> None:
    """Write each (path, bytes), replacing whatever is there (`export -o`, where one export can
    write two CSV files), or each (path, bytes, expected, shown) with `expected` as in
    write_atomic (None: create; bytes: the file must still hold them; ANY) (`import`). Every
    target is inspected and every temporary file written and fsync'd before the first is moved
    into place, so a refusal or a failure while writing (a full disk, a missing folder) leaves
    every file as it was and no temporary file behind.
    Raises CannotWrite naming the file (as given) that could not be written, FileChanged for a
    file not as expected; either carries `written`: the files (as shown) already moved into place
    before the failure (empty unless a move itself failed)."""
    entries = [(tuple(entry) + (ANY, None))[:4] for entry in files]
    targets = [(inspect(path, shown, within=within, outside=outside), data, expected, Path(path))
               for path, data, expected, shown in entries]
    for target, _, expected, given in targets:
        if not target.replaces and expected is not ANY:
            raise CannotWrite(target.shown, "通常のファイルではありません", "it is not a regular file", code=errno.EPERM)
        if target.kind == "file" and expected is None:
            raise FileChanged(given, created=True)
    staged: dict[int, Path] = {}
    written: list[str] = []
    try:
        for index, (target, data, _, _) in enumerate(targets):
            if target.replaces:
                staged[index] = _stage(target, data)
        for target, data, _, _ in targets:
            if not target.replaces:
                _write_stream(target, data)
        for target, _, expected, given in targets:  # all as expected before the first is moved
            if expected is not ANY and _current(target.path) != expected:
                raise FileChanged(given, created=expected is None)
        for index, tmp in staged.items():
            target, _, expected, given = targets[index]
            try:
                if expected is None:
                    _create(tmp, target, given)
                else:
                    if expected is not ANY and _current(target.path) != expected:
                        raise FileChanged(given)
                    os.replace(tmp, target.path)
            except OSError as err:
                raise failed(target.shown, err) from None
            written.append(target.shown)
    except (CannotWrite, FileChanged) as error:
        error.written = list(written)
        for tmp in staged.values():
            _remove(tmp)
        raise
    except BaseException:
        for tmp in staged.values():
            _remove(tmp)
        raise
    for folder in dict.fromkeys(targets[index][0].path.parent for index in staged):
        try:
            _fsync_folder(folder)
        except OSError:
            pass


def _create(tmp: Path, target: Target, given: Path) -> None:
    try:
        os.link(tmp, target.path)  # fails if the path exists: no window in which to overwrite
    except FileExistsError:
        raise FileChanged(given, created=True) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target.path):
            raise FileChanged(given, created=True) from None
        os.replace(tmp, target.path)
    else:
        tmp.unlink()


def _stage(target: Target, data: bytes) -> Path:
    """`data` in a fsync'd temporary file beside target.path, with the mode, owner and group the
    file has (a new file: the umask's mode); removed again if anything fails."""
    folder = target.path.parent
    _sweep(folder, target.path.name, time.time())
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.path.name}.{os.getpid()}-", suffix=TEMPORARY_SUFFIX,
                                        dir=folder)
    except OSError as err:
        raise failed(target.shown, err) from None
    tmp = Path(tmp_name)
    with _discarded_on_failure(tmp, target.shown):
        try:
            _own(fd, target)
            os.chmod(tmp, stat.S_IMODE(target.st.st_mode) if target.st else 0o666 & ~_umask())
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    return tmp


@contextmanager
def _discarded_on_failure(tmp: Path, shown: str):
    """Whatever fails inside removes the temporary file `tmp`; an OSError becomes CannotWrite
    naming the file as the user gave it (`shown`), never the temporary file."""
    try:
        yield
    except OSError as err:
        _remove(tmp)
        raise failed(shown, err) from None
    except BaseException:
        _remove(tmp)
        raise


def _own(fd: int, target: Target) -> None:
    """Give the temporary file the replaced file's owner and group (before its mode: a chown
    clears the set-id bits)."""
    if target.st is None or os.name != "posix":
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (target.st.st_uid, target.st.st_gid):
        return
    try:
        os.fchown(fd, target.st.st_uid, target.st.st_gid)
    except PermissionError:
        raise _owner_refused(target.shown, target.st) from None


def _write_stream(target: Target, data: bytes) -> None:
    """Write into a FIFO, a device or an open descriptor: never created, truncated or renamed."""
    try:
        fd = target.fd if target.kind == "descriptor" else os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise failed(target.shown, err) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        raise failed(target.shown, err) from None
    finally:
        if target.kind != "descriptor":
            os.close(fd)


def _sweep(folder: Path, name: str, start: float) -> None:
    """Remove the temporary files an earlier, killed write to `name` left: only that name's, only
    when their writer's process is gone and they are older than this write. A concurrent writer's
    file is never touched (its process runs); a reused pid only keeps a leftover longer."""
    if os.name != "posix":  # os.kill(pid, 0) would signal the process on Windows, not test it
        return
    prefix = f".{name}."
    try:  # names only (listdir, not scandir): ~10 ms in a folder of 15,000 records
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return
    for leftover in names:
        match = _LEFTOVER.fullmatch(leftover[len(prefix):-len(TEMPORARY_SUFFIX)])
        if match is None or _running(int(match.group(1))):
            continue
        path = os.path.join(folder, leftover)
        try:
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < start:
                os.unlink(path)
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
