"""YAML text to plain values, refusing what a record must not hold.

Parsing uses libyaml (CSafeLoader) to compose nodes; our own walk turns nodes into values so that
duplicate keys, aliases, merge keys and tags become findings instead of silent behaviour. Scalars
tagged as timestamps stay text: dates are parsed by zaitaku_cli.dates.

A clean record (no tags, aliases, merge keys, escapes, block scalars, numbers or YAML 1.1-only
forms) takes a cheaper path: libyaml only checks its syntax (raw_parse) and yaml-rs makes the
values (_compiled_values); anything it cannot prove equal goes the way above.

Positions are not kept on the fast path. `Document.locate(path)` composes the text again (only for
files that have a finding) and returns the line and column of the value at `path`.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

import yaml

from zaitaku_cli.findings import format_path
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.text import char_name, combining_marks, compose_marks, decode, needs_value_scan, scan, shown, value_faults

_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE, _BOOL = _T + "str", _T + "map", _T + "seq", _T + "merge", _T + "bool"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


class _FastResolver(yaml.resolver.Resolver):
    """SafeLoader's tag resolution without path resolvers (none are registered): the same tags,
    about a fifth less time per file, since libyaml calls back into Python for every node.
    libyaml calls descend_resolver(node, index) and ascend_resolver() around every node and
    ignores what they return: C callables that take those arguments (`slice`, `tuple`) cost less
    than a Python method that does nothing (measured with callgrind: 2 % fewer instructions for
    a whole check)."""

    descend_resolver = slice
    ascend_resolver = tuple

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
    _CParser = _Parser
except ImportError:  # pragma: no cover
    _CParser = None
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

# YAML 1.1 (PyYAML, libyaml's resolver) and YAML 1.2 (editors, linters, most other languages)
# read some plain scalars differently. A value must mean the same to every reader, as bare-digit
# codes must: these are findings (yaml-boolean-1-1, yaml-number-1-1, yaml-unquoted-code).
_TRUE_FALSE = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))  # yes/no/on/off: 1.1 only
_INT_BOTH = re.compile(r"[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+")  # an int both read alike
_NUMBER_1_2 = re.compile(  # the YAML 1.2 core schema's int and float
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")


def _reads_as_number_in_1_2(value: str) -> bool:
    """A plain scalar that YAML 1.1 reads as text and YAML 1.2 as a number (012389, 1e3, 0o17)."""
    return value[:1] in _NUMBER_START and _NUMBER_1_2.fullmatch(value) is not None


def _number_1_1_only(tag: str, value: str) -> bool:
    """An int or float as YAML 1.1 reads it that YAML 1.2 reads otherwise: 017 (octal 15 in 1.1,
    17 in 1.2), 1_000, 1:30 (sexagesimal), 0b101, -0x1F; 1_000.5 and 1:30.5."""
    if tag == _T + "int":
        return _INT_BOTH.fullmatch(value) is None
    return tag == _T + "float" and ("_" in value or ":" in value)


class _Walk:
    """Nodes to values. Stops at the first reuse of a node, so an alias bomb costs nothing.

    `lossy` is set when a value had to be dropped (alias, merge key, tag, complex key): the
    record is then not validated further, since the schema would report the hole as a second,
    misplaced error."""

    def __init__(self, text: str = ""):
        self.text = text  # to tell an explicit tag (`!!str 123`) from a plain scalar
        self.seen: set[int] = set()
        self.problems: list[Problem] = []
        self.aliased = False
        self.lossy = False
        self.odd_text = False  # a text the text tests cannot see: see _odd_text

    def report(self, code, node, path, **params):
        mark = node.start_mark
        self.problems.append(Problem(code, mark.line + 1, mark.column + 1, params, path))
        if code != "yaml-duplicate-key":
            self.lossy = True

    def note(self, code, node, path, **params):
        """A value read as YAML 1.1 reads it, with a finding: nothing is dropped (not lossy)."""
        name = format_path(path)
        mark = node.start_mark
        self.problems.append(Problem(code, mark.line + 1, mark.column + 1,
                                     {"field": name, "field_en": name, **params}, path))

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
            plain = not node.style and not self.text.startswith("!", node.start_mark.index)
            if tag == _STR:
                value = node.value
                if _odd_text(value, node.style):
                    self.odd_text = True
                if plain and _reads_as_number_in_1_2(value):
                    # YAML 1.1 keeps 012389 as text, but YAML 1.2 editors and other tools read a
                    # number: a code must be quoted to mean the same everywhere.
                    self.note("yaml-unquoted-code", node, path, raw=value)
                return value
            construct = _SCALARS.get(tag)
            if construct is None:
                self.report("yaml-tag", node, path, tag=tag.replace(_T, "!!"))
                return None
            try:
                value = construct(node)
            except (ValueError, yaml.YAMLError):
                return node.value
            if plain and tag == _T + "bool" and node.value not in _TRUE_FALSE:
                self.note("yaml-boolean-1-1", node, path, raw=node.value, value=str(value).lower())
            elif plain and _number_1_1_only(tag, node.value):
                self.note("yaml-number-1-1", node, path, raw=node.value, value=str(value),
                          **_reading_1_2(node.value))
            return value
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


def _reading_1_2(raw: str) -> dict:
    """How YAML 1.2 reads a YAML 1.1-only number: a number (017 → 17) or text (1_000)."""
    if _NUMBER_1_2.fullmatch(raw):
        number = str(int(raw)) if raw.lstrip("+-").isdigit() else raw
        return {"reading": number, "reading_en": f"the number {number}"}
    return {"reading": f"文字「{raw}」", "reading_en": f"the text '{raw}'"}


_NOT_YET = object()


class _Unusual(Exception):
    """Raised by the fast path on anything that needs a finding: the full walk takes over."""


# The plain scalars that resolve to a boolean or null alike in YAML 1.1 and 1.2: looked up
# directly, they skip the resolver's patterns and the constructor's calls. yes/no/on/off are
# left to _plain_scalar, which hands them to the walk (yaml-boolean-1-1).
_LITERALS: dict = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_LITERALS.update({word: word[0] in "tT" for word in _TRUE_FALSE})


def _plain_values(node, depth=0, _scalar=yaml.ScalarNode, _mapping=yaml.MappingNode, _literal=_LITERALS.get):
    """Nodes from _UntaggedLoader to values, for the common file: no aliases, tags or merge keys
    (the caller checked the text), no duplicate keys, no bare digit codes, no YAML 1.1-only
    forms, no quoted value with a space at its edge. Half the cost of _Walk; anything unusual
    raises _Unusual and the file is composed and walked again by _Walk, which reports it. A
    mapping's scalar values are handled inline (most nodes are those)."""
    kind = type(node)
    if kind is _scalar:
        literal = _literal(node.value, _NOT_YET) if not node.style else _NOT_YET
        return literal if literal is not _NOT_YET else _plain_scalar(node)
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
                value = result[key] = value_node.value
                if _odd_text(value, value_node.style):  # the walk notes it
                    raise _Unusual
            else:
                value = value_node.value
                literal = _literal(value, _NOT_YET)
                result[key] = literal if literal is not _NOT_YET else _plain_scalar(value_node)
        return result
    return [_plain_values(item, depth) for item in node.value]


