"""RCV rows, from a CSV export or from the SII, stored and applied to the documents they match.

A row gives a document its SII reception time (so its deadline becomes exact), the ``rcv``
verdict and, for REGISTRO and RECLAMADO rows, the decision the register shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from cymadesk.formatting import format_clp, format_datetime
from cymadesk.models.company import Company
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.message import Message, ParamValue
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.risk.facts import earliest_known, register_periods
from cymadesk.risk.rules.sii import REGISTER_TYPES
from cymadesk.sii.rcv import RcvEstado, RcvRow
from cymadesk.storage import audit
from cymadesk.storage.documents import DocumentStore, summarize
from cymadesk.storage.records import DocumentRecord, RcvEntryRecord
from cymadesk.storage.sii_facts import apply_reception


def store_rcv_row(
    store: DocumentStore,
    row: RcvRow,
    now: dt.datetime,
    company: Company,
    actor: audit.Actor,
    *,
    source: str,
) -> bool:
    """Store one RCV row, from a CSV export or from the SII; return True when it matches.

    ``apply_rcv_entry`` then applies the row to every stored document it matches.
    """
    session = store.session
    entry = session.scalar(
        select(RcvEntryRecord).where(
            RcvEntryRecord.company_id == company.id,
            RcvEntryRecord.rut_emisor == row.rut_emisor.canonical,
            RcvEntryRecord.tipo == row.tipo,
            RcvEntryRecord.folio == row.folio,
        )
    )
    values: dict[str, Any] = {
        "razon_social": row.razon_social,
        "estado": row.estado.value,
        "periodo": row.received_at.strftime("%Y%m") if row.received_at else None,
        "fecha_documento": row.fecha_documento,
        "received_at": row.received_at,
        "acuse_at": row.acuse_at,
        "reclamo_at": row.reclamo_at,
        "monto_exento": row.monto_exento,
        "monto_neto": row.monto_neto,
        "monto_iva": row.monto_iva,
        "monto_total": row.monto_total,
        "source": source,
        "updated_at": now,
    }
    if entry is None:
        entry = RcvEntryRecord(
            company_id=company.id,
            rut_emisor=row.rut_emisor.canonical,
            tipo=row.tipo,
            folio=row.folio,
            **values,
        )
        session.add(entry)
    else:
        for key, value in values.items():
            setattr(entry, key, value)
    matches = store.find(row.rut_emisor.canonical, row.tipo, row.folio)
    if not matches:
        session.flush()
        return False
    entry.document_id = matches[0].id
    session.flush()
    for record in matches:
        apply_rcv_entry(store, record.id, entry, now, company, actor)
    return True


def apply_rcv_entry(
    store: DocumentStore,
    document_id: int,
    entry: RcvEntryRecord,
    now: dt.datetime,
    company: Company,
    actor: audit.Actor,
) -> None:
    """Apply an RCV entry to a stored document: reception time, deadline, estado."""
    record = store.document(document_id)
    if record is None:
        return
    if entry.received_at is not None:
        apply_reception(record, entry.received_at)

    decision = _rcv_decision(entry, DecisionState(record.decision_state))
    if decision is not None and decision.value != record.decision_state:
        audit.append(
            store.session,
            company_id=company.id,
            actor=actor,
            action="decision.segun_rcv",
            at=now,
            document_id=document_id,
            evidence={
                "antes": record.decision_state,
                "despues": decision.value,
                "estado_rcv": entry.estado,
                "tacita": decision is DecisionState.ACEPTADO and entry.acuse_at is None,
            },
        )
        record.decision_state = decision.value
    record.updated_at = now

    received = entry.received_at.isoformat() if entry.received_at else ""
    # The message shows the reception as people read it (dd-mm-aaaa HH:MM in Santiago).
    received_text = format_datetime(entry.received_at) if entry.received_at else "—"
    params: dict[str, ParamValue] = {
        "estado": RCV_ESTADO_NAMES.get(entry.estado, entry.estado),
        "recepcion": received_text,
    }
    evidence: dict[str, Any] = {
        "estado": entry.estado,
        "recepcion_sii": received,
        "fuente": entry.source,
    }
    verdict = Verdict(VerdictKey.RCV, VerdictState.OK, Message("rcv.presente", params), evidence)
    differs = (
        record.moneda == "CLP"
        and entry.monto_total is not None
        and record.monto_total is not None
        and entry.monto_total != record.monto_total
    )
    if differs:
        # The register lists the document with another total: this copy was altered.
        params["monto_rcv"] = format_clp(entry.monto_total or 0)
        params["monto_xml"] = format_clp(record.monto_total or 0)
        evidence["monto_rcv"] = entry.monto_total
        evidence["monto_xml"] = record.monto_total
        verdict = Verdict(
            VerdictKey.RCV, VerdictState.FALLA, Message("rcv.monto_distinto", params), evidence
        )
    replace_and_audit(store, company, actor, document_id, verdict, now)


# A document signed in a period may arrive by mail this many days after it ends.
NEWER_ARRIVAL_DAYS = 60
# The register's estados as the SII portal names its tabs.
RCV_ESTADO_NAMES = {
    RcvEstado.REGISTRO.value: "Registro",
    RcvEstado.PENDIENTE.value: "Pendientes",
    RcvEstado.NO_INCLUIR.value: "No incluir",
    RcvEstado.RECLAMADO.value: "Reclamados",
}


def _rcv_decision(entry: RcvEntryRecord, current: DecisionState) -> DecisionState | None:
    """Return the decision an RCV row shows, or None when it shows none.

    The register lists under REGISTRO the purchases accepted expressly (with a Fecha Acuse)
    or tacitly (8 days without a claim), so a pending document listed there is accepted.
    """
    if entry.estado == RcvEstado.RECLAMADO.value:
        return DecisionState.RECLAMADO
    if entry.estado != RcvEstado.REGISTRO.value:
        return None
    if entry.acuse_at is not None or current is DecisionState.PENDIENTE:
        return DecisionState.ACEPTADO
    return None


def mark_absent(
    store: DocumentStore,
    company: Company,
    actor: audit.Actor,
    periodo: str,
    listed: set[tuple[str, int, str]],
    now: dt.datetime,
    grace_days: int,
    read_periods: Collection[str],
) -> list[int]:
    """Give the ``rcv`` verdict to documents the SII may file under ``periodo`` but did not list.

    Call it only with the register of every estado of the period, as the SII sync downloads
    it (a CSV export contains one tab). A document that the SII may also file under a period
    not in ``read_periods`` is left alone until that one is read. The verdict fails once the
    issuer's grace period is over, and stays pending before. Return the ids of the
    documents the verdict applies to.
    """
    year, month = int(periodo[:4]), int(periodo[4:])
    start = dt.datetime(year, month, 1, tzinfo=SANTIAGO)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=SANTIAGO)
    window_start = start - dt.timedelta(days=grace_days + 1)
    candidates = store.session.scalars(
        select(DocumentRecord).where(
            DocumentRecord.company_id == company.id,
            DocumentRecord.category == Category.INBOX.value,
            DocumentRecord.tipo.in_(REGISTER_TYPES),
            DocumentRecord.first_seen_at >= window_start,
            DocumentRecord.first_seen_at < end + dt.timedelta(days=NEWER_ARRIVAL_DAYS),
        )
    ).all()
    # Rows kept from other periods count as listed: a document near the end of a month may
    # be filed under the next one.
    stored_rows = {
        (row[0], row[1], row[2])
        for row in store.session.execute(
            select(RcvEntryRecord.rut_emisor, RcvEntryRecord.tipo, RcvEntryRecord.folio).where(
                RcvEntryRecord.company_id == company.id
            )
        )
    }
    marked = []
    for record in candidates:
        identity = (record.rut_emisor, record.tipo, record.folio)
        if identity in listed or identity in stored_rows:
            continue
        earliest = earliest_known(record.signed_at, record.first_seen_at)
        periods = register_periods(earliest, grace_days)
        if periodo not in periods or not periods <= {periodo, *read_periods}:
            continue
        params: dict[str, ParamValue] = {
            "periodo": f"{month:02d}-{year}",
            "consultado": format_datetime(now),
        }
        evidence: dict[str, Any] = {"periodo": periodo, "consultado": now.isoformat()}
        if now - earliest >= dt.timedelta(days=grace_days):
            verdict = Verdict(
                VerdictKey.RCV, VerdictState.FALLA, Message("rcv.no_aparece", params), evidence
            )
        else:
            verdict = Verdict(
                VerdictKey.RCV,
                VerdictState.PENDIENTE,
                Message("rcv.aun_no_aparece", params),
                evidence,
            )
        current = store.verdicts(record.id).get(VerdictKey.RCV)
        # A document the SII may file under two periods keeps the first one that lacked it.
        if current is None or (current.state, current.message.code) != (
            verdict.state,
            verdict.message.code,
        ):
            replace_and_audit(store, company, actor, record.id, verdict, now)
        marked.append(record.id)
    return marked


def replace_and_audit(
    store: DocumentStore,
    company: Company,
    actor: audit.Actor,
    document_id: int,
    verdict: Verdict,
    now: dt.datetime,
) -> None:
    """Store a verdict for a document; audit it when it replaced a different one."""
    record = store.document(document_id)
    if record is None:
        return
    previous = store.replace_verdict(document_id, verdict, now)
    record.verdict_summary, record.failed_checks = summarize(store.verdicts(document_id))
    record.updated_at = now
    store.session.flush()
    if previous is None:
        return
    audit.append(
        store.session,
        company_id=company.id,
        actor=actor,
        action="veredicto.cambiado",
        at=now,
        document_id=document_id,
        evidence={
            "clave": verdict.key.value,
            "antes": previous.state.value,
            "despues": verdict.state.value,
            "codigo": verdict.message.code,
        },
    )
