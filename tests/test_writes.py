"""Writes that never surprise (issue 12, kinds 1-3): every file zaitaku writes goes through
zaitaku_cli/edit/atomic.py, which decides from what is at the path what a write does.

- a symbolic link is written through (the link stays a link; the file it resolves to is replaced
  atomically); a dangling link, a loop, a link to a folder, a record link out of the registry and
  a table link into it are refused;
- a FIFO, a character device and /dev/stdout, /dev/stderr, /dev/fd/N are written, never replaced
  by a regular file; a block device and a socket are refused;
- a read-only file or folder (by its mode bits, for root too), a hard-linked file and a file
  whose owner cannot be kept are refused with exit 2; a replaced file keeps mode, owner and group;
- `-o` takes .md, .csv, .xlsx (or none), refuses other extensions, a --format that contradicts
  the extension and any path in the registry;
- messages name the path the user gave and why; a temporary file left by a killed write is
  removed by the next write to that path, a running writer's never.

Each refusal is checked to leave every file as it was: content, file type, mode, owner, inode.
Permission cases run as root and as a user bound by the permission bits (root through `setpriv`
without the capabilities that override them, as in test_no_traceback.py). Devices are nodes made
with mknod in a temporary folder; the real /dev/null, /dev/full and /dev/stdout are checked to be
untouched after every test."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from edit_support import CLINIC, make_registry
from run_cli import ZAITAKU, assert_no_traceback
from zaitaku_cli.edit import atomic
from zaitaku_cli.edit.atomic import ANY, CannotWrite, FileChanged, inspect, write_atomic, write_atomic_all

REPO = Path(__file__).resolve().parent.parent
AS_OF = ["--as-of", "2025-07-21"]
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and permissions")
ROOT_ONLY = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root (mknod, chown)")
BOUND = "-dac_override,-dac_read_search"  # the capabilities that let root ignore permission bits
OTHER_UID, OTHER_GID = 12345, 23456  # an owner that is neither root nor the test's user


# --- harness ----------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def real_devices_untouched():
    """No test may replace a real device node (an earlier version replaced /dev/full as root)."""
    before = {name: os.lstat(name) for name in ("/dev/null", "/dev/full", "/dev/stdout") if os.path.lexists(name)}
    yield
    for name, st in before.items():
        now = os.lstat(name)
        assert stat.S_IFMT(now.st_mode) == stat.S_IFMT(st.st_mode) and now.st_ino == st.st_ino, f"{name} was replaced"


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE") and not k.startswith("GIT_")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"})
    return env


class Runner:
    """Runs the installed command as `who`: "root" (all capabilities) or "user" (bound by the
    permission bits)."""

    def __init__(self, who: str, prefix: list[str]):
        self.who, self.prefix = who, prefix

    def __call__(self, args, cwd, **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("stdout", subprocess.PIPE)
        kwargs.setdefault("stderr", subprocess.PIPE)
        proc = subprocess.run([*self.prefix, str(ZAITAKU), *args], cwd=cwd, env=_env(), timeout=120, **kwargs)
        proc.out = proc.stdout.decode("utf-8", "replace") if isinstance(proc.stdout, bytes) else ""
        proc.err = proc.stderr.decode("utf-8", "replace") if isinstance(proc.stderr, bytes) else ""
        proc.stdout, proc.stderr = proc.out, proc.err
        assert_no_traceback(proc)
        assert ".zaitaku-tmp" not in proc.err, proc.err  # messages never name the temporary file
        return proc


def _bound_prefix(drop: str) -> list[str]:
    """A command prefix under which permission bits apply, or skip."""
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    if os.geteuid() != 0:
        return []  # they already apply to us
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    prefix = [setpriv, f"--bounding-set={drop}"]
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        probe.chmod(0o444)
        tried = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}, 'a')"], capture_output=True)
    if tried.returncode == 0:
        pytest.skip("this user can write a file with mode 444: permissions cannot be tested")
    return prefix


@pytest.fixture(params=["root", "user"])
def zaitaku(request) -> Runner:
    if request.param == "root":
        if os.name != "posix" or os.geteuid() != 0:
            pytest.skip("not running as root")
        return Runner("root", [])
    return Runner("user", _bound_prefix(BOUND))


@pytest.fixture
def as_root() -> Runner:
    return Runner("root", [])


@pytest.fixture
def without_chown() -> Runner:
    """Root bound by the permission bits and unable to give a file away (as any user is)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root to make files of another owner")
    return Runner("user", _bound_prefix(BOUND + ",-chown,-fowner"))


@pytest.fixture
def work(tmp_path) -> Path:
    """tmp_path with a copy of the embedded registry (which exports cleanly) and a folder t/."""
    shutil.copytree(REPO / "registry", tmp_path / "registry")
    (tmp_path / "t").mkdir()
    return tmp_path