def _plain_scalar(node, _resolvers=_IMPLICIT.get, _scalars=_SCALARS):
    """A scalar's value (not one of _LITERALS: the callers looked), resolving its tag as
    SafeLoader does: quoted and block scalars are text; a plain one takes the first implicit tag
    whose pattern matches (null, bool, int, float, timestamp), else it is text."""
    value = node.value
    if node.style:
        if _odd_text(value, node.style):  # the walk notes it
            raise _Unusual
        return value
    first = value[:1]
    resolvers = _resolvers(first)
    if resolvers is None:  # most text: no tag starts with its first character
        if "\n" in value:  # a blank line inside it: the walk notes it
            raise _Unusual
        return value
    for tag, regexp in resolvers:
        if regexp.match(value):
            construct = _scalars.get(tag)
            # `=` (the value key) or `<<` as a value, yes/no/on/off, a YAML 1.1-only number: the
            # walk reports it
            if construct is None or tag == _BOOL or _number_1_1_only(tag, value):
                raise _Unusual
            try:
                return construct(node)
            except (ValueError, yaml.YAMLError):
                return value
    if first in _NUMBER_START and _NUMBER_1_2.fullmatch(value) or "\n" in value:  # 1e3 or a line break:
        raise _Unusual  # the walk reports or notes it
    return value


