"""Every command the documentation shows runs as shown.

Commands are read from the ```sh blocks of every Markdown file of the repository (README.md, its
Japanese and English sections, docs/*.md, examples/ and benchmarks/ READMEs): one per line, a
trailing `# comment` apart, a `for … do … done` as one. A new command is run as soon as it is
written; one that cannot run in a test is listed in NOT_RUN with the reason.

Each runs through `bash -e -o pipefail -c` in its own copy of the repository (registry/, schemas/,
examples/, docs) that is a git repository with a history of six commits and an `origin/main`, with
the installed `zaitaku` and this Python first on PATH. A `cd DIR` line moves the following commands
of its block to DIR, as in the reader's shell. The exit status must be 0, unless the comment beside
the command says otherwise (「終了コード N」 or "exit N"); nothing may print a traceback. A command
that needs a record to exist first (the examples' sato-naika) gets it from PREPARE; THEN checks what
a command claims to write."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from registry_builder import REPO
from run_cli import ZAITAKU, assert_no_traceback

FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}
EXIT_NOTE = re.compile(r"終了コード\s*(\d+)|\bexit (?:status |code )?(\d+)")


@dataclass(frozen=True)
class Shown:
    file: str  # relative to the repository
    line: int  # of the command's first line
    command: str  # as shown, without its trailing comment
    comment: str
    cwd: str  # relative to the repository: moved by an earlier `cd` line of the same block

    @property
    def expected_exit(self) -> int:
        m = EXIT_NOTE.search(self.comment)
        return int(m.group(1) or m.group(2)) if m else 0

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


def _split_comment(line: str) -> tuple[str, str]:
    """`command  # comment` → (command, comment): a `#` that begins a word outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ""


def _depth(command: str) -> int:
    """How many compound commands (for/while … do, if … then) the text opens and leaves open."""
    words = re.split(r"[\s;]+", command)
    return sum(w in ("do", "then") for w in words) - sum(w in ("done", "fi") for w in words)


def shown_commands(path: Path) -> list[Shown]:
    """The commands of the shell blocks of one Markdown file."""
    rel = path.relative_to(REPO).as_posix()
    found, language, pending, cwd = [], None, None, "."
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = FENCE.match(raw)
        if fence and language is None:
            language, cwd, indent = fence.group(2), ".", len(fence.group(1))
            continue
        if fence and language is not None:
            assert pending is None, f"{rel}:{number}: a compound command is not closed in its block"
            language = None
            continue
        if language not in SHELL_LANGUAGES:
            continue
        text = raw[indent:] if raw[:indent].isspace() or not indent else raw.lstrip()  # the fence's indent removed
        command, comment = _split_comment(text if pending is not None else text.lstrip())
        if not command.strip():  # a blank line or a comment of its own (continuing the one above)
            continue
        if pending is not None:
            start, text, note = pending
            pending = (start, f"{text}\n{command}", note or comment)
        else:
            pending = (number, command, comment)
        if _depth(pending[1]) > 0:
            continue
        start, text, note = pending
        pending = None
        found.append(Shown(rel, start, text, note, cwd))
        move = re.fullmatch(r"cd\s+(\S+)", text)
        if move:
            cwd = os.path.normpath(os.path.join(cwd, move.group(1)))
    return found


def markdown_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=REPO, capture_output=True, text=True, check=True)
    return [REPO / p for p in listed.stdout.split()]


ALL = [shown for path in markdown_files() for shown in shown_commands(path)]

NOT_RUN = {
    "python3 -m venv .venv && . .venv/bin/activate && pip install . && zaitaku check":
        "installs the package from the network into a new virtual environment; the tests run the command that "
        "installation made, and its last part, `zaitaku check`, is run as shown in the check block",
    "pip install '.[test]' && python -m pytest -q":
        "installs the test dependencies from the network and runs this test suite (this test among them); "
        "CI runs exactly that (.ci/run)",
    "python benchmarks/run.py --runs 5":
        "the benchmarks: minutes of timing on 15,000-institution registries and check-jsonschema installed from "
        "the network; tests/test_benchmark_generate.py runs its generator",
}
RUN = [shown for shown in ALL if shown.command not in NOT_RUN]


