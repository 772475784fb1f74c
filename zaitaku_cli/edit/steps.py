"""`zaitaku step` and `zaitaku share`: what they set in a record's `designation` (the run itself,
with its lock, re-check, atomic write and commit, is edit.decision.record_decision).

`step` appends one dated step to `designation.steps` ({status, date | by, note}) and sets
`designation.status` to it. A step comes before the designation (DESIGN §3 lifecycle planned →
coordinating → applied → designated → withdrawn), so it is refused for a designated or withdrawn
record, for a status that goes back (or repeats the latest with another date), and for a date
before the latest recorded step or after today.

A record in the format before steps (no `steps`, a pending `status`): the first `step` records
only the new step. The old status keeps no date (none was ever recorded), so the tables use the
record from the new step's date on and leave it out before (Designation.status_on: steps exist,
none holds yet); the output says how to add the old status's date by hand when it is known.

`share` records `designation.health_center_shared_on`, seed 004:
「※指定前に、道本庁から保健所へ指定予定医療機関を共有」.
"""

from __future__ import annotations

import datetime

from zaitaku_cli.dates import PartialDate
from zaitaku_cli.edit.decision import Change, Refused, _date, _era, _name, _shown
from zaitaku_cli.edit.records import RecordRef
from zaitaku_cli.edit.roundtrip import Append
from zaitaku_cli.model import DESIGNATED, PENDING, WITHDRAWN, Step, parse_steps, status_label

# The words `step` accepts for a status: the schema's and the Japanese labels (DESIGN §3).
STEP_WORDS = {
    "planned": "planned", "予定": "planned",
    "coordinating": "coordinating", "調整中": "coordinating", "調整": "coordinating",
    "applied": "applied", "申請": "applied", "申請中": "applied", "申請済": "applied", "申請書提出済": "applied",
    "審査中": "applied",
    "申請書提出済（審査中）": "applied",
}


def step_status(word: str) -> str | None:
    """planned | coordinating | applied for a word of STEP_WORDS (full-width brackets and spaces
    tolerated), None when it is none of them."""
    import unicodedata

    key = unicodedata.normalize("NFKC", word).strip().lower().replace("(", "（").replace(")", "）")
    return STEP_WORDS.get(key) or STEP_WORDS.get(key.replace("（", "(").replace("）", ")"))


def _block(data: dict) -> dict:
    block = data.get("designation")
    return block if isinstance(block, dict) else {}


def _refuse_if_decided(status, what_ja: str, what_en: str) -> None:
    if status in (DESIGNATED, WITHDRAWN):
        raise Refused(f"この記録は{status_label(status, 'ja')}（{status}）と記録されています。"
                      f"{what_ja}は指定より前のことなので、指定済・取消の記録には記録しません。"
                      "指定の前のことを後から記録する場合は、手で編集し、zaitaku check で確かめてください。",
                      f"This record is {status}; {what_en} comes before the designation, so it is not "
                      "recorded on a designated or withdrawn record. To record a past one, edit the file by hand "
                      "and run zaitaku check.")


def _refuse_if_future(day: datetime.date, today: datetime.date, shown: str) -> None:
    if day > today:
        raise Refused(f"{shown} は今日（{today.isoformat()}）より後の日付です。起きたことだけを記録します。",
                      f"{shown} is after today ({today.isoformat()}); only what has happened is recorded.")


def _recorded_steps(block: dict) -> tuple[Step, ...]:
    """The recorded steps; Refused when `steps` or a date in it cannot be read."""
    items = block.get("steps")
    if items is None:
        return ()
    if not isinstance(items, list):
        raise Refused("designation.steps が一覧ではありません。先に zaitaku check の指摘どおりに直してください。",
                      "designation.steps is not a list; fix it first (see zaitaku check).")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("status") not in PENDING:
            raise Refused(f"designation.steps の {index + 1} 件目が読めません。先に zaitaku check の指摘どおりに直してください。",
                          f"designation.steps item {index + 1} cannot be read; fix it first (see zaitaku check).")
        for key in ("date", "by"):
            try:
                _date(item, key, partial=key == "date")
            except Refused:
                raise Refused(f"designation.steps の {index + 1} 件目の {key}（{item[key]}）が日付として読めません。"
                              "先に zaitaku check の指摘どおりに直してください。",
                              f"designation.steps item {index + 1}: {key} ({item[key]}) is not a date; fix it first "
                              "(see zaitaku check).") from None
    return parse_steps(items)


