"""`zaitaku designate`, `withdraw`, `step` and `share`: record a decision, after checking the registry
as it would be with it (what `step` and `share` set is planned in edit.steps).

Order of work, so that a refusal never leaves anything behind; steps 1-7 hold the registry's edit
lock (edit.lock), so that the check of step 4 sees every other edit:
1. read the record and decide what to set (or that nothing needs to change, or refuse);
2. with --commit, make sure the commit can be made (gitops.preflight); a file with uncommitted
   changes is refused with the commands that go on, unless --with-changes;
3. compute the new bytes (roundtrip.set_values: only the values change);
4. check the registry before and after the edit (check.check_state, then check.recheck_with), as of today
   in Japan, so that a date in the future is refused; refuse on any error in the edited file and on
   any error elsewhere that the edit causes (an error elsewhere that was already there does not
   block an officer);
5. with --with-changes, commit the file's uncommitted changes as they are, as a commit of their own;
6. write atomically, refusing if the file changed since step 1;
7. with --commit, commit that file only; if the commit fails, put the old bytes back.

Exit status: 0 written or nothing to do, 1 refused, 2 usage, unreadable registry, a record file
that may not be written (read-only, hard-linked, ...: edit.atomic), or another edit held the
lock for longer than --wait.
"""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass

from zaitaku_cli.dates import DateError, PartialDate, parse_date, parse_partial_date, to_era
from zaitaku_cli.edit.records import RecordRef
from zaitaku_cli.edit.roundtrip import DESIGNATION_ORDER, EditError, set_values
from zaitaku_cli.model import PENDING, status_label

from zaitaku_cli.exits import EXIT_OK, EXIT_REFUSED, EXIT_USAGE


class Refused(Exception):
    """A refusal decided from the record. `lines` (optional) are YAML lines to show after the
    message, exactly as the officer would write them (the same in both languages)."""

    def __init__(self, ja: str, en: str, lines: list[str] | None = None):
        super().__init__(en)
        self.ja, self.en = ja, en
        self.lines = lines or []


@dataclass
class Change:
    values: dict  # designation key -> new value
    summary_ja: str
    summary_en: str
    subject: str  # the commit message's first line


def _say(stream, lang: str, ja: str, en: str) -> None:
    print(en if lang == "en" else ja, file=stream, flush=True)


def _date(block: dict, key: str, partial: bool = False):
    """The parsed date at designation.<key>, None when absent; Refused when it cannot be read."""
    value = block.get(key)
    if value is None:
        return None
    try:
        return parse_partial_date(value) if partial else parse_date(value)
    except DateError:
        raise Refused(f"designation.{key} の日付（{value}）が読めません。先に zaitaku check の指摘どおりに直してください。",
                      f"designation.{key} ({value}) is not a date; fix it first (see zaitaku check).") from None


def _name(data: dict, ref: RecordRef) -> str:
    """The record's name on one line, for the commit message (the id when it has none)."""
    name = data.get("name")
    return " ".join(name.split()) if isinstance(name, str) and name.strip() else ref.id


def _era(d) -> str:
    """令和7年7月1日; a month-only date as its month (令和7年8月), never as a day of it; ISO before 昭和."""
    if isinstance(d, PartialDate):
        if d.day is not None:
            return _era(d.first())
        era = _era(d.first())
        return era[: era.index("月") + 1] if "月" in era else d.iso()
    return to_era(d) if d >= datetime.date(1926, 12, 25) else d.isoformat()


def _iso(d) -> str:
    return d.iso() if isinstance(d, PartialDate) else d.isoformat()


def _shown(d) -> str:
    """2025-07-01（令和7年7月1日）, 2025-08（令和7年8月）."""
    return f"{_iso(d)}（{_era(d)}）"


