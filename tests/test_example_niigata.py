"""examples/niigata/registry: the two tiers of Niigata's 在宅医療推進センター (seed 001, 新潟県における
「在宅医療に必要な連携を担う拠点」の取組): the 県医師会's centre for the whole prefecture and one centre
for each of the 16 都市医師会, 17 in all by the end of March 2022. The 16 are placeholders spread
over one zone per 二次医療圏 (the 都市医師会 areas are not in the seed). Every command runs on the
example read-only or on a copy in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from run_cli import run, run_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "niigata" / "registry"

ZONES = ["kaetsu", "niigata", "kenou", "chuetsu", "uonuma", "joetsu", "sado"]
# the placeholder allocation of the 16 都市医師会 centres (prefecture.yaml count_rule.overrides)
CENTRES = {
    "kaetsu": ["kaetsu-a", "kaetsu-b"],
    "niigata": ["niigata-a", "niigata-b"],
    "kenou": ["kenou-a", "kenou-b", "kenou-c"],
    "chuetsu": ["chuetsu-a", "chuetsu-b", "chuetsu-c"],
    "uonuma": ["uonuma-a", "uonuma-b", "uonuma-c"],
    "joetsu": ["joetsu-a", "joetsu-b"],
    "sado": ["sado"],
}
PREFECTURE_WIDE = "niigata-ken-ishikai"
AREAS = {
    "1501": ("下越", {"村上市", "新発田市", "胎内市", "聖籠町", "関川村", "粟島浦村"}),
    "1502": ("新潟", {"新潟市", "五泉市", "阿賀野市", "阿賀町"}),
    "1503": ("県央", {"三条市", "加茂市", "燕市", "弥彦村", "田上町"}),
    "1504": ("中越", {"長岡市", "柏崎市", "小千谷市", "見附市", "出雲崎町", "刈羽村"}),
    "1505": ("魚沼", {"十日町市", "魚沼市", "南魚沼市", "湯沢町", "津南町"}),
    "1506": ("上越", {"上越市", "糸魚川市", "妙高市"}),
    "1507": ("佐渡", {"佐渡市"}),
}
ZONE_AREA = dict(zip(ZONES, AREAS))


def jis_check_digit(first_five: str) -> int:
    """JIS X 0402: the last digit of 11 - (Σ digit × 6,5,4,3,2) mod 11."""
    return (11 - sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2))) % 11) % 10


def value_position(path: Path, key: str) -> tuple[int, int]:
    """(line, column), 1-based, of the value of the first `key:` in the file."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(rf"^(\s*{re.escape(key)}:\s*)\S", line)
        if m:
            return i, len(m.group(1)) + 1
    raise AssertionError(f"{key} not in {path}")


def municipalities():
    return list(csv.DictReader(io.StringIO((EXAMPLE / "reference" / "municipalities.csv").read_text(encoding="utf-8"))))


# --- the data -----------------------------------------------------------------------------------

def test_municipalities_are_niigatas_30_with_valid_check_digits():
    rows = municipalities()
    assert len(rows) == 30  # seed 001:「30市町村のうち15ヶ所が拠点へ業務委託」
    assert len({r["code"] for r in rows}) == 30
    for r in rows:
        assert re.fullmatch(r"15[0-9]{4}", r["code"]), r
        assert int(r["code"][5]) == jis_check_digit(r["code"][:5]), r
        assert re.fullmatch(r"[ァ-ヶー]+", r["kana"]), r
    by_area = {}
    for r in rows:
        by_area.setdefault(r["secondary_area"], set()).add(r["name"])
    assert by_area == {code: names for code, (_, names) in AREAS.items()}
    assert [r["code"] for r in rows if r["name"].startswith("新潟市")] == ["151009"]  # no wards


