"""One area of the prefecture for `export` and `status` (`--health-center`, `--tertiary-area`,
`--secondary-area`, `--zone`): which zones it holds, and the registry as seen from it.

An area is named by its id (code for a secondary area) or by its name as the tables show it
(十勝, 帯広保健所, 東十勝, 東十勝在宅医療圏; a health centre also by `name_en`). Its zones:

- a health centre: the zones whose `health_center` names it (a zone that names none is in no
  health centre's area: unknown stays unknown);
- a tertiary area: the zones whose secondary area lies in it (prefecture.yaml `secondary_areas`);
- a secondary area: the zones whose `secondary_area` is its code;
- a zone: that zone.

`restrict` gives the registry as the area sees it: its zones, the institutions of those zones,
and the hubs that cover at least one of them — a hub covering several zones appears once, and
its cells list only the area's zones and the area's institutions (common.Areas.own): the row is
the hub as far as this area is concerned; the other zones have their own areas. The
prefecture-wide tier covers no zone, so it is in no area. The view's scheme counts the area's
recorded zones (`zone_total`, the target's `zones`) and drops the per-year bounds and totals of
`target`, which are the prefecture's, not the area's. The view is for tables and status only:
rules run on the whole registry before it is made.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from dataclasses import dataclass

# option kind -> the scheme's term for it (model.Scheme.terms)
KINDS = ("health_center", "tertiary_area", "secondary_area", "zone")
OPTIONS = {k: "--" + k.replace("_", "-") for k in KINDS}
SHOWN = 12  # known values listed in an error; the rest are counted


@dataclass(frozen=True)
class Area:
    """An area: its kind (KINDS), id, names as the tables show them, and its zone ids."""

    kind: str
    id: str
    name: str
    name_en: str
    zones: frozenset

    def label(self, terms: dict, lang: str = "ja") -> str:
        """The area as a phrase, in the scheme's words: 帯広保健所, 十勝（第三次医療圏）,
        東十勝在宅医療圏 / Obihiro health centre, 十勝 (tertiary area)."""
        name = self.name_en if lang == "en" else self.name
        term = terms.get(self.kind, "")
        if not term or name.lower().endswith(term.lower()):
            return name
        return f"{name} ({term})" if lang == "en" else f"{name}（{term}）"


class UnknownArea(Exception):
    """`value` names no area of `kind`, or several (`ambiguous`); `known` lists (id, name) of the
    kind's areas, `close` the ids or names close to `value`."""

    def __init__(self, kind: str, value: str, known: list, close: list, ambiguous: bool = False,
                 elsewhere: list = ()):
        super().__init__(value)
        self.kind, self.value, self.known, self.close, self.ambiguous = kind, value, known, close, ambiguous
        self.elsewhere = list(elsewhere)  # other kinds (KINDS) that know `value`

    def _elsewhere(self, terms: dict, lang: str) -> str:
        if not self.elsewhere:
            return ""
        hints = [(terms.get(k, k), f"{OPTIONS[k]} {self.value}") for k in self.elsewhere]
        if lang == "en":
            return " " + "; ".join(f"{self.value} is a {t}: {o}" for t, o in hints) + "."
        return "".join(f"「{self.value}」は{t}です（{o}）。" for t, o in hints)

    def message(self, terms: dict, lang: str = "ja") -> str:
        option, term = OPTIONS[self.kind], terms.get(self.kind, self.kind)
        listed = [f"{i}（{n}）" if n != i else i for i, n in self.known[:SHOWN]]
        more = len(self.known) - SHOWN
        if lang == "en":
            listed = [f"{i} ({n})" if n != i else i for i, n in self.known[:SHOWN]]
            if self.ambiguous:
                head = f"{option} {self.value}: several {term}s have this name; give the id"
            elif not self.known:
                return (f"{option} {self.value}: prefecture.yaml lists no {term} yet: list them in its "
                        "health_centers ({id, name}) and name each zone's in its health_center (README, "
                        "health centres)." if self.kind == "health_center"
                        else f"{option} {self.value}: the registry has no {term}.") + self._elsewhere(terms, lang)
            else:
                head = f"{option} {self.value}: no such {term}"
            close = f"; did you mean: {', '.join(self.close)}" if self.close else ""
            tail = f" and {more} more" if more > 0 else ""
            return f"{head}{close}. Known: {', '.join(listed)}{tail}" + ("." + self._elsewhere(terms, lang) if self.elsewhere else "")
        if self.ambiguous:
            head = f"{option} {self.value}: この名称の{term}が複数あります。ID で指定してください"
        elif not self.known:
            return (f"{option} {self.value}: prefecture.yaml に{term}（health_centers）がまだ記録されていません。"
                    f"health_centers に{term}（{{id, name}}）を並べ、在宅医療圏の記録の health_center にその ID を"
                    "書いてください（README「保健所」）。" if self.kind == "health_center"
                    else f"{option} {self.value}: 登録簿に{term}がありません。") + self._elsewhere(terms, lang)
        else:
            head = f"{option} {self.value}: この{term}はありません"
        close = f"（もしかして: {'、'.join(self.close)}）" if self.close else ""
        tail = f" ほか {more} 件" if more > 0 else ""
        return f"{head}{close}。指定できるもの: {'、'.join(listed)}{tail}" + ("。" + self._elsewhere(terms, lang) if self.elsewhere else "")


