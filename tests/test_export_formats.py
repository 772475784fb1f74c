"""`zaitaku export` output formats: CSV for Excel (BOM, CRLF, defused cells, cp932 refusal),
XLSX (string cells only, bold frozen header), Markdown (escaping, ナビイ links)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from zaitaku_cli.check import load_checked
from zaitaku_cli.tables import Link, Links, Table, build
from zaitaku_cli.writers import EncodingRefused, csv_writer, defuse, markdown, xlsx

# their English (tables.hubs.notes_en)
HUB_NOTES_EN = [
    "* Joint implementing body: where a municipality is the implementing body and runs the project together with the "
    "body it commissions for the home medical and long-term care coordination project (a county or city medical "
    "association, etc.), that body can be designated.",
    "* Core hub and area hubs: in a home-care zone of more than 100,000 people, a core hub that works for the whole "
    "zone, and area hubs that run the project in their own areas in liaison with the core hub and the other areas, can "
    "be set up so that the zone works as one.",
]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "seed-sample" / "registry"
ZAITAKU = Path(sys.executable).parent / "zaitaku"
AS_OF = "2024-12-31"
NAVII = ("https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/S2430/initialize"
         "?prefCd=01&kikanKbn=2&kikanCd=0116711805")

# Cells a spreadsheet would run as formulas; each starts a cell of the regional table.
HOSTILE_NAME = '=HYPERLINK("http://x")'
HOSTILE_LINKED = "＝1+2"  # full-width: NFKC makes it =1+2
HOSTILE_NURSING = "-1"
HOSTILE_NAME_2 = "@SUM(A1:A2)"


def institution(record_id, name, **fields) -> str:
    data = {
        "id": record_id, "name": name, "operator": None, "navii_id": None, "municipality": "012025",
        "zone": "hakodate", "kind": "zaitaku_clinic", "intent": True,
        "requirements": {"after_hours_support": True, "care_coordination": True, "family_support_referral": True,
                         "training": False, "disaster_plan": False},
        "linked_institutions": [], "linked_nursing_stations": [],
        "designation": {"status": "designated", "designated_on": "2024-10-01", "withdrawn_on": None},
    }
    data.update(fields)
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


def make_registry(tmp_path, records: dict[str, str]) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    for record_id, text in records.items():
        (root / "institutions" / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    return root


def zaitaku(*args, cwd=None):
    proc = subprocess.run([str(ZAITAKU), *args], capture_output=True, cwd=cwd)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return proc.returncode, proc.stdout, stderr


@pytest.fixture
def hostile(tmp_path):
    return make_registry(tmp_path, {
        "hostile-a": institution("hostile-a", HOSTILE_NAME,
                                 linked_institutions=[{"name": HOSTILE_LINKED, "municipality": "012025"}],
                                 linked_nursing_stations=[{"name": HOSTILE_NURSING, "municipality": None}]),
        "hostile-b": institution("hostile-b", HOSTILE_NAME_2, municipality=None),
    })


# --- defusing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("＝1+2", "'＝1+2"),  # the prefix goes on the original text, which is kept
    ("－1", "'－1"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    ("+81", "'+81"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("〇〇クリニック（函館市）", "〇〇クリニック（函館市）"),
    ("a=1", "a=1"),
    ("", ""),
    ("○", "○"),
])
def test_defuse(text, expected):
    assert defuse(text) == expected


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_defuses_formula_cells(hostile):
    code, out, err = zaitaku("export", "regional", "--format", "csv", "--registry", str(hostile), "--as-of", AS_OF)
    assert code == 0, err
    rows = csv_rows(out)
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://x")（函館市）' in cells
    assert "'＝1+2（函館市）" in cells
    assert "'-1" in cells
    assert "'@SUM(A1:A2)" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")), cell


def test_xlsx_has_no_formulas(hostile, tmp_path):
    out = tmp_path / "regional.xlsx"
    code, _, err = zaitaku("export", "regional", "--registry", str(hostile), "--as-of", AS_OF, "-o", str(out))
    assert code == 0, err
    workbook = openpyxl.load_workbook(out)
    sheet = workbook.worksheets[0]
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if cell.value is not None:
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                values.append(cell.value)
    for hostile_text in ('=HYPERLINK("http://x")（函館市）', "＝1+2（函館市）", "-1", "@SUM(A1:A2)"):
        assert "'" + hostile_text in values
    assert not any(v.startswith(("=", "+", "-", "@", "＝")) for v in values)


def test_xlsx_header_bold_and_frozen(tmp_path):
    out = tmp_path / "hubs.xlsx"
    code, _, err = zaitaku("export", "hubs", "--include-planned", "--as-of", "2025-07-21", "-o", str(out),
                           cwd=ROOT)
    assert code == 0, err
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["拠点の指定状況", "指定に向けた調整状況"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1] if cell.value is not None)
        assert not sheet.merged_cells.ranges
    hubs = workbook["拠点の指定状況"]
    assert hubs["A1"].value == "在宅医療圏（構成市町村）"
    assert hubs["B2"].value == "令和７年４月１日" and hubs["B2"].data_type == "s"
    assert hubs["A5"].value == "○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。"  # after an empty row
    assert not any(cell.font.b for cell in hubs[2])
    assert hubs.oddHeader.center.text == "在宅医療に必要な連携を担う拠点の指定状況（R7.7.21 現在）"


def test_xlsx_sheet_names_are_short_and_unique():
    tables = [Table("a", "t", ["h"], [], sheet="x" * 40), Table("b", "t", ["h"], [], sheet="x" * 40),
              Table("c", "t", ["h"], [], sheet="a/b:c")]
    names = xlsx.sheet_names(tables)
    assert all(len(n) <= 31 for n in names)
    assert len(set(names)) == 3
    assert names[2] == "a_b_c"


def test_xlsx_writes_formula_text_as_string_even_without_defuse():
    """The data type is forced to string: a cell that slipped past defuse still is no formula."""
    data = xlsx.render([Table("t", "t", ["=h"], [["=1+2", "+1"]], sheet="s")])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.data_type for row in sheet.iter_rows() for c in row if c.value] == ["s", "s", "s"]


# --- CSV encoding ------------------------------------------------------------------------------

def test_csv_has_bom_and_crlf():
    code, out, err = zaitaku("export", "hubs", "--format", "csv", "--as-of", "2025-07-21", cwd=ROOT)
    assert code == 0, err
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.count(b"\r\n") == 3 and out.count(b"\n") == 3  # header + 2 rows, every line CRLF
    assert "札幌市在宅医療連携拠点".encode("utf-8") in out


def test_csv_utf8_without_bom(tmp_path):
    code, out, err = zaitaku("export", "hubs", "--format", "csv", "--encoding", "utf-8", "--as-of", "2025-07-21",
                             cwd=ROOT)
    assert code == 0, err
    assert not out.startswith(b"\xef\xbb\xbf") and out.startswith("在宅医療圏".encode("utf-8"))


def test_cp932_writes_shift_jis(tmp_path):
    out = tmp_path / "hubs.csv"
    code, _, err = zaitaku("export", "hubs", "--encoding", "cp932", "--as-of", "2025-07-21", "-o", str(out),
                           cwd=ROOT)
    assert code == 0, err
    text = out.read_bytes().decode("cp932")
    assert "令和" not in text and "2025-04-01" in text and "（一社）札幌市医師会" in text


def test_cp932_refuses_and_names_every_character(tmp_path):
    root = make_registry(tmp_path, {
        "yoshi": institution("yoshi", "𠮷田クリニック",
                             linked_institutions=[{"name": "¥内科", "municipality": "012025"},
                                                  {"name": "𠮷野医院", "municipality": None}]),
    })
    out = tmp_path / "out.csv"
    code, _, err = zaitaku("export", "regional", "--encoding", "cp932", "--registry", str(root), "--as-of", AS_OF,
                           "-o", str(out))
    assert code == 1
    assert not out.exists()
    assert "cp932" in err
    assert "U+20BB7" in err and "𠮷" in err
    assert "U+00A5" in err and "¥" in err
    assert "医療機関名" in err and "連携している医療機関" in err
    assert list(tmp_path.glob(".out.csv.*")) == []  # no temporary file left behind


def test_csv_refusal_collects_all_tables():
    tables = [Table("a", "A", ["h"], [["𠮷"]]), Table("b", "B", ["h"], [["ok"], ["x¥"]])]
    with pytest.raises(EncodingRefused) as info:
        csv_writer.render(tables, "cp932")
    assert [(p[0], p[1], p[3]) for p in info.value.problems] == [("A", 2, "𠮷"), ("B", 3, "¥")]


# --- Markdown ----------------------------------------------------------------------------------

def test_markdown_escapes_pipes_and_markup():
    assert markdown.escape("A|B") == "A\\|B"
    assert markdown.escape("*a* _b_ `c` [d] ~e~ \\") == "\\*a\\* \\_b\\_ \\`c\\` \\[d\\] \\~e\\~ \\\\"
    assert markdown.escape("<script>x</script>") == "\\<script>x\\</script>"
    assert markdown.escape("<在宅医療圏別>") == "<在宅医療圏別>"  # not a tag: kept readable
    assert markdown.escape("a\nb\r\nc") == "a b c"
    assert markdown.escape("&amp;") == "\\&amp;"


def test_markdown_table_keeps_its_columns(tmp_path):
    root = make_registry(tmp_path, {"pipe": institution("pipe", "A|B診療所",
                                                         linked_institutions=[{"name": "C|D", "municipality": None}])})
    code, out, err = zaitaku("export", "regional", "--registry", str(root), "--as-of", AS_OF)
    assert code == 0, err
    text = out.decode("utf-8")
    row = next(line for line in text.splitlines() if "A\\|B" in line)
    assert "A\\|B診療所（函館市）" in row and "C\\|D" in row
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    assert len(cells) == 12


def test_markdown_links_names_to_navii(tmp_path):
    root = make_registry(tmp_path, {"linked": institution("linked", "ナビイ診療所", navii_id="0120116711805"),
                                    "odd-id": institution("odd-id", "番号違い診療所", navii_id="abc")})
    code, out, err = zaitaku("export", "regional", "--registry", str(root), "--as-of", AS_OF)
    assert code == 0, err
    text = out.decode("utf-8")
    assert f"| [ナビイ診療所（函館市）]({NAVII}) |" in text
    assert "| 番号違い診療所（函館市） |" in text
    assert "odd-id" in err and "navii_id" in err  # a warning, not a silent drop
    code, out, _ = zaitaku("export", "regional", "--format", "csv", "--registry", str(root), "--as-of", AS_OF)
    assert "ナビイ診療所（函館市）" in [c for row in csv_rows(out) for c in row]  # CSV: the text only
    assert b"https://" not in out


def set_navii_url(root, value: str) -> None:
    """prefecture.yaml's `tables.navii_url` written as `value` (YAML)."""
    prefecture = root / "prefecture.yaml"
    text = prefecture.read_text(encoding="utf-8")
    start = text.index("  navii_url:")
    end = text.index("\n", start)
    prefecture.write_text(text[:start] + f"  navii_url: {value}" + text[end:], encoding="utf-8")


