"""`zaitaku export regional|functional|hubs`: the plan's tables from the registry (DESIGN §5).

Only click is imported here at start-up; the registry, the tables and the writers are imported
when a subcommand runs.

The export refuses (exit 1) when the registry has errors as checked against today: a table is a
public document, never produced from a broken registry. The tables themselves are built as of
`--as-of` (default today), so a past date does not turn later designations into errors.
"""

from __future__ import annotations

import sys

import click

from zaitaku_cli.cli import EXIT_USAGE, _parse_as_of
from zaitaku_cli.commands.options import registry_option

FORMATS = ("md", "csv", "xlsx")
EXIT_REFUSED = 1
DIFF_LINES = 20
GATE_SHOWN = 20  # errors listed when the export refuses; `zaitaku check` lists them all


def _common_options(f):
    options = [
        click.option("--as-of", "as_of", callback=_parse_as_of, metavar="DATE",
                     help="基準日：この日までに指定され、取り消されていないものを載せる（既定: 今日）"
                          " / the table as of DATE (default: today in Japan)"),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help="出力形式（既定: -o のファイル名の拡張子、なければ md）"
                          " / output format (default: from the -o file's extension, else md)"),
        click.option("-o", "--output", "output", metavar="FILE", type=click.Path(dir_okay=False),
                     help="出力先のファイル（既定: 標準出力。xlsx では必須）/ write to FILE (required for xlsx)"),
        click.option("--check", "check_file", metavar="FILE", type=click.Path(dir_okay=False),
                     help="FILE が登録簿から作り直した表と同じか確かめる（違えば終了コード 1）"
                          " / exit 1 when FILE no longer matches the registry"),
        click.option("--encoding", type=click.Choice(["utf-8-sig", "utf-8", "cp932"]), default=None,
                     help="CSV の文字コード（既定: utf-8-sig = BOM 付き UTF-8）/ CSV encoding (default utf-8-sig)"),
        click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
                     help="見出しとメッセージの言語 / language of headers and messages"),
        click.option("--at", "at", metavar="REV",
                     help="git のリビジョン REV の時点の登録簿から作る（作業中のファイルは使わない）"
                          " / build from the registry as committed at git revision REV"),
        registry_option,
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.group()
def export():
    """一覧表を作成します（Markdown・CSV・XLSX）/ Produce the plan's tables.

    \b
    zaitaku export regional    在宅医療圏別の一覧（積極的役割を担う医療機関）
    zaitaku export functional  積極的役割の機能別の一覧
    zaitaku export hubs        連携を担う拠点の指定状況（--include-planned で調整状況の表も）

    終了コード / exit status: 0 書き出した・一致した / written or matching, 1 登録簿にエラーがある・
    --check で不一致・文字コードで表せない文字がある / registry errors, stale table or unencodable
    characters, 2 使い方の誤り・登録簿が見つからない / usage error or no registry.
    """


@export.command()
@_common_options
def regional(**options):
    """「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別> / institutions by zone."""
    _run("regional", **options)


@export.command()
@_common_options
def functional(**options):
    """「在宅医療において積極的役割を担う医療機関」一覧 <積極的役割の機能別> / institutions by function."""
    _run("functional", **options)


@export.command()
@_common_options
@click.option("--include-planned", is_flag=True,
              help="指定に向けた調整状況の表（拠点（予定）・積極的（予定））も出力する / add the coordination table")
def hubs(**options):
    """在宅医療に必要な連携を担う拠点の指定状況 / designated hubs (and, with --include-planned, those in preparation)."""
    _run("hubs", **options)


def _infer_format(fmt, path):
    if fmt:
        return fmt
    if path:
        suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if suffix in FORMATS:
            return suffix
        if suffix == "markdown":
            return "md"
    return "md"


def _run(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned=False):
    fmt = _infer_format(fmt, output or check_file)
    if output and check_file:
        raise click.UsageError("-o と --check は同時に使えません / use either -o or --check")
    if fmt == "xlsx" and not (output or check_file):
        raise click.UsageError("XLSX は -o FILE で出力先を指定してください / XLSX needs -o FILE")
    if encoding and fmt != "csv":
        raise click.UsageError("--encoding は CSV だけに使えます / --encoding applies to CSV only")
    if fmt == "csv" and include_planned and not (output or check_file):
        raise click.UsageError("CSV は1ファイル1表です。--include-planned では -o FILE を指定してください"
                               "（調整状況の表は FILE-planned.csv に書き出します）"
                               " / CSV holds one table per file: give -o FILE (the second table goes to FILE-planned.csv)")
    encoding = encoding or "utf-8-sig"

    import gc

    # A short-lived process that builds tens of thousands of acyclic rows next to a registry of
    # tens of thousands of records: the cyclic collector would rescan them all, again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        _export(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned)
    finally:
        if gc_was_enabled:
            gc.enable()


