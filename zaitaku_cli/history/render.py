"""`zaitaku diff` output. `sections()` turns Changes into rows (pure, Japanese or English labels),
`scheme_rows()` and `reference_blocks()` do the same for the rule set (prefecture.yaml's settings
and the reference tables, shown first; at most REFERENCE_LINES rows per reference file, then
「…ほか N 件」); the renderers print them as text (rich), Markdown (a table per part, one row per
changed field, for a plan amendment notice) or JSON (the changes as data, labels left to the reader).

Values are written for people: a designation status by its label (model.status_label: 予定,
指定済 …; in English planned, designated …), designation dates in Japanese as era dates
(令和7年7月1日; a month-only date as the month, 令和7年8月 — never as its last day; before 昭和 the
Gregorian 1900年1月1日), in English as ISO (2025-07-01, 2025-08). A step before the designation
(`designation.steps[i]`) is its label and date, 調整中（令和7年7月21日までに） / coordinating (by
2025-07-21), under the field 経過（i+1番目）. JSON keeps the data as it is.

A grant (registry/grants/) is named by its menu, fiscal year and whom it funds (history/grants.py);
its amounts are integer yen shown with separators and exact 千円 (2,092,000円（2,092千円）; in
English ¥2,092,000 (2,092 thousand yen)); an item by its row, category label, expense type and
label: 経費の内訳（2行目）「事務費（会議・研修開催等）／需用費／研修会の資料印刷」の交付決定額（円）
(in English `items[1].decided (office / 需用費 / 研修会の資料印刷)`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from zaitaku_cli.dates import DateError, parse_partial_date, to_era
from zaitaku_cli.history.compare import (
    DATE_FIELDS,
    ITEM_KEYS,
    KINDS,
    MUNICIPALITY_FIELDS,
    summary,
)
from zaitaku_cli.model import menu_label, status_label

CHANGE_LABELS = {
    "ja": {"added": "追加", "designated": "指定", "withdrawn": "指定取消・辞退", "changed": "変更", "deleted": "削除"},
    "en": {"added": "added", "designated": "designated", "withdrawn": "withdrawn", "changed": "changed",
           "deleted": "deleted"},
}
CHANGE_STYLES = {"added": "blue", "designated": "green", "withdrawn": "yellow", "changed": "cyan",
                 "deleted": "bold red"}
KIND_TITLES = {
    "ja": {"zone": "在宅医療圏", "institution": "在宅医療において積極的役割を担う医療機関",
           "hub": "在宅医療に必要な連携を担う拠点", "grant": "補助金"},
    "en": {"zone": "Home-care zones", "institution": "Active-role institutions", "hub": "Coordination hubs",
           "grant": "Grants"},
}
HEADERS = {"ja": ("区分", "ID", "名称", "項目", "変更前", "変更後"),
           "en": ("Change", "ID", "Name", "Field", "Before", "After")}
WORKTREE = {"ja": "作業ツリー", "en": "working tree"}
NOTHING = "—"
CHANGE_LABELS["ja"].update(removed="削除", reordered="並び順")
CHANGE_LABELS["en"].update(removed="removed", reordered="reordered")
CHANGE_STYLES.update(removed="bold red", reordered="cyan")
RULE_SET_TITLES = {"ja": {"scheme": "制度設定（prefecture.yaml）", "reference": "参照データ"},
                   "en": {"scheme": "Scheme (prefecture.yaml)", "reference": "Reference data"}}
SCHEME_HEADERS = {"ja": ("区分", "項目", "変更前", "変更後"), "en": ("Change", "Setting", "Before", "After")}
REFERENCE_HEADERS = {"ja": ("区分", "コード", "市町村", "項目", "変更前", "変更後"),
                     "en": ("Change", "Code", "Municipality", "Field", "Before", "After")}
REFERENCE_FIELDS = {"name": "名称", "kana": "よみ", "secondary_area": "二次医療圏", "population": "人口"}
FILE_NOTES = {"ja": {"added": "ファイルの追加（{n}行）", "removed": "ファイルの削除（{n}行）"},
              "en": {"added": "file added ({n} rows)", "removed": "file removed ({n} rows)"}}
MORE = {"ja": "…ほか {n} 件", "en": "… and {n} more"}
REFERENCE_LINES = 10  # rows shown per reference file in text and Markdown (JSON has them all)
WHOLE_FILE = "prefecture.yaml"


@dataclass
class Row:
    change: str  # the change type (for styles)
    label: str
    id: str
    name: str
    details: list[tuple[str, str, str]]  # (field label, before, after)


@dataclass
class Section:
    kind: str
    title: str
    rows: list[Row]


def _schema(kind):
    from zaitaku_cli.validate.schema import load_schema

    try:
        return load_schema(kind)
    except (OSError, ValueError):
        return {}


def field_label(kind: str, path: str, lang: str, scheme=None) -> str:
    """Japanese: the schema's title (requirements and roles with their mark ① / （１） from
    prefecture.yaml). English: the field path itself, as written in the YAML."""
    if lang == "en":
        return path
    props = _schema(kind).get("properties", {})
    head, *rest = path.split(".")
    title = (props.get(head) or {}).get("title", head)
    if not rest:
        return title
    if head == "designation":
        if rest[0] == "status":
            return title
        name, _, index = rest[0].partition("[")
        sub = ((props.get(head) or {}).get("properties") or {}).get(name) or {}
        if index and index.rstrip("]").isdigit():  # a step: 経過（2番目）
            return f"{sub.get('title', name)}（{int(index.rstrip(']')) + 1}番目）"
        return sub.get("title", rest[0]) + "".join("." + r for r in rest[1:])
    mark = ""
    if scheme is not None and head == "requirements":
        mark = next((r.mark for r in scheme.requirements if r.id == rest[0]), "")
    elif scheme is not None and head == "roles":
        roles = (scheme.data.get("hub") or {}).get("roles") or []
        mark = next((r.get("mark", "") for r in roles if r.get("id") == rest[0]), "")
    label = f"{title}{mark}" if mark else f"{title}.{rest[0]}"
    if rest[1:] == ["evidence"]:
        return label + ("の根拠" if mark else ".evidence")
    return label + "".join("." + r for r in rest[1:] if r != "met")


def value_text(value) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, dict):
        if isinstance(value.get("name"), str):
            rest = [value_text(v) for k, v in value.items() if k != "name" and v is not None]
            return value["name"] + (f"（{', '.join(rest)}）" if rest else "")
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def date_text(value, lang: str) -> str:
    """A designation date for people: 令和7年7月1日 / 令和7年8月 (month only) in Japanese, ISO in English;
    an unreadable value as it is written."""
    if value is None or lang == "en" or not isinstance(value, str):
        return value_text(value)
    try:
        day = parse_partial_date(value)
    except DateError:
        return value_text(value)
    try:
        era = to_era(day.first())
    except DateError:  # before 昭和
        era = f"{day.year}年{day.month}月{day.first().day}日"
    return era[: era.index("月") + 1] if day.day is None else era


def step_text(value, lang: str) -> str:
    """A step for people: 調整中（令和7年7月21日までに）, 申請書提出済（審査中）（令和7年8月5日）; in English
    coordinating (by 2025-07-21). Anything else as value_text."""
    if not (isinstance(value, dict) and isinstance(value.get("status"), str)):
        return value_text(value)
    when = []
    if value.get("date") is not None:
        when.append(date_text(value["date"], lang))
    if value.get("by") is not None:
        by = date_text(value["by"], lang)
        when.append(f"by {by}" if lang == "en" else f"{by}までに")
    label = status_label(value["status"], lang)
    if lang == "en":
        return f"{label} ({', '.join(when)})" if when else label
    return f"{label}（{'、'.join(when)}）" if when else label


def field_value(path: str, value, lang: str) -> str:
    """The value of the field at `path` as the diff shows it."""
    if path == "designation.status" and isinstance(value, str):
        return status_label(value, lang)
    if path.startswith("designation.steps["):
        return step_text(value, lang)
    if path.startswith("designation.") and path.split(".", 1)[1] in DATE_FIELDS:
        return date_text(value, lang)
    return value_text(value)


def amount_text(value, lang: str) -> str:
    """Integer yen for people: 2,092,000円（2,092千円）, 920,500円（920.5千円）; in English
    ¥2,092,000 (2,092 thousand yen). Anything else (an amount written wrongly) as it is written."""
    from zaitaku_cli.money import is_yen, thousands

    if not is_yen(value):
        return value_text(value)
    if lang == "en":
        return f"¥{value:,} ({thousands(value)} thousand yen)"
    return f"{value:,}円（{thousands(value)}千円）"


def _category_label(category, menu: dict, lang: str) -> str:
    if lang != "en":
        for item in menu.get("categories") or []:
            if isinstance(item, dict) and item.get("id") == category and isinstance(item.get("label"), str):
                return item["label"]
    return value_text(category)


def item_text(item: dict | None, menu: dict, lang: str) -> str:
    """An item's identity: 事務費（会議・研修開催等）／需用費／研修会の資料印刷; in English the category id,
    office / 需用費 / 研修会の資料印刷 (a missing label left out)."""
    item = item or {}
    parts = [_category_label(item.get("category"), menu, lang), value_text(item.get("expense_type"))]
    if item.get("label") is not None:
        parts.append(value_text(item["label"]))
    return (" / " if lang == "en" else "／").join(parts)


def grant_menu(scheme, menu_id) -> dict:
    menus = scheme.grant_menus if scheme is not None else {}
    return (menus.get(menu_id) if isinstance(menu_id, str) else None) or {}


def grant_field_label(path: str, item: dict | None, lang: str, scheme=None, menu_id=None) -> str:
    """A grant field for people: the schema's titles in Japanese (a nested one in brackets:
    補助の経路（経路の種類）; an item by its row and identity); in English the path (an item's
    identity after it)."""
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    identity = item_text(item, grant_menu(scheme, menu_id), lang) if item is not None else ""
    if lang == "en":
        return f"{path} ({identity})" if identity and rest else path
    props = _schema("grant").get("properties", {})
    spec = props.get(name) or {}
    title = spec.get("title", name)
    if index:
        row = f"{title}（{int(index.rstrip(']')) + 1}行目）"
        if not rest:
            return row
        sub = ((spec.get("items") or {}).get("properties") or {}).get(rest) or {}
        return f"{row}「{identity}」の{sub.get('title', rest)}"
    if rest:
        sub = (spec.get("properties") or {}).get(rest) or {}
        return f"{title}（{sub.get('title', rest)}）"
    return title


def grant_field_value(path: str, value, lang: str, scheme=None, menu_id=None) -> str:
    """A grant field's value for people: amounts in yen and 千円, dates as designation dates are,
    the fiscal year as 令和7年度 / FY2025, the menu by its label and id, a whole item by its identity
    and amounts."""
    from zaitaku_cli.history.grants import GRANT_DATES, fiscal_year_text
    from zaitaku_cli.money import AMOUNTS, WHICH

    name = path.split(".")[0].partition("[")[0]
    if value is None:
        return NOTHING
    if path.startswith("items[") and "." not in path and isinstance(value, dict):
        words = [f"{WHICH[w][0] if lang != 'en' else w} {amount_text(value[w], lang)}"
                 for w in AMOUNTS if w in value]
        identity = item_text(value, grant_menu(scheme, menu_id), lang)
        if lang == "en":
            return f"{identity}: {', '.join(words)}" if words else identity
        return f"「{identity}」{'、'.join(words)}"
    if path.split(".")[-1] in AMOUNTS or name == "eligible_cost":
        return amount_text(value, lang)
    if name in GRANT_DATES:
        return date_text(value, lang)
    if name == "fiscal_year":
        return fiscal_year_text(value, lang)
    if name == "menu":
        label = menu_label(grant_menu(scheme, value) or None, lang)
        if not label or label == value:
            return value_text(value)
        return f"{label} ({value})" if lang == "en" else f"{label}（{value}）"
    return value_text(value)


def _grant_row(c, labels, lang: str, scheme) -> Row:
    menu_id = (c.extra or {}).get("menu")
    name = ((c.extra or {}).get("name_en") or c.name) if lang == "en" else c.name
    return Row(c.change, labels[c.change], c.id, name,
               [(grant_field_label(f.field, f.item, lang, scheme, menu_id),
                 grant_field_value(f.field, f.old, lang, scheme, menu_id),
                 grant_field_value(f.field, f.new, lang, scheme, menu_id)) for f in c.fields])


def sections(changes, lang: str = "ja", scheme=None) -> list[Section]:
    """One Section per kind that has changes, in the order of the changes (kind, then id)."""
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    titles = dict(KIND_TITLES.get(lang, KIND_TITLES["ja"]))
    if lang != "en" and scheme is not None:  # the prefecture's own names for the two designations
        for kind in ("institution", "hub"):
            titles[kind] = (scheme.data.get(kind) or {}).get("title") or titles[kind]
    out = []
    for kind in KINDS:
        rows = [_grant_row(c, labels, lang, scheme) if kind == "grant" else
                Row(c.change, labels[c.change], c.id, c.name,
                    [(field_label(kind, f.field, lang, scheme), field_value(f.field, f.old, lang),
                      field_value(f.field, f.new, lang)) for f in c.fields])
                for c in changes if c.kind == kind]
        if rows:
            out.append(Section(kind, titles[kind], rows))
    return out


def setting_text(value) -> str:
    """A prefecture.yaml value as it reads in YAML's flow style: {k: v, …}, [a, b], — for nothing."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {setting_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(setting_text(v) for v in value) + "]"
    return value_text(value)


