"""No command prints a traceback (issue 11, kind 5): every command, with a broken registry, a broken
revision and a broken output, exits with its documented status and a message that names what the
user gave (the folder, the file, the revision), in Japanese or, with --lang en, in English.

Permission faults are tested as a user bound by the permission bits: as root (as in CI), through
`setpriv` with the capabilities that let root read and search anything dropped, so PermissionError
really happens (running as `nobody` cannot work there: the interpreter lives under /root). They are
skipped only where neither can be had."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from registry_builder import build_registry
from run_cli import ZAITAKU, run, run_json

AS_OF = ["--as-of", "2025-12-31"]
NOISE = ("Traceback", "Exception ignored", "Error in sys.excepthook")


def _env(extra=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(extra or {})
    return env


def _clean(proc) -> None:
    for text in (proc.stdout or "", proc.stderr or ""):
        for word in NOISE:
            assert word not in text, f"{word!r} in the output of {proc.args}:\n{text}"


def _git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=_env({"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                                    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
                                    **(env or {})})).stdout.strip()


def _repository(base: Path) -> Path:
    """`base` with registry/ in git: two commits on main (HEAD~1 exists; the reflog has two entries)."""
    root = build_registry(base)
    _git(base, "init", "-q", "-b", "main")
    _git(base, "add", "-A")
    _git(base, "commit", "-q", "-m", "first")
    text = (root / "hubs" / "sample-hub.yaml").read_text(encoding="utf-8")
    (root / "hubs" / "sample-hub.yaml").write_text(text.replace("notice: null", "notice: 北海道告示第1号"),
                                                   encoding="utf-8")
    _git(base, "commit", "-q", "-am", "second")
    return base


# --- every command is covered ------------------------------------------------------------------

# The commands each matrix below runs, by name: a new command must join them (test_every_command_is_covered).
COVERED = {"check", "rules", "export", "status", "diff", "designate", "withdraw", "new", "init", "step", "share",
           "site", "import"}
EXPORT_TABLES = ("regional", "functional", "hubs", "pending", "grants", "survey-template")


def test_every_command_is_covered():
    """Every command and export table of the command line runs in the matrices of this module."""
    import click

    from zaitaku_cli.cli import main

    with click.Context(main) as ctx:
        assert set(main.list_commands(ctx)) == COVERED
        export = main.get_command(ctx, "export")
        assert set(export.list_commands(ctx)) == set(EXPORT_TABLES)
    runs = [*BROKEN_COMMANDS.values(), *PLAIN_COMMANDS.values(), *STDOUT_COMMANDS.values(),
            *(make("R") for make in REV_COMMANDS.values())]
    assert {args[0] for args in runs} - {"--help", "--version"} == COVERED
    assert {args[1] for args in runs if args[0] == "export"} == set(EXPORT_TABLES)


# --- a broken registry, as an unprivileged user -------------------------------------------------

class Unprivileged:
    def __init__(self, prefix: list[str], base: Path, ids: tuple[int, int] | None):
        self.prefix, self.base, self.ids = prefix, base, ids

    def workspace(self) -> Path:
        """A fresh folder the user owns, under a folder it can reach."""
        return Path(tempfile.mkdtemp(dir=self.base))

    def own(self, tree: Path) -> None:
        if self.ids is None:
            return
        for folder, dirs, files in os.walk(tree):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.lchown(name, *self.ids)

    def run(self, args, cwd, env=None):
        proc = subprocess.run([*self.prefix, str(ZAITAKU), *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=120,
                              env=_env({"HOME": str(self.base), **(env or {})}))
        _clean(proc)
        return proc


def _restore_modes(tree: Path) -> None:
    for folder, dirs, files in os.walk(tree):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
    for folder, dirs, files in os.walk(tree):
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


@pytest.fixture(scope="session")
def unprivileged():
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    base = Path(tempfile.mkdtemp(prefix="zaitaku-perm-"))
    base.chmod(0o755)  # the unprivileged user must reach what is inside
    try:
        if os.geteuid() != 0:
            user = Unprivileged([], base, None)  # permissions already apply to us
        else:
            # root reads anything: drop the two capabilities that let it, and it is bound by the
            # permission bits like any user, while still reaching the interpreter under /root
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv: permissions cannot be tested")
            user = Unprivileged([setpriv, "--bounding-set=-dac_override,-dac_read_search"], base, None)
        probe = base / "probe"
        probe.write_text("x", encoding="utf-8")
        probe.chmod(0)
        tried = subprocess.run([*user.prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"],
                               capture_output=True, env=_env())
        if tried.returncode == 0:
            pytest.skip("this user can read a file with mode 000: permissions cannot be tested")
        version = subprocess.run([*user.prefix, str(ZAITAKU), "--version"], capture_output=True, text=True,
                                 env=_env({"HOME": str(base)}))
        if version.returncode != 0:
            pytest.skip(f"zaitaku does not run as an unprivileged user here: {version.stderr.strip()}")
        yield user
    finally:
        _restore_modes(base)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def broken(unprivileged):
    """(user, work folder, break(target)) on a fresh registry in git, owned by the user."""
    work = _repository(unprivileged.workspace())
    unprivileged.own(work)

    def breaking(target: str) -> None:
        os.chmod(work / target, 0)

    yield unprivileged, work, breaking
    _restore_modes(work)


# target -> {command id: exit status}. A folder that cannot be listed makes diff and status refuse
# (its records would count as deleted, or not designated); an unreadable record or table is a
# finding, and the commands that act on the rest go on.
UNREADABLE = {
    "registry/hubs": {"check": 1, "export": 1, "site": 1, "status": 2, "diff": 2, "new": 2, "withdraw": 0},
    "registry/reference/municipalities.csv": {"check": 1, "export": 1, "site": 1, "status": 0, "diff": 0, "new": 0,
                                              "withdraw": 1},
    "registry/reference/population-2024-01-01.csv": {"check": 1, "export": 1, "site": 1, "status": 0, "diff": 0,
                                                     "new": 0, "withdraw": 0},
    "registry/reference": {"check": 1, "export": 1, "site": 1, "status": 2, "diff": 2, "new": 0, "withdraw": 1},
    "registry/institutions/sample-clinic.yaml": {"check": 1, "export": 1, "site": 1, "status": 0, "diff": 0,
                                                 "new": 0, "withdraw": 1},
    "registry/prefecture.yaml": {"check": 2, "export": 2, "site": 2, "status": 2, "diff": 2, "new": 0, "withdraw": 2},
    "registry": {"check": 2, "export": 2, "site": 2, "status": 2, "diff": 2, "new": 2, "withdraw": 2},
}
BROKEN_COMMANDS = {
    "check": ["check", *AS_OF],
    "export": ["export", "regional"],
    "site": ["site", "out"],
    "status": ["status"],
    "diff": ["diff", "HEAD"],
    "new": ["new", "hub", "new-hub"],
    "withdraw": ["withdraw", "institutions/sample-clinic", "--on", "2025-12-01"],
}


@pytest.mark.parametrize("command", list(BROKEN_COMMANDS))
@pytest.mark.parametrize("target", list(UNREADABLE))
def test_an_unreadable_part_of_the_registry(broken, target, command):
    user, work, breaking = broken
    breaking(target)
    proc = user.run(BROKEN_COMMANDS[command], work)
    assert proc.returncode == UNREADABLE[target][command], proc.stdout + proc.stderr
    if proc.returncode:
        named = target if command in ("check", "export", "site", "status", "diff") else target.rsplit("/", 1)[0]
        assert named in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def test_an_unreadable_folder_is_a_finding_at_the_folder(broken):
    user, work, breaking = broken
    breaking("registry/hubs")
    proc = user.run(["check", "--format", "json", *AS_OF], work)
    assert proc.returncode == 1
    import json

    report = json.loads(proc.stdout)
    unreadable = [f for f in report["findings"] if f["code"] in ("folder-unreadable", "file-unreadable")]
    assert [(f["code"], f["file"], f["line"], f["column"], f["severity"]) for f in unreadable] == [
        ("folder-unreadable", "registry/hubs", 1, 1, "error")]
    assert unreadable[0]["message"] == ("フォルダを読み込めません（読み取り・書き込みの権限がありません（Permission denied））。"
                                        "中のファイルは検査されていません。フォルダのアクセス権を確かめてください。")
    en = user.run(["check", "--lang", "en", *AS_OF], work)
    assert ("registry/hubs:1:1  error  folder-unreadable  The folder cannot be read (Permission denied); nothing "
            "in it was checked. Check the folder's permissions.") in en.stdout


def test_records_in_an_unreadable_folder_are_not_called_deleted(broken):
    user, work, breaking = broken
    breaking("registry/hubs")
    proc = user.run(["check", "--format", "json", *AS_OF, "--base", "HEAD"], work)
    assert proc.returncode == 1
    import json

    codes = [(f["code"], f["file"]) for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"]
    assert codes == [("folder-unreadable", "registry/hubs")]


def test_an_unreadable_table_is_a_finding_at_the_table(broken):
    user, work, breaking = broken
    breaking("registry/reference/municipalities.csv")
    proc = user.run(["check", *AS_OF, "--lang", "en"], work)
    assert proc.returncode == 1
    assert ("registry/reference/municipalities.csv:1:1  error  file-unreadable  The file cannot be read: "
            "Permission denied") in proc.stdout
    assert "registry-missing" not in proc.stdout  # it exists: it is not "missing"


def test_an_unsearchable_registry_in_english(broken):
    user, work, breaking = broken
    breaking("registry")
    proc = user.run(["status", "--lang", "en"], work)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"zaitaku: {work / 'registry'}: the folder cannot be read (Permission denied); "
                           "check its permissions.\n")


def test_init_in_a_folder_that_cannot_be_searched(broken):
    user, work, _ = broken
    (work / "locked").mkdir()
    user.own(work / "locked")
    os.chmod(work / "locked", 0)
    proc = user.run(["init", "北海道", "locked/hokkaido"], work)
    assert proc.returncode == 2
    assert proc.stderr == "zaitaku: locked/hokkaido/registry に書き込めません（Permission denied）。\n"


def test_export_check_of_a_table_that_cannot_be_read(broken):
    user, work, _ = broken
    (work / "published").mkdir()
    (work / "published" / "hubs.md").write_text("x\n", encoding="utf-8")
    user.own(work / "published")
    os.chmod(work / "published", 0)
    proc = user.run(["export", "hubs", "--check", "published/hubs.md"], work)
    assert proc.returncode == 1
    assert "published/hubs.md" in proc.stderr and "Permission denied" in proc.stderr


def test_new_in_a_folder_that_cannot_be_written(broken):
    user, work, _ = broken
    os.chmod(work / "registry" / "zones", 0o555)
    proc = user.run(["new", "zone", "new-zone", "--lang", "en"], work)
    assert proc.returncode == 2  # the place cannot be written: not a refusal of the record (1)
    assert proc.stderr == ("zaitaku: registry/zones/new-zone.yaml: cannot write (the folder registry/zones is "
                           "read-only: mode 555). Replacing or creating a file needs write access to its folder.\n")
    assert not (work / "registry" / "zones" / "new-zone.yaml").exists()


# --- broken registries that need no privileges --------------------------------------------------

def _garbage_prefecture(root: Path) -> None:
    (root / "prefecture.yaml").write_bytes(b"\xff\xfe\x00garbage: [\n")


def _prefecture_folder(root: Path) -> None:
    (root / "prefecture.yaml").unlink()
    (root / "prefecture.yaml").mkdir()


def _hubs_file(root: Path) -> None:
    shutil.rmtree(root / "hubs")
    (root / "hubs").write_text("not a folder\n", encoding="utf-8")


def _record_folder(root: Path) -> None:
    (root / "institutions" / "folder.yaml").mkdir()


def _csv_garbage(root: Path) -> None:
    (root / "reference" / "municipalities.csv").write_bytes(b"\x00\xff\xfe,\"\n\"\n")


BROKEN = {"garbage-prefecture": _garbage_prefecture, "prefecture-is-a-folder": _prefecture_folder,
          "hubs-is-a-file": _hubs_file, "record-is-a-folder": _record_folder, "garbage-csv": _csv_garbage}
PLAIN_COMMANDS = {
    **BROKEN_COMMANDS,
    "export-hubs-csv": ["export", "hubs", "--include-planned", "-o", "out.csv"],
    "export-xlsx": ["export", "functional", "-o", "out.xlsx"],
    "export-pending-area": ["export", "pending", "--tertiary-area", "十勝", "-o", "out.xlsx"],
    "export-grants-xlsx": ["export", "grants", "--fiscal-year", "2025", "-o", "out.xlsx"],
    "status-area": ["status", "--zone", "室蘭"],
    "designate": ["designate", "institutions/sample-clinic", "--on", "2025-07-01", "--notice", "北海道告示第2号"],
    "status-json": ["status", "--format", "json"],
    "step": ["step", "institutions/sample-clinic", "applied", "--on", "2025-06-01", "--note", "申請"],
    "share": ["share", "hubs/sample-hub", "--on", "2025-06-01"],
    "export-survey-template": ["export", "survey-template", "-o", "survey.xlsx"],
    "import": ["import", "institutions", "survey.csv", "--dry-run"],
}
# Commands refused from the record itself, before the registry is checked: step and share on the
# designated sample records (tests/test_step.py runs them on a pending record and a broken scheme).
REFUSED_FROM_THE_RECORD = {"new", "step", "share"}


@pytest.mark.parametrize("command", list(PLAIN_COMMANDS))
@pytest.mark.parametrize("fault", list(BROKEN))
def test_a_broken_registry(tmp_path, fault, command):
    _repository(tmp_path)
    BROKEN[fault](tmp_path / "registry")
    proc = run(PLAIN_COMMANDS[command], tmp_path)  # fails on a traceback
    assert proc.returncode in (0, 1, 2)
    if "prefecture" in fault and command not in REFUSED_FROM_THE_RECORD:
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "prefecture.yaml" in proc.stdout + proc.stderr


def test_a_kind_folder_that_is_a_file_is_named(tmp_path):
    build_registry(tmp_path)
    _hubs_file(tmp_path / "registry")
    status, report = run_json(AS_OF, tmp_path)
    assert ("file-not-read", "registry/hubs", 1, 1) in {(f["code"], f["file"], f["line"], f["column"])
                                                         for f in report["findings"]}


# --- a broken revision --------------------------------------------------------------------------

REV_COMMANDS = {
    "check": lambda rev: ["check", *AS_OF, "--base", rev],
    "diff": lambda rev: ["diff", "--", rev],  # `--`: a name that begins with "-" is not an option
    "diff-second": lambda rev: ["diff", "--", "HEAD", rev],
    "status": lambda rev: ["status", "--at", rev],
    "export": lambda rev: ["export", "hubs", "--at", rev],
    "site": lambda rev: ["site", "site-out", "--at", rev],
}
BAD_REVISIONS = ["no-such-branch", "HEAD@{5}", "@{-1}", "HEAD:registry", "", "-n", "--output=x", "main@{upstream}",
                 "HEAD~99", "HEAD^{tree}", "HEAD@{1.fortnight.ago", "HEAD..main", "HEAD HEAD"]


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return _repository(tmp_path_factory.mktemp("repo"))


@pytest.mark.parametrize("command", list(REV_COMMANDS))
@pytest.mark.parametrize("rev", BAD_REVISIONS, ids=lambda r: r or "empty")
def test_a_revision_git_does_not_know_exits_2(repository, command, rev):
    proc = run(REV_COMMANDS[command](rev), repository)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert f"リビジョン {rev!r} が見つかりません" in proc.stderr
    assert not (repository / "x").exists()  # `--output=x` was a revision, never an option of git's


@pytest.mark.parametrize("rev", ["-n", "--output=x"])
def test_a_revision_that_looks_like_an_option_is_a_usage_error(repository, rev):
    proc = run(["diff", rev], repository)
    assert proc.returncode == 2 and "No such option" in proc.stderr
    assert not (repository / "x").exists()


def test_the_message_says_why_in_english(repository):
    proc = run(["diff", "HEAD@{5}", "--lang", "en"], repository)
    assert proc.returncode == 2
    assert proc.stderr == ("zaitaku: revision 'HEAD@{5}' not found (git: log for 'HEAD' only has 2 entries). "
                           "Fetch it, or check the name.\n")


@pytest.mark.parametrize("command", list(REV_COMMANDS))
@pytest.mark.parametrize("rev", ["HEAD@{1}", "HEAD@{yesterday}", "main@{0}", "HEAD~1", ":/first", "@"])
def test_reflog_and_other_forms_are_read_by_git(repository, command, rev):
    proc = run(REV_COMMANDS[command](rev), repository)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_reflog_revisions_name_the_right_commits(repository):
    import json

    proc = run(["diff", "HEAD@{1}", "HEAD", "--format", "json"], repository)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert report["from"] == {"rev": "HEAD@{1}", "commit": _git(repository, "rev-parse", "HEAD~1")}
    assert report["to"] == {"rev": "HEAD", "commit": _git(repository, "rev-parse", "HEAD")}
    assert [(c["id"], c["change"]) for c in report["changes"]] == [("sample-hub", "changed")]


def test_the_previous_branch(tmp_path):
    _repository(tmp_path)
    _git(tmp_path, "checkout", "-q", "-b", "other")
    _git(tmp_path, "checkout", "-q", "main")
    proc = run(["status", "--at", "@{-1}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = run(["check", *AS_OF, "--base", "@{-1}"], tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_a_date_before_the_reflog_is_told(repository):
    proc = run(["diff", "HEAD@{10.years.ago}"], repository)
    assert proc.returncode == 0
    assert "zaitaku: git: warning: log for 'HEAD' only goes back to" in proc.stderr


def test_a_revision_where_the_registry_is_a_file(tmp_path):
    (tmp_path / "registry").write_text("not yet a folder\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "a file")
    _git(tmp_path, "rm", "-q", "registry")
    build_registry(tmp_path)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "the registry")
    assert run(["diff", "HEAD~1"], tmp_path).returncode == 0  # everything is added
    assert run(["check", *AS_OF, "--base", "HEAD~1"], tmp_path).returncode == 0
    proc = run(["status", "--at", "HEAD~1"], tmp_path)
    assert proc.returncode == 2 and "HEAD~1" in proc.stderr and "登録簿（registry/）がまだありません" in proc.stderr
    proc = run(["export", "hubs", "--at", "HEAD~1", "--lang", "en"], tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "zaitaku: HEAD~1: registry is not a folder\n")


@pytest.mark.parametrize("command", list(REV_COMMANDS))
def test_outside_a_git_repository(tmp_path, command):
    build_registry(tmp_path)
    proc = run(REV_COMMANDS[command]("HEAD"), tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"zaitaku: {tmp_path / 'registry'}: git のリポジトリではありません\n"


@pytest.mark.parametrize("command", list(REV_COMMANDS))
def test_without_git_installed(repository, tmp_path, command):
    proc = run(REV_COMMANDS[command]("HEAD"), repository, env={"PATH": str(tmp_path)})  # no git on PATH
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "zaitaku: git が見つかりません。git をインストールしてください（git のリビジョンを読むのに使います）。\n"


@pytest.fixture
def foreign(tmp_path):
    """A repository owned by another user, and a HOME without safe.directory (as in a CI container)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making a repository owned by another user needs root")
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user")
    work = _repository(tmp_path / "work")
    for folder, dirs, files in os.walk(work):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.lchown(name, nobody.pw_uid, nobody.pw_gid)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": str(home)}
    probe = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True, env=_env(env))
    if "dubious ownership" not in probe.stderr:
        pytest.skip("this git does not check the repository's owner")
    return work, env