def _when(date: PartialDate | None, by: datetime.date | None, lang: str) -> str:
    """2025-08-05、令和7年8月5日 / 2025-08、令和7年8月 / 2025-07-21、令和7年7月21日までに; in English
    2025-08-05 / 2025-08 / by 2025-07-21."""
    if date is not None:
        return f"{date.iso()}、{_era(date)}" if lang == "ja" else date.iso()
    if by is not None:
        return f"{by.isoformat()}、{_era(by)}までに" if lang == "ja" else f"by {by.isoformat()}"
    return "日付なし" if lang == "ja" else "no date"


def _step_text(step: Step, lang: str) -> str:
    """「予定」（2025-07-21、令和7年7月21日までに） / planned (by 2025-07-21)."""
    if lang == "ja":
        return f"「{status_label(step.status, 'ja')}」（{_when(step.date, step.by, 'ja')}）"
    return f"{step.status} ({_when(step.date, step.by, 'en')})"


def ruled_out(data: dict, ref: RecordRef) -> list[tuple[str, str]]:
    """(ja, en) reasons why an institution's recorded answers already rule out its designation
    (status/eligibility.py: an ineligible kind, intent false, a mandatory item not met, too few
    optional items possible); [] when it is eligible or its eligibility is still unknown (null
    answers), and for hubs. The step gate: a step toward a designation that cannot be made is
    refused, as `designate` would be."""
    if ref.kind != "institution":
        return []
    from zaitaku_cli.load.document import read_document
    from zaitaku_cli.model import Record, Registry, Scheme, parse_designation
    from zaitaku_cli.status.eligibility import eligibility

    path = ref.root / "prefecture.yaml"
    try:
        scheme_data = read_document("prefecture.yaml", path.read_bytes()).value
    except OSError:
        return []  # the re-check reports an unreadable scheme
    if not isinstance(scheme_data, dict):
        return []
    scheme = Scheme(scheme_data, None)
    kind, intent, answers = data.get("kind"), data.get("intent"), data.get("requirements")
    if not (kind is None or (isinstance(kind, str) and kind in scheme.kinds)) or not (intent is None or type(intent) is bool) \
            or not isinstance(answers, (dict, type(None))):
        return []  # a value the schema refuses: the re-check reports it at its line, with its own advice
    registry = Registry(scheme, {}, {}, {})
    record = Record("institution", ref.id, None, data, designation=parse_designation(data, lambda *a: None))
    try:
        return [_reason(scheme, kind, why) for why in eligibility(record, registry).ruled_out]
    except (AttributeError, TypeError, KeyError, ValueError):
        return []  # a scheme the schema refuses: the re-check reports it at its line


def _reason(scheme, kind, why: str) -> tuple[str, str]:
    """(ja, en) words for one entry of eligibility's `ruled_out`."""
    from zaitaku_cli.status.eligibility import OPTIONAL

    if why == "kind":
        return (f"種別（kind）が「{scheme.kind_label(kind) or kind}」で、指定できる種別ではありません",
                f"its kind {kind} cannot be designated")
    if why == "intent":
        return "意向（intent）が false です", "its intent is false"
    if why == OPTIONAL:
        return "任意要件を必要な数だけ満たすことができません", "too few optional requirements can be met"
    item = next(r for r in scheme.requirements_of("institution") if r.id == why)
    return (f"必須要件{item.mark}「{item.column or item.text}」を満たしていません",
            f"mandatory requirement {item.mark or item.id} is not met")


