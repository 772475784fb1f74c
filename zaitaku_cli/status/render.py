"""Rendering `zaitaku status` (a status.Status): rows with Japanese or English headers (pure), then
text (rich tables, or blocks where a table would not fit the terminal), Markdown, or JSON.

Text never breaks a phrase: a name, a label with its value, a count with its unit stay on one line.
Titles and totals are lists of phrases; a line breaks between phrases, and inside a phrase (between
its atoms: a label and its value, the items of a list) only when the phrase does not fit on a line
of its own. Into a pipe or a file there is no width: one line per row and per total, for grep."""

from __future__ import annotations

import json

# Templates over the scheme's words ({zone}, {hub}, {institution}: model.Scheme.terms).
HEADERS = {
    "ja": {"zones": ("{zone}", "{hub}", "{institution}", "状況"),
           "years": ("年度", "指定した{zone}", "内訳", "目標", "累計", "評価"),
           "years_designations": ("年度", "指定した{hub}", "内訳", "目標", "累計", "評価"),
           "zones_title": ("{zone}ごとの指定状況", "（{as_of}現在）"),  # phrases: a line may break between them
           "years_title": "年度ごとの{hub}の指定",
           "target_zones": "{total}の{zone}", "target_designations": "{total}か所",
           "per_year": "年{low}～{high}か所", "per_year_one": "年{low}か所", "per_year_min": "年{low}か所以上",
           "per_year_max": "年{high}か所まで", "per_year_own": "年度ごとの目標は表のとおり",
           "target": "（目標：{parts}）", "joiner": "、"},
    "en": {"zones": ("{Zone}", "{Hub}s", "{Institution}s", "Status"),
           "years": ("Fiscal year", "Zones given a {hub}", "Which", "Target", "Cumulative", "Assessment"),
           "years_designations": ("Fiscal year", "{Hub}s designated", "Which", "Target", "Cumulative",
                                  "Assessment"),
           "zones_title": ("Designations per {zone} ", "(as of {as_of})"),
           "years_title": "{Hub}s designated per fiscal year",
           "target_zones": "{total} zones", "target_designations": "{total} designations",
           "per_year": "{low}–{high} a year", "per_year_one": "{low} a year", "per_year_min": "at least {low} a year",
           "per_year_max": "at most {high} a year", "per_year_own": "per year as tabled",
           "target": " (target: {parts})", "joiner": ", "},
}
NONE = "—"


def _words(status) -> dict:
    """The scheme's words of the status (national ones if it has none), capitals too."""
    from zaitaku_cli.model import NATIONAL_TERMS
    from zaitaku_cli.tables.common import with_capitals

    return with_capitals(status.terms or NATIONAL_TERMS["ja"])


def _h(lang, status=None):
    """Headers and titles in `lang`, the scheme's words filled in."""
    from zaitaku_cli.tables.common import fill_terms

    table = HEADERS.get(lang, HEADERS["ja"])
    if status is None:
        return table
    words = _words(status)
    return {k: tuple(fill_terms(t, words) for t in v) if isinstance(v, tuple) else fill_terms(v, words)
            for k, v in table.items()}


def zone_state(row, lang: str, hub_word: str | None = None) -> str:
    if row.has_hub and row.has_institution:
        return "○" if lang != "en" else "ok"
    if lang == "en":
        missing = [m for ok, m in ((row.has_hub, hub_word or "hub"), (row.has_institution, "institution")) if not ok]
        return "no " + " or ".join(missing)
    missing = [m for ok, m in ((row.has_hub, hub_word or "拠点"), (row.has_institution, "医療機関")) if not ok]
    return "・".join(missing) + "なし"


def zone_cells(status, lang: str = "ja") -> list[tuple]:
    """The zone rows with lists as lists (hub names): the text blocks break between their items."""
    hub_word = _words(status)["hub"]
    return [(r.name, [name for _, name in r.hubs], str(r.institutions), zone_state(r, lang, hub_word))
            for r in status.zones]


def zone_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    return [_joined(row, lang) for row in zone_cells(status, lang)]


def _joined(cells, lang: str) -> tuple[str, ...]:
    sep = "、" if lang != "en" else ", "
    return tuple(sep.join(c) or NONE if isinstance(c, list) else c for c in cells)


