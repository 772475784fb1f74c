"""Survey rows -> answers and the records they belong to.

Each data row under the header row becomes an Answer (the values it gives, as a record holds
them) or row-level findings (`import-…`, catalogue.IMPORT_ENTRIES) located at the survey file,
row and column. An Answer is matched to an institution record by its medical institution code
(full-width digits and a number cell that lost its leading zeros are normalised), then by name
(NFKC, spaces ignored) and municipality; a record whose municipality is null matches by name
alone when exactly one record has that name and the row's municipality lies in its zone (the
Answer says so); name and municipality are a key only where the row or the record has no code. A row matching no record is
a new record, `mic-<code>`: the code is the one stable key a survey answer carries (the
name is typed by hand and may change), so a new row without a code is an error, not a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from zaitaku_cli.errors import UserError
from zaitaku_cli.findings import Finding
from zaitaku_cli.survey.mapping import LIST_FIELDS, Mapping, MappingError, is_letter, known_headers, norm
from zaitaku_cli.survey.read import EXCEL_ERRORS, MAX_CELL, Sheet, column_letter

HEADER_SEARCH = 30  # rows searched for the header row
# Items of a list cell: 、 ， , ; ； ／ or a line break; ・ only right after a closing bracket
# (「A病院（函館市）・B医院（室蘭市）」), since ・ also joins words inside one name.
_SPLIT = re.compile(r"[、，,;；／\n\r]+|(?<=[）)])\s*・")
_ITEM = re.compile(r"^(?P<name>.+?)[（(](?P<town>[^（）()]+)[）)]$")
_KANA = re.compile(r"^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC-\u30FE\uFF66-\uFF9F\u3000 ・･]+$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class HeaderError(UserError):
    """No header row, or no name column (exit 2). Japanese and English."""


@dataclass
class Columns:
    header_row: int
    index: dict  # field -> column index (0-based)
    headers: dict  # column index -> header text
    ignored: list  # headers of columns not read


@dataclass
class Answer:
    """One survey row taken: `values` as the record holds them (only what the row answers;
    requirements as {id: bool}); `record` the matched Record, or None for a new one (`new_id`)."""

    row: int
    values: dict
    cells: dict  # field -> column index, for messages
    record: object = None
    new_id: str | None = None
    by_name_only: bool = False
    zone: str | None = None
    declined: bool = False  # a new institution that does not wish to be listed (import-no-intent)


@dataclass
class Matched:
    answers: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # info and warning findings: the row is still taken
    rows: int = 0  # data rows read
    bad_rows: set = field(default_factory=set)
    declined: set = field(default_factory=set)  # new institutions whose intent is no: no record is made


def find_columns(sheet: Sheet, mapping: Mapping, scheme) -> Columns:
    """The header row and each field's column. Raises HeaderError, MappingError."""
    known = known_headers(scheme)
    wanted = {norm(h): f for f, (h, _) in mapping.columns.items() if not is_letter(h)}
    if mapping.header_row is not None:
        row = next(((n, cells) for n, cells in sheet.rows if n == mapping.header_row), None)
        if row is None:
            raise MappingError(f"header_row: {mapping.header_row} 行目に見出しがありません（空の行です）。",
                               f"header_row: row {mapping.header_row} is empty.", _line(mapping, "header_row"))
    else:
        row = None
        for n, cells in sheet.rows[:HEADER_SEARCH]:
            hits = sum(1 for c in cells if norm(c) in known or norm(c) in wanted)
            if hits >= 2:
                row = (n, cells)
                break
        if row is None:
            raise HeaderError("見出しの行が見つかりません（最初の30行に、医療機関名・医療機関コードなどの見出しが2つ以上ある行がありません）。"
                              "zaitaku export survey-template の調査票を使うか、--mapping で列を指定してください。",
                              "no header row (none of the first 30 rows has two or more known headers such as "
                              "医療機関名 or 医療機関コード); use the sheet of zaitaku export survey-template, or give the "
                              "columns with --mapping.")
    number, cells = row
    headers = {i: c for i, c in enumerate(cells) if c}
    index: dict = {}
    for i, text in headers.items():
        f = known.get(norm(text))
        if f is not None and f not in index:
            index[f] = i
    mapped: dict = {}  # column index -> the field the mapping file gave it
    for f, (spec, line) in mapping.columns.items():
        if is_letter(spec):
            i = _letter_index(spec)
        else:
            i = next((j for j, text in headers.items() if norm(text) == norm(spec)), None)
            if i is None:
                raise MappingError(f"columns.{f}: 見出し「{spec}」の列が {number} 行目にありません。",
                                   f"columns.{f}: no column headed '{spec}' in row {number}.", line)
        if i in mapped:
            raise MappingError(f"columns.{f}: 列「{spec}」は columns.{mapped[i]} と同じ列です。一つの列には一つの項目を書いてください。",
                               f"columns.{f}: column '{spec}' is the column of columns.{mapped[i]}; one column holds one "
                               "field.", line)
        mapped[i] = f
        index = {k: v for k, v in index.items() if v != i}  # the mapping decides what a column holds
        index[f] = i
    if "name" not in index:
        raise HeaderError(f"{number} 行目に医療機関名の列がありません（見出し「医療機関名」、または --mapping の columns.name）。",
                          f"row {number} has no name column (header 医療機関名, or columns.name in --mapping).")
    used = set(index.values())
    return Columns(number, index, headers, [h for i, h in headers.items() if i not in used])


