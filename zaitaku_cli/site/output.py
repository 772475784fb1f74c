"""Writing the site's folder so that a failed build never leaves half a site, and never a file
of someone else's is lost.

Every page is built in memory first (site.build_site); the files then go into a new folder
beside DIR (`.zaitaku-site-<random>`), with MANIFEST listing them, and only when all are written
is the old DIR moved aside and the new one renamed into its place (two renames; the old folder
is then removed). A failure or an interrupt before the swap removes the new folder and leaves
DIR as it was; one between the two renames puts the old folder back.

Refused (SiteRefused, exit 2 in the command), before anything is written: DIR is a file (or
anything but a folder); DIR is inside the registry, or holds it (replacing it would delete the
registry); DIR exists and holds any file that the last build did not write (the files not in its
MANIFEST, named in the message: a CNAME, a memo, a page exported by hand, .git): the whole folder
is replaced, so only what zaitaku wrote may be in it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from zaitaku_cli.errors import UserError
from zaitaku_cli.writers.html import GENERATOR

TEMPORARY_PREFIX = ".zaitaku-site-"  # short and fixed: a long DIR name must not make it too long
MANIFEST = ".zaitaku-site"  # the files the build wrote, one relative path a line
MANIFEST_HEAD = (f"# {GENERATOR} site: the files below were written by `zaitaku site`, which replaces this folder "
                 "whole; a file not listed here stops the next build\n")
SHOWN_FOREIGN = 5


class SiteRefused(UserError):
    """DIR may not be written; `shown` is DIR as given, `ja`/`en` say why."""

    def __init__(self, shown: str, ja: str, en: str):
        super().__init__(f"{shown}: ここにはサイトを書き出せません（{ja}）", f"{shown}: the site cannot be written there ({en})")
        self.shown = shown


def _real(path: Path) -> Path:
    """`path` with links resolved (its folder's, for a path that does not exist yet)."""
    return Path(os.path.realpath(path))


def _foreign_files(folder: Path) -> list[str]:
    """The files in `folder` that the last build did not write (all of them when there is no
    MANIFEST), folders aside, sorted; [] for an empty folder or an untouched site."""
    try:
        written = set((folder / MANIFEST).read_text(encoding="utf-8").splitlines()[1:])
    except FileNotFoundError:
        written = set()
    except (OSError, UnicodeDecodeError):  # unreadable: nothing in the folder counts as written
        written = set()
    present = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()]
    return sorted(name for name in present if name != MANIFEST and name not in written)


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
    if real.is_dir():
        _refuse_foreign(real, shown)
    if not real.parent.is_dir():
        raise SiteRefused(shown, f"フォルダ {real.parent} がありません", f"the folder {real.parent} does not exist")
    return real


def _refuse_foreign(real: Path, shown: str) -> None:
    try:
        foreign = _foreign_files(real)
    except OSError as err:
        raise _failed(shown, err) from None
    if not foreign:
        return
    names = "、".join(foreign[:SHOWN_FOREIGN]) + (f" ほか{len(foreign) - SHOWN_FOREIGN}件" if len(foreign) > SHOWN_FOREIGN else "")
    names_en = ", ".join(foreign[:SHOWN_FOREIGN]) + (f" and {len(foreign) - SHOWN_FOREIGN} more"
                                                     if len(foreign) > SHOWN_FOREIGN else "")
    raise SiteRefused(shown, f"zaitaku が書き出していないファイルがあります（{names}）。サイトはフォルダごと置き換えるため、"
                             "これらは消えてしまいます。別の場所に移すか、新しいフォルダの名前を指定してください",
                      f"it holds files zaitaku did not write ({names_en}); the site replaces the whole folder, so they "
                      "would be lost: move them elsewhere, or give a new folder's name")


def write_site(pages: dict[str, bytes], real: Path, shown: str) -> None:
    """Write `pages` (relative path -> bytes) as the folder `real` (from inspect). Raises
    SiteRefused when writing fails; DIR is then as it was and no temporary folder is left."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=real.parent))
    except OSError as err:  # the new site is made beside DIR: its folder must take a new folder
        raise _failed(shown, err, real.parent) from None
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
    (staging / MANIFEST).write_text(MANIFEST_HEAD + "".join(f"{name}\n" for name in sorted(pages)), encoding="utf-8")
    os.chmod(staging, mode)  # mkdtemp made it private; the site is for reading


def _swap(staging: Path, real: Path) -> None:
    """The new folder in place of the old (if any): two renames, the old removed afterwards."""
    if not real.exists():
        os.rename(staging, real)
        return
    old = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX + "old-", dir=real.parent))
    os.rmdir(old)  # only the unique name is wanted
    os.rename(real, old)
    try:
        os.rename(staging, real)
    except BaseException:  # a failure or Ctrl-C between the renames: the old site goes back
        if not os.path.lexists(real):
            os.rename(old, real)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _failed(shown: str, err: OSError, beside: Path | None = None) -> SiteRefused:
    from zaitaku_cli.errors import os_error_text

    ja, en = os_error_text(err)
    if beside is not None:
        return SiteRefused(shown, f"サイトは隣に新しいフォルダとして作ってから置き換えるため、フォルダ {beside} に書き込める"
                                  f"必要がありますが、書き込めません：{ja}",
                           f"the site is built as a new folder beside it and then swapped in, so the folder {beside} "
                           f"must be writable, and it is not: {en}")
    return SiteRefused(shown, f"書き込めません：{ja}", f"cannot write: {en}")