def year_state(row, lang: str) -> str:
    en = lang == "en"
    if row.state == "met":
        return "○" if not en else "met"
    if row.state == "short":
        gap = (row.target_min or 0) - row.count
        return f"目標に{gap}不足" if not en else f"{gap} short"
    if row.state == "current":
        gap = max(0, (row.target_min or 0) - row.count)
        if gap == 0:
            return "○（年度途中）" if not en else "met (year in progress)"
        return f"年度途中（目標まであと{gap}）" if not en else f"in progress ({gap} to go)"
    return NONE


def _target(row) -> str:
    if row.target_min is None and row.target_max is None:
        return NONE
    if row.target_min == row.target_max or row.target_max is None:
        return str(row.target_min)
    return f"{row.target_min}–{row.target_max}"


def year_cells(status, lang: str = "ja") -> list[tuple]:
    """The fiscal-year rows with lists as lists (the zones or designations of the year)."""
    total = status.target_total
    return [(r.label, str(r.count), [name for _, name in r.items], _target(r),
             f"{r.cumulative}/{total}" if total else str(r.cumulative), year_state(r, lang))
            for r in status.years]


def year_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    return [_joined(row, lang) for row in year_cells(status, lang)]


def summary_lines(status, lang: str = "ja") -> list[str]:
    """The totals under the tables, one string per line (summary_phrases joined)."""
    return ["".join(atom for phrase in line for atom in phrase) for line in summary_phrases(status, lang)]


def summary_phrases(status, lang: str = "ja") -> list[list[list[str]]]:
    """The totals under the tables: lines of phrases of atoms (module docstring). Zones are counted
    against the number of zones (the target's, or prefecture.yaml zone_total); a target in
    designations adds their count; the prefecture-wide tier, which is no zone's, gets a line of its own."""
    w = _words(status)
    total = status.zone_total or "?"
    recorded = len(status.zones)
    sep = "、" if lang != "en" else ", "
    if lang == "en":
        short = "zone" if w["zone"] == "home-care zone" else w["zone"]  # the national word, shortened as before
        lines = [[[f"{w['Hub']}s designated in {status.zones_with_hub}/{total} {w['zone']}s "],
                  [f"(as of {status.as_of})."]],
                 [[f"{w['Institution']}s designated in {status.zones_with_institution}/{total} {short}s; "],
                  [f"both in {status.zones_complete}/{total}."]],
                 [[f"{short[:1].upper() + short[1:]}s recorded in registry/zones/: ", f"{recorded}/{total}."]]]
    else:
        lines = [[[f"{status.zones_with_hub}/{total} {w['zone']}で{w['hub']}を指定済み"],
                  [f"（{status.as_of.isoformat()}現在）"]],
                 [[f"{w['institution']}を指定済みの{w['zone']}: ", f"{status.zones_with_institution}/{total}、"],
                  [f"両方そろった{w['zone']}: ", f"{status.zones_complete}/{total}"]],
                 [[f"registry/zones/ に記録されている{w['zone']}: ", f"{recorded}/{total}"]]]
    if status.unit == "designations":
        made = status.years[-1].cumulative if status.years else 0
        of = f"/{status.target_total}" if status.target_total else ""
        lines.append([["Designations counted against the target: ", f"{made}{of}"]] if lang == "en"
                     else [[f"目標に数える{w['hub']}の指定: ", f"{made}{of}か所"]])
    if status.prefecture_wide_label:
        names = [n for _, n in status.prefecture_wide] or [NONE]
        label = (f"{status.prefecture_wide_label} (not counted for any {w['zone']}): " if lang == "en"
                 else f"{status.prefecture_wide_label}（{w['zone']}には数えない）: ")
        lines.append([[label, *[n + sep for n in names[:-1]], names[-1]]])
    return lines


