"""`zaitaku diff` output. `sections()` turns Changes into rows (pure, Japanese or English labels);
the renderers print them as text (rich), Markdown (a table per kind, one row per changed field,
for a plan amendment notice) or JSON (the Changes as data, labels left to the reader).

Values are written for people: a designation status by its label (model.status_label: 予定,
指定済 …; in English planned, designated …), designation dates in Japanese as era dates
(令和7年7月1日; a month-only date as the month, 令和7年8月 — never as its last day; before 昭和 the
Gregorian 1900年1月1日), in English as ISO (2025-07-01, 2025-08). JSON keeps the data as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from zaitaku_cli.dates import DateError, parse_partial_date, to_era
from zaitaku_cli.history.compare import DATE_FIELDS, KINDS, summary
from zaitaku_cli.model import status_label

CHANGE_LABELS = {
    "ja": {"added": "追加", "designated": "指定", "withdrawn": "指定取消・辞退", "changed": "変更", "deleted": "削除"},
    "en": {"added": "added", "designated": "designated", "withdrawn": "withdrawn", "changed": "changed",
           "deleted": "deleted"},
}
CHANGE_STYLES = {"added": "blue", "designated": "green", "withdrawn": "yellow", "changed": "cyan",
                 "deleted": "bold red"}
KIND_TITLES = {
    "ja": {"zone": "在宅医療圏", "institution": "在宅医療において積極的役割を担う医療機関",
           "hub": "在宅医療に必要な連携を担う拠点"},
    "en": {"zone": "Home-care zones", "institution": "Active-role institutions", "hub": "Coordination hubs"},
}
HEADERS = {"ja": ("区分", "ID", "名称", "項目", "変更前", "変更後"),
           "en": ("Change", "ID", "Name", "Field", "Before", "After")}
WORKTREE = {"ja": "作業ツリー", "en": "working tree"}
NOTHING = "—"


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
        sub = ((props.get(head) or {}).get("properties") or {}).get(rest[0]) or {}
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


def field_value(path: str, value, lang: str) -> str:
    """The value of the field at `path` as the diff shows it."""
    if path == "designation.status" and isinstance(value, str):
        return status_label(value, lang)
    if path.startswith("designation.") and path.split(".", 1)[1] in DATE_FIELDS:
        return date_text(value, lang)
    return value_text(value)


def sections(changes, lang: str = "ja", scheme=None) -> list[Section]:
    """One Section per kind that has changes, in the order of the changes (kind, then id)."""
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    titles = dict(KIND_TITLES.get(lang, KIND_TITLES["ja"]))
    if lang != "en" and scheme is not None:  # the prefecture's own names for the two designations
        for kind in ("institution", "hub"):
            titles[kind] = (scheme.data.get(kind) or {}).get("title") or titles[kind]
    out = []
    for kind in KINDS:
        rows = [Row(c.change, labels[c.change], c.id, c.name,
                    [(field_label(kind, f.field, lang, scheme), field_value(f.field, f.old, lang),
                      field_value(f.field, f.new, lang)) for f in c.fields])
                for c in changes if c.kind == kind]
        if rows:
            out.append(Section(kind, titles[kind], rows))
    return out


def endpoint(revision, lang: str) -> str:
    return revision.label if revision is not None else WORKTREE.get(lang, WORKTREE["ja"])


def summary_line(changes, lang: str) -> str:
    counts = summary(changes)
    labels = CHANGE_LABELS.get(lang, CHANGE_LABELS["ja"])
    if not changes:
        return "No changes." if lang == "en" else "変更はありません。"
    order = ("designated", "withdrawn", "changed", "added", "deleted")
    if lang == "en":
        return ", ".join(f"{counts[t]} {labels[t]}" for t in order)
    return "、".join(f"{labels[t]} {counts[t]}件" for t in order)


def render_markdown(changes, old_rev, new_rev, lang: str = "ja", scheme=None) -> str:
    from zaitaku_cli.mdtext import escape, table

    span = f"{endpoint(old_rev, lang)} → {endpoint(new_rev, lang)}"
    title = f"Changes to the registry ({span})" if lang == "en" else f"登録簿の変更（{span}）"
    lines = [f"## {escape(title)}", ""]
    for section in sections(changes, lang, scheme):
        lines += [f"### {escape(section.title)}", ""]
        rows = []
        for row in section.rows:
            details = row.details or [("", "", "")]
            for i, (label, before, after) in enumerate(details):
                head = (row.label, row.id, row.name) if i == 0 else ("", "", "")
                rows.append((*head, label, before, after))
        lines += table(HEADERS.get(lang, HEADERS["ja"]), rows) + [""]
    lines.append(escape(summary_line(changes, lang)))
    return "\n".join(lines) + "\n"


def as_dict(changes, old_rev, new_rev, unreadable=()) -> dict:
    def side(revision):
        return ({"rev": revision.rev, "commit": revision.hexsha} if revision is not None
                else {"rev": None, "commit": None})

    return {"from": side(old_rev), "to": side(new_rev), "changes": [c.as_dict() for c in changes],
            "summary": summary(changes), "unreadable": list(unreadable)}


def render_json(changes, old_rev, new_rev, unreadable=()) -> str:
    return json.dumps(as_dict(changes, old_rev, new_rev, unreadable), ensure_ascii=False, indent=2) + "\n"


def render_text(changes, old_rev, new_rev, stream, lang: str = "ja", scheme=None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    console.print(Text(f"{endpoint(old_rev, lang)} → {endpoint(new_rev, lang)}", style="bold"))
    for section in sections(changes, lang, scheme):
        console.print()
        console.print(Text(section.title, style="bold underline"))
        for row in section.rows:
            line = Text("  ")
            line.append(row.label, style=CHANGE_STYLES[row.change])
            line.append(f"  {row.id}  ", style="dim")
            line.append(row.name)
            console.print(line)
            for label, before, after in row.details:
                console.print(Text(f"      {label}: {before} → {after}"))
    console.print()
    console.print(Text(summary_line(changes, lang), style="bold"))
