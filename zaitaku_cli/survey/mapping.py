"""Which column of the survey holds what, and what the answers mean.

Without a mapping file the columns are found by their headers: the headers `zaitaku export
survey-template` writes (fixed ones for the code, name, … and, for each requirement item of
prefecture.yaml, its mark and text), and common variants (the requirement's table `column`, its
text without the mark, 医療機関名, 名称, 所在地, …). Headers are compared after NFKC normalisation
with all spaces and line breaks removed.

A mapping file (YAML) says it explicitly; every key is optional:

    sheet: 回答                # the workbook's sheet (default: the first)
    header_row: 3              # the header row (default: found)
    columns:                   # field -> the column's header, or its letter (A, B, … AA)
      medical_institution_code: 医療機関コード
      name: B
      requirements: {after_hours_support: 問5, training: 問8}
    answers:                   # added to the national words below
      yes_words: [可]
      no_words: [否]
      unknown_words: [検討中]
    kinds: {機能強化型在支診: zaitaku_clinic}

Answer words (NATIONAL_ANSWERS): yes はい ○ 〇 有 あり 実施している ✓ …; no いいえ × 無 なし
実施していない …; unknown 不明 未定 …; an empty cell is unknown too (the record keeps its value).
A prefecture adds its own in prefecture.yaml `survey` (the same keys as `answers`, and `kinds`);
a mapping file's words come last.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from zaitaku_cli.model import LINKED_LISTS
from zaitaku_cli.errors import UserError

FIXED_FIELDS = ("medical_institution_code", "name", "kana", "municipality", "kind", "intent")
LIST_FIELDS = LINKED_LISTS
TRAILING_FIELDS = (*LIST_FIELDS, "operator", "navii_id")

# The survey template's headers (Japanese; the template is for Japanese prefectures).
HEADERS = {
    "medical_institution_code": "医療機関コード（10桁）",
    "name": "医療機関名",
    "kana": "医療機関名のよみ（カタカナ）",
    "municipality": "所在市町村",
    "kind": "医療機関の種類",
    "intent": "意向（医療計画に掲載されることを希望する）",
    "linked_institutions": "連携している医療機関",
    "linked_nursing_stations": "連携している訪問看護事業所",
    "operator": "開設者",
    "navii_id": "医療情報ネット（ナビイ）のID",
}
ALIASES = {
    "medical_institution_code": ("医療機関コード", "コード", "保険医療機関コード"),
    "name": ("名称", "医療機関の名称", "医療機関名称", "施設名"),
    "kana": ("よみ", "よみがな", "ふりがな", "フリガナ", "ヨミ", "医療機関名のよみ", "医療機関名（よみ）"),
    "municipality": ("市町村", "所在地", "所在地（市町村）", "市町村名", "市区町村"),
    "kind": ("種類", "種別", "医療機関の種別"),
    "intent": ("意向", "掲載の意向", "指定の意向"),
    "linked_institutions": ("連携医療機関",),
    "linked_nursing_stations": ("連携訪問看護事業所", "連携している訪問看護ステーション", "連携訪問看護ステーション"),
    "operator": ("開設者名", "開設主体"),
    "navii_id": ("ナビイID", "医療情報ネットID", "医療情報ネットのID"),
}

NATIONAL_ANSWERS = {
    True: ("はい", "○", "〇", "◯", "◎", "有", "有り", "あり", "実施している", "実施", "している", "該当", "該当する",
           "満たす", "満たしている", "希望する", "希望", "✓", "✔", "☑", "レ", "yes", "y", "true", "1"),
    False: ("いいえ", "×", "✕", "✖", "無", "無し", "なし", "実施していない", "未実施", "していない", "非該当",
            "該当しない", "満たさない", "満たしていない", "希望しない", "no", "n", "false", "0"),
    None: ("不明", "分からない", "わからない", "未定", "未回答", "検討中"),
}

NATIONAL_KIND_WORDS = {
    "在宅療養支援診療所": "zaitaku_clinic", "在支診": "zaitaku_clinic", "機能強化型在宅療養支援診療所": "zaitaku_clinic",
    "機能強化型在支診": "zaitaku_clinic", "機能強化型在支病": "zaitaku_hospital",
    "在宅療養支援病院": "zaitaku_hospital", "在支病": "zaitaku_hospital", "機能強化型在宅療養支援病院": "zaitaku_hospital",
    "訪問診療を実施": "home_visit_provider", "訪問診療を実施する医療機関": "home_visit_provider",
    "訪問診療実施": "home_visit_provider", "訪問診療実施医療機関": "home_visit_provider",
    "訪問診療を実施している": "home_visit_provider", "その他": "other",
}

KEYS = ("sheet", "header_row", "columns", "answers", "kinds")
_LETTERS = re.compile(r"[A-Z]{1,3}")


def norm(text: str) -> str:
    """Headers and words compared: NFKC, no spaces or line breaks, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


class MappingError(UserError):
    """A bad mapping file (exit 2): Japanese and English, and the line it is about."""

    def __init__(self, ja: str, en: str, line: int = 1):
        super().__init__(ja, en)
        self.line = line


