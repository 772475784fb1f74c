"""The ※ notes a plan prints under its tables, from prefecture.yaml `tables.<table>.notes` (issue 15):
printed after the tool's own notes in Markdown and XLSX (never in CSV), a note the tool already
prints not repeated, {zone}/{hub} filled with the scheme's words, `notes_en` for English; a
placeholder that cannot be filled is a scheme-table-headers error at its line and the note is
left out."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from run_cli import run
from zaitaku_cli.check import load_checked
from zaitaku_cli.tables import build
from zaitaku_cli.writers import csv_writer, markdown, xlsx

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED = ROOT / "registry"
AS_OF = datetime.date(2025, 7, 21)
JOINT = ("※ 共同実施主体：市町村が実施主体となり、在宅医療・介護連携推進事業の委託先である郡市医師会等とともに事業を実施する"
         "場合に、当該委託先を指定できる。")
CORE = ("※ 基幹拠点及び区域拠点：人口が10万人を超える在宅医療圏においては、圏域での取組みを一体的に行えるよう圏域全体の包括的な"
        "取組を行う基幹拠点と基幹拠点や他区域との連絡調整を行いながら自地域において、事業に取り組む区域拠点を設けることができる。")
SUMMARY = "○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。"

# A note for every table kind, after each table's `title:` line in the embedded prefecture.yaml
# (pending and grants have no entry there: one is added with its title).
TITLES = {
    "regional": "    title: 「在宅医療において積極的役割を担う医療機関」一覧 <在宅医療圏別>\n",
    "functional": "    title: 「在宅医療において積極的役割を担う医療機関」一覧 <積極的役割の機能別>\n",
    "hubs_planned": "    title: 指定に向けて（調整状況及び今後の動き）\n",
}


def scheme_with_notes(tmp_path, extra=()) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(EMBEDDED, root)
    path = root / "prefecture.yaml"
    text = path.read_text(encoding="utf-8")
    for table, line in TITLES.items():
        assert text.count(line) == 1
        text = text.replace(line, line + f"    notes:\n      - ※ {table} の注（{{zone}}ごと）\n")
    anchor = "  # seed 004「指定に向けて（調整状況及び今後の動き）」（表番号の記載なし）\n"
    assert text.count(anchor) == 1
    text = text.replace(anchor, "  pending:\n    number: null\n    title: 準備中\n    notes: [※ pending の注]\n"
                                "  grants:\n    number: null\n    title: 補助金\n    notes: [※ grants の注]\n" + anchor)
    for old, new in extra:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


def load(root):
    registry, result = load_checked(root, datetime.date.today())
    return registry, result


def test_embedded_hub_table_ends_with_seed_004_notes():
    registry, result = load(EMBEDDED)
    assert result.errors == 0
    (table,) = build("hubs", registry, AS_OF)
    assert table.notes == [SUMMARY, JOINT, CORE]
    text = markdown.render([table]).decode("utf-8").splitlines()
    assert text[-3:] == [SUMMARY, JOINT, CORE]
    sheet = next(iter(xlsx.read_values(xlsx.render([table])).values()))
    assert sheet[-3:] == [[SUMMARY], [JOINT], [CORE]]
    csv_text = csv_writer.render([table])[0].decode("utf-8-sig")
    assert "※" not in csv_text and "○ ３９" not in csv_text  # CSV carries the rows only


def test_embedded_institution_tables_have_no_scheme_notes():
    """Seed 001's note about linking is an instruction to link (navii_url), not a note under the table."""
    registry, _ = load(EMBEDDED)
    for kind in ("regional", "functional", "pending", "grants"):
        for table in build(kind, registry, AS_OF):
            assert not any("医療機能情報システム" in n for n in table.notes), kind


