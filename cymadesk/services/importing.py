"""The import pipeline: files, folders, zips and RCV exports into a company's database.

Each input file is one transaction: its bytes, every document in it, their verdicts, links and
findings are stored together or not at all. Importing the same bytes again changes nothing and
reports the file as repeated. A document already stored with the same body gets this file
linked as another copy. A different body under the same identity is stored too, and both are
flagged as conflicting.

Documents addressed to another RUT go to the "no corresponde" list; unreadable files and
documents without an identity go to "no procesables" with the reason. Verification runs before
the transaction, so the database is held only for the writes.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from cymadesk.models.company import Company
from cymadesk.models.deadline import compute_deadline
from cymadesk.models.document import Document
from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.message import Message
from cymadesk.models.money import iso_currency, minor_unit_digits
from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.services.inputs import InputFile, InputKind, InputLimits, iter_inputs
from cymadesk.services.rcv_entries import apply_rcv_entry, store_rcv_row
from cymadesk.sii.envelope import NotTaxDocument
from cymadesk.sii.rcv import RcvOperation, RcvRejected, RcvRow, parse_rcv_csv
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import DocumentReport, FileReport, verify_file
from cymadesk.sii.xmlload import XmlRejected
from cymadesk.storage import audit
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.database import driver_connection
from cymadesk.storage.documents import DocumentStore, Identity, ambiente_key, summarize
from cymadesk.storage.import_writes import ImportWriter
from cymadesk.storage.records import RcvEntryRecord

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


# Problems with a path rather than with a received file (a typo, a file locked for now). They
# are reported, but not kept in the "no procesables" list.
UNSTORED_PROBLEMS = frozenset({"entrada.no_encontrada", "entrada.ilegible"})

# Verdicts that depend on the copy (its signature and envelope), not on the body.
COPY_VERDICTS = (
    VerdictKey.FIRMA,
    VerdictKey.FIRMA_ENVIO,
    VerdictKey.CERTIFICADO,
    VerdictKey.ESQUEMA,
)


class FileResult(enum.StrEnum):
    """Outcome of one input file. The values are those of ``resultado`` in the JSON output."""

    IMPORTADO = "importado"
    VINCULADO = "vinculado"
    CONFLICTO = "conflicto"
    NO_CORRESPONDE = "no_corresponde"
    REPETIDO = "repetido"
    SIN_DOCUMENTOS = "sin_documentos"
    RCV = "rcv"
    NO_PROCESABLE = "no_procesable"


@dataclass(frozen=True, slots=True)
class FileOutcome:
    name: str
    result: FileResult
    documents: int = 0
    new: int = 0
    linked: int = 0
    conflicts: int = 0
    not_addressed: int = 0
    unprocessable: int = 0
    message: Message | None = None
    document_ids: tuple[int, ...] = ()

    @property
    def reason(self) -> Message | None:
        """The outcome's own message, else the standard reason of its result, if any."""
        return self.message or DEFAULT_REASONS.get(self.result)


# Reasons for the outcomes that carry no message of their own.
DEFAULT_REASONS = {
    FileResult.REPETIDO: Message("importar.repetido"),
    FileResult.VINCULADO: Message("importar.vinculado"),
    FileResult.CONFLICTO: Message("importar.conflicto"),
    FileResult.NO_CORRESPONDE: Message("importar.no_corresponde"),
}


@dataclass
class ImportSummary:
    """Totals of an import run, in the shape ``cymadesk importar --json`` prints."""

    files: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def new(self) -> int:
        return sum(outcome.new for outcome in self.files)

    @property
    def repeated(self) -> int:
        return sum(
            outcome.linked + (outcome.documents if outcome.result is FileResult.REPETIDO else 0)
            for outcome in self.files
        )

    @property
    def conflicts(self) -> int:
        return sum(outcome.conflicts for outcome in self.files)

    @property
    def not_addressed(self) -> int:
        return sum(outcome.not_addressed for outcome in self.files)

    @property
    def unprocessable(self) -> int:
        return sum(outcome.unprocessable for outcome in self.files)

    @property
    def rejected_any(self) -> bool:
        return any(outcome.result is FileResult.NO_PROCESABLE for outcome in self.files)


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Progress after each file: how many were handled, the current one and the errors so far."""

    done: int
    current: str
    errors: int
    total: int | None = None


class FindingsEvaluator(Protocol):
    """Evaluates risk rules for new or changed documents, inside the import's transaction."""

    def evaluate(
        self, session: Session, company: Company, document_ids: Sequence[int], now: dt.datetime
    ) -> None: ...


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def money_columns(document: Document) -> tuple[int | None, str, str | None]:
    """Return (amount as integer, ISO currency, original text) for storage.

    Pesos are stored as integers, other currencies as integer minor units with their text.
    """
    total = document.totals.mnt_total
    if document.tipo is not None and document.tipo.is_export:
        currency = iso_currency(document.totals.moneda_text) or "XXX"
        if total is None:
            return None, currency, document.totals.mnt_total_text
        minor = int((total * Decimal(10) ** minor_unit_digits(currency)).to_integral_value())
        return minor, currency, document.totals.mnt_total_text
    return (int(total) if total is not None else None), "CLP", document.totals.mnt_total_text