def test_scheme():
    scheme = yaml.safe_load((EXAMPLE / "prefecture.yaml").read_text(encoding="utf-8"))
    assert (scheme["id"], scheme["code"], scheme["name"]) == ("niigata", "150002", "新潟県")
    assert jis_check_digit("15000") == 2
    assert scheme["tertiary_areas"] == []
    assert [(a["code"], a["name"]) for a in scheme["secondary_areas"]] == [(c, n) for c, (n, _) in AREAS.items()]
    assert scheme["terms"]["hub"] == "在宅医療推進センター"
    assert scheme["hub"]["local_name"] == "在宅医療推進センター"
    assert str(scheme["scheme_start"]) == "2015-10-01"  # 「平成27年10月～」
    overrides = scheme["hub"]["count_rule"]["overrides"]
    assert {z: overrides.get(z, scheme["hub"]["count_rule"]["per_zone"]) for z in ZONES} == \
        {z: len(ids) for z, ids in CENTRES.items()}
    assert scheme["hub"]["prefecture_wide"]["max"] == 1


def test_zones_and_centres():
    rows = municipalities()
    assert sorted(p.stem for p in (EXAMPLE / "zones").glob("*.yaml")) == sorted(ZONES)
    for zone_id, area in ZONE_AREA.items():
        zone = yaml.safe_load((EXAMPLE / "zones" / f"{zone_id}.yaml").read_text(encoding="utf-8"))
        assert zone["secondary_area"] == area
        assert sorted(zone["municipalities"]) == sorted(r["code"] for r in rows if r["secondary_area"] == area)
    hubs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (EXAMPLE / "hubs").glob("*.yaml")}
    regional = [h for ids in CENTRES.values() for h in ids]
    assert len(regional) == 16 and len(hubs) == 17  # 「県医師会及び県内全16都市医師会に計17か所」
    assert sorted(hubs) == sorted(regional + [PREFECTURE_WIDE])
    for zone_id, ids in CENTRES.items():
        for hub_id in ids:
            hub = hubs[hub_id]
            assert hub["zones"] == [zone_id]
            assert hub["name"].startswith("（架空）") and "架空の例" in hub["note"]
            assert str(hub["designation"]["designated_by"]) == "2022-03-31"  # 令和4年3月末現在 設置済み
    wide = hubs[PREFECTURE_WIDE]
    assert wide["tier"] == "prefecture" and wide["zones"] == []
    assert wide["implementing_bodies"] == [{"name": "新潟県医師会", "type": "medical_association"}]
    assert str(wide["designation"]["designated_by"]) == "2022-03-31"


# --- check --------------------------------------------------------------------------------------

