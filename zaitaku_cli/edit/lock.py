"""One edit of a registry at a time: every command that writes into registry/ holds this lock from
before it reads what it edits until after it wrote (and committed), so the check it runs before
writing sees every other edit (two hubs designated at once in a zone that may have one: the
second waits, then its check sees the first and refuses).

Choices, and why:
- An operating-system lock (the `filelock` library: flock on Unix, LockFileEx on Windows), not a
  pid file: the system releases it when its holder dies, so a killed command never leaves a lock
  that blocks, and there is no guessing whether a pid file is stale.
- The lock file is `registry/.zaitaku-lock`, not in `.git/`: the registry need not be in git, and
  a registry on a shared folder is locked for every computer that opens it. `zaitaku check` counts
  the name as housekeeping (load.registry.EDIT_LOCK), so it is never named as an unread file.
- The file exists only while an edit runs: on Unix the holder removes it before it unlocks (a
  waiter that then gets the removed file sees that and tries again; filelock checks it too), on
  Windows filelock removes it. So `git status` does not show it, and `git add -A` cannot commit
  it. A file left by a killed command is not locked; the next edit takes it over and removes it.
- The holder writes who it is (pid, computer, user, command, time) into the file from byte 1 on:
  Windows locks byte 0, and a waiter reads the rest to say whom it waits for.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from zaitaku_cli.load.registry import EDIT_LOCK

DEFAULT_WAIT = 10.0  # seconds: a designate on a national-scale registry takes about 1.5 s
POLL = 0.05  # seconds between attempts


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as it wrote itself into the lock file (any field may be empty)."""

    pid: int | None = None
    host: str = ""
    user: str = ""
    command: str = ""
    since: str = ""  # local time, YYYY-MM-DD HH:MM:SS

    def describe(self, lang: str = "ja") -> str:
        """`zaitaku designate hubs/hx1 --on 2025-09-01（pid 4242、10:02:03 から）`; the computer and
        user only when it is another computer, the day only when it is not today."""
        other = self.host and self.host != _host()
        who = f"{self.user}@{self.host}" if other and self.user else (self.host if other else "")
        since = self.since[11:] if self.since[:10] == time.strftime("%Y-%m-%d") else self.since
        if lang == "en":
            details = ", ".join(x for x in (f"pid {self.pid}" if self.pid else "", who,
                                            f"since {since}" if since else "") if x)
        else:
            details = "、".join(x for x in (f"pid {self.pid}" if self.pid else "", who,
                                           f"{since} から" if since else "") if x)
        command = self.command or ("another zaitaku command" if lang == "en" else "別の zaitaku のコマンド")
        if not details:
            return command
        return f"{command} ({details})" if lang == "en" else f"{command}（{details}）"

    @property
    def here(self) -> bool:
        """Whether the holder runs on this computer (its pid then names a process one can end)."""
        return bool(self.pid) and (not self.host or self.host == _host())


def waiting_message(holder: Holder | None, wait: float) -> tuple[str, str]:
    """(Japanese, English) to say once when another edit holds the lock, so that waiting for it
    is not taken for a hang."""
    who_ja = f": {holder.describe('ja')}" if holder else "。"
    who_en = f": {holder.describe('en')}" if holder else ""
    return (f"zaitaku: 登録簿の別の編集が終わるのを待っています（最大 {wait:g} 秒）{who_ja}",
            f"zaitaku: waiting for another edit of the registry to finish (at most {wait:g} s){who_en}")


class LockError(Exception):
    """The lock could not be taken; nothing was read or written. `exit_status`: 2 when another
    edit held it too long, 1 when it cannot be made at all."""

    exit_status = 1

    def message(self, lang: str = "ja") -> str:
        raise NotImplementedError


class LockBusy(LockError):
    """Another edit held the lock for longer than `wait` seconds."""

    exit_status = 2

    def __init__(self, rel: str, wait: float, holder: Holder | None):
        super().__init__(rel)
        self.rel, self.wait, self.holder = rel, wait, holder

    def message(self, lang: str = "ja") -> str:
        wait = f"{self.wait:g}"
        if lang == "en":
            who = self.holder.describe("en") if self.holder else f"another program (it holds {self.rel})"
            text = (f"another edit of the registry did not finish within {wait} s: {who}. Run the command again "
                    "when it has finished (to wait longer, add e.g. --wait 60).")
            if self.holder and self.holder.here:
                text += (f" If it does not finish, end that process (pid {self.holder.pid}); the lock is released "
                         "when it ends.")
            return text
        who = self.holder.describe("ja") if self.holder else f"別のプログラム（{self.rel} を使用中）"
        text = (f"登録簿の別の編集が {wait} 秒待っても終わりません: {who}。その編集が終わってから、もう一度実行して"
                "ください（もっと長く待つには --wait 60 のように秒数を付けます）。")
        if self.holder and self.holder.here:
            text += f"止まったまま終わらないなら、そのプロセス（pid {self.holder.pid}）を終了してください。終了すればロックは外れます。"
        return text


