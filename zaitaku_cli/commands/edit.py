"""`zaitaku designate` and `zaitaku withdraw` (DESIGN §6). Only click is imported here; the work is
in zaitaku_cli.edit, imported when a command runs."""

from __future__ import annotations

import errno
import sys

import click

from zaitaku_cli.commands.options import registry_option, wait_option

EXIT_USAGE = 2


def _parse_on(ctx, param, value):
    from zaitaku_cli.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as err:
        if err.reason == "month-only":
            raise click.BadParameter(f"日まで書いてください / give the day too: {value!r} (例/e.g. 2025-07-01, 令和7年7月1日, R7.7.1)")
        raise click.BadParameter(f"日付として読めません / not a date: {value!r} (例/e.g. 2025-07-01, 令和7年7月1日, R7.7.1)")


def _options(f):
    f = wait_option(registry_option(f))
    f = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
                     help="メッセージの言語 / message language")(f)
    f = click.option("--with-changes", is_flag=True,
                     help="--commit で、このファイルのコミットしていない変更も先に別のコミットにする"
                          " / with --commit, first commit the file's uncommitted changes as a commit of their own")(f)
    f = click.option("--commit", is_flag=True,
                     help="このファイルだけを git にコミットする / commit this file (and only it) with git")(f)
    f = click.option("--on", "on", required=True, callback=_parse_on, metavar="DATE",
                     help="年月日（2025-07-01、令和7年7月1日、R7.7.1）/ the date")(f)
    return click.argument("record", metavar="RECORD")(f)


def _run(action, record, on, commit, with_changes, wait, lang, registry_dir, notice=None):
    if with_changes and not commit:
        raise click.UsageError("--with-changes は --commit と一緒に使います / use --with-changes together with --commit")
    from zaitaku_cli.edit.decision import record_decision
    from zaitaku_cli.edit.records import RecordError, RegistryNotFound, resolve_record

    try:
        ref = resolve_record(record, registry_dir, kinds=("institutions", "hubs"))
    except RegistryNotFound as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    except RecordError as err:
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
    書き込む前に変更後の登録簿を検査し、エラーがあれば何も変えません（終了コード 1）。

    Sets designation.status to withdrawn and withdrawn_on to DATE (after the designation date),
    after checking the registry as it would be.
    """
    _run("withdraw", record, on, commit, with_changes, wait, lang, registry_dir)