def answer_fields(scheme) -> list[tuple[str, str]]:
    """(field, how the officer knows it) of every answer a survey gives: intent, kind and each
    requirement item (its mark and table column, e.g. ①夜間等の診療の支援)."""
    out = [("intent", "意向"), ("kind", "医療機関の種類")]
    out += [(f"requirements.{r.id}", f"{r.mark}{r.column or r.id}") for r in scheme.requirements_of("institution")]
    return out


def unanswered(columns: Columns, scheme) -> list[str]:
    """The answer fields (answer_fields' labels) that no column of the sheet holds."""
    return [label for f, label in answer_fields(scheme) if f not in columns.index]


def _line(mapping: Mapping, key: str) -> int:
    return mapping.lines.get(key, 1)


def _letter_index(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


class _Row:
    """Reading one row; findings are collected with the row's location."""

    def __init__(self, shown: str, number: int, cells: list, columns: Columns, numbers: set, terms: dict,
                 dates: set = frozenset()):
        self.shown, self.number, self.cells, self.columns, self.numbers = shown, number, cells, columns, numbers
        self.dates = dates
        self.terms = terms  # the scheme's words ({t_zone}, …) for the messages
        self.findings: list[Finding] = []
        self.notes: list[Finding] = []  # said at the row, which is still taken

    def text(self, f: str) -> str:
        i = self.columns.index.get(f)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def was_number(self, f: str) -> bool:
        return (self.number, self.columns.index.get(f)) in self.numbers

    def was_date(self, f: str) -> bool:
        return (self.number, self.columns.index.get(f)) in self.dates

    def report(self, code: str, f: str, **params) -> None:
        self.findings.append(self._finding(code, f, params))

    def note(self, code: str, f: str, **params) -> None:
        """An info or warning finding (its catalogue severity) that does not stop the row."""
        self.notes.append(self._finding(code, f, params))

    def _finding(self, code: str, f: str, params: dict) -> Finding:
        from zaitaku_cli.findings import entry

        i = self.columns.index.get(f, 0)
        header = self.columns.headers.get(i, "")
        return Finding(code, entry(code).severity, self.shown, self.number, i + 1, header,
                       {**self.terms, "letter": column_letter(i), "header": header, **params})


def normalise_code(text: str, was_number: bool) -> str:
    """Full-width digits, spaces and hyphens between digits removed (01-2345-6789); a number cell
    gets back its leading zeros. A minus sign stays (-1 is no code: "not 10 digits")."""
    code = re.sub(r"(?<=\d)[-ー‐‑–—−](?=\d)", "", "".join(unicodedata.normalize("NFKC", text).split()))
    # 9 digits: a code of prefectures 01-09 whose leading zero Excel dropped (also in a CSV it saved)
    if code.isascii() and code.isdigit() and (len(code) == 9 or (was_number and len(code) < 10)):
        code = code.zfill(10)
    return code


def match_rows(sheet: Sheet, columns: Columns, mapping: Mapping, registry, shown: str) -> Matched:
    """Every data row under the header: an Answer, or findings (and the row left out)."""
    out = Matched()
    towns = _town_index(registry)
    zones = _zone_index(registry)
    records = _RecordIndex(registry)
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple, list] = {}  # (name, municipality) -> [(row, code or None)]
    terms = registry.scheme.term_params
    claimed: dict[str, int] = {}  # record id -> the row that updates it
    taken: dict[int, tuple] = {}  # row number -> (its _Row, its Answer), for duplicates that disagree
    for number, cells in sheet.rows:
        if number <= columns.header_row:
            continue
        out.rows += 1
        row = _Row(shown, number, cells, columns, sheet.numbers, terms, sheet.dates)
        answer = _read_row(row, mapping, registry, towns, zones)
        first = None
        if answer is not None and not row.findings:
            first = _duplicate(row, answer, seen_codes, seen_names)
        if answer is not None and not row.findings:
            _match(row, answer, registry, records)
        if answer is not None and not row.findings and answer.record is not None:
            first = _claim(row, answer, claimed)
        if first is not None and first in taken:
            _disagreeing(out, row, answer, *taken[first])
        out.notes += row.notes
        if answer is not None and answer.declined and not row.findings:
            out.declined.add(number)
            continue
        if row.findings:
            out.findings += row.findings
            out.bad_rows.add(number)
        else:
            out.answers.append(answer)
            taken[number] = (row, answer)
    return out


