"""The commented templates of `zaitaku new institution|hub|zone ID`.

Every field of the kind's JSON Schema appears in the schema's order, preceded by a Japanese
comment taken from the schema's own title and description (so the template and the schema cannot
drift apart). Requirement and role ids come from the registry's prefecture.yaml, with their marks
and texts. Values are left empty (null, []) so that `zaitaku check` reports, on the right lines,
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
FOLDERS = {"institution": "institutions", "hub": "hubs", "zone": "zones"}
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


def _scheme_items(scheme: dict, kind: str) -> list[tuple[str, str]]:
    """(id, comment) for the requirement items (institution) or roles (hub) of prefecture.yaml."""
    if kind == "institution":
        items = (scheme.get("institution") or {}).get("requirements") or []
        out = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                need = "必須" if item.get("mandatory") else "任意"
                out.append((item["id"], f"{item.get('mark', '')} {need}：{item.get('text', '')}".strip()))
        return out
    if kind == "hub":
        items = (scheme.get("hub") or {}).get("roles") or []
        return [(i["id"], f"{i.get('mark', '')} {i.get('text', '')}".strip())
                for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]
    return []


def _empty(spec: dict) -> str:
    types = spec.get("type")
    types = types if isinstance(types, list) else [types]
    return "[]" if "array" in types else "null"


def render_template(root: Path, kind: str, record_id: str) -> str:
    schema = load_schema(kind)
    scheme = _scheme(root)
    rel = f"registry/{FOLDERS[kind]}/{record_id}.yaml"
    link = schema_link(root, kind)
    out = [f"# yaml-language-server: $schema={link}"] if link else []
    out.append(f"# {schema.get('title', kind)}")
    out += [f"# {line}" for line in _lines(schema.get("description", ""))]
    out += ["#",
            "# zaitaku new で作った下書きです。null や [] のところを資料で確かめて書き、",
            f"# zaitaku check {rel} で確かめてください（書き終えるまではエラーとして表示されます）。",
            "# 分からない値は推測で埋めずに null のままにして、note にその旨を書いてください。",
            "# 指定・取消の年月日は zaitaku designate / zaitaku withdraw で記録できます。"]
    required = set(schema.get("required", []))
    for key, spec in schema.get("properties", {}).items():
        out.append("")
        out += _comment(0, spec.get("title", key), spec.get("description", ""), key in required)
        if key == "id":
            out.append(f"id: {record_id}")
        elif spec.get("type") == "object" and "properties" in spec:
            out.append(f"{key}:")
            inner_required = set(spec.get("required", []))
            for name, inner in spec["properties"].items():
                out += _comment(2, inner.get("title", name), inner.get("description", ""), name in inner_required)
                value = "planned" if name == "status" else _empty(inner)
                out.append(f"  {name}: {value}")
        elif spec.get("type") == "object":
            items = _scheme_items(scheme, kind)
            if not items:
                out.append(f"{key}: {{}}")
                continue
            out.append(f"{key}:")
            for item_id, text in items:
                out.append(f"  # {text}")
                out.append(f"  {item_id}: null")
        else:
            out.append(f"{key}: {_empty(spec)}")
    return "\n".join(out) + "\n"