def _item_value(path: str, value):
    """An added or removed list item without the key its path already names (`[training]`)."""
    if not (path.endswith("]") and isinstance(value, dict)):
        return value
    name = path[path.rindex("[") + 1:-1]
    return {k: v for k, v in value.items() if not (k in ITEM_KEYS and str(v) == name)}


def scheme_rows(settings, lang: str) -> list[tuple[str, str, str, str, str]]:
    """(change type, its label, path, before, after) per SettingChange; the whole file (one side
    has no registry) as `prefecture.yaml` with no values."""
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    return [(s.change, labels[s.change], WHOLE_FILE, "", "") if not s.path else
            (s.change, labels[s.change], s.path, setting_text(_item_value(s.path, s.old)),
             setting_text(_item_value(s.path, s.new))) for s in settings]


@dataclass
class ReferenceBlock:
    file: str
    note: str  # a whole file added or removed ("ファイルの追加（179行）"), else ""
    rows: list[Row]  # at most REFERENCE_LINES
    more: int  # rows left out


def reference_field(field: str, lang: str, scheme=None) -> str:
    """A reference column for people: Japanese labels (the scheme's word for a secondary area), the
    CSV's column name in English."""
    if lang == "en":
        return field
    if field == "secondary_area" and scheme is not None:
        terms = scheme.data.get("terms") if isinstance(scheme.data.get("terms"), dict) else {}
        return terms.get("secondary_area") or REFERENCE_FIELDS[field]
    return REFERENCE_FIELDS.get(field, field)


