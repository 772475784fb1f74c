"""`zaitaku diff REV [REV]`: what changed in the registry between two git revisions (the second
defaults to the working tree): first the rule set (prefecture.yaml's settings, the reference
tables), then designations made and withdrawn, records added, changed (which fields, old → new)
and deleted, grouped by kind. Only click is imported at the top."""

from __future__ import annotations

import sys

import click

from zaitaku_cli.commands.options import exit_if_folders_unreadable, exit_if_unreadable, registry_option


@click.command()
@click.argument("old_rev", metavar="REV")
@click.argument("new_rev", metavar="[REV]", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="出力形式（md は計画の変更の告示などに）/ output format (md: for a plan amendment notice)")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="見出しの言語 / language of the labels")
@registry_option
def diff(old_rev, new_rev, fmt, lang, registry_dir):
    """2つのリビジョンの間の登録簿の変更 / What changed between two revisions.

    2つ目の REV を省略すると作業ツリー（保存済みの未コミットの変更を含む）と比べます。

    Compares REV with the second REV, or with the working tree when it is omitted.
    Exit status: 0, or 2 when a revision or the registry cannot be read.
    """
    from zaitaku_cli.check import collector_off, load_checked
    from zaitaku_cli.cli import _today_in_japan
    from zaitaku_cli.history.compare import compare, compare_rule_set, unreadable
    from zaitaku_cli.history.revision import registry_at, resolve
    from zaitaku_cli.load.registry import find_registry
    from zaitaku_cli.memo import RecordMemo

    # Dates do not matter here (records are compared as they are); the check's default day, so
    # that the working tree's files come from the cache a plain `zaitaku check` left.
    as_of = _today_in_japan()
    memo = RecordMemo()  # a file the same on both sides is read once
    with exit_if_unreadable("比較", lang), collector_off():  # records are compared, not checked: no rule runs
        root = find_registry(explicit=registry_dir)
        if new_rev is None:  # the working tree first: from the cache when it is warm, then REV's same files from the memo
            revision = resolve(root, old_rev)  # a bad revision fails before the working tree is read
            (new, result), new_revision = load_checked(root, as_of, memo=memo, rules="none"), None
            exit_if_folders_unreadable(result, "比較", lang)
            old, old_revision = registry_at(root, old_rev, as_of, memo=memo, rules="none", revision=revision)
        else:
            old, old_revision = registry_at(root, old_rev, as_of, memo=memo, rules="none")
            new, new_revision = registry_at(root, new_rev, as_of, memo=memo, rules="none")
    with collector_off():
        changes = compare(old, new)
        rule_set = compare_rule_set(old, new)
    skipped = unreadable(old, new)
    for rel in skipped:
        click.echo(f"zaitaku: {rel}: cannot be read, so it is not compared" if lang == "en" else
                   f"zaitaku: {rel} は読めないため比較していません", err=True)
    scheme = (new or old).scheme if (new or old) is not None else None
    if fmt == "json":
        from zaitaku_cli.history.render import render_json

        click.echo(render_json(changes, old_revision, new_revision, skipped, rule_set), nl=False)
    elif fmt == "md":
        from zaitaku_cli.history.render import render_markdown

        click.echo(render_markdown(changes, old_revision, new_revision, lang, scheme, rule_set), nl=False)
    else:
        from zaitaku_cli.history.render import render_text

        render_text(changes, old_revision, new_revision, sys.stdout, lang, scheme, rule_set)
