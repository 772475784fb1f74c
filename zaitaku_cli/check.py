"""The check pipeline: load (load/) → validate and build the typed model (validate/) → rules
(rules/) → a CheckResult of located findings, which report/ renders.

It runs in two stages. Per record, where the file is read (in the reading worker too, for a large
registry): the file's problems, its schema, its model record and the record rules (SCOPE
"record"), against the scheme and reference data read first. Then, in this process, on the
whole model: the rules that compare records with each other.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from zaitaku_cli.findings import CheckResult, Finding, format_path
from zaitaku_cli.load.registry import KIND_OF_FOLDER, RawRegistry, open_registry, read_records, unread_problems
from zaitaku_cli.model import Registry
from zaitaku_cli.validate.build import Collector, SchemeInvalid, build_record, build_reference
from zaitaku_cli.validate.partial import under
from zaitaku_cli.validate.values import VALUE_FAULTS

__all__ = ["SchemeInvalid", "check_registry", "load_checked"]


def check_registry(root: Path, as_of: datetime.date, only=None, jobs: int | None = None,
                   today: datetime.date | None = None) -> CheckResult:
    """Check the whole registry at `root`; report only on files selected by `only` (a predicate
    on the relative path), while cross-record rules still see every record. `today` (default:
    `as_of`) is the day of the check: no decision may be dated after it (or after a later `as_of`)."""
    return load_checked(root, as_of, only, jobs=jobs, today=today)[1]


def load_checked(root: Path, as_of: datetime.date, only=None, overrides=None,
                 jobs: int | None = None, at: str | None = None,
                 today: datetime.date | None = None, memo=None,
                 rules: str = "all") -> tuple[Registry, CheckResult]:
    """The typed registry and the result of checking it (commands that publish or edit refuse
    to act on a registry with errors). Raises SchemeInvalid when prefecture.yaml is unusable.
    `overrides` ({path: bytes}) checks files as they would be after an edit. `jobs` = processes
    for reading large folders (default: 2 when the machine has them). `at` reads the registry as
    it was at a git revision (load.git_source.RevisionError when it cannot). `today`: as in
    check_registry. `memo` (memo.RecordMemo): record files already checked by an earlier call
    with the same scheme, reference data and dates are taken from it, not read again.
    `rules`: "all"; "record" leaves out the rules that compare records (SCOPE "registry"), "none"
    every rule, for a caller that uses the records only (a revision diffed or checked against):
    those findings are then missing from the result (the model is the same)."""
    import gc

    # Tens of thousands of small acyclic values: the cyclic collector would rescan them again
    # and again while they are built (measured: parsing 3x slower). Nothing here makes cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_checked(root, as_of, only, overrides, jobs, at, today, memo, rules)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_checked(root, as_of, only, overrides, jobs, at, today, memo, rules):
    from zaitaku_cli.parallel import folder_loader

    out = Collector()
    read = None
    if at is not None:
        from zaitaku_cli.load.git_source import fetching, open_registry_at, read_blob

        raw, listed = open_registry_at(root, at)
        read = lambda blob, rel: read_blob(blob, rel, at)  # noqa: E731 - runs in the reading worker too
    else:
        raw, listed = open_registry(root, overrides)
    if memo is not None:
        raw.read_log = []
    reference = build_reference(raw, as_of, out, today)
    seen_by_record_rules = reference.reference_only()
    record_rules = rules != "none"
    load = folder_loader(jobs, lambda docs: check_records(docs, seen_by_record_rules, record_rules), read)
    if at is not None:
        load = fetching(load)
    remembering = _remembering(load, memo, raw, reference, at is not None, record_rules) if memo is not None else None
    read_records(raw, listed, remembering or load, overrides)
    raw.problems += unread_problems(raw)  # after the scheme has read its reference files
    registry = _with_records(reference, raw, out, record_rules)
    if remembering is not None:
        remembering.adopt(registry)
    if rules == "all":
        run_rules(registry, out)
    findings = out.findings
    files = raw.file_count
    if only is not None:
        findings = [f for f in findings if only(f.file)]
        files = sum(1 for rel in _all_files(raw) if only(rel))
    findings.sort(key=Finding.sort_key)
    return registry, CheckResult(findings, files)


def _remembering(load, memo, raw: RawRegistry, reference: Registry, from_git: bool, record_rules: bool):
    """`load` through `memo` (memo.MemoLoader), within this registry's scheme, reference data
    and dates; None when they cannot be told apart (no text of prefecture.yaml)."""
    from zaitaku_cli.memo import MemoLoader, context_key, file_blob_id, git_blob_id

    context = context_key(raw.prefecture.text, raw.read_log, reference.as_of, reference.decisions_until, record_rules)
    if context is None:
        return None
    return MemoLoader(load, memo.scope(context), git_blob_id if from_git else file_blob_id)


def check_records(docs, registry: Registry, record_rules: bool = True) -> None:
    """Records on their own, where they were read: each one's model record and the finding rows
    of its file, schema, id, dates and record rules (rules with SCOPE "record", which see
    `registry` without records). `docs` is [(kind, Document)]; results are left on each
    Document (doc.record, doc.found). Rule by rule over the batch: measured, half the time of
    record by record, as each rule's code and data stay warm. `record_rules=False`: the model and
    the rows of its file and schema only."""
    records, faulty = [], {}
    for kind, doc in docs:
        out = Collector()
        record = build_record(kind, doc, out)
        doc.record, doc.found = record, [_row(f) for f in out.findings]
        if record.valid and record_rules:
            records.append(record)
            faulty[id(record)] = {f.path for f in out.findings if f.code in VALUE_FAULTS}
    for kind in KIND_OF_FOLDER.values():
        batch = [r for r in records if r.kind == kind]
        for rule in _record_rules(kind) if batch else ():
            code, severity, check = rule.ENTRY.code, rule.ENTRY.severity, rule.check
            terms = _terms(rule, registry)
            for record in batch:
                for report in check(record, registry):
                    if not _explained(report, record, faulty.get(id(record))):
                        record.doc.found.append(_located(code, severity, report, record, terms))


def _with_records(reference: Registry, raw: RawRegistry, out: Collector, record_rules: bool = True) -> Registry:
    """The whole model. Records checked where they were read bring their findings; a record read
    by the worker (or taken from a memo) is built again here (cheap: its findings are already
    known); any other record (an edit being tried) is checked now."""
    unchecked = [(KIND_OF_FOLDER[folder], doc) for folder, docs in raw.documents.items() for doc in docs
                 if doc.found is None]
    if unchecked:
        check_records(unchecked, reference.reference_only(), record_rules)
    registry = reference  # from here on it holds the records
    for folder, docs in raw.documents.items():
        kind = KIND_OF_FOLDER[folder]
        records = registry.records(kind)
        for doc in docs:
            record = doc.record or build_record(kind, doc, Collector())
            doc.record = None  # the record refers to the document: no cycle left behind
            out.findings += (Finding(*row) for row in doc.found)
            records[record.id] = record
    for fp in raw.problems:
        out.add(fp.rel, fp.problems)
    return registry


def run_rules(registry: Registry, out: Collector) -> None:
    """The rules that compare records (SCOPE "registry"), each in turn: on every valid record
    of the kinds it targets, or once on the whole registry."""
    from zaitaku_cli.rules import RULES, is_record_rule

    findings = out.findings
    for rule in RULES:
        if is_record_rule(rule):
            continue
        code, severity, terms = rule.ENTRY.code, rule.ENTRY.severity, _terms(rule, registry)
        if rule.TARGET == "registry":
            findings += (Finding(*_located(code, severity, report, None, terms)) for report in rule.check(registry))
            continue
        check = rule.check
        for kind in rule.TARGET:
            for record in registry.records(kind).values():
                if record.valid:
                    for report in check(record, registry):
                        if not _explained(report, record):
                            findings.append(Finding(*_located(code, severity, report, record, terms)))


def _terms(rule, registry) -> dict | None:
    """The scheme's words, for a rule whose message uses them ({t_zone}, {t_hub}, …)."""
    message = rule.ENTRY.message
    if "{t_" in message.get("ja", "") or "{t_" in message.get("en", ""):
        return registry.scheme.term_params
    return None


