"""The commented templates of `zaitaku new institution|hub|zone ID`.

Every field of the kind's JSON Schema appears in the schema's order, preceded by a Japanese
comment taken from the schema's own title and description (so the template and the schema cannot
drift apart), in the registry's words: prefecture.yaml `terms` (and the kinds' `title`) replace
the national 在宅医療圏, 拠点, 積極的役割を担う医療機関, … when the registry is readable. Requirement
items (institutions, and hubs where the scheme has them) and hub roles come from prefecture.yaml,
with their marks and texts; `type` lists the scheme's types; a field the scheme does not use
(hub `roles` or `requirements` without items, `type` without types, `tier` without a
prefecture-wide tier) is left out; `tier` is written `zone`, a zone's hub. Values are left empty (null, []) so that `zaitaku check` reports, on the right lines,
what is still to be written; the status starts as `planned` (予定).

The first line links the schema for editors (`# yaml-language-server: $schema=…`), always as a
path relative to the new file, so that the file reads the same on every officer's machine:
`schemas/` beside `registry/` (the usual layout, ../../schemas/…), else the schemas zaitaku itself
uses when they lie inside the same repository (a checkout installed with `pip install -e`). Anything
else — a schema inside a virtual environment's site-packages — would be a path of one machine, so
the line is left out and `zaitaku new` says how to add it (copy schemas/ beside registry/).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from zaitaku_cli.load.document import read_document
from zaitaku_cli.validate.schema import load_schema, schema_dir

KINDS = ("institution", "hub", "zone")
FOLDERS = {"institution": "institutions", "hub": "hubs", "zone": "zones", "grant": "grants"}
_OPEN, _CLOSE = "（(「『[{", "）)」』]}"


def _lines(text: str) -> list[str]:
    """A description as comment lines: one sentence per line (a 。 inside brackets does not end one)."""
    text = " ".join(text.split())
    lines, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c == "。" and depth == 0:
            lines.append(text[start:i + 1].strip())
            start = i + 1
    lines.append(text[start:].strip())
    return [line for line in lines if line]


def _comment(indent: int, title: str, description: str, required: bool) -> list[str]:
    pad = " " * indent
    head = f"{pad}# {title}" + ("（必須）" if required else "")
    return [head] + [f"{pad}# {line}" for line in _lines(description)]


def _repository(root: Path) -> Path:
    """The folder of the git repository that holds the registry (the nearest parent with .git),
    or the folder that holds registry/ when it is not in one."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root.parent


def schema_link(root: Path, kind: str) -> str | None:
    """The `$schema` path for a new record of `kind`, relative to its folder; None when the only
    schema at hand lies outside the registry's repository (see the module's docstring)."""
    folder = root / FOLDERS[kind]
    beside = root.parent / "schemas" / f"{kind}.schema.json"
    if beside.is_file():
        return Path(os.path.relpath(beside, folder)).as_posix()
    try:
        packaged = (schema_dir() / f"{kind}.schema.json").resolve()
    except FileNotFoundError:
        return None
    repository = _repository(root.resolve())
    installed = packaged.is_relative_to(Path(sys.prefix).resolve())  # e.g. a .venv inside the repository
    if packaged.is_relative_to(repository) and not installed:
        return Path(os.path.relpath(packaged, folder.resolve())).as_posix()
    return None


def schema_hint(root: Path, kind: str) -> tuple[str, str]:
    """(ja, en): why the template has no `$schema` line and how to add one."""
    try:
        source = str(schema_dir())
    except FileNotFoundError:
        source = "zaitaku の schemas/"
    target = (root.parent / "schemas").as_posix()
    line = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    return (f"registry/ の隣に schemas/ がないため、1行目の $schema（エディタで項目の説明を表示するための行）を"
            f"付けませんでした。付けるには {source} を {target} にコピーし、ファイルの1行目に「{line}」を加えてください。",
            f"no schemas/ beside registry/, so the template has no $schema line (which lets editors show the "
            f"fields' descriptions). To add it, copy {source} to {target} and put '{line}' on the first line.")


def _scheme(root: Path) -> dict:
    path = root / "prefecture.yaml"
    try:
        doc = read_document("prefecture.yaml", path.read_bytes())
    except OSError:
        return {}
    return doc.value if isinstance(doc.value, dict) else {}


def _scheme_items(scheme: dict, kind: str, key: str) -> list[tuple[str, str]]:
    """(id, comment) for the items of the record field `key` from prefecture.yaml: requirement
    items (`requirements`, each with its mark and whether it is mandatory) or hub roles (`roles`)."""
    section = scheme.get(kind) if isinstance(scheme.get(kind), dict) else {}
    items = section.get(key) if key in ("requirements", "roles") else None
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            mark, text = item.get("mark") or "", item.get("text") or ""
            if key == "requirements":
                need = "必須" if item.get("mandatory") else "任意"
                out.append((item["id"], f"{mark} {need}：{text}".strip()))
            else:
                out.append((item["id"], f"{mark} {text}".strip()))
    return out


def _types(scheme: dict, kind: str) -> list[tuple[str, str]]:
    """(id, label) of prefecture.yaml `<kind>.types`."""
    section = scheme.get(kind) if isinstance(scheme.get(kind), dict) else {}
    types = section.get("types")
    return [(t["id"], str(t.get("label") or t["id"])) for t in types if isinstance(t, dict) and isinstance(t.get("id"), str)] \
        if isinstance(types, list) else []


def _menus(scheme: dict) -> str:
    """'id（label）、…' of prefecture.yaml `grants.menus`, for the grant template's menu line."""
    grants = scheme.get("grants") if isinstance(scheme.get("grants"), dict) else {}
    menus = grants.get("menus") if isinstance(grants.get("menus"), list) else []
    return "、".join(f"{m['id']}（{m.get('label') or m['id']}）" for m in menus
                    if isinstance(m, dict) and isinstance(m.get("id"), str))