def _correction(key: str, recorded, values: dict, today: datetime.date | None) -> tuple[str, str, list[str]]:
    """How to record a correction of the recorded `key` (history rule history-date-changed, DESIGN
    §4 History): (Japanese text, English text, the YAML lines under `designation:`). `values` are
    the values to write (the corrected date among them)."""
    today = today or datetime.date.today()

    def text(v):
        return "null" if v is None else (v.isoformat() if isinstance(v, datetime.date) else str(v))

    lines = [f"  {k}: {text(v)}" for k, v in values.items()]
    lines += ["  corrections:",
              f"    - {{field: {key}, old: {_iso(recorded)}, date: {today.isoformat()}, reason: 訂正の理由}}"]
    set_ja = "、".join(f"{k} を {text(v)}" for k, v in values.items())
    set_en = ", ".join(f"{k} to {text(v)}" for k, v in values.items())
    ja = ("記録した日付は黙って変えません。記録が誤りだったのなら、訂正として手で直してください："
          f"designation の {set_ja} にし、corrections に訂正の記録（field: 直した項目、old: 前の値、"
          "date: 訂正した日、reason: 理由）を加えます（corrections: が既にあれば「- 」の行だけ）。"
          "「訂正の理由」は実際の理由（例: 告示の日付の転記誤り）に書き換えてください。"
          "直したら zaitaku check で確かめます（CI では --base で履歴の規則も）。designation の下は次のとおりです：")
    en = ("A recorded date does not change silently. If the record was wrong, correct it by hand: under designation "
          f"set {set_en} and add a corrections entry (field, old = the previous value, date = the day of the "
          "correction, reason) — only the '- ' line if corrections: already exists; replace 訂正の理由 with the real "
          "reason. Then run zaitaku check (with --base in CI). The lines under designation:")
    return ja, en, lines


def plan_designate(data: dict, ref: RecordRef, on: datetime.date, notice: str | None,
                   today: datetime.date | None = None) -> Change | None:
    """What `designate` sets; None when the record already says exactly this. `today` dates the
    correction that a refusal suggests."""
    block = data.get("designation") if isinstance(data.get("designation"), dict) else {}
    status = block.get("status")
    name = _name(data, ref)
    subject = f"指定: {name} ({ref.id}) {_era(on)}"
    values: dict = {}
    if status == "withdrawn" and block.get("designated_on") is None and block.get("designated_by") is None:
        raise Refused("この記録は指定の前に辞退した（withdrawn）と記録されています。指定するには、記録の訂正が必要です（手で編集してください）。",
                      "This record declined before its designation (withdrawn); designating it needs a correction of the "
                      "record (edit it by hand).")
    if status == "withdrawn":
        raise Refused("この記録は指定取消・辞退（withdrawn）と記録されています。もう一度指定するには、記録の訂正が必要です（手で編集してください）。",
                      "This record is withdrawn; designating it again needs a correction of the record (edit it by hand).")
    recorded = _date(block, "designated_on", partial=True)
    if status == "designated":
        bound = _date(block, "designated_by")
        if recorded is not None and recorded.day is not None:
            if recorded.first() != on:
                raise _date_recorded(recorded.first(), on, today)
        elif recorded is not None:  # month only: the day is now known
            if (recorded.year, recorded.month) != (on.year, on.month):
                raise _date_recorded(recorded, on, today)
            values["designated_on"] = on
        elif bound is not None and on > bound:
            ja, en, lines = _correction("designated_by", bound, {"designated_on": on, "designated_by": None}, today)
            raise Refused(f"designated_by に {_shown(bound)}までに指定されていたと記録されています。"
                          f"それより後の {on.isoformat()} は指定年月日になりえません。" + ja,
                          f"designated_by records a designation by {bound.isoformat()}; {on.isoformat()} is later. " + en,
                          lines)
        else:  # the day was not known: the known date replaces the bound (not a correction)
            values["designated_on"] = on
            if block.get("designated_by") is not None:
                values["designated_by"] = None
    else:
        if recorded is not None and (recorded.day is None or recorded.first() != on):
            raise _date_recorded(recorded if recorded.day is None else recorded.first(), on, today,
                                 status="designated")
        values["status"] = "designated"
        values["designated_on"] = on
    if notice is not None:
        old = block.get("notice")
        if old is not None and old != notice:
            raise Refused(f"告示・通知（notice）には既に「{old}」と書かれています。書き換える場合は手で編集してください。",
                          f"notice already reads '{old}'; edit it by hand to change it.")
        if old != notice:
            values["notice"] = notice
            if not values.keys() - {"notice"}:
                subject = f"指定（告示・通知）: {name} ({ref.id}) {notice}"
    if not values:
        return None
    if "designated_on" not in values:
        return Change(values, f"告示・通知を「{notice}」と記録しました。", f"recorded the notice '{notice}'.", subject)
    if status == "designated":
        return Change(values, f"指定年月日を {on.isoformat()}（{_era(on)}）と記録しました（これまで日が分かっていませんでした）。",
                      f"recorded the designation day {on.isoformat()} (the day was not known).", subject)
    was_ja = status_label(status, "ja") if status else "なし"
    was_en = status_label(status, "en") if status else "none"
    return Change(values, f"{status_label('designated', 'ja')}（{on.isoformat()}、{_era(on)}）として記録しました（前の状況: {was_ja}）。",
                  f"recorded as designated on {on.isoformat()} (was: {was_en}).", subject)


