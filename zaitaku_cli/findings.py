"""Findings and the result of a check, and each finding's catalogue entry and message. Results
never print themselves: see report/.

The lookup lives here, above both parts of the catalogue: catalogue.py (built-in entries) knows
no rule, and each rule module (rules/) declares its own entry."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One located problem. `params` fill the catalogue's message template."""

    code: str
    severity: str
    file: str
    line: int
    column: int
    path: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def sort_key(self):
        return (self.file, self.line, self.column, self.code, self.path)


def format_path(path) -> str:
    """('linked_institutions', 0, 'name') -> 'linked_institutions[0].name'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class CheckResult:
    findings: list[Finding]
    files: int

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


def entry(code: str):
    """The catalogue Entry of a finding code, built-in or a rule's. Raises KeyError for an unknown code."""
    from zaitaku_cli.catalogue import BUILTIN

    if code in BUILTIN:
        return BUILTIN[code]
    from zaitaku_cli.rules import RULES_BY_CODE

    return RULES_BY_CODE[code].ENTRY


def all_entries() -> list:
    """Every catalogue Entry: the built-in ones, then the rules' in the registry's order."""
    from zaitaku_cli.catalogue import BUILTIN
    from zaitaku_cli.rules import RULES

    return list(BUILTIN.values()) + [r.ENTRY for r in RULES]


def render(finding, lang: str = "ja") -> str:
    """The finding's message in `lang` ("ja", or "en")."""
    return entry(finding.code).render(lang, finding.params)
