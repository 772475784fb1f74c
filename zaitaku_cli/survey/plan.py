"""Answers -> the bytes of the record files to write.

A new row becomes `registry/institutions/mic-<code>.yaml`, written from the commented template of
`zaitaku new institution` (edit.templates) with the survey's values filled in, designation status
`planned` and one step {status: planned, date: DATE}, and a source naming the survey file and row.

A known record gets the survey's answers through the round-trip editor (edit.roundtrip.set_fields:
only those values change; comments and layout stay): requirements, intent and kind when the row
answers them (an empty cell leaves the record's value); the code, municipality, kana, operator and
ナビイ id only where the record has none; linked institutions and nursing stations the record
does not list yet are added (none is removed). Then a source naming the survey, once. The
designation (status, dates, steps) is never touched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from zaitaku_cli.edit.roundtrip import EditError, Items, set_fields
from zaitaku_cli.model import LINKED_LISTS
from zaitaku_cli.survey.mapping import norm

FILLED_WHEN_NULL = ("kana", "operator", "medical_institution_code", "navii_id", "municipality")
ANSWERED = ("kind", "intent")


@dataclass
class FileChange:
    """One record file to write: `old` None for a new file."""

    path: Path
    rel: str
    row: int
    old: bytes | None
    new: bytes


def source_entry(survey_name: str, sheet_name: str | None, row: int) -> dict:
    locator = f"{sheet_name} {row}行目" if sheet_name else f"{row}行目"
    return {"title": f"調査票（{survey_name}）", "url": None, "published": None, "locator": locator}


def plan_new(root: Path, answer, on: datetime.date, source: dict, requirement_ids: list) -> bytes:
    """The new record's bytes. Raises EditError."""
    from zaitaku_cli.edit.templates import render_template

    text = render_template(root, "institution", answer.new_id).encode("utf-8")
    values = answer.values
    changes: list = [(("name",), values["name"])]
    for key in FILLED_WHEN_NULL:
        if key in values:
            changes.append(((key,), values[key]))
    changes.append((("zone",), answer.zone))
    for key in ANSWERED:
        if key in values:
            changes.append(((key,), values[key]))
    for rid, met in values.get("requirements", {}).items():
        changes.append((("requirements", rid), met))
    for key in LINKED_LISTS:
        if values.get(key):
            changes.append(((key,), Items(values[key])))
    changes.append((("designation", "steps"), Items([{"status": "planned", "date": on}])))
    changes.append((("sources",), Items([source])))
    return set_fields(text, changes, {("requirements",): tuple(requirement_ids)})


def plan_update(data: bytes, record: dict, answer, source: dict, requirement_ids: list,
                root_order: tuple) -> bytes | None:
    """The record's new bytes, or None when the survey adds nothing. Raises EditError."""
    values = answer.values
    changes: list = []
    for key in FILLED_WHEN_NULL:
        if key in values and record.get(key) is None:
            changes.append(((key,), values[key]))
    for key in ANSWERED:
        if key in values and record.get(key) != values[key]:
            changes.append(((key,), values[key]))
    requirements = record.get("requirements")
    for rid, met in values.get("requirements", {}).items():
        current = requirements.get(rid) if isinstance(requirements, dict) else None
        if isinstance(current, dict):
            if current.get("met") != met:
                changes.append((("requirements", rid, "met"), met))
        elif current is not met:
            changes.append((("requirements", rid), met))
    for key in LINKED_LISTS:
        listed = record.get(key) if isinstance(record.get(key), list) else []
        names = {norm(i.get("name", "")) for i in listed if isinstance(i, dict) and isinstance(i.get("name"), str)}
        added = [i for i in values.get(key, []) if norm(i["name"]) not in names]
        if added:
            changes.append(((key,), Items(added)))
    if not changes:
        return None
    sources = record.get("sources") if isinstance(record.get("sources"), list) else []
    if source not in sources:
        changes.append((("sources",), Items([source])))
    if any(path[0] == "requirements" for path, _ in changes) and not isinstance(requirements, dict):
        raise EditError("requirements が「キー: 値」の形ではありません。", "requirements is not a mapping.")
    return set_fields(data, changes, {(): root_order, ("requirements",): tuple(requirement_ids)})
