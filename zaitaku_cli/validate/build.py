"""Validation, second step: from what was read to the typed model (model.py).

prefecture.yaml (schema, then its dates), the reference tables (municipalities, populations) and
every record (id and file name, schema, designation dates) become a Registry; every problem on
the way becomes a located Finding in the Collector. Nothing here judges records against each
other: that is the rules' work (rules/)."""

from __future__ import annotations

import datetime
import re

from zaitaku_cli.codes import check_digit_ok, expected_code, is_six_digits, prefecture_number
from zaitaku_cli.findings import Finding, entry, format_path
from zaitaku_cli.load.problem import Problem
from zaitaku_cli.load.registry import RawRegistry, read_csv
from zaitaku_cli.model import Municipality, Record, Registry, Scheme, parse_designation
from zaitaku_cli.validate import values
from zaitaku_cli.validate.partial import HOLE_CODES, cut_point, prune, under
from zaitaku_cli.validate.schema import check_schema

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_POPULATION_FILE = re.compile(r"population-(\d{4}-\d{2}-\d{2})\.csv$")
_SUPPORT_CLINICS_FILE = re.compile(r"support-clinics-(\d{4}-\d{2}-\d{2})\.csv$")


class SchemeInvalid(Exception):
    """prefecture.yaml cannot be used, so no rule can run (exit 2). Carries its findings."""

    def __init__(self, findings):
        super().__init__("prefecture.yaml is not usable")
        self.findings = findings


def _finding(rel: str, p: Problem) -> Finding:
    return Finding(p.code, entry(p.code).severity, rel, p.line, p.column, format_path(p.path), p.params)


class Collector:
    def __init__(self):
        self.findings: list[Finding] = []

    def add(self, rel: str, problems) -> None:
        self.findings.extend(_finding(rel, p) for p in problems)


def _load_scheme(raw: RawRegistry, out: Collector) -> Scheme:
    doc = raw.prefecture
    problems = doc.problems = values.settle("prefecture", doc.problems)
    if doc.value is not None:
        schema_problems = check_schema("prefecture", doc)
        # its dates are checked too, what the schema refused cut out (validate/partial.py)
        value = prune(doc.value, {cut_point(p.path) for p in schema_problems})
        problems = problems + values.unexplained(schema_problems, problems) + _scheme_value_problems(doc, value)
    problems = sorted(problems, key=lambda p: (p.line, p.column))
    out.add(doc.rel, problems)
    if _errors(problems) or doc.value is None:  # warnings (a 外字 in a title) leave it usable
        raise SchemeInvalid(out.findings)
    return Scheme(doc.value, doc)


def _errors(problems) -> bool:
    return any(entry(p.code).severity == "error" for p in problems)


def _scheme_value_problems(doc, data: dict) -> list[Problem]:
    """What the schema cannot say about prefecture.yaml (`data`: its value, faulty fields cut
    out): its dates are real dates (the fields the schema marks as dates, and the day of the year
    of hub.count_rule.counted_on)."""
    problems = values.date_problems("prefecture", doc)

    def bad(path, params, code="date-invalid"):
        line, column, _ = doc.locate(path)
        problems.append(Problem(code, line, column, params, path))

    counted_on = ((data.get("hub") or {}).get("count_rule") or {}).get("counted_on")
    if counted_on is not None:
        try:
            month, day = (int(x) for x in str(counted_on).split("-"))
            datetime.date(2023, month, day)  # a day that exists every year
        except ValueError:
            bad(("hub", "count_rule", "counted_on"), {
                "field": "hub.count_rule.counted_on", "field_en": "hub.count_rule.counted_on", "text": str(counted_on),
                "hint": "毎年ある日を「01-01」のように月-日で書いてください。", "hint_en": "Write a day every year has, as MM-DD (01-01)."})
    return problems


_MUNICIPALITY_CODE = {"what": "市町村コード", "what_en": "Municipality code"}
_PREFECTURE_CODE = {"what": "都道府県コード", "what_en": "Prefecture code"}
_LISTED_AREAS = 12  # codes named in a message about an unknown secondary area


def _prefecture_prefix(scheme) -> str | None:
    """The two digits every code of the prefecture begins with (prefecture.yaml `code`)."""
    return prefecture_number(scheme.data.get("code"))