def _target_phrase(status, target, h) -> list[str]:
    """（目標：39の在宅医療圏、年6～7か所）as atoms (one per part): only the parts the scheme gives (a
    null bound is not shown); [] without a target."""
    parts = []
    if status.target_total:
        parts.append(h["target_designations" if status.unit == "designations" else "target_zones"]
                     .format(total=status.target_total))
    low, high = target.get("per_year_min"), target.get("per_year_max")
    if low is not None and high is not None:
        parts.append(h["per_year_one" if low == high else "per_year"].format(low=low, high=high))
    elif low is not None:
        parts.append(h["per_year_min"].format(low=low))
    elif high is not None:
        parts.append(h["per_year_max"].format(high=high))
    if status.per_year_targets:
        parts.append(h["per_year_own"])
    if not parts:
        return []
    before, after = h["target"].split("{parts}")
    atoms = [p + h["joiner"] for p in parts[:-1]] + [parts[-1] + after]
    atoms[0] = before + atoms[0]
    return atoms


def _title_phrases(status, target, lang) -> tuple[list[list[str]], list[list[str]]]:
    """The two tables' titles as phrases of atoms."""
    h = _h(lang, status)
    zones = [[phrase.format(as_of=status.as_of.isoformat())] for phrase in h["zones_title"]]
    years = [[h["years_title"]]]
    target_atoms = _target_phrase(status, target, h)
    return zones, years + ([target_atoms] if target_atoms else [])


def _titles(status, target, lang) -> tuple[str, str]:
    return tuple("".join(a for phrase in title for a in phrase) for title in _title_phrases(status, target, lang))


def render_markdown(status, target: dict, lang: str = "ja") -> str:
    from zaitaku_cli.mdtext import escape, table

    zones_title, years_title = _titles(status, target, lang)
    h = _h(lang, status)
    lines = [f"## {escape(zones_title)}", ""] + table(h["zones"], zone_rows(status, lang)) + [""]
    lines += [f"## {escape(years_title)}", ""] + table(_year_headers(status, h), year_rows(status, lang)) + [""]
    lines += ["- " + escape(s) for s in summary_lines(status, lang)]
    return "\n".join(lines) + "\n"


def _year_headers(status, h) -> tuple:
    return h["years_designations"] if status.unit == "designations" else h["years"]


def as_dict(status, lang: str = "ja") -> dict:
    return {
        "as_of": status.as_of.isoformat(),
        "zones": [{"id": r.id, "name": r.name, "hubs": [{"id": i, "name": n} for i, n in r.hubs],
                   "institutions": r.institutions, "has_hub": r.has_hub, "has_institution": r.has_institution}
                  for r in status.zones],
        "unit": status.unit,
        "fiscal_years": [{"fiscal_year": r.fiscal_year, "label": r.label,
                          "zones": [i for i, _ in r.items] if status.unit == "zones" else [],
                          "designations": [i for i, _ in r.items] if status.unit == "designations" else [],
                          "count": r.count, "target_min": r.target_min, "target_max": r.target_max,
                          "cumulative": r.cumulative, "state": r.state} for r in status.years],
        "summary": {"zone_total": status.zone_total, "recorded_zones": len(status.zones),
                    "zones_with_hub": status.zones_with_hub,
                    "zones_with_institution": status.zones_with_institution,
                    "zones_complete": status.zones_complete,
                    "target_total": status.target_total},
        "prefecture_wide": [{"id": i, "name": n} for i, n in status.prefecture_wide],
    }


def render_json(status, lang: str = "ja") -> str:
    return json.dumps(as_dict(status, lang), ensure_ascii=False, indent=2) + "\n"


def render_text(status, target: dict, stream, lang: str = "ja") -> None:
    """Text, coloured by rich on a terminal. Each table is a rich table when it fits the terminal
    unwrapped (always, into a pipe or a file), else a block per row: the row's name, then one
    line per column, `header: value`. Every cell, title and header is a `Text`, never a markup
    string: a name such as `室蘭[/]` or `[bold]` prints as written."""
    from rich.console import Console

    probe = Console(file=stream)
    width = probe.width if probe.is_terminal else None
    # Without a width nothing may wrap or shrink: a console wider than any table.
    console = Console(file=stream, highlight=False, emoji=False, width=width or 1_000_000)
    zones_title, years_title = _title_phrases(status, target, lang)
    h = _h(lang, status)
    year_headers = _year_headers(status, h)
    numeric = {h["zones"][2], year_headers[1]}
    for title, headers, rows, state_col in ((zones_title, h["zones"], zone_cells(status, lang), 3),
                                            (years_title, year_headers, year_cells(status, lang), 5)):
        _print_lines(console, fill(title, width), "bold")
        styled = [[(cell, _state_style(cell) if i == state_col else "") for i, cell in enumerate(row)] for row in rows]
        table = _grid(headers, styled, numeric, lang)
        if width is None or _measure(console, table) <= width:
            console.print(table)
        else:
            _print_blocks(console, headers, styled, width, lang)
    for i, line in enumerate(summary_phrases(status, lang)):
        _print_lines(console, fill(line, width), "bold" if i == 0 else "")


