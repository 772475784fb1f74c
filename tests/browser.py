"""Open a local HTML file in headless Chromium and read back what it rendered (issue 15: the
published tables are checked in a real browser). A helper for tests, not a test module.

Selenium drives Debian's `chromium` through Debian's `chromedriver` (the same package version,
so the driver always fits the browser; nothing is downloaded). `.ci/run` installs both with apt;
on a machine without them `need_chromium()` skips the test locally and fails it in CI.

    from browser import need_chromium, open_page   # tests/ is on sys.path, as for run_cli

    need_chromium()
    page = open_page(tmp_path / "index.html", screenshot=tmp_path / "index.png")
    table = page.tables[0]
    table.caption                     # the <caption>'s innerText
    table.row_count                   # rendered <tr> of the table (header rows too)
    table.cell_counts                 # [cells per row], th and td alike
    table.texts                       # [[innerText of each cell]] per row
    table.hrefs                       # [[[href, …] of each cell]] per row (the attribute as written)
    page.title, page.lang             # <title> and <html lang>

Rows are the table's own (a nested table is a table of its own); hidden rows and cells are
counted only when rendered (display: none is not).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
APT_COMMAND = "apt-get install -y --no-install-recommends chromium chromium-driver fonts-ipafont-gothic"
# Headless, and nothing that would reach the network or keep state between runs.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")
WINDOW = (1280, 900)  # CSS pixels; the screenshot covers the whole page whatever its height

# One round trip: every <table> of the page with its caption, rendered rows and cells, and hrefs.
_READ_TABLES = """
const shown = el => el.getClientRects().length > 0;
return Array.from(document.querySelectorAll('table')).map(table => ({
  caption: table.caption ? table.caption.innerText : null,
  rows: Array.from(table.rows).filter(shown).map(row =>
    Array.from(row.cells).filter(shown).map(cell => ({
      text: cell.innerText,
      tag: cell.tagName.toLowerCase(),
      hrefs: Array.from(cell.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
    }))),
}));
"""


@dataclass(frozen=True)
class Cell:
    text: str  # innerText: what a reader sees (markup never shows as text unless it was text)
    tag: str  # "th" or "td"
    hrefs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    caption: str | None
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def cell_counts(self) -> list[int]:
        return [len(row) for row in self.rows]

    @property
    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]

    @property
    def hrefs(self) -> list[list[list[str]]]:
        return [[list(cell.hrefs) for cell in row] for row in self.rows]


@dataclass(frozen=True)
class Page:
    title: str
    lang: str
    tables: list[Table] = field(default_factory=list)


def chromium_problem() -> str | None:
    """Why headless Chromium cannot run here (None when it can): the browser, its driver,
    selenium or a Japanese font missing (without one, every Japanese character renders as a
    box: the screenshot shows nothing an officer could read)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        return f"{', '.join(missing)} not installed (as root: apt-get update && {APT_COMMAND})"
    if not _japanese_font():
        return f"no Japanese font is installed (as root: apt-get update && {APT_COMMAND})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def _japanese_font() -> bool:
    """fontconfig knows a font that covers Japanese (Chromium finds its fonts through it)."""
    import subprocess

    try:
        listed = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(listed.strip())


def need_chromium() -> None:
    """Skip the calling test when Chromium is missing, naming the apt command; in CI (env
    CI=true) fail it instead, so that a browser test is never skipped there unseen."""
    import pytest

    problem = chromium_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"headless Chromium is required in CI: {problem}")
    pytest.skip(f"headless Chromium not available: {problem}")


def open_page(path, screenshot=None, window: tuple[int, int] = WINDOW) -> Page:
    """Render the local HTML file `path` in headless Chromium and return its tables. With
    `screenshot` (a path), also write a PNG of the whole page there. Raises RuntimeError when
    Chromium cannot run (chromium_problem) and selenium's WebDriverException when it fails."""
    problem = chromium_problem()
    if problem is not None:
        raise RuntimeError(problem)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zaitaku-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={window[0]},{window[1]}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.get(Path(path).resolve().as_uri())
        tables = [Table(t["caption"], tuple(tuple(Cell(c["text"], c["tag"], tuple(c["hrefs"])) for c in row)
                                            for row in t["rows"]))
                  for t in driver.execute_script(_READ_TABLES)]
        page = Page(driver.title, driver.execute_script("return document.documentElement.lang"), tables)
        if screenshot is not None:
            _screenshot(driver, Path(screenshot))
        return page
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _screenshot(driver, path: Path) -> None:
    """The whole page (not only the window), through the DevTools protocol."""
    import base64

    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
