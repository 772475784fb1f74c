"""The progress chart of the site's front page: per fiscal year of prefecture.yaml `target`, the
zones given their first hub (or the hubs designated, for a target in designations) as bars,
against the year's target (a band from its minimum to its maximum, a line where only one bound
is given), as inline SVG (no script, no external asset). The numbers are those of
`zaitaku status` (status.progress.build_status; the rows before and after the target's years
get a bar too).

Accessible: `role="img"`, an `aria-label` that says every bar's value in words, `<title>` and
`<desc>` inside the SVG, and under it the same figures as a data table (status.render.year_rows).
"""

from __future__ import annotations

from zaitaku_cli.status.render import target_text
from zaitaku_cli.writers.html import escape

WIDTH_PER_YEAR = 84  # px per bar slot
BAR = 40  # bar width, px
PLOT_HEIGHT = 180
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 20, 44  # margins: y labels left, year labels below
WORDS = {
    "ja": {"none": "prefecture.yaml に目標（target）の年度がないため、年度ごとのグラフはありません。",
           "bar": "{label} {count}", "target": "目標 {target}", "sep": "、", "label_sep": "。",
           "caption": "グラフの数値"},
    "en": {"none": "prefecture.yaml gives no target years: no chart per fiscal year.",
           "bar": "{label}: {count}", "target": "target {target}", "sep": "; ", "label_sep": ". ",
           "caption": "Figures of the chart"},
}


def _ceiling(status) -> int:
    """The top of the y axis: the highest bar or target bound, at least 1."""
    values = [r.count for r in status.years]
    values += [v for r in status.years for v in (r.target_min, r.target_max) if isinstance(v, int)]
    return max([1, *values])


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 5))
    return list(range(0, top + 1, step))


def description(status, lang: str = "ja") -> str:
    """Every bar in words: 「令和6年度 0（目標 6–7）、令和7年度 7（目標 6–7）…」."""
    w = WORDS["en" if lang == "en" else "ja"]
    parts = []
    for row in status.years:
        text = w["bar"].format(label=row.label, count=row.count)
        target = target_text(row)
        if target is not None:
            text += f" ({w['target'].format(target=target)})" if lang == "en" else f"（{w['target'].format(target=target)}）"
        parts.append(text)
    return w["sep"].join(parts)


def svg(status, title: str, lang: str = "ja") -> str:
    """The chart as an <svg> element; '' when the target has no years (status.years empty)."""
    if not status.years:
        return ""
    years = status.years
    top = _ceiling(status)
    width = LEFT + RIGHT + WIDTH_PER_YEAR * len(years)
    height = TOP + PLOT_HEIGHT + BOTTOM
    base = TOP + PLOT_HEIGHT

    def y(value: int) -> float:
        return round(base - PLOT_HEIGHT * value / top, 1)

    described = description(status, lang)
    label = title + WORDS["en" if lang == "en" else "ja"]["label_sep"] + described
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="{escape(label)}">',  # the label says every value: once
             f'<title id="chart-title">{escape(title)}</title>',
             f'<desc id="chart-desc">{escape(described)}</desc>']
    for tick in _ticks(top):
        parts.append(f'<line class="axis" x1="{LEFT - 4}" y1="{y(tick)}" x2="{LEFT}" y2="{y(tick)}"/>'
                     f'<text x="{LEFT - 8}" y="{y(tick) + 4}" text-anchor="end">{tick}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}"/>'
                 f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{width - RIGHT}" y2="{base}"/>')
    for i, row in enumerate(years):
        slot = LEFT + WIDTH_PER_YEAR * i
        x = slot + (WIDTH_PER_YEAR - BAR) / 2
        parts.extend(_target_marks(row, slot, y))
        parts.append(f'<rect class="bar" x="{x}" y="{y(row.count)}" width="{BAR}" '
                     f'height="{round(base - y(row.count), 1)}"><title>{escape(_bar_title(row, lang))}</title></rect>')
        centre = slot + WIDTH_PER_YEAR / 2
        parts.append(f'<text x="{centre}" y="{y(row.count) - 4}" text-anchor="middle">{row.count}</text>')
        parts.append(f'<text x="{centre}" y="{base + 18}" text-anchor="middle">{escape(row.label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _target_marks(row, slot: float, y) -> list[str]:
    """The year's target: a band from its minimum to its maximum, or a line at its one bound."""
    low, high = row.target_min, row.target_max
    left, right = slot + 6, slot + WIDTH_PER_YEAR - 6
    if isinstance(low, int) and isinstance(high, int) and high > low:
        return [f'<rect class="band" x="{left}" y="{y(high)}" width="{right - left}" height="{round(y(low) - y(high), 1)}"/>',
                f'<line class="target" x1="{left}" y1="{y(low)}" x2="{right}" y2="{y(low)}"/>']
    bound = low if isinstance(low, int) else high
    if isinstance(bound, int):
        return [f'<line class="target" x1="{left}" y1="{y(bound)}" x2="{right}" y2="{y(bound)}"/>']
    return []


def _bar_title(row, lang: str) -> str:
    target = target_text(row)
    w = WORDS["en" if lang == "en" else "ja"]
    text = w["bar"].format(label=row.label, count=row.count)
    return text if target is None else f"{text} / {w['target'].format(target=target)}"


def figure(status, target: dict, lang: str = "ja") -> str:
    """The chart and its data table as one <figure> (the caption is the chart's title); a
    paragraph saying why there is no chart when the target has no years. `target`:
    prefecture.yaml `target` (for the title's 「（目標：39の在宅医療圏、年6～7か所）」)."""
    from zaitaku_cli.status.render import year_table
    from zaitaku_cli.tables import Table
    from zaitaku_cli.writers.html import table_html

    w = WORDS["en" if lang == "en" else "ja"]
    if not status.years:
        return f"<p>{escape(w['none'])}</p>"
    title, headers, rows = year_table(status, target, lang)
    data = Table("years", f"{w['caption']}：{title}" if lang != "en" else f"{w['caption']}: {title}",
                 list(headers), [list(r) for r in rows], row_header=0)
    return "\n".join(['<figure id="progress">', f"<figcaption><h2>{escape(title)}</h2></figcaption>",
                      svg(status, title, lang), table_html(data, lang), "</figure>"])
