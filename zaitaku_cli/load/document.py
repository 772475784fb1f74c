"""YAML text to plain values, refusing what a record must not hold.

Parsing uses libyaml (CSafeLoader) to compose nodes; our own walk turns nodes into values so that
duplicate keys, aliases, merge keys and tags become findings instead of silent behaviour. Scalars
tagged as timestamps stay text: dates are parsed by zaitaku_cli.dates.

Positions are not kept on the fast path. `Document.locate(path)` composes the text again (only for
files that have a finding) and returns the line and column of the value at `path`.
"""

from __future__ import annotations

import yaml

from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.text import decode, scan

_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _T + "str", _T + "map", _T + "seq", _T + "merge"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


class _FastResolver(yaml.resolver.Resolver):
    """SafeLoader's tag resolution without path resolvers (none are registered): the same tags,
    about a fifth less time per file, since libyaml calls back into Python for every node."""

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit, _get=_IMPLICIT.get):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


try:  # libyaml's parser; PyYAML wheels ship it. The pure-Python parser is ~7x slower.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.loader import Composer, Parser, Reader, Scanner

    class _Parser(Reader, Scanner, Parser, Composer):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, _FastResolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)


class _UntaggedLoader(_Loader):
    """The fast path's loader. libyaml calls `resolve` for every node, and that Python call was a
    fifth of the parse: `slice` is a C callable that takes the same three arguments, so each
    node's tag is a throwaway slice and _plain_values resolves plain scalars itself, from their
    text, as Resolver.resolve would. Only for text without tags, aliases or merge keys."""

    resolve = slice

_constructor = yaml.constructor.SafeConstructor()
_SCALARS = {
    _T + "null": lambda node: None,
    _T + "bool": _constructor.construct_yaml_bool,
    _T + "int": _constructor.construct_yaml_int,
    _T + "float": _constructor.construct_yaml_float,
    _T + "timestamp": lambda node: node.value,  # dates are text; the tool parses them
}


MAX_DEPTH = 32  # a record is a handful of levels deep; deeper is a mistake or an attack
MAX_BYTES = 1 << 20  # one record per file: a megabyte is far beyond any record
_BRACKETS_BEFORE_SCAN = 200


