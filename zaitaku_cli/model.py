"""The typed registry: the scheme of prefecture.yaml, reference data and records.

Rules and tables read this model, never raw YAML. Records keep their validated `data` dict (the
schema fixes its shape) plus the parsed designation dates; `valid` is False when the record failed
its schema, so rules skip it while cross-record lookups still know that its id exists.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from functools import cached_property

from zaitaku_cli.dates import DateError, PartialDate, parse_date, parse_partial_date

DESIGNATED = "designated"
WITHDRAWN = "withdrawn"
PENDING = ("planned", "coordinating", "applied")
# DESIGN §3 fixed vocabulary: how each status is written for people.
STATUS_LABELS = {
    "ja": {"planned": "予定", "coordinating": "調整中", "applied": "申請書提出済（審査中）",
           "designated": "指定済", "withdrawn": "指定取消・辞退"},
    "en": {"planned": "planned", "coordinating": "coordinating", "applied": "applied (under review)",
           "designated": "designated", "withdrawn": "withdrawn"},
}


def status_label(status, lang: str = "ja") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["ja"]).get(status, str(status))


@dataclass
class Designation:
    status: str
    designated_on: PartialDate | None = None  # the day may be unknown (month only)
    designated_by: datetime.date | None = None  # an upper bound when the date is not published
    withdrawn_on: datetime.date | None = None

    @property
    def effective(self) -> datetime.date | None:
        """The first day on which the designation certainly holds."""
        if self.designated_on is not None:
            return self.designated_on.last()
        return self.designated_by

    def counts_on(self, as_of: datetime.date) -> bool:
        """Designated on or before `as_of` and not withdrawn by then."""
        if self.status not in (DESIGNATED, WITHDRAWN) or self.effective is None:
            return False
        if self.effective > as_of:
            return False
        return self.withdrawn_on is None or self.withdrawn_on > as_of


@dataclass(eq=False)  # identity: rules ask "is this the same record"
class Record:
    kind: str  # zone | institution | hub
    id: str
    doc: object  # load.Document
    data: dict
    valid: bool = True
    designation: Designation | None = None

    def __post_init__(self):
        self.get = self.data.get  # record.get(key): called ~15 times per record by the rules

    @property
    def rel(self) -> str:
        return self.doc.rel


class _NoRecords(dict):
    """The records of a registry given to record rules (SCOPE = "record"): reading them is a bug
    in the rule's SCOPE, so it fails loudly instead of seeing an empty registry."""

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("a rule with SCOPE = 'record' used other records")

    __getitem__ = __contains__ = __iter__ = __len__ = get = keys = values = items = _refuse
    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = copy = _refuse


NO_RECORDS = _NoRecords()


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    kana: str
    secondary_area: str
    line: int  # in the reference CSV, for findings about it


@dataclass
class Requirement:
    id: str
    mark: str
    mandatory: bool
    text: str
    column: str


@dataclass
class Scheme:
    """prefecture.yaml: everything that differs between prefectures."""

    data: dict
    doc: object

    @cached_property
    def name(self) -> str:
        return self.data.get("name", "")

    @cached_property
    def scheme_start(self) -> datetime.date | None:
        return _date_or_none(self.data.get("scheme_start"))

    @cached_property
    def requirements(self) -> list[Requirement]:
        items = self.data.get("institution", {}).get("requirements", [])
        return [Requirement(i["id"], i.get("mark", ""), bool(i.get("mandatory")), i.get("text", ""),
                            i.get("column", "")) for i in items]

    @cached_property
    def optional_minimum(self) -> int:
        return int(self.data.get("institution", {}).get("optional_minimum", 0) or 0)

    @cached_property
    def eligible_kinds(self) -> list[str]:
        return list(self.data.get("institution", {}).get("eligible_kinds", []))

    @cached_property
    def body_types(self) -> dict[str, str]:
        return {b["id"]: b.get("label", b["id"]) for b in self.data.get("hub", {}).get("body_types", [])}

    @cached_property
    def joint_bodies_require(self) -> str | None:
        return self.data.get("hub", {}).get("joint_bodies_require")

    @cached_property
    def roles(self) -> list[str]:
        return [r["id"] for r in self.data.get("hub", {}).get("roles", [])]

    @cached_property
    def count_rule(self) -> dict:
        return self.data.get("hub", {}).get("count_rule", {}) or {}

    @cached_property
    def counted_on(self) -> tuple[int, int]:
        """(month, day) on which populations are counted each year (check.py validated it)."""
        month, day = str(self.count_rule.get("counted_on") or "01-01").split("-")
        return int(month), int(day)

    @cached_property
    def secondary_areas(self) -> dict[str, dict]:
        return {a["code"]: a for a in self.data.get("secondary_areas", [])}

    @cached_property
    def zone_total(self) -> int | None:
        return self.data.get("zone_total")