@pytest.fixture(scope="module")
def table() -> dict:
    """What `export hubs` writes, by format."""
    out = {}
    for fmt in ("md", "csv"):
        proc = subprocess.run([str(ZAITAKU), "export", "hubs", *AS_OF, "--format", fmt], cwd=REPO, env=_env(),
                              capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        out[fmt] = proc.stdout
    return out


def snapshot(path: Path):
    """Everything a write could silently change about `path` (and, for a link, the link)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        content = os.readlink(path)
    elif stat.S_ISREG(st.st_mode):
        content = path.read_bytes()
    else:
        content = st.st_rdev
    return (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_ino, content)


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): snapshot(p) for p in sorted(folder.rglob("*"))}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.zaitaku-tmp"))


# --- kind 1: symbolic links are written through -------------------------------------------------

@POSIX
def test_export_writes_through_a_link(work, zaitaku, table):
    """`-o t/link.md` where link.md is a link: the link stays, the file it names gets the table."""
    target = work / "t" / "target.md"
    target.write_text("old\n")
    target.chmod(0o640)
    (work / "t" / "link.md").symlink_to("target.md")
    before = os.lstat(target)
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "t/link.md"], work)
    assert (proc.returncode, proc.err, proc.out) == (0, "", "")
    assert os.readlink(work / "t" / "link.md") == "target.md"
    assert target.read_bytes() == table["md"]
    after = os.lstat(target)
    assert (stat.S_IMODE(after.st_mode), after.st_uid, after.st_gid) == (0o640, before.st_uid, before.st_gid)
    assert leftovers(work) == []


@POSIX
def test_export_writes_through_a_chain_of_links_into_another_folder(work, zaitaku, table):
    """A relative link to an absolute link to a file in another folder: the temporary file goes
    beside the resolved file (a rename cannot cross folders), and every link stays."""
    (work / "published").mkdir()
    final = work / "published" / "hubs.csv"
    final.write_text("old\n")
    (work / "t" / "absolute.csv").symlink_to(final)
    (work / "t" / "relative.csv").symlink_to("absolute.csv")
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "t/relative.csv"], work)
    assert proc.returncode == 0, proc.err
    assert os.readlink(work / "t" / "relative.csv") == "absolute.csv"
    assert os.readlink(work / "t" / "absolute.csv") == str(final)
    assert final.read_bytes() == table["csv"]
    assert leftovers(work) == []


@POSIX
@pytest.mark.parametrize("case, message", [
    ("dangling", "zaitaku: t/link.md: 書き出せません（リンク先の gone.md がありません）。リンクを通して新しいファイルは作りません。"
                 "リンクを直すか、別のファイル名を指定してください。\n"),
    ("loop", "zaitaku: t/link.md: 書き出せません（リンクが循環しています（リンクの先をたどると元に戻ります））\n"),
    ("folder", "zaitaku: t/link.md: 書き出せません（フォルダです）。書き出すファイルの名前を指定してください（例: 一覧/在宅医療圏別.xlsx）。\n"),
])
def test_export_refuses_a_link_it_cannot_write_through(work, zaitaku, case, message):
    link = work / "t" / "link.md"
    if case == "dangling":
        link.symlink_to("gone.md")
    elif case == "loop":
        (work / "t" / "other.md").symlink_to("link.md")
        link.symlink_to("other.md")
    else:
        (work / "t" / "folder.md").mkdir()
        link.symlink_to("folder.md")
    before = tree(work)
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "t/link.md"], work)
    assert (proc.returncode, proc.err, proc.out) == (2, message, "")
    assert tree(work) == before


def test_export_refuses_a_dangling_link_in_english(work, as_root):
    (work / "t" / "link.md").symlink_to("gone.md")
    proc = as_root(["export", "hubs", "-o", "t/link.md", "--lang", "en"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: t/link.md: cannot write (it is a link to gone.md, which does "
                                              "not exist). No file is created through a dangling link; fix the link "
                                              "or give another name.\n")


# --- kind 1: FIFOs, devices and descriptors are written, never replaced ------------------------

def _reader(fifo: Path):
    """A thread that reads `fifo` to its end; returns (thread, list that receives the bytes)."""
    box: list[bytes] = []

    def read():
        with open(fifo, "rb") as stream:
            box.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, box


def _release(fifo: Path) -> None:
    """Let a reader still waiting on `fifo` see its end."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


@POSIX
@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_export_into_a_fifo(work, zaitaku, table, fmt):
    fifo = work / "t" / f"pipe.{fmt}"
    os.mkfifo(fifo, 0o644)
    thread, box = _reader(fifo)
    try:
        proc = zaitaku(["export", "hubs", *AS_OF, "-o", f"t/pipe.{fmt}"], work)
        thread.join(60)
    finally:
        _release(fifo)
    assert (proc.returncode, proc.err) == (0, "")
    assert box == [table[fmt]]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in (work / "t").iterdir()) == [f"pipe.{fmt}"]


@POSIX
def test_two_csv_tables_need_a_regular_file(work, as_root):
    """--include-planned writes a second CSV beside -o: a FIFO, a device or stdout has no beside."""
    fifo = work / "t" / "pipe.csv"
    os.mkfifo(fifo)
    before = tree(work)
    proc = as_root(["export", "hubs", "--include-planned", "-o", "t/pipe.csv"], work)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == ("zaitaku: t/pipe.csv: CSV は1ファイル1表で、--include-planned では調整状況の表を別のファイル"
                        "（FILE-planned.csv）に書き出します。-o には通常のファイルの名前を指定してください。\n")
    assert tree(work) == before
    proc = as_root(["export", "hubs", "--include-planned", "--format", "csv", "-o", "-"], work)
    assert (proc.returncode, proc.out) == (2, "") and "-o FILE" in proc.err


@POSIX
@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_export_to_standard_output(work, zaitaku, table, name):
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", name], work)
    assert (proc.returncode, proc.err) == (0, "")
    assert proc.out.encode() == table["md"]
    assert sorted(p.name for p in work.iterdir()) == ["registry", "t"]  # no file called - or stdout


