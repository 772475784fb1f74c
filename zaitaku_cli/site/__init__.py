"""`zaitaku site DIR`: the registry published as a static web site (DESIGN §5 "Further outputs";
seed 001「道民や各医療機関等へ周知」, seed 000 6: the support centre's web pages).

Pages (every one self-contained: the stylesheet of writers.html embedded, no script, no
external asset; links between them relative):

- index.html: the prefecture's title, the as-of date, the hubs summary line (「○ ３９の在宅医療圏の
  うち…」), links to every page, and the progress per fiscal year against prefecture.yaml
  `target` as an inline SVG chart with its data table (site.chart);
- one page per table: regional.html, functional.html, hubs.html (with the coordination table),
  pending.html, grants.html (the fiscal year of the as-of date);
- zones/<id>.html per recorded zone: that zone's rows of the same tables (tables.areas.restrict,
  as `export --zone` gives them).

`build_site` is pure: the pages are a function of the registry, the as-of date and the language,
with no other date or time in them, so two builds are byte-identical. Writing the folder:
site.output.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from zaitaku_cli.tables.areas import zone_names
from zaitaku_cli.writers.html import escape, page, table_html

TABLE_PAGES = ("regional", "functional", "hubs", "pending", "grants")
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

WORDS = {
    "ja": {"site_title": "{prefecture}の在宅医療の指定状況", "home": "トップ", "as_of": "{date}現在",
           "zones": "{zone}ごとのページ", "page_title": "{page} | {site}", "nav": "ページの一覧",
           "zone_title": "{zone}", "zones_recorded": "登録簿に記録のある{count}の{zone}のページです（{total}のうち）。"},
    "en": {"site_title": "Home medical care designations: {prefecture}", "home": "Home",
           "as_of": "As of {date}", "zones": "Pages per {zone}", "page_title": "{page} | {site}",
           "nav": "Pages", "zone_title": "{zone}",
           "zones_recorded": "Pages of the {count} recorded in the registry so far (of {total})."},
}


@dataclass
class Site:
    """`pages`: relative path (forward slashes) -> bytes, in a stable order; `warnings`: for the
    person building (stderr), each once."""

    pages: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def site_title(scheme, lang: str) -> str:
    """prefecture.yaml `site.title` (`title_en` in English), else 「（都道府県名）の在宅医療の指定状況」."""
    spec = scheme.data.get("site") or {}
    own = spec.get("title_en" if lang == "en" else "title") if isinstance(spec, dict) else None
    return own if isinstance(own, str) and own else WORDS[lang]["site_title"].format(prefecture=scheme.name)


def zone_file(zone_id: str, index: int) -> str:
    """zones/<id>.html; a record id is a slug ([a-z0-9-], checked by the schema), and anything
    else gets a numbered name rather than a path of its own choosing."""
    return f"zones/{zone_id}.html" if _SAFE_ID.fullmatch(zone_id) else f"zones/zone-{index}.html"


def build_site(registry, as_of: datetime.date, lang: str = "ja") -> Site:
    """Every page of the site for `registry` (checked by the caller) as of `as_of`."""
    from zaitaku_cli.tables import build
    from zaitaku_cli.tables.common import Areas

    lang = "en" if lang == "en" else "ja"
    w = WORDS[lang]
    site = Site()
    title = site_title(registry.scheme, lang)
    tables = {kind: build(kind, registry, as_of, lang, include_planned=kind == "hubs") for kind in TABLE_PAGES}
    nav = [("index.html", w["home"])] + [(f"{kind}.html", tables[kind][0].sheet or kind) for kind in TABLE_PAGES]
    zones = [(z, zone_file(z.id, i)) for i, z in enumerate(Areas(registry).sorted_zones(), start=1)]

    site.pages["index.html"] = _index(registry, as_of, lang, title, nav, tables["hubs"][0], zones)
    for kind in TABLE_PAGES:
        label = dict(nav)[f"{kind}.html"]
        body = _frame(title, nav, f"{kind}.html", "", as_of, lang, [table_html(t, lang) for t in tables[kind]],
                      heading=label)
        site.pages[f"{kind}.html"] = page(w["page_title"].format(page=label, site=title), body, lang).encode("utf-8")
        _warn(site, tables[kind])
    from zaitaku_cli.tables.areas import zone_views

    paths = {zone.id: (zone, path) for zone, path in zones}
    for zone_id, view in zone_views(registry, list(paths)):
        zone, path = paths[zone_id]
        site.pages[path] = _zone_page(view, zone, as_of, lang, title, nav, site)
    return site


def _warn(site: Site, tables) -> None:
    for table in tables:
        for warning in table.warnings:
            if warning not in site.warnings:
                site.warnings.append(warning)


def _as_of_line(as_of: datetime.date, lang: str) -> str:
    from zaitaku_cli.tables.common import era_or_iso

    shown = as_of.isoformat() if lang == "en" else era_or_iso(as_of)
    text = WORDS[lang]["as_of"].format(date=f'<time datetime="{as_of.isoformat()}">{escape(shown)}</time>')
    return f'<p class="as-of">{text}</p>'


def _frame(title: str, nav, current: str, prefix: str, as_of, lang: str, sections: list[str],
           heading: str | None = None) -> str:
    """A page's body: the site's title, the navigation (hrefs relative to the page: `prefix` is
    "../" for a zone page), the as-of date, then `sections` in <main>."""
    items = []
    for href, label in nav:
        current_mark = ' aria-current="page"' if href == current else ""
        items.append(f'<li><a href="{prefix}{href}"{current_mark}>{escape(label)}</a></li>')
    head = [f"<header>\n<p class=\"site\"><a href=\"{prefix}index.html\">{escape(title)}</a></p>",
            f'<nav aria-label="{escape(WORDS[lang]["nav"])}"><ul>' + "".join(items) + "</ul></nav>", "</header>"]
    main = ["<main>"] + ([f"<h1>{escape(heading)}</h1>"] if heading else []) + [_as_of_line(as_of, lang)]
    return "\n".join(head + main + sections + ["</main>"])


def _index(registry, as_of, lang: str, title: str, nav, hubs_table, zones) -> bytes:
    from zaitaku_cli.site.chart import figure
    from zaitaku_cli.status import build_status
    from zaitaku_cli.tables.common import scheme_notes

    w = WORDS[lang]
    terms = registry.scheme.terms(lang)
    status = build_status(registry, as_of, lang)
    # the hub table's own lines (○ …の在宅医療圏で拠点を指定済み。); its ※ notes from prefecture.yaml
    # explain columns of that table and stay under it, on its page
    explained = set(scheme_notes(registry.scheme, "hubs", lang))
    summary = "\n".join(f'<p class="summary">{escape(note)}</p>' for note in hubs_table.notes if note not in explained)
    zone_links = "".join(f'<li><a href="{path}">{escape(zone_names(zone)[0])}</a></li>' for zone, path in zones)
    sections = [summary, figure(status, registry.scheme.data.get("target") or {}, lang)]
    if zones:  # a registry without zones yet has no zone pages
        sections.append(f"<h2>{escape(w['zones'].format(zone=terms.get('zone', 'zone')))}</h2>")
        total = registry.scheme.zone_total
        if total and total > len(zones):  # the summary counts every zone: say why most have no page
            sections.append("<p>" + escape(w["zones_recorded"].format(count=len(zones), total=total,
                                                                      zone=terms.get("zone", "zone"))) + "</p>")
        sections.append(f'<ul class="zones">{zone_links}</ul>')
    body = _frame(title, nav, "index.html", "", as_of, lang, sections, heading=title)
    return page(title, body, lang).encode("utf-8")


def _zone_page(view, zone, as_of, lang: str, title: str, nav, site: Site) -> bytes:
    """One zone's rows of every table, from `view`: the registry as that zone sees it
    (tables.areas.zone_views, as `export --zone` restricts it)."""
    from zaitaku_cli.tables import build

    sections = []
    for kind in TABLE_PAGES:
        tables = build(kind, view, as_of, lang, include_planned=kind == "hubs")
        _warn(site, tables)
        sections += [table_html(t, lang) for t in tables]
    name = zone_names(zone)[0]
    body = _frame(title, nav, "", "../", as_of, lang, sections, heading=name)
    return page(WORDS[lang]["page_title"].format(page=name, site=title), body, lang).encode("utf-8")
