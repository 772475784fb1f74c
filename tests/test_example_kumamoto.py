"""examples/kumamoto/registry: Kumamoto's 地域在宅医療サポートセンター (seed 003, 平成30年) as data.

One zone per 二次医療圏 (10), one centre per zone except 熊本・上益城 (3) and 八代 (2), the activity
items (1)–(8) with (1)(2)(5)(7) mandatory and at least one optional, the types 基幹型/連携型 (a group
with one representative), the prefecture-wide 県在宅医療サポートセンター (熊本県医師会) that is no
zone's centre, and a target counted in centres (13 in FY2018). Every command runs on a copy of the
example in tmp_path; the example itself is never written to."""

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
EXAMPLE = ROOT / "examples" / "kumamoto" / "registry"

ZONES = ["kumamoto-kamimashiki", "uki", "ariake", "kamoto", "kikuchi", "aso", "yatsushiro", "ashikita", "kuma",
         "amakusa"]
# seed 003 1 (3): 二次医療圏域に原則1箇所。ただし、熊本・上益城圏域は3箇所、八代圏域は2箇所
CENTRES = {"kumamoto-kamimashiki": ["kumamoto-kamimashiki-a", "kumamoto-kamimashiki-b", "kumamoto-kamimashiki-c"],
           "yatsushiro": ["yatsushiro-a", "yatsushiro-b"],
           **{z: [z] for z in ZONES if z not in ("kumamoto-kamimashiki", "yatsushiro")}}
PREFECTURE_WIDE = "kumamoto-ken-ishikai"
# Kumamoto's published 二次保健医療圏 (not in the seeds; registry/reference/README.md)
AREAS = {
    "4301": ("熊本・上益城", {"熊本市", "御船町", "嘉島町", "益城町", "甲佐町", "山都町"}),
    "4302": ("宇城", {"宇土市", "宇城市", "美里町"}),
    "4303": ("有明", {"荒尾市", "玉名市", "玉東町", "和水町", "南関町", "長洲町"}),
    "4304": ("鹿本", {"山鹿市"}),
    "4305": ("菊池", {"菊池市", "合志市", "大津町", "菊陽町"}),
    "4306": ("阿蘇", {"阿蘇市", "南小国町", "小国町", "産山村", "高森町", "西原村", "南阿蘇村"}),
    "4307": ("八代", {"八代市", "氷川町"}),
    "4308": ("芦北", {"水俣市", "芦北町", "津奈木町"}),
    "4309": ("球磨", {"人吉市", "錦町", "あさぎり町", "多良木町", "湯前町", "水上村", "相良村", "五木村", "山江村",
                      "球磨村"}),
    "4310": ("天草", {"天草市", "上天草市", "苓北町"}),
}
ZONE_AREA = dict(zip(ZONES, AREAS))
# seed 003 3: the item headings, in the order of 5 参考 (1)–(8)
ITEMS = [
    ("emergency_response", "(1)", True, "急変時対応の取組み"),
    ("discharge_support", "(2)", True, "入退院支援の取組み"),
    ("daily_care", "(3)", False, "日常の療養支援の取組み"),
    ("end_of_life", "(4)", False, "看取りに関する取組み"),
    ("service_volume", "(5)", True, "訪問診療等のサービス提供量の増加に向けた取組み"),
    ("awareness", "(6)", False, "普及啓発に関する取組み"),
    ("liaison_meeting", "(7)", True, "在宅医療センター事業の連絡会の開催"),
    ("local_initiative", "(8)", False, "その他、在宅医療の充実に資する地域独自の取組み"),
]
# The codes docs/scheme.md gives for a hub's requirement items ("checked by requirement-mandatory,
# requirement-optional-minimum, … for hubs as for institutions").
MANDATORY_CODE = "hub-mandatory-requirement"
OPTIONAL_MINIMUM_CODE = "hub-optional-minimum"
ALL_MET = ("{emergency_response: true, discharge_support: true, daily_care: true, end_of_life: false, "
           "service_volume: true, awareness: false, liaison_meeting: true, local_initiative: false}")


def jis_check_digit(first_five: str) -> int:
    """JIS X 0402: the last digit of 11 - (Σ digit × 6,5,4,3,2) mod 11."""
    return (11 - sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2))) % 11) % 10