def _csv_lines(data: bytes) -> list[str]:
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return []


def _column(lines: list[str], row: dict, key: str) -> int:
    """The 1-based column of `key`'s cell in the row's line; 1 where quotes make it unclear."""
    number = row["_line"]
    if key not in row or not 0 < number <= len(lines) or '"' in lines[number - 1]:
        return 1
    cells, index = lines[number - 1].split(","), list(row).index(key)
    return sum(len(cell) + 1 for cell in cells[:index]) + 1 if index < len(cells) else 1


def _code_problems(code: str, line: int, column: int, prefix, scheme, what: dict, path=()) -> list[Problem]:
    """A six-digit code's check digit (JIS X 0402) and its prefecture number (`prefix`)."""
    problems = []
    if not check_digit_ok(code):
        problems.append(Problem("reference-code-check-digit", line, column,
                                {**what, "code": code, "expected": expected_code(code)}, path))
    if prefix is not None and code[:2] != prefix:
        problems.append(Problem("reference-code-prefecture", line, column,
                                {**what, "code": code, "number": prefix, "prefecture": scheme.name}, path))
    return problems


def _area_problems(row: dict, scheme, column: int) -> list[Problem]:
    """The row's secondary area is written and is one of prefecture.yaml `secondary_areas`."""
    area, areas = (row.get("secondary_area") or "").strip(), scheme.secondary_areas
    params = {"code": row["code"].strip(), "name": row["name"], "area": area}
    if not area:
        return [Problem("reference-secondary-area-missing", row["_line"], column, params)]
    if area in areas:
        return []
    known = list(areas)
    listed = "、".join(known[:_LISTED_AREAS]) + ("…" if len(known) > _LISTED_AREAS else "")
    return [Problem("reference-secondary-area", row["_line"], column,
                    {**params, "known": listed, "known_en": listed.replace("、", ", ")})]


def _unused_area_problems(doc, scheme, towns: dict) -> list[Problem]:
    """prefecture.yaml `secondary_areas` that no municipality of the reference table is in."""
    used = {town.secondary_area for town in towns.values()}
    problems = []
    for i, area in enumerate(scheme.data.get("secondary_areas") or []):
        if isinstance(area, dict) and area.get("code") not in used:
            path = ("secondary_areas", i)
            line, column, _ = doc.locate(path)
            problems.append(Problem("reference-secondary-area-empty", line, column,
                                    {"area": str(area.get("code")), "name": str(area.get("name", ""))}, path))
    return problems


def _scheme_code_problems(doc, scheme) -> list[Problem]:
    """prefecture.yaml's own `code` carries the JIS check digit (北海道 010006, 熊本県 430005)."""
    code = scheme.data.get("code")
    if not is_six_digits(code) or check_digit_ok(code):
        return []
    line, column, _ = doc.locate(("code",))
    return _code_problems(code, line, column, None, scheme, _PREFECTURE_CODE, ("code",))


PLACEHOLDER = "【要記入】"  # how `zaitaku init` marks a value the officer must write (scaffold.py)


def _placeholder_problems(doc) -> list[Problem]:
    """Values of prefecture.yaml still as `zaitaku init` wrote them: strings that begin with
    PLACEHOLDER, one finding at each."""
    return [Problem("prefecture-placeholder", *doc.locate(path)[:2], {"field": format_path(path), "text": text}, path)
            for path, text in _placeholders(doc.value, ())]


def _placeholders(value, path):
    """(path, text) of every string under `value` that begins with PLACEHOLDER."""
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _placeholders(item, (*path, key))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _placeholders(item, (*path, i))]
    return [(path, value)] if isinstance(value, str) and value.startswith(PLACEHOLDER) else []


def _read_reference(raw, name: str, rel: str, out) -> bytes | None | bool:
    """A reference file's bytes; None when it does not exist; False when it exists but cannot be
    read (a file-unreadable finding at the file, e.g. its permissions)."""
    from zaitaku_cli.errors import os_error_text

    try:
        return raw.read(name)
    except OSError as err:
        ja, en = os_error_text(err)
        out.add(rel, [Problem("file-unreadable", 1, 1, {"detail": ja, "detail_en": en})])
        return False


