"""`zaitaku status`: per zone, a designated hub and institution; per fiscal year (April–March),
the zones given their first hub, against prefecture.yaml's target (Hokkaido: 39 zones over
FY2024–FY2029, 6–7 a year)."""

from __future__ import annotations

import datetime
import json

import pytest

from history_repo import Repo, hub, institution
from zaitaku_cli.status import fiscal_year, fiscal_year_label

TOKACHI = ["higashi-tokachi", "nishi-tokachi", "minami-tokachi", "kita-tokachi"]
RECORDS = {
    # FY2024: hakodate; kushiro (withdrawn since: still counts in the year it was designated)
    "hubs/hakodate.yaml": hub("hakodate", "函館拠点", designated_on="2024-06-01"),
    "hubs/hakodate-2.yaml": hub("hakodate-2", "函館第二拠点", zones=["hakodate"], designated_on="2025-05-01"),
    "hubs/kushiro.yaml": hub("kushiro", "釧路拠点", status="withdrawn", designated_on="2024-10-01",
                             withdrawn_on="2025-09-30"),
    # FY2025: muroran, kitami (month only: counts at the end of March 2026), four Tokachi zones (one hub)
    "hubs/muroran.yaml": hub("muroran", "室蘭拠点", designated_on="2025-07-01"),
    "hubs/kitami.yaml": hub("kitami", "北見拠点", designated_on="令和8年3月"),
    "hubs/tokachi.yaml": hub("tokachi", "とかち拠点", zones=TOKACHI, designated_on="2025-10-01"),
    # FY2026: sapporo, on 1 April 2026 (the first day of the fiscal year)
    "hubs/sapporo.yaml": hub("sapporo", "札幌拠点", designated_on="2026-04-01"),
    # obihiro: only planned
    "hubs/obihiro.yaml": hub("obihiro", "帯広拠点", status="planned"),
    "institutions/clinic-a.yaml": institution("clinic-a", "Aクリニック", designated_on="2025-07-01"),
    "institutions/clinic-b.yaml": institution("clinic-b", "Bクリニック", designated_by="2025-08-01"),
    "institutions/clinic-c.yaml": institution("clinic-c", "Cクリニック", zone="sapporo", municipality="011002",
                                              status="applied"),
}
ZONE_ORDER = ["hakodate", "sapporo", "muroran", "kitami", "obihiro", "higashi-tokachi", "nishi-tokachi",
              "minami-tokachi", "kita-tokachi", "kushiro"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    r = Repo(tmp_path_factory.mktemp("status") / "repo", records=RECORDS)
    r.commit("指定の記録")
    return r


def status(repo, *args):
    proc = repo.zaitaku("status", *args)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_fiscal_years():
    assert fiscal_year(datetime.date(2025, 3, 31)) == 2024
    assert fiscal_year(datetime.date(2025, 4, 1)) == 2025
    assert fiscal_year_label(2024) == "令和6年度"
    assert fiscal_year_label(2019) == "令和元年度"
    assert fiscal_year_label(2029, "en") == "FY2029"


def test_per_fiscal_year_counts_against_the_target(repo):
    out = json.loads(status(repo, "--as-of", "2026-06-30", "--format", "json").stdout)
    years = [(y["fiscal_year"], y["label"], y["zones"], y["count"], y["target_min"], y["target_max"],
              y["cumulative"], y["state"]) for y in out["fiscal_years"]]
    assert years == [
        (2024, "令和6年度", ["hakodate", "kushiro"], 2, 6, 7, 2, "short"),
        (2025, "令和7年度", ["muroran", "kitami", *["higashi-tokachi", "nishi-tokachi", "minami-tokachi",
                                                 "kita-tokachi"]], 6, 6, 7, 8, "met"),
        (2026, "令和8年度", ["sapporo"], 1, 6, 7, 9, "current"),
        (2027, "令和9年度", [], 0, 6, 7, 9, "future"),
        (2028, "令和10年度", [], 0, 6, 7, 9, "future"),
        (2029, "令和11年度", [], 0, 6, 7, 9, "future"),
    ]
    # kushiro's hub was withdrawn: the zone no longer has one
    # obihiro's hub is planned; clinic-c has applied and meets the requirements (still to do)
    assert out["summary"] == {"zone_total": 39, "recorded_zones": 10, "zones_with_hub": 8,
                              "zones_with_institution": 1, "zones_complete": 1, "target_total": 39,
                              "zones_pending_hub": {"planned": 1, "coordinating": 0, "applied": 0},
                              "institutions_designated": 2,
                              "institutions_pending": {"planned": 0, "coordinating": 0, "applied": 1},
                              "eligible_not_designated": 1, "eligibility_unknown": 0}


def test_per_zone_rows(repo):
    out = json.loads(status(repo, "--as-of", "2026-06-30", "--format", "json").stdout)
    assert [z["id"] for z in out["zones"]] == ZONE_ORDER
    zones = {z["id"]: z for z in out["zones"]}
    assert zones["hakodate"]["hubs"] == [{"id": "hakodate", "name": "函館拠点"},
                                         {"id": "hakodate-2", "name": "函館第二拠点"}]
    assert zones["muroran"] == {"id": "muroran", "name": "室蘭", "hubs": [{"id": "muroran", "name": "室蘭拠点"}],
                                "institutions": 2, "has_hub": True, "has_institution": True,
                                "tertiary_area": "doo", "pending_hubs": [], "pending_institutions": []}
    assert zones["obihiro"]["pending_hubs"] == [{"id": "obihiro", "name": "帯広拠点", "status": "planned"}]
    assert zones["sapporo"]["pending_institutions"] == [{"id": "clinic-c", "name": "Cクリニック", "status": "applied"}]
    assert zones["kushiro"]["hubs"] == [] and zones["obihiro"]["hubs"] == []
    assert zones["sapporo"]["institutions"] == 0  # applied is not designated


def test_the_as_of_date_decides(repo):
    out = json.loads(status(repo, "--as-of", "2026-03-31", "--format", "json").stdout)
    years = {y["fiscal_year"]: y for y in out["fiscal_years"]}
    assert years[2025]["count"] == 6 and years[2025]["state"] == "current"  # kitami: end of March 2026
    assert years[2026]["count"] == 0 and years[2026]["state"] == "future"
    out = json.loads(status(repo, "--as-of", "2026-03-30", "--format", "json").stdout)
    years = {y["fiscal_year"]: y for y in out["fiscal_years"]}
    assert years[2025]["zones"] == ["muroran", "higashi-tokachi", "nishi-tokachi", "minami-tokachi", "kita-tokachi"]
    md = status(repo, "--as-of", "2026-03-31", "--format", "md").stdout
    assert "| 令和7年度 | 6 | 室蘭、北見、東十勝、西十勝、南十勝、北十勝 | 6–7 | 8/39 | ○（年度途中） |" in md
    out = json.loads(status(repo, "--as-of", "2024-05-01", "--format", "json").stdout)
    assert out["summary"]["zones_with_hub"] == 0 and all(y["count"] == 0 for y in out["fiscal_years"])


def test_markdown(repo):
    lines = status(repo, "--as-of", "2026-06-30", "--format", "md").stdout.splitlines()
    assert "| 在宅医療圏 | 第三次医療圏 | 拠点 | 積極的役割を担う医療機関 | 状況 |" in lines
    assert "| 函館市 | 道南 | 函館拠点、函館第二拠点 | 0 | 医療機関なし |" in lines
    assert "| 室蘭 | 道央 | 室蘭拠点 | 2 | ○ |" in lines
    assert "| 釧路 | 釧路・根室 | — | 0 | 拠点・医療機関なし |" in lines
    assert "| 帯広市 | 十勝 | 帯広拠点（予定） | 0 | 拠点・医療機関なし |" in lines
    assert "| 札幌市 | 道央 | 札幌拠点 | 0（申請書提出済（審査中） 1） | 医療機関なし |" in lines
    assert "| 年度 | 指定した在宅医療圏 | 内訳 | 目標 | 累計 | 評価 |" in lines
    assert "| 令和6年度 | 2 | 函館市、釧路 | 6–7 | 2/39 | 目標に4不足 |" in lines
    assert "| 令和7年度 | 6 | 室蘭、北見、東十勝、西十勝、南十勝、北十勝 | 6–7 | 8/39 | ○ |" in lines
    assert "| 令和8年度 | 1 | 札幌市 | 6–7 | 9/39 | 年度途中（目標まであと5） |" in lines
    assert "| 令和9年度 | 0 | — | 6–7 | 9/39 | — |" in lines
    assert "- 8/39 在宅医療圏で拠点を指定済み（2026-06-30現在）" in lines


def test_english_headers(repo):
    out = status(repo, "--as-of", "2026-06-30", "--format", "md", "--lang", "en").stdout
    assert "| Home-care zone | Tertiary area | Hubs | Active-role institutions | Status |" in out
    assert "| 帯広市 | 十勝 | 帯広拠点 (planned) | 0 | no hub or institution |" in out
    assert "| 札幌市 | 道央 | 札幌拠点 | 0 (applied (under review) 1) | no institution |" in out
    assert "| FY2024 | 2 | 函館市, 釧路 | 6–7 | 2/39 | 4 short |" in out
    assert "Hubs designated in 8/39 home-care zones (as of 2026-06-30)." in out


def test_rich_table_in_the_terminal(repo):
    out = status(repo, "--as-of", "2026-06-30").stdout
    assert "在宅医療圏ごとの指定状況（2026-06-30現在）" in out
    assert "令和7年度" in out and "8/39 在宅医療圏で拠点を指定済み" in out
    assert "┃" in out or "|" in out  # a table


def test_at_a_revision(tmp_path):
    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", designated_on="2025-07-01")})
    r.commit("室蘭")
    r.write("hubs/sapporo.yaml", hub("sapporo", designated_on="2025-08-01"))
    r.commit("札幌")
    now = json.loads(r.zaitaku("status", "--as-of", "2026-01-01", "--format", "json", check=True).stdout)
    before = json.loads(r.zaitaku("status", "--as-of", "2026-01-01", "--format", "json", "--at", "HEAD~1",
                                  check=True).stdout)
    assert now["summary"]["zones_with_hub"] == 2 and before["summary"]["zones_with_hub"] == 1
    proc = r.zaitaku("status", "--at", "nowhere")
    assert proc.returncode == 2 and "nowhere" in proc.stderr


def test_errors_are_mentioned(tmp_path):
    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", status="done")})
    proc = r.zaitaku("status", "--as-of", "2026-01-01", "--format", "json")
    assert proc.returncode == 0
    assert "zaitaku check" in proc.stderr
    assert json.loads(proc.stdout)["summary"]["zones_with_hub"] == 0


# --- review fixes ------------------------------------------------------------------------------------

def test_a_past_as_of_date_does_not_turn_later_designations_into_errors(tmp_path):
    """The registry is checked as of today (as export does); --as-of only decides what is counted."""
    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", designated_on="2025-07-01")})
    proc = r.zaitaku("status", "--as-of", "2025-01-01", "--format", "json")
    assert proc.returncode == 0
    assert proc.stderr == ""  # before the fix: designation-future counted as an error
    out = json.loads(proc.stdout)
    assert out["summary"]["zones_with_hub"] == 0
    assert json.loads(r.zaitaku("status", "--as-of", "2025-07-01", "--format", "json").stdout)[
        "summary"]["zones_with_hub"] == 1


def test_an_absurd_target_year_is_reported_not_a_crash(tmp_path):
    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", designated_on="2025-07-01")})
    r.edit("prefecture.yaml", "last_fiscal_year: 2029", "last_fiscal_year: 99999999")
    for fmt in ("text", "md", "json"):
        proc = r.zaitaku("status", "--as-of", "2026-01-01", "--format", fmt)
        assert proc.returncode == 0
        assert "99999999" in proc.stderr and "範囲外" in proc.stderr
    out = json.loads(r.zaitaku("status", "--as-of", "2026-01-01", "--format", "json").stdout)
    assert out["fiscal_years"] == [] and out["summary"]["zones_with_hub"] == 1
    assert "out of range" in r.zaitaku("status", "--lang", "en").stderr


def test_dates_before_showa(tmp_path):
    r = Repo(tmp_path / "repo", records={"hubs/muroran.yaml": hub("muroran", designated_on="2025-07-01")})
    for fmt in ("text", "md", "json"):
        assert r.zaitaku("status", "--as-of", "1900-01-01", "--format", fmt).returncode == 0
    assert fiscal_year_label(1900) == "1900年度"
    assert fiscal_year_label(1926) == "1926年度" and fiscal_year_label(1927) == "昭和2年度"


def test_names_with_brackets_print_literally(tmp_path):
    """rich markup in a record's name is text, not markup: 室蘭[/] and [bold]拠点 print as written."""
    r = Repo(tmp_path / "repo", records={
        "hubs/muroran.yaml": hub("muroran", name="'室蘭[/]'", designated_on="2025-07-01"),
        "hubs/sapporo.yaml": hub("sapporo", name="'[bold]札幌[/bold]拠点'", designated_on="2025-07-01"),
    })
    r.edit("zones/muroran.yaml", "short_name: 室蘭", "short_name: '室蘭[red]'")
    r.git("add", "-A")
    proc = r.zaitaku("status", "--as-of", "2026-01-01")
    assert proc.returncode == 0, proc.stderr
    assert "室蘭[/]" in proc.stdout and "[bold]札幌[/bold]拠点" in proc.stdout and "室蘭[red]" in proc.stdout


def test_zone_order_is_the_tables_order(repo):
    from zaitaku_cli.check import load_checked
    from zaitaku_cli.status import build_status
    from zaitaku_cli.tables.common import Areas

    registry, _ = load_checked(repo.registry, datetime.date(2026, 6, 30))
    status = build_status(registry, datetime.date(2026, 6, 30))
    assert [z.id for z in status.zones] == [z.id for z in Areas(registry).sorted_zones()] == ZONE_ORDER
    import zaitaku_cli.status.progress as module

    assert not hasattr(module, "_zone_key")
