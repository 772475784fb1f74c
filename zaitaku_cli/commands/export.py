"""`zaitaku export regional|functional|hubs|pending|grants`: the plan's tables from the registry (DESIGN §5).

Only click is imported here at start-up; the registry, the tables and the writers are imported
when a subcommand runs.

The export refuses (exit 1) when the registry has errors as checked against today: a table is a
public document, never produced from a broken registry. The tables themselves are built as of
`--as-of` (default today), so a past date does not turn later designations into errors.

This module is the click wiring only: the registry gate is commands/gate.py (shared with `zaitaku
site`), the writer is chosen by name in writers.render_files, and --check compares in writers/stale.py.
"""

from __future__ import annotations

import sys

import click

from zaitaku_cli.cli import EXIT_USAGE, _parse_as_of
from zaitaku_cli.commands.options import area_arguments, area_options, registry_option
from zaitaku_cli.exits import EXIT_REFUSED

FORMATS = ("md", "csv", "xlsx", "html")
DIFF_LINES = 20


def _common_options(f):
    options = [
        click.option("--as-of", "as_of", callback=_parse_as_of, metavar="DATE",
                     help="基準日：この日までに指定され、取り消されていないものを載せる（既定: 今日）"
                          " / the table as of DATE (default: today in Japan)"),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help="出力形式（既定: -o のファイル名の拡張子、なければ md）"
                          " / output format (default: from the -o file's extension, else md)"),
        click.option("-o", "--output", "output", metavar="FILE",
                     help="出力先のファイル（.md・.csv・.xlsx・.html。- は標準出力。既定: 標準出力。xlsx では必須）"
                          " / write to FILE (.md, .csv, .xlsx or .html; - for stdout; required for xlsx)"),
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
        area_options,
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.group()
def export():
    """一覧表を作成します（Markdown・CSV・XLSX・HTML）/ Produce the plan's tables.

    \b
    zaitaku export regional    在宅医療圏別の一覧（積極的役割を担う医療機関）
    zaitaku export functional  積極的役割の機能別の一覧
    zaitaku export hubs        連携を担う拠点の指定状況（--include-planned で調整状況の表も）
    zaitaku export pending     指定に向けて準備中の拠点・医療機関（保健所ごと）
    zaitaku export grants      補助金の交付決定と予算（年度ごと、千円）

    --health-center・--tertiary-area・--secondary-area・--zone（ID か名称）でその地域の行だけに
    します / only the rows of one area (an id or a name as the tables show it).

    終了コード / exit status: 0 書き出した・一致した / written or matching, 1 登録簿にエラーがある・
    --check で不一致・文字コードで表せない文字がある / registry errors, stale table or unencodable
    characters, 2 使い方の誤り・登録簿が見つからない・書き出せない（読み取り専用など）/ usage error, no
    registry, or the output cannot be written (read-only, a folder, inside the registry, ...).
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


@export.command()
@_common_options
def pending(**options):
    """指定に向けて準備中の拠点・医療機関（保健所ごと）/ hubs and institutions in preparation, by health centre.

    基準日に予定・調整中・申請書提出済の記録を1行ずつ、保健所・その段階の日付・保健所への共有日とともに示します。
    One row per record planned, coordinating or applied on the date, with its health centre, the
    date of that step and the date the plan was shared with the health centre."""
    _run("pending", **options)


def _fiscal_year(ctx, param, value):
    if value is None:
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        year = None
    if year is None or not 1989 <= year <= 2100:
        raise click.BadParameter(f"{value!r}: 年度は西暦の年で書いてください（令和7年度は 2025）"
                                 f" / give the fiscal year as a western year (FY2025: 2025)")
    return year


@export.command()
@_common_options
@click.option("--fiscal-year", "fiscal_year", callback=_fiscal_year, metavar="YEAR",
              help="会計年度（西暦。令和7年度は 2025。既定: --as-of の日の年度）"
                   " / fiscal year as a western year (default: that of --as-of)")
def grants(**options):
    """補助金の交付決定と予算（千円）/ grants of a fiscal year against the budget, in thousand yen.

    年度の補助金を1件1行（区分ごとの交付決定額、申請額計、交付決定額計）、メニューごと・第三次医療圏ごとの小計、合計、
    予算額（prefecture.yaml の budgets。なければ「予算額：不明」）と差引を示します。市町村の在宅医療・介護連携推進事業は
    参考として別に示し、予算とは比べません。XLSX では金額のセルだけが数値（円）です。
    One row per grant of the fiscal year, subtotals per menu and tertiary area, the total, the
    budget (unknown when prefecture.yaml has none) and the balance; the municipal programme apart,
    for reference. In XLSX the amount cells are numbers (yen) shown in thousands."""
    _run("grants", **options)


EXTENSIONS = {".md": "md", ".markdown": "md", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
FORMAT_NAMES = {"md": "Markdown", "csv": "CSV", "xlsx": "Excel", "html": "HTML"}
STDOUT = ("-", "/dev/stdout")  # -o names for standard output
_HINTS = {  # what to write instead of an extension no writer makes: (Japanese, English)
    ".xls": ("Excel 97-2003 の古い形式（.xls）は作れません。.xlsx にしてください（Excel でそのまま開けます）。",
             "The old Excel 97-2003 format (.xls) cannot be made; use .xlsx (Excel opens it as it is)."),
    ".ods": ("LibreOffice Calc の形式は作れません。.xlsx にしてください（LibreOffice でも開けます）。",
             "The LibreOffice Calc format cannot be made; use .xlsx (LibreOffice opens it too)."),
    ".tsv": ("タブ区切りは作れません。表計算ソフトには .csv（カンマ区切り）にしてください。",
             "Tab-separated files cannot be made; use .csv (comma-separated) for a spreadsheet."),
    ".txt": ("テキストの表は Markdown（.md）で作れます。", "A text table is Markdown: use .md."),
    ".docx": ("Word の文書は作れません。Word には .md の表を貼るか、.xlsx の表をコピーしてください。",
              "Word documents cannot be made; paste the .md table into Word, or copy the .xlsx table."),
}
_HINTS.update({".xlsm": _HINTS[".xls"], ".xlsb": _HINTS[".xls"], ".doc": _HINTS[".docx"], ".text": _HINTS[".txt"]})


def _infer_format(fmt, path, lang="ja"):
    """The format `--format` or the file's extension gives (md without either). Exit 2 for an
    extension no writer makes (.xls would get Markdown bytes) and for a --format the extension
    contradicts (a .md file holding CSV surprises whoever opens it)."""
    if not path:
        return fmt or "md"
    import os

    suffix = os.path.splitext(os.path.basename(path))[1]
    if not suffix:
        return fmt or "md"
    implied = EXTENSIONS.get(suffix.lower())
    if implied is None:
        hint_ja, hint_en = _HINTS.get(suffix.lower(), ("", ""))
        _usage(lang, f"{path}: 拡張子 {suffix} の形式の一覧表は作れません。作れるのは Markdown（.md）・CSV（.csv）・"
                     f"Excel ブック（.xlsx）・ウェブページ（.html）です。{hint_ja}",
               f"{path}: tables are not made in the {suffix} format; the formats are Markdown (.md), CSV (.csv), "
               f"Excel workbook (.xlsx) and web page (.html). {hint_en}".rstrip())
    if fmt and fmt != implied:
        _usage(lang, f"{path}: 拡張子 {suffix} は {FORMAT_NAMES[implied]} の形式ですが、--format {fmt} が指定されています。"
                     "どちらかをもう一方に合わせてください（--format を省くと拡張子から決まります）。",
               f"{path}: the extension {suffix} means {FORMAT_NAMES[implied]}, but --format {fmt} was given; make them "
               "agree (without --format, the extension decides).")
    return implied


def _usage(lang: str, ja: str, en: str):
    click.echo(f"zaitaku: {en if lang == 'en' else ja}", err=True)
    sys.exit(EXIT_USAGE)


def _run(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned=False,
         fiscal_year=None, **area):
    if output == "":  # `-o "$OUT"` with OUT unset: not a request for standard output
        _usage(lang, "-o のファイルの名前が空です。書き出すファイルの名前を指定してください（標準出力なら -o - か、-o を省きます）。",
               "-o was given an empty file name; give the file to write (for standard output, -o - or no -o).")
    to_stdout = output in STDOUT
    if to_stdout:
        output = None
    fmt = _infer_format(fmt, output or check_file, lang)
    if output and check_file:
        raise click.UsageError("-o と --check は同時に使えません / use either -o or --check")
    if fmt == "xlsx" and not (output or check_file) and (not to_stdout or sys.stdout.isatty()):
        raise click.UsageError("XLSX は -o FILE で出力先を指定してください / XLSX needs -o FILE")
    if encoding and fmt != "csv":
        raise click.UsageError("--encoding は CSV だけに使えます / --encoding applies to CSV only")
    if fmt == "csv" and include_planned and not (output or check_file):
        raise click.UsageError("CSV は1ファイル1表です。--include-planned では -o FILE を指定してください"
                               "（調整状況の表は FILE-planned.csv に書き出します）"
                               " / CSV holds one table per file: give -o FILE (the second table goes to FILE-planned.csv)")
    encoding = encoding or "utf-8-sig"

    from zaitaku_cli.check import collector_off

    with collector_off():  # tens of thousands of acyclic rows beside the registry's records
        _export(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned, area,
                fiscal_year)


def _export(kind, as_of, fmt, output, check_file, encoding, lang, at, registry_dir, include_planned, area,
            fiscal_year=None):
    from zaitaku_cli.commands.options import restrict_to_area

    from zaitaku_cli.commands.gate import cannot_write, checked_registry, find_root

    root = find_root(registry_dir, lang)
    if output:
        _preflight(output, root, fmt == "csv" and include_planned, lang)
    registry = restrict_to_area(checked_registry(root, lang, at), area, lang)

    from zaitaku_cli.tables import build

    tables = build(kind, registry, as_of, lang, include_planned, fiscal_year)
    for table in tables:
        for warning in dict.fromkeys(table.warnings):
            click.echo(f"zaitaku: {warning}", err=True)
    files = _render(tables, fmt, encoding, output or check_file, lang)
    if check_file:
        command = _command(kind, as_of, fmt, encoding, lang, at, registry_dir, include_planned, check_file, area,
                           fiscal_year)
        sys.exit(_check(files, fmt, encoding, command, lang))
    if output:
        from zaitaku_cli.edit.atomic import CannotWrite, write_atomic_all

        try:
            write_atomic_all(files, outside=root)
        except CannotWrite as err:
            cannot_write(err, lang)
    else:  # `zaitaku export … | head`: a reader that leaves is no error (cli.ReaderMayLeave): exit 0
        sys.stdout.buffer.write(files[0][1])
        sys.stdout.buffer.flush()


def _preflight(output: str, root, two_files: bool, lang: str) -> None:
    """Exit 2 before any work when -o cannot be written (atomic.inspect: a folder, a read-only
    file, a path inside the registry, ...), or names a pipe or device while CSV needs two files."""
    from zaitaku_cli.commands.gate import cannot_write
    from zaitaku_cli.edit.atomic import CannotWrite, inspect

    try:
        target = inspect(output, outside=root)
    except CannotWrite as err:
        cannot_write(err, lang)
    if two_files and not target.replaces:
        _usage(lang, f"{output}: CSV は1ファイル1表で、--include-planned では調整状況の表を別のファイル（FILE-planned.csv）に"
                     "書き出します。-o には通常のファイルの名前を指定してください。",
               f"{output}: CSV holds one table per file, and --include-planned writes the second table to another file "
               "(FILE-planned.csv); give -o the name of a regular file.")


def _render(tables, fmt, encoding, path, lang):
    """[(path or None, bytes)] (writers.render_files); exit 1 for a character the format cannot hold."""
    from zaitaku_cli.writers import EncodingRefused, render_files
    from zaitaku_cli.writers.xlsx import IllegalCharacter

    try:
        return render_files(tables, fmt, path, encoding=encoding, lang=lang)
    except IllegalCharacter as err:
        click.echo(f"zaitaku: {err}", err=True)
        sys.exit(EXIT_REFUSED)
    except EncodingRefused as err:
        click.echo(err.message(), err=True)
        sys.exit(EXIT_REFUSED)


def _command(kind, as_of, fmt, encoding, lang, at, registry_dir, include_planned, path, area,
             fiscal_year=None) -> str:
    import shlex

    parts = ["zaitaku", "export", kind, "--as-of", as_of.isoformat(), "--format", fmt]
    if fiscal_year is not None:
        parts += ["--fiscal-year", str(fiscal_year)]
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
    parts += area_arguments(area)
    parts += ["-o", path]
    return " ".join(shlex.quote(p) for p in parts)


def _check(files, fmt, encoding, command, lang) -> int:
    """0 when every file holds what the registry produces now; else 1 with a short diff and the
    command that regenerates it (the comparison: writers.stale)."""
    from zaitaku_cli.writers.stale import compare_files

    verdict = compare_files(files, fmt, encoding)
    for note in verdict.notes:
        click.echo(note, err=True)
    if not verdict.stale:
        return 0
    for path, lines in verdict.stale:
        shown = lines[:DIFF_LINES]
        click.echo(f"zaitaku: {path} は登録簿と一致しません / does not match the registry:", err=True)
        for line in shown:
            click.echo(f"  {line}", err=True)
        if len(lines) > len(shown):
            click.echo(f"  …（ほか {len(lines) - len(shown)} 行 / {len(lines) - len(shown)} more lines）", err=True)
    click.echo(f"zaitaku: 次のコマンドで作り直してください / regenerate it with:\n  {command}", err=True)
    return 1


from zaitaku_cli.commands.survey_template import survey_template  # noqa: E402 - its own module (issue 15)

export.add_command(survey_template)