@pytest.mark.parametrize("command", list(REV_COMMANDS))
def test_a_repository_owned_by_another_user(foreign, command):
    work, env = foreign
    proc = run(REV_COMMANDS[command]("HEAD"), work, env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"zaitaku: git がリポジトリ {work} の読み込みを拒否しました。フォルダの所有者が今のユーザーと違う"
                           "ためです（dubious ownership）。信頼できるフォルダなら、次を実行してから、もう一度実行してください: "
                           f"git config --global --add safe.directory {work}\n")


def test_a_repository_owned_by_another_user_in_english_and_on_commit(foreign):
    work, env = foreign
    proc = run(["diff", "HEAD", "--lang", "en"], work, env=env)
    assert "(dubious ownership)" in proc.stderr and "見つかりません" not in proc.stderr and "not found" not in proc.stderr
    assert f"git config --global --add safe.directory {work}" in proc.stderr
    before = (work / "registry" / "hubs" / "sample-hub.yaml").read_bytes()
    proc = run(["withdraw", "hubs/sample-hub", "--on", "2025-12-01", "--commit"], work, env=env)
    assert proc.returncode == 1
    assert "dubious ownership" in proc.stderr and f"safe.directory {work}" in proc.stderr
    assert (work / "registry" / "hubs" / "sample-hub.yaml").read_bytes() == before