def test_markdown_without_navii_template_has_no_links(tmp_path):
    root = make_registry(tmp_path, {"linked": institution("linked", "ナビイ診療所", navii_id="0120116711805")})
    set_navii_url(root, "null")
    code, out, err = zaitaku("export", "regional", "--registry", str(root), "--as-of", AS_OF)
    assert code == 0, err
    assert "| ナビイ診療所（函館市） |" in out.decode("utf-8") and "](" not in out.decode("utf-8")


def test_an_id_that_makes_no_address_is_linked_in_no_format_and_told_by_the_check(tmp_path):
    """With a template of the whole id, an id with a space fills it but makes no address: every
    format prints the name without a link (Markdown linked it, HTML did not), and `zaitaku check`
    says so at the id (institution-navii-id), as for a 12-digit id."""
    root = make_registry(tmp_path, {"spaced": institution("spaced", "空白診療所", navii_id="01 2019")})
    set_navii_url(root, '"https://example.jp/{navii_id}"')
    for fmt in ("md", "html"):
        code, out, err = zaitaku("export", "regional", "--format", fmt, "--registry", str(root), "--as-of", AS_OF)
        text = out.decode("utf-8")
        assert code == 0 and "空白診療所（函館市）" in text and "navii_id「01 2019」" in err, (fmt, err)
        assert "空白診療所（函館市）](" not in text and "空白診療所（函館市）</a>" not in text
    code, out, _ = zaitaku("check", "--registry", str(root), "--as-of", AS_OF, "--format", "json")
    assert ("institution-navii-id", "navii_id") in [(f["code"], f["path"]) for f in json.loads(out)["findings"]]