def plan_withdraw(data: dict, ref: RecordRef, on: datetime.date, today: datetime.date | None = None) -> Change | None:
    block = data.get("designation") if isinstance(data.get("designation"), dict) else {}
    status = block.get("status")
    name = _name(data, ref)
    recorded = _date(block, "withdrawn_on")
    if status == "withdrawn":
        if recorded == on:
            return None
        if recorded is not None:
            ja, en, lines = _correction("withdrawn_on", recorded, {"withdrawn_on": on}, today)
            raise Refused(f"取消・辞退の日は既に {_shown(recorded)}と記録されています（記録しようとした日: {on.isoformat()}）。" + ja,
                          f"The withdrawal is already recorded on {recorded.isoformat()} (not {on.isoformat()}). " + en,
                          lines)
    elif status in PENDING and block.get("steps"):
        return Change({"status": "withdrawn", "withdrawn_on": on},
                      f"指定の前の辞退（{on.isoformat()}、{_era(on)}）として記録しました（状況は{status_label(status, 'ja')}でした）。",
                      f"recorded as withdrawn before the designation on {on.isoformat()} (it was {status}).",
                      f"辞退（指定前）: {name} ({ref.id}) {_era(on)}")
    elif status != "designated":
        shown = status_label(status, "ja") if status else "なし"
        shown_en = status_label(status, "en") if status else "none"
        raise Refused(f"この記録は指定されていません（状況: {shown}）。取り消せるのは{status_label('designated', 'ja')}（designated）の記録と、"
                      "経過（designation.steps）を記録した指定前の記録（辞退）だけです。指定前の辞退を記録するには、先に "
                      "zaitaku step でその段階を日付とともに記録してください。",
                      f"This record is not designated (status: {shown_en}); only a designated record, or one in preparation "
                      "with its steps recorded (declining before the designation), can be withdrawn. Record its step "
                      "with zaitaku step first.")
    elif recorded is not None and recorded != on:
        ja, en, lines = _correction("withdrawn_on", recorded, {"status": "withdrawn", "withdrawn_on": on}, today)
        raise Refused(f"withdrawn_on に既に {_shown(recorded)}と書かれています（状況は{status_label(status, 'ja')}）。" + ja,
                      f"withdrawn_on already reads {recorded.isoformat()} (status: designated). " + en, lines)
    return Change({"status": "withdrawn", "withdrawn_on": on},
                  f"指定取消・辞退（{on.isoformat()}、{_era(on)}）として記録しました。",
                  f"recorded as withdrawn on {on.isoformat()}.",
                  f"指定取消・辞退: {name} ({ref.id}) {_era(on)}")


def _date_recorded(recorded, on: datetime.date, today: datetime.date | None = None, status: str | None = None) -> Refused:
    values = {"status": status} if status else {}
    ja, en, lines = _correction("designated_on", recorded, {**values, "designated_on": on}, today)
    return Refused(f"指定年月日は既に {_shown(recorded)}と記録されています（指定しようとした日: {on.isoformat()}）。" + ja,
                   f"The designation date is already recorded as {_iso(recorded)} (not {on.isoformat()}). " + en,
                   lines)


def _key(f, edited: str):
    """Identity of a finding across the two checks; lines move in the edited file only."""
    return (f.code, f.file, f.path, None if f.file == edited else f.line, None if f.file == edited else f.column)


