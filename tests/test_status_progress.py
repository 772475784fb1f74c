"""`zaitaku status` as of a date, by step, by tertiary area, and what is still to do (issue 13).

- Every count and line uses each record's status on --as-of (model.Designation.status_on): the
  hubs and institutions in preparation show their step on that day (予定 / 調整中 /
  申請書提出済（審査中））, day by day around each dated step.
- Progress is grouped by tertiary area (prefecture.yaml `tertiary_areas`, in its order) with a
  subtotal per area (seed 004「道央に偏らないよう３次医療圏単位で…順次、地域を拡大」); a scheme without
  tertiary areas (Kumamoto) is not grouped.
- Seed 004「※ 同一在宅医療圏で複数意向ある場合すべて指定」: the institutions not designated on the date
  that are eligible (kind, intent, mandatory items, optional minimum: the rules' helpers) are listed
  with their step; those whose eligibility is unknown (null answers) apart, never as eligible.
"""

from __future__ import annotations

import json
import shutil

import pytest

from history_repo import Repo, hub, institution, run
from registry_builder import EMBEDDED

REQUIREMENTS = ("requirements: {after_hours_support: true, care_coordination: true, family_support_referral: true,"
                " training: false, disaster_plan: false}")
TOKACHI = "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）"
NO_STEPS = {"planned": 0, "coordinating": 0, "applied": 0}


def inst(id, name, *, kind="zaitaku_clinic", intent="true", requirements=None, zone="muroran",
         municipality="012050", **kw) -> str:
    """An institution of history_repo's template with its kind, intent and requirements replaced."""
    text = institution(id, name, zone=zone, municipality=municipality, **kw)
    text = text.replace("kind: zaitaku_clinic", f"kind: {kind}").replace("intent: true", f"intent: {intent}")
    if requirements is not None:
        text = text.replace(REQUIREMENTS, "requirements: {" + requirements + "}")
    return text


def steps(*items: str) -> str:
    return "  steps:\n" + "".join(f"    - {{{item}}}\n" for item in items)


