"""Queries and writes of the risk engine for one company, inside the caller's transaction.

Reads: an emisor's documents, verdicts with the time they were stored, the copies of a
document, SII facts (RCV rows, registry events, decisions), the documents that references
name, and the company's settings. Writes: the findings of a document (kept by rule code, so
a dismissal survives re-evaluation), the document's risk level, dismissals and settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from cymadesk.models.inbox import Category
from cymadesk.models.message import Message
from cymadesk.models.risk import RiskFinding, RiskLevel, Severity, risk_level
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.storage.records import (
    AuditRecord,
    DecisionRecord,
    DocumentRecord,
    DocumentSourceRecord,
    RcvEntryRecord,
    RiskFindingRecord,
    SettingRecord,
    SiiEventRecord,
    SourceFileRecord,
    VerdictRecord,
)

# SQLite limits the number of bound parameters; ids go in chunks of this size.
CHUNK = 500
# Audit action of the SII sync's download of a period's whole purchase register.
REGISTER_READ_ACTION = "sii.rcv.descargado"

T = TypeVar("T")

Identity = tuple[str, int, str]
"""(RUT emisor, tipo, folio) as stored: canonical RUT, folio without leading zeros."""


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass(frozen=True, slots=True)
class TimedVerdict:
    verdict: Verdict
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PeerRow:
    """One stored document of an emisor as history rules need it, read without the ORM.

    ``failed`` is true when its signature or stamp verdict failed, and ``signer_rut`` and
    ``signer_name`` come from its certificate verdict.
    """

    id: int
    ambiente_key: str
    tipo: int
    folio: str
    category: str
    body_sha256: str
    monto_total: int | None
    moneda: str
    fecha_emision: dt.date | None
    signed_at: dt.datetime | None
    first_seen_at: dt.datetime
    source_file_id: int
    position: int
    failed: bool
    signer_rut: str | None
    signer_name: str | None


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """A decision on a document from any source: the company, the SII registry or the RCV."""

    action: str
    at: dt.datetime
    origin: str


class FindingStore:
    """The risk engine's access to one company's database, inside one session."""

    def __init__(self, session: Session, company_id: int) -> None:
        self.session = session
        self.company_id = company_id

    # Settings

    def settings(self, prefix: str = "risk.") -> dict[str, Any]:
        """Return the company's stored settings whose key starts with ``prefix``.

        Other keys (such as the certificate password kept in key-file mode) are never read.
        """
        rows = self.session.execute(
            select(SettingRecord.key, SettingRecord.value).where(
                SettingRecord.company_id == self.company_id,
                SettingRecord.key.startswith(prefix, autoescape=True),
            )
        )
        return {key: value for key, value in rows}

    def set_setting(self, key: str, value: Any, at: dt.datetime) -> Any:
        """Store a setting's value; return the value it replaced (None when it was unset)."""
        record = self.session.get(SettingRecord, (self.company_id, key))
        if record is None:
            self.session.add(
                SettingRecord(company_id=self.company_id, key=key, value=value, updated_at=at)
            )
            self.session.flush()
            return None
        previous = record.value
        record.value = value
        record.updated_at = at
        self.session.flush()
        return previous

    # Documents

    def document_ids(self) -> list[int]:
        return list(
            self.session.scalars(
                select(DocumentRecord.id)
                .where(DocumentRecord.company_id == self.company_id)
                .order_by(DocumentRecord.id)
            )
        )

    def documents(self, ids: Sequence[int]) -> list[DocumentRecord]:
        found: list[DocumentRecord] = []
        for chunk in _chunks(list(ids)):
            found.extend(
                self.session.scalars(
                    select(DocumentRecord).where(
                        DocumentRecord.company_id == self.company_id,
                        DocumentRecord.id.in_(chunk),
                    )
                )
            )
        return found

    def emisor_documents(self, rut_emisor: str) -> list[DocumentRecord]:
        """Every stored document of one emisor, in any category and environment."""
        return list(
            self.session.scalars(
                select(DocumentRecord).where(
                    DocumentRecord.company_id == self.company_id,
                    DocumentRecord.rut_emisor == rut_emisor,
                )
            )
        )

    def peer_rows(self, rut_emisor: str, *, limit: int | None = None) -> list[PeerRow]:
        """Return the stored documents of one emisor, in any category and environment, newest first.

        Newest means latest issue date, then latest signature (or arrival when unsigned),
        then latest stored. ``limit`` keeps only that many of the newest. One query with
        plain rows: an emisor may have thousands of documents, and this runs on every import.
        """
        failed = (
            select(VerdictRecord.id)
            .where(
                VerdictRecord.document_id == DocumentRecord.id,
                VerdictRecord.key.in_((VerdictKey.FIRMA.value, VerdictKey.TED.value)),
                VerdictRecord.state == VerdictState.FALLA.value,
            )
            .exists()
        )
        certificate = aliased(VerdictRecord)
        rows = self.session.execute(
            select(
                DocumentRecord.id,
                DocumentRecord.ambiente_key,
                DocumentRecord.tipo,
                DocumentRecord.folio,
                DocumentRecord.category,
                DocumentRecord.body_sha256,
                DocumentRecord.monto_total,
                DocumentRecord.moneda,
                DocumentRecord.fecha_emision,
                DocumentRecord.signed_at,
                DocumentRecord.first_seen_at,
                DocumentRecord.source_file_id,
                DocumentRecord.position,
                failed.label("failed"),
                certificate.evidence["rut_titular"].as_string().label("signer_rut"),
                certificate.evidence["titular"].as_string().label("signer_name"),
            )
            .outerjoin(
                certificate,
                and_(
                    certificate.document_id == DocumentRecord.id,
                    certificate.key == VerdictKey.CERTIFICADO.value,
                ),
            )
            .where(
                DocumentRecord.company_id == self.company_id,
                DocumentRecord.rut_emisor == rut_emisor,
            )
            .order_by(
                DocumentRecord.fecha_emision.desc(),
                func.coalesce(DocumentRecord.signed_at, DocumentRecord.first_seen_at).desc(),
                DocumentRecord.id.desc(),
            )
            .limit(limit)
        )
        return [PeerRow(*tuple(row)) for row in rows]

    def earliest_issue_date(self) -> dt.date | None:
        """Return the oldest issue date among documents addressed to the company."""
        value = self.session.scalar(
            select(func.min(DocumentRecord.fecha_emision)).where(
                DocumentRecord.company_id == self.company_id,
                DocumentRecord.category == Category.INBOX.value,
            )
        )
        return value if isinstance(value, dt.date) else None

    def with_identities(self, identities: Iterable[Identity]) -> dict[Identity, DocumentRecord]:
        """Stored documents by (RUT emisor, tipo, folio); the first stored wins on conflicts."""
        wanted = sorted(set(identities))
        found: dict[Identity, DocumentRecord] = {}
        for chunk in _chunks(wanted):
            condition = or_(
                *(
                    and_(
                        DocumentRecord.rut_emisor == rut,
                        DocumentRecord.tipo == tipo,
                        DocumentRecord.folio == folio,
                    )
                    for rut, tipo, folio in chunk
                )
            )
            records = self.session.scalars(
                select(DocumentRecord)
                .where(DocumentRecord.company_id == self.company_id, condition)
                .order_by(DocumentRecord.id)
            )
            for record in records:
                found.setdefault((record.rut_emisor, record.tipo, record.folio), record)
        return found

    def source_data(self, source_file_id: int) -> bytes | None:
        data = self.session.scalar(
            select(SourceFileRecord.data).where(
                SourceFileRecord.company_id == self.company_id,
                SourceFileRecord.id == source_file_id,
            )
        )
        return bytes(data) if data is not None else None

    def arrivals(self, ids: Sequence[int]) -> dict[int, list[tuple[str, dt.datetime]]]:
        """Return each document's copies as (file name, arrival time), oldest first."""
        result: dict[int, list[tuple[str, dt.datetime]]] = {identifier: [] for identifier in ids}
        for chunk in _chunks(list(ids)):
            rows = self.session.execute(
                select(
                    DocumentSourceRecord.document_id,
                    SourceFileRecord.name,
                    DocumentSourceRecord.arrived_at,
                )
                .join(SourceFileRecord, SourceFileRecord.id == DocumentSourceRecord.source_file_id)
                .where(
                    DocumentSourceRecord.company_id == self.company_id,
                    DocumentSourceRecord.document_id.in_(chunk),
                )
                .order_by(DocumentSourceRecord.arrived_at, DocumentSourceRecord.id)
            )
            for document_id, name, arrived_at in rows:
                result[document_id].append((name, arrived_at))
        return result

    # Verdicts

    def verdicts(
        self, ids: Sequence[int], keys: Iterable[VerdictKey] | None = None
    ) -> dict[int, dict[VerdictKey, TimedVerdict]]:
        """Stored verdicts by document and key, with the time each was stored."""
        result: dict[int, dict[VerdictKey, TimedVerdict]] = {identifier: {} for identifier in ids}
        key_values = [key.value for key in keys] if keys is not None else None
        for chunk in _chunks(list(ids)):
            query = select(VerdictRecord).where(
                VerdictRecord.company_id == self.company_id,
                VerdictRecord.document_id.in_(chunk),
            )
            if key_values is not None:
                query = query.where(VerdictRecord.key.in_(key_values))
            for record in self.session.scalars(query):
                verdict = Verdict(
                    VerdictKey(record.key),
                    VerdictState(record.state),
                    Message(record.code, dict(record.params)),
                    dict(record.evidence),
                )
                result[record.document_id][verdict.key] = TimedVerdict(verdict, record.updated_at)
        return result

    # SII facts

    def rcv_entries(self, identities: Iterable[Identity]) -> dict[Identity, RcvEntryRecord]:
        wanted = sorted(set(identities))
        found: dict[Identity, RcvEntryRecord] = {}
        for chunk in _chunks(wanted):
            condition = or_(
                *(
                    and_(
                        RcvEntryRecord.rut_emisor == rut,
                        RcvEntryRecord.tipo == tipo,
                        RcvEntryRecord.folio == folio,
                    )
                    for rut, tipo, folio in chunk
                )
            )
            for entry in self.session.scalars(
                select(RcvEntryRecord).where(
                    RcvEntryRecord.company_id == self.company_id, condition
                )
            ):
                found[(entry.rut_emisor, entry.tipo, entry.folio)] = entry
        return found

    def register_only(self) -> list[RcvEntryRecord]:
        """RCV rows with no stored document of the same emisor, type and folio."""
        stored = (
            select(DocumentRecord.id)
            .where(
                DocumentRecord.company_id == self.company_id,
                DocumentRecord.rut_emisor == RcvEntryRecord.rut_emisor,
                DocumentRecord.tipo == RcvEntryRecord.tipo,
                DocumentRecord.folio == RcvEntryRecord.folio,
            )
            .exists()
        )
        return list(
            self.session.scalars(
                select(RcvEntryRecord)
                .where(RcvEntryRecord.company_id == self.company_id, ~stored)
                .order_by(RcvEntryRecord.received_at, RcvEntryRecord.id)
            )
        )

    def decisions(
        self, records: Sequence[DocumentRecord], now: dt.datetime
    ) -> dict[int, list[DecisionFact]]:
        """Return every known decision per document, oldest first.

        Sources: the company's own decisions (unless the SII rejected them), acceptance and
        claim events of the SII registry, the RCV's acuse and reclamo times, and tacit
        acceptance once an undecided document's deadline has passed before ``now``.
        """
        result: dict[int, list[DecisionFact]] = {record.id: [] for record in records}
        ids = [record.id for record in records]
        for chunk in _chunks(ids):
            rows = self.session.execute(
                select(
                    DecisionRecord.document_id, DecisionRecord.action, DecisionRecord.decided_at
                ).where(
                    DecisionRecord.company_id == self.company_id,
                    DecisionRecord.document_id.in_(chunk),
                    DecisionRecord.state != "rechazada",
                )
            )
            for document_id, action, decided_at in rows:
                result[document_id].append(DecisionFact(action, decided_at, "empresa"))

        identities = {
            (record.rut_emisor, record.tipo, record.folio): record.id for record in records
        }
        for (rut, tipo, folio), event in self._events(identities):
            if event.occurred_at is None:
                continue
            document_id = identities[(rut, tipo, folio)]
            result[document_id].append(DecisionFact(event.code, event.occurred_at, "registro_sii"))
        for identity, entry in self.rcv_entries(identities).items():
            document_id = identities[identity]
            if entry.acuse_at is not None:
                result[document_id].append(DecisionFact("ACD", entry.acuse_at, "rcv"))
            if entry.reclamo_at is not None:
                result[document_id].append(DecisionFact("RCD", entry.reclamo_at, "rcv"))

        for record in records:
            facts = result[record.id]
            if (
                not facts
                and record.decision_state == "pendiente"
                and record.deadline_at is not None
                and record.deadline_at <= now
            ):
                facts.append(DecisionFact("TACITA", record.deadline_at, "plazo"))
            facts.sort(key=lambda fact: fact.at)
        return result

    def _events(
        self, identities: Mapping[Identity, int]
    ) -> Iterator[tuple[Identity, SiiEventRecord]]:
        decisive = ("ACD", "ERM", "RCD", "RFP", "RFT")
        for chunk in _chunks(sorted(identities)):
            condition = or_(
                *(
                    and_(
                        SiiEventRecord.rut_emisor == rut,
                        SiiEventRecord.tipo == tipo,
                        SiiEventRecord.folio == folio,
                    )
                    for rut, tipo, folio in chunk
                )
            )
            for event in self.session.scalars(
                select(SiiEventRecord).where(
                    SiiEventRecord.company_id == self.company_id,
                    SiiEventRecord.code.in_(decisive),
                    SiiEventRecord.occurred_at.is_not(None),
                    condition,
                )
            ):
                yield (event.rut_emisor, event.tipo, event.folio), event

    def register_reads(self) -> dict[str, dt.datetime]:
        """Return when the SII sync last downloaded the whole purchase register, by period.

        The sync writes an audit entry ``REGISTER_READ_ACTION`` with the period (``YYYYMM``)
        each time it fetches a period's register in every estado.
        """
        reads: dict[str, dt.datetime] = {}
        rows = self.session.execute(
            select(AuditRecord.evidence, AuditRecord.at).where(
                AuditRecord.company_id == self.company_id,
                AuditRecord.action == REGISTER_READ_ACTION,
            )
        )
        for evidence, at in rows:
            period = str((evidence or {}).get("periodo", "")).replace("-", "")
            if len(period) == 6 and period.isdigit():
                reads[period] = max(at, reads.get(period, at))
        return reads

    # Findings

    def findings(self, document_id: int) -> list[RiskFindingRecord]:
        return list(
            self.session.scalars(
                select(RiskFindingRecord).where(
                    RiskFindingRecord.company_id == self.company_id,
                    RiskFindingRecord.document_id == document_id,
                )
            )
        )

    def replace_findings(
        self, document_id: int, findings: Sequence[RiskFinding], at: dt.datetime
    ) -> RiskLevel:
        """Make the stored findings of a document those given, and update its risk level.

        A finding keeps its row (creation time and dismissal) while its rule still fires. A
        finding whose rule no longer fires is deleted, unless it was dismissed: then it stays,
        so the dismissal remains on record. Return the document's new level.
        """
        stored = {record.code: record for record in self.findings(document_id)}
        new_codes = {finding.code for finding in findings}
        for finding in findings:
            values = {
                "severity": finding.severity.value,
                "params": dict(finding.explanation.params),
                "evidence": dict(finding.evidence),
            }
            record = stored.get(finding.code)
            if record is None:
                self.session.add(
                    RiskFindingRecord(
                        company_id=self.company_id,
                        document_id=document_id,
                        code=finding.code,
                        created_at=at,
                        **values,
                    )
                )
                continue
            for name, value in values.items():
                if getattr(record, name) != value:
                    setattr(record, name, value)
        stale = [
            record.id
            for code, record in stored.items()
            if code not in new_codes and record.dismissed_at is None
        ]
        if stale:
            self.session.execute(
                delete(RiskFindingRecord)
                .where(RiskFindingRecord.id.in_(stale))
                .execution_options(synchronize_session=False)
            )
        self.session.flush()
        return self.update_level(document_id)

    def update_level(self, document_id: int) -> RiskLevel:
        """Recompute the document's level from its active findings of rules still firing."""
        records = self.findings(document_id)
        level = risk_level(_level_view(record) for record in records)
        self.session.execute(
            update(DocumentRecord)
            .where(DocumentRecord.company_id == self.company_id, DocumentRecord.id == document_id)
            .values(risk_level=level.value)
            .execution_options(synchronize_session=False)
        )
        return level

    def dismiss(
        self, document_id: int, code: str, *, reason: str, by: str, at: dt.datetime
    ) -> RiskFindingRecord | None:
        """Mark a document's finding as dismissed; None when it has no finding of that code.

        The caller updates the document's level (``update_level``) once its changes are done.
        """
        record = self.session.scalar(
            select(RiskFindingRecord).where(
                RiskFindingRecord.company_id == self.company_id,
                RiskFindingRecord.document_id == document_id,
                RiskFindingRecord.code == code,
            )
        )
        if record is None:
            return None
        record.dismissed_at = at
        record.dismissed_by = by
        record.dismissed_reason = reason
        self.session.flush()
        return record


def _level_view(record: RiskFindingRecord) -> RiskFinding:
    return RiskFinding(
        code=record.code,
        severity=Severity(record.severity),
        explanation=Message(f"riesgo.{record.code}"),
        dismissed_at=record.dismissed_at,
    )
