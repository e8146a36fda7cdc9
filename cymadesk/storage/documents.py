"""Reading and writing stored files, documents and verdicts of one company.

Writes use SQLAlchemy Core statements inside the caller's transaction, so an import of one
file is one transaction however many documents it holds. Reads return domain models
(``InboxRow``, ``Verdict``), never records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, insert, or_, select
from sqlalchemy.orm import Session

from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import Category, DecisionState, InboxRow, UnprocessableItem, View
from cymadesk.models.message import Message
from cymadesk.models.money import MINOR_UNIT_DIGITS, minor_units, parse_amount_text
from cymadesk.models.risk import RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.models.text import fold
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.storage.records import (
    DocumentRecord,
    DocumentSourceRecord,
    SourceFileRecord,
    UnprocessableRecord,
    VerdictRecord,
)

SOON_DAYS_DEFAULT = 3


@dataclass(frozen=True, slots=True)
class Identity:
    """The identity of a document: (ambiente, RUT emisor, tipo, folio)."""

    ambiente_key: str
    rut_emisor: str
    tipo: int
    folio: str


def ambiente_key(ambiente: Ambiente | None) -> str:
    return ambiente.value if ambiente is not None else "desconocido"


class DocumentStore:
    """Queries and Core writes for one company inside one session."""

    def __init__(self, session: Session, company_id: int) -> None:
        self.session = session
        self.company_id = company_id

    # Files

    def source_by_sha(self, sha256: str) -> SourceFileRecord | None:
        return self.session.scalar(
            select(SourceFileRecord).where(
                SourceFileRecord.company_id == self.company_id, SourceFileRecord.sha256 == sha256
            )
        )

    def source_data(self, source_file_id: int) -> bytes:
        data = self.session.scalar(
            select(SourceFileRecord.data).where(
                SourceFileRecord.company_id == self.company_id,
                SourceFileRecord.id == source_file_id,
            )
        )
        if data is None:
            raise LookupError(f"source file {source_file_id} not found")
        return bytes(data)

    def add_source(
        self,
        *,
        sha256: str,
        data: bytes,
        name: str,
        origin: str,
        file_class: str,
        encoding: str | None,
        at: dt.datetime,
    ) -> int:
        result = self.session.execute(
            insert(SourceFileRecord).returning(SourceFileRecord.id),
            [
                {
                    "company_id": self.company_id,
                    "sha256": sha256,
                    "data": data,
                    "size": len(data),
                    "name": name,
                    "origin": origin,
                    "file_class": file_class,
                    "encoding": encoding,
                    "received_at": at,
                }
            ],
        )
        return int(result.scalar_one())

    def add_unprocessable(
        self,
        *,
        name: str,
        message: Message,
        at: dt.datetime,
        sha256: str | None = None,
        size: int | None = None,
        source_file_id: int | None = None,
        position: int | None = None,
    ) -> None:
        self.session.execute(
            insert(UnprocessableRecord),
            [
                {
                    "company_id": self.company_id,
                    "name": name,
                    "sha256": sha256,
                    "size": size,
                    "position": position,
                    "source_file_id": source_file_id,
                    "code": message.code,
                    "params": dict(message.params),
                    "at": at,
                }
            ],
        )

    # Documents

    def add_documents(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many document rows in one executemany (benchmarks and synthetic data)."""
        if rows:
            self.session.execute(
                insert(DocumentRecord), [{"company_id": self.company_id, **row} for row in rows]
            )

    def add_verdicts(
        self, document_id: int, verdicts: Mapping[VerdictKey, Verdict], at: dt.datetime
    ) -> None:
        self.session.execute(
            insert(VerdictRecord),
            [
                {
                    "company_id": self.company_id,
                    "document_id": document_id,
                    "key": key.value,
                    "state": verdict.state.value,
                    "code": verdict.message.code,
                    "params": dict(verdict.message.params),
                    "evidence": dict(verdict.evidence),
                    "updated_at": at,
                }
                for key, verdict in verdicts.items()
            ],
        )

    def replace_verdict(
        self, document_id: int, verdict: Verdict, at: dt.datetime
    ) -> Verdict | None:
        """Store a new verdict for one key; return the one it replaced (None if equal or new)."""
        record = self.session.scalar(
            select(VerdictRecord).where(
                VerdictRecord.company_id == self.company_id,
                VerdictRecord.document_id == document_id,
                VerdictRecord.key == verdict.key.value,
            )
        )
        new_values = {
            "state": verdict.state.value,
            "code": verdict.message.code,
            "params": dict(verdict.message.params),
            "evidence": dict(verdict.evidence),
            "updated_at": at,
        }
        if record is None:
            self.add_verdicts(document_id, {verdict.key: verdict}, at)
            return None
        previous = _verdict(record)
        if previous.state == verdict.state and previous.message == verdict.message:
            return None
        for name, value in new_values.items():
            setattr(record, name, value)
        self.session.flush()
        return previous

    def verdicts(self, document_id: int) -> dict[VerdictKey, Verdict]:
        records = self.session.scalars(
            select(VerdictRecord).where(
                VerdictRecord.company_id == self.company_id,
                VerdictRecord.document_id == document_id,
            )
        )
        return {VerdictKey(record.key): _verdict(record) for record in records}

    def document(self, document_id: int) -> DocumentRecord | None:
        return self.session.scalar(
            select(DocumentRecord).where(
                DocumentRecord.company_id == self.company_id, DocumentRecord.id == document_id
            )
        )

    def find(self, rut_emisor: str, tipo: int, folio: str) -> list[DocumentRecord]:
        """Documents with this RUT emisor, type and folio, in any environment, newest first."""
        return list(
            self.session.scalars(
                select(DocumentRecord)
                .where(
                    DocumentRecord.company_id == self.company_id,
                    DocumentRecord.rut_emisor == rut_emisor,
                    DocumentRecord.tipo == tipo,
                    DocumentRecord.folio == folio,
                )
                .order_by(DocumentRecord.id.desc())
            )
        )

    def sources_of(self, document_id: int) -> list[tuple[DocumentSourceRecord, SourceFileRecord]]:
        rows = self.session.execute(
            select(DocumentSourceRecord, SourceFileRecord)
            .join(SourceFileRecord, SourceFileRecord.id == DocumentSourceRecord.source_file_id)
            .where(
                DocumentSourceRecord.company_id == self.company_id,
                DocumentSourceRecord.document_id == document_id,
            )
            .order_by(DocumentSourceRecord.arrived_at, DocumentSourceRecord.id)
        )
        return [(link, source) for link, source in rows]

    # Views

    def _view_filter(self, view: View, now: dt.datetime, soon_days: int) -> Select[Any]:
        query = select(DocumentRecord).where(DocumentRecord.company_id == self.company_id)
        inbox = DocumentRecord.category == Category.INBOX.value
        if view is View.PENDIENTES:
            return query.where(inbox, DocumentRecord.decision_state == DecisionState.PENDIENTE)
        if view is View.RIESGO_ALTO:
            return query.where(inbox, DocumentRecord.risk_level == RiskLevel.ALTO.value)
        if view is View.VENCEN_PRONTO:
            return query.where(
                inbox,
                DocumentRecord.decision_state == DecisionState.PENDIENTE,
                DocumentRecord.deadline_at.is_not(None),
                DocumentRecord.deadline_at > now,
                DocumentRecord.deadline_at <= now + dt.timedelta(days=soon_days),
            )
        if view is View.ACEPTADOS:
            return query.where(DocumentRecord.decision_state == DecisionState.ACEPTADO)
        if view is View.RECLAMADOS:
            return query.where(DocumentRecord.decision_state == DecisionState.RECLAMADO)
        if view is View.NO_CORRESPONDEN:
            return query.where(DocumentRecord.category == Category.NOT_ADDRESSED.value)
        if view is View.TODOS:
            return query.where(inbox)
        raise ValueError(f"view {view} lists no documents")

    def rows(
        self,
        view: View,
        *,
        now: dt.datetime,
        search: str | None = None,
        soon_days: int = SOON_DAYS_DEFAULT,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[InboxRow]:
        query = self._view_filter(view, now, soon_days)
        if search:
            query = query.where(search_condition(search))
        query = query.order_by(
            DocumentRecord.fecha_emision.desc(), DocumentRecord.id.desc()
        ).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [inbox_row(record) for record in self.session.scalars(query)]

    def count(self, view: View, *, now: dt.datetime, soon_days: int = SOON_DAYS_DEFAULT) -> int:
        if view is View.NO_PROCESABLES:
            return int(
                self.session.scalar(
                    select(func.count())
                    .select_from(UnprocessableRecord)
                    .where(UnprocessableRecord.company_id == self.company_id)
                )
                or 0
            )
        query = self._view_filter(view, now, soon_days)
        return int(self.session.scalar(select(func.count()).select_from(query.subquery())) or 0)

    def unprocessable(self) -> list[UnprocessableItem]:
        records = self.session.scalars(
            select(UnprocessableRecord)
            .where(UnprocessableRecord.company_id == self.company_id)
            .order_by(UnprocessableRecord.at.desc(), UnprocessableRecord.id.desc())
        )
        return [
            UnprocessableItem(record.id, record.name, record.code, dict(record.params), record.at)
            for record in records
        ]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_condition(text: str) -> Any:
    """Match RUT in any format, razón social, folio or amount."""
    cleaned = text.strip()
    conditions = [
        func.cymadesk_fold(DocumentRecord.razon_social_emisor).like(
            f"%{escape_like(fold(cleaned))}%", escape="\\"
        ),
        DocumentRecord.folio == cleaned,
    ]
    compact = "".join(ch for ch in cleaned if ch.isalnum()).upper()
    rut = Rut.try_parse(cleaned, strict=False)
    if rut is not None:
        conditions.append(DocumentRecord.rut_emisor == rut.canonical)
    if compact.isdigit():
        conditions.append(DocumentRecord.rut_emisor.like(f"{compact}%"))
        conditions.append(DocumentRecord.folio == compact.lstrip("0"))
    amount = parse_amount_text(cleaned)
    if amount is not None:
        conditions.extend(_amount_conditions(amount))
    return or_(*conditions)


def _amount_conditions(amount: Decimal) -> list[Any]:
    """Match ``amount`` in whole units of each stored currency (stored in minor units)."""
    whole_unit_currencies = [code for code, digits in MINOR_UNIT_DIGITS.items() if digits == 0]
    # Each pair: which currencies, and one of them whose minor unit they all share.
    currencies = (
        (DocumentRecord.moneda.in_(whole_unit_currencies), "CLP"),
        (DocumentRecord.moneda.not_in(whole_unit_currencies), "USD"),
    )
    conditions = []
    for currency_condition, example in currencies:
        stored = minor_units(amount, example)
        if stored is not None:
            conditions.append(and_(DocumentRecord.monto_total == stored, currency_condition))
    return conditions


def _verdict(record: VerdictRecord) -> Verdict:
    return Verdict(
        key=VerdictKey(record.key),
        state=VerdictState(record.state),
        message=Message(record.code, dict(record.params)),
        evidence=dict(record.evidence),
    )


def inbox_row(record: DocumentRecord) -> InboxRow:
    return InboxRow(
        id=record.id,
        tipo=DteType.from_code(record.tipo),
        tipo_code=record.tipo,
        folio=record.folio,
        rut_emisor=Rut.try_parse(record.rut_emisor, strict=False),
        rut_emisor_text=record.rut_emisor,
        razon_social_emisor=record.razon_social_emisor,
        rut_receptor=record.rut_receptor,
        fecha_emision=record.fecha_emision,
        monto_total=record.monto_total,
        moneda=record.moneda,
        monto_texto=record.monto_texto,
        ambiente=Ambiente(record.ambiente) if record.ambiente else None,
        risk_level=RiskLevel(record.risk_level),
        verdict_summary=record.verdict_summary,
        failed_checks=record.failed_checks,
        deadline_at=record.deadline_at,
        deadline_estimated=record.deadline_estimated,
        decision_state=DecisionState(record.decision_state),
        category=Category(record.category),
        conflict=record.conflict,
        read=record.read,
        first_seen_at=record.first_seen_at,
    )


def summarize(verdicts: Mapping[VerdictKey, Verdict]) -> tuple[str, int]:
    """Return the verdict summary (ok, falla or pendiente) and how many checks failed."""
    failed = sum(1 for verdict in verdicts.values() if verdict.state is VerdictState.FALLA)
    if failed:
        return "falla", failed
    if any(verdict.state is VerdictState.PENDIENTE for verdict in verdicts.values()):
        return "pendiente", 0
    return "ok", 0


def identity_filter(identities: Sequence[Identity]) -> Any:
    return or_(
        *(
            and_(
                DocumentRecord.ambiente_key == identity.ambiente_key,
                DocumentRecord.rut_emisor == identity.rut_emisor,
                DocumentRecord.tipo == identity.tipo,
                DocumentRecord.folio == identity.folio,
            )
            for identity in identities
        )
    )
