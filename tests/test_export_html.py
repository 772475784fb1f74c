"""`zaitaku export … --format html` and writers/html.py: the page's structure (lang, charset,
caption, th scope), the same cells as the Markdown table for every table kind, links, dates,
amounts, notes, escaping of everything, and --check."""

from __future__ import annotations

import json
import shutil
import re
from pathlib import Path

import pytest

from html_support import Page, markdown_tables, texts
from run_cli import run_bytes
from test_export_golden import HUB_NOTES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "seed-sample" / "registry"
KUMAMOTO = ROOT / "examples" / "kumamoto" / "registry"
HOSTILE = "<script>alert(1)</script>&amp;\"'"


def zaitaku(*args, cwd=ROOT):
    return run_bytes(args, cwd)


def export(*args, cwd=ROOT) -> tuple[str, str]:
    """(HTML, Markdown) of the same export."""
    code, html_out, err = zaitaku("export", *args, "--format", "html", cwd=cwd)
    assert code == 0, err
    code, md_out, err = zaitaku("export", *args, "--format", "md", cwd=cwd)
    assert code == 0, err
    return html_out.decode("utf-8"), md_out.decode("utf-8")


def assert_same_cells(html_text: str, md_text: str) -> Page:
    """Every table of the page holds the Markdown tables' title, headers, cells, links and notes."""
    page = Page(html_text)
    expected = markdown_tables(md_text)
    assert len(page.tables) == len(expected)
    for got, want in zip(page.tables, expected):
        assert got.caption == want.title
        assert texts(got.head) == want.headers
        assert all(c.tag == "th" and c.attrs.get("scope") == "col" for c in got.head)
        assert [texts(r) for r in got.rows] == [[text for text, _ in row] for row in want.rows]
        assert [[c.links for c in r] for r in got.rows] == [[urls for _, urls in row] for row in want.rows]
        assert got.notes == want.notes
    return page


CASES = [
    ("embedded", ["regional", "--as-of", "2025-12-01"]),
    ("embedded", ["functional", "--as-of", "2025-12-01"]),
    ("embedded", ["hubs", "--include-planned", "--as-of", "2025-07-21"]),
    ("embedded", ["hubs", "--as-of", "2025-12-01", "--lang", "en"]),
    ("embedded", ["pending", "--as-of", "2025-07-21"]),
    ("embedded", ["grants", "--as-of", "2025-12-01"]),
    ("embedded", ["regional", "--as-of", "2025-12-01", "--tertiary-area", "十勝"]),
    ("sample", ["regional", "--as-of", "2025-12-01"]),
    ("sample", ["functional", "--as-of", "2025-12-01"]),
    ("sample", ["hubs", "--include-planned", "--as-of", "2025-12-01"]),
    ("kumamoto", ["grants", "--as-of", "2025-12-01", "--fiscal-year", "2018"]),
    ("kumamoto", ["hubs", "--include-planned", "--as-of", "2025-12-01"]),
]


