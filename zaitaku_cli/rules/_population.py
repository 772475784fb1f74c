"""The population test of the hub-count rule: is a zone over the threshold on 1 January of the
designation year? Population data are read from reference/population-YYYY-MM-DD.csv; a
municipality without a figure makes the total unknown, never zero."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from zaitaku_cli.rules.base import terms


@dataclass
class Judgement:
    zone: object
    on: datetime.date  # the day the rule counts on
    threshold: int | None  # None: the scheme allows no exception to the per-zone count
    total: int | None
    basis: datetime.date | None  # the date of the figures used (may be earlier than `on`)
    missing: list
    known: int = 0  # the sum of the figures there are
    limit: int = 1  # hubs the zone may have at once before the population exception
    terms: dict | None = None  # the scheme's words as messages say them (rules.base.terms), national by default
    terms_en: dict | None = None  # the same in English, with `<key>_plural`

    @property
    def over(self) -> bool | None:
        if self.threshold is None:
            return False
        if self.known > self.threshold:  # populations are never negative: over, whatever is missing
            return True
        return None if self.total is None else self.total > self.threshold

    @property
    def params(self) -> dict:
        """Message parameters: the rules in words (`count_rule`, `core_rule`, each with `_en`),
        numbers already formatted; a scheme may have no population exception at all."""
        on, zone = self.on.isoformat(), self.zone.get("short_name") or self.zone.id
        total = f"{self.total:,}" if self.total is not None else None
        basis = self.basis.isoformat() if self.basis else None
        t, en = self.terms or {}, self.terms_en or {}
        t_zone, t_hub = t.get("zone", "在宅医療圏"), t.get("hub", "拠点")
        zone_en, hubs_en = en.get("zone", "zone"), en.get("hub_plural", "hubs")
        if self.threshold is None:
            limit = ("この制度では、人口による例外はありません" if self.limit == 1
                     else f"{zone}に置ける{t_hub}は{self.limit}か所までです")
            limit_en = (f"this scheme allows no exception to the number of {hubs_en} per {zone_en}" if self.limit == 1
                        else f"at most {self.limit} are allowed in {zone}")
            return {"on": on, "zone": zone, "threshold": "", "total": total or "", "basis": basis or "",
                    "count_rule": limit, "count_rule_en": limit_en,
                    "core_rule": "この制度では基幹拠点・区域拠点は設けられません",
                    "core_rule_en": "this scheme has no core or area hubs"}
        threshold = f"{self.threshold:,}"
        figures = f"（{zone}: {total}人、{basis}現在）" if total else ""
        figures_en = f" ({zone}: {total}, as of {basis})" if total else ""
        over = f"{on}現在の人口が{threshold}人を超える{t_zone}だけです{figures}"
        over_en = f"only where the population on {on} exceeds {threshold}{figures_en}"
        several = "複数の" if self.limit == 1 else f"{self.limit}か所を超えて"
        several_en = f"several {hubs_en} are" if self.limit == 1 else f"more than {self.limit} {hubs_en} are"
        return {"on": on, "zone": zone, "threshold": threshold, "total": total or "", "basis": basis or "",
                "count_rule": f"{several}{t_hub}を設置できるのは{over}", "count_rule_en": f"{several_en} allowed {over_en}",
                "core_rule": f"基幹拠点・区域拠点を設けられるのは{over}", "core_rule_en": f"core and area hubs are allowed {over_en}"}


def counting_day(registry, hub) -> datetime.date:
    """1 January (or the scheme's counted_on) of the designation year, else of the as-of year."""
    d = hub.designation
    year = d.effective.year if d and d.effective else registry.as_of.year
    month, day = registry.scheme.counted_on
    return datetime.date(year, month, day)


def judge(registry, zone, on) -> Judgement:
    threshold = registry.scheme.count_rule.get("population_threshold")
    total, basis, missing, known = registry.zone_population(zone, on)
    return Judgement(zone, on, threshold, total, basis, missing, known,
                     limit=registry.scheme.zone_count(zone.id), terms=terms(registry), terms_en=terms(registry, "en"))


def _ever_designated(registry) -> dict:
    """zone id -> hubs ever designated there (withdrawn ones too), in order of designation; the
    prefecture-wide tier under None."""
    index: dict[str | None, list] = {}
    for hub in registry.hubs.values():
        d = hub.designation
        if hub.valid and d and d.ever_designated:
            for zone_id in hub.zones if not hub.prefecture_wide else [None]:
                index.setdefault(zone_id, []).append(hub)
    for hubs in index.values():
        hubs.sort(key=lambda h: (h.designation.effective, h.id))
    return index


def in_force_before(registry, hub, zone_id) -> list:
    """The zone's hubs (zone_id None: the prefecture-wide tier's) designated before `hub` and not
    withdrawn by the day it was designated: the count rules are about overlapping designations,
    whatever the as-of date."""
    start = hub.designation.effective
    earlier = []
    for other in registry.memo("hubs-ever-designated", lambda: _ever_designated(registry)).get(zone_id, []):
        if other is hub:
            break
        withdrawn = other.designation.withdrawn_on
        if withdrawn is None or withdrawn > start:
            earlier.append(other)
    return earlier


def _has_core_or_area(hub) -> bool:
    return bool(hub.get("core_hub")) or bool(hub.get("area_hubs"))


def judgements(registry, hub):
    """(zone index, Judgement) for each zone of `hub` where the population matters: the hub has
    core/area hubs, or it is beyond the per-zone count of designated hubs."""
    for i, zone_id in enumerate(hub.zones):
        zone = registry.zones.get(zone_id)
        if zone is None or not zone.valid:
            continue
        d = hub.designation
        beyond = d is not None and d.ever_designated and len(in_force_before(registry, hub, zone_id)) >= registry.scheme.zone_count(zone_id)
        if beyond or _has_core_or_area(hub):
            yield i, judge(registry, zone, counting_day(registry, hub)), beyond