def _folio_number(folio: str) -> int | None:
    return int(folio) if folio.isdigit() and len(folio) <= 18 else None


class ImportService:
    """Imports files into one open company."""

    def __init__(
        self,
        opened: OpenCompany,
        *,
        policy: TrustPolicy,
        clock: Clock = _utc_now,
        limits: InputLimits | None = None,
        evaluator: FindingsEvaluator | None = None,
        actor: audit.Actor | None = None,
        channel: str = "importar",
    ) -> None:
        self.company = opened.company
        self.database = opened.database
        self.policy = policy
        self.clock = clock
        self.limits = limits or InputLimits()
        self.evaluator = evaluator
        self.actor = actor or audit.Actor.current()
        self.channel = channel

    def run(
        self,
        paths: Iterable[str],
        *,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        total: int | None = None,
    ) -> ImportSummary:
        """Import every file under ``paths``, stopping between files once ``cancelled()``."""
        summary = ImportSummary()
        errors = 0
        for item in iter_inputs(paths, self.limits):
            if cancelled():
                summary.cancelled = True
                logger.info("Import into company %s cancelled", self.company.rut.canonical)
                break
            outcome = self.import_input(item)
            summary.files.append(outcome)
            if outcome.result is FileResult.NO_PROCESABLE:
                errors += 1
            if progress is not None:
                progress(ImportProgress(len(summary.files), item.name, errors, total))
        return summary

    def import_input(self, item: InputFile) -> FileOutcome:
        """Import one input file in one transaction."""
        if item.sha256 is not None:
            repeated = self._repeated(item.name, item.sha256)
            if repeated is not None:
                return repeated
        if item.problem is not None or item.data is None:
            message = item.problem or Message("entrada.ilegible", {"detalle": ""})
            if message.code in UNSTORED_PROBLEMS:
                logger.warning("Skipped %s: %s", item.name, message.code)
                return FileOutcome(
                    item.name, FileResult.NO_PROCESABLE, unprocessable=1, message=message
                )
            return self._reject(item.name, None, message, sha256=item.sha256)
        data = item.data
        sha256 = item.sha256 or hashlib.sha256(data).hexdigest()
        if item.kind is InputKind.CSV:
            return self._import_rcv(item.name, data, sha256)
        try:
            report = verify_file(data, policy=self.policy, max_bytes=self.limits.max_file_bytes)
        except (XmlRejected, NotTaxDocument) as error:
            logger.warning("Rejected %s: %s", item.name, error)
            return self._reject(item.name, data, error.message, sha256=sha256)
        return self._store(item.name, data, sha256, report)

    def _repeated(self, name: str, sha256: str) -> FileOutcome | None:
        with self.database.reading_on_writer() as raw:
            known = ImportWriter(raw, self.company.id).known_file(sha256)
        if known is None:
            return None
        if known.rejection is not None:
            # Still unprocessable, for the same reason; the list keeps its first entry.
            return FileOutcome(
                name, FileResult.NO_PROCESABLE, unprocessable=1, message=known.rejection
            )
        return FileOutcome(name, FileResult.REPETIDO, documents=known.documents)

    def _reject(
        self, name: str, data: bytes | None, message: Message, *, sha256: str | None = None
    ) -> FileOutcome:
        with self.database.write_connection() as connection:
            _writer(connection, self.company.id, self.clock()).add_unprocessable(
                name=name,
                message=message,
                sha256=sha256,
                size=len(data) if data is not None else None,
            )
        return FileOutcome(name, FileResult.NO_PROCESABLE, unprocessable=1, message=message)

    # XML files

    def _store(self, name: str, data: bytes, sha256: str, report: FileReport) -> FileOutcome:
        now = self.clock()
        with (
            self.database.write_connection() as connection,
            _FileSession(connection, self.company.id) as orm,
        ):
            writer = _writer(connection, self.company.id, now)
            source_id = writer.add_source(
                sha256=sha256,
                data=data,
                name=name,
                origin=self.channel,
                file_class=report.file_class.value,
                encoding=report.encoding,
            )
            if not report.file_class.holds_documents or not report.documents:
                return FileOutcome(name, FileResult.SIN_DOCUMENTOS)
            tally = _Tally()
            for document_report in report.documents:
                self._store_document(writer, orm, source_id, name, document_report, now, tally)
            new_ids = tally.new_ids
            if self.evaluator is not None and (new_ids or tally.linked_ids):
                self.evaluator.evaluate(
                    orm.store.session, self.company, new_ids + tally.linked_ids, now
                )
            writer.append_audit(
                actor=self.actor,
                action="archivo.importado",
                evidence={"archivo": name, "sha256": sha256, "documentos": tally.entries},
            )
        return tally.outcome(name, len(report.documents))

    def _store_document(
        self,
        writer: ImportWriter,
        orm: _FileSession,
        source_id: int,
        name: str,
        report: DocumentReport,
        now: dt.datetime,
        tally: _Tally,
    ) -> None:
        document = report.document
        problem = _identity_problem(report)
        if problem is not None or document is None:
            writer.add_unprocessable(
                name=name,
                message=problem or Message("dte.sin_documento"),
                source_file_id=source_id,
                position=report.position,
            )
            tally.unprocessable += 1
            return

        emisor = document.emisor
        rut_emisor = emisor.rut.canonical if emisor.rut is not None else str(emisor.rut_text)
        tipo = int(document.id_doc.tipo_code or 0)
        folio = str(document.folio).lstrip("0") or "0"
        identity = Identity(ambiente_key(report.ambiente), rut_emisor, tipo, folio)
        stored = writer.stored_identity(identity)
        existing = stored.documents
        for existing_id, body_sha256 in existing:
            if body_sha256 == report.body_sha256:
                writer.link_source(existing_id, source_id, report.position, report.verdicts)
                self._promote_copy(orm.store, existing_id, source_id, report, now)
                tally.linked(existing_id, document, "vinculado")
                return

        receptor = document.receptor.rut
        addressed = receptor is not None and receptor == self.company.rut
        category = Category.INBOX if addressed else Category.NOT_ADDRESSED
        document_id = self._add_document(
            writer, identity, document, report, source_id, category, now
        )
        writer.link_source(document_id, source_id, report.position, report.verdicts)
        writer.add_verdicts(document_id, report.verdicts)
        if existing:
            writer.mark_conflict([existing_id for existing_id, _ in existing] + [document_id])
            tally.conflicts += 1
        if stored.in_rcv:
            self._link_rcv(orm.store, document_id, identity, now)
        if existing:
            result = "conflicto"
        elif addressed:
            result = "nuevo"
        else:
            result = "no_corresponde"
        tally.added(document_id, document, result, report.verdicts, addressed)

    def _promote_copy(
        self,
        store: DocumentStore,
        document_id: int,
        source_id: int,
        report: DocumentReport,
        now: dt.datetime,
    ) -> None:
        """Make a newly arrived copy the document's primary one if it proves more.

        Copies of one body can differ in their signatures (a portal download without its
        namespace, an envelope whose signer certificate was replaced). When the new copy
        passes a copy-specific check that the stored verdicts fail, its verdicts replace them,
        it becomes the copy the detail pane shows, and each change is audited.
        """
        stored = store.verdicts(document_id)
        improved = [
            key
            for key in COPY_VERDICTS
            if key in report.verdicts
            and report.verdicts[key].state is VerdictState.OK
            and stored.get(key) is not None
            and stored[key].state is VerdictState.FALLA
        ]
        record = store.document(document_id)
        if not improved or record is None:
            return
        for key in COPY_VERDICTS:
            verdict = report.verdicts.get(key)
            if verdict is None:
                continue
            previous = store.replace_verdict(record.id, verdict, now)
            if previous is not None:
                audit.append(
                    store.session,
                    company_id=self.company.id,
                    actor=self.actor,
                    action="veredicto.cambiado",
                    at=now,
                    document_id=record.id,
                    evidence={
                        "clave": key.value,
                        "antes": previous.state.value,
                        "despues": verdict.state.value,
                        "codigo": verdict.message.code,
                        "motivo": "copia_con_mejor_evidencia",
                    },
                )
        record.source_file_id = source_id
        record.position = report.position
        record.verdict_summary, record.failed_checks = summarize(store.verdicts(record.id))
        record.updated_at = now
        store.session.flush()

    def _add_document(
        self,
        writer: ImportWriter,
        identity: Identity,
        document: Document,
        report: DocumentReport,
        source_id: int,
        category: Category,
        now: dt.datetime,
    ) -> int:
        summary, failed = summarize(report.verdicts)
        amount, currency, amount_text = money_columns(document)
        # Only the receiver accepts or claims, so a document for another company has no
        # deadline here.
        addressed = category is Category.INBOX
        deadline = (
            compute_deadline(
                document.tipo, sii_received_at=None, signed_at=document.signed_at, arrived_at=now
            )
            if addressed
            else None
        )
        has_deadline = (
            addressed and document.tipo is not None and document.tipo.has_acceptance_deadline
        )
        receptor = document.receptor
        return writer.add_document(
            {
                "ambiente_key": identity.ambiente_key,
                "ambiente": report.ambiente.value if report.ambiente else None,
                "rut_emisor": identity.rut_emisor,
                "rut_emisor_valid": bool(document.emisor.rut and document.emisor.rut.is_valid),
                "razon_social_emisor": document.emisor.razon_social,
                "rut_receptor": receptor.rut.canonical if receptor.rut else receptor.rut_text,
                "razon_social_receptor": receptor.razon_social,
                "tipo": identity.tipo,
                "folio": identity.folio,
                "folio_number": _folio_number(identity.folio),
                "fecha_emision": document.fecha_emision,
                "monto_total": amount,
                "moneda": currency,
                "monto_texto": amount_text,
                "body_sha256": report.body_sha256 or "",
                "source_file_id": source_id,
                "position": report.position,
                "signed_at": document.signed_at,
                "category": category.value,
                "conflict": False,
                "read": False,
                "verdict_summary": summary,
                "failed_checks": failed,
                "risk_level": "sin_hallazgos",
                "sii_received_at": None,
                "deadline_at": deadline.due_at if deadline else None,
                "deadline_estimated": bool(deadline and deadline.estimated),
                "decision_state": (
                    DecisionState.PENDIENTE.value if has_deadline else DecisionState.SIN_PLAZO.value
                ),
            }
        )

    def _link_rcv(
        self, store: DocumentStore, document_id: int, identity: Identity, now: dt.datetime
    ) -> None:
        entry = store.session.scalar(
            select(RcvEntryRecord).where(
                RcvEntryRecord.company_id == self.company.id,
                RcvEntryRecord.rut_emisor == identity.rut_emisor,
                RcvEntryRecord.tipo == identity.tipo,
                RcvEntryRecord.folio == identity.folio,
            )
        )
        if entry is not None:
            entry.document_id = document_id
            apply_rcv_entry(store, document_id, entry, now, self.company, self.actor)

    # RCV exports

    def _import_rcv(self, name: str, data: bytes, sha256: str) -> FileOutcome:
        try:
            parsed = parse_rcv_csv(data)
        except RcvRejected as error:
            return self._reject(name, data, error.message, sha256=sha256)
        if parsed.operation is RcvOperation.VENTA:
            return self._reject(name, data, Message("rcv.csv_ventas"), sha256=sha256)
        now = self.clock()
        with self.database.write() as session:
            store = DocumentStore(session, self.company.id)
            store.add_source(
                sha256=sha256,
                data=data,
                name=name,
                origin=self.channel,
                file_class="RCV",
                encoding=None,
                at=now,
            )
            linked = 0
            matched: list[int] = []
            for row in parsed.rows:
                document_ids = self._upsert_rcv(store, row, now)
                if document_ids:
                    linked += 1
                    matched.extend(document_ids)
            for _, message in parsed.skipped:
                store.add_unprocessable(name=name, message=message, at=now)
            if self.evaluator is not None and matched:
                # The register's reception times and amounts feed the SII risk rules.
                self.evaluator.evaluate(session, self.company, matched, now)
            audit.append(
                session,
                company_id=self.company.id,
                actor=self.actor,
                action="rcv.importado",
                at=now,
                evidence={
                    "archivo": name,
                    "sha256": sha256,
                    "estado": parsed.estado.value if parsed.estado else None,
                    "filas": len(parsed.rows),
                    "vinculadas": linked,
                },
            )
        return FileOutcome(
            name,
            FileResult.RCV,
            documents=len(parsed.rows),
            linked=0,
            unprocessable=len(parsed.skipped),
            message=Message(
                "importar.rcv_filas", {"filas": len(parsed.rows), "vinculadas": linked}
            ),
        )

    def _upsert_rcv(self, store: DocumentStore, row: RcvRow, now: dt.datetime) -> list[int]:
        """Store one RCV row and return the ids of the stored documents it matches."""
        if not store_rcv_row(store, row, now, self.company, self.actor, source="csv"):
            return []
        return [record.id for record in store.find(row.rut_emisor.canonical, row.tipo, row.folio)]


