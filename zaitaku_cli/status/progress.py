"""`zaitaku status`: progress against the plan, built from the typed registry (pure; rendering is
in status_render.py).

Every count is of each record's status on the as-of date (model.Designation.status_on: a pure
function of its dates and dated steps), whatever its status today.

Per zone (as of the date): the designated hubs, the number of designated active-role
institutions, and whether the zone has both (the plan needs at least one of each); the hubs and
institutions in preparation, each with its step on that date (予定 / 調整中 / 申請書提出済（審査中）).

Per tertiary area (prefecture.yaml `tertiary_areas`, in its order), when the scheme has them: its
recorded zones and how many have a designated hub, institution, both, and a hub in preparation.
Seed 004 (R6.8 方針 and 指定に向けて):「道央に偏らないよう３次医療圏単位で都市部から地域の状況をリサーチし、
順次、地域を拡大。」 A scheme without tertiary areas (Kumamoto, Niigata: one zone per secondary area)
is not grouped.

Still to do (seed 004「※ 同一在宅医療圏で複数意向ある場合すべて指定」): the institutions not designated
(nor withdrawn) on the date that are eligible (status/eligibility.py), with their step, and apart
from them those whose eligibility is unknown (null answers), never counted as eligible.

Per fiscal year (April–March) of prefecture.yaml `target` (Hokkaido: FY2024–FY2029, 6–7 zones a
year, all 39 zones): the zones that got their first hub that year. What counts:

- A zone counts once, in the fiscal year of the effective date of its first hub designation
  (`designated_on`, the last day of its month when only the month is known, or `designated_by`),
  on or before the as-of date. A hub withdrawn later still counts in the year it was designated:
  the row records the designations made that year.
- A hub that covers several zones (十勝: four) counts for each of them.
- Only zones recorded in registry/zones/ are listed or counted.
- The totals line counts zones with a hub designated *on the as-of date* (withdrawn ones no
  longer count), against `target.zones` (or `zone_total`).
- Zones are in the tables' order (tables.common.Areas.zone_key).
- The target's years must lie between FY1900 and FY9998 and span at most MAX_TARGET_YEARS; other
  values are reported in `Status.problems` and no per-year rows are made.

Everything here is computed for the as-of date passed in, whatever date the registry was loaded
(and checked) with: the command checks against today, as export does, and counts as of --as-of.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from zaitaku_cli.model import DESIGNATED, LIFECYCLE, PENDING, WITHDRAWN
from zaitaku_cli.money import fiscal_year_label
from zaitaku_cli.money import fiscal_year_of as fiscal_year

MAX_TARGET_YEARS = 100  # a medical plan runs six years; more than a century is a typo


@dataclass
class ZoneRow:
    id: str
    name: str
    hubs: list[tuple[str, str]]  # (id, name) of the hubs designated on the as-of date
    institutions: int  # active-role institutions designated on the as-of date
    tertiary: tuple[str | None, str] | None = None  # (id, name) of its tertiary area; None: the scheme has none
    pending_hubs: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, step) in preparation
    pending_institutions: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, step)

    @property
    def hub_in_preparation(self) -> str | None:
        """The furthest step of its hubs in preparation, for a zone with no hub designated (else None)."""
        if self.has_hub or not self.pending_hubs:
            return None
        return max((step for _, _, step in self.pending_hubs), key=LIFECYCLE.index)

    @property
    def has_hub(self) -> bool:
        return bool(self.hubs)

    @property
    def has_institution(self) -> bool:
        return self.institutions > 0


@dataclass
class AreaRow:
    """A tertiary area's subtotal: zones with a designation out of its recorded zones."""

    id: str | None  # None: the zones whose tertiary area is not known (a faulty secondary area)
    name: str
    zones: list[tuple[str, str]]  # (id, short name) of its recorded zones, in zone order
    zones_with_hub: int
    zones_with_institution: int
    zones_complete: int
    zones_pending_hub: dict[str, int]  # step -> zones with no hub designated and one in that step


@dataclass
class Candidate:
    """An institution not designated on the as-of date whose eligibility is known or unknown."""

    zone: str  # zone id
    zone_name: str
    id: str
    name: str
    step: str | None  # planned | coordinating | applied on the date; None: no step yet on that date
    unknown: tuple[str, ...] = ()  # what is not known (eligibility.Eligibility.unknown)
    unknown_labels: tuple[str, ...] = ()  # the same for people: 種別, 意向, ①…


