"""The import pipeline's lookups and writes, as prebuilt Core statements.

An import runs a dozen statements per file; building ORM statements for each costs more than
verifying the file. These statements are built once, compiled once by SQLAlchemy's cache,
and run on the Core connection of the caller's transaction, so the pipeline's
one-transaction-per-file rule holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from cymadesk.models.message import Message
from cymadesk.models.verdict import Verdict, VerdictKey
from cymadesk.storage.audit import GENESIS_HASH, Actor, audit_values
from cymadesk.storage.documents import Identity
from cymadesk.storage.records import (
    AuditRecord,
    DocumentRecord,
    DocumentSourceRecord,
    RcvEntryRecord,
    SourceFileRecord,
    UnprocessableRecord,
    VerdictRecord,
)

_sources = cast(Table, SourceFileRecord.__table__)
_documents = cast(Table, DocumentRecord.__table__)
_links = cast(Table, DocumentSourceRecord.__table__)
_verdicts = cast(Table, VerdictRecord.__table__)
_unprocessable = cast(Table, UnprocessableRecord.__table__)
_rcv = cast(Table, RcvEntryRecord.__table__)
_audit = cast(Table, AuditRecord.__table__)

_SOURCE_BY_SHA = select(_sources.c.id).where(
    _sources.c.company_id == bindparam("company"), _sources.c.sha256 == bindparam("sha")
)
_UNPROCESSABLE_BY_SHA = select(_unprocessable.c.id).where(
    _unprocessable.c.company_id == bindparam("company"),
    _unprocessable.c.sha256 == bindparam("sha"),
    _unprocessable.c.position.is_(None),
)
_LINKS_OF_SOURCE = select(func.count()).where(
    _links.c.company_id == bindparam("company"), _links.c.source_file_id == bindparam("source")
)
_SAME_IDENTITY = select(_documents.c.id, _documents.c.body_sha256).where(
    _documents.c.company_id == bindparam("company"),
    _documents.c.ambiente_key == bindparam("ambiente_key"),
    _documents.c.rut_emisor == bindparam("rut"),
    _documents.c.tipo == bindparam("tipo"),
    _documents.c.folio == bindparam("folio"),
)
_RCV_ENTRY = select(_rcv.c.id).where(
    _rcv.c.company_id == bindparam("company"),
    _rcv.c.rut_emisor == bindparam("rut"),
    _rcv.c.tipo == bindparam("tipo"),
    _rcv.c.folio == bindparam("folio"),
)
_LAST_AUDIT_HASH = (
    select(_audit.c.entry_hash)
    .where(_audit.c.company_id == bindparam("company"))
    .order_by(_audit.c.id.desc())
    .limit(1)
)
_ADD_SOURCE = insert(_sources).returning(_sources.c.id)
_ADD_DOCUMENT = insert(_documents).returning(_documents.c.id)
_ADD_LINK = insert(_links)
_ADD_VERDICT = insert(_verdicts)
_ADD_UNPROCESSABLE = insert(_unprocessable)
_ADD_AUDIT = insert(_audit)


class ImportWriter:
    """Lookups and inserts for one company on one Core connection."""

    def __init__(self, connection: Connection, company_id: int) -> None:
        self.connection = connection
        self.company_id = company_id

    def source_id(self, sha256: str) -> int | None:
        found = self.connection.execute(
            _SOURCE_BY_SHA, {"company": self.company_id, "sha": sha256}
        ).scalar()
        return int(found) if found is not None else None

    def rejected_before(self, sha256: str) -> bool:
        found = self.connection.execute(
            _UNPROCESSABLE_BY_SHA, {"company": self.company_id, "sha": sha256}
        ).scalar()
        return found is not None

    def documents_of_source(self, source_file_id: int) -> int:
        count = self.connection.execute(
            _LINKS_OF_SOURCE, {"company": self.company_id, "source": source_file_id}
        ).scalar()
        return int(count or 0)

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
        return int(
            self.connection.execute(
                _ADD_SOURCE,
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
                },
            ).scalar_one()
        )

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
        self.connection.execute(
            _ADD_UNPROCESSABLE,
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
            },
        )

    def same_identity(self, identity: Identity) -> list[tuple[int, str]]:
        """(id, body digest) of every stored document with this identity."""
        rows = self.connection.execute(
            _SAME_IDENTITY,
            {
                "company": self.company_id,
                "ambiente_key": identity.ambiente_key,
                "rut": identity.rut_emisor,
                "tipo": identity.tipo,
                "folio": identity.folio,
            },
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    def add_document(self, values: Mapping[str, Any]) -> int:
        return int(
            self.connection.execute(
                _ADD_DOCUMENT, {"company_id": self.company_id, **values}
            ).scalar_one()
        )

    def mark_conflict(self, document_ids: Iterable[int], at: dt.datetime) -> None:
        self.connection.execute(
            update(_documents)
            .where(_documents.c.company_id == self.company_id)
            .where(_documents.c.id.in_(list(document_ids)))
            .values(conflict=True, updated_at=at)
        )

    def link_source(
        self,
        document_id: int,
        source_file_id: int,
        position: int,
        at: dt.datetime,
        verdicts: Mapping[VerdictKey, Verdict],
    ) -> None:
        self.connection.execute(
            _ADD_LINK,
            {
                "company_id": self.company_id,
                "document_id": document_id,
                "source_file_id": source_file_id,
                "position": position,
                "arrived_at": at,
                "verdicts": {
                    key.value: {"estado": verdict.state.value, "codigo": verdict.message.code}
                    for key, verdict in verdicts.items()
                },
            },
        )

    def add_verdicts(
        self, document_id: int, verdicts: Mapping[VerdictKey, Verdict], at: dt.datetime
    ) -> None:
        self.connection.execute(
            _ADD_VERDICT,
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

    def rcv_entry_id(self, identity: Identity) -> int | None:
        found = self.connection.execute(
            _RCV_ENTRY,
            {
                "company": self.company_id,
                "rut": identity.rut_emisor,
                "tipo": identity.tipo,
                "folio": identity.folio,
            },
        ).scalar()
        return int(found) if found is not None else None

    def append_audit(
        self,
        *,
        actor: Actor,
        action: str,
        at: dt.datetime,
        evidence: dict[str, Any],
        document_id: int | None = None,
    ) -> None:
        """Add an audit entry chained to the newest one, as ``audit.append`` does."""
        previous = self.connection.execute(_LAST_AUDIT_HASH, {"company": self.company_id}).scalar()
        values = audit_values(
            company_id=self.company_id,
            previous_hash=str(previous) if previous is not None else GENESIS_HASH,
            actor=actor,
            action=action,
            at=at,
            evidence=evidence,
            document_id=document_id,
        )
        self.connection.execute(_ADD_AUDIT, values)
