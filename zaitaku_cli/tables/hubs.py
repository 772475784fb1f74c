"""在宅医療に必要な連携を担う拠点の指定状況 and the coordination table (DESIGN §5, seed 004).

The status table has one row per hub designated as of the date, in the order of its first zone
(common.Areas), cells as seed 004 prints them:

- 在宅医療圏（構成市町村）: 室蘭在宅医療圏（室蘭市・登別市）; a zone of one municipality named like
  the zone prints its name alone (札幌市在宅医療圏); a hub covering several zones lists them all.
- 指定年月日: 令和７年４月１日 (full-width digits); a month-only date 令和７年８月; a date known only
  as an upper bound (`designated_by`) 令和７年７月２１日以前. CSV carries ISO (2025-04-01, 2025-08,
  2025-07-21以前).
- empty optional cells (共同実施主体, 基幹拠点, 区域拠点) print ―.
- 積極的役割を担う医療機関: `operator 名称（種別）` of the listed institutions designated as of the
  date, joined by 、; （調整中） when there is none.

Seed 004 prints 〃 (ditto) in 札幌市's 基幹拠点 cell, meaning "as the cell above" in its layout of
one column per zone. In a row per hub there is no cell above, and a ditto mark is no data in CSV,
so the cell prints the name itself (（一社）札幌市医師会).

The note under the table counts the zones covered by designated hubs against prefecture.yaml's
`zone_total`: 「○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。」

The note says 「○ ３９の在宅医療圏のうち、１０の在宅医療圏で…」 from ten zones on (つ counts one to
nine only) and 「…拠点を指定済みの在宅医療圏はまだない。」 when there is none.

Within an area (`--health-center`, …: tables.areas.restrict) a hub row lists only the area's zones
and institutions, the title names the area and the note counts the area's recorded zones:
「○ 十勝（第三次医療圏）の５つの在宅医療圏のうち、４つの在宅医療圏で拠点を指定済み。」 (common.summary_note).

The coordination table (--include-planned) has one row per zone with no hub designated as of the
date, in zone order: 三次医療圏 | 在宅医療圏 | 市町村 | 拠点（予定） | 積極的（予定）. The planned
cells list the records that are pending on the date (common.pending): still planned, coordinating
or applied, or designated with a date after the as-of date (or no known date) — on R7.7.21 北見's
hub, designated in 令和7年8月, is 拠点（予定） as seed 004 prints it (北星記念病院). The registry keeps
the current status, not its history, so a hub designated later always shows as pending before its
date, even where the plan then still said （調整中）. A hub shows by its implementing bodies (or its
name when none is recorded), institutions by よみ or name; （調整中） when nothing is named.
"""

from __future__ import annotations

import datetime

from zaitaku_cli.model import APPLIED, COORDINATING, status_label
from zaitaku_cli.rules._requirements import met
from zaitaku_cli.tables import DateCell, Links, Table
from zaitaku_cli.tables.common import (
    LIST_SEPARATOR,
    MARK,
    NONE,
    Areas,
    NaviiLinks,
    counts_as_designated,
    era_or_iso,
    institution_order,
    labels,
    pending,
    status_on,
    summary_note,
    title,
    without_tertiary,
)


def date_cell(designation, lang: str) -> DateCell | str:
    d = designation.designated_on
    L = labels(lang)
    if d is not None:
        if d.day is None:
            if lang == "en":
                return DateCell(d.iso(), d.iso())
            era = era_or_iso(d.first(), "kanji_fullwidth")
            if "月" not in era:  # before 昭和: no era form
                return DateCell(d.iso(), d.iso())
            return DateCell(era[:era.rindex("月") + 1], d.iso())
        day = d.first()
        return DateCell(day.isoformat() if lang == "en" else era_or_iso(day, "kanji_fullwidth"), day.isoformat())
    if designation.designated_by is not None:
        by = designation.designated_by
        shown = by.isoformat() if lang == "en" else era_or_iso(by, "kanji_fullwidth")
        return DateCell(L["by"].format(date=shown), L["by"].format(date=by.isoformat()))
    return ""


def zone_cell(areas: Areas, zone) -> str:
    if zone is None:
        return ""
    name = zone.get("name") or areas.zone_short(zone)
    towns = [areas.town(c) for c in (zone.get("municipalities") or [])]
    towns = [t for t in towns if t]
    if not towns or (len(towns) == 1 and towns[0] == areas.zone_short(zone)):
        return name
    return f"{name}（{'・'.join(towns)}）"


def _names(items) -> str:
    return LIST_SEPARATOR.join(b.get("name", "") for b in (items or []) if b.get("name"))


