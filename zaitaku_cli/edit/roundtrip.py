"""Set values in a record's YAML text, changing only the characters of those values.

An officer's file must come back as it was, except for what the edit changes: comments
(whole-line and end-of-line), blank lines, key order, quoting, flow style, indentation, line
endings (LF, CRLF), a BOM and the `# yaml-language-server` line. A YAML dumper cannot promise
that: a round trip through ruamel.yaml (tried with 0.19, preserve_quotes, wide lines) drops the
end-of-line comment of a `null` it replaces, rewrites `~` and empty values as `null`, respaces flow
mappings (`{ a: 1 }` -> `{a: 1}`), refolds multi-line plain scalars, strips trailing spaces,
turns repeated values into anchors and mixes LF into CRLF files.

So the edit is made on the text. The file is composed with the same libyaml parser that `zaitaku
check` uses; each node knows the exact character range it came from. A changed value replaces the
characters of the old scalar (an end-of-line comment keeps its column when there is room); a new
key becomes one new line after its predecessor, indented like its siblings (`, key: value` in a
flow mapping). Nothing else in the file is touched.

Every edit is verified before it is returned: the new text is read again by the checker's loader
and must give exactly the old record with the requested values (and key order); otherwise the
edit is refused with EditError and nothing is written.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata

import yaml

from zaitaku_cli.errors import UserError
from zaitaku_cli.load.document import read_document

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_COMMENT_AFTER = re.compile(r"([ \t]+)(#[^\r\n]*)(?=\r\n|\r|\n|$)")
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"

DESIGNATION_ORDER = ("status", "designated_on", "designated_by", "withdrawn_on", "notice")


class Append:
    """A value for set_values: `item` ({name: str | date | None}) appended to the list at that
    name, as one flow mapping (`- {status: applied, date: 2025-08-05}`); the list is created when
    the name is missing or null."""

    def __init__(self, item: dict):
        self.item = dict(item)

    def flow(self) -> str:
        """The item as a flow mapping: {status: applied, date: 2025-08-05}."""
        return "{" + ", ".join(f"{k}: {render(v, flow=True)}" for k, v in self.item.items()) + "}"

    def as_read(self) -> dict:
        return {k: _as_read(v) for k, v in self.item.items()}

    def __repr__(self) -> str:
        return f"Append({self.flow()})"


class Items:
    """A value for set_fields: `items` (dicts of str | bool | None) added at the end of the list
    at that path, each as one flow mapping; a null or missing list becomes a flow list of them."""

    def __init__(self, items: list):
        self.items = [dict(i) for i in items]

    def flows(self) -> list[str]:
        return ["{" + ", ".join(f"{k}: {render(v, _code_style(v), flow=True)}" for k, v in i.items()) + "}"
                for i in self.items]

    def as_read(self) -> list:
        return [Append(i).as_read() for i in self.items]


class EditError(UserError):
    """The edit cannot be made safely; nothing is written. Carries a Japanese and an English message."""


def _unsafe(detail_ja: str, detail_en: str) -> EditError:
    return EditError(f"{detail_ja}このファイルは自動では編集できません。手で編集し、zaitaku check で確かめてください。",
                     f"{detail_en} This file cannot be edited automatically; edit it by hand and run zaitaku check.")


def _compose(text: str):
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _line_start(text: str, i: int) -> int:
    return max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1


def _before_break(text: str, i: int) -> int:
    """The index of the line break that ends the line before the one starting at `i`."""
    if i > 0 and text[i - 1] == "\n":
        i -= 1
    if i > 0 and text[i - 1] == "\r":
        i -= 1
    return i


def _next_line_start(text: str, i: int) -> int:
    m = _NEWLINE.search(text, i)
    return m.end() if m else len(text)


# -- rendering values ----------------------------------------------------------------------------

def _plain_ok(s: str, flow: bool) -> bool:
    """True when `s` written without quotes reads back as the same string."""
    if not s or s != s.strip() or any(c in s for c in "\r\n\t\x85\u2028\u2029"):
        return False
    try:
        root = _compose(f"{{k: {s}}}" if flow else f"k: {s}\n")
    except yaml.YAMLError:
        return False
    if not isinstance(root, yaml.MappingNode) or len(root.value) != 1:
        return False
    node = root.value[0][1]
    return isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG and not node.style and node.value == s


def _double_quoted(s: str) -> str:
    out = []
    for c in json.dumps(s, ensure_ascii=False)[1:-1]:
        if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c == "\ufeff":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def render(value, style: str | None = None, flow: bool = False) -> str:
    """YAML text for a str, a date or None. A quoted old value (`style` ' or ") keeps its quotes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Items):
        return "[" + ", ".join(value.flows()) + "]"
    if isinstance(value, Append):
        return f"[{value.flow()}]"
    if isinstance(value, datetime.date):
        text = value.isoformat()
        if style == "'":
            return f"'{text}'"
        return f'"{text}"' if style == '"' else text
    if not isinstance(value, str):
        raise TypeError(value)
    if style == "'" and not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_ok(value, flow):
        return value
    return _double_quoted(value)


def _code_style(value, style: str | None = None) -> str | None:
    """Codes ("012084", "0112345678") are always quoted: a YAML 1.1 reader may take them as numbers."""
    return '"' if style is None and isinstance(value, str) and value.isascii() and value.isdigit() else style


def _as_read(value):
    """The value as the checker's loader reads it back (dates stay text)."""
    if isinstance(value, Append):
        return [value.as_read()]
    if isinstance(value, Items):
        return value.as_read()
    return value.isoformat() if isinstance(value, datetime.date) else value


# -- the edit ------------------------------------------------------------------------------------

class _Source:
    def __init__(self, data: bytes):
        self.bom = data.startswith(_BOM)
        try:
            self.text = data[len(_BOM) if self.bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            raise _unsafe("UTF-8 として読めません。", "The file is not UTF-8.") from None
        m = _NEWLINE.search(self.text)
        self.newline = m.group() if m else "\n"
        try:
            self.root = _compose(self.text)
        except yaml.YAMLError:
            raise _unsafe("YAML として読めません。", "The file is not valid YAML.") from None
        if not isinstance(self.root, yaml.MappingNode):
            raise _unsafe("記録の一番上が「キー: 値」の形ではありません。", "The record is not a mapping.")
        self.edits: list[tuple[int, int, str]] = []

    def encode(self, text: str) -> bytes:
        return (_BOM if self.bom else b"") + text.encode("utf-8")

    def apply(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    # -- reading the tree

    @staticmethod
    def entry(mapping, key):
        """(key node, value node) of the first `key` in a mapping node (the loader keeps the first)."""
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
        return None

    # -- changes

    def replace_scalar(self, node, value, flow: bool, style: str | None = None) -> None:
        text = self.text
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            raise _unsafe(f"値が複数行のブロック形式（{node.style}）で書かれています。", f"The value is a block scalar ({node.style}).")
        new = render(value, style if style in ("'", '"') else node.style if node.style in ("'", '"') else None, flow)
        old = text[start:end]
        if start == end and start > 0 and text[start - 1] == ":":
            new = " " + new  # `key:` with nothing after the colon
        comment = _COMMENT_AFTER.match(text, end)
        if comment and "\n" not in old and "\r" not in old:
            spaces = len(comment.group(1).expandtabs(1))
            keep = max(1, spaces - (_width(new) - _width(old)))
            self.edits.append((start, comment.start(2), new + " " * keep))
        else:
            self.edits.append((start, end, new))

    def _after_entry(self, value_node) -> int:
        """Where a new line goes after the entry whose value is `value_node` (block mappings)."""
        text = self.text
        end = value_node.end_mark.index
        block_collection = isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)) and not value_node.flow_style
        if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
            return end if end == _line_start(text, end) else _next_line_start(text, end)
        if not block_collection:
            return _next_line_start(text, end)
        at = _line_start(text, end) if text[_line_start(text, end):end].strip() == "" else _next_line_start(text, end)
        while at > 0:  # leave the comments and blank lines that introduce the next key below the new line
            previous = _line_start(text, _before_break(text, at))
            line = text[previous:at].strip()
            if line and not line.startswith("#"):
                break
            at = previous
        return at

    def insert_entries(self, mapping, after, lines: list[tuple[str, object]]) -> None:
        """Insert `key: value` entries into `mapping` after the entry (key node, value node) `after`
        (None: before the first entry)."""
        text = self.text
        if mapping.flow_style:
            parts = [f"{k}: {render(v, flow=True)}" for k, v in lines]
            if after is not None:
                self.edits.append((after[1].end_mark.index, after[1].end_mark.index, "".join(", " + p for p in parts)))
            elif mapping.value:
                first = mapping.value[0][0].start_mark.index
                self.edits.append((first, first, "".join(p + ", " for p in parts)))
            else:
                inside = mapping.start_mark.index + 1
                self.edits.append((inside, inside, ", ".join(parts)))
            return
        if not mapping.value:
            raise _unsafe("空のブロック形式の対応表には追加できません。", "Cannot add to an empty block mapping.")
        first_key = mapping.value[0][0]
        column = first_key.start_mark.column
        if after is None:
            at = _line_start(text, first_key.start_mark.index)
            if text[at:first_key.start_mark.index].strip(" "):
                raise _unsafe("項目の前に別の記号があります（「- 」など）。", "The first key does not start its line.")
        else:
            at = self._after_entry(after[1])
        chunk = "".join(self.block_entry(k, v, column) for k, v in lines)
        if at == len(text) and text and text[-1] not in "\r\n":
            chunk = self.newline + chunk
        self.edits.append((at, at, chunk))

    def block_entry(self, key: str, value, column: int) -> str:
        """`key: value` as lines of a block mapping at `column`; a list to append to becomes
        `key:` and its one item on the next line, indented as the file indents its lists."""
        if isinstance(value, Append):
            return (" " * column + f"{key}:" + self.newline
                    + " " * (column + self.sequence_indent()) + "- " + value.flow() + self.newline)
        return " " * column + f"{key}: {render(value, _code_style(value))}" + self.newline

    def sequence_indent(self) -> int:
        """How far the file indents a block list's `- ` under its key (2 unless it says otherwise)."""
        mappings = [self.root, *(v for _, v in self.root.value if isinstance(v, yaml.MappingNode))]
        for mapping in mappings:
            for key, value in mapping.value:
                if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                    dash = self._dash(value.value[0])
                    if dash is not None and dash[1] >= key.start_mark.column:
                        return dash[1] - key.start_mark.column
        return 2

    def _dash(self, item) -> tuple[int, int] | None:
        """(index, column) of the `-` before a block list's item; None when it cannot be found."""
        text, i = self.text, item.start_mark.index - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0 or text[i] != "-":
            return None
        return i, i - _line_start(text, i)

    def append_item(self, sequence, value: Append) -> None:
        """Append `value`'s item to a list node: `, {…}` in a flow list, a new `- {…}` line after
        the last item in a block list (a block mapping item when the first item is one)."""
        text = self.text
        if sequence.flow_style:
            if sequence.value:
                end = sequence.value[-1].end_mark.index
                self.edits.append((end, end, ", " + value.flow()))
            else:
                inside = sequence.start_mark.index + 1
                self.edits.append((inside, inside, value.flow()))
            return
        first = sequence.value[0]
        dash = self._dash(first)
        if dash is None:
            raise _unsafe("一覧の「- 」の位置が分かりません。", "The list's '- ' cannot be found.")
        column = dash[1]
        if isinstance(first, yaml.MappingNode) and not first.flow_style and first.value:
            inner = first.value[0][0].start_mark.column
            pairs = list(value.item.items())
            lines = [" " * column + "-" + " " * (inner - column - 1) + f"{pairs[0][0]}: {render(pairs[0][1])}"]
            lines += [" " * inner + f"{k}: {render(v)}" for k, v in pairs[1:]]
        else:
            lines = [" " * column + "- " + value.flow()]
        at = self._after_entry(sequence.value[-1])
        chunk = "".join(line + self.newline for line in lines)
        if at == len(text) and text and text[-1] not in "\r\n":
            chunk = self.newline + chunk
        self.edits.append((at, at, chunk))

    def child_indent(self) -> int:
        """The file's mapping indentation (2 unless a nested block mapping says otherwise)."""
        for key, value in self.root.value:
            if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
                step = value.value[0][0].start_mark.column - key.start_mark.column
                if step > 0:
                    return step
        return 2


def set_values(data: bytes, key: str, values: dict, order: tuple = DESIGNATION_ORDER,
               root_order: tuple = ()) -> bytes:
    """The bytes of `data` with `values` ({name: str | date | None}) set in the mapping at the
    record's top-level `key` (e.g. designation). Missing names are inserted in `order`; a missing
    mapping is created after the keys that precede it in `root_order`. Raises EditError."""
    src = _Source(data)
    old_doc = read_document("record.yaml", data)
    if old_doc.value is None:
        raise _unsafe("ファイルに読めない箇所があります。", "The file has parts that cannot be read.")
    found = src.entry(src.root, key)
    expected = dict(old_doc.value)
    old_block = old_doc.value.get(key)
    if found is not None and isinstance(found[1], yaml.MappingNode):
        mapping = found[1]
        if not isinstance(old_block, dict):
            raise _unsafe(f"{key} を読めません。", f"{key} cannot be read.")
        new_order = list(old_block)
        missing: dict[int | None, list] = {}
        for name in order:
            if name not in values:
                continue
            entry = src.entry(mapping, name)
            if entry is not None and isinstance(values[name], Append) and isinstance(entry[1], yaml.SequenceNode):
                if not isinstance(old_block.get(name), list):
                    raise _unsafe(f"{key}.{name} を読めません。", f"{key}.{name} cannot be read.")
                src.append_item(entry[1], values[name])
                continue
            if entry is not None:
                if not isinstance(entry[1], yaml.ScalarNode):
                    raise _unsafe(f"{key}.{name} が一つの値ではありません。", f"{key}.{name} is not a single value.")
                if isinstance(values[name], Append) and entry[1].tag != _NULL_TAG:
                    raise _unsafe(f"{key}.{name} が一覧ではありません。", f"{key}.{name} is not a list.")
                if _as_read(values[name]) != old_block.get(name):
                    src.replace_scalar(entry[1], values[name], bool(mapping.flow_style))
                continue
            before = [n for n in order[:order.index(name)] if src.entry(mapping, n) is not None]
            anchor = before[-1] if before else None
            missing.setdefault(anchor, []).append(name)
        for anchor, names in missing.items():
            after = src.entry(mapping, anchor) if anchor else None
            src.insert_entries(mapping, after, [(n, values[n]) for n in names])
            position = new_order.index(anchor) + 1 if anchor else 0
            new_order[position:position] = names
        block = {n: (_as_read(values[n]) if n in values else old_block[n]) for n in new_order}
        for name, value in values.items():
            if isinstance(value, Append) and isinstance(old_block.get(name), list):
                block[name] = [*old_block[name], value.as_read()]
        expected[key] = block
    else:
        block = {n: values[n] for n in order if n in values}
        flow_text = "{" + ", ".join(f"{n}: {render(v, flow=True)}" for n, v in block.items()) + "}"
        if found is not None:
            value_node = found[1]
            if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag == _NULL_TAG):
                raise _unsafe(f"{key} が「キー: 値」の形ではありません。", f"{key} is not a mapping.")
            src.edits.append((value_node.start_mark.index, value_node.end_mark.index,
                              (" " if value_node.start_mark.index == value_node.end_mark.index else "") + flow_text))
            expected[key] = {n: _as_read(v) for n, v in block.items()}
        else:
            if src.root.flow_style or not src.root.value:
                raise _unsafe("記録全体が1行（フロー形式）で書かれています。", "The whole record is written in flow style.")
            present = [k.value for k, _ in src.root.value if isinstance(k, yaml.ScalarNode)]
            if key in root_order:  # after the last key that comes before it in the schema's order
                preceding = root_order[:root_order.index(key)]
                anchor = next((k for k in reversed(present) if k in preceding), None)
            else:
                anchor = present[-1]
            column = src.root.value[0][0].start_mark.column
            step = src.child_indent()
            nl = src.newline
            chunk = " " * column + f"{key}:" + nl + "".join(
                src.block_entry(n, v, column + step) for n, v in block.items())
            if anchor is None:
                at = _line_start(src.text, src.root.value[0][0].start_mark.index)
            else:
                at = src._after_entry(src.entry(src.root, anchor)[1])
            if at == len(src.text) and src.text and src.text[-1] not in "\r\n":
                chunk = nl + chunk
            src.edits.append((at, at, chunk))
            items = list(expected.items())
            position = present.index(anchor) + 1 if anchor is not None else 0
            items.insert(position, (key, {n: _as_read(v) for n, v in block.items()}))
            expected = dict(items)
    new_data = src.encode(src.apply())
    _verify(old_doc, new_data, expected)
    return new_data