def _row_details(row, lang: str, scheme) -> list[tuple[str, str, str]]:
    if row.field is not None:
        return [(reference_field(row.field, lang, scheme), value_text(row.old), value_text(row.new))]
    return [(reference_field(f, lang, scheme), value_text((row.old or {}).get(f)), value_text((row.new or {}).get(f)))
            for f in MUNICIPALITY_FIELDS]


def reference_blocks(files, lang: str, scheme=None, limit: int = REFERENCE_LINES) -> list[ReferenceBlock]:
    """One block per changed reference file, its rows cut at `limit` (the rest counted in `more`)."""
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    notes = FILE_NOTES.get(lang, FILE_NOTES["ja"])
    out = []
    for f in files:
        note = notes[f.change].format(n=f.rows) if f.change in notes else ""
        rows = [Row(r.change, labels[r.change], r.code, r.name, _row_details(r, lang, scheme))
                for r in f.changes[:limit]]
        out.append(ReferenceBlock(f.file, note, rows, max(0, len(f.changes) - limit)))
    return out


def more_text(n: int, lang: str) -> str:
    return MORE.get(lang, MORE["ja"]).format(n=n)


def endpoint(revision, lang: str) -> str:
    return revision.label if revision is not None else WORKTREE.get(lang, WORKTREE["ja"])


