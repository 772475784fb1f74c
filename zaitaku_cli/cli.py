"""The command line: a thin click layer over check.py and report/. Only click is imported at
start-up; every command imports what it needs when it runs (`zaitaku --help` is a start-up path)."""

from __future__ import annotations

import sys

import click

from zaitaku_cli import __version__
from zaitaku_cli.commands.options import registry_option

from zaitaku_cli.exits import EXIT_USAGE  # noqa: F401 - commands import it from here too


def _today_in_japan():
    import datetime

    # Japan has no daylight saving time, so a fixed +09:00 offset is exact.
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()


def _parse_as_of(ctx, param, value):
    if value is None:
        return _today_in_japan()
    from zaitaku_cli.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError:
        raise click.BadParameter(f"日付として読めません / not a date: {value!r} (例/e.g. 2025-07-21, 令和7年7月21日, R7.7.21)")


# Commands that live in their own modules, imported only when used or listed:
# name -> "module:attribute". Each module imports only click at its top.
LAZY_COMMANDS: dict[str, str] = {
    "designate": "zaitaku_cli.commands.edit:designate",
    "withdraw": "zaitaku_cli.commands.edit:withdraw",
    "step": "zaitaku_cli.commands.edit:step",
    "share": "zaitaku_cli.commands.edit:share",
    "new": "zaitaku_cli.commands.new:new",
    "export": "zaitaku_cli.commands.export:export",
    "diff": "zaitaku_cli.commands.diff:diff",
    "status": "zaitaku_cli.commands.status:status",
    "init": "zaitaku_cli.commands.init:init",
    "site": "zaitaku_cli.commands.site:site",
    "import": "zaitaku_cli.commands.import_:import_",
}


def _lang_of(args) -> str:
    """--lang from the raw arguments (the message about output comes before, or after, click)."""
    args = [str(a) for a in args or ()]
    return "en" if "--lang=en" in args or any(a == "--lang" and b == "en" for a, b in zip(args, args[1:])) else "ja"


def _errnos(*names: str) -> frozenset:
    import errno

    return frozenset(getattr(errno, n) for n in names if hasattr(errno, n))


# Errors of writing to standard output (they carry no file name, unlike a file that is opened).
_OUTPUT_ERRNOS = _errnos("EBADF", "ENOSPC", "EDQUOT", "EFBIG", "EIO", "EINVAL")


