"""Which files `zaitaku check PATH…` reports on, as pre-commit and CI scripts name them.

pre-commit runs the hook in the repository's top folder with every changed file that its
`files` pattern lets through, relative to that folder; it never passes a deleted file, but a
hand-written hook (`git diff --name-only`) does. So, for each PATH (relative to the current
folder, spaces and Japanese as they are):

- the registry folder, or a folder that holds it: the whole registry;
- a file or folder inside the registry: reported on. One that does not exist is named in a note
  (a deleted record is checked by `--base`, not here) and stays selected, so that a history
  finding about the deleted file is still reported;
- anything else (a workflow file, the README): skipped with one note. If nothing inside the
  registry is named there is nothing to check: exit 0, not a usage error, or a commit that
  touches only `.github/workflows/ci.yaml` would be blocked.

prefecture.yaml and reference/ are the rule set: a change there can break every record, so
naming one of them reports on the whole registry.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from zaitaku_cli.load.registry import is_housekeeping

SHOWN = 5  # outside paths named in the note; the rest are counted
RULE_SET = ("prefecture.yaml", "reference")  # inside the registry folder


@dataclass
class Selection:
    """`only`: a predicate on a finding's file (relative to the registry's parent), None for
    everything; `empty`: nothing inside the registry was named, so nothing is to be checked;
    `notes`: lines for stderr, Japanese / English."""

    only: Callable[[str], bool] | None = None
    empty: bool = False
    notes: list[str] = field(default_factory=list)


def select(paths, root: Path, cwd: Path | None = None) -> Selection:
    """The Selection for the command-line `paths` (str, relative to `cwd` or absolute) and the
    registry folder `root`. Never raises for a path that is missing or outside."""
    if not paths:
        return Selection()
    root = Path(root).resolve()
    cwd = Path(cwd or os.getcwd())
    wanted, outside, missing, rule_set, whole = [], [], [], [], False
    for p in paths:
        named = _absolute(p, cwd)
        if named == root or named in root.parents:
            whole = True
        elif not named.is_relative_to(root):
            outside.append(p)
        elif is_housekeeping(named.name):  # a README, .gitkeep: never read (cli notes it)
            continue
        else:
            wanted.append(named.relative_to(root.parent).as_posix())
            if _in_rule_set(wanted[-1]):
                rule_set.append(p)
            if not os.path.lexists(named):
                missing.append((p, named))
    notes = [_outside_note(outside, root, cwd)] if outside else []
    notes += [_missing_note(p, named) for p, named in missing]
    if whole:
        return Selection(notes=notes)
    if not wanted:
        notes.append("zaitaku: 登録簿の中のファイルが指定されていないため、検査するものはありません"
                     " / no file inside the registry was named: nothing to check")
        return Selection(empty=True, notes=notes)
    if rule_set:
        notes.append(f"zaitaku: {', '.join(rule_set)} は制度設定・参照データで、どの記録の検査結果も変わりうるため、"
                     f"登録簿全体について報告します / the rule set or reference data changed: reporting on the whole registry")
        return Selection(notes=notes)
    return Selection(only=_predicate(wanted), notes=notes)


def _absolute(p: str, cwd: Path) -> Path:
    """`p` made absolute without following a link at its end (a symlinked record is reported as
    a link), its folders resolved (so /tmp and /private/tmp, or a linked checkout, compare equal)."""
    named = Path(os.path.normpath(os.path.join(cwd, p)))
    return named.parent.resolve() / named.name if named.name else named.resolve()


def _predicate(wanted: list[str]) -> Callable[[str], bool]:
    exact = set(wanted)
    folders = tuple(w + "/" for w in wanted)

    def only(rel: str) -> bool:
        return rel in exact or rel.startswith(folders)

    return only


def _in_rule_set(rel: str) -> bool:
    parts = rel.split("/")  # registry/prefecture.yaml, registry/reference/…
    return len(parts) >= 2 and parts[1] in RULE_SET


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _outside_note(outside: list[str], root: Path, cwd: Path) -> str:
    names = ", ".join(outside[:SHOWN])
    more_ja = f" ほか {len(outside) - SHOWN} 件" if len(outside) > SHOWN else ""
    more_en = f" and {len(outside) - SHOWN} more" if len(outside) > SHOWN else ""
    where = _shown(root, cwd)
    return (f"zaitaku: 登録簿（{where}）の外のため検査しません: {names}{more_ja}"
            f" / outside the registry ({where}), not checked: {names}{more_en}")


def _missing_note(p: str, named: Path) -> str:
    note = (f"zaitaku: {p}: ファイルがありません（削除されたファイルは検査しません。指定の記録を消していないかは"
            f" --base で検査します）/ no such file (a deleted file is not checked; --base checks what a deletion loses)")
    guess = _close_name(named)
    if guess:
        note += f"\n  もしかして / did you mean: {os.path.join(os.path.dirname(p), guess)}"
    return note


def _close_name(named: Path) -> str | None:
    """The name of a file beside a missing one that is close to it (a typo on the command line)."""
    try:
        names = [e.name for e in os.scandir(named.parent)]
    except OSError:
        return None
    close = difflib.get_close_matches(named.name, names, n=1, cutoff=0.8)
    return close[0] if close else None
