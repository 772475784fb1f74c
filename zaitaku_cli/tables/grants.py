"""Grants of one fiscal year against the budget (`zaitaku export grants`; issue 14).

Seed 004 (「在宅医療に必要な連携を担う拠点」に対する補助, 在宅医療提供体制強化事業) gives the menus;
seed 003 (3)「平成30年度予算額」gives Kumamoto's budget, 「14,943千円(1カ所1,149千円)」 for 13
centres. One table, in blocks of rows:

1. one row per grant of fiscal year N under a prefecture-funded menu (`funder: prefecture`, the
   default), in the order of tertiary areas (common.Areas), menus (prefecture.yaml) and names:
   三次医療圏 | 補助メニュー | 補助対象 | 実施主体 | 経路 | <one column per category of the menus,
   the amount decided> | 申請額計 | 交付決定額計 | 備考 — amounts in 千円, exact (money.thousands);
2. 小計 per menu, 小計 per tertiary area (a scheme with tertiary areas), 合計;
3. per menu with grants or a budget of the year: 予算額 (menu.budgets; 「予算額：不明」 when none:
   unknown stays unknown) with the unit × places as the source gives it beside the total and the
   difference between the two — the total is never recomputed from a rounded unit (Kumamoto:
   14,943 against 13 × 1,149 = 14,937, difference 6) — and 差引 (予算額 − 交付決定額計);
4. 【市町村の在宅医療・介護連携推進事業（参考）】: the grants of municipality-funded menus (the
   municipal 事業 and its 委託先), recorded to see double funding, not counted against the budget.

Within an area (tables.areas.restrict) a grant counts when the hub or institution it funds is the
area's, or else its municipality (or the route's) lies in one of the area's zones; the budget is
the prefecture's and is left out (a note says so).

A grant's tertiary area is that of its hub's first zone (area order), its institution's zone, or
the zone holding its municipality; none for the prefecture-wide tier.

As of a day (--as-of) a grant shows once applied for (applied_on on or before the day), and its
decided amounts once decided (decided_on); an undated application or decision counts as the file
says it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from zaitaku_cli.model import date_or_none, menu_label
from zaitaku_cli.money import AMOUNTS, fiscal_year_label, fiscal_year_of, is_yen, sums
from zaitaku_cli.tables import Table, Yen
from zaitaku_cli.tables.common import LIST_SEPARATOR, Areas, labels

MUNICIPAL = "municipality"
ROUTES = ("direct", "indirect", "commissioned")


@dataclass
class MenuYear:
    """One menu in one fiscal year: its grants, their sums (integer yen) and its budget item."""

    id: str
    menu: dict
    grants: list = field(default_factory=list)
    applied: int = 0
    decided: int = 0
    budget: dict | None = None

    def label(self, lang: str) -> str:
        return menu_label(self.menu, lang) or self.id

    @property
    def note(self) -> str | None:
        """The budget's note (seed 003「10月からの半年分として計上」); None without one."""
        note = (self.budget or {}).get("note")
        return note if isinstance(note, str) and note else None

    @property
    def municipal(self) -> bool:
        return self.menu.get("funder") == MUNICIPAL

    @property
    def remaining(self) -> int | None:
        """予算額 − 交付決定額の計; None when the budget is unknown."""
        return None if self.budget is None else self.budget["total"] - self.decided

    @property
    def per_place(self) -> tuple[int, int, int] | None:
        """(per_place, places, per_place × places) as the budget gives them, or None."""
        b = self.budget or {}
        if not (is_yen(b.get("places")) and b["places"] >= 1 and is_yen(b.get("per_place"))):
            return None  # not given (or malformed: the schema says so)
        return b["per_place"], b["places"], b["per_place"] * b["places"]


_DATE_OF = {"applied": "applied_on", "decided": "decided_on"}


def readable_amounts(grant) -> bool:
    """Every amount of the grant is integer yen or null: one written otherwise (grant-amount-yen)
    would make a total wrong, so the grant is left out as records that fail their checks are."""
    items = [i for i in grant.get("items") or [] if isinstance(i, dict)]
    values = [i.get(w) for i in items for w in AMOUNTS] + [grant.get("eligible_cost")]
    return all(v is None or is_yen(v) for v in values)