@POSIX
def test_dev_stdout_appends_where_the_shell_appends(work, zaitaku, table):
    """`zaitaku export -o /dev/stdout >> log`: the descriptor is written, so log keeps its lines
    (replacing the file /dev/stdout leads to would have lost them)."""
    log = work / "t" / "log.md"
    log.write_bytes(b"earlier\n")
    with open(log, "ab") as stdout:
        proc = zaitaku(["export", "hubs", *AS_OF, "-o", "/dev/stdout"], work, stdout=stdout)
    assert proc.returncode == 0, proc.err
    assert log.read_bytes() == b"earlier\n" + table["md"]


@POSIX
def test_export_to_stderr_and_to_a_descriptor(work, zaitaku, table):
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "/dev/stderr"], work)
    assert (proc.returncode, proc.out, proc.err.encode()) == (0, "", table["md"])
    read_end, write_end = os.pipe()
    try:
        proc = zaitaku(["export", "hubs", *AS_OF, "--format", "csv", "-o", f"/dev/fd/{write_end}"], work,
                       pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            assert stream.read() == table["csv"]
    finally:
        for fd in (read_end, write_end):
            try:
                os.close(fd)
            except OSError:
                pass
    assert proc.returncode == 0, proc.err
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "/dev/fd/9"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: /dev/fd/9: 書き出せません（開かれていないファイル記述子です）\n")


@POSIX
def test_xlsx_to_standard_output_when_it_is_a_pipe(work, zaitaku):
    proc = zaitaku(["export", "hubs", *AS_OF, "--format", "xlsx", "-o", "-"], work, stdout=subprocess.PIPE)
    assert proc.returncode == 0, proc.err
    assert proc.out.startswith("PK")


def _device(path: Path, kind: int, major: int, minor: int, mode: int = 0o666) -> None:
    os.mknod(path, mode | kind, os.makedev(major, minor))
    os.chmod(path, mode)


@ROOT_ONLY
def test_export_into_character_devices(work, as_root, table):
    """Nodes made here like /dev/null (1, 3) and /dev/full (1, 7): written into, never replaced."""
    null, full = work / "t" / "null", work / "t" / "full"
    _device(null, stat.S_IFCHR, 1, 3)
    _device(full, stat.S_IFCHR, 1, 7)
    before = tree(work)
    proc = as_root(["export", "hubs", *AS_OF, "-o", "t/null"], work)
    assert (proc.returncode, proc.err, proc.out) == (0, "", "")
    proc = as_root(["export", "hubs", *AS_OF, "-o", "t/full"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: t/full: 書き出せません（ディスクの空きがありません（No space left on device））\n")
    proc = as_root(["export", "hubs", *AS_OF, "-o", "t/full", "--lang", "en"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: t/full: cannot write (No space left on device)\n")
    assert tree(work) == before


@ROOT_ONLY
@pytest.mark.parametrize("who", ["root", "user"])
def test_a_device_nobody_may_write_is_refused(work, who, table):
    """mode 444: refused for root too; a device of another owner (644): refused for the user."""
    run = Runner("root", []) if who == "root" else Runner("user", _bound_prefix(BOUND))
    read_only, others = work / "t" / "read-only", work / "t" / "others"
    _device(read_only, stat.S_IFCHR, 1, 3, 0o444)
    _device(others, stat.S_IFCHR, 1, 3, 0o644)
    os.chown(others, OTHER_UID, OTHER_GID)
    before = tree(work)
    proc = run(["export", "hubs", "-o", "t/read-only"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: t/read-only: 書き出せません（読み取り専用のファイルです（mode 444））。"
                                              "変えてよいファイルなら、書き込みを許可（chmod u+w t/read-only）してからもう一度実行してください。\n")
    proc = run(["export", "hubs", "-o", "t/others"], work)
    if who == "root":
        assert (proc.returncode, proc.err) == (0, "")
    else:
        assert (proc.returncode, proc.err) == (2, f"zaitaku: t/others: 書き出せません（書き込みの権限がありません（所有者: {OTHER_UID}、mode 644））\n")
    assert tree(work) == before


@ROOT_ONLY
def test_a_block_device_and_a_socket_are_refused(work, as_root):
    _device(work / "t" / "disk", stat.S_IFBLK, 7, 250, 0o660)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(work / "t" / "sock"))
        before = tree(work)
        proc = as_root(["export", "hubs", "-o", "t/disk"], work)
        assert (proc.returncode, proc.err) == (2, "zaitaku: t/disk: 書き出せません（ディスク装置（ブロックデバイス）です。"
                                                  "書き込むと中身を壊すため、書き込みません）\n")
        proc = as_root(["export", "hubs", "-o", "t/sock", "--lang", "en"], work)
        assert (proc.returncode, proc.err) == (2, "zaitaku: t/sock: cannot write (it is a socket, which cannot be "
                                                  "written as a file)\n")
        assert tree(work) == before
    finally:
        server.close()


# --- kind 1: read-only files and folders, hard links, owners -------------------------------------

@POSIX
def test_a_read_only_output_file_is_refused(work, zaitaku):
    out = work / "t" / "hubs.md"
    out.write_text("published\n")
    out.chmod(0o444)
    before = tree(work)
    proc = zaitaku(["export", "hubs", "-o", "t/hubs.md"], work)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == ("zaitaku: t/hubs.md: 書き出せません（読み取り専用のファイルです（mode 444））。変えてよいファイルなら、"
                        "書き込みを許可（chmod u+w t/hubs.md）してからもう一度実行してください。\n")
    proc = zaitaku(["export", "hubs", "-o", "t/hubs.md", "--lang", "en"], work)
    assert proc.err == ("zaitaku: t/hubs.md: cannot write (it is read-only: mode 444). If it may be changed, allow "
                        "writing (chmod u+w t/hubs.md) and run the command again.\n")
    assert tree(work) == before


@POSIX
def test_a_read_only_file_reached_through_a_link_is_refused(work, zaitaku):
    (work / "t" / "hubs.md").write_text("published\n")
    (work / "t" / "hubs.md").chmod(0o400)
    (work / "t" / "link.md").symlink_to("hubs.md")
    before = tree(work)
    proc = zaitaku(["export", "hubs", "-o", "t/link.md"], work)
    assert (proc.returncode, proc.err.split("（", 1)[0]) == (2, "zaitaku: t/link.md: 書き出せません")
    assert "mode 400" in proc.err
    assert tree(work) == before


@POSIX
@pytest.mark.parametrize("exists", [True, False], ids=["replace", "create"])
def test_a_file_in_a_read_only_folder_is_refused(work, zaitaku, exists):
    """Replacing or creating a file writes its folder: a folder without write bits refuses it, as root too."""
    folder = work / "t" / "frozen"
    folder.mkdir()
    if exists:
        (folder / "hubs.md").write_text("published\n")
    folder.chmod(0o555)
    before = tree(work)
    try:
        proc = zaitaku(["export", "hubs", "-o", "t/frozen/hubs.md"], work)
        after = tree(work)
    finally:
        folder.chmod(0o755)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == ("zaitaku: t/frozen/hubs.md: 書き出せません（フォルダ t/frozen が読み取り専用です（mode 555））。"
                        "ファイルを置き換える・作るには、フォルダへの書き込みが必要です。\n")
    assert after == before


@POSIX
def test_another_users_file_the_user_may_not_write(work, zaitaku, table):
    """A 644 file of another owner: the user may not write it; root may, and the owner stays."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a file of another owner")
    out = work / "t" / "hubs.md"
    out.write_text("published\n")
    out.chmod(0o644)
    os.chown(out, OTHER_UID, OTHER_GID)
    before = tree(work)
    proc = zaitaku(["export", "hubs", *AS_OF, "-o", "t/hubs.md"], work)
    if zaitaku.who == "user":
        assert (proc.returncode, proc.err) == (2, f"zaitaku: t/hubs.md: 書き出せません（書き込みの権限がありません（所有者: {OTHER_UID}、mode 644））\n")
        assert tree(work) == before
    else:
        assert (proc.returncode, proc.err) == (0, "")
        st = os.lstat(out)
        assert (out.read_bytes(), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (table["md"], 0o644, OTHER_UID, OTHER_GID)


@ROOT_ONLY
def test_a_replaced_file_keeps_mode_owner_and_group(work, as_root, table):
    out = work / "t" / "hubs.csv"
    out.write_text("old\n")
    os.chown(out, OTHER_UID, OTHER_GID)
    out.chmod(0o2660)  # set-group-id too: a chown clears it, so the mode is set after the owner
    proc = as_root(["export", "hubs", *AS_OF, "-o", "t/hubs.csv"], work)
    assert proc.returncode == 0, proc.err
    st = os.lstat(out)
    assert (out.read_bytes(), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (table["csv"], 0o2660, OTHER_UID, OTHER_GID)


@ROOT_ONLY
def test_an_owner_that_cannot_be_kept_is_refused(work, without_chown):
    """A group- and world-writable file of another owner, in a folder anyone may write: renaming
    a new file over it would make it the writer's; a user cannot give it back, so it is refused."""
    folder = work / "t" / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    out = folder / "hubs.md"
    out.write_text("published\n")
    out.chmod(0o666)
    os.chown(out, OTHER_UID, OTHER_GID)
    before = tree(work)
    proc = without_chown(["export", "hubs", "-o", "t/shared/hubs.md"], work)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == (f"zaitaku: t/shared/hubs.md: 書き出せません（所有者（{OTHER_UID}:{OTHER_GID}）を保ったまま置き換えられません"
                        "（書き込むと所有者が root に変わります））。所有者か管理者に依頼してください。\n")
    assert tree(work) == before
    assert leftovers(work) == []


@POSIX
def test_a_hard_linked_file_is_refused(work, zaitaku):
    out = work / "t" / "hubs.md"
    out.write_text("published\n")
    os.link(out, work / "t" / "copy.md")
    before = tree(work)
    proc = zaitaku(["export", "hubs", "-o", "t/hubs.md"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: t/hubs.md: 書き出せません（ほかの名前（ハードリンク）でも開かれるファイルです"
                                              "（名前が 2 個））。置き換えるとほかの名前は古い内容のまま残るため、書き込みません。"
                                              "独立したファイルにする（cp でコピーし直す）か、別のファイル名を指定してください。\n")
    assert tree(work) == before


# --- kind 2: -o names a format and a place outside the registry --------------------------------

FORMATS_JA = "作れるのは Markdown（.md）・CSV（.csv）・Excel ブック（.xlsx）・ウェブページ（.html）です。"


@pytest.mark.parametrize("name, hint", [
    ("一覧.xls", "Excel 97-2003 の古い形式（.xls）は作れません。.xlsx にしてください（Excel でそのまま開けます）。"),
    ("一覧.XLS", "Excel 97-2003 の古い形式（.xls）は作れません。.xlsx にしてください（Excel でそのまま開けます）。"),
    ("t.ods", "LibreOffice Calc の形式は作れません。.xlsx にしてください（LibreOffice でも開けます）。"),
    ("t.tsv", "タブ区切りは作れません。表計算ソフトには .csv（カンマ区切り）にしてください。"),
    ("t.docx", "Word の文書は作れません。Word には .md の表を貼るか、.xlsx の表をコピーしてください。"),
    ("t.txt", "テキストの表は Markdown（.md）で作れます。"),
    ("t.xhtml", ""),
    ("t.yaml", ""),
])
def test_an_unknown_extension_is_a_usage_error(work, as_root, name, hint):
    before = tree(work)
    suffix = os.path.splitext(name)[1]
    for extra in ([], ["--format", "md"]):  # --format does not make a .xls file hold Markdown
        proc = as_root(["export", "regional", *extra, "-o", name], work)
        assert (proc.returncode, proc.out) == (2, "")
        assert proc.err == f"zaitaku: {name}: 拡張子 {suffix} の形式の一覧表は作れません。{FORMATS_JA}{hint}\n"
    proc = as_root(["export", "regional", "--check", name], work)
    assert proc.returncode == 2 and proc.err.startswith(f"zaitaku: {name}: 拡張子 {suffix} の形式の一覧表は作れません。")
    assert tree(work) == before


def test_an_unknown_extension_in_english(work, as_root):
    proc = as_root(["export", "regional", "-o", "list.ods", "--lang", "en"], work)
    assert (proc.returncode, proc.err) == (2, "zaitaku: list.ods: tables are not made in the .ods format; the formats "
                                              "are Markdown (.md), CSV (.csv), Excel workbook (.xlsx) and web page (.html). "
                                              "The LibreOffice Calc format cannot be made; use .xlsx (LibreOffice opens "
                                              "it too).\n")


@pytest.mark.parametrize("args, name", [
    (["--format", "csv"], "t/hubs.md"),
    (["--format", "md"], "t/hubs.xlsx"),
    (["--format", "xlsx"], "t/hubs.CSV"),
])
def test_a_format_the_extension_contradicts(work, as_root, args, name):
    proc = as_root(["export", "hubs", *args, "-o", name], work)
    suffix = os.path.splitext(name)[1]
    implied = {".md": "Markdown", ".xlsx": "Excel", ".CSV": "CSV"}[suffix]
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == (f"zaitaku: {name}: 拡張子 {suffix} は {implied} の形式ですが、{args[0]} {args[1]} が指定されています。"
                        "どちらかをもう一方に合わせてください（--format を省くと拡張子から決まります）。\n")
    assert list((work / "t").iterdir()) == []


@pytest.mark.parametrize("name, start", [
    ("t/hubs.MD", b"## "), ("t/hubs.markdown", b"## "), ("t/hubs.Csv", b"\xef\xbb\xbf"), ("t/hubs.XLSX", b"PK"),
    ("t/hubs", b"## "), ("t/v1.0/hubs", b"## "),
])
def test_known_extensions_in_any_case_and_no_extension(work, as_root, name, start):
    (work / "t" / "v1.0").mkdir()
    proc = as_root(["export", "hubs", "-o", name], work)
    assert (proc.returncode, proc.err) == (0, "")
    assert (work / name).read_bytes().startswith(start)


@pytest.mark.parametrize("name, reason", [
    ("registry/hubs.md", "登録簿のフォルダ registry/ の中です"),
    ("registry/hubs/table.csv", "登録簿のフォルダ registry/ の中です"),
    ("t/../registry/zones/x.md", "登録簿のフォルダ registry/ の中です"),
])
def test_a_table_is_never_written_into_the_registry(work, as_root, name, reason):
    before = tree(work)
    proc = as_root(["export", "hubs", "-o", name], work)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == (f"zaitaku: {name}: 書き出せません（{reason}）。一覧表は registry/ の外に書き出してください"
                        "（registry/ の中のファイルは記録として検査されます）。\n")
    assert tree(work) == before


def test_the_scheme_is_never_overwritten(work, as_root):
    """The issue's case: `-o registry/prefecture.yaml` overwrote the scheme with a table."""
    before = tree(work)
    for args in (["-o", "registry/prefecture.yaml"], ["--format", "md", "-o", "registry/prefecture.yaml"]):
        proc = as_root(["export", "hubs", *args], work)
        assert proc.returncode == 2 and proc.err.startswith("zaitaku: registry/prefecture.yaml: "), proc.err
    (work / "t" / "scheme.md").symlink_to("../registry/prefecture.yaml")
    proc = as_root(["export", "hubs", "-o", "t/scheme.md"], work)
    assert (proc.returncode, proc.err) == (2, f"zaitaku: t/scheme.md: 書き出せません（登録簿のフォルダ registry/ の中です"
                                              f"（リンク先: {work / 'registry' / 'prefecture.yaml'}））。一覧表は registry/ の外に"
                                              "書き出してください（registry/ の中のファイルは記録として検査されます）。\n")
    after = tree(work)
    after.pop("t/scheme.md")
    assert after == before


def test_a_table_is_never_written_into_another_named_registry(tmp_path, as_root):
    shutil.copytree(REPO / "registry", tmp_path / "plan" / "data")
    before = tree(tmp_path)
    proc = as_root(["export", "hubs", "--registry", "plan/data", "-o", "plan/data/hubs.md", "--lang", "en"], tmp_path)
    assert (proc.returncode, proc.err) == (2, "zaitaku: plan/data/hubs.md: cannot write (it is inside the registry folder "
                                              "data/). Write tables outside data/ (the files in it are checked as the "
                                              "registry).\n")
    assert tree(tmp_path) == before
    proc = as_root(["export", "hubs", "--registry", "plan/data", "-o", "plan/hubs.md"], tmp_path)
    assert proc.returncode == 0, proc.err


@pytest.mark.parametrize("name, lang, message", [
    ("t", "ja", "zaitaku: t: 書き出せません（フォルダです）。書き出すファイルの名前を指定してください（例: 一覧/在宅医療圏別.xlsx）。\n"),
    ("t/", "ja", "zaitaku: t/: 書き出せません（ファイルの名前ではなくフォルダの名前です）。書き出すファイルの名前を指定してください"
                 "（例: 一覧/在宅医療圏別.xlsx）。\n"),
    ("t", "en", "zaitaku: t: cannot write (it is a folder). Give the name of the file to write (e.g. tables/regional.xlsx).\n"),
    ("", "ja", "zaitaku: -o のファイルの名前が空です。書き出すファイルの名前を指定してください（標準出力なら -o - か、-o を省きます）。\n"),
    ("", "en", "zaitaku: -o was given an empty file name; give the file to write (for standard output, -o - or no -o).\n"),
])
def test_output_onto_a_folder(work, as_root, name, lang, message):
    before = tree(work)
    proc = as_root(["export", "hubs", "-o", name, "--lang", lang], work)
    assert (proc.returncode, proc.err, proc.out) == (2, message, "")
    assert tree(work) == before


# --- kind 3: messages name the path given; leftovers of killed writes ------------------------

@pytest.mark.parametrize("name, message", [
    ("nodir/x.csv", "zaitaku: nodir/x.csv: 書き出せません（フォルダ nodir がありません）\n"),
    ("nodir/sub/x.md", "zaitaku: nodir/sub/x.md: 書き出せません（フォルダ nodir/sub がありません）\n"),
    ("t/file.md/x.md", "zaitaku: t/file.md/x.md: 書き出せません（t/file.md はフォルダではありません）\n"),
])
def test_messages_name_the_path_given(work, as_root, name, message):
    (work / "t" / "file.md").write_text("x\n")
    before = tree(work)
    proc = as_root(["export", "hubs", "-o", name], work)
    assert (proc.returncode, proc.err) == (2, message)
    assert tree(work) == before


KILLED_WRITER = """
import os, signal, sys
from zaitaku_cli.edit import atomic
atomic.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed between writing and renaming
atomic.write_atomic(sys.argv[1], b"half way", atomic.ANY)
"""


def _killed_write(path: Path) -> Path:
    """The temporary file a writer killed (SIGKILL) just before its rename left beside `path`."""
    before = set(path.parent.iterdir())
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path)], env=_env(), capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    (left,) = set(path.parent.iterdir()) - before
    assert left.name.startswith(f".{path.name}.") and left.name.endswith(".zaitaku-tmp")
    return left


@POSIX
def test_the_next_write_removes_what_a_killed_write_left(work, as_root, table):
    out = work / "t" / "hubs.md"
    out.write_text("published\n")
    left = _killed_write(out)
    assert out.read_text() == "published\n"
    proc = as_root(["export", "hubs", *AS_OF, "-o", "t/hubs.md"], work)
    assert proc.returncode == 0, proc.err
    assert out.read_bytes() == table["md"]
    assert not left.exists() and leftovers(work) == []


@POSIX
def test_the_next_write_leaves_every_other_temporary_file(work, as_root):
    """Only this path's leftovers, only of writers that no longer run, only older than the write."""
    folder = work / "t"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])  # a writer that has ended
        dead.wait()
        names = {
            "running": f".hubs.md.{sleeper.pid}-abcdefgh.zaitaku-tmp",  # a concurrent writer
            "other-file": f".hubs.csv.{dead.pid}-abcdefgh.zaitaku-tmp",
            "no-pid": ".hubs.md.k2j4x9ab.zaitaku-tmp",  # not of this form: `check` names it
            "newer": f".hubs.md.{dead.pid}-zyxwvuts.zaitaku-tmp",
            "not-ours": f".hubs.md.{dead.pid}-abcdefgh.tmp",
        }
        for name in names.values():
            (folder / name).write_text("x")
        future = time.time() + 3600
        os.utime(folder / names["newer"], (future, future))
        proc = as_root(["export", "hubs", "-o", "t/hubs.md"], work)
        assert proc.returncode == 0, proc.err
        assert sorted(p.name for p in folder.iterdir()) == sorted([*names.values(), "hubs.md"])
    finally:
        sleeper.kill()
        sleeper.wait()


CONCURRENT_WRITER = """
import sys
from zaitaku_cli.edit.atomic import write_atomic_all
for _ in range(int(sys.argv[3])):
    write_atomic_all([(sys.argv[1], (sys.argv[2] * 5000).encode())])
"""


@POSIX
def test_concurrent_writers_never_remove_each_others_temporary_files(tmp_path):
    """Six processes write the same file 40 times each: every write succeeds (no writer removes a
    running writer's temporary file), the file is always one whole version, nothing is left."""
    out = tmp_path / "hubs.md"
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(out), str(n), "40"], env=_env(),
                              stderr=subprocess.PIPE) for n in range(6)]
    seen = set()
    while any(p.poll() is None for p in procs):
        if out.exists():
            seen.add(out.read_bytes())
    results = [(p.wait(), p.stderr.read()) for p in procs]
    assert results == [(0, b"")] * 6
    versions = {(str(n) * 5000).encode() for n in range(6)}
    assert seen | {out.read_bytes()} <= versions
    assert leftovers(tmp_path) == []


