"""Health centres as data and the area filters (issue 13): `--health-center`, `--tertiary-area`,
`--secondary-area`, `--zone` on every `export` table and on `status`, and `export pending`.

The test registry is the embedded one plus three health centres (placeholders, for the tests
only: the embedded registry records none until a source gives them): 帯広保健所 for 帯広市, 東十勝
and 西十勝, 北見保健所 for 北見, 室蘭保健所 for 室蘭; the other zones name none."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from run_cli import run

# seed 004's two ※ notes under its hub table (registry/prefecture.yaml tables.hubs.notes), after the summary
HUB_NOTES = [
    "※ 共同実施主体：市町村が実施主体となり、在宅医療・介護連携推進事業の委託先である郡市医師会等とともに事業を実施する"
    "場合に、当該委託先を指定できる。",
    "※ 基幹拠点及び区域拠点：人口が10万人を超える在宅医療圏においては、圏域での取組みを一体的に行えるよう圏域全体の包括的な"
    "取組を行う基幹拠点と基幹拠点や他区域との連絡調整を行いながら自地域において、事業に取り組む区域拠点を設けることができる。",
]

EMBEDDED = Path(__file__).resolve().parent.parent / "registry"
CENTRES = ("health_centers:\n"
           "  - {id: obihiro, name: 帯広保健所, name_en: Obihiro Public Health Centre}\n"
           "  - {id: kitami, name: 北見保健所}\n"
           "  - {id: muroran, name: 室蘭保健所}\n")
ZONE_CENTRES = {"obihiro": "obihiro", "higashi-tokachi": "obihiro", "nishi-tokachi": "obihiro",
                "kitami": "kitami", "muroran": "muroran"}

# an institution in 西十勝: planned in 2025-06, applied on 2025-08-01, shared with the centre on 2025-07-01
NISHI_CLINIC = """\
id: nishi-clinic
name: 西十勝テスト診療所
kana: にしとかちてすとしんりょうじょ
municipality: "016373"
zone: nishi-tokachi
kind: zaitaku_clinic
intent: true
requirements: {after_hours_support: true, care_coordination: true, family_support_referral: true,
               training: true, disaster_plan: null}
designation:
  status: applied
  health_center_shared_on: 2025-07-01
  steps:
    - {status: planned, date: 2025-06}
    - {status: applied, date: 2025-08-01}
"""
# an institution in 東十勝, designated on 2025-04-01
HIGASHI_CLINIC = """\
id: higashi-clinic
name: 東十勝テスト診療所
municipality: "016438"
zone: higashi-tokachi
kind: zaitaku_clinic
intent: true
requirements: {after_hours_support: true, care_coordination: true, family_support_referral: true,
               training: null, disaster_plan: null}