def recorded_by(grant, which: str, day: datetime.date) -> bool:
    """Whether the grant's `which` (applied|decided) had happened on `day`: its date
    (applied_on, decided_on) is on or before it. An undated one counts as the file says it
    (grant-decided-undated asks for the decision's date)."""
    date = date_or_none(grant.get(_DATE_OF[which]))  # unreadable: the schema's date check reports it
    return date is None or date <= day


def amount(grant, which: str, on: datetime.date, category=None) -> int | None:
    """The grant's total of `which` (applied|decided) as of `on`, of one category when given;
    None when none is written, or not yet applied for or decided on that day."""
    if not recorded_by(grant, which, on):
        return None
    found = sums(grant.get("items"), which, category)
    return None if found is None else found.yen


def grant_zone(grant, registry, areas: Areas) -> str | None:
    """The zone a grant is placed in (module docstring); None when none is known."""
    hub = registry.hubs.get(grant.get("hub")) if grant.get("hub") else None
    if hub is not None:
        zones = sorted(areas.own(z for z in hub.zones if z in registry.zones), key=areas.zone_key)
        return zones[0] if zones else None
    institution = registry.institutions.get(grant.get("institution")) if grant.get("institution") else None
    if institution is not None:
        zone = institution.get("zone")
        return zone if zone in registry.zones else None
    return _town_zones(registry).get(_town(grant))


def _town(grant):
    route = grant.get("route") if isinstance(grant.get("route"), dict) else {}
    return grant.get("municipality") or route.get("municipality")


def _town_zones(registry) -> dict:
    def compute():
        out = {}
        for zone_id, zone in registry.zones.items():
            for code in zone.get("municipalities") or []:
                out.setdefault(code, zone_id)
        return out
    return registry.memo(("grants", "town_zones"), compute)


def in_area(grant, registry) -> bool:
    """The grant belongs to the registry's area (module docstring); always True without an area."""
    if registry.area is None:
        return True
    if grant.get("hub"):
        return grant.get("hub") in registry.hubs
    if grant.get("institution"):
        return grant.get("institution") in registry.institutions
    return _town(grant) in _town_zones(registry)


def menu_years(registry, fiscal_year: int, as_of: datetime.date) -> list[MenuYear]:
    """Every menu of prefecture.yaml with its whole grants of `fiscal_year` (within the registry's
    area) as of `as_of` (module docstring), and its budget of that year (None within an area: the
    budget is the prefecture's)."""
    scheme = registry.scheme
    out = {menu_id: MenuYear(menu_id, menu, budget=None if registry.area is not None
                             else scheme.grant_budget(menu_id, fiscal_year))
           for menu_id, menu in scheme.grant_menus.items()}
    for grant in sorted(registry.grants.values(), key=lambda g: g.id):
        row = out.get(grant.get("menu"))
        if row is None or not grant.whole or grant.get("fiscal_year") != fiscal_year or not in_area(grant, registry) \
                or not recorded_by(grant, "applied", as_of) or not readable_amounts(grant):
            continue  # not yet applied for on the day; an amount it cannot read is not summed as 0
        row.grants.append(grant)
        row.applied += amount(grant, "applied", as_of) or 0
        row.decided += amount(grant, "decided", as_of) or 0
    return list(out.values())


def grants_title(scheme, as_of: datetime.date, year: int, lang: str, area, default: str) -> str:
    """補助金の交付決定と予算（令和7年度）（R7.12.31 現在）; prefecture.yaml `tables.grants` may
    give a number and a title."""
    from zaitaku_cli.tables.common import title

    shown = fiscal_year_label(year, lang)
    return title(scheme, "grants", as_of, lang, area, default, f" ({shown})" if lang == "en" else f"（{shown}）")


