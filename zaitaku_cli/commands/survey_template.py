"""`zaitaku export survey-template -o FILE.xlsx`: the survey workbook that `zaitaku import
institutions` reads without a mapping file (zaitaku_cli/survey/template.py). Only click is
imported here; it is registered on `export` with one add_command line."""

from __future__ import annotations

import os
import sys

import click

from zaitaku_cli.commands.options import registry_option

from zaitaku_cli.exits import EXIT_USAGE


@click.command(name="survey-template")
@click.option("-o", "--output", "output", required=True, metavar="FILE",
              help="書き出す Excel ファイル（.xlsx）/ the Excel file to write (.xlsx)")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="メッセージの言語 / message language")
@click.option("--force", is_flag=True,
              help="既にあるファイルを上書きする / overwrite an existing file (a filled-in survey is lost)")
@registry_option
def survey_template(output, lang, registry_dir, force):
    """調査票のひな形（Excel）を書き出します / Write the survey template (Excel).

    \b
    見出しは医療機関コード・名称・よみ・所在市町村・種類・意向と、prefecture.yaml の選定要件の文言
    （①…）、連携先です。回答（はい/いいえ）、種類、市町村は一覧から選べます。記入したものは
    zaitaku import institutions FILE で、対応表なしに取り込めます。

    Headers: the code, name, kana, municipality, kind, intent, each requirement's text from
    prefecture.yaml, the linked institutions; drop-down lists for the answers, the kind and the
    municipality. The filled-in sheet imports with `zaitaku import institutions FILE`.
    """
    from pathlib import Path

    from zaitaku_cli.commands.gate import SURVEY_TEMPLATE, cannot_write, checked_registry, find_root
    from zaitaku_cli.edit.atomic import ANY, CannotWrite, FileChanged, write_atomic
    from zaitaku_cli.survey.template import survey_workbook

    if Path(output).suffix.lower() != ".xlsx":
        click.echo(f"zaitaku: {output}: the template is an Excel workbook; name it .xlsx" if lang == "en" else
                   f"zaitaku: {output}: 調査票は Excel ブックです。ファイル名を .xlsx にしてください", err=True)
        sys.exit(EXIT_USAGE)
    if not force and os.path.lexists(output):
        _exists(output, lang)
    root = find_root(registry_dir, lang)
    # the template needs the scheme only: record errors do not stop it
    registry = checked_registry(root, lang, product=SURVEY_TEMPLATE, refuse_errors=False)
    try:  # without --force the file is created, never replaced (one may appear meanwhile)
        write_atomic(output, survey_workbook(registry), ANY if force else None, outside=root)
    except FileChanged:
        _exists(output, lang)
    except CannotWrite as err:
        cannot_write(err, lang)
    click.echo(f"wrote {output}" if lang == "en" else f"{output} を書き出しました。")


def _exists(output: str, lang: str) -> None:
    """An existing file may be a filled-in survey: it is not replaced without --force."""
    click.echo(f"zaitaku: {output} already exists (perhaps a filled-in survey); it was not overwritten. "
               "To overwrite it, add --force." if lang == "en" else
               f"zaitaku: {output} はすでにあります（記入済みの調査票かもしれません）。上書きしていません。"
               "上書きするなら --force を付けてください。", err=True)
    sys.exit(EXIT_USAGE)