def _verify(old_doc, new_data: bytes, expected: dict) -> None:
    new_doc = read_document(old_doc.rel, new_data)
    # How the text is read, not what it says: a notice with a line break reads back as written,
    # and the re-check after the edit reports it (text-*) where it is.
    how_read = lambda doc: [(p.code, p.params) for p in doc.problems if not p.code.startswith("text-")]  # noqa: E731
    same_problems = how_read(new_doc) == how_read(old_doc)
    dump = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=False, default=str)  # noqa: E731 - key order counts
    if new_doc.value is None or not same_problems or dump(new_doc.value) != dump(expected):
        raise _unsafe("書き換えた結果を読み直すと、意図した内容になりませんでした。",
                      "Reading the edited text back did not give the intended record.")


def set_fields(data: bytes, changes: list, orders: dict | None = None) -> bytes:
    """The bytes of `data` with each (path, value) of `changes` set, where path is a tuple of
    mapping keys from the record's root (("intent",), ("requirements", "training", "met")) and
    value a str, bool, date or None (replaces the scalar there), or Items (added at the end of
    the list there; a null value becomes the list). A missing last key is inserted after the
    nearest key that precedes it in `orders[parent path]` (else after the mapping's last key).
    Only the characters of those values change (see the module docstring). Raises EditError."""
    src = _Source(data)
    old_doc = read_document("record.yaml", data)
    if not isinstance(old_doc.value, dict):
        raise _unsafe("ファイルに読めない箇所があります。", "The file has parts that cannot be read.")
    expected = json.loads(json.dumps(old_doc.value, ensure_ascii=False, default=str))
    missing: dict[tuple, list] = {}
    for path, value in changes:
        node, parent = src.root, expected
        for key in path[:-1]:
            found = src.entry(node, key)
            if found is None or not isinstance(found[1], yaml.MappingNode) or not isinstance(parent.get(key), dict):
                raise _unsafe(f"{'.'.join(path[:-1])} が「キー: 値」の形ではありません。",
                              f"{'.'.join(path[:-1])} is not a mapping.")
            node, parent = found[1], parent[key]
        key = path[-1]
        found = src.entry(node, key)
        if found is None:
            missing.setdefault(tuple(path[:-1]), [node, parent, []])[2].append((key, value))
            continue
        target = found[1]
        if isinstance(value, Items):
            _extend(src, target, value, ".".join(path))
            parent[key] = [*(parent.get(key) or []), *value.as_read()]
        elif not isinstance(target, yaml.ScalarNode):
            raise _unsafe(f"{'.'.join(path)} が一つの値ではありません。", f"{'.'.join(path)} is not a single value.")
        elif _as_read(value) != parent.get(key) or key not in parent:
            src.replace_scalar(target, value, bool(node.flow_style), _code_style(value, target.style or None))
            parent[key] = _as_read(value)
    for parent_path, (node, parent, entries) in missing.items():
        _insert(src, node, parent, entries, (orders or {}).get(parent_path, ()))
    new_data = src.encode(src.apply())
    _verify(old_doc, new_data, expected)
    return new_data


