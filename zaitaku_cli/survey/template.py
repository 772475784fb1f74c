"""The survey template (`zaitaku export survey-template`): the Excel workbook whose answers `zaitaku
import institutions` reads without a mapping file.

Sheet 回答: one header row (survey.mapping.template_headers: the code, name, よみ, municipality,
kind, intent, each requirement item of prefecture.yaml as its mark and text — seed 001「4 選定要件」
— the linked institutions and nursing stations, the operator, the ナビイ id), each header with a
comment saying what to write; drop-down lists for the answers (はい/いいえ), for the kind (the
scheme's kind labels, listed on the hidden sheet 種類: a list written into the validation itself
may hold only 255 characters) and for the municipality (the registry's municipalities, listed on
the hidden sheet 市町村); the code column is text, so that Excel keeps its leading zeros. Sheet
記入方法: how to fill it in. Its words are the scheme's: the title (terms.institution where
prefecture.yaml sets it, else institution.title), 必須/任意 (terms.mandatory/optional where prefecture.yaml sets them, e.g.
Kumamoto's 必須項目), the kinds.
"""

from __future__ import annotations

import io

from zaitaku_cli.survey.mapping import HEADERS, template_headers

ROWS = 500  # answer rows prepared with drop-down lists
ANSWERS = ("はい", "いいえ")
NOTES = {
    "medical_institution_code": "医療機関コード（10桁の数字）。先頭の0も書いてください（この列は文字列として入力されます）。",
    "name": "医療機関の正式な名称。",
    "kana": "名称のよみ（カタカナ）。",
    "municipality": "所在地の市町村（一覧から選ぶか、6桁の市町村コード）。",
    "kind": "一覧から選んでください。",
    "intent": "医療計画に掲載されることを希望する場合は「はい」。",
    "linked_institutions": "連携している医療機関を「名称（市町村）」の形で、「、」か改行で区切って書いてください。",
    "linked_nursing_stations": "連携している訪問看護事業所を「名称（市町村）」の形で、「、」か改行で区切って書いてください。",
    "operator": "開設者（法人名など）。",
    "navii_id": "医療情報ネット（ナビイ）の医療機関のID（分かる場合）。",
}


def _town_names(registry) -> list[str]:
    """The municipalities' names, a name shared by two municipalities as their codes."""
    names = [t.name for t in registry.municipalities.values()]
    return [t.name if names.count(t.name) == 1 else t.code for t in registry.municipalities.values()]


def _need(scheme, mandatory: bool, short: bool = False) -> str:
    """The scheme's word for a mandatory / optional requirement: prefecture.yaml terms (熊本県:
    必須項目), else 必須要件 / 任意要件, or 必須 / 任意 where `short`."""
    key = "mandatory" if mandatory else "optional"
    own = scheme.data.get("terms") if isinstance(scheme.data.get("terms"), dict) else {}
    if isinstance(own.get(key), str) and own[key]:
        return own[key]
    return ("必須" if mandatory else "任意") if short else scheme.terms("ja")[key]


def _title(scheme) -> str:
    """What the survey is about: prefecture.yaml terms.institution (the prefecture's own word),
    else institution.title, else the national term."""
    own = scheme.data.get("terms") if isinstance(scheme.data.get("terms"), dict) else {}
    if isinstance(own.get("institution"), str) and own["institution"]:
        return own["institution"]
    return scheme.section("institution").get("title") or scheme.terms("ja")["institution"]


def _listed(book, title: str, values: list[str]) -> str:
    """`values` in column A of a new hidden sheet; the range a list validation refers to."""
    listing = book.create_sheet(title)
    for row, value in enumerate(values, start=1):
        listing.cell(row=row, column=1, value=value)
    listing.sheet_state = "hidden"
    return f"'{title}'!$A$1:$A${len(values)}"


def _kind_labels(scheme) -> list[str]:
    kinds = scheme.kinds
    eligible = [k for k in scheme.eligible_kinds if k in kinds]
    return [kinds[k][0] for k in [*eligible, *(k for k in kinds if k not in eligible)]]


def survey_workbook(registry) -> bytes:
    """The template's .xlsx bytes for the registry's scheme and municipalities."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    scheme = registry.scheme
    book = Workbook()
    sheet = book.active
    sheet.title = "回答"
    headers = template_headers(scheme)
    requirements = {f"requirements.{r.id}": r for r in scheme.requirements_of("institution")}
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, (field, header) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        requirement = requirements.get(field)
        if requirement is not None:
            need = _need(scheme, requirement.mandatory)
            note = f"{need}{requirement.mark}。満たしている場合は「はい」、満たしていない場合は「いいえ」。"
        else:
            note = NOTES.get(field, "")
        cell.comment = Comment(note, "zaitaku")
        sheet.column_dimensions[get_column_letter(column)].width = 40 if requirement is not None else 24
    sheet.row_dimensions[1].height = 120
    sheet.freeze_panes = "C2"
    last = ROWS + 1
    index = {field: column for column, (field, _) in enumerate(headers, start=1)}
    answers = DataValidation(type="list", formula1='"' + ",".join(ANSWERS) + '"', allow_blank=True)
    kinds = DataValidation(type="list", formula1=_listed(book, "種類", _kind_labels(scheme)), allow_blank=True)
    for validation in (answers, kinds):
        validation.error, validation.errorTitle = "一覧から選んでください。", "入力できない値"
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for field, column in index.items():
        letter = get_column_letter(column)
        if field == "intent" or field in requirements:
            answers.add(f"{letter}2:{letter}{last}")
        elif field == "kind":
            kinds.add(f"{letter}2:{letter}{last}")
    towns = _town_names(registry)
    if towns:
        letter = get_column_letter(index["municipality"])
        places = DataValidation(type="list", formula1=_listed(book, "市町村", towns), allow_blank=True)
        places.showErrorMessage = False  # a 6-digit code may be typed instead
        sheet.add_data_validation(places)
        places.add(f"{letter}2:{letter}{last}")
    code = get_column_letter(index["medical_institution_code"])
    for row in range(2, last + 1):
        sheet[f"{code}{row}"].number_format = "@"
    _instructions(book.create_sheet("記入方法", 1), scheme, headers)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(sheet, scheme, headers) -> None:
    from openpyxl.styles import Alignment, Font

    title = _title(scheme)
    lines = [
        f"{scheme.name}「{title}」についての調査票",
        "",
        "「回答」のシートに、1つの医療機関につき1行で記入してください（見出しの行は変えないでください）。",
        "各列の見出しにコメント（説明）があります。",
        "はい・いいえの欄は一覧から選んでください。分からない場合は空欄のままにしてください。",
        f"「{HEADERS['medical_institution_code']}」は10桁の数字で、先頭の0も書いてください。",
        "連携先は「名称（市町村）」の形で、「、」か改行で区切って書いてください。",
        "医療機関の種類（一覧から選んでください）: " + "、".join(_kind_labels(scheme)),
        "",
        f"選定要件（{_need(scheme, True)}はすべて満たすことが必要です）:",
    ]
    for r in scheme.requirements_of("institution"):
        lines.append(f"{r.mark} {_need(scheme, r.mandatory, short=True)}：{r.text}")
    lines += ["", "このファイルは zaitaku export survey-template で作られ、zaitaku import institutions で読み込まれます。"]
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120
