"""The warm cache: what reading, validating and checking each record file yielded, kept between
runs (like ruff's and mypy's), so that an unchanged file is not parsed again.

Where: `.zaitaku_cache/` beside the registry folder (the folder that holds registry/), or the
folder named by ZAITAKU_CACHE_DIR. It holds its own `.gitignore` (`*`) and a CACHEDIR.TAG, so git
and backup tools skip it without touching the user's files. ZAITAKU_NO_CACHE=1 or `--no-cache`
turn it off (nothing read, nothing written).

What is kept comes in two levels. What reading and schema validation make of a file depends
only on its bytes and the code, so it is kept per *code* (zaitaku's version and the names,
sizes and mtimes of its own code and schemas, the Python, PyYAML and jsonschema-rs builds):

- `<code>.docs`: {(relative path, git blob id): the file's Document state without its finding
  rows} — the plain values, problems, schema problems and lossy flag that load.document and
  validate.schema produced (the text dropped for a clean file). A blob id is git's (sha1 of
  b"blob <size>\\0" + bytes), so the ids `git ls-tree` prints can be looked up too. It
  survives a new day, scheme or reference data: a file kept here is never parsed again, only
  checked (check.check_records).

The record rules' rows depend on the scheme, the reference data and the dates too; they and
the rest are kept per *context* (the code, prefecture.yaml's and the reference files' bytes,
as_of and today), in two files:

- `<context>.states`: {(relative path, git blob id): the file's finding rows (marshalled)}.
- `<context>.index`: {path: (st_ino, st_size, st_mtime_ns, st_ctime_ns, blob id)} for
  the working tree's record files, and the last complete result (every finding, before any
  `only` filter) with the digest of everything it was computed from. A new context takes the
  stats and blob ids (not the result) of the most recently written index.

A file whose stat is unchanged is a hit without being read; an entry is kept only if the file's
mtime and ctime were older than RACY_NS when it was read (git's "racy" rule: a change made within
the same clock tick leaves the stat as it was). Otherwise the file is read and hashed and looked
up by blob id (the CI path: a fresh clone has new stats, the same bytes).

Revisions read from git (`diff REV [REV]`, `check --base REV`: RunCache.for_revision) use both
levels too, by the blob ids `git ls-tree` lists (nothing is hashed; a clean file's text is
decoded from its blob, not read from a path). They, and a load of the working tree that runs
fewer rules than `check` (its rows are not all of a check's), write only the code's level, and
only add to it what they parsed; a plain check of the working tree keeps it to its own files.

Every cache file starts with a header holding a CRC-32 of its payload, checked before marshal reads
it (a check against damage, as zip and PNG make it; blake2b took 18 ms on a national registry's 13
MiB, crc32 3 ms); anything wrong (truncated, garbage, another format, another shape) and the file
is ignored and written again. Files are written whole (a temporary file renamed over the old one:
concurrent runs leave one complete file, the last writer's) and never through a link. A folder that
cannot be made or written means no cache, never an error. Only the KEEP most recently written
contexts stay (as_of defaults to today: a new context every day), and the `.docs` of the KEEP_CODE
most recently written codes; each `.docs` and `.states` file is written with only the entries its
run used, so neither grows with files long gone.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
import zlib
from pathlib import Path

from zaitaku_cli.load import document  # loaded already: cache is imported by check.load_checked

FOLDER = ".zaitaku_cache"
KEEP = 5  # contexts kept
KEEP_CODE = 2  # code levels (.docs) kept
GROWTH = 2  # a code level that grows (revisions read) holds at most this many times the files a run used
RACY_NS = 2_000_000_000  # a stat within this of reading is not trusted (FAT's 2 s mtime included)
_MAGIC = b"zaitaku-cache\n"
_FORMAT = 3  # bump when a payload's shape (or the header's checksum) changes; 2 had blake2b
_DIGEST = 16  # bytes of blake2b in the code's identity
_CHECKSUM = 4  # bytes of the payload's CRC-32 in the header
_HEADER = len(_MAGIC) + 1 + _CHECKSUM
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_STALE_TEMP_S = 600  # a temporary file this old was left by a run that was killed


def blob_id(data: bytes) -> str:
    """git's object id of a blob with these bytes (hex), as `git ls-tree` and `git hash-object` print it."""
    digest = hashlib.sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def disabled_by_user() -> bool:
    """ZAITAKU_NO_CACHE set (not "" or "0"), or `--no-cache` given to the running command."""
    if os.environ.get("ZAITAKU_NO_CACHE", "") not in ("", "0"):
        return True
    click = sys.modules.get("click")
    context = click.get_current_context(silent=True) if click is not None else None
    return bool(context is not None and context.meta.get(NO_CACHE_META))


