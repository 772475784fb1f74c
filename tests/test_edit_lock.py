"""One edit of the registry at a time (issue 12, kind 4): designate, withdraw and new hold a
registry-wide lock from reading to writing, so the check before writing sees every other edit.
Tested with real parallel processes of the installed command: hubs planned in a zone of 6,820
people (江差町, which may have one hub) designated at once, round after round; and with a lock
held by another process: the message names it, --wait bounds the wait (exit 2), and a killed
holder never blocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry_builder import build_registry
from run_cli import ZAITAKU, assert_no_traceback, run, run_json

LOCK = "registry/.zaitaku-lock"
ZONE = """id: esashi
name: 江差在宅医療圏
short_name: 江差
secondary_area: "0102"   # 南檜山
municipalities:
  - "013617"   # 江差町: 6,820 people on 2024-01-01, so one hub at most
"""


def _hub(i: int) -> bytes:
    return f"""id: hx{i}
name: 江差第{i}在宅医療連携拠点
zones: [esashi]
implementing_bodies:
  - {{name: 江差町{i}, type: municipality}}
roles:
  coordination: true
  information_network: true
  training: true
designation:
  status: planned
""".encode()


def _esashi(base: Path, hubs: int = 2) -> Path:
    build_registry(base, {"zones/esashi.yaml": ZONE.encode(), **{f"hubs/hx{i}.yaml": _hub(i) for i in range(1, hubs + 1)}})
    return base


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"})
    return env


def _start(args, cwd) -> subprocess.Popen:
    return subprocess.Popen([str(ZAITAKU), *args], cwd=cwd, env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=120)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert_no_traceback(done)
    return done


def _errors(base: Path) -> list:
    status, report = run_json([], base)
    assert status == (1 if report["summary"]["errors"] else 0)
    return [(f["code"], f["file"]) for f in report["findings"] if f["severity"] == "error"]


def _designated(base: Path, hubs: int) -> list[int]:
    return [i for i in range(1, hubs + 1)
            if "status: designated" in (base / f"registry/hubs/hx{i}.yaml").read_text(encoding="utf-8")]


# --- real parallel edits --------------------------------------------------------------------------

@pytest.mark.parametrize("hubs, rounds", [(2, 20), (3, 4)])
def test_hubs_designated_at_once_in_a_zone_for_one_never_both_succeed(tmp_path, hubs, rounds):
    """Without the lock both designates passed in 7 of 10 runs and check then reported hub-count."""
    base = _esashi(tmp_path, hubs)
    assert _errors(base) == []
    for n in range(rounds):
        for i in range(1, hubs + 1):
            (base / f"registry/hubs/hx{i}.yaml").write_bytes(_hub(i))
        procs = [_start(["designate", f"hx{i}", "--on", "2025-09-01"], base) for i in range(1, hubs + 1)]
        done = [_finish(p) for p in procs]
        report = f"round {n}: " + "\n".join(d.stdout + d.stderr for d in done)
        assert sorted(d.returncode for d in done) == [0] + [1] * (hubs - 1), report
        winner = next(i for i, d in enumerate(done, 1) if d.returncode == 0)
        assert _designated(base, hubs) == [winner], report
        for i, d in enumerate(done, 1):
            if d.returncode:  # refused by the check, which saw the other hub designated
                assert "hub-count" in d.stdout, report
                assert d.stderr.endswith(f"記録しませんでした: この変更をすると上のエラーになります。registry/hubs/hx{i}.yaml は変更していません。\n"), report
        assert _errors(base) == [], report
        assert not (base / LOCK).exists()


def test_the_same_record_designated_at_once_on_two_days(tmp_path):
    """The later edit reads what the earlier wrote: it is refused for the recorded date (a correction),
    not for a file that changed under it."""
    base = _esashi(tmp_path, 1)
    for n in range(5):
        (base / "registry/hubs/hx1.yaml").write_bytes(_hub(1))
        procs = [_start(["designate", "hx1", "--on", day], base) for day in ("2025-09-01", "2025-09-02")]
        done = [_finish(p) for p in procs]
        report = f"round {n}: " + "\n".join(d.stdout + d.stderr for d in done)
        assert sorted(d.returncode for d in done) == [0, 1], report
        loser = next(d for d in done if d.returncode)
        assert "指定年月日は既に" in loser.stderr and "変更されました" not in loser.stderr, report


def test_steps_recorded_at_once_on_one_record_are_both_kept(tmp_path):
    """Two `step` runs on the same hub at once (coordinating, then applied a day later): the lock
    makes one wait for the other, so both steps are in the file whatever the order they run in —
    or the later-dated one ran first and the other is refused as going back, the file whole."""
    base = _esashi(tmp_path, 1)
    for n in range(4):
        (base / "registry/hubs/hx1.yaml").write_bytes(_hub(1))
        procs = [_start(["step", "hx1", status, "--on", day], base)
                 for status, day in (("coordinating", "2025-09-01"), ("applied", "2025-09-02"))]
        done = [_finish(p) for p in procs]
        report = f"round {n}: " + "\n".join(d.stdout + d.stderr for d in done)
        text = (base / "registry/hubs/hx1.yaml").read_text(encoding="utf-8")
        assert "変更されました" not in report, report
        if all(d.returncode == 0 for d in done):
            assert text.endswith("  status: applied\n  steps:\n    - {status: coordinating, date: 2025-09-01}\n"
                                 "    - {status: applied, date: 2025-09-02}\n"), report + text
        else:
            assert [d.returncode for d in done] == [1, 0], report
            assert "前へ進む順にだけ記録します" in done[0].stderr, report
            assert text.endswith("  status: applied\n  steps:\n    - {status: applied, date: 2025-09-02}\n"), report + text
        assert _errors(base) == [], report
        assert not (base / LOCK).exists()


def test_new_records_made_at_once_one_is_created(tmp_path):
    base = _esashi(tmp_path, 1)
    for n in range(4):
        procs = [_start(["new", "hub", f"new-{n}"], base) for _ in range(2)]
        done = [_finish(p) for p in procs]
        assert sorted(d.returncode for d in done) == [0, 1], "\n".join(d.stdout + d.stderr for d in done)
        assert next(d for d in done if d.returncode).stderr.splitlines()[-1] == \
            f"zaitaku: registry/hubs/new-{n}.yaml は既にあります。上書きしません（そのファイルを編集してください）。"


# --- a lock held by another process ---------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
sys.argv = {argv!r}
{take}
print("held", flush=True)
sys.stdin.readline()
"""
TAKE_AS_ZAITAKU = """
from zaitaku_cli.edit.lock import registry_lock
lock = registry_lock(Path("registry"))
lock.__enter__()
"""
TAKE_AS_OTHER = """
from filelock import FileLock
lock = FileLock("registry/.zaitaku-lock")
lock.acquire()
"""