def plan_step(data: dict, ref: RecordRef, status: str, on: PartialDate | None, by: datetime.date | None,
              note: str | None, today: datetime.date) -> Change | None:
    """What `step` sets: {"status": status (when it changes), "steps": Append(item)}; None when the
    same step (status and date) is already recorded. `on` (the day or month the step was taken)
    or `by` (a day by which it was taken) is given, not both. Raises Refused."""
    block = _block(data)
    current = block.get("status")
    _refuse_if_decided(current, "経過（予定・調整中・申請）", "a step (planned, coordinating, applied)")
    recorded = _recorded_steps(block)
    since = on.last() if on is not None else by
    _refuse_if_future(on.first() if on is not None else by, today, on.iso() if on is not None else by.isoformat())
    same = [s for s in recorded if s.status == status and s.date == on and (on is not None or s.by == by)]
    if same:
        return _same_step(data, ref, same[-1], recorded, current, note)
    reasons = ruled_out(data, ref)
    if reasons:
        raise Refused("記録されている回答では、この医療機関は指定できません: " + "".join(f"{ja}。" for ja, _ in reasons) +
                      "指定に向けた段階は記録しません。回答が誤りなら先に直してください（分からない回答は null のままで構いません）。",
                      "The recorded answers rule this institution out: " + "; ".join(en for _, en in reasons) + ". No "
                      "step toward a designation is recorded. Correct the answers first if they are wrong (unknown "
                      "answers may stay null).")
    rank = PENDING.index(status)
    top = max(recorded, key=lambda s: (PENDING.index(s.status), s.index), default=None)
    if top is not None and PENDING.index(top.status) >= rank:
        raise _not_forward(top, status)
    if current in PENDING and PENDING.index(current) > rank:
        raise Refused(f"状況は既に{status_label(current, 'ja')}（{current}）です。経過は前へ進む順にだけ記録します"
                      f"（予定 → 調整中 → 申請書提出済（審査中））。",
                      f"The status is already {current}; steps are recorded only forward (planned → coordinating → "
                      "applied).")
    # Certainly before a recorded step: the new step's last possible day is before the first possible
    # day of a step whose date is known (a `by` bound says only "by then": no conflict with it).
    known = [s for s in recorded if s.earliest is not None]
    latest = max(known, key=lambda s: (s.earliest, s.index)) if known else None
    if latest is not None and since < latest.earliest:
        raise Refused(f"記録しようとした日（{_when(on, by, 'ja')}）は、記録済みの段階{_step_text(latest, 'ja')}"
                      "より前です。経過は日付の順に記録します。記録済みの段階の日付が誤りなら、その行を直し、"
                      "designation.corrections に訂正の記録（field: steps、step: 段階、old: 前の日付、date: 訂正した日、"
                      "reason: 理由）を加えてください（zaitaku check --base が確かめます）。",
                      f"The date ({_when(on, by, 'en')}) is before the recorded step {_step_text(latest, 'en')}. Steps are "
                      "recorded in date order; if a recorded date is wrong, correct that line and add a "
                      "designation.corrections entry (field: steps, step, old, date, reason), which zaitaku check "
                      "--base looks for.")
    item = {"status": status, **({"date": on.first() if on.day else on.iso()} if on is not None else {"by": by})}
    if note is not None:
        item["note"] = note
    values = {"status": status} if current != status else {}
    values["steps"] = Append(item)
    return _step_change(data, ref, values, status, on, by, current, recorded)


def _same_step(data: dict, ref: RecordRef, step: Step, recorded, current, note: str | None) -> Change | None:
    """The same status and date are already recorded: nothing to do (the status follows the
    latest step when a hand edit left it behind)."""
    written = _block(data)["steps"][step.index].get("note")
    if note is not None and note != written:
        raise Refused(f"この段階は既に記録されています（備考: {written or 'なし'}）。備考を変える場合は手で編集してください。",
                      f"This step is already recorded (note: {written or 'none'}); edit the file by hand to change "
                      "its note.")
    if step.index == recorded[-1].index and current != step.status:
        return Change({"status": step.status}, f"状況を記録済みの最後の段階{_step_text(step, 'ja')}に合わせました。",
                      f"set the status to the latest recorded step, {_step_text(step, 'en')}.",
                      f"経過: {_name(data, ref)} ({ref.id}) 状況を{status_label(step.status, 'ja')}に")
    return None


