"""五十音順: sort keys that order readings (よみ) and names as a Japanese dictionary does, in the
manner of JIS X 4061 (日本語文字列照合順番) and of ICU's "ja" collation.

`sort_key(text)` compares level by level over the whole string, as the Unicode Collation Algorithm
does; a later level counts only where every earlier one is equal:

1. primary — the letters. Kana: hiragana = katakana, half-width = full width (NFKC), voiced and
   semi-voiced read as their plain kana (ガ, カ゚ → カ; バ, パ → ハ), small as large (ッ → ツ, ャ → ヤ,
   ヵ → カ, ヶ → ケ), ー as the vowel of the kana before it (カー → カア, キー → キイ, スー → スウ,
   セー → セエ, トー → トオ, ッー → ッウ, ャー → ャア; ーー repeats it), ゝヽ as the kana before them
   and ゞヾ as its voiced form (いすゞ → イスズ), 々 as the kanji before it (佐々木 → 佐佐木).
   ー after ン reads as ン: what it lengthens is the nasal itself (ンー → ンン; it has no vowel).
   ー, ゝ or 々 with nothing to stand for (at the start, after a digit or a Latin letter) keep a
   weight of their own, before ア (as in ICU).
   Classes, in this order (as ICU "ja"): symbols, digits (one by one: 10 before 9), Latin letters
   (case and accents count later), kana, kanji in JIS X 0208 order (第1水準 is ordered by a
   reading of each kanji, 第2水準 by radical: what JIS X 4061 and ICU "ja" use for a kanji whose
   reading is not known), other kanji by code point, then other scripts (Greek, Cyrillic, …) and
   private use (外字) by code point. Spaces, punctuation (・ 、 （ ）) and control characters are
   ignored: 「サトウ クリニック」 and 「サトウクリニック」 sort together.
2. secondary — 清音 < 濁音 < 半濁音 (ハ < バ < パ, カ < ガ < カ゚); Latin plain < accented.
3. tertiary — ー, ゝ and 々 < small < large (カー < カァ < カア, イスゞ < イスズ, ッ < ツ);
   Latin lower < upper.
4. the text itself by code point — so the order is total and stable: for the same letters
   hiragana < katakana < half-width (U+3041… < U+30A1… < U+FF66…), then with spaces before without.

Where ICU 77 "ja" differs, on purpose: ンー (ICU: before ンア), iteration marks (ICU gives ゞ a
letter of its own: イスゞ before イスス), spaces and punctuation (ICU: a letter before every other).
Elsewhere the keys agree with it: on ~340,000 random pairs of kana, kanji, digits and Latin
letters, and on the readings in tests/test_collation.py.

Why own code and not a library (evaluated on those pairs when this module was written):
- PyICU's ICU "ja" collation does all of this, but `pyicu` is a source distribution that needs a
  C++ compiler and ICU's headers; `pyicu-wheels` 2.15.2 has no macOS wheel, `icukit-pyicu`
  78.3.1 no Windows wheel, `pyicu-binary` 2.7.4 is a source distribution from 2021, and `icu4py`
  1.2.0 (wheels everywhere) has no collation API — none installs from a plain `pip install .` on
  Linux, macOS and Windows without a compiler.
- pyuca 1.2 (pure Python, the Unicode default table) orders dakuten, small kana and hiragana
  right but gives ー a letter of its own before ア instead of the vowel before it: it sorts
  コーチ before コアラ and トー before トウ (a dictionary: コアラ < コーチ (コオチ), トウ < トー (トオ)).
- jaconv folds width and hiragana but orders nothing; unicodedata.normalize("NFKC") does the
  folding here.
The tables are derived from Unicode's own data (ガ = カ + U+3099; ァ is SMALL A), so the code is
short; a key is built by str.translate and compared as strings (C code), with the levels after the
primary built only when two primaries tie.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Every level is a string, one character per letter, so that the keys are built by str.translate
# and compared by C code (15,000 readings in a few tens of milliseconds). A primary weight is a
# code point in the band of its class, bands in the order of the classes:
_SYMBOL = 0x100          # + the symbol's code point (all below U+20000)
_DIGIT = 0x20100         # + its value
_LATIN = 0x20200         # + the code point of its lower-case base letter
_KANA = 0x20300          # + the offset of the large plain katakana in U+30xx; _KANA itself is the
#                          weight of ー/ゝ/々 with nothing before them to stand for: before ア
_KANJI = 0x20400         # + JIS X 0208 row × 94 + cell
_KANJI_OTHER = 0x30000   # + code point − U+3400: kanji outside JIS X 0208
_OTHER = 0x70000         # + code point: other scripts (below U+40000), then private use of U+F0000…
# Characters whose primary weight depends on the one before them, resolved after translation.
_LENGTHEN, _REPEAT_KANA, _REPEAT_KANJI = "\x01", "\x02", "\x03"
# Secondary "0" 清音, "1" 濁音, "2" 半濁音; a stray combining mark sets the letter before it.
_MARK_VOICED, _MARK_SEMI = "\x04", "\x05"
# Tertiary: ー, ゝ and 々 first, then small, then large.
_DERIVED, _SMALL_FORM, _LARGE_FORM = "0", "1", "2"

_VOWEL_ROWS = {"ア": "アカサタナハマヤラワ", "イ": "イキシチニヒミリヰ", "ウ": "ウクスツヌフムユル",
               "エ": "エケセテネヘメレヱ", "オ": "オコソトノホモヨロヲ", "ン": "ン"}
# the spacing marks ゛゜ (U+309B/C) as the combining ones, so NFKC composes カ゛ into ガ
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})
_IGNORED = (None, None, None)


def _kana_weight(large: str) -> str:
    return chr(_KANA + ord(large) - 0x3000)


def _large(kana: str) -> str:
    """ァ -> ア, ヶ -> ケ, ㇰ -> ク: the letter of the same name without SMALL; others unchanged."""
    name = unicodedata.name(kana, "")
    return unicodedata.lookup(name.replace(" SMALL ", " ")) if " SMALL " in name else kana


def _kana_weights() -> dict[str, tuple[str, str, str]]:
    """Every katakana and hiragana letter (ァ…ヺ, ㇰ…ㇿ, ぁ…ゖ) -> its (primary, secondary,
    tertiary), from Unicode's decompositions (ガ = カ + U+3099) and names (SMALL A)."""
    table = {}
    for cp in [*range(0x30A1, 0x30FB), *range(0x31F0, 0x3200)]:
        decomposed = unicodedata.normalize("NFD", chr(cp))
        plain, marks = decomposed[0], decomposed[1:]
        voicing = "2" if "\u309a" in marks else "1" if "\u3099" in marks else "0"
        large = _large(plain)
        weights = (_kana_weight(large), voicing, _SMALL_FORM if large != plain else _LARGE_FORM)
        table[chr(cp)] = weights
        if cp <= 0x30F6:  # hiragana sits 0x60 below its katakana
            table[chr(cp - 0x60)] = weights
    table.update({"ー": (_LENGTHEN, "0", _DERIVED), "ゝ": (_REPEAT_KANA, "0", _DERIVED),
                  "ヽ": (_REPEAT_KANA, "0", _DERIVED), "ゞ": (_REPEAT_KANA, "1", _DERIVED),
                  "ヾ": (_REPEAT_KANA, "1", _DERIVED), "々": (_REPEAT_KANJI, "0", _DERIVED),
                  "\u3099": (None, _MARK_VOICED, None), "\u309a": (None, _MARK_SEMI, None)})
    return table