# --- designate, withdraw, new, init -------------------------------------------------------------

@pytest.fixture
def edit(tmp_path) -> Path:
    """The embedded registry plus the edit fixtures; CLINIC (applied) can be designated."""
    return make_registry(tmp_path)


DESIGNATE = ["designate", "institutions/kitami-sample-clinic", "--on", "2025-07-01"]


@POSIX
@pytest.mark.parametrize("command, rel", [(DESIGNATE, CLINIC),
                                          (["withdraw", "hubs/muroran", "--on", "2025-08-01"], "registry/hubs/muroran.yaml")],
                         ids=["designate", "withdraw"])
def test_a_read_only_record_is_refused(edit, zaitaku, command, rel):
    (edit / rel).chmod(0o444)
    before = tree(edit)
    proc = zaitaku(command, edit)
    assert proc.returncode == 2, proc.out + proc.err
    assert proc.err == (f"zaitaku: {rel}: 書き込めません（読み取り専用のファイルです（mode 444））。変えてよいファイルなら、"
                        f"書き込みを許可（chmod u+w {rel}）してからもう一度実行してください。{rel} は変更していません。\n")
    proc = zaitaku([*command, "--lang", "en"], edit)
    assert proc.err == (f"zaitaku: {rel}: cannot write (it is read-only: mode 444). If it may be changed, allow "
                        f"writing (chmod u+w {rel}) and run the command again. {rel} is unchanged.\n")
    assert tree(edit) == before


