"""The legal deadline to accept or claim a received document (Ley 19.983).

Only types 33, 34 and 43 have one, because only they enter the SII's acceptance registry.
It runs 8 days from the SII's reception timestamp. CymaDesk takes whichever reading ends
first: 8 x 24 hours of elapsed time or 8 days on the America/Santiago clock. The two differ
by an hour when a daylight-saving change falls in between. CymaDesk never uses the end of
the 8th day, which the law also admits.

Until the SII's date is known, the deadline starts at the earliest date known for the
document (its signature time or its arrival) and is marked estimated. The issue date alone
never starts it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import DecisionState
from cymadesk.models.message import Message
from cymadesk.models.timezone import SANTIAGO

DEADLINE_DAYS = 8


class DeadlineStart(enum.StrEnum):
    SII = "sii"
    SIGNATURE = "firma"
    ARRIVAL = "llegada"


@dataclass(frozen=True, slots=True)
class Deadline:
    due_at: dt.datetime
    start: dt.datetime
    start_source: DeadlineStart

    @property
    def estimated(self) -> bool:
        return self.start_source is not DeadlineStart.SII


class DeadlineState(enum.StrEnum):
    OPEN = "abierto"
    DUE_TODAY = "vence_hoy"
    EXPIRED = "vencido"


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    state: DeadlineState
    days_left: int
    estimated: bool


def compute_deadline(
    tipo: DteType | int | None,
    *,
    sii_received_at: dt.datetime | None,
    signed_at: dt.datetime | None,
    arrived_at: dt.datetime | None,
) -> Deadline | None:
    """Return the deadline of a document, or None for types that have none."""
    kind = DteType.from_code(tipo) if tipo is not None else None
    if kind is None or not kind.has_acceptance_deadline:
        return None
    if sii_received_at is not None:
        start, source = sii_received_at, DeadlineStart.SII
    else:
        candidates = [
            (moment, origin)
            for moment, origin in (
                (signed_at, DeadlineStart.SIGNATURE),
                (arrived_at, DeadlineStart.ARRIVAL),
            )
            if moment is not None
        ]
        if not candidates:
            return None
        start, source = min(candidates, key=lambda item: item[0])
    local_start = start.astimezone(SANTIAGO)
    wall_clock = (local_start.replace(tzinfo=None) + dt.timedelta(days=DEADLINE_DAYS)).replace(
        tzinfo=SANTIAGO
    )
    elapsed = start.astimezone(dt.UTC) + dt.timedelta(hours=24 * DEADLINE_DAYS)
    due_at = min(wall_clock.astimezone(dt.UTC), elapsed)
    return Deadline(due_at=due_at, start=start, start_source=source)


def deadline_status(due_at: dt.datetime, now: dt.datetime, *, estimated: bool) -> DeadlineStatus:
    """Return the state of a deadline at ``now``, in calendar days on the Santiago clock."""
    if now >= due_at:
        return DeadlineStatus(DeadlineState.EXPIRED, 0, estimated)
    days = (due_at.astimezone(SANTIAGO).date() - now.astimezone(SANTIAGO).date()).days
    if days == 0:
        return DeadlineStatus(DeadlineState.DUE_TODAY, 0, estimated)
    return DeadlineStatus(DeadlineState.OPEN, days, estimated)


def deadline_messages(
    due_at: dt.datetime | None,
    estimated: bool,
    now: dt.datetime,
    decision: DecisionState = DecisionState.PENDIENTE,
) -> tuple[Message, ...]:
    """Return the messages of a deadline as lists show it, joined with spaces.

    ``quedan 3 días``, ``vence hoy``, ``vencido``, with ``(estimado)`` until the SII's date
    is known. A document already accepted or claimed shows ``aceptado`` or ``reclamado``
    instead, since its deadline no longer matters. No deadline gives no messages.
    """
    if decision is DecisionState.ACEPTADO:
        return (Message("plazo.aceptado"),)
    if decision is DecisionState.RECLAMADO:
        return (Message("plazo.reclamado"),)
    if due_at is None:
        return ()
    status = deadline_status(due_at, now, estimated=estimated)
    if status.state is DeadlineState.EXPIRED:
        main = Message("plazo.vencido")
    elif status.state is DeadlineState.DUE_TODAY:
        main = Message("plazo.vence_hoy")
    elif status.days_left == 1:
        main = Message("plazo.queda_un_dia")
    else:
        main = Message("plazo.quedan_dias", {"dias": status.days_left})
    return (main, Message("plazo.estimado")) if status.estimated else (main,)
