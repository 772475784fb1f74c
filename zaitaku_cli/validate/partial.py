"""A record with faulty fields, still checked: every fault is reported in one run.

A field the YAML reader had to drop (a tag, a merge key) or the schema refused is cut out of the
record's value, and the record goes on to the value checks and the rules with what is left. A
rule's finding on a cut field (or under it) is not shown: the field already has its finding,
and a second one ("unknown", "missing") would only say the same thing less well.

Where a cut is made: at the faulty key itself, or, when the fault is inside a list (a linked
institution's name, a source's date), at the key that holds the list — list positions are how
findings are located, so a list is kept whole or not at all.

What still stops the rules: a record that could not be read at all (encoding, syntax, not a
mapping) and one with an alias (the reader cannot say where its holes are). A record whose
designation or status was cut has no known status: the rules about designations skip it, the
others (codes, kinds, requirements, municipalities) still run.
"""

from __future__ import annotations

# YAML problems (load/document.py) that leave a hole at their path: the value there was dropped.
HOLE_CODES = frozenset({"yaml-tag", "yaml-merge-key", "yaml-complex-key", "yaml-too-deep"})


def cut_point(path: tuple) -> tuple:
    """The path to cut for a fault at `path`: `path` itself, or the key holding the first list on
    the way. ("sources", 0, "published") -> ("sources",)."""
    for i, part in enumerate(path):
        if isinstance(part, int):
            return path[:i]
    return path


def under(path: tuple, cuts) -> bool:
    """Whether `path` is one of `cuts` or inside one (a finding there is already explained)."""
    return any(path[: len(cut)] == cut for cut in cuts)


def prune(value: dict, cuts) -> dict:
    """`value` without the keys at `cuts` (copies only the mappings on the way; `value` is left
    as it is: the Document keeps what was read)."""
    for cut in sorted(cuts, key=len):
        if cut:
            value = _without(value, cut)
    return value


def _without(node, path: tuple):
    if not isinstance(node, dict) or path[0] not in node:
        return node
    copy = dict(node)
    if len(path) == 1:
        del copy[path[0]]
    else:
        copy[path[0]] = _without(node[path[0]], path[1:])
    return copy
