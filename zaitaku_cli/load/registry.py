"""Finding and reading a registry folder: prefecture.yaml, reference CSVs and record files.

Reading is separate from checking: this module returns Documents and problems; it never decides
what is valid beyond what a file must be to be read at all.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from zaitaku_cli.errors import UserError, os_error_text
from zaitaku_cli.load.document import Document, read_document
from zaitaku_cli.load.problem import Problem

KINDS = ("zones", "institutions", "hubs", "grants")  # folder names; the singular is the record kind
KIND_OF_FOLDER = {"zones": "zone", "institutions": "institution", "hubs": "hub", "grants": "grant"}


class RegistryNotFound(UserError):
    """No registry folder, no prefecture.yaml, or a folder that cannot be searched: nothing can be
    checked (exit 2)."""


def _has_scheme(folder: Path) -> bool:
    """folder/prefecture.yaml exists. RegistryNotFound when the folder cannot be searched (its
    permissions), which is not the same as "no registry here"."""
    try:
        os.stat(folder / "prefecture.yaml")
        return True
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as err:
        ja, en = os_error_text(err)
        raise RegistryNotFound(f"{folder}: フォルダを読み込めません（{ja}）。フォルダのアクセス権を確かめてください。",
                               f"{folder}: the folder cannot be read ({en}); check its permissions.") from None


def find_registry(start: Path | None = None, explicit: str | None = None) -> Path:
    if explicit:
        path = Path(explicit)
        if not _has_scheme(path):
            raise RegistryNotFound(f"{path}: prefecture.yaml がありません", f"{path}: has no prefecture.yaml")
        return path.resolve()
    try:
        here = (start or Path.cwd()).resolve()
    except OSError as err:  # the current folder was deleted or cannot be read
        ja, en = os_error_text(err)
        raise RegistryNotFound(f"現在のフォルダを読み込めません（{ja}）", f"the current folder cannot be read ({en})") from None
    for folder in (here, *here.parents):
        candidate = folder / "registry"
        if _has_scheme(candidate):
            return candidate
    raise RegistryNotFound(
        "registry/prefecture.yaml が現在のフォルダにも親フォルダにも見つかりません（--registry で指定できます）",
        "no registry/prefecture.yaml in this folder or its parents (use --registry)")


@dataclass
class FileProblems:
    rel: str
    problems: list[Problem]


@dataclass
class RawRegistry:
    """What was read, before any validation."""

    root: Path  # the registry folder
    base: Path  # the folder that holds it; finding paths are relative to this
    prefecture: Document
    documents: dict[str, list[Document]]  # kind folder -> documents
    csv_files: dict[str, tuple[str, list[dict]]] = field(default_factory=dict)  # name -> (rel, rows)
    problems: list[FileProblems] = field(default_factory=list)
    reader: object = None  # name inside the registry -> bytes or None (a file, or a git blob)
    closer: object = None  # ends what `reader` holds open (a revision's git cat-file process)
    unread: list = field(default_factory=list)  # [Unread]: files listed that no record is read from
    consumed: set = field(default_factory=set)  # what read() was asked for (see _consumed_key)
    reads: dict = field(default_factory=dict)  # name -> the bytes read() returned (the cache's and memo's key)

    def close(self) -> None:
        """End what the reader holds open; read() may start it again (a git batch restarts)."""
        if self.closer is not None:
            self.closer()

    def read(self, name: str) -> bytes | None:
        """The bytes of the file `name` (inside the registry, e.g. reference/municipalities.csv),
        or None when there is no such file. OSError when it exists but cannot be read."""
        self.consumed.add(self._consumed_key(name))
        data = self.reads[name] = self._read(name)
        return data

    def peek(self, name: str) -> bytes | None:
        """read() without counting the file as read (its bytes as a cache's key: prefecture.yaml's
        at a revision, read already). OSError as read()."""
        return self._read(name)

    def _read(self, name: str) -> bytes | None:
        if self.reader is not None:
            return self.reader(name)
        path = self.root / name
        if not _inside(path, self.root):
            return None
        try:
            with open(path, "rb") as file:
                return file.read()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def _consumed_key(self, name: str) -> str:
        """The same key for a name read and the same file listed: its real path in a folder (a
        link inside the registry reads its target), the normalised name in a git tree."""
        if self.reader is not None:
            return posixpath.normpath(name)
        return os.path.realpath(self.root / name)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.base).as_posix()

    @property
    def file_count(self) -> int:
        return 1 + sum(len(d) for d in self.documents.values()) + len(self.csv_files)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def read_file(path, rel: str, root: Path, overrides=None) -> Document:
    """One file as a Document. `path` may be a str or a Path (plain os calls: this runs per record)."""
    if overrides and Path(path).resolve() in overrides:  # an edit being checked before it is written
        return read_document(rel, overrides[Path(path).resolve()])
    if os.path.islink(path) and not _inside(Path(path), root):
        target = os.readlink(path)
        return Document(rel, None, None, [Problem("file-symlink", 1, 1, {"target": target})])
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as err:
        ja, en = os_error_text(err)
        return Document(rel, None, None, [Problem("file-unreadable", 1, 1, {"detail": ja, "detail_en": en})])
    return read_document(rel, data)


# Files a registry may hold that are not data, so not named when they are not read: git's and
# the operating systems' housekeeping, documentation (README, *.md), and what an editor keeps
# beside a file while it is open (lock, swap and backup files: a check run meanwhile must not
# fail on them). Every other file under registry/ that is not read is named (unread_problems).
EDIT_LOCK = ".zaitaku-lock"  # edit.lock's lock file: there while an edit runs (or after one was killed)
HOUSEKEEPING = frozenset({".gitkeep", ".keep", ".gitignore", ".gitattributes", ".DS_Store", "Thumbs.db",
                          "desktop.ini", EDIT_LOCK})
EDITOR_PREFIXES = (".#", ".~lock.", "~$")  # Emacs, LibreOffice and Microsoft Office lock files
SKIPPED_FOLDERS = frozenset({".git"})  # a registry kept as a repository (or submodule) of its own
TEMPORARY_SUFFIX = ".zaitaku-tmp"  # edit.atomic's staging files: .<name>.<random>.zaitaku-tmp


def is_housekeeping(name: str) -> bool:
    """Whether `name` (a file or folder name) is housekeeping, documentation or an editor's file."""
    lower = name.lower()
    return (name in HOUSEKEEPING or lower == "readme" or lower.startswith("readme.") or lower.endswith(".md")
            or name.startswith(EDITOR_PREFIXES) or name.endswith("~")
            or name.startswith(".") and lower.endswith((".swp", ".swo")))


