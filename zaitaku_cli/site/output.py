"""Writing the site's folder so that a failed build never leaves half a site.

Every page is built in memory first (site.build_site); the files then go into a new folder
beside DIR (`.<name>.<pid>-<random>.zaitaku-site-tmp`), and only when all are written is the
old DIR moved aside and the new one renamed into its place (two renames; the old folder is then
removed). A failure before the swap removes the new folder and leaves DIR as it was.

Refused (SiteRefused, exit 2 in the command), before anything is written: DIR is a file (or
anything but a folder); DIR is inside the registry, or holds it (replacing it would delete the
registry); DIR exists, is not empty and is not a site zaitaku made (its index.html lacks
`<meta name="generator" content="zaitaku">`): the whole folder is replaced, so a folder of
other files is never taken for one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from zaitaku_cli.writers.html import GENERATOR

TEMPORARY_SUFFIX = ".zaitaku-site-tmp"
MARK = f'<meta name="generator" content="{GENERATOR}">'.encode()


class SiteRefused(Exception):
    """DIR may not be written; `shown` is DIR as given, `ja`/`en` say why."""

    def __init__(self, shown: str, ja: str, en: str):
        super().__init__(en)
        self.shown, self.ja, self.en = shown, ja, en

    def message(self, lang: str = "ja") -> str:
        if lang == "en":
            return f"{self.shown}: the site cannot be written there ({self.en})"
        return f"{self.shown}: ここにはサイトを書き出せません（{self.ja}）"


def _real(path: Path) -> Path:
    """`path` with links resolved (its folder's, for a path that does not exist yet)."""
    return Path(os.path.realpath(path))


def _is_site(folder: Path) -> bool:
    """An empty folder, or one whose index.html zaitaku wrote."""
    try:
        if not any(folder.iterdir()):
            return True
        with open(folder / "index.html", "rb") as stream:
            return MARK in stream.read(4096)
    except OSError:
        return False


def inspect(directory: str, registry_root: Path) -> Path:
    """The real folder to write for DIR `directory`; raises SiteRefused (module docstring)."""
    shown = directory
    if not directory:
        raise SiteRefused(shown, "フォルダの名前が空です", "the folder name is empty")
    real = _real(Path(directory))
    root = _real(registry_root)
    if real == root or real.is_relative_to(root):
        raise SiteRefused(shown, "登録簿のフォルダの中です", "it is inside the registry folder")
    if root.is_relative_to(real):
        raise SiteRefused(shown, "登録簿のフォルダを含むフォルダです（サイトはフォルダごと置き換えます）",
                          "it holds the registry folder (the site replaces the whole folder)")
    if os.path.lexists(real) and not real.is_dir():
        raise SiteRefused(shown, "フォルダではなくファイルです", "it is a file, not a folder")
    if real.is_dir() and not _is_site(real):
        raise SiteRefused(shown, "空でなく、zaitaku が作ったサイトでもないフォルダです（サイトはフォルダごと置き換えます）。"
                                 "新しいフォルダの名前を指定してください",
                          "it is not empty and not a site zaitaku built (the site replaces the whole folder); "
                          "give a new folder's name")
    if not real.parent.is_dir():
        raise SiteRefused(shown, f"フォルダ {real.parent} がありません", f"the folder {real.parent} does not exist")
    return real


def write_site(pages: dict[str, bytes], real: Path, shown: str) -> None:
    """Write `pages` (relative path -> bytes) as the folder `real` (from inspect). Raises
    SiteRefused when writing fails; DIR is then as it was and no temporary folder is left."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.{os.getpid()}-", suffix=TEMPORARY_SUFFIX,
                                        dir=real.parent))
    except OSError as err:
        raise _failed(shown, err) from None
    try:
        _fill(staging, pages, real)
        _swap(staging, real)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise _failed(shown, err) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill(staging: Path, pages: dict[str, bytes], real: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    mode = real.stat().st_mode & 0o7777 if real.is_dir() else 0o777 & ~umask
    for name, data in pages.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.chmod(staging, mode)  # mkdtemp made it private; the site is for reading


def _swap(staging: Path, real: Path) -> None:
    """The new folder in place of the old (if any): two renames, the old removed afterwards."""
    if not real.exists():
        os.rename(staging, real)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{real.name}.{os.getpid()}-old-", suffix=TEMPORARY_SUFFIX, dir=real.parent))
    os.rmdir(old)  # only the unique name is wanted
    os.rename(real, old)
    try:
        os.rename(staging, real)
    except OSError:
        os.rename(old, real)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _failed(shown: str, err: OSError) -> SiteRefused:
    from zaitaku_cli.errors import os_error_text

    ja, en = os_error_text(err)
    return SiteRefused(shown, f"書き込めません：{ja}", f"cannot write: {en}")