def summary_line(changes, lang: str, rule_set=None) -> str:
    """Counts of the record changes by type, after the rule set's (each part only when it changed)."""
    counts = summary(changes)
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    settings, reference = rule_set.count() if rule_set is not None else (0, 0)
    if not changes and not settings and not reference:
        return "No changes." if lang == "en" else "変更はありません。"
    order = ("designated", "withdrawn", "changed", "added", "deleted")
    if lang == "en":
        head = [f"{n} {what}" for n, what in ((settings, "scheme changes"), (reference, "reference changes")) if n]
        return ", ".join(head + [f"{counts[t]} {labels[t]}" for t in order])
    head = [f"{what} {n}件" for n, what in ((settings, "制度設定"), (reference, "参照データ")) if n]
    return "、".join(head + [f"{labels[t]} {counts[t]}件" for t in order])


def _markdown_rule_set(rule_set, lang: str, scheme) -> list[str]:
    from zaitaku_cli.mdtext import escape, table

    titles = RULE_SET_TITLES.get(lang, RULE_SET_TITLES["ja"])
    lines = []
    if rule_set.scheme:
        rows = [row[1:] for row in scheme_rows(rule_set.scheme, lang)]
        lines += [f"### {escape(titles['scheme'])}", ""] + table(SCHEME_HEADERS.get(lang, SCHEME_HEADERS["ja"]), rows)
        lines.append("")
    if rule_set.reference:
        lines += [f"### {escape(titles['reference'])}", ""]
        for block in reference_blocks(rule_set.reference, lang, scheme):
            lines += [f"#### {escape(block.file)}", ""]
            if block.note:
                lines += [escape(block.note), ""]
                continue
            lines += table(REFERENCE_HEADERS.get(lang, REFERENCE_HEADERS["ja"]), _detail_rows(block.rows)) + [""]
            if block.more:
                lines += [escape(more_text(block.more, lang)), ""]
    return lines


