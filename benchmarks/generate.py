"""Generate a national-scale registry for benchmarks: N institutions (default 15,000), hubs and
zones in the real format, against the real Hokkaido scheme and reference data, with about 3 % of
records carrying a fault so that the error paths (location pass, messages) run too.

    python benchmarks/generate.py OUT_DIR [--institutions 15000] [--hubs 1000] [--zones 400]

Zones: the 179 municipalities give at most 179 single-municipality zones; zone ids beyond that
reuse municipalities in other zones (reported as zone-overlap faults), so --zones above 179 adds
faults. Default zones = 179 + a few overlapping ones."""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from pathlib import Path

from zaitaku_cli.rules.medical_institution_code import luhn_digit

HERE = Path(__file__).resolve().parent
EMBEDDED = HERE.parent / "registry"

INSTITUTION = """# yaml-language-server: $schema=../../schemas/institution.schema.json
# 生成されたベンチマーク用の記録
id: {id}
name: {name}
operator: 医療法人ベンチマーク会
medical_institution_code: "{code}"
navii_id: null
municipality: "{municipality}"
zone: {zone}
kind: {kind}
intent: true
requirements:
  after_hours_support: {r1}
  care_coordination: true
  family_support_referral: true
  training: false
  disaster_plan: {{met: true, evidence: 計画書}}
linked_institutions:
  - {{name: 連携内科クリニック, municipality: "{municipality}"}}
  - {{name: 連携病院, municipality: "{municipality}"}}
linked_nursing_stations:
  - {{name: 訪問看護ステーション{n}, municipality: "{municipality}"}}
designation:
  status: {status}
  designated_on: {date}
  withdrawn_on: null
  notice: null
sources:
  - {{title: ベンチマーク, url: null, published: null, locator: null}}
note: null
"""

HUB = """# yaml-language-server: $schema=../../schemas/hub.schema.json
id: {id}
name: {name}
zones: [{zone}]
implementing_bodies:
  - {{name: {body}, type: {type}}}
joint_bodies: []
core_hub: null
area_hubs: []
active_institutions: [{active}]
roles: {{coordination: true, information_network: true, training: null}}
designation:
  status: {status}
  designated_on: {date}
  withdrawn_on: null
  notice: null
sources: []
note: null
"""

ZONE = """# yaml-language-server: $schema=../../schemas/zone.schema.json
id: {id}
name: {name}在宅医療圏
short_name: {name}
secondary_area: "{area}"
municipalities: ["{code}"]
order: null
sources: []
note: null
"""


def generate(out: Path, institutions: int, hubs: int, zones: int, seed: int = 7, fault_rate: float = 0.03) -> dict:
    rng = random.Random(seed)
    registry = out / "registry"
    if registry.exists():
        shutil.rmtree(registry)
    for folder in ("zones", "institutions", "hubs"):
        (registry / folder).mkdir(parents=True)
    shutil.copy(EMBEDDED / "prefecture.yaml", registry / "prefecture.yaml")
    shutil.copytree(EMBEDDED / "reference", registry / "reference")
    with open(EMBEDDED / "reference" / "municipalities.csv", encoding="utf-8") as f:
        towns = list(csv.DictReader(f))
    zone_list = []
    for i in range(zones):
        town = towns[i % len(towns)]
        zone_id = f"z{i:04d}"
        zone_list.append((zone_id, town))
        (registry / "zones" / f"{zone_id}.yaml").write_text(
            ZONE.format(id=zone_id, name=town["name"] + ("" if i < len(towns) else str(i)),
                        area=town["secondary_area"], code=town["code"]), encoding="utf-8")
    faults = 0
    for i in range(institutions):
        zone_id, town = zone_list[i % len(towns)]
        base = f"01{rng.randrange(10**6):06d}0"  # 北海道 (01): the registry's prefecture number
        code = base + str(luhn_digit(base))
        fault = rng.random() < fault_rate
        faults += fault
        status = "designated" if i % 3 else "planned"
        text = INSTITUTION.format(
            id=f"inst-{i:05d}", name=f"ベンチマーク診療所{i}", code=code if not fault else code[:9] + str((int(code[9]) + 1) % 10),
            municipality=town["code"], zone=zone_id, kind="zaitaku_clinic", n=i,
            r1="true" if not (fault and i % 2) else "false", status=status,
            date="2025-04-01" if status == "designated" else "null")
        (registry / "institutions" / f"inst-{i:05d}.yaml").write_text(text, encoding="utf-8")
    for i in range(hubs):
        zone_id, town = zone_list[i % len(zone_list)]
        designated = i < len(zone_list)
        (registry / "hubs" / f"hub-{i:04d}.yaml").write_text(HUB.format(
            id=f"hub-{i:04d}", name=f"{town['name']}在宅医療連携拠点{i}", zone=zone_id, body=f"{town['name']}医師会",
            type="medical_association", active=f"inst-{i % institutions:05d}" if institutions else "",
            status="designated" if designated else "planned", date="2025-04-01" if designated else "null"), encoding="utf-8")
    return {"institutions": institutions, "hubs": hubs, "zones": zones, "institution_faults": faults}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--institutions", type=int, default=15000)
    parser.add_argument("--hubs", type=int, default=1000)
    parser.add_argument("--zones", type=int, default=400)
    parser.add_argument("--fault-rate", type=float, default=0.03)
    args = parser.parse_args()
    print(generate(args.out, args.institutions, args.hubs, args.zones, fault_rate=args.fault_rate))


if __name__ == "__main__":
    main()
