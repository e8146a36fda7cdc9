"""The JSON shape of a document and its plain-text block, as the command-line contract fixes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cymadesk.formatting import format_amount, format_date
from cymadesk.messages import render
from cymadesk.models.deadline import deadline_status
from cymadesk.models.document import Document, Party
from cymadesk.models.dte_types import reference_type_name
from cymadesk.models.inbox import InboxRow
from cymadesk.models.message import Message
from cymadesk.models.money import iso_currency
from cymadesk.models.risk import RiskFinding
from cymadesk.models.verdict import VERDICT_ORDER, Verdict, VerdictState
from cymadesk.services.queries import DocumentDetail, StoredDocument
from cymadesk.sii.envelope import FileClass
from cymadesk.sii.verify import DocumentReport

STATE_MARKS = {
    VerdictState.OK: "✔",
    VerdictState.FALLA: "✘",
    VerdictState.NO_APLICA: "–",
    VerdictState.NO_VERIFICABLE: "?",
    VerdictState.PENDIENTE: "…",
}


def rut_json(party: Party) -> str | None:
    """Return the RUT as ``76354771-K``; text that is no RUT at all is passed on as written."""
    if party.rut is not None:
        return party.rut.canonical
    return party.rut_text


def currency_of(document: Document) -> str | None:
    """ISO code of the document's amounts: CLP for pesos, the export currency otherwise."""
    if document.tipo is not None and document.tipo.is_export:
        return iso_currency(document.totals.moneda_text)
    return "CLP"


def verdict_json(verdict: Verdict, language: str) -> dict[str, str]:
    return {
        "estado": verdict.state.value,
        "detalle": render(verdict.message, language),
        "codigo": verdict.message.code,
    }


def document_json(
    archivo: str, file_class: FileClass, report: DocumentReport, language: str
) -> dict[str, Any]:
    """Build the contract's document object (missing values are null)."""
    document = report.document
    if document is None:
        return error_json(archivo, report.error or Message("dte.sin_documento"), language)
    total = document.totals.mnt_total
    return {
        "archivo": archivo,
        "clase": file_class.value,
        "tipo": int(document.tipo)
        if document.tipo is not None
        else _int_or_none(document.id_doc.tipo_code),
        "folio": document.folio,
        "rut_emisor": rut_json(document.emisor),
        "rut_receptor": rut_json(document.receptor),
        "razon_social_emisor": document.emisor.razon_social,
        "fecha_emision": document.fecha_emision.isoformat() if document.fecha_emision else None,
        "monto_total": str(total) if total is not None else None,
        "moneda": currency_of(document),
        "ambiente": report.ambiente.value if report.ambiente else None,
        "veredictos": {
            key.value: verdict_json(report.verdicts[key], language)
            for key in VERDICT_ORDER
            if key in report.verdicts
        },
    }


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def error_json(archivo: str, message: Message, language: str) -> dict[str, Any]:
    return {"archivo": archivo, "error": render(message, language)}


def _label(code: str, language: str) -> str:
    return render(Message(code), language)


def _party_line(party: Party) -> str:
    name = party.razon_social or "?"
    if party.rut is not None:
        return f"{name} ({party.rut.formatted})"
    return f"{name} ({party.rut_text or '?'})"


def document_text(archivo: str, report: DocumentReport, language: str) -> str:
    """Render one document as the text block ``cymadesk check`` prints."""
    document = report.document
    if document is None:
        return f"{archivo}\n  {render(report.error or Message('dte.sin_documento'), language)}"
    tipo = document.tipo.spanish_name if document.tipo else (document.id_doc.tipo_code or "?")
    total = document.totals.mnt_total
    amount = format_amount(total, currency_of(document)) if total is not None else "?"
    ambiente = _label(f"cli.ambiente.{report.ambiente.value}", language) if report.ambiente else "?"
    lines = [
        archivo,
        f"  {tipo} N° {document.folio or '?'}",
        f"  {_label('cli.campo.emisor', language)}: {_party_line(document.emisor)}",
        f"  {_label('cli.campo.receptor', language)}: {_party_line(document.receptor)}",
        f"  {_label('cli.campo.fecha', language)}: {format_date(document.fecha_emision) or '?'}",
        f"  {_label('cli.campo.total', language)}: {amount}",
        f"  {_label('cli.campo.ambiente', language)}: {ambiente}",
    ]
    width = max(len(key.value) for key in VERDICT_ORDER)
    for key in VERDICT_ORDER:
        verdict = report.verdicts.get(key)
        if verdict is None:
            continue
        mark = STATE_MARKS[verdict.state]
        lines.append(f"  {mark} {key.value:<{width}}  {render(verdict.message, language)}")
    return "\n".join(lines)


def finding_json(finding: RiskFinding, language: str) -> dict[str, Any]:
    """Build the contract's finding object: code, severity, explanation and evidence."""
    return {
        "codigo": finding.code,
        "severidad": finding.severity.value,
        "explicacion": render(finding.explanation, language),
        "evidencia": dict(finding.evidence),
    }


def risk_json(stored: StoredDocument, language: str) -> dict[str, Any]:
    """Build ``riesgo``: the level and the findings still in force (dismissed ones left out)."""
    return {
        "nivel": stored.risk_level.value,
        "hallazgos": [
            finding_json(finding, language) for finding in stored.findings if not finding.dismissed
        ],
    }


