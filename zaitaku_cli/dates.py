"""Strict parsing of Japanese-era and ISO dates (stdlib only).

The input is first normalised with Unicode NFKC (so full-width digits,
full-width ．／－, full-width letters such as Ｒ, the square era signs such as
㋿ and the ideographic space U+3000 become their plain forms) and stripped of
surrounding whitespace.  Accepted forms are then:

* ISO / Gregorian: ``2025-04-01``, ``2025-4-1``, ``2025/4/1`` (one separator
  used consistently), and Gregorian kanji ``2025年4月1日``.
* Kanji era: ``令和7年4月1日``, ``令和元年5月1日`` (元 = year 1),
  ``令和 7 年 4 月 1 日`` (spaces allowed between parts).
* Short era: ``R7.4.1``, ``r7.4.1``, ``令7.4.1``, ``H31.4.30``, ``S64.1.7``,
  with ``.``, ``/`` or ``-`` as the (consistent) separator; leading zeros are
  fine (``R07.04.01``).
* Month-only (``parse_partial_date`` only): ``2025-08``, ``2025/8``,
  ``2025年8月``, ``令和7年8月``, ``R7.8``.

Supported eras are 昭和 (S), 平成 (H) and 令和 (R).  A date must lie within
its era: ``令和1年4月30日`` and ``平成31年5月1日`` are rejected (a month-only
date need only overlap its era, so ``平成元年1月`` is 1989-01).  Errors are
raised as ``DateError`` with a stable ``reason`` slug:

* ``syntax``          -- not a form accepted here (also garbage, empty, non-str)
* ``invalid``         -- no such day or month (``2025-02-30``, ``令和0年1月1日``)
* ``outside-era``     -- the date is not within the era's span (params: era,
                         start, end = the era's last day or None, ISO)
* ``unsupported-era`` -- 大正 / 明治 (T / M), or ``to_era`` before 昭和
* ``month-only``      -- ``parse_date`` given a valid year+month without a day
"""
from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DateError", "PartialDate", "parse_date", "parse_partial_date", "to_era", "ERAS"]

# (kanji name, latin letter, first day); each era ends the day before the next one starts.
ERAS = (
    ("昭和", "S", datetime.date(1926, 12, 25)),
    ("平成", "H", datetime.date(1989, 1, 8)),
    ("令和", "R", datetime.date(2019, 5, 1)),
)
_UNSUPPORTED = {"大正": "大正", "大": "大正", "T": "大正", "明治": "明治", "明": "明治", "M": "明治"}
_ERA_BY_KEY = {}
for _i, (_name, _letter, _start) in enumerate(ERAS):
    _end = ERAS[_i + 1][2] if _i + 1 < len(ERAS) else None
    for _key in (_name, _name[0], _letter):
        _ERA_BY_KEY[_key] = (_name, _start, _end)

_ERA = r"(?P<era>令和|平成|昭和|大正|明治|[令平昭大明RHSTM])"
# All patterns are anchored via fullmatch and have no nested quantifiers,
# so matching is linear in the input length.
_ISO = re.compile(r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?", re.ASCII)
_KANJI = re.compile(_ERA + r"?\s*(?P<y>元|\d{1,4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?",
                    re.ASCII | re.IGNORECASE)
_SHORT = re.compile(_ERA + r"(?P<y>元|\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?",
                    re.ASCII | re.IGNORECASE)
_MAX_LEN = 40
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_STYLES = ("kanji", "short", "kanji_fullwidth")


class DateError(ValueError):
    """Carries a stable reason slug in .reason and format params in .params (dict)."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date whose day may be unknown (day=None: only the month is known)."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self):
        try:
            datetime.date(self.year, self.month, 1 if self.day is None else self.day)
        except (TypeError, ValueError):
            raise DateError("invalid", text=f"{self.year}-{self.month}-{self.day}") from None

    def first(self) -> datetime.date:
        """First possible day."""
        return datetime.date(self.year, self.month, self.day or 1)

    def last(self) -> datetime.date:
        """Last possible day (the date by which it certainly happened)."""
        day = self.day or calendar.monthrange(self.year, self.month)[1]
        return datetime.date(self.year, self.month, day)

    def iso(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return base if self.day is None else f"{base}-{self.day:02d}"


def parse_partial_date(text) -> PartialDate:
    """Parse a full date or a year+month; raises DateError."""
    if isinstance(text, datetime.datetime):
        text = text.date()
    if isinstance(text, datetime.date):
        return PartialDate(text.year, text.month, text.day)
    if not isinstance(text, str):
        raise DateError("syntax", text=repr(text))
    s = unicodedata.normalize("NFKC", text).strip()
    m = None
    if len(s) <= _MAX_LEN:
        m = _ISO.fullmatch(s) or _KANJI.fullmatch(s) or _SHORT.fullmatch(s)
    if m is None:
        raise DateError("syntax", text=text)
    g = m.groupdict()
    era_key, y = g.get("era"), g["y"]
    month, day = int(g["m"]), (int(g["d"]) if g["d"] else None)
    if era_key is None:
        if len(y) != 4:  # Gregorian years are written with 4 digits (and never 元)
            raise DateError("syntax", text=text)
        year, era = int(y), None
    else:
        era_key = era_key.upper()  # r7.4.1 -> R; kanji are unaffected
        if era_key in _UNSUPPORTED:
            raise DateError("unsupported-era", text=text, era=_UNSUPPORTED[era_key])
        if len(y) > 2:
            raise DateError("syntax", text=text)
        era_year = 1 if y == "元" else int(y)
        if era_year == 0:
            raise DateError("invalid", text=text)
        era = _ERA_BY_KEY[era_key]
        year = era[1].year + era_year - 1
    try:
        pd = PartialDate(year, month, day)
    except DateError:
        raise DateError("invalid", text=text) from None
    if era is not None:
        name, start, end = era
        # A month-only date needs only to overlap the era's span.  The "end"
        # param is the era's last day (inclusive), None for the current era.
        if pd.last() < start or (end is not None and pd.first() >= end):
            last = end - datetime.timedelta(days=1) if end else None
            raise DateError("outside-era", text=text, era=name, start=start.isoformat(),
                            end=last.isoformat() if last else None)
    return pd


def parse_date(text) -> datetime.date:
    """Parse a full date (day required); raises DateError.  A date is returned as is."""
    if type(text) is datetime.date:
        return text
    pd = parse_partial_date(text)
    if pd.day is None:
        raise DateError("month-only", text=text, year=pd.year, month=pd.month)
    return pd.first()


def to_era(d: datetime.date, style: str = "kanji") -> str:
    """Format a date as 令和7年4月1日 ("kanji"), R7.4.1 ("short") or 令和７年４月１日 ("kanji_fullwidth")."""
    if style not in _STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {_STYLES}")
    if isinstance(d, datetime.datetime):
        d = d.date()
    if not isinstance(d, datetime.date):
        raise DateError("syntax", text=repr(d))
    for name, letter, start in reversed(ERAS):
        if d >= start:
            break
    else:
        raise DateError("unsupported-era", text=d.isoformat(), era=None)
    year = d.year - start.year + 1
    if style == "short":
        return f"{letter}{year}.{d.month}.{d.day}"
    out = f"{name}{'元' if year == 1 else year}年{d.month}月{d.day}日"
    return out.translate(_FULLWIDTH) if style == "kanji_fullwidth" else out