def _candidates(registry, kind: str) -> list[tuple[str, tuple, str, str]]:
    """(id, names it may be given by, name, English name) of every area of `kind`, in table order."""
    scheme = registry.scheme
    if kind == "health_center":
        return [(h.id, (h.id, h.name, h.name_en), h.name, h.label("en")) for h in scheme.health_centers.values()]
    if kind == "tertiary_area":
        return [(t["id"], (t["id"], t.get("name")), t.get("name") or t["id"], t.get("name") or t["id"])
                for t in scheme.data.get("tertiary_areas") or []]
    if kind == "secondary_area":
        return [(code, (code, a.get("name")), a.get("name") or code, a.get("name") or code)
                for code, a in scheme.secondary_areas.items()]
    from zaitaku_cli.tables.common import Areas

    zones = sorted(registry.zones, key=Areas(registry).zone_key)
    out = []
    for zone_id in zones:
        zone = registry.zones[zone_id]
        out.append((zone_id, (zone_id, zone.get("short_name"), zone.get("name")), *zone_names(zone)))
    return out


def zone_names(zone) -> tuple[str, str]:
    """(name, short name) of a zone record as areas and pages show it: the id where the record
    has no name, the name where it has no short name."""
    name = _text(zone.get("name")) or zone.id
    return name, _text(zone.get("short_name")) or name


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _same(text: str) -> str:
    """Compared as typed or in half-width/full-width alike (０１１９ is 0119, ｵﾎｰﾂｸ is オホーツク)."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _matching(candidates, value: str) -> list:
    wanted = _same(value)
    chosen = [c for c in candidates if _same(c[0]) == wanted]
    return chosen or [c for c in candidates if wanted in [_same(n) for n in c[1][1:] if isinstance(n, str)]]


def resolve(registry, kind: str, value: str) -> Area:
    """The area of `kind` that `value` names (its id first, then a name; full-width and half-width
    alike). Raises UnknownArea, naming the option that knows `value` when another kind does
    (`--zone 十勝` → `--tertiary-area 十勝`)."""
    candidates = _candidates(registry, kind)
    chosen = _matching(candidates, value)
    known = [(c[0], c[2]) for c in candidates]
    if len(chosen) != 1:
        names = [n for c in candidates for n in c[1] if isinstance(n, str) and n]
        close = [] if chosen else difflib.get_close_matches(value.strip(), names, n=3, cutoff=0.5)
        elsewhere = [] if chosen else [k for k in KINDS if k != kind and _matching(_candidates(registry, k), value)]
        raise UnknownArea(kind, value, known, close, ambiguous=len(chosen) > 1, elsewhere=elsewhere)
    area_id, _, name, name_en = chosen[0]
    return Area(kind, area_id, name, name_en, frozenset(z for z, r in registry.zones.items()
                                                          if _zone_in(registry.scheme, r, kind, area_id)))


def _zone_in(scheme, zone, kind: str, area_id: str) -> bool:
    if kind == "zone":
        return zone.id == area_id
    if kind == "health_center":
        return zone.get("health_center") == area_id
    code = zone.get("secondary_area")
    if kind == "secondary_area":
        return code == area_id
    area = scheme.secondary_areas.get(code) if isinstance(code, str) else None
    return bool(area) and area.get("tertiary_area") == area_id


def _in(area: Area, zone_id) -> bool:
    return isinstance(zone_id, str) and zone_id in area.zones


def restrict(registry, area: Area | None):
    """The registry as `area` sees it (module docstring); the registry itself for None."""
    if area is None:
        return registry
    zones = {z: r for z, r in registry.zones.items() if _in(area, z)}
    institutions = {i: r for i, r in registry.institutions.items() if any(_in(area, z) for z in r.zones)}
    hubs = {h: r for h, r in registry.hubs.items() if any(_in(area, z) for z in r.zones)}
    return _view(registry, area, zones, institutions, hubs)


def zone_views(registry, zone_ids):
    """(zone id, the registry as that zone sees it) for each of `zone_ids`: restrict(registry,
    the zone's Area) for every zone, with the records indexed by zone once (a site of 400 zones
    would otherwise scan every record 400 times)."""
    institutions: dict = {}
    hubs: dict = {}
    for index, records in ((institutions, registry.institutions), (hubs, registry.hubs)):
        for record_id, record in records.items():
            for zone_id in dict.fromkeys(z for z in record.zones if isinstance(z, str)):
                index.setdefault(zone_id, {})[record_id] = record
    for zone_id in zone_ids:
        zone = registry.zones[zone_id]
        area = Area("zone", zone_id, *zone_names(zone), frozenset([zone_id]))
        yield zone_id, _view(registry, area, {zone_id: zone}, institutions.get(zone_id, {}), hubs.get(zone_id, {}))


def _view(registry, area: Area, zones: dict, institutions: dict, hubs: dict):
    from zaitaku_cli.model import Scheme

    data = dict(registry.scheme.data, zone_total=len(zones))
    target = data.get("target")
    if isinstance(target, dict):
        kept = {k: target[k] for k in ("first_fiscal_year", "last_fiscal_year", "unit") if k in target}
        data["target"] = {**kept, "zones": len(zones)} if kept.get("unit", "zones") == "zones" else kept
    return dataclasses.replace(registry, scheme=Scheme(data, registry.scheme.doc), zones=zones,
                               institutions=institutions, hubs=hubs, area=area, _memo={})


def select(registry, **values) -> Area | None:
    """The one area the options name ({kind: value or None}); None when none is given. Raises
    UnknownArea; ValueError when more than one is given (the command says which)."""
    given = [(k, v) for k, v in values.items() if v is not None]
    if not given:
        return None
    if len(given) > 1:
        raise ValueError([OPTIONS[k] for k, _ in given])
    kind, value = given[0]
    return resolve(registry, kind, value)