@dataclass(frozen=True)
class Unread:
    """A file under the registry that no record is read from (reference files among them until
    the scheme names them). `what`: "file", "special" (a pipe, a device), "link" (a link to a
    folder outside the registry, not followed) or "folder" (a folder that cannot be listed;
    `detail` = (Japanese, English) why)."""

    name: str  # inside the registry, with forward slashes: "institutions/archive/x.yaml"
    what: str = "file"
    detail: tuple = ()


def _by_name(entry) -> str:
    return entry.name


def list_registry(root: Path) -> tuple[dict[str, list[str]], list[Unread]]:
    """One walk of the registry folder: ({kind folder: paths of the record files directly in it,
    `<name>.yaml` in name order}, every other file but prefecture.yaml and housekeeping).

    Links are followed only for the record files and kind folders themselves (open_registry and
    read_file report those that point outside); a link to a folder elsewhere is not walked: one
    inside the registry leads to a folder walked anyway, one outside is named. A folder that cannot
    be listed is named, with why."""
    records: dict[str, list[str]] = {folder: [] for folder in KINDS}
    unread: list[Unread] = []
    pending = [("", str(root))]  # (name prefix inside the registry, folder path)
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=_by_name)
        except OSError as err:
            unread.append(Unread(prefix.rstrip("/"), "folder", os_error_text(err)))
            continue
        found = records.get(prefix[:-1]) if prefix.count("/") == 1 else None  # a kind folder's own list
        for entry in entries:
            name = entry.name
            if (found is not None and name.endswith(".yaml") and name[0] != "."
                    and (entry.is_file(follow_symlinks=False) or entry.is_symlink())):
                found.append(entry.path)  # the hot path: one test per record file
                continue
            _list_other(prefix, entry, root, pending, unread)
    unread.sort(key=lambda u: u.name)
    return records, unread


def _list_other(prefix: str, entry, root: Path, pending: list, unread: list) -> None:
    """Anything in a registry folder but a record file: walked, skipped or listed as unread."""
    name, full = entry.name, prefix + entry.name
    if full == "prefecture.yaml" or name in SKIPPED_FOLDERS or is_housekeeping(name):
        return
    if entry.is_symlink() and entry.is_dir():
        if not prefix and name in KINDS:
            if _inside(Path(entry.path), root):
                pending.append((full + "/", entry.path))  # a kind folder linked within the registry
        elif not _inside(Path(entry.path), root):
            unread.append(Unread(full, "link"))  # inside: its target is walked as itself
        return
    if entry.is_dir(follow_symlinks=False):
        pending.append((full + "/", entry.path))
    elif entry.is_file() or entry.is_symlink():  # a dangling link is named as a file
        unread.append(Unread(full))
    else:
        unread.append(Unread(full, "special"))


