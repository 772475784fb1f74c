"""The table builders (zaitaku_cli.tables): order, as-of, cells, titles."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from zaitaku_cli.check import load_checked
from zaitaku_cli.tables import DateCell, Link, Links, build, cell_text

# seed 004's two ※ notes under its hub table (registry/prefecture.yaml tables.hubs.notes), after the summary
HUB_NOTES = [
    "※ 共同実施主体：市町村が実施主体となり、在宅医療・介護連携推進事業の委託先である郡市医師会等とともに事業を実施する"
    "場合に、当該委託先を指定できる。",
    "※ 基幹拠点及び区域拠点：人口が10万人を超える在宅医療圏においては、圏域での取組みを一体的に行えるよう圏域全体の包括的な"
    "取組を行う基幹拠点と基幹拠点や他区域との連絡調整を行いながら自地域において、事業に取り組む区域拠点を設けることができる。",
]

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED = ROOT / "registry"
TODAY = datetime.date.today()


def dump(data: dict) -> str:
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


def institution(record_id, name, zone, municipality, **fields) -> str:
    data = {
        "id": record_id, "name": name, "municipality": municipality, "zone": zone, "kind": "zaitaku_clinic",
        "intent": True,
        "requirements": {"after_hours_support": True, "care_coordination": {"met": True, "evidence": "調査票"},
                         "family_support_referral": True, "training": None,
                         "disaster_plan": {"met": None, "evidence": None}},
        "designation": {"status": "designated", "designated_on": "2025-04-01"},
    }
    data.update(fields)
    return dump(data)


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    return root


def load(root):
    registry, result = load_checked(root, TODAY)
    assert result.errors == 0, [(f.file, f.code) for f in result.findings if f.severity == "error"]
    return registry


def write(root, kind, record_id, text):
    (root / kind / f"{record_id}.yaml").write_text(text, encoding="utf-8")


def texts(table):
    return [[cell_text(c) for c in row] for row in table.rows]


def test_regional_order_and_cells(root):
    write(root, "institutions", "b-kushiro", institution("b-kushiro", "釧路在宅クリニック", "kushiro", "012068"))
    write(root, "institutions", "a-obihiro", institution("a-obihiro", "帯広在宅クリニック", "obihiro", "012076"))
    write(root, "institutions", "c-hakodate", institution("c-hakodate", "函館在宅クリニック", "hakodate", None))
    write(root, "institutions", "d-kita", institution("d-kita", "北十勝クリニック", "kita-tokachi", "016314"))
    write(root, "institutions", "e-higashi", institution("e-higashi", "東十勝クリニック", "higashi-tokachi", "016438"))
    write(root, "institutions", "f-sapporo-2", institution("f-sapporo-2", "札幌Bクリニック", "sapporo", "011002"))
    write(root, "institutions", "g-sapporo-1", institution("g-sapporo-1", "札幌Aクリニック", "sapporo", "011002"))
    (table,) = build("regional", load(root), datetime.date(2025, 12, 31))
    rows = texts(table)
    # 道南 (函館市) → 道央 (札幌 0104, 室蘭 0109) → 十勝 by zone order (帯広市 1, 東十勝 2, 北十勝 5) → 釧路・根室
    assert [r[4] for r in rows] == ["函館在宅クリニック", "札幌Aクリニック（札幌市）", "札幌Bクリニック（札幌市）",
                                    "本輪西ファミリークリニック（室蘭市）", "帯広在宅クリニック（帯広市）",
                                    "東十勝クリニック（幕別町）", "北十勝クリニック（音更町）", "釧路在宅クリニック（釧路市）"]
    assert rows[0][:4] == ["道南", "南渡島", "函館市", "函館市"]
    assert rows[5][:4] == ["十勝", "十勝", "東十勝", "豊頃町、浦幌町、池田町、幕別町"]
    # true and {met: true} print ○; null and {met: null} print nothing
    assert rows[1][5:10] == ["○", "○", "○", "", ""]
    assert len(table.headers) == 12


def test_regional_as_of(root):
    write(root, "institutions", "late", institution("late", "遅い診療所", "hakodate", "012025", designation={
        "status": "designated", "designated_on": "2025-09"}))
    write(root, "institutions", "gone", institution("gone", "辞退診療所", "hakodate", "012025", designation={
        "status": "withdrawn", "designated_on": "2025-04-01", "withdrawn_on": "2025-09-15"}))
    write(root, "institutions", "soon", institution("soon", "予定診療所", "hakodate", "012025", designation={
        "status": "applied"}))
    registry = load(root)

    def names(day):
        (table,) = build("regional", registry, day)
        return [cell_text(r[4]) for r in table.rows]

    assert "遅い診療所（函館市）" not in names(datetime.date(2025, 9, 29))  # 2025-09: certain from 09-30
    assert "遅い診療所（函館市）" in names(datetime.date(2025, 9, 30))
    assert "辞退診療所（函館市）" in names(datetime.date(2025, 9, 14))
    assert "辞退診療所（函館市）" not in names(datetime.date(2025, 9, 15))
    assert not any("予定診療所" in n for n in names(datetime.date(2030, 1, 1)))
    # 本輪西 is designated by 2025-07-21 (designated_by): it counts from that day
    assert names(datetime.date(2025, 7, 20)) == ["辞退診療所（函館市）"]
    assert names(datetime.date(2025, 7, 21)) == ["辞退診療所（函館市）", "本輪西ファミリークリニック（室蘭市）"]


def test_functional_groups_by_function(root):
    write(root, "institutions", "all", institution("all", "全部診療所", "hakodate", "012025", requirements={
        "after_hours_support": True, "care_coordination": True, "family_support_referral": True,
        "training": True, "disaster_plan": {"met": True, "evidence": "計画"}}))
    (table,) = build("functional", load(root), datetime.date(2025, 12, 31))
    rows = texts(table)
    assert [r[0][:6] for r in rows] == ["他医療機関に", "他医療機関に", "医療・介護・", "医療・介護・",
                                        "家族等へ負担", "家族等へ負担", "在宅医療に関", "災害対応に係"]
    assert [r[4] for r in rows[:2]] == ["全部診療所（函館市）", "本輪西ファミリークリニック（室蘭市）"]
    assert all(r[0] for r in rows)  # the function is repeated on every row


def test_hub_cells(root):
    write(root, "hubs", "hakodate", dump({
        "id": "hakodate", "name": "函館拠点", "zones": ["hakodate"],
        "implementing_bodies": [{"name": "函館市", "type": "municipality"}],
        "joint_bodies": [{"name": "函館市医師会", "type": "medical_association"}],
        "active_institutions": ["hakodate-a", "hakodate-planned"],
        "designation": {"status": "designated", "designated_on": None, "designated_by": "2025-06-30"},
    }))
    write(root, "institutions", "hakodate-a", institution("hakodate-a", "函館A病院", "hakodate", "012025",
                                                          kind="zaitaku_hospital", operator=None))
    write(root, "institutions", "hakodate-planned", institution("hakodate-planned", "函館予定医院", "hakodate",
                                                                "012025", designation={"status": "planned"}))
    (table,) = build("hubs", load(root), datetime.date(2025, 7, 21))
    rows = {cell_text(r[2]): r for r in table.rows}
    hakodate = rows["函館拠点"]
    assert [cell_text(c) for c in hakodate] == ["函館市在宅医療圏", "令和７年６月３０日以前", "函館拠点", "函館市",
                                                "函館市医師会", "―", "―", "函館A病院（在宅療養支援病院）"]
    assert hakodate[1] == DateCell("令和７年６月３０日以前", "2025-06-30以前")
    assert list(rows) == ["函館拠点", "札幌市在宅医療連携拠点", "在宅医療ソリューション会議"]
    assert table.notes == ["○ ３９の在宅医療圏のうち、３つの在宅医療圏で拠点を指定済み。", *HUB_NOTES]


def test_planned_hub_in_coordination_table(root):
    write(root, "hubs", "kushiro", dump({
        "id": "kushiro", "name": "釧路拠点（仮）", "zones": ["kushiro"],
        "implementing_bodies": [{"name": "釧路市医師会", "type": "medical_association"},
                                {"name": "釧路市", "type": "municipality"}],
        "designation": {"status": "coordinating"},
    }))
    write(root, "hubs", "obihiro", dump({"id": "obihiro", "name": "帯広拠点（仮）", "zones": ["obihiro"],
                                         "designation": {"status": "planned"}}))
    _, planned = build("hubs", load(root), datetime.date(2025, 7, 21), include_planned=True)
    rows = {r[1]: r for r in texts(planned)}
    assert rows["釧路"][3] == "釧路市医師会、釧路市"
    assert rows["帯広市"][3] == "帯広拠点（仮）"
    assert rows["函館市"][3:] == ["（調整中）", "（調整中）"]


def test_coordination_table_follows_the_dated_steps(root):
    """With steps: a coordinating record leaves the cell to （調整中）, an applied one is named with ※
    and the legend 「※ 申請書提出済（審査中）」 under the table (seed 004's legend); each as of its day."""
    write(root, "hubs", "kushiro", dump({
        "id": "kushiro", "name": "釧路拠点（仮）", "zones": ["kushiro"],
        "implementing_bodies": [{"name": "釧路市医師会", "type": "medical_association"}],
        "designation": {"status": "applied", "steps": [{"status": "coordinating", "by": "2025-06-30"},
                                                       {"status": "applied", "date": "2025-07-15"}]},
    }))
    write(root, "institutions", "kushiro-a", institution("kushiro-a", "釧路A医院", "kushiro", "012068",
                                                        designation={"status": "applied", "steps": [
                                                            {"status": "applied", "date": "2025-07-21"}]}))

    def kushiro(day):
        _, planned = build("hubs", load(root), day, include_planned=True)
        return {r[1]: r for r in texts(planned)}["釧路"][3:], planned.notes
    cells, notes = kushiro(datetime.date(2025, 6, 29))
    assert cells == ["（調整中）", "（調整中）"]
    assert "、釧路拠点（仮）（令和７年６月３０日以前に調整中）、" in notes[0]  # with the embedded ones (by R7.7.21)
    cells, notes = kushiro(datetime.date(2025, 7, 14))
    assert cells == ["（調整中）", "（調整中）"] and "釧路拠点" not in "".join(notes)
    assert "※ 申請書提出済（審査中）" not in notes
    cells, notes = kushiro(datetime.date(2025, 7, 20))
    assert cells == ["釧路市医師会※", "（調整中）"] and notes[0] == "※ 申請書提出済（審査中）"
    # an institution in coordination is named with （調整中）: it is itself what is coordinated
    write(root, "institutions", "kushiro-b", institution("kushiro-b", "釧路B医院", "kushiro", "012068",
                                                        designation={"status": "coordinating", "steps": [
                                                            {"status": "coordinating", "date": "2025-07-10"}]}))
    cells, notes = kushiro(datetime.date(2025, 7, 20))
    assert cells == ["釧路市医師会※", "釧路B医院（調整中）"]
    cells, notes = kushiro(datetime.date(2025, 7, 9))
    assert cells == ["（調整中）", "（調整中）"]
    cells, notes = kushiro(datetime.date(2025, 7, 21))
    assert cells == ["釧路市医師会※", "釧路A医院※、釧路B医院（調整中）"]
    _, english = build("hubs", load(root), datetime.date(2025, 7, 21), include_planned=True, lang="en")
    assert {r[1]: r for r in texts(english)}["釧路"][3:] == ["釧路市医師会*", "釧路A医院*、釧路B医院 (in coordination)"]
    assert english.notes[0] == "* applied (under review)"
    (root / "institutions" / "kushiro-b.yaml").unlink()
    cells, notes = kushiro(datetime.date(2025, 7, 20))
    assert cells == ["釧路市医師会※", "（調整中）"] and notes[0] == "※ 申請書提出済（審査中）"
    assert kushiro(datetime.date(2025, 7, 21)) == (["釧路市医師会※", "釧路A医院※"], ["※ 申請書提出済（審査中）"])


def test_unknown_note_names_only_the_rows_of_the_area(root):
    """A hub over 室蘭 (designated there) and 釧路: in 室蘭's table (no row) its unknown state is
    not noted; in 釧路's it is."""
    write(root, "hubs", "xhub", dump({
        "id": "xhub", "name": "テスト拠点", "zones": ["muroran", "kushiro"],
        "implementing_bodies": [{"name": "テスト医師会", "type": "medical_association"}],
        "designation": {"status": "planned", "steps": [{"status": "planned", "by": "2025-07-21"}]}}))
    from zaitaku_cli.tables.areas import resolve, restrict

    registry = load(root)
    for zone, noted in (("muroran", False), ("kushiro", True)):
        view = restrict(registry, resolve(registry, "zone", zone))
        _, planned = build("hubs", view, datetime.date(2025, 7, 10), include_planned=True)
        assert ("テスト拠点（令和７年７月２１日以前に予定）" in "".join(planned.notes)) is noted, zone


def test_titles_with_table_numbers(root):
    prefecture = root / "prefecture.yaml"
    text = prefecture.read_text(encoding="utf-8")
    text = text.replace("  regional:\n    number: null", "  regional:\n    number: 12", 1)
    prefecture.write_text(text, encoding="utf-8")
    registry = load(root)
    (regional,) = build("regional", registry, datetime.date(2025, 7, 21))
    assert regional.title == "第12表 「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別>（R7.7.21 現在）"
    (functional,) = build("functional", registry, datetime.date(2019, 5, 1))
    assert functional.title == "「在宅医療において積極的役割を担う医療機関」一覧 <積極的役割の機能別>（R1.5.1 現在）"
    (english,) = build("regional", registry, datetime.date(2025, 7, 21), lang="en")
    assert english.title.startswith("Table 12: 「在宅医療") and english.title.endswith("(as of 2025-07-21)")


def test_navii_link_cells(root):
    write(root, "institutions", "linked", institution("linked", "リンク診療所", "hakodate", "012025",
                                                      navii_id="0110111111111"))
    (table,) = build("regional", load(root), datetime.date(2025, 12, 31))
    cell = table.rows[0][4]
    assert cell == Link("リンク診療所（函館市）", "https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/"
                                            "S2430/initialize?prefCd=01&kikanKbn=1&kikanCd=0111111111")
    assert table.warnings == []



def test_hub_table_links_its_active_institutions(root):
    """Every institution the tables name is linked to its ナビイ page when it has an id (seed 001),
    the hub table's 積極的役割を担う医療機関 too: one link per institution within the cell."""
    write(root, "hubs", "hakodate", dump({
        "id": "hakodate", "name": "函館拠点", "zones": ["hakodate"],
        "implementing_bodies": [{"name": "函館市", "type": "municipality"}],
        "active_institutions": ["hakodate-a", "hakodate-b"],
        "designation": {"status": "designated", "designated_on": "2025-06-30"},
    }))
    write(root, "institutions", "hakodate-a", institution("hakodate-a", "函館A病院", "hakodate", "012025",
                                                          kind="zaitaku_hospital", navii_id="0110111111111"))
    write(root, "institutions", "hakodate-b", institution("hakodate-b", "函館B医院", "hakodate", "012025"))
    (table,) = build("hubs", load(root), datetime.date(2025, 7, 21))
    cell = {cell_text(r[2]): r for r in table.rows}["函館拠点"][-1]
    assert cell == Links((Link("函館A病院（在宅療養支援病院）", "https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/"
                                "juminkanja/S2430/initialize?prefCd=01&kikanKbn=1&kikanCd=0111111111"),
                           "函館B医院（在宅療養支援診療所）"))
    assert cell_text(cell) == "函館A病院（在宅療養支援病院）、函館B医院（在宅療養支援診療所）"
    assert table.warnings == []

# --- review fixes: pending on the as-of date, the note's grammar, よみ order, early dates ------------


def test_planned_and_pending_institutions_are_linked(root):
    """The tables of designations in preparation link an institution with a ナビイ id too: one
    link per institution in the coordination table's 積極的（予定）, the name in the pending table."""
    url = ("https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/S2430/initialize"
           "?prefCd=01&kikanKbn=1&kikanCd=0111111111")
    write(root, "institutions", "hakodate-p", institution("hakodate-p", "函館予定医院", "hakodate", "012025",
                                                          navii_id="0110111111111",
                                                          designation={"status": "planned"}))
    write(root, "institutions", "hakodate-q", institution("hakodate-q", "函館予定診療所", "hakodate", "012025",
                                                          designation={"status": "planned"}))
    registry = load(root)
    _, planned = build("hubs", registry, datetime.date(2025, 7, 21), include_planned=True)
    cell = {cell_text(r[1]): r for r in planned.rows}["函館市"][4]
    assert cell in (Links((Link("函館予定医院", url), "函館予定診療所")), Links(("函館予定診療所", Link("函館予定医院", url))))
    (pending,) = build("pending", registry, datetime.date(2025, 7, 21))
    names = [c for r in pending.rows for c in r if "函館予定" in cell_text(c)]
    assert Link("函館予定医院（函館市）", url) in names and "函館予定診療所（函館市）" in names
    assert planned.warnings == [] and pending.warnings == []

def _hub(record_id, zones, designation, bodies=("試験医師会",)) -> str:
    return dump({"id": record_id, "name": f"{record_id}拠点", "zones": list(zones),
                 "implementing_bodies": [{"name": b, "type": "medical_association"} for b in bodies],
                 "designation": designation})


def test_a_designation_after_the_as_of_date_is_pending_on_that_date(root):
    """On R7.7.21 北見's hub (designated 令和7年8月) was still to come: 拠点（予定） names its implementing
    body, as seed 004 does; an institution designated later is 積極的（予定）, one withdrawn by then is not."""
    write(root, "institutions", "later", institution("later", "後で指定される医院", "obihiro", "012076",
                                                     designation={"status": "designated", "designated_on": "2025-09-01"}))
    write(root, "institutions", "declined", institution("declined", "辞退した医院", "obihiro", "012076", designation={
        "status": "withdrawn", "designated_on": "2025-04-01", "withdrawn_on": "2025-06-30"}))
    write(root, "hubs", "obihiro", _hub("obihiro", ["obihiro"], {"status": "designated", "designated_by": "2025-12-31"},
                                        bodies=("帯広市医師会",)))
    registry = load(root)
    _, planned = build("hubs", registry, datetime.date(2025, 7, 21), include_planned=True)
    rows = {r[1]: r for r in texts(planned)}
    assert rows["北見"][3] == "北星記念病院"
    assert rows["帯広市"][3:] == ["帯広市医師会", "後で指定される医院"]
    # from its date on, the hub is designated and its zone leaves the coordination table
    _, later = build("hubs", registry, datetime.date(2025, 8, 31), include_planned=True)
    assert "北見" not in [r[1] for r in texts(later)]
    assert {r[1]: r for r in texts(later)}["帯広市"][3:] == ["帯広市医師会", "後で指定される医院"]


def test_pending_on_a_date():
    from types import SimpleNamespace

    from zaitaku_cli.dates import PartialDate
    from zaitaku_cli.model import Designation
    from zaitaku_cli.tables.common import counts_as_designated, pending

    day = datetime.date(2025, 7, 21)

    def record(**designation):
        return SimpleNamespace(valid=True, whole=True, designation=Designation(**designation))

    assert pending(record(status="planned"), day)
    assert pending(record(status="applied"), day)
    assert pending(record(status="designated", designated_on=PartialDate(2025, 8)), day)
    assert pending(record(status="designated", designated_on=PartialDate(2025, 7)), day)  # certain from 7/31
    assert pending(record(status="designated"), day)  # no known date
    assert not pending(record(status="designated", designated_on=PartialDate(2025, 7, 21)), day)
    assert counts_as_designated(record(status="designated", designated_on=PartialDate(2025, 7, 21)), day)
    assert pending(record(status="withdrawn", designated_on=PartialDate(2025, 9, 1),
                          withdrawn_on=datetime.date(2026, 1, 1)), day)
    assert not pending(record(status="withdrawn", withdrawn_on=datetime.date(2025, 7, 1)), day)  # declined
    assert not pending(record(status="withdrawn", designated_on=PartialDate(2025, 4, 1),
                              withdrawn_on=datetime.date(2025, 7, 1)), day)
    assert not pending(SimpleNamespace(valid=False, whole=False, designation=Designation("planned")), day)


@pytest.mark.parametrize("covered, ja, en", [
    (0, "○ ３９の在宅医療圏のうち、拠点を指定済みの在宅医療圏はまだない。",
     "○ No hub designated yet in any of the 39 home-care zones."),
    (1, "○ ３９の在宅医療圏のうち、１つの在宅医療圏で拠点を指定済み。", "○ Hubs designated in 1 of the 39 home-care zones."),
    (9, "○ ３９の在宅医療圏のうち、９つの在宅医療圏で拠点を指定済み。", "○ Hubs designated in 9 of the 39 home-care zones."),
    (10, "○ ３９の在宅医療圏のうち、１０の在宅医療圏で拠点を指定済み。", "○ Hubs designated in 10 of the 39 home-care zones."),
    (39, "○ ３９の在宅医療圏のうち、３９の在宅医療圏で拠点を指定済み。", "○ Hubs designated in 39 of the 39 home-care zones."),
])
def test_summary_note_grammar(covered, ja, en):
    from zaitaku_cli.tables.common import summary_note

    assert summary_note(covered, 39, "ja") == ja
    assert summary_note(covered, 39, "en") == en


def test_summary_note_of_built_tables(root):
    registry = load(root)
    (none,) = build("hubs", registry, datetime.date(2025, 1, 1))
    assert none.rows == [] and none.notes == ["○ ３９の在宅医療圏のうち、拠点を指定済みの在宅医療圏はまだない。", *HUB_NOTES]
    for zone in ("hakodate", "obihiro", "kushiro"):
        write(root, "hubs", zone, _hub(zone, [zone], {"status": "designated", "designated_on": "2025-04-01"}))
    (ten,) = build("hubs", load(root), datetime.date(2025, 12, 31))
    assert ten.notes == ["○ ３９の在宅医療圏のうち、１０の在宅医療圏で拠点を指定済み。", *HUB_NOTES]


def test_institutions_in_kana_order_else_by_name(root):
    """よみ (kana) in 五十音順 (hiragana and half-width ｶﾀｶﾅ alike) orders the rows within a zone; an
    institution without one sorts by its name (tests/test_collation.py has the dictionary cases)."""
    for record_id, name, kana in [("a", "渡辺内科", "わたなべないか"), ("b", "青木医院", "ｱｵｷｲｲﾝ"),
                                  ("c", "佐藤クリニック", "サトウクリニック"), ("d", "ひまわり診療所", None),
                                  ("e", "伊藤医院", None)]:
        fields = {"kana": kana} if kana else {}
        write(root, "institutions", f"kana-{record_id}", institution(f"kana-{record_id}", name, "hakodate",
                                                                     "012025", **fields))
    registry = load(root)
    (table,) = build("regional", registry, datetime.date(2025, 12, 31))
    names = [cell_text(r[4]) for r in table.rows if r[2] == "函館市"]
    # アオキ < サトウ < ひまわり (its name, read as ヒマワリ) < ワタナベ < 伊藤 (name: kanji after kana)
    assert names == ["青木医院（函館市）", "佐藤クリニック（函館市）", "ひまわり診療所（函館市）", "渡辺内科（函館市）",
                     "伊藤医院（函館市）"]
    (functional,) = build("functional", registry, datetime.date(2025, 12, 31))
    assert [cell_text(r[4]) for r in functional.rows if r[3] == "函館市"][:5] == names


def test_reading_is_the_kana_else_the_name(root):
    from zaitaku_cli.collation import sort_key
    from zaitaku_cli.tables.common import institution_order, reading

    write(root, "institutions", "kana-padded", institution("kana-padded", "田中内科", "hakodate", "012025",
                                                           kana=" たなかないか "))
    registry = load(root)
    padded, tanaka = registry.institutions["kana-padded"], registry.institutions["tanaka-iin"]
    assert reading(padded) == "たなかないか" and reading(tanaka) == "田中医院"
    assert institution_order(padded)[0] == sort_key("たなかないか")
    # the same よみ: by name (in 五十音順: たなか before 田中), then by id
    same = [("b", "田中内科"), ("c", "たなか内科"), ("a", "田中内科")]
    for record_id, name in same:
        write(root, "institutions", f"tie-{record_id}", institution(f"tie-{record_id}", name, "hakodate", "012025",
                                                                  kana="タナカナイカ"))
    registry = load(root)
    ties = sorted((registry.institutions[f"tie-{i}"] for i, _ in same), key=institution_order)
    assert [r.id for r in ties] == ["tie-c", "tie-a", "tie-b"]
    assert institution_order(ties[1]) == (sort_key("タナカナイカ"), sort_key("田中内科"), "tie-a")


def test_kana_must_be_kana(root):
    write(root, "institutions", "kanji-kana", institution("kanji-kana", "漢字医院", "hakodate", "012025", kana="漢字"))
    _, result = load_checked(root, TODAY)
    assert [(f.code, f.path) for f in result.findings if f.severity == "error"] == [("schema-format", "kana")]


def test_dates_before_showa_do_not_crash(root):
    """--as-of 1900-01-01: the title falls back to ISO (there is no era form before 昭和 here)."""
    registry = load(root)
    (regional,) = build("regional", registry, datetime.date(1900, 1, 1))
    assert regional.title.endswith("（1900-01-01 現在）") and regional.rows == []
    hubs, planned = build("hubs", registry, datetime.date(1900, 1, 1), include_planned=True)
    assert hubs.title.endswith("（1900-01-01 現在）") and planned.title.endswith("（1900-01-01 現在）")
    from zaitaku_cli.tables.common import era_or_iso

    assert era_or_iso(datetime.date(1926, 12, 24), "kanji_fullwidth") == "1926-12-24"
    assert era_or_iso(datetime.date(1926, 12, 25), "kanji_fullwidth") == "昭和元年１２月２５日"


def test_requirement_cells_read_values_as_the_rules_do():
    from zaitaku_cli.rules._requirements import met as rule_met
    from zaitaku_cli.tables.regional import met

    values = {"a": True, "b": {"met": True, "evidence": "x"}, "c": False, "d": None, "e": {"met": None}}
    assert [met(values, k) for k in "abcdef"] == [True, True, False, False, False, False]
    assert all(met(values, k) == (rule_met(values, k) is True) for k in "abcdef")
    import zaitaku_cli.tables.common as common

    assert not hasattr(common, "designated_on") and callable(common.counts_as_designated)
