"""A record's status on a date is a pure function of its recorded dates and steps
(model.Designation.status_on), tested day by day around each step."""

from __future__ import annotations

import datetime
import itertools

import pytest

from zaitaku_cli.model import PENDING, parse_designation

D = datetime.date


def designation(**block):
    problems = []
    parsed = parse_designation({"designation": block}, lambda *a: problems.append(a))
    assert problems == []
    return parsed


def days(first: D, last: D):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def statuses(d, first: D, last: D) -> dict[D, str | None]:
    return {day: d.status_on(day) for day in days(first, last)}


def runs(d, first: D, last: D) -> list[tuple[D, str | None]]:
    """(first day, status) of each run of equal statuses from `first` to `last`."""
    out = []
    for day, status in statuses(d, first, last).items():
        if not out or out[-1][1] != status:
            out.append((day, status))
    return out


def test_every_step_of_the_lifecycle_day_by_day():
    d = designation(status="withdrawn", designated_on="2025-10-01", withdrawn_on="2027-03-31", steps=[
        {"status": "planned", "date": "2025-04-15"},
        {"status": "coordinating", "date": "2025-06-01"},
        {"status": "applied", "date": "2025-08-20"},
    ])
    assert runs(d, D(2025, 1, 1), D(2027, 12, 31)) == [
        (D(2025, 1, 1), None),  # before its first step: not yet in preparation (unknown)
        (D(2025, 4, 15), "planned"),
        (D(2025, 6, 1), "coordinating"),
        (D(2025, 8, 20), "applied"),
        (D(2025, 10, 1), "designated"),
        (D(2027, 3, 31), "withdrawn"),
    ]


def test_a_bound_holds_from_its_day_and_a_month_from_its_last_day():
    """`by` says "by then": the step certainly holds from that day. A month-only date certainly
    holds from the month's last day, as a month-only designated_on."""
    d = designation(status="designated", designated_on="2025-10", steps=[
        {"status": "coordinating", "by": "2025-07-21"},
        {"status": "applied", "date": "2025-08"},
    ])
    assert runs(d, D(2025, 7, 1), D(2025, 11, 30)) == [
        (D(2025, 7, 1), None), (D(2025, 7, 21), "coordinating"), (D(2025, 8, 31), "applied"),
        (D(2025, 10, 31), "designated")]


def test_the_embedded_tokachi_steps():
    """registry/hubs/tokachi.yaml: coordinating by R7.7.21 (seed 004), designated 2025-10-01."""
    d = designation(status="designated", designated_on="2025-10-01",
                    steps=[{"status": "coordinating", "by": "2025-07-21"}])
    assert d.status_on(D(2025, 7, 20)) is None
    assert {d.status_on(day) for day in days(D(2025, 7, 21), D(2025, 9, 30))} == {"coordinating"}
    assert {d.status_on(day) for day in days(D(2025, 10, 1), D(2026, 3, 31))} == {"designated"}


def test_a_step_with_an_unreadable_date_counts_on_no_day():
    problems = []
    d = parse_designation({"designation": {"status": "applied", "steps": [
        {"status": "coordinating", "date": "2025-06-01"}, {"status": "applied", "date": "2025-02-30"}]}},
        lambda *a: problems.append(a))
    assert problems == []  # step dates are the value checks' findings (validate/values.py), not the model's
    assert d.status_on(D(2025, 12, 31)) == "coordinating"


def test_steps_written_out_of_order_still_give_one_answer():
    """The order rule reports them; the status on a day is still one: the step written last that
    holds on it."""
    d = designation(status="applied", steps=[
        {"status": "applied", "date": "2025-08-01"}, {"status": "coordinating", "date": "2025-06-01"}])
    assert runs(d, D(2025, 5, 31), D(2025, 8, 2)) == [(D(2025, 5, 31), None), (D(2025, 6, 1), "coordinating")]


