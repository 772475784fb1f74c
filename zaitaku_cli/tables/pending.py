"""The designations in preparation, as the health centres follow them (`zaitaku export pending`).

Seed 004: before a designation the prefecture's office shares the planned designations with the
health centre concerned (「※指定前に、道本庁から保健所へ指定予定医療機関を共有」「※指定前に、道本庁から
保健所へ調整状況を共有」). One row per hub or institution that is pending on the as-of date
(planned, coordinating or applied: common.status_on), zone hubs only (the prefecture-wide tier is
no zone's, so no health centre's):

    保健所 | 在宅医療圏 | 区分 | 名称 | 状況 | その段階の日付 | 保健所への共有日

- 保健所: the health centres of the record's zones (prefecture.yaml `health_centers`, a zone's
  `health_center`), 不明 for a zone that names none; the column is left out when the scheme lists
  no health centre.
- 在宅医療圏: the record's zones (a hub's, within the area when the registry is restricted to one).
- 区分: the scheme's words for a hub and an institution.
- 状況: model.status_label of the status on the date.
- その段階の日付: the date of the step in force (令和７年７月２１日, 令和７年７月 for a month), 「…以前」
  for a step known only by a bound (`by`), 不明 for a record without dated steps.
- 保健所への共有日: `health_center_shared_on`; 未共有 when that day is after the as-of date, 不明
  when it is not recorded (unknown stays unknown: it may have been shared).

Rows are in the order of the health centres in prefecture.yaml (a record with no known centre
last), then of zones (common.Areas), hubs before institutions, institutions by よみ.
"""

from __future__ import annotations

import datetime

from zaitaku_cli.model import PENDING, status_label
from zaitaku_cli.tables import DateCell, Table
from zaitaku_cli.tables.common import (
    LIST_SEPARATOR,
    Areas,
    NaviiLinks,
    era_or_iso,
    institution_order,
    labels,
    status_on,
    title,
)

COLUMNS = ("pending_health_center", "pending_zone", "pending_kind", "pending_name", "pending_status",
           "pending_step_date", "pending_shared_on")


def day_cell(day: datetime.date, lang: str) -> DateCell:
    return DateCell(day.isoformat() if lang == "en" else era_or_iso(day, "kanji_fullwidth"), day.isoformat())


def step_date_cell(step, lang: str, L) -> DateCell | str:
    """令和７年７月２１日, 令和７年７月 (month only), 令和７年７月２１日以前 (a bound), 不明."""
    if step is None:
        return L["unknown"]
    if step.date is not None:
        if step.date.day is not None:
            return day_cell(step.date.first(), lang)
        shown = era_or_iso(step.date.first(), "kanji_fullwidth")
        if lang == "en" or "月" not in shown:
            return DateCell(step.date.iso(), step.date.iso())
        return DateCell(shown[:shown.rindex("月") + 1], step.date.iso())
    shown = step.by.isoformat() if lang == "en" else era_or_iso(step.by, "kanji_fullwidth")
    return DateCell(L["by"].format(date=shown), L["by"].format(date=step.by.isoformat()))


def shared_cell(designation, as_of: datetime.date, lang: str, L) -> DateCell | str:
    day = designation.health_center_shared_on
    if day is None:
        return L["unknown"]
    if day > as_of:
        return L["not_shared"]
    return day_cell(day, lang)


def pending_records(registry, as_of: datetime.date) -> list:
    """The zone hubs and institutions pending on `as_of`."""
    hubs = [h for h in registry.hubs.values() if not h.prefecture_wide and status_on(h, as_of) in PENDING]
    return hubs + [r for r in registry.institutions.values() if status_on(r, as_of) in PENDING]


def build_pending(registry, as_of: datetime.date, lang: str = "ja") -> Table:
    L = labels(lang, registry.scheme, "pending")
    scheme, areas = registry.scheme, Areas(registry)
    centres = list(scheme.health_centers)
    words = scheme.terms(lang)
    keyed = []
    links = NaviiLinks(scheme)
    for record in pending_records(registry, as_of):
        zones = sorted(areas.own(z for z in record.zones if z in registry.zones), key=areas.zone_key)
        records = [registry.zones[z] for z in zones]
        found = [scheme.health_center_of(z) for z in records]
        shown = list(dict.fromkeys(h.label(lang) if h else L["unknown"] for h in found))
        first = min((centres.index(h.id) for h in found if h), default=len(centres))
        name = record.get("name") or record.id
        if record.kind == "institution":  # linked to its ナビイ page, as every table links it
            name = links.link(record, areas.named(name, record.get("municipality")))
        step = record.designation.step_on(as_of)
        row = [LIST_SEPARATOR.join(shown) or L["unknown"],
               LIST_SEPARATOR.join(areas.zone_short(z) for z in records),
               words["hub" if record.kind == "hub" else "institution"], name,
               status_label(status_on(record, as_of), lang), step_date_cell(step, lang, L),
               shared_cell(record.designation, as_of, lang, L)]
        order = institution_order(record) if record.kind == "institution" else ((), (), record.id)
        keyed.append(((first, areas.zone_key(zones[0]) if zones else (999,), record.kind != "hub", order), row))
    rows = [row for _, row in sorted(keyed, key=lambda k: k[0])]
    headers = [L[c] for c in COLUMNS]
    if not centres:  # a scheme without health centres has no column for them
        headers, rows = headers[1:], [r[1:] for r in rows]
    return Table("pending", title(scheme, "pending", as_of, lang, registry.area, default=L["pending_title"]),
                 headers, rows, sheet=L["sheet_pending"], slug="pending", warnings=links.warnings)