class Holder:
    """A process that holds the lock until told to go (or is killed)."""

    def __init__(self, base: Path, take: str = TAKE_AS_ZAITAKU,
                 argv=("zaitaku", "designate", "hubs/hx2", "--on", "2025-09-01")):
        code = HOLDER.format(argv=list(argv), take=take)
        self.proc = subprocess.Popen([sys.executable, "-c", code], cwd=base, env=_env(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline() == "held\n"
        self.pid = self.proc.pid

    def release(self) -> None:
        self.proc.communicate("go\n", timeout=60)

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: no chance to clean up
        self.proc.wait(timeout=60)


@pytest.fixture
def esashi(tmp_path):
    base = _esashi(tmp_path)
    holders: list[Holder] = []
    yield base, holders
    for holder in holders:
        if holder.proc.poll() is None:
            holder.kill()


def _hold(esashi_fixture, **kwargs) -> Holder:
    base, holders = esashi_fixture
    holders.append(Holder(base, **kwargs))
    return holders[-1]


def _since(base: Path) -> str:
    """When the holder took the lock, as messages show it: the time of day (today)."""
    import time

    since = json.loads((base / LOCK).read_bytes()[1:].decode("utf-8"))["since"]
    return since[11:] if since[:10] == time.strftime("%Y-%m-%d") else since


def test_a_held_lock_times_out_with_the_holder_named(esashi):
    base, _ = esashi
    holder = _hold(esashi)
    who = f"zaitaku designate hubs/hx2 --on 2025-09-01（pid {holder.pid}、{_since(base)} から）"
    proc = run(["designate", "hx1", "--on", "2025-09-01", "--wait", "1"], base)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"zaitaku: 登録簿の別の編集が終わるのを待っています（最大 1 秒）: {who}\n"
        f"zaitaku: 記録しませんでした: 登録簿の別の編集が 1 秒待っても終わりません: {who}。"
        "その編集が終わってから、もう一度実行してください（もっと長く待つには --wait 60 のように秒数を付けます）。"
        f"止まったまま終わらないなら、そのプロセス（pid {holder.pid}）を終了してください。終了すればロックは外れます。"
        " registry/hubs/hx1.yaml は変更していません。\n")
    assert (base / "registry/hubs/hx1.yaml").read_bytes() == _hub(1)
    holder.release()
    assert not (base / LOCK).exists()  # the holder removed it
    assert run(["designate", "hx1", "--on", "2025-09-01", "--wait", "0"], base).returncode == 0


def test_a_held_lock_in_english_and_for_every_editing_command(esashi):
    base, _ = esashi
    holder = _hold(esashi)
    who = f"zaitaku designate hubs/hx2 --on 2025-09-01 (pid {holder.pid}, since {_since(base)})"
    busy = (f"another edit of the registry did not finish within 0.5 s: {who}. Run the command again when it has "
            "finished (to wait longer, add e.g. --wait 60). If it does not finish, end that process "
            f"(pid {holder.pid}); the lock is released when it ends.")
    waiting = f"zaitaku: waiting for another edit of the registry to finish (at most 0.5 s): {who}\n"
    proc = run(["withdraw", "hubs/sample-hub", "--on", "2025-12-01", "--wait", "0.5", "--lang", "en"], base)
    assert proc.returncode == 2
    assert proc.stderr == f"{waiting}zaitaku: not recorded: {busy} registry/hubs/sample-hub.yaml is unchanged.\n"
    proc = run(["new", "hub", "hx3", "--wait", "0.5", "--lang", "en"], base)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"{waiting}zaitaku: registry/hubs/hx3.yaml: not created: {busy}\n"
    assert not (base / "registry/hubs/hx3.yaml").exists()
    proc = run(["new", "hub", "hx3", "--wait", "0"], base)  # no wait: refused at once, nothing said of waiting
    assert proc.returncode == 2 and proc.stderr.startswith("zaitaku: registry/hubs/hx3.yaml を作りませんでした: 登録簿の別の編集が 0 秒")


def test_a_lock_held_by_a_program_that_does_not_say_who_it_is(esashi):
    base, _ = esashi
    _hold(esashi, take=TAKE_AS_OTHER)
    proc = run(["designate", "hx1", "--on", "2025-09-01", "--wait", "0.2"], base)
    assert proc.returncode == 2
    assert proc.stderr == (
        "zaitaku: 登録簿の別の編集が終わるのを待っています（最大 0.2 秒）。\n"
        f"zaitaku: 記録しませんでした: 登録簿の別の編集が 0.2 秒待っても終わりません: 別のプログラム（{LOCK} を使用中）。"
        "その編集が終わってから、もう一度実行してください（もっと長く待つには --wait 60 のように秒数を付けます）。"
        " registry/hubs/hx1.yaml は変更していません。\n")


def test_an_edit_waits_for_the_holder_then_sees_its_edit(esashi):
    """The waiting edit says whom it waits for, then runs its check after the holder's edit."""
    base, _ = esashi
    holder = _hold(esashi)
    designated = b"status: designated\n  designated_on: 2025-09-01"
    (base / "registry/hubs/hx2.yaml").write_bytes(_hub(2).replace(b"status: planned", designated))  # the holder's edit
    proc = _start(["designate", "hx1", "--on", "2025-09-01"], base)
    assert proc.stderr.readline().startswith("zaitaku: 登録簿の別の編集が終わるのを待っています（最大 10 秒）: zaitaku designate hubs/hx2")
    holder.release()
    done = _finish(proc)
    assert done.returncode == 1 and "hub-count" in done.stdout
    assert (base / "registry/hubs/hx1.yaml").read_bytes() == _hub(1)


def test_a_killed_holder_does_not_block_and_its_file_is_not_named(esashi):
    base, _ = esashi
    holder = _hold(esashi)
    assert _errors(base) == []  # check while an edit runs: the lock file is not an unread file
    holder.kill()
    assert (base / LOCK).exists()  # left behind, but no longer locked
    status, report = run_json([], base)
    assert status == 0 and not [f for f in report["findings"] if ".zaitaku-lock" in f["file"]]
    proc = run(["designate", "hx1", "--on", "2025-09-01", "--wait", "0"], base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "待っています" not in proc.stderr
    assert not (base / LOCK).exists()  # taken over and removed


def test_git_never_sees_the_lock_file(tmp_path):
    base = _esashi(tmp_path)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "r"]):
        subprocess.run(["git", *args], cwd=base, check=True, env=_env())
    assert run(["designate", "hx1", "--on", "2025-09-01"], base).returncode == 0
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=base, check=True,
                            capture_output=True, text=True, env=_env()).stdout
    assert status == " M registry/hubs/hx1.yaml\n"