class _Walk:
    """Nodes to values. Stops at the first reuse of a node, so an alias bomb costs nothing.

    `lossy` is set when a value had to be dropped (alias, merge key, tag, complex key): the
    record is then not validated further, since the schema would report the hole as a second,
    misplaced error."""

    def __init__(self):
        self.seen: set[int] = set()
        self.problems: list[Problem] = []
        self.aliased = False
        self.lossy = False

    def report(self, code, node, path, **params):
        mark = node.start_mark
        self.problems.append(Problem(code, mark.line + 1, mark.column + 1, params, path))
        if code != "yaml-duplicate-key":
            self.lossy = True

    def value(self, node, path):
        if id(node) in self.seen:
            self.aliased = self.lossy = True  # located later from the events: the node knows only its anchor
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            self.report("yaml-too-deep", node, path, depth=MAX_DEPTH)
            return None
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                value = node.value
                if not node.style and value.isdigit() and value.isascii():
                    # YAML 1.1 keeps 012068 as text, but YAML 1.2 editors and other tools read a
                    # number: a code must be quoted to mean the same everywhere.
                    from zaitaku_cli.findings import format_path

                    name = format_path(path)
                    self.problems.append(Problem("yaml-unquoted-code", node.start_mark.line + 1,
                                                 node.start_mark.column + 1,
                                                 {"field": name, "field_en": name, "raw": value}, path))
                return value
            construct = _SCALARS.get(tag)
            if construct is None:
                self.report("yaml-tag", node, path, tag=tag.replace(_T, "!!"))
                return None
            try:
                return construct(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        self.report("yaml-tag", node, path, tag=tag.replace(_T, "!!"))
        return None

    def mapping(self, node, path):
        result, key_nodes = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.report("yaml-merge-key", key_node, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.report("yaml-complex-key", key_node, path)
                continue
            key = key_node.value
            if key in key_nodes:
                first = key_nodes[key].start_mark.line + 1
                self.report("yaml-duplicate-key", key_node, path + (key,), key=key,
                            first_line=first, line=key_node.start_mark.line + 1)
                continue
            key_nodes[key] = key_node
            result[key] = self.value(value_node, path + (key,))
        return result


_NOT_YET = object()


class _Unusual(Exception):
    """Raised by the fast path on anything that needs a finding: the full walk takes over."""


# The plain scalars that resolve to a boolean or null (YAML 1.1, as SafeLoader reads them):
# looked up directly, they skip the resolver's patterns and the constructor's calls.
_LITERALS: dict = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
for _word, _value in (("yes", True), ("no", False), ("true", True), ("false", False), ("on", True), ("off", False)):
    _LITERALS.update(dict.fromkeys((_word, _word.capitalize(), _word.upper()), _value))
del _word, _value


def _plain_values(node, depth=0, _scalar=yaml.ScalarNode, _mapping=yaml.MappingNode, _literal=_LITERALS.get):
    """Nodes from _UntaggedLoader to values, for the common file: no aliases, tags or merge keys
    (the caller checked the text), no duplicate keys, no bare digit codes. Half the cost of
    _Walk; anything unusual raises _Unusual and the file is composed and walked again by _Walk,
    which reports it. A mapping's scalar values are handled inline (most nodes are those)."""
    kind = type(node)
    if kind is _scalar:
        return _plain_scalar(node)
    depth += 1
    if depth > MAX_DEPTH:  # its items are too deep: the walk reports where
        raise _Unusual
    if kind is _mapping:
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if type(key_node) is not _scalar or key in result:
                raise _Unusual
            if type(value_node) is not _scalar:
                result[key] = _plain_values(value_node, depth)
            elif value_node.style:  # quoted or block: text
                result[key] = value_node.value
            else:
                value = value_node.value
                literal = _literal(value, _NOT_YET)
                result[key] = literal if literal is not _NOT_YET else _plain_scalar(value_node)
        return result
    return [_plain_values(item, depth) for item in node.value]


def _plain_scalar(node, _resolvers=_IMPLICIT.get, _scalars=_SCALARS):
    """A scalar's value, resolving its tag as SafeLoader does: quoted and block scalars are text;
    a plain one takes the first implicit tag whose pattern matches (null, bool, int, float,
    timestamp), else it is text."""
    value = node.value
    if node.style:
        return value
    for tag, regexp in _resolvers(value[:1], ()):
        if regexp.match(value):
            construct = _scalars.get(tag)
            if construct is None:  # `=` (the value key) or `<<` as a value: the walk reports it
                raise _Unusual
            try:
                return construct(node)
            except (ValueError, yaml.YAMLError):
                return value
    if value.isdigit() and value.isascii():  # a bare digit code: yaml-unquoted-code
        raise _Unusual
    return value


def _compose(text: str, loader_class=_Loader):
    """The root node of the only document, or raise; returns (root, second_document_node)."""
    loader = loader_class(text)
    try:
        root = loader.get_node() if loader.check_node() else None
        second = loader.get_node() if loader.check_node() else None
        return root, second
    finally:
        loader.dispose()


_MAX_ALIAS_FINDINGS = 10


def _alias_problems(text: str) -> list[Problem]:
    problems = []
    for event in yaml.parse(text, Loader=yaml.CSafeLoader if hasattr(yaml, 'CSafeLoader') else yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            problems.append(Problem("yaml-alias", mark.line + 1, mark.column + 1, {}))
            if len(problems) == _MAX_ALIAS_FINDINGS:
                break
    return problems


# libyaml's commonest complaints, said so that an officer can act on them.
_SYNTAX_HINTS = (
    ("could not find expected ':'", "「キー: 値」の「: 」がありません（コロンの後には半角スペースが必要です）。"),
    ("mapping values are not allowed", "ここには「: 」を書けません。値に「: 」を含めるときは値を引用符で囲んでください。"),
    ("did not find expected key", "字下げ（行頭の空白の数）がそろっていません。"),
    ("expected <block end>", "字下げ（行頭の空白の数）がそろっていません。"),
    ("did not find expected ',' or ']'", "「[」に対応する「]」がありません。"),
    ("did not find expected ',' or '}'", "「{」に対応する「}」がありません。"),
    ("found unexpected end of stream", "引用符（\" または '）が閉じられていません。"),
    ("that cannot start any token", "この位置の文字は値の先頭に使えません。値を引用符で囲んでください。"),
)


def _syntax_problem(err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(filter(None, [getattr(err, "context", None), getattr(err, "problem", None)]))
    detail = detail or str(err).splitlines()[0]
    hint = next((ja for needle, ja in _SYNTAX_HINTS if needle in detail), "書式を確認してください。")
    return Problem("yaml-syntax", line, column, {"detail": detail, "hint": hint})


_KIND_NAMES = {list: "リスト", str: "文字列", int: "数値", float: "数値", bool: "真偽値", type(None): "空"}
_KIND_NAMES_EN = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false", type(None): "nothing"}


class Document:
    """One YAML file: its text, its value (a dict, or None when unusable) and its problems."""

    __slots__ = ("rel", "_text", "value", "problems", "schema_problems", "lossy", "source", "found", "record",
                 "_root", "_keys")

    def __init__(self, rel: str, text: str | None, value, problems: list[Problem]):
        self.rel, self._text, self.value, self.problems = rel, text, value, problems
        self.schema_problems = None  # set when validated where it was read (a worker process)
        self.lossy = False  # a value was dropped while reading (see _Walk)
        self.source = None  # the file to read the text from again, when the text was dropped
        self.found = None  # finding rows of the checks run where it was read (check.check_record)
        self.record = None  # the model record built there (kept in that process only)
        self._root = None
        self._keys: dict = {}

    @property
    def text(self) -> str | None:
        if self._text is None and self.source is not None:
            self._text = decode(open(self.source, "rb").read())[0]
        return self._text

    def drop_text(self, source: str) -> None:
        """Forget the text of a clean file (a worker sends less); locate() reads it again."""
        self._text, self.source = None, source

    def __getstate__(self):  # nodes and records are not sent between processes
        return (self.rel, self._text, self.value, self.problems, self.schema_problems, self.lossy, self.source,
                self.found)

    def __setstate__(self, state):
        (self.rel, self._text, self.value, self.problems, self.schema_problems, self.lossy, self.source,
         self.found) = state
        self.record = self._root = None
        self._keys = {}

    def locate(self, path, key: bool = False) -> tuple[int, int, object]:
        """(line, column, node) of the value at `path`, or of the nearest existing parent.

        With key=True the mapping key's position is returned (for unknown keys)."""
        if self._root is None:
            try:
                self._root, _ = _compose(self.text)
            except (yaml.YAMLError, TypeError, OSError):  # unparsable, no text, or gone meanwhile
                return 1, 1, None
        node, key_node = self._root, None
        for part in path:
            child = _child(node, part, self._keys)
            if child is None:
                break
            key_node, node = child
        target = key_node if key and key_node is not None else node
        if target is None:
            return 1, 1, None
        return target.start_mark.line + 1, target.start_mark.column + 1, node


def _child(node, part, keys: dict):
    """(key node, value node) under `node` at `part`; `keys` caches each mapping's first
    occurrence of every key, so locating many findings in one big file stays linear."""
    if isinstance(node, yaml.MappingNode):
        index = keys.get(id(node))
        if index is None:
            index = keys[id(node)] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
        return index.get(part)
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def _too_deep(text: str) -> tuple[int, int] | None:
    """libyaml composes recursively and crashes on ~100,000 nested brackets: count first (cheap),
    and measure the depth only in the rare file with many brackets. Returns where it gets too deep."""
    if text.count("[") + text.count("{") < _BRACKETS_BEFORE_SCAN:
        return None
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line_start = text.rfind("\n", 0, index) + 1
                return text.count("\n", 0, index) + 1, index - line_start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def read_document(rel: str, data: bytes) -> Document:
    if len(data) > MAX_BYTES:
        return Document(rel, None, None, [Problem("file-too-large", 1, 1, {"size": len(data), "limit": MAX_BYTES})])
    text, problems = decode(data)
    if text is None:
        return Document(rel, None, None, problems)
    problems = scan(text)
    if problems:
        return Document(rel, text, None, problems)
    where = _too_deep(text)
    if where:
        return Document(rel, text, None, [Problem("yaml-too-deep", *where, {"depth": MAX_DEPTH})])
    plain = "*" not in text and "!" not in text and "<<" not in text
    try:
        root, second = _compose(text, _UntaggedLoader if plain else _Loader)
    except yaml.YAMLError as err:
        return Document(rel, text, None, [_syntax_problem(err)])
    if root is None:
        return Document(rel, text, None, [Problem("file-empty", 1, 1, {})])
    walk = _Walk()
    value = _NOT_YET
    if plain:
        try:
            value = _plain_values(root)
        except _Unusual:
            root, second = _compose(text)  # the walk needs the resolved tags
    if value is _NOT_YET:
        value = walk.value(root, ())
    problems = walk.problems
    if walk.aliased:
        problems += _alias_problems(text)
    if second is not None:
        mark = second.start_mark
        problems.append(Problem("yaml-multiple-documents", mark.line + 1, mark.column + 1, {}))
    if not isinstance(value, dict):
        mark = root.start_mark
        found = _KIND_NAMES.get(type(value), type(value).__name__)
        found_en = _KIND_NAMES_EN.get(type(value), type(value).__name__)
        problems.append(Problem("yaml-root-not-mapping", mark.line + 1, mark.column + 1,
                                {"found": found, "found_en": found_en}))
        value = None
    doc = Document(rel, text, value, problems)
    doc.lossy = walk.lossy
    return doc