@POSIX
def test_a_record_in_a_read_only_folder_is_refused(edit, zaitaku):
    folder = edit / "registry" / "institutions"
    folder.chmod(0o555)
    before = tree(edit)
    try:
        proc = zaitaku(DESIGNATE, edit)
        after = tree(edit)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 2
    assert proc.err == (f"zaitaku: {CLINIC}: 書き込めません（フォルダ registry/institutions が読み取り専用です（mode 555））。"
                        f"ファイルを置き換える・作るには、フォルダへの書き込みが必要です。{CLINIC} は変更していません。\n")
    assert after == before


@ROOT_ONLY
def test_designate_keeps_the_records_owner_group_and_mode(edit, as_root):
    record = edit / CLINIC
    os.chown(record, OTHER_UID, OTHER_GID)
    record.chmod(0o660)
    proc = as_root(DESIGNATE, edit)
    assert proc.returncode == 0, proc.err
    st = os.lstat(record)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (OTHER_UID, OTHER_GID, 0o660)
    assert "status: designated" in record.read_text(encoding="utf-8")


@ROOT_ONLY
def test_designate_refuses_when_the_owner_cannot_be_kept(edit, without_chown):
    record = edit / CLINIC
    (edit / "registry" / "institutions").chmod(0o777)
    record.chmod(0o666)
    os.chown(record, OTHER_UID, OTHER_GID)
    before = tree(edit)
    proc = without_chown(DESIGNATE, edit)
    assert proc.returncode == 2
    assert proc.err == (f"zaitaku: {CLINIC}: 書き込めません（所有者（{OTHER_UID}:{OTHER_GID}）を保ったまま置き換えられません"
                        f"（書き込むと所有者が root に変わります））。所有者か管理者に依頼してください。{CLINIC} は変更していません。\n")
    assert tree(edit) == before
    assert leftovers(edit) == []