def dismissed_json(stored: StoredDocument, language: str) -> list[dict[str, Any]]:
    """List the dismissed findings with who dismissed them, when and why."""
    return [
        {
            **finding_json(finding, language),
            "descartado_el": finding.dismissed_at.isoformat() if finding.dismissed_at else None,
            "descartado_por": finding.dismissed_by,
            "motivo": finding.dismissed_reason,
        }
        for finding in stored.findings
        if finding.dismissed
    ]


def _amount_text(row: InboxRow) -> str | None:
    if row.moneda == "CLP":
        return str(row.monto_total) if row.monto_total is not None else None
    return row.monto_texto


def stored_document_json(stored: StoredDocument, language: str) -> dict[str, Any]:
    """Build the contract's document object for a stored document, with ``riesgo``."""
    row = stored.row
    return {
        "archivo": stored.file_name,
        "clase": stored.file_class,
        "tipo": row.tipo_code,
        "folio": row.folio,
        "rut_emisor": row.rut_emisor.canonical if row.rut_emisor else row.rut_emisor_text,
        "rut_receptor": row.rut_receptor,
        "razon_social_emisor": row.razon_social_emisor,
        "fecha_emision": row.fecha_emision.isoformat() if row.fecha_emision else None,
        "monto_total": _amount_text(row),
        "moneda": row.moneda,
        "ambiente": row.ambiente.value if row.ambiente else None,
        "veredictos": {
            key.value: verdict_json(stored.verdicts[key], language)
            for key in VERDICT_ORDER
            if key in stored.verdicts
        },
        "riesgo": risk_json(stored, language),
    }


def _decimal_text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _party_json(party: Party) -> dict[str, Any]:
    return {
        "rut": party.rut.canonical if party.rut else party.rut_text,
        "razon_social": party.razon_social,
        "giro": party.giro,
        "actecos": list(party.actecos),
        "direccion": party.direccion,
        "comuna": party.comuna,
        "ciudad": party.ciudad,
        "correo": party.correo,
    }


def deadline_json(row: InboxRow, now: dt.datetime) -> dict[str, Any] | None:
    """Build ``plazo``; ``decision`` is the decision state, so accepted or claimed shows."""
    if row.deadline_at is None:
        return None
    status = deadline_status(row.deadline_at, now, estimated=row.deadline_estimated)
    return {
        "vence": row.deadline_at.isoformat(),
        "estimado": row.deadline_estimated,
        "estado": status.state.value,
        "dias_restantes": status.days_left,
        "decision": row.decision_state.value,
    }


def detail_json(detail: DocumentDetail, language: str, now: dt.datetime) -> dict[str, Any]:
    """Build a stored document with ``detalle``: parties, lines, totals, references, events."""
    document = detail.document
    totals = document.totals
    result = stored_document_json(detail.stored, language)
    result["detalle"] = {
        "tipo_nombre": document.tipo.spanish_name if document.tipo else None,
        "emisor": _party_json(document.emisor),
        "receptor": _party_json(document.receptor),
        "forma_pago": document.id_doc.forma_pago,
        "fecha_vencimiento": (
            document.id_doc.fecha_vencimiento.isoformat()
            if document.id_doc.fecha_vencimiento
            else None
        ),
        "lineas": [
            {
                "numero": line.number,
                "nombre": line.name,
                "descripcion": line.description,
                "cantidad": _decimal_text(line.quantity),
                "unidad": line.unit,
                "precio": _decimal_text(line.unit_price),
                "monto": _decimal_text(line.amount),
                "exento": line.ind_exe == "1",
            }
            for line in document.lines
        ],
        "totales": {
            "neto": _decimal_text(totals.mnt_neto),
            "exento": _decimal_text(totals.mnt_exe),
            "tasa_iva": _decimal_text(totals.tasa_iva),
            "iva": _decimal_text(totals.iva),
            "otros_impuestos": [
                {
                    "tipo": tax.code,
                    "tasa": _decimal_text(tax.rate),
                    "monto": _decimal_text(tax.amount),
                }
                for tax in totals.taxes
            ],
            "total": _decimal_text(totals.mnt_total),
        },
        "referencias": [
            {
                "tipo": reference.doc_type,
                "tipo_nombre": reference_type_name(reference.doc_type or ""),
                "folio": reference.folio,
                "fecha": reference.date.isoformat() if reference.date else None,
                "codigo": reference.code,
                "razon": reference.reason,
                "documento_id": detail.referenced_ids.get(index),
            }
            for index, reference in enumerate(document.references)
        ],
        "eventos": [
            {
                "codigo": event.code,
                "descripcion": event.description,
                "rut_responsable": event.rut_responsable,
                "fecha": event.occurred_at.isoformat() if event.occurred_at else None,
            }
            for event in detail.events
        ],
        "hallazgos_descartados": dismissed_json(detail.stored, language),
        "archivos": [
            {
                "archivo": source.name,
                "clase": source.file_class,
                "llegada": source.arrived_at.isoformat(),
            }
            for source in detail.sources
        ],
        "plazo": deadline_json(detail.stored.row, now),
        "rcv": (
            {
                "estado": detail.rcv.estado,
                "recepcion_sii": detail.rcv.received_at.isoformat()
                if detail.rcv.received_at
                else None,
            }
            if detail.rcv
            else None
        ),
        "conflicto": detail.stored.row.conflict,
    }
    return result