def _compiled_values(text: str):
    """The values of a clean, plain text read by yaml-rs, or _NOT_YET whenever they might differ
    from what _plain_values gives. libyaml parses the text first without making a Python object
    (raw_parse: its syntax errors stay libyaml's, and its count of events must match the values');
    yaml-rs makes the values, a third of the time of compose + walk. yaml-rs reads YAML 1.2 and
    keeps no style, so _events() accepts only values whose YAML 1.1 reading is certain; anything
    else (a finding, a number, a second document) goes the libyaml way, which reports it.
    tests/test_load_compiled.py compares both paths."""
    global _loads
    if _loads is None:
        try:  # imported on first use: 6 ms that `zaitaku --help` does not need
            from yaml_rs import DuplicateKeyPolicy, loads
        except ImportError:  # pragma: no cover - a dependency; libyaml reads everything then
            _loads = False
            return _NOT_YET
        _loads = partial(loads, parse_datetime=False, duplicate_key_policy=DuplicateKeyPolicy.Error)
    if _loads is False or _CParser is None or _libyaml_only(text):
        return _NOT_YET
    try:
        events = _CParser(text).raw_parse()
        value = _loads(text)
    except Exception:  # noqa: BLE001 - a syntax error (either's): libyaml's path says what is wrong
        return _NOT_YET
    bare = set()  # texts that would not be text if bare
    if type(value) is not dict or _events(value, bare, 1) != events - 4:  # stream and document events
        return _NOT_YET
    return value if all(_always_quoted(item, text) for item in bare) else _NOT_YET


_loads = None
# Where libyaml (YAML 1.1) and yaml-rs (1.2) disagree on a text's structure, or might: a document
# marker (`...`, `---` after the start), `?` at a token's start (libyaml reads `{?}` and `[?x]`
# as explicit keys; URLs' `a?b` pass), and `&` there (anchor names: 1.2 allows more characters).
_LIBYAML_ONLY = re.compile(r"^\.\.\.|(?<=.)^---|(?:^|[\s\[{,])[?&]", re.M | re.S)


def _libyaml_only(text: str) -> bool:
    # `in` first: a memchr each, where any regex scans the text at ~10 ns a character
    return ("?" in text or "&" in text or "..." in text or "---" in text) and _LIBYAML_ONLY.search(text) is not None


def _events(node, bare: set, depth: int, _resolvers=_IMPLICIT.get, _str=str, _none=type(None)) -> int:
    """libyaml's count of events for `node` (a dict or list from yaml-rs), or -1 unless it holds
    only what _plain_values would give alike: text keys; None, true/false (YAML 1.2 reads them
    as 1.1 does); and texts. A text an implicit tag resolves (or YAML 1.2 reads as a number) is
    added to `bare`: it must be quoted wherever it stands in the text (012068 bare is a finding,
    "012068" is not; the caller looks once per distinct text).
    Numbers are left to libyaml (yaml-rs reads 017 as 17, 1_000 as 1000); so are texts with a
    line break or a space at an edge."""
    if depth > MAX_DEPTH:
        return -1
    if type(node) is dict:
        try:
            "".join(node)  # every key is text (C speed; a number, null or true key raises)
        except TypeError:
            return -1
        count, items = 2 + len(node), node.values()
    else:
        count, items = 2, node
    for item in items:
        kind = type(item)
        if kind is _str:
            if item:  # ("" is quoted: a plain empty value is None)
                if item[0] == " " or item[-1] == " " or "\n" in item:
                    return -1
                if _resolvers(item[0]) is not None and _resolved(item):
                    bare.add(item)
            count += 1
        elif kind is _none or kind is bool:
            count += 1
        elif kind is dict or kind is list:
            inner = _events(item, bare, depth + 1)
            if inner < 0:
                return -1
            count += inner
        else:
            return -1
    return count


@lru_cache(maxsize=1 << 16)  # the same texts recur across records (dates, municipality codes): 86,200 calls, 15,102 texts
def _resolved(value: str, _resolvers=_IMPLICIT.get) -> bool:
    """True when YAML 1.1 reads `value` written bare as something else than text (a timestamp
    stays text: _SCALARS), or YAML 1.2 reads it as a number."""
    for tag, regexp in _resolvers(value[0], ()):
        if regexp.match(value):
            return tag != _T + "timestamp"
    return value[0] in _NUMBER_START and _NUMBER_1_2.fullmatch(value) is not None


