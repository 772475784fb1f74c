"""`zaitaku import institutions FILE`: read the survey, match its rows, plan the record files,
check the registry as it would be, then print the changes (the `zaitaku diff` format) and write.

Order of work, so that a refusal leaves nothing behind (as `designate`, edit/decision.py): the
edit lock (edit.lock) is held from reading the registry to writing (not for --dry-run, which
writes nothing, not even the lock file); the registry with the new files is checked as of today
in Japan, and every row that cannot be taken is reported at FILE:ROW:COLUMN in one pass (row
errors, and a record the check would refuse as import-record-invalid with the check's finding);
nothing is written unless --take-good-rows, which leaves those rows out (and checks again); the
files are staged together and moved into place only when every one is ready
(edit.atomic.write_atomic_all), refusing one that changed since it was read.

Exit status: 0 written or nothing to do (also with --take-good-rows when rows were left out:
they are reported), 1 rows in error or a refused import, 2 usage: the survey, the mapping file or
the registry cannot be read, or a file may not be written.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from zaitaku_cli.catalogue import counted
from zaitaku_cli.survey.plan import FileChange

from zaitaku_cli.exits import EXIT_OK, EXIT_REFUSED, EXIT_USAGE


@dataclass
class Request:
    file: str
    mapping: str | None
    dry_run: bool
    take_good_rows: bool
    on: datetime.date | None
    lang: str
    registry_dir: str | None
    wait: float | None
    today: datetime.date
    out: object = None
    err: object = None

    def say(self, ja: str, en: str, error: bool = False) -> None:
        print(en if self.lang == "en" else ja, file=self.err if error else self.out, flush=True)


def import_institutions(request: Request) -> int:
    """Run the import; returns the exit status."""
    from zaitaku_cli.load.registry import RegistryNotFound, find_registry

    request.out = request.out or sys.stdout
    request.err = request.err or sys.stderr
    try:
        root = find_registry(explicit=request.registry_dir)
    except RegistryNotFound as err:
        request.say(f"zaitaku: {err.message('ja')}", f"zaitaku: {err.message('en')}", error=True)
        return EXIT_USAGE
    if request.dry_run:
        return _run(request, root)
    from zaitaku_cli.edit.lock import DEFAULT_WAIT, LockError, registry_lock, waiting_message

    wait = DEFAULT_WAIT if request.wait is None else request.wait
    try:
        with registry_lock(root, wait, lambda holder: request.say(*waiting_message(holder, wait), error=True)):
            return _run(request, root)
    except LockError as refusal:
        request.say(f"zaitaku: 取り込みませんでした: {refusal.message('ja')}",
                    f"zaitaku: not imported: {refusal.message('en')}", error=True)
        return refusal.exit_status


def _run(request: Request, root: Path) -> int:
    from zaitaku_cli.check import SchemeInvalid, check_state
    from zaitaku_cli.survey.mapping import MappingError, default_mapping, load_mapping
    from zaitaku_cli.survey.match import HeaderError, find_columns, match_rows
    from zaitaku_cli.survey.read import SurveyFileError, read_sheet

    try:
        before = check_state(root, request.today, today=request.today)  # read once: the import is checked on it
        registry = before.registry
    except SchemeInvalid as invalid:
        _rows(invalid.findings, request)
        request.say("zaitaku: prefecture.yaml を読めないため取り込めません（上の指摘を直してください）。",
                    "zaitaku: prefecture.yaml is not usable, so nothing can be imported (see above).", error=True)
        return EXIT_USAGE
    mapping = default_mapping(registry.scheme)
    if request.mapping is not None:
        try:
            mapping = load_mapping(Path(request.mapping), registry.scheme)
        except MappingError as bad:
            request.say(f"zaitaku: {request.mapping}:{bad.line}: {bad.message('ja')}",
                        f"zaitaku: {request.mapping}:{bad.line}: {bad.message('en')}", error=True)
            return EXIT_USAGE
    try:
        sheet = read_sheet(Path(request.file), mapping.sheet)
        columns = find_columns(sheet, mapping, registry.scheme)
    except SurveyFileError as bad:
        request.say(f"zaitaku: {bad.message('ja')}", f"zaitaku: {bad.message('en')}", error=True)
        return EXIT_USAGE
    except HeaderError as bad:
        request.say(f"zaitaku: {request.file}: {bad.message('ja')}", f"zaitaku: {request.file}: {bad.message('en')}",
                    error=True)
        return EXIT_USAGE
    except MappingError as bad:
        request.say(f"zaitaku: {request.mapping}:{bad.line}: {bad.message('ja')}",
                    f"zaitaku: {request.mapping}:{bad.line}: {bad.message('en')}", error=True)
        return EXIT_USAGE
    _describe(request, sheet, columns)
    if not _answers_found(request, columns, registry.scheme):
        return EXIT_USAGE
    matched = match_rows(sheet, columns, mapping, registry, request.file)
    files, failed = _plan(request, root, registry, sheet, matched)
    try:
        return _decide(request, root, registry, before, columns, matched, files, failed)
    except SchemeInvalid:
        request.say("zaitaku: prefecture.yaml を読めないため検査できません。何も書き込んでいません。",
                    "zaitaku: prefecture.yaml is not usable, so nothing can be checked; nothing was written.", error=True)
        return EXIT_USAGE


def _decide(request: Request, root: Path, registry, before, columns, matched, files, failed) -> int:
    """Check the registry as the import would leave it, report every row that cannot be taken in
    one pass (row errors, records that cannot be edited, records that would fail the check, at
    their survey row), then refuse, leave those rows out (--take-good-rows) or write."""
    after, blocking = _check_after(request, root, before, files)
    edited = {c.rel for c in files}
    invalid = _invalid_rows(request, files, blocking, columns)
    findings = sorted(matched.findings + matched.notes + invalid, key=lambda f: (f.line, f.column, f.code))
    _rows(findings, request)
    for row, message in failed:
        request.say(f"{request.file}:{row}: {message[0]}", f"{request.file}:{row}: {message[1]}")
    elsewhere = [f for f in blocking if f.file not in edited]
    if elsewhere:  # an error in a file the import does not write: no row can be left out for it
        _rows(elsewhere, request)
        return _refused_by_check(request)
    refused_rows = {f.line for f in invalid}
    bad_rows = matched.bad_rows | {row for row, _ in failed} | refused_rows
    if bad_rows and not request.take_good_rows:
        request.say(f"zaitaku: 取り込みませんでした: {len(bad_rows)} 行を取り込めません（上のとおり）。何も書き込んでいません。"
                    "直してからもう一度実行するか、--take-good-rows で取り込める行だけを取り込んでください。",
                    f"zaitaku: not imported: {counted(len(bad_rows), 'row')} cannot be taken (above); nothing was written. "
                    "Correct them and run this again, or take only the good rows with --take-good-rows.",
                    error=True)
        return EXIT_REFUSED
    if refused_rows:
        rows = sorted(refused_rows)
        request.say(f"--take-good-rows: 検査でエラーになる {len(rows)} 行（{'、'.join(map(str, rows))} 行目）は取り込みません。",
                    f"--take-good-rows: {counted(len(rows), 'row')} failing the check left out "
                    f"(rows {', '.join(map(str, rows))}).")
        files = [c for c in files if c.row not in refused_rows]
        after, blocking = _check_after(request, root, before, files)
        if blocking:
            _rows(blocking, request)
            return _refused_by_check(request)
    _show_changes(request, registry, after, files, matched, bad_rows)
    if not files:
        _nothing_to_do(request, matched, bad_rows)
        return EXIT_OK
    if request.dry_run:
        request.say("--dry-run のため、何も書き込んでいません。", "--dry-run: nothing was written.")
        return EXIT_OK
    return _write(request, root, files)


def _refused_by_check(request: Request) -> int:
    request.say("zaitaku: 取り込みませんでした: 取り込むと上のエラーになります。何も書き込んでいません。",
                "zaitaku: not imported: the import would cause the errors above; nothing was written.", error=True)
    return EXIT_REFUSED


def _nothing_to_do(request: Request, matched, bad_rows: set) -> None:
    if matched.rows == 0:
        request.say("調査票に回答の行がありません（見出しの行だけです）。何も書き込んでいません。",
                    "The survey has no answer rows (only the header row); nothing was written.")
    elif matched.declined and not matched.answers:
        request.say("書き込む変更はありません（上のとおり）。", "No changes to write (see above).")
    elif len(bad_rows) == matched.rows:
        request.say(f"取り込める行がありません（{matched.rows} 行とも上のとおり取り込めません）。何も書き込んでいません。",
                    f"No row can be taken (all {counted(matched.rows, 'row')} above); nothing was written.")
    elif bad_rows:
        request.say(f"書き込む変更はありません（取り込める行は登録簿に記録済みで、{len(bad_rows)} 行は取り込めません）。",
                    f"No changes to write (the rows that can be taken are recorded already; "
                    f"{counted(len(bad_rows), 'row')} cannot be taken).")
    else:
        request.say(f"変更はありません（調査票の {matched.rows} 行は、すべて登録簿に記録済みです）。",
                    f"No changes: the survey's {counted(matched.rows, 'row')} are all recorded already.")


def _answers_found(request: Request, columns, scheme) -> bool:
    """False (said) when, without a mapping file, no column holds an answer: the rows would make
    records without any answer. Answer fields without a column are named (they stay as recorded)."""
    from zaitaku_cli.survey.match import answer_fields, unanswered

    missing = unanswered(columns, scheme)
    if len(missing) == len(answer_fields(scheme)) and request.mapping is None:
        unread = "、".join(f"「{h}」" for h in columns.ignored) or "なし"
        request.say(f"zaitaku: {request.file}: 回答の列（意向・医療機関の種類・要件）の見出しが一つも分かりません（読まない列: {unread}）。"
                    "何も書き込んでいません。--mapping の対応表で、どの列が何の回答かを指定してください。",
                    f"zaitaku: {request.file}: no answer column (intent, kind, requirements) is recognised (columns not "
                    f"read: {', '.join(repr(h) for h in columns.ignored) or 'none'}); nothing was written. Say which "
                    "column holds which answer in a --mapping file.", error=True)
        return False
    if missing:
        request.say("列のない回答（記録の値を変えません）: " + "、".join(missing),
                    "Answers without a column (the records keep their values): " + ", ".join(missing))
    return True


def _describe(request: Request, sheet, columns) -> None:
    if sheet.encoding is not None:
        request.say(f"文字コード: {sheet.encoding[0]}として読みました。", f"Encoding: read as {sheet.encoding[1]}.")
    where = f"シート「{sheet.name}」の " if sheet.name else ""
    request.say(f"{request.file}: {where}{columns.header_row} 行目を見出しとして読みました。",
                f"{request.file}: header row {columns.header_row}" + (f" of sheet '{sheet.name}'." if sheet.name else "."))
    if columns.ignored:
        request.say("読まない列: " + "、".join(columns.ignored), "Columns not read: " + ", ".join(columns.ignored))


def _plan(request: Request, root: Path, registry, sheet, matched) -> tuple[list[FileChange], list]:
    """The files to write, and the rows whose record cannot be edited ((row, (ja, en)))."""
    from zaitaku_cli.edit.roundtrip import EditError
    from zaitaku_cli.errors import os_error_text
    from zaitaku_cli.load.document import read_document
    from zaitaku_cli.survey.plan import plan_new, plan_update, source_entry
    from zaitaku_cli.validate.schema import load_schema

    on = request.on or request.today
    requirement_ids = [r.id for r in registry.scheme.requirements_of("institution")]
    root_order = tuple(load_schema("institution").get("properties", {}))
    files, failed = [], []
    for answer in matched.answers:
        source = source_entry(Path(request.file).name, sheet.name, answer.row)
        try:
            if answer.record is None:
                path = root / "institutions" / f"{answer.new_id}.yaml"
                new = plan_new(root, answer, on, source, requirement_ids)
                files.append(FileChange(path, _rel(root, path), answer.row, None, new))
                continue
            path = root / "institutions" / f"{answer.record.id}.yaml"
            rel = _rel(root, path)
            old = path.read_bytes()
            data = read_document(rel, old).value
            if not isinstance(data, dict):
                raise EditError("ファイルを記録として読めません。", "The file cannot be read as a record.")
            new = plan_update(old, data, answer, source, requirement_ids, root_order)
            if answer.by_name_only:
                request.say(f"{request.file}:{answer.row}: {rel} は所在市町村が空のため、名称だけで照合しました。",
                            f"{request.file}:{answer.row}: matched {rel} by name alone (the record has no municipality).")
            if new is not None and new != old:
                files.append(FileChange(path, rel, answer.row, old, new))
                _say_flips(request, registry, rel, answer, data)
        except EditError as error:
            failed.append((answer.row, (f"{error.ja}", f"{error.en}")))
        except OSError as error:
            ja, en = os_error_text(error)
            failed.append((answer.row, (f"記録 {_rel(root, path)} を読めません（{ja}）。",
                                        f"the record {_rel(root, path)} cannot be read ({en}).")))
    return files, failed


def _say_flips(request: Request, registry, rel: str, answer, record: dict) -> None:
    """A requirement recorded with evidence ({met, evidence}) whose answer flips: only met is
    changed, so the evidence may now speak for the other answer; named for the officer to check."""
    requirements = record.get("requirements") if isinstance(record.get("requirements"), dict) else {}
    marks = {r.id: r.mark for r in registry.scheme.requirements_of("institution")}
    for rid, met in answer.values.get("requirements", {}).items():
        current = requirements.get(rid)
        if isinstance(current, dict) and isinstance(current.get("met"), bool) and current["met"] is not met \
                and current.get("evidence"):
            was, now = ("はい", "いいえ") if current["met"] else ("いいえ", "はい")
            request.say(f"{request.file}:{answer.row}: {rel} の要件{marks.get(rid, rid)}（{rid}）が{was}から{now}に変わります。"
                        f"根拠（evidence）「{current['evidence']}」はそのままです。確かめてください。",
                        f"{request.file}:{answer.row}: {rel}: requirement {marks.get(rid, rid)} ({rid}) changes from "
                        f"{str(current['met']).lower()} to {str(met).lower()}; its evidence '{current['evidence']}' is "
                        "kept as it was: check it.")


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def _key(f, edited: set):
    return (f.code, f.file, f.path, None if f.file in edited else f.line, None if f.file in edited else f.column)


def _check_after(request: Request, root: Path, before, files: list):
    """(the registry after `files`, the errors they cause: findings not in `before`, a
    check.Checked). Raises SchemeInvalid."""
    from zaitaku_cli.check import recheck_with

    edited = {c.rel for c in files}
    seen = {_key(f, edited) for f in before.result.findings}
    after, result = recheck_with(before, {c.path: c.new for c in files})
    return after, [f for f in result.findings if f.severity == "error" and _key(f, edited) not in seen]


def _invalid_rows(request: Request, files: list, blocking: list, columns) -> list:
    """import-record-invalid at the survey row (and the column of the field) of each record the
    check refuses, with the check's own finding, which names the record file and its line."""
    from zaitaku_cli.findings import Finding, render
    from zaitaku_cli.survey.read import column_letter

    by_rel = {c.rel: c for c in files}
    out = []
    for f in blocking:
        change = by_rel.get(f.file)
        if change is None:
            continue
        index = columns.index.get(_field_of(f.path), columns.index.get("name", 0))
        header = columns.headers.get(index, "")
        where = f"{f.file}:{f.line}:{f.column}"
        out.append(Finding("import-record-invalid", "error", request.file, change.row, index + 1, header,
                           {"letter": column_letter(index), "header": header, "where": where, "code": f.code,
                            "message": render(f, "ja").rstrip("。"), "message_en": render(f, "en").rstrip(".")}))
    return out


