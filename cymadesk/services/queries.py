"""Read-side use cases: the inbox views, their counts and one document in detail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from cymadesk.models.document import Document
from cymadesk.models.inbox import InboxRow, UnprocessableItem, View
from cymadesk.models.message import Message
from cymadesk.models.risk import RiskFinding, RiskLevel, Severity
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.sii.envelope import split
from cymadesk.sii.parse import parse_document
from cymadesk.sii.xmlload import decode_for_display, load_xml
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore, inbox_row
from cymadesk.storage.records import (
    DocumentRecord,
    RcvEntryRecord,
    RiskFindingRecord,
    SiiEventRecord,
    SourceFileRecord,
    VerdictRecord,
)


@dataclass(frozen=True, slots=True)
class SiiEvent:
    code: str
    description: str | None
    rut_responsable: str | None
    occurred_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SourceArrival:
    name: str
    file_class: str
    arrived_at: dt.datetime
    source_file_id: int


@dataclass(frozen=True, slots=True)
class RcvInfo:
    estado: str
    received_at: dt.datetime | None
    acuse_at: dt.datetime | None
    reclamo_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document with its verdicts and findings, as listings show it."""

    row: InboxRow
    file_name: str
    file_class: str
    verdicts: dict[VerdictKey, Verdict]
    findings: tuple[RiskFinding, ...]

    @property
    def risk_level(self) -> RiskLevel:
        return self.row.risk_level


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """Everything the detail pane shows about one document."""

    stored: StoredDocument
    document: Document
    original_bytes: bytes
    events: tuple[SiiEvent, ...] = ()
    sources: tuple[SourceArrival, ...] = ()
    rcv: RcvInfo | None = None
    referenced_ids: dict[int, int] = field(default_factory=dict)

    def original_text(self) -> str:
        """Return the original bytes decoded as the file declares them."""
        return decode_for_display(self.original_bytes)


_SEVERITY_ORDER = {Severity.ALTA: 0, Severity.MEDIA: 1, Severity.BAJA: 2}


def first_arrival(detail: DocumentDetail) -> SourceArrival | None:
    """Return the file in which the document first arrived, or None if it has no file."""
    return min(detail.sources, key=lambda source: source.arrived_at, default=None)


def _arrival_order(detail: DocumentDetail) -> tuple[bool, dt.datetime, int]:
    arrival = first_arrival(detail)
    if arrival is None:
        return (True, dt.datetime.min.replace(tzinfo=dt.UTC), detail.stored.row.id)
    return (False, arrival.arrived_at, detail.stored.row.id)


def _finding_order(finding: RiskFinding) -> tuple[int, str]:
    """Sort findings most severe first, then by code."""
    return _SEVERITY_ORDER.get(finding.severity, len(_SEVERITY_ORDER)), finding.code


def finding_from_record(record: RiskFindingRecord) -> RiskFinding:
    return RiskFinding(
        code=record.code,
        severity=Severity(record.severity),
        explanation=Message(f"riesgo.{record.code}", dict(record.params)),
        evidence=dict(record.evidence),
        dismissed_at=record.dismissed_at,
        dismissed_by=record.dismissed_by,
        dismissed_reason=record.dismissed_reason,
    )