def _disagreeing(out: Matched, row: _Row, answer: Answer, first_row: _Row, first: Answer) -> None:
    """A duplicate row whose answers differ from the first row's: neither can be trusted, so the
    first is taken back and reported too (an identical duplicate leaves the first taken)."""
    if answer is None or answer.values == first.values or first not in out.answers:
        return
    out.answers.remove(first)
    out.bad_rows.add(first_row.number)
    said = row.findings[-1]
    first_row.report("import-duplicate-row", _field_at(first_row, said.column), first=row.number,
                     what=f"{said.params['what']}、回答が {row.number} 行目と食い違うため、どちらも取り込みません",
                     what_en=f"{said.params['what_en']}; its answers differ from row {row.number}'s, so neither is taken")
    out.findings.append(first_row.findings[-1])
    said.params.update(what=said.params["what"] + "、回答が食い違うため、どちらも取り込みません",
                       what_en=said.params["what_en"] + "; the answers differ, so neither is taken")


def _field_at(row: _Row, column: int) -> str:
    return next((f for f, i in row.columns.index.items() if i == column - 1), "name")


def _read_row(row: _Row, mapping: Mapping, registry, towns, zones: dict) -> Answer | None:
    values: dict = {}
    for f in row.columns.index:
        if len(row.text(f)) > MAX_CELL:
            row.report("import-value-invalid", f, reason=f"長すぎます（{len(row.text(f))} 文字。{MAX_CELL} 文字まで）",
                       reason_en=f"too long ({len(row.text(f))} characters; at most {MAX_CELL})")
        elif row.text(f).upper() in EXCEL_ERRORS:
            row.report("import-value-invalid", f, reason=f"「{row.text(f)}」は Excel のエラー値です（数式の結果を確かめてください）",
                       reason_en=f"'{row.text(f)}' is an Excel error value (check the formula)")
    if row.findings:
        return None
    name = " ".join(row.text("name").split())
    if not name:
        row.report("import-name-missing", "name")
        return None
    values["name"] = name
    code_text = row.text("medical_institution_code")
    if code_text:
        code = normalise_code(code_text, row.was_number("medical_institution_code"))
        if not (code.isascii() and code.isdigit() and len(code) == 10):
            row.report("import-code-invalid", "medical_institution_code", value=code_text,
                       reason="10桁の数字ではありません", reason_en="is not 10 digits")
        else:
            from zaitaku_cli.rules.medical_institution_code import luhn_digit

            expected = luhn_digit(code[:9])
            if int(code[9]) != expected:
                row.report("import-code-invalid", "medical_institution_code", value=code_text,
                           reason=f"検査数字が合いません（末尾は {expected} のはずです）",
                           reason_en=f"has a wrong check digit (expected {expected} at the end)")
            else:
                values["medical_institution_code"] = code
    town_text = row.text("municipality")
    zone = None
    if town_text:
        town = _town(town_text, row.was_number("municipality"), towns, registry)
        if town is None:
            row.report("import-municipality-unknown", "municipality", value=town_text)
        else:
            values["municipality"] = town
            zone = zones.get(town)
    for f in ("kana", "operator", "navii_id"):
        text = " ".join(unicodedata.normalize("NFKC", row.text(f)).split()) if f == "kana" else " ".join(row.text(f).split())
        if not text:
            continue
        if f == "kana" and not _KANA.match(text):
            row.report("import-value-invalid", f, reason=f"「{text}」はよみ（ひらがな・カタカナ）ではありません",
                       reason_en=f"'{text}' is not a reading in kana")
            continue
        values[f] = text
    kind_text = row.text("kind")
    if kind_text:
        try:
            values["kind"] = mapping.kind(kind_text)
        except KeyError:
            labels = [label for label, _ in registry.scheme.kinds.values()]  # the scheme's kinds, not a fixed three
            row.report("import-answer-unknown", "kind", value=kind_text, expected="・".join(labels) + " など",
                       expected_en="e.g. " + ", ".join(labels))
    for f in [f for f in row.columns.index if f == "intent" or f.startswith("requirements.")]:
        text = row.text(f)
        try:
            answer = mapping.answer(text)
        except KeyError:
            row.report("import-answer-unknown", f, value=text, expected="はい・いいえ・○・× など",
                       expected_en="e.g. はい, いいえ, ○, ×")
            continue
        if answer is None:
            continue
        if f == "intent":
            values["intent"] = answer
        else:
            values.setdefault("requirements", {})[f.split(".", 1)[1]] = answer
    unplaced: list = []  # (field, name) of items without （市町村）: taken, said once for the row
    for f in LIST_FIELDS:
        items = _items(row, f, towns, registry)
        if items:
            values[f] = items
            unplaced += [(f, i["name"]) for i in items if i["municipality"] is None]
    if unplaced and not row.findings:
        row.note("import-linked-municipality-missing", unplaced[0][0], names="、".join(f"「{n}」" for _, n in unplaced),
                 names_en=", ".join(f"'{n}'" for _, n in unplaced))
    if row.findings:
        return None
    return Answer(row.number, values, dict(row.columns.index), zone=zone)