@dataclass
class YearRow:
    fiscal_year: int | None  # None for the rows before / after the target years
    label: str  # 令和6年度 / FY2024 / 令和5年度以前
    items: list[tuple[str, str]]  # (id, name) of what counts that year: zones given their first hub
    #                              (target unit "zones"), or hubs designated (unit "designations")
    target_min: int | None
    target_max: int | None
    cumulative: int
    state: str  # met | short | current | future | outside

    @property
    def zones(self) -> list[tuple[str, str]]:
        return self.items

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class BudgetRow:
    """A prefecture-funded grant menu in the fiscal year of the as-of date (tables.grants.MenuYear):
    what was applied for and decided against its budget (integer yen)."""

    id: str
    label: str
    grants: int  # grant records of the year
    applied: int
    decided: int
    budget: int | None  # None: unknown (prefecture.yaml gives none for the year), or an area's view
    remaining: int | None  # budget − decided
    per_place: tuple[int, int, int] | None = None  # (unit, places, unit × places) as the budget gives them
    note: str | None = None  # the budget's note (seed 003「10月からの半年分として計上」)


@dataclass
class Status:
    as_of: datetime.date
    zones: list[ZoneRow]
    years: list[YearRow]
    zone_total: int | None  # the target's number of zones (39)
    zones_with_hub: int
    zones_with_institution: int
    zones_complete: int
    problems: list[tuple[str, str]] = field(default_factory=list)  # (ja, en): what could not be counted
    unit: str = "zones"  # what the target counts: "zones" or "designations" (prefecture.yaml target.unit)
    terms: dict = field(default_factory=dict)  # the scheme's words (model.Scheme.terms) in the output language
    prefecture_wide: list[tuple[str, str]] = field(default_factory=list)  # (id, name) of prefecture-wide hubs in force
    prefecture_wide_label: str | None = None  # the tier's name (None: the scheme has no such tier)
    per_year_targets: bool = False  # target.per_year gives some years their own bounds
    target_total: int | None = None  # the whole target in its unit (zones, or designations)
    areas: list[AreaRow] = field(default_factory=list)  # per tertiary area; [] without tertiary areas
    has_tertiary_areas: bool = False
    zones_pending_hub: dict[str, int] = field(default_factory=dict)  # step -> zones (hub in preparation)
    institutions_designated: int = 0  # institutions designated on the date (any zone)
    institutions_pending: dict[str, int] = field(default_factory=dict)  # step -> institutions
    eligible: list[Candidate] = field(default_factory=list)  # eligible, not designated: still to do
    eligibility_unknown: list[Candidate] = field(default_factory=list)  # not designated, eligibility unknown
    fiscal_year: int | None = None  # the year of the as-of date (the budget rows' year)
    budgets: list[BudgetRow] = field(default_factory=list)  # menus with grants or a budget that year
    budget_scope: str = "prefecture"  # "area": the view of one area, whose budget is not known


def _target_years(target: dict) -> tuple[int | None, int | None, list[tuple[str, str]]]:
    """(first, last) fiscal years of the target, or (None, None) with the reason when they cannot be used."""
    first, last = target.get("first_fiscal_year"), target.get("last_fiscal_year")
    if not (type(first) is int and type(last) is int):
        return None, None, []
    if not (1900 <= first <= 9998 and 1900 <= last <= 9998) or last < first or last - first >= MAX_TARGET_YEARS:
        return None, None, [(
            f"prefecture.yaml の target の年度（first_fiscal_year: {first}、last_fiscal_year: {last}）が範囲外のため、"
            f"年度ごとの集計をしていません（1900～9998年度、{MAX_TARGET_YEARS}年以内で、first ≦ last）",
            f"prefecture.yaml target years (first_fiscal_year {first}, last_fiscal_year {last}) are out of range"
            f" (FY1900–FY9998, first ≤ last, at most {MAX_TARGET_YEARS} years): no per-year rows")]
    return first, last, []


def year_bounds(target: dict, fiscal_year: int) -> tuple[int | None, int | None]:
    """(min, max) for one fiscal year: its own entry of `target.per_year`, else per_year_min/max."""
    for entry in target.get("per_year") or []:
        if entry.get("fiscal_year") == fiscal_year:
            return entry.get("min"), entry.get("max")
    return target.get("per_year_min"), target.get("per_year_max")


def designations_by_year(registry, as_of: datetime.date) -> dict[int, list]:
    """Fiscal year -> the zone hubs (not the prefecture-wide tier) whose designation took effect
    that year, on or before `as_of`, withdrawn since or not: what a target counted in
    designations (Kumamoto: 13 centres in FY2018) counts."""
    years: dict[int, list] = {}
    for hub in _designated_by(registry, as_of):
        if not hub.prefecture_wide:
            years.setdefault(fiscal_year(hub.designation.effective), []).append(hub)
    return years


