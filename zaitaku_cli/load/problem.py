from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """A finding before it is tied to a file: code, 1-based line and column, params, path."""

    code: str
    line: int
    column: int
    params: dict
    path: tuple = ()
