"""`zaitaku designate`, `withdraw`, `step` and `share` (DESIGN §6). Only click is imported here;
the work is in zaitaku_cli.edit, imported when a command runs."""

from __future__ import annotations

import errno
import sys

import click

from zaitaku_cli.commands.options import parse_day, registry_option, wait_option

from zaitaku_cli.exits import EXIT_USAGE


def _common_options(f):
    """--lang, --with-changes, --commit, --wait and --registry: the options of every command that
    records something in a record."""
    f = wait_option(registry_option(f))
    f = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
                     help="メッセージの言語 / message language")(f)
    f = click.option("--with-changes", is_flag=True,
                     help="--commit で、このファイルのコミットしていない変更も先に別のコミットにする"
                          " / with --commit, first commit the file's uncommitted changes as a commit of their own")(f)
    f = click.option("--commit", is_flag=True,
                     help="このファイルだけを git にコミットする / commit this file (and only it) with git")(f)
    return f


def _parse_step_on(ctx, param, value):
    """--on of `step`: a day, or a month when the day is not known."""
    if value is None:
        return None
    from zaitaku_cli.dates import DateError, parse_partial_date

    try:
        return parse_partial_date(value)
    except DateError:
        raise click.BadParameter(f"日付として読めません / not a date: {value!r}"
                                 " (例/e.g. 2025-08-05, 令和7年8月5日, R7.8.5, 2025-08)") from None


def _parse_status(ctx, param, value):
    from zaitaku_cli.edit.steps import step_status

    status = step_status(value)
    if status is None and value.strip().lower() in ("designated", "指定", "指定済", "指定済み", "withdrawn", "取消", "取消し",
                                                    "辞退", "指定取消"):
        raise click.BadParameter(f"{value!r}: 指定・取消は zaitaku designate / zaitaku withdraw で記録します"
                                 " / record a designation or withdrawal with zaitaku designate / zaitaku withdraw")
    if status is None:
        raise click.BadParameter(f"{value!r}: planned（予定）、coordinating（調整中）、applied（申請）のどれかを書いてください"
                                 " / use planned, coordinating or applied")
    return status


def _options(f):
    f = _common_options(f)
    f = click.option("--on", "on", required=True, callback=parse_day, metavar="DATE",
                     help="年月日（2025-07-01、令和7年7月1日、R7.7.1）/ the date")(f)
    return click.argument("record", metavar="RECORD")(f)


def _resolve(record, registry_dir, lang):
    """The record's file (edit.records.RecordRef); exits 2 with a message when there is none."""
    from zaitaku_cli.edit.records import RecordError, RegistryNotFound, resolve_record

    try:
        return resolve_record(record, registry_dir, kinds=("institutions", "hubs"))
    except (RegistryNotFound, RecordError) as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as err:
        shown = record if len(record) <= 60 else record[:40] + "…"
        if err.errno in (errno.EACCES, errno.EPERM, errno.EIO):  # a folder on the way cannot be read
            from zaitaku_cli.errors import os_error_text

            ja, en = os_error_text(err)
            where = err.filename or shown
            click.echo(f"zaitaku: {where}: cannot be read ({en})" if lang == "en" else
                       f"zaitaku: {where}: 読み込めません（{ja}）", err=True)
        else:  # a name the file system refuses (too long, not allowed)
            click.echo(f"zaitaku: {shown}: 記録として使えない名前です / cannot name a record"
                       f" ({err.strerror or err})", err=True)
        sys.exit(EXIT_USAGE)


def _check_with_changes(commit, with_changes):
    if with_changes and not commit:
        raise click.UsageError("--with-changes は --commit と一緒に使います / use --with-changes together with --commit")


def _run(action, record, on, commit, with_changes, wait, lang, registry_dir, notice=None):
    _check_with_changes(commit, with_changes)
    from zaitaku_cli.edit.decision import record_decision

    ref = _resolve(record, registry_dir, lang)
    again = [action, record, "--on", on.isoformat(), *(["--notice", notice] if notice else []),
             *(["--registry", registry_dir] if registry_dir else []), *(["--lang", "en"] if lang == "en" else [])]
    sys.exit(record_decision(action, ref, on, notice=notice, commit=commit, with_changes=with_changes, wait=wait,
                             again=again, lang=lang))


@click.command()
@_options
@click.option("--notice", metavar="TEXT", help="告示・通知の番号など / the notice (e.g. 北海道告示第○○号)")
def designate(record, on, commit, with_changes, lang, wait, registry_dir, notice):
    """指定を記録します / Record a designation.

    RECORD の designation.status を designated に、designated_on を DATE にします。書き込む前に、
    変更後の登録簿を zaitaku check と同じ規則で検査し、エラーがあれば何も変えません（終了コード 1）。
    コメントや書式はそのまま残り、変わるのはその値の行だけです。

    RECORD: registry/institutions/x.yaml のようなファイルのパス、または institutions/x、hubs/x。

    Sets designation.status to designated and designated_on to DATE, after checking the registry as
    it would be; any error refuses the edit and leaves the file as it was.
    """
    if notice is not None and not notice.strip():
        raise click.BadParameter("空にはできません / must not be empty", param_hint="--notice")
    _run("designate", record, on, commit, with_changes, wait, lang, registry_dir, notice.strip() if notice else None)


