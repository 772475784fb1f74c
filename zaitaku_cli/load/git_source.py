"""Reading the registry as it was at a git revision, straight from git objects (GitPython):
nothing is checked out and the working tree is not touched. The result is the same RawRegistry
as a folder read, with the same relative paths, so every command can work `--at REV`."""

from __future__ import annotations

from pathlib import Path

from zaitaku_cli.load.document import Document, read_document
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import KINDS, FileProblems, RawRegistry

_SYMLINK_MODE = 0o120000


class RevisionError(Exception):
    """The revision cannot be read (unknown, or missing from a shallow clone): exit 2."""


def open_repo(path: Path):
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise RevisionError(f"{path}: git のリポジトリではありません / not a git repository") from err


def resolve_commit(repo, rev: str):
    import git

    try:
        commit = repo.commit(rev)
        commit.tree  # reads the commit object: a shallow clone knows a parent's id, not its content
        return commit
    except (git.BadName, ValueError, git.GitCommandError) as err:
        shallow = Path(repo.git_dir, "shallow").exists()
        advice = ("このクローンは浅い（shallow）ため履歴がありません。`git fetch --unshallow` するか、"
                  "CI では actions/checkout に `fetch-depth: 0` を指定してください。"
                  " / This is a shallow clone: fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in CI)."
                  if shallow else
                  "`git fetch` で取得するか、リビジョン名を確認してください。 / Fetch it, or check the name.")
        raise RevisionError(f"リビジョン {rev!r} が見つかりません / revision {rev!r} not found. {advice}") from err


def read_registry_at(root: Path, rev: str) -> RawRegistry:
    """The registry folder `root` (in the working tree) as it was at `rev`."""
    root = root.resolve()
    repo = open_repo(root)
    commit = resolve_commit(repo, rev)
    inside = root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    try:
        tree = commit.tree / inside if inside != "." else commit.tree
    except KeyError as err:
        raise RevisionError(f"{rev}: {inside}/ がありません / has no {inside}/") from err
    base = root.parent

    def rel(name: str) -> str:
        return (root / name).relative_to(base).as_posix()

    def blob(name: str):
        try:
            item = tree / name
        except KeyError:
            return None
        return item if item.type == "blob" else None

    def read(name: str) -> bytes | None:
        item = blob(name)
        if item is None or item.mode == _SYMLINK_MODE:
            return None
        return item.data_stream.read()

    def document(name: str, item=None) -> Document:
        item = blob(name) if item is None else item
        if item is None:
            return Document(rel(name), None, None, [Problem("file-unreadable", 1, 1, {"detail": f"{rev}: no such file"})])
        if item.mode == _SYMLINK_MODE:
            target = item.data_stream.read().decode("utf-8", "replace")
            return Document(rel(name), None, None, [Problem("file-symlink", 1, 1, {"target": target})])
        return read_document(rel(name), item.data_stream.read())

    raw = RawRegistry(root, base, document("prefecture.yaml"), {}, reader=read)
    for folder in KINDS:
        try:
            sub = tree / folder
        except KeyError:
            raw.documents[folder] = []
            continue
        # The folder's blobs straight from its tree: a path lookup (`tree / "institutions/x.yaml"`)
        # re-reads the whole folder's tree each time, quadratic in the number of records.
        blobs = sorted(sub.blobs, key=lambda b: b.name)
        names = [b.name for b in blobs]
        raw.documents[folder] = [document(f"{folder}/{b.name}", b) for b in blobs if b.name.endswith(".yaml")]
        for n in names:
            if not n.endswith(".yaml") and not n.startswith("."):
                suffix = Path(n).suffix
                if suffix in (".yml", ".YAML", ".json", ".txt", ""):
                    raw.problems.append(FileProblems(rel(f"{folder}/{n}"), [Problem("file-extension", 1, 1, {"suffix": suffix or "(なし)"})]))
    return raw