# --- the repository copy ---------------------------------------------------------------------------

GIT_USER = ["-c", "user.name=担当者", "-c", "user.email=officer@example.invalid", "-c", "commit.gpgsign=false"]


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *GIT_USER, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The repository's documents and data (not its code or tests) in git: the registry grows over six
    commits (zones, then institutions, then one hub a commit), pushed to a bare `origin`."""
    base = tmp_path_factory.mktemp("readme")
    repo = base / "repo"
    listed = _git(REPO, "ls-files", "-z").split("\0")
    for rel in listed:
        if rel and not rel.startswith(("tests/", "zaitaku_cli/")) and (REPO / rel).is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, repo / rel)
    later = sorted((repo / "registry" / "hubs").glob("*.yaml"))
    hold = base / "later"
    hold.mkdir()
    for path in [*later, repo / "registry" / "institutions"]:
        shutil.move(path, hold / path.name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "担当者")
    _git(repo, "config", "user.email", "officer@example.invalid")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "在宅医療圏と制度")
    shutil.move(hold / "institutions", repo / "registry" / "institutions")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "積極的役割を担う医療機関")
    for path in later:
        shutil.move(hold / path.name, path)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"拠点 {path.stem}")
    _git(base, "init", "-q", "--bare", "origin.git")
    _git(repo, "remote", "add", "origin", str(base / "origin.git"))
    _git(repo, "push", "-q", "origin", "main")
    _git(repo, "fetch", "-q", "origin")
    assert _git(repo, "rev-list", "--count", "HEAD").strip() == "6"
    return repo


SATO_NAIKA = """# yaml-language-server: $schema=../../schemas/institution.schema.json
id: sato-naika
name: 佐藤内科クリニック
operator: null
medical_institution_code: null
navii_id: null
municipality: "012050"
zone: muroran
kind: zaitaku_clinic
intent: true
requirements:
  after_hours_support: true
  care_coordination: true
  family_support_referral: true
  training: false
  disaster_plan: false
linked_institutions: []
linked_nursing_stations: []
designation:
  status: {status}
  designated_on: {on}
  withdrawn_on: null
  notice: null
sources: []
note: null
"""

SATO_HUB = """# yaml-language-server: $schema=../../schemas/hub.schema.json
id: sato
name: 函館市在宅医療連携拠点
zones: [hakodate]
implementing_bodies:
  - {name: 函館市医師会, type: medical_association}
joint_bodies: []
core_hub: null
area_hubs: []
active_institutions: []
roles: {coordination: true, information_network: true, training: true}
designation:
  status: planned
  designated_on: null
  withdrawn_on: null
  notice: null
sources: []
note: null
"""


def _sato_naika(status: str, on: str):
    def prepare(repo: Path) -> None:
        (repo / "registry" / "institutions" / "sato-naika.yaml").write_text(
            SATO_NAIKA.format(status=status, on=on), encoding="utf-8")
    return prepare


def _sato_hub(repo: Path) -> None:
    (repo / "registry" / "hubs" / "sato.yaml").write_text(SATO_HUB, encoding="utf-8")
    _git(repo, "add", "registry/hubs/sato.yaml")
    _git(repo, "commit", "-q", "-m", "拠点 sato（予定）")


MURORAN_GRANT = """# 例示用の補助金（架空の金額。docs/rules.md の history-grant-deleted の例のため）
id: muroran-2025
fiscal_year: 2025
menu: hub-coordination
hub: muroran
items:
  - {category: coordinator, expense_type: 賃金, applied: 2092000, decided: 2092000}
