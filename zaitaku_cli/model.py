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

PREFECTURE_TIER = "prefecture"
DESIGNATED = "designated"
WITHDRAWN = "withdrawn"
PLANNED, COORDINATING, APPLIED = "planned", "coordinating", "applied"
PENDING = (PLANNED, COORDINATING, APPLIED)
# An institution's lists of partners (seed 001 連携している医療機関 / 訪問看護事業所): items {name,
# municipality, navii_id}, each shown as 名称（市町村） and linked where it has an id.
LINKED_LISTS = ("linked_institutions", "linked_nursing_stations")


def linked_items(data: dict):
    """(list key, index, item) of every item of the record's LINKED_LISTS that is a mapping."""
    for key in LINKED_LISTS:
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict):
                yield key, i, item
# DESIGN §3 fixed vocabulary: how each status is written for people.
STATUS_LABELS = {
    "ja": {"planned": "予定", "coordinating": "調整中", "applied": "申請書提出済（審査中）",
           "designated": "指定済", "withdrawn": "指定取消・辞退"},
    "en": {"planned": "planned", "coordinating": "coordinating", "applied": "applied (under review)",
           "designated": "designated", "withdrawn": "withdrawn"},
}


def status_label(status, lang: str = "ja") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["ja"]).get(status, str(status))


# DESIGN §3: the lifecycle in order; a record's steps before its designation are the PENDING ones.
LIFECYCLE = (*PENDING, DESIGNATED, WITHDRAWN)


@dataclass(frozen=True)
class Step:
    """One step before the designation (`designation.steps[index]`): planned, coordinating or
    applied, taken on `date` (the day may be unknown: month only) or known only to have been taken
    by `by` (an upper bound, as `designated_by`)."""

    status: str
    date: PartialDate | None = None
    by: datetime.date | None = None
    index: int = 0  # its place in `designation.steps`, for findings

    @property
    def earliest(self) -> datetime.date | None:
        """The first day the step may have been taken: its date's first day (None for a `by` only,
        which has no earliest day)."""
        return self.date.first() if self.date is not None else None

    @property
    def since(self) -> datetime.date | None:
        """The first day on which the step certainly holds (None: its date is not known)."""
        if self.date is not None:
            return self.date.last()
        return self.by