# --- a broken output ----------------------------------------------------------------------------

STDOUT_COMMANDS = {
    "check": ["check", *AS_OF],
    "check-json": ["check", *AS_OF, "--format", "json"],
    "check-sarif": ["check", *AS_OF, "--format", "sarif"],
    "check-github": ["check", *AS_OF, "--format", "github"],
    "rules": ["rules"],
    "status": ["status"],
    "status-md": ["status", "--format", "md"],
    "diff": ["diff", "HEAD~1"],
    "export-regional": ["export", "regional"],
    "export-functional-csv": ["export", "functional", "--format", "csv"],
    "export-hubs": ["export", "hubs", "--include-planned"],
    "export-pending": ["export", "pending", "--zone", "muroran"],
    "export-grants": ["export", "grants", "--zone", "muroran"],
    "help": ["--help"],
    "version": ["--version"],
    "new": ["new", "zone", "new-zone"],
    "designate": ["designate", "hubs/sample-hub", "--on", "2025-07-01"],
    "init": ["init", "北海道", "another"],
}


def _popen(args, cwd, *, stdout):
    return subprocess.Popen([str(ZAITAKU), *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE,
                            env=_env(), text=True, encoding="utf-8", errors="replace")


@pytest.mark.parametrize("command", list(STDOUT_COMMANDS))
def test_standard_output_closed(tmp_path, command):
    _repository(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    proc = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", str(ZAITAKU), *STDOUT_COMMANDS[command]],
                          cwd=tmp_path, capture_output=True, text=True, env=_env())
    _clean(proc)
    assert proc.returncode == 2
    assert proc.stderr == "zaitaku: 標準出力に書き込めません（閉じられています）\n"
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert after == before  # stopped before doing anything


def test_standard_output_closed_in_english(tmp_path):
    proc = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", str(ZAITAKU), "check", "--lang", "en"],
                          cwd=tmp_path, capture_output=True, text=True, env=_env())
    _clean(proc)
    assert (proc.returncode, proc.stderr) == (2, "zaitaku: cannot write to standard output (it is closed)\n")