def test_check_on_the_example_exits_0():
    proc = run(["check", "--registry", "examples/niigata/registry"], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code, report = run_json(["--registry", "examples/niigata/registry"], ROOT)
    assert code == 0
    expected = [("designation-date-unknown", f"registry/hubs/{h}.yaml",
                 *value_position(EXAMPLE / "hubs" / f"{h}.yaml", "designated_by"))
                for h in [*(h for ids in CENTRES.values() for h in ids), PREFECTURE_WIDE]]
    # no institution is recorded in this example: every zone says so
    expected += [("zone-designations", f"registry/zones/{z}.yaml", *value_position(EXAMPLE / "zones" / f"{z}.yaml", "id"))
                 for z in ZONES]
    assert sorted((f["code"], f["file"], f["line"], f["column"]) for f in report["findings"]) == sorted(expected)
    assert report["summary"]["errors"] == 0


def test_a_third_centre_in_kaetsu_is_hub_count(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "registry")
    (tmp_path / "registry" / "hubs" / "kaetsu-c.yaml").write_text(
        "id: kaetsu-c\n"
        "name: （架空）下越C在宅医療推進センター\n"
        "zones: [kaetsu]\n"
        "implementing_bodies:\n"
        "  - {name: （架空）下越C都市医師会, type: medical_association}\n"
        "designation: {status: designated, designated_on: 2022-04-01, withdrawn_on: null, notice: null}\n",
        encoding="utf-8")
    code, report = run_json([], tmp_path)
    assert code == 1
    errors = [(f["code"], f["file"], f["line"], f["column"]) for f in report["findings"] if f["severity"] == "error"]
    assert errors == [("hub-count", "registry/hubs/kaetsu-c.yaml", 3, 9)]


# --- status -------------------------------------------------------------------------------------

def test_status_counts_16_regional_centres_and_the_prefecture_wide_one_apart():
    proc = run(["status", "--registry", "examples/niigata/registry", "--as-of", "2022-03-31", "--format", "json"], ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    per_zone = {z["id"]: [h["id"] for h in z["hubs"]] for z in out["zones"]}
    assert per_zone == CENTRES
    assert sum(len(ids) for ids in per_zone.values()) == 16
    assert out["summary"]["zone_total"] == 7
    assert out["summary"]["zones_with_hub"] == 7
    # the 県医師会's centre is shown, but apart from the zones
    assert PREFECTURE_WIDE not in json.dumps(out["zones"])
    outside = {k: v for k, v in out.items() if k != "zones"}
    assert PREFECTURE_WIDE in json.dumps(outside, ensure_ascii=False)


def test_status_before_the_end_of_march_2022_counts_nothing():
    # every centre is recorded only as 設置済み by 2022-03-31 (designated_by): not counted before
    proc = run(["status", "--registry", "examples/niigata/registry", "--as-of", "2022-03-30", "--format", "json"], ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [z["hubs"] for z in out["zones"]] == [[]] * 7
    assert PREFECTURE_WIDE not in proc.stdout


def test_status_text_shows_the_prefecture_wide_centre():
    proc = run(["status", "--registry", "examples/niigata/registry", "--as-of", "2022-03-31"], ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "県医師会の在宅医療推進センター" in proc.stdout  # prefecture.yaml hub.prefecture_wide.label
    assert "新潟県医師会" in proc.stdout or "在宅医療推進センター" in proc.stdout
    assert "在宅医療圏" not in proc.stdout
    assert "None" not in proc.stdout


# --- export -------------------------------------------------------------------------------------

def test_export_hubs_lists_the_16_regional_centres(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "registry")
    proc = run(["export", "hubs", "--as-of", "2022-03-31", "--format", "csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    header, body = rows[0], rows[1:]
    assert not [h for h in header if "第三次医療圏" in h or "在宅医療圏" in h], header
    cells = [c for row in body for c in row]
    for ids in CENTRES.values():
        for hub_id in ids:
            name = yaml.safe_load((EXAMPLE / "hubs" / f"{hub_id}.yaml").read_text(encoding="utf-8"))["name"]
            assert cells.count(name) == 1, name


@pytest.mark.parametrize("table", ["regional", "functional"])
def test_export_institution_tables_run_empty(tmp_path, table):
    shutil.copytree(EXAMPLE, tmp_path / "registry")
    proc = run(["export", table, "--as-of", "2022-03-31", "--format", "csv"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout[1:], newline="")))
    assert len(rows) == 1  # the header only: no institution in this example
    assert not [h for h in rows[0] if "第三次医療圏" in h], rows[0]


SECOND_SADO = """\
id: sado-b
name: （架空）佐渡在宅医療推進センターB
zones: [sado]
implementing_bodies:
  - {name: （架空）佐渡第二医師会, type: medical_association}
designation:
  status: planned
"""


def _git(cwd, *args):
    import os
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": os.environ["PATH"], "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_designate_refuses_a_second_centre_in_sado_and_diff_shows_the_new_record(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "registry")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    path = tmp_path / "registry" / "hubs" / "sado-b.yaml"
    path.write_text(SECOND_SADO, encoding="utf-8")
    proc = run(["designate", "hubs/sado-b", "--on", "2025-04-01"], tmp_path)
    assert proc.returncode == 1
    assert "hub-count" in proc.stdout and "registry/hubs/sado-b.yaml" in proc.stdout
    assert path.read_text(encoding="utf-8") == SECOND_SADO
    out = json.loads(run(["diff", "HEAD", "--format", "json"], tmp_path).stdout)
    assert [(r["kind"], r["id"], r["change"]) for r in out["changes"]] == [("hub", "sado-b", "added")]