_KANA_WEIGHTS = _kana_weights()
_VOWEL = {_kana_weight(kana): _kana_weight(vowel) for vowel, row in _VOWEL_ROWS.items() for kana in row}


def _is_kanji(cp: int) -> bool:
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def _kanji_weight(ch: str) -> str:
    """A kanji's place: its JIS X 0208 row and cell (第1水準 in reading order, 第2水準 by radical),
    else after all of them by code point."""
    try:
        jis = ch.encode("euc_jp")
    except UnicodeEncodeError:
        jis = b""
    if len(jis) == 2 and jis[0] >= 0xB0:  # rows 16–84 (EUC-JP bytes 0xB0…): the kanji of JIS X 0208
        return chr(_KANJI + (jis[0] - 0xB0) * 94 + jis[1] - 0xA1)
    return chr(_KANJI_OTHER + ord(ch) - 0x3400)


def _weights(ch: str) -> tuple[str | None, str | None, str | None]:
    """(primary, secondary, tertiary) of one character of NFKC text; None to ignore it."""
    known = _KANA_WEIGHTS.get(ch)
    if known is not None:
        return known
    cp = ord(ch)
    if _is_kanji(cp):
        return _kanji_weight(ch), "0", _LARGE_FORM
    category = unicodedata.category(ch)
    if category == "Nd":
        return chr(_DIGIT + unicodedata.decimal(ch)), "0", _LARGE_FORM
    if category[0] == "L":
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0].lower()
        if "a" <= base <= "z":
            return (chr(_LATIN + ord(base)), "1" if len(decomposed) > 1 else "0",
                    _SMALL_FORM if ch.islower() else _LARGE_FORM)
    if category[0] == "L" or category == "Co":  # other scripts; private use (外字) last
        # letters and private use lie below U+40000 or from U+F0000 (planes 15–16, after the rest)
        return chr(_OTHER + cp if cp < 0x40000 else _OTHER + 0x40000 + (cp - 0xF0000)), "0", _LARGE_FORM
    if category[0] in "SN":  # symbols, and numbers that are not digits
        return chr(_SYMBOL + min(cp, 0x1FFFF)), "0", _LARGE_FORM  # no symbol above U+1FFFF
    return _IGNORED  # spaces, punctuation (・ 、 （ ）), controls, format characters


