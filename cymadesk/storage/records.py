"""SQLAlchemy records of one company's database.

Every table carries ``company_id`` so that a shared database can later hold many companies.
Timestamps are stored in UTC (``UtcDateTime`` rejects naive values). Pesos are INTEGER; other
currencies keep integer minor units plus their ISO code and the original text. Original files
are BLOBs; everything else about a document can be recomputed from its file's bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass timestamps with a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class CompanyRecord(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rut: Mapped[str] = mapped_column(String(12), unique=True)
    nombre: Mapped[str] = mapped_column(String(200))
    ambiente: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SourceFileRecord(Base):
    """An original file as it arrived, byte for byte, addressed by its SHA-256."""

    __tablename__ = "source_files"
    __table_args__ = (UniqueConstraint("company_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20))
    file_class: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(30))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DocumentRecord(Base):
    """One received document. Identity is (ambiente, RUT emisor, tipo, folio) plus body digest.

    Two bodies under the same identity are two rows, both flagged ``conflict``; nothing is
    overwritten.
    """

    __tablename__ = "documents"
    __table_args__ = (
        # Led by (RUT emisor, tipo, folio), so lookups without the ambiente use it too.
        UniqueConstraint(
            "company_id",
            "rut_emisor",
            "tipo",
            "folio",
            "ambiente_key",
            "body_sha256",
            name="uq_documents_identity",
        ),
        Index("ix_documents_inbox", "company_id", "category", "fecha_emision"),
        Index("ix_documents_deadline", "company_id", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    # ambiente as a non-null key so the unique constraint also holds for unknown environments.
    ambiente_key: Mapped[str] = mapped_column(String(20))
    ambiente: Mapped[str | None] = mapped_column(String(20))
    rut_emisor: Mapped[str] = mapped_column(String(12))
    rut_emisor_valid: Mapped[bool] = mapped_column(Boolean)
    razon_social_emisor: Mapped[str | None] = mapped_column(Text)
    rut_receptor: Mapped[str | None] = mapped_column(String(12))
    razon_social_receptor: Mapped[str | None] = mapped_column(Text)
    tipo: Mapped[int] = mapped_column(Integer)
    folio: Mapped[str] = mapped_column(String(20))
    folio_number: Mapped[int | None] = mapped_column(BigInteger)
    fecha_emision: Mapped[dt.date | None] = mapped_column(Date)
    monto_total: Mapped[int | None] = mapped_column(BigInteger)
    moneda: Mapped[str] = mapped_column(String(3))
    monto_texto: Mapped[str | None] = mapped_column(String(40))
    body_sha256: Mapped[str] = mapped_column(String(64))
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))
    position: Mapped[int] = mapped_column(Integer)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # inbox | no_corresponde
    category: Mapped[str] = mapped_column(String(20))
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    # Summary of the verdicts: ok | falla | pendiente, and how many checks failed.
    verdict_summary: Mapped[str] = mapped_column(String(20))
    failed_checks: Mapped[int] = mapped_column(Integer, default=0)
    # alto | medio | bajo | sin_hallazgos
    risk_level: Mapped[str] = mapped_column(String(20), default="sin_hallazgos")
    sii_received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    deadline_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    deadline_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    # pendiente | aceptado | reclamado | sin_plazo
    decision_state: Mapped[str] = mapped_column(String(20))


class DocumentSourceRecord(Base):
    """Each file a document arrived in: the first one and every later copy."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "source_file_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))
    position: Mapped[int] = mapped_column(Integer)
    arrived_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # This copy's own verdicts ({key: {"estado", "codigo"}}); copies of one body can differ in
    # their signatures.
    verdicts: Mapped[dict[str, Any]] = mapped_column(JSON)


class VerdictRecord(Base):
    __tablename__ = "verdicts"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    key: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(80))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RiskFindingRecord(Base):
    __tablename__ = "risk_findings"
    __table_args__ = (UniqueConstraint("document_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    dismissed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    dismissed_by: Mapped[str | None] = mapped_column(Text)
    dismissed_reason: Mapped[str | None] = mapped_column(Text)


class UnprocessableRecord(Base):
    """A file or document that could not be processed, with the reason; its bytes are not kept."""

    __tablename__ = "unprocessable"
    __table_args__ = (Index("ix_unprocessable_sha", "company_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int | None] = mapped_column(Integer)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))
    code: Mapped[str] = mapped_column(String(80))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RcvEntryRecord(Base):
    """A row of the SII's Registro de Compras (RCV): its estado and reception timestamp."""

    __tablename__ = "rcv_entries"
    __table_args__ = (UniqueConstraint("company_id", "rut_emisor", "tipo", "folio"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    rut_emisor: Mapped[str] = mapped_column(String(12))
    tipo: Mapped[int] = mapped_column(Integer)
    folio: Mapped[str] = mapped_column(String(20))
    razon_social: Mapped[str | None] = mapped_column(Text)
    estado: Mapped[str] = mapped_column(String(20))
    periodo: Mapped[str | None] = mapped_column(String(6))
    fecha_documento: Mapped[dt.date | None] = mapped_column(Date)
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    acuse_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reclamo_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    monto_exento: Mapped[int | None] = mapped_column(BigInteger)
    monto_neto: Mapped[int | None] = mapped_column(BigInteger)
    monto_iva: Mapped[int | None] = mapped_column(BigInteger)
    monto_total: Mapped[int | None] = mapped_column(BigInteger)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    source: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SiiEventRecord(Base):
    """An event of the SII's acceptance registry for a received document."""

    __tablename__ = "sii_events"
    __table_args__ = (
        UniqueConstraint("company_id", "rut_emisor", "tipo", "folio", "code", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    rut_emisor: Mapped[str] = mapped_column(String(12))
    tipo: Mapped[int] = mapped_column(Integer)
    folio: Mapped[str] = mapped_column(String(20))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    rut_responsable: Mapped[str | None] = mapped_column(String(12))
    occurred_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    fetched_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DecisionRecord(Base):
    """A person's decision on a document (ACD, ERM, RCD, RFP, RFT) and who made it."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    action: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[dict[str, Any]] = mapped_column(JSON)
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # pendiente_envio | enviada | registrada | rechazada
    state: Mapped[str] = mapped_column(String(20))
    sii_code: Mapped[int | None] = mapped_column(Integer)
    sii_message: Mapped[str | None] = mapped_column(Text)


class OutboxRecord(Base):
    """A decision waiting to be sent to the SII, written in the decision's transaction."""

    __tablename__ = "decision_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class AuditRecord(Base):
    """An append-only audit entry, chained to the previous one by SHA-256."""

    __tablename__ = "audit_log"
    # Action first: an index led by company_id would make SQLite sort the whole log to find
    # the newest entry of a company, which every audited write reads.
    __table_args__ = (Index("ix_audit_action", "action", "company_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor_user: Mapped[str] = mapped_column(Text)
    actor_name: Mapped[str] = mapped_column(Text)
    actor_host: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(60))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    previous_hash: Mapped[str] = mapped_column(String(64))
    # Not indexed: the chain is read in id order, and no query looks an entry up by its hash.
    entry_hash: Mapped[str] = mapped_column(String(64))


class SyncRunRecord(Base):
    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    kind: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class SettingRecord(Base):
    __tablename__ = "settings"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CertificateRecord(Base):
    """The company's digital certificate (.pfx/.p12), kept inside the encrypted database.

    Its password lives in the secret store, never here.
    """

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    holder_name: Mapped[str] = mapped_column(Text)
    holder_rut: Mapped[str | None] = mapped_column(String(12))
    issuer: Mapped[str] = mapped_column(Text)
    not_before: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
