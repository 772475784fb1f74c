"""`zaitaku site DIR`: the registry as a static web site (zaitaku_cli/site). Only click is
imported at start-up."""

from __future__ import annotations

import sys

import click

from zaitaku_cli.commands.options import registry_option

from zaitaku_cli.exits import EXIT_USAGE


def _as_of(ctx, param, value):
    from zaitaku_cli.cli import _parse_as_of

    return _parse_as_of(ctx, param, value)


@click.command()
@click.argument("directory", metavar="DIR")
@click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
              help="基準日（既定: 今日）/ the site as of DATE (default: today in Japan)")
@click.option("--at", "at", metavar="REV",
              help="git のリビジョン REV の時点の登録簿から作る / build from the registry as committed at REV")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="ページとメッセージの言語 / language of the pages and messages")
@registry_option
def site(directory, as_of, at, lang, registry_dir):
    """一覧表のウェブサイト（静的な HTML）を DIR に作ります / Build the tables as a static web site in DIR.

    \b
    index.html       表題・基準日・拠点の指定状況の行・年度ごとの指定の進み具合のグラフ（SVG）
    regional.html    在宅医療圏別の一覧（functional・hubs・pending・grants も同様）
    zones/<id>.html  在宅医療圏ごとのページ（その在宅医療圏の行だけ）

    JavaScript も外部のファイルも使いません。日付は基準日だけなので、同じ登録簿・同じ基準日からは同じファイルが
    できます。DIR はフォルダごと置き換えます（zaitaku が作ったサイトか空のフォルダだけ。途中で失敗しても元のまま）。
    No script, no external asset; the as-of date is the only date in the pages, so the same registry
    and date give the same bytes. DIR is replaced as a whole (only a site zaitaku built, or an
    empty folder); a failed build leaves it as it was.

    終了コード / exit status: 0 作成した / built, 1 登録簿にエラーがある / registry errors,
    2 使い方の誤り・登録簿が見つからない・書き出せない / usage error, no registry, or DIR cannot be written.
    """
    from zaitaku_cli.check import collector_off

    with collector_off():  # many short-lived acyclic rows
        _build(directory, as_of, at, lang, registry_dir)


def _build(directory, as_of, at, lang, registry_dir):
    from zaitaku_cli.commands.gate import SITE, checked_registry, find_root
    from zaitaku_cli.site.output import SiteRefused, inspect, write_site

    root = find_root(registry_dir, lang)
    try:
        real = inspect(directory, root)  # before the work: a wrong DIR is told at once
    except SiteRefused as err:
        _refused(err, lang)
    registry = checked_registry(root, lang, at, SITE)

    from zaitaku_cli.site import build_site

    built = build_site(registry, as_of, lang)
    for warning in built.warnings:
        click.echo(f"zaitaku: {warning}", err=True)
    try:
        write_site(built.pages, real, directory)
    except SiteRefused as err:
        _refused(err, lang)
    count = len(built.pages)
    click.echo(f"zaitaku: {directory}: {count} pages written (as of {as_of.isoformat()})" if lang == "en" else
               f"zaitaku: {directory} に {count} ページを書き出しました（{as_of.isoformat()} 現在）", err=True)


def _refused(err, lang: str):
    click.echo(f"zaitaku: {err.message(lang)}", err=True)
    sys.exit(EXIT_USAGE)