@pytest.mark.parametrize("kind, name, note", [
    ("regional", "regional", "※ regional の注（在宅医療圏ごと）"),
    ("functional", "functional", "※ functional の注（在宅医療圏ごと）"),
    ("hubs", "hubs_planned", "※ hubs_planned の注（在宅医療圏ごと）"),
    ("pending", "pending", "※ pending の注"),
    ("grants", "grants", "※ grants の注"),
])
def test_every_table_prints_its_notes_last(tmp_path, kind, name, note):
    registry, result = load(scheme_with_notes(tmp_path))
    assert result.errors == 0, [(f.code, f.line) for f in result.findings if f.severity == "error"]
    tables = {t.name: t for t in build(kind, registry, AS_OF, include_planned=True)}
    table = tables[name]
    assert table.notes[-1] == note
    own = build(kind, load(EMBEDDED)[0], AS_OF, include_planned=True)
    assert table.notes[:-1] == next(t for t in own if t.name == name).notes  # the tool's own notes first
    assert markdown.render([table]).decode("utf-8").splitlines()[-1] == markdown.escape(note)


def test_a_note_the_tool_prints_is_not_repeated(tmp_path):
    """A scheme that also writes the summary line the tool prints under the hub table: once."""
    first = "    notes:\n      - ※ 共同実施主体"
    registry, _ = load(scheme_with_notes(tmp_path, [(first, f"    notes:\n      - {SUMMARY}\n      - ※ 共同実施主体")]))
    (hubs,) = build("hubs", registry, AS_OF)
    assert hubs.notes == [SUMMARY, JOINT, CORE]


def test_english_prints_notes_en_else_the_japanese_notes(tmp_path):
    registry, _ = load(EMBEDDED)
    (hubs,) = build("hubs", registry, AS_OF, lang="en")
    assert hubs.notes[0] == "○ Hubs designated in 2 of the 39 home-care zones."
    assert [n[:28] for n in hubs.notes[1:]] == ["* Joint implementing body: w", "* Core hub and area hubs: in"]
    registry, _ = load(scheme_with_notes(tmp_path))
    (regional,) = build("regional", registry, AS_OF, lang="en")
    assert regional.notes == ["※ regional の注（在宅医療圏ごと）"]  # no notes_en: the plan's own words


def test_a_note_placeholder_that_cannot_be_filled_is_an_error_and_not_printed(tmp_path):
    bad = "      - ※ {zonee}の注\n"
    root = scheme_with_notes(tmp_path, [("      - ※ regional の注（{zone}ごと）\n",
                                         "      - ※ regional の注（{zone}ごと）\n" + bad)])
    line = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines().index(bad.rstrip("\n")) + 1
    proc = run(["check", "--format", "json", "--registry", str(root)], tmp_path)
    import json

    found = [(f["file"], f["line"], f["message"]) for f in json.loads(proc.stdout)["findings"]
             if f["code"] == "scheme-table-headers"]
    assert len(found) == 1 and found[0][0].endswith("prefecture.yaml") and found[0][1] == line
    assert found[0][2].startswith("注の「{zonee}」は埋められません。注で使えるのは ")
    proc = run(["check", "--format", "json", "--lang", "en", "--registry", str(root)], tmp_path)
    assert "'{zonee}' in a note cannot be filled in" in proc.stdout
    registry, _ = load(root)
    (regional,) = build("regional", registry, AS_OF)
    assert regional.notes == ["※ regional の注（在宅医療圏ごと）"]


@pytest.mark.parametrize("value", ["※ 一つだけの注", "[1, 2]", "['']"])
def test_notes_of_the_wrong_shape_are_schema_errors(tmp_path, value):
    root = scheme_with_notes(tmp_path, [("    notes: [※ pending の注]\n", f"    notes: {value}\n")])
    proc = run(["check", "--format", "json", "--registry", str(root)], tmp_path)
    import json

    findings = json.loads(proc.stdout)["findings"]
    lines = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index(f"    notes: {value}") + 1
    assert proc.returncode == 2  # the scheme cannot be read: nothing else is checked
    assert [f["line"] for f in findings if f["severity"] == "error" and f["file"].endswith("prefecture.yaml")] \
        in ([line], [line, line])
