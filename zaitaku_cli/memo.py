"""Record files checked once in a process that reads two revisions (`check --base`, `diff REV
[REV]`): a file whose bytes are the same on both sides (the same git blob id) is read, validated
and checked by the record rules once; the other side takes that result.

A record file's result (its value, problems and finding rows: parallel._plain_state) depends on
its path, its bytes, and what the record rules see besides the record: prefecture.yaml, the
reference files and the dates of the check (Registry.as_of, Registry.decisions_until). The
memo is keyed by (that context, path, blob id), so a revision whose prefecture.yaml or reference
data differ parses its records again. Behind it stands the warm cache (cache.RunCache), for the
working tree and for each revision: a file the memo has not seen may be one the cache keeps.
"""

from __future__ import annotations

import hashlib
import os

from zaitaku_cli.cache import blob_id  # git's id of a blob (SHA-1); a SHA-256 repository's ids never match: nothing shared there


def context_key(prefecture_text: str | None, reads: list, as_of, decisions_until, record_rules: bool = True) -> str | None:
    """What a record's check depends on besides its own file, as one key: prefecture.yaml's
    text, every reference file the scheme read ([(name, bytes or None)]), the two dates, and
    whether the record rules ran (check.load_checked's `rules`). None (nothing shared) when
    prefecture.yaml has no text."""
    if prefecture_text is None:
        return None
    digest = hashlib.sha256(prefecture_text.encode("utf-8", "surrogatepass"))
    for name, data in reads:
        digest.update(b"\0%s\0%d\0" % (name.encode("utf-8", "surrogateescape"), -1 if data is None else len(data)))
        digest.update(data or b"")
    digest.update(f"\0{as_of.isoformat()}\0{decisions_until.isoformat()}\0{record_rules}".encode("ascii"))
    return digest.hexdigest()


class RecordMemo:
    """Checked record files by (context, relative path, blob id), for the life of one command.
    Besides the plain states (what a persistent cache would keep), the model records built from
    them in this process: a file the same on both sides is then the same Record in both
    registries (it is never changed once built), and is not built twice."""

    def __init__(self):
        self._states: dict[tuple[str, str, str], tuple] = {}
        self._records: dict[tuple[str, str, str], object] = {}
        self.cache_levels: dict[str, dict] = {}  # the warm cache's levels as loaded, by file: each side reads them once

    def scope(self, context: str) -> MemoScope:
        return MemoScope(self, context)


class MemoScope:
    """The memo within one context (context_key): `get(rel, blob_id)` / `put(rel, blob_id, state)`,
    states as parallel._plain_state makes them."""

    def __init__(self, memo: RecordMemo, context: str):
        self._memo, self._context = memo, context

    def get(self, rel: str, blob: str) -> tuple | None:
        return self._memo._states.get((self._context, rel, blob))

    def put(self, rel: str, blob: str, state: tuple) -> None:
        self._memo._states[(self._context, rel, blob)] = state

    def record(self, rel: str, blob: str):
        """The model record built in this process from that file, or None."""
        return self._memo._records.get((self._context, rel, blob))

    def keep_record(self, rel: str, blob: str, record) -> None:
        self._memo._records[(self._context, rel, blob)] = record


def file_blob_id(path) -> str | None:
    """The blob id of a record file in the folder, or None when it is not a plain file that can
    be read (a link: load.registry.read_file decides what it is; an unreadable file)."""
    if os.path.islink(path):
        return None
    try:
        with open(path, "rb") as file:
            return blob_id(file.read())
    except OSError:
        return None


def git_blob_id(blob) -> str | None:
    """The id of a file at a revision (load.git_source.Blob), or None for a link."""
    return None if blob.is_link else blob.sha


_NOT_FROM_BYTES = frozenset({"file-unreadable", "file-symlink"})  # what a file's bytes cannot say


class MemoLoader:
    """`load(items, root)` for load.registry.read_records that takes each record file the memo
    holds from it and passes the others to `load` (which reads and checks them), remembering
    what it returns. `key(path, rel)`: a job's blob id (None: not shared). Once the registry is built,
    `adopt(registry)` remembers its records."""

    def __init__(self, load, scope: MemoScope, key):
        self._load, self._scope, self._key = load, scope, key
        self._keys: dict[int, tuple[str, str]] = {}  # id(document) -> (rel, blob id)

    def __call__(self, items, root):
        from zaitaku_cli.parallel import _plain_state, document_of

        scope, docs, misses, ids = self._scope, [None] * len(items), [], []
        for index, (_, path, rel) in enumerate(items):
            blob = self._key(path, rel)
            record = scope.record(rel, blob) if blob is not None else None
            if record is not None:  # the other side's document and record, as they are
                doc = docs[index] = record.doc
                doc.record = record
                continue
            state = scope.get(rel, blob) if blob is not None else None
            if state is None:
                misses.append(index)
                ids.append(blob)
            else:
                doc = docs[index] = document_of(state)
                self._keys[id(doc)] = (rel, blob)
        loaded = self._load([items[i] for i in misses], root) if misses else []
        for index, blob, doc in zip(misses, ids, loaded):
            docs[index] = doc
            if blob is not None and not any(p.code in _NOT_FROM_BYTES for p in doc.problems):
                rel = items[index][2]
                scope.put(rel, blob, _plain_state(doc.__getstate__()))
                self._keys[id(doc)] = (rel, blob)
        return docs

    def adopt(self, registry) -> None:
        """Remember the records built from the documents this loader gave (check._with_records)."""
        from zaitaku_cli.load.registry import KIND_OF_FOLDER

        for kind in KIND_OF_FOLDER.values():
            for record in registry.records(kind).values():
                key = self._keys.get(id(record.doc))
                if key is not None:
                    self._scope.keep_record(*key, record)
        self._keys.clear()
