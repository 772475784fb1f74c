"""`zaitaku new institution|hub|zone|grant ID`: a record from a commented template (DESIGN §6).
Only click is imported here; the template is built by zaitaku_cli.edit.templates."""

from __future__ import annotations

import re
import sys

import click

from zaitaku_cli.commands.options import registry_option, wait_option

from zaitaku_cli.exits import EXIT_REFUSED, EXIT_USAGE
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 64  # characters: a readable file name, far below every file system's limit


def _cannot_write(rel: str, err: OSError, lang: str):
    """Exit 2 (the place cannot be written: not a refusal of the record) naming the file and why."""
    from zaitaku_cli.edit.atomic import CannotWrite
    from zaitaku_cli.errors import os_error_text

    if isinstance(err, CannotWrite):
        (ja, en), advice = (err.reason("ja"), err.reason("en")), (err.advice("ja"), err.advice("en"))
    else:
        (ja, en), advice = os_error_text(err), ("", "")
    click.echo(f"zaitaku: {rel}: cannot write ({en})" + (f". {advice[1]}" if advice[1] else "") if lang == "en" else
               f"zaitaku: {rel}: 書き込めません（{ja}）" + (f"。{advice[0]}" if advice[0] else ""), err=True)
    sys.exit(EXIT_USAGE)


@click.command()
@click.argument("kind", type=click.Choice(["institution", "hub", "zone", "grant"]))
@click.argument("record_id", metavar="ID")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="メッセージの言語 / message language")
@registry_option
@wait_option
def new(kind, record_id, lang, registry_dir, wait):
    """説明付きのひな形から記録を作ります / Create a record from a commented template.

    \b
    registry/<種類>/<ID>.yaml を作ります。各項目の上に、何を書くかの説明がコメントで入っています。
    書き終えるまでは zaitaku check がその行を示してエラーを表示します。既にあるファイルは上書きしません。
    コメントの用語（在宅医療圏・拠点など）と要件・類型は registry/prefecture.yaml に従います。
    ID は半角英小文字・数字・ハイフンで64文字まで（例: sato-naika-clinic）。

    Writes registry/<kinds>/<ID>.yaml with a Japanese comment on every field, in the scheme's
    words and with its requirement items and types (prefecture.yaml); never overwrites.
    ID: lowercase letters, digits and hyphens, at most 64 characters.
    """
    if len(record_id) > ID_MAX:
        shown = record_id[:40] + "…"
        raise click.BadParameter(
            f"{shown}: ID は{ID_MAX}文字までにしてください（{len(record_id)} 文字あります）"
            f" / an ID has at most {ID_MAX} characters (this one has {len(record_id)})", param_hint="ID")
    if not _ID.fullmatch(record_id):
        raise click.BadParameter(
            f"{record_id!r}: 半角英小文字・数字・ハイフンで、英小文字か数字で始めてください（例: sato-naika-clinic）"
            " / use lowercase letters, digits and hyphens, starting with a letter or digit", param_hint="ID")
    from zaitaku_cli.edit.lock import LockError, registry_lock
    from zaitaku_cli.edit.templates import FOLDERS, schema_hint, schema_link
    from zaitaku_cli.load.registry import RegistryNotFound, find_registry

    try:
        root = find_registry(explicit=registry_dir)
    except RegistryNotFound as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(EXIT_USAGE)
    path = root / FOLDERS[kind] / f"{record_id}.yaml"
    rel = path.relative_to(root.parent).as_posix()
    try:
        with registry_lock(root, wait, lambda holder: _waiting(holder, wait, lang)):
            _create(root, kind, record_id, path, rel, lang)
    except LockError as refusal:
        click.echo(f"zaitaku: {rel}: not created: {refusal.message('en')}" if lang == "en" else
                   f"zaitaku: {rel} を作りませんでした: {refusal.message('ja')}", err=True)
        sys.exit(refusal.exit_status)
    if lang == "en":
        click.echo(f"created {rel}\nFill in the fields (each has a comment saying what to write), then run: zaitaku check {rel}")
    else:
        click.echo(f"{rel} を作りました。\n各項目のコメントに従って書き、zaitaku check {rel} で確かめてください。")
    if schema_link(root, kind) is None:
        ja, en = schema_hint(root, kind)
        click.echo(f"zaitaku: {en if lang == 'en' else ja}", err=True)


def _waiting(holder, wait: float, lang: str) -> None:
    from zaitaku_cli.edit.lock import waiting_message

    ja, en = waiting_message(holder, wait)
    click.echo(en if lang == "en" else ja, err=True)


def _create(root, kind: str, record_id: str, path, rel: str, lang: str) -> None:
    """Write the template to `path` (a new file only); exits 1 when it exists or cannot be written."""
    from zaitaku_cli.edit.atomic import FileChanged, write_atomic
    from zaitaku_cli.edit.templates import render_template

    refusal_ja = f"zaitaku: {rel} は既にあります。上書きしません（そのファイルを編集してください）。"
    refusal_en = f"zaitaku: {rel} already exists; it is not overwritten (edit that file)."
    try:
        exists = path.exists() or path.is_symlink()
    except OSError as err:  # the folder cannot be searched (its permissions)
        _cannot_write(rel, err, lang)
    if exists:
        click.echo(refusal_en if lang == "en" else refusal_ja, err=True)
        sys.exit(EXIT_REFUSED)
    text = render_template(root, kind, record_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), None, shown=rel, within=root)
    except FileChanged:
        click.echo(refusal_en if lang == "en" else refusal_ja, err=True)
        sys.exit(EXIT_REFUSED)
    except OSError as err:
        _cannot_write(rel, err, lang)
