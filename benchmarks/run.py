"""Measure zaitaku against the targets of DESIGN §7, side by side with check-jsonschema.

    python benchmarks/run.py [--runs 5] [--skip-peer]

Generates registries with benchmarks/generate.py (1,000 and 15,000 institutions in the real
format, real Hokkaido reference data, ~3 % faulty records), then times whole processes (median of
--runs) and reads each process's peak memory from wait4(). check-jsonschema runs from its own
virtual environment (benchmarks/.venv-peer, created on first use) on the same institution files.
Prints a Markdown table; nothing here asserts a time."""

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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

ZAITAKU = shutil.which("zaitaku") or str(Path(sys.executable).parent / "zaitaku")
PEER_VENV = HERE / ".venv-peer"


def run_once(argv, cwd) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MiB of the process, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss // 1024, proc.returncode


def measure(argv, cwd, runs: int) -> dict:
    results = [run_once(argv, cwd) for _ in range(runs)]
    return {"median": statistics.median(r[0] for r in results), "min": min(r[0] for r in results),
            "rss": max(r[1] for r in results), "exit": results[-1][2]}


def peer() -> str | None:
    exe = PEER_VENV / "bin" / "check-jsonschema"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        done = subprocess.run([str(PEER_VENV / "bin" / "pip"), "install", "-q", "check-jsonschema"])
        if done.returncode != 0:
            return None
    return str(exe)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(ZAITAKU):
        sys.exit(f"run.py: no zaitaku command ({ZAITAKU}); install the package first: pip install .")
    work = Path(tempfile.mkdtemp(prefix="zaitaku-bench-"))
    small, large, clean = work / "small", work / "large", work / "clean"
    generate(small, institutions=1000, hubs=100, zones=179)
    stats = generate(large, institutions=15000, hubs=1000, zones=400)
    # export refuses a registry with errors: time it on one without faults or overlapping zones
    generate(clean, institutions=15000, hubs=179, zones=179, fault_rate=0.0)
    as_of = ["--as-of", "2025-12-31"]
    rows = []

    def row(label, target, argv, cwd):
        m = measure(argv, cwd, args.runs)
        rows.append((label, target, m))
        print(f"{label}: median {m['median']:.3f} s (min {m['min']:.3f}), peak {m['rss']} MiB, exit {m['exit']}",
              file=sys.stderr)
        return m

    row("`zaitaku --help`", "≤ 0.1 s", [ZAITAKU, "--help"], work)
    row("`zaitaku check`, 1,000 institutions", "≤ 0.25 s", [ZAITAKU, "check", *as_of, "--format", "json"], small)
    big = row("`zaitaku check`, 15,000 institutions + 1,000 hubs + 400 zones", "≤ 1.5 s",
              [ZAITAKU, "check", *as_of, "--format", "json"], large)
    row("`zaitaku export regional`, 15,000 institutions", "≤ 2 s",
        [ZAITAKU, "export", "regional", *as_of, "--format", "csv", "-o", str(work / "regional.csv")], clean)
    if not args.skip_peer:
        exe = peer()
        if exe:
            files = sorted(str(p) for p in (large / "registry" / "institutions").glob("*.yaml"))
            schema = str(HERE.parent / "schemas" / "institution.schema.json")
            p = row("`check-jsonschema --schemafile` on the 15,000 institution files", "(peer)",
                    [exe, "--schemafile", schema, *files], large)
            rows.append(("zaitaku speed-up over check-jsonschema", "≥ 15×",
                         {"median": p["median"] / big["median"], "min": 0, "rss": 0, "exit": 0, "ratio": True}))
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; generated: {stats}\n")
    print("| measure | target | median | peak RSS | exit |")
    print("|---|---|---|---|---|")
    for label, target, m in rows:
        if m.get("ratio"):
            print(f"| {label} | {target} | {m['median']:.1f}× | | |")
        else:
            print(f"| {label} | {target} | {m['median']:.3f} s | {m['rss']} MiB | {m['exit']} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