class LockUnusable(LockError):
    """The lock file cannot be made or locked (no write permission in registry/, a read-only or
    lockless file system, a lock file of another user's that this one may not open)."""

    def __init__(self, rel: str, error: OSError, exists: bool = False):
        super().__init__(rel)
        self.rel, self.error, self.exists = rel, error, exists

    def message(self, lang: str = "ja") -> str:
        from zaitaku_cli.errors import os_error_text

        ja, en = os_error_text(self.error)
        folder = self.rel.rsplit("/", 1)[0]
        if self.exists and isinstance(self.error, PermissionError):  # another user's lock file
            if lang == "en":
                return (f"{self.rel}: the lock that keeps other edits out meanwhile cannot be opened ({en}); another "
                        f"user's edit holds it, or left it when it was stopped. Wait for that edit, or, if no zaitaku "
                        f"command runs, delete {self.rel}.")
            return (f"{self.rel}: 編集の間ほかの編集を止めるロックを開けません（{ja}）。別の利用者の編集が使っているか、"
                    f"止められた編集が残したものです。その編集が終わるのを待つか、zaitaku のコマンドが動いていなければ "
                    f"{self.rel} を削除してください。")
        if lang == "en":
            return (f"{self.rel}: the lock that keeps other edits out meanwhile cannot be made ({en}). "
                    f"Check that {folder}/ can be written.")
        return f"{self.rel}: 編集の間ほかの編集を止めるロックを作れません（{ja}）。{folder}/ に書き込めるか確かめてください。"


class _Replaced(Exception):
    """The locked file is no longer the one at the path (its holder removed it): try again."""


def _host() -> str:
    import socket

    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no name for this uid (a container)
        return ""


def _command() -> str:
    """The command as typed, for whoever waits: `zaitaku designate hubs/hx1 --on 2025-09-01`."""
    text = " ".join(["zaitaku", *sys.argv[1:]])
    return text if len(text) <= 200 else text[:199] + "…"


def _claim(path: Path):
    """The on_acquired hook: check the locked file is still the one at the path, then write who
    holds it (after byte 0, which Windows locks)."""

    def claim(fd: int) -> None:
        try:
            same = os.fstat(fd).st_nlink > 0 and os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if not same:
            raise _Replaced
        me = {"pid": os.getpid(), "host": _host(), "user": _user(), "command": _command(),
              "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        data = b"\n" + json.dumps(me, ensure_ascii=False).encode("utf-8") + b"\n"
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.ftruncate(fd, len(data))

    return claim


def read_holder(path: Path) -> Holder | None:
    """Who holds the lock at `path`, as it wrote itself there; None when unknown."""
    try:
        with open(path, "rb") as file:
            file.seek(1)
            record = json.loads(file.read(4096).decode("utf-8").splitlines()[0])
        pid = record.get("pid")
        return Holder(pid if isinstance(pid, int) else None,
                      *(str(record.get(key) or "") for key in ("host", "user", "command", "since")))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextlib.contextmanager
def registry_lock(root: Path, wait: float = DEFAULT_WAIT, waiting=None):
    """Hold the edit lock of the registry folder `root` for the `with` block.

    `wait`: seconds to wait for another edit (0: do not wait). `waiting(holder)` is called once,
    with a Holder or None, when another edit holds the lock, before waiting for it.
    Raises LockBusy when the wait ends first, LockUnusable when the lock cannot be made."""
    from filelock import FileLock, Timeout

    path = Path(root) / EDIT_LOCK
    rel = f"{Path(root).name}/{EDIT_LOCK}"
    lock = FileLock(path, on_acquired=_claim(path))
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            lock.acquire(timeout=0 if not told else max(deadline - time.monotonic(), 0), poll_interval=POLL)
            break
        except _Replaced:
            continue
        except Timeout:
            if told or wait <= 0:
                raise LockBusy(rel, wait, read_holder(path)) from None
            told = True
            if waiting is not None:
                waiting(read_holder(path))
        except (OSError, NotImplementedError) as error:
            error = error if isinstance(error, OSError) else OSError(str(error))
            raise LockUnusable(rel, error, os.path.lexists(path)) from None
    try:
        yield
    finally:
        _release(lock, path)


def _release(lock, path: Path) -> None:
    """Remove the file, then unlock (Unix; on Windows filelock removes it after unlocking)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            path.unlink()
    with contextlib.suppress(OSError):
        lock.release()
