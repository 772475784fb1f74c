"""edit.roundtrip.set_fields (used by zaitaku import): values at any mapping path and items added
to lists, changing only those characters."""

from __future__ import annotations

import datetime

import pytest

from zaitaku_cli.edit.roundtrip import EditError, Items, set_fields

RECORD = """\
# a comment
id: x   # the id
name: 名前
municipality: null   # 分からない
requirements:
  training: {met: false, evidence: 資料}   # ④
  disaster_plan: null
linked_institutions:
  - {name: A, municipality: "012025"}
sources:
  - title: t
    url: null
linked_nursing_stations: []
designation:
  status: planned
  steps: [{status: planned, by: 2025-07-21}]
"""


def test_scalars_nested_values_and_codes():
    new = set_fields(RECORD.encode(), [(("municipality",), "012084"), (("requirements", "training", "met"), True),
                                       (("requirements", "disaster_plan"), False)]).decode()
    assert new == RECORD.replace('municipality: null   # 分から', 'municipality: "012084" # 分から', 1).replace(
        "{met: false, evidence", "{met: true, evidence").replace("disaster_plan: null", "disaster_plan: false")


def test_items_go_to_the_end_of_block_flow_and_empty_lists():
    new = set_fields(RECORD.encode(), [
        (("linked_institutions",), Items([{"name": "B", "municipality": None}])),
        (("sources",), Items([{"title": "調査票", "url": None}])),
        (("linked_nursing_stations",), Items([{"name": "S", "municipality": "012050"}])),
        (("designation", "steps"), Items([{"status": "applied", "date": datetime.date(2025, 8, 1)}]))]).decode()
    assert '  - {name: A, municipality: "012025"}\n  - {name: B, municipality: null}\n' in new
    assert "  - title: t\n    url: null\n  - title: 調査票\n    url: null\n" in new
    assert 'linked_nursing_stations: [{name: S, municipality: "012050"}]\n' in new
    assert "steps: [{status: planned, by: 2025-07-21}, {status: applied, date: 2025-08-01}]" in new
    assert new.startswith("# a comment\nid: x   # the id\n")


def test_missing_keys_go_after_their_predecessor_in_the_order():
    new = set_fields(RECORD.encode(), [(("kana",), "ナマエ"), (("requirements", "after_hours_support"), True)],
                     {(): ("id", "name", "kana", "municipality"),
                      ("requirements",): ("after_hours_support", "training", "disaster_plan")}).decode()
    assert "name: 名前\nkana: ナマエ\nmunicipality" in new
    assert "requirements:\n  after_hours_support: true\n  training:" in new


def test_crlf_and_bom_are_kept():
    data = b"\xef\xbb\xbf" + RECORD.replace("\n", "\r\n").encode()
    new = set_fields(data, [(("linked_institutions",), Items([{"name": "B"}])), (("name",), "新しい名前")])
    assert new.startswith(b"\xef\xbb\xbf") and b"\n" not in new.replace(b"\r\n", b"")
    assert "  - {name: B}\r\n".encode() in new


def test_what_is_not_a_mapping_or_a_list_is_refused():
    with pytest.raises(EditError):
        set_fields(RECORD.encode(), [(("name", "x"), True)])
    with pytest.raises(EditError):
        set_fields(RECORD.encode(), [(("name",), Items([{"name": "B"}]))])
