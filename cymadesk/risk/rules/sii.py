"""The SII's own responses about a document: its QueryEstDte estado and the purchase register.

An XML document that the SII does not know, once the issuer has had time to send it there,
is the strongest sign of a fake invoice. A check made inside that grace period only earns a
note, because issuers upload with some delay. A missing response (the SII was never asked) is
no finding at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator

from cymadesk.formatting import format_amount, format_datetime
from cymadesk.models.deadline import compute_deadline
from cymadesk.models.inbox import Category
from cymadesk.models.message import Message, ParamValue
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.risk.facts import Evaluation, RegisterOnly, Subject
from cymadesk.risk.registry import Area, Rule
from cymadesk.risk.settings import RiskSettings
from cymadesk.sii.rcv import RcvEstado

SII_DATOS_NO_COINCIDEN = Rule("SII_DATOS_NO_COINCIDEN", Area.SII, Severity.ALTA)
SII_NO_RECIBIDO = Rule("SII_NO_RECIBIDO", Area.SII, Severity.ALTA)
SII_AUN_NO_RECIBIDO = Rule("SII_AUN_NO_RECIBIDO", Area.SII, Severity.BAJA)
SII_FOLIO_NO_AUTORIZADO = Rule("SII_FOLIO_NO_AUTORIZADO", Area.SII, Severity.ALTA)
SII_ANULADO = Rule("SII_ANULADO", Area.SII, Severity.ALTA)
SII_EMISOR_NO_AUTORIZADO = Rule("SII_EMISOR_NO_AUTORIZADO", Area.SII, Severity.ALTA)
SII_MODIFICADO_POR_NOTA = Rule("SII_MODIFICADO_POR_NOTA", Area.SII, Severity.BAJA)
SII_ANULADO_POR_NOTA = Rule("SII_ANULADO_POR_NOTA", Area.SII, Severity.MEDIA)
SII_NO_REGISTRADO = Rule("SII_NO_REGISTRADO", Area.SII, Severity.ALTA)
SII_MONTO_DISTINTO = Rule("SII_MONTO_DISTINTO", Area.SII, Severity.ALTA)
# Medium signals on a document the SII has not confirmed; runs after every other check.
SII_SIN_CONFIRMAR = Rule("SII_SIN_CONFIRMAR", Area.SII, Severity.ALTA)
# Documents the SII lists whose XML never arrived; evaluated without a stored document.
SII_SIN_XML = Rule("SII_SIN_XML", Area.SII, Severity.ALTA)
SII_SIN_XML_INFORMATIVO = Rule("SII_SIN_XML_INFORMATIVO", Area.SII, Severity.BAJA)

RULES = (
    SII_DATOS_NO_COINCIDEN,
    SII_NO_RECIBIDO,
    SII_AUN_NO_RECIBIDO,
    SII_FOLIO_NO_AUTORIZADO,
    SII_ANULADO,
    SII_EMISOR_NO_AUTORIZADO,
    SII_MODIFICADO_POR_NOTA,
    SII_ANULADO_POR_NOTA,
    SII_NO_REGISTRADO,
    SII_MONTO_DISTINTO,
    SII_SIN_CONFIRMAR,
    SII_SIN_XML,
    SII_SIN_XML_INFORMATIVO,
)

# QueryEstDte ESTADO values and the rule each one triggers (FAU is handled apart, with the
# grace period). DOK means "received, data match" and triggers nothing.
_ESTADO_RULES = {
    "DNK": SII_DATOS_NO_COINCIDEN,
    "FNA": SII_FOLIO_NO_AUTORIZADO,
    "FAN": SII_ANULADO,
    "EMP": SII_EMISOR_NO_AUTORIZADO,
    "TMD": SII_MODIFICADO_POR_NOTA,
    "TMC": SII_MODIFICADO_POR_NOTA,
    "MMD": SII_MODIFICADO_POR_NOTA,
    "MMC": SII_MODIFICADO_POR_NOTA,
    "AND": SII_ANULADO_POR_NOTA,
    "ANC": SII_ANULADO_POR_NOTA,
}
NOT_RECEIVED = "FAU"
# Document types the purchase register (Registro de Compras) lists.
REGISTER_TYPES = frozenset({33, 34, 43, 46, 56, 61})
KNOWN_ESTADOS = frozenset({"DOK", NOT_RECEIVED, *_ESTADO_RULES})
# Received documents that ask the company for payment: facturas (33, 34), liquidaciones
# factura (43) and notas de débito (56). Invoice fraud fakes these.
CHARGING_TYPES = frozenset({33, 34, 43, 56})

# Medium findings that give no sign that the document itself is fake, so they do not raise an
# unconfirmed document. A copy of an already decided document repeats a document the company
# has judged, and its risk is paying twice, whatever the SII reports.
NOT_FAKE_SIGNALS = frozenset({"DUPLICADO_YA_DECIDIDO"})


def sii_estado(verdict: Verdict) -> str | None:
    """Return the QueryEstDte ESTADO an ``estado_sii`` verdict records, or None.

    Read from the evidence (``estado``); failing that, from the last part of the message
    code when it is an ESTADO (``estado_sii.fau``).
    """
    value = verdict.evidence.get("estado")
    if isinstance(value, str) and value.strip().upper() in KNOWN_ESTADOS:
        return value.strip().upper()
    suffix = verdict.message.code.rsplit(".", 1)[-1].upper()
    return suffix if suffix in KNOWN_ESTADOS else None


def _after_grace(subject: Subject, checked_at: dt.datetime, grace_days: int) -> bool:
    return checked_at - subject.earliest_known >= dt.timedelta(days=grace_days)


def _absence(
    evaluation: Evaluation, checked_at: dt.datetime, source: str, detail: str
) -> RiskFinding:
    subject = evaluation.subject
    grace = evaluation.settings.sii_grace_days
    params: dict[str, ParamValue] = {
        "consultado": format_datetime(checked_at),
        "desde": format_datetime(subject.earliest_known),
        "dias": grace,
    }
    evidence = {
        "fuente": source,
        "detalle": detail,
        "consultado": checked_at.isoformat(),
        "conocido_desde": subject.earliest_known.isoformat(),
        "dias_gracia": grace,
    }
    if not _after_grace(subject, checked_at, grace):
        return SII_AUN_NO_RECIBIDO.finding(params, evidence)
    rule = SII_NO_RECIBIDO if source == VerdictKey.ESTADO_SII.value else SII_NO_REGISTRADO
    return rule.finding(params, evidence)


def check_estado(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag the SII's estado for the document (QueryEstDte), each with its meaning."""
    stored = evaluation.subject.verdicts.get(VerdictKey.ESTADO_SII)
    if stored is None or stored.verdict.state is VerdictState.PENDIENTE:
        return
    estado = sii_estado(stored.verdict)
    if estado is None:
        return
    if estado == NOT_RECEIVED:
        yield _absence(evaluation, stored.updated_at, VerdictKey.ESTADO_SII.value, estado)
        return
    rule = _ESTADO_RULES.get(estado)
    if rule is not None:
        yield rule.finding(
            {"estado": estado, "consultado": format_datetime(stored.updated_at)},
            {"estado": estado, "consultado": stored.updated_at.isoformat()},
        )


