"""The JSON shape of a document and its plain-text block, as the command-line contract fixes."""

from __future__ import annotations

from typing import Any

from cymadesk.formatting import format_amount, format_date
from cymadesk.messages import render
from cymadesk.models.document import Document, Party
from cymadesk.models.message import Message
from cymadesk.models.money import iso_currency
from cymadesk.models.verdict import VERDICT_ORDER, Verdict, VerdictState
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
    """The RUT as ``76354771-K``; text that is no RUT at all is passed on as written."""
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