@POSIX
@pytest.mark.parametrize("spelling", ["institutions/kitami-sample-clinic", CLINIC])
def test_designate_writes_through_a_record_link_inside_the_registry(edit, as_root, spelling):
    """The issue's case: a record that is a link; designate replaced the link with a regular file."""
    real = edit / "registry" / "shared" / "kitami.yaml"
    real.parent.mkdir()
    shutil.move(edit / CLINIC, real)
    (edit / CLINIC).symlink_to("../shared/kitami.yaml")
    proc = as_root(["designate", spelling, "--on", "2025-07-01"], edit)
    assert proc.returncode == 0, proc.err
    assert os.readlink(edit / CLINIC) == "../shared/kitami.yaml"
    assert "status: designated" in real.read_text(encoding="utf-8")
    assert leftovers(edit) == []


@POSIX
@pytest.mark.parametrize("spelling", ["institutions/kitami-sample-clinic", CLINIC])
def test_designate_refuses_a_record_link_out_of_the_registry(edit, as_root, spelling):
    outside = edit / "elsewhere.yaml"
    shutil.move(edit / CLINIC, outside)
    (edit / CLINIC).symlink_to(outside)
    before = tree(edit)
    proc = as_root(["designate", spelling, "--on", "2025-07-01"], edit)
    assert (proc.returncode, proc.out) == (2, "")
    assert proc.err == (f"zaitaku: {spelling}: 登録簿の外を指すリンク（{outside}）です。登録簿の外のファイルは編集しません"
                        "（zaitaku check が file-symlink として示します）。記録のファイルを登録簿の中に置いてください。\n")
    assert tree(edit) == before