def _designated_by(registry, as_of: datetime.date):
    """The valid hubs designated on or before `as_of`, withdrawn since or not."""
    for hub in registry.hubs.values():
        d = hub.designation
        if hub.whole and d is not None and d.ever_designated and d.effective <= as_of:
            yield hub


def _short(zone) -> str:
    return zone.get("short_name") or zone.get("name") or zone.id


def first_hub_dates(registry, as_of: datetime.date) -> dict[str, datetime.date]:
    """zone id -> the effective date of its first hub designation on or before `as_of`,
    counting hubs withdrawn since."""
    first: dict[str, datetime.date] = {}
    for hub in _designated_by(registry, as_of):
        effective = hub.designation.effective
        for zone_id in hub.zones:
            if zone_id in registry.zones and (zone_id not in first or effective < first[zone_id]):
                first[zone_id] = effective
    return first


def designated_by_zone(records, as_of: datetime.date) -> dict[str, list]:
    """zone id -> the valid records designated on `as_of` (tables.common.counts_as_designated),
    oldest first. Computed here for `as_of` rather than taken from Registry.designated_by_zone,
    which answers for the date the registry was loaded with (today)."""
    from zaitaku_cli.tables.common import counts_as_designated

    index: dict[str, list] = {}
    for record in records.values():
        if counts_as_designated(record, as_of):
            for zone_id in record.zones:
                index.setdefault(zone_id, []).append(record)
    for chosen in index.values():
        chosen.sort(key=lambda r: (r.designation.effective, r.id))
    return index


def build_status(registry, as_of: datetime.date, lang: str = "ja") -> Status:
    """Progress as of `as_of` (the registry may have been loaded and checked as of another day)."""
    from zaitaku_cli.tables.common import Areas, counts_as_designated

    hubs_by_zone = designated_by_zone(registry.hubs, as_of)
    institutions_by_zone = designated_by_zone(registry.institutions, as_of)
    on = StatusOn(as_of)
    pending_hubs = pending_by_zone(registry.hubs, as_of, on)
    pending_institutions = pending_by_zone(registry.institutions, as_of, on)
    areas = Areas(registry)
    zones = areas.sorted_zones()
    tertiary = _tertiary_of(registry, lang) if registry.scheme.has_tertiary_areas else None
    zone_rows = [ZoneRow(z.id, _short(z), [(h.id, h.get("name") or h.id) for h in hubs_by_zone.get(z.id, [])],
                         len(institutions_by_zone.get(z.id, [])),
                         tertiary=tertiary(z) if tertiary else None,
                         pending_hubs=pending_hubs.get(z.id, []),
                         pending_institutions=pending_institutions.get(z.id, [])) for z in zones]

    target = registry.scheme.data.get("target") or {}
    unit = target.get("unit") or "zones"
    total = target.get("zones") or registry.scheme.zone_total
    target_total = total
    if unit == "designations":
        target_total = target.get("designations")
        counted = {fy: [(h.id, h.get("name") or h.id) for h in sorted(hubs, key=lambda h: (h.designation.effective, h.id))]
                   for fy, hubs in designations_by_year(registry, as_of).items()}
    else:
        counted = _zones_by_year(registry, as_of, zones)
    years, problems = _year_rows(target, counted, as_of, lang)

    wide = registry.scheme.prefecture_wide
    in_force = sorted((h for h in registry.hubs.values() if h.prefecture_wide and counts_as_designated(h, as_of)),
                      key=lambda h: (h.designation.effective, h.id))
    eligible, unknown = candidates(registry, as_of, areas, lang, on)
    return Status(as_of, zone_rows, years, total,
                  zones_with_hub=sum(1 for r in zone_rows if r.has_hub),
                  zones_with_institution=sum(1 for r in zone_rows if r.has_institution),
                  zones_complete=sum(1 for r in zone_rows if r.has_hub and r.has_institution),
                  problems=problems, unit=unit, terms=registry.scheme.terms(lang),
                  prefecture_wide=[(h.id, _wide_name(h)) for h in in_force],
                  prefecture_wide_label=(wide.get("label_en") or wide["label"]) if wide and lang == "en"
                  else (wide["label"] if wide else None),
                  per_year_targets=bool(target.get("per_year")), target_total=target_total,
                  areas=_area_rows(registry, zone_rows, lang) if tertiary else [],
                  has_tertiary_areas=bool(tertiary),
                  zones_pending_hub=_steps(r.hub_in_preparation for r in zone_rows),
                  institutions_designated=sum(1 for r in registry.institutions.values()
                                              if counts_as_designated(r, as_of)),
                  institutions_pending=_steps(step for r in registry.institutions.values()
                                              if (step := _pending_step(r, as_of, on))),
                  eligible=eligible, eligibility_unknown=unknown, fiscal_year=fiscal_year(as_of),
                  budgets=budget_rows(registry, fiscal_year(as_of), as_of, lang),
                  budget_scope="prefecture" if registry.area is None else "area")