def recheck(ref: RecordRef, new: bytes, as_of: datetime.date):
    """(blocking errors, new warnings, files checked, whether every blocking error was there before
    the edit) of the registry with `new` as the record's bytes."""
    from zaitaku_cli.check import check_state, collector_off, recheck_with

    with collector_off():  # the registry is dropped before the collector could walk it
        checked = check_state(ref.root, as_of)  # read and checked once: the edit is checked on its own
        before = checked.result
        registry, after = recheck_with(checked, {ref.path: new})
        del checked, registry
    seen = {_key(f, ref.rel) for f in before.findings}
    blocking = [f for f in after.findings if f.severity == "error" and (f.file == ref.rel or _key(f, ref.rel) not in seen)]
    warnings = [f for f in after.findings if f.severity == "warning" and _key(f, ref.rel) not in seen]
    earlier = bool(blocking) and all(_key(f, ref.rel) in seen for f in blocking)
    return blocking, warnings, after.files, earlier


@dataclass
class _Run:
    """One designate/withdraw run: what was asked, and where to say things."""

    action: str
    ref: RecordRef
    on: datetime.date | None
    notice: str | None
    commit: bool
    with_changes: bool
    again: list  # the command's arguments without `zaitaku` and --commit, for commands to suggest
    lang: str
    today: datetime.date
    out: object
    err: object
    plan: object = None  # (data, ref, today) -> Change | None; None: designate / withdraw

    def say(self, ja: str, en: str, error: bool = True) -> None:
        _say(self.err if error else self.out, self.lang, ja, en)


def record_decision(action: str, ref: RecordRef, on: datetime.date, *, notice: str | None = None,
                    commit: bool = False, with_changes: bool = False, wait: float | None = None,
                    again: list | None = None, lang: str = "ja", today: datetime.date | None = None,
                    out=None, err=None, plan=None) -> int:
    """Run designate/withdraw on one record, holding the registry's edit lock (edit.lock) from
    reading the record to writing and committing it; returns the exit status. `wait`: seconds
    to wait for another edit (default lock.DEFAULT_WAIT); `with_changes`: with `commit`, commit
    the file's uncommitted change first; `again`: the arguments as given (without --commit),
    for the commands a refusal suggests; `plan` ((record data, ref, today) -> Change | None):
    what another action sets (edit.steps), instead of designate/withdraw."""
    from zaitaku_cli.edit.lock import DEFAULT_WAIT, LockError, registry_lock

    if today is None:
        from zaitaku_cli.cli import _today_in_japan

        today = _today_in_japan()
    if again is None:
        again = [action, ref.rel, "--on", on.isoformat(), *(["--notice", notice] if notice else [])]
    run = _Run(action, ref, on, notice, commit, with_changes, again, lang, today, out or sys.stdout, err or sys.stderr,
               plan)
    if ref.kind == "zone":
        run.say(f"zaitaku: {ref.rel}: 在宅医療圏（zones）は指定の対象ではありません。医療機関（institutions）か拠点（hubs）を指定してください。",
                f"zaitaku: {ref.rel}: zones are not designated; name an institution or a hub.")
        return EXIT_USAGE
    wait = DEFAULT_WAIT if wait is None else wait
    try:
        with registry_lock(ref.root, wait, lambda holder: _waiting(run, holder, wait)):
            return _decide(run)
    except LockError as refusal:
        run.say(f"zaitaku: 記録しませんでした: {refusal.message('ja')} {ref.rel} は変更していません。",
                f"zaitaku: not recorded: {refusal.message('en')} {ref.rel} is unchanged.")
        return refusal.exit_status


def _waiting(run: _Run, holder, wait: float) -> None:
    from zaitaku_cli.edit.lock import waiting_message

    run.say(*waiting_message(holder, wait))


