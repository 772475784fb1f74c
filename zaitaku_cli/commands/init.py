"""`zaitaku init PREFECTURE DIR`: a new prefecture's registry (DESIGN §6). Only click is imported
here; the data package and the templates load when the command runs (scaffold.py,
municipalities.py)."""

from __future__ import annotations

import os
import sys

import click

from zaitaku_cli.exits import EXIT_USAGE


def _fail(lang: str, ja: str, en: str):
    click.echo(f"zaitaku: {en if lang == 'en' else ja}", err=True)
    sys.exit(EXIT_USAGE)


@click.command()
@click.argument("prefecture")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="メッセージの言語 / message language")
def init(prefecture, directory, lang):
    """新しい都道府県の登録簿を作ります / Start a new prefecture's registry.

    \b
    DIR/registry/ に、国の指針の既定値を入れた prefecture.yaml（決めるべき箇所にコメント）と、
    その都道府県のすべての市町村の reference/municipalities.csv（データのパッケージから）を作ります。
    PREFECTURE は 熊本県、熊本、kumamoto、43、430005 のいずれの形でも書けます。
    既に中身のある DIR/registry/ には書き込みません。

    Writes DIR/registry/: prefecture.yaml with the national defaults, commented where the officer
    must decide, and every municipality of the prefecture from a data package. PREFECTURE may be
    熊本県, 熊本, kumamoto, 43 or 430005. A non-empty DIR/registry/ is never written to.
    """
    from pathlib import Path

    from zaitaku_cli.municipalities import DataUnavailable, find_prefecture, load_prefectures, municipalities_of
    from zaitaku_cli.scaffold import registry_files

    target = Path(directory) / "registry"
    shown = target.as_posix()
    try:
        _refuse_existing(target, shown, lang)
    except OSError as err:  # a folder on the way cannot be searched (its permissions)
        _fail(lang, f"{shown} に書き込めません（{err.strerror or err}）。", f"cannot write {shown} ({err.strerror or err}).")
    try:
        prefectures = load_prefectures()
        pref = find_prefecture(prefecture, prefectures)
        if pref is None:
            _fail(lang, f"「{prefecture}」という都道府県が見つかりません。熊本県、熊本、kumamoto、43、430005 のように書いてください。",
                  f"no prefecture '{prefecture}'; write it as 熊本県, 熊本, kumamoto, 43 or 430005.")
        towns = municipalities_of(pref)
    except DataUnavailable as err:
        _fail(lang, err.args[0], err.args[1])
    try:
        _check_writable(target)
        _write_tree(target, registry_files(pref, towns))
    except OSError as err:  # atomic.CannotWrite says why in the officer's words
        from zaitaku_cli.edit.atomic import CannotWrite

        if isinstance(err, CannotWrite):
            _fail(lang, f"{shown} に書き込めません（{err.reason('ja')}）。", f"cannot write {shown} ({err.reason('en')}).")
        _fail(lang, f"{shown} に書き込めません（{err.strerror or err}）。",
              f"cannot write {shown} ({err.strerror or err}).")
    _report(pref, towns, shown, lang)


def _refuse_existing(target, shown: str, lang: str) -> None:
    if (target.parent / "prefecture.yaml").exists():
        inside = target.parent.as_posix()
        _fail(lang, f"{inside} は既に登録簿のフォルダです（prefecture.yaml があります）。登録簿の外のフォルダを DIR に指定してください。",
              f"{inside} is already a registry folder (it has prefecture.yaml); give a folder outside it as DIR.")
    if target.is_symlink() or target.exists() and not target.is_dir():
        _fail(lang, f"{shown} はフォルダではありません。別の DIR を指定してください。",
              f"{shown} is not a folder; choose another DIR.")
    if target.is_dir() and any(os.scandir(target)):
        _fail(lang, f"{shown} は空ではありません。既にある登録簿には書き込みません（別の DIR を指定するか、中身を移してください）。",
              f"{shown} is not empty; an existing registry is never written to (choose another DIR, or move its contents).")


def _check_writable(target) -> None:
    """CannotWrite when the nearest existing folder on the way to `target` is read-only (by its
    mode bits, for root too, as every write of zaitaku: edit.atomic)."""
    from zaitaku_cli.edit.atomic import check_folder

    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    check_folder(folder, str(target))


def _write_tree(target, files: dict[str, str]) -> None:
    """All the files, or none: they are written into a temporary folder beside `target`, which
    then takes its place (an empty `target` is replaced)."""
    import shutil
    import tempfile
    from pathlib import Path

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".registry-", dir=target.parent))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        staging.chmod(0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()  # empty (checked before); fails if something appeared meanwhile
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _report(pref, towns, shown: str, lang: str) -> None:
    if lang == "en":
        click.echo(f"created {shown}/ for {pref.name} ({pref.code}): prefecture.yaml and {len(towns)} municipalities.\n"
                   f"Next: write the values marked 【要記入】 (to fill in) in prefecture.yaml, check those marked 【要確認】,\n"
                   f"fill in the secondary_area column of reference/municipalities.csv, then run:\n"
                   f"  zaitaku check --registry {shown}")
    else:
        click.echo(f"{shown}/ を作りました（{pref.name}、{pref.code}：prefecture.yaml と市町村 {len(towns)}）。\n"
                   f"次に prefecture.yaml の【要記入】の箇所を書き、【要確認】の箇所を確かめ、\n"
                   f"reference/municipalities.csv の secondary_area の列（二次医療圏のコード）を書いてから、\n"
                   f"  zaitaku check --registry {shown}\n"
                   f"で確かめてください（まだ書いていない箇所がエラー・警告として示されます）。")