class _Level(dict):
    """The str.translate table of one level, filled in on a character's first sight."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def __missing__(self, cp: int) -> str | None:
        value = self[cp] = _weights(chr(cp))[self.index]
        return value


_PRIMARY, _SECONDARY, _TERTIARY = _Level(0), _Level(1), _Level(2)
_MARKS = re.compile("(.?)([\\x04\\x05]+)")
_BEFORE_ANY = chr(_KANA)


def _lengthen(primary: str) -> str:
    """Each ー (_LENGTHEN) as the vowel of the weight before it (ーー: the same vowel again)."""
    parts = primary.split(_LENGTHEN)
    out = [parts[0]]
    vowel = _VOWEL.get(parts[0][-1:], _BEFORE_ANY)
    for part in parts[1:]:
        out += (vowel, part)
        if part:
            vowel = _VOWEL.get(part[-1], _BEFORE_ANY)
    return "".join(out)


def _repeat(primary: str) -> str:
    """ゝヽゞヾ as the kana before them and 々 as the kanji before it (rare: a plain loop); a ー
    between them and their letter is skipped (カーゝ → カ・ア・カ)."""
    out: list[str] = []
    for weight in primary:
        if weight == _REPEAT_KANA or weight == _REPEAT_KANJI:
            letter = next((w for w in reversed(out) if w != _LENGTHEN), "")
            if weight == _REPEAT_KANA:
                fits = _KANA < ord(letter or "\0") < _KANJI
            else:
                fits = _KANJI <= ord(letter or "\0") < _OTHER
            weight = letter if fits else _BEFORE_ANY
        out.append(weight)
    return "".join(out)


def _marked(match: re.Match) -> str:
    """カ゚ (no precomposed letter): the combining mark sets the voicing of the letter before it."""
    if not match.group(1):
        return ""
    return "1" if match.group(2)[-1] == _MARK_VOICED else "2"


@functools.total_ordering
class Tail:
    """The levels after the primary one — secondary, tertiary, the text — built only when two
    primaries tie (rare in a real list), so a key costs little more than its primary level."""

    __slots__ = ("text", "folded", "_levels")

    def __init__(self, text: str, folded: str):
        self.text, self.folded, self._levels = text, folded, None

    def levels(self) -> tuple[str, str, str]:
        """(secondary, tertiary, text): one character per letter in the first two."""
        if self._levels is None:
            secondary = self.folded.translate(_SECONDARY)
            if _MARK_VOICED in secondary or _MARK_SEMI in secondary:
                secondary = _MARKS.sub(_marked, secondary)
            self._levels = (secondary, self.folded.translate(_TERTIARY), self.text)
        return self._levels

    def __eq__(self, other) -> bool:  # the text is the last level: equal keys, equal texts
        return isinstance(other, Tail) and self.text == other.text

    def __lt__(self, other: Tail) -> bool:
        return self.levels() < other.levels()

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Tail({self.text!r})"


@functools.lru_cache(maxsize=1 << 15)
def sort_key(text: str) -> tuple[str, Tail]:
    """The 五十音順 key of `text` (any string; "" sorts first): (primary level, Tail), compared as
    a tuple (see the module docstring). The primary is a string of one weight per letter; keys are
    equal only for equal texts. Cached per string."""
    if "\u309b" in text or "\u309c" in text:
        text_marks = text.translate(_SPACING_MARKS)
    else:
        text_marks = text
    folded = unicodedata.normalize("NFKC", text_marks)
    primary = folded.translate(_PRIMARY)
    if _REPEAT_KANA in primary or _REPEAT_KANJI in primary:
        primary = _repeat(primary)
    if _LENGTHEN in primary:
        primary = _lengthen(primary)
    return primary, Tail(text, folded)
