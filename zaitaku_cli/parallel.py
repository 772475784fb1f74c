"""Reading and validating a large registry's records in two processes.

A registry below PARALLEL_MIN record files is read in this process: starting a worker costs more than it
saves. Above it, one forked worker reads and validates the second half while this process does
the first; the worker sends back Documents (text, values, located problems), never parse trees,
so memory holds one copy of the registry plus one half in transit.
"""

from __future__ import annotations

import os
from pathlib import Path

from zaitaku_cli.load.registry import KIND_OF_FOLDER, read_file

PARALLEL_MIN = 600


def _read_and_validate(jobs, root: Path):
    from zaitaku_cli.validate.schema import check_schema

    docs = []
    for folder, path, rel in jobs:
        doc = read_file(path, rel, root)
        if doc.value is not None and not doc.lossy:
            doc.schema_problems = check_schema(KIND_OF_FOLDER[folder], doc)
            if not doc.problems and not doc.schema_problems:
                doc.drop_text(str(path))
        docs.append(doc)
    return docs


def _workers(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def folder_loader(jobs: int | None = None):
    workers = _workers(jobs)

    def load(items, root: Path):
        if workers < 2 or len(items) < PARALLEL_MIN:
            return _read_and_validate(items, root)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform: one process
            return _read_and_validate(items, root)
        # The worker's results must be unpickled here too: give it a little less than half.
        half = len(items) * 11 // 20
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            future = pool.submit(_read_and_validate, items[half:], root)
            first = _read_and_validate(items[:half], root)
            return first + future.result()

    return load