def budget_rows(registry, year: int, as_of: datetime.date, lang: str = "ja") -> list[BudgetRow]:
    """The prefecture-funded menus (funder prefecture) with grants or a budget in fiscal year
    `year` as of `as_of` (applied for and decided by then), in prefecture.yaml order; the municipal
    事業 is not the prefecture's budget."""
    from zaitaku_cli.tables.grants import menu_years

    return [BudgetRow(m.id, m.label(lang), len(m.grants), m.applied, m.decided,
                      None if m.budget is None else m.budget["total"], m.remaining, m.per_place,
                      m.note)
            for m in menu_years(registry, year, as_of) if not m.municipal and (m.grants or m.budget is not None)]


def _steps(steps) -> dict[str, int]:
    """step -> how many, every pending step present (0 when none), in lifecycle order."""
    counts = dict.fromkeys(PENDING, 0)
    for step in steps:
        if step in counts:
            counts[step] += 1
    return counts


class StatusOn:
    """tables.common.status_on(record, as_of) for one day, worked out once a record: status asks
    it up to three times of each institution."""

    def __init__(self, as_of: datetime.date):
        from zaitaku_cli.tables.common import status_on

        self.as_of, self._status_on, self._known = as_of, status_on, {}

    def __call__(self, record) -> str | None:
        known = self._known
        if record not in known:
            known[record] = self._status_on(record, self.as_of)
        return known[record]


def _pending_step(record, as_of: datetime.date, on: StatusOn | None = None) -> str | None:
    """The record's step on `as_of` when it is in preparation then (tables.common.status_on), else None."""
    step = (on or StatusOn(as_of))(record)
    return step if step in PENDING else None


