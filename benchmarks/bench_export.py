"""Time `zaitaku export` on a national-scale registry (DESIGN §7: the regional table of 15,000
institutions in well under 2 s, whole process).

    python benchmarks/bench_export.py [--institutions 15000] [--runs 3] [--keep DIR]

Generates a registry in a temporary folder, in the real format against the real Hokkaido scheme
and reference data: the embedded registry (prefecture.yaml, reference/, 10 zones, 4 hubs, 4
institutions) plus N designated
institutions spread over the zones (each in one of its zone's municipalities, with linked
institutions and nursing stations). Every record is valid: the export refuses a registry with
errors, so a faulty record would time the refusal instead of the table.

Times whole processes (median of --runs) of `zaitaku export regional --format csv`, and for
comparison `zaitaku check` on the same registry and the other formats, then prints the figures
and an in-process breakdown (load + check, table, CSV). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (the runner's whole-process timing)

EMBEDDED = HERE.parent / "registry"
ZAITAKU = run.ZAITAKU
AS_OF = "2025-12-31"

INSTITUTION = """# yaml-language-server: $schema=../../schemas/institution.schema.json
# ベンチマーク用に生成した記録（実在しない）
id: {id}
name: {name}
operator: 医療法人ベンチマーク会
medical_institution_code: null
navii_id: "{navii_id}"
municipality: "{municipality}"
zone: {zone}
kind: {kind}
intent: true
requirements:
  after_hours_support: true
  care_coordination: true
  family_support_referral: true
  training: {training}
  disaster_plan: {{met: {disaster}, evidence: 計画書}}
linked_institutions:
  - {{name: 連携内科クリニック{n}, municipality: "{municipality}"}}
  - {{name: 連携病院{n}, municipality: "{municipality}"}}
  - {{name: 連携診療所{n}, municipality: null}}
linked_nursing_stations:
  - {{name: 訪問看護ステーション{n}, municipality: "{municipality}"}}
  - {{name: 訪問看護ステーション第二{n}, municipality: "{municipality}"}}
designation:
  status: designated
  designated_on: {date}
  withdrawn_on: null
  notice: null
sources:
  - {{title: ベンチマーク, url: null, published: null, locator: null}}
note: null
"""

KINDS = ("zaitaku_clinic", "zaitaku_hospital", "home_visit_provider")


def generate(out: Path, institutions: int) -> Path:
    """Write the registry under out/registry and return that folder."""
    import yaml

    root = out / "registry"
    shutil.copytree(EMBEDDED, root)
    folder = root / "institutions"
    zones = []
    for path in sorted((root / "zones").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        zones.append((data["id"], data["municipalities"]))
    start = datetime.date(2024, 4, 1)
    for n in range(institutions):
        zone, towns = zones[n % len(zones)]
        record_id = f"bench-{n:05d}"
        text = INSTITUTION.format(
            id=record_id, name=f"ベンチ在宅クリニック{(n * 7919) % institutions:05d}", n=n,
            navii_id=f"01{1 + n % 2}{n:010d}", municipality=towns[n % len(towns)], zone=zone,
            kind=KINDS[n % 3], training=str(n % 2 == 0).lower(), disaster=str(n % 3 == 0).lower(),
            date=(start + datetime.timedelta(days=n % 600)).isoformat())
        (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    return root


def measure(label, argv, cwd, runs) -> None:
    m = run.measure(argv, cwd, runs)
    print(f"{label}\n    median {m['median']:.3f} s, min {m['min']:.3f} s, peak {m['rss']} MiB"
          f" ({runs} runs, exit {m['exit']})")


def breakdown(root: Path) -> None:
    """Where the time goes, in one process."""
    from zaitaku_cli.check import load_checked
    from zaitaku_cli.tables import build
    from zaitaku_cli.writers import csv_writer

    as_of = datetime.date.fromisoformat(AS_OF)
    t0 = time.perf_counter()
    registry, result = load_checked(root, as_of)
    t1 = time.perf_counter()
    tables = build("regional", registry, as_of)
    t2 = time.perf_counter()
    data = csv_writer.render(tables)[0]
    t3 = time.perf_counter()
    print(f"in one process: load + check {t1 - t0:.3f} s ({result.errors} errors), "
          f"regional table {t2 - t1:.3f} s ({len(tables[0].rows)} rows), CSV {t3 - t2:.3f} s ({len(data):,} bytes)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="zaitaku-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if (work / "registry").exists():
            shutil.rmtree(work / "registry")
        root = generate(work, args.institutions)
        print(f"{args.institutions:,} institutions, 10 zones, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        common = ["--registry", str(root), "--as-of", AS_OF]
        measure("zaitaku export regional --format csv (the DESIGN §7 target: ≤ 2 s)",
                [ZAITAKU, "export", "regional", "--format", "csv", *common], work, args.runs)
        measure("zaitaku check (the same registry, for comparison)",
                [ZAITAKU, "check", "--registry", str(root), "--format", "json"], work, args.runs)
        measure("zaitaku export functional --format csv",
                [ZAITAKU, "export", "functional", "--format", "csv", *common], work, args.runs)
        measure("zaitaku export regional --format md",
                [ZAITAKU, "export", "regional", "--format", "md", *common], work, args.runs)
        measure("zaitaku export regional --format xlsx",
                [ZAITAKU, "export", "regional", "--format", "xlsx", *common, "-o", str(work / "regional.xlsx")],
                work, args.runs)
        breakdown(root)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