def _town_index(registry) -> dict:
    """normalised name -> [codes] of the registry's municipalities (the prefecture's name before
    it, 北海道函館市, is accepted too)."""
    index: dict = {}
    prefecture = norm(registry.scheme.name or "")
    for code, town in registry.municipalities.items():
        for key in {norm(town.name), prefecture + norm(town.name)}:
            index.setdefault(key, []).append(code)
    return index


def _town(text: str, was_number: bool, towns: dict, registry) -> str | None:
    """A municipality's code from its name or 6-digit code (a number cell gets its zeros back)."""
    key = norm(text)
    if key.isascii() and key.isdigit():
        code = key.zfill(6) if was_number or len(key) == 5 else key  # 5 digits: a dropped leading zero
        return code if code in registry.municipalities else None
    codes = towns.get(key, [])
    return codes[0] if len(codes) == 1 else None


def _zone_index(registry) -> dict:
    """municipality code -> the one zone that lists it (a municipality in two zones has none)."""
    found: dict = {}
    for z in registry.zones.values():
        for code in z.get("municipalities") or []:
            if isinstance(code, str):
                found.setdefault(code, []).append(z.id)
    return {code: ids[0] for code, ids in found.items() if len(ids) == 1}


class _RecordIndex:
    """The institution records by code and by normalised name, built once for all rows (a
    1,000-row survey against a national-scale registry would otherwise scan it per row)."""

    def __init__(self, registry):
        self.by_code: dict = {}
        self.by_name: dict = {}
        for r in registry.institutions.values():
            code = r.get("medical_institution_code")
            if isinstance(code, str):
                self.by_code.setdefault(code, []).append(r)
            if isinstance(r.get("name"), str):
                self.by_name.setdefault(norm(r.get("name")), []).append(r)