def as_json(repo, day, *args) -> dict:
    proc = repo.zaitaku("status", "--as-of", day, "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def md_lines(repo, day, *args) -> list[str]:
    proc = repo.zaitaku("status", "--as-of", day, "--format", "md", *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


# --- what is still to do: eligible / unknown / ruled out ---------------------------------------------

CANDIDATES = {
    "institutions/a-eligible.yaml": inst("a-eligible", "アオバ診療所", status="planned"),
    "institutions/b-applied.yaml": inst("b-applied", "ベニバナ医院", status="applied"),
    "institutions/c-no-intent.yaml": inst("c-no-intent", "意向なし医院", intent="false", status="planned"),
    "institutions/d-intent-null.yaml": inst("d-intent-null", "意向不明医院", intent="null", status="planned"),
    "institutions/e-other.yaml": inst("e-other", "その他医院", kind="other", status="planned"),
    "institutions/f-kind-null.yaml": inst("f-kind-null", "種別不明医院", kind="null", status="planned"),
    # a known false rules it out, whatever else is unknown
    "institutions/g-false.yaml": inst("g-false", "要件欠け医院", status="planned", requirements=(
        "after_hours_support: false, care_coordination: null, family_support_referral: true,"
        " training: false, disaster_plan: false")),
    "institutions/h-null.yaml": inst("h-null", "要件不明医院", status="planned", requirements=(
        "after_hours_support: true, care_coordination: true, family_support_referral: {met: null, evidence: 未回答},"
        " training: false, disaster_plan: false")),
    "institutions/i-designated.yaml": inst("i-designated", "指定済医院", designated_on="2025-07-01"),
    "institutions/j-withdrawn.yaml": inst("j-withdrawn", "辞退医院", status="withdrawn", designated_on="2025-04-01",
                                          withdrawn_on="2025-09-30"),
    "institutions/k-later.yaml": inst("k-later", "後から調整医院", status="coordinating",
                                      extra=steps("status: coordinating, date: 2026-01-10")),
    "institutions/l-broken.yaml": inst("l-broken", "形式誤り医院", intent="'yes'", status="planned"),
    "institutions/m-sapporo.yaml": inst("m-sapporo", "札幌調整中医院", zone="sapporo", municipality="011002",
                                        status="coordinating"),
    "hubs/muroran.yaml": hub("muroran", "室蘭拠点", designated_on="2025-07-01"),
}


@pytest.fixture(scope="module")
def candidates(tmp_path_factory):
    return Repo(tmp_path_factory.mktemp("status-todo") / "repo", records=CANDIDATES)


def test_eligible_institutions_not_designated_are_listed_with_their_step(candidates):
    out = as_json(candidates, "2025-12-01")
    # zone order (札幌 before 室蘭: secondary areas 0104, 0109), then 五十音順 within a zone
    assert out["eligible_not_designated"] == [
        {"zone": "sapporo", "id": "m-sapporo", "name": "札幌調整中医院", "status": "coordinating"},
        {"zone": "muroran", "id": "a-eligible", "name": "アオバ診療所", "status": "planned"},
        {"zone": "muroran", "id": "b-applied", "name": "ベニバナ医院", "status": "applied"},
        {"zone": "muroran", "id": "k-later", "name": "後から調整医院", "status": None},  # no step yet that day
    ]
    assert out["eligibility_unknown"] == [
        {"zone": "muroran", "id": "d-intent-null", "name": "意向不明医院", "status": "planned", "unknown": ["intent"]},
        {"zone": "muroran", "id": "f-kind-null", "name": "種別不明医院", "status": "planned", "unknown": ["kind"]},
        {"zone": "muroran", "id": "h-null", "name": "要件不明医院", "status": "planned",
         "unknown": ["family_support_referral"]},
    ]
    assert out["summary"]["eligible_not_designated"] == 4 and out["summary"]["eligibility_unknown"] == 3


def test_the_tables_of_what_is_still_to_do(candidates):
    lines = md_lines(candidates, "2025-12-01")
    start = lines.index("## 指定できる積極的役割を担う医療機関（未指定、2025-12-01現在）")
    assert lines[start + 2:start + 8] == ["| 在宅医療圏 | 積極的役割を担う医療機関 | 段階 |", "|---|---|---|",
                                          "| 札幌市 | 札幌調整中医院 | 調整中 |", "| 室蘭 | アオバ診療所 | 予定 |",
                                          "| 室蘭 | ベニバナ医院 | 申請書提出済（審査中） |", "| 室蘭 | 後から調整医院 | — |"]
    start = lines.index("## 要件不明の積極的役割を担う医療機関（未指定、2025-12-01現在）")
    assert lines[start + 2:start + 7] == ["| 在宅医療圏 | 積極的役割を担う医療機関 | 段階 | 不明な項目 |",
                                          "|---|---|---|---|", "| 室蘭 | 意向不明医院 | 予定 | 意向 |",
                                          "| 室蘭 | 種別不明医院 | 予定 | 種別 |", "| 室蘭 | 要件不明医院 | 予定 | ③ |"]
    assert lines[start + 7] == ""
    assert "- 未指定の積極的役割を担う医療機関: 要件を満たす 4、要件不明 3" in lines
    en = md_lines(candidates, "2025-12-01", "--lang", "en")
    assert "## Eligible active-role institutions not yet designated (as of 2025-12-01)" in en
    assert "| 室蘭 | ベニバナ医院 | applied (under review) |" in en
    assert "## Unknown eligibility: active-role institutions not designated (as of 2025-12-01)" in en
    assert "| 室蘭 | 種別不明医院 | planned | kind |" in en
    assert "- Undesignated active-role institutions: eligible 4, eligibility unknown 3." in en


def test_ruled_out_designated_withdrawn_and_faulty_records_are_not_listed(candidates):
    out = as_json(candidates, "2025-12-01")
    listed = {c["id"] for c in out["eligible_not_designated"] + out["eligibility_unknown"]}
    assert listed.isdisjoint({"c-no-intent", "e-other", "g-false", "i-designated", "j-withdrawn", "l-broken"})


def test_the_as_of_date_decides_what_is_still_to_do(candidates):
    before = as_json(candidates, "2025-06-30")  # i-designated not yet designated; j-withdrawn designated
    ids = [c["id"] for c in before["eligible_not_designated"]]
    assert "i-designated" in ids and "j-withdrawn" not in ids
    assert next(c for c in before["eligible_not_designated"] if c["id"] == "i-designated")["status"] == "planned"
    later = as_json(candidates, "2026-02-01")
    assert next(c for c in later["eligible_not_designated"] if c["id"] == "k-later")["status"] == "coordinating"
    text = candidates.zaitaku("status", "--as-of", "2026-02-01").stdout.splitlines()
    row = next(line for line in text if "後から調整医院" in line)
    assert [c.strip() for c in row.strip("│").split("│")] == ["室蘭", "後から調整医院", "調整中"]


def test_optional_minimum_decides_eligibility(tmp_path):
    """Kumamoto-like: at least one optional item (prefecture.yaml institution.optional_minimum)."""
    repo = Repo(tmp_path / "repo", records={
        "institutions/o-none.yaml": inst("o-none", "任意なし医院", status="planned"),
        "institutions/o-null.yaml": inst("o-null", "任意不明医院", status="planned", requirements=(
            "after_hours_support: true, care_coordination: true, family_support_referral: true,"
            " training: false, disaster_plan: null")),
        "institutions/o-one.yaml": inst("o-one", "任意あり医院", status="planned", requirements=(
            "after_hours_support: true, care_coordination: true, family_support_referral: true,"
            " training: true, disaster_plan: false")),
        "institutions/o-both-unknown.yaml": inst("o-both-unknown", "必須不明医院", status="planned", requirements=(
            "after_hours_support: null, care_coordination: true, family_support_referral: true,"
            " training: null, disaster_plan: null")),
    })
    repo.edit("prefecture.yaml", "  optional_minimum: 0", "  optional_minimum: 1")
    out = as_json(repo, "2025-12-01")
    assert [c["id"] for c in out["eligible_not_designated"]] == ["o-one"]
    assert [(c["id"], c["unknown"]) for c in out["eligibility_unknown"]] == [
        ("o-null", ["disaster_plan"]),
        ("o-both-unknown", ["after_hours_support", "training", "disaster_plan"])]
    assert "| 室蘭 | 必須不明医院 | 予定 | ①、④、⑤ |" in md_lines(repo, "2025-12-01")


# --- steps, day by day -----------------------------------------------------------------------------

STEPPED = {
    "hubs/obihiro.yaml": hub("obihiro", "帯広拠点", designated_on="2025-08-01", extra=steps(
        "status: planned, date: 2025-05-01", "status: coordinating, by: 2025-06-15", "status: applied, date: 2025-07")),
    "institutions/obihiro-clinic.yaml": inst("obihiro-clinic", "帯広クリニック", zone="obihiro", municipality="012076",
                                             designated_on="2025-09-01", extra=steps(
                                                 "status: coordinating, date: 2025-06-01")),
    "hubs/muroran.yaml": hub("muroran", "室蘭拠点", designated_on="2025-04-01"),
}


@pytest.fixture(scope="module")
def stepped(tmp_path_factory):
    return Repo(tmp_path_factory.mktemp("status-steps") / "repo", records=STEPPED)


@pytest.mark.parametrize("day, hub_step, institution_step", [
    ("2025-04-30", None, None),  # before the first step: not in preparation (nor designated)
    ("2025-05-01", "planned", None),
    ("2025-05-31", "planned", None),
    ("2025-06-01", "planned", "coordinating"),
    ("2025-06-14", "planned", "coordinating"),
    ("2025-06-15", "coordinating", "coordinating"),  # by: held from that day
    ("2025-07-30", "coordinating", "coordinating"),
    ("2025-07-31", "applied", "coordinating"),  # a month only: held from its last day
    ("2025-08-01", "designated", "coordinating"),
    ("2025-09-01", "designated", "designated"),
])
def test_status_on_each_day_around_the_steps(stepped, day, hub_step, institution_step):
    out = as_json(stepped, day)
    zone = next(z for z in out["zones"] if z["id"] == "obihiro")
    pending_hub = [{"id": "obihiro", "name": "帯広拠点", "status": hub_step}] if hub_step not in (None, "designated") else []
    assert zone["pending_hubs"] == pending_hub
    assert zone["hubs"] == ([{"id": "obihiro", "name": "帯広拠点"}] if hub_step == "designated" else [])
    pending = ([{"id": "obihiro-clinic", "name": "帯広クリニック", "status": institution_step}]
               if institution_step not in (None, "designated") else [])
    assert zone["pending_institutions"] == pending
    assert zone["institutions"] == (1 if institution_step == "designated" else 0)
    expected_hubs = dict(NO_STEPS, **({hub_step: 1} if hub_step in NO_STEPS else {}))
    assert out["summary"]["zones_pending_hub"] == expected_hubs
    assert out["summary"]["institutions_pending"] == dict(
        NO_STEPS, **({institution_step: 1} if institution_step in NO_STEPS else {}))
    assert out["summary"]["institutions_designated"] == (1 if institution_step == "designated" else 0)
    tokachi = next(a for a in out["tertiary_areas"] if a["id"] == "tokachi")
    assert tokachi["zones_pending_hub"] == expected_hubs
    assert tokachi["zones_with_hub"] == (1 if hub_step == "designated" else 0)


def test_steps_in_the_text_and_markdown(stepped):
    lines = md_lines(stepped, "2025-07-31")
    assert "| 帯広市 | 十勝 | 帯広拠点（申請書提出済（審査中）） | 0（調整中 1） | 拠点・医療機関なし |" in lines
    assert "| 十勝 | 帯広市、東十勝、西十勝、南十勝、北十勝 | 0/5 | 0/5 | 0/5 | 申請書提出済（審査中） 1 |" in lines
    assert "- 拠点の指定を準備中の在宅医療圏: 予定 0、調整中 0、申請書提出済（審査中） 1" in lines
    assert "- 準備中の積極的役割を担う医療機関: 予定 0、調整中 1、申請書提出済（審査中） 0" in lines
    en = md_lines(stepped, "2025-06-15", "--lang", "en")
    assert "| 帯広市 | 十勝 | 帯広拠点 (coordinating) | 0 (coordinating 1) | no hub or institution |" in en
    assert "- Home-care zones with a hub pending: planned 0, coordinating 1, applied (under review) 0." in en
    assert "- Active-role institutions pending: planned 0, coordinating 1, applied (under review) 0." in en
    text = stepped.zaitaku("status", "--as-of", "2025-05-01").stdout.splitlines()
    row = next(line for line in text if line.startswith("│ 帯広市"))
    assert [c.strip() for c in row.strip("│").split("│")] == ["帯広市", "十勝", "帯広拠点（予定）", "0", "拠点・医療機関なし"]


# --- tertiary areas ---------------------------------------------------------------------------------

def test_progress_by_tertiary_area_in_the_schemes_order(stepped):
    out = as_json(stepped, "2025-09-01")
    assert [(a["id"], a["name"], a["zones"]) for a in out["tertiary_areas"]] == [
        ("donan", "道南", ["hakodate"]), ("doo", "道央", ["sapporo", "muroran"]), ("dohoku", "道北", []),
        ("okhotsk", "オホーツク", ["kitami"]),
        ("tokachi", "十勝", ["obihiro", "higashi-tokachi", "nishi-tokachi", "minami-tokachi", "kita-tokachi"]),
        ("kushiro-nemuro", "釧路・根室", ["kushiro"])]
    doo, tokachi = out["tertiary_areas"][1], out["tertiary_areas"][4]
    assert (doo["zones_with_hub"], doo["zones_with_institution"], doo["zones_complete"]) == (1, 0, 0)
    assert (tokachi["zones_with_hub"], tokachi["zones_with_institution"], tokachi["zones_complete"]) == (1, 1, 1)
    assert [z["tertiary_area"] for z in out["zones"]][:3] == ["donan", "doo", "doo"]
    lines = md_lines(stepped, "2025-09-01")
    start = lines.index("## 第三次医療圏ごとの指定状況（在宅医療圏の数: 指定済み／記録済み）")
    assert lines[start + 2:start + 10] == [
        "| 第三次医療圏 | 在宅医療圏 | 拠点 | 積極的役割を担う医療機関 | 両方 | 拠点の準備中 |", "|---|---|---|---|---|---|",
        "| 道南 | 函館市 | 0/1 | 0/1 | 0/1 | — |", "| 道央 | 札幌市、室蘭 | 1/2 | 0/2 | 0/2 | — |",
        "| 道北 | — | 0/0 | 0/0 | 0/0 | — |", "| オホーツク | 北見 | 0/1 | 0/1 | 0/1 | — |",
        "| 十勝 | 帯広市、東十勝、西十勝、南十勝、北十勝 | 1/5 | 1/5 | 1/5 | — |",
        "| 釧路・根室 | 釧路 | 0/1 | 0/1 | 0/1 | — |"]
    en = md_lines(stepped, "2025-09-01", "--lang", "en")
    assert "## Designations per tertiary area (home-care zones designated/recorded)" in en
    assert "| Tertiary area | Home-care zones | Hub | Active-role institution | Both | Hub in preparation |" in en


def test_a_zone_of_no_known_tertiary_area_is_grouped_last(tmp_path):
    repo = Repo(tmp_path / "repo", records={"hubs/kushiro.yaml": hub("kushiro", "釧路拠点", designated_on="2025-04-01")})
    repo.edit("zones/kushiro.yaml", 'secondary_area: "0120"', 'secondary_area: "0199"')
    out = as_json(repo, "2025-12-01")
    assert out["tertiary_areas"][-1] == {"id": None, "name": "不明", "zones": ["kushiro"], "zones_with_hub": 1,
                                         "zones_with_institution": 0, "zones_complete": 0,
                                         "zones_pending_hub": NO_STEPS}
    assert out["tertiary_areas"][-2]["id"] == "kushiro-nemuro" and out["tertiary_areas"][-2]["zones"] == []
    assert next(z for z in out["zones"] if z["id"] == "kushiro")["tertiary_area"] is None


def test_a_scheme_without_tertiary_areas_is_not_grouped(tmp_path):
    kumamoto = EMBEDDED.parent / "examples" / "kumamoto" / "registry"
    proc = run("status", "--registry", str(kumamoto), "--as-of", "2019-03-31", "--format", "json", cwd=tmp_path)
    out = json.loads(proc.stdout)
    assert out["tertiary_areas"] == [] and {z["tertiary_area"] for z in out["zones"]} == {None}
    assert out["eligibility_unknown"] == [{"zone": "amakusa", "id": "sample-community-care-ward-hospital",
                                           "name": "（架空）天草地域包括ケア病院", "status": "coordinating",
                                           "unknown": ["family_support_referral"]}]
    md = run("status", "--registry", str(kumamoto), "--as-of", "2019-03-31", "--format", "md", cwd=tmp_path).stdout
    assert "第三次医療圏" not in md
    assert "| 圏域 | 地域在宅医療サポートセンター | 積極的役割を担う医療機関 | 状況 |" in md.splitlines()


# --- the embedded registry: what seed 004 says for R7.7.21, and after -----------------------------

@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    base = tmp_path_factory.mktemp("status-embedded")
    shutil.copytree(EMBEDDED, base / "registry")
    return base


def _embedded(embedded, day, fmt, *args):
    proc = run("status", "--as-of", day, "--format", fmt, *args, cwd=embedded)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_embedded_as_of_r7_7_21_says_what_seed_004_says(embedded):
    """Seed 004 (R7.7.21現在): 札幌・室蘭 designated (「２つの在宅医療圏で拠点を指定済み」), 北見's hub
    planned (拠点（予定）北星記念病院, 積極的（予定）3 institutions), the four 十勝 zones （調整中）."""
    lines = _embedded(embedded, "2025-07-21", "md").splitlines()
    for row in ["| 函館市 | 道南 | — | 0 | 拠点・医療機関なし |",
                "| 札幌市 | 道央 | 札幌市在宅医療連携拠点 | 0 | 医療機関なし |",
                "| 室蘭 | 道央 | 在宅医療ソリューション会議 | 1 | ○ |",
                "| 北見 | オホーツク | 北見在宅医療圏連携拠点センター（予定） | 0（予定 3） | 拠点・医療機関なし |",
                "| 帯広市 | 十勝 | — | 0 | 拠点・医療機関なし |",
                *[f"| {z} | 十勝 | {TOKACHI}（調整中） | 0 | 拠点・医療機関なし |" for z in ("東十勝", "西十勝", "南十勝", "北十勝")],
                "| 道央 | 札幌市、室蘭 | 2/2 | 1/2 | 1/2 | — |",
                "| オホーツク | 北見 | 0/1 | 0/1 | 0/1 | 予定 1 |",
                "| 十勝 | 帯広市、東十勝、西十勝、南十勝、北十勝 | 0/5 | 0/5 | 0/5 | 調整中 4 |",
                "| 北見 | オホーツク勤医協北見病院 | 予定 | 種別、意向、①、②、③ |",
                "| 北見 | 田中医院 | 予定 | 種別、意向、①、②、③ |",
                "| 北見 | 本間内科医院 | 予定 | 種別、意向、①、②、③ |"]:
        assert row in lines, row
    text = _embedded(embedded, "2025-07-21", "text").splitlines()
    assert text[-6:] == ["2/39 在宅医療圏で拠点を指定済み（2025-07-21現在）",
                         "積極的役割を担う医療機関を指定済みの在宅医療圏: 1/39、両方そろった在宅医療圏: 1/39",
                         "registry/zones/ に記録されている在宅医療圏: 10/39",
                         "拠点の指定を準備中の在宅医療圏: 予定 1、調整中 4、申請書提出済（審査中） 0",
                         "準備中の積極的役割を担う医療機関: 予定 3、調整中 0、申請書提出済（審査中） 0",
                         "未指定の積極的役割を担う医療機関: 要件を満たす 0、要件不明 3"]
    start = text.index("指定できる積極的役割を担う医療機関（未指定、2025-07-21現在）")
    assert text[start + 1] == "  —"
    out = json.loads(_embedded(embedded, "2025-07-21", "json"))
    zones = {z["id"]: z for z in out["zones"]}
    for zone in ("higashi-tokachi", "nishi-tokachi", "minami-tokachi", "kita-tokachi"):
        assert zones[zone]["hubs"] == [] and zones[zone]["pending_hubs"] == [
            {"id": "tokachi", "name": TOKACHI, "status": "coordinating"}]
    assert zones["kitami"]["pending_hubs"] == [{"id": "kitami", "name": "北見在宅医療圏連携拠点センター", "status": "planned"}]
    assert [i["status"] for i in zones["kitami"]["pending_institutions"]] == ["planned"] * 3
    assert out["summary"] == {
        "zone_total": 39, "recorded_zones": 10, "zones_with_hub": 2, "zones_with_institution": 1, "zones_complete": 1,
        "target_total": 39, "zones_pending_hub": {"planned": 1, "coordinating": 4, "applied": 0},
        "institutions_designated": 1, "institutions_pending": {"planned": 3, "coordinating": 0, "applied": 0},
        "eligible_not_designated": 0, "eligibility_unknown": 3}
    assert [(c["id"], c["status"], c["unknown"]) for c in out["eligibility_unknown"]] == [
        (i, "planned", ["kind", "intent", "after_hours_support", "care_coordination", "family_support_referral"])
        for i in ("okhotsk-kin-ikyo-kitami-hospital", "tanaka-iin", "homma-naika-iin")]


def test_embedded_as_of_2025_12_01_shows_tokachi_designated(embedded):
    lines = _embedded(embedded, "2025-12-01", "md").splitlines()
    for zone in ("東十勝", "西十勝", "南十勝", "北十勝"):
        assert f"| {zone} | 十勝 | {TOKACHI} | 0 | 医療機関なし |" in lines
    assert "| 北見 | オホーツク | 北見在宅医療圏連携拠点センター | 0（予定 3） | 医療機関なし |" in lines
    assert "| 十勝 | 帯広市、東十勝、西十勝、南十勝、北十勝 | 4/5 | 0/5 | 0/5 | — |" in lines
    assert "- 7/39 在宅医療圏で拠点を指定済み（2025-12-01現在）" in lines
    assert "- 拠点の指定を準備中の在宅医療圏: 予定 0、調整中 0、申請書提出済（審査中） 0" in lines
    out = json.loads(_embedded(embedded, "2025-12-01", "json", "--lang", "en"))
    assert out["summary"]["zones_with_hub"] == 7 and out["summary"]["zones_pending_hub"] == NO_STEPS
    assert [a["zones_with_hub"] for a in out["tertiary_areas"]] == [0, 2, 0, 1, 4, 0]
    en = _embedded(embedded, "2025-07-21", "md", "--lang", "en").splitlines()
    assert f"| 東十勝 | 十勝 | {TOKACHI} (coordinating) | 0 | no hub or institution |" in en
    assert "| 北見 | 田中医院 | planned | kind, intent, ①, ②, ③ |" in en
    assert "- Home-care zones with a hub pending: planned 1, coordinating 4, applied (under review) 0." in en
