"""Inbox data: the saved views and the row of a stored document."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from cymadesk.models.dte_types import DteType
from cymadesk.models.risk import RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente


class View(enum.StrEnum):
    """Saved views; the values are the command line's ``--vista`` names."""

    PENDIENTES = "pendientes"
    RIESGO_ALTO = "riesgo_alto"
    VENCEN_PRONTO = "vencen_pronto"
    ACEPTADOS = "aceptados"
    RECLAMADOS = "reclamados"
    TODOS = "todos"
    NO_CORRESPONDEN = "no_corresponden"
    NO_PROCESABLES = "no_procesables"


class Category(enum.StrEnum):
    INBOX = "inbox"
    NOT_ADDRESSED = "no_corresponde"


class DecisionState(enum.StrEnum):
    PENDIENTE = "pendiente"
    ACEPTADO = "aceptado"
    RECLAMADO = "reclamado"
    SIN_PLAZO = "sin_plazo"


@dataclass(frozen=True, slots=True)
class InboxRow:
    """A stored document as the inbox shows it; immutable, cheap to hold by the thousand."""

    id: int
    tipo: DteType | None
    tipo_code: int
    folio: str
    rut_emisor: Rut | None
    rut_emisor_text: str
    razon_social_emisor: str | None
    rut_receptor: str | None
    fecha_emision: dt.date | None
    monto_total: int | None
    moneda: str
    monto_texto: str | None
    ambiente: Ambiente | None
    risk_level: RiskLevel
    verdict_summary: str
    failed_checks: int
    deadline_at: dt.datetime | None
    deadline_estimated: bool
    decision_state: DecisionState
    category: Category
    conflict: bool
    read: bool
    first_seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class UnprocessableItem:
    id: int
    name: str
    code: str
    params: dict[str, object]
    at: dt.datetime
