"""Japan's prefectures and municipalities from a data package, for `zaitaku init`.

The data package is `japancode` (PyPI, MIT): its data/prefectures.json and
data/municipalities.json hold every prefecture and every 市区町村 — with the wards of the
designated cities written "熊本市 中央区" — each with its 全国地方公共団体コード (check digit
included) and reading. Its public functions cover prefectures only, so the two files are read
directly; setup.cfg pins the package's minor version, and every record is checked here (shape,
six digits, check digit, prefecture number) so that a changed package fails loudly instead of
writing wrong codes. Nothing is typed by hand.

Counted (package 0.1.0, checked against the Japan Post data of 2026-10 and the embedded
Hokkaido table): 47 prefectures, 1,741 municipalities (the 23 special wards of Tokyo are
municipalities in JIS X 0402; the 175 wards of designated cities are not listed).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from zaitaku_cli.codes import check_digit_ok

PACKAGE = "japancode"


class DataUnavailable(Exception):
    """The data package is missing or not in the shape this module reads (Japanese and English
    text in args[0] and args[1])."""


@dataclass(frozen=True)
class Prefecture:
    number: str  # "43"
    code: str  # "430005" (check digit included)
    name: str  # 熊本県
    short_name: str  # 熊本
    kana: str  # くまもとけん
    roman: str  # Kumamoto

    @property
    def id(self) -> str:
        """The registry id (prefecture.yaml `id`): kumamoto."""
        return self.roman.lower()


@dataclass(frozen=True)
class Town:
    code: str  # "431001"
    name: str  # 熊本市
    kana: str  # クマモトシ (katakana)


def _read(name: str):
    from importlib import resources

    try:
        text = (resources.files(PACKAGE) / "data" / name).read_text(encoding="utf-8")
        return json.loads(text)
    except ModuleNotFoundError:
        raise DataUnavailable(
            f"市町村のデータのパッケージ {PACKAGE} がインストールされていません（pip install {PACKAGE}）。",
            f"the data package {PACKAGE} is not installed (pip install {PACKAGE}).") from None
    except (OSError, ValueError) as err:
        raise DataUnavailable(f"{PACKAGE} の {name} を読めません（{err}）。",
                              f"cannot read {name} of {PACKAGE} ({err}).") from None


def _bad_data(what: str) -> DataUnavailable:
    return DataUnavailable(f"{PACKAGE} のデータが想定と違います（{what}）。zaitaku を更新してください。",
                           f"{PACKAGE}'s data is not as expected ({what}); update zaitaku.")


def load_prefectures() -> list[Prefecture]:
    """The 47 prefectures in code order. Raises DataUnavailable."""
    prefectures = []
    for item in _read("prefectures.json"):
        try:
            pref = Prefecture(item["pid"].zfill(2), item["lgcode"], item["pref"], item["prefshort"],
                              item["prefkana"], item["pref_en"])
        except (KeyError, TypeError, AttributeError):
            raise _bad_data(f"prefectures.json: {item!r:.80}") from None
        if not check_digit_ok(pref.code) or pref.code[:2] != pref.number or not pref.id.isascii():
            raise _bad_data(f"{pref.name} {pref.code}")
        prefectures.append(pref)
    if len(prefectures) != 47:
        raise _bad_data(f"{len(prefectures)} prefectures")
    return sorted(prefectures, key=lambda p: p.code)


def find_prefecture(text: str, prefectures: list[Prefecture]) -> Prefecture | None:
    """The prefecture `text` names: 熊本県, 熊本, kumamoto (any case), 43, 430005 (full-width
    digits too); None if it names none."""
    wanted = unicodedata.normalize("NFKC", text).strip()
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 2:
        wanted = wanted.zfill(2)
    for pref in prefectures:
        if wanted in (pref.name, pref.short_name, pref.number, pref.code) or wanted.lower() == pref.id:
            return pref
    return None


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _is_ward(name: str) -> bool:
    """A ward of a designated city ("熊本市 中央区"); Tokyo's special wards ("千代田区") are not."""
    return " " in name or "\u3000" in name


def municipalities_of(pref: Prefecture) -> list[Town]:
    """Every municipality (市町村, and Tokyo's 特別区) of `pref` in code order: a designated city
    once, its wards not listed. Raises DataUnavailable."""
    towns = {}
    for item in _read("municipalities.json"):
        try:
            if item["pid"].zfill(2) != pref.number or _is_ward(item["city"]):
                continue
            town = Town(item["lgcode"].zfill(6), item["city"], _katakana(item["citykana"]))
        except (KeyError, TypeError, AttributeError):
            raise _bad_data(f"municipalities.json: {item!r:.80}") from None
        if not check_digit_ok(town.code) or town.code[:2] != pref.number or town.code in towns or not town.name:
            raise _bad_data(f"{town.name} {town.code}")
        towns[town.code] = town
    if not towns:
        raise _bad_data(f"{pref.name}: no municipality")
    return sorted(towns.values(), key=lambda t: t.code)