def _export(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned):
    registry = _checked_registry(registry_dir, lang, at)

    from zaitaku_cli.tables import build

    tables = build(kind, registry, as_of, lang, include_planned)
    for table in tables:
        for warning in dict.fromkeys(table.warnings):
            click.echo(f"zaitaku: {warning}", err=True)
    files = _render(tables, fmt, encoding, output or check_file)
    if check_file:
        command = _command(kind, as_of, fmt, encoding, lang, at, registry_dir, include_planned, check_file)
        sys.exit(_check(files, fmt, encoding, command, lang))
    if output:
        from zaitaku_cli.edit.atomic import write_atomic_all

        try:
            write_atomic_all(files)
        except OSError as err:
            _cannot_write(err, files, lang)
    else:  # `zaitaku export … | head`: a reader that leaves is no error (cli.ReaderMayLeave): exit 0
        sys.stdout.buffer.write(files[0][1])
        sys.stdout.buffer.flush()


def _cannot_write(err: OSError, files, lang: str):
    """Exit 2 naming the output file as the user gave it (not the temporary file beside it that
    the error names) and why, in the officer's words."""
    import errno
    import os

    from zaitaku_cli.errors import os_error_text

    failed = os.path.basename(err.filename or "")
    shown = next((str(path) for path, _ in files if failed.startswith(f".{os.path.basename(path)}.")
                  or failed == os.path.basename(path)), str(files[0][0]))
    folder = os.path.dirname(shown) or "."
    if err.errno == errno.ENOENT:
        ja, en = f"フォルダ {folder} がありません", f"the folder {folder} does not exist"
    else:
        ja, en = os_error_text(err)
    click.echo(f"zaitaku: {shown}: cannot write ({en})" if lang == "en" else f"zaitaku: {shown}: 書き出せません（{ja}）",
               err=True)
    sys.exit(EXIT_USAGE)


def _checked_registry(registry_dir, lang, at=None):
    """The registry (at git revision `at`, if given), checked as of today; exit 1 on error-level
    findings, 2 when it cannot be used."""
    from zaitaku_cli.check import SchemeInvalid, load_checked
    from zaitaku_cli.cli import _today_in_japan
    from zaitaku_cli.findings import CheckResult
    from zaitaku_cli.load.git_source import RevisionError
    from zaitaku_cli.load.registry import RegistryNotFound, find_registry
    from zaitaku_cli.report.text import report

    try:
        root = find_registry(explicit=registry_dir)
    except RegistryNotFound as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        registry, result = load_checked(root, _today_in_japan(), **({"at": at} if at is not None else {}))
    except SchemeInvalid as err:
        report(CheckResult(err.findings, 1), sys.stderr, lang)
        click.echo("zaitaku: prefecture.yaml is not usable, so no table can be made (see above)" if lang == "en" else
                   "zaitaku: prefecture.yaml を読めないため一覧表を作成できません（上の指摘を直してください）", err=True)
        sys.exit(EXIT_USAGE)
    except ImportError as err:  # --at needs GitPython
        click.echo(f"zaitaku: --at には GitPython が必要です / --at needs GitPython ({err})", err=True)
        sys.exit(EXIT_USAGE)
    except RevisionError as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    if result.errors:
        from zaitaku_cli.catalogue import render
        from zaitaku_cli.report.text import LABELS

        label = LABELS.get(lang, LABELS["ja"])["error"]
        errors = [f for f in result.findings if f.severity == "error"]
        for f in errors[:GATE_SHOWN]:
            click.echo(f"{f.file}:{f.line}:{f.column}  {label}  {f.code}  {render(f, lang)}", err=True)
        if len(errors) > GATE_SHOWN:
            more = len(errors) - GATE_SHOWN
            click.echo(f"… and {more} more (zaitaku check shows them all)" if lang == "en"
                       else f"…ほか {more} 件（zaitaku check ですべて表示されます）", err=True)
        if lang == "en":
            click.echo(f"zaitaku: the registry has {result.errors} errors (as of today; `zaitaku check` shows them"
                       f" with the warnings); no table was written", err=True)
        else:
            click.echo(f"zaitaku: 登録簿にエラーが {result.errors} 件あるため（今日の日付で検査）、一覧表を作成しません。"
                       f"zaitaku check で確認し、直してからもう一度実行してください", err=True)
        sys.exit(EXIT_REFUSED)
    return registry


def _render(tables, fmt, encoding, path):
    """[(path or None, bytes)]: one file, or one per table for CSV."""
    from pathlib import Path

    if fmt == "md":
        from zaitaku_cli.writers import markdown

        return [(Path(path) if path else None, markdown.render(tables))]
    if fmt == "xlsx":
        from zaitaku_cli.writers import xlsx

        try:
            return [(Path(path), xlsx.render(tables))]
        except xlsx.IllegalCharacter as err:
            click.echo(f"zaitaku: {err}", err=True)
            sys.exit(EXIT_REFUSED)
    from zaitaku_cli.writers import EncodingRefused, csv_writer

    try:
        blobs = csv_writer.render(tables, encoding)
    except EncodingRefused as err:
        click.echo(err.message(), err=True)
        sys.exit(EXIT_REFUSED)
    if not path:
        return [(None, blobs[0])]
    first = Path(path)
    paths = [first] + [first.with_name(f"{first.stem}-{t.slug or t.name}{first.suffix}") for t in tables[1:]]
    return list(zip(paths, blobs))