decided_on: 2025-07-31
"""


def _decided_grant(repo: Path) -> None:
    (repo / "registry" / "grants").mkdir()
    (repo / "registry" / "grants" / "muroran-2025.yaml").write_text(MURORAN_GRANT, encoding="utf-8")
    _git(repo, "add", "registry/grants/muroran-2025.yaml")
    _git(repo, "commit", "-q", "-m", "補助金 muroran-2025（交付決定）")


def _published_table(repo: Path) -> None:
    (repo / "公表").mkdir()
    proc = subprocess.run([str(ZAITAKU), "export", "regional", "--as-of", "2025-07-21", "-o", "公表/在宅医療圏別.md"],
                          cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _initialised(repo: Path) -> None:
    proc = subprocess.run([str(ZAITAKU), "init", "熊本県", "kumamoto-zaitaku"], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _no_golden_files(repo: Path) -> None:
    for path in (repo / "examples" / "seed-sample" / "expected").iterdir():
        path.unlink()  # so that what THEN compares was written by the command


SEED_LOOP = ("for t in regional functional; do\n"
             "  zaitaku export $t --registry registry --as-of 2024-12-31 -o expected/$t.csv\n"
             "  zaitaku export $t --registry registry --as-of 2024-12-31 -o expected/$t.md\n"
             "done")

# What the reader has done before the command, as the text around it says: filled in the template
# that `new` made (the examples' sato-naika and sato are placeholders, README), published a table.
PREPARE = {
    SEED_LOOP: _no_golden_files,
    "zaitaku designate institutions/sato-naika --on 令和7年7月1日": _sato_naika("planned", "null"),
    "zaitaku designate institutions/sato-naika --on R7.7.1 --notice 北海道告示第100号": _sato_naika("planned", "null"),
    "zaitaku withdraw  registry/institutions/sato-naika.yaml --on 2026-03-31": _sato_naika("designated", "2025-07-01"),
    "zaitaku designate hubs/sato --on 2025-08-04 --commit": _sato_hub,
    "git rm registry/grants/muroran-2025.yaml": _decided_grant,
    "zaitaku export regional --as-of 2025-07-21 --check 公表/在宅医療圏別.md": _published_table,
    "cd kumamoto-zaitaku && zaitaku check": _initialised,
}


def _wrote(*paths: str):
    def then(repo: Path, cwd: Path, proc) -> None:
        for rel in paths:
            assert (cwd / rel).is_file() and (cwd / rel).stat().st_size > 0, rel
    return then


def _record_says(rel: str, *lines: str):
    def then(repo: Path, cwd: Path, proc) -> None:
        text = (repo / rel).read_text(encoding="utf-8")
        for line in lines:
            assert line in text.splitlines(), (line, text)
    return then


def _committed(repo: Path, cwd: Path, proc) -> None:
    assert _git(repo, "log", "-1", "--format=%s").startswith("指定: 函館市在宅医療連携拠点 (sato) 令和7年8月4日")
    assert _git(repo, "status", "--porcelain") == ""


def _shared_and_committed(repo: Path, cwd: Path, proc) -> None:
    assert _git(repo, "log", "-1", "--format=%s") == "保健所への共有: 本間内科医院 (homma-naika-iin) 令和7年6月30日\n"
    assert _git(repo, "show", "--format=", "--name-only", "HEAD").split() == ["registry/institutions/homma-naika-iin.yaml"]


def _base_reports_the_deletion(repo: Path, cwd: Path, proc) -> None:
    """docs/rules.md's example of history-designation-deleted gives that finding."""
    check = subprocess.run([str(ZAITAKU), "check", "--base", "HEAD", "--format", "json"], cwd=repo,
                           capture_output=True, text=True, encoding="utf-8")
    assert check.returncode == 1
    assert '"code": "history-designation-deleted"' in check.stdout and "registry/hubs/muroran.yaml" in check.stdout


