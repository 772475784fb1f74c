"""Reading the registry as it was at a git revision, straight from git objects (GitPython):
nothing is checked out and the working tree is not touched. The result is the same RawRegistry
as a folder read, with the same relative paths and the same findings for files that are not read,
so every command can work `--at REV`.

Revision names are resolved by git itself (`git rev-parse`): GitPython's own parser does not know
the reflog forms (HEAD@{1}, @{-1}, HEAD@{yesterday}) and fails on them with exceptions of its own.
git's refusals (not a repository, a repository owned by another user) become a RevisionError
that says so, with git's advice."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

from zaitaku_cli.errors import UserError
from zaitaku_cli.load.document import Document, read_document
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import KINDS, SKIPPED_FOLDERS, RawRegistry, Unread, is_housekeeping

_SYMLINK_MODE = 0o120000
GIT_TIMEOUT = 120  # seconds: resolving a name is instant; a hung credential prompt is not

SHALLOW_ADVICE = ("このクローンは浅い（shallow）ため履歴がありません。`git fetch --unshallow`（または "
                  "`git fetch origin <ブランチ>`）で取得するか、CI では actions/checkout に `fetch-depth: 0` を指定してください。",
                  "This is a shallow clone without that history: fetch it (`git fetch --unshallow`, or "
                  "`git fetch origin <branch>`), or set `fetch-depth: 0` on actions/checkout in CI.")


class RevisionError(UserError):
    """The revision cannot be read (unknown, refused by git, or missing from a shallow clone): exit 2."""


def run_git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """`git ARGS` in `cwd` with its messages in English (so that its refusals can be recognised).
    RevisionError when git cannot be run at all."""
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise RevisionError("git が見つかりません。git をインストールしてください（git のリビジョンを読むのに使います）。",
                            "git is not installed; it is needed to read git revisions.") from None
    except (OSError, subprocess.SubprocessError) as err:
        raise RevisionError(f"git を実行できません（{err}）。", f"git cannot be run ({err}).") from None


def _quoted(path: str) -> str:
    """A path as a shell argument that cmd.exe, PowerShell and sh all read the same."""
    return f'"{path}"' if re.search(r"[^\w@%+=:,./-]", path) else path


def git_refusal(stderr: str, where: Path) -> RevisionError | None:
    """The RevisionError for git's refusal to work in `where` at all: not a repository, or one
    owned by another user ("dubious ownership", with the safe.directory advice); else None."""
    if "dubious ownership" in stderr:
        match = re.search(r"dubious ownership in repository at '(.*)'", stderr)
        repository = match.group(1) if match else str(where)
        command = f"git config --global --add safe.directory {_quoted(repository)}"
        return RevisionError(
            f"git がリポジトリ {repository} の読み込みを拒否しました。フォルダの所有者が今のユーザーと違うためです"
            f"（dubious ownership）。信頼できるフォルダなら、次を実行してから、もう一度実行してください: {command}",
            f"git refuses to read the repository {repository}: it is owned by another user (dubious "
            f"ownership). If you trust the folder, run this, then try again: {command}")
    if "not a git repository" in stderr:
        return RevisionError(f"{where}: git のリポジトリではありません", f"{where}: not a git repository")
    return None


def _git_says(stderr: str) -> str:
    """git's reason, one line (`fatal: ` dropped)."""
    lines = [line.removeprefix("fatal: ").strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith(("warning:", "hint:"))]
    return (errors or lines or [""])[-1]


def resolve_sha(where: Path, rev: str) -> str:
    """The id of the commit `rev` names, read by git itself (so every form git knows works:
    HEAD~1, main^, tags, HEAD@{1}, @{-1}, HEAD@{yesterday}, :/message). git's warnings (a reflog
    that does not reach back to the date asked for) are passed on to stderr.
    Raises RevisionError, with the shallow-clone advice where that explains it."""
    if not rev.strip() or "\0" in rev:
        raise RevisionError(f"リビジョン {rev!r} が見つかりません（空です）", f"revision {rev!r} not found (it is empty)")
    # The name alone first: `REV^{commit}` in one go would change what some names mean (`:/text`
    # would search for "text^{commit}"). Then the object it names, as a commit (a tag is peeled).
    proc = run_git(["rev-parse", "--verify", "--end-of-options", rev], where)
    if proc.returncode == 0:
        for line in proc.stderr.splitlines():
            if line.startswith("warning:"):
                sys.stderr.write(f"zaitaku: git: {line}\n")
        sha = proc.stdout.strip()
        peeled = run_git(["rev-parse", "--verify", "--end-of-options", f"{sha}^{{commit}}"], where)
        if peeled.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", peeled.stdout.strip()):
            return peeled.stdout.strip()
        if _shallow(where):  # a full id git knows of but does not have: a parent beyond a shallow clone
            raise RevisionError(f"リビジョン {rev!r}（{sha[:12]}）の内容がありません。{SHALLOW_ADVICE[0]}",
                                f"the content of revision {rev!r} ({sha[:12]}) is missing. {SHALLOW_ADVICE[1]}")
        raise RevisionError(f"リビジョン {rev!r} が見つかりません（コミットではありません）。"
                            "コミットを指すリビジョン名を指定してください。",
                            f"revision {rev!r} not found (it is not a commit); name a commit.")
    refused = git_refusal(proc.stderr, where)
    if refused is not None:
        raise refused
    said = _git_says(proc.stderr)
    said_ja, said_en = (f"（git: {said}）", f" (git: {said})") if said and said != "Needed a single revision" else ("", "")
    advice = SHALLOW_ADVICE if _shallow(where) else ("`git fetch` で取得するか、リビジョン名を確認してください。",
                                                     "Fetch it, or check the name.")
    raise RevisionError(f"リビジョン {rev!r} が見つかりません{said_ja}。{advice[0]}",
                        f"revision {rev!r} not found{said_en}. {advice[1]}")


def _shallow(where: Path) -> bool:
    return run_git(["rev-parse", "--is-shallow-repository"], where).stdout.strip() == "true"


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


def read_blobs(where: Path, shas) -> dict[str, bytes]:
    """The contents of the blobs `shas` (hex ids), read by one `git cat-file --batch` process in
    one pass: GitPython asks for each blob in a round trip of its own (measured: 3.7 s for 32,800
    blobs; one batch reads 16,404 in 0.13 s). A blob git does not have is left out (its reader
    then says why). Raises RevisionError when git cannot be run or refuses."""
    unique = list(dict.fromkeys(shas))
    if not unique:
        return {}
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(["git", "cat-file", "--batch"], cwd=where, env=env, capture_output=True,
                              input=("\n".join(unique) + "\n").encode("ascii"), timeout=GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as err:
        raise RevisionError(f"git を実行できません（{err}）。", f"git cannot be run ({err}).") from None
    if proc.returncode != 0:
        said = _git_says(proc.stderr.decode("utf-8", "replace"))
        raise RevisionError(f"git がファイルの内容を読めません（git: {said}）", f"git cannot read the files (git: {said})")
    out, data, pos = {}, proc.stdout, 0
    for sha in unique:  # "<sha> blob <size>\n<content>\n", or "<sha> missing\n"
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[sha] = data[pos:pos + size]
            pos += size + 1
    return out


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


def read_registry_at(root: Path, rev: str) -> RawRegistry:
    """The registry folder `root` (in the working tree) as it was at `rev`."""
    root = root.resolve()
    repo = open_repo(root)
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