@dataclass
class Designation:
    status: str
    designated_on: PartialDate | None = None  # the day may be unknown (month only)
    designated_by: datetime.date | None = None  # an upper bound when the date is not published
    withdrawn_on: datetime.date | None = None
    steps: tuple[Step, ...] = ()  # the dated steps before the designation, as written
    health_center_shared_on: datetime.date | None = None  # the plan shared with the 保健所 (seed 004)

    @cached_property  # asked for every record on every as-of question; the dates never change
    def effective(self) -> datetime.date | None:
        """The first day on which the designation certainly holds."""
        if self.designated_on is not None:
            return self.designated_on.last()
        return self.designated_by

    @property
    def ever_designated(self) -> bool:
        """Designated at some known date (withdrawn since or not): what counts and overlaps."""
        return self.status in (DESIGNATED, WITHDRAWN) and self.effective is not None

    def counts_on(self, as_of: datetime.date) -> bool:
        """Designated on or before `as_of` and not withdrawn by then."""
        if not self.ever_designated:
            return False
        if self.effective > as_of:
            return False
        return self.withdrawn_on is None or self.withdrawn_on > as_of

    def in_force_during(self, start: datetime.date, end: datetime.date) -> str:
        """Whether the designation is in force over the days start..end (a fiscal year, for a
        grant): "whole", "part" (certainly some days, certainly not all), "none" (certainly no
        day), or "unknown" (the dates cannot tell: a designation known only by an upper bound
        `designated_by`, or designated with no date)."""
        withdrawn = self.withdrawn_on if self.status == WITHDRAWN else None
        if withdrawn is not None and withdrawn <= start:
            return "none"
        if self.status not in (DESIGNATED, WITHDRAWN) or self.effective is None:
            return "unknown" if self.status == DESIGNATED else "none"
        earliest = self.designated_on.first() if self.designated_on is not None else None
        if earliest is not None and (earliest > end or withdrawn is not None and withdrawn <= earliest):
            return "none"  # designated after the year, or withdrawn by the day it took effect
        if self.status == WITHDRAWN and withdrawn is None:
            return "unknown"  # withdrawn on a day not recorded
        if self.effective <= start:
            return "whole" if withdrawn is None or withdrawn > end else "part"
        if self.effective > end:
            return "unknown"  # designated by a day after the year: possibly within it
        # in force from `effective`, inside the year: part of it, unless it may have begun earlier
        if earliest is not None and earliest > start or withdrawn is not None and withdrawn <= end:
            return "part"
        return "unknown"

    def status_on(self, day: datetime.date) -> str | None:
        """The record's status on `day`: a pure function of its dates and steps.

        - withdrawn from `withdrawn_on` (a withdrawn record), designated from the day the
          designation certainly holds (`effective`) until then;
        - before that, of the steps that certainly hold on `day`, the one written last: steps are
          written in lifecycle order (rule designation-step-order), so a step known only "by" a
          later day (planned by 2025-07-21) never outranks a later step with an earlier known date
          (coordinating on 2025-07-01);
        - with steps but none yet on `day`: None (the record was not yet in preparation, or its
          state then is unknown; the tables leave it out);
        - a record written without steps (the format before steps) is, before its dates, in its
          current pending status, or `planned` when it is designated or withdrawn since: what the
          tables showed before steps existed.
        """
        if self.status == WITHDRAWN and self.withdrawn_on is not None and self.withdrawn_on <= day:
            return WITHDRAWN
        if self.counts_on(day):
            return DESIGNATED
        step = self.step_on(day)
        if step is not None:
            return step.status
        if self.steps:
            return None
        if self.ever_designated and self.effective <= day:
            return None  # designated, yet not in force (withdrawn_on without the status): no status
        return self.status if self.status in PENDING else PLANNED

    def step_on(self, day: datetime.date) -> Step | None:
        """Of the steps that certainly hold on `day`, the one written last (steps are written in
        lifecycle order); None when none holds yet. What status_on uses before the designation."""
        held = [s for s in self.steps if s.since is not None and s.since <= day]
        return max(held, key=lambda s: s.index) if held else None

    def pending_on(self, day: datetime.date) -> bool:
        """In preparation on `day`: planned, coordinating or applied (status_on)."""
        return self.status_on(day) in PENDING


@dataclass(eq=False)  # identity: rules ask "is this the same record"
class Record:
    kind: str  # zone | institution | hub | grant
    id: str
    doc: object  # load.Document
    data: dict
    valid: bool = True  # the rules can run on it (validate/partial.py)
    designation: Designation | None = None
    cuts: frozenset = frozenset()  # paths of faulty fields cut out of `data` (validate/partial.py)

    def __post_init__(self):
        self.get = self.data.get  # record.get(key): called ~15 times per record by the rules

    @property
    def rel(self) -> str:
        return self.doc.rel

    @property
    def whole(self) -> bool:
        """Valid with no field cut out for a fault: what tables and status count (a record with
        a faulty field is checked, never published or counted)."""
        return self.valid and not self.cuts

    @property
    def prefecture_wide(self) -> bool:
        """A hub of the prefecture-wide tier (`tier: prefecture`): never a zone's designation."""
        return self.data.get("tier") == PREFECTURE_TIER

    @property
    def zones(self) -> list:
        """The zone ids a record counts for: a hub's `zones` (none for the prefecture-wide tier),
        an institution's `zone`."""
        if self.kind == "hub":
            return [] if self.prefecture_wide else list(self.data.get("zones") or [])
        zone = self.data.get("zone")
        return [zone] if zone is not None else []


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


@dataclass(frozen=True)
class DesignationType:
    """A designation type of prefecture.yaml `<kind>.types` (Kumamoto: 基幹型, 連携型)."""

    id: str
    label: str
    label_en: str
    min_bodies: int = 0  # implementing bodies at least
    representative: bool = False  # exactly one body marked `representative: true`