def _always_quoted(value: str, text: str) -> bool:
    """True when every place `value` stands in `text` is quoted ("…" or '…'). A bare value
    stands in the text as written (a line break in it was refused before), so it fails this."""
    at, size = text.find(value), len(value)
    while at >= 0:
        quote = text[at - 1:at]
        if quote not in ("'", '"') or text[at + size:at + size + 1] != quote:
            return False
        at = text.find(value, at + 1)
    return True


def _odd_text(value: str, style) -> bool:
    """A text value that can hold a fault no test on the file's text sees: a quoted one with a
    space at its edge, a quoted or plain one with a line break (from a blank line inside it).
    A block scalar's line breaks are seen there (| and > are suspects of load.text.scan)."""
    return (" " in value and (value[0] == " " or value[-1] == " ")) or ("\n" in value and style not in _BLOCK)


_BLOCK = ("|", ">")


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
    # escapes in a double-quoted value ("\ud800" is a surrogate, not a character)
    ("invalid Unicode character escape code", "\\u・\\U のエスケープが文字を表していません（U+D800〜U+DFFF の"
                                              "サロゲートなど）。文字をそのまま書いてください。"),
    ("unknown escape character", "「\\」の後の文字はエスケープとして使えません。「\\」そのものなら「\\\\」と書くか、"
                                 "値を '…'（一重引用符）で囲んでください。"),
    ("did not find expected hexdecimal number", "\\x・\\u・\\U の後には16進数（0-9、A-F）を書いてください。"),
)
_UNACCEPTABLE = re.compile(r"unacceptable character #x([0-9a-fA-F]+)")