def _detail_rows(rows) -> list[tuple]:
    """Table rows: one per changed field, the change, id and name on the first only."""
    out = []
    for row in rows:
        details = row.details or [("", "", "")]
        for i, (label, before, after) in enumerate(details):
            head = (row.label, row.id, row.name) if i == 0 else ("", "", "")
            out.append((*head, label, before, after))
    return out


def render_markdown(changes, old_rev, new_rev, lang: str = "ja", scheme=None, rule_set=None) -> str:
    """`## 登録簿の変更（A → B）`, then a `###` section per part: the scheme (a table of settings),
    the reference data (a `####` table per file), then each kind of record; the summary line."""
    from zaitaku_cli.mdtext import escape, table

    span = f"{endpoint(old_rev, lang)} → {endpoint(new_rev, lang)}"
    title = f"Changes to the registry ({span})" if lang == "en" else f"登録簿の変更（{span}）"
    lines = [f"## {escape(title)}", ""]
    if rule_set is not None:
        lines += _markdown_rule_set(rule_set, lang, scheme)
    for section in sections(changes, lang, scheme):
        lines += [f"### {escape(section.title)}", ""]
        lines += table(HEADERS.get(lang, HEADERS["ja"]), _detail_rows(section.rows)) + [""]
    lines.append(escape(summary_line(changes, lang, rule_set)))
    return "\n".join(lines) + "\n"