def _date_or_none(value):
    try:
        return parse_date(value) if value is not None else None
    except DateError:
        return None


@dataclass
class Registry:
    scheme: Scheme
    municipalities: dict[str, Municipality]
    populations: dict[datetime.date, dict[str, int]]  # as-of date -> code -> population
    population_files: dict[datetime.date, str]  # as-of date -> rel path
    zones: dict[str, Record] = field(default_factory=dict)
    institutions: dict[str, Record] = field(default_factory=dict)
    hubs: dict[str, Record] = field(default_factory=dict)
    municipality_file: str = ""
    as_of: datetime.date = field(default_factory=datetime.date.today)
    _memo: dict = field(default_factory=dict, repr=False)

    def memo(self, key, compute):
        """An index derived once per check (rules share them instead of rescanning records)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def designated_by_zone(self, kind: str) -> dict[str, list[Record]]:
        """zone id -> valid records of `kind` that count as designated on `as_of`, oldest first."""
        def compute():
            index: dict[str, list[Record]] = {}
            for r in self.records(kind).values():
                if r.valid and r.designation and r.designation.counts_on(self.as_of):
                    zones = r.get("zones", []) if kind == "hub" else [r.get("zone")]
                    for z in zones:
                        index.setdefault(z, []).append(r)
            for records in index.values():
                records.sort(key=lambda r: (r.designation.effective, r.id))
            return index
        return self.memo(("designated", kind), compute)

    def records(self, kind: str) -> dict[str, Record]:
        return {"zone": self.zones, "institution": self.institutions, "hub": self.hubs}[kind]

    def reference_only(self) -> Registry:
        """This registry without its records: what a record rule may see."""
        return dataclasses.replace(self, zones=NO_RECORDS, institutions=NO_RECORDS, hubs=NO_RECORDS, _memo={})

    def zone_population(self, zone: Record, on: datetime.date):
        """(total or None, the date of the data used, codes with no figure, sum of known figures).

        Uses the figures for `on` or, failing that, the latest earlier ones; the caller says so."""
        codes = zone.get("municipalities", [])
        dates = sorted(d for d in self.populations if d <= on)
        if not dates:
            return None, None, list(codes), 0
        basis = dates[-1]
        figures = self.populations[basis]
        missing = [c for c in codes if c not in figures]
        known = sum(figures[c] for c in codes if c in figures)
        return (None if missing else known), basis, missing, known


def parse_designation(data: dict, on_problem) -> Designation | None:
    """Parse the designation dates; `on_problem(code, path, params)` receives bad dates."""
    block = data.get("designation")
    if not isinstance(block, dict):
        return None

    def date_at(key, partial=False):
        value = block.get(key)
        if value is None:
            return None
        try:
            return parse_partial_date(value) if partial else parse_date(value)
        except DateError as err:
            on_problem(_date_code(err), ("designation", key), _date_params(err, key, value))
            return None

    return Designation(status=block.get("status"), designated_on=date_at("designated_on", partial=True),
                       designated_by=date_at("designated_by"), withdrawn_on=date_at("withdrawn_on"))


def _date_code(err: DateError) -> str:
    return {"outside-era": "date-outside-era", "month-only": "date-month-only"}.get(err.reason, "date-invalid")


_HINTS = {
    "invalid": ("その日付は存在しません。", "No such day."),
    "syntax": ("2025-04-01、令和7年4月1日、R7.4.1 のように書いてください。",
               "Write it as 2025-04-01, 令和7年4月1日 or R7.4.1."),
    "unsupported-era": ("昭和・平成・令和の日付で書いてください。", "Use a Shōwa, Heisei or Reiwa date."),
}


def _date_params(err: DateError, key: str, value) -> dict:
    hint, hint_en = _HINTS.get(err.reason, ("", ""))
    params = {"field": f"designation.{key}", "field_en": f"designation.{key}", "text": str(value),
              "hint": hint, "hint_en": hint_en}
    if err.reason == "outside-era":
        start, end = err.params["start"], err.params["end"]
        params.update(era=err.params["era"], span=f"{start}から{end or ''}",
                      span_en=f"{start} to {end}" if end else f"from {start}")
    return params
