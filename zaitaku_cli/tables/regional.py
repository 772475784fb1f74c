"""「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別> (DESIGN §5, seed 001 圏域別の一覧表).

One row per institution designated as of the date; zones in area order (common.Areas), then
institutions by よみ (`kana`) where the record has one, else by name (common.reading), in 五十音順
as a Japanese dictionary orders them (zaitaku_cli.collation) — then by name and id. A requirement
prints ○ when met (`true` or `{met: true}`, read as the rules read it:
zaitaku_cli.rules._requirements.met), and nothing when not met or not known (`false`, `null`,
`{met: null}`, missing).
"""

from __future__ import annotations

import datetime

from zaitaku_cli.model import LINKED_LISTS
from zaitaku_cli.rules._requirements import met as requirement_value
from zaitaku_cli.tables import Table
from zaitaku_cli.tables.common import (
    MARK,
    Areas,
    NaviiLinks,
    counts_as_designated,
    institution_order,
    labels,
    title,
    without_tertiary,
)


def met(requirements, item_id: str) -> bool:
    """The requirement `item_id` is met (○): true, or {met: true}; unknown and missing are not."""
    return requirement_value(requirements or {}, item_id) is True


def designated_institutions(registry, as_of: datetime.date, areas: Areas) -> list:
    """The institutions that count as designated on `as_of`, in table order."""
    chosen = [r for r in registry.institutions.values() if counts_as_designated(r, as_of)]
    chosen.sort(key=lambda r: (areas.zone_key(r.data.get("zone")), *institution_order(r)))
    return chosen


class InstitutionCells:
    """The cells every institution table shares, computed once per institution."""

    def __init__(self, registry):
        self.areas = Areas(registry)
        self.links = NaviiLinks(registry.scheme)
        self.registry = registry
        self._zone_cells: dict[str, list] = {}

    def row_start(self, record) -> list:
        """第三次医療圏, 第二次医療圏, 在宅医療圏 (the same for every institution of a zone)."""
        zone_id = record.data.get("zone")
        cells = self._zone_cells.get(zone_id)
        if cells is None:
            zone = self.registry.zones.get(zone_id)
            areas = self.areas
            cells = self._zone_cells[zone_id] = [areas.tertiary_name(zone), areas.secondary_name(zone),
                                                 areas.zone_short(zone)]
        return cells

    def name(self, record):
        data = record.data
        return self.links.link(record, self.areas.named(data.get("name") or record.id, data.get("municipality")))

    def linked(self, record) -> list:
        """The linked institutions and nursing stations (tables.Links), each linked to its ナビイ page
        when it has an id."""
        data = record.data
        return [self.areas.named_list(data.get(key), self.links, f"{record.rel}: {key}")
                for key in LINKED_LISTS]


def build_regional(registry, as_of: datetime.date, lang: str = "ja") -> Table:
    L = labels(lang, registry.scheme, "regional")
    requirements = registry.scheme.requirements
    cells = InstitutionCells(registry)
    areas = cells.areas
    headers = [L["tertiary"], L["secondary"], L["zone"], L["municipalities"], L["institution"],
               *[r.column for r in requirements], L["linked_institutions"], L["linked_nursing_stations"]]
    requirement_ids = [r.id for r in requirements]
    rows = []
    towns_of_zone: dict[str, str] = {}
    for record in designated_institutions(registry, as_of, areas):
        zone_id = record.data.get("zone")
        if zone_id not in towns_of_zone:
            zone = registry.zones.get(zone_id)
            towns_of_zone[zone_id] = areas.town_names(zone) if zone is not None else ""
        values = record.data.get("requirements") or {}
        rows.append([*cells.row_start(record), towns_of_zone[zone_id], cells.name(record),
                     *[MARK if met(values, r) else "" for r in requirement_ids], *cells.linked(record)])
    headers, rows = without_tertiary(registry.scheme, headers, rows)
    return Table("regional", title(registry.scheme, "regional", as_of, lang, registry.area), headers, rows,
                 sheet=L["sheet_regional"], warnings=cells.links.warnings)
