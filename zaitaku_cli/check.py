"""The check pipeline: load (load/) → validate and build the typed model (validate/) → rules
(rules/) → a CheckResult of located findings, which report/ renders.

It runs in two stages. Per record, where the file is read (in the reading worker too, for a large
registry): the file's problems, its schema, its model record and the record rules (SCOPE
"record"), against the scheme and reference data read first. Then, in this process, on the
whole model: the rules that compare records with each other.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from zaitaku_cli.exits import held, keep
from zaitaku_cli.findings import CheckResult, Finding, format_path
from zaitaku_cli.load.registry import KIND_OF_FOLDER, RawRegistry, open_registry, read_records, unread_problems
from zaitaku_cli.model import Registry
from zaitaku_cli.validate.build import Collector, SchemeInvalid, build_record, build_reference
from zaitaku_cli.validate.build import _stem as record_id
from zaitaku_cli.validate.partial import under
from zaitaku_cli.validate.values import VALUE_FAULTS

__all__ = ["Checked", "SchemeInvalid", "check_registry", "check_state", "collector_off", "load_checked",
           "recheck_with"]


def check_registry(root: Path, as_of: datetime.date, only=None, jobs: int | None = None,
                   today: datetime.date | None = None, cache: bool | None = None) -> CheckResult:
    """Check the whole registry at `root`; report only on files selected by `only` (a predicate
    on the relative path), while cross-record rules still see every record. `today` (default:
    `as_of`) is the day of the check: no decision may be dated after it (or after a later `as_of`).
    When nothing that decides the findings changed since the last run, the cache's are returned
    without reading the records (`cache`: as in load_checked)."""
    return check_state(root, as_of, only, jobs=jobs, today=today, cache=cache, whole=True).result


def load_checked(root: Path, as_of: datetime.date, only=None, overrides=None,
                 jobs: int | None = None, at: str | None = None,
                 today: datetime.date | None = None, cache: bool | None = None, memo=None,
                 rules: str = "all") -> tuple[Registry, CheckResult]:
    """The typed registry and the result of checking it (commands that publish or edit refuse
    to act on a registry with errors). Raises SchemeInvalid when prefecture.yaml is unusable.
    `overrides` ({path: bytes}) checks files as they would be after an edit. `jobs` = processes
    for reading large folders (default: 2 when the machine has them). `at` reads the registry as
    it was at a git revision (load.git_source.RevisionError when it cannot). `today`: as in
    check_registry. `cache`: False reads and writes no cache (zaitaku_cli/cache.py); None (the
    default) uses it unless ZAITAKU_NO_CACHE or the command's --no-cache says not to.
    `memo` (memo.RecordMemo): record files already checked by an earlier call with the same
    scheme, reference data and dates are taken from it, not read again.
    `rules`: "all"; "record" leaves out the rules that compare records (SCOPE "registry"), "none"
    every rule, for a caller that uses the records only (a revision diffed or checked against):
    those findings are then missing from the result (the model is the same)."""
    checked = check_state(root, as_of, only, overrides, jobs, at, today, cache, memo=memo, rules=rules)
    return checked.registry, checked.result


@dataclass
class Checked:
    """A registry read and checked (load_checked's two results), with what recheck_with needs
    to check it again after an edit without reading it again. `registry` and `raw` are None
    when check_registry's result came whole from the cache (nothing changed)."""

    registry: Registry | None
    result: CheckResult
    root: Path
    as_of: datetime.date
    only: object = None
    today: datetime.date | None = None
    overrides: dict | None = None
    at: str | None = None
    raw: RawRegistry | None = None
    listed: list = field(default_factory=list)  # open_registry's jobs: (folder, path, rel) of each record file
    reference_findings: list = field(default_factory=list)  # prefecture.yaml's and the reference files'
    opened_problems: list = field(default_factory=list)  # raw.problems before the unread files were added


def check_state(root: Path, as_of: datetime.date, only=None, overrides=None, jobs: int | None = None,
                at: str | None = None, today: datetime.date | None = None, cache: bool | None = None,
                whole: bool = False, memo=None, rules: str = "all") -> Checked:
    """load_checked (same arguments, same errors), keeping what recheck_with needs. `whole`:
    the result alone may come from the cache (check_registry)."""
    with collector_off():
        checked = _load_checked(root, as_of, only, overrides, jobs, at, today, cache, whole, memo, rules)
    keep(checked)  # the `zaitaku` program ends without freeing it (exits.keep)
    return checked


class collector_off:
    """Tens of thousands of small acyclic values: the cyclic collector would rescan them again
    and again while they are built (measured: parsing 3x slower). Nothing here makes cycles.
    A caller that keeps the registry while it works (an edit's check, a table, the status, the
    site: the collector took longer than building and printing them) holds it off longer.
    In the `zaitaku` program (exits.held(): what a command builds lives to its end, and the
    process ends without freeing it) what was made meanwhile is also left out of later
    collections (gc.freeze; refcounting still frees it): else the first full collection after
    a national check scanned the whole model (0.21 s), and a command that reads two registries
    and compares them walked both again and again (37 collections, 0.33 s of CPU in `diff
    HEAD~1 HEAD` on 16,400 records)."""

    def __enter__(self):
        import gc

        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        import gc

        if held():
            gc.freeze()
        if self.was_enabled:
            gc.enable()


def _load_checked(root, as_of, only, overrides, jobs, at, today, cache, whole, memo, rules) -> Checked:
    from zaitaku_cli.cache import RunCache
    from zaitaku_cli.parallel import folder_loader

    with contextlib.ExitStack() as stack:  # a revision's git process is ended however this ends
        out, run, read = Collector(), None, None
        if at is not None:
            from zaitaku_cli.load.git_source import fetching, ids_name_content, open_registry_at, read_blob

            raw, listed = open_registry_at(root, at)
            stack.callback(raw.close)
            by_id = ids_name_content(root)  # else neither the cache nor the memo knows its files by their ids
            run = RunCache.for_revision(root, raw, at, cache) if by_id else None
            read = lambda blob, rel: read_blob(blob, rel, at)  # noqa: E731 - runs in the reading worker too
        else:
            run = RunCache.open(root, overrides, cache)
            raw, listed = open_registry(root, run.scheme_overrides(overrides) if run else overrides)
            if run is not None and rules != "all":  # it reads the cache (rows are a superset), and adds
                run.adds_only, whole = True, False  # only what its files read as: its rows are not all
        if run is not None and memo is not None:
            run.shared = memo.cache_levels  # the other side's load has read them already
        reference = build_reference(raw, as_of, out, today)
        seen_by_record_rules = reference.reference_only()
        record_rules = rules != "none"

        def loader(cache=None):
            per_batch = lambda docs: check_records(docs, seen_by_record_rules, record_rules)  # noqa: E731
            return folder_loader(jobs, per_batch, read, cache)

        if run is not None and not run.start(raw, listed, as_of, today):
            run = None
        if run is not None and at is not None:
            read = run.read_blob  # a blob the cache keeps is not parsed
        load = loader(run)
        if run is not None:
            rows = run.whole_result(raw, listed) if whole else None
            if rows is not None:  # nothing changed: the model is not built (check needs none)
                run.finish(())
                rels = [raw.prefecture.rel, *(rel for _, _, rel in listed), *(rel for rel, _ in raw.csv_files.values())]
                return Checked(None, _result([Finding(*row) for row in rows], rels, only), root, as_of, only, today)
            load = run.loader(load)
        if at is not None:
            load = fetching(load)
        remembering = None if memo is None or at is not None and not by_id else \
            _remembering(load, memo, raw, reference, at is not None, record_rules, run)
        read_records(raw, listed, remembering or load, overrides)
        reference_findings, opened_problems = list(out.findings), list(raw.problems)
        raw.problems += unread_problems(raw)  # after the scheme has read its reference files
        registry = _with_records(reference, raw, out, record_rules)
        if remembering is not None:
            remembering.adopt(registry)
        if rules == "all":
            run_rules(registry, out)
        if run is not None:
            run.finish(out.findings)
        result = _result(out.findings, list(_all_files(raw)), only)
        return Checked(registry, result, root, as_of, only, today, overrides, at, raw, listed, reference_findings,
                       opened_problems)


def _result(findings: list, files: list[str], only) -> CheckResult:
    """The findings on the files `only` selects (all without it), sorted; `files`: every file read."""
    if only is not None:
        findings = [f for f in findings if only(f.file)]
        files = [rel for rel in files if only(rel)]
    findings.sort(key=Finding.sort_key)
    return CheckResult(findings, len(files))


def recheck_with(checked: Checked, overrides: dict) -> tuple[Registry, CheckResult]:
    """(registry, result) as load_checked would give them with `overrides` ({path: bytes}: the
    new content of record files, existing or new) added to `checked`'s, without reading and
    checking the registry again: the edited records are read and checked on their own, the
    rules that compare records run again on the model with them, and every other file's
    findings are the ones `checked` found (they depend on that file, the scheme and the
    reference data only). Equal to the full check (tests/test_recheck.py). An override that is
    not a record file in a record folder (prefecture.yaml, a reference file, a name not read
    as a record), or a state read from git, is checked the full way (SchemeInvalid then
    possible). `checked` is left as it was: one state serves several edits."""
    with collector_off():
        plan = _record_edits(checked, overrides)
        if plan is None:
            merged = {**(checked.overrides or {}), **overrides}
            again = check_state(checked.root, checked.as_of, checked.only, merged, today=checked.today)
            return again.registry, again.result
        registry, result = _recheck(checked, *plan)
    keep(registry)  # as check_state's
    return registry, result


def _record_edits(checked: Checked, overrides: dict):
    """({folder: {index in raw.documents[folder]: (path, rel)}}, {folder: [(path, rel)] new
    files in open_registry's order}, the resolved overrides), or None when an override is
    not a plain record file (or the registry was read from git)."""
    import os

    raw = checked.raw
    if checked.at is not None or raw is None:
        return None
    resolved = {Path(p).resolve(): data for p, data in {**(checked.overrides or {}), **overrides}.items()}
    wanted = {str(p) for p in resolved}
    replaced: dict[str, dict] = {folder: {} for folder in raw.documents}
    positions: dict[str, int] = {folder: 0 for folder in raw.documents}
    for folder, path, rel in checked.listed:  # read_records's order: raw.documents[folder] in job order
        index = positions[folder]
        positions[folder] += 1
        if path in wanted:
            replaced[folder][index] = (path, rel)
            wanted.discard(path)
    added: dict[str, list] = {folder: [] for folder in raw.documents}
    for name in sorted(wanted):  # new files: appended to their folder, in name order (open_registry)
        path = Path(name)
        folder = path.parent.name
        if (path.parent != raw.root / folder or folder not in raw.documents or path.suffix != ".yaml"
                or path.name.startswith(".") or os.path.lexists(path) or _outside(raw, folder)):
            return None
        added[folder].append((name, f"{raw.rel(raw.root / folder)}/{path.name}"))
    return replaced, added, resolved


def _outside(raw: RawRegistry, folder: str) -> bool:
    """A record folder that is a link out of the registry: open_registry reads nothing there."""
    from zaitaku_cli.load.registry import _inside

    return (raw.root / folder).is_symlink() and not _inside(raw.root / folder, raw.root)


def _recheck(checked: Checked, replaced: dict, added: dict, resolved: dict) -> tuple[Registry, CheckResult]:
    import dataclasses

    from zaitaku_cli.load.registry import read_file

    before, raw = checked.registry, checked.raw
    fresh = []  # (kind, Document) of the edited and new record files
    documents = {}
    for folder, docs in raw.documents.items():
        kind, docs = KIND_OF_FOLDER[folder], list(docs)
        for index, (path, rel) in replaced[folder].items():
            docs[index] = read_file(path, rel, raw.root, resolved)
            fresh.append((kind, docs[index]))
        for path, rel in added[folder]:
            docs.append(read_file(path, rel, raw.root, resolved))
            fresh.append((kind, docs[-1]))
        documents[folder] = docs
    if fresh:
        check_records(fresh, before.reference_only())
    records = {}
    for folder, docs in documents.items():
        kind_records = before.records(KIND_OF_FOLDER[folder])
        records[folder] = model_records = {}
        for doc in docs:
            record = doc.record or kind_records[record_id(doc.rel)]
            doc.record = None  # as _with_records: no cycle left behind
            model_records[record.id] = record
    registry = dataclasses.replace(before, **records, _memo={})
    after = dataclasses.replace(raw, documents=documents, problems=list(checked.opened_problems))
    after.problems += unread_problems(after)
    out = Collector()
    out.findings += checked.reference_findings
    for docs in documents.values():
        for doc in docs:
            out.findings += (Finding(*row) for row in doc.found)
    for fp in after.problems:
        out.add(fp.rel, fp.problems)
    run_rules(registry, out)
    return registry, _result(out.findings, list(_all_files(after)), checked.only)


def _remembering(load, memo, raw: RawRegistry, reference: Registry, from_git: bool, record_rules: bool, run=None):
    """`load` through `memo` (memo.MemoLoader), within this registry's scheme, reference data
    and dates; None when they cannot be told apart (no text of prefecture.yaml). A working-tree
    file the run's cache knows by its stat is not read again for its blob id."""
    from zaitaku_cli.memo import MemoLoader, context_key, file_blob_id, git_blob_id

    context = context_key(raw.prefecture.text, raw.reads.items(), reference.as_of, reference.decisions_until, record_rules)
    if context is None:
        return None
    if from_git:
        key = lambda blob, rel: git_blob_id(blob)  # noqa: E731
    elif run is not None:
        key = lambda path, rel: run.known_blob(rel) or file_blob_id(path)  # noqa: E731
    else:
        key = lambda path, rel: file_blob_id(path)  # noqa: E731
    return MemoLoader(load, memo.scope(context), key)


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
    for _, doc in docs:  # located: the nodes are composed again only for a cross-record finding
        doc.forget_nodes()


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
