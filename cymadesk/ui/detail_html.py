"""The detail of one document as HTML for the detail pane's text browser.

Every value from the document is escaped; every label goes through ``self.tr``; texts from
the Qt-free layers (verdict reasons, findings, deadlines) are rendered from their message
codes in the UI language. A referenced document that is in the database becomes a link
``documento:<id>``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import QObject

from cymadesk.formatting import format_amount, format_date, format_datetime, format_number
from cymadesk.messages import render
from cymadesk.models.document import Document, Line, Party
from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.risk import RiskFinding
from cymadesk.models.verdict import VERDICT_ORDER, Verdict, VerdictKey, VerdictState
from cymadesk.services.queries import DocumentDetail
from cymadesk.services.sii_sync import ACCEPT_EVENTS, CLAIM_EVENTS
from cymadesk.ui.texts import deadline_label, severity_label, state_label, verdict_label

LINK_SCHEME = "documento"
STYLE = """
<style>
  body { font-size: 10pt; }
  h2 { margin: 0 0 2px 0; }
  h3 { margin: 14px 0 4px 0; border-bottom: 1px solid #bbbbbb; }
  table.grid { border-collapse: collapse; }
  table.grid td, table.grid th { padding: 2px 8px 2px 0; vertical-align: top; }
  th { text-align: left; color: #444444; }
  td.number, th.number { text-align: right; }
  .muted { color: #555555; }
  .ok { color: #2e7d32; font-weight: bold; }
  .falla { color: #c62828; font-weight: bold; }
  .neutral { color: #616161; font-weight: bold; }
</style>
"""
STATE_MARKS = {VerdictState.OK: ("✓", "ok"), VerdictState.FALLA: ("✗", "falla")}


def arg(template: str, *values: object) -> str:
    """Fill Qt-style ``%1``, ``%2`` … placeholders (highest first, so %1 never eats %10)."""
    text = template
    for number in range(len(values), 0, -1):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _quantity(value: Decimal | None) -> str:
    if value is None:
        return ""
    normalized = value.normalize()
    decimals = max(0, -int(normalized.as_tuple().exponent))
    return format_number(value, min(decimals, 6))


def _money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return ""
    if currency in (None, "CLP"):
        return format_amount(value.quantize(Decimal(1)), "CLP")
    return format_amount(value, currency)


def h3(text: str) -> str:
    return f"<h3>{esc(text)}</h3>"


def para(text: str, css: str = "") -> str:
    return f"<p class='{css}'>{esc(text)}</p>" if css else f"<p>{esc(text)}</p>"


def th(text: str, *, css: str = "", width: str = "") -> str:
    attributes = (f" class='{css}'" if css else "") + (f" width='{width}'" if width else "")
    return f"<th{attributes}>{esc(text)}</th>"


class DetailHtml(QObject):
    """Builds the HTML of the detail pane's "Documento" tab."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language

    def render(self, detail: DocumentDetail, now: dt.datetime) -> str:
        document = detail.document
        currency = detail.stored.row.moneda
        sections = [
            STYLE,
            self._title(detail),
            self._parties(document),
            self._dates(detail),
            self._deadline(detail, now),
            self._authenticity(detail.stored.verdicts),
            self._findings(detail.stored.findings),
            self._lines(document.lines, currency),
            self._totals(document, currency),
            self._references(detail),
            self._events(detail),
        ]
        return "".join(sections)

    # Header

    def _title(self, detail: DocumentDetail) -> str:
        row = detail.stored.row
        kind = row.tipo.spanish_name if row.tipo else arg(self.tr("Type %1"), row.tipo_code)
        title = arg(self.tr("%1 No. %2"), esc(kind), esc(row.folio))
        notes = []
        if row.conflict:
            notes.append(
                self.tr("Another document with this issuer, type and folio has different content.")
            )
        if row.ambiente is not None and row.ambiente.value == "certificacion":
            notes.append(
                self.tr(
                    "Issued in the SII's certification (test) environment: it has no tax value."
                )
            )
        note_html = "".join(f'<p class="falla">{esc(note)}</p>' for note in notes)
        return f"<h2>{title}</h2>{note_html}"

    def _party(self, party: Party) -> str:
        rut = party.rut.formatted if party.rut else (party.rut_text or "")
        lines = [f"<b>{esc(party.razon_social)}</b>", esc(rut)]
        if party.giro:
            lines.append(esc(party.giro))
        address = ", ".join(part for part in (party.direccion, party.comuna, party.ciudad) if part)
        if address:
            lines.append(esc(address))
        return "<br>".join(lines)

    def _parties(self, document: Document) -> str:
        return (
            "<table class='grid' width='100%'><tr>"
            + th(self.tr("Issuer"), width="50%")
            + th(self.tr("Receiver"), width="50%")
            + "</tr>"
            f"<tr><td>{self._party(document.emisor)}</td>"
            f"<td>{self._party(document.receptor)}</td></tr></table>"
        )

    def _payment(self, code: str | None) -> str:
        labels = {
            "1": self.tr("Cash"),
            "2": self.tr("Credit"),
            "3": self.tr("Free of charge"),
        }
        return labels.get(code or "", code or "")

    def _signed_label(self, detail: DocumentDetail) -> str:
        """Label the signing time as proven only when the document's signature verified."""
        signature = detail.stored.verdicts.get(VerdictKey.FIRMA)
        if signature is not None and signature.state is VerdictState.OK:
            return self.tr("Signed")
        return self.tr("Signing time it states")

    def _dates(self, detail: DocumentDetail) -> str:
        document = detail.document
        id_doc = document.id_doc
        rows = [
            (self.tr("Issue date"), format_date(id_doc.fecha_emision)),
            (self.tr("Due date"), format_date(id_doc.fecha_vencimiento)),
            (self.tr("Payment"), self._payment(id_doc.forma_pago)),
            (self._signed_label(detail), format_datetime(document.signed_at)),
        ]
        for source in detail.sources:
            rows.append(
                (
                    self.tr("Arrived"),
                    arg(self.tr("%1, in %2"), format_datetime(source.arrived_at), source.name),
                )
            )
        cells = "".join(
            f"<tr><th>{esc(name)}</th><td>{esc(value)}</td></tr>" for name, value in rows if value
        )
        return f"<table class='grid'>{cells}</table>"

    # Deadline, authenticity, findings

    def _deadline(self, detail: DocumentDetail, now: dt.datetime) -> str:
        row = detail.stored.row
        heading = h3(self.tr("Deadline to accept or claim"))
        if row.category is not Category.INBOX:
            text = self.tr(
                "None for this company: the document is addressed to another one, and only "
                "its receiver accepts or claims it."
            )
            return f"{heading}<p>{esc(text)}</p>"
        decision = row.decision_state
        if decision in (DecisionState.ACEPTADO, DecisionState.RECLAMADO):
            remaining = deadline_label(
                row.deadline_at, row.deadline_estimated, now, self.language, decision
            )
            capitalized = remaining[:1].upper() + remaining[1:]
            return f"{heading}<p><b>{esc(capitalized)}</b>. {esc(self._decided(detail))}</p>"
        if row.deadline_at is None:
            kind = row.tipo
            if kind is not None and kind.has_acceptance_deadline:
                text = self.tr("Unknown until the SII's reception date is known.")
            else:
                text = self.tr("This type of document has no acceptance deadline.")
            return f"{heading}<p>{esc(text)}</p>"
        remaining = deadline_label(row.deadline_at, row.deadline_estimated, now, self.language)
        due = arg(self.tr("Due %1 (Santiago time)."), format_datetime(row.deadline_at))
        basis = (
            self.tr(
                "Estimated: 8 days from the signature or arrival time, until the SII's "
                "reception date is known."
            )
            if row.deadline_estimated
            else self.tr("8 days from the SII's reception date.")
        )
        return f"{heading}<p><b>{esc(remaining)}</b>. {esc(due)}<br>{esc(basis)}</p>"

    def _decided(self, detail: DocumentDetail) -> str:
        """Say when and where the decision was recorded: an SII event, the RCV, or the 8 days."""
        row = detail.stored.row
        claimed = row.decision_state is DecisionState.RECLAMADO
        codes = CLAIM_EVENTS if claimed else ACCEPT_EVENTS
        event = next(
            (
                event
                for event in detail.events
                if event.code in codes and event.occurred_at is not None
            ),
            None,
        )

        if event is not None and event.occurred_at is not None:
            name = f"{event.code} ({event.description})" if event.description else event.code
            return arg(
                self.tr("The SII registry recorded %1 on %2."),
                name,
                format_datetime(event.occurred_at),
            )

        rcv = detail.rcv
        recorded = None
        if rcv is not None:
            recorded = rcv.reclamo_at if claimed else rcv.acuse_at
        if recorded is not None:
            text = self.tr("The SII purchase register shows it since %1.")
            return arg(text, format_datetime(recorded))
        if not claimed and row.deadline_at is not None:
            return arg(
                self.tr("Accepted tacitly: the 8 days ended on %1 without a claim."),
                format_datetime(row.deadline_at),
            )
        return self.tr("The SII purchase register shows this decision.")

    def _verdict_row(self, verdict: Verdict) -> str:
        mark, css = STATE_MARKS.get(verdict.state, ("–", "neutral"))
        reason = render(verdict.message, self.language)
        return (
            f"<p><span class='{css}'>{mark} {esc(state_label(verdict.state))}</span> "
            f"<b>{esc(verdict_label(verdict.key))}</b><br>"
            f"<span class='muted'>{esc(reason)}</span></p>"
        )

    def _authenticity(self, verdicts: Mapping[VerdictKey, Verdict]) -> str:
        heading = h3(self.tr("Authenticity"))
        rows = "".join(self._verdict_row(verdicts[key]) for key in VERDICT_ORDER if key in verdicts)
        if not rows:
            return heading + para(self.tr("No checks were recorded."))
        return heading + rows

    def _findings(self, findings: Sequence[RiskFinding]) -> str:
        heading = h3(self.tr("Risk findings"))
        active = [finding for finding in findings if not finding.dismissed]
        if not active:
            return heading + para(self.tr("No risk findings."))
        items = "".join(
            f"<li><b>{esc(severity_label(finding.severity))}</b>: "
            f"{esc(render(finding.explanation, self.language))}</li>"
            for finding in active
        )
        return f"{heading}<ul>{items}</ul>"

    # Lines, totals, references, events

    def _lines(self, lines: Iterable[Line], currency: str) -> str:
        heading = h3(self.tr("Lines"))
        header = (
            "<tr>"
            + th(self.tr("No."))
            + th(self.tr("Item"))
            + th(self.tr("Quantity"), css="number")
            + th(self.tr("Unit"))
            + th(self.tr("Unit price"), css="number")
            + th(self.tr("Amount"), css="number")
            + "</tr>"
        )
        body = "".join(
            f"<tr><td>{esc(line.number)}</td><td>{esc(line.name)}"
            + (
                f"<br><span class='muted'>{esc(line.description)}</span>"
                if line.description
                else ""
            )
            + f"</td><td class='number'>{esc(_quantity(line.quantity))}</td>"
            f"<td>{esc(line.unit)}</td>"
            f"<td class='number'>{esc(_money(line.unit_price, currency))}</td>"
            f"<td class='number'>{esc(_money(line.amount, currency))}</td></tr>"
            for line in lines
        )
        return f"{heading}<table class='grid' width='100%'>{header}{body}</table>"

    def _totals(self, document: Document, currency: str) -> str:
        totals = document.totals
        rows = [
            (self.tr("Net"), totals.mnt_neto),
            (self.tr("Exempt"), totals.mnt_exe),
            (
                arg(self.tr("VAT (%1%)"), format_number(totals.tasa_iva, 0))
                if totals.tasa_iva is not None
                else self.tr("VAT"),
                totals.iva,
            ),
        ]
        rows.extend((arg(self.tr("Tax code %1"), tax.code), tax.amount) for tax in totals.taxes)
        cells = "".join(
            f"<tr><th>{esc(name)}</th><td class='number'>{esc(_money(value, currency))}</td></tr>"
            for name, value in rows
            if value is not None
        )
        cells += (
            "<tr>" + th(self.tr("Total")) + "<td class='number'><b>"
            f"{esc(_money(totals.mnt_total, currency))}</b></td></tr>"
        )
        other = document.other_currency
        if other is not None and other.mnt_total is not None:
            cells += (
                "<tr>"
                + th(arg(self.tr("Total in %1"), other.moneda_text or ""))
                + f"<td class='number'>{esc(format_number(other.mnt_total, 0))}</td></tr>"
            )
        return h3(self.tr("Totals")) + f"<table class='grid'>{cells}</table>"

    def _references(self, detail: DocumentDetail) -> str:
        references = detail.document.references
        heading = h3(self.tr("References"))
        if not references:
            return heading + para(self.tr("This document references no other."))
        body = ""
        for position, reference in enumerate(references):
            kind = reference.dte_type
            kind_text = kind.spanish_name if isinstance(kind, DteType) else reference.doc_type
            folio = esc(reference.folio)
            target = detail.referenced_ids.get(position)
            if target is not None:
                folio = f"<a href='{LINK_SCHEME}:{target}'>{folio}</a>"
            body += (
                f"<tr><td>{esc(kind_text)}</td><td>{folio}</td>"
                f"<td>{esc(format_date(reference.date))}</td><td>{esc(reference.reason)}</td></tr>"
            )
        header = (
            "<tr>"
            + th(self.tr("Type"))
            + th(self.tr("Folio"))
            + th(self.tr("Date"))
            + th(self.tr("Reason"))
            + "</tr>"
        )
        return f"{heading}<table class='grid'>{header}{body}</table>"

    def _events(self, detail: DocumentDetail) -> str:
        heading = h3(self.tr("SII events"))
        if not detail.events:
            empty = self.tr(
                "No SII events are stored for this document. Acceptances and claims recorded "
                "at the SII appear here after a sync."
            )
            return heading + para(empty, css="muted")
        rows = "".join(
            f"<tr><td>{esc(format_datetime(event.occurred_at))}</td><td>{esc(event.code)}</td>"
            f"<td>{esc(event.description)}</td></tr>"
            for event in detail.events
        )
        return f"{heading}<table class='grid'>{rows}</table>"