@dataclass
class Mapping:
    """columns: field ("name", "requirements.training") -> (header or letter, mapping file line or
    None when it is the default); answers: normalised word -> True/False/None; kinds: normalised
    word -> kind id."""

    columns: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    file: str | None = None  # the mapping file as given
    lines: dict = field(default_factory=dict)  # key -> its line in the mapping file

    def answer(self, text: str):
        """True / False / None (unknown); KeyError for a word not in the vocabulary."""
        if not text.strip():
            return None
        return self.answers[norm(text)]

    def kind(self, text: str) -> str:
        return self.kinds[norm(text)]


def requirement_headers(requirement) -> list[str]:
    """The headers that name a requirement item: mark + text (the template's), the text, the
    table column, mark + column."""
    out = [f"{requirement.mark}{requirement.text}", requirement.text, requirement.column,
           f"{requirement.mark}{requirement.column}"]
    return [h for h in out if h]


def template_headers(scheme) -> list[tuple[str, str]]:
    """(field, header) in the template's column order."""
    out = [(f, HEADERS[f]) for f in FIXED_FIELDS]
    out += [(f"requirements.{r.id}", f"{r.mark}{r.text}") for r in scheme.requirements_of("institution")]
    out += [(f, HEADERS[f]) for f in TRAILING_FIELDS]
    return out


def known_headers(scheme) -> dict[str, str]:
    """normalised header -> field, for a sheet read without a mapping file."""
    out: dict[str, str] = {}
    for f, header in template_headers(scheme):
        out.setdefault(norm(header), f)
    for r in scheme.requirements_of("institution"):
        for header in requirement_headers(r):
            out.setdefault(norm(header), f"requirements.{r.id}")
    for f, aliases in ALIASES.items():
        for a in aliases:
            out.setdefault(norm(a), f)
    return out


def vocabulary(scheme) -> tuple[dict, dict]:
    """(answers, kinds): the national words, the scheme's kind labels and ids, and the words of
    prefecture.yaml `survey` (yes_words, no_words, unknown_words, kinds), which come last and win."""
    answers = {norm(w): value for value, words in NATIONAL_ANSWERS.items() for w in words}
    kinds = {norm(w): k for w, k in NATIONAL_KIND_WORDS.items()}
    for kind_id, (label, label_en) in scheme.kinds.items():
        for word in (kind_id, label, label_en):
            kinds.setdefault(norm(word), kind_id)
    own = scheme.data.get("survey") if isinstance(scheme.data.get("survey"), dict) else {}
    for key, value in (("yes_words", True), ("no_words", False), ("unknown_words", None)):
        answers.update({norm(w): value for w in own.get(key) or [] if isinstance(w, str)})
    kinds.update({norm(str(w)): k for w, k in (own.get("kinds") or {}).items() if isinstance(k, str) and k in scheme.kinds})
    return answers, kinds


def default_mapping(scheme) -> Mapping:
    answers, kinds = vocabulary(scheme)
    return Mapping({}, answers, kinds)


def load_mapping(path: Path, scheme) -> Mapping:
    """The mapping file at `path`, over the national vocabulary. Raises MappingError."""
    from zaitaku_cli.load.document import read_document

    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        from zaitaku_cli.errors import os_error_text

        ja, en = os_error_text(err)
        raise MappingError(f"読み込めません（{ja}）。", f"cannot be read ({en}).") from None
    doc = read_document(shown, data)
    if doc.problems:
        p = doc.problems[0]
        if p.code == "file-empty":  # the loader's message asks for a record's fields
            raise MappingError(f"対応表が空です（コメントしかありません）。{'、'.join(KEYS)} のうち必要なものを書いてください。",
                               f"the mapping is empty (comments only); write what is needed of {', '.join(KEYS)}.")
        from zaitaku_cli.findings import Finding, render

        raw = p.params.get("raw", "")  # every value of a mapping is text, so the advice is to quote it
        params = {"advice": f"文字として書くなら引用符で囲んでください: \"{raw}\"",
                  "advice_en": f"To mean the text, quote it: \"{raw}\"", **p.params}
        finding = Finding(p.code, "error", shown, p.line, p.column, "", params)
        raise MappingError(render(finding, "ja"), render(finding, "en"), p.line)
    value = doc.value
    if not isinstance(value, dict):
        raise MappingError("対応表は「キー: 値」の形で書いてください（sheet、header_row、columns、answers、kinds）。",
                           "The mapping must be a YAML mapping (sheet, header_row, columns, answers, kinds).")
    mapping = default_mapping(scheme)
    mapping.file = shown
    line = lambda *p: doc.locate(p)[0]  # noqa: E731
    key_line = lambda *p: doc.locate(p, key=True)[0]  # noqa: E731
    for key in value:
        if key not in KEYS:
            raise MappingError(f"「{key}」という項目はありません（使える項目: {'、'.join(KEYS)}）。",
                               f"unknown key '{key}' (known: {', '.join(KEYS)}).", key_line(key))
    sheet = value.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise MappingError("sheet にはシートの名前を書いてください。", "sheet must be a sheet's name.", line("sheet"))
    mapping.sheet = sheet
    row = value.get("header_row")
    if row is not None and (isinstance(row, bool) or not isinstance(row, int) or row < 1):
        raise MappingError("header_row には見出しの行の番号（1以上の整数）を書いてください。",
                           "header_row must be the header's row number (an integer, 1 or more).", line("header_row"))
    mapping.header_row = row
    mapping.lines = {"sheet": line("sheet"), "header_row": line("header_row")}
    _columns(value.get("columns"), scheme, mapping, line, key_line)
    _answers(value.get("answers"), mapping, line, key_line)
    _kinds(value.get("kinds"), scheme, mapping, line, key_line)
    return mapping


