"""`zaitaku status` into a pipe or a file draws its tables itself (status.render._plain_grid):
the text is what rich prints for the same table, on awkward and random cells, and rich still
lays out what only it can (line breaks, tabs, control characters, colour)."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console

from zaitaku_cli.status import render

AWKWARD = ["", " ", "　", "a", " lead", "trail ", "　全角", "末尾　", "函館市在宅医療連携拠点1", "56（予定 28）",
           "○", "—", "ﾊﾝｶｸ", "🏥", "é", "e\u0301", "[bold]x[/]", "室蘭[/]", "a  b", "Ω", "ｱ"]


def _console(stream, **kwargs):
    return Console(file=stream, highlight=False, emoji=False, width=1_000_000, **kwargs)


def _rich(headers, rows, numeric, lang="ja", **kwargs) -> str:
    stream = io.StringIO()
    _console(stream, **kwargs).print(render._grid(headers, rows, numeric, lang))
    return stream.getvalue()


def _plain(headers, rows, numeric, lang="ja", **kwargs):
    return render._plain_grid(_console(io.StringIO(), **kwargs), headers, rows, numeric, lang)


def _styled(rows):
    return [[(cell, "green" if i == 0 else "") for i, cell in enumerate(row)] for row in rows]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_awkward_cells_print_as_rich_prints_them(lang):
    headers = ("在宅医療圏", "拠点", "数", "状況")
    rows = _styled([[a, [a, "乙"] if i % 2 else [], a + "1", AWKWARD[-1 - i]] for i, a in enumerate(AWKWARD)])
    for numeric in (set(), {"数"}, {"数", "拠点", "在宅医療圏"}):
        assert _plain(headers, rows, numeric, lang) == _rich(headers, rows, numeric, lang)


def test_one_row_and_one_column():
    assert _plain(("h",), _styled([["x"]]), set()) == _rich(("h",), _styled([["x"]]), set())
    assert _plain(("h",), _styled([["x "]]), {"h"}) == _rich(("h",), _styled([["x "]]), {"h"})


@pytest.mark.parametrize("seed", range(30))
def test_random_tables(seed):
    rng = random.Random(seed)
    alphabet = "ab 1あ漢　ｱ—○（）、,[]/é\u0301🏥"
    text = lambda: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))  # noqa: E731
    width = rng.randint(1, 6)
    headers = tuple(text() or f"h{i}" for i in range(width))
    rows = _styled([[[text() for _ in range(rng.randint(0, 3))] if rng.random() < 0.3 else text()
                     for _ in range(width)] for _ in range(rng.randint(1, 25))])
    numeric = {h for h in headers if rng.random() < 0.4}
    assert _plain(headers, rows, numeric) == _rich(headers, rows, numeric)


def test_an_ascii_stream_gets_rich_s_ascii_box():
    headers, rows = ("h", "n"), _styled([["x", "1"], ["y", "22 "]])

    def console(stream):
        return _console(stream)

    streams = [io.TextIOWrapper(io.BytesIO(), encoding="ascii") for _ in range(2)]
    plain = render._plain_grid(console(streams[0]), headers, rows, {"n"}, "ja")
    console(streams[1]).print(render._grid(headers, rows, {"n"}, "ja"))
    streams[1].seek(0)
    expected = streams[1].buffer.getvalue().decode("ascii")
    assert "+" in expected and plain == expected


@pytest.mark.parametrize("cell", ["改行\nあり", "タブ\tあり", "ベル\x07", "CR\r", "\x85", "\u2028", "\x1c",
                                  "a\u200d", "\u200b", "\u200b\u200d", "👨\u200d👩\u200d👧", "\ufeff名", "\u202e逆", "\u00ad"])  # format characters too
def test_what_only_rich_lays_out_is_left_to_rich(cell):
    assert _plain(("h", "i"), _styled([["x", cell]]), set()) is None


def test_colour_is_left_to_rich():
    assert _plain(("h",), _styled([["x"]]), set(), force_terminal=True, color_system="standard") is None
