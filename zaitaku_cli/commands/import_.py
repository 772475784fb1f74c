"""`zaitaku import institutions FILE`: survey answers -> candidate records (DESIGN §6). Only click
is imported here; the work is in zaitaku_cli.survey, imported when the command runs."""

from __future__ import annotations

import sys

import click

from zaitaku_cli.commands.options import parse_day, registry_option, wait_option


@click.group(name="import")
def import_():
    """調査票の回答を登録簿に取り込みます / Import survey answers into the registry."""


@import_.command()
@click.argument("file", metavar="FILE")
@click.option("--mapping", "mapping", metavar="M",
              help="列の対応表（YAML）。省略時は zaitaku export survey-template の見出しで列を見分けます"
                   " / the mapping file (YAML); default: the survey template's headers")
@click.option("--dry-run", is_flag=True, help="変わる内容を表示するだけで、書き込まない / show the changes, write nothing")
@click.option("--take-good-rows", is_flag=True,
              help="取り込めない行があっても、ほかの行を取り込む / take the good rows even when some rows are in error")
@click.option("--on", "on", callback=parse_day, metavar="DATE",
              help="新しい記録の「予定」の日（既定: 今日）/ the date of a new record's planned step (default: today in Japan)")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="メッセージの言語 / message language")
@registry_option
@wait_option
def institutions(file, mapping, dry_run, take_good_rows, on, lang, registry_dir, wait):
    """医療機関の調査票（.xlsx・.csv）を取り込みます / Import an institutions survey (.xlsx, .csv).

    \b
    医療機関コード（なければ名称と所在市町村）で記録と照合し、新しい医療機関は予定（planned）の記録
    （registry/institutions/mic-<コード>.yaml）として作り、既にある記録は回答（要件・意向・種類・連携先など）を
    書き加えます。指定の状況・年月日・経過は変えません。取り込めない行は 行:列 と理由を示し、その場合は
    何も書き込みません（--take-good-rows で取り込める行だけを取り込みます）。同じ調査票をもう一度
    取り込んでも何も変わりません。CSV は UTF-8（BOM の有無を問わない）か Shift_JIS（cp932）。

    Matches rows to records by medical institution code (then name and municipality); new rows
    become planned records, known ones get the answers; designation dates and steps never change.
    Exit status: 0 done (or nothing to do), 1 rows in error or refused, 2 usage.
    """
    from zaitaku_cli.cli import _today_in_japan
    from zaitaku_cli.survey.run import Request, import_institutions

    request = Request(file, mapping, dry_run, take_good_rows, on, lang, registry_dir, wait, _today_in_japan())
    sys.exit(import_institutions(request))