def _columns(columns, scheme, mapping: Mapping, line, key_line) -> None:
    if columns is None:
        return
    if not isinstance(columns, dict):
        raise MappingError("columns は「項目: 列の見出しか列の記号」の形で書いてください。",
                           "columns must map fields to a column's header or letter.", line("columns"))
    requirement_ids = [r.id for r in scheme.requirements_of("institution")]
    fields = (*FIXED_FIELDS, "requirements", *TRAILING_FIELDS)
    for key, spec in columns.items():
        if key not in fields:
            raise MappingError(f"columns に「{key}」という項目はありません（使える項目: {'、'.join(fields)}）。",
                               f"columns: unknown field '{key}' (known: {', '.join(fields)}).", key_line("columns", key))
        if key == "requirements":
            if not isinstance(spec, dict):
                raise MappingError("columns.requirements は「要件ID: 列」の形で書いてください。",
                                   "columns.requirements must map requirement ids to columns.", line("columns", key))
            for rid, column in spec.items():
                if rid not in requirement_ids:
                    raise MappingError(f"要件ID「{rid}」は prefecture.yaml にありません（{'、'.join(requirement_ids)}）。",
                                       f"requirement id '{rid}' is not in prefecture.yaml ({', '.join(requirement_ids)}).",
                                       key_line("columns", key, rid))
                mapping.columns[f"requirements.{rid}"] = (_column(column, line("columns", key, rid)), line("columns", key, rid))
            continue
        mapping.columns[key] = (_column(spec, line("columns", key)), line("columns", key))


def _column(spec, at: int) -> str:
    if isinstance(spec, str) and spec.strip():
        return spec.strip()
    raise MappingError("列は見出しの文字か列の記号（A、B、…）で書いてください。",
                       "a column is its header or its letter (A, B, …).", at)


def _answers(answers, mapping: Mapping, line, key_line) -> None:
    if answers is None:
        return
    if not isinstance(answers, dict):
        raise MappingError("answers は yes_words、no_words、unknown_words ごとの語の一覧で書いてください。",
                           "answers must list words under yes_words, no_words and unknown_words.", line("answers"))
    meaning = {"yes_words": True, "no_words": False, "unknown_words": None}  # not yes/no: YAML 1.1 booleans
    given: dict = {}  # normalised word -> the key it was given under, in this file
    for key, words in answers.items():
        if key not in meaning:
            raise MappingError(f"answers に「{key}」はありません（yes_words、no_words、unknown_words）。",
                               f"answers: unknown key '{key}' (yes_words, no_words, unknown_words).",
                               key_line("answers", key))
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise MappingError(f"answers.{key} は語の一覧（[はい, ○] のように）で書いてください。",
                               f"answers.{key} must be a list of words (like [はい, ○]).", line("answers", key))
        for w in words:
            other = given.setdefault(norm(w), key)
            if other != key:
                raise MappingError(f"「{w}」が answers の {other} と {key} の両方にあります。一つの語の意味は一つにしてください。",
                                   f"'{w}' is under both answers.{other} and answers.{key}; a word must have one meaning.",
                                   line("answers", key))
            mapping.answers[norm(w)] = meaning[key]


def _kinds(kinds, scheme, mapping: Mapping, line, key_line) -> None:
    if kinds is None:
        return
    if not isinstance(kinds, dict):
        raise MappingError("kinds は「調査票の語: 種類のID」の形で書いてください。",
                           "kinds must map survey words to kind ids.", line("kinds"))
    for word, kind_id in kinds.items():
        if not isinstance(kind_id, str):  # a list or a mapping is no id (and cannot be looked up)
            raise MappingError(f"kinds の「{word}」には種類のIDを一つ書いてください（{'、'.join(scheme.kinds)}）。",
                               f"kinds: '{word}' must name one kind id ({', '.join(scheme.kinds)}).",
                               line("kinds", word))
        if kind_id not in scheme.kinds:
            raise MappingError(f"種類のID「{kind_id}」はありません（{'、'.join(scheme.kinds)}）。",
                               f"no kind id '{kind_id}' ({', '.join(scheme.kinds)}).", line("kinds", word))
        mapping.kinds[norm(str(word))] = kind_id


def is_letter(spec: str) -> bool:
    return bool(_LETTERS.fullmatch(spec))