def _decide(run: _Run) -> int:
    """Everything from reading the record to writing (and committing) it; under the lock."""
    from zaitaku_cli.load.document import read_document

    ref, lang, today, out, err = run.ref, run.lang, run.today, run.out, run.err
    try:
        original = ref.path.read_bytes()
    except OSError as error:
        run.say(f"zaitaku: {ref.rel}: 読み込めません（{error.strerror}）。", f"zaitaku: {ref.rel}: cannot be read ({error.strerror}).")
        return EXIT_REFUSED
    doc = read_document(ref.rel, original)
    try:
        if doc.value is None:
            raise EditError("ファイルを記録として読めません。", "The file cannot be read as a record.")
        change = _plan(run, doc.value)
    except (Refused, EditError) as refusal:
        return _refuse(ref, refusal, lang, today, out, err)
    if change is None:
        if run.commit:
            return _already_recorded(run, original, _name(doc.value, ref))
        run.say(f"{ref.rel}: 既にそのとおり記録されています。変更はありません。",
                f"{ref.rel}: already recorded; nothing to change.", error=False)
        return EXIT_OK
    target = None
    if run.commit:
        from zaitaku_cli.edit import gitops

        try:
            target = gitops.preflight(ref.path, with_changes=run.with_changes)
        except gitops.Uncommitted as dirty:
            return _uncommitted(run, dirty)
        except gitops.GitRefused as refusal:
            run.say(f"zaitaku: 記録しませんでした: {refusal.message('ja')}", f"zaitaku: not recorded: {refusal.message('en')}")
            return EXIT_REFUSED
    return _check_and_write(run, original, _name(doc.value, ref), change, target)


def _plan(run: _Run, data) -> Change | None:
    """What the command changes in the record `data`; None when it already says so. Raises Refused."""
    if run.plan is not None:
        return run.plan(data, run.ref, run.today)
    if run.action == "designate":
        return plan_designate(data, run.ref, run.on, run.notice, run.today)
    return plan_withdraw(data, run.ref, run.on, run.today)


def _committed_already(run: _Run, target) -> bool:
    """HEAD's copy of the file already says what the command would record."""
    from zaitaku_cli.edit import gitops
    from zaitaku_cli.load.document import read_document

    head = gitops.head_bytes(target)
    value = read_document(run.ref.rel, head).value if head is not None else None
    try:
        return isinstance(value, dict) and _plan(run, value) is None
    except (Refused, EditError):
        return False


def _already_recorded(run: _Run, original: bytes, name: str) -> int:
    """--commit when the record already says so: the file may still hold that change uncommitted
    (the same command run first without --commit). Committed with --with-changes; otherwise
    refused with the way on, never a silent exit 0 that leaves it uncommitted. When HEAD already
    holds it, other uncommitted changes of the file are left alone (exit 0)."""
    from zaitaku_cli.edit import gitops

    ref = run.ref
    try:
        target = gitops.preflight(ref.path, with_changes=True)
    except gitops.GitRefused as refusal:
        run.say(f"zaitaku: コミットしていません: {refusal.message('ja')}", f"zaitaku: not committed: {refusal.message('en')}")
        return EXIT_REFUSED
    if not target.earlier:
        run.say(f"{ref.rel}: 既にそのとおり記録され、コミットされています。変更はありません。",
                f"{ref.rel}: already recorded and committed; nothing to change.", error=False)
        return EXIT_OK
    if _committed_already(run, target):
        run.say(f"{ref.rel}: 既にそのとおり記録され、コミットされています。このファイルのほかのコミットしていない変更は、"
                "そのままにしました（コミットしていません）。",
                f"{ref.rel}: already recorded and committed; the file's other uncommitted changes are left as they are "
                "(not committed).", error=False)
        return EXIT_OK
    if not run.with_changes:
        again = _shell(["zaitaku", *run.again, "--commit", "--with-changes"])
        run.say(f"zaitaku: コミットしていません: {ref.rel} にはこの記録がありますが、まだコミットされていません（下の git diff）。"
                "関係のない変更を黙ってコミットに入れないため、そのままではコミットしません。"
                f"このファイルの変更をそのままコミットするには:\n    {again}",
                f"zaitaku: not committed: {ref.rel} holds this record but it is not committed yet (the git diff below). "
                "Changes are not committed silently, as they may hold more than this record. To commit the file's "
                f"changes as they are:\n    {again}")
        print("\n".join(["", *gitops.diff_head(target).splitlines()[:DIFF_SHOWN]]), file=run.err, flush=True)
        return EXIT_REFUSED
    return EXIT_REFUSED if _commit_earlier(run, target, original, name) else EXIT_OK