def institution_label(record, lang: str, scheme) -> str:
    kind = scheme.kind_label(record.get("kind"), lang) if record.get("kind") != "other" else None
    operator = record.get("operator")
    text = f"{operator} {record.get('name')}" if operator else (record.get("name") or record.id)
    return f"{text}（{kind}）" if kind else text


def designated_hubs(registry, as_of: datetime.date, areas: Areas) -> list:
    """The zone hubs designated on `as_of` (the prefecture-wide tier is no zone's: see wide_note)."""
    hubs = [h for h in registry.hubs.values() if not h.prefecture_wide and counts_as_designated(h, as_of)]
    hubs.sort(key=lambda h: (min((areas.zone_key(z) for z in h.zones), default=(999, "", True, 0, "")),
                             h.designation.effective, h.id))
    return hubs


def _columns(scheme, L) -> list[tuple[str, str]]:
    """(key, header) of the status table: seed 004's columns, then the scheme's own: the type where
    hubs have types, one column per hub requirement item; core and area hubs only where a
    population threshold allows them."""
    cols = [("zone", L["hub_zone"]), ("date", L["designated_on"]), ("name", L["hub_name"])]
    if scheme.types_of("hub"):
        cols.append(("type", L["hub_type"]))
    cols += [("bodies", L["implementing_bodies"]), ("joint", L["joint_bodies"])]
    if scheme.count_rule.get("population_threshold") is not None:
        cols += [("core", L["core_hub"]), ("area", L["area_hubs"])]
    cols += [(f"req:{r.id}", r.column) for r in scheme.requirements_of("hub")]
    return cols + [("active", L["active_institutions"])]


def _hub_cells(registry, hub, zones, areas, as_of, lang, L, links: NaviiLinks) -> dict:
    active = [registry.institutions.get(i) for i in hub.get("active_institutions") or []]
    # each institution linked to its ナビイ page, as the institution tables link them (seed 001)
    active = [links.link(r, institution_label(r, lang, registry.scheme)) for r in active
              if r is not None and counts_as_designated(r, as_of)]
    values = hub.get("requirements") or {}
    cells = {
        "zone": LIST_SEPARATOR.join(zone_cell(areas, registry.zones.get(z)) for z in zones),
        "date": date_cell(hub.designation, lang),
        "name": hub.get("name") or hub.id,
        "type": registry.scheme.type_label("hub", hub.get("type"), lang) or NONE,
        "bodies": _names(hub.get("implementing_bodies")) or NONE,
        "joint": _names(hub.get("joint_bodies")) or NONE,
        "core": hub.get("core_hub") or NONE,
        "area": LIST_SEPARATOR.join(hub.get("area_hubs") or []) or NONE,
        "active": Links(tuple(active)) if active else L["coordinating"],
    }
    cells.update({f"req:{r.id}": MARK if met(values, r.id) is True else ""
                  for r in registry.scheme.requirements_of("hub")})
    return cells


def wide_note(registry, as_of: datetime.date, lang: str, L) -> list[str]:
    """「○ 県在宅医療サポートセンター：熊本県医師会」: the prefecture-wide tier in force, under the
    table and outside its rows (it is no zone's hub)."""
    wide = registry.scheme.prefecture_wide
    hubs = sorted((h for h in registry.hubs.values() if h.prefecture_wide and counts_as_designated(h, as_of)),
                  key=lambda h: (h.designation.effective, h.id))
    if not wide or not hubs:
        return []
    label = (wide.get("label_en") or wide["label"]) if lang == "en" else wide["label"]
    names = LIST_SEPARATOR.join(_names(h.get("implementing_bodies")) or h.get("name") or h.id for h in hubs)
    return [L["prefecture_wide"].format(label=label, names=names)]


def build_hubs(registry, as_of: datetime.date, lang: str = "ja") -> Table:
    L = labels(lang, registry.scheme, "hubs")
    areas = Areas(registry)
    columns = _columns(registry.scheme, L)
    links = NaviiLinks(registry.scheme)
    rows, covered = [], set()
    for hub in designated_hubs(registry, as_of, areas):
        zones = sorted(areas.own(hub.zones), key=areas.zone_key)
        covered.update(zones)
        cells = _hub_cells(registry, hub, zones, areas, as_of, lang, L, links)
        rows.append([cells[key] for key, _ in columns])
    total = registry.scheme.zone_total or len(registry.zones)
    notes = [summary_note(len(covered), total, lang, registry.scheme, registry.area)] + wide_note(registry, as_of,
                                                                                                 lang, L)
    return Table("hubs", title(registry.scheme, "hubs", as_of, lang, registry.area), [h for _, h in columns], rows,
                 notes=notes, sheet=L["sheet_hubs"], warnings=links.warnings)


