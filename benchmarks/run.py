"""Measure zaitaku against issue 16's table and DESIGN §7, side by side with check-jsonschema and yamllint.

    python benchmarks/run.py [--runs 5] [--peer-runs 3] [--only GROUP ...] [--quick] [--skip-peer]
                             [--zaitaku PATH] [--baseline PATH] [--keep DIR]

Generates registries with benchmarks/generate.py (real format, real Hokkaido scheme and reference
data): national (15,000 institutions + 1,000 hubs + 400 zones, ~3 % of the institutions faulty), the
same with a quarter faulty, 50,000 institutions, 1,000 institutions, and a fault-free one for the
exports (which refuse a registry with errors). Then times whole processes, medians of --runs after
one untimed warm-up, each process's peak memory read from wait4():

- GROUPS (--only): help; small (check of 1,000); nat, faulty, big (check on a first run and on a
  warm one, with the peers on the same institution files: check-jsonschema with the institution
  schema, yamllint -d relaxed, and zaitaku's speed-up over each); git (check --base HEAD~1,
  diff HEAD~1, diff HEAD~1 HEAD, on a git copy of the national registry whose last commit renamed
  100 institutions); designate (one planned record, on that copy, restored between runs); status
  (national); export (functional XLSX and regional CSV, fault-free registry).
- A first run has no cache: every run but a "warm" one starts with the cache folders removed
  (ZAITAKU_CACHE_DIR, set per registry under the work folder, and <folder>/.zaitaku_cache). A probe
  run finds where this zaitaku keeps its cache; if it keeps one elsewhere, commands whose --help
  lists --no-cache get it. A warm run follows a run on the same unchanged registry.
- zaitaku and its peers run interleaved (zaitaku, check-jsonschema, yamllint, zaitaku, ...): the
  peers --peer-runs times (check-jsonschema takes ~40 s on 15,000 files), zaitaku --runs times; a
  speed-up is the median of the ratios of each peer run to the zaitaku run just before it.
- --baseline PATH: another zaitaku (a venv of an older main, say) runs each zaitaku row too, in
  turn with it (same folder, cache folder and clearing): the table adds its median and the speed-up
  over it, the median of the ratios of each of its runs to the zaitaku run beside it. On a machine
  slower or faster than the one a goal was set on, that ratio is what carries over.
- --quick: small registries (hundreds of files) and one run each, for a test of the runner itself:
  its figures mean nothing against the goals.

Peers run from their own virtual environments (benchmarks/.venv-peer and benchmarks/.venv-yamllint,
created with pip on first use). The machine and the run counts are printed first; progress goes to
standard error, the Markdown table to standard output. Exit status 0, or 1 when a command exited
other than expected (the table marks it). Nothing here asserts a time."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from zaitaku_cli.rules.medical_institution_code import luhn_digit  # noqa: E402

ZAITAKU = str(Path(sys.executable).parent / "zaitaku")
if not os.path.exists(ZAITAKU):
    ZAITAKU = shutil.which("zaitaku") or ZAITAKU
SCHEMA = HERE.parent / "schemas" / "institution.schema.json"
AS_OF = ["--as-of", "2025-12-31"]
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false",
       "-c", "core.hooksPath=/dev/null"]
CHANGED = 100  # institutions renamed by the git copy's last commit
GROUPS = ("help", "small", "nat", "faulty", "big", "git", "designate", "status", "export")

# name: (institutions, hubs, zones, fault rate)
SIZES = {"small": (1000, 100, 179, 0.03), "nat": (15000, 1000, 400, 0.03), "faulty": (15000, 1000, 400, 0.25),
         "big": (50000, 1000, 400, 0.03), "clean": (15000, 179, 179, 0.0)}
# 181 zones: two overlap, so every check has errors (exit 1) as at full size
QUICK_SIZES = {"small": (100, 10, 181, 0.03), "nat": (300, 30, 181, 0.03), "faulty": (300, 30, 181, 0.25),
               "big": (600, 30, 181, 0.03), "clean": (300, 179, 179, 0.0)}
NEEDS = {"small": "small", "nat": "nat", "faulty": "faulty", "big": "big", "git": "nat", "designate": "nat",
         "status": "nat", "export": "clean"}
# Peers: (virtual environment, pip package, executable)
PEERS = {"check-jsonschema": (HERE / ".venv-peer", "check-jsonschema", "check-jsonschema"),
         "yamllint": (HERE / ".venv-yamllint", "yamllint", "yamllint")}


# --- one process --------------------------------------------------------------------------------

def run_once(argv, cwd, env=None) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MiB of the process tree, exit status) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss // 1024, proc.returncode


def measure(argv, cwd, runs: int) -> dict:
    """Median and min wall seconds, peak RSS (MiB) and last exit status of `runs` runs (bench_export.py)."""
    results = [run_once(argv, cwd) for _ in range(runs)]
    return {"median": statistics.median(r[0] for r in results), "min": min(r[0] for r in results),
            "rss": max(r[1] for r in results), "exit": results[-1][2]}


# --- rows ---------------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the table: a command (or a peer's batches of one command, run one after the other
    and timed together), its goal ("≤ 1.2 s", or "" for none) and the exit status it should have."""
    key: str
    label: str
    goal: str
    argvs: list
    cwd: Path
    expect: int
    env: dict | None = None
    before: Callable | None = None  # untimed, before every run (warm-up included)
    runs: int = 5
    warmup: int = 1
    times: list = field(default_factory=list)
    rss: int = 0
    exits: list = field(default_factory=list)
    baseline: Row | None = None  # the same command of --baseline's zaitaku, run interleaved with this one

    def run(self, timed: bool = True) -> None:
        if self.before:
            self.before()
        wall, rss, code = 0.0, 0, 0
        for argv in self.argvs:
            w, r, c = run_once(argv, self.cwd, self.env)
            wall, rss, code = wall + w, max(rss, r), c or code
        if timed:
            self.times.append(wall)
            self.rss = max(self.rss, rss)
            self.exits.append(code)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def exit_ok(self) -> bool:
        return set(self.exits) == {self.expect}


