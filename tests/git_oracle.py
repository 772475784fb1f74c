"""The reading of a git revision as it was before issue 16 (GitPython trees, blob by blob for
links), kept here as the oracle the bulk reading (load.git_source: one ls-tree, one cat-file) is
compared with: the same documents, values, problems and unread files on every revision."""

from __future__ import annotations

import posixpath
from pathlib import Path

from zaitaku_cli.load.document import Document, read_document
from zaitaku_cli.load.git_source import SHALLOW_ADVICE, RevisionError, git_refusal, read_blobs, resolve_sha, run_git
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import KINDS, SKIPPED_FOLDERS, RawRegistry, Unread, is_housekeeping

_SYMLINK_MODE = 0o120000


def _git_says(stderr: str) -> str:
    lines = [line.removeprefix("fatal: ").strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith(("warning:", "hint:"))]
    return (errors or lines or [""])[-1]


def open_repo(path: Path):
    """The GitPython repository that holds `path`, once git itself has agreed to work there."""
    proc = run_git(["rev-parse", "--show-toplevel"], path)
    if proc.returncode != 0:
        raise git_refusal(proc.stderr, path) or RevisionError(
            f"{path}: git のリポジトリを開けません（git: {_git_says(proc.stderr)}）",
            f"{path}: the git repository cannot be opened (git: {_git_says(proc.stderr)})")
    try:
        import git
    except ImportError as err:  # GitPython missing, or it cannot find git
        raise RevisionError(f"git のリビジョンを読むには GitPython が必要です（{err}）",
                            f"reading git revisions needs GitPython ({err})") from None
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise RevisionError(f"{path}: git のリポジトリではありません", f"{path}: not a git repository") from err


def resolve_commit(repo, rev: str):
    """The GitPython commit `rev` names, its object read (RevisionError otherwise)."""
    import git
    from gitdb.exc import ODBError

    sha = resolve_sha(Path(repo.working_tree_dir or repo.git_dir), rev)
    try:
        commit = repo.commit(sha)
        commit.tree  # reads the commit object: a shallow clone knows a parent's id, not its content
        return commit
    except (git.BadName, ValueError, ODBError, git.GitCommandError) as err:
        raise RevisionError(f"リビジョン {rev!r}（{sha[:12]}）の内容がありません。{SHALLOW_ADVICE[0]}",
                            f"the content of revision {rev!r} ({sha[:12]}) is missing. {SHALLOW_ADVICE[1]}") from err


def _unread_names(tree, prefix: str, unread: list, top) -> None:
    """Every blob under `tree` as Unread (its files, and its subfolders' files), as the folder walk
    lists them (load.registry.list_registry). `top`: the registry's tree."""
    for item in tree.blobs:
        if item.name not in SKIPPED_FOLDERS and not is_housekeeping(item.name) and not _folder_link(item, prefix, top):
            unread.append(Unread(prefix + item.name))
    for sub in tree.trees:
        if sub.name not in SKIPPED_FOLDERS and not is_housekeeping(sub.name):
            _unread_names(sub, f"{prefix}{sub.name}/", unread, top)


def _folder_link(item, prefix: str, top) -> bool:
    """A link to a folder inside the registry: the folder walk skips it (its target is listed as
    itself). Git cannot tell a link to a folder outside from one to a file: both are named."""
    if item.mode != _SYMLINK_MODE:
        return False
    target = posixpath.normpath(posixpath.join(prefix, item.data_stream.read().decode("utf-8", "replace")))
    if target.startswith(("../", "/")) or target in ("..", "."):
        return target == "."
    try:
        return (top / target).type == "tree"
    except KeyError:
        return False


OPENED: list = []


def close_all() -> None:
    """End the persistent git processes of every repository the oracle opened (GitPython keeps
    `cat-file --batch` running): a test leaves no child process behind."""
    while OPENED:
        OPENED.pop().close()


def read_registry_at(root: Path, rev: str) -> RawRegistry:
    """The registry folder `root` (in the working tree) as it was at `rev`."""
    root = root.resolve()
    repo = open_repo(root)
    OPENED.append(repo)  # its git processes are ended by close_all(), once the test is done with it
    commit = resolve_commit(repo, rev)
    inside = root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    try:
        tree = commit.tree / inside if inside != "." else commit.tree
    except KeyError as err:
        raise RevisionError(f"{rev}: {inside}/ がありません", f"{rev}: has no {inside}/") from err
    if tree.type != "tree":  # a file (or a link) of that name, not a folder
        raise RevisionError(f"{rev}: {inside} はフォルダではありません", f"{rev}: {inside} is not a folder")
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

    contents: dict[str, bytes] = {}  # the records' blobs, read in one batch below

    def document(name: str, item=None) -> Document:
        item = blob(name) if item is None else item
        if item is None:
            return Document(rel(name), None, None, [Problem("file-unreadable", 1, 1, {
                "detail": f"{rev} にありません", "detail_en": f"{rev}: no such file"})])
        if item.mode == _SYMLINK_MODE:
            target = item.data_stream.read().decode("utf-8", "replace")
            return Document(rel(name), None, None, [Problem("file-symlink", 1, 1, {"target": target})])
        data = contents.get(item.hexsha)
        return read_document(rel(name), item.data_stream.read() if data is None else data)

    raw = RawRegistry(root, base, document("prefecture.yaml"), {}, reader=read)
    for item in tree.blobs:
        if item.name != "prefecture.yaml" and not is_housekeeping(item.name) and not _folder_link(item, "", tree):
            raw.unread.append(Unread(item.name))
    record_blobs = [b for sub in tree.trees if sub.name in KINDS for b in sub.blobs
                    if b.name.endswith(".yaml") and not b.name.startswith(".") and b.mode != _SYMLINK_MODE]
    contents.update(read_blobs(root, [b.hexsha for b in record_blobs]))
    for sub in tree.trees:
        if sub.name in SKIPPED_FOLDERS or is_housekeeping(sub.name):
            continue
        if sub.name not in KINDS:
            _unread_names(sub, f"{sub.name}/", raw.unread, tree)
            continue
        # The folder's blobs straight from its tree: a path lookup (`tree / "institutions/x.yaml"`)
        # re-reads the whole folder's tree each time, quadratic in the number of records.
        blobs = sorted(sub.blobs, key=lambda b: b.name)
        raw.documents[sub.name] = [document(f"{sub.name}/{b.name}", b) for b in blobs
                                   if b.name.endswith(".yaml") and not b.name.startswith(".")]
        raw.unread += [Unread(f"{sub.name}/{b.name}") for b in blobs
                       if not (b.name.endswith(".yaml") and not b.name.startswith("."))
                       and not is_housekeeping(b.name) and not _folder_link(b, f"{sub.name}/", tree)]
        for nested in sub.trees:
            _unread_names(nested, f"{sub.name}/{nested.name}/", raw.unread, tree)
    for folder in KINDS:
        raw.documents.setdefault(folder, [])
    raw.documents = {folder: raw.documents[folder] for folder in KINDS}  # the folder read's order
    raw.unread.sort(key=lambda u: u.name)
    return raw