def test_a_later_step_with_a_known_date_outranks_an_earlier_bound():
    """planned by 2025-07-21, coordinating on 2025-07-01: planned happened some day before July;
    the record is coordinating from 07-01 on, and does not go back to planned on 07-21."""
    d = designation(status="coordinating", steps=[
        {"status": "planned", "by": "2025-07-21"}, {"status": "coordinating", "date": "2025-07-01"}])
    assert runs(d, D(2025, 6, 30), D(2025, 8, 31)) == [(D(2025, 6, 30), None), (D(2025, 7, 1), "coordinating")]


def test_same_day_steps_take_the_one_written_last():
    d = designation(status="applied", steps=[
        {"status": "coordinating", "date": "2025-06-01"}, {"status": "applied", "date": "2025-06-01"}])
    assert d.status_on(D(2025, 6, 1)) == "applied"


@pytest.mark.parametrize("status", PENDING)
def test_old_format_pending_record_is_pending_on_every_day(status):
    d = designation(status=status)
    assert set(statuses(d, D(2019, 1, 1), D(2019, 1, 31)).values()) == {status}


def old_counts(block, day) -> bool:
    """What counted as designated before steps existed (the tables' rule then)."""
    d = designation(**block)
    return d.ever_designated and d.effective <= day and (d.withdrawn_on is None or d.withdrawn_on > day)


def old_pending(block, day) -> bool:
    """What was pending before steps existed (tables.common.pending at 1e30df4)."""
    d = designation(**block)
    if d.status in PENDING:
        return True
    if d.status == "withdrawn" and d.withdrawn_on is not None and d.withdrawn_on <= day:
        return False
    return d.effective is None or d.effective > day


OLD_FORMAT = [
    {"status": "designated", "designated_on": "2025-04-01"},
    {"status": "designated", "designated_on": "2025-08"},
    {"status": "designated", "designated_by": "2025-07-21"},
    {"status": "designated", "designated_on": None},
    {"status": "withdrawn", "designated_on": "2025-04-01", "withdrawn_on": "2025-09-30"},
    {"status": "withdrawn", "designated_on": None, "withdrawn_on": "2025-06-30"},  # declined before
    *({"status": s} for s in PENDING),
]


@pytest.mark.parametrize("block", OLD_FORMAT, ids=lambda b: "-".join(str(v) for v in b.values()))
def test_old_format_records_count_and_pend_as_before_day_by_day(block):
    """Records without steps: designated and pending on exactly the days they were before."""
    d = designation(**block)
    for day in days(D(2025, 3, 25), D(2025, 10, 5)):
        assert (d.status_on(day) == "designated") is old_counts(block, day), day
        assert d.pending_on(day) is old_pending(block, day), day


def test_status_on_is_pure():
    """Asked in any order, any number of times: the same answers."""
    d = designation(status="designated", designated_on="2025-10-01",
                    steps=[{"status": "planned", "by": "2025-07-21"}, {"status": "applied", "date": "2025-09-01"}])
    sample = list(days(D(2025, 7, 1), D(2025, 10, 31)))
    first = [d.status_on(day) for day in sample]
    for order in (reversed(sample), sorted(sample, key=lambda x: x.day), itertools.chain(sample, sample)):
        again = {day: d.status_on(day) for day in order}
        assert [again[day] for day in sample] == first


def test_step_on_gives_the_step_that_gives_the_status():
    """What `export pending` prints beside the status: the step status_on took, with its date."""
    d = designation(status="applied", steps=[
        {"status": "planned", "by": "2025-07-21"}, {"status": "applied", "date": "2025-07-10"}])
    assert d.step_on(D(2025, 7, 9)) is None
    assert (d.step_on(D(2025, 7, 10)).status, d.step_on(D(2025, 7, 10)).date.iso()) == ("applied", "2025-07-10")
    assert d.step_on(D(2025, 7, 21)).status == d.status_on(D(2025, 7, 21)) == "applied"


def test_a_designation_not_in_force_has_no_status_rather_than_planned():
    """status: designated with a withdrawn_on (a designation-withdrawal error): after that day it
    neither counts nor is pending, as before steps existed."""
    d = designation(status="designated", designated_on="2025-07-01", withdrawn_on="2025-09-01")
    assert [d.status_on(day) for day in (D(2025, 6, 30), D(2025, 7, 1), D(2025, 9, 1))] == [
        "planned", "designated", None]