def _field_of(path: str) -> str:
    """'requirements.training.met' -> 'requirements.training'; 'kind' -> 'kind'."""
    parts = path.replace("[", ".").split(".") if path else [""]
    return ".".join(parts[:2]) if parts[0] == "requirements" and len(parts) > 1 else parts[0]


def _show_changes(request: Request, registry, after, files, matched, bad_rows) -> None:
    """The changes in the `zaitaku diff` format, then the counts."""
    from zaitaku_cli.history.compare import compare
    from zaitaku_cli.history.render import render_text

    if files:
        before_label = SimpleNamespace(label="登録簿" if request.lang != "en" else "registry")
        after_label = SimpleNamespace(label=("取り込み後" if request.lang != "en" else "after the import")
                                      + (" (--dry-run)" if request.dry_run else ""))
        render_text(compare(registry, after), before_label, after_label, request.out, request.lang, after.scheme)
    new = sum(1 for c in files if c.old is None)
    written = {c.row for c in files}
    same = sum(1 for a in matched.answers if a.row not in written and a.row not in bad_rows)
    declined = len(matched.declined)
    request.say(f"調査票 {matched.rows} 行: 新しい記録 {new} 件、更新 {len(files) - new} 件、"
                f"変更なし {same} 件、" + (f"意向なし（記録を作らない）{declined} 行、" if declined else "")
                + f"取り込めない行 {len(bad_rows)} 行。",
                f"Survey rows {matched.rows}: {counted(new, 'new record')}, {len(files) - new} updated, "
                f"{same} unchanged, " + (f"{declined} not wishing to be listed (no record made), " if declined else "")
                + f"{counted(len(bad_rows), 'row')} not taken.")