YAML_SUFFIXES = (".yaml", ".yml")  # any case: what an officer's record file may end in


def unread_problems(raw: RawRegistry) -> list[FileProblems]:
    """A finding for each file under the registry that nothing is read from (raw.unread, less the
    reference files the scheme read): a YAML file is most likely a lost record (an error: its
    designation would be missing from every table and rule), anything else a stray file."""
    prefix = raw.rel(raw.root)
    out, read = [], None
    for item in raw.unread:
        if item.what == "file" and raw._consumed_key(item.name) in raw.consumed:
            continue
        if read is None:  # the records' names, for "x.yml beside x.yaml": only when a file is unread
            read = {doc.rel[len(prefix) + 1:] for docs in raw.documents.values() for doc in docs}
        problem = _unread_problem(item, read, raw.root.name)
        out.append(FileProblems(f"{prefix}/{item.name}" if item.name else prefix, [problem]))
    return out


def _unread_problem(item: Unread, read: set[str], registry: str) -> Problem:
    """The finding for one unread file: why it is not read and what to do, in the officer's words."""
    if item.what == "folder":
        return Problem("folder-unreadable", 1, 1, {"detail": item.detail[0], "detail_en": item.detail[1]})
    parts = item.name.split("/")
    base, folder = parts[-1], parts[0] if len(parts) > 1 else ""
    if base.startswith(".") and base.endswith(TEMPORARY_SUFFIX):  # .<name>.<random>.zaitaku-tmp
        return Problem("file-temporary", 1, 1, {"original": base[1:-len(TEMPORARY_SUFFIX)].rsplit(".", 1)[0]})
    stem, suffix = os.path.splitext(base)
    if item.what == "file" and suffix.lower() in YAML_SUFFIXES:
        return Problem("record-not-read", 1, 1, _lost_record(parts, stem, suffix, read, registry))
    words = {"registry": registry}
    if item.what == "file" and folder in KINDS and len(parts) == 2:
        return Problem("file-extension", 1, 1, {
            "suffix": suffix, "which": f"拡張子が {suffix} の" if suffix else "拡張子のない",
            "which_en": f"Files ending in {suffix}" if suffix else "Files without an extension"})
    if item.what == "link":
        reason = ("{registry}/ の外のフォルダへのリンクで、辿らない", "a link to a folder outside {registry}/, not followed")
        advice = ("中のファイルが必要なら {registry}/ の中にコピーしてください。", "Copy what is needed into {registry}/.")
    elif item.what == "special":
        reason = ("名前付きパイプやデバイスで、通常のファイルでない", "a pipe or a device, not a regular file")
        advice = ("{registry}/ の外に移してください。", "Move it out of {registry}/.")
    elif suffix.lower() == ".csv":
        reason = ("prefecture.yaml の reference: に書かれていない参照データ",
                  "reference data that prefecture.yaml `reference:` does not name")
        advice = ("使うなら prefecture.yaml の reference: に加え、使わないなら削除するか {registry}/ の外に移してください。",
                  "Name it under reference: in prefecture.yaml to use it; "
                  "otherwise delete it or move it out of {registry}/.")
    else:
        reason = ("記録・prefecture.yaml・参照データのどれでもない", "neither a record, prefecture.yaml nor reference data")
        advice = ("登録簿のデータでなければ {registry}/ の外に移してください。", "If it is not registry data, move it out of {registry}/.")
    return Problem("file-not-read", 1, 1, {"reason": reason[0].format(**words), "reason_en": reason[1].format(**words),
                                           "advice": advice[0].format(**words), "advice_en": advice[1].format(**words)})