@click.command()
@_options
def withdraw(record, on, commit, with_changes, lang, wait, registry_dir):
    """指定取消・辞退を記録します / Record a withdrawal.

    指定済（designated）の RECORD の designation.status を withdrawn に、withdrawn_on を DATE にします。
    経過（designation.steps）を記録した指定前の RECORD では、指定前の辞退として記録します。
    書き込む前に変更後の登録簿を検査し、エラーがあれば何も変えません（終了コード 1）。

    Sets designation.status to withdrawn and withdrawn_on to DATE (after the designation date),
    after checking the registry as it would be; a RECORD in preparation with its steps recorded
    declines before its designation.
    """
    _run("withdraw", record, on, commit, with_changes, wait, lang, registry_dir)


@click.command()
@_common_options
@click.option("--note", metavar="TEXT", help="この段階の根拠（資料名・欄など）/ the source of this step")
@click.option("--by", "by", callback=parse_day, metavar="DATE",
              help="日が分からないとき、この日までにはその段階にあった日 / a day by which the step was taken")
@click.option("--on", "on", callback=_parse_step_on, metavar="DATE",
              help="その段階になった年月日（日が分からなければ年月: 2025-08）/ the day (or month) of the step")
@click.argument("record", metavar="RECORD")
@click.argument("status", metavar="STATUS", callback=_parse_status)
def step(record, status, on, by, note, commit, with_changes, lang, wait, registry_dir):
    """指定に向けた段階（経過）を記録します / Record a step before the designation.

    STATUS は planned（予定）、coordinating（調整中）、applied（申請書提出済（審査中））のどれかです。
    RECORD の designation.steps に {status: STATUS, date: DATE}（--by なら by: DATE）を1行加え、
    designation.status を STATUS にします。段階は前へ進む順に、日付の順にだけ記録します。
    指定済・取消の記録、今日より後の日付、変更後の検査でエラーになる場合は何も変えません（終了コード 1）。
    同じ段階・同じ日付が記録済みなら何もしません（終了コード 0）。

    Appends {status: STATUS, date: DATE} (by: DATE with --by) to designation.steps and sets
    designation.status to STATUS; steps go forward and in date order, before the designation.
    """
    _check_with_changes(commit, with_changes)
    if (on is None) == (by is None):
        raise click.UsageError("--on か --by のどちらか一つを指定してください / give either --on or --by")
    if note is not None and not note.strip():
        raise click.BadParameter("空にはできません / must not be empty", param_hint="--note")
    note = note.strip() if note else None
    from zaitaku_cli.edit.decision import record_decision
    from zaitaku_cli.edit.steps import plan_step

    ref = _resolve(record, registry_dir, lang)
    when = ["--on", on.iso()] if on is not None else ["--by", by.isoformat()]
    again = ["step", record, status, *when, *(["--note", note] if note else []),
             *(["--registry", registry_dir] if registry_dir else []), *(["--lang", "en"] if lang == "en" else [])]
    sys.exit(record_decision("step", ref, None, commit=commit, with_changes=with_changes, wait=wait, again=again,
                             lang=lang, plan=lambda data, r, today: plan_step(data, r, status, on, by, note, today)))


@click.command()
@_options
def share(record, on, commit, with_changes, lang, wait, registry_dir):
    """保健所への共有日を記録します / Record the day the plan was shared with the health centre.

    RECORD の designation.health_center_shared_on を DATE にします（指定前に、本庁から保健所へ
    指定予定の医療機関を共有した日）。指定済・取消の記録、今日より後の日付、別の日付が記録済みの場合は
    何も変えません（終了コード 1）。同じ日付が記録済みなら何もしません。

    Sets designation.health_center_shared_on to DATE (the prefecture's office shared the planned
    designation with the health centre before it).
    """
    _check_with_changes(commit, with_changes)
    from zaitaku_cli.edit.decision import record_decision
    from zaitaku_cli.edit.steps import plan_share

    ref = _resolve(record, registry_dir, lang)
    again = ["share", record, "--on", on.isoformat(), *(["--registry", registry_dir] if registry_dir else []),
             *(["--lang", "en"] if lang == "en" else [])]
    sys.exit(record_decision("share", ref, on, commit=commit, with_changes=with_changes, wait=wait, again=again,
                             lang=lang, plan=lambda data, r, today: plan_share(data, r, on, today)))
