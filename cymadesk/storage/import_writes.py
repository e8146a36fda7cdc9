"""The import pipeline's lookups and writes, run on the raw DBAPI connection.

An import runs about ten statements per file. Even prebuilt SQLAlchemy statements cost more
per file than SQLite itself, so this hot path speaks SQL directly to the sqlcipher3
connection underneath the caller's transaction (the pipeline's one-transaction-per-file rule
holds). Values are written in the formats SQLAlchemy's SQLite types read back: timestamps as
naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, dates as ISO, JSON through ``json.dumps``, booleans
as 0 and 1.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from cymadesk.models.message import Message
from cymadesk.models.verdict import Verdict, VerdictKey
from cymadesk.storage.audit import GENESIS_HASH, Actor, audit_values
from cymadesk.storage.documents import Identity


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass timestamps with a time zone")
    utc = value.astimezone(dt.UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}"
    )


# Types SQLite takes as they are; checked first because most values are of these.
_PLAIN_TYPES = frozenset({str, int, float, bytes, type(None)})


def _column_value(value: Any) -> Any:
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return _json(value)
    return value


def _json(value: Mapping[str, Any] | list[Any]) -> str:
    # Half the verdicts of a document carry no parameters or no evidence.
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value if isinstance(value, list) else dict(value))


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (fixed identifiers)


class ImportWriter:
    """Lookups and inserts for one company on one Core connection."""

    def __init__(self, connection: Connection, company_id: int) -> None:
        self.connection = connection
        self.company_id = company_id
        raw = connection.connection.driver_connection
        if raw is None:
            raise RuntimeError("the connection has no DBAPI connection underneath")
        self._raw = raw

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        columns = tuple(values)
        cursor = self._raw.execute(
            _insert_sql(table, columns), tuple(_column_value(values[name]) for name in columns)
        )
        return int(cursor.lastrowid)

    def _scalar(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        row = self._raw.execute(sql, parameters).fetchone()
        return row[0] if row is not None else None

    def source_id(self, sha256: str) -> int | None:
        found = self._scalar(
            "SELECT id FROM source_files WHERE company_id = ? AND sha256 = ?",
            (self.company_id, sha256),
        )
        return int(found) if found is not None else None

    def earlier_rejection(self, sha256: str) -> Message | None:
        """Return why a file with these bytes was rejected before, or None if it never was."""
        row = self._raw.execute(
            "SELECT code, params FROM unprocessable "
            "WHERE company_id = ? AND sha256 = ? AND position IS NULL ORDER BY id LIMIT 1",
            (self.company_id, sha256),
        ).fetchone()
        if row is None:
            return None
        params = json.loads(row[1]) if isinstance(row[1], str) else (row[1] or {})
        return Message(str(row[0]), dict(params) if isinstance(params, dict) else {})

    def documents_of_source(self, source_file_id: int) -> int:
        count = self._scalar(
            "SELECT count(*) FROM document_sources WHERE company_id = ? AND source_file_id = ?",
            (self.company_id, source_file_id),
        )
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
        return self._insert(
            "source_files",
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
        self._insert(
            "unprocessable",
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
        rows = self._raw.execute(
            "SELECT id, body_sha256 FROM documents WHERE company_id = ? AND ambiente_key = ? "
            "AND rut_emisor = ? AND tipo = ? AND folio = ?",
            (
                self.company_id,
                identity.ambiente_key,
                identity.rut_emisor,
                identity.tipo,
                identity.folio,
            ),
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    def add_document(self, values: Mapping[str, Any]) -> int:
        return self._insert("documents", {"company_id": self.company_id, **values})

    def mark_conflict(self, document_ids: Iterable[int], at: dt.datetime) -> None:
        self._raw.executemany(
            "UPDATE documents SET conflict = 1, updated_at = ? WHERE company_id = ? AND id = ?",
            [(_timestamp(at), self.company_id, document_id) for document_id in document_ids],
        )

    def link_source(
        self,
        document_id: int,
        source_file_id: int,
        position: int,
        at: dt.datetime,
        verdicts: Mapping[VerdictKey, Verdict],
    ) -> None:
        self._insert(
            "document_sources",
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
        updated_at = _timestamp(at)
        self._raw.executemany(
            "INSERT INTO verdicts (company_id, document_id, key, state, code, params, evidence,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    self.company_id,
                    document_id,
                    key.value,
                    verdict.state.value,
                    verdict.message.code,
                    _json(verdict.message.params),
                    _json(verdict.evidence),
                    updated_at,
                )
                for key, verdict in verdicts.items()
            ],
        )

    def rcv_entry_id(self, identity: Identity) -> int | None:
        found = self._scalar(
            "SELECT id FROM rcv_entries WHERE company_id = ? AND rut_emisor = ? AND tipo = ? "
            "AND folio = ?",
            (self.company_id, identity.rut_emisor, identity.tipo, identity.folio),
        )
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
        previous = self._scalar(
            "SELECT entry_hash FROM audit_log WHERE company_id = ? ORDER BY id DESC LIMIT 1",
            (self.company_id,),
        )
        values = audit_values(
            company_id=self.company_id,
            previous_hash=str(previous) if previous is not None else GENESIS_HASH,
            actor=actor,
            action=action,
            at=at,
            evidence=evidence,
            document_id=document_id,
        )
        self._insert("audit_log", values)