def _items(row: _Row, f: str, towns, registry) -> list:
    """A list cell: items separated by 、 ， , ; ／ or line breaks (・ after a closing bracket);
    each 「名称（市町村）」 (full- or half-width brackets) or a name. A number, date or time cell is
    no list of names (import-value-invalid)."""
    text = row.text(f)
    out = []
    if text and (row.was_number(f) or row.was_date(f)):
        row.report("import-value-invalid", f, reason=f"「{text}」は数値か日時で、名称の一覧ではありません",
                   reason_en=f"'{text}' is a number or a date/time, not a list of names")
        return out
    for part in _SPLIT.split(text):
        part = " ".join(part.split())
        if not part:
            continue
        m = _ITEM.match(part)
        if m is None:
            out.append({"name": part, "municipality": None})
            continue
        town = _town(m.group("town"), False, towns, registry)
        if town is None:
            row.report("import-municipality-unknown", f, value=m.group("town"))
            continue
        out.append({"name": " ".join(m.group("name").split()), "municipality": town})
    return out


def _duplicate(row: _Row, answer: Answer, seen_codes: dict, seen_names: dict) -> int | None:
    """The earlier row this one repeats (reported), or None. Name and municipality are a key only
    where one of the two rows has no code: two valid codes are two institutions, even of one name
    in one municipality."""
    code = answer.values.get("medical_institution_code")
    key = (norm(answer.values["name"]), answer.values.get("municipality"))
    first = seen_codes.get(code) if code else None
    if first is not None:
        row.report("import-duplicate-row", "medical_institution_code", first=first, what=f"医療機関コード {code}",
                   what_en=f"medical institution code {code}")
        return first
    earlier = [n for n, other in seen_names.get(key, []) if not (code and other)]
    if earlier:
        row.report("import-duplicate-row", "name", first=earlier[0], what=f"名称「{answer.values['name']}」",
                   what_en=f"name '{answer.values['name']}'")
        return earlier[0]
    if code:
        seen_codes[code] = row.number
    seen_names.setdefault(key, []).append((row.number, code))
    return None


def _claim(row: _Row, answer: Answer, claimed: dict) -> int | None:
    """Two rows that match the same record (one by code, one by name) are duplicates: the earlier
    row (reported), or None."""
    first = claimed.get(answer.record.id)
    if first is not None:
        row.report("import-duplicate-row", "name", first=first, what=f"記録 {answer.record.id}",
                   what_en=f"record {answer.record.id}")
        return first
    claimed[answer.record.id] = row.number
    return None