def pending_by_zone(records, as_of: datetime.date, on: StatusOn | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """zone id -> (id, name, step) of the whole records in preparation on `as_of`, furthest step
    first, then by id. The prefecture-wide tier is no zone's (Record.zones). `on`: a StatusOn of
    `as_of` to share."""
    on = on or StatusOn(as_of)
    index: dict[str, list] = {}
    for record in records.values():
        step = _pending_step(record, as_of, on)
        if step:
            for zone_id in record.zones:
                index.setdefault(zone_id, []).append((record.id, record.get("name") or record.id, step))
    for rows in index.values():
        rows.sort(key=lambda row: (-LIFECYCLE.index(row[2]), row[0]))
    return index


def _tertiary_of(registry, lang: str):
    """zone -> (tertiary area id, name) through its secondary area; (None, —) when not known."""
    scheme = registry.scheme
    names = {t["id"]: t.get("name", t["id"]) for t in scheme.data.get("tertiary_areas") or []}

    def of(zone):
        area = scheme.secondary_areas.get(zone.get("secondary_area")) or {}
        tid = area.get("tertiary_area")
        return (tid, names[tid]) if tid in names else (None, UNKNOWN_AREA[lang == "en"])
    return of


UNKNOWN_AREA = ("不明", "unknown")


def _area_rows(registry, zone_rows, lang: str) -> list[AreaRow]:
    """A row per tertiary area of prefecture.yaml, in its order (one without recorded zones too:
    the spread across areas is the point), then one for zones of no known area, if any. Restricted
    to an area (--health-center, …), only the tertiary areas that hold its zones."""
    order = [(t["id"], t.get("name", t["id"])) for t in registry.scheme.data.get("tertiary_areas") or []]
    if any(r.tertiary[0] is None for r in zone_rows):
        order.append((None, UNKNOWN_AREA[lang == "en"]))
    rows = []
    for tid, name in order:
        mine = [r for r in zone_rows if r.tertiary[0] == tid]
        if not mine and registry.area is not None:
            continue
        rows.append(AreaRow(tid, name, [(r.id, r.name) for r in mine],
                            zones_with_hub=sum(1 for r in mine if r.has_hub),
                            zones_with_institution=sum(1 for r in mine if r.has_institution),
                            zones_complete=sum(1 for r in mine if r.has_hub and r.has_institution),
                            zones_pending_hub=_steps(r.hub_in_preparation for r in mine)))
    return rows


def candidates(registry, as_of: datetime.date, areas, lang: str = "ja",
               on: StatusOn | None = None) -> tuple[list[Candidate], list[Candidate]]:
    """(eligible, eligibility unknown): the whole institutions neither designated nor withdrawn on
    `as_of`, in zone order then the tables' order of institutions (五十音順). Eligibility is of the
    record's answers as written (they carry no dates); the ineligible are not listed."""
    from zaitaku_cli.status.eligibility import ELIGIBLE, UNKNOWN, eligibility, unknown_labels
    from zaitaku_cli.tables.common import institution_order

    on = on or StatusOn(as_of)
    listed = []  # filtered first: only the few listed are put in 五十音順 (collation keys cost)
    for record in registry.institutions.values():
        if not (record.whole and record.designation) or on(record) in (DESIGNATED, WITHDRAWN):
            continue
        answer = eligibility(record, registry)
        if answer.state in (ELIGIBLE, UNKNOWN):
            listed.append((record, answer))
    listed.sort(key=lambda item: (areas.zone_key(str(item[0].get("zone"))), institution_order(item[0])))
    eligible, unknown = [], []
    for record, answer in listed:
        zone_id = str(record.get("zone"))
        zone = registry.zones.get(zone_id)
        row = Candidate(zone_id, areas.zone_short(zone) if zone is not None and zone.whole else zone_id,
                        record.id, record.get("name") or record.id, _pending_step(record, as_of, on),
                        answer.unknown, tuple(unknown_labels(answer.unknown, registry.scheme, lang)))
        (eligible if answer.state == ELIGIBLE else unknown).append(row)
    return eligible, unknown


def _wide_name(hub) -> str:
    """名称（実施主体）: a prefecture-wide centre is known by its body (熊本県医師会)."""
    name = hub.get("name") or hub.id
    bodies = "、".join(b.get("name", "") for b in hub.get("implementing_bodies") or [] if b.get("name"))
    return f"{name}（{bodies}）" if bodies and bodies != name else name


def _zones_by_year(registry, as_of: datetime.date, zones) -> dict[int, list[tuple[str, str]]]:
    """Fiscal year -> (id, short name) of the zones whose first hub took effect that year, in zone order."""
    order = {z.id: i for i, z in enumerate(zones)}
    names = {z.id: _short(z) for z in zones}
    by_year: dict[int, list] = {}
    for zone_id, day in first_hub_dates(registry, as_of).items():
        by_year.setdefault(fiscal_year(day), []).append(zone_id)
    return {fy: [(z, names.get(z, z)) for z in sorted(ids, key=lambda z: (order.get(z, len(order)), z))]
            for fy, ids in by_year.items()}


def _year_rows(target: dict, counted: dict, as_of: datetime.date, lang: str):
    """The per-fiscal-year rows against the target, with the rows before and after its years."""
    first_fy, last_fy, problems = _target_years(target)
    years: list[YearRow] = []
    if not (isinstance(first_fy, int) and isinstance(last_fy, int)):
        return years, problems
    cumulative, now = 0, fiscal_year(as_of)

    def gather(years_wanted):
        return [item for y in sorted(years_wanted) for item in counted.get(y, [])]

    before = gather(y for y in counted if y < first_fy)
    if before:
        cumulative += len(before)
        label = fiscal_year_label(first_fy - 1, lang)
        years.append(YearRow(None, f"{label}以前" if lang != "en" else f"before FY{first_fy}", before,
                             None, None, cumulative, "outside"))
    for fy in range(first_fy, last_fy + 1):
        made = counted.get(fy, [])
        low, high = year_bounds(target, fy)
        cumulative += len(made)
        if low is None and high is None:
            state = "no_target"  # nothing to meet (an area's view keeps only the plan's total)
        elif fy > now:
            state = "future"
        elif fy == now:
            state = "current"
        else:
            state = "met" if low is None or len(made) >= low else "short"
        years.append(YearRow(fy, fiscal_year_label(fy, lang), made, low, high, cumulative, state))
    after = gather(y for y in counted if y > last_fy)
    if after:
        cumulative += len(after)
        years.append(YearRow(None, f"{fiscal_year_label(last_fy + 1, lang)}以降" if lang != "en"
                             else f"after FY{last_fy}", after, None, None, cumulative, "outside"))
    return years, problems