def value_position(path: Path, key: str, after: str | None = None) -> tuple[int, int]:
    """(line, column), 1-based, of the value of the first `key:` (after the line matching `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if re.match(after, line)) + 1
    for i in range(start, len(lines)):
        m = re.match(rf"^(\s*(?:- )?{re.escape(key)}:\s*)\S", lines[i])
        if m:
            return i + 1, len(m.group(1)) + 1
    raise AssertionError(f"{key} not in {path}")


@pytest.fixture
def kumamoto(tmp_path):
    """A copy of the example: tmp_path/registry (commands run in tmp_path find it)."""
    shutil.copytree(EXAMPLE, tmp_path / "registry")
    return tmp_path


def check(cwd):
    code, report = run_json([], cwd)
    return code, report


def error_list(report) -> list[tuple]:
    return sorted((f["code"], f["file"], f["line"], f["column"]) for f in report["findings"] if f["severity"] == "error")


@pytest.fixture(scope="module")
def baseline():
    """The errors of the example as it is (none: test_check_on_the_example_exits_0), so that each
    test below sees exactly the errors its change adds, whatever else may be wrong."""
    return error_list(run_json(["--registry", "examples/kumamoto/registry"], ROOT)[1])


def added_errors(report, baseline) -> list[tuple]:
    rest = list(baseline)
    added = []
    for e in error_list(report):
        if e in rest:
            rest.remove(e)
        else:
            added.append(e)
    return added


def new_hub(cwd, hub_id, text):
    path = cwd / "registry" / "hubs" / f"{hub_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def extra_centre(hub_id, zone, status="designated", date="2018-10-01"):
    """A 基幹型 centre meeting every mandatory item and one optional; `zones` is on line 3, its id at column 9."""
    designation = (f"{{status: designated, designated_on: {date}, withdrawn_on: null, notice: null}}"
                   if status == "designated" else f"{{status: {status}, designated_on: null, withdrawn_on: null}}")
    return (f"id: {hub_id}\n"
            f"name: （架空）追加の地域在宅医療サポートセンター\n"
            f"zones: [{zone}]\n"
            f"type: kikan\n"
            f"implementing_bodies:\n"
            f"  - {{name: （架空）追加病院, type: medical_institution}}\n"
            f"requirements: {ALL_MET}\n"
            f"designation: {designation}\n")


# --- the data -----------------------------------------------------------------------------------

def test_municipalities_are_kumamotos_45_with_valid_check_digits():
    rows = list(csv.DictReader(io.StringIO((EXAMPLE / "reference" / "municipalities.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 45
    assert len({r["code"] for r in rows}) == 45
    for r in rows:
        assert re.fullmatch(r"43[0-9]{4}", r["code"]), r
        assert int(r["code"][5]) == jis_check_digit(r["code"][:5]), r
        assert re.fullmatch(r"[ァ-ヶー]+", r["kana"]), r
    by_area = {}
    for r in rows:
        by_area.setdefault(r["secondary_area"], set()).add(r["name"])
    assert by_area == {code: names for code, (_, names) in AREAS.items()}
    # a designated city once, without its wards
    assert [r["code"] for r in rows if r["name"].startswith("熊本市")] == ["431001"]


def test_prefecture_code_and_areas():
    scheme = yaml.safe_load((EXAMPLE / "prefecture.yaml").read_text(encoding="utf-8"))
    assert scheme["code"] == "430005" and jis_check_digit("43000") == 5
    assert scheme["tertiary_areas"] == []
    assert [(a["code"], a["name"]) for a in scheme["secondary_areas"]] == [(c, n) for c, (n, _) in AREAS.items()]
    assert all("tertiary_area" not in a for a in scheme["secondary_areas"])


def test_zones_are_the_secondary_areas():
    rows = list(csv.DictReader(io.StringIO((EXAMPLE / "reference" / "municipalities.csv").read_text(encoding="utf-8"))))
    assert sorted(p.stem for p in (EXAMPLE / "zones").glob("*.yaml")) == sorted(ZONES)
    for zone_id, area in ZONE_AREA.items():
        zone = yaml.safe_load((EXAMPLE / "zones" / f"{zone_id}.yaml").read_text(encoding="utf-8"))
        assert zone["secondary_area"] == area
        assert zone["short_name"] == AREAS[area][0]
        assert sorted(zone["municipalities"]) == sorted(r["code"] for r in rows if r["secondary_area"] == area)


def test_scheme_quotes_seed_003():
    scheme = yaml.safe_load((EXAMPLE / "prefecture.yaml").read_text(encoding="utf-8"))
    hub = scheme["hub"]
    assert [(i["id"], i["mark"], i["mandatory"], i["text"]) for i in hub["requirements"]] == ITEMS
    assert hub["optional_minimum"] == 1
    assert [(t["id"], t["label"], t["min_bodies"], t["representative"]) for t in hub["types"]] == [
        ("kikan", "基幹型", 1, False), ("renkei", "連携型", 2, True)]
    assert hub["types"][0]["text"] == (
        "病床を有し多職種を配置する医療機関(自らも在宅医療に取り組む在宅療養支援病院、在宅療養支援診療所、"
        "在宅療養後方支援病院、地域包括ケア病棟を有する医療機関等を想定)")
    assert hub["types"][1]["text"] == (
        "複数医療機関等のグループ。その場合には、連携している医療機関が在宅医療を提供していることを想定。"
        "代表する医療機関等を定め、申請するものとする。")
    assert hub["count_rule"] == {"per_zone": 1, "overrides": {"kumamoto-kamimashiki": 3, "yatsushiro": 2},
                                 "population_threshold": None, "counted_on": None}
    assert hub["prefecture_wide"]["label"] == "県在宅医療サポートセンター"
    assert hub["prefecture_wide"]["max"] == 1
    assert scheme["terms"]["zone"] == "圏域"
    assert scheme["terms"]["hub"] == "地域在宅医療サポートセンター"
    assert (scheme["terms"]["mandatory"], scheme["terms"]["optional"]) == ("必須項目", "任意項目")
    assert scheme["target"]["unit"] == "designations"
    assert scheme["target"]["per_year"] == [{"fiscal_year": 2018, "min": 13, "max": 13},
                                            {"fiscal_year": 2019, "min": 18, "max": 18}]
    kinds = {k["id"]: k["label"] for k in scheme["institution"]["kinds"]}
    assert kinds["backup_hospital"] == "在宅療養後方支援病院"
    assert kinds["community_care_ward_hospital"] == "地域包括ケア病棟を有する医療機関"


def test_centres_follow_the_allocation_and_placeholders_are_marked():
    hubs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (EXAMPLE / "hubs").glob("*.yaml")}
    assert sorted(hubs) == sorted([PREFECTURE_WIDE] + [h for ids in CENTRES.values() for h in ids])
    for zone_id, ids in CENTRES.items():
        for hub_id in ids:
            hub = hubs[hub_id]
            assert hub["zones"] == [zone_id]
            assert hub["name"].startswith("（架空）") and "架空の例" in hub["note"]
            assert hub["designation"]["status"] == "designated"
            assert all(hub["requirements"][i] is True for i, _, mandatory, _ in ITEMS if mandatory)
            assert any(hub["requirements"][i] is True for i, _, mandatory, _ in ITEMS if not mandatory)
    renkei = [h for h in hubs.values() if h.get("type") == "renkei"]
    assert [h["id"] for h in renkei] == ["kumamoto-kamimashiki-c"]
    assert [b.get("representative", False) for b in renkei[0]["implementing_bodies"]] == [True, False, False]
    assert sum(1 for h in hubs.values() if h.get("type") == "kikan") == 12
    wide = hubs[PREFECTURE_WIDE]
    assert wide["tier"] == "prefecture" and wide["zones"] == []
    assert wide["implementing_bodies"] == [{"name": "熊本県医師会", "type": "medical_association"}]


# --- check --------------------------------------------------------------------------------------

def expected_findings():
    """Only warnings, each an honest unknown: a month-only (or upper-bound) designation date, and
    the zones that have no designated active-role institution (only 熊本・上益城 has one)."""
    found = []
    for ids in CENTRES.values():
        for hub_id in ids:
            path = EXAMPLE / "hubs" / f"{hub_id}.yaml"
            found.append(("designation-date-unknown", f"registry/hubs/{hub_id}.yaml",
                          *value_position(path, "designated_on")))
    found.append(("designation-date-unknown", f"registry/hubs/{PREFECTURE_WIDE}.yaml",
                  *value_position(EXAMPLE / "hubs" / f"{PREFECTURE_WIDE}.yaml", "designated_by")))
    for zone_id in ZONES[1:]:
        found.append(("zone-designations", f"registry/zones/{zone_id}.yaml",
                      *value_position(EXAMPLE / "zones" / f"{zone_id}.yaml", "id")))
    return sorted(found)


def test_check_on_the_example_exits_0():
    proc = run(["check", "--registry", "examples/kumamoto/registry"], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code, report = run_json(["--registry", "examples/kumamoto/registry"], ROOT)
    assert code == 0
    assert sorted((f["code"], f["file"], f["line"], f["column"]) for f in report["findings"]) == expected_findings()
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    assert report["summary"]["errors"] == 0


def test_the_prefecture_wide_centre_raises_nothing():
    code, report = run_json(["--registry", "examples/kumamoto/registry"], ROOT)
    on_it = [(f["code"], f["severity"]) for f in report["findings"] if f["file"] == f"registry/hubs/{PREFECTURE_WIDE}.yaml"]
    # only the honest unknown of its date: no count, type, requirement or zone finding
    assert on_it == [("designation-date-unknown", "warning")]
    assert not [f for f in report["findings"] if f["code"] in ("hub-count", "hub-prefecture-wide-count", "hub-tier")]


@pytest.mark.parametrize("zone_id,hub_id", [
    ("kumamoto-kamimashiki", "kumamoto-kamimashiki-d"),  # a 4th where 3 are allowed
    ("yatsushiro", "yatsushiro-c"),  # a 3rd where 2 are allowed
    ("amakusa", "amakusa-2"),  # a 2nd where 1 is allowed
])
def test_one_centre_too_many_is_hub_count_at_the_new_file(kumamoto, zone_id, hub_id, baseline):
    new_hub(kumamoto, hub_id, extra_centre(hub_id, zone_id))
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    assert errors == [("hub-count", f"registry/hubs/{hub_id}.yaml", 3, 9)]


def test_a_centre_within_the_override_is_accepted(kumamoto, baseline):
    # yatsushiro-b withdrawn on 2019-03-31: a new 2nd centre in 八代 from 2019-04-01 fits the override (2)
    path = kumamoto / "registry" / "hubs" / "yatsushiro-b.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  status: designated\n", "  status: withdrawn\n").replace(
        "  withdrawn_on: null\n", "  withdrawn_on: 2019-03-31\n")
    path.write_text(text, encoding="utf-8")
    new_hub(kumamoto, "yatsushiro-c", extra_centre("yatsushiro-c", "yatsushiro", date="2019-04-01"))
    code, report = check(kumamoto)
    assert added_errors(report, baseline) == []


def test_a_second_prefecture_wide_centre_is_refused(kumamoto, baseline):
    new_hub(kumamoto, "second-ken-centre",
            "id: second-ken-centre\n"
            "name: （架空）もう一つの県在宅医療サポートセンター\n"
            "tier: prefecture\n"
            "zones: []\n"
            "implementing_bodies:\n"
            "  - {name: （架空）医師会, type: medical_association}\n"
            "designation: {status: designated, designated_on: 2019-04-01, withdrawn_on: null, notice: null}\n")
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    assert errors == [("hub-prefecture-wide-count", "registry/hubs/second-ken-centre.yaml", 3, 7)]


@pytest.mark.parametrize("item", [i for i, _, mandatory, _ in ITEMS if mandatory])
def test_a_mandatory_item_false_is_an_error(kumamoto, item, baseline):
    path = kumamoto / "registry" / "hubs" / "amakusa.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"  {item}: true" in text
    path.write_text(text.replace(f"  {item}: true", f"  {item}: false"), encoding="utf-8")
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    assert errors == [(MANDATORY_CODE, "registry/hubs/amakusa.yaml", *value_position(path, item))]


def test_no_optional_item_is_an_error(kumamoto, baseline):
    path = kumamoto / "registry" / "hubs" / "amakusa.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  awareness: true" in text  # its one optional item
    path.write_text(text.replace("  awareness: true", "  awareness: false"), encoding="utf-8")
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    # located at the requirements mapping, which starts at its first key
    line = text.splitlines().index("requirements:                       # 活動項目（架空の例の値）") + 2
    assert errors == [(OPTIONAL_MINIMUM_CODE, "registry/hubs/amakusa.yaml", line, 3)]


def test_a_renkei_centre_without_a_representative_is_an_error(kumamoto, baseline):
    path = kumamoto / "registry" / "hubs" / "kumamoto-kamimashiki-c.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(", representative: true}") == 1
    path.write_text(text.replace(", representative: true}", "}"), encoding="utf-8")
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    line = text.splitlines().index("implementing_bodies:") + 1
    # located at the list of implementing bodies (its first entry)
    assert errors == [("hub-representative", "registry/hubs/kumamoto-kamimashiki-c.yaml", line + 1, 3)]


def test_a_renkei_centre_of_one_body_is_an_error(kumamoto, baseline):
    path = kumamoto / "registry" / "hubs" / "kumamoto-kamimashiki-c.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if "C診療所" not in ln and "C在宅クリニック" not in ln]
    assert len(kept) == len(lines) - 2
    path.write_text("".join(kept), encoding="utf-8")
    code, report = check(kumamoto)
    assert code == 1
    errors = added_errors(report, baseline)
    line = next(i for i, ln in enumerate(kept, 1) if ln.startswith("implementing_bodies:"))
    assert errors == [("hub-body-count", "registry/hubs/kumamoto-kamimashiki-c.yaml", line + 1, 3)]


# --- status -------------------------------------------------------------------------------------

def test_status_counts_centres_against_the_target():
    proc = run(["status", "--registry", "examples/kumamoto/registry", "--as-of", "2019-06-30", "--format", "json"], ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    years = [(y["fiscal_year"], y["label"], y["count"], y["target_min"], y["target_max"], y["state"])
             for y in out["fiscal_years"]]
    assert years == [(2018, "平成30年度", 13, 13, 13, "met"), (2019, "令和元年度", 0, 18, 18, "current")]
    # no zone is covered by the prefecture-wide centre: each lists exactly its own centres
    assert {z["id"]: [h["id"] for h in z["hubs"]] for z in out["zones"]} == CENTRES
    assert PREFECTURE_WIDE not in json.dumps(out["zones"])
    assert out["summary"]["zone_total"] == 10
    assert out["summary"]["zones_with_hub"] == 10


def test_status_before_any_designation_covers_no_zone():
    # 2018-08-30: the regional centres count from 2018-08-31 (month only), the 県 centre from 2018-10-31
    proc = run(["status", "--registry", "examples/kumamoto/registry", "--as-of", "2018-08-30", "--format", "json"], ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [z["hubs"] for z in out["zones"]] == [[]] * 10
    assert out["summary"]["zones_with_hub"] == 0
    assert out["fiscal_years"][0]["count"] == 0


def test_status_text_uses_kumamotos_words():
    proc = run(["status", "--registry", "examples/kumamoto/registry", "--as-of", "2019-06-30"], ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "在宅医療圏" not in proc.stdout
    assert "None" not in proc.stdout
    assert "圏域" in proc.stdout and "地域在宅医療サポートセンター" in proc.stdout


# --- export -------------------------------------------------------------------------------------

def csv_rows(stdout: bytes) -> list[list[str]]:
    text = stdout.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_export_hubs_uses_kumamotos_words_and_shows_the_type(kumamoto):
    proc = run(["export", "hubs", "--as-of", "2019-03-31", "--format", "csv"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    rows = csv_rows(proc.stdout.encode("utf-8"))
    header, body = rows[0], rows[1:]
    assert not [h for h in header if "第三次医療圏" in h or "在宅医療圏" in h or "拠点" in h], header
    # the type is shown: one column holds 基幹型 / 連携型
    type_column = next(i for i in range(len(header)) if {row[i] for row in body} & {"基幹型", "連携型"})
    names = {row[i] for row in body for i in range(len(row))}
    for ids in CENTRES.values():
        for hub_id in ids:
            name = yaml.safe_load((EXAMPLE / "hubs" / f"{hub_id}.yaml").read_text(encoding="utf-8"))["name"]
            assert name in names
    types = sorted(row[type_column] for row in body if row[type_column])
    assert types == ["基幹型"] * 12 + ["連携型"]
    # 熊本県 is not repeated as a tertiary area in every row
    assert not [row for row in body if "熊本県" in row]


def test_export_hubs_markdown_has_no_hokkaido_words(kumamoto):
    proc = run(["export", "hubs", "--as-of", "2019-03-31"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    assert "地域在宅医療サポートセンターの指定状況" in proc.stdout
    for word in ("在宅医療圏", "拠点", "第三次医療圏", "10万人", "任意要件"):
        assert word not in proc.stdout, word


@pytest.mark.parametrize("table", ["regional", "functional"])
def test_export_institution_tables_run(kumamoto, table):
    proc = run(["export", table, "--as-of", "2019-03-31", "--format", "csv"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    rows = csv_rows(proc.stdout.encode("utf-8"))
    assert not [h for h in rows[0] if "第三次医療圏" in h or "在宅医療圏" in h], rows[0]
    cells = [c for row in rows[1:] for c in row]
    assert any(c.startswith("（架空）熊本・上益城後方支援病院") for c in cells)
    assert not any("天草地域包括ケア病院" in c for c in cells)  # only coordinating


# --- grants: seed 003 (3) 平成30年度予算額, no grant records -------------------------------------

BUDGET_ROWS = [
    ["補助メニュー", "補助対象", "実施主体", "経路", "申請額計（千円）", "交付決定額計（千円）", "備考"],
    ["地域在宅医療サポートセンター分", "予算額", "", "", "", "14,943",
     "1か所あたり 1,149千円 × 13か所 = 14,937千円（予算額 14,943千円との差 6千円）"],
    ["地域在宅医療サポートセンター分", "差引（予算額 − 交付決定額計）", "", "", "", "14,943", ""],
    ["県在宅医療サポートセンター分", "予算額", "", "", "", "4,847", "10月からの半年分として計上"],
    ["県在宅医療サポートセンター分", "差引（予算額 − 交付決定額計）", "", "", "", "4,847", ""],
]


def test_the_example_records_no_grant():
    """The seed gives the budget only: no grant record is invented."""
    assert not (EXAMPLE / "grants").exists()


def test_export_grants_shows_the_budget_and_the_rounded_unit_as_the_seed_gives_them(kumamoto):
    """「14,943千円(1カ所1,149千円)」「指定箇所数：13箇所」: 13 × 1,149 = 14,937, shown beside 14,943
    with the difference of 6千円 — the total is never recomputed from the rounded unit."""
    proc = run(["export", "grants", "--as-of", "2019-03-31", "--format", "csv"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout.encode("utf-8")) == BUDGET_ROWS
    proc = run(["export", "grants", "--as-of", "2019-03-31"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "## 補助金の交付決定と予算（平成30年度）（H31.3.31 現在）"
    assert lines[4] == ("| 地域在宅医療サポートセンター分 | 予算額 |  |  |  | 14,943 | "
                        "1か所あたり 1,149千円 × 13か所 = 14,937千円（予算額 14,943千円との差 6千円） |")
    assert lines[7] == "| 県在宅医療サポートセンター分 | 差引（予算額 − 交付決定額計） |  |  |  | 4,847 |  |"


def test_export_grants_of_a_year_without_budget_has_no_rows(kumamoto):
    """FY2019: the seed gives no budget and there are no grants: nothing to show, nothing invented."""
    proc = run(["export", "grants", "--as-of", "2019-03-31", "--fiscal-year", "2019", "--format", "csv"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    assert csv_rows(proc.stdout.encode("utf-8")) == BUDGET_ROWS[:1]


def test_status_shows_the_budget_of_the_year(kumamoto):
    proc = run(["status", "--as-of", "2019-03-31", "--format", "json"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    grants = json.loads(proc.stdout)["grants"]
    assert grants == {"fiscal_year": 2018, "budget_scope": "prefecture", "menus": [
        {"id": "regional-support-center", "label": "地域在宅医療サポートセンター分", "grants": 0, "applied": 0,
         "decided": 0, "budget": 14943000, "remaining": 14943000,
         "per_place": {"amount": 1149000, "places": 13, "product": 14937000, "difference": 6000}, "note": None},
        {"id": "prefectural-support-center", "label": "県在宅医療サポートセンター分", "grants": 0, "applied": 0,
         "decided": 0, "budget": 4847000, "remaining": 4847000, "per_place": None, "note": "10月からの半年分として計上"}]}
    proc = run(["status", "--as-of", "2019-03-31", "--format", "md"], kumamoto)
    lines = proc.stdout.splitlines()
    start = lines.index("## 平成30年度の補助金と予算（千円、2019-03-31現在）")
    assert lines[start + 2:start + 6] == [
        "| 補助メニュー | 予算額 | 申請額計 | 交付決定額計 | 残額 | 件数 | 予算額の内訳 |",
        "|---|---|---|---|---|---|---|",
        "| 地域在宅医療サポートセンター分 | 14,943 | 0 | 0 | 14,943 | 0 | 1か所あたり 1,149 × 13か所 = 14,937（予算額との差 6） |",
        "| 県在宅医療サポートセンター分 | 4,847 | 0 | 0 | 4,847 | 0 | 10月からの半年分として計上 |"]
    proc = run(["status", "--as-of", "2019-03-31"], kumamoto)
    assert "1か所あたり 1,149 × 13か所 = 14,937（予算額との差 6）" in proc.stdout
    # another fiscal year: no budget, no grants, no table
    proc = run(["status", "--as-of", "2019-06-30", "--format", "md"], kumamoto)
    assert "補助金と予算" not in proc.stdout


# --- designate ----------------------------------------------------------------------------------

def test_designate_refuses_a_second_centre_in_amakusa(kumamoto):
    path = new_hub(kumamoto, "amakusa-2", extra_centre("amakusa-2", "amakusa", status="planned"))
    before = path.read_bytes()
    code, report = check(kumamoto)
    assert not [f for f in report["findings"] if f["file"] == "registry/hubs/amakusa-2.yaml"]  # planned: no count yet
    proc = run(["designate", "hubs/amakusa-2", "--on", "2018-10-01"], kumamoto)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "hub-count" in proc.stdout + proc.stderr
    assert path.read_bytes() == before


def test_designate_accepts_a_second_centre_in_yatsushiro(kumamoto):
    path = kumamoto / "registry" / "hubs" / "yatsushiro-b.yaml"
    text = path.read_text(encoding="utf-8")
    planned = text.replace("  status: designated\n", "  status: planned\n").replace(
        "  designated_on: 2018-08 ", "  designated_on: null    ")
    assert planned != text
    path.write_text(planned, encoding="utf-8")
    proc = run(["designate", "hubs/yatsushiro-b", "--on", "2018-09-03"], kumamoto)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    changed = [(a, b) for a, b in zip(planned.splitlines(), path.read_text(encoding="utf-8").splitlines()) if a != b]
    assert [(a.split("#")[0].strip(), b.split("#")[0].strip()) for a, b in changed] == [
        ("status: planned", "status: designated"), ("designated_on: null", "designated_on: 2018-09-03")]


def _git(cwd, *args):
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": __import__("os").environ["PATH"], "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_diff_shows_a_count_override_and_a_designation(kumamoto):
    """`zaitaku diff` on Kumamoto: a rule-set change (八代's count) and a record change, in Kumamoto's terms."""
    _git(kumamoto, "init", "-q", "-b", "main")
    _git(kumamoto, "add", "-A")
    _git(kumamoto, "commit", "-q", "-m", "base")
    scheme = kumamoto / "registry" / "prefecture.yaml"
    text = scheme.read_text(encoding="utf-8")
    assert "yatsushiro: 2" in text
    scheme.write_text(text.replace("yatsushiro: 2", "yatsushiro: 3"), encoding="utf-8")
    proc = run(["diff", "HEAD", "--format", "json"], kumamoto)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["scheme"] == [{"path": "hub.count_rule.overrides.yatsushiro", "change": "changed", "old": 2, "new": 3}]
    text_out = run(["diff", "HEAD"], kumamoto).stdout
    assert "変更  hub.count_rule.overrides.yatsushiro: 2 → 3" in text_out
