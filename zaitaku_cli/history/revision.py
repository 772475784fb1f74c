"""A registry at a git revision, for the history commands.

`load_checked(at=REV)` does the reading (from git objects; the working tree is never touched).
This module first makes sure the revision's objects are really present: in a shallow clone git
knows the id of a parent commit (`HEAD~1`) but not its content, and that is found only when the
commit is read — that becomes a RevisionError (exit 2) with the advice to fetch the history. It also
tells "the revision has no registry yet" (a pull request that creates it) from a bad revision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from zaitaku_cli.load.git_source import RevisionError, missing_content, resolve_sha, run_git, toplevel


class BaseUnusable(RevisionError):
    """The revision exists but its prefecture.yaml cannot be used, so nothing can be compared."""


@dataclass(frozen=True)
class Revision:
    rev: str  # as the user wrote it
    hexsha: str
    has_registry: bool  # False: the registry folder did not exist yet at this revision

    @property
    def label(self) -> str:
        """`origin/main (1a2b3c4)`, or the short id alone when the user gave an id."""
        short = self.hexsha[:7]
        return short if self.hexsha.startswith(self.rev.lower()) else f"{self.rev} ({short})"


def resolve(root: Path, rev: str) -> Revision:
    """The commit `rev` names, with its objects present (RevisionError otherwise)."""
    root = root.resolve()
    inside = root.relative_to(toplevel(root)).as_posix()
    sha = resolve_sha(root, rev)  # peels to the commit: this is where a shallow clone fails
    # `ls-tree` on the path alone: its kind, or nothing when the revision has no such path
    # (--literal-pathspecs: a folder named with * or ? is itself). A file of that name is no registry.
    args = ["--literal-pathspecs", "ls-tree", "--full-tree", "-z", sha] + (["--", inside] if inside != "." else [])
    proc = run_git(args, root)
    if proc.returncode != 0:
        raise missing_content(rev, sha)
    listed = dict(reversed(item.split("\t", 1)) for item in proc.stdout.split("\0") if "\t" in item)
    has_registry = inside == "." or listed.get(inside, "").split(" ")[1:2] == ["tree"]
    return Revision(rev, sha, has_registry)


def registry_at(root: Path, rev: str, as_of: datetime.date, today: datetime.date | None = None, memo=None,
                rules: str = "record", revision: Revision | None = None):
    """(Registry or None when the revision has no registry, Revision). The revision's own
    findings are not reported: only its records are used. `today`, `memo` and `rules` as for
    check.load_checked: a command that reads the working tree (or another revision) next gives
    both the same memo, dates and rules, and each record file the two sides share is checked
    once (the record rules run by default: the working tree's check then takes their findings).
    `revision`: resolve(root, rev), when the caller has it already."""
    from zaitaku_cli.check import SchemeInvalid, load_checked

    revision = revision or resolve(root, rev)
    if not revision.has_registry:
        return None, revision
    try:
        registry, _ = load_checked(root, as_of, at=revision.hexsha, today=today, memo=memo, rules=rules)
    except SchemeInvalid as err:
        raise BaseUnusable(f"{revision.label} の prefecture.yaml を使えないため比較できません",
                           f"prefecture.yaml at {revision.label} is not usable, so nothing can be compared") from err
    return registry, revision
