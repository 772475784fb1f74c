"""The plan's tables, built from the typed registry (DESIGN §5).

A table is plain data: a name, a title, headers, rows of cells and notes. Building one is a pure
function of (Registry, as_of, lang) in its own module (regional.py, functional.py, hubs.py,
pending.py; a registry restricted to one area by areas.py gives that area's table); the
writers in zaitaku_cli/writers/ turn tables into Markdown, CSV or XLSX and never look at the
registry. A cell is a `str`, a `Link` (Markdown renders the URL; CSV and XLSX keep the text), a
`Links` (a list of names, each a `Link` or a `str`, shown joined with 、: the linked institutions), a
`DateCell` (an era date for people, ISO in CSV) or a `Yen` (an amount: 千円 text in Markdown and
CSV, the integer yen as a number in XLSX).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Union

__all__ = ["Cell", "DateCell", "Link", "Links", "Table", "Yen", "build", "cell_text", "TABLE_KINDS"]


@dataclass(frozen=True, slots=True)
class Link:
    """A name that links to a page (医療情報ネット) where the registry knows its id."""

    text: str
    url: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Links:
    """Names in one cell, each a `Link` or a `str`, shown joined with 、 (seed 001 links every
    linked institution and linked nursing station). `text` is the joined names, exactly the cell
    CSV and XLSX print; Markdown (and HTML) link each item that has a URL."""

    items: tuple = ()  # of Link | str, in the record's order

    SEPARATOR = "、"

    @property
    def text(self) -> str:
        return self.SEPARATOR.join(item if type(item) is str else item.text for item in self.items)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class DateCell:
    """A date as the plan prints it (令和７年４月１日) and as CSV carries it (2025-04-01)."""

    text: str
    iso: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Yen:
    """An amount of money, integer yen: shown in 千円 exactly (money.thousands: 920500 -> 920.5),
    written to XLSX as the number of yen (the only numeric cells: Excel can sum them)."""

    yen: int

    @property
    def text(self) -> str:
        from zaitaku_cli.money import thousands

        return thousands(self.yen)

    def __str__(self) -> str:
        return self.text


Cell = Union[str, Link, Links, DateCell, Yen]


def cell_text(cell: Cell, iso: bool = False) -> str:
    """The cell's text; `iso` picks the ISO form of dates (CSV)."""
    if type(cell) is str:
        return cell
    if iso and type(cell) is DateCell:
        return cell.iso
    return cell.text


@dataclass
class Table:
    name: str  # regional | functional | hubs | hubs_planned | pending
    title: str  # with the table number and the as-of date
    headers: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)  # printed under the table (Markdown, XLSX)
    sheet: str = ""  # XLSX sheet name (at most 31 characters)
    slug: str = ""  # file-name suffix when a CSV export writes this table to a second file
    warnings: list[str] = field(default_factory=list)  # for the person exporting (stderr), not printed
    row_header: int | None = None  # the column that names a row (HTML <th scope="row">); None: none


# The column that names each row, by LABELS key (tables.common): the institution, the hub, ...
ROW_HEADERS = {"regional": "institution", "functional": "institution", "hubs": "hub_name",
               "hubs_planned": "planned_zone", "pending": "pending_name", "grants": "grant_target"}


TABLE_KINDS = ("regional", "functional", "hubs", "pending", "grants")


def build(kind: str, registry, as_of: datetime.date, lang: str = "ja", include_planned: bool = False,
          fiscal_year: int | None = None) -> list[Table]:
    """The tables of one `zaitaku export` subcommand, each with its row_header; `fiscal_year`
    (grants only) defaults to the fiscal year of `as_of`. Each ends with the ※ notes
    prefecture.yaml gives for it (`tables.<table>.notes`), after the tool's own notes and without
    repeating one."""
    from zaitaku_cli.tables.common import labels, scheme_notes

    tables = _build(kind, registry, as_of, lang, include_planned, fiscal_year)
    for table in tables:
        table.notes.extend(n for n in scheme_notes(registry.scheme, table.name, lang) if n not in table.notes)
        header = labels(lang, registry.scheme, table.name).get(ROW_HEADERS.get(table.name, ""))
        if table.row_header is None and header in table.headers:
            table.row_header = table.headers.index(header)
    return tables


def _build(kind, registry, as_of, lang, include_planned, fiscal_year) -> list[Table]:
    if kind == "regional":
        from zaitaku_cli.tables.regional import build_regional

        return [build_regional(registry, as_of, lang)]
    if kind == "functional":
        from zaitaku_cli.tables.functional import build_functional

        return [build_functional(registry, as_of, lang)]
    if kind == "hubs":
        from zaitaku_cli.tables.hubs import build_hubs, build_hubs_planned

        tables = [build_hubs(registry, as_of, lang)]
        if include_planned:
            tables.append(build_hubs_planned(registry, as_of, lang))
        return tables
    if kind == "pending":
        from zaitaku_cli.tables.pending import build_pending

        return [build_pending(registry, as_of, lang)]
    if kind == "grants":
        from zaitaku_cli.tables.grants import build_grants

        return [build_grants(registry, as_of, lang, fiscal_year)]
    raise ValueError(f"unknown table {kind!r}")