@pytest.mark.parametrize("command", list(STDOUT_COMMANDS))
def test_a_reader_that_leaves(tmp_path, command):
    """`zaitaku … | head -1` where head has gone before the first line: nothing on stderr, and the
    exit status the command gives when its output is read (a closed pipe is not a finding; see
    tests/test_pipes.py for real pipes and outputs longer than a pipe holds)."""
    _repository(tmp_path / "read")
    with open(os.devnull, "w") as devnull:
        read = _popen(STDOUT_COMMANDS[command], tmp_path / "read", stdout=devnull)
        expected_stderr = read.stderr.read()
        expected = read.wait(timeout=120)
    _repository(tmp_path / "left")
    proc = _popen(STDOUT_COMMANDS[command], tmp_path / "left", stdout=subprocess.PIPE)
    proc.stdout.close()  # the reader leaves before anything is written
    stderr = proc.stderr.read()
    code = proc.wait(timeout=120)
    for word in NOISE:
        assert word not in stderr, stderr
    assert code == expected, stderr
    assert stderr == expected_stderr.replace(str(tmp_path / "read"), str(tmp_path / "left"))
    after = {p.relative_to(tmp_path / "left"): p.read_bytes() for p in (tmp_path / "left").rglob("*")
             if p.is_file() and ".git" not in p.parts}
    assert after == {p.relative_to(tmp_path / "read"): p.read_bytes() for p in (tmp_path / "read").rglob("*")
                     if p.is_file() and ".git" not in p.parts}  # the work was done all the same


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", ["check", "check-json", "rules", "status", "diff", "export-regional", "help"])
def test_a_full_disk(tmp_path, command):
    _repository(tmp_path)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([str(ZAITAKU), *STDOUT_COMMANDS[command]], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, text=True, env=_env())
    _clean(proc)
    assert proc.returncode == 2
    assert proc.stderr == "zaitaku: 標準出力に書き込めません（ディスクの空きがありません（No space left on device））\n"