def check_register(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a document that the SII's purchase register (RCV), once read, does not list.

    The register counts as read when the sync stored an ``rcv`` verdict in state ``falla``
    for the document, or downloaded the whole register of the period the document belongs
    to (``Subject.register_read_at``). Only documents addressed to the company, of the
    types the register lists, are expected there.
    """
    subject = evaluation.subject
    if subject.rcv is not None or subject.category is not Category.INBOX:
        return
    stored = subject.verdicts.get(VerdictKey.RCV)
    if stored is not None and stored.verdict.state is VerdictState.FALLA:
        yield _absence(
            evaluation, stored.updated_at, VerdictKey.RCV.value, stored.verdict.message.code
        )
        return
    read_at = subject.register_read_at
    if subject.tipo in REGISTER_TYPES and read_at is not None and read_at > subject.earliest_known:
        yield _absence(evaluation, read_at, "rcv_periodo", "sii.rcv.descargado")


def check_register_amount(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a register row whose total differs from the XML in hand."""
    subject = evaluation.subject
    rcv = subject.rcv
    if rcv is None or rcv.monto_total is None or subject.monto_total is None:
        return
    if subject.moneda != "CLP" or rcv.monto_total == subject.monto_total:
        return
    yield SII_MONTO_DISTINTO.finding(
        {
            "monto_sii": format_amount(rcv.monto_total, "CLP"),
            "monto_xml": format_amount(subject.monto_total, "CLP"),
        },
        {"monto_rcv": rcv.monto_total, "monto_xml": subject.monto_total, "estado": rcv.estado},
    )


CHECKS = (check_estado, check_register, check_register_amount)


def confirmed_by_sii(subject: Subject) -> bool:
    """Return whether the SII has shown that it received the document.

    Its purchase register lists it, or QueryEstDte gave an estado other than FAU ("not
    received"). The other estados find the document, even when they report a problem.
    """
    if subject.rcv is not None:
        return True
    stored = subject.verdicts.get(VerdictKey.ESTADO_SII)
    if stored is None or stored.verdict.state is VerdictState.PENDIENTE:
        return False
    estado = sii_estado(stored.verdict)
    return estado is not None and estado != NOT_RECEIVED


def check_unconfirmed(
    evaluation: Evaluation, findings: Iterable[RiskFinding]
) -> RiskFinding | None:
    """Raise medium signals to high while the SII has not confirmed the document.

    A fake invoice is one the SII never received. Until the SII confirms a document, a
    medium signal (a changed contact, a new signer, a repeated amount…) may be that fake,
    so the document is high risk. Once the SII lists it, the signals stay medium. Only
    documents that ask the company for money count (``CHARGING_TYPES``). Dismissed findings
    and ``NOT_FAKE_SIGNALS`` do not count, and documents addressed to another company are
    not weighed.
    """
    subject = evaluation.subject
    if subject.category is not Category.INBOX or subject.tipo not in CHARGING_TYPES:
        return None
    if confirmed_by_sii(subject):
        return None
    signals = sorted(
        finding.code
        for finding in findings
        if finding.severity is Severity.MEDIA
        and finding.code not in subject.dismissed
        and finding.code not in NOT_FAKE_SIGNALS
    )
    if not signals:
        return None
    return SII_SIN_CONFIRMAR.finding(
        {"senales": ", ".join(signals), "cantidad": len(signals)}, {"senales": signals}
    )


def check_missing_xml(entry: RegisterOnly, settings: RiskSettings, now: dt.datetime) -> RiskFinding:
    """Judge a document the SII register lists for the company whose XML never arrived.

    While it is PENDIENTE nobody has accepted or claimed it, and it becomes accepted, and
    cedible, 8 days after the SII received it. Past the grace period that is ``alta``;
    otherwise (still in the grace period, or already decided at the SII) it is a note.
    """
    deadline = compute_deadline(
        entry.tipo, sii_received_at=entry.received_at, signed_at=None, arrived_at=None
    )
    params: dict[str, ParamValue] = {
        "estado": entry.estado,
        "recibido": format_datetime(entry.received_at) if entry.received_at else "?",
    }
    evidence = {
        "estado": entry.estado,
        "recepcion_sii": entry.received_at.isoformat() if entry.received_at else None,
        "vence": deadline.due_at.isoformat() if deadline else None,
        "monto_rcv": entry.monto_total,
        "dias_gracia": settings.sii_grace_days,
    }
    waited = entry.received_at is None or now - entry.received_at >= dt.timedelta(
        days=settings.sii_grace_days
    )
    if entry.estado == RcvEstado.PENDIENTE.value and waited:
        finding = SII_SIN_XML.finding(params, evidence)
        if deadline is not None and deadline.due_at <= now:
            # The 8 days are over: advice to claim in time would be wrong.
            late = {**params, "vencio": format_datetime(deadline.due_at)}
            return dataclasses.replace(
                finding, explanation=Message("riesgo.SII_SIN_XML_VENCIDO", late)
            )
        return finding
    return SII_SIN_XML_INFORMATIVO.finding(params, evidence)
