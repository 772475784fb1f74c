"""Rendering `zaitaku status` (a status.Status): rows with Japanese or English headers (pure), then
a rich table in the terminal, Markdown, or JSON."""

from __future__ import annotations

import json

# Templates over the scheme's words ({zone}, {hub}, {institution}: model.Scheme.terms).
HEADERS = {
    "ja": {"zones": ("{zone}", "{hub}", "{institution}", "状況"),
           "years": ("年度", "指定した{zone}", "内訳", "目標", "累計", "評価"),
           "years_designations": ("年度", "指定した{hub}", "内訳", "目標", "累計", "評価"),
           "zones_title": "{zone}ごとの指定状況（{as_of}現在）",
           "years_title": "年度ごとの{hub}の指定",
           "target_zones": "{total}の{zone}", "target_designations": "{total}か所",
           "per_year": "年{low}～{high}か所", "per_year_one": "年{low}か所", "per_year_min": "年{low}か所以上",
           "per_year_max": "年{high}か所まで", "per_year_own": "年度ごとの目標は表のとおり",
           "target": "（目標：{parts}）", "joiner": "、"},
    "en": {"zones": ("{Zone}", "{Hub}s", "{Institution}s", "Status"),
           "years": ("Fiscal year", "Zones given a {hub}", "Which", "Target", "Cumulative", "Assessment"),
           "years_designations": ("Fiscal year", "{Hub}s designated", "Which", "Target", "Cumulative",
                                  "Assessment"),
           "zones_title": "Designations per {zone} (as of {as_of})",
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


def zone_rows(status, lang: str = "ja") -> list[tuple[str, ...]]:
    sep = "、" if lang != "en" else ", "
    hub_word = _words(status)["hub"]
    return [(r.name, sep.join(name for _, name in r.hubs) or NONE, str(r.institutions), zone_state(r, lang, hub_word))
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
    total = status.target_total
    return [(r.label, str(r.count), sep.join(name for _, name in r.items) or NONE, _target(r),
             f"{r.cumulative}/{total}" if total else str(r.cumulative), year_state(r, lang))
            for r in status.years]


def summary_lines(status, lang: str = "ja") -> list[str]:
    """The totals under the tables. Zones are counted against the number of zones (the target's,
    or prefecture.yaml zone_total); a target in designations adds their count; the
    prefecture-wide tier, which is no zone's, gets a line of its own."""
    w = _words(status)
    total = status.zone_total or "?"
    recorded = len(status.zones)
    if lang == "en":
        short = "zone" if w["zone"] == "home-care zone" else w["zone"]  # the national word, shortened as before
        lines = [f"{w['Hub']}s designated in {status.zones_with_hub}/{total} {w['zone']}s (as of {status.as_of}).",
                 f"{w['Institution']}s designated in {status.zones_with_institution}/{total} {short}s; "
                 f"both in {status.zones_complete}/{total}.",
                 f"{short[:1].upper() + short[1:]}s recorded in registry/zones/: {recorded}/{total}."]
    else:
        lines = [f"{status.zones_with_hub}/{total} {w['zone']}で{w['hub']}を指定済み（{status.as_of.isoformat()}現在）",
                 f"{w['institution']}を指定済みの{w['zone']}: {status.zones_with_institution}/{total}、"
                 f"両方そろった{w['zone']}: {status.zones_complete}/{total}",
                 f"registry/zones/ に記録されている{w['zone']}: {recorded}/{total}"]
    if status.unit == "designations":
        made = status.years[-1].cumulative if status.years else 0
        of = f"/{status.target_total}" if status.target_total else ""
        lines.append(f"Designations counted against the target: {made}{of}" if lang == "en"
                     else f"目標に数える{w['hub']}の指定: {made}{of}か所")
    if status.prefecture_wide_label:
        names = ("、" if lang != "en" else ", ").join(n for _, n in status.prefecture_wide) or NONE
        lines.append(f"{status.prefecture_wide_label} (not counted for any {w['zone']}): {names}" if lang == "en"
                     else f"{status.prefecture_wide_label}（{w['zone']}には数えない）: {names}")
    return lines


def _target_phrase(status, target, h) -> str:
    """（目標：39の在宅医療圏、年6～7か所）: only the parts the scheme gives (a null bound is not shown)."""
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
    return h["target"].format(parts=h["joiner"].join(parts)) if parts else ""


def _titles(status, target, lang):
    h = _h(lang, status)
    return (h["zones_title"].format(as_of=status.as_of.isoformat()),
            h["years_title"] + _target_phrase(status, target, h))


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
    """Rich tables. Every cell, title and header is a `Text`, never a markup string: a name such
    as `室蘭[/]` or `[bold]` prints as written."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, emoji=False)
    zones_title, years_title = _titles(status, target, lang)
    h = _h(lang, status)
    ok = {"○", "ok", "met"}
    year_headers = _year_headers(status, h)
    for title, headers, rows, state_col in ((zones_title, h["zones"], zone_rows(status, lang), 3),
                                            (years_title, year_headers, year_rows(status, lang), 5)):
        table = Table(title=Text(title, style="bold"), title_justify="left")
        for i, header in enumerate(headers):
            table.add_column(Text(header), justify="right" if header in (h["zones"][2], year_headers[1]) else "left",
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