def _syntax_problem(err: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = " ".join(filter(None, [getattr(err, "context", None), getattr(err, "problem", None)]))
    detail = detail or str(err).splitlines()[0]
    hint = next((ja for needle, ja in _SYNTAX_HINTS if needle in detail), "書式を確認してください。")
    unacceptable = _UNACCEPTABLE.search(detail)
    if unacceptable:  # libyaml's reader marks the start of its buffer: find the character itself
        char = chr(int(unacceptable.group(1), 16))
        index = text.find(char)
        if index >= 0:
            line, column = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
        hint = f"YAML に書けない文字 {char_name(char)} があります。削除してください。"
    return Problem("yaml-syntax", line, column, {"detail": detail, "hint": hint})


_KIND_NAMES = {list: "リスト", str: "文字列", int: "数値", float: "数値", bool: "真偽値", type(None): "空"}
_KIND_NAMES_EN = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false", type(None): "nothing"}


def _text_faults(root, value) -> list[Problem]:
    """The faults of every string (value or key) under `root`, located at its node: control,
    invisible and non-characters, decomposed kana (composed here, in `value`, so that the tables
    and a cp932 export get one character), line breaks and edge spaces (faults in one-line fields
    only: marked `layout`, validate.values decides by the field)."""
    problems: list[Problem] = []
    stack = [(root, value, ())]
    while stack:
        node, held, path = stack.pop()
        if isinstance(node, yaml.MappingNode) and type(held) is dict:
            pairs = [(k.value, k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            for key, key_node, _ in pairs:
                _string_faults(key, key_node, path + (key,), problems, is_key=True)
        elif isinstance(node, yaml.SequenceNode) and type(held) is list:
            pairs = [(i, None, v) for i, v in enumerate(node.value) if i < len(held)]
        else:
            continue
        for key, _, child in pairs:
            item = held.get(key) if type(held) is dict else held[key]
            if not isinstance(child, yaml.ScalarNode):
                stack.append((child, item, path + (key,)))
            elif item is child.value:  # the string read from this node (not a duplicate key's)
                composed = _string_faults(item, child, path + (key,), problems)
                if composed is not None:
                    held[key] = composed
    return problems


def _string_faults(text: str, node, path, problems: list, is_key: bool = False) -> str | None:
    """Append the faults of one string; returns it composed when it held decomposed kana."""
    composed = None if is_key else compose_marks(text)
    found = value_faults(composed or text)
    if composed is not None:
        found.insert(0, ("text-decomposed", combining_marks(text), False, 0))
    if not found:  # most strings: no place or name to make (a scheme's hundreds of texts at every start)
        return composed
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    name = format_path(path)
    for code, chars, layout, index in found:
        params = {"field": name, "field_en": name, "shown": shown(composed or text, index), "layout": layout,
                  "chars": "、".join(chars[:3]) + ("…" if len(chars) > 3 else ""),
                  "chars_en": ", ".join(chars[:3]) + ("…" if len(chars) > 3 else "")}
        if is_key:
            params.update(field="項目名", field_en="A key", key=True, layout=False)
        problems.append(Problem(code, line, column, params, path))
    return composed


class Document:
    """One YAML file: its text, its value (a dict, or None when unusable) and its problems."""

    __slots__ = ("rel", "_text", "value", "problems", "schema_problems", "lossy", "source", "found", "record",
                 "_root", "_keys", "_tagged")

    def __init__(self, rel: str, text: str | None, value, problems: list[Problem]):
        self.rel, self._text, self.value, self.problems = rel, text, value, problems
        self.schema_problems = None  # set when validated where it was read (a worker process)
        self.lossy = False  # a value was dropped while reading (see _Walk)
        self.source = None  # the file to read the text from again, when the text was dropped
        self.found = None  # finding rows of the checks run where it was read (check.check_record)
        self.record = None  # the model record built there (kept in that process only)
        self._root = None
        self._keys: dict = {}
        self._tagged = False

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
        self._keys, self._tagged = {}, False

    def forget_nodes(self) -> None:
        """Drop the nodes locate() composed (a whole file's, kept while its findings are located)."""
        self._root, self._keys, self._tagged = None, {}, False

    def locate(self, path, key: bool = False, tagged: bool = False) -> tuple[int, int, object]:
        """(line, column, node) of the value at `path`, or of the nearest existing parent.

        With key=True the mapping key's position is returned (for unknown keys). The node's tag
        is resolved only with tagged=True (the schema's type findings read the type as written);
        positions alone take the untagged loader, a quarter cheaper: a registry with many
        findings composes most of its files again here."""
        if self._root is None or tagged and not self._tagged:
            try:
                self._root, _ = _compose(self.text, _Loader if tagged else _UntaggedLoader)
            except (yaml.YAMLError, TypeError, OSError):  # unparsable, no text, or gone meanwhile
                return 1, 1, None
            self._keys, self._tagged = {}, tagged
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
    """libyaml composes recursively and crashes on ~100,000 nested collections: nested brackets,
    or block sequences/explicit keys opened on one line (`- - - x`, 2 bytes a level). Count
    first (cheap), and look closer only in the rare file with many of them. Returns where it
    gets too deep."""
    if text.count("- ") + text.count("? ") >= MAX_DEPTH:
        compact = _COMPACT_NESTING.search(text)
        if compact is not None:
            return _position(text, compact.start() + 2 * MAX_DEPTH)
    if text.count("[") + text.count("{") < _BRACKETS_BEFORE_SCAN:
        return None
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _position(text, index)
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


# More than MAX_DEPTH block entries opened on one line, each a level deeper than the last.
_COMPACT_NESTING = re.compile(r"(?:[-?][ \t]+){%d,}" % (MAX_DEPTH + 1))


def _position(text: str, index: int) -> tuple[int, int]:
    """(line, column) of `index` in `text`, both from 1."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def read_document(rel: str, data: bytes) -> Document:
    if len(data) > MAX_BYTES:
        return Document(rel, None, None, [Problem("file-too-large", 1, 1, {"size": len(data), "limit": MAX_BYTES})])
    text, problems = decode(data)
    if text is None:
        return Document(rel, None, None, problems)
    scanned = scan(text)
    problems = scanned.problems
    if problems:
        return Document(rel, text, None, problems)
    where = _too_deep(text)
    if where:
        return Document(rel, text, None, [Problem("yaml-too-deep", *where, {"depth": MAX_DEPTH})])
    plain = not scanned.markup or ("*" not in text and "!" not in text and "<<" not in text)
    if plain and not needs_value_scan(text, data, scanned):
        value = _compiled_values(text)
        if value is not _NOT_YET:
            return Document(rel, text, value, [])
    try:
        root, second = _compose(text, _UntaggedLoader if plain else _Loader)
    except yaml.YAMLError as err:
        return Document(rel, text, None, [_syntax_problem(err, text)])
    if root is None:
        return Document(rel, text, None, [Problem("file-empty", 1, 1, {})])
    walk = _Walk(text)
    value = _NOT_YET
    if plain:
        try:
            value = _plain_values(root)
        except _Unusual:
            root, second = _compose(text)  # the walk needs the resolved tags
    if value is _NOT_YET:
        value = walk.value(root, ())
    problems = walk.problems
    if walk.odd_text or needs_value_scan(text, data, scanned):  # cheap tests: the walk over values only then
        problems += _text_faults(root, value)
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
