"""A registry at a git revision, for the history commands.

`load_checked(at=REV)` does the reading (from git objects; the working tree is never touched).
This module first makes sure the revision's objects are really present: in a shallow clone git
knows the id of a parent commit (`HEAD~1`) but not its content, and GitPython only fails when the
tree is read — that becomes a RevisionError (exit 2) with the advice to fetch the history. It also
tells "the revision has no registry yet" (a pull request that creates it) from a bad revision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from zaitaku_cli.load.git_source import RevisionError, open_repo, resolve_commit


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
    repo = open_repo(root.resolve())
    commit = resolve_commit(repo, rev)  # reads the commit object: this is where a shallow clone fails
    tree = commit.tree
    inside = root.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    try:
        has_registry = inside == "." or (tree / inside).type == "tree"  # a file of that name is no registry
    except KeyError:
        has_registry = False
    return Revision(rev, commit.hexsha, has_registry)


def registry_at(root: Path, rev: str, as_of: datetime.date):
    """(Registry or None when the revision has no registry, Revision). The revision's own
    findings are not reported: only its records are used."""
    from zaitaku_cli.check import SchemeInvalid, load_checked

    revision = resolve(root, rev)
    if not revision.has_registry:
        return None, revision
    try:
        registry, _ = load_checked(root, as_of, at=revision.hexsha)
    except SchemeInvalid as err:
        raise BaseUnusable(f"{revision.label} の prefecture.yaml を使えないため比較できません",
                           f"prefecture.yaml at {revision.label} is not usable, so nothing can be compared") from err
    return registry, revision