def as_dict(changes, old_rev, new_rev, unreadable=(), rule_set=None) -> dict:
    """{"from", "to": {"rev", "commit"}, "scheme": [SettingChange], "reference": [FileChange],
    "changes": [Change], "summary": {change type: count of records}, "unreadable": [file]}."""
    def side(revision):
        return ({"rev": revision.rev, "commit": revision.hexsha} if revision is not None
                else {"rev": None, "commit": None})

    scheme = [s.as_dict() for s in rule_set.scheme] if rule_set is not None else []
    reference = [f.as_dict() for f in rule_set.reference] if rule_set is not None else []
    return {"from": side(old_rev), "to": side(new_rev), "scheme": scheme, "reference": reference,
            "changes": [c.as_dict() for c in changes], "summary": summary(changes), "unreadable": list(unreadable)}


def render_json(changes, old_rev, new_rev, unreadable=(), rule_set=None) -> str:
    return json.dumps(as_dict(changes, old_rev, new_rev, unreadable, rule_set), ensure_ascii=False, indent=2) + "\n"


def _text_rule_set(console, rule_set, lang: str, scheme) -> None:
    from rich.text import Text

    titles = RULE_SET_TITLES.get(lang, RULE_SET_TITLES["ja"])
    if rule_set.scheme:
        console.print()
        console.print(Text(titles["scheme"], style="bold underline"))
        for change, label, path, before, after in scheme_rows(rule_set.scheme, lang):
            line = Text("  ")
            line.append(label, style=CHANGE_STYLES[change])
            line.append(f"  {path}: {before} → {after}" if before or after else f"  {path}")
            console.print(line)
    if rule_set.reference:
        console.print()
        console.print(Text(titles["reference"], style="bold underline"))
        for block in reference_blocks(rule_set.reference, lang, scheme):
            console.print(Text(f"  {block.file}" + (f": {block.note}" if block.note else "")))
            for row in block.rows:
                _text_row(console, row, "    ", inline=True)
            if block.more:
                console.print(Text("    " + more_text(block.more, lang), style="dim"))


def _text_row(console, row, indent: str, inline: bool = False) -> None:
    """A row's change, id and name, then its fields on lines below (`inline`: a single field on
    the same line)."""
    from rich.text import Text

    line = Text(indent)
    line.append(row.label, style=CHANGE_STYLES[row.change])
    line.append(f"  {row.id}  ", style="dim")
    line.append(row.name)
    details = [f"{label}: {before} → {after}" for label, before, after in row.details]
    if inline and len(details) == 1:
        line.append(f"  {details[0]}")
        details = []
    console.print(line)
    for detail in details:
        console.print(Text(f"{indent}    {detail}"))


def render_text(changes, old_rev, new_rev, stream, lang: str = "ja", scheme=None, rule_set=None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    console.print(Text(f"{endpoint(old_rev, lang)} → {endpoint(new_rev, lang)}", style="bold"))
    if rule_set is not None:
        _text_rule_set(console, rule_set, lang, scheme)
    for section in sections(changes, lang, scheme):
        console.print()
        console.print(Text(section.title, style="bold underline"))
        for row in section.rows:
            _text_row(console, row, "  ")
    console.print()
    console.print(Text(summary_line(changes, lang, rule_set), style="bold"))
