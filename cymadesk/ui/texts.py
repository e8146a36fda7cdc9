"""Translated labels for the domain's enums, and message codes rendered in the UI language.

Labels are English source strings marked with ``QT_TRANSLATE_NOOP`` under fixed contexts, so
``pyside6-lupdate`` collects them; ``QCoreApplication.translate`` looks them up at run time.
Texts from the Qt-free layers (verdict reasons, findings, deadlines) are message codes and
go through ``cymadesk.messages.render``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cymadesk.messages import render
from cymadesk.models.deadline import deadline_messages
from cymadesk.models.inbox import DecisionState, InboxRow, View
from cymadesk.models.message import Message
from cymadesk.models.risk import RiskLevel, Severity
from cymadesk.models.verdict import VerdictKey, VerdictState

VIEW_LABELS = {
    View.PENDIENTES: QT_TRANSLATE_NOOP("Labels", "Pending decision"),
    View.RIESGO_ALTO: QT_TRANSLATE_NOOP("Labels", "High risk"),
    View.VENCEN_PRONTO: QT_TRANSLATE_NOOP("Labels", "Due soon"),
    View.ACEPTADOS: QT_TRANSLATE_NOOP("Labels", "Accepted"),
    View.RECLAMADOS: QT_TRANSLATE_NOOP("Labels", "Claimed"),
    View.TODOS: QT_TRANSLATE_NOOP("Labels", "All"),
    View.NO_CORRESPONDEN: QT_TRANSLATE_NOOP("Labels", "Not addressed to us"),
    View.NO_PROCESABLES: QT_TRANSLATE_NOOP("Labels", "Unprocessable"),
}

VERDICT_LABELS = {
    VerdictKey.ESQUEMA: QT_TRANSLATE_NOOP("Labels", "SII schema"),
    VerdictKey.FIRMA: QT_TRANSLATE_NOOP("Labels", "Document signature"),
    VerdictKey.FIRMA_ENVIO: QT_TRANSLATE_NOOP("Labels", "Envelope signature"),
    VerdictKey.CERTIFICADO: QT_TRANSLATE_NOOP("Labels", "Signer certificate"),
    VerdictKey.TED: QT_TRANSLATE_NOOP("Labels", "Electronic stamp (TED)"),
    VerdictKey.CAF: QT_TRANSLATE_NOOP("Labels", "Folio authorization (CAF)"),
    VerdictKey.ARITMETICA: QT_TRANSLATE_NOOP("Labels", "Arithmetic"),
    VerdictKey.ESTADO_SII: QT_TRANSLATE_NOOP("Labels", "Status at the SII"),
    VerdictKey.RCV: QT_TRANSLATE_NOOP("Labels", "Purchase register (RCV)"),
}

STATE_LABELS = {
    VerdictState.OK: QT_TRANSLATE_NOOP("Labels", "Passed"),
    VerdictState.FALLA: QT_TRANSLATE_NOOP("Labels", "Failed"),
    VerdictState.NO_APLICA: QT_TRANSLATE_NOOP("Labels", "Not applicable"),
    VerdictState.NO_VERIFICABLE: QT_TRANSLATE_NOOP("Labels", "Cannot be checked"),
    VerdictState.PENDIENTE: QT_TRANSLATE_NOOP("Labels", "Pending"),
}

SEVERITY_LABELS = {
    Severity.ALTA: QT_TRANSLATE_NOOP("Labels", "High"),
    Severity.MEDIA: QT_TRANSLATE_NOOP("Labels", "Medium"),
    Severity.BAJA: QT_TRANSLATE_NOOP("Labels", "Low"),
}


def label(text: object) -> str:
    """Translate a label marked with ``QT_TRANSLATE_NOOP("Labels", …)``."""
    return QCoreApplication.translate("Labels", str(text))


def view_label(view: View) -> str:
    return label(VIEW_LABELS[view])


def verdict_label(key: VerdictKey) -> str:
    return label(VERDICT_LABELS[key])


def state_label(state: VerdictState) -> str:
    return label(STATE_LABELS[state])


def severity_label(severity: Severity) -> str:
    return label(SEVERITY_LABELS[severity])


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def risk_label(level: RiskLevel, language: str) -> str:
    return capitalized(render(Message(f"riesgo.nivel.{level.value}"), language))


def verdict_summary_label(row: InboxRow) -> str:
    if row.verdict_summary == "falla":
        # English has no plural rules in Qt without a catalogue, so the singular is its own text.
        if row.failed_checks == 1:
            return label(QT_TRANSLATE_NOOP("Labels", "1 check failed"))
        return QCoreApplication.translate("Labels", "%n checks failed", "", row.failed_checks)
    if row.verdict_summary == "pendiente":
        return label(QT_TRANSLATE_NOOP("Labels", "Verified, SII pending"))
    return label(QT_TRANSLATE_NOOP("Labels", "Verified"))


def deadline_label(
    due_at: dt.datetime | None,
    estimated: bool,
    now: dt.datetime,
    language: str,
    decision: DecisionState = DecisionState.PENDIENTE,
) -> str:
    """Render ``deadline_messages``: ``quedan 3 días (estimado)``, ``vencido``, ``aceptado``."""
    messages = deadline_messages(due_at, estimated, now, decision)
    return " ".join(render(message, language) for message in messages)
