"""The published site in a real browser (issue 15): `zaitaku site` on the embedded registry and on
the seed sample, opened in headless Chromium (tests/browser.py). Every rendered table holds the
Markdown export's cells, row for row and cell for cell, with the same link targets; the sample's
pages link every institution and every linked institution that has a ナビイ id; a screenshot of
the front page is kept with the test's output (its path is printed and recorded as a property).
"""

from __future__ import annotations

import shutil

import pytest

from browser import need_chromium, open_page
from html_support import markdown_tables
from test_export_golden import expected_row_links
from test_site import AS_OF, SAMPLE, zaitaku

TABLES = ("regional", "functional", "hubs", "pending", "grants")


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    need_chromium()
    out = tmp_path_factory.mktemp("browser") / "site"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF)
    assert code == 0, err
    return out


def markdown(kind: str, *args: str) -> list:
    extra = ["--include-planned"] if kind == "hubs" else []
    code, text, err = zaitaku("export", kind, "--as-of", AS_OF, "--format", "md", *extra, *args)
    assert code == 0, err
    return markdown_tables(text)


def assert_renders(page_tables, expected) -> None:
    """The rendered tables are the Markdown tables: caption, header row, body rows, cell texts
    and each cell's link targets."""
    assert [t.caption for t in page_tables] == [t.title for t in expected]
    for got, want in zip(page_tables, expected):
        assert got.row_count == 1 + len(want.rows)
        assert got.cell_counts == [len(want.headers)] * got.row_count
        assert got.texts[0] == want.headers
        assert got.texts[1:] == [[text for text, _ in row] for row in want.rows]
        assert got.hrefs[1:] == [[urls for _, urls in row] for row in want.rows]


@pytest.mark.parametrize("kind", TABLES)
def test_table_pages_render_the_export_cells(embedded_site, kind):
    page = open_page(embedded_site / f"{kind}.html")
    assert page.lang == "ja"
    assert_renders(page.tables, markdown(kind))


@pytest.mark.parametrize("zone", ["sapporo", "obihiro"])
def test_zone_pages_render_the_zone_rows(embedded_site, zone):
    page = open_page(embedded_site / "zones" / f"{zone}.html")
    assert_renders(page.tables, [t for kind in TABLES for t in markdown(kind, "--zone", zone)])


def test_front_page_renders_with_its_chart_and_a_screenshot(embedded_site, tmp_path, record_property):
    shot = tmp_path / "index.png"
    page = open_page(embedded_site / "index.html", screenshot=shot)
    assert page.title == "北海道の在宅医療の指定状況"
    [data] = page.tables  # the chart's numbers, under the chart
    assert data.texts[0] == ["年度", "指定した在宅医療圏", "内訳", "目標", "累計", "評価"]
    assert data.row_count == 1 + 6  # FY2024–FY2029
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    record_property("screenshot", str(shot))
    print(f"front page screenshot: {shot}")


def test_seed_sample_links_every_institution_and_linked_institution(tmp_path):
    """Seed 001's tables link every institution and every linked institution (and station) to
    医療機能情報システム: the sample's records carry placeholder ids for all of them but one
    station, which stays plain text."""
    need_chromium()
    out = tmp_path / "sample"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(SAMPLE))
    assert code == 0, err
    for kind, column in (("regional", 4), ("functional", 4)):
        (table,) = open_page(out / f"{kind}.html").tables
        rows = expected_row_links(kind)
        assert table.row_count == 1 + len(rows)
        for rendered, (name, institutions, stations) in zip(table.hrefs[1:], rows):
            assert rendered[column] == [name[1]]
            assert rendered[-2] == [url for _, url in institutions if url]
            assert rendered[-1] == [url for _, url in stations if url]
        linked = sum(len(cell) for row in table.hrefs[1:] for cell in row)
        assert linked == sum(1 + sum(1 for _, u in i + s if u) for _, i, s in rows)


def test_hostile_names_stay_text_in_the_browser(tmp_path):
    """A name written as markup is shown as the text it is, not run or drawn."""
    need_chromium()
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    clinic = root / "institutions" / "sample-home-care-clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    clinic.write_text(text.replace("name: △△ホームケアクリニック", 'name: "<script>document.title=1</script>医院"', 1),
                      encoding="utf-8")
    out = tmp_path / "site"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(root))
    assert code == 0, err
    page = open_page(out / "regional.html")
    assert page.title != "1"
    names = [row[4] for row in page.tables[0].texts[1:]]
    assert "<script>document.title=1</script>医院（函館市）" in names
