"""Rendering `zaitaku status` (a status.Status): rows with Japanese or English headers (pure), then
text (rich tables, or blocks where a table would not fit the terminal), Markdown, or JSON.

Text never breaks a phrase: a name, a label with its value, a count with its unit stay on one line.
Titles and totals are lists of phrases; a line breaks between phrases, and inside a phrase (between
its atoms: a label and its value, the items of a list) only when the phrase does not fit on a line
of its own. Into a pipe or a file there is no width: one line per row and per total, for grep."""

from __future__ import annotations

import json
import re

# Templates over the scheme's words ({zone}, {hub}, {institution}: model.Scheme.terms).
HEADERS = {
    "ja": {"zones": ("{zone}", "{tertiary_area}", "{hub}", "{institution}", "状況"),
           "areas": ("{tertiary_area}", "{zone}", "{hub}", "{institution}", "両方", "{hub}の準備中"),
           "areas_title": ("{tertiary_area}ごとの指定状況", "（{zone}の数: 指定済み／記録済み）"),
           "eligible": ("{zone}", "{institution}", "段階"),
           "eligible_title": ("指定できる{institution}", "（未指定、{as_of}現在）"),
           "unknown": ("{zone}", "{institution}", "段階", "不明な項目"),
           "unknown_title": ("要件不明の{institution}", "（未指定、{as_of}現在）"),
           "years": ("年度", "指定した{zone}", "内訳", "目標", "累計", "評価"),
           "years_designations": ("年度", "指定した{hub}", "内訳", "目標", "累計", "評価"),
           "zones_title": ("{zone}ごとの指定状況", "（{as_of}現在）"),  # phrases: a line may break between them
           "years_title": "年度ごとの{hub}の指定",
           # the target counts zones (Hokkaido: 39): the bars are zones given a hub, not hubs
           "years_title_zones": "年度ごとの{hub}を指定した{zone}",
           "target_zones": "{total}の{zone}", "target_designations": "{total}か所",
           "per_year": "年{low}～{high}か所", "per_year_one": "年{low}か所", "per_year_min": "年{low}か所以上",
           "per_year_max": "年{high}か所まで", "per_year_own": "年度ごとの目標は表のとおり",
           "target": "（目標：{parts}）", "joiner": "、",
           "budgets": ("補助メニュー", "予算額", "申請額計", "交付決定額計", "残額", "件数", "予算額の内訳"),
           "budgets_title": ("{year}の補助金と予算", "（千円、{as_of}現在）"),
           "budget_unknown": "不明", "area_budget": "予算額は全体のもので、地域ごとには示さない",
           "per_place": "1か所あたり {unit} × {places}か所 = {product}", "per_place_difference": "（予算額との差 {difference}）"},
    "en": {"zones": ("{Zone}", "{Tertiary_area}", "{Hub}s", "{Institution}s", "Status"),
           "areas": ("{Tertiary_area}", "{Zone}s", "{Hub}", "{Institution}", "Both", "{Hub} in preparation"),
           "areas_title": ("Designations per {tertiary_area} ", "({zone}s designated/recorded)"),
           "eligible": ("{Zone}", "{Institution}", "Step"),
           "eligible_title": ("Eligible {institution}s ", "not yet designated ", "(as of {as_of})"),
           "unknown": ("{Zone}", "{Institution}", "Step", "Unknown"),
           "unknown_title": ("Unknown eligibility: ", "{institution}s ", "not designated ", "(as of {as_of})"),
           "years": ("Fiscal year", "Zones given a {hub}", "Which", "Target", "Cumulative", "Assessment"),
           "years_designations": ("Fiscal year", "{Hub}s designated", "Which", "Target", "Cumulative",
                                  "Assessment"),
           "zones_title": ("Designations per {zone} ", "(as of {as_of})"),
           "years_title": "{Hub}s designated per fiscal year",
           "years_title_zones": "{Zone}s given a {hub}, by FY",
           "target_zones": "{total} zones", "target_designations": "{total} designations",
           "per_year": "{low}–{high} a year", "per_year_one": "{low} a year", "per_year_min": "at least {low} a year",
           "per_year_max": "at most {high} a year", "per_year_own": "per year as tabled",
           "target": " (target: {parts})", "joiner": ", ",
           "budgets": ("Menu", "Budget", "Applied for", "Decided", "Remaining", "Grants", "Budget detail"),
           "budgets_title": ("Grants and budget, {year} ", "(thousand yen, as of {as_of})"),
           "budget_unknown": "unknown", "area_budget": "the budget is the whole prefecture's: not shown per area",
           "per_place": "{unit} per place × {places} = {product}", "per_place_difference": " (budget differs by {difference})"},
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


def _zone_headers(status, h) -> tuple:
    """The zone table's headers: no tertiary-area column for a scheme without tertiary areas."""
    return h["zones"] if status.has_tertiary_areas else h["zones"][:1] + h["zones"][2:]


def with_step(name: str, step: str, lang: str) -> str:
    """とかち在宅医療連携拠点（調整中）: a record in preparation, its step on the date (model.status_label)."""
    from zaitaku_cli.model import status_label

    return f"{name} ({status_label(step, 'en')})" if lang == "en" else f"{name}（{status_label(step)}）"


def step_counts(counts: dict, lang: str) -> list[str]:
    """[予定 1, 調整中 4]: the steps with a count, in lifecycle order (none: [])."""
    from zaitaku_cli.model import status_label

    return [f"{status_label(step, lang)} {n}" for step, n in counts.items() if n]


def _institutions_cell(row, lang: str) -> str:
    """0, or 0（予定 3）: designated on the date, then those in preparation by step."""
    from zaitaku_cli.model import PENDING

    counts = {step: sum(1 for *_, s in row.pending_institutions if s == step) for step in PENDING}
    steps = step_counts(counts, lang)
    if not steps:
        return str(row.institutions)
    return f"{row.institutions} ({', '.join(steps)})" if lang == "en" else f"{row.institutions}（{'、'.join(steps)}）"


def zone_cells(status, lang: str = "ja") -> list[tuple]:
    """The zone rows with lists as lists (hub names: designated, then in preparation with their
    step): the text blocks break between their items."""
    hub_word = _words(status)["hub"]
    return [(r.name, *([r.tertiary[1]] if status.has_tertiary_areas else []),
             [name for _, name in r.hubs] + [with_step(name, step, lang) for _, name, step in r.pending_hubs],
             _institutions_cell(r, lang), zone_state(r, lang, hub_word))
            for r in status.zones]


def zone_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    return [_joined(row, lang) for row in zone_cells(status, lang)]


def area_cells(status, lang: str = "ja") -> list[tuple]:
    """Per tertiary area: its zones, then zones with a hub, an institution, both (each of the
    area's recorded zones), and the zones with a hub in preparation by step."""
    rows = []
    for a in status.areas:
        n = len(a.zones)
        rows.append((a.name, [name for _, name in a.zones], f"{a.zones_with_hub}/{n}",
                     f"{a.zones_with_institution}/{n}", f"{a.zones_complete}/{n}",
                     step_counts(a.zones_pending_hub, lang)))
    return rows


def _step(step, lang: str) -> str:
    from zaitaku_cli.model import status_label

    return status_label(step, lang) if step else NONE


def candidate_cells(status, lang: str = "ja", unknown: bool = False) -> list[tuple]:
    """The institutions still to do (eligible, or of unknown eligibility with what is unknown)."""
    if unknown:
        return [(c.zone_name, c.name, _step(c.step, lang), list(c.unknown_labels)) for c in status.eligibility_unknown]
    return [(c.zone_name, c.name, _step(c.step, lang)) for c in status.eligible]


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


def target_text(row) -> str | None:
    """A year's target as the tables and the chart show it: "6–7", "6", "≤7" (only a maximum);
    None without one."""
    low, high = row.target_min, row.target_max
    if low is None and high is None:
        return None
    if high is None or low == high:
        return str(low)
    if low is None:
        return f"≤{high}"
    return f"{low}–{high}"


def _target(row) -> str:
    return target_text(row) or NONE


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
    return lines + _preparation_phrases(status, w, lang)


def _preparation_phrases(status, w, lang: str) -> list[list[list[str]]]:
    """The totals of what is in preparation and still to do, on the as-of date: zones with a hub
    in preparation and institutions in preparation, every step shown (0 too), then the eligible
    institutions not designated and those of unknown eligibility."""
    from zaitaku_cli.model import status_label

    def steps(counts, end):
        items = [f"{status_label(step, lang)} {n}" for step, n in counts.items()]
        sep = ", " if lang == "en" else "、"
        return [i + sep for i in items[:-1]] + [items[-1] + end]

    if lang == "en":
        return [[[f"{w['Zone']}s with a {w['hub']} pending: ", *steps(status.zones_pending_hub, ".")]],
                [[f"{w['Institution']}s pending: ", *steps(status.institutions_pending, ".")]],
                [[f"Undesignated {w['institution']}s: ", f"eligible {len(status.eligible)}, ",
                  f"eligibility unknown {len(status.eligibility_unknown)}."]]]
    return [[[f"{w['hub']}の指定を準備中の{w['zone']}: ", *steps(status.zones_pending_hub, "")]],
            [[f"準備中の{w['institution']}: ", *steps(status.institutions_pending, "")]],
            [[f"未指定の{w['institution']}: ", f"要件を満たす {len(status.eligible)}、",
              f"要件不明 {len(status.eligibility_unknown)}"]]]


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


def _title(h, key: str, status) -> list[list[str]]:
    """A title of HEADERS (phrases, a line may break between them) as phrases of atoms."""
    return [[phrase.format(as_of=status.as_of.isoformat())] for phrase in h[key]]


def tables(status, target, lang: str = "ja") -> list[tuple]:
    """The tables in their order, each (title phrases, headers, cells, state column or None,
    right-aligned headers): per zone, per tertiary area (a scheme with tertiary areas), per fiscal
    year, then the institutions still to do and those of unknown eligibility."""
    h = _h(lang, status)
    zone_headers = _zone_headers(status, h)
    year_headers = _year_headers(status, h)
    target_atoms = _target_phrase(status, target, h)
    out = [(_title(h, "zones_title", status), zone_headers, zone_cells(status, lang), len(zone_headers) - 1,
            {zone_headers[-2]})]
    if status.has_tertiary_areas:
        out.append((_title(h, "areas_title", status), h["areas"], area_cells(status, lang), None,
                    set(h["areas"][2:5])))
    out.append(([[_years_title(status, h)]] + ([target_atoms] if target_atoms else []), year_headers,
                year_cells(status, lang), 5, {year_headers[1]}))
    out.append((_title(h, "eligible_title", status), h["eligible"], candidate_cells(status, lang), None, set()))
    out.append((_title(h, "unknown_title", status), h["unknown"], candidate_cells(status, lang, unknown=True),
                None, set()))
    budgets = _budget_table(status, lang)
    if budgets is not None:  # only where a menu has grants or a budget this year: other outputs unchanged
        out.append(budgets)
    return out


def budget_cells(status, lang: str = "ja") -> list[tuple]:
    """Per prefecture-funded menu of the year: budget, applied, decided and remaining in 千円
    (money.thousands: exact), 不明 where the budget is unknown; the unit × places beside the budget
    as the source gives them, with their difference from the total (never recomputed from it)."""
    from zaitaku_cli.money import thousands

    h = _h(lang, status)
    unknown = h["budget_unknown"] if status.budget_scope == "prefecture" else NONE
    rows = []
    for r in status.budgets:
        detail = []
        if r.per_place is not None:
            unit, places, product = r.per_place
            text = h["per_place"].format(unit=thousands(unit), places=places, product=thousands(product))
            if r.budget is not None and product != r.budget:
                text += h["per_place_difference"].format(difference=thousands(r.budget - product))
            detail.append(text)
        if r.note:
            detail.append(r.note)
        if status.budget_scope == "area":
            detail.append(h["area_budget"])
        rows.append((r.label, unknown if r.budget is None else thousands(r.budget), thousands(r.applied),
                     thousands(r.decided), unknown if r.remaining is None else thousands(r.remaining),
                     str(r.grants), detail))
    return rows


def _budget_table(status, lang: str):
    """The budget table's entry of tables(), or None when no menu has grants or a budget this year."""
    if not status.budgets:
        return None
    from zaitaku_cli.money import fiscal_year_label

    h = _h(lang, status)
    title = [[phrase.format(year=fiscal_year_label(status.fiscal_year, lang), as_of=status.as_of.isoformat())]
             for phrase in h["budgets_title"]]
    return (title, h["budgets"], budget_cells(status, lang), None, set(h["budgets"][1:6]))


def render_markdown(status, target: dict, lang: str = "ja") -> str:
    from zaitaku_cli.mdtext import escape, table

    lines = []
    for title, headers, cells, _, _ in tables(status, target, lang):
        text = "".join(atom for phrase in title for atom in phrase)
        lines += [f"## {escape(text)}", ""] + table(headers, [_joined(row, lang) for row in cells]) + [""]
    lines += ["- " + escape(s) for s in summary_lines(status, lang)]
    return "\n".join(lines) + "\n"


def _year_headers(status, h) -> tuple:
    return h["years_designations"] if status.unit == "designations" else h["years"]


def _years_title(status, h) -> str:
    return h["years_title"] if status.unit == "designations" else h["years_title_zones"]


def year_table(status, target, lang: str = "ja") -> tuple[str, tuple, list]:
    """The per-fiscal-year table as (title with the target phrase, headers, rows of text): what
    `status` prints, for the site's chart and its data table. `target`: prefecture.yaml `target`."""
    h = _h(lang, status)
    title = _years_title(status, h) + "".join(_target_phrase(status, target or {}, h))
    return title, _year_headers(status, h), year_rows(status, lang)


def _candidate(c, unknown: bool = False) -> dict:
    out = {"zone": c.zone, "id": c.id, "name": c.name, "status": c.step}
    return {**out, "unknown": list(c.unknown)} if unknown else out


def as_dict(status, lang: str = "ja") -> dict:
    """The JSON form; its keys are documented in docs/status.md."""
    return {
        "as_of": status.as_of.isoformat(),
        "zones": [{"id": r.id, "name": r.name, "hubs": [{"id": i, "name": n} for i, n in r.hubs],
                   "institutions": r.institutions, "has_hub": r.has_hub, "has_institution": r.has_institution,
                   "tertiary_area": r.tertiary[0] if r.tertiary else None,
                   "pending_hubs": [{"id": i, "name": n, "status": s} for i, n, s in r.pending_hubs],
                   "pending_institutions": [{"id": i, "name": n, "status": s} for i, n, s in r.pending_institutions]}
                  for r in status.zones],
        "tertiary_areas": [{"id": a.id, "name": a.name, "zones": [i for i, _ in a.zones],
                            "zones_with_hub": a.zones_with_hub, "zones_with_institution": a.zones_with_institution,
                            "zones_complete": a.zones_complete, "zones_pending_hub": dict(a.zones_pending_hub)}
                           for a in status.areas],
        "unit": status.unit,
        "fiscal_years": [{"fiscal_year": r.fiscal_year, "label": r.label,
                          "zones": [i for i, _ in r.items] if status.unit == "zones" else [],
                          "designations": [i for i, _ in r.items] if status.unit == "designations" else [],
                          "count": r.count, "target_min": r.target_min, "target_max": r.target_max,
                          "cumulative": r.cumulative, "state": r.state} for r in status.years],
        "eligible_not_designated": [_candidate(c) for c in status.eligible],
        "eligibility_unknown": [_candidate(c, unknown=True) for c in status.eligibility_unknown],
        "summary": {"zone_total": status.zone_total, "recorded_zones": len(status.zones),
                    "zones_with_hub": status.zones_with_hub,
                    "zones_with_institution": status.zones_with_institution,
                    "zones_complete": status.zones_complete,
                    "target_total": status.target_total,
                    "zones_pending_hub": dict(status.zones_pending_hub),
                    "institutions_designated": status.institutions_designated,
                    "institutions_pending": dict(status.institutions_pending),
                    "eligible_not_designated": len(status.eligible),
                    "eligibility_unknown": len(status.eligibility_unknown)},
        "prefecture_wide": [{"id": i, "name": n} for i, n in status.prefecture_wide],
        "grants": {"fiscal_year": status.fiscal_year, "budget_scope": status.budget_scope,
                   "menus": [_budget(r) for r in status.budgets]},
    }


def _budget(r) -> dict:
    """A budget row in integer yen (null: unknown); per_place as the source gives it."""
    unit = r.per_place
    return {"id": r.id, "label": r.label, "grants": r.grants, "applied": r.applied, "decided": r.decided,
            "budget": r.budget, "remaining": r.remaining,
            "per_place": None if unit is None else {"amount": unit[0], "places": unit[1], "product": unit[2],
                                                    "difference": None if r.budget is None else r.budget - unit[2]},
            "note": r.note}


def render_json(status, lang: str = "ja") -> str:
    return json.dumps(as_dict(status, lang), ensure_ascii=False, indent=2) + "\n"


def render_text(status, target: dict, stream, lang: str = "ja") -> None:
    """Text, coloured by rich on a terminal. Each table is a rich table when it fits the terminal
    unwrapped (always, into a pipe or a file), else a block per row: the row's name, then one
    line per column, `header: value`; a table without rows is its title and a dash. Every cell, title and header is a `Text`, never a markup
    string: a name such as `室蘭[/]` or `[bold]` prints as written."""
    from rich.console import Console

    probe = Console(file=stream)
    width = probe.width if probe.is_terminal else None
    # Without a width nothing may wrap or shrink: a console wider than any table.
    console = Console(file=stream, highlight=False, emoji=False, width=width or 1_000_000)
    for title, headers, rows, state_col, numeric in tables(status, target, lang):
        _print_lines(console, fill(title, width), "bold")
        styled = [[(cell, _state_style(cell) if i == state_col else "") for i, cell in enumerate(row)] for row in rows]
        if not rows:  # a dash, not a grid of headers only (as the blocks say it)
            _print_lines(console, fill([[NONE]], width, indent=2))
            continue
        plain = _plain_grid(console, headers, styled, numeric, lang) if width is None else None
        if plain is not None:
            stream.write(plain)
            continue
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


# What only rich lays out: a line break (str.splitlines breaks at all of these), a tab, a control character.
# Control and format characters (zero-width joiners, bidi marks, BOM…): rich measures them its own way.
_RICH_ONLY = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e"
                        "\u0890\u0891\u08e2\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                        "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def _plain_grid(console, headers, rows, numeric, lang) -> str | None:
    """The text rich prints for _grid(headers, rows, numeric, lang) on a console with no colour and
    no width (a pipe, a file), drawn here: rich takes ~30 µs a cell, and status may have 30,000.
    The same box (rich's, as rich substitutes it), widths (rich.cells.cell_len + the padding of 1)
    and justification (a right-aligned cell loses its trailing space); None when rich must lay it
    out: colour, a cell with a line break, a tab or a control character, a row of another width."""
    from rich import box
    from rich.cells import cell_len

    texts = [[_joined((cell,), lang)[0] for cell, _ in row] for row in rows]
    if console.color_system is not None or any(len(row) != len(headers) for row in texts):
        return None
    if any(_RICH_ONLY.search(text) for text in headers) or any(_RICH_ONLY.search(t) for row in texts for t in row):
        return None
    right = [header in numeric for header in headers]
    widths = [max(map(cell_len, column)) + 2 for column in zip(headers, *texts)]

    def line(cells, left, divider, end):
        out = []
        for text, width, is_right in zip(cells, widths, right):
            if is_right:
                text = text.rstrip()
                out.append(" " * (width - 1 - cell_len(text)) + text + " ")
            else:
                out.append(" " + text + " " * (width - 1 - cell_len(text)))
        return left + divider.join(out) + end + "\n"

    b = box.HEAVY_HEAD.substitute(console.options, safe=console.safe_box)
    lines = [b.get_top(widths) + "\n", line(headers, b.head_left, b.head_vertical, b.head_right),
             b.get_row(widths, "head", edge=True) + "\n"]
    for i, row in enumerate(texts):
        last = i == len(texts) - 1
        lines.append(line(row, b.foot_left, b.foot_vertical, b.foot_right) if last
                     else line(row, b.mid_left, b.mid_vertical, b.mid_right))
    lines.append(b.get_bottom(widths) + "\n")
    return "".join(lines)


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
