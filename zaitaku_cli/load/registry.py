"""Finding and reading a registry folder: prefecture.yaml, reference CSVs and record files.

Reading is separate from checking: this module returns Documents and problems; it never decides
what is valid beyond what a file must be to be read at all.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from zaitaku_cli.load.document import Document, read_document
from zaitaku_cli.load.problem import Problem

KINDS = ("zones", "institutions", "hubs")  # folder names; the singular is the record kind
KIND_OF_FOLDER = {"zones": "zone", "institutions": "institution", "hubs": "hub"}


class RegistryNotFound(Exception):
    """No registry folder, or no prefecture.yaml: nothing can be checked (exit 2)."""


def find_registry(start: Path | None = None, explicit: str | None = None) -> Path:
    if explicit:
        path = Path(explicit)
        if not (path / "prefecture.yaml").is_file():
            raise RegistryNotFound(f"{path}: prefecture.yaml がありません / has no prefecture.yaml")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "registry"
        if (candidate / "prefecture.yaml").is_file():
            return candidate
    raise RegistryNotFound(
        "registry/prefecture.yaml が現在のフォルダにも親フォルダにも見つかりません（--registry で指定できます）"
        " / no registry/prefecture.yaml in this folder or its parents (use --registry)")


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

    def read(self, name: str) -> bytes | None:
        if self.reader is not None:
            return self.reader(name)
        path = self.root / name
        if not _inside(path, self.root) or not path.is_file():
            return None
        return path.read_bytes()

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
        return Document(rel, None, None, [Problem("file-unreadable", 1, 1, {"detail": err.strerror})])
    return read_document(rel, data)


_STRAY_SUFFIXES = (".yml", ".YAML", ".json", ".txt")


def list_record_files(root: Path, folder: str) -> tuple[list[str], list[str]]:
    """Paths of (.yaml files, other files that look like misnamed records), in name order."""
    directory = root / folder
    if not directory.is_dir():
        return [], []
    records, stray = [], []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        name = entry.name
        if name.startswith(".") or not entry.is_file(follow_symlinks=False) and not entry.is_symlink():
            continue
        if name.endswith(".yaml"):
            records.append(entry.path)
        elif name.endswith(_STRAY_SUFFIXES) or os.path.splitext(name)[1] in ("", "."):
            stray.append(entry.path)
    return records, stray


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
    jobs = []
    for folder in KINDS:
        raw.documents[folder] = []
        if (root / folder).is_symlink() and not _inside(root / folder, root):
            target = os.readlink(root / folder)
            raw.problems.append(FileProblems(raw.rel(root / folder), [Problem("file-symlink", 1, 1, {"target": target})]))
            continue
        records, stray = list_record_files(root, folder)
        if overrides:
            listed = set(records)
            records += sorted(str(p) for p in overrides
                              if p.parent == root / folder and p.suffix == ".yaml" and str(p) not in listed)
        prefix = raw.rel(root / folder)
        jobs += [(folder, p, f"{prefix}/{os.path.basename(p)}") for p in records]
        for path in stray:
            suffix = os.path.splitext(path)[1] or "(なし)"
            raw.problems.append(FileProblems(raw.rel(Path(path)), [Problem("file-extension", 1, 1, {"suffix": suffix})]))
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