@pytest.mark.parametrize("args, message", [
    (["export", "regional", "-o", "missing/x.csv"], "zaitaku: missing/x.csv: 書き出せません（フォルダ missing がありません）\n"),
    (["export", "regional", "-o", "missing/x.xlsx", "--lang", "en"],
     "zaitaku: missing/x.xlsx: cannot write (the folder missing does not exist)\n"),
    (["export", "hubs", "--include-planned", "-o", "missing/h.csv"],
     "zaitaku: missing/h.csv: 書き出せません（フォルダ missing がありません）\n"),
    (["export", "functional", "-o", "a-folder"], None),
    (["export", "functional", "--check", "a-folder"], None),
    (["export", "regional", "-o", "a-folder/"], None),
    (["init", "北海道", "a-file/sub"], None),
], ids=["missing-folder", "missing-folder-xlsx", "missing-folder-planned", "onto-a-folder", "check-a-folder",
        "trailing-slash", "init-under-a-file"])
def test_output_that_cannot_be_written(tmp_path, args, message):
    _repository(tmp_path)
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    proc = run(args, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    if message is not None:
        assert proc.stderr == message
    assert not list(tmp_path.glob("**/*.zaitaku-tmp"))


# --- the messages follow --lang ---------------------------------------------------------------

def test_an_unusable_prefecture_yaml_in_each_language(tmp_path):
    root = build_registry(tmp_path)
    (root / "prefecture.yaml").write_text("id: [hokkaido\n", encoding="utf-8")
    why_en = "registry/prefecture.yaml:2:1: Not valid YAML: while parsing a flow sequence did not find expected ',' or ']'"
    proc = run(["status", "--lang", "en"], tmp_path)
    assert (proc.returncode, proc.stderr) == (2, f"zaitaku: registry/prefecture.yaml is not usable (see zaitaku check). {why_en}\n")
    proc = run(["status"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("zaitaku: registry/prefecture.yaml を読めないため集計できません（zaitaku check で確認）。"
                                  "registry/prefecture.yaml:2:1: YAML として読めません。")
    proc = run(["check", "--lang", "en"], tmp_path)
    assert (proc.returncode, proc.stderr) == (2, "zaitaku: prefecture.yaml is not usable, so nothing can be checked (see above)\n")
    proc = run(["export", "hubs"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.endswith("zaitaku: prefecture.yaml を読めないため一覧表を作成できません（上の指摘を直してください）\n")


def test_no_registry_in_each_language(tmp_path):
    for args, expected in ((["status"], "registry/prefecture.yaml が現在のフォルダにも親フォルダにも見つかりません（--registry で指定できます）"),
                           (["diff", "HEAD", "--lang", "en"], "no registry/prefecture.yaml in this folder or its parents (use --registry)"),
                           (["check", "--registry", "nowhere", "--lang", "en"], "nowhere: has no prefecture.yaml")):
        proc = run(args, tmp_path)
        assert (proc.returncode, proc.stderr) == (2, f"zaitaku: {expected}\n")