@dataclass
class Ratio:
    """zaitaku's speed-up over a peer (or over --baseline's zaitaku): the median of peer run i /
    zaitaku run i."""
    key: str
    label: str
    goal: str
    ours: Row
    peer: Row

    @property
    def median(self) -> float:
        pairs = list(zip(self.ours.times, self.peer.times))
        return statistics.median(p / z for z, p in pairs) if pairs else float("nan")


def interleave(rows: list) -> None:
    """Warm up each row, then run them in turn (A B C A B C ...), each up to its own run count."""
    for row in rows:
        for _ in range(row.warmup):
            row.run(timed=False)
    for i in range(max(row.runs for row in rows)):
        for row in rows:
            if i < row.runs:
                row.run()
    for row in rows:
        exits = "/".join(str(c) for c in sorted(set(row.exits)))
        print(f"  {row.key}: median {row.median:.3f} s (min {min(row.times):.3f}, max {max(row.times):.3f}, "
              f"{len(row.times)} runs), peak {row.rss} MiB, exit {exits}", file=sys.stderr, flush=True)


# --- the cache ----------------------------------------------------------------------------------

class Cache:
    """Where zaitaku keeps its warm cache, found by a probe run, and how a first run avoids it."""

    def __init__(self, work: Path):
        self.work = work
        self.mode = "none"  # "removed": folders removed before a first run; "flag": --no-cache; "none"
        self.found = None
        self.flagged = {}

    def env(self, folder: Path) -> dict:
        env = dict(os.environ, ZAITAKU_CACHE_DIR=str(self.dir(folder)))
        env.pop("FORCE_COLOR", None)
        return env

    def dir(self, folder: Path) -> Path:
        return self.work / "caches" / folder.name

    def clear(self, folder: Path) -> None:
        for path in (self.dir(folder), folder / ".zaitaku_cache"):
            shutil.rmtree(path, ignore_errors=True)

    def probe(self, zaitaku: str, folder: Path) -> str:
        """Run `check` once on a fresh registry and see where a cache appears; say what was found."""
        self.clear(folder)
        run_once([zaitaku, "check", *AS_OF], folder, self.env(folder))
        for path in (self.dir(folder), folder / ".zaitaku_cache"):
            if path.exists():
                self.mode, self.found = "removed", path
                return f"cache found ({path.relative_to(self.work)}): removed before every first run"
        if self.lists_no_cache(zaitaku, "check"):
            self.mode = "flag"
            return "no cache folder found, but `check --help` lists --no-cache: first runs pass it"
        return "no cache found (check --help lists no --no-cache): a warm run is another first run"

    def lists_no_cache(self, zaitaku: str, *command: str) -> bool:
        if command not in self.flagged:
            done = subprocess.run([zaitaku, *command, "--help"], capture_output=True, text=True, errors="replace")
            self.flagged[command] = "--no-cache" in done.stdout
        return self.flagged[command]

    def cold(self, zaitaku: str, argv: list, folder: Path) -> tuple[list, Callable]:
        """(argv, before) for a first run of argv in folder."""
        command = argv[1:3] if argv[1] == "export" else argv[1:2]
        if self.mode == "flag" and self.lists_no_cache(zaitaku, *command):
            argv = [*argv, "--no-cache"]
        return argv, lambda: self.clear(folder)