@pytest.mark.parametrize("where,args", CASES, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_html_cells_are_the_markdown_cells(where, args):
    registry = {"embedded": [], "sample": ["--registry", str(SAMPLE)], "kumamoto": ["--registry", str(KUMAMOTO)]}
    html_text, md_text = export(*args, *registry[where])
    page = assert_same_cells(html_text, md_text)
    assert page.lang == ("en" if "en" in args else "ja")
    assert page.title == page.tables[0].caption
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags


def test_page_head_and_structure_on_the_embedded_registry():
    html_text, _ = export("hubs", "--include-planned", "--as-of", "2025-07-21")
    assert html_text.startswith("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html_text
    assert "@page { size: A4 landscape;" in html_text and "thead { display: table-header-group; }" in html_text
    assert "position: sticky" in html_text and "break-inside: avoid" in html_text
    page = Page(html_text)
    hubs, planned = page.tables
    assert hubs.caption == "在宅医療に必要な連携を担う拠点の指定状況（R7.7.21 現在）"
    assert planned.caption == "指定に向けて（調整状況及び今後の動き）（R7.7.21 現在）"
    # the hub's name names the row; the date is machine-readable
    sapporo = hubs.rows[0]
    assert [c.tag for c in sapporo] == ["td", "td", "th", "td", "td", "td", "td", "td"]
    assert sapporo[2].attrs == {"scope": "row"} and sapporo[2].text == "札幌市在宅医療連携拠点"
    assert sapporo[1].times == ["2025-04-01"] and sapporo[1].text == "令和７年４月１日"
    assert hubs.notes == ["○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。", *HUB_NOTES]
    # the coordination table: the zone names the row
    assert [c.tag for c in planned.rows[0]][:2] == ["td", "th"]


def test_a_bound_date_is_text_and_a_month_is_a_time():
    from zaitaku_cli.tables import DateCell, Table
    from zaitaku_cli.writers import html

    table = Table("t", "T", ["a", "b", "c"], [[DateCell("令和７年８月", "2025-08"),
                                              DateCell("令和７年７月２１日以前", "2025-07-21以前"),
                                              DateCell("不明", "")]])
    page = Page(html.render([table]).decode("utf-8"))
    cells = page.tables[0].rows[0]
    assert [c.times for c in cells] == [["2025-08"], [], []]
    assert texts(cells) == ["令和７年８月", "令和７年７月２１日以前", "不明"]


def test_amounts_are_right_aligned_with_the_yen():
    html_text, _ = export("grants", "--as-of", "2025-12-01", "--fiscal-year", "2018", "--registry", str(KUMAMOTO))
    page = Page(html_text)
    amounts = [c for row in page.tables[0].rows for c in row if c.attrs.get("class") == "yen"]
    assert amounts, "no amount cell"
    budget = [row for row in page.tables[0].rows if row[1].text == "予算額"][0]
    assert budget[5].attrs == {"class": "yen", "data-yen": "14943000"} and budget[5].text == "14,943"
    assert "td.yen { text-align: right;" in html_text


def test_every_cell_kind_title_header_and_note_is_escaped():
    from zaitaku_cli.tables import DateCell, Link, Table, Yen
    from zaitaku_cli.writers import html

    table = Table("t", HOSTILE, [HOSTILE, "b", "c", "d", "e"],
                  [[HOSTILE, Link(HOSTILE, "https://example.jp/?a=1&b=<x>\"y"), Link(HOSTILE, "javascript:alert(1)"),
                    DateCell(HOSTILE, "2025-04-01"), Yen(-6000)]], notes=[HOSTILE], row_header=0)
    text = html.render([table]).decode("utf-8")
    assert "<script>" not in text and "javascript:" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&quot;&#x27;" in text
    page = Page(text)
    assert page.title == HOSTILE and page.tables[0].caption == HOSTILE
    assert texts(page.tables[0].head)[0] == HOSTILE and page.tables[0].notes == [HOSTILE]
    row = page.tables[0].rows[0]
    assert texts(row) == [HOSTILE, HOSTILE, HOSTILE, HOSTILE, "-6"]
    assert row[0].tag == "th" and row[1].links == ["https://example.jp/?a=1&b=<x>\"y"] and row[2].links == []
    assert row[3].times == ["2025-04-01"] and row[4].attrs["data-yen"] == "-6000"
    assert page.tags.count("script") == 0


@pytest.mark.parametrize("url,kept", [
    ("https://www.iryou.teikyouseido.mhlw.go.jp/x?prefCd=01", True), ("http://example.jp/", True),
    ("HTTPS://EXAMPLE.JP/", True), ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    ("data:text/html,<script>", False), ("//example.jp/", False), ("/relative", False), ("", False),
    ("https://", False), ("https://exa mple.jp/", False), ("https://[::1/", False), ("vbscript:x", False),
    (None, False),
])
def test_only_http_and_https_addresses_become_links(url, kept):
    from zaitaku_cli.writers.html import safe_url

    assert safe_url(url) == (url if kept else None)


def hostile_registry(tmp_path) -> Path:
    """The seed sample with a hostile institution (name, linked institution and nursing station,
    navii_id) and a hostile table title: placeholders for the test only."""
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    source = (SAMPLE / "institutions" / "sample-home-care-clinic.yaml").read_text(encoding="utf-8")
    text = source.replace("id: sample-home-care-clinic", "id: hostile-clinic")
    text = text.replace("name: △△ホームケアクリニック", f"name: {json.dumps('<script>alert(1)</script>医院')}")
    text = re.sub(r'(?m)^navii_id: "\d+"', 'navii_id: "0110123456789"', text)
    assert 'navii_id: "0110123456789"' in text
    text = text.replace("{name: 〇〇内科クリニック,", "{name: \"<img src=x onerror=alert(1)>\",")
    text = text.replace("{name: 訪問看護ステーション〇〇,", "{name: \"<b>訪問看護</b>\",")
    (root / "institutions" / "hostile-clinic.yaml").write_text(text, encoding="utf-8")
    scheme = (root / "prefecture.yaml").read_text(encoding="utf-8")
    title = "    title: 「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別>\n"
    assert title in scheme
    scheme = scheme.replace(title, '    title: "<script>alert(2)</script>一覧 <在宅医療圏別>"\n', 1)
    (root / "prefecture.yaml").write_text(scheme, encoding="utf-8")
    return root


def test_hostile_names_in_a_registry_stay_text(tmp_path):
    root = hostile_registry(tmp_path)
    code, _, err = zaitaku("check", "--registry", str(root), "--as-of", "2025-12-01")
    assert code == 0, err
    for kind in ("regional", "functional"):
        html_text, md_text = export(kind, "--as-of", "2025-12-01", "--registry", str(root))
        assert "<script>" not in html_text and "<img" not in html_text and "<b>" not in html_text
        page = assert_same_cells(html_text, md_text)
        assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
        cells = [c for row in page.tables[0].rows for c in row]
        named = [c for c in cells if c.text.startswith("<script>alert(1)</script>医院")]
        assert len(named) == (1 if kind == "regional" else 4)  # functional: once per function it meets
        assert all(c.tag == "th" and c.links == [
            "https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/S2430/initialize"
            "?prefCd=01&kikanKbn=1&kikanCd=0123456789"] for c in named)
        assert any(c.text.startswith("<img src=x onerror=alert(1)>（函館市）") for c in cells)
    page = Page(export("regional", "--as-of", "2025-12-01", "--registry", str(root))[0])
    assert page.title == page.tables[0].caption == "<script>alert(2)</script>一覧 <在宅医療圏別>（R7.12.1 現在）"


def test_output_file_by_extension_and_check(tmp_path):
    for name in ("hubs.html", "HUBS.HTM"):
        out = tmp_path / name
        code, stdout, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "-o", str(out))
        assert code == 0 and stdout == b"", err
        assert out.read_bytes().startswith(b"<!DOCTYPE html>")
        code, _, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--check", str(out))
        assert code == 0, err
    # deterministic: the same export twice gives the same bytes
    again = tmp_path / "again.html"
    zaitaku("export", "hubs", "--as-of", "2025-07-21", "-o", str(again))
    assert again.read_bytes() == (tmp_path / "hubs.html").read_bytes()
    # another date: stale, with a diff and the command that regenerates it
    code, _, err = zaitaku("export", "hubs", "--as-of", "2025-12-01", "--check", str(tmp_path / "hubs.html"))
    assert code == 1
    assert "は登録簿と一致しません" in err and "R7.7.21" in err and "R7.12.1" in err
    assert f"zaitaku export hubs --as-of 2025-12-01 --format html -o {tmp_path / 'hubs.html'}" in err
    # line ends alone do not count (git autocrlf)
    crlf = tmp_path / "crlf.html"
    crlf.write_bytes((tmp_path / "hubs.html").read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--check", str(crlf))
    assert code == 0 and "内容は一致しています" in err, err
    # a page re-saved as Shift_JIS still declares UTF-8: browsers garble it, so it is stale
    sjis = tmp_path / "sjis.html"
    sjis.write_bytes((tmp_path / "hubs.html").read_text(encoding="utf-8").encode("cp932"))
    code, _, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--check", str(sjis))
    assert code == 1 and "Shift_JIS" in err and "文字化け" in err, err
    # an English page checked without --lang en: said, before the diff
    english = tmp_path / "en.html"
    assert zaitaku("export", "hubs", "--as-of", "2025-07-21", "--lang", "en", "-o", str(english))[0] == 0
    code, _, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--check", str(english))
    assert code == 1 and "このページは英語（--lang en）で書き出したものです" in err, err
    assert zaitaku("export", "hubs", "--as-of", "2025-07-21", "--lang", "en", "--check", str(english))[0] == 0


def test_format_and_extension_must_agree(tmp_path):
    code, _, err = zaitaku("export", "hubs", "--format", "md", "-o", str(tmp_path / "x.html"))
    assert code == 2 and "HTML" in err and not (tmp_path / "x.html").exists()
    code, _, err = zaitaku("export", "hubs", "-o", str(tmp_path / "x.xhtml"), "--lang", "en")
    assert code == 2 and "web page (.html)" in err


def test_html_refused_on_registry_errors(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    (root / "zones" / "hakodate.yaml").write_text("id: hakodate\nname: [\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = zaitaku("export", "regional", "--registry", str(root), "-o", str(out))
    assert code == 1 and "一覧表を作成しません" in err and not out.exists()


def test_the_writer_interface():
    import io

    from zaitaku_cli.tables import Table
    from zaitaku_cli.writers import html, render_files

    table = Table("t", "題", ["見出し"], [["値"]])
    stream = io.BytesIO()
    html.write([table], stream, lang="en")
    assert stream.getvalue() == html.render([table], lang="en")
    assert stream.getvalue().startswith(b'<!DOCTYPE html>\n<html lang="en">')
    [(path, data)] = render_files([table], "html", "x.html", lang="ja")
    assert str(path) == "x.html" and data == html.render([table])


def test_a_table_without_rows_says_so(tmp_path):
    """An empty grid alone reads as a page that failed: a table without rows says there is none."""
    for lang, said in (("ja", "該当するものはありません。"), ("en", "None.")):
        html_text, _ = export("regional", "--as-of", "2025-12-01", "--zone", "東十勝", "--lang", lang)
        page = Page(html_text)
        assert page.tables[0].rows == [] and ("empty", said) in page.paragraphs
    html_text, _ = export("regional", "--as-of", "2025-12-01")
    assert Page(html_text).tables[0].rows and 'class="empty"' not in html_text


def test_dates_and_lists_keep_their_shape(tmp_path):
    """Dates never wrap mid-date, and a long list of linked institutions gets a width of its own
    instead of squeezing the other columns (classes the stylesheet sizes)."""
    html_text, _ = export("regional", "--as-of", "2025-12-01", "--registry", str(SAMPLE))
    assert html_text.count('<td class="list">') == 4  # two institutions, two lists each
    html_text, _ = export("hubs", "--as-of", "2025-12-01")
    assert '<td class="date"><time datetime="2025-04-01">令和７年４月１日</time></td>' in html_text
    assert ".date { white-space: nowrap; }" in html_text and "td.list { min-width: 14em; }" in html_text
