"""Reading a large registry's records in two processes, each record validated and checked on
its own where it is read (check.check_records).

Below PARALLEL_MIN record files everything is done in this process: a worker costs more than it
saves. Above it, a forked worker and this process take chunks of files from opposite ends of
the list until they meet, so neither core waits for the other however the load falls. The worker
streams each chunk back as it finishes (values, problems and finding rows, never parse trees; in
marshal, which writes them ~6x faster than pickle) and a thread here receives them while this
process reads. Any chunk the worker does not deliver (it died, say) is read here: nothing is lost.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from zaitaku_cli.load.document import Document
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import KIND_OF_FOLDER, read_file

PARALLEL_MIN = 600
CHUNK = 100  # files per claim: small enough to balance, large enough that claims cost nothing


def _read_and_validate(jobs, root: Path, per_batch=None):
    """Read and validate against the schema, then (with `per_batch([(kind, doc)])`) check the
    records on their own, here: the checks that need one record only are spread over both
    processes. A job is read by the loader's `read` (_read: a git blob) or from its file,
    through the run's cache (_cache) when there is one: a file it keeps is neither parsed nor
    checked again, one only its code's level keeps is checked, not parsed; the text of a clean
    file is dropped, to be read again only to locate a finding."""
    from zaitaku_cli.validate.schema import check_schema

    docs, fresh, read = [], [], _read
    for folder, path, rel in jobs:
        if read is not None:
            doc = read(path, rel)
        elif _cache is not None:
            doc = _cache.read(path, rel, root)
        else:
            doc = read_file(path, rel, root)
        docs.append(doc)
        if doc.found is not None:  # from the cache: checked when it was kept
            continue
        kind = KIND_OF_FOLDER[folder]
        if doc.value is not None and not doc.lossy and doc.schema_problems is None:  # else validated: cached
            doc.schema_problems = check_schema(kind, doc)
        fresh.append((kind, doc, path))
    if per_batch is not None:
        per_batch([(kind, doc) for kind, doc, _ in fresh])
    for _, doc, path in fresh if read is None else ():  # a git blob has no file to read the text from again
        if doc.value is not None and not doc.lossy and not doc.problems and not doc.schema_problems:
            doc.drop_text(str(path))
    if _cache is not None and per_batch is not None:
        _cache.keep([doc for _, doc, _ in fresh])
    return docs


def _workers(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


# While a loader reads (the forked worker inherits them): the run's cache.RunCache, and how a
# job that is not a file is read.
_cache = None
_read = None


def folder_loader(jobs: int | None = None, per_batch=None, read=None, cache=None):
    """`load(items, root)` for load.registry.read_records; `per_batch([(kind, doc)])` runs on
    each batch of records where they are read (see check.check_records). `read(path, rel)`
    reads a job that is not a file (a git blob: load.git_source.read_blob); `cache`: a
    cache.RunCache to read files through (it learns each file's blob id and keeps the results)."""
    workers = _workers(jobs)

    def load(items, root: Path):
        global _cache, _read
        _cache, _read = cache, read
        try:
            if workers < 2 or len(items) < PARALLEL_MIN or not hasattr(os, "fork"):
                return _read_and_validate(items, root, per_batch)
            return _load_in_two(items, root, per_batch)
        finally:
            _cache = _read = None

    return load


class _Claims:
    """Which chunks are taken, in memory shared with the worker: this process takes from the
    front, the worker from the back. Each side writes only its own counter, so a race can at
    worst give one chunk to both (the duplicate is dropped), never to neither."""

    def __init__(self, count: int):
        import mmap

        self._memory = mmap.mmap(-1, 16)  # anonymous and shared: the fork sees the same pages
        self._next = memoryview(self._memory).cast("q")  # [front, back]: aligned 8-byte words
        self._next[1] = count

    def take_front(self) -> int | None:
        front = self._next[0]
        if front >= self._next[1]:
            return None
        self._next[0] = front + 1
        return front

    def take_back(self) -> int | None:
        back = self._next[1] - 1
        if back < self._next[0]:
            return None
        self._next[1] = back
        return back


def _load_in_two(items, root: Path, per_batch):
    import threading

    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    claims = _Claims(len(chunks))
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: everything is read here
        os.close(read_end)
        os.close(write_end)
        return _read_and_validate(items, root, per_batch)
    if pid == 0:  # the worker
        os.close(read_end)
        _work(chunks, claims, root, per_batch, write_end)
    os.close(write_end)
    received: dict[int, list] = {}
    model = _model if per_batch is not None else None
    receiver = threading.Thread(target=_receive, args=(read_end, received, chunks, model), daemon=True)
    done = {}
    try:
        receiver.start()
        while (index := claims.take_front()) is not None:
            done[index] = _read_and_validate(chunks[index], root, per_batch)
    except BaseException:  # e.g. Ctrl-C: leave no worker behind
        _signal(pid, signal.SIGKILL)
        raise
    finally:
        if receiver.ident is not None:
            receiver.join()  # the worker has finished or was stopped: the pipe ends
        os.close(read_end)
        _reap(pid)
    docs = []
    for index, chunk in enumerate(chunks):
        chunk_docs = done.get(index) or received.get(index)
        docs += chunk_docs if chunk_docs is not None else _read_and_validate(chunk, root, per_batch)
    return docs


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:  # already gone
        pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # SIGCHLD ignored by whoever started us: the kernel reaped it
        pass


def _work(chunks, claims: _Claims, root: Path, per_batch, out: int) -> None:
    """The forked worker's whole life: it never returns, and never runs the parent's exit code."""
    status = 1
    try:
        while (index := claims.take_back()) is not None:
            docs = _read_and_validate(chunks[index], root, per_batch)
            _write_all(out, _pack(index, docs, _cache.take(docs) if _cache is not None else None))
            for doc in docs:  # a record and its document refer to each other: free them now
                doc.record = None
        status = 0
    finally:
        os._exit(status)


# A chunk on the pipe: three little-endian 4-byte words (chunk index, payload length, format:
# 0 marshal, 1 pickle for a value marshal cannot carry, 2 and 3 the same with the cache's notes),
# then the payload.
_HEADER = 12


def _pack(index: int, docs, notes: list | None = None) -> bytes:
    """A chunk for the pipe; `notes`: the cache's (cache.RunCache.take), if it reads through one."""
    import marshal

    kept = {note[0] for note in notes if note[4] is not None and note[5] is not None} if notes else ()
    # a file the cache keeps travels once, as the cache's bytes (the note): only its name and source here
    states = [(doc.rel, doc.source) if doc.rel in kept else _plain_state(doc.__getstate__()) for doc in docs]
    try:
        payload, kind = (marshal.dumps(states), 0) if notes is None else (marshal.dumps((states, notes)), 2)
    except ValueError:
        import pickle

        payload = pickle.dumps(docs if notes is None else (docs, notes), protocol=pickle.HIGHEST_PROTOCOL)
        kind = 1 if notes is None else 3
    header = index.to_bytes(4, "little") + len(payload).to_bytes(4, "little") + kind.to_bytes(4, "little")
    return header + payload


def _plain_state(state):
    """marshal takes only plain tuples: Problems are named tuples. (rel, text, value, problems,
    schema_problems, lossy, source, found): see load.document.Document.__getstate__."""
    rel, text, value, problems, schema_problems, lossy, source, found = state
    problems = [tuple(p) for p in problems]
    if schema_problems is not None:
        schema_problems = [tuple(p) for p in schema_problems]
    return rel, text, value, problems, schema_problems, lossy, source, found


def _unpack(kind: int, payload: bytes):
    import marshal

    if kind in (1, 3):
        import pickle

        docs = pickle.loads(payload)
        if kind == 1:
            return docs
        docs, notes = docs
        if _cache is not None:
            _cache.receive(notes)
        return docs
    states = marshal.loads(payload)
    if kind != 2:
        return [document_of(state) for state in states]
    states, notes = states
    if _cache is None:
        raise ValueError("a chunk with notes and no cache")  # cannot be: the chunk is read again here
    _cache.receive(notes)
    return [document_of(state) if len(state) != 2 else _cache.document(*state) for state in states]


def document_of(state):
    """The Document of a plain state (_plain_state)."""
    rel, text, value, problems, schema_problems, lossy, source, found = state
    doc = Document.__new__(Document)
    problems = [Problem(*p) for p in problems]
    if schema_problems is not None:
        schema_problems = [Problem(*p) for p in schema_problems]
    doc.__setstate__((rel, text, value, problems, schema_problems, lossy, source, found))
    return doc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _model(chunk, docs) -> None:
    """The model records of a worker's checked docs (records do not cross the pipe), built as
    they arrive, while this process still reads: its share of the chunks shrinks to match,
    where building them after the two met (check._with_records) was time the worker sat idle."""
    from zaitaku_cli.validate.build import Collector, build_record

    for (folder, _, _), doc in zip(chunk, docs):
        if doc.found is not None and doc.record is None:
            doc.record = build_record(KIND_OF_FOLDER[folder], doc, Collector())


def _receive(fd: int, received: dict, chunks=None, model=None) -> None:
    """Runs in a thread: reads the worker's chunks until it closes the pipe (`model(chunk,
    docs)` on each). A truncated chunk (the worker died mid-write) is dropped and read again
    by the caller."""
    buffer = bytearray()
    try:
        while data := os.read(fd, 1 << 20):
            buffer += data
            while len(buffer) >= _HEADER:
                size = int.from_bytes(buffer[4:8], "little")
                if len(buffer) < _HEADER + size:
                    break
                index = int.from_bytes(buffer[0:4], "little")
                kind = int.from_bytes(buffer[8:12], "little")
                docs = _unpack(kind, bytes(buffer[_HEADER:_HEADER + size]))
                if model is not None:
                    model(chunks[index], docs)
                received[index] = docs
                del buffer[:_HEADER + size]
    except Exception:  # noqa: BLE001 - what was not received is read again by the caller, and
        return  # closing the pipe then stops the worker (BrokenPipeError)