@POSIX
def test_designate_refuses_a_dangling_record_link(edit, as_root):
    (edit / CLINIC).unlink()
    (edit / CLINIC).symlink_to("gone.yaml")
    before = tree(edit)
    proc = as_root(DESIGNATE, edit)
    assert (proc.returncode, proc.err) == (2, "zaitaku: institutions/kitami-sample-clinic: リンクですが、リンク先（gone.yaml）が"
                                              "ありません（または循環しています）。リンクを直してください。\n")
    assert tree(edit) == before


@POSIX
def test_designate_refuses_a_hard_linked_record(edit, as_root):
    os.link(edit / CLINIC, edit / "backup.yaml")
    before = tree(edit)
    proc = as_root(DESIGNATE, edit)
    assert proc.returncode == 2 and "ハードリンク" in proc.err and f"{CLINIC} は変更していません。" in proc.err
    assert tree(edit) == before


@POSIX
def test_designate_removes_what_a_killed_designate_left(edit, as_root):
    """check names the leftover (file-temporary) until the next write to that record removes it."""
    from run_cli import run_json

    left = _killed_write(edit / CLINIC)
    code, report = run_json(["--as-of", "2025-12-31"], edit)
    rel = left.relative_to(edit).as_posix()
    assert ("file-temporary", rel) in {(f["code"], f["file"]) for f in report["findings"]}
    proc = as_root(DESIGNATE, edit)
    assert proc.returncode == 0, proc.err
    assert not left.exists()
    code, report = run_json(["--as-of", "2025-12-31"], edit)
    assert "file-temporary" not in {f["code"] for f in report["findings"]}