def _not_forward(recorded: Step, status: str) -> Refused:
    if recorded.status == status:
        return Refused(f"「{status_label(status, 'ja')}」（{status}）の段階は既に{_step_text(recorded, 'ja')}として記録されています。"
                       "同じ段階は二度記録しません。日が分かっただけなら（by を date に、年月を日に）その行を手で直してください。"
                       "日付が誤りだったなら、その行を直し、designation.corrections に訂正の記録（field: steps、step: 段階、"
                       "old: 前の日付、date: 訂正した日、reason: 理由）を加えてください（zaitaku check --base が確かめます）。",
                       f"The {status} step is already recorded ({_step_text(recorded, 'en')}); a step is recorded "
                       "once. If the day is now known (by → date, a month → its day), edit that line by hand; if its "
                       "date was wrong, correct the line and add a designation.corrections entry (field: steps, step, "
                       "old, date, reason), which zaitaku check --base looks for.")
    return Refused(f"既に{_step_text(recorded, 'ja')}が記録されています。経過は前へ進む順にだけ記録します"
                   f"（予定 → 調整中 → 申請書提出済（審査中））。",
                   f"{_step_text(recorded, 'en')} is already recorded; steps are recorded only forward (planned → "
                   "coordinating → applied).")


def _step_change(data, ref, values, status, on, by, current, recorded) -> Change:
    name = _name(data, ref)
    label = status_label(status, "ja")
    when_ja = _era(on) if on is not None else f"{_era(by)}までに"
    was_ja = status_label(current, "ja") if current else "なし"
    was_en = current or "none"
    if current == status:
        ja = f"経過に「{label}」（{_when(on, by, 'ja')}）を記録しました（状況は{label}のままです）。"
        en = f"recorded the step {status} ({_when(on, by, 'en')}) (the status stays {status})."
    else:
        ja = f"経過に「{label}」（{_when(on, by, 'ja')}）を記録しました（前の状況: {was_ja}）。"
        en = f"recorded the step {status} ({_when(on, by, 'en')}) (was: {was_en})."
    if not recorded and current in PENDING and current != status:
        ja += (f"前の状況「{status_label(current, 'ja')}」には日付の記録がないため、経過には入れていません。"
               f"過去の日付の表（--as-of）では、この記録は {_when(on, by, 'ja')} から載ります。"
               f"前の状況になった日が分かれば、steps のこの行の前に {{status: {current}, date: 年月日}} を手で加えてください。")
        en += (f" The former status, {current}, has no recorded date, so it is not a step; past tables (--as-of) "
               f"show the record from {_when(on, by, 'en').removeprefix('by ')} on. If you know when it became "
               f"{current}, add {{status: {current}, date: …}} before this line of steps by hand.")
    return Change(values, ja, en, f"経過: {name} ({ref.id}) {label} {when_ja}")


def plan_share(data: dict, ref: RecordRef, on: datetime.date, today: datetime.date) -> Change | None:
    """What `share` sets: {"health_center_shared_on": on}; None when that date is recorded.
    Raises Refused."""
    block = _block(data)
    _refuse_if_decided(block.get("status"), "保健所への共有", "sharing the plan with the health centre")
    _refuse_if_future(on, today, on.isoformat())
    recorded = _date(block, "health_center_shared_on")
    if recorded == on:
        return None
    if recorded is not None:
        raise Refused(f"保健所への共有日は既に {_shown(recorded)}と記録されています（記録しようとした日: {on.isoformat()}）。"
                      "記録した日付は黙って変えません。記録が誤りだったのなら、designation の health_center_shared_on を"
                      f"手で {on.isoformat()} に直し、designation.corrections に訂正の記録 {{field: health_center_shared_on, "
                      f"old: {recorded.isoformat()}, date: 訂正した日, reason: 理由}} を加えてください"
                      "（zaitaku check --base が確かめます）。",
                      f"The date shared with the health centre is already recorded as {recorded.isoformat()} (not "
                      f"{on.isoformat()}). A recorded date does not change silently: if it was wrong, set "
                      f"designation.health_center_shared_on to {on.isoformat()} by hand and add a designation.corrections "
                      f"entry {{field: health_center_shared_on, old: {recorded.isoformat()}, date, reason}}, which "
                      "zaitaku check --base looks for.")
    name = _name(data, ref)
    return Change({"health_center_shared_on": on},
                  f"保健所への共有日を {_shown(on)}と記録しました。",
                  f"recorded the day the plan was shared with the health centre: {on.isoformat()}.",
                  f"保健所への共有: {name} ({ref.id}) {_era(on)}")