class _Rows:
    """The cells of the grant table, in one language."""

    def __init__(self, registry, lang: str, categories: list[tuple[str, str]], as_of: datetime.date):
        self.registry, self.lang, self.as_of = registry, lang, as_of
        self.L = labels(lang, registry.scheme, "grants")
        self.areas = Areas(registry)
        self.categories = categories  # (menu id, category id) per category column
        self.tertiary = registry.scheme.has_tertiary_areas

    def amounts(self, grants) -> list:
        """The category cells (decided), then 申請額計 and 交付決定額計, of `grants` together."""
        cells = []
        for menu_id, category in self.categories:
            found = [amount(g, "decided", self.as_of, category) for g in grants if g.get("menu") == menu_id]
            found = [a for a in found if a is not None]
            cells.append(Yen(sum(found)) if found else "")
        for which in ("applied", "decided"):
            found = [a for a in (amount(g, which, self.as_of) for g in grants) if a is not None]
            cells.append(Yen(sum(found)) if found else "")
        return cells

    def blank(self) -> list:
        return [""] * (len(self.categories) + 2)

    def line(self, tertiary: str, menu: str, target: str, body: str, route: str, amounts: list, note: str = ""):
        """A row: the tertiary cell only where the scheme has tertiary areas."""
        return ([tertiary] if self.tertiary else []) + [menu, target, body, route, *amounts, note]

    def target(self, grant) -> str:
        registry, data = self.registry, grant.data
        hub = registry.hubs.get(data.get("hub")) if data.get("hub") else None
        if hub is not None:
            return hub.get("name") or hub.id
        institution = registry.institutions.get(data.get("institution")) if data.get("institution") else None
        if institution is not None:
            return self.areas.named(institution.get("name") or institution.id, institution.get("municipality"))
        body = data.get("body") or {}
        return body.get("name") or self.areas.town(_town(grant)) or grant.id

    def body(self, grant) -> str:
        body = grant.get("body") or {}
        if body.get("name"):
            return body["name"]
        hub = self.registry.hubs.get(grant.get("hub")) if grant.get("hub") else None
        if hub is not None:
            return LIST_SEPARATOR.join(b.get("name", "") for b in hub.get("implementing_bodies") or []
                                       if isinstance(b, dict))
        institution = self.registry.institutions.get(grant.get("institution")) if grant.get("institution") else None
        if institution is not None:
            return institution.get("operator") or institution.get("name") or ""
        return ""

    def route(self, grant) -> str:
        route = grant.get("route") if isinstance(grant.get("route"), dict) else {}
        kind = route.get("type")
        if kind not in ROUTES:
            return ""
        text = self.L[f"route_{kind}"]
        town = self.areas.town(route.get("municipality"))
        return self.L["route_via"].format(route=text, municipality=town) if town else text

    def tertiary_of(self, grant) -> tuple[tuple, str]:
        zone_id = grant_zone(grant, self.registry, self.areas)
        zone = self.registry.zones.get(zone_id) if zone_id else None
        key = self.areas.zone_key(zone_id)[0] if zone is not None else 999
        return (key,), self.areas.tertiary_name(zone) if zone is not None else ""


def _categories(menus: list[MenuYear]) -> list[tuple[str, str, str, str]]:
    """(menu id, category id, label, label_en) of the prefecture menus that have grants this year."""
    out = []
    for row in menus:
        if row.municipal or not row.grants:
            continue
        for c in row.menu.get("categories") or []:
            if isinstance(c, dict) and c.get("id"):
                out.append((row.id, c["id"], c.get("label") or c["id"], c.get("label_en") or c.get("label") or c["id"]))
    return out


def build_grants(registry, as_of: datetime.date, lang: str = "ja", fiscal_year: int | None = None) -> Table:
    """The grant table of `fiscal_year` (default: that of `as_of`; module docstring)."""
    year = fiscal_year if fiscal_year is not None else fiscal_year_of(as_of)
    scheme = registry.scheme
    menus = menu_years(registry, year, as_of)
    categories = _categories(menus)
    rows_of = _Rows(registry, lang, [(m, c) for m, c, _, _ in categories], as_of)
    L = rows_of.L
    prefecture = [m for m in menus if not m.municipal]
    keyed = _placed(prefecture, rows_of)
    rows = [rows_of.line(tertiary, m.label(lang), rows_of.target(g), rows_of.body(g), rows_of.route(g),
                         rows_of.amounts([g])) for _, tertiary, m, g in keyed]
    rows += _subtotal_rows(prefecture, keyed, rows_of, lang)
    notes = [L["grants_note"]] + ([L["grants_category_note"]] if categories else [])
    if registry.area is None:
        rows += [row for m in prefecture if m.grants or m.budget is not None for row in _budget_rows(m, rows_of, lang)]
    else:
        notes.append(L["grants_area_note"].format(prefecture=scheme.name))
    rows += _municipal_rows([m for m in menus if m.municipal], rows_of, lang, scheme.name)
    if len(rows) > 1:  # a column of the sheet mixes grants with their sums (XLSX amounts are numbers)
        notes.insert(1 + bool(categories), L["grants_sum_note"])  # with the notes on amounts
    if not rows:  # an empty table is a fact of the records, not a failure
        notes.append(L["grants_none_note" if registry.area is None else "grants_none_area_note"])
    headers = ([L["grant_tertiary"]] if rows_of.tertiary else []) + [
        L["grant_menu"], L["grant_target"], L["grant_body"], L["grant_route"],
        *[L["grant_category"].format(label=en if lang == "en" else ja) for _, _, ja, en in categories],
        L["grant_applied"], L["grant_decided"], L["grant_note"]]
    return Table("grants", grants_title(scheme, as_of, year, lang, registry.area, L["grants_title"]), headers, rows,
                 notes=notes, sheet=L["sheet_grants"], slug="grants")


