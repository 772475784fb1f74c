"""The population test of the hub-count rule: is a zone over the threshold on 1 January of the
designation year? Population data are read from reference/population-YYYY-MM-DD.csv; a
municipality without a figure makes the total unknown, never zero."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass
class Judgement:
    zone: object
    on: datetime.date  # the day the rule counts on
    threshold: int | None  # None: the scheme allows no exception to the per-zone count
    total: int | None
    basis: datetime.date | None  # the date of the figures used (may be earlier than `on`)
    missing: list

    @property
    def over(self) -> bool | None:
        if self.threshold is None:
            return False
        return None if self.total is None else self.total > self.threshold


def counting_day(registry, hub) -> datetime.date:
    """1 January (or the scheme's counted_on) of the designation year, else of the as-of year."""
    d = hub.designation
    year = d.effective.year if d and d.effective else registry.as_of.year
    month, day = (int(x) for x in str(registry.scheme.count_rule.get("counted_on", "01-01")).split("-"))
    return datetime.date(year, month, day)


def judge(registry, zone, on) -> Judgement:
    threshold = registry.scheme.count_rule.get("population_threshold")
    total, basis, missing = registry.zone_population(zone, on)
    return Judgement(zone, on, threshold, total, basis, missing)


def designated_hubs(registry, zone_id):
    return registry.designated_by_zone("hub").get(zone_id, [])


def _has_core_or_area(hub) -> bool:
    return bool(hub.get("core_hub")) or bool(hub.get("area_hubs"))


def judgements(registry, hub):
    """(zone index, Judgement) for each zone of `hub` where the population matters: the hub has
    core/area hubs, or it is beyond the per-zone count of designated hubs."""
    per_zone = int(registry.scheme.count_rule.get("per_zone", 1))
    for i, zone_id in enumerate(hub.get("zones", [])):
        zone = registry.zones.get(zone_id)
        if zone is None or not zone.valid:
            continue
        beyond = any(h is hub for h in designated_hubs(registry, zone_id)[per_zone:])
        if beyond or _has_core_or_area(hub):
            yield i, judge(registry, zone, counting_day(registry, hub)), beyond
