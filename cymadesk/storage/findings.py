"""Queries and writes of the risk engine for one company, inside the caller's transaction.

Reads: an emisor's documents, verdicts with the time they were stored, the copies of a
document, SII facts (RCV rows, registry events, decisions), the documents that references
name, and the company's settings. Writes: the findings of a document (kept by rule code, so
a dismissal survives re-evaluation), the document's risk level, dismissals and settings.

The engine runs inside every file's import, so the statements it runs each time are built
once here with bound parameters: building and compiling a statement costs more than SQLite
takes to run it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
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


def _ids() -> Any:
    return bindparam("ids", expanding=True)


def _keys() -> Any:
    return bindparam("keys", expanding=True)


_COMPANY: Any = bindparam("company_id")

_SETTINGS = select(SettingRecord.key, SettingRecord.value).where(
    SettingRecord.company_id == _COMPANY,
    SettingRecord.key.startswith(bindparam("prefix")),
)
_DOCUMENTS = select(DocumentRecord).where(
    DocumentRecord.company_id == _COMPANY, DocumentRecord.id.in_(_ids())
)


def _one_of(column: Any, *values: str) -> Any:
    # Equalities, not IN: SQLAlchemy expands an IN list again on every execution.
    return or_(*(column == value for value in values))


_FAILED = (
    select(VerdictRecord.id)
    .where(
        VerdictRecord.document_id == DocumentRecord.id,
        _one_of(VerdictRecord.key, VerdictKey.FIRMA.value, VerdictKey.TED.value),
        VerdictRecord.state == VerdictState.FALLA.value,
    )
    .exists()
)
_CERTIFICATE = aliased(VerdictRecord)
_PEERS = (
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
        # Most documents have no failed check, so SQLite skips the verdict lookup for them.
        case((DocumentRecord.failed_checks == 0, False), else_=_FAILED).label("failed"),
        _CERTIFICATE.evidence["rut_titular"].as_string().label("signer_rut"),
        _CERTIFICATE.evidence["titular"].as_string().label("signer_name"),
    )
    .outerjoin(
        _CERTIFICATE,
        and_(
            _CERTIFICATE.document_id == DocumentRecord.id,
            _CERTIFICATE.key == VerdictKey.CERTIFICADO.value,
        ),
    )
    .where(DocumentRecord.company_id == _COMPANY, DocumentRecord.rut_emisor == bindparam("rut"))
    .order_by(
        DocumentRecord.fecha_emision.desc(),
        func.coalesce(DocumentRecord.signed_at, DocumentRecord.first_seen_at).desc(),
        DocumentRecord.id.desc(),
    )
    # SQLite reads a negative LIMIT as no limit.
    .limit(bindparam("limit", type_=Integer))
)
_EARLIEST = select(func.min(DocumentRecord.fecha_emision)).where(
    DocumentRecord.company_id == _COMPANY, DocumentRecord.category == Category.INBOX.value
)
_WITH_IDENTITIES = (
    select(DocumentRecord)
    .where(
        DocumentRecord.company_id == _COMPANY,
        tuple_(DocumentRecord.rut_emisor, DocumentRecord.tipo, DocumentRecord.folio).in_(_keys()),
    )
    .order_by(DocumentRecord.id)
)
_SOURCE = select(SourceFileRecord.data).where(
    SourceFileRecord.company_id == _COMPANY, SourceFileRecord.id == bindparam("source_id")
)
_ARRIVALS = (
    select(DocumentSourceRecord.document_id, SourceFileRecord.name, DocumentSourceRecord.arrived_at)
    .join(SourceFileRecord, SourceFileRecord.id == DocumentSourceRecord.source_file_id)
    .where(
        DocumentSourceRecord.company_id == _COMPANY, DocumentSourceRecord.document_id.in_(_ids())
    )
    .order_by(DocumentSourceRecord.arrived_at, DocumentSourceRecord.id)
)
_DISMISSED = select(RiskFindingRecord.document_id, RiskFindingRecord.code).where(
    RiskFindingRecord.company_id == _COMPANY,
    RiskFindingRecord.document_id.in_(_ids()),
    RiskFindingRecord.dismissed_at.is_not(None),
)
_VERDICTS = select(
    VerdictRecord.document_id,
    VerdictRecord.key,
    VerdictRecord.state,
    VerdictRecord.code,
    VerdictRecord.params,
    VerdictRecord.evidence,
    VerdictRecord.updated_at,
).where(VerdictRecord.company_id == _COMPANY, VerdictRecord.document_id.in_(_ids()))
_VERDICTS_OF_KEYS = _VERDICTS.where(
    VerdictRecord.key.in_(bindparam("verdict_keys", expanding=True))
)
_RCV = select(RcvEntryRecord).where(
    RcvEntryRecord.company_id == _COMPANY,
    tuple_(RcvEntryRecord.rut_emisor, RcvEntryRecord.tipo, RcvEntryRecord.folio).in_(_keys()),
)
_DECISIONS = select(
    DecisionRecord.document_id, DecisionRecord.action, DecisionRecord.decided_at
).where(
    DecisionRecord.company_id == _COMPANY,
    DecisionRecord.document_id.in_(_ids()),
    DecisionRecord.state != "rechazada",
)
_EVENTS = select(SiiEventRecord).where(
    SiiEventRecord.company_id == _COMPANY,
    _one_of(SiiEventRecord.code, "ACD", "ERM", "RCD", "RFP", "RFT"),
    SiiEventRecord.occurred_at.is_not(None),
    tuple_(SiiEventRecord.rut_emisor, SiiEventRecord.tipo, SiiEventRecord.folio).in_(_keys()),
)
_REGISTER_READS = select(AuditRecord.evidence, AuditRecord.at).where(
    AuditRecord.company_id == _COMPANY, AuditRecord.action == REGISTER_READ_ACTION
)
_STORED_FINDINGS = select(
    RiskFindingRecord.id,
    RiskFindingRecord.code,
    RiskFindingRecord.severity,
    RiskFindingRecord.params,
    RiskFindingRecord.evidence,
    RiskFindingRecord.dismissed_at,
).where(
    RiskFindingRecord.company_id == _COMPANY,
    RiskFindingRecord.document_id == bindparam("document_id"),
)
_FINDINGS = select(RiskFindingRecord).where(
    RiskFindingRecord.company_id == _COMPANY,
    RiskFindingRecord.document_id == bindparam("document_id"),
)
# An UPDATE reserves bind names equal to column names, hence the prefixed names.
_SET_LEVEL = (
    update(DocumentRecord)
    .where(
        DocumentRecord.company_id == bindparam("b_company_id"),
        DocumentRecord.id == bindparam("b_document_id"),
    )
    .values(risk_level=bindparam("b_level"))
    .execution_options(synchronize_session=False)
)


class FindingStore:
    """The risk engine's access to one company's database, inside one session."""

    def __init__(self, session: Session, company_id: int) -> None:
        self.session = session
        self.company_id = company_id

    def _params(self, **values: Any) -> dict[str, Any]:
        return {"company_id": self.company_id, **values}

    # Settings

    def settings(self, prefix: str = "risk.") -> dict[str, Any]:
        """Return the company's stored settings whose key starts with ``prefix``.

        Other keys (such as the certificate password kept in key-file mode) are never read.
        """
        rows = self.session.execute(_SETTINGS, self._params(prefix=prefix))
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
            found.extend(self.session.scalars(_DOCUMENTS, self._params(ids=list(chunk))))
        return found

    def peer_rows(self, rut_emisor: str, *, limit: int | None = None) -> list[PeerRow]:
        """Return one emisor's stored documents, in any category and environment, newest first.

        Newest means latest issue date, then latest signature (or arrival when unsigned),
        then latest stored. ``limit`` keeps only that many of the newest. One query with
        plain rows: an emisor may have thousands of documents, and this runs on every import.
        """
        params = self._params(rut=rut_emisor, limit=-1 if limit is None else limit)
        return [PeerRow(*tuple(row)) for row in self.session.execute(_PEERS, params)]

    def earliest_issue_date(self) -> dt.date | None:
        """Return the oldest issue date among documents addressed to the company."""
        value = self.session.scalar(_EARLIEST, self._params())
        return value if isinstance(value, dt.date) else None

    def with_identities(self, identities: Iterable[Identity]) -> dict[Identity, DocumentRecord]:
        """Return stored documents by (RUT emisor, tipo, folio); the first stored wins."""
        found: dict[Identity, DocumentRecord] = {}
        for chunk in _chunks(sorted(set(identities))):
            records = self.session.scalars(_WITH_IDENTITIES, self._params(keys=list(chunk)))
            for record in records:
                found.setdefault((record.rut_emisor, record.tipo, record.folio), record)
        return found

    def source_data(self, source_file_id: int) -> bytes | None:
        data = self.session.scalar(_SOURCE, self._params(source_id=source_file_id))
        return bytes(data) if data is not None else None

    def arrivals(self, ids: Sequence[int]) -> dict[int, list[tuple[str, dt.datetime]]]:
        """Return each document's copies as (file name, arrival time), oldest first."""
        result: dict[int, list[tuple[str, dt.datetime]]] = {identifier: [] for identifier in ids}
        for chunk in _chunks(list(ids)):
            for document_id, name, arrived_at in self.session.execute(
                _ARRIVALS, self._params(ids=list(chunk))
            ):
                result[document_id].append((name, arrived_at))
        return result

    def dismissed_codes(self, ids: Sequence[int]) -> dict[int, frozenset[str]]:
        """Return the codes of each document's dismissed findings."""
        found: dict[int, set[str]] = {identifier: set() for identifier in ids}
        for chunk in _chunks(list(ids)):
            for document_id, code in self.session.execute(
                _DISMISSED, self._params(ids=list(chunk))
            ):
                found[document_id].add(code)
        return {identifier: frozenset(codes) for identifier, codes in found.items()}

    # Verdicts

    def verdicts(
        self, ids: Sequence[int], keys: Iterable[VerdictKey] | None = None
    ) -> dict[int, dict[VerdictKey, TimedVerdict]]:
        """Return stored verdicts by document and key, with the time each was stored."""
        result: dict[int, dict[VerdictKey, TimedVerdict]] = {identifier: {} for identifier in ids}
        for chunk in _chunks(list(ids)):
            if keys is None:
                rows = self.session.execute(_VERDICTS, self._params(ids=list(chunk)))
            else:
                params = self._params(ids=list(chunk), verdict_keys=[key.value for key in keys])
                rows = self.session.execute(_VERDICTS_OF_KEYS, params)
            for document_id, key, state, code, params_, evidence, updated_at in rows:
                verdict = Verdict(
                    VerdictKey(key),
                    VerdictState(state),
                    Message(code, dict(params_ or {})),
                    dict(evidence or {}),
                )
                result[document_id][verdict.key] = TimedVerdict(verdict, updated_at)
        return result

    # SII facts

    def rcv_entries(self, identities: Iterable[Identity]) -> dict[Identity, RcvEntryRecord]:
        found: dict[Identity, RcvEntryRecord] = {}
        for chunk in _chunks(sorted(set(identities))):
            for entry in self.session.scalars(_RCV, self._params(keys=list(chunk))):
                found[(entry.rut_emisor, entry.tipo, entry.folio)] = entry
        return found

    def has_register_rows(self) -> bool:
        """Tell whether any RCV row (from the SII or a CSV export) is stored."""
        found = self.session.scalar(
            select(RcvEntryRecord.id).where(RcvEntryRecord.company_id == self.company_id).limit(1)
        )
        return found is not None

    def register_only(self) -> list[RcvEntryRecord]:
        """Return the RCV rows with no stored document of the same emisor, type and folio."""
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
        self,
        records: Sequence[DocumentRecord],
        now: dt.datetime,
        rcv: Mapping[Identity, RcvEntryRecord] | None = None,
    ) -> dict[int, list[DecisionFact]]:
        """Return every known decision per document, oldest first.

        Sources: the company's own decisions (unless the SII rejected them), acceptance and
        claim events of the SII registry, the RCV's acuse and reclamo times, and tacit
        acceptance once an undecided document's deadline has passed before ``now``. ``rcv``
        passes the documents' RCV rows when the caller has read them already.
        """
        result: dict[int, list[DecisionFact]] = {record.id: [] for record in records}
        for chunk in _chunks([record.id for record in records]):
            for document_id, action, decided_at in self.session.execute(
                _DECISIONS, self._params(ids=list(chunk))
            ):
                result[document_id].append(DecisionFact(action, decided_at, "empresa"))

        identities = {_identity(record): record.id for record in records}
        for keys in _chunks(sorted(identities)):
            for event in self.session.scalars(_EVENTS, self._params(keys=list(keys))):
                if event.occurred_at is not None:
                    document_id = identities[(event.rut_emisor, event.tipo, event.folio)]
                    result[document_id].append(
                        DecisionFact(event.code, event.occurred_at, "registro_sii")
                    )
        entries = rcv if rcv is not None else self.rcv_entries(identities)
        for identity, document_id in identities.items():
            entry = entries.get(identity)
            if entry is not None and entry.acuse_at is not None:
                result[document_id].append(DecisionFact("ACD", entry.acuse_at, "rcv"))
            if entry is not None and entry.reclamo_at is not None:
                result[document_id].append(DecisionFact("RCD", entry.reclamo_at, "rcv"))

        for record in records:
            facts = result[record.id]
            # "aceptado" without any fact is the tacit acceptance an RCV row under REGISTRO
            # showed (see rcv_entries), so it gets the same fact as a deadline passed here.
            if (
                not facts
                and record.decision_state in ("pendiente", "aceptado")
                and record.deadline_at is not None
                and record.deadline_at <= now
            ):
                facts.append(DecisionFact("TACITA", record.deadline_at, "plazo"))
            facts.sort(key=lambda fact: fact.at)
        return result

    def register_reads(self) -> dict[str, dt.datetime]:
        """Return when the SII sync last downloaded the whole purchase register, by period.

        The sync writes an audit entry ``REGISTER_READ_ACTION`` with the period (``YYYYMM``)
        each time it fetches a period's register in every estado.
        """
        reads: dict[str, dt.datetime] = {}
        for evidence, at in self.session.execute(_REGISTER_READS, self._params()):
            period = str((evidence or {}).get("periodo", "")).replace("-", "")
            if len(period) == 6 and period.isdigit():
                reads[period] = max(at, reads.get(period, at))
        return reads

    # Findings

    def findings(self, document_id: int) -> list[RiskFindingRecord]:
        return list(self.session.scalars(_FINDINGS, self._params(document_id=document_id)))

    def replace_findings(
        self, document_id: int, findings: Sequence[RiskFinding], at: dt.datetime
    ) -> RiskLevel:
        """Make the stored findings of a document those given, and update its risk level.

        A finding keeps its row (creation time and dismissal) while its rule still fires. A
        finding whose rule no longer fires is deleted, unless it was dismissed: then it stays,
        so the dismissal remains on record. Return the document's new level.
        """
        stored = {
            row.code: row
            for row in self.session.execute(_STORED_FINDINGS, self._params(document_id=document_id))
        }
        inserts: list[dict[str, Any]] = []
        for finding in findings:
            values = {
                "severity": finding.severity.value,
                "params": dict(finding.explanation.params),
                "evidence": dict(finding.evidence),
            }
            row = stored.get(finding.code)
            if row is None:
                inserts.append(
                    {
                        "company_id": self.company_id,
                        "document_id": document_id,
                        "code": finding.code,
                        "created_at": at,
                        **values,
                    }
                )
            elif (row.severity, row.params, row.evidence) != tuple(values.values()):
                self.session.execute(
                    update(RiskFindingRecord)
                    .where(RiskFindingRecord.id == row.id)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
        if inserts:
            self.session.execute(insert(RiskFindingRecord), inserts)
        new_codes = {finding.code for finding in findings}
        stale = [
            row.id
            for code, row in stored.items()
            if code not in new_codes and row.dismissed_at is None
        ]
        if stale:
            self.session.execute(
                delete(RiskFindingRecord)
                .where(RiskFindingRecord.id.in_(stale))
                .execution_options(synchronize_session=False)
            )
        # Dismissed findings of rules that no longer fire stay dismissed: they add nothing.
        level = risk_level(
            dataclasses.replace(
                finding,
                dismissed_at=stored[finding.code].dismissed_at if finding.code in stored else None,
            )
            for finding in findings
        )
        self._set_level(document_id, level)
        return level

    def update_level(self, document_id: int) -> RiskLevel:
        """Recompute the document's level from its stored findings not dismissed."""
        level = risk_level(_level_view(record) for record in self.findings(document_id))
        self._set_level(document_id, level)
        return level

    def _set_level(self, document_id: int, level: RiskLevel) -> None:
        params = {"b_company_id": self.company_id, "b_document_id": document_id}
        self.session.execute(_SET_LEVEL, {**params, "b_level": level.value})

    def dismiss(
        self, document_id: int, code: str, *, reason: str, by: str, at: dt.datetime
    ) -> RiskFindingRecord | None:
        """Mark a document's finding as dismissed; None when it has no finding of that code.

        The caller updates the document's level (``update_level``) once its changes are done.
        """
        record = next((item for item in self.findings(document_id) if item.code == code), None)
        if record is None:
            return None
        record.dismissed_at = at
        record.dismissed_by = by
        record.dismissed_reason = reason
        self.session.flush()
        return record


def _identity(record: DocumentRecord) -> Identity:
    return (record.rut_emisor, record.tipo, record.folio)


def _level_view(record: RiskFindingRecord) -> RiskFinding:
    return RiskFinding(
        code=record.code,
        severity=Severity(record.severity),
        explanation=Message(f"riesgo.{record.code}"),
        dismissed_at=record.dismissed_at,
    )
