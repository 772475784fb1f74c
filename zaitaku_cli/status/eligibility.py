"""Could an institution be designated? What `zaitaku status` lists as still to do.

Seed 004 (R6.8「積極的役割を担う医療機関」「連携を担う拠点」指定方針):
「○ 積極的～（プロデュース機能）：役割を担う意向がある在支診・在支病等」
「※ 同一在宅医療圏で複数意向ある場合すべて指定」 — every willing institution that meets the
requirements is designated, however many a zone has.

An institution is eligible when designating it would raise none of the requirement errors: its
kind is one of prefecture.yaml `institution.eligible_kinds` (rule institution-kind), its `intent`
is true (institution-intent), every mandatory item is met (institution-mandatory-requirement) and
at least `optional_minimum` optional items are (institution-optional-minimum). The last two ask
the rules' own helpers (rules/_requirements.py) about the record as if it were designated, so the
answer cannot drift from what `check` would say after `zaitaku designate`.

A null answer (kind, intent, an item) that could decide it makes the eligibility unknown, unless a
known answer already rules the institution out.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from zaitaku_cli.model import DESIGNATED, Designation
from zaitaku_cli.rules._requirements import mandatory_unmet, met, optional_short, optional_unknown

ELIGIBLE, INELIGIBLE, UNKNOWN = "eligible", "ineligible", "unknown"
KIND = "institution"


OPTIONAL = "optional"  # in `ruled_out`: too few optional items can still be met


class Eligibility(NamedTuple):
    state: str  # ELIGIBLE, INELIGIBLE or UNKNOWN
    unknown: tuple[str, ...] = ()  # what is not known, in the record's order: "kind", "intent", item ids
    ruled_out: tuple[str, ...] = ()  # what rules it out (INELIGIBLE): "kind", "intent", mandatory item ids, OPTIONAL


def _as_designated(record):
    """The record as if designated: the requirement helpers speak only of designated records."""
    designation = dataclasses.replace(record.designation or Designation(DESIGNATED), status=DESIGNATED)
    return dataclasses.replace(record, designation=designation)


def eligibility(record, registry) -> Eligibility:
    """Eligibility of a whole institution record under `registry.scheme` (module docstring);
    `unknown` names the null or missing answers when the state is UNKNOWN. Pure; raises nothing
    on a record that passed its schema."""
    unknown: list[str] = []
    ruled_out: list[str] = []
    kind, intent = record.get("kind"), record.get("intent")
    if kind is None:
        unknown.append("kind")
    elif kind not in registry.scheme.eligible_kinds:
        ruled_out.append("kind")
    if intent is None:
        unknown.append("intent")
    elif intent is not True:
        ruled_out.append("intent")
    view = _as_designated(record)
    answers = record.get("requirements") or {}
    for report in mandatory_unmet(view, registry, KIND):
        if met(answers, report.params["id"]) is False:
            ruled_out.append(report.params["id"])
        else:  # null or not recorded
            unknown.append(report.params["id"])
    for report in optional_short(view, registry, KIND):
        open_items = [r.params["id"] for r in optional_unknown(view, registry, KIND)]
        if report.params["count"] + len(open_items) < report.params["minimum"]:
            ruled_out.append(OPTIONAL)
        else:
            unknown.extend(open_items)
    if ruled_out:
        return Eligibility(INELIGIBLE, ruled_out=tuple(ruled_out))
    return Eligibility(UNKNOWN, tuple(unknown)) if unknown else Eligibility(ELIGIBLE)


def unknown_labels(unknown, scheme, lang: str = "ja") -> list[str]:
    """What is unknown, as people read it: 種別, 意向, then the items' marks (①); their ids without a mark."""
    words = {"kind": ("種別", "kind"), "intent": ("意向", "intent")}
    marks = {item.id: item.mark for item in scheme.requirements_of(KIND)}
    return [words[u][lang == "en"] if u in words else (marks.get(u) or u) for u in unknown]
