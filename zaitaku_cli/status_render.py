"""Rendering `zaitaku status` (a status.Status): rows with Japanese or English headers (pure), then
a rich table in the terminal, Markdown, or JSON."""

from __future__ import annotations

import json

HEADERS = {
    "ja": {"zones": ("在宅医療圏", "拠点", "積極的役割を担う医療機関", "状況"),
           "years": ("年度", "指定した在宅医療圏", "内訳", "目標", "累計", "評価"),
           "zones_title": "在宅医療圏ごとの指定状況（{as_of}現在）",
           "years_title": "年度ごとの拠点の指定（目標：{total}の在宅医療圏、年{low}～{high}か所）"},
    "en": {"zones": ("Home-care zone", "Hubs", "Active-role institutions", "Status"),
           "years": ("Fiscal year", "Zones given a hub", "Which", "Target", "Cumulative", "Assessment"),
           "zones_title": "Designations per home-care zone (as of {as_of})",
           "years_title": "Hubs designated per fiscal year (target: {total} zones, {low}–{high} a year)"},
}
NONE = "—"


def _h(lang):
    return HEADERS.get(lang, HEADERS["ja"])


def zone_state(row, lang: str) -> str:
    if row.has_hub and row.has_institution:
        return "○" if lang != "en" else "ok"
    if lang == "en":
        missing = [m for ok, m in ((row.has_hub, "hub"), (row.has_institution, "institution")) if not ok]
        return "no " + " or ".join(missing)
    missing = [m for ok, m in ((row.has_hub, "拠点"), (row.has_institution, "医療機関")) if not ok]
    return "・".join(missing) + "なし"


def zone_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    sep = "、" if lang != "en" else ", "
    return [(r.name, sep.join(name for _, name in r.hubs) or NONE, str(r.institutions), zone_state(r, lang))
            for r in status.zones]


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


def year_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    sep = "、" if lang != "en" else ", "
    total = status.zone_total
    return [(r.label, str(r.count), sep.join(name for _, name in r.zones) or NONE, _target(r),
             f"{r.cumulative}/{total}" if total else str(r.cumulative), year_state(r, lang))
            for r in status.years]


def summary_lines(status, lang: str = "ja") -> list[str]:
    total = status.zone_total or "?"
    recorded = len(status.zones)
    if lang == "en":
        return [f"Hubs designated in {status.zones_with_hub}/{total} home-care zones (as of {status.as_of}).",
                f"Active-role institutions designated in {status.zones_with_institution}/{total} zones; "
                f"both in {status.zones_complete}/{total}.",
                f"Zones recorded in registry/zones/: {recorded}/{total}."]
    return [f"{status.zones_with_hub}/{total} 在宅医療圏で拠点を指定済み（{status.as_of.isoformat()}現在）",
            f"積極的役割を担う医療機関を指定済みの在宅医療圏: {status.zones_with_institution}/{total}、"
            f"両方そろった在宅医療圏: {status.zones_complete}/{total}",
            f"registry/zones/ に記録されている在宅医療圏: {recorded}/{total}"]


def _titles(status, target, lang):
    h = _h(lang)
    return (h["zones_title"].format(as_of=status.as_of.isoformat()),
            h["years_title"].format(total=status.zone_total or "?", low=target.get("per_year_min", "?"),
                                    high=target.get("per_year_max", "?")))


def render_markdown(status, target: dict, lang: str = "ja") -> str:
    from zaitaku_cli.mdtext import escape, table

    zones_title, years_title = _titles(status, target, lang)
    h = _h(lang)
    lines = [f"## {escape(zones_title)}", ""] + table(h["zones"], zone_rows(status, lang)) + [""]
    lines += [f"## {escape(years_title)}", ""] + table(h["years"], year_rows(status, lang)) + [""]
    lines += ["- " + escape(s) for s in summary_lines(status, lang)]
    return "\n".join(lines) + "\n"


def as_dict(status, lang: str = "ja") -> dict:
    return {
        "as_of": status.as_of.isoformat(),
        "zones": [{"id": r.id, "name": r.name, "hubs": [{"id": i, "name": n} for i, n in r.hubs],
                   "institutions": r.institutions, "has_hub": r.has_hub, "has_institution": r.has_institution}
                  for r in status.zones],
        "fiscal_years": [{"fiscal_year": r.fiscal_year, "label": r.label, "zones": [i for i, _ in r.zones],
                          "count": r.count, "target_min": r.target_min, "target_max": r.target_max,
                          "cumulative": r.cumulative, "state": r.state} for r in status.years],
        "summary": {"zone_total": status.zone_total, "recorded_zones": len(status.zones),
                    "zones_with_hub": status.zones_with_hub,
                    "zones_with_institution": status.zones_with_institution,
                    "zones_complete": status.zones_complete},
    }


def render_json(status, lang: str = "ja") -> str:
    return json.dumps(as_dict(status, lang), ensure_ascii=False, indent=2) + "\n"


def render_text(status, target: dict, stream, lang: str = "ja") -> None:
    """Rich tables. Every cell, title and header is a `Text`, never a markup string: a name such
    as `室蘭[/]` or `[bold]` prints as written."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, emoji=False)
    zones_title, years_title = _titles(status, target, lang)
    h = _h(lang)
    ok = {"○", "ok", "met"}
    for title, headers, rows, state_col in ((zones_title, h["zones"], zone_rows(status, lang), 3),
                                            (years_title, h["years"], year_rows(status, lang), 5)):
        table = Table(title=Text(title, style="bold"), title_justify="left")
        for i, header in enumerate(headers):
            table.add_column(Text(header), justify="right" if header in (h["zones"][2], h["years"][1]) else "left",
                             overflow="fold")
        for row in rows:
            cells = [Text(str(cell)) for cell in row]
            state = str(row[state_col])
            style = "green" if state in ok or state.startswith("○") else ("dim" if state == NONE else "yellow")
            cells[state_col] = Text(state, style=style)
            table.add_row(*cells)
        console.print(table)
    for i, line in enumerate(summary_lines(status, lang)):
        console.print(Text(line, style="bold" if i == 0 else ""))