def _base_reports_the_grant_deletion(repo: Path, cwd: Path, proc) -> None:
    """docs/rules.md's example of history-grant-deleted gives that finding, at the base's file."""
    check = subprocess.run([str(ZAITAKU), "check", "--base", "HEAD", "--format", "json"], cwd=repo,
                           capture_output=True, text=True, encoding="utf-8")
    assert check.returncode == 1
    found = [(f["code"], f["file"], f["line"]) for f in json.loads(check.stdout)["findings"]
             if f["code"].startswith("history-")]
    assert found == [("history-grant-deleted", "registry/grants/muroran-2025.yaml", 1)]


def _golden_files_made_again(repo: Path, cwd: Path, proc) -> None:
    """examples/seed-sample: regenerating gives the committed files byte for byte (dates are pinned)."""
    for name in ("regional.csv", "regional.md", "functional.csv", "functional.md"):
        assert (cwd / "expected" / name).read_bytes() == (REPO / "examples" / "seed-sample" / "expected" / name).read_bytes()


# What the README says a command does, beyond its exit status.
THEN = {
    SEED_LOOP: _golden_files_made_again,
    "git rm registry/hubs/muroran.yaml": _base_reports_the_deletion,
    "git rm registry/grants/muroran-2025.yaml": _base_reports_the_grant_deletion,
    "zaitaku export regional -o 在宅医療圏別.xlsx": _wrote("在宅医療圏別.xlsx"),
    "zaitaku export hubs --include-planned -o hubs.csv": _wrote("hubs.csv", "hubs-planned.csv"),
    "zaitaku export hubs --include-planned -o 拠点の指定状況.html": _wrote("拠点の指定状況.html"),
    "zaitaku site 公開用 --as-of 2025-12-01": _wrote("公開用/index.html", "公開用/hubs.html", "公開用/zones/muroran.html"),
    "zaitaku export regional --as-of 2025-12-01 -o regional.html": _wrote("regional.html"),
    "zaitaku site public --as-of 2025-12-01 --lang en": _wrote("public/index.html", "public/zones/sapporo.html"),
    "zaitaku new institution sato-naika": _wrote("registry/institutions/sato-naika.yaml"),
    "zaitaku designate institutions/sato-naika --on 令和7年7月1日":
        _record_says("registry/institutions/sato-naika.yaml", "  status: designated", "  designated_on: 2025-07-01"),
    "zaitaku designate institutions/sato-naika --on R7.7.1 --notice 北海道告示第100号":
        _record_says("registry/institutions/sato-naika.yaml", "  designated_on: 2025-07-01", "  notice: 北海道告示第100号"),
    "zaitaku withdraw  registry/institutions/sato-naika.yaml --on 2026-03-31":
        _record_says("registry/institutions/sato-naika.yaml", "  status: withdrawn", "  withdrawn_on: 2026-03-31"),
    "zaitaku designate hubs/sato --on 2025-08-04 --commit": _committed,
    "zaitaku step institutions/tanaka-iin coordinating --on 2025-08-01":
        _record_says("registry/institutions/tanaka-iin.yaml", "  status: coordinating               # 資料（R7.7.21現在）：積極的（予定）",
                     "    - {status: coordinating, date: 2025-08-01}"),
    "zaitaku step tanaka-iin 申請 --on 令和7年9月 --note 申請書を受理（例）":
        _record_says("registry/institutions/tanaka-iin.yaml", "    - {status: applied, date: 2025-09, note: 申請書を受理（例）}"),
    "zaitaku share institutions/tanaka-iin --on 2025-06-30":
        _record_says("registry/institutions/tanaka-iin.yaml", "  health_center_shared_on: 2025-06-30"),
    "zaitaku share homma-naika-iin --on 2025-06-30 --commit": _shared_and_committed,
    "zaitaku init 熊本県 kumamoto-zaitaku": _wrote("kumamoto-zaitaku/registry/prefecture.yaml",
                                                 "kumamoto-zaitaku/registry/reference/municipalities.csv"),
}