def test_a_holder_on_another_computer_since_another_day_is_named_so():
    """A registry on a shared folder: the pid alone would name nothing, so the computer and user
    are named (and no advice to end the process); a day that is not today is shown."""
    from zaitaku_cli.edit.lock import Holder, LockBusy

    holder = Holder(4242, "pc-hakodate-07", "sato", "zaitaku withdraw hubs/hx1 --on 2026-03-31", "2025-01-06 09:15:00")
    assert holder.describe() == "zaitaku withdraw hubs/hx1 --on 2026-03-31（pid 4242、sato@pc-hakodate-07、2025-01-06 09:15:00 から）"
    assert holder.describe("en") == \
        "zaitaku withdraw hubs/hx1 --on 2026-03-31 (pid 4242, sato@pc-hakodate-07, since 2025-01-06 09:15:00)"
    busy = LockBusy(LOCK, 10, holder)
    assert "pid 4242）を終了" not in busy.message() and "end that process" not in busy.message("en")
    assert Holder().describe() == "別の zaitaku のコマンド" and Holder().describe("en") == "another zaitaku command"


def test_the_default_wait_is_defined_once_in_value():
    from zaitaku_cli.commands.options import WAIT_DEFAULT
    from zaitaku_cli.edit.lock import DEFAULT_WAIT

    assert WAIT_DEFAULT == DEFAULT_WAIT