NO_CACHE_META = "zaitaku.no_cache"  # set in click's context by commands.options.no_cache_option


def cache_folder(base: Path) -> Path:
    """The cache folder for a registry whose folder is in `base`: ZAITAKU_CACHE_DIR, or base/.zaitaku_cache."""
    explicit = os.environ.get("ZAITAKU_CACHE_DIR")
    return Path(explicit) if explicit else base / FOLDER


def _checksum(payload) -> bytes:
    return zlib.crc32(payload).to_bytes(_CHECKSUM, "little")


class Store:
    """One cache folder: named files, each a marshalled value behind a checksummed header."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._ready: bool | None = None

    def load(self, name: str):
        """The value saved as `name`, or None when there is none or it cannot be trusted."""
        try:
            fd = os.open(self.folder / name, os.O_RDONLY | _NOFOLLOW | _BINARY)
            with os.fdopen(fd, "rb") as file:
                data = file.read()
        except (OSError, ValueError):
            return None
        if len(data) < _HEADER or not data.startswith(_MAGIC) or data[len(_MAGIC)] != _FORMAT:
            return None
        payload = memoryview(data)[_HEADER:]
        if _checksum(payload) != data[len(_MAGIC) + 1:_HEADER]:
            return None
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def save(self, name: str, value) -> bool:
        """Write `value` as `name` whole (temporary file, then rename); False when it cannot be."""
        try:
            payload = marshal.dumps(value)
        except ValueError:  # a value marshal cannot carry
            return False
        return self._prepared() and self._write(name, [_MAGIC, bytes([_FORMAT]), _checksum(payload), payload])

    def names(self) -> list[str]:
        try:
            return [entry.name for entry in os.scandir(self.folder)]
        except OSError:
            return []

    def remove(self, name: str) -> None:
        try:
            os.unlink(self.folder / name)
        except OSError:
            pass

    def _prepared(self) -> bool:
        """The folder exists as a real folder (never a link), with its .gitignore and CACHEDIR.TAG."""
        if self._ready is None:
            self._ready = self._prepare()
        return self._ready

    def _prepare(self) -> bool:
        try:
            os.makedirs(self.folder, exist_ok=True)  # ZAITAKU_CACHE_DIR may name a folder not made yet
        except OSError:  # a file in the way, no permission
            return False
        try:
            if not stat.S_ISDIR(os.lstat(self.folder).st_mode):
                return False  # a file or a link in the way: no cache
        except OSError:
            return False
        for name, text in ((".gitignore", b"# zaitaku's cache: never committed\n*\n"), ("CACHEDIR.TAG", _TAG)):
            if not os.path.lexists(self.folder / name) and not self._write(name, [text]):
                return False
        return True

    def _write(self, name: str, parts: list) -> bool:
        temporary = self.folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o666)
            with os.fdopen(fd, "wb") as file:
                for part in parts:
                    file.write(part)
            os.replace(temporary, self.folder / name)  # a rename replaces a link, never writes through it
            return True
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            return False


_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
        b"# This file is a cache directory tag created by zaitaku.\n"
        b"# For information about cache directory tags see https://bford.info/cachedir/\n")


_CODE: list[bytes] = []


def code_identity() -> bytes:
    """What zaitaku's own results depend on besides the registry: its version, the names, sizes
    and mtimes of its modules and schemas (an edited checkout never reads another code's
    results), the Python and the parsing libraries' builds. Once a process."""
    if _CODE:
        return _CODE[0]
    import yaml

    from zaitaku_cli import __version__
    from zaitaku_cli.validate.schema import schema_dir

    package = Path(__file__).resolve().parent
    seen = [__version__, sys.version, sys.implementation.cache_tag, marshal.version, yaml.__version__,
            yaml.__with_libyaml__]
    for folder, subfolders, files in os.walk(package):
        subfolders.sort()
        seen += [_file_identity(os.path.join(folder, f), package) for f in sorted(files) if f.endswith((".py", ".json"))]
    schemas = schema_dir()
    if package not in schemas.parents:
        seen += [_file_identity(str(p), schemas) for p in sorted(schemas.glob("*.json"))]
    for module in ("yaml._yaml", "jsonschema_rs", "yaml_rs"):  # compiled parts (yaml_rs: the values read): their builds
        try:
            file = getattr(sys.modules.get(module) or __import__(module, fromlist=["_"]), "__file__", None)
        except ImportError:  # yaml_rs missing: load.document reads everything with libyaml
            file = None
        seen.append(_file_identity(file, Path(file).parent) if file else module)
    _CODE.append(hashlib.blake2b(repr(seen).encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest())
    return _CODE[0]


def _file_identity(path: str, relative_to: Path) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        return (path, None)
    return (os.path.relpath(path, relative_to), info.st_size, info.st_mtime_ns)


def _blob(data: bytes) -> bytes:
    """blob_id's 20 bytes (what the cache keeps)."""
    digest = hashlib.sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.digest()


def _stat(info) -> tuple:
    """What says a file is unchanged: inode, size, mtime and ctime (a write or a utime sets ctime)."""
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _stats(paths: list[str]) -> list:
    """_stat of each path (not following a link), None where there is none. The hot loop of a
    warm run: one lstat a file."""
    out, lstat = [], os.lstat
    append = out.append
    for path in paths:
        try:
            info = lstat(path)
        except (OSError, ValueError):
            append(None)
            continue
        append((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return out


class Note:
    """What reading one file taught: its blob id and stat, when it was read, and, for a file
    checked in this run, its finding rows (`found`) and, if it was parsed too, its state
    (`state`), both marshalled, to keep."""

    __slots__ = ("rel", "blob", "stat", "read_ns", "state", "found")

    def __init__(self, rel: str, blob: bytes, stat_key: tuple | None, read_ns: int, state: bytes | None = None,
                 found: bytes | None = None):
        self.rel, self.blob, self.stat, self.read_ns, self.state, self.found = rel, blob, stat_key, read_ns, state, found

    def plain(self) -> tuple:
        return self.rel, self.blob, self.stat, self.read_ns, self.state, self.found

    def trusted_stat(self) -> tuple | None:
        """Its stat if it may stand for its bytes next time (git's racy rule: a stat taken within
        RACY_NS of the file's last change could stay the same after another change in the same
        clock tick; such a file is read and hashed again next time)."""
        newest = self.read_ns - RACY_NS
        return self.stat if self.stat[2] < newest and self.stat[3] < newest else None


def _read_bytes(path: str, rel: str) -> tuple[bytes, Note] | None:
    """A regular file's bytes and its Note (stat of the open file, taken before reading: a change
    while it is read moves the ctime past the note's time); None for a link or an error. One
    open that refuses a link (O_NOFOLLOW), one fstat, one read: a plain open() costs an lstat
    more, and an fstat of its own to size its buffer."""
    if not _NOFOLLOW and os.path.islink(path):  # no O_NOFOLLOW (Windows): ask first
        return None
    read_ns = time.time_ns()
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except (OSError, ValueError):  # a link (ELOOP), gone, no permission: read_file says which
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        data = os.read(fd, info.st_size + 1)
        while len(data) > info.st_size:  # it grew since the fstat: read to its end (a later check sees the ctime)
            more = os.read(fd, 1 << 20)
            if not more:
                break
            data += more
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    return data, Note(rel, _blob(data), _stat(info), read_ns)


class RunCache:
    """The cache as one load of a working-tree registry uses it (check.load_checked):

    1. open(): prefecture.yaml's bytes, read here once and handed to open_registry (the key is
       then the bytes parsed);
    2. start(), after the scheme and reference files are read: the context, its index, and the
       blob id of every record file whose stat is unchanged (one lstat each, nothing read);
    3. whole_result(): the stored findings when nothing that decides them changed (check only);
    4. loader(): record files whose state is kept come from the cache, the rest are read (in
       parallel.py, through read(): hashed, looked up by blob id, else parsed and checked);
    5. finish(): writes what changed, unless the run checked an edit being tried (`overrides`);
       with `adds_only` (a revision, or fewer rules than check's), only the files it parsed.

    Any failure inside turns the cache off for the run: it never changes a result or raises."""

    def __init__(self, store: Store, root: Path, scheme_path: Path, scheme: bytes, writes: bool):
        self.store, self.root, self.scheme_path, self.scheme, self.writes = store, root, scheme_path, scheme, writes
        self.context = ""
        self.notes: dict[str, Note] = {}  # rel -> what reading it taught (this run)
        self.whole_hit = False
        self._jobs: list = []
        self._blobs: list = []  # per job: its blob (20 bytes) when known without parsing
        self._now: list = []  # per job: its stat now
        self._index: dict = {}
        self._states: dict | None = None  # (rel, blob) -> finding rows, loaded when needed
        self._docs: dict | None = None  # (rel, blob) -> state without rows (the code's level)
        self._touched: dict = {}  # (rel, blob) -> finding rows: used or added by get/put
        self._touched_docs: dict = {}  # (rel, blob) -> state: used or added by get/put
        self._position: dict = {}  # rel -> index of its job
        self._listing = b""
        self.revision: str | None = None  # a revision read from git (for_revision), not the working tree
        self.adds_only = False  # writes only what it parsed, to the code's level (see finish)
        self.shared: dict | None = None  # levels loaded by another load in this command (memo.RecordMemo.cache_levels)

    @classmethod
    def open(cls, root: Path, overrides=None, wanted: bool | None = None) -> RunCache | None:
        """The cache for loading the registry at `root`, or None (turned off, or prefecture.yaml
        cannot be read here: the load then reports it as it always does). `overrides` other than
        record files turn it off; record files overridden are never read from or written to it,
        and a run with overrides writes nothing."""
        if wanted is False or wanted is None and disabled_by_user():
            return None
        root = root.resolve()
        kinds = {root / folder for folder in ("zones", "institutions", "hubs", "grants")}
        if any(Path(p).resolve().parent not in kinds for p in overrides or {}):
            return None
        scheme_path = root / "prefecture.yaml"
        read = _read_bytes(str(scheme_path), "")
        if read is None:
            return None
        return cls(Store(cache_folder(root.parent)), root, scheme_path, read[0], writes=not overrides)

    @classmethod
    def for_revision(cls, root: Path, raw, rev: str, wanted: bool | None = None) -> RunCache | None:
        """The cache for the registry at `root` as it was at `rev` (raw: open_registry_at's),
        or None. Its files are known by the blob ids git lists, so nothing is hashed; a file the
        code's level keeps is not parsed, one this context's level keeps is not checked either.
        It writes only the code's level, adding what it parsed (see finish)."""
        if wanted is False or wanted is None and disabled_by_user():
            return None
        try:
            scheme = raw.peek("prefecture.yaml")
        except Exception:  # noqa: BLE001 - git gone meanwhile, say: no cache; the load says what is wrong
            scheme = None
        if scheme is None:
            return None
        run = cls(Store(cache_folder(root.resolve().parent)), root, root / "prefecture.yaml", scheme, writes=True)
        run.revision, run.adds_only = rev, True
        return run

    def scheme_overrides(self, overrides) -> dict:
        """`overrides` for open_registry, prefecture.yaml's bytes (those of the key) among them."""
        return {**(overrides or {}), self.scheme_path: self.scheme}

    def start(self, raw, jobs, as_of, today) -> bool:
        """The context (see the module's docstring) and the record files known by their stat.
        False when the cache cannot be used for this run."""
        try:
            self._start(raw, jobs, as_of, today)
            return True
        except Exception:  # noqa: BLE001 - a cache that misbehaves is not used, never fatal
            return False

    def _start(self, raw, jobs, as_of, today) -> None:
        reads = sorted((name, None if data is None else _blob(data)) for name, data in raw.reads.items())
        until = as_of if today is None or today < as_of else today  # all `today` decides (Registry.decisions_until)
        seen = (code_identity(), as_of.isoformat(), until.isoformat(), _blob(self.scheme), reads)
        self.context = hashlib.blake2b(repr(seen).encode(), digest_size=12).hexdigest()
        consumed = sorted(os.path.relpath(key, self.root) for key in raw.consumed)
        unread = [(u.name, u.what, u.detail) for u in raw.unread]
        problems = [(fp.rel, fp.problems) for fp in raw.problems]
        listing = (raw.rel(raw.root), raw.root.name, consumed, unread, problems, [rel for _, _, rel in jobs])
        self._listing = repr(listing).encode("utf-8", "surrogatepass")
        self._jobs, paths = jobs, [path for _, path, _ in jobs]
        self._position = {rel: i for i, (_, _, rel) in enumerate(jobs)}
        if self.revision is not None:  # git's blobs: their ids are listed, a link is never kept
            self._now = [None] * len(jobs)
            self._blobs = [None if blob.is_link or len(blob.sha) != 40 else bytes.fromhex(blob.sha) for blob in paths]
            return
        self._blobs = [None] * len(jobs)
        self._now = [None] * len(jobs)  # a first run (no index) reads every file: its note has the stat
        index = self.store.load(f"{self.context}.index")
        if _index_shape(index):
            self._index = index
        else:  # a new context (a new day): the files' stats and blobs are those of the last run
            index = self._latest_index()
            if index is None:
                return
        self._now = _stats(paths)
        old_stats, old_blobs = index["stats"], index["blobs"]
        if index["paths"] == "\0".join(paths):  # the same files: compare the stats in one go
            if self._now == old_stats:
                self._blobs = [old_blobs[i:i + 20] for i in range(0, len(old_blobs), 20)]
                return
            where = range(len(paths))
        else:
            position = {path: i for i, path in enumerate(index["paths"].split("\0"))}
            where = [position.get(path) for path in paths]
        for i, j in enumerate(where):
            if j is not None and self._now[i] is not None and self._now[i] == old_stats[j]:
                self._blobs[i] = old_blobs[20 * j:20 * j + 20]

    def _latest_index(self) -> dict | None:
        """The most recently written index of another context (what the files' stats say of
        their blobs does not depend on the context), or None."""
        indexes = []
        for name in self.store.names():
            if name.endswith(".index") and not name.startswith("."):
                try:
                    indexes.append((os.lstat(self.store.folder / name).st_mtime_ns, name))
                except OSError:
                    continue
        for _, name in sorted(indexes, reverse=True)[:1]:
            index = self.store.load(name)
            if _index_shape(index):
                return index
        return None

    def whole_result(self, raw, jobs) -> list | None:
        """The finding rows (check.Finding's fields, sorted, no filter) of the last run if every
        input is the same: the context, the listing and every record's blob (files not known by
        their stat are hashed here, when there is a result to compare with)."""
        try:
            whole = self._index.get("whole")
            if whole is None:
                return None
            for i, (_, path, rel) in enumerate(jobs):
                if self._blobs[i] is None:
                    read = _read_bytes(path, rel)
                    if read is None:
                        return None
                    self.notes[rel] = read[1]
                    self._blobs[i] = read[1].blob
            if self._whole_key() != whole[0] or not all(type(r) is tuple and len(r) == 7 for r in whole[1]):
                return None
            self.whole_hit = True
            return whole[1]
        except Exception:  # noqa: BLE001 - see start()
            return None

    def _whole_key(self) -> str | None:
        if None in self._blobs:
            return None
        digest = hashlib.blake2b(self.context.encode(), digest_size=20)
        digest.update(self._listing)
        digest.update(b"".join(self._blobs))
        return digest.hexdigest()

    def states(self) -> dict:
        """{(rel, blob): finding rows} of this context (loaded once; empty when none can be trusted)."""
        if self._states is None:
            self._states = self._level(f"{self.context}.states")
        return self._states

    def docs(self) -> dict:
        """{(rel, blob): state} of this code (loaded once; empty when none can be trusted)."""
        if self._docs is None:
            self._docs = self._level(f"{code_identity().hex()}.docs")
        return self._docs

    def _level(self, name: str) -> dict:
        """The dict saved as `name`, loaded once a command when its loads share `shared`."""
        shared = self.shared if self.shared is not None else {}
        key = f"{self.store.folder}/{name}"
        if key not in shared:
            level = self.store.load(name)
            shared[key] = level if type(level) is dict else {}
        return shared[key]

    def get(self, rel: str, blob: str | bytes, path: str | None = None, checked: bool = False,
            data: bytes | None = None):
        """The Document kept for `rel` with these bytes (`blob`: git's id, hex as `git ls-tree`
        prints it, or its 20 bytes), its text read from `path` when asked for, or made from
        `data` (the bytes themselves: a git blob's); None if not kept.
        Its `found` is None when only the code's level keeps it (read and validated, not yet
        checked in this context); with `checked`, such a file is None too."""
        docs = self.docs()
        if not docs:  # a cold run: nothing to look up
            return None
        key = (rel, bytes.fromhex(blob) if isinstance(blob, str) else blob)
        found = self.states().get(key)
        if checked and found is None:
            return None
        state = docs.get(key)
        doc = document_of(state, rel, path, found, data) if type(state) is bytes else None
        if doc is not None:
            self._touched_docs[key] = state
            if doc.found is not None:
                self._touched[key] = found
        return doc

    def known_blob(self, rel: str) -> str | None:
        """The blob id (hex) of the record file `rel` when known without reading it (its stat
        unchanged since it was hashed, or git listed it); None otherwise."""
        blob = self._blob_of(rel)
        return blob.hex() if blob else None

    def loader(self, inner):
        """`load(items, root)` (as parallel.folder_loader's) that takes the files known by their
        blob from the cache and hands only the rest to `inner`."""
        self.states()  # before any worker is forked: it reads them too
        self.docs()

        def load(items, root):
            docs, rest = [None] * len(items), []
            for i, (_, path, rel) in enumerate(items):
                doc = self._kept(rel, path, checked=True)
                if doc is None:  # read (or only checked: kept by the code's level) in the loader
                    rest.append(i)
                docs[i] = doc
            if rest:
                for i, doc in zip(rest, inner([items[i] for i in rest], root)):
                    docs[i] = doc
            return docs

        return load

    # Where files are read (parallel.py; the worker's notes come back with its chunks).

    def read(self, path: str, rel: str, root: Path):
        """One record file as load.registry.read_file reads it, through the cache: its bytes
        hashed and looked up; parsed (read_document) only when not kept. Links are read as
        they always are, never cached. A file known by its stat and kept by the code's level is
        not even read: it comes back unchecked (found None), validated."""
        position = self._position.get(rel)
        blob = self._blobs[position] if position is not None else None
        if blob is not None and self._now[position] is not None:
            doc = self.get(rel, blob, path)
            if doc is not None:
                self.notes[rel] = Note(rel, blob, self._now[position], time.time_ns())
                return doc
        read = _read_bytes(path, rel)
        if read is None:
            from zaitaku_cli.load.registry import read_file

            return read_file(path, rel, root)  # a link, or an error it says why
        data, note = read
        self.notes[rel] = note
        doc = self.get(rel, note.blob, path)
        return doc if doc is not None else document.read_document(rel, data)

    def _blob_of(self, rel: str) -> bytes | None:
        """The blob id (20 bytes) of the job `rel` when known without reading it, else None."""
        position = self._position.get(rel)
        return self._blobs[position] if position is not None else None

    def _kept(self, rel: str, path, checked: bool):
        """get() for the job (rel, path): `path` a file's, or at a revision its fetched Blob
        (whose bytes make the text the cache dropped). None when not kept, and for a blob git
        lacks (read_blob says so, whatever the cache holds)."""
        blob = self._blob_of(rel)
        if blob is None:
            return None
        if self.revision is None:
            return self.get(rel, blob, path, checked=checked)
        return self.get(rel, blob, checked=checked, data=path.data) if path.data is not None else None

    def read_blob(self, blob, rel: str):
        """One record file of the revision (load.git_source.Blob, fetched) as read_blob reads
        it, through the cache: a blob the code's level keeps is not parsed (it comes back
        unchecked, found None); one that is parsed is noted, to be kept."""
        from zaitaku_cli.load.git_source import read_blob

        doc = self._kept(rel, blob, checked=False)
        if doc is not None:
            return doc
        key = self._blob_of(rel)
        if key is not None and blob.data is not None:  # parsed here: noted, to be kept
            self.notes[rel] = Note(rel, key, None, time.time_ns())  # no stat: a blob never changes
        return read_blob(blob, rel, self.revision)

    def keep(self, docs) -> None:
        """Docs just checked here: their finding rows and, for those parsed here (`_touched_docs`
        does not hold them), their states, to be written."""
        for doc in docs:
            note = self.notes.get(doc.rel)
            if note is not None:
                try:
                    note.found = found_of(doc)
                    if (doc.rel, note.blob) not in self._touched_docs:
                        note.state = state_of(doc)
                except Exception:  # noqa: BLE001 - see start(): this file is not kept
                    note.state = note.found = None

    def take(self, docs) -> list:
        """The notes of `docs` as plain tuples (the worker sends them with its chunk)."""
        return [self.notes.pop(doc.rel).plain() for doc in docs if doc.rel in self.notes]

    def receive(self, notes) -> None:
        for plain in notes:
            self.notes[plain[0]] = Note(*plain)

    def document(self, rel: str, source: str | None):
        """The Document of a file the worker read and checked, from its note's state and rows
        (received: parallel._pack sends such a file once, as these bytes). ValueError if the
        note cannot make one (parallel._receive then leaves the chunk to be read here)."""
        note = self.notes.get(rel)
        doc = document_of(note.state, rel, source, note.found) if note is not None and note.state else None
        if doc is None or doc.found is None:
            raise ValueError(f"no state kept for {rel}")
        return doc

    def finish(self, findings) -> None:
        """Write what changed: the states of files parsed in this run (and only the states this
        run used: the file does not grow), the index, the whole result (`findings`: every
        Finding, unfiltered)."""
        if not self.writes or self.whole_hit and not self.notes:  # nothing was read: nothing changed
            return
        try:
            self._finish_added() if self.adds_only else self._finish(findings)
        except Exception:  # noqa: BLE001 - see start()
            pass

    def _finish_added(self) -> None:
        """Add the states of the files parsed in this run to the code's level (they are the
        same whoever reads those bytes, whatever rules run). It only grows here: a check of the
        working tree keeps it to what that check used."""
        docs = self.docs()
        added = {(note.rel, note.blob): note.state for note in self.notes.values()
                 if note.state is not None and (note.rel, note.blob) not in docs}
        if added and self._save_level(f"{code_identity().hex()}.docs", docs, self._bounded({**docs, **added}, added)):
            self._prune()

    def _bounded(self, level: dict, made: dict) -> dict:
        """`level` grown by this run, or, once it holds more than GROWTH times the entries this
        run used, those alone: the files of revisions long compared do not stay for ever."""
        used = [(rel, blob) for (_, _, rel), blob in zip(self._jobs, self._blobs) if blob is not None]
        if len(level) <= GROWTH * max(len(used), 1):
            return level
        return {**{key: level[key] for key in used if key in level}, **self._touched_docs, **made}

    def _finish(self, findings) -> None:
        stats = list(self._now)
        for i, (_, _, rel) in enumerate(self._jobs):
            note = self.notes.get(rel)
            if note is not None:
                self._blobs[i], stats[i] = note.blob, note.trusted_stat()
            elif self._blobs[i] is None:
                stats[i] = None
        wrote = self._finish_states()
        whole = self._index.get("whole")
        key = self._whole_key()
        if key is None:
            whole = None
        elif whole is None or whole[0] != key:
            whole = _whole(key, findings)
        index = {"paths": "\0".join(path for _, path, _ in self._jobs), "stats": stats,
                 "blobs": b"".join(blob or bytes(20) for blob in self._blobs), "whole": whole}
        if index != self._index:
            wrote = self.store.save(f"{self.context}.index", index) or wrote
        if wrote:
            self._prune()

    def _finish_states(self) -> bool:
        """Write both levels with only the entries this run used or made (kept entries of a
        worker's files are found again by key), each unless its keys are those it had. In a
        command that reads a revision too (shared levels), the code's level keeps what it held
        besides (_bounded): else the revision's own files, pruned here, would be parsed and
        added again on every run."""
        if self._states is None and not self._touched and not self._touched_docs:
            return False
        old_found, old_state = self.states(), self.docs()
        found, state, made = dict(self._touched), dict(self._touched_docs), {}
        notes, blobs = self.notes, self._blobs
        for i, (_, _, rel) in enumerate(self._jobs):  # one pass for both levels
            note, key = notes.get(rel), (rel, blobs[i])
            if note is not None and note.found is not None:
                found[key] = note.found
            elif old_found and key in old_found:
                found[key] = old_found[key]
            if note is not None and note.state is not None:
                state[key] = made[key] = note.state
            elif old_state and key in old_state:
                state[key] = old_state[key]
        if self.shared is not None:  # see the docstring
            state = self._bounded({**old_state, **state}, made)
        wrote = self._save_level(f"{self.context}.states", old_found, found)
        return self._save_level(f"{code_identity().hex()}.docs", old_state, state) or wrote

    def _save_level(self, name: str, old: dict, new: dict) -> bool:
        """Write `new` as level `name` unless its keys are `old`'s (the level as loaded); `old`
        then holds it: a later load of this command (shared) adds to what the file holds."""
        if new.keys() == old.keys() or not self.store.save(name, new):
            return False
        old.clear()
        old.update(new)
        return True

    def _prune(self) -> None:
        """Only the KEEP most recently written contexts stay, and no temporary file a killed run left."""
        groups: dict[str, int] = {}
        codes: dict[str, int] = {}
        now = time.time()
        for name in self.store.names():
            try:
                info = os.lstat(self.store.folder / name)
            except OSError:
                continue
            if name.endswith(".tmp") and name.startswith("."):
                if now - info.st_mtime > _STALE_TEMP_S:
                    self.store.remove(name)
            elif name.endswith((".index", ".states")):
                context = name.rsplit(".", 1)[0]
                groups[context] = max(groups.get(context, 0), info.st_mtime_ns)
            elif name.endswith(".docs"):
                codes[name] = info.st_mtime_ns
        for context in sorted(groups, key=groups.get, reverse=True)[KEEP:]:
            if context != self.context:
                self.store.remove(f"{context}.index")
                self.store.remove(f"{context}.states")
        for name in sorted(codes, key=codes.get, reverse=True)[KEEP_CODE:]:
            if name != f"{code_identity().hex()}.docs":
                self.store.remove(name)


def _index_shape(index) -> bool:
    if type(index) is not dict or type(index.get("paths")) is not str or type(index.get("stats")) is not list:
        return False
    blobs, whole = index.get("blobs"), index.get("whole")
    if type(blobs) is not bytes or len(blobs) != 20 * len(index["stats"]):
        return False
    if index["paths"].count("\0") + 1 != len(index["stats"]) and index["stats"]:
        return False
    return whole is None or (type(whole) is tuple and len(whole) == 2 and type(whole[0]) is str
                             and type(whole[1]) is list)


def _whole(key: str, findings) -> tuple | None:
    """(key, the finding rows sorted), or None when a finding holds a value marshal cannot carry."""
    from zaitaku_cli.findings import Finding

    rows = [(f.code, f.severity, f.file, f.line, f.column, f.path, f.params)
            for f in sorted(findings, key=Finding.sort_key)]
    try:
        marshal.dumps(rows)
    except ValueError:
        return None
    return key, rows


def state_of(doc) -> bytes | None:
    """A validated Document's state without its finding rows, marshalled (None when a value
    marshal cannot carry, e.g. a date, is in it): parallel._plain_state with the text dropped
    for a clean file."""
    rel, text, value, problems, schema_problems, lossy, source, _ = doc.__getstate__()
    problems = [tuple(p) for p in problems]  # marshal takes plain tuples only
    if schema_problems is not None:
        schema_problems = [tuple(p) for p in schema_problems]
    dropped = source is not None
    try:
        return marshal.dumps((rel, None if dropped else text, value, problems, schema_problems, lossy, dropped))
    except ValueError:
        return None


def found_of(doc) -> bytes | None:
    """A checked Document's finding rows, marshalled (None when marshal cannot carry them)."""
    try:
        return marshal.dumps(doc.found)
    except ValueError:
        return None


def document_of(state: bytes, rel: str, path: str | None, found: bytes | None = None, data: bytes | None = None):
    """The Document a state stands for (its text read again from `path` when asked for, or
    decoded from `data`, the file's bytes; its `found` the rows `found` holds, None without),
    or None when the state or the rows are not of the shape state_of and found_of write."""
    from zaitaku_cli.parallel import document_of as from_plain

    try:
        saved_rel, text, value, problems, schema_problems, lossy, dropped = marshal.loads(state)
        if found is not None:
            found = marshal.loads(found)
            if type(found) is not list:
                return None
        if dropped and data is not None:  # the text read_document kept (a clean file's decodes)
            text, dropped = document.decode(data)[0], False
        if saved_rel != rel or type(problems) is not list or dropped and path is None:
            return None
        if value is not None and not lossy and type(schema_problems) is not list:
            return None  # not validated: never kept so
        return from_plain((rel, text, value, problems, schema_problems, lossy, path if dropped else None, found))
    except (ValueError, EOFError, TypeError):  # a problem of another shape
        return None