def _load_municipalities(raw, scheme, out):
    """reference/municipalities.csv -> ({code: Municipality}, its rel). Each row's code is checked
    as records are (six digits, its check digit, the prefecture's number) and its secondary area
    against prefecture.yaml; every problem is a finding at the row's line."""
    rel_name = scheme.data.get("reference", {}).get("municipalities", "reference/municipalities.csv")
    rel = f"{raw.rel(raw.root)}/{rel_name}"
    data = _read_reference(raw, rel_name, rel, out)
    if data is False:
        return {}, rel
    if data is None:
        out.add(raw.prefecture.rel, [Problem("registry-missing", *raw.prefecture.locate(("reference", "municipalities"))[:2],
                                             {"path": rel}, ("reference", "municipalities"))])
        return {}, rel
    rows, problems = read_csv(data, rel)
    out.add(rel, problems)
    lines, prefix = _csv_lines(data), _prefecture_prefix(scheme)
    out.add(rel, values.csv_text_problems(rows, values.MUNICIPALITY_TEXT, lambda row, key: _column(lines, row, key)))
    towns = {}
    for row in rows:
        code = (row.get("code") or "").strip()
        if not re.fullmatch(r"\d{6}", code) or not row.get("name") or code in towns:
            out.add(rel, [Problem("reference-invalid", row["_line"], 1, {"detail": f"code={code!r}"})])
            continue
        out.add(rel, _code_problems(code, row["_line"], _column(lines, row, "code"), prefix, scheme, _MUNICIPALITY_CODE))
        out.add(rel, _area_problems(row, scheme, _column(lines, row, "secondary_area")))
        towns[code] = Municipality(code, row["name"], row.get("kana", ""), row.get("secondary_area", ""), row["_line"])
    raw.csv_files["municipalities"] = (rel, rows)
    if rows:
        out.add(raw.prefecture.rel, _unused_area_problems(raw.prefecture, scheme, towns))
    return towns, rel


def _load_populations(raw, scheme, out):
    return _load_dated_figures(raw, scheme, out, "population", _POPULATION_FILE, "population")


def _load_support_clinics(raw, scheme, out):
    """reference.support_clinics: 在支診・在支病 per municipality (grant condition support_clinics_max)."""
    return _load_dated_figures(raw, scheme, out, "support_clinics", _SUPPORT_CLINICS_FILE, "count")


def _load_dated_figures(raw, scheme, out, key: str, pattern, column: str):
    """The CSVs listed under prefecture.yaml reference.<key>, each dated by its file name:
    ({date: {municipality code: figure}}, {date: rel path}). A municipality without a row is
    unknown, never 0; a bad row is reference-invalid and left out."""
    figures_on, files = {}, {}
    for i, rel_name in enumerate(scheme.data.get("reference", {}).get(key, []) or []):
        rel = f"{raw.rel(raw.root)}/{rel_name}"
        match = pattern.search(rel_name)
        where = raw.prefecture.locate(("reference", key, i))[:2]
        data = _read_reference(raw, rel_name, rel, out)
        if data is False:
            continue
        if data is None or not match:
            out.add(raw.prefecture.rel, [Problem("registry-missing", *where, {"path": rel}, ("reference", key, i))])
            continue
        try:
            on = datetime.date.fromisoformat(match.group(1))
        except ValueError:
            out.add(raw.prefecture.rel, [Problem("reference-invalid", *where, {"detail": f"{rel_name}: no such date"},
                                                 ("reference", key, i))])
            continue
        rows, problems = read_csv(data, rel)
        out.add(rel, problems)
        lines, prefix, figures = _csv_lines(data), _prefecture_prefix(scheme), {}
        for row in rows:
            try:
                code, figure = row["code"].strip(), int(row[column])
                if figure < 0 or code in figures:
                    raise ValueError
                figures[code] = figure
            except (KeyError, ValueError, AttributeError, TypeError):
                out.add(rel, [Problem("reference-invalid", row["_line"], 1, {"detail": f"{row.get('code')!r}: {row.get(column)!r}"})])
                continue
            if is_six_digits(code):
                out.add(rel, _code_problems(code, row["_line"], _column(lines, row, "code"), prefix, scheme, _MUNICIPALITY_CODE))
            else:
                out.add(rel, [Problem("reference-invalid", row["_line"], 1, {"detail": f"code={code!r}"})])
        figures_on[on], files[on] = figures, rel
        raw.csv_files[f"{column} {on}"] = (rel, rows)
    return figures_on, files