def _placed(menus: list[MenuYear], rows_of: _Rows) -> list[tuple]:
    """(sort key, tertiary area name, menu, grant) of every grant of `menus`, in table order:
    tertiary area, menu (prefecture.yaml order), funded name, id."""
    keyed = []
    for index, m in enumerate(menus):
        for grant in m.grants:
            key, tertiary = rows_of.tertiary_of(grant)
            keyed.append(((key, index, rows_of.target(grant), grant.id), tertiary, m, grant))
    return sorted(keyed, key=lambda k: k[0])


def _subtotal_rows(menus: list[MenuYear], keyed: list[tuple], rows_of: _Rows, lang: str) -> list[list]:
    """小計 per menu, 小計 per tertiary area (不明 for grants placed in none), then 合計."""
    L = rows_of.L
    rows = [rows_of.line("", m.label(lang), L["subtotal"], "", "", rows_of.amounts(m.grants)) for m in menus if m.grants]
    if rows_of.tertiary:
        by_area: dict[str, list] = {}
        for _, tertiary, _, grant in keyed:
            by_area.setdefault(tertiary or L["unknown"], []).append(grant)
        rows += [rows_of.line(t, "", L["subtotal"], "", "", rows_of.amounts(g)) for t, g in by_area.items()]
    if keyed:
        rows.append(rows_of.line("", "", L["total"], "", "", rows_of.amounts([g for *_, g in keyed])))
    return rows


def _budget_rows(m: MenuYear, rows_of: _Rows, lang: str) -> list[list]:
    """予算額 (or 予算額：不明) and 差引 of one menu, unit × places beside the total."""
    L, label = rows_of.L, m.label(lang)
    if m.budget is None:
        return [rows_of.line("", label, L["budget"], "", "", rows_of.blank()[:-1] + [L["unknown"]],
                             L["budget_unknown"]),
                rows_of.line("", label, L["balance"], "", "", rows_of.blank()[:-1] + [L["unknown"]])]
    total = m.budget["total"]
    notes = []
    unit = m.per_place
    if unit is not None:
        from zaitaku_cli.money import thousands

        per, places, product = unit
        text = L["per_place"].format(unit=thousands(per), places=places, product=thousands(product))
        if product != total:
            text += L["per_place_difference"].format(total=thousands(total), difference=thousands(total - product))
        notes.append(text)
    if m.note:
        notes.append(m.note)
    joiner = "; " if lang == "en" else "。"
    return [rows_of.line("", label, L["budget"], "", "", rows_of.blank()[:-1] + [Yen(total)], joiner.join(notes)),
            rows_of.line("", label, L["balance"], "", "", rows_of.blank()[:-1] + [Yen(m.remaining)])]


def _municipal_rows(menus: list[MenuYear], rows_of: _Rows, lang: str, prefecture: str) -> list[list]:
    """The municipal 事業 (funder municipality) as a section of its own: not the budget's."""
    L, out = rows_of.L, []
    for m in menus:
        if not m.grants:
            continue
        out.append(rows_of.line("", "", L["municipal_section"].format(label=m.label(lang)), "", "",
                                rows_of.blank(), L["municipal_note"].format(prefecture=prefecture)))
        keyed = []
        for grant in m.grants:
            key, tertiary = rows_of.tertiary_of(grant)
            town = rows_of.areas.town(_town(grant)) or rows_of.target(grant)
            keyed.append(((key, town, grant.id), tertiary, grant, town))
        for _, tertiary, grant, town in sorted(keyed, key=lambda k: k[0]):
            body = (grant.get("body") or {}).get("name", "")
            out.append(rows_of.line(tertiary, m.label(lang), town, body, rows_of.route(grant),
                                    rows_of.amounts([grant])))
    return out