def _check_and_write(run: _Run, original: bytes, name: str, change: Change, target) -> int:
    """The new bytes, checked with the whole registry; then written (and committed)."""
    ref, lang, today, out, err = run.ref, run.lang, run.today, run.out, run.err
    try:
        from zaitaku_cli.validate.schema import load_schema

        properties = load_schema(ref.kind).get("properties", {})
        order = tuple(properties.get("designation", {}).get("properties", {})) or DESIGNATION_ORDER
        new = set_values(original, "designation", change.values, order, root_order=tuple(properties))
    except EditError as refusal:
        return _refuse(ref, refusal, lang, today, out, err)
    from zaitaku_cli.check import SchemeInvalid

    try:
        blocking, warnings, files, earlier = recheck(ref, new, today)
    except SchemeInvalid as invalid:
        _report(invalid.findings, 1, out, lang)
        run.say("zaitaku: prefecture.yaml を読めないため検査できません。何も書き込んでいません。",
                "zaitaku: prefecture.yaml is not usable, so nothing can be checked; nothing was written.")
        return EXIT_USAGE
    if blocking:
        _report(blocking, files, out, lang)
        if earlier:  # the record was faulty before: the edit is not the cause
            run.say(f"zaitaku: 記録しませんでした: {ref.rel} には既に上のエラーがあります。先に直してから、もう一度実行して"
                    f"ください。{ref.rel} は変更していません。",
                    f"zaitaku: not recorded: {ref.rel} already has the errors above; correct them first, then run "
                    f"this again. {ref.rel} is unchanged.")
        else:
            run.say(f"zaitaku: 記録しませんでした: この変更をすると上のエラーになります。{ref.rel} は変更していません。",
                    f"zaitaku: not recorded: the edit would cause the errors above; {ref.rel} is unchanged.")
        return EXIT_REFUSED
    if target is not None and target.earlier:
        from zaitaku_cli.edit.atomic import CannotWrite, inspect

        try:  # the earlier change is committed only for an edit that can be written
            inspect(ref.path, ref.rel, within=ref.root)
        except CannotWrite as error:
            _cannot_write(error, run)
            return EXIT_USAGE
        if _commit_earlier(run, target, original, name):
            return EXIT_REFUSED
    return _write(run, original, new, change, target, warnings, files)


def _write(run: _Run, original: bytes, new: bytes, change: Change, target, warnings, files: int) -> int:
    """Write the checked bytes, refusing if the file changed since it was read; then commit."""
    from zaitaku_cli.edit.atomic import CannotWrite, FileChanged, write_atomic

    ref, lang, out, err = run.ref, run.lang, run.out, run.err
    try:
        write_atomic(ref.path, new, original, shown=ref.rel, within=ref.root)
    except FileChanged as changed:
        run.say(f"zaitaku: 記録しませんでした: {changed.message('ja')}", f"zaitaku: not recorded: {changed.message('en')}")
        return EXIT_REFUSED
    except CannotWrite as error:  # the file may not be written (read-only, ...): exit 2, as a usage error
        _cannot_write(error, run)
        return EXIT_USAGE
    except OSError as error:
        run.say(f"zaitaku: 書き込めませんでした（{error.strerror or error}）。{ref.rel} は変更していません。",
                f"zaitaku: could not write ({error.strerror or error}); {ref.rel} is unchanged.")
        return EXIT_REFUSED
    run.say(f"{ref.rel}: {change.summary_ja}", f"{ref.rel}: {change.summary_en}", error=False)
    if warnings:
        _report(warnings, files, out, lang)
    if target is not None:
        return _commit(target, ref, change, original, new, run.action, lang, out, err)
    return EXIT_OK


def _commit(target, ref, change, original, new, action, lang, out, err) -> int:
    from zaitaku_cli.edit import gitops
    from zaitaku_cli.edit.atomic import FileChanged, write_atomic

    body = f"{ref.rel}: " + ", ".join(_assignment(k, v) for k, v in change.values.items()) + f" (zaitaku {action})"
    try:
        sha = gitops.commit(target, change.subject, body)
    except gitops.GitRefused as refusal:
        try:
            write_atomic(ref.path, original, new, shown=ref.rel, within=ref.root)
            undone_ja, undone_en = f"{ref.rel} は元に戻しました。", f"{ref.rel} was put back as it was."
        except (FileChanged, OSError):
            undone_ja, undone_en = f"{ref.rel} は書き換えたままです（その後に変更されたため戻していません）。", \
                f"{ref.rel} keeps the edit (it changed again, so it was not put back)."
        _say(err, lang, f"zaitaku: {refusal.message('ja')}\n{undone_ja}", f"zaitaku: {refusal.message('en')}\n{undone_en}")
        return EXIT_REFUSED
    _say(out, lang, f"コミットしました: {sha[:10]} {change.subject}", f"committed: {sha[:10]} {change.subject}")
    return EXIT_OK


