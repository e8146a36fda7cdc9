"""Dates: issue date against arrival, signature time and the CAF's authorisation date.

Days are counted on the Santiago calendar, where the SII dates documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cymadesk.formatting import format_date
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.timezone import SANTIAGO
from cymadesk.risk.facts import Evaluation
from cymadesk.risk.registry import Area, Rule

FECHA_FUTURA = Rule("FECHA_FUTURA", Area.FECHAS, Severity.ALTA)
FECHA_ANTIGUA = Rule("FECHA_ANTIGUA", Area.FECHAS, Severity.BAJA)
FIRMA_ANTES_DE_EMISION = Rule("FIRMA_ANTES_DE_EMISION", Area.FECHAS, Severity.MEDIA)
FIRMA_TARDIA = Rule("FIRMA_TARDIA", Area.FECHAS, Severity.MEDIA)
CAF_VENCIDO = Rule("CAF_VENCIDO", Area.FECHAS, Severity.MEDIA)
CAF_POSTERIOR_A_EMISION = Rule("CAF_POSTERIOR_A_EMISION", Area.FECHAS, Severity.ALTA)

RULES = (
    FECHA_FUTURA,
    FECHA_ANTIGUA,
    FIRMA_ANTES_DE_EMISION,
    FIRMA_TARDIA,
    CAF_VENCIDO,
    CAF_POSTERIOR_A_EMISION,
)

# Types whose CAF folios expire six months after authorisation.
# NOTE: LibreDTE applies this to 33, 43, 46, 56 and 61 with 180 days; the SII resolution
# behind it was not found, so the finding is only ``media``.
EXPIRING_CAF_TYPES = frozenset({33, 43, 46, 56, 61})
CAF_VALIDITY_DAYS = 180


def check_future_date(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a document dated after the day it arrived: none can be issued in the future."""
    subject = evaluation.subject
    issued = subject.fecha_emision
    if issued is None or issued <= subject.arrival_date:
        return
    yield FECHA_FUTURA.finding(
        {"fecha": format_date(issued), "llegada": format_date(subject.arrival_date)},
        {"fecha_emision": issued.isoformat(), "llegada": subject.first_seen_at.isoformat()},
    )


def check_late_arrival(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a document that arrived long after its issue date.

    Its 8-day window may have closed before anyone saw it.

    Only ``baja``: old documents turn up for honest reasons too, and a first import of
    past documents makes every one of them look late.
    """
    subject = evaluation.subject
    issued = subject.fecha_emision
    if issued is None:
        return
    days = (subject.arrival_date - issued).days
    if days <= evaluation.settings.late_arrival_days:
        return
    yield FECHA_ANTIGUA.finding(
        {"fecha": format_date(issued), "llegada": format_date(subject.arrival_date), "dias": days},
        {
            "fecha_emision": issued.isoformat(),
            "llegada": subject.first_seen_at.isoformat(),
            "dias": days,
        },
    )


def _signed_date(evaluation: Evaluation) -> dt.date | None:
    signed = evaluation.subject.signed_at
    return signed.astimezone(SANTIAGO).date() if signed is not None else None


def check_signature_date(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a signature (TmstFirma) before the issue date, or long after it (backdated)."""
    subject = evaluation.subject
    issued = subject.fecha_emision
    signed = _signed_date(evaluation)
    if issued is None or signed is None or subject.signed_at is None:
        return
    params = {"fecha": format_date(issued), "firmado": format_date(signed)}
    evidence = {"fecha_emision": issued.isoformat(), "tmst_firma": subject.signed_at.isoformat()}
    if signed < issued:
        yield FIRMA_ANTES_DE_EMISION.finding(params, evidence)
        return
    days = (signed - issued).days
    if days > evaluation.settings.late_signature_days:
        yield FIRMA_TARDIA.finding({**params, "dias": days}, {**evidence, "dias": days})


def check_caf_dates(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a CAF authorised after the issue date, or expired on it for the types that expire."""
    subject = evaluation.subject
    ted = subject.document.ted
    caf = ted.caf if ted is not None else None
    issued = subject.fecha_emision
    if caf is None or caf.authorised_on is None or issued is None:
        return
    authorised = caf.authorised_on
    evidence = {"fecha_emision": issued.isoformat(), "caf_autorizado": authorised.isoformat()}
    if authorised > issued:
        yield CAF_POSTERIOR_A_EMISION.finding(
            {"autorizado": format_date(authorised), "fecha": format_date(issued)}, evidence
        )
        return
    expiry = authorised + dt.timedelta(days=CAF_VALIDITY_DAYS)
    if subject.tipo in EXPIRING_CAF_TYPES and issued > expiry:
        yield CAF_VENCIDO.finding(
            {
                "autorizado": format_date(authorised),
                "vencimiento": format_date(expiry),
                "fecha": format_date(issued),
            },
            {**evidence, "caf_vence": expiry.isoformat()},
        )


CHECKS = (check_future_date, check_late_arrival, check_signature_date, check_caf_dates)