def _env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "GIT_DIR", "GIT_WORK_TREE")}
    bins = dict.fromkeys([str(ZAITAKU.parent), str(Path(sys.executable).parent)])
    env.update({"PATH": os.pathsep.join([*bins, env.get("PATH", "")]), "NO_COLOR": "1", "LC_ALL": "C.UTF-8",
                "PYTHONIOENCODING": "utf-8"})
    return env


@pytest.mark.parametrize("shown", RUN, ids=[s.id for s in RUN])
def test_the_command_runs_as_shown(template, tmp_path, shown):
    repo = tmp_path / "repo"
    shutil.copytree(template, repo, symlinks=True)
    if shown.command in PREPARE:
        PREPARE[shown.command](repo)
    cwd = repo / shown.cwd
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", shown.command], cwd=cwd, env=_env(),
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)
    assert_no_traceback(proc)
    assert proc.returncode == shown.expected_exit, (
        f"{shown.id}: `{shown.command}` exited {proc.returncode}, the documentation says {shown.expected_exit}\n"
        f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    if shown.command in THEN:
        THEN[shown.command](repo, cwd, proc)


# --- the reading of the documentation --------------------------------------------------------------

def test_every_shown_command_is_run_or_listed():
    assert ALL, "no command found"
    assert {s.command for s in RUN} | set(NOT_RUN) == {s.command for s in ALL}
    assert not {s.command for s in RUN} & set(NOT_RUN)
    for reason in NOT_RUN.values():
        assert len(reason) > 40  # a reason, not a placeholder


def test_no_stale_entries():
    shown = {s.command for s in ALL}
    for table in (NOT_RUN, PREPARE, THEN):
        assert set(table) <= shown, set(table) - shown


def test_both_languages_and_every_document_are_read():
    files = {s.file for s in ALL}
    assert {"README.md", "examples/seed-sample/README.md", "benchmarks/README.md"} <= files
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    english = readme.index("## English") + 1
    assert any(s.file == "README.md" and s.line < english for s in RUN)
    assert any(s.file == "README.md" and s.line > english for s in ALL)


def test_commands_in_untagged_blocks_are_noticed():
    """A command shown in a fence without `sh` would be skipped: there is none in any Markdown file."""
    for path in markdown_files():
        language = None
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            fence = FENCE.match(raw)
            if fence:
                language = fence.group(2) if language is None else None
                continue
            if language is not None and language not in SHELL_LANGUAGES:
                assert not re.match(r"\s*(\$\s*)?(zaitaku|python3?|pip|git|cd)\s", raw), \
                    f"{path.relative_to(REPO)}:{number}: a command in a ```{language} block: tag it ```sh"


def test_the_reading_of_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("\n".join([
        "```sh",
        "zaitaku check                 # 検査（終了コード 1）",
        "                              # 前の行の説明の続き",
        "zaitaku export hubs -o 'a # b.csv'   # quoted # is not a comment",
        "cd examples/seed-sample",
        "for t in regional functional; do",
        "  zaitaku export $t -o expected/$t.csv   # inside",
        "done",
        "zaitaku check --strict        # fails: exit 1",
        "```",
        "```yaml",
        "entry: zaitaku check",
        "```",
    ]) + "\n", encoding="utf-8")
    import test_readme

    saved = test_readme.REPO
    test_readme.REPO = tmp_path
    try:
        found = shown_commands(page)
    finally:
        test_readme.REPO = saved
    assert [(s.line, s.command, s.expected_exit, s.cwd) for s in found] == [
        (2, "zaitaku check", 1, "."),
        (4, "zaitaku export hubs -o 'a # b.csv'", 0, "."),
        (5, "cd examples/seed-sample", 0, "."),
        (6, "for t in regional functional; do\n  zaitaku export $t -o expected/$t.csv\ndone", 0, "examples/seed-sample"),
        (9, "zaitaku check --strict", 1, "examples/seed-sample"),
    ]