def _match(row: _Row, answer: Answer, registry, index: _RecordIndex) -> None:
    """By code; else by name and municipality, where the row or the record has no code (two valid
    codes are two institutions); a record without a municipality by name only when the row's
    municipality lies in the record's zone (a 田中医院 in 函館市 is not kitami's)."""
    values = answer.values
    code = values.get("medical_institution_code")
    by_code = index.by_code.get(code, []) if code else []
    name = norm(values["name"])
    town = values.get("municipality")
    same_name = index.by_name.get(name, [])
    by_name = [r for r in same_name if not (code and r.get("medical_institution_code"))
               and (town is None or r.get("municipality") == town
                    or (r.get("municipality") is None and _in_zone(town, r, registry)))]
    if len(by_code) > 1:
        return _ambiguous(row, "medical_institution_code", [r.id for r in by_code])
    if by_code:
        others = [r for r in by_name if r.id != by_code[0].id and r.get("municipality") == town]
        if others:
            return _ambiguous(row, "name", [by_code[0].id, *(r.id for r in others)])
        answer.record = by_code[0]
        _differs(row, answer, registry)
        return None
    exact = [r for r in by_name if r.get("municipality") == town and town is not None]
    loose = [r for r in by_name if r.get("municipality") is None or town is None]
    candidates = exact or loose
    if len(candidates) > 1:
        return _ambiguous(row, "name", [r.id for r in candidates])
    if candidates:
        answer.record, answer.by_name_only = candidates[0], not exact
        return None
    namesakes = [r for r in same_name if r.get("municipality") == town and r.get("medical_institution_code")]
    if code and namesakes:
        row.note("import-same-name", "medical_institution_code", id=namesakes[0].id,
                 recorded=namesakes[0].get("medical_institution_code"))
    if values.get("intent") is False:  # 手挙げ方式: only institutions that wish to be listed are selected
        row.note("import-no-intent", "intent", value=row.text("intent"))
        answer.declined = True
        return None
    if not code:
        if "medical_institution_code" in row.columns.index:
            row.report("import-code-missing", "medical_institution_code")
        else:
            row.report("import-code-missing", "name")
        return None
    new_id = f"mic-{code}"
    if not _ID.match(new_id) or new_id in registry.institutions:
        return _ambiguous(row, "medical_institution_code", [new_id])
    if answer.zone is None:
        f = "municipality" if "municipality" in values else "name"
        row.report("import-zone-unknown", f, value=row.text("municipality") or "—")
        return None
    answer.new_id = new_id
    return None


def _in_zone(town: str, record, registry) -> bool:
    zone = registry.zones.get(record.get("zone")) if isinstance(record.get("zone"), str) else None
    return zone is not None and town in (zone.get("municipalities") or [])


def _differs(row: _Row, answer: Answer, registry) -> None:
    """A record found by its code whose name or municipality the row gives otherwise: said at the
    cell; the record's value is kept (a renamed or moved institution is edited by hand)."""
    record, values = answer.record, answer.values
    recorded = record.get("name")
    if isinstance(recorded, str) and norm(recorded) != norm(values["name"]):
        row.note("import-record-differs", "name", id=record.id, value=values["name"], value_en=values["name"],
                 recorded=recorded, recorded_en=recorded)
    town, recorded_town = values.get("municipality"), record.get("municipality")
    if town and recorded_town and town != recorded_town:
        names = registry.municipalities
        shown = lambda c: f"{names[c].name}（{c}）" if c in names else c  # noqa: E731
        shown_en = lambda c: f"{names[c].name} ({c})" if c in names else c  # noqa: E731
        row.note("import-record-differs", "municipality", id=record.id, value=shown(town), value_en=shown_en(town),
                 recorded=shown(recorded_town), recorded_en=shown_en(recorded_town))


def _ambiguous(row: _Row, f: str, ids: list) -> None:
    shown = "、".join(ids)
    row.report("import-ambiguous-match", f, reason=f"当てはまる記録が一つに決まりません（{shown}）",
               reason_en=f"more than one record could be meant ({', '.join(ids)})")


__all__ = ["Answer", "Columns", "HeaderError", "Matched", "answer_fields", "find_columns", "match_rows", "unanswered"]
