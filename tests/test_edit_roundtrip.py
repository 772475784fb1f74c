"""The text edit behind `designate` / `withdraw` (zaitaku_cli/edit/roundtrip.py): only the values
it sets change; comments, key order, quoting, flow style, blank lines, indentation, line endings
and a BOM survive. Whole files are compared with the expected text."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from edit_support import EDIT_FIXTURES, REPO, changed_lines
from zaitaku_cli.edit.roundtrip import Append, EditError, set_values
from zaitaku_cli.load.document import read_document

D = datetime.date
BOM = b"\xef\xbb\xbf"
INSTITUTION_ORDER = ("id", "name", "operator", "medical_institution_code", "navii_id", "municipality", "zone",
                     "kind", "intent", "requirements", "linked_institutions", "linked_nursing_stations",
                     "designation", "sources", "note")
DESIGNATE = {"status": "designated", "designated_on": D(2025, 7, 1)}

CLINIC = (EDIT_FIXTURES / "kitami-sample-clinic.yaml").read_text(encoding="utf-8")
# The two lines `designate --on 2025-07-01` changes; the comments stay in their column.
CLINIC_DESIGNATED = CLINIC.replace(
    "  status: applied                    # 申請書提出済（R7.5.20 受付）\n",
    "  status: designated" + " " * 17 + "# 申請書提出済（R7.5.20 受付）\n").replace(
    "  designated_on: null                # 審査中\n",
    "  designated_on: 2025-07-01" + " " * 10 + "# 審査中\n")
HUB = (EDIT_FIXTURES / "kushiro-sample-hub.yaml").read_text(encoding="utf-8")


def edit(text, values, key="designation"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return set_values(data, key, values, root_order=INSTITUTION_ORDER)


def test_block_record_only_the_two_values_change():
    out = edit(CLINIC, DESIGNATE).decode("utf-8")
    assert out == CLINIC_DESIGNATED
    assert [(sign, line) for sign, line, _ in changed_lines(CLINIC, out)] == [
        ("-", 26), ("-", 27), ("+", 26), ("+", 27)]
    for line in out.splitlines():  # every end-of-line comment kept its column
        if "# 申請書提出済" in line:
            assert line.index("#") == 37
        if "# 審査中" in line:
            assert line.index("#") == 37


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_endings_and_bom_survive(newline, bom):
    prefix = BOM if bom else b""
    data = prefix + CLINIC.replace("\n", newline).encode("utf-8")
    expected = prefix + CLINIC_DESIGNATED.replace("\n", newline).encode("utf-8")
    assert edit(data, DESIGNATE) == expected


def test_crlf_file_gets_crlf_in_an_inserted_line():
    data = "id: x\r\ndesignation:\r\n  status: applied  # 審査中\r\n  notice: null\r\nnote: |-\r\n  a\r\n  b\r\n"
    expected = ("id: x\r\ndesignation:\r\n  status: designated # 審査中\r\n  designated_on: 2025-07-01\r\n"
                "  notice: null\r\nnote: |-\r\n  a\r\n  b\r\n")
    assert edit(data, DESIGNATE).decode("utf-8") == expected


def test_flow_mapping_stays_flow_and_the_rest_of_the_file_is_untouched():
    out = edit(HUB, DESIGNATE).decode("utf-8")
    expected = HUB.replace(
        "designation: { status: applied, notice: null }   # 申請書提出済（フロー形式）",
        "designation: { status: designated, designated_on: 2025-07-01, notice: null }   # 申請書提出済（フロー形式）")
    assert out == expected
    assert len(changed_lines(HUB, out)) == 2


def test_withdraw_in_flow_mapping_keeps_an_era_date():
    text = "id: x\ndesignation: {status: designated, designated_on: 令和7年4月1日}  # 告示\n"
    out = edit(text, {"status": "withdrawn", "withdrawn_on": D(2026, 3, 31)}).decode("utf-8")
    assert out == "id: x\ndesignation: {status: withdrawn, designated_on: 令和7年4月1日, withdrawn_on: 2026-03-31}  # 告示\n"


def test_a_missing_key_goes_after_its_predecessor_with_the_files_indentation():
    text = "id: x\ndesignation:\n    # 申請中\n    status: applied   # 受付済\n    # 告示\n    notice: null\nnote: null\n"
    expected = ("id: x\ndesignation:\n    # 申請中\n    status: designated # 受付済\n    designated_on: 2025-07-01\n"
                "    # 告示\n    notice: null\nnote: null\n")
    assert edit(text, DESIGNATE).decode("utf-8") == expected


def test_a_missing_key_before_the_first_one_present():
    text = "id: x\ndesignation:\n  notice: 告示第1号\n"
    out = edit(text, {"status": "designated", "designated_on": D(2025, 7, 1)}).decode("utf-8")
    assert out == "id: x\ndesignation:\n  status: designated\n  designated_on: 2025-07-01\n  notice: 告示第1号\n"


def test_a_missing_designation_goes_in_the_schemas_place_and_leaves_comments_with_their_key():
    text = ("id: x\nname: y\nlinked_nursing_stations:\n  - {name: a}\n  - {name: b}\n\n"
            "# 出典（コメントは sources のもの）\nsources: []\nnote: null\n")
    expected = ("id: x\nname: y\nlinked_nursing_stations:\n  - {name: a}\n  - {name: b}\n"
                "designation:\n  status: designated\n  designated_on: 2025-07-01\n\n"
                "# 出典（コメントは sources のもの）\nsources: []\nnote: null\n")
    assert edit(text, DESIGNATE).decode("utf-8") == expected


def test_a_missing_designation_at_the_end_of_a_file_without_a_final_newline():
    out = edit("id: x\nname: y", DESIGNATE).decode("utf-8")
    assert out == "id: x\nname: y\ndesignation:\n  status: designated\n  designated_on: 2025-07-01\n"


def test_an_empty_designation_becomes_a_flow_mapping_on_its_own_line():
    text = "id: x\ndesignation:   # まだ\nnote: null\n"
    out = edit(text, DESIGNATE).decode("utf-8")
    assert out == "id: x\ndesignation: {status: designated, designated_on: 2025-07-01}   # まだ\nnote: null\n"


@pytest.mark.parametrize("old, new", [
    ("designated_on: null      # 未定", "designated_on: 2025-07-01 # 未定"),  # no room: one space
    ("designated_on:   # 空", "designated_on: 2025-07-01 # 空"),  # an empty value
    ("designated_on: ~", "designated_on: 2025-07-01"),
    ("designated_on: \"2025-06-30\"  # 引用符", "designated_on: \"2025-07-01\"  # 引用符"),  # quotes kept
    ("designated_on: '2025-06-30'", "designated_on: '2025-07-01'"),
])
def test_replaced_values(old, new):
    text = f"id: x\ndesignation:\n  status: designated\n  {old}\n  notice: null\n"
    assert edit(text, {"status": "designated", "designated_on": D(2025, 7, 1)}).decode("utf-8") == text.replace(old, new)


def test_quoted_status_keeps_its_quotes():
    text = "id: x\ndesignation:\n  status: 'applied'\n"
    assert edit(text, DESIGNATE).decode("utf-8") == "id: x\ndesignation:\n  status: 'designated'\n  designated_on: 2025-07-01\n"


def test_a_wide_value_keeps_the_comment_column_by_display_width():
    text = "id: x\ndesignation:\n  status: designated\n  notice: null                       # 告示番号\n"
    out = edit(text, {"notice": "北海道告示第100号"}).decode("utf-8")
    assert out.splitlines()[3] == "  notice: 北海道告示第100号          # 告示番号"  # 15 columns wide, 10 spaces


@pytest.mark.parametrize("notice", ["北海道告示第12号", "a: b #c", "null", "123", "yes", "*star", "- dash",
                                    "'quoted'", "\"dq\"", "trailing ", "x, y", "{brace}", "#hash", "tab\there",
                                    "改行\nあり", "\u2028"])
@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_any_notice_text_reads_back_as_the_same_string(notice, flow):
    text = ("id: x\ndesignation: {status: applied, notice: null}\n" if flow else
            "id: x\ndesignation:\n  status: applied\n  notice: null  # 告示\n")
    out = edit(text, {"notice": notice})
    assert read_document("x.yaml", out).value["designation"]["notice"] == notice
    assert len(changed_lines(text, out.decode("utf-8"))) == 2


def test_setting_what_is_already_there_changes_nothing():
    data = CLINIC_DESIGNATED.encode("utf-8")
    assert edit(data, DESIGNATE) == data


@pytest.mark.parametrize("text", [
    "- a\n- b\n",  # not a mapping
    "id: x\ndesignation:\n  status: applied\n  notice: |\n    複数行\n",  # a block scalar value
    "id: x\ndesignation: [applied]\n",  # not a mapping
    "id: [x\n",  # not YAML
    "{id: x}\n",  # the whole record in flow style, no designation to add to
])
def test_what_cannot_be_edited_safely_is_refused(text):
    with pytest.raises(EditError) as info:
        edit(text, {"status": "designated", "designated_on": D(2025, 7, 1), "notice": "x"})
    assert "手で編集" in info.value.ja and "by hand" in info.value.en


def test_not_utf8_is_refused():
    with pytest.raises(EditError):
        edit("id: 本間\ndesignation: {status: applied}\n".encode("cp932"), DESIGNATE)


def _records():
    for folder in ("institutions", "hubs"):
        yield from sorted((REPO / "registry" / folder).glob("*.yaml"))


@pytest.mark.parametrize("path", list(_records()), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_real_record_changes_only_on_the_lines_of_the_values_set(path: Path):
    data = path.read_bytes()
    text = data.decode("utf-8")
    values = {"status": "withdrawn", "withdrawn_on": D(2026, 3, 31), "notice": "北海道告示第1号"}
    out = set_values(data, "designation", values, root_order=INSTITUTION_ORDER).decode("utf-8")
    changes = changed_lines(text, out)
    assert changes and all(line.lstrip().startswith(("status:", "withdrawn_on:", "notice:")) for _, _, line in changes)
    assert len(out.splitlines()) == len(text.splitlines())
    block = read_document(path.name, out.encode("utf-8")).value["designation"]
    assert (block["status"], block["withdrawn_on"], block["notice"]) == ("withdrawn", "2026-03-31", "北海道告示第1号")


# -- Append: one item added to a list (zaitaku step) ------------------------------------------------

STEP_ORDER = ("status", "designated_on", "designated_by", "withdrawn_on", "notice", "steps",
              "health_center_shared_on", "corrections")
APPLIED = Append({"status": "applied", "date": D(2025, 8, 5)})


def step(text, values):
    return set_values(text.encode("utf-8"), "designation", values, STEP_ORDER,
                      root_order=INSTITUTION_ORDER).decode("utf-8")


@pytest.mark.parametrize("before, after", [
    # a block list of flow items: a new line after the last, at its `- ` column, before the next key
    ("designation:\n  status: planned\n  steps:   # 経過\n    - {status: planned, by: 2025-07-21}  # 資料\nnote: x\n",
     "designation:\n  status: applied\n  steps:   # 経過\n    - {status: planned, by: 2025-07-21}  # 資料\n"
     "    - {status: applied, date: 2025-08-05}\nnote: x\n"),
    # an indentless list of block mappings: a block mapping item in the same layout
    ("designation:\n  status: planned\n  steps:\n  - status: planned\n    by: 2025-07-21\n\n# 次\nnote: x",
     "designation:\n  status: applied\n  steps:\n  - status: planned\n    by: 2025-07-21\n  - status: applied\n"
     "    date: 2025-08-05\n\n# 次\nnote: x"),
    # flow lists, empty or not, and a null
    ("designation:\n  status: planned\n  steps: []\n", "designation:\n  status: applied\n  steps: [{status: applied, date: 2025-08-05}]\n"),
    ("designation:\n  status: planned\n  steps: [{status: planned, by: 2025-07-21}]\n",
     "designation:\n  status: applied\n  steps: [{status: planned, by: 2025-07-21}, {status: applied, date: 2025-08-05}]\n"),
    ("designation:\n  status: planned\n  steps: ~      # なし\n",
     "designation:\n  status: applied\n  steps: [{status: applied, date: 2025-08-05}] # なし\n"),
    # no list yet: `steps:` in the schema's order, its item indented as the file indents lists
    ("designation:\n  status: planned\n  notice: null\n  health_center_shared_on: null\nsources:\n- {title: t}\n",
     "designation:\n  status: applied\n  notice: null\n  steps:\n  - {status: applied, date: 2025-08-05}\n"
     "  health_center_shared_on: null\nsources:\n- {title: t}\n"),
    ("designation: {status: planned}  # 予定\n", "designation: {status: applied, steps: [{status: applied, date: 2025-08-05}]}  # 予定\n"),
    # no designation at all: the block is created with the list in block style
    ("id: x\nnote: null\n", "id: x\ndesignation:\n  status: applied\n  steps:\n    - {status: applied, date: 2025-08-05}\nnote: null\n"),
], ids=["block-flow-items", "indentless-block-items", "flow-empty", "flow", "null", "missing", "flow-mapping",
        "no-designation"])
def test_a_step_is_appended_in_the_style_of_the_list(before, after):
    assert step(before, {"status": "applied", "steps": APPLIED}) == after


def test_an_item_with_a_month_and_a_note_that_needs_quotes():
    out = step("designation:\n  status: planned\n  steps: []\n",
               {"steps": Append({"status": "applied", "date": "2025-08", "note": "欄: 拠点 #1"})})
    assert out == 'designation:\n  status: planned\n  steps: [{status: applied, date: 2025-08, note: "欄: 拠点 #1"}]\n'


@pytest.mark.parametrize("text", ["designation:\n  status: planned\n  steps: text\n",
                                  "designation:\n  status: planned\n  steps: {status: planned}\n"])
def test_steps_that_are_not_a_list_are_not_edited(text):
    with pytest.raises(EditError):
        step(text, {"steps": APPLIED})