def _state_style(state: str) -> str:
    if state in ("○", "ok", "met") or state.startswith("○"):
        return "green"
    return "dim" if state == NONE else "yellow"


def _grid(headers, rows, numeric, lang):
    """A rich table of `rows` ([(cell, style)]; a list cell joined), no cell ever wrapped."""
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for header in headers:
        table.add_column(Text(header), justify="right" if header in numeric else "left", no_wrap=True)
    for row in rows:
        table.add_row(*[Text(_joined((cell,), lang)[0], style=style) for cell, style in row])
    return table


def _measure(console, table) -> int:
    """The table's width with nothing wrapped."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(1_000_000), table).maximum


def _print_blocks(console, headers, rows, width, lang) -> None:
    """A block per row, for a terminal too narrow for the table: the row's first cell (a zone, a
    fiscal year) in bold, then `header: value` per column, a list breaking between its items."""
    sep = "、" if lang != "en" else ", "
    if not rows:
        _print_lines(console, fill([[NONE]], width, indent=2))
    for row in rows:
        (name, _), fields = row[0], row[1:]
        _print_lines(console, fill([[name]], width), "bold")
        for header, (cell, style) in zip(headers[1:], fields):
            items = cell if isinstance(cell, list) else [cell]
            items = [i + sep for i in items[:-1]] + items[-1:] if items else [NONE]
            _print_lines(console, fill([[f"{header}: ", *items]], width, indent=2), "", style)


def _print_lines(console, lines, style: str = "", value_style: str = "") -> None:
    from rich.text import Text

    for line in lines:
        text = Text(style=style)
        for atom, is_value in line:
            text.append(atom, style=value_style if is_value else "")
        console.print(text, soft_wrap=True)


def fill(phrases: list[list[str]], width: int | None, indent: int = 0, hang: int = 2) -> list[list[tuple[str, bool]]]:
    """Lay out one logical line: `phrases` (lists of atoms) in lines of at most `width` columns
    (East Asian wide characters count 2; None: no limit), never splitting an atom, breaking between
    phrases, and between a phrase's atoms only when it does not fit on a line of its own (the next
    phrase then starts a new line). An atom wider than the line stands alone, for the terminal to
    fold. The first line is indented by `indent`, the others by `indent + hang`. Each line is
    [(text, is_value)]: the indent is not a value, the first atom of a phrase is its label when
    the phrase has several (for colour)."""
    from rich.cells import cell_len

    lines: list[list[tuple[str, bool]]] = []
    line: list[tuple[str, bool]] = [(" " * indent, False)]
    used, empty = indent, True

    def newline():
        nonlocal line, used, empty
        _strip_end(line)
        lines.append(line)
        line, used, empty = [(" " * (indent + hang), False)], indent + hang, True

    for phrase in phrases:
        atoms = [(a, len(phrase) == 1 or k > 0) for k, a in enumerate(phrase)]
        size = sum(cell_len(a) for a, _ in atoms)
        if width is None or used + size <= width:
            line += atoms
            used, empty = used + size, False
            continue
        if not empty:
            newline()
            if used + size <= width:
                line += atoms
                used, empty = used + size, False
                continue
        for atom, is_value in atoms:  # the phrase does not fit a line of its own: break between atoms
            if not empty and used + cell_len(atom) > width:
                newline()
            line.append((atom, is_value))
            used, empty = used + cell_len(atom), False
        newline()
    if not empty:
        _strip_end(line)
        lines.append(line)
    return lines


def _strip_end(line) -> None:
    """No trailing space at a line's end (an English phrase ends with the space before the next)."""
    text, is_value = line[-1]
    line[-1] = (text.rstrip(" "), is_value)