def _stem(rel: str) -> str:
    """registry/institutions/x.yaml -> x (string operations: this runs per record)."""
    name = rel.rsplit("/", 1)[-1]
    return name[: name.rfind(".")] if "." in name else name


def build_record(kind: str, doc, out: Collector) -> Record:
    """One record of the model, its problems (id, schema, dates) into `out`. Faulty fields are
    cut out (validate/partial.py) so that the rest of the record is still checked."""
    doc.problems = values.settle(kind, doc.problems)  # the loader's findings, by the field they are in
    out.add(doc.rel, doc.problems)
    stem = _stem(doc.rel)
    if doc.value is None:  # unreadable: its id still exists, so references to it don't cascade
        return Record(kind, stem, doc, {}, valid=False)
    problems = _id_problems(doc, stem)
    value, cuts = doc.value, set()
    if doc.lossy:  # a value was dropped while reading: cut its place, check the rest
        if any(p.code == "yaml-alias" for p in doc.problems):  # an alias's holes cannot be placed
            out.add(doc.rel, problems + values.date_problems(kind, doc) + values.model_date_problems(kind, doc))
            return Record(kind, stem, doc, value, valid=False)
        cuts = {cut_point(p.path) for p in doc.problems if p.code in HOLE_CODES}
        value = prune(value, cuts)
        schema_problems = [p for p in check_schema(kind, doc, value) if not under(p.path, cuts)]
    else:
        schema_problems = doc.schema_problems if doc.schema_problems is not None else check_schema(kind, doc)
    if doc.found is None:  # not yet checked where it was read (else its findings are known)
        problems += values.date_problems(kind, doc)
    valid = True
    if schema_problems:
        faulty = {cut_point(p.path) for p in schema_problems}
        # a misspelt key stands for the key it was meant to be: no "missing" finding on that one
        faulty |= {cut_point(p.path[:-1] + (p.params["meant"],)) for p in schema_problems if p.params.get("meant")}
        cuts |= faulty
        value = prune(value, faulty)
    if cuts:
        # what is left must be whole; a fault of a kind not foreseen stops the rules
        valid = () not in cuts and all(under(p.path, cuts) for p in check_schema(kind, doc, value))
    schema_problems = values.unexplained(schema_problems, doc.problems)
    record = Record(kind, stem, doc, value, valid=valid, cuts=frozenset(cuts))
    if valid:
        def on_date_problem(code, path, params):
            line, column, _ = doc.locate(path)
            problems.append(Problem(code, line, column, params, path))
        record.designation = parse_designation(value, on_date_problem)
    elif doc.found is None:  # the model cannot read it: its designation dates are still checked
        problems += values.model_date_problems(kind, doc)
    out.add(doc.rel, problems + schema_problems)
    return record


def _id_problems(doc, stem: str) -> list[Problem]:
    """The file name is an id, and the record's `id` is the file name."""
    problems = []
    if not _ID.fullmatch(stem):
        problems.append(Problem("record-id-invalid-stem", 1, 1, {"stem": stem}))
    record_id = doc.value.get("id")
    if isinstance(record_id, str) and record_id != stem:
        line, column, _ = doc.locate(("id",))
        problems.append(Problem("record-id-mismatch", line, column, {"id": record_id, "stem": stem}, ("id",)))
    return problems


def build_reference(raw: RawRegistry, as_of: datetime.date, out: Collector,
                    today: datetime.date | None = None) -> Registry:
    """The scheme and the reference tables, with no records yet. Raises SchemeInvalid."""
    scheme = _load_scheme(raw, out)
    out.add(raw.prefecture.rel, _scheme_code_problems(raw.prefecture, scheme))
    out.add(raw.prefecture.rel, _placeholder_problems(raw.prefecture))
    towns, town_rel = _load_municipalities(raw, scheme, out)
    populations, population_files = _load_populations(raw, scheme, out)
    clinics, clinic_files = _load_support_clinics(raw, scheme, out)
    return Registry(scheme, towns, populations, population_files, municipality_file=town_rel, as_of=as_of,
                    today=today, support_clinics=clinics, support_clinic_files=clinic_files)