def _write(request: Request, root: Path, files: list) -> int:
    """Every file staged before the first is moved into place (edit.atomic.write_atomic_all), so a
    refusal leaves the registry as it was; a move failing midway names the files already written."""
    from zaitaku_cli.edit.atomic import CannotWrite, FileChanged, write_atomic_all
    from zaitaku_cli.errors import os_error_text

    try:
        write_atomic_all([(c.path, c.new, c.old, c.rel) for c in files], within=root)
    except FileChanged as changed:
        request.say(f"zaitaku: 取り込みを中断しました: {changed.message('ja')}{_written(changed.written, 'ja')}",
                    f"zaitaku: import stopped: {changed.message('en')}{_written(changed.written, 'en')}", error=True)
        return EXIT_REFUSED
    except CannotWrite as error:
        request.say(f"zaitaku: {error.shown}: 書き込めません（{error.reason('ja')}）。{error.advice('ja')}"
                    + (_written(error.written, "ja") or "何も書き込んでいません。"),
                    f"zaitaku: {error.shown}: cannot write ({error.reason('en')}). {error.advice('en')} "
                    + (_written(error.written, "en") or "Nothing was written."), error=True)
        return EXIT_USAGE
    except OSError as error:
        ja, en = os_error_text(error)
        request.say(f"zaitaku: 書き込めませんでした（{ja}）。", f"zaitaku: could not write ({en}).", error=True)
        return EXIT_USAGE
    new = sum(1 for c in files if c.old is None)
    request.say(f"書き込みました: 新しい記録 {new} 件、更新 {len(files) - new} 件。",
                f"Written: {new} new, {len(files) - new} updated records.")
    return EXIT_OK


def _written(shown: list, lang: str) -> str:
    """The files a failed import had already written ('' for none): the registry is part-way."""
    if not shown:
        return ""
    if lang == "en":
        return f" Already written before the failure: {', '.join(shown)} (the others were not)."
    return f"失敗の前に書き込み済み: {'、'.join(shown)}（ほかは書き込んでいません）。"


def _rows(findings, request: Request) -> None:
    """Row-level findings (errors, and notes at their own severity) as the text reporter writes findings (FILE:ROW:COLUMN  severity  code
    message), without its summary of checked files."""
    from zaitaku_cli.report.text import finding_line

    for f in findings:
        print(finding_line(f, request.lang), file=request.out)
    request.out.flush()