designation: {status: designated, designated_on: 2025-04-01}
"""


def with_centres(root: Path, zones=ZONE_CENTRES) -> Path:
    text = (root / "prefecture.yaml").read_text(encoding="utf-8")
    (root / "prefecture.yaml").write_text(text.replace("zone_total: 39", CENTRES + "zone_total: 39", 1),
                                          encoding="utf-8")
    for zone, centre in zones.items():
        path = root / "zones" / f"{zone}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "municipalities:\n", f"health_center: {centre}\nmunicipalities:\n", 1), encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    with_centres(root)
    (root / "institutions" / "nishi-clinic.yaml").write_text(NISHI_CLINIC, encoding="utf-8")
    (root / "institutions" / "higashi-clinic.yaml").write_text(HIGASHI_CLINIC, encoding="utf-8")
    return root


def zaitaku(root, *args):
    return run([*args, "--registry", str(root)], root.parent)


def ok(root, *args) -> str:
    proc = zaitaku(root, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def md_rows(text: str) -> list[list[str]]:
    """The body rows of every Markdown table in `text`, as cells."""
    lines = text.splitlines() + [""]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line, after in zip(lines, lines[1:])
            if line.startswith("| ") and not after.startswith("|---")]  # a header is followed by its rule


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def notes(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("○ ") or line.startswith("※ ")]


HIGASHI = "東十勝在宅医療圏（豊頃町・浦幌町・池田町・幕別町）"
NISHI = "西十勝在宅医療圏（新得町・清水町・芽室町・鹿追町）"
TOKACHI_HUB = ["令和７年１０月１日", "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）", "一般社団法人十勝医師会",
               "―", "―", "―", "（調整中）"]


# --- the health centres as data -------------------------------------------------------------

def test_a_zone_naming_a_known_centre_or_none_checks_clean(root):
    proc = zaitaku(root, "check", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert "zone-health-center" not in proc.stdout


def test_an_unknown_centre_is_an_error_at_the_value(root):
    path = root / "zones" / "kushiro.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("municipalities:\n",
                                                             "health_center: kusiro\nmunicipalities:\n", 1),
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("health_center: kusiro") + 1
    proc = zaitaku(root, "check", "--format", "json")
    assert proc.returncode == 1
    found = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "zone-health-center"]
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in found] == [
        ("registry/zones/kushiro.yaml", line, 16, "error")]
    assert found[0]["message"] == ("保健所「kusiro」は prefecture.yaml の health_centers にありません"
                                   "（あるもの: obihiro（帯広保健所）、kitami（北見保健所）、muroran（室蘭保健所））。")
    en = zaitaku(root, "check", "--format", "json", "--lang", "en")
    message = [f["message"] for f in json.loads(en.stdout)["findings"] if f["code"] == "zone-health-center"]
    assert message == ["Health centre 'kusiro' is not in prefecture.yaml health_centers (known: obihiro, kitami, muroran)."]


def test_the_model_reads_the_centres(root):
    from zaitaku_cli.check import load_checked
    import datetime

    registry, _ = load_checked(root, datetime.date(2025, 12, 31))
    centres = registry.scheme.health_centers
    assert list(centres) == ["obihiro", "kitami", "muroran"]
    assert centres["obihiro"].label("en") == "Obihiro Public Health Centre"
    assert centres["kitami"].label("en") == "北見保健所"  # no name_en: the name
    assert registry.scheme.health_center_of(registry.zones["nishi-tokachi"]).name == "帯広保健所"
    assert registry.scheme.health_center_of(registry.zones["kushiro"]) is None


# --- the hub tables, one area ----------------------------------------------------------------

@pytest.mark.parametrize("option, value", [("--health-center", "帯広保健所"), ("--health-center", "obihiro"),
                                           ("--health-center", "Obihiro Public Health Centre")])
def test_hubs_of_one_health_centre(root, option, value):
    out = ok(root, "export", "hubs", "--include-planned", option, value, "--as-of", "2025-12-01")
    assert headings(out) == [
        "## 在宅医療に必要な連携を担う拠点の指定状況【帯広保健所管内】（R7.12.1 現在）",
        "## 指定に向けて（調整状況及び今後の動き）【帯広保健所管内】（R7.12.1 現在）"]
    # the hub of four zones shows with the centre's two of them
    assert md_rows(out) == [
        [f"{HIGASHI}、{NISHI}", *TOKACHI_HUB],
        ["十勝", "帯広市", "帯広市", "（調整中）", "（調整中）"],
    ]
    assert notes(out) == ["○ 帯広保健所管内の３つの在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。", *HUB_NOTES]


def test_hubs_as_of_seed_004_for_one_centre(root):
    out = ok(root, "export", "hubs", "--include-planned", "--health-center", "obihiro", "--as-of", "2025-07-21")
    assert md_rows(out) == [
        ["十勝", "帯広市", "帯広市", "（調整中）", "（調整中）"],
        ["十勝", "東十勝", "豊頃町、浦幌町、池田町、幕別町", "（調整中）", "（調整中）"],
        ["十勝", "西十勝", "新得町、清水町、芽室町、鹿追町", "（調整中）", "西十勝テスト診療所"],
    ]
    assert notes(out) == ["○ 帯広保健所管内の３つの在宅医療圏のうち、拠点を指定済みの在宅医療圏はまだない。", *HUB_NOTES]


@pytest.mark.parametrize("value", ["十勝", "tokachi"])
def test_hubs_of_one_tertiary_area(root, value):
    out = ok(root, "export", "hubs", "--include-planned", "--tertiary-area", value, "--as-of", "2025-12-01")
    assert headings(out)[0] == "## 在宅医療に必要な連携を担う拠点の指定状況【十勝（第三次医療圏）】（R7.12.1 現在）"
    zones = "、".join([HIGASHI, NISHI, "南十勝在宅医療圏（広尾町・大樹町・更別村・中札内村）",
                      "北十勝在宅医療圏（上士幌町・士幌町・音更町・本別町・足寄町・陸別町）"])
    assert md_rows(out) == [[zones, *TOKACHI_HUB],
                            ["十勝", "帯広市", "帯広市", "（調整中）", "（調整中）"]]
    assert notes(out) == ["○ 十勝（第三次医療圏）の５つの在宅医療圏のうち、４つの在宅医療圏で拠点を指定済み。", *HUB_NOTES]


@pytest.mark.parametrize("value", ["十勝", "0119"])
def test_hubs_of_one_secondary_area(root, value):
    out = ok(root, "export", "hubs", "--secondary-area", value, "--as-of", "2025-12-01")
    assert headings(out) == ["## 在宅医療に必要な連携を担う拠点の指定状況【十勝（第二次医療圏）】（R7.12.1 現在）"]
    assert notes(out) == ["○ 十勝（第二次医療圏）の５つの在宅医療圏のうち、４つの在宅医療圏で拠点を指定済み。", *HUB_NOTES]


@pytest.mark.parametrize("value", ["東十勝", "higashi-tokachi", "東十勝在宅医療圏"])
def test_hubs_of_one_zone(root, value):
    out = ok(root, "export", "hubs", "--include-planned", "--zone", value, "--as-of", "2025-12-01")
    assert headings(out) == ["## 在宅医療に必要な連携を担う拠点の指定状況【東十勝在宅医療圏】（R7.12.1 現在）",
                             "## 指定に向けて（調整状況及び今後の動き）【東十勝在宅医療圏】（R7.12.1 現在）"]
    assert md_rows(out) == [[HIGASHI, *TOKACHI_HUB]]
    assert notes(out) == ["○ 東十勝在宅医療圏では拠点を指定済み。", *HUB_NOTES]


def test_a_zone_without_a_hub_and_an_area_without_zones(root):
    out = ok(root, "export", "hubs", "--zone", "帯広市", "--as-of", "2025-12-01")
    assert md_rows(out) == [] and notes(out) == ["○ 帯広市在宅医療圏では拠点をまだ指定していない。", *HUB_NOTES]
    out = ok(root, "export", "hubs", "--include-planned", "--tertiary-area", "道北", "--as-of", "2025-12-01")
    assert md_rows(out) == [] and notes(out) == ["○ 道北（第三次医療圏）の在宅医療圏は、まだ登録簿にない。", *HUB_NOTES]


def test_the_hub_tables_in_english(root):
    out = ok(root, "export", "hubs", "--include-planned", "--health-center", "obihiro", "--as-of", "2025-12-01",
             "--lang", "en")
    assert headings(out)[0] == "## 在宅医療に必要な連携を担う拠点の指定状況 — Obihiro Public Health Centre (as of 2025-12-01)"
    assert notes(out) == ["○ In Obihiro Public Health Centre, hubs designated in 2 of the 3 home-care zones."]
    out = ok(root, "export", "hubs", "--zone", "obihiro", "--as-of", "2025-12-01", "--lang", "en")
    assert notes(out) == ["○ In 帯広市 (home-care zone), no hub designated yet."]
    out = ok(root, "export", "hubs", "--tertiary-area", "tokachi", "--as-of", "2025-12-01", "--lang", "en")
    assert notes(out) == ["○ In 十勝 (tertiary area), hubs designated in 4 of the 5 home-care zones."]


def test_the_whole_registry_is_unchanged_without_a_filter(root):
    out = ok(root, "export", "hubs", "--as-of", "2025-12-01")
    assert notes(out)[0] == "○ ３９の在宅医療圏のうち、７つの在宅医療圏で拠点を指定済み。"  # 札幌, 室蘭, 北見, 十勝's 4
    assert "【" not in out


# --- the institution tables ------------------------------------------------------------------

def test_regional_and_functional_of_one_area(root):
    out = ok(root, "export", "regional", "--health-center", "帯広保健所", "--as-of", "2025-12-01")
    assert headings(out) == ["## 「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別>【帯広保健所管内】（R7.12.1 現在）"]
    assert md_rows(out) == [["十勝", "十勝", "東十勝", "豊頃町、浦幌町、池田町、幕別町", "東十勝テスト診療所（幕別町）",
                             "○", "○", "○", "", "", "", ""]]
    out = ok(root, "export", "functional", "--zone", "東十勝", "--as-of", "2025-12-01")
    assert [r[1:5] for r in md_rows(out)] == [["十勝", "十勝", "東十勝", "東十勝テスト診療所（幕別町）"]] * 3
    # 室蘭 has the embedded registry's 本輪西; 帯広保健所's area does not
    out = ok(root, "export", "regional", "--health-center", "室蘭保健所", "--as-of", "2025-12-01")
    assert [r[4] for r in md_rows(out)] == ["本輪西ファミリークリニック（室蘭市）"]


# --- unknown values ---------------------------------------------------------------------------

@pytest.mark.parametrize("option, value, ja, en", [
    ("--health-center", "帯広", "--health-center 帯広: この保健所はありません（もしかして: 帯広保健所）。"
     "指定できるもの: obihiro（帯広保健所）、kitami（北見保健所）、muroran（室蘭保健所）",
     "--health-center 帯広: no such health centre; did you mean: 帯広保健所. "
     "Known: obihiro (帯広保健所), kitami (北見保健所), muroran (室蘭保健所)"),
    ("--tertiary-area", "十勝圏", "--tertiary-area 十勝圏: この第三次医療圏はありません（もしかして: 十勝）。指定できるもの: "
     "donan（道南）、doo（道央）、dohoku（道北）、okhotsk（オホーツク）、tokachi（十勝）、kushiro-nemuro（釧路・根室）",
     "--tertiary-area 十勝圏: no such tertiary area; did you mean: 十勝. Known: donan (道南), doo (道央), "
     "dohoku (道北), okhotsk (オホーツク), tokachi (十勝), kushiro-nemuro (釧路・根室)"),
])
def test_an_unknown_area_is_a_usage_error_with_the_known_values(root, option, value, ja, en):
    for command in (["export", "hubs", "--include-planned"], ["export", "regional"], ["export", "pending"],
                    ["status"]):
        proc = zaitaku(root, *command, option, value)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", f"zaitaku: {ja}\n"), command
    proc = zaitaku(root, "export", "functional", option, value, "--lang", "en")
    assert (proc.returncode, proc.stderr) == (2, f"zaitaku: {en}\n")


def test_unknown_secondary_areas_and_zones_list_them_all(root):
    proc = zaitaku(root, "export", "hubs", "--secondary-area", "9999")
    assert proc.returncode == 2
    assert proc.stderr.startswith("zaitaku: --secondary-area 9999: この第二次医療圏はありません。指定できるもの: "
                                  "0101（南渡島）、0102（南檜山）")
    assert proc.stderr.endswith(" ほか 9 件\n")  # 21 secondary areas, 12 listed
    proc = zaitaku(root, "export", "hubs", "--zone", "東十勝圏", "--lang", "en")
    assert proc.returncode == 2
    assert proc.stderr.startswith("zaitaku: --zone 東十勝圏: no such home-care zone; did you mean: 東十勝")
    assert "higashi-tokachi (東十勝在宅医療圏)" in proc.stderr


def test_one_area_option_at_a_time(root):
    proc = zaitaku(root, "export", "hubs", "--zone", "東十勝", "--tertiary-area", "十勝")
    assert (proc.returncode, proc.stderr) == (2, "zaitaku: --tertiary-area --zone: 地域の指定は1つだけにしてください\n")


def test_health_centres_asked_of_a_scheme_without_them(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    proc = zaitaku(root, "export", "pending", "--health-center", "帯広保健所")
    assert (proc.returncode, proc.stderr) == (
        2, "zaitaku: --health-center 帯広保健所: prefecture.yaml に保健所（health_centers）がまだ記録されていません。"
           "health_centers に保健所（{id, name}）を並べ、在宅医療圏の記録の health_center にその ID を書いてください"
           "（README「保健所」）。\n")
    proc = zaitaku(root, "status", "--health-center", "obihiro", "--lang", "en")
    assert (proc.returncode, proc.stderr) == (
        2, "zaitaku: --health-center obihiro: prefecture.yaml lists no health centre yet: list them in its "
           "health_centers ({id, name}) and name each zone's in its health_center (README, health centres). "
           "obihiro is a home-care zone: --zone obihiro.\n")


def test_a_value_of_another_kind_names_its_option(root):
    """--zone 十勝: 十勝 is a tertiary area and a secondary area, not a zone: the message says which
    option takes it."""
    proc = zaitaku(root, "export", "hubs", "--zone", "十勝")
    assert proc.returncode == 2
    assert proc.stderr.endswith("。「十勝」は第三次医療圏です（--tertiary-area 十勝）。"
                                "「十勝」は第二次医療圏です（--secondary-area 十勝）。\n")
    proc = zaitaku(root, "status", "--health-center", "北見", "--lang", "en")
    assert proc.returncode == 2 and proc.stderr.endswith(" 北見 is a home-care zone: --zone 北見.\n")


@pytest.mark.parametrize("option, value", [("--secondary-area", "０１１９"), ("--tertiary-area", "ｵﾎｰﾂｸ"),
                                           ("--zone", " 東十勝 "), ("--zone", "HIGASHI-TOKACHI")])
def test_full_width_half_width_and_case_name_the_same_area(root, option, value):
    assert zaitaku(root, "export", "hubs", option, value).returncode == 0


# --- --check and --at keep working with a filter ----------------------------------------------

def test_check_with_a_filter_names_it_in_the_command(root, tmp_path):
    out = tmp_path / "obihiro.md"
    args = ["export", "hubs", "--include-planned", "--health-center", "帯広保健所", "--as-of", "2025-07-21"]
    assert zaitaku(root, *args, "-o", str(out)).returncode == 0
    assert zaitaku(root, *args, "--check", str(out)).returncode == 0
    # the same file against the whole registry no longer matches
    whole = zaitaku(root, "export", "hubs", "--include-planned", "--as-of", "2025-07-21", "--check", str(out))
    assert whole.returncode == 1
    (root / "institutions" / "nishi-clinic.yaml").unlink()
    stale = zaitaku(root, *args, "--check", str(out))
    assert stale.returncode == 1
    assert (f"zaitaku export hubs --as-of 2025-07-21 --format md --include-planned --registry {root} "
            f"--health-center '帯広保健所' -o {out}") in stale.stderr


def test_at_a_revision_with_a_filter(root):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root.parent, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root.parent, check=True)
    subprocess.run([*git, "commit", "-qm", "registry"], cwd=root.parent, check=True)
    (root / "institutions" / "nishi-clinic.yaml").unlink()
    now = ok(root, "export", "pending", "--zone", "西十勝", "--as-of", "2025-07-21")
    then = ok(root, "export", "pending", "--zone", "西十勝", "--as-of", "2025-07-21", "--at", "HEAD")
    hub = "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）"
    assert [r[3] for r in md_rows(now)] == [hub]
    assert [r[3] for r in md_rows(then)] == [hub, "西十勝テスト診療所（芽室町）"]
    status = json.loads(ok(root, "status", "--zone", "西十勝", "--format", "json", "--at", "HEAD"))
    assert status["area"] == {"kind": "zone", "id": "nishi-tokachi", "name": "西十勝在宅医療圏"}


# --- status -----------------------------------------------------------------------------------

def test_status_of_one_area(root):
    data = json.loads(ok(root, "status", "--tertiary-area", "十勝", "--as-of", "2025-12-01", "--format", "json"))
    assert data["area"] == {"kind": "tertiary_area", "id": "tokachi", "name": "十勝（第三次医療圏）"}
    assert [z["id"] for z in data["zones"]] == ["obihiro", "higashi-tokachi", "nishi-tokachi", "minami-tokachi",
                                                "kita-tokachi"]
    assert [z["institutions"] for z in data["zones"]] == [0, 1, 0, 0, 0]
    # only the area's own tertiary area; the per-year targets are the plan's, not the area's
    assert [(a["name"], a["zones_with_hub"], len(a["zones"])) for a in data["tertiary_areas"]] == [("十勝", 4, 5)]
    assert {y["state"] for y in data["fiscal_years"]} == {"no_target"}
    assert [y["target_min"] for y in data["fiscal_years"]] == [None] * len(data["fiscal_years"])
    text = ok(root, "status", "--health-center", "帯広保健所", "--as-of", "2025-12-01")
    assert text.splitlines()[0] == "対象：帯広保健所管内"
    assert "2/3 在宅医療圏で拠点を指定済み（2025-12-01現在）" in text
    md = ok(root, "status", "--zone", "kitami", "--as-of", "2025-12-01", "--format", "md", "--lang", "en")
    assert md.splitlines()[0] == "# Area: 北見 (home-care zone)"
    # without an area option the report is as before: no area line, no area key
    assert "area" not in json.loads(ok(root, "status", "--format", "json"))
    assert not ok(root, "status").startswith("対象")


# --- export pending ---------------------------------------------------------------------------

PENDING_HEADERS = ["保健所", "在宅医療圏", "区分", "名称", "状況", "その段階の日付", "保健所への共有日"]


def test_pending_as_of_seed_004(root):
    out = ok(root, "export", "pending", "--as-of", "2025-07-21")
    assert headings(out) == ["## 指定に向けて準備中の拠点・積極的役割を担う医療機関（R7.7.21 現在）"]
    assert "| " + " | ".join(PENDING_HEADERS) + " |" in out
    by = "令和７年７月２１日以前"
    assert md_rows(out) == [
        ["帯広保健所、不明", "東十勝、西十勝、南十勝、北十勝", "拠点", "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）",
         "調整中", by, "不明"],
        ["帯広保健所", "西十勝", "積極的役割を担う医療機関", "西十勝テスト診療所（芽室町）", "予定", "令和７年６月",
         "令和７年７月１日"],
        ["北見保健所", "北見", "拠点", "北見在宅医療圏連携拠点センター", "予定", by, "不明"],
        ["北見保健所", "北見", "積極的役割を担う医療機関", "オホーツク勤医協北見病院", "予定", by, "不明"],
        ["北見保健所", "北見", "積極的役割を担う医療機関", "田中医院", "予定", by, "不明"],
        ["北見保健所", "北見", "積極的役割を担う医療機関", "本間内科医院", "予定", by, "不明"],
    ]


def test_pending_day_by_day_for_one_centre(root):
    def rows(day):
        return md_rows(ok(root, "export", "pending", "--health-center", "帯広保健所", "--as-of", day))

    # 2025-06 holds from 06-30 (the month's last day); shared on 07-01; applied on 08-01
    assert rows("2025-06-29") == []
    assert rows("2025-06-30") == [["帯広保健所", "西十勝", "積極的役割を担う医療機関", "西十勝テスト診療所（芽室町）", "予定",
                                   "令和７年６月", "未共有"]]
    assert rows("2025-07-01")[0][-1] == "令和７年７月１日"
    assert rows("2025-08-01")[-1][4:] == ["申請書提出済（審査中）", "令和７年８月１日", "令和７年７月１日"]
    # the hub is coordinating until its designation on 2025-10-01; then it is not pending
    assert [r[3] for r in rows("2025-09-30")] == ["とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）",
                                                  "西十勝テスト診療所（芽室町）"]
    assert [r[3] for r in rows("2025-10-01")] == ["西十勝テスト診療所（芽室町）"]
    # within the centre's area, the hub's zones are the centre's
    assert rows("2025-09-30")[0][:2] == ["帯広保健所", "東十勝、西十勝"]


def test_pending_in_english_and_csv(root, tmp_path):
    out = ok(root, "export", "pending", "--zone", "nishi-tokachi", "--as-of", "2025-08-01", "--lang", "en")
    assert headings(out) == ["## Hubs and active-role institutions in preparation — 西十勝 (home-care zone) "
                             "(as of 2025-08-01)"]
    assert md_rows(out) == [
        ["Obihiro Public Health Centre", "西十勝", "hub", "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）",
         "coordinating", "by 2025-07-21", "unknown"],
        ["Obihiro Public Health Centre", "西十勝", "active-role institution", "西十勝テスト診療所（芽室町）",
         "applied (under review)", "2025-08-01", "2025-07-01"]]
    csv = tmp_path / "pending.csv"
    ok(root, "export", "pending", "--health-center", "kitami", "--as-of", "2025-07-21", "-o", str(csv))
    assert csv.read_text(encoding="utf-8-sig").splitlines() == [
        ",".join(PENDING_HEADERS),
        "北見保健所,北見,拠点,北見在宅医療圏連携拠点センター,予定,2025-07-21以前,不明",
        "北見保健所,北見,積極的役割を担う医療機関,オホーツク勤医協北見病院,予定,2025-07-21以前,不明",
        "北見保健所,北見,積極的役割を担う医療機関,田中医院,予定,2025-07-21以前,不明",
        "北見保健所,北見,積極的役割を担う医療機関,本間内科医院,予定,2025-07-21以前,不明"]
    xlsx = tmp_path / "pending.xlsx"
    ok(root, "export", "pending", "--as-of", "2025-07-21", "-o", str(xlsx))
    assert zaitaku(root, "export", "pending", "--as-of", "2025-07-21", "--check", str(xlsx)).returncode == 0


def test_pending_without_health_centres_has_no_centre_column(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    out = ok(root, "export", "pending", "--as-of", "2025-07-21", "--zone", "北見")
    assert "| " + " | ".join(PENDING_HEADERS[1:]) + " |" in out
    assert md_rows(out)[0] == ["北見", "拠点", "北見在宅医療圏連携拠点センター", "予定", "令和７年７月２１日以前", "不明"]


def test_pending_old_format_records_have_no_step_date(root):
    (root / "institutions" / "old.yaml").write_text(
        HIGASHI_CLINIC.replace("higashi-clinic", "old").replace("東十勝テスト診療所", "旧形式診療所")
        .replace("designation: {status: designated, designated_on: 2025-04-01}", "designation: {status: coordinating}"),
        encoding="utf-8")
    rows = md_rows(ok(root, "export", "pending", "--zone", "東十勝", "--as-of", "2025-07-21"))
    assert rows[-1] == ["帯広保健所", "東十勝", "積極的役割を担う医療機関", "旧形式診療所（幕別町）", "調整中", "不明", "不明"]


def test_a_hub_across_areas_shows_each_area_its_own_zones_and_institutions(root):
    """A hub of 帯広市 (帯広保健所) and 北見 (北見保健所) with an institution in each: each centre's
    table shows the hub with its own zone and institution; the whole table shows both."""
    (root / "hubs" / "across.yaml").write_text("""\