@ROOT_ONLY
def test_new_and_init_respect_a_read_only_folder_as_root(edit, as_root):
    zones = edit / "registry" / "zones"
    zones.chmod(0o555)
    (edit / "frozen").mkdir(mode=0o555)
    before = tree(edit)
    try:
        proc = as_root(["new", "zone", "new-zone"], edit)
        assert (proc.returncode, proc.err) == (2, "zaitaku: registry/zones/new-zone.yaml: 書き込めません（フォルダ registry/zones が"
                                                  "読み取り専用です（mode 555））。ファイルを置き換える・作るには、フォルダへの書き込みが必要です。\n")
        proc = as_root(["init", "北海道", "frozen/hokkaido"], edit)
        assert (proc.returncode, proc.err) == (2, "zaitaku: frozen/hokkaido/registry に書き込めません（フォルダ frozen が"
                                                  "読み取り専用です（mode 555））。\n")
        assert tree(edit) == before
    finally:
        zones.chmod(0o755)
        (edit / "frozen").chmod(0o755)


# --- the writer itself ----------------------------------------------------------------------------

@POSIX
def test_inspect_names_what_is_at_the_path(tmp_path):
    (tmp_path / "file").write_text("x")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to("file")
    assert inspect(tmp_path / "new").kind == "new"
    assert inspect(tmp_path / "file").kind == "file"
    assert inspect(tmp_path / "fifo").kind == "stream"
    target = inspect(tmp_path / "link", "the-link")
    assert (target.kind, target.path, target.shown) == ("file", tmp_path / "file", "the-link")
    assert (inspect("/dev/stdout").kind, inspect("/dev/stdout").fd) == ("descriptor", 1)
    assert inspect("/proc/self/fd/7").fd == 7
    with pytest.raises(CannotWrite) as info:
        inspect(tmp_path / "file", within=tmp_path / "elsewhere")
    assert info.value.errno and "登録簿の外" in info.value.reason()


@POSIX
def test_a_fifo_is_written_only_when_anything_may_be_replaced(tmp_path):
    """An edit (expected bytes) or a creation never writes into a FIFO."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for expected in (b"old", None):
        with pytest.raises((CannotWrite, FileChanged)):
            write_atomic(fifo, b"new", expected)
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@POSIX
def test_a_new_file_is_not_created_through_a_dangling_link(tmp_path):
    (tmp_path / "link").symlink_to("gone")
    with pytest.raises(CannotWrite):
        write_atomic(tmp_path / "link", b"new", None)
    assert not (tmp_path / "gone").exists() and os.path.islink(tmp_path / "link")


@POSIX
def test_a_user_is_refused_another_owners_file_before_anything_is_written(tmp_path, monkeypatch):
    """As a user (not root), a file whose owner or group differs from the user's is refused by
    inspect, before the export's work (atomic._check_owner); root keeps it by fchown instead."""
    out = tmp_path / "hubs.md"
    out.write_text("x")
    st = os.stat(out)
    monkeypatch.setattr(atomic.os, "geteuid", lambda: st.st_uid + 1)
    with pytest.raises(CannotWrite) as info:
        inspect(out)
    assert "所有者" in info.value.reason() and "owner" in info.value.reason("en")
    if st.st_uid == 0:  # as root: a file of a user, whose group that user is not in
        os.chown(out, 4242, 4343)
        st = os.stat(out)
    monkeypatch.setattr(atomic.os, "geteuid", lambda: st.st_uid)
    monkeypatch.setattr(atomic.os, "getegid", lambda: st.st_gid + 1)
    monkeypatch.setattr(atomic.os, "getgroups", lambda: [])
    with pytest.raises(CannotWrite):
        inspect(out)
    monkeypatch.setattr(atomic.os, "getgroups", lambda: [st.st_gid])
    assert inspect(out).kind == "file"


@POSIX
def test_write_atomic_all_inspects_every_file_before_writing_any(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "a-planned.csv"
    first.write_bytes(b"old")
    second.write_bytes(b"old too")
    second.chmod(0o444)
    with pytest.raises(CannotWrite) as info:
        write_atomic_all([(first, b"new"), (second, b"new")])
    assert info.value.shown == str(second)
    assert (first.read_bytes(), second.read_bytes()) == (b"old", b"old too")
    assert leftovers(tmp_path) == []


def test_any_still_replaces_a_regular_file_and_creates_a_new_one(tmp_path):
    write_atomic(tmp_path / "x.md", b"one", ANY)
    write_atomic(tmp_path / "x.md", b"two", ANY)
    assert (tmp_path / "x.md").read_bytes() == b"two"
    assert leftovers(tmp_path) == []