def _dated_step(record, as_of: datetime.date) -> str | None:
    """The record's step on `as_of` when its steps are dated; None for a record without steps (the
    format before steps), which shows its name whatever its status, as the tables always did."""
    return status_on(record, as_of) if record.designation.steps else None


def _planned_name(record, text: str, as_of: datetime.date, L) -> str | None:
    """How a pending record shows in a planned cell on `as_of`: its name while planned, the name
    with the applied mark (seed 004's legend 申請書提出済（審査中）, a note under the table) once
    applied. While coordinating, a hub is not named: which body takes it on is still being
    coordinated, and the cell says （調整中）, as seed 004 prints the 十勝 zones; an institution is
    itself what is coordinated, so it shows as 名称（調整中）."""
    step = _dated_step(record, as_of)
    if step == COORDINATING:
        return None if record.kind == "hub" else text + L["coordinating_mark"]
    return text + L["applied_mark"] if step == APPLIED else text


def _unknown_on(record, as_of: datetime.date):
    """The step that leaves a record's state on `as_of` unknown: no step holds yet, and a step known
    only by an upper bound (`by`) after `as_of` may have been taken before it. None when the state
    is known."""
    d = record.designation if record.whole else None
    if d is None or not d.steps or d.status_on(as_of) is not None:
        return None
    bounded = [s for s in d.steps if s.date is None and s.by is not None and s.by > as_of]
    return min(bounded, key=lambda s: (s.by, s.index)) if bounded else None


def unknown_note(registry, areas: Areas, as_of: datetime.date, covered: set, lang: str, L) -> list[str]:
    """「○ この日の段階が分からないもの：…」: records of the table's zones whose first recorded step
    is known only as 「…以前」 after the date (unknown stays unknown: the cell then says （調整中）
    for want of a record, not because coordination is known)."""
    items = []
    for record in [*sorted(registry.hubs.values(), key=lambda h: h.id),
                   *sorted(registry.institutions.values(), key=institution_order)]:
        first = _unknown_on(record, as_of)
        if first is None or not any(z not in covered for z in areas.own(record.zones)):
            continue  # only the rows of this table (its area's zones without a designated hub)
        by = first.by.isoformat() if lang == "en" else era_or_iso(first.by, "kanji_fullwidth")
        items.append(L["unknown_item"].format(name=record.get("name") or record.id,
                                              status=status_label(first.status, lang), date=by))
    return [L["unknown_note"].format(items=LIST_SEPARATOR.join(items))] if items else []


def build_hubs_planned(registry, as_of: datetime.date, lang: str = "ja") -> Table:
    L = labels(lang, registry.scheme, "hubs_planned")
    areas = Areas(registry)
    headers = [L["planned_tertiary"], L["planned_zone"], L["planned_municipalities"], L["planned_hub"],
               L["planned_institutions"]]
    covered = {z for h in designated_hubs(registry, as_of, areas) for z in h.zones}
    planned: dict[str, list] = {}  # zone id -> pending hubs, then pending institutions
    for hub in sorted(registry.hubs.values(), key=lambda h: h.id):
        if pending(hub, as_of):
            for z in hub.zones:
                planned.setdefault(z, []).append(hub)
    for record in sorted(registry.institutions.values(), key=institution_order):
        if pending(record, as_of):
            planned.setdefault(record.get("zone"), []).append(record)
    rows, applied = [], False
    links = NaviiLinks(registry.scheme)
    for zone in areas.sorted_zones():
        if zone.id in covered:
            continue
        records = planned.get(zone.id, [])
        applied |= any(_dated_step(r, as_of) == APPLIED for r in records)
        hubs = (_planned_name(h, _names(h.get("implementing_bodies")) or h.get("name") or h.id, as_of, L)
                for h in records if h.kind == "hub")
        institutions = [links.link(r, name) for r in records if r.kind == "institution"
                        for name in [_planned_name(r, r.get("name") or r.id, as_of, L)] if name]
        rows.append([
            areas.tertiary_name(zone),
            areas.zone_short(zone),
            areas.town_names(zone),
            LIST_SEPARATOR.join(n for n in hubs if n) or L["coordinating"],
            Links(tuple(institutions)) if institutions else L["coordinating"],
        ])
    headers, rows = without_tertiary(registry.scheme, headers, rows)
    notes = ([L["applied_note"]] if applied else []) + unknown_note(registry, areas, as_of, covered, lang, L)
    return Table("hubs_planned", title(registry.scheme, "hubs_planned", as_of, lang, registry.area), headers, rows,
                 notes=notes, sheet=L["sheet_hubs_planned"], slug="planned", warnings=links.warnings)