def _identity_problem(report: DocumentReport) -> Message | None:
    document = report.document
    if document is None:
        return report.error or Message("dte.sin_documento")
    if not document.emisor.rut_text:
        return Message("importar.sin_rut_emisor")
    if (
        DteType.from_code(document.id_doc.tipo_code) is None
        and not (document.id_doc.tipo_code or "").isdigit()
    ):
        return Message("importar.sin_tipo")
    if not document.folio:
        return Message("importar.sin_folio")
    return None


@dataclass
class _Tally:
    new_ids: list[int] = field(default_factory=list)
    linked_ids: list[int] = field(default_factory=list)
    conflicts: int = 0
    not_addressed: int = 0
    unprocessable: int = 0
    entries: list[dict[str, Any]] = field(default_factory=list)

    def linked(self, document_id: int, document: Document, result: str) -> None:
        self.linked_ids.append(document_id)
        self.entries.append(_entry(document_id, document, result, None))

    def added(
        self,
        document_id: int,
        document: Document,
        result: str,
        verdicts: Any,
        addressed: bool,
    ) -> None:
        self.new_ids.append(document_id)
        if not addressed:
            self.not_addressed += 1
        self.entries.append(_entry(document_id, document, result, verdicts))

    def outcome(self, name: str, count: int) -> FileOutcome:
        new_inbox = len(self.new_ids) - self.not_addressed
        if new_inbox > self.conflicts:
            result = FileResult.IMPORTADO
        elif self.conflicts:
            result = FileResult.CONFLICTO
        elif self.not_addressed:
            result = FileResult.NO_CORRESPONDE
        elif self.linked_ids:
            result = FileResult.VINCULADO
        else:
            result = FileResult.NO_PROCESABLE
        return FileOutcome(
            name,
            result,
            documents=count,
            new=new_inbox,
            linked=len(self.linked_ids),
            conflicts=self.conflicts,
            not_addressed=self.not_addressed,
            unprocessable=self.unprocessable,
            document_ids=tuple(self.new_ids + self.linked_ids),
        )