def test_link_cell_text_in_all_writers():
    table = Table("t", "T", ["名"], [[Link("名（市）", "https://example.invalid/?a=1&b=2")], [Link("無", None)]])
    assert "[名（市）](https://example.invalid/?a=1&b=2)" in markdown.render([table]).decode()
    assert "| 無 |" in markdown.render([table]).decode()
    assert csv_rows(csv_writer.render([table])[0]) == [["名"], ["名（市）"], ["無"]]


def test_markdown_links_linked_institutions_and_stations_one_by_one(tmp_path):
    """Seed 001 links every linked institution: each item with a navii_id is its own link within
    the 、-joined cell, names escaped inside the link; an id that gives no address is a warning
    naming the file and the item, and that item stays text."""
    other = NAVII.replace("0116711805", "0116711806")
    root = make_registry(tmp_path, {"partnered": institution(
        "partnered", "連携元診療所",
        linked_institutions=[{"name": "A|B医院", "municipality": "012025", "navii_id": "0120116711805"},
                             {"name": "番号なし医院", "municipality": None},
                             {"name": "番号違い医院", "municipality": "012025", "navii_id": "abc"}],
        linked_nursing_stations=[{"name": "訪問看護ステーション*", "municipality": "012025",
                                  "navii_id": "0120116711806"}])})
    code, out, err = zaitaku("export", "regional", "--registry", str(root), "--as-of", AS_OF)
    assert code == 0, err
    row = next(line for line in out.decode("utf-8").splitlines() if "連携元診療所" in line)
    assert row.endswith(f" | [A\\|B医院（函館市）]({NAVII})、番号なし医院、番号違い医院（函館市）"
                        f" | [訪問看護ステーション\\*（函館市）]({other}) |")
    assert "partnered.yaml: linked_institutions[2]" in err and "'abc'" in err
    code, out, err = zaitaku("export", "functional", "--registry", str(root), "--as-of", AS_OF)
    assert code == 0 and f"[A\\|B医院（函館市）]({NAVII})" in out.decode("utf-8")
    assert err.count("linked_institutions[2]") == 1  # once per record, not once per function row
    code, out, _ = zaitaku("export", "regional", "--format", "csv", "--registry", str(root), "--as-of", AS_OF)
    row = next(r for r in csv_rows(out) if r[4] == "連携元診療所（函館市）")
    assert row[-2:] == ["A|B医院（函館市）、番号なし医院、番号違い医院（函館市）", "訪問看護ステーション*（函館市）"]


def test_links_cell_in_all_writers():
    cell = Links((Link("甲（市）", "https://example.invalid/?a=1&b=2"), "乙", Link("丙", None)))
    table = Table("t", "T", ["名", "空"], [[cell, Links()]])
    assert "| [甲（市）](https://example.invalid/?a=1&b=2)、乙、丙 |  |" in markdown.render([table]).decode()
    assert csv_rows(csv_writer.render([table])[0]) == [["名", "空"], ["甲（市）、乙、丙", ""]]
    sheet = next(iter(xlsx.read_values(xlsx.render([table])).values()))
    assert sheet[:2] == [["名", "空"], ["甲（市）、乙、丙"]]


def test_english_headers(tmp_path):
    registry, _ = load_checked(ROOT / "registry", datetime.date.today())
    (table,) = build("hubs", registry, datetime.date(2025, 7, 21), lang="en")
    assert table.headers[:3] == ["Home-care zone (municipalities)", "Designated on", "Hub"]
    assert table.title == "在宅医療に必要な連携を担う拠点の指定状況 (as of 2025-07-21)"
    assert table.rows[0][1].text == "2025-04-01"
    assert table.notes == ["○ Hubs designated in 2 of the 39 home-care zones.", *HUB_NOTES_EN]