def _lost_record(parts: list[str], stem: str, suffix: str, read: set[str], registry: str) -> dict:
    """Why a YAML file is not read as a record, and where it should be (record-not-read params)."""
    folder = parts[0] if len(parts) > 1 else ""
    name = stem.lstrip(".").lower() + ".yaml"
    if folder in KINDS and len(parts) == 2:
        target = f"{folder}/{name}"
        if parts[-1].startswith("."):
            reason = ("名前が「.」で始まる隠しファイル", "its name begins with a dot (a hidden file)")
        else:
            reason = (f"拡張子が小文字の .yaml でなく {suffix}", f"it ends in {suffix}, not .yaml in lower case")
        if target in read:
            advice = (f"同じ名前の {target} が既にあります。どちらが正しいか確かめ、もう一方を削除してください。",
                      f"{target} exists as well: keep the right one and delete the other.")
        else:
            advice = (f"記録ならファイル名を {name} にしてください。", f"If it is a record, rename it to {name}.")
    elif folder in KINDS:
        sub = "/".join(parts[1:-1])
        reason = (f"{folder}/ の中のフォルダ {sub}/ にある", f"it is in the subfolder {sub}/ of {folder}/")
        advice = (f"記録は {folder}/ の直下に置きます（{folder}/{name}）。", f"Records go directly in {folder}/ ({folder}/{name}).")
        if f"{folder}/{name}" in read:  # moving it there would replace the record that is read
            advice = (f"同じ名前の {folder}/{name} が既にあり、読み込まれています。移さずに内容を見比べ、"
                      "必要なことをその記録に書いてから、このファイルを削除してください。",
                      f"{folder}/{name} exists and is read: do not move this file over it; compare the two, "
                      "write what is needed into that record, then delete this file.")
        elif folder != "zones":
            advice = (advice[0] + "指定を取り消した・辞退した記録も、移したり消したりせず、designation.status を withdrawn"
                                  " にして残します。",
                      advice[1] + " A withdrawn designation stays there too, with designation.status: withdrawn.")
    else:
        where = f"{folder}/ は記録のフォルダでない" if folder else f"{registry}/ の直下にある"
        where_en = f"{folder}/ is not a record folder" if folder else f"it is directly in {registry}/"
        reason = (where, where_en)
        folders = "・".join(f"{k}/" for k in KINDS)
        advice = (f"記録は {folders} のいずれかの直下に置きます。記録でなければ {registry}/ の外に移してください。",
                  f"Records go directly in {', '.join(f'{k}/' for k in KINDS)}; move anything else out of {registry}/.")
    return {"reason": reason[0], "reason_en": reason[1], "advice": advice[0], "advice_en": advice[1]}


def read_csv(data: bytes, rel: str) -> tuple[list[dict], list[Problem]]:
    """Rows as dicts with their 1-based line number under '_line'."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return [], [Problem("reference-invalid", 1, 1, {"detail": f"{rel}: {err}"})]
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    try:
        for row in reader:
            row["_line"] = reader.line_num
            rows.append(row)
    except csv.Error as err:
        return rows, [Problem("reference-invalid", reader.line_num + 1, 1, {"detail": f"{rel}: {err}"})]  # the line being read
    return rows, []


def open_registry(root: Path, overrides: dict | None = None) -> tuple[RawRegistry, list]:
    """prefecture.yaml read, and the record files listed: (raw registry, jobs for read_records).
    The checker reads the scheme in between, so that each record can be checked where it is read.

    `overrides` maps paths to bytes that replace (or add) a file's content, so that an edit can be
    checked against the whole registry before anything is written."""
    root = root.resolve()
    base = root.parent
    overrides = {Path(p).resolve(): data for p, data in (overrides or {}).items()}
    prefecture = read_file(root / "prefecture.yaml", (root / "prefecture.yaml").relative_to(base).as_posix(), root, overrides)
    raw = RawRegistry(root, base, prefecture, {})
    listed, raw.unread = list_registry(root)
    jobs = []
    for folder in KINDS:
        raw.documents[folder] = []
        if (root / folder).is_symlink() and not _inside(root / folder, root):
            target = os.readlink(root / folder)
            raw.problems.append(FileProblems(raw.rel(root / folder), [Problem("file-symlink", 1, 1, {"target": target})]))
            continue
        records = listed[folder]
        if overrides:
            known = set(records)
            records += sorted(str(p) for p in overrides
                              if p.parent == root / folder and p.suffix == ".yaml" and str(p) not in known)
        prefix = raw.rel(root / folder)
        jobs += [(folder, p, f"{prefix}/{os.path.basename(p)}") for p in records]
    return raw, jobs


def read_records(raw: RawRegistry, jobs: list, load=None, overrides: dict | None = None) -> None:
    """The listed record files into raw.documents, in job order. `load([(folder, path, rel)], root)`
    may read them in parallel (and check them where they are read); it returns Documents in job
    order. Overridden files are read here, from `overrides`."""
    overridden = {str(Path(p).resolve()) for p in (overrides or {})}
    plain = [j for j in jobs if j[1] not in overridden]
    loaded = iter(load(plain, raw.root) if load else [read_file(p, rel, raw.root) for _, p, rel in plain])
    resolved = {Path(p).resolve(): data for p, data in (overrides or {}).items()}
    for folder, path, rel in jobs:  # overridden files are read here, in job order
        doc = read_file(path, rel, raw.root, resolved) if path in overridden else next(loaded)
        raw.documents[folder].append(doc)