# --- registries ---------------------------------------------------------------------------------

def describe(sizes) -> str:
    institutions, hubs, zones, rate = sizes
    faults = f", {rate * 100:g} % faulty" if rate else ", no faults"
    return f"{institutions:,} institutions + {hubs:,} hubs + {zones:,} zones{faults}"


def git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def git_copy(source: Path, folder: Path) -> Path:
    """folder: a git repository of source's registry with two commits, the last renaming CHANGED
    institutions spread over the registry. Returns the folder."""
    shutil.copytree(source / "registry", folder / "registry")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "registry")
    files = sorted((folder / "registry" / "institutions").glob("*.yaml"))
    for path in files[::max(1, len(files) // CHANGED)][:CHANGED]:
        text = path.read_text(encoding="utf-8")
        start = text.index("\nname: ") + len("\nname: ")
        end = text.index("\n", start)
        path.write_text(text[:end] + "（改称）" + text[end:], encoding="utf-8")
    git(folder, "commit", "-q", "-a", "-m", f"{CHANGED} institutions renamed")
    return folder


def planned_institution(folder: Path) -> Path:
    """A planned institution without a fault: designating it adds no error."""
    for path in sorted((folder / "registry" / "institutions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        code = text.split('medical_institution_code: "', 1)[1][:10]
        if "  status: planned\n" in text and "after_hours_support: true" in text \
                and str(luhn_digit(code[:9])) == code[9]:
            return path
    raise SystemExit(f"run.py: no planned institution without a fault in {folder}")


# --- peers --------------------------------------------------------------------------------------

def peer(name: str) -> str | None:
    """The peer's executable, installed into its own virtual environment on first use (None if pip fails)."""
    venv, package, command = PEERS[name]
    exe = venv / "bin" / command
    if not exe.exists():
        print(f"installing {package} into {venv}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        if subprocess.run([str(venv / "bin" / "pip"), "install", "-q", package]).returncode != 0:
            return None
    return str(exe)


def version(argv) -> str:
    done = subprocess.run([*argv, "--version"], capture_output=True, text=True, errors="replace")
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"


def batches(command: list, files: list) -> list:
    """command + files, split so that no command line reaches half of ARG_MAX (50,000 paths may)."""
    limit = os.sysconf("SC_ARG_MAX") // 2
    out, size = [[*command]], 0
    for name in files:
        if size + len(name) + 9 > limit and len(out[-1]) > len(command):
            out.append([*command])
            size = 0
        out[-1].append(name)
        size += len(name) + 9  # the string, its NUL and its pointer
    return out


# --- the table ----------------------------------------------------------------------------------

def met(row, quick: bool) -> str:
    if not row.goal:
        return ""
    if quick:
        return "(quick)"
    value = float(row.goal.split()[1].rstrip("×"))
    good = row.median <= value if row.goal.startswith("≤") else row.median >= value
    return "yes" if good else "**no**"


def table(rows: list, quick: bool) -> list[str]:
    lines = ["| row | measure | goal | median | goal met | min – max | peak RSS | exit | runs |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if isinstance(row, Ratio):
            pairs = min(len(row.ours.times), len(row.peer.times))
            shown = f"{row.median:.2f}×" if row.median < 10 else f"{row.median:.1f}×"  # 0.96× and 1.04× told apart
            lines.append(f"| {row.key} | {row.label} | {row.goal or '—'} | {shown} | {met(row, quick)} "
                         f"| | | | {pairs} pair{'' if pairs == 1 else 's'} |")
            continue
        exits = "/".join(str(c) for c in sorted(set(row.exits)))
        if not row.exit_ok:
            exits = f"**{exits}** (expected {row.expect})"
        spread = f"{min(row.times):.3f} – {max(row.times):.3f} s"
        lines.append(f"| {row.key} | {row.label} | {row.goal or '—'} | {row.median:.3f} s | {met(row, quick)} "
                     f"| {spread} | {row.rss} MiB | {exits} | {len(row.times)} |")
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            pretty = next((line.split("=", 1)[1].strip().strip('"') for line in f
                           if line.startswith("PRETTY_NAME=")), "")
        system = f"{pretty}, {system}" if pretty else system
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"Machine: {cpu}; {os.cpu_count()} cores ({usable} usable); {platform.machine()}; "
            f"Python {platform.python_version()}; {system}")


def checkout() -> str:
    done = subprocess.run(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
                          capture_output=True, text=True)
    return done.stdout.strip() or "not a git checkout"


# --- the plan -----------------------------------------------------------------------------------

class Plan:
    """Builds the rows of the selected groups and runs them."""

    def __init__(self, args, work: Path):
        self.args, self.work = args, work
        self.z = args.zaitaku
        self.sizes = QUICK_SIZES if args.quick else SIZES
        self.cache = Cache(work)
        self.stats = {}
        self.table: list = []
        self.failed = False

    def row(self, key, label, goal, argv, folder: Path, expect: int, *, cold=True, cwd=None, before=None,
            runs=None) -> Row:
        """A zaitaku row run in folder (the folder holding registry/); cold: the cache removed first."""
        clear = None
        if cold:
            argv, clear = self.cache.cold(self.z, argv, folder)
        steps = [f for f in (clear, before) if f]
        row = Row(key, label, goal, [argv], cwd or folder, expect, env=self.cache.env(folder),
                  before=(lambda: [f() for f in steps]) if steps else None,
                  runs=runs or self.args.runs, warmup=self.args.warmup)
        if self.args.baseline:  # the same run of the other zaitaku: the same folder, cache and clearing
            other = [self.args.baseline, *(a for a in argv[1:] if a != "--no-cache")]
            row.baseline = Row(f"{key}:baseline", "the same, by --baseline's zaitaku", "", [other], row.cwd,
                               expect, env=row.env, before=row.before, runs=row.runs, warmup=row.warmup)
        return row

    def registry(self, name: str) -> Path:
        folder = self.work / name
        if name not in self.stats:
            institutions, hubs, zones, rate = self.sizes[name]
            print(f"generating {name}: {describe(self.sizes[name])}", file=sys.stderr, flush=True)
            self.stats[name] = generate(folder, institutions=institutions, hubs=hubs, zones=zones, fault_rate=rate)
        return folder

    def errors(self, name: str) -> int:
        return 1 if self.stats[name]["errors"] else 0

    def measure(self, *rows) -> None:
        twins = [r.baseline for r in rows if r.baseline is not None]
        interleave([*rows, *twins])
        self.failed |= not all(r.exit_ok for r in rows)  # (another version may exit otherwise: shown, not failed)
        self.table.extend(rows)
        for row in rows:
            if row.baseline is not None:
                self.table += [row.baseline, Ratio(f"{row.key}:vs-baseline", f"speed-up over --baseline ({row.key})",
                                                   "", row, row.baseline)]

    # groups, in the table's order

    def help(self):
        self.measure(self.row("help", "`zaitaku --help`", "≤ 0.1 s", [self.z, "--help"], self.work, 0, cold=False))

    def small(self):
        folder = self.registry("small")
        self.measure(self.row("small", f"`zaitaku check`, {describe(self.sizes['small'])}, first run", "≤ 0.25 s",
                              [self.z, "check", *AS_OF, "--format", "json"], folder, self.errors("small")))

    def checks(self, name: str, goal: str, warm_goal: str):
        """check on a first run, interleaved with the peers on the same institution files, then warm."""
        folder = self.registry(name)
        argv = [self.z, "check", *AS_OF, "--format", "json"]
        what = describe(self.sizes[name])
        ours = self.row(f"{name}", f"`zaitaku check`, {what}, first run", goal, argv, folder, self.errors(name))
        peers = [] if self.args.skip_peer else self.peers(name, folder)
        self.measure(ours, *peers)
        for p in peers:
            tool = p.key.split(":", 1)[1]
            self.table.append(Ratio(f"{name}:ratio:{tool}", f"zaitaku's speed-up over {tool} ({name})",
                                    "≥ 15×" if tool == "check-jsonschema" else "", ours, p))
        self.measure(self.row(f"{name}:warm", f"`zaitaku check`, {what}, warm (nothing changed)", warm_goal,
                              argv, folder, self.errors(name), cold=False))

    def peers(self, name: str, folder: Path) -> list:
        registry = folder / "registry"
        files = sorted(f"institutions/{p.name}" for p in (registry / "institutions").glob("*.yaml"))
        rows = []
        exe = peer("check-jsonschema")
        if exe:
            argvs = batches([exe, "--schemafile", str(SCHEMA)], files)
            calls = f", {len(argvs)} invocations" if len(argvs) > 1 else ""
            rows.append(Row(f"{name}:check-jsonschema", f"`check-jsonschema --schemafile institution.schema.json`"
                            f" on the {len(files):,} institution files{calls}", "", argvs, registry, 0,
                            runs=self.args.peer_runs, warmup=0))
        exe = peer("yamllint")
        if exe:
            rows.append(Row(f"{name}:yamllint", f"`yamllint -d relaxed institutions/` ({len(files):,} files)", "",
                            [[exe, "-d", "relaxed", "institutions"]], registry, 0, runs=self.args.peer_runs, warmup=0))
        return rows

    def both(self, key, label, goal, argv, folder: Path, expect: int, **kw) -> None:
        """A command's first run (no cache) and its warm run (the cache left by its warm-up run:
        what an officer who ran `zaitaku check` earlier the same day sees)."""
        self.measure(self.row(key, f"{label}, first run", goal, argv, folder, expect, **kw))
        self.measure(self.row(f"{key}:warm", f"{label}, warm", goal, argv, folder, expect, cold=False, **kw))

    def git_rows(self):
        repo = self.git_repo()
        expect = self.errors("nat")
        base = [self.z, "check", *AS_OF, "--format", "json", "--base", "HEAD~1"]
        self.both("git:check-base", f"`zaitaku check --base HEAD~1` ({CHANGED} files changed)", "≤ 2 s",
                  base, repo, expect)
        self.both("git:diff-worktree", "`zaitaku diff HEAD~1` (working tree)", "≤ 2 s",
                  [self.z, "diff", "HEAD~1"], repo, 0)
        self.both("git:diff-revs", "`zaitaku diff HEAD~1 HEAD`", "≤ 1.5 s",
                  [self.z, "diff", "HEAD~1", "HEAD"], repo, 0)

    def git_repo(self) -> Path:
        folder = self.work / "git"
        if not folder.exists():
            print(f"building the git copy ({CHANGED} institutions renamed in the last commit)", file=sys.stderr,
                  flush=True)
            git_copy(self.registry("nat"), folder)
        return folder

    def designate(self):
        repo = self.git_repo()
        record = planned_institution(repo)
        name = f"institutions/{record.stem}"
        restore = lambda: git(repo, "checkout", "-q", "--", str(record.relative_to(repo)))  # noqa: E731
        self.both("designate", f"`zaitaku designate {name} --on 2025-06-01` (national)", "≤ 1.5 s",
                  [self.z, "designate", name, "--on", "2025-06-01"], repo, 0, before=restore)
        restore()

    def status(self):
        folder = self.registry("nat")
        self.both("status", f"`zaitaku status` ({describe(self.sizes['nat'])})", "≤ 1.5 s",
                  [self.z, "status", *AS_OF], folder, 0)

    def export(self):
        folder = self.registry("clean")
        what = describe(self.sizes["clean"])
        self.both("export:functional", f"`zaitaku export functional -o x.xlsx` ({what})", "≤ 2 s",
                  [self.z, "export", "functional", *AS_OF, "-o", str(self.work / "x.xlsx")], folder, 0)
        self.both("export:regional", f"`zaitaku export regional --format csv` ({what})", "≤ 2 s",
                  [self.z, "export", "regional", *AS_OF, "--format", "csv", "-o", str(self.work / "regional.csv")],
                  folder, 0)

    def run(self, groups) -> None:
        probe = self.work / "probe"
        generate(probe, institutions=5, hubs=1, zones=1)
        print(f"Cache: {self.cache.probe(self.z, probe)}.", flush=True)
        steps = {"help": self.help, "small": self.small, "nat": lambda: self.checks("nat", "≤ 1.2 s", "≤ 0.4 s"),
                 "faulty": lambda: self.checks("faulty", "≤ 1.2 s", "≤ 0.4 s"),
                 "big": lambda: self.checks("big", "", ""), "git": self.git_rows, "designate": self.designate,
                 "status": self.status, "export": self.export}
        for group in GROUPS:
            if group in groups:
                print(f"{group}:", file=sys.stderr, flush=True)
                steps[group]()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="timed runs of each zaitaku command (default 5)")
    parser.add_argument("--peer-runs", type=int, default=None, help="timed runs of each peer (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before a zaitaku row's (default 1)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, metavar="GROUP",
                        help=f"only these groups of rows: {', '.join(GROUPS)}")
    parser.add_argument("--quick", action="store_true", help="small registries, 1 run each: tests the runner")
    parser.add_argument("--skip-peer", action="store_true", help="without check-jsonschema and yamllint")
    parser.add_argument("--zaitaku", default=ZAITAKU, help="the zaitaku command to time (default: %(default)s)")
    parser.add_argument("--baseline", metavar="ZAITAKU",
                        help="another zaitaku (e.g. a venv of an older main) run interleaved with every zaitaku "
                             "row, in the same folder and cache; the table adds its times and the speed-up over it")
    parser.add_argument("--keep", metavar="DIR", type=Path, help="work in DIR (new or empty) and keep it")
    args = parser.parse_args()
    args.runs = args.runs or (1 if args.quick else 5)
    args.peer_runs = args.peer_runs or (1 if args.quick else 3)
    if min(args.runs, args.peer_runs) < 1 or args.warmup < 0:
        parser.error("--runs and --peer-runs must be at least 1, --warmup 0 or more")
    if not os.path.exists(args.zaitaku):
        sys.exit(f"run.py: no zaitaku command ({args.zaitaku}); install the package first: pip install .")
    if args.baseline and not os.path.exists(args.baseline):
        sys.exit(f"run.py: no baseline command ({args.baseline})")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: not empty")
    work = args.keep or Path(tempfile.mkdtemp(prefix="zaitaku-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    work = work.resolve()
    groups = set(args.only or GROUPS)
    print(machine())
    peers = "" if args.skip_peer else "; peers: " + ", ".join(
        version([exe]) if exe else f"{name} not installed (pip failed): its rows are left out"
        for name, exe in ((n, peer(n)) for n in PEERS))
    print(f"zaitaku: {args.zaitaku} ({version([args.zaitaku])}), checkout {checkout()}{peers}")
    if args.baseline:
        print(f"Baseline: {args.baseline} ({version([args.baseline])}), interleaved with every zaitaku row")
    print(f"Runs: zaitaku {args.runs} a row after {args.warmup} untimed warm-up, peers {args.peer_runs}, "
          "interleaved with zaitaku's first runs" + ("; --quick: small registries, figures not comparable to the goals"
                                                     if args.quick else ""), flush=True)
    plan = Plan(args, work)
    try:
        plan.run(groups)
        print("Registries: " + "; ".join(f"{name}: {describe(plan.sizes[name])}" for name in plan.stats))
        print()
        print("\n".join(table(plan.table, args.quick)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if plan.failed else 0)


if __name__ == "__main__":
    main()