def _command(kind, as_of, fmt, encoding, lang, at, registry_dir, include_planned, path) -> str:
    import shlex

    parts = ["zaitaku", "export", kind, "--as-of", as_of.isoformat(), "--format", fmt]
    if include_planned:
        parts.append("--include-planned")
    if fmt == "csv" and encoding != "utf-8-sig":
        parts += ["--encoding", encoding]
    if lang != "ja":
        parts += ["--lang", lang]
    if at:
        parts += ["--at", at]
    if registry_dir:
        parts += ["--registry", registry_dir]
    parts += ["-o", path]
    return " ".join(shlex.quote(p) for p in parts)


def _check(files, fmt, encoding, command, lang) -> int:
    """0 when every file holds what the registry produces now; else 1 with a short diff.

    Markdown and CSV are compared by content (writers.readback): the file's real encoding is
    detected (a CSV that Excel saved again as Shift_JIS is read as such, and said so), and line
    ends, a BOM or the encoding alone do not count — a table committed through git's autocrlf or
    re-saved by Excel still matches; such byte-level differences are only mentioned. XLSX is
    compared by cell values."""
    stale = []
    for path, data in files:
        try:
            regular = path.is_file()  # never open a pipe or a device: reading it could wait forever
        except OSError:  # its folder cannot be searched: reading it says why
            regular = True
        if not regular:
            stale.append((path, [f"(ファイルがありません / no such file: {path})"]))
            continue
        try:
            current = path.read_bytes()
        except OSError as err:
            stale.append((path, [f"(読めません / cannot be read: {err.strerror or err})"]))
            continue
        if current == data:
            continue
        lines = _xlsx_diff(current, data, str(path)) if fmt == "xlsx" else _text_check(path, current, data, fmt,
                                                                                         encoding)
        if lines:
            stale.append((path, lines))
    if not stale:
        return 0
    for path, lines in stale:
        shown = lines[:DIFF_LINES]
        click.echo(f"zaitaku: {path} は登録簿と一致しません / does not match the registry:", err=True)
        for line in shown:
            click.echo(f"  {line}", err=True)
        if len(lines) > len(shown):
            click.echo(f"  …（ほか {len(lines) - len(shown)} 行 / {len(lines) - len(shown)} more lines）", err=True)
    click.echo(f"zaitaku: 次のコマンドで作り直してください / regenerate it with:\n  {command}", err=True)
    return 1


def _text_check(path, current: bytes, data: bytes, fmt: str, encoding: str) -> list[str]:
    """The diff lines of a Markdown or CSV file against the table ([] when its content matches),
    after printing what an officer should know about the file's bytes."""
    from zaitaku_cli.writers.readback import compare

    result = compare(current, data, fmt, "utf-8" if fmt == "md" else encoding, str(path))
    for ja, en in result.notes:
        click.echo(f"zaitaku: {path}: {ja} / {en}", err=True)
    if result.unreadable is not None:
        ja, en = result.unreadable
        return [f"({ja} / {en})"]
    ignored_ja, ignored_en = result.ignored
    if result.matches:
        # only the quoting of a CSV cell, or a last line end, differs
        ignored_ja, ignored_en = ignored_ja or "引用符・最後の改行など書き方", ignored_en or "quoting or a final line end"
        click.echo(f"zaitaku: {path}: 内容は一致しています（{ignored_ja}の違いは無視しました）"
                   f" / the content matches ({ignored_en} ignored)", err=True)
        return []
    lines = list(result.diff)
    if ignored_ja:
        lines.append(f"(ほかに{ignored_ja}が違いますが、これは比べていません / {ignored_en} also differ; not compared)")
    return lines


def _text_diff(old: str, new: str, name: str) -> list[str]:
    import difflib

    old_lines = old.lstrip("\ufeff").splitlines()
    new_lines = new.lstrip("\ufeff").splitlines()
    return list(difflib.unified_diff(old_lines, new_lines, f"{name}（ファイル / file）",
                                     f"{name}（登録簿から / from the registry）", n=1, lineterm=""))


def _xlsx_diff(old: bytes, new: bytes, name: str) -> list[str]:
    from zaitaku_cli.writers import xlsx

    from zaitaku_cli.writers.readback import workbook_problem

    problem = workbook_problem(old)
    if problem is not None:
        return [f"({problem[0]} / {problem[1]})"]
    try:
        old_values = xlsx.read_values(old)
    except Exception as err:  # a zip, but not a workbook openpyxl can read
        return [f"(XLSX として読めません / not a readable XLSX file: {err})"]
    new_values = xlsx.read_values(new)
    if old_values == new_values:
        return []

    def flat(values):
        return [f"[{sheet}] " + "\t".join(row) for sheet, rows in values.items() for row in rows]

    return _text_diff("\n".join(flat(old_values)), "\n".join(flat(new_values)), name)