def _entry(document_id: int, document: Document, result: str, verdicts: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": document_id,
        "tipo": document.id_doc.tipo_code,
        "folio": document.folio,
        "rut_emisor": document.emisor.rut.canonical if document.emisor.rut else None,
        "resultado": result,
    }
    if verdicts is not None:
        entry["veredictos"] = {key.value: verdict.state.value for key, verdict in verdicts.items()}
    return entry


def _writer(connection: Connection, company_id: int, at: dt.datetime) -> ImportWriter:
    return ImportWriter(driver_connection(connection), company_id, at)


class _FileSession:
    """The ORM session of one file's transaction, opened only when a rarer path needs it.

    Most files need none: the hot path writes through ``ImportWriter``. Copies that replace
    verdicts, RCV links and the risk rules use the session, which joins the file's
    transaction and is flushed before it commits.
    """

    def __init__(self, connection: Connection, company_id: int) -> None:
        self._connection = connection
        self._company_id = company_id
        self._store: DocumentStore | None = None

    @property
    def store(self) -> DocumentStore:
        if self._store is None:
            session = Session(bind=self._connection, expire_on_commit=False)
            self._store = DocumentStore(session, self._company_id)
        return self._store

    def __enter__(self) -> _FileSession:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        if self._store is None:
            return
        session = self._store.session
        try:
            if error_type is None:
                session.flush()
        finally:
            session.close()
