"""`zaitaku status`: progress per zone and per fiscal year against prefecture.yaml's target
(what counts: see zaitaku_cli/status/progress.py). Only click is imported at the top."""

from __future__ import annotations

import sys

import click

from zaitaku_cli.commands.options import (
    area_options,
    exit_if_folders_unreadable,
    exit_if_unreadable,
    registry_option,
    restrict_to_area,
)


def _as_of(ctx, param, value):
    from zaitaku_cli.cli import _parse_as_of

    return _parse_as_of(ctx, param, value)


@click.command()
@click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
              help="基準日（既定: 今日）/ reference date (default: today in Japan)")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="出力形式 / output format")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="見出しの言語 / language of the headers")
@click.option("--at", "at", metavar="REV", help="この git リビジョンの登録簿で / the registry as it was at this git revision")
@registry_option
@area_options
def status(as_of, fmt, lang, at, registry_dir, **area):
    """在宅医療圏ごと・年度ごとの指定の進み具合 / Progress per zone and per fiscal year.

    在宅医療圏ごとに指定済みの拠点と積極的役割を担う医療機関、年度ごとに拠点を初めて指定した在宅医療圏の数を
    prefecture.yaml の目標（target）と比べて示します。どの数も基準日の状況で数え、準備中の記録はその日の段階（予定・調整中・
    申請書提出済（審査中））を添えて示します。第三次医療圏ごとの小計と、まだ指定されていない医療機関のうち要件を満たすもの・
    要件不明のものも示します（docs/status.md）。

    Per zone, its designated hubs and institutions, and those in preparation with their step on the date;
    per tertiary area, a subtotal; per fiscal year, the zones given their first hub, against the target in
    prefecture.yaml; then the undesignated institutions that are eligible, or of unknown eligibility (docs/status.md).
    Exit status: 0, or 2 when the registry (or the revision) cannot be read.

    The registry is checked as of today (as `zaitaku export` does), the progress counted as of --as-of:
    a past date does not turn the designations made since into errors.

    With --health-center, --tertiary-area, --secondary-area or --zone, only that area's zones are
    listed and counted (its recorded zones are the total; the target's yearly bounds are the
    prefecture's and are not shown).
    """
    from zaitaku_cli.check import collector_off

    with collector_off():  # measured: the collector took longer than counting and printing together
        _status(as_of, fmt, lang, at, registry_dir, area)


def _status(as_of, fmt, lang, at, registry_dir, area):
    from zaitaku_cli.check import load_checked
    from zaitaku_cli.cli import _today_in_japan
    from zaitaku_cli.load.registry import find_registry
    from zaitaku_cli.status import build_status

    with exit_if_unreadable("集計", lang):
        root = find_registry(explicit=registry_dir)
        if at is not None:
            from zaitaku_cli.history.revision import resolve

            revision = resolve(root, at)  # exit 2 with advice in a shallow clone
            if not revision.has_registry:
                from zaitaku_cli.load.git_source import RevisionError

                raise RevisionError(f"{revision.label} には登録簿（{root.name}/）がまだありません",
                                    f"{revision.label} has no registry ({root.name}/) yet")
            at = revision.hexsha
        registry, result = load_checked(root, _today_in_japan(), at=at)
    exit_if_folders_unreadable(result, "集計", lang)
    if result.errors:
        click.echo(f"zaitaku: 登録簿にエラーが {result.errors} 件あります（今日の日付で検査。zaitaku check で確認）。"
                   f"形式の誤りのある記録は数えていません / the registry has {result.errors} errors as of today (see"
                   " zaitaku check); records that fail their schema are not counted", err=True)
    registry = restrict_to_area(registry, area, lang)
    report = build_status(registry, as_of, lang)
    for ja, en in report.problems:
        click.echo(f"zaitaku: {en if lang == 'en' else ja}", err=True)
    target = registry.scheme.data.get("target") or {}
    if fmt == "json":
        from zaitaku_cli.status.render import render_json

        click.echo(_with_area(render_json(report, lang), registry, lang), nl=False)
        return
    if registry.area is not None:  # which area the counts are of, before the tables
        click.echo(_area_heading(registry, lang, fmt))
    if fmt == "md":
        from zaitaku_cli.status.render import render_markdown

        click.echo(render_markdown(report, target, lang), nl=False)
    else:
        from zaitaku_cli.status.render import render_text

        render_text(report, target, sys.stdout, lang)


def _area_heading(registry, lang: str, fmt: str) -> str:
    """「対象：十勝（第三次医療圏）」 / "Area: 十勝 (tertiary area)" (a Markdown heading in md)."""
    from zaitaku_cli.tables.common import area_label

    label = area_label(registry.scheme, registry.area, lang)
    line = f"Area: {label}" if lang == "en" else f"対象：{label}"
    return f"# {line}\n" if fmt == "md" else line


def _with_area(text: str, registry, lang: str) -> str:
    """The JSON report, with `area` ({kind, id, name}) first when an area option was given (the
    report without one is as before)."""
    import json

    from zaitaku_cli.tables.common import area_label

    area = registry.area
    if area is None:
        return text
    shown = {"kind": area.kind, "id": area.id, "name": area_label(registry.scheme, area, lang)}
    return json.dumps({"area": shown, **json.loads(text)}, ensure_ascii=False, indent=2) + "\n"