def _assignment(key: str, value) -> str:
    """designation.status = applied; designation.steps += {status: applied, date: 2025-08-05}."""
    from zaitaku_cli.edit.roundtrip import Append

    if isinstance(value, Append):
        return f"designation.{key} += {value.flow()}"
    return f"designation.{key} = {value.isoformat() if isinstance(value, datetime.date) else value}"


def _cannot_write(error, run: _Run) -> None:
    ref = run.ref
    advice_ja, advice_en = error.advice("ja"), error.advice("en")
    run.say(f"zaitaku: {ref.rel}: 書き込めません（{error.reason('ja')}）。{advice_ja}{ref.rel} は変更していません。",
            f"zaitaku: {ref.rel}: cannot write ({error.reason('en')}). {advice_en + ' ' if advice_en else ''}"
            f"{ref.rel} is unchanged.")


DIFF_SHOWN = 40  # lines of an uncommitted change shown in a refusal; the rest is counted


def _uncommitted(run: _Run, dirty) -> int:
    """--commit on a file with uncommitted changes: refused, with the commands that go on from
    here (the first one commits that change too) and the change itself (git diff HEAD)."""
    ref = run.ref
    with_changes = _shell(["zaitaku", *run.again, "--commit", "--with-changes"])
    discard = _shell(_git_here(dirty, "checkout", "HEAD", "--"))
    without = _shell(["zaitaku", *run.again])
    run.say(f"zaitaku: 記録しませんでした: {ref.rel} にはまだコミットしていない変更があります（下の git diff）。"
            "この記録と関係のない変更を黙って同じコミットに入れないため、このままではコミットしません。次のどれかを実行してください。\n"
            f"  その変更も（先に別のコミットとして）コミットしてから記録する:\n    {with_changes}\n"
            f"  その変更を取り消す（その変更は失われます）。そのあと同じコマンドをもう一度:\n    {discard}\n"
            f"  コミットせずに記録だけする（コミットは後で git で）:\n    {without}\n"
            f"{ref.rel} は変更していません。",
            f"zaitaku: not recorded: {ref.rel} has changes that are not committed (the git diff below). They are "
            "not put into this commit silently, as they may have nothing to do with this edit. Run one of:\n"
            f"  to commit those changes too (first, as a commit of their own), then record this:\n    {with_changes}\n"
            f"  to discard those changes (they are lost), then run the same command again:\n    {discard}\n"
            f"  to record without committing (commit later with git):\n    {without}\n"
            f"{ref.rel} is unchanged.")
    lines = dirty.diff.splitlines()
    shown = lines[:DIFF_SHOWN]
    if len(lines) > DIFF_SHOWN:
        whole = _shell(_git_here(dirty, "diff", "HEAD", "--"))
        shown.append(f"… {len(lines) - DIFF_SHOWN} lines more: {whole}" if run.lang == "en"
                     else f"…（ほか {len(lines) - DIFF_SHOWN} 行: {whole}）")
    print("\n".join(["", *shown]), file=run.err, flush=True)
    return EXIT_REFUSED