# DESIGN §3 fixed vocabulary: the national institution kinds, used when prefecture.yaml names none.
NATIONAL_KINDS = {
    "zaitaku_clinic": ("在宅療養支援診療所", "home-care support clinic"),
    "zaitaku_hospital": ("在宅療養支援病院", "home-care support hospital"),
    "home_visit_provider": ("訪問診療を実施する医療機関", "home-visit provider"),
    "other": ("その他", "other"),
}

# DESIGN §2 glossary: the national words, used where prefecture.yaml `terms` says nothing.
NATIONAL_TERMS = {
    "ja": {"zone": "在宅医療圏", "hub": "拠点", "institution": "積極的役割を担う医療機関",
           "mandatory": "必須要件", "optional": "任意要件", "municipalities": "構成市町村",
           "tertiary_area": "第三次医療圏", "secondary_area": "第二次医療圏", "health_center": "保健所"},
    "en": {"zone": "home-care zone", "hub": "hub", "institution": "active-role institution",
           "mandatory": "mandatory requirement", "optional": "optional requirement",
           "municipalities": "municipalities", "tertiary_area": "tertiary area",
           "secondary_area": "secondary area", "health_center": "health centre"},
}


@dataclass(frozen=True)
class HealthCenter:
    """A health centre (保健所) of prefecture.yaml `health_centers`: the prefecture's office shares
    the planned designations with it before they are made (seed 004「※指定前に、道本庁から保健所へ
    指定予定医療機関を共有」)."""

    id: str
    name: str
    name_en: str | None = None

    def label(self, lang: str = "ja") -> str:
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass
class Scheme:
    """prefecture.yaml: everything that differs between prefectures."""

    data: dict
    doc: object
    _requirements: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def name(self) -> str:
        return self.data.get("name", "")

    @cached_property
    def scheme_start(self) -> datetime.date | None:
        return date_or_none(self.data.get("scheme_start"))

    def section(self, kind: str) -> dict:
        """prefecture.yaml `institution` or `hub`: the scheme of one designation kind."""
        return self.data.get(kind) or {}

    def requirements_of(self, kind: str) -> list[Requirement]:
        """The requirement items of `kind` ("institution" or "hub"), in table order; none when the
        scheme gives none (Hokkaido's hubs have `roles` instead)."""
        made = self._requirements.get(kind)
        if made is None:  # asked per record by the eligibility of `status`: made once per kind
            items = self.section(kind).get("requirements") or []
            made = self._requirements[kind] = tuple(
                Requirement(i["id"], i.get("mark", ""), bool(i.get("mandatory")), i.get("text", ""), i.get("column", ""))
                for i in items)
        return list(made)

    def optional_minimum_of(self, kind: str) -> int:
        return int(self.section(kind).get("optional_minimum", 0) or 0)

    @cached_property
    def requirements(self) -> list[Requirement]:
        return self.requirements_of("institution")

    @cached_property
    def optional_minimum(self) -> int:
        return self.optional_minimum_of("institution")

    @cached_property
    def eligible_kinds(self) -> list[str]:
        return list(self.data.get("institution", {}).get("eligible_kinds", []))

    @cached_property
    def kinds(self) -> dict[str, tuple[str, str]]:
        """Institution kind id -> (label, English label): prefecture.yaml `institution.kinds`, else
        the national four."""
        listed = self.section("institution").get("kinds")
        if not listed:
            return dict(NATIONAL_KINDS)
        return {k["id"]: (k.get("label", k["id"]), k.get("label_en") or NATIONAL_KINDS.get(k["id"], (0, k["id"]))[1])
                for k in listed}

    def kind_label(self, kind_id, lang: str = "ja") -> str | None:
        labels = self.kinds.get(kind_id)
        return None if labels is None else labels[1 if lang == "en" else 0]

    def types_of(self, kind: str) -> dict[str, DesignationType]:
        """Designation type id -> DesignationType (prefecture.yaml `<kind>.types`), in order."""
        return {t["id"]: DesignationType(t["id"], t.get("label", t["id"]), t.get("label_en") or t.get("label", t["id"]),
                                         int(t.get("min_bodies") or 0), bool(t.get("representative")))
                for t in self.section(kind).get("types") or []}

    def type_required(self, kind: str) -> bool:
        return bool(self.section(kind).get("type_required"))

    def type_label(self, kind: str, type_id, lang: str = "ja") -> str:
        t = self.types_of(kind).get(type_id)
        return "" if t is None else (t.label_en if lang == "en" else t.label)

    @cached_property
    def prefecture_wide(self) -> dict | None:
        """prefecture.yaml `hub.prefecture_wide` ({label, label_en, max}) or None: the scheme has
        no prefecture-wide tier."""
        return self.section("hub").get("prefecture_wide")

    def zone_count(self, zone_id: str) -> int:
        """How many hubs a zone may have at once before any population exception:
        `count_rule.overrides[zone]`, else `count_rule.per_zone`."""
        rule = self.count_rule
        overrides = rule.get("overrides") or {}
        return int(overrides.get(zone_id, rule.get("per_zone", 1)))

    def terms(self, lang: str = "ja") -> dict[str, str]:
        """The words shown to people: prefecture.yaml `terms` (`terms_en` for English) over the
        national terms."""
        national = NATIONAL_TERMS["en" if lang == "en" else "ja"]
        own = self.data.get("terms_en" if lang == "en" else "terms") or {}
        return {**national, **{k: v for k, v in own.items() if isinstance(v, str) and v}}

    @cached_property
    def term_params(self) -> dict[str, str]:
        """Message parameters for the terms: {t_zone}, {t_hub}, … and {t_zone_en}, …"""
        return as_term_params(self.terms("ja"), self.terms("en"))

    @cached_property
    def has_tertiary_areas(self) -> bool:
        return bool(self.data.get("tertiary_areas"))

    @cached_property
    def body_types(self) -> dict[str, str]:
        return {b["id"]: b.get("label", b["id"]) for b in self.data.get("hub", {}).get("body_types", [])}

    @cached_property
    def grant_menus(self) -> dict[str, dict]:
        """Subsidy menu id -> its prefecture.yaml `grants.menus` item (caps in integer yen, rate
        as numerator/denominator); none when the scheme names no menu."""
        menus = (self.data.get("grants") or {}).get("menus") or []
        return {m["id"]: m for m in menus if isinstance(m, dict) and "id" in m}

    def grant_budget(self, menu_id: str, fiscal_year: int) -> dict | None:
        """The menu's `budgets` item for `fiscal_year` ({fiscal_year, total, places?, per_place?,
        note?} in integer yen), None when prefecture.yaml gives none with an integer total (the
        budget is unknown; the schema reports a malformed item)."""
        from zaitaku_cli.money import is_yen

        menu = self.grant_menus.get(menu_id) or {}
        budgets = menu.get("budgets")
        return next((b for b in budgets if isinstance(b, dict) and b.get("fiscal_year") == fiscal_year
                     and is_yen(b.get("total"))), None) if isinstance(budgets, list) else None

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

    @cached_property
    def health_centers(self) -> dict[str, HealthCenter]:
        """Health centre id -> HealthCenter (prefecture.yaml `health_centers`), in listed order;
        empty when the scheme lists none."""
        return {h["id"]: HealthCenter(h["id"], h.get("name") or h["id"], h.get("name_en"))
                for h in self.data.get("health_centers") or [] if isinstance(h, dict) and h.get("id")}

    def health_center_of(self, zone) -> HealthCenter | None:
        """The health centre a zone record names (`health_center`), None when it names none or
        one not in prefecture.yaml (the rule zone-health-center reports that)."""
        value = zone.get("health_center") if zone is not None else None
        return self.health_centers.get(value) if isinstance(value, str) else None


