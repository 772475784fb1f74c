"""`zaitaku status` as text never breaks a phrase (it wrapped `両方そろった在宅医療圏: ⏎1/39` at 80
columns, and folded names and headers in the middle of a word in the table cells).

- Into a pipe or a file: no width at all; each table a grid, one line per row and per total (grep).
- In a terminal: each table a grid when it fits unwrapped, else a block per row
  (`name`, then `  header: value`); titles and totals break only between phrases, a phrase
  between its atoms (label | value | list items) only when it does not fit a line of its own.
Run in a real pseudo-terminal of 40, 80 and 200 columns (COLUMNS set as a shell sets it)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import termios

import pytest
from rich.cells import cell_len

from registry_builder import EMBEDDED
from run_cli import ZAITAKU, assert_no_traceback
from zaitaku_cli.status.render import fill

AS_OF = ["--as-of", "2026-06-30"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TOKACHI = "とかち在宅医療連携拠点（東十勝・西十勝・南十勝・北十勝）"


def _env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "COLUMNS", "LINES", "NO_COLOR")}
    env.update({"PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8", **extra})
    return env


def in_terminal(args, cwd, columns: int) -> list[str]:
    """The lines `zaitaku ARGS` shows in a pseudo-terminal `columns` wide (colour codes removed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([str(ZAITAKU), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=_env(COLUMNS=str(columns)))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "Traceback" not in text + stderr
    return ANSI.sub("", text).splitlines()


def in_a_pipe(args, cwd, **env) -> list[str]:
    proc = subprocess.run([str(ZAITAKU), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env=_env(**env), timeout=60)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    base = tmp_path_factory.mktemp("status-layout")
    shutil.copytree(EMBEDDED, base / "registry")
    return base


# Phrases of the embedded registry's status as of 2026-06-30 that must each stand on one line.
PHRASES_JA = [
    "在宅医療圏ごとの指定状況", "（2026-06-30現在）", "年度ごとの拠点を指定した在宅医療圏", "（目標：39の在宅医療圏、年6～7か所）",
    "札幌市在宅医療連携拠点", "在宅医療ソリューション会議", "北見在宅医療圏連携拠点センター", TOKACHI,
    "拠点・医療機関なし", "年度途中（目標まであと6）", "目標に6不足", "積極的役割を担う医療機関",
    "指定した在宅医療圏", "7/39 在宅医療圏で拠点を指定済み", "両方そろった在宅医療圏: 1/39",
    "registry/zones/ に記録されている在宅医療圏:", "積極的役割を担う医療機関を指定済みの在宅医療圏:",
    "第三次医療圏ごとの指定状況", "（在宅医療圏の数: 指定済み／記録済み）", "指定できる積極的役割を担う医療機関",
    "要件不明の積極的役割を担う医療機関", "（未指定、2026-06-30現在）", "0（予定 3）", "拠点の準備中",
    "拠点の指定を準備中の在宅医療圏:", "申請書提出済（審査中） 0", "準備中の積極的役割を担う医療機関:",
    "未指定の積極的役割を担う医療機関:", "要件を満たす 0、", "要件不明 3",
]
PHRASES_EN = [
    "Designations per home-care zone", "(as of 2026-06-30)", "Home-care zones given a hub, by FY",
    "(target: 39 zones, 6–7 a year)", TOKACHI, "no hub or institution", "in progress (6 to go)",
    "Active-role institutions", "Zones given a hub", "Hubs designated in 7/39 home-care zones", "both in 1/39.",
    "Zones recorded in registry/zones/:", "Active-role institutions designated in 1/39 zones;",
    "Designations per tertiary area", "(home-care zones designated/recorded)", "Eligible active-role institutions",
    "not yet designated", "Unknown eligibility:", "0 (planned 3)", "Hub in preparation",
    "Home-care zones with a hub pending:", "applied (under review) 0.", "Active-role institutions pending:",
    "Undesignated active-role institutions:", "eligible 0,", "eligibility unknown 3.",
]


def _whole(lines, phrases):
    broken = [p for p in phrases if not any(p in line for line in lines)]
    assert not broken, "broken phrases: " + repr(broken) + "\n" + "\n".join(lines)


def _too_wide(lines, width):
    """Lines wider than the terminal (what the terminal would fold), their indent stripped."""
    return sorted({line.strip() for line in lines if cell_len(line) > width})


@pytest.mark.parametrize("lang, phrases", [("ja", PHRASES_JA), ("en", PHRASES_EN)])
@pytest.mark.parametrize("columns", [40, 80, 200])
def test_a_terminal_never_breaks_a_phrase(embedded, columns, lang, phrases):
    lines = in_terminal(["status", *AS_OF, "--lang", lang], embedded, columns)
    _whole(lines, phrases)
    assert all(line == line.rstrip() for line in lines)  # no padding to the terminal's width
    # Each table is a grid where it fits: the zone and year tables need about 140 and 125 columns,
    # the table of institutions of unknown eligibility about 75.
    headers = {"ja": ("┃ 在宅医療圏 ┃ 第三次医療圏 ┃ 拠点", "┃ 年度", "┃ 在宅医療圏 ┃ 積極的役割を担う医療機関 ┃ 段階"),
               "en": ("┃ Home-care zone ┃ Tertiary area ┃ Hubs", "┃ Fiscal year",
                      "┃ Home-care zone ┃ Active-role institution  ┃ Step")}[lang]
    grids = [any(line.startswith(h) for line in lines) for h in headers]
    assert grids == [columns == 200, columns == 200, columns >= 80]
    # Only a single atom wider than the terminal may exceed it, alone on its line.
    wide = _too_wide(lines, columns)
    if columns == 40:
        expected = {TOKACHI, "積極的役割を担う医療機関を指定済みの在宅医療圏:", "registry/zones/ に記録されている在宅医療圏:",
                    "Active-role institutions designated in 1/39 zones;"}
        assert set(wide) <= expected, wide
    else:
        assert wide == []


def test_the_issue_line_at_80_columns(embedded):
    """Exactly what an officer sees under the tables at 80 columns."""
    lines = in_terminal(["status", *AS_OF], embedded, 80)
    assert lines[-7:] == ["7/39 在宅医療圏で拠点を指定済み（2026-06-30現在）",
                          "積極的役割を担う医療機関を指定済みの在宅医療圏: 1/39、",
                          "  両方そろった在宅医療圏: 1/39",
                          "registry/zones/ に記録されている在宅医療圏: 10/39",
                          "拠点の指定を準備中の在宅医療圏: 予定 0、調整中 0、申請書提出済（審査中） 0",
                          "準備中の積極的役割を担う医療機関: 予定 3、調整中 0、申請書提出済（審査中） 0",
                          "未指定の積極的役割を担う医療機関: 要件を満たす 0、要件不明 3"]
    start = lines.index("東十勝")
    assert lines[start:start + 5] == ["東十勝", "  第三次医療圏: 十勝", f"  拠点: {TOKACHI}", "  積極的役割を担う医療機関: 0",
                                      "  状況: 医療機関なし"]
    start = lines.index("北見")
    assert lines[start:start + 5] == ["北見", "  第三次医療圏: オホーツク", "  拠点: 北見在宅医療圏連携拠点センター",
                                      "  積極的役割を担う医療機関: 0（予定 3）", "  状況: 医療機関なし"]
    start = lines.index("十勝")
    assert lines[start:start + 6] == ["十勝", "  在宅医療圏: 帯広市、東十勝、西十勝、南十勝、北十勝", "  拠点: 4/5",
                                      "  積極的役割を担う医療機関: 0/5", "  両方: 0/5", "  拠点の準備中: —"]
    start = lines.index("指定できる積極的役割を担う医療機関（未指定、2026-06-30現在）")
    assert lines[start + 1] == "  —"  # no rows: a dash, not an empty grid
    start = lines.index("令和7年度")
    assert lines[start:start + 6] == ["令和7年度", "  指定した在宅医療圏: 7",
                                      "  内訳: 札幌市、室蘭、北見、東十勝、西十勝、南十勝、北十勝",
                                      "  目標: 6–7", "  累計: 7/39", "  評価: ○"]


def test_at_40_columns_lists_break_between_items_and_labels_before_values(embedded):
    lines = in_terminal(["status", *AS_OF], embedded, 40)
    start = lines.index("令和7年度")
    assert lines[start:start + 4] == ["令和7年度", "  指定した在宅医療圏: 7", "  内訳: 札幌市、室蘭、北見、東十勝、",
                                      "    西十勝、南十勝、北十勝"]
    start = lines.index("東十勝")
    assert lines[start:start + 4] == ["東十勝", "  第三次医療圏: 十勝", "  拠点:", f"    {TOKACHI}"]  # too long: its own
    assert lines[:2] == ["在宅医療圏ごとの指定状況", "  （2026-06-30現在）"]
    assert lines[-16:] == ["  段階: 予定", "  不明な項目: 種別、意向、①、②、③",
                           "7/39 在宅医療圏で拠点を指定済み", "  （2026-06-30現在）",
                           "積極的役割を担う医療機関を指定済みの在宅医療圏:", "  1/39、", "  両方そろった在宅医療圏: 1/39",
                           "registry/zones/ に記録されている在宅医療圏:", "  10/39",
                           "拠点の指定を準備中の在宅医療圏: 予定 0、", "  調整中 0、申請書提出済（審査中） 0",
                           "準備中の積極的役割を担う医療機関:", "  予定 3、調整中 0、", "  申請書提出済（審査中） 0",
                           "未指定の積極的役割を担う医療機関:", "  要件を満たす 0、要件不明 3"]
    start = lines.index("要件不明の積極的役割を担う医療機関")
    assert lines[start:start + 5] == ["要件不明の積極的役割を担う医療機関", "  （未指定、2026-06-30現在）", "北見",
                                      "  積極的役割を担う医療機関:", "    オホーツク勤医協北見病院"]


def test_200_columns_gives_grids_of_whole_cells(embedded):
    lines = in_terminal(["status", *AS_OF], embedded, 200)
    row = next(line for line in lines if "東十勝" in line and TOKACHI in line)
    assert [c.strip() for c in row.strip("│").split("│")] == ["東十勝", "十勝", TOKACHI, "0", "医療機関なし"]
    header = next(line for line in lines if "積極的役割を担う医療機関" in line and "┃" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == ["在宅医療圏", "第三次医療圏", "拠点",
                                                                 "積極的役割を担う医療機関", "状況"]
    row = next(line for line in lines if line.startswith("│ 十勝"))
    assert [c.strip() for c in row.strip("│").split("│")] == ["十勝", "帯広市、東十勝、西十勝、南十勝、北十勝", "4/5",
                                                             "0/5", "0/5", "—"]
    assert "積極的役割を担う医療機関を指定済みの在宅医療圏: 1/39、両方そろった在宅医療圏: 1/39" in lines


@pytest.mark.parametrize("columns", [None, "40", "80"])
def test_not_a_terminal_has_no_width(embedded, columns):
    """Into a pipe or a file: one line per row and per total whatever COLUMNS says, for grep."""
    lines = in_a_pipe(["status", *AS_OF], embedded, **({"COLUMNS": columns} if columns else {}))
    _whole(lines, PHRASES_JA)
    assert lines[0] == "在宅医療圏ごとの指定状況（2026-06-30現在）"
    assert [line for line in lines if "北十勝" in line and TOKACHI in line]  # the whole row on one line
    assert [line for line in lines if "令和7年度" in line and "札幌市、室蘭、北見、東十勝、西十勝、南十勝、北十勝" in line]
    assert lines[-6:] == ["7/39 在宅医療圏で拠点を指定済み（2026-06-30現在）",
                          "積極的役割を担う医療機関を指定済みの在宅医療圏: 1/39、両方そろった在宅医療圏: 1/39",
                          "registry/zones/ に記録されている在宅医療圏: 10/39",
                          "拠点の指定を準備中の在宅医療圏: 予定 0、調整中 0、申請書提出済（審査中） 0",
                          "準備中の積極的役割を担う医療機関: 予定 3、調整中 0、申請書提出済（審査中） 0",
                          "未指定の積極的役割を担う医療機関: 要件を満たす 0、要件不明 3"]
    assert [line for line in lines if "本間内科医院" in line and "種別、意向、①、②、③" in line]
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b" not in "".join(lines)


def test_the_prefecture_wide_tier_and_a_target_in_designations(tmp_path):
    """Kumamoto: a totals line with a list (the prefecture-wide centres) and a count with its unit."""
    lines = in_terminal(["status", "--registry", str(EMBEDDED.parent / "examples" / "kumamoto" / "registry"),
                         "--as-of", "2019-03-31"], tmp_path, 50)
    assert lines[-10:] == ["目標に数える地域在宅医療サポートセンターの指定:", "  13か所",
                           "県在宅医療サポートセンター（圏域には数えない）:", "  県在宅医療サポートセンター（熊本県医師会）",
                           "地域在宅医療サポートセンターの指定を準備中の圏域:", "  予定 0、調整中 0、申請書提出済（審査中） 0",
                           "準備中の積極的役割を担う医療機関: 予定 0、", "  調整中 1、申請書提出済（審査中） 0",
                           "未指定の積極的役割を担う医療機関: 要件を満たす 0、", "  要件不明 1"]
    assert not [line for line in lines if "第三次医療圏" in line]  # no tertiary areas: no grouping


def test_no_rows_in_a_narrow_terminal(tmp_path):
    """A new prefecture (no zones, no target years yet): each title says there is nothing, in a dash."""
    subprocess.run([str(ZAITAKU), "init", "熊本県", "k"], cwd=tmp_path, capture_output=True, check=True)
    lines = in_terminal(["status"], tmp_path / "k", 40)
    assert lines[:3] == ["在宅医療圏ごとの指定状況", lines[1], "  —"] and lines[3] == "年度ごとの拠点を指定した在宅医療圏"
    assert lines[4] == "  —"


# --- the layout of one logical line (status_render.fill) ---------------------------------------

def _text(lines):
    return ["".join(text for text, _ in line) for line in lines]


def test_fill_keeps_a_line_whole_without_a_width():
    assert _text(fill([["ab: ", "1"], ["長い名前"]], None)) == ["ab: 1長い名前"]


def test_fill_breaks_between_phrases_first():
    phrases = [["見出し: ", "1/39、"], ["両方: ", "2/39"]]
    assert _text(fill(phrases, 20)) == ["見出し: 1/39、", "  両方: 2/39"]
    assert _text(fill(phrases, 30)) == ["見出し: 1/39、両方: 2/39"]


def test_fill_splits_a_phrase_only_when_it_cannot_have_a_line_of_its_own():
    # "とても長い見出し: " is 18 columns: with its value it cannot fit 20; the next phrase starts a line
    assert _text(fill([["とても長い見出し: ", "1/39"], ["次: ", "2"]], 20)) == ["とても長い見出し:", "  1/39", "  次: 2"]
    # a list breaks between its items, never inside one
    assert _text(fill([["内訳: ", "札幌市、", "室蘭、", "北見"]], 16, indent=2)) == ["  内訳: 札幌市、", "    室蘭、北見"]


def test_an_atom_wider_than_the_line_stands_alone():
    assert _text(fill([["名: ", "とても長い名前の拠点センター"]], 10)) == ["名:", "  とても長い名前の拠点センター"]


def test_fill_counts_wide_characters_as_two_columns():
    assert _text(fill([["あいう"], ["えお"]], 10)) == ["あいうえお"]
    assert _text(fill([["あいう"], ["えおか"]], 10)) == ["あいう", "  えおか"]


def test_fill_strips_the_space_before_a_break():
    assert _text(fill([["Hubs designated in 7/39 zones "], ["(as of 2026-06-30)."]], 34)) == [
        "Hubs designated in 7/39 zones", "  (as of 2026-06-30)."]


def test_fill_marks_values_for_colour():
    (line,) = fill([["状況: ", "○"]], None)
    assert line == [("", False), ("状況: ", False), ("○", True)]
    (line,) = fill([["○"]], None)
    assert line == [("", False), ("○", True)]