def _absent(scheme: dict, kind: str, key: str) -> bool:
    """A field of the schema that this scheme does not use, left out of the template: hub `roles`
    and `requirements` without items in prefecture.yaml, `type` without `types`, hub `tier`
    without a prefecture-wide tier."""
    if kind == "hub" and key in ("roles", "requirements"):
        return not _scheme_items(scheme, kind, key)
    if key == "type":
        return not _types(scheme, kind)
    if kind == "hub" and key == "tier":
        section = scheme.get("hub") if isinstance(scheme.get("hub"), dict) else {}
        return not section.get("prefecture_wide")
    return False


def _words(scheme: dict):
    """A function putting the scheme's words (prefecture.yaml `terms`, and the kinds' `title`)
    in place of the national ones in the schema's titles and descriptions. Hokkaido's own
    基幹拠点・区域拠点 and the names in the examples (北海道在宅医療連携拠点, …) stay."""
    import re

    from zaitaku_cli.catalogue import message_terms
    from zaitaku_cli.model import NATIONAL_TERMS

    own = scheme.get("terms") if isinstance(scheme.get("terms"), dict) else {}
    terms = message_terms({**NATIONAL_TERMS["ja"], **{k: v for k, v in own.items() if isinstance(v, str) and v}})
    national = message_terms(NATIONAL_TERMS["ja"])

    def title(kind, full):
        section = scheme.get(kind) if isinstance(scheme.get(kind), dict) else {}
        value = section.get("title")
        return value if isinstance(value, str) and value else terms[kind] if terms[kind] != national[kind] else full

    replacements = [
        ("在宅医療に必要な連携を担う拠点", title("hub", "在宅医療に必要な連携を担う拠点")),
        ("在宅医療において積極的役割を担う医療機関", title("institution", "在宅医療において積極的役割を担う医療機関")),
        ("積極的役割を担う医療機関", terms["institution"]),
        ("在宅医療圏", terms["zone"]),
        ("構成市町村", terms["municipalities"]),
        ("二次医療圏", terms["secondary_area"]),
        ("三次医療圏", terms["tertiary_area"]),
    ]
    hub = terms["hub"] if terms["hub"] != national["hub"] else None
    if hub is None and all(old == new for old, new in replacements):
        return lambda text: text
    # the longer phrases first (a kind's full title is replaced whole, or kept whole)
    pattern = re.compile("|".join(re.escape(old) for old, _ in replacements)
                         + (r"|(?<!基幹)(?<!区域)(?<!連携)(?<!それぞれ)拠点" if hub else ""))
    table = dict(replacements)
    return lambda text: pattern.sub(lambda m: table.get(m.group(0), hub), text)


def _empty(spec: dict) -> str:
    types = spec.get("type")
    types = types if isinstance(types, list) else [types]
    return "[]" if "array" in types else "null"


def render_template(root: Path, kind: str, record_id: str) -> str:
    schema = load_schema(kind)
    scheme = _scheme(root)
    words = _words(scheme)
    rel = f"registry/{FOLDERS[kind]}/{record_id}.yaml"
    link = schema_link(root, kind)
    out = [f"# yaml-language-server: $schema={link}"] if link else []
    out.append(f"# {words(schema.get('title', kind))}")
    out += [f"# {line}" for line in _lines(words(schema.get("description", "")))]
    out += ["#",
            "# zaitaku new で作った下書きです。null や [] のところを資料で確かめて書き、",
            f"# zaitaku check {rel} で確かめてください（書き終えるまではエラーとして表示されます）。",
            "# 分からない値は推測で埋めずに null のままにして、note にその旨を書いてください。"]
    out.append("# 金額は円単位の整数で書きます（資料の「2,092千円」は 2092000）。" if kind == "grant" else
               "# 指定・取消の年月日は zaitaku designate / zaitaku withdraw で記録できます。")
    required = set(schema.get("required", []))
    for key, spec in schema.get("properties", {}).items():
        if key not in required and _absent(scheme, kind, key):
            continue
        out.append("")
        out += _comment(0, words(spec.get("title", key)), words(spec.get("description", "")), key in required)
        if key == "id":
            out.append(f"id: {record_id}")
        elif spec.get("type") == "object" and "properties" in spec:
            out.append(f"{key}:")
            inner_required = set(spec.get("required", []))
            for name, inner in spec["properties"].items():
                out += _comment(2, words(inner.get("title", name)), words(inner.get("description", "")),
                                name in inner_required)
                value = "planned" if name == "status" else _empty(inner)
                out.append(f"  {name}: {value}")
        elif spec.get("type") == "object":
            items = _scheme_items(scheme, kind, key)
            if not items:
                out.append(f"{key}: {{}}")
                continue
            out.append(f"{key}:")
            for item_id, text in items:
                out.append(f"  # {text}")
                out.append(f"  {item_id}: null")
        elif key == "type":
            shown = "、".join(f"{type_id}（{label}）" for type_id, label in _types(scheme, kind))
            out.append(f"# {scheme.get('name') or 'この都道府県'}の類型: {shown}")
            out.append(f"type: {_empty(spec)}")
        elif key == "menu" and kind == "grant":
            menus = _menus(scheme)
            if menus:
                out.append(f"# {scheme.get('name') or 'この都道府県'}の補助メニュー: {menus}")
            out.append("menu: null")
        elif key == "tier":
            out.append("tier: zone")  # a zone's hub; prefecture for the prefecture-wide tier (null is no value)
        else:
            out.append(f"{key}: {_empty(spec)}")
    return "\n".join(out) + "\n"
