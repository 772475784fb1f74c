"""`zaitaku site DIR`: the file list, the table pages (the cells of `export`), the zone pages,
the progress chart (one bar per fiscal year, accessible text and a data table), relative links
that resolve, byte-identical rebuilds, --at, --lang, and the refusals (registry errors: exit 1;
DIR a file, inside the registry, a folder of other files: exit 2)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from html_support import Page, markdown_tables, texts
from run_cli import run_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "seed-sample" / "registry"
KUMAMOTO = ROOT / "examples" / "kumamoto" / "registry"
AS_OF = "2025-12-01"
TABLE_PAGES = ["functional.html", "grants.html", "hubs.html", "pending.html", "regional.html"]
EMBEDDED_ZONES = ["hakodate", "higashi-tokachi", "kita-tokachi", "kitami", "kushiro", "minami-tokachi",
                  "muroran", "nishi-tokachi", "obihiro", "sapporo"]


def zaitaku(*args, cwd=ROOT):
    code, out, err = run_bytes(args, cwd)
    return code, out.decode("utf-8"), err


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "out"
    code, stdout, err = zaitaku("site", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert stdout == "" and "16 ページを書き出しました" in err
    return out


def test_the_file_list(site):
    assert files(site) == [".zaitaku-site", "functional.html", "grants.html", "hubs.html", "index.html", "pending.html",
                           "regional.html"] + [f"zones/{z}.html" for z in EMBEDDED_ZONES]


def test_every_page_is_self_contained_and_its_links_resolve(site):
    for name in [f for f in files(site) if f.endswith(".html")]:
        text = (site / name).read_text(encoding="utf-8")
        page = Page(text)
        assert page.lang == "ja" and text.startswith("<!DOCTYPE html>\n<html lang=\"ja\">")
        assert '<meta charset="utf-8">' in text and "<style>" in text
        assert not {"script", "link", "img", "iframe"} & set(page.tags), name
        assert "src=" not in text
        for href in page.hrefs:
            if href.startswith("https://"):
                continue
            assert not href.startswith(("/", "http:")), (name, href)
            assert (site / name).parent.joinpath(href).resolve().is_file(), (name, href)


@pytest.mark.parametrize("kind", ["regional", "functional", "hubs", "pending", "grants"])
def test_table_pages_hold_the_export_cells(site, kind):
    args = ["export", kind, "--as-of", AS_OF, "--format", "md"] + (["--include-planned"] if kind == "hubs" else [])
    code, md_text, err = zaitaku(*args)
    assert code == 0, err
    page = Page((site / f"{kind}.html").read_text(encoding="utf-8"))
    expected = markdown_tables(md_text)
    assert [t.caption for t in page.tables] == [t.title for t in expected]
    for got, want in zip(page.tables, expected):
        assert texts(got.head) == want.headers
        assert [texts(r) for r in got.rows] == [[text for text, _ in row] for row in want.rows]
        assert got.notes == want.notes
    nav = [p for p in page.paragraphs if p[0] == "as-of"]
    assert nav == [("as-of", "令和7年12月1日現在")]


@pytest.mark.parametrize("zone", ["obihiro", "higashi-tokachi", "sapporo"])
def test_zone_pages_hold_the_zone_rows(site, zone):
    page = Page((site / "zones" / f"{zone}.html").read_text(encoding="utf-8"))
    expected = []
    for kind in ("regional", "functional", "hubs", "pending", "grants"):
        args = ["export", kind, "--as-of", AS_OF, "--zone", zone, "--format", "md"]
        code, md_text, err = zaitaku(*args + (["--include-planned"] if kind == "hubs" else []))
        assert code == 0, err
        expected += markdown_tables(md_text)
    assert [t.caption for t in page.tables] == [t.title for t in expected]
    for got, want in zip(page.tables, expected):
        assert [texts(r) for r in got.rows] == [[text for text, _ in row] for row in want.rows]
        assert got.notes == want.notes
    assert "../index.html" in page.hrefs and "../regional.html" in page.hrefs


def test_index_page(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.title == "北海道の在宅医療の指定状況"
    # the hub table's own line only: its ※ notes explain that table's columns and stay on its page
    assert [p for p in page.paragraphs if p[0] == "summary"] == [
        ("summary", "○ ３９の在宅医療圏のうち、７つの在宅医療圏で拠点を指定済み。")]
    assert ("", "登録簿に記録のある10の在宅医療圏のページです（39のうち）。") in page.paragraphs
    assert ("as-of", "令和7年12月1日現在") in page.paragraphs
    assert '<time datetime="2025-12-01">' in text
    for name in ["regional.html", "functional.html", "hubs.html", "pending.html", "grants.html"]:
        assert name in page.hrefs
    assert [h for h in page.hrefs if h.startswith("zones/")] == [
        f"zones/{z}.html" for z in ["hakodate", "sapporo", "muroran", "kitami", "obihiro", "higashi-tokachi",
                                    "nishi-tokachi", "minami-tokachi", "kita-tokachi", "kushiro"]]


def test_progress_chart(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    [svg] = page.svg_attrs
    assert svg["role"] == "img" and svg["aria-label"].startswith("年度ごとの拠点を指定した在宅医療圏（目標：39の在宅医療圏、年6～7か所）。")
    assert "令和7年度 7（目標 6–7）" in svg["aria-label"]
    assert page.bars == 6  # FY2024–FY2029 of prefecture.yaml target: one bar per fiscal year
    assert '<title id="chart-title">年度ごとの拠点を指定した在宅医療圏（目標：39の在宅医療圏、年6～7か所）</title>' in text
    assert text.count('class="band"') == 6  # the 6–7 target band of every year
    data = page.tables[0]
    assert data.caption == "グラフの数値：年度ごとの拠点を指定した在宅医療圏（目標：39の在宅医療圏、年6～7か所）"
    assert texts(data.head) == ["年度", "指定した在宅医療圏", "内訳", "目標", "累計", "評価"]
    assert texts(data.rows[1]) == ["令和7年度", "7", "札幌市、室蘭、北見、東十勝、西十勝、南十勝、北十勝", "6–7", "7/39",
                                   "○（年度途中）"]
    assert data.rows[1][0].tag == "th"
    code, status_md, _ = zaitaku("status", "--as-of", AS_OF, "--format", "md")
    assert "| 令和7年度 | 7 | 札幌市、室蘭、北見、東十勝、西十勝、南十勝、北十勝 | 6–7 | 7/39 | ○（年度途中） |" in status_md


def test_chart_of_a_target_in_designations_and_without_target_years():
    from zaitaku_cli.site.chart import figure, svg
    from zaitaku_cli.status.progress import Status, YearRow

    import datetime

    rows = [YearRow(None, "平成29年度以前", [("a", "A")], None, None, 1, "outside"),
            YearRow(2018, "平成30年度", [("b", "B"), ("c", "<C>")], 13, None, 3, "met")]
    status = Status(datetime.date(2019, 4, 1), [], rows, 13, 0, 0, 0, unit="designations", target_total=13)
    drawn = svg(status, "題", "ja")
    assert drawn.count('class="bar"') == 2 and drawn.count('class="target"') == 1 and 'class="band"' not in drawn
    empty = Status(datetime.date(2019, 4, 1), [], [], None, 0, 0, 0)
    assert svg(empty, "題") == "" and "<svg" not in figure(empty, {}, "ja")
    assert "no chart" in figure(empty, {}, "en")


def test_a_target_with_only_a_maximum_reads_the_same_in_the_chart_and_its_table():
    """One formatter for a year's target: 「≤7」 in the bars' words and in the data table alike."""
    import datetime

    from zaitaku_cli.site.chart import description
    from zaitaku_cli.status.progress import Status, YearRow
    from zaitaku_cli.status.render import year_rows

    rows = [YearRow(2025, "令和7年度", [("b", "B")], None, 7, 1, "met")]
    status = Status(datetime.date(2025, 12, 1), [], rows, None, 0, 0, 0)
    assert year_rows(status)[0][3] == "≤7"
    assert "≤7" in description(status)


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    code, _, err = zaitaku("site", str(again), "--as-of", AS_OF)
    assert code == 0, err
    assert files(again) == files(site)
    for name in files(site):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_rebuild_replaces_a_site_and_leaves_no_temporary_folder(tmp_path):
    out = tmp_path / "out"
    assert zaitaku("site", str(out), "--as-of", AS_OF)[0] == 0
    (out / "zones" / "gone.html").write_text("old", encoding="utf-8")  # a page an earlier build wrote
    with open(out / ".zaitaku-site", "a", encoding="utf-8") as manifest:
        manifest.write("zones/gone.html\n")
    code, _, err = zaitaku("site", str(out), "--as-of", "2025-07-21")
    assert code == 0, err
    assert not (out / "zones" / "gone.html").exists()
    assert ("as-of", "令和7年7月21日現在") in Page((out / "index.html").read_text(encoding="utf-8")).paragraphs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_site_title_from_prefecture_yaml(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    scheme = root / "prefecture.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + "\nsite: {title: 函館の在宅医療, title_en: Home care in Hakodate}\n",
                      encoding="utf-8")
    for lang, title in (("ja", "函館の在宅医療"), ("en", "Home care in Hakodate")):
        out = tmp_path / lang
        code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(root), "--lang", lang)
        assert code == 0, err
        assert Page((out / "index.html").read_text(encoding="utf-8")).title == title
        assert Page((out / "regional.html").read_text(encoding="utf-8")).title.endswith(f" | {title}")


def test_english_pages(tmp_path):
    out = tmp_path / "en"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--lang", "en")
    assert code == 0 and "16 pages written" in err, err
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.lang == "en" and page.title == "Home medical care designations: 北海道"
    assert ("as-of", "As of 2025-12-01") in page.paragraphs
    assert page.svg_attrs[0]["aria-label"].startswith(
        "Home-care zones given a hub, by FY (target: 39 zones, 6–7 a year). FY2024: 0 (target 6–7); FY2025: 7")


def test_other_registries(tmp_path):
    out = tmp_path / "kumamoto"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(KUMAMOTO))
    assert code == 0, err
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.title == "熊本県の在宅医療の指定状況" and page.bars >= 1
    out = tmp_path / "sample"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(SAMPLE))
    assert code == 0, err
    assert files(out) == [".zaitaku-site", "functional.html", "grants.html", "hubs.html", "index.html",
                          "pending.html", "regional.html", "zones/hakodate.html"]


def test_at_a_revision(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo / "registry")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", "-C", str(repo)]
    subprocess.run(git[:5] + ["init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "sample"], check=True)
    institution = repo / "registry" / "institutions" / "sample-home-care-clinic.yaml"
    institution.write_text(institution.read_text(encoding="utf-8").replace("name: △△ホームケアクリニック",
                                                                           "name: 作業中の名前"), encoding="utf-8")
    out_head, out_work = tmp_path / "head", tmp_path / "work"
    assert zaitaku("site", str(out_head), "--as-of", AS_OF, "--at", "HEAD", cwd=repo)[0] == 0
    assert zaitaku("site", str(out_work), "--as-of", AS_OF, cwd=repo)[0] == 0
    head, work = (p.joinpath("regional.html").read_text(encoding="utf-8") for p in (out_head, out_work))
    assert "△△ホームケアクリニック" in head and "作業中の名前" not in head
    assert "作業中の名前" in work
    code, _, err = zaitaku("site", str(tmp_path / "x"), "--at", "no-such-rev", cwd=repo)
    assert code == 2 and not (tmp_path / "x").exists()


def test_refused_on_registry_errors(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    (root / "zones" / "hakodate.yaml").write_text("id: hakodate\nname: [\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = zaitaku("site", str(out), "--registry", str(root))
    assert code == 1 and "サイトを作成しません" in err and not out.exists()
    code, _, err = zaitaku("site", str(out), "--registry", str(root), "--lang", "en")
    assert code == 1 and "no site was built" in err


def test_refused_places(tmp_path):
    a_file = tmp_path / "site.html"
    a_file.write_text("x", encoding="utf-8")
    code, _, err = zaitaku("site", str(a_file))
    assert code == 2 and "フォルダではなくファイルです" in err and a_file.read_text(encoding="utf-8") == "x"
    code, _, err = zaitaku("site", str(ROOT / "registry" / "site"))
    assert code == 2 and "登録簿のフォルダの中です" in err and not (ROOT / "registry" / "site").exists()
    code, _, err = zaitaku("site", str(ROOT), "--lang", "en")
    assert code == 2 and "holds the registry folder" in err
    others = tmp_path / "documents"
    others.mkdir()
    (others / "memo.txt").write_text("keep", encoding="utf-8")
    code, _, err = zaitaku("site", str(others))
    assert code == 2 and "zaitaku が書き出していないファイルがあります（memo.txt）" in err and files(others) == ["memo.txt"]
    code, _, err = zaitaku("site", str(tmp_path / "no" / "such" / "out"))
    assert code == 2 and "がありません" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert zaitaku("site", str(empty), "--as-of", AS_OF)[0] == 0 and (empty / "index.html").is_file()


def test_a_failed_write_leaves_the_old_site(tmp_path, monkeypatch):
    from zaitaku_cli.site import output

    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text('<meta name="generator" content="zaitaku">old', encoding="utf-8")
    (out / ".zaitaku-site").write_text(output.MANIFEST_HEAD + "index.html\n", encoding="utf-8")
    real = output.inspect(str(out), ROOT / "registry")

    def broken(staging, pages, real):
        (staging / "index.html").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "_fill", broken)
    with pytest.raises(output.SiteRefused) as caught:
        output.write_site({"index.html": b"new"}, real, str(out))
    assert "容量" in caught.value.message("ja") or "No space" in caught.value.message("en")
    assert files(out) == [".zaitaku-site", "index.html"] and "old" in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_the_build_did_not_write_are_never_lost(tmp_path):
    """The site replaces its folder whole: a file someone put there (a CNAME, .git, a page exported
    by hand, a memo) stops the build, named, and nothing changes; the build's own files do not."""
    out = tmp_path / "out"
    assert zaitaku("site", str(out), "--as-of", AS_OF)[0] == 0
    manifest = (out / ".zaitaku-site").read_text(encoding="utf-8").splitlines()
    assert manifest[0].startswith("# zaitaku site:") and manifest[1:] == [f for f in files(out) if f != ".zaitaku-site"]
    (out / "CNAME").write_text("zaitaku.example.jp", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    before = {name: (out / name).read_bytes() for name in files(out)}
    code, _, err = zaitaku("site", str(out), "--as-of", "2025-07-21")
    assert code == 2 and "zaitaku が書き出していないファイルがあります（.git/HEAD、CNAME）" in err
    assert {name: (out / name).read_bytes() for name in files(out)} == before
    code, _, err = zaitaku("site", str(out), "--lang", "en")
    assert code == 2 and "it holds files zaitaku did not write (.git/HEAD, CNAME)" in err
    # a folder holding one exported page looks like a site, but its other files are not the site's
    docs = tmp_path / "docs"
    docs.mkdir()
    assert zaitaku("export", "regional", "--as-of", AS_OF, "-o", str(docs / "index.html"))[0] == 0
    (docs / "about.html").write_text("<p>about</p>", encoding="utf-8")
    code, _, err = zaitaku("site", str(docs))
    assert code == 2 and "（about.html、index.html）" in err and files(docs) == ["about.html", "index.html"]


def test_a_long_folder_name_and_no_temporary_folders_left(tmp_path):
    out = tmp_path / ("在宅医療の指定状況" * 9)  # 81 characters, 243 bytes: a valid name
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF)
    assert code == 0, err
    assert zaitaku("site", str(out), "--as-of", AS_OF)[0] == 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_an_interrupt_between_the_renames_puts_the_old_site_back(tmp_path, monkeypatch):
    from zaitaku_cli.site import output

    out = tmp_path / "out"
    out.mkdir()
    real = output.inspect(str(out), ROOT / "registry")
    output.write_site({"index.html": b"old"}, real, str(out))
    renames = []

    def rename(src, dst):
        renames.append((src, dst))
        if len(renames) == 2:  # the new folder into place
            raise KeyboardInterrupt
        os.replace(src, dst)

    monkeypatch.setattr(output.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        output.write_site({"index.html": b"new"}, real, str(out))
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_site_is_a_lazy_command():
    from zaitaku_cli.cli import LAZY_COMMANDS

    assert LAZY_COMMANDS["site"] == "zaitaku_cli.commands.site:site"
    source = (ROOT / "zaitaku_cli" / "commands" / "site.py").read_text(encoding="utf-8")
    assert not re.search(r"^from zaitaku_cli\.(site|tables|writers)|^import (openpyxl|yaml)", source, re.M)


def test_hostile_names_stay_text_on_every_page(tmp_path):
    """A prefecture, zone and institution name with markup (placeholders for the test only)."""
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    scheme = root / "prefecture.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace("\nname: 北海道\n", '\nname: "<script>alert(3)</script>道"\n'),
                      encoding="utf-8")
    zone = root / "zones" / "hakodate.yaml"
    zone.write_text(zone.read_text(encoding="utf-8").replace("name: 函館市在宅医療圏", 'name: "<i>函館</i>在宅医療圏"')
                    .replace("short_name: 函館市", 'short_name: "<b>函館</b>"'), encoding="utf-8")
    clinic = root / "institutions" / "sample-home-care-clinic.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8").replace("name: △△ホームケアクリニック",
                                                                 'name: "<img src=x onerror=alert(1)>"'), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(root))
    assert code == 0, err
    for name in files(out):
        text = (out / name).read_text(encoding="utf-8")
        assert not re.search(r"<(script|i|b|img)[ >]", text), name
        assert not {"script", "i", "b", "img"} & set(Page(text).tags), name
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    assert index.title == "<script>alert(3)</script>道の在宅医療の指定状況"
    assert "<i>函館</i>在宅医療圏" in (out / "index.html").read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")
    zone_page = Page((out / "zones" / "hakodate.html").read_text(encoding="utf-8"))
    assert zone_page.title == "<i>函館</i>在宅医療圏 | <script>alert(3)</script>道の在宅医療の指定状況"
    assert any(c.text == "<img src=x onerror=alert(1)>（函館市）" for t in zone_page.tables for r in t.rows for c in r)


def test_a_registry_without_zones(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    for record in [*(root / "zones").glob("*.yaml"), *(root / "institutions").glob("*.yaml")]:
        record.unlink()
    out = tmp_path / "out"
    code, _, err = zaitaku("site", str(out), "--as-of", AS_OF, "--registry", str(root))
    assert code == 0, err
    assert files(out) == [".zaitaku-site", "functional.html", "grants.html", "hubs.html", "index.html", "pending.html",
                          "regional.html"]
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert ("summary", "○ ３９の在宅医療圏のうち、拠点を指定済みの在宅医療圏はまだない。") in page.paragraphs
    assert "ul" not in page.tags[page.tags.index("main"):]
    assert [t.rows for t in Page((out / "regional.html").read_text(encoding="utf-8")).tables] == [[]]
