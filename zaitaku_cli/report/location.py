"""Where a finding's file is for tools that open it from another folder: GitHub annotations and
SARIF name files relative to the repository's top folder, not to the registry's parent.

A finding's `file` is relative to the folder that holds `registry/` (DESIGN §3; text and JSON
keep that). With the registry in a subfolder (`道庁 地域医療課/北海道/registry/`) GitHub would put
an annotation `registry/…` on a file that does not exist, so these reporters prefix the path
from the workspace top to that folder. The top is, in order:

1. `GITHUB_WORKSPACE`, when the registry is inside it: the runner itself makes annotation paths
   relative to it, and `upload-sarif` resolves SARIF URIs against it;
2. the git top level: the nearest folder above the registry that holds `.git` (a folder, or a
   file in a worktree or submodule). Looked up on disk rather than with `git rev-parse`, which
   refuses a repository owned by another user (a CI container) and costs a process;
3. the current folder, when the registry is inside it.

Otherwise the path is absolute (a registry outside every candidate has no better name).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class Workspace:
    """`top`: the folder paths are relative to (None: none fits, paths are absolute);
    `base`: the folder that holds registry/, as an absolute POSIX path."""

    top: Path | None
    base: str

    def path(self, rel: str) -> str:
        """A finding's file (relative to the registry's parent) relative to `top`, with forward
        slashes; absolute when there is no top."""
        full = f"{self.base.rstrip('/')}/{rel}"
        if self.top is None:
            return full
        top = self.top.as_posix().rstrip("/")
        return full[len(top) + 1:] if full.startswith(top + "/") else full

    def uri(self, rel: str) -> str:
        """The RFC 3986 URI reference of a finding's file: relative to `top` and percent-encoded
        (spaces and Japanese as UTF-8 %XX), or an absolute file: URI when there is no top."""
        if self.top is None:
            return Path(self.path(rel)).as_uri()
        return quote(self.path(rel), safe="/")

    def top_uri(self) -> str | None:
        """`top` as a file: URI ending in "/" (SARIF's originalUriBaseIds needs the slash)."""
        return None if self.top is None else self.top.as_uri().rstrip("/") + "/"


def find_workspace(registry_root: Path, environ=None, cwd: Path | None = None) -> Workspace:
    """The Workspace for the registry folder `registry_root` (see the module's docstring).
    `environ` and `cwd` default to the process's own."""
    environ = os.environ if environ is None else environ
    root = Path(registry_root).resolve()
    base = root.parent
    for top in _candidates(root, environ, cwd):
        # top == root: the registry folder is itself the repository (prefecture.yaml at its top)
        if top == root or top in root.parents:
            return Workspace(top, base.as_posix())
    return Workspace(None, base.as_posix())


def _candidates(root: Path, environ, cwd):
    workspace = environ.get("GITHUB_WORKSPACE")
    if workspace:
        yield Path(workspace).resolve()
    top = git_top(root)
    if top is not None:
        yield top
    yield (cwd or Path.cwd()).resolve()


def git_top(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` that holds `.git` (None outside a repository)."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None