_RECORD_RULES: dict[str, list] = {}


def _record_rules(kind: str) -> list:
    """The record rules for `kind`, in the registry's order."""
    if not _RECORD_RULES:
        from zaitaku_cli.rules import RULES, is_record_rule

        for name in KIND_OF_FOLDER.values():
            _RECORD_RULES[name] = [r for r in RULES if is_record_rule(r) and name in r.TARGET]
    return _RECORD_RULES[kind]


def _explained(report, record, faulty: set | None = None) -> bool:
    """A rule's report on a field that was cut out for its own fault (validate/partial.py), or
    on a value the loader already faults (`faulty`: the paths of its VALUE_FAULTS findings, e.g.
    an unquoted 1e3 or a bidi control in an id): that finding already says what is wrong there,
    and says it better (one finding per place)."""
    if report.file is not None:
        return False
    if faulty and report.record is None and format_path(report.path) in faulty:
        return True
    target = report.record or record
    if not target.cuts:
        return False
    return under(report.path, target.cuts) or any(under(path, target.cuts) for path in report.about)


def _located(code: str, severity: str, report, record, terms: dict | None = None) -> tuple:
    """A rule's report as a finding row (Finding's fields), its line found by composing the
    file again (only files with findings are composed twice). `terms`: the scheme's words for
    a message that uses them (Scheme.term_params)."""
    params = report.params
    if terms is not None:
        params = {**terms, **params}
    if report.file is not None:
        return code, severity, report.file, report.line or 1, 1, "", params
    target = report.record or record
    line, column, _ = target.doc.locate(report.path, key=report.key)
    return code, severity, target.doc.rel, line, column, format_path(report.path), params


def _row(f: Finding) -> tuple:
    return f.code, f.severity, f.file, f.line, f.column, f.path, f.params


def _all_files(raw: RawRegistry):
    yield raw.prefecture.rel
    for docs in raw.documents.values():
        for doc in docs:
            yield doc.rel
    for rel, _ in raw.csv_files.values():
        yield rel