def as_term_params(ja: dict, en: dict) -> dict[str, str]:
    """Words as message parameters: {"zone": …} -> {"t_zone": …}, English as "t_zone_en"."""
    return {**{f"t_{k}": v for k, v in ja.items()}, **{f"t_{k}_en": v for k, v in en.items()}}


def date_or_none(value) -> datetime.date | None:
    """A date field's day; None when empty or unreadable (the schema's date check reports that)."""
    try:
        return parse_date(value) if value is not None else None
    except DateError:
        return None


def menu_label(menu: dict | None, lang: str = "ja") -> str | None:
    """A subsidy menu's name as every table, message and diff shows it: `label_en` in English,
    else `label`, else its id; None without a menu. One rule, so that a menu reads the same in
    `check`, `export grants`, `status` and `diff`."""
    if not isinstance(menu, dict):
        return None
    shown = (menu.get("label_en") if lang == "en" else None) or menu.get("label") or menu.get("id")
    return str(shown) if shown is not None else None


@dataclass
class Registry:
    scheme: Scheme
    municipalities: dict[str, Municipality]
    populations: dict[datetime.date, dict[str, int]]  # as-of date -> code -> population
    population_files: dict[datetime.date, str]  # as-of date -> rel path
    zones: dict[str, Record] = field(default_factory=dict)
    institutions: dict[str, Record] = field(default_factory=dict)
    hubs: dict[str, Record] = field(default_factory=dict)
    grants: dict[str, Record] = field(default_factory=dict)  # subsidies (issue 14): no designation of their own
    municipality_file: str = ""
    as_of: datetime.date = field(default_factory=datetime.date.today)
    today: datetime.date | None = None  # the day of the check, when as_of names another day
    area: object = None  # tables.areas.Area: this registry is a view restricted to that area
    support_clinics: dict[datetime.date, dict[str, int]] = field(default_factory=dict)  # 在支診・在支病 per code
    support_clinic_files: dict[datetime.date, str] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False)

    @property
    def decisions_until(self) -> datetime.date:
        """The last date a recorded decision may bear: today, or as_of when that is later. A check
        as of a past day asks whether the registry was right on that day: a designation made since
        was not yet made then, which is not an error (rules count designations as of as_of)."""
        return self.as_of if self.today is None or self.today < self.as_of else self.today

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
                    for z in r.zones:
                        index.setdefault(z, []).append(r)
            for records in index.values():
                records.sort(key=lambda r: (r.designation.effective, r.id))
            return index
        return self.memo(("designated", kind), compute)

    def records(self, kind: str) -> dict[str, Record]:
        return {"zone": self.zones, "institution": self.institutions, "hub": self.hubs, "grant": self.grants}[kind]

    def reference_only(self) -> Registry:
        """This registry without its records: what a record rule may see."""
        return dataclasses.replace(self, zones=NO_RECORDS, institutions=NO_RECORDS, hubs=NO_RECORDS,
                                   grants=NO_RECORDS, _memo={})

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
    """Parse the designation dates; `on_problem(code, path, params)` receives bad dates. The dates
    of `steps` and `health_center_shared_on` are checked with the other dates of the record
    (validate/values.py, schema marker x-zaitaku-date): an unreadable one is None here."""
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
                       designated_by=date_at("designated_by"), withdrawn_on=date_at("withdrawn_on"),
                       steps=parse_steps(block.get("steps")),
                       health_center_shared_on=_quiet_date(block.get("health_center_shared_on")))


def parse_steps(items) -> tuple[Step, ...]:
    """`designation.steps` as Steps, in the order written; items that are not a mapping with a
    status are skipped (the schema reports them)."""
    steps = []
    for index, item in enumerate(items or []):
        if isinstance(item, dict) and item.get("status") in PENDING:
            steps.append(Step(item["status"], _quiet_date(item.get("date"), partial=True),
                              _quiet_date(item.get("by")), index))
    return tuple(steps)


def _quiet_date(value, partial: bool = False):
    """A date another layer reports on when unreadable: None here."""
    if value is None:
        return None
    try:
        return parse_partial_date(value) if partial else parse_date(value)
    except (DateError, TypeError, ValueError):
        return None


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
