from __future__ import annotations

import datetime as dt

import pytest

from cymadesk.models.deadline import (
    DeadlineStart,
    DeadlineState,
    compute_deadline,
    deadline_messages,
    deadline_status,
)
from cymadesk.models.inbox import DecisionState
from cymadesk.models.timezone import SANTIAGO


def _local(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=SANTIAGO)


def test_eight_days_from_sii_reception() -> None:
    deadline = compute_deadline(
        33, sii_received_at=_local(2026, 11, 2, 21, 30), signed_at=None, arrived_at=None
    )
    assert deadline is not None
    assert deadline.due_at == _local(2026, 11, 10, 21, 30)
    assert deadline.start_source is DeadlineStart.SII
    assert not deadline.estimated


@pytest.mark.parametrize(
    ("received", "hours"),
    [
        # April: clocks go back an hour; 8 days on the wall clock would be 193 h, so 192 h wins.
        (_local(2026, 4, 1, 12, 0), 192),
        # September: clocks go forward; 8 days on the wall clock is 191 h and comes first.
        (_local(2026, 9, 1, 12, 0), 191),
    ],
)
def test_earliest_reading_across_daylight_saving(received: dt.datetime, hours: int) -> None:
    deadline = compute_deadline(33, sii_received_at=received, signed_at=None, arrived_at=None)
    assert deadline is not None
    assert deadline.due_at - received == dt.timedelta(hours=hours)


def test_estimated_from_earliest_known_date() -> None:
    signed = _local(2026, 11, 1, 10, 0)
    arrived = _local(2026, 11, 3, 9, 0)
    deadline = compute_deadline(34, sii_received_at=None, signed_at=signed, arrived_at=arrived)
    assert deadline is not None
    assert deadline.start == signed
    assert deadline.start_source is DeadlineStart.SIGNATURE
    assert deadline.estimated
    assert deadline.due_at == _local(2026, 11, 9, 10, 0)


@pytest.mark.parametrize("tipo", [39, 41, 46, 52, 56, 61, 110, 111, 112, None])
def test_types_without_deadline(tipo: int | None) -> None:
    assert (
        compute_deadline(
            tipo, sii_received_at=_local(2026, 11, 1, 10), signed_at=None, arrived_at=None
        )
        is None
    )


def test_no_known_date_no_deadline() -> None:
    assert compute_deadline(33, sii_received_at=None, signed_at=None, arrived_at=None) is None


@pytest.mark.parametrize(
    ("now", "state", "days"),
    [
        (_local(2026, 11, 7, 9, 0), DeadlineState.OPEN, 3),
        (_local(2026, 11, 9, 23, 0), DeadlineState.OPEN, 1),
        (_local(2026, 11, 10, 8, 0), DeadlineState.DUE_TODAY, 0),
        (_local(2026, 11, 10, 21, 30), DeadlineState.EXPIRED, 0),
        (_local(2026, 11, 12, 0, 0), DeadlineState.EXPIRED, 0),
    ],
)
def test_status_in_santiago_days(now: dt.datetime, state: DeadlineState, days: int) -> None:
    status = deadline_status(_local(2026, 11, 10, 21, 30), now, estimated=False)
    assert status.state is state
    assert status.days_left == days


@pytest.mark.parametrize(
    ("decision", "codes"),
    [
        (DecisionState.PENDIENTE, ["plazo.vencido"]),
        (DecisionState.ACEPTADO, ["plazo.aceptado"]),
        (DecisionState.RECLAMADO, ["plazo.reclamado"]),
    ],
)
def test_decided_documents_show_the_decision(decision: DecisionState, codes: list[str]) -> None:
    now = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
    expired = now - dt.timedelta(days=3)

    messages = deadline_messages(expired, False, now, decision)

    assert [message.code for message in messages] == codes


def test_estimated_deadline_says_so() -> None:
    now = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)

    messages = deadline_messages(now + dt.timedelta(days=3, hours=1), True, now)

    assert [message.code for message in messages] == ["plazo.quedan_dias", "plazo.estimado"]
    assert messages[0].params == {"dias": 3}
    assert deadline_messages(None, False, now) == ()
