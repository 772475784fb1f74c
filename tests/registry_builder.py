"""Builds temporary registries for the tests, and reads the fixture files' expectations.

A test registry is `<tmp>/registry/` with `prefecture.yaml` and `reference/` copied from the
embedded registry (the real Hokkaido scheme) plus the minimal valid records of
`tests/fixtures/valid/`. A fixture then replaces or adds one file.

Fixture files (`tests/fixtures/invalid/<kind>/<key>_<reason>.<ext>` and
`tests/fixtures/accepted/<kind>/<key>_<reason>.<ext>`) carry their expectations in leading
comment lines (or, for files whose bytes cannot hold an ASCII comment such as UTF-16, in a
sidecar file `<stem>.expect` beside them):

    # expect: <code> <line>:<column> [<file>]   a finding that must be present; <file> defaults
                                               to the fixture's own path (registry/<place>)
    # place: hubs/second-hub.yaml               where the fixture goes (default <kind>/<key><ext>,
                                               i.e. it replaces the valid record of that name)
    # as-of: 2025-05-01                         the reference date (default 2025-12-31)
    # with: zones/date-shi.yaml                 also copy tests/fixtures/support/<that path>
    # scheme: <old text> => <new text>          patch prefecture.yaml (the old text must occur once;
                                               \\n in either text is a line break)
    # parses-as: 2025-04-01                     (accepted dates) the date the fixture's date means
    # xfail: BUG: ...                           a known bug: the test is a strict xfail
"""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
EMBEDDED = REPO / "registry"
FIXTURES = TESTS / "fixtures"
VALID = FIXTURES / "valid"
SUPPORT = FIXTURES / "support"
INVALID = FIXTURES / "invalid"
ACCEPTED = FIXTURES / "accepted"
DEFAULT_AS_OF = datetime.date(2025, 12, 31)
KINDS = ("zones", "institutions", "hubs", "grants")

# The registry-relative paths of the valid records (e.g. "institutions/sample-clinic.yaml").
VALID_FILES = sorted(p.relative_to(VALID).as_posix() for p in VALID.rglob("*.yaml"))


def build_registry(base: Path, files: dict | None = None, scheme=()) -> Path:
    """Create `base/registry` and return it. `files` maps a registry-relative path to bytes, to
    a Path to copy, or to None (delete the valid record there). `scheme` is a list of
    (old, new) text replacements applied to prefecture.yaml."""
    root = base / "registry"
    root.mkdir(parents=True)
    text = (EMBEDDED / "prefecture.yaml").read_text(encoding="utf-8")
    for old, new in scheme:
        assert text.count(old) == 1, f"scheme patch {old!r} must match prefecture.yaml exactly once"
        text = text.replace(old, new)
    (root / "prefecture.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(EMBEDDED / "reference", root / "reference")
    for rel in VALID_FILES:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(VALID / rel, target)
    for kind in KINDS:
        (root / kind).mkdir(exist_ok=True)
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            target.unlink()
        elif isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
    return root


@dataclass(frozen=True)
class Expect:
    code: str
    file: str
    line: int
    column: int

    def key(self):
        return (self.code, self.file, self.line, self.column)

    def __str__(self):
        return f"{self.code} {self.file}:{self.line}:{self.column}"


@dataclass
class Case:
    path: Path
    kind: str
    key: str
    reason: str
    place: str
    as_of: datetime.date = DEFAULT_AS_OF
    expects: list = field(default_factory=list)
    withs: list = field(default_factory=list)
    scheme: list = field(default_factory=list)
    parses_as: datetime.date | None = None
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def file(self) -> str:
        """The fixture's path in findings (relative to the folder that holds registry/)."""
        return f"registry/{self.place}"

    def build(self, base: Path, as_bytes: bytes | None = None) -> Path:
        files = {w: SUPPORT / w for w in self.withs}
        files[self.place] = as_bytes if as_bytes is not None else self.path
        return build_registry(base, files, self.scheme)


_DIRECTIVE = re.compile(r"^#\s*(expect|place|as-of|with|scheme|parses-as|xfail):\s*(.*?)\s*$")
_EXPECT = re.compile(r"^(?P<code>[a-z][a-z0-9-]*)\s+(?P<line>\d+):(?P<col>\d+)(?:\s+(?P<file>\S+))?$")


def _header_lines(path: Path) -> list[str]:
    sidecar = path.with_suffix(".expect")
    if sidecar.is_file():
        return sidecar.read_text(encoding="utf-8").splitlines()
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = []
    for raw in data.split(b"\n"):
        if not raw.startswith(b"#"):
            break
        lines.append(raw.rstrip(b"\r").decode("utf-8", errors="replace"))
    return lines


def load_case(path: Path) -> Case:
    kind = path.parent.name
    stem = path.name.split(".", 1)[0]
    key, _, reason = stem.partition("_")
    assert kind in KINDS, f"{path}: fixtures live in a folder named after the record kind"
    assert reason, f"{path}: fixture names are <key>_<reason>.<ext>"
    case = Case(path, kind, key, reason, place=f"{kind}/{key}{path.suffix}")
    pending = []
    for line in _header_lines(path):
        m = _DIRECTIVE.match(line)
        if not m:
            continue
        name, value = m.groups()
        if name == "expect":
            pending.append(value)
        elif name == "place":
            case.place = value
        elif name == "as-of":
            case.as_of = datetime.date.fromisoformat(value)
        elif name == "with":
            case.withs.append(value)
        elif name == "scheme":
            old, sep, new = value.replace("\\n", "\n").partition(" => ")
            assert sep, f"{path}: '# scheme: OLD => NEW'"
            case.scheme.append((old, new))
        elif name == "parses-as":
            case.parses_as = datetime.date.fromisoformat(value)
        elif name == "xfail":
            case.xfail = value
    for value in pending:
        m = _EXPECT.match(value)
        assert m, f"{path}: bad '# expect: {value}' (want: <code> <line>:<column> [<file>])"
        case.expects.append(Expect(m["code"], m["file"] or case.file, int(m["line"]), int(m["col"])))
    return case


def load_cases(folder: Path) -> list[Case]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".expect")
    return [load_case(p) for p in paths]
