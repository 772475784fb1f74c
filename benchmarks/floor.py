"""What a first `zaitaku check` (no cache) spends before any of its own work, on this machine
(issue 16): the two parsers every clean record file goes through, against the whole of
`read_document`; and how much two processes gain over one on CPU-bound work (the check reads
in two).

    python benchmarks/floor.py [--registry DIR] [--runs 3] [--keep DIR] [--institutions N --hubs N --zones N]

Without --registry it generates the national registry as run.py does (15,000 institutions +
1,000 hubs + 400 zones, 3 % faulty) in a temporary folder. Prints, for the record files:
libyaml's `raw_parse` (the syntax check that keeps every syntax finding libyaml's) and yaml-rs's
`loads` (the values) in µs a file, best of --runs in this process with the collector off;
`read_document` whole the same way; and the two-process factor: the wall time of a fixed
CPU-bound loop run in two forked processes at once over the same loop run alone (1.0 means two
cores give twice the work), median of --runs. Asserts nothing: it says where the floor is.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from zaitaku_cli.load.registry import KINDS, list_registry  # noqa: E402

def _best(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def parse_floor(registry: Path, runs: int) -> dict:
    """{"files", "raw_parse", "yaml_rs", "read_document"}: seconds for all record files (best of `runs`)."""
    from yaml.cyaml import CParser
    from yaml_rs import loads

    from zaitaku_cli.load.document import read_document
    from zaitaku_cli.load.text import decode

    listed = list_registry(registry)[0] if registry.is_dir() else {}  # the files zaitaku reads as records
    files = [path for folder in KINDS for path in listed.get(folder, [])]
    data = [Path(f).read_bytes() for f in files]
    texts = [text for text in (decode(d)[0] for d in data) if text is not None]  # as read_document decodes
    was_enabled = gc.isenabled()
    gc.disable()  # as the check reads (check.collector_off)
    try:
        return {"files": len(files),
                "raw_parse": _best(lambda: [CParser(t).raw_parse() for t in texts], runs),
                "yaml_rs": _best(lambda: [loads(t, parse_datetime=False) for t in texts], runs),
                "read_document": _best(lambda: [read_document(f, d) for f, d in zip(files, data)], runs)}
    finally:
        if was_enabled:
            gc.enable()


def _loop(n: int = 2_000_000) -> int:
    total, seen = 0, {}
    for i in range(n):
        total += i * i % 7
        seen[i & 1023] = total
    return total


def two_process_factor(runs: int) -> float:
    """Median over `runs` of: wall time of _loop in two processes at once / _loop alone."""
    factors = []
    for _ in range(runs):
        start = time.perf_counter()
        _loop()
        alone = time.perf_counter() - start
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            _loop()
            os._exit(0)
        _loop()
        os.waitpid(pid, 0)
        factors.append((time.perf_counter() - start) / alone)
    return statistics.median(factors)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, help="a registry folder (default: generate the national one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate in this folder and keep it")
    parser.add_argument("--institutions", type=int, default=15000)
    parser.add_argument("--hubs", type=int, default=1000)
    parser.add_argument("--zones", type=int, default=400)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        registry = args.registry
        if registry is None:
            out = args.keep or Path(scratch)
            out.mkdir(parents=True, exist_ok=True)
            generate(out, args.institutions, args.hubs, args.zones)
            registry = out / "registry"
        floor = parse_floor(registry, max(1, args.runs))
    n = floor["files"]
    if not n:
        print(f"floor.py: no record files in {registry} ({', '.join(KINDS)})", file=sys.stderr)
        return 2
    per_file = {k: floor[k] / n * 1e6 for k in ("raw_parse", "yaml_rs", "read_document")}
    both = per_file["raw_parse"] + per_file["yaml_rs"]
    factor = two_process_factor(max(1, args.runs)) if hasattr(os, "fork") else None  # zaitaku reads in one then
    print(f"{n:,} record files, one process, best of {args.runs}:")
    print(f"  libyaml raw_parse   {per_file['raw_parse']:6.1f} µs a file")
    print(f"  yaml-rs loads       {per_file['yaml_rs']:6.1f} µs a file")
    print(f"  both parsers        {both:6.1f} µs a file, {both * n / 1e6:.3f} s for the registry")
    print(f"  read_document whole {per_file['read_document']:6.1f} µs a file")
    if factor is None:
        print("two processes: not measured (no fork here: zaitaku reads in one process)")
        return 0
    print(f"two processes at once take {factor:.2f}x the time of one (1.00: two cores do twice the work)")
    print(f"the parsers alone, in two processes: {both * n / 1e6 / 2 * factor:.3f} s of wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