id: across
name: 広域テスト拠点
zones: [obihiro, kushiro]
implementing_bodies:
  - {name: 広域テスト医師会, type: medical_association}
joint_bodies: []
core_hub: null
area_hubs: []
active_institutions: [higashi-clinic, kushiro-clinic]
roles: {coordination: true, information_network: true, training: true}
designation: {status: designated, designated_on: 2025-06-01}
""", encoding="utf-8")
    (root / "institutions" / "kushiro-clinic.yaml").write_text(
        HIGASHI_CLINIC.replace("higashi-clinic", "kushiro-clinic").replace("東十勝テスト診療所", "釧路テスト診療所")
        .replace("zone: higashi-tokachi", "zone: kushiro").replace('"016438"', '"012068"'), encoding="utf-8")
    kushiro = "釧路在宅医療圏（釧路市・釧路町・厚岸町・浜中町・標茶町・弟子屈町・鶴居村・白糠町）"

    def row(*args):
        rows = md_rows(ok(root, "export", "hubs", "--as-of", "2025-07-01", *args))
        return [(r[0], r[-1]) for r in rows if r[2] == "広域テスト拠点"]

    assert row("--health-center", "帯広保健所") == [
        ("帯広市在宅医療圏", "東十勝テスト診療所（在宅療養支援診療所）")]
    assert row("--tertiary-area", "釧路・根室") == [(kushiro, "釧路テスト診療所（在宅療養支援診療所）")]
    assert row() == [(f"帯広市在宅医療圏、{kushiro}",
                      "東十勝テスト診療所（在宅療養支援診療所）、釧路テスト診療所（在宅療養支援診療所）")]
    # not in 北見保健所's area at all
    assert row("--health-center", "北見保健所") == []


def test_a_zone_with_a_null_centre_is_in_no_centre_area(root):
    path = root / "zones" / "kitami.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("health_center: kitami", "health_center: null"),
                    encoding="utf-8")
    assert zaitaku(root, "check").returncode == 0
    out = ok(root, "export", "pending", "--health-center", "北見保健所", "--as-of", "2025-07-21")
    assert md_rows(out) == []
    assert ok(root, "export", "pending", "--zone", "北見", "--as-of", "2025-07-21").count("| 不明 | 北見 |") == 4
