"""Reading the registry as it was at a git revision, straight from git objects: nothing is
checked out and the working tree is not touched. One `git ls-tree` lists the revision's registry
folder and one `git cat-file --batch` reads its files (a GitPython object per entry cost more than
parsing them). The result is the same RawRegistry
as a folder read, with the same relative paths and the same findings for files that are not read,
so every command can work `--at REV`.

Revision names are resolved by git itself (`git rev-parse`): GitPython's own parser does not know
the reflog forms (HEAD@{1}, @{-1}, HEAD@{yesterday}) and fails on them with exceptions of its own
(GitPython is no longer used here at all).
git's refusals (not a repository, a repository owned by another user) become a RevisionError
that says so, with git's advice."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

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


_PEELED: dict[tuple[str, str], str] = {}  # (folder, full object id) -> its commit: ids never change
_TOPLEVEL: dict[str, Path] = {}  # folder -> the top of its working tree, once git has named it


def resolve_sha(where: Path, rev: str) -> str:
    """The id of the commit `rev` names, read by git itself (so every form git knows works:
    HEAD~1, main^, tags, HEAD@{1}, @{-1}, HEAD@{yesterday}, :/message). git's warnings (a reflog
    that does not reach back to the date asked for) are passed on to stderr.
    Raises RevisionError, with the shallow-clone advice where that explains it."""
    known = _PEELED.get((str(where), rev))
    if known is not None:  # a full id this process resolved already (a revision is read in steps)
        return known
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
            commit = peeled.stdout.strip()
            _PEELED[(str(where), commit)] = commit
            if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", rev):
                _PEELED[(str(where), rev)] = commit
            return commit
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


_REPLACED: dict[str, bool] = {}  # top of a working tree -> whether it has replace refs


def ids_name_content(where: Path) -> bool:
    """Whether the id `git ls-tree` lists for a file names the bytes `git cat-file` gives for it:
    not where replace refs (`git replace`) may put another object's content in its place, as
    cat-file does. The warm cache and the memo know files by those ids. Once a process per
    repository; a repository git cannot answer for counts as having them."""
    if os.environ.get("GIT_NO_REPLACE_OBJECTS"):
        return True
    top = str(toplevel(where))
    if top not in _REPLACED:
        base = os.environ.get("GIT_REPLACE_REF_BASE") or "refs/replace/"
        proc = run_git(["for-each-ref", "--count=1", "--format=%(refname)", base], where)
        _REPLACED[top] = proc.returncode != 0 or bool(proc.stdout.strip())
    return not _REPLACED[top]


def _shallow(where: Path) -> bool:
    return run_git(["rev-parse", "--is-shallow-repository"], where).stdout.strip() == "true"


def read_blobs(where: Path, shas) -> dict[str, bytes]:
    """The contents of the blobs `shas` (hex ids), read by one `git cat-file --batch` process in
    one pass: GitPython asks for each blob in a round trip of its own (measured: 3.7 s for 32,800
    blobs; one batch reads 16,404 in 0.13 s). A blob git does not have is left out (its reader
    then says why). Raises RevisionError when git cannot be run or refuses."""
    batch = CatFile(where)
    try:
        return batch.read(shas)
    finally:
        batch.close()


class CatFile:
    """One `git cat-file --batch` process, asked in rounds (`read`) until `close`: a revision's
    scheme and reference files first, then the records that are not known already, without a
    process for each round. Closing ends it (git stops at the end of its input)."""

    def __init__(self, where: Path):
        self.where = where
        self._proc = None

    def _start(self):
        env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}
        try:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.where, env=env,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as err:
            raise RevisionError(f"git を実行できません（{err}）。", f"git cannot be run ({err}).") from None
        return self._proc

    def read(self, shas) -> dict[str, bytes]:
        """{sha: bytes} of the blobs `shas`; one git does not have is left out. The ids are
        written by a thread while the answers are read here: neither pipe can fill and stop git."""
        import threading

        unique = list(dict.fromkeys(shas))
        if not unique:
            return {}
        proc = self._proc or self._start()
        request = ("\n".join(unique) + "\n").encode("ascii")
        writer = threading.Thread(target=_write_request, args=(proc.stdin, request), daemon=True)
        writer.start()
        out, stream = {}, proc.stdout
        try:
            for sha in unique:  # "<sha> blob <size>\n<content>\n", or "<sha> missing\n"
                header = stream.readline().split()
                if not header:  # git stopped: it says why on its error stream
                    writer.join()
                    said = _git_says(proc.stderr.read().decode("utf-8", "replace"))
                    self.close()
                    raise RevisionError(f"git がファイルの内容を読めません（git: {said}）",
                                        f"git cannot read the files (git: {said})")
                if len(header) == 3:
                    data = stream.read(int(header[2]) + 1)[:-1]
                    if header[1] == b"blob":
                        out[sha] = data
        finally:
            writer.join()
        return out

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            try:
                stream.close()
            except OSError:  # its reader left (a broken pipe): nothing to flush
                pass
        try:
            proc.wait(timeout=GIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _write_request(stream, request: bytes) -> None:
    try:
        stream.write(request)
        stream.flush()
    except (OSError, ValueError):  # git stopped early: the reader says why
        pass


def toplevel(path: Path) -> Path:
    """The top folder of the git working tree that holds `path` (RevisionError when there is
    none, or git refuses to work there)."""
    known = _TOPLEVEL.get(str(path))
    if known is not None:
        return known
    proc = run_git(["rev-parse", "--show-toplevel"], path)
    if proc.returncode != 0 or not proc.stdout.strip():
        said = _git_says(proc.stderr)
        raise git_refusal(proc.stderr, path) or RevisionError(
            f"{path}: git のリポジトリを開けません（git: {said}）",
            f"{path}: the git repository cannot be opened (git: {said})")
    top = _TOPLEVEL[str(path)] = Path(proc.stdout.strip()).resolve()
    return top


class Entry(NamedTuple):
    """One entry of a git tree, as `git ls-tree` lists it."""

    mode: int  # 0o100644, 0o100755, 0o120000 (a link), 0o040000 (a folder), 0o160000 (a submodule)
    kind: str  # "blob", "tree" or "commit" (a submodule)
    sha: str


def missing_content(rev: str, sha: str) -> RevisionError:
    """A commit git names but whose trees it lacks: a shallow clone's boundary (or a damaged
    repository)."""
    return RevisionError(f"リビジョン {rev!r}（{sha[:12]}）の内容がありません。{SHALLOW_ADVICE[0]}",
                         f"the content of revision {rev!r} ({sha[:12]}) is missing. {SHALLOW_ADVICE[1]}")


def list_tree(where: Path, rev: str, sha: str, inside: str) -> tuple[str | None, dict[str, Entry]]:
    """What commit `sha` holds at `inside` (a folder path from the top of the repository, "."
    for the top itself), in one `git ls-tree -r -t -z`: (the kind of `inside` itself — "tree",
    "blob", "commit" — or None when there is no such path, {path under `inside`: Entry} with
    every file and folder below it). -z: names come as they are (core.quotePath would escape
    Japanese ones); --literal-pathspecs: a name with * or ? means itself. Raises RevisionError."""
    args = ["--literal-pathspecs", "ls-tree", "-r", "-t", "-z", "--full-tree", sha]
    if inside != ".":
        args += ["--", inside]
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(["git", *args], cwd=where, env=env, capture_output=True, timeout=GIT_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as err:
        raise RevisionError(f"git を実行できません（{err}）。", f"git cannot be run ({err}).") from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace")
        raise git_refusal(stderr, where) or missing_content(rev, sha)
    own, prefix, entries = ("tree" if inside == "." else None), inside + "/", {}
    for item in proc.stdout.split(b"\0"):
        meta, _, name = item.partition(b"\t")
        if not name:
            continue
        mode, kind, object_id = meta.decode("ascii").split(" ")
        path = name.decode("utf-8", "surrogateescape")  # as GitPython named a path that is not UTF-8
        if inside == ".":
            entries[path] = Entry(int(mode, 8), kind, object_id)
        elif path == inside:
            own = kind
        elif path.startswith(prefix):
            entries[path[len(prefix):]] = Entry(int(mode, 8), kind, object_id)
    return own, entries


class Blob:
    """A file of the registry at a revision: its mode, its id and its bytes (None when git does
    not have them; a link's bytes are its target). A job's `path` for load.registry.read_records:
    its bytes are read when it is to be read (fetch_blobs), so that a record the other side of a
    diff already read is never asked of git."""

    __slots__ = ("mode", "sha", "data", "source")

    def __init__(self, mode: int, sha: str, data: bytes | None = None, source: CatFile | None = None):
        self.mode, self.sha, self.data = mode, sha, data
        self.source = source  # the batch to read it from, until it is read

    @property
    def is_link(self) -> bool:
        return self.mode == _SYMLINK_MODE


def fetch_blobs(blobs) -> None:
    """Read the bytes of the `blobs` not read yet, in one round of their batch, and close it."""
    pending = [b for b in blobs if b.source is not None]
    for source in {id(b.source): b.source for b in pending}.values():
        mine = [b for b in pending if b.source is source]
        try:
            found = source.read(b.sha for b in mine)
        finally:
            source.close()
        for blob in mine:
            blob.data, blob.source = found.get(blob.sha), None


def fetching(load):
    """`load(items, root)` for read_records that reads the blobs of `items` first (before the
    reading worker is forked: it reads them from memory)."""
    def run(items, root):
        fetch_blobs([path for _, path, _ in items])
        return load(items, root)

    return run


def read_blob(blob: Blob, rel: str, rev: str = "") -> Document:
    """The Document of one file at a revision: a link is a file-symlink finding (its target is
    not followed, as a link out of the registry in a folder read); a file git lacks (a partial
    clone that cannot fetch it) is file-unreadable."""
    if blob.is_link:
        target = (blob.data or b"").decode("utf-8", "replace")
        return Document(rel, None, None, [Problem("file-symlink", 1, 1, {"target": target})])
    if blob.data is None:
        return Document(rel, None, None, [Problem("file-unreadable", 1, 1, {
            "detail": f"{rev} の内容を git から読めません", "detail_en": f"{rev}: git does not have its content"})])
    return read_document(rel, blob.data)


class _Tree:
    """The registry's folder at a revision, from its listing: entries by path, and each folder's
    entries by name."""

    def __init__(self, entries: dict[str, Entry]):
        self.entries = entries
        self.children: dict[str, list[tuple[str, Entry]]] = {}
        for path, entry in entries.items():
            parent, _, name = path.rpartition("/")
            self.children.setdefault(parent, []).append((name, entry))

    def blobs(self, folder: str) -> list[tuple[str, Entry]]:
        return [(name, e) for name, e in self.children.get(folder, ()) if e.kind == "blob"]

    def trees(self, folder: str) -> list[str]:
        return [name for name, e in self.children.get(folder, ()) if e.kind == "tree"]

    def blob(self, path: str) -> Entry | None:
        entry = self.entries.get(path)
        return entry if entry is not None and entry.kind == "blob" else None


def _is_record_name(name: str) -> bool:
    return name.endswith(".yaml") and not name.startswith(".")


def _wanted(tree: _Tree) -> list[str]:
    """The blobs read with the listing, before the records: prefecture.yaml, every link (its
    target says whether it is a folder link) and the CSV files outside the record folders (the
    reference data the scheme names; any other file it names is read when asked)."""
    wanted = []
    for path, entry in tree.entries.items():
        if entry.kind == "blob" and (entry.mode == _SYMLINK_MODE or path == "prefecture.yaml"
                                     or path.split("/", 1)[0] not in KINDS and path.lower().endswith(".csv")):
            wanted.append(entry.sha)
    return wanted


def open_registry_at(root: Path, rev: str) -> tuple[RawRegistry, list]:
    """The registry folder `root` (in the working tree) as it was at `rev`, as
    load.registry.open_registry gives a folder: (raw registry with prefecture.yaml read and the
    unread files named, jobs [(kind folder, Blob, rel)] for read_records, with `fetching` and
    `read_blob`). One `git ls-tree` lists it; one `git cat-file --batch` reads the scheme's files
    now and the records when they are fetched. Raises RevisionError."""
    root = root.resolve()
    top = toplevel(root)
    sha = resolve_sha(root, rev)
    inside = root.relative_to(top).as_posix()
    own, entries = list_tree(root, rev, sha, inside)
    if own is None:
        raise RevisionError(f"{rev}: {inside}/ がありません", f"{rev}: has no {inside}/")
    if own != "tree":  # a file (or a link) of that name, not a folder
        raise RevisionError(f"{rev}: {inside} はフォルダではありません", f"{rev}: {inside} is not a folder")
    tree = _Tree(entries)
    batch = CatFile(root)
    contents = batch.read(_wanted(tree))
    prefix = root.name + "/"  # finding paths are relative to the registry's parent folder

    def read(name: str) -> bytes | None:
        entry = tree.blob(name)
        if entry is None or entry.mode == _SYMLINK_MODE:
            return None
        if entry.sha not in contents:  # a file the first round did not foresee
            contents.update(batch.read([entry.sha]))
        return contents.get(entry.sha)

    scheme = tree.blob("prefecture.yaml")
    if scheme is None:
        prefecture = Document(prefix + "prefecture.yaml", None, None, [Problem("file-unreadable", 1, 1, {
            "detail": f"{rev} にありません", "detail_en": f"{rev}: no such file"})])
    else:
        prefecture = read_blob(Blob(scheme.mode, scheme.sha, contents.get(scheme.sha)), prefix + "prefecture.yaml", rev)
    raw = RawRegistry(root, root.parent, prefecture, {folder: [] for folder in KINDS}, reader=read, closer=batch.close)
    links = {e.sha: contents.get(e.sha, b"") for e in entries.values() if e.mode == _SYMLINK_MODE}
    raw.unread = _unread(tree, links)
    jobs = []
    for folder in KINDS:
        if folder not in tree.trees(""):  # no such folder, or a link (named as unread above)
            continue
        # Python's name order (the folder read's), not git's: they differ where a name is a prefix
        for name, e in sorted((name, e) for name, e in tree.blobs(folder) if _is_record_name(name)):
            blob = Blob(e.mode, e.sha, links.get(e.sha)) if e.mode == _SYMLINK_MODE else Blob(e.mode, e.sha, source=batch)
            jobs.append((folder, blob, f"{prefix}{folder}/{name}"))
    return raw, jobs


def _unread(tree: _Tree, links: dict[str, bytes]) -> list[Unread]:
    """Every file under the registry that no record is read from, as the folder walk names them
    (load.registry.list_registry): not prefecture.yaml, the records, housekeeping, nor a link to
    a folder inside the registry (its target is walked as itself). Folders named .git or as
    housekeeping are not walked, but in a kind folder (as the GitPython walk did)."""
    unread = []
    pending = [name for name in tree.trees("") if name not in SKIPPED_FOLDERS and not is_housekeeping(name)]
    for name, entry in tree.blobs(""):
        if name != "prefecture.yaml" and not is_housekeeping(name) and not _folder_link("", entry, tree, links):
            unread.append(Unread(name))
    while pending:
        folder = pending.pop()
        prefix, kind_folder = folder + "/", folder in KINDS
        for name, entry in tree.blobs(folder):
            if (kind_folder and _is_record_name(name) or not kind_folder and name in SKIPPED_FOLDERS
                    or is_housekeeping(name) or _folder_link(prefix, entry, tree, links)):
                continue
            unread.append(Unread(prefix + name))
        pending += [prefix + name for name in tree.trees(folder)
                    if kind_folder or name not in SKIPPED_FOLDERS and not is_housekeeping(name)]
    unread.sort(key=lambda u: u.name)
    return unread


def _folder_link(prefix: str, entry: Entry, tree: _Tree, links: dict[str, bytes]) -> bool:
    """A link to a folder inside the registry: the folder walk skips it (its target is listed as
    itself). Git cannot tell a link to a folder outside from one to a file: both are named."""
    if entry.mode != _SYMLINK_MODE:
        return False
    target = posixpath.normpath(posixpath.join(prefix, links.get(entry.sha, b"").decode("utf-8", "replace")))
    if target.startswith(("../", "/")) or target in ("..", "."):
        return target == "."
    found = tree.entries.get(target)
    return found is not None and found.kind == "tree"
