"""Findings and the result of a check. Results never print themselves: see report/."""

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
