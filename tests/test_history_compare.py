"""history.compare: a pure comparison of two typed registries (no git here)."""

from __future__ import annotations

import datetime
import shutil

from history_repo import EMBEDDED, hub, institution
from zaitaku_cli.check import load_checked
from zaitaku_cli.history.compare import compare, field_changes, unreadable
from zaitaku_cli.history.render import field_label, value_text

AS_OF = datetime.date(2026, 1, 1)


def _registry(base, records):
    root = base / "registry"
    root.mkdir(parents=True)
    shutil.copy(EMBEDDED / "prefecture.yaml", root / "prefecture.yaml")
    shutil.copytree(EMBEDDED / "reference", root / "reference")
    (root / "zones").mkdir()
    for rel, text in records.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_checked(root, AS_OF)[0]


def test_dates_are_compared_as_dates(tmp_path):
    old = _registry(tmp_path / "a", {"hubs/h.yaml": hub("h", designated_on="令和7年7月1日")})
    new = _registry(tmp_path / "b", {"hubs/h.yaml": hub("h", designated_on="2025-07-01")})
    assert compare(old, new) == []


def test_empty_values_are_the_same_and_notes_are_not_compared():
    old = {"name": "x", "joint_bodies": [], "core_hub": None, "note": "a", "sources": [{"title": "t"}]}
    new = {"name": "x", "note": "b"}
    assert field_changes(old, new) == ()


def test_designation_first_then_the_records_order():
    old = {"name": "a", "zone": "z1", "requirements": {"training": False},
           "designation": {"status": "planned", "notice": None}}
    new = {"name": "b", "zone": "z2", "requirements": {"training": {"met": True, "evidence": "研修計画"}},
           "designation": {"status": "designated", "designated_on": "R7.7.1", "notice": "告示第1号"}}
    assert [(c.field, c.old, c.new) for c in field_changes(old, new)] == [
        ("designation.status", "planned", "designated"),
        ("designation.designated_on", None, "2025-07-01"),
        ("designation.notice", None, "告示第1号"),
        ("name", "a", "b"),
        ("zone", "z1", "z2"),
        ("requirements.training", False, None),
        ("requirements.training.evidence", None, "研修計画"),
        ("requirements.training.met", None, True),
    ]


def test_an_unreadable_file_is_not_compared(tmp_path):
    old = _registry(tmp_path / "a", {"institutions/i.yaml": institution("i", designated_on="2025-07-01")})
    new = _registry(tmp_path / "b", {"institutions/i.yaml": "id: i\nname: [broken\n"})
    assert compare(old, new) == []
    assert unreadable(old, new) == ["registry/institutions/i.yaml"]


def test_nothing_to_nothing():
    assert compare(None, None) == []


def test_labels_and_values(tmp_path):
    registry = _registry(tmp_path / "a", {})
    assert field_label("institution", "designation.designated_on", "ja") == "指定年月日"
    assert field_label("institution", "designation.status", "ja") == "指定状況"
    assert field_label("institution", "requirements.after_hours_support", "ja", registry.scheme) == "選定要件①"
    assert field_label("institution", "requirements.training.evidence", "ja", registry.scheme) == "選定要件④の根拠"
    assert field_label("hub", "roles.training", "ja", registry.scheme) == "役割（３）"
    assert field_label("hub", "designation.designated_on", "en") == "designation.designated_on"
    assert value_text([{"name": "札幌市", "type": "municipality"}]) == "札幌市（municipality）"
    assert value_text(None) == "—" and value_text(True) == "true"