class CompanyQueries:
    """Read-only queries over one open company."""

    def __init__(self, opened: OpenCompany, clock: Callable[[], dt.datetime]) -> None:
        self.company = opened.company
        self.database = opened.database
        self.clock = clock

    def rows(
        self, view: View, *, search: str | None = None, limit: int | None = None
    ) -> list[InboxRow]:
        with self.database.read() as session:
            store = DocumentStore(session, self.company.id)
            return store.rows(view, now=self.clock(), search=search, limit=limit)

    def counts(self) -> dict[View, int]:
        now = self.clock()
        with self.database.read() as session:
            store = DocumentStore(session, self.company.id)
            return {view: store.count(view, now=now) for view in View}

    def unprocessable(self) -> list[UnprocessableItem]:
        with self.database.read() as session:
            return DocumentStore(session, self.company.id).unprocessable()

    def stored(self, view: View, *, search: str | None = None) -> list[StoredDocument]:
        """Documents of a view with their verdicts and findings (three queries in all)."""
        with self.database.read() as session:
            store = DocumentStore(session, self.company.id)
            rows = store.rows(view, now=self.clock(), search=search)
            return self._with_details(store, rows)

    def _with_details(self, store: DocumentStore, rows: Sequence[InboxRow]) -> list[StoredDocument]:
        session = store.session
        ids = [row.id for row in rows]
        verdicts: dict[int, dict[VerdictKey, Verdict]] = {identifier: {} for identifier in ids}
        findings: dict[int, list[RiskFinding]] = {identifier: [] for identifier in ids}
        files: dict[int, tuple[str, str]] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            for record in session.scalars(
                select(VerdictRecord).where(
                    VerdictRecord.company_id == self.company.id,
                    VerdictRecord.document_id.in_(chunk),
                )
            ):
                verdicts[record.document_id][VerdictKey(record.key)] = Verdict(
                    VerdictKey(record.key),
                    VerdictState(record.state),
                    Message(record.code, dict(record.params)),
                    dict(record.evidence),
                )
            for finding in session.scalars(
                select(RiskFindingRecord).where(
                    RiskFindingRecord.company_id == self.company.id,
                    RiskFindingRecord.document_id.in_(chunk),
                )
            ):
                findings[finding.document_id].append(finding_from_record(finding))
            for document_id, name, file_class in session.execute(
                select(DocumentRecord.id, SourceFileRecord.name, SourceFileRecord.file_class)
                .join(SourceFileRecord, SourceFileRecord.id == DocumentRecord.source_file_id)
                .where(DocumentRecord.id.in_(chunk))
            ):
                files[document_id] = (name, file_class)
        return [
            StoredDocument(
                row=row,
                file_name=files.get(row.id, ("", ""))[0],
                file_class=files.get(row.id, ("", ""))[1],
                verdicts=verdicts[row.id],
                findings=tuple(sorted(findings[row.id], key=_finding_order)),
            )
            for row in rows
        ]

    def find(self, emisor: Rut, tipo: int, folio: str) -> list[DocumentDetail]:
        """Return every stored document with this RUT emisor, type and folio (conflicts too).

        The versions come in order of arrival, oldest first: by the first file each arrived in,
        then by storage order.
        """
        with self.database.read() as session:
            store = DocumentStore(session, self.company.id)
            records = store.find(emisor.canonical, tipo, folio.lstrip("0") or "0")
            details = [self._detail(store, record.id) for record in records]
        return sorted(details, key=_arrival_order)

    def detail(self, document_id: int) -> DocumentDetail:
        with self.database.read() as session:
            return self._detail(DocumentStore(session, self.company.id), document_id)

    def _detail(self, store: DocumentStore, document_id: int) -> DocumentDetail:
        record = store.document(document_id)
        if record is None:
            raise LookupError(f"document {document_id} not found")
        stored = self._with_details(store, [inbox_row(record)])[0]
        data = store.source_data(record.source_file_id)
        document = _parse_position(data, record.position)
        session = store.session
        events = tuple(
            SiiEvent(event.code, event.description, event.rut_responsable, event.occurred_at)
            for event in session.scalars(
                select(SiiEventRecord)
                .where(
                    SiiEventRecord.company_id == self.company.id,
                    SiiEventRecord.rut_emisor == record.rut_emisor,
                    SiiEventRecord.tipo == record.tipo,
                    SiiEventRecord.folio == record.folio,
                )
                .order_by(SiiEventRecord.occurred_at)
            )
        )
        sources = tuple(
            SourceArrival(source.name, source.file_class, link.arrived_at, source.id)
            for link, source in store.sources_of(document_id)
        )
        rcv_record = session.scalar(
            select(RcvEntryRecord).where(
                RcvEntryRecord.company_id == self.company.id,
                RcvEntryRecord.rut_emisor == record.rut_emisor,
                RcvEntryRecord.tipo == record.tipo,
                RcvEntryRecord.folio == record.folio,
            )
        )
        rcv = (
            RcvInfo(
                rcv_record.estado,
                rcv_record.received_at,
                rcv_record.acuse_at,
                rcv_record.reclamo_at,
            )
            if rcv_record is not None
            else None
        )
        referenced: dict[int, int] = {}
        for index, reference in enumerate(document.references):
            if reference.dte_type is None or not reference.folio:
                continue
            rut = reference.other_rut or record.rut_emisor
            found = store.find(rut, int(reference.dte_type), reference.folio.lstrip("0") or "0")
            if found:
                referenced[index] = found[0].id
        return DocumentDetail(stored, document, data, events, sources, rcv, referenced)


def _parse_position(data: bytes, position: int) -> Document:
    parts = split(load_xml(data).root)
    return parse_document(parts.dte_elements[position])