def _extend(src: _Source, node, value: Items, shown: str) -> None:
    """Add `value`'s items to the list `node` (a null scalar becomes the flow list)."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag != _NULL_TAG:
            raise _unsafe(f"{shown} が一覧ではありません。", f"{shown} is not a list.")
        src.replace_scalar(node, value, False)
        return
    if not isinstance(node, yaml.SequenceNode):
        raise _unsafe(f"{shown} が一覧ではありません。", f"{shown} is not a list.")
    if node.flow_style or not node.value:
        if node.value:
            end = node.value[-1].end_mark.index
            src.edits.append((end, end, "".join(", " + f for f in value.flows())))
        else:
            inside = node.start_mark.index + 1
            src.edits.append((inside, inside, ", ".join(value.flows())))
        return
    dash = src._dash(node.value[0])
    if dash is None:
        raise _unsafe("一覧の「- 」の位置が分かりません。", "The list's '- ' cannot be found.")
    column, first = dash[1], node.value[0]
    lines = []
    for item, flow in zip(value.items, value.flows()):
        if isinstance(first, yaml.MappingNode) and not first.flow_style and first.value and item:
            inner = first.value[0][0].start_mark.column  # block items: one key a line, as the first item
            pairs = [f"{k}: {render(v, _code_style(v))}" for k, v in item.items()]
            lines += [" " * column + "-" + " " * (inner - column - 1) + pairs[0], *(" " * inner + p for p in pairs[1:])]
        else:
            lines.append(" " * column + "- " + flow)
    at = src._after_entry(node.value[-1])
    chunk = "".join(line + src.newline for line in lines)
    if at == len(src.text) and src.text and src.text[-1] not in "\r\n":
        chunk = src.newline + chunk
    src.edits.append((at, at, chunk))


def _insert(src: _Source, node, parent: dict, entries: list, order: tuple) -> None:
    """Insert missing keys into the mapping `node`, each after the nearest present key that
    precedes it in `order`; `parent` (the expected value) gets them in the same places."""
    present = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    groups: dict = {}
    for key, value in entries:
        before = [k for k in order[:order.index(key)] if k in present] if key in order else present
        groups.setdefault(before[-1] if before else None, []).append((key, value))  # None: before the first key
    items = list(parent.items())
    for anchor, group in groups.items():
        after = src.entry(node, anchor) if anchor is not None else None
        src.insert_entries(node, after, group)
        position = next((i + 1 for i, (k, _) in enumerate(items) if k == anchor), 0)
        items[position:position] = [(k, _as_read(v)) for k, v in group]
    parent.clear()
    parent.update(items)