def _commit_earlier(run: _Run, target, original: bytes, name: str) -> bool:
    """--with-changes: commit the file as it is now (its uncommitted change) as a commit of its
    own, before the edit is written; True when that failed (and was said)."""
    from zaitaku_cli.edit import gitops

    ref = run.ref
    try:
        unchanged = ref.path.read_bytes() == original
    except OSError:
        unchanged = False
    if not unchanged:
        from zaitaku_cli.edit.atomic import FileChanged

        changed = FileChanged(ref.path)
        run.say(f"zaitaku: 記録しませんでした: {changed.message('ja')}", f"zaitaku: not recorded: {changed.message('en')}")
        return True
    changes = value_changes(ref.rel, gitops.head_bytes(target), original)
    subject = f"コミットしていなかった変更: {name} ({ref.id})"
    body = (f"{ref.rel}: zaitaku {run.action} --with-changes が、記録の前に、このファイルのコミットしていなかった変更を"
            "そのままコミットしました。\n" + ("変わった値: " + "; ".join(changes) if changes else
                                          "値は変わっていません（コメントや書式だけの変更です）。"))
    try:
        sha = gitops.commit(target, subject, body)
    except gitops.GitRefused as refusal:
        run.say(f"zaitaku: 記録しませんでした: {ref.rel} のコミットしていなかった変更をコミットできませんでした。"
                f"{refusal.message('ja')}\n{ref.rel} は変更していません。",
                f"zaitaku: not recorded: the uncommitted changes of {ref.rel} could not be committed. "
                f"{refusal.message('en')}\n{ref.rel} is unchanged.")
        return True
    shown = "".join(f"\n  {c}" for c in changes)
    run.say(f"コミットしました（前からの変更）: {sha[:10]} {subject}{shown}",
            f"committed (the earlier changes): {sha[:10]} {subject}{shown}", error=False)
    return False


def value_changes(rel: str, old: bytes | None, new: bytes, limit: int = 10) -> list[str]:
    """The values that differ between two versions of a record, as `designation.status: applied
    → designated` (None in place of `old`: a new file); comments and layout are not values. At
    most `limit` lines, then one that counts the rest."""
    from zaitaku_cli.load.document import read_document

    before = read_document(rel, old).value if old is not None else None
    after = read_document(rel, new).value
    lines = _differences(before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}, "")
    if len(lines) > limit:
        lines = [*lines[:limit], f"… +{len(lines) - limit}"]
    return lines


_ABSENT = object()


def _differences(old, new, prefix: str) -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in dict.fromkeys([*old, *new]):
            out += _differences(old.get(key, _ABSENT), new.get(key, _ABSENT), f"{prefix}{key}.")
        return out
    return [] if old == new else [f"{prefix[:-1]}: {_value_text(old)} → {_value_text(new)}"]


def _value_text(value) -> str:
    import json

    if value is _ABSENT:
        return "(なし)"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _git_here(dirty, *args: str) -> list[str]:
    """`git ARGS <the file>` to run in the current folder: the file relative to it when the
    folder is in the repository's working tree, else `git -C <working tree> ARGS <file>`."""
    import os
    from pathlib import Path

    here, tree = Path.cwd().resolve(), Path(os.path.realpath(dirty.worktree))
    if here == tree or tree in here.parents:
        return ["git", *args, Path(os.path.relpath(tree / dirty.rel, here)).as_posix()]
    return ["git", "-C", str(tree), *args, dirty.rel]


def _shell(args: list) -> str:
    """One command line to copy: quoted for a POSIX shell, or as Windows' command line reads it."""
    import os

    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline([str(a) for a in args])
    import shlex

    return shlex.join(str(a) for a in args)


def _refuse(ref, refusal, lang, today, out, err) -> int:
    """A refusal decided from the record itself; an unreadable file shows its findings."""
    if isinstance(refusal, EditError):
        from zaitaku_cli.check import SchemeInvalid, load_checked

        try:
            _, result = load_checked(ref.root, today, only=lambda rel: rel == ref.rel)
            errors = [f for f in result.findings if f.severity == "error"]
            if errors:
                _report(errors, result.files, out, lang)
        except SchemeInvalid:
            pass
    message = refusal.en if lang == "en" else refusal.ja
    lines = getattr(refusal, "lines", None)
    if not lines:
        _say(err, lang, f"zaitaku: 記録しませんでした: {message} {ref.rel} は変更していません。",
             f"zaitaku: not recorded: {message} {ref.rel} is unchanged.")
        return EXIT_REFUSED
    _say(err, lang, f"zaitaku: 記録しませんでした: {message}", f"zaitaku: not recorded: {message}")
    print("\n".join(["", "designation:", *lines, ""]), file=err, flush=True)
    _say(err, lang, f"{ref.rel} は変更していません。", f"{ref.rel} is unchanged.")
    return EXIT_REFUSED


def _report(findings, files: int, out, lang: str) -> None:
    from zaitaku_cli.findings import CheckResult
    from zaitaku_cli.report import get_reporter

    get_reporter("text")(CheckResult(list(findings), files), out, lang)
