"""The headless-Chromium harness (tests/browser.py) on a page the test writes itself: rendered
rows and cells, the caption, link targets, a cell whose text is markup staying text, and a PNG
screenshot. In CI (CI=true) a missing Chromium fails these tests; locally it skips them."""

from __future__ import annotations

import html
import os

import pytest

import browser
from browser import need_chromium, open_page

SCRIPT_NAME = "<script>alert(1)</script>クリニック"
NAVII = "https://www.iryou.teikyouseido.mhlw.go.jp/znk-web/juminkanja/S2430/initialize?prefCd=01&kikanKbn=1&kikanCd=0000000001"

PAGE = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>試験の表</title>
<style>.hidden {{ display: none; }}</style></head>
<body>
<table>
<caption>第●表 試験の表（R7.12.1 現在）</caption>
<thead><tr><th scope="col">医療機関名</th><th scope="col">連携している医療機関</th><th scope="col">備考</th></tr></thead>
<tbody>
<tr><td><a href="{html.escape(NAVII)}">〇〇訪問診療クリニック（函館市）</a></td>
    <td><a href="https://example.org/a">〇〇内科クリニック（函館市）</a>、<a href="https://example.org/b">〇〇医院（森町）</a>、××診療所（鹿部町）</td>
    <td></td></tr>
<tr><td>{html.escape(SCRIPT_NAME)}</td><td></td><td>名前はそのまま文字</td></tr>
<tr class="hidden"><td>表示されない行</td><td></td><td></td></tr>
</tbody>
</table>
<table><tr><td>二つ目</td></tr></table>
</body></html>
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    need_chromium()
    out = tmp_path_factory.mktemp("browser")
    path = out / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return open_page(path, screenshot=out / "page.png"), out / "page.png"


def test_page_title_and_lang(rendered):
    page, _ = rendered
    assert (page.title, page.lang) == ("試験の表", "ja")


def test_rendered_rows_and_cells(rendered):
    page, _ = rendered
    assert len(page.tables) == 2
    table = page.tables[0]
    assert table.caption == "第●表 試験の表（R7.12.1 現在）"
    assert table.row_count == 3  # the header row and two shown rows; display:none is not rendered
    assert table.cell_counts == [3, 3, 3]
    assert [c.tag for c in table.rows[0]] == ["th", "th", "th"]
    assert table.texts == [
        ["医療機関名", "連携している医療機関", "備考"],
        ["〇〇訪問診療クリニック（函館市）", "〇〇内科クリニック（函館市）、〇〇医院（森町）、××診療所（鹿部町）", ""],
        [SCRIPT_NAME, "", "名前はそのまま文字"],
    ]
    assert page.tables[1].texts == [["二つ目"]] and page.tables[1].caption is None


def test_link_targets(rendered):
    page, _ = rendered
    assert page.tables[0].hrefs == [
        [[], [], []],
        [[NAVII], ["https://example.org/a", "https://example.org/b"], []],
        [[], [], []],
    ]


def test_script_name_stays_text(rendered):
    page, _ = rendered
    cell = page.tables[0].rows[2][0]
    assert cell.text == SCRIPT_NAME and cell.hrefs == ()


def test_screenshot_is_a_png(rendered):
    _, png = rendered
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get"):
        need_chromium()
    with pytest.raises(RuntimeError, match="/nonexistent/chromium"):
        open_page("page.html")


def test_missing_chromium_skips_locally(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get update && apt-get install"):
        need_chromium()


def test_missing_japanese_font_fails_in_ci(monkeypatch):
    """Without a Japanese font every Japanese character renders as a box: the screenshot of the
    front page would show nothing readable, so CI must install one (fonts-ipafont-gothic)."""
    monkeypatch.setattr(browser, "_japanese_font", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no Japanese font.*fonts-ipafont-gothic"):
        need_chromium()