# --- a registry folder that cannot be written (as a user bound by the permission bits) -------------

from test_no_traceback import unprivileged  # noqa: E402,F401  (the fixture)


def test_a_registry_folder_that_cannot_be_written_refuses_with_the_lock_named(unprivileged, tmp_path):  # noqa: F811
    work = unprivileged.workspace()
    _esashi(work)
    unprivileged.own(work)
    os.chmod(work / "registry", 0o555)
    try:
        proc = unprivileged.run(["designate", "hx1", "--on", "2025-09-01"], work)
        assert proc.returncode == 1
        assert proc.stderr == (
            f"zaitaku: 記録しませんでした: {LOCK}: 編集の間ほかの編集を止めるロックを作れません"
            "（読み取り・書き込みの権限がありません（Permission denied））。registry/ に書き込めるか確かめてください。"
            " registry/hubs/hx1.yaml は変更していません。\n")
        assert (work / "registry/hubs/hx1.yaml").read_bytes() == _hub(1)
        proc = unprivileged.run(["new", "zone", "z", "--lang", "en"], work)
        assert proc.returncode == 1
        assert proc.stderr == (
            f"zaitaku: registry/zones/z.yaml: not created: {LOCK}: the lock that keeps other edits out meanwhile "
            "cannot be made (Permission denied). Check that registry/ can be written.\n")
    finally:
        os.chmod(work / "registry", 0o755)


def test_a_lock_file_this_user_may_not_open_is_named_with_what_to_do(unprivileged):  # noqa: F811
    """Left by another user's edit that was stopped (or in use by it): the message says to wait or delete it."""
    work = unprivileged.workspace()
    _esashi(work)
    (work / LOCK).write_bytes(b"")
    unprivileged.own(work)
    os.chmod(work / LOCK, 0o444)  # another user's file, as far as this one may write to it
    proc = unprivileged.run(["designate", "hx1", "--on", "2025-09-01"], work)
    assert proc.returncode == 1
    assert proc.stderr == (
        f"zaitaku: 記録しませんでした: {LOCK}: 編集の間ほかの編集を止めるロックを開けません"
        "（読み取り・書き込みの権限がありません（Permission denied））。別の利用者の編集が使っているか、"
        f"止められた編集が残したものです。その編集が終わるのを待つか、zaitaku のコマンドが動いていなければ {LOCK} を"
        "削除してください。 registry/hubs/hx1.yaml は変更していません。\n")
    os.unlink(work / LOCK)  # what the message says
    assert unprivileged.run(["designate", "hx1", "--on", "2025-09-01"], work).returncode == 0