class ReaderMayLeave:
    """Standard output (text, or its binary `.buffer`) whose reader may leave: once the reader of
    a pipe has gone (EPIPE: `zaitaku check | head -1`), the rest of the output is dropped quietly
    and the command goes on to finish its work and exit with its own status.

    A closed pipe is not a finding, nor a failure of the command: the reader chose to stop, and
    its own exit status speaks for it under `set -o pipefail`. So `check | head -1` exits with the
    check's status, `export … | head` with 0 (the table was made; the reader took what it
    wanted), `designate … | head` with the edit's status (the edit is made). git and grep die of
    SIGPIPE instead (141, a failure under pipefail, the nuisance this avoids); Python's
    documentation suggests exit 1, which would make a clean registry fail; click exits 1 too."""

    __slots__ = ("_stream", "_left")

    def __init__(self, stream, left=None):
        self._stream = stream
        self._left = left if left is not None else [False]  # shared with .buffer

    def write(self, data):
        if not self._left[0]:
            try:
                return self._stream.write(data)
            except BrokenPipeError:
                self._reader_left()
        return len(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._left[0]:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_left()

    @property
    def buffer(self):
        return ReaderMayLeave(self._stream.buffer, self._left)

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def _reader_left(self) -> None:
        """From now on nothing is written; output already buffered flushes into /dev/null at exit."""
        import os

        self._left[0] = True
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        except OSError:
            pass


def _output_failed(err, lang: str):
    """Exit when standard output cannot be written: 1 for a pipe whose reader left by a way that
    ReaderMayLeave did not see, 2 otherwise, with a line on stderr. Later writes go nowhere (no
    second error at exit)."""
    import errno
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    except OSError:
        pass
    if err is not None and err.errno == errno.EPIPE:
        sys.exit(1)
    if err is None:
        ja, en = "閉じられています", "it is closed"
    else:
        from zaitaku_cli.errors import os_error_text

        ja, en = os_error_text(err)
    if sys.stderr is not None:
        sys.stderr.write(f"zaitaku: cannot write to standard output ({en})\n" if lang == "en" else
                         f"zaitaku: 標準出力に書き込めません（{ja}）\n")
    sys.exit(EXIT_USAGE)


def _flush_stdout(lang: str) -> None:
    """Flush now, where a failure can still be told (at exit Python would print its own error)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as err:
        _output_failed(err, lang)
    except ValueError:  # closed by the command itself
        pass


def _escaping(stream) -> None:
    """A character the stream's encoding cannot write comes out escaped (\\u30a8), not as a
    traceback: an ASCII-only terminal or PYTHONIOENCODING=ascii gets every message, readable
    with effort, and the command's own exit status."""
    if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # closed, or not a text stream after all
            pass


class LazyGroup(click.Group):
    def main(self, *args, **kwargs):
        """click's main, with standard output that cannot be written (closed, a full disk) told in
        one line, never a traceback: exit 2. A pipe whose reader left is no error (ReaderMayLeave).
        A closed stdout stops the command before it does anything."""
        lang = _lang_of(kwargs.get("args") if kwargs.get("args") is not None else (args[0] if args else sys.argv[1:]))
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            _output_failed(None, lang)
        for stream in (sys.stdout, sys.stderr):
            _escaping(stream)
        if not isinstance(sys.stdout, ReaderMayLeave):
            sys.stdout = ReaderMayLeave(sys.stdout)
        try:
            return super().main(*args, **kwargs)
        except OSError as err:
            if err.filename is not None or err.errno not in _OUTPUT_ERRNOS:
                raise
            _output_failed(err, lang)
        finally:
            _flush_stdout(lang)

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS:
            import importlib

            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


def run() -> None:
    """The `zaitaku` program (its console script and `python -m zaitaku_cli`): main(), then the
    process ends at once, without freeing what the command built object by object, as mypy's
    fast exit does (freeing a national registry's model took 0.17 s of a 2 s check). Standard
    output was flushed by LazyGroup.main, where a failure can still be told; nothing else waits
    for the interpreter's end (files are written whole and closed, git processes ended, the
    worker reaped, threads joined). An exception other than SystemExit ends as it always did."""
    import os

    from zaitaku_cli import exits

    exits.hold()
    try:
        main()
        status = 0  # pragma: no cover - click's standalone main always raises SystemExit
    except SystemExit as done:
        status = _exit_status(done.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # told already (LazyGroup.main), or closed by the command
            pass
    os._exit(status)


def _exit_status(code) -> int:
    """The status SystemExit(code) ends a process with, as Python computes it: None is 0, a
    number itself, anything else is printed to stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zaitaku")
def main():
    """zaitaku: 都道府県の在宅医療の指定（医療計画に載せる医療機関と、連携を担う拠点・センター）の登録簿を検査し、一覧表を作ります。

    Checks a prefecture's registry of home-medical-care designations (institutions, and the hubs
    or centres that coordinate care) and produces its tables, in the prefecture's own words
    (registry/prefecture.yaml).
    """


def _note_housekeeping(paths, root, lang: str) -> None:
    """A note for each file named on the command line that the registry holds but zaitaku never
    reads (a README, .gitkeep): reported on, it would otherwise just vanish from the output.
    Every other unread file gets a finding (load.registry.unread_problems)."""
    import os
    from pathlib import Path

    from zaitaku_cli.load.registry import is_housekeeping

    for p in paths:
        absolute = Path(os.path.abspath(p))
        if absolute.is_relative_to(root) and absolute != root and is_housekeeping(absolute.name):
            click.echo(f"zaitaku: {p}: registry data is not read from this file: not checked" if lang == "en" else
                       f"zaitaku: {p} は登録簿のデータとして読むファイルではないため、検査しません", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="出力形式 / output format")
@click.option("--as-of", "as_of", callback=_parse_as_of, metavar="DATE",
              help="基準日（既定: 今日）/ reference date (default: today in Japan)")
@click.option("--strict", is_flag=True, help="警告もエラーとして扱う / warnings fail the check")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="メッセージの言語 / message language")
@registry_option
@click.option("--base", "base_rev", metavar="REV",
              help="この git リビジョンと比べて履歴の規則も検査（CI のプルリクエストでは対象ブランチ）"
                   " / also apply the history rules against this git revision (in CI: the target branch)")
def check(paths, fmt, as_of, strict, lang, registry_dir, base_rev):
    """登録簿を検査します / Check the registry.

    PATH を指定すると、そのファイルについてだけ報告します（記録間の規則は常に登録簿全体を見ます）。
    登録簿の外のファイルは飛ばします（pre-commit 向け）。
    Exit status: 0 clean (warnings allowed), 1 errors, 2 usage or unreadable registry.
    """
    from zaitaku_cli.check import SchemeInvalid, check_registry
    from zaitaku_cli.findings import CheckResult
    from zaitaku_cli.load.registry import RegistryNotFound, find_registry
    from zaitaku_cli.report import get_reporter

    try:
        root = find_registry(explicit=registry_dir)
    except RegistryNotFound as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    from zaitaku_cli.selection import select

    selection = select(paths, root)
    for note in selection.notes:
        click.echo(note, err=True)
    _note_housekeeping(paths, root, lang)
    reporter = get_reporter(fmt)
    if selection.empty:  # only files outside the registry (pre-commit): nothing to check
        reporter(CheckResult([], 0), sys.stdout, lang, root=root)
        sys.exit(0)
    only = selection.only
    try:
        if base_rev is None:
            result = check_registry(root, as_of, only, today=_today_in_japan())
        else:
            from zaitaku_cli.history.rules import check_with_base
            from zaitaku_cli.load.git_source import RevisionError

            try:
                result, revision = check_with_base(root, as_of, only, base_rev, today=_today_in_japan())
            except RevisionError as err:
                click.echo(f"zaitaku: {err.message(lang)}", err=True)
                sys.exit(EXIT_USAGE)
            if not revision.has_registry:
                click.echo(f"zaitaku: {revision.label} has no registry yet: no history rules apply" if lang == "en" else
                           f"zaitaku: {revision.label} には登録簿がまだないため、履歴の規則は適用しません", err=True)
    except SchemeInvalid as err:
        reporter(CheckResult(err.findings, 1), sys.stdout, lang, root=root)
        click.echo("zaitaku: prefecture.yaml is not usable, so nothing can be checked (see above)" if lang == "en" else
                   "zaitaku: prefecture.yaml を読めないため検査できません（上の指摘を直してください）", err=True)
        sys.exit(EXIT_USAGE)
    reporter(result, sys.stdout, lang, root=root)
    sys.exit(result.exit_code(strict))


@main.command()
def rules():
    """検査規則の一覧（Markdown）/ List every rule and finding code (Markdown)."""
    from zaitaku_cli.rules_doc import render_rules_doc

    click.echo(render_rules_doc(), nl=False)
