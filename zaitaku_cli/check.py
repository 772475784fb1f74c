"""The check pipeline: read the registry, validate each file against its schema, build the typed
model, run the registered rules, and return a CheckResult of located findings."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from zaitaku_cli.catalogue import entry
from zaitaku_cli.findings import CheckResult, Finding, format_path
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import KIND_OF_FOLDER, RawRegistry, read_csv, read_registry
from zaitaku_cli.model import Municipality, Record, Registry, Scheme, parse_designation
from zaitaku_cli.validate.schema import check_schema

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_POPULATION_FILE = re.compile(r"population-(\d{4}-\d{2}-\d{2})\.csv$")


class SchemeInvalid(Exception):
    """prefecture.yaml cannot be used, so no rule can run (exit 2). Carries its findings."""

    def __init__(self, findings):
        super().__init__("prefecture.yaml is not usable")
        self.findings = findings


def _finding(rel: str, p: Problem) -> Finding:
    return Finding(p.code, entry(p.code).severity, rel, p.line, p.column, format_path(p.path), p.params)


class _Collector:
    def __init__(self):
        self.findings: list[Finding] = []

    def add(self, rel: str, problems) -> None:
        self.findings.extend(_finding(rel, p) for p in problems)


def _load_scheme(raw: RawRegistry, out: _Collector) -> Scheme:
    doc = raw.prefecture
    problems = list(doc.problems)
    if doc.value is not None:
        problems += check_schema("prefecture", doc)
    if not problems and doc.value is not None:
        problems = _scheme_value_problems(doc)
    if problems or doc.value is None:
        out.add(doc.rel, problems)
        raise SchemeInvalid(out.findings)
    return Scheme(doc.value, doc)


def _scheme_value_problems(doc) -> list[Problem]:
    """What the schema cannot say about prefecture.yaml: its dates are real dates."""
    from zaitaku_cli.dates import DateError, parse_date

    data, problems = doc.value, []

    def bad(path, params, code="date-invalid"):
        line, column, _ = doc.locate(path)
        problems.append(Problem(code, line, column, params, path))

    plan = data.get("plan") or {}
    for path, value in ((("scheme_start",), data.get("scheme_start")), (("plan", "start"), plan.get("start")),
                        (("plan", "end"), plan.get("end"))):
        if value is not None:
            try:
                parse_date(value)
            except DateError:
                bad(path, {"field": format_path(path), "text": str(value), "hint": "2024-04-01 のように書いてください。",
                           "hint_en": "Write it as 2024-04-01."})
    counted_on = ((data.get("hub") or {}).get("count_rule") or {}).get("counted_on")
    if counted_on is not None:
        try:
            month, day = (int(x) for x in str(counted_on).split("-"))
            datetime.date(2023, month, day)  # a day that exists every year
        except ValueError:
            bad(("hub", "count_rule", "counted_on"), {
                "field": "hub.count_rule.counted_on", "text": str(counted_on),
                "hint": "毎年ある日を「01-01」のように月-日で書いてください。", "hint_en": "Write a day every year has, as MM-DD (01-01)."})
    return problems


def _load_municipalities(raw, scheme, out):
    rel_name = scheme.data.get("reference", {}).get("municipalities", "reference/municipalities.csv")
    rel = f"{raw.rel(raw.root)}/{rel_name}"
    data = raw.read(rel_name)
    if data is None:
        out.add(raw.prefecture.rel, [Problem("registry-missing", *raw.prefecture.locate(("reference", "municipalities"))[:2],
                                             {"path": rel}, ("reference", "municipalities"))])
        return {}, rel
    rows, problems = read_csv(data, rel)
    out.add(rel, problems)
    towns = {}
    for row in rows:
        code = (row.get("code") or "").strip()
        if not re.fullmatch(r"\d{6}", code) or not row.get("name") or code in towns:
            out.add(rel, [Problem("reference-invalid", row["_line"], 1, {"detail": f"code={code!r}"})])
            continue
        towns[code] = Municipality(code, row["name"], row.get("kana", ""), row.get("secondary_area", ""), row["_line"])
    raw.csv_files["municipalities"] = (rel, rows)
    return towns, rel


def _load_populations(raw, scheme, out):
    populations, files = {}, {}
    for i, rel_name in enumerate(scheme.data.get("reference", {}).get("population", []) or []):
        rel = f"{raw.rel(raw.root)}/{rel_name}"
        match = _POPULATION_FILE.search(rel_name)
        where = raw.prefecture.locate(("reference", "population", i))[:2]
        data = raw.read(rel_name)
        if data is None or not match:
            out.add(raw.prefecture.rel, [Problem("registry-missing", *where, {"path": rel}, ("reference", "population", i))])
            continue
        try:
            on = datetime.date.fromisoformat(match.group(1))
        except ValueError:
            out.add(raw.prefecture.rel, [Problem("reference-invalid", *where, {"detail": f"{rel_name}: no such date"},
                                                 ("reference", "population", i))])
            continue
        rows, problems = read_csv(data, rel)
        out.add(rel, problems)
        figures = {}
        for row in rows:
            try:
                code, figure = row["code"].strip(), int(row["population"])
                if figure < 0 or code in figures:
                    raise ValueError
                figures[code] = figure
            except (KeyError, ValueError, AttributeError):
                out.add(rel, [Problem("reference-invalid", row["_line"], 1, {"detail": f"{row.get('code')!r}: {row.get('population')!r}"})])
        populations[on], files[on] = figures, rel
        raw.csv_files[f"population {on}"] = (rel, rows)
    return populations, files


def _load_record(kind: str, doc, out: _Collector) -> Record:
    out.add(doc.rel, doc.problems)
    if doc.value is None:  # unreadable: its id still exists, so references to it don't cascade
        return Record(kind, Path(doc.rel).stem, doc, {}, valid=False)
    stem = Path(doc.rel).stem
    problems = []
    if not _ID.fullmatch(stem):
        problems.append(Problem("record-id-invalid-stem", 1, 1, {"stem": stem}))
    record_id = doc.value.get("id")
    if isinstance(record_id, str) and record_id != stem:
        line, column, _ = doc.locate(("id",))
        problems.append(Problem("record-id-mismatch", line, column, {"id": record_id, "stem": stem}, ("id",)))
    if doc.lossy:  # a value was dropped: the file's own findings say why; rules skip it
        out.add(doc.rel, problems)
        return Record(kind, stem, doc, doc.value, valid=False)
    schema_problems = doc.schema_problems if doc.schema_problems is not None else check_schema(kind, doc)
    record = Record(kind, stem, doc, doc.value, valid=not schema_problems)
    if record.valid:
        def on_date_problem(code, path, params):
            line, column, _ = doc.locate(path)
            problems.append(Problem(code, line, column, params, path))
        record.designation = parse_designation(doc.value, on_date_problem)
    out.add(doc.rel, problems + schema_problems)
    return record


def build_registry(raw: RawRegistry, as_of: datetime.date, out: _Collector) -> Registry:
    scheme = _load_scheme(raw, out)
    towns, town_rel = _load_municipalities(raw, scheme, out)
    populations, population_files = _load_populations(raw, scheme, out)
    registry = Registry(scheme, towns, populations, population_files, municipality_file=town_rel, as_of=as_of)
    for folder, docs in raw.documents.items():
        kind = KIND_OF_FOLDER[folder]
        records = registry.records(kind)
        for doc in docs:
            record = _load_record(kind, doc, out)
            records[record.id] = record
    for fp in raw.problems:
        out.add(fp.rel, fp.problems)
    return registry


def run_rules(registry: Registry, out: _Collector) -> None:
    from zaitaku_cli.rules import RULES

    for rule in RULES:
        if rule.TARGET == "registry":
            _collect(rule, rule.check(registry), None, out)
            continue
        for kind in rule.TARGET:
            for record in registry.records(kind).values():
                if record.valid:
                    _collect(rule, rule.check(record, registry), record, out)


def _collect(rule, reports, record, out: _Collector) -> None:
    code = rule.ENTRY.code
    for report in reports:
        target = report.record or record
        if report.file is not None:
            out.findings.append(Finding(code, rule.ENTRY.severity, report.file, report.line or 1, 1, "", report.params))
            continue
        line, column, _ = target.doc.locate(report.path, key=report.key)
        out.findings.append(Finding(code, rule.ENTRY.severity, target.doc.rel, line, column,
                                    format_path(report.path), report.params))


def check_registry(root: Path, as_of: datetime.date, only=None, jobs: int | None = None) -> CheckResult:
    """Check the whole registry at `root`; report only on files selected by `only` (a predicate
    on the relative path), while cross-record rules still see every record."""
    return load_checked(root, as_of, only, jobs=jobs)[1]


def load_checked(root: Path, as_of: datetime.date, only=None, overrides=None,
                 jobs: int | None = None, at: str | None = None) -> tuple[Registry, CheckResult]:
    """The typed registry and the result of checking it (commands that publish or edit refuse
    to act on a registry with errors). Raises SchemeInvalid when prefecture.yaml is unusable.
    `overrides` ({path: bytes}) checks files as they would be after an edit. `jobs` = processes
    for reading large folders (default: 2 when the machine has them). `at` reads the registry as
    it was at a git revision (load.git_source.RevisionError when it cannot)."""
    import gc

    from zaitaku_cli.parallel import folder_loader

    # Tens of thousands of small acyclic values: the cyclic collector would rescan them again
    # and again while they are built (measured: parsing 3x slower). Nothing here makes cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_checked(root, as_of, only, overrides, folder_loader(jobs), at)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_checked(root, as_of, only, overrides, loader, at=None):
    if at is not None:
        from zaitaku_cli.load.git_source import read_registry_at

        raw = read_registry_at(root, at)
    else:
        raw = read_registry(root, load=loader, overrides=overrides)
    out = _Collector()
    registry = build_registry(raw, as_of, out)
    run_rules(registry, out)
    findings = out.findings
    files = raw.file_count
    if only is not None:
        findings = [f for f in findings if only(f.file)]
        files = sum(1 for rel in _all_files(raw) if only(rel))
    findings.sort(key=Finding.sort_key)
    return registry, CheckResult(findings, files)


def _all_files(raw: RawRegistry):
    yield raw.prefecture.rel
    for docs in raw.documents.values():
        for doc in docs:
            yield doc.rel
    for rel, _ in raw.csv_files.values():
        yield rel
