"""The import pipeline's lookups and writes, run on the raw DBAPI connection.

An import runs about ten statements per file. Even prebuilt SQLAlchemy statements cost more
per file than SQLite itself, so this hot path speaks SQL directly to the sqlcipher3
connection underneath the caller's transaction (the pipeline's one-transaction-per-file rule
holds). Values are written in the formats SQLAlchemy's SQLite types read back: timestamps as
naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, dates as ISO, JSON as compact UTF-8 text that
``json.loads`` reads, booleans as 0 and 1.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from cymadesk.models.message import Message
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
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
    plain = value if isinstance(value, dict | list) else dict(value)
    # orjson encodes a document's verdicts about seven times faster than json.dumps (measured
    # on generated facturas). It rejects integers beyond 64 bits and keys that are not
    # strings, which json.dumps writes as it always did. It writes NaN as null where
    # json.dumps writes NaN, but verdict evidence contains no floats.
    try:
        return orjson.dumps(plain).decode()
    except orjson.JSONEncodeError:
        return json.dumps(plain)


# Reading an enum member's ``.value`` goes through a descriptor, and a dict lookup is several
# times faster. An import looks up a key and a state twice for each of about ten verdicts per
# document.
_KEY_TEXT = {key: key.value for key in VerdictKey}
_STATE_TEXT = {state: state.value for state in VerdictState}


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (fixed identifiers)


_NO_ARRIVAL = "ImportWriter has no arrival time: build it with at= to add rows"


@dataclass(frozen=True, slots=True)
class KnownFile:
    """The stored file with one SHA-256, or the reason a file with it was rejected before."""

    source_file_id: int | None
    documents: int
    rejection: Message | None


@dataclass(frozen=True, slots=True)
class StoredIdentity:
    """The stored documents with one identity, and whether the RCV lists that identity."""

    documents: list[tuple[int, str]]
    in_rcv: bool


class ImportWriter:
    """Lookups and inserts for one company on one sqlcipher3 connection.

    ``at`` is the arrival time of the file being imported, which every row the writer adds
    carries. A writer used only for lookups needs none.
    """

    def __init__(self, raw: Any, company_id: int, at: dt.datetime | None = None) -> None:
        self._raw = raw
        self.company_id = company_id
        self.at = at
        self._at_text = _timestamp(at) if at is not None else None

    def _arrival(self) -> dt.datetime:
        if self.at is None:
            raise RuntimeError(_NO_ARRIVAL)
        return self.at

    def _stamp(self) -> str:
        if self._at_text is None:
            raise RuntimeError(_NO_ARRIVAL)
        return self._at_text

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        # Most values need no conversion, and skipping the call for them matters at about 30
        # columns per document.
        parameters = [
            value if type(value) in _PLAIN_TYPES else _column_value(value)
            for value in values.values()
        ]
        cursor = self._raw.execute(_insert_sql(table, tuple(values)), parameters)
        return int(cursor.lastrowid)

    def known_file(self, sha256: str) -> KnownFile | None:
        """Return what is stored under these bytes: the file, or why it was rejected before."""
        row = self._raw.execute(
            "SELECT (SELECT id FROM source_files WHERE company_id = ?1 AND sha256 = ?2),"
            " (SELECT id FROM unprocessable WHERE company_id = ?1 AND sha256 = ?2"
            " AND position IS NULL ORDER BY id LIMIT 1)",
            (self.company_id, sha256),
        ).fetchone()
        source_file_id, rejection_id = row
        if source_file_id is not None:
            count = self._raw.execute(
                "SELECT count(*) FROM document_sources WHERE company_id = ? AND source_file_id = ?",
                (self.company_id, source_file_id),
            ).fetchone()[0]
            return KnownFile(int(source_file_id), int(count or 0), None)
        if rejection_id is None:
            return None
        code, params_text = self._raw.execute(
            "SELECT code, params FROM unprocessable WHERE id = ?", (rejection_id,)
        ).fetchone()
        params = json.loads(params_text) if isinstance(params_text, str) else (params_text or {})
        message = Message(str(code), dict(params) if isinstance(params, dict) else {})
        return KnownFile(None, 0, message)

    def add_source(
        self,
        *,
        sha256: str,
        data: bytes,
        name: str,
        origin: str,
        file_class: str,
        encoding: str | None,
    ) -> int:
        cursor = self._raw.execute(
            "INSERT INTO source_files (company_id, sha256, data, size, name, origin, file_class,"
            " encoding, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.company_id,
                sha256,
                data,
                len(data),
                name,
                origin,
                file_class,
                encoding,
                self._stamp(),
            ),
        )
        return int(cursor.lastrowid)

    def add_unprocessable(
        self,
        *,
        name: str,
        message: Message,
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
                "at": self._stamp(),
            },
        )

    def stored_identity(self, identity: Identity) -> StoredIdentity:
        """Return the stored documents with this identity and whether the RCV lists it."""
        rows = self._raw.execute(
            "SELECT id, body_sha256 FROM documents WHERE company_id = ?1 AND rut_emisor = ?2"
            " AND tipo = ?3 AND folio = ?4 AND ambiente_key = ?5"
            " UNION ALL SELECT id, NULL FROM rcv_entries WHERE company_id = ?1"
            " AND rut_emisor = ?2 AND tipo = ?3 AND folio = ?4",
            (
                self.company_id,
                identity.rut_emisor,
                identity.tipo,
                identity.folio,
                identity.ambiente_key,
            ),
        ).fetchall()
        documents = [(int(row[0]), str(row[1])) for row in rows if row[1] is not None]
        return StoredIdentity(documents, in_rcv=len(documents) < len(rows))

    def add_document(self, values: Mapping[str, Any]) -> int:
        stamp = self._stamp()
        return self._insert(
            "documents",
            {
                "company_id": self.company_id,
                **values,
                "first_seen_at": stamp,
                "updated_at": stamp,
            },
        )

    def mark_conflict(self, document_ids: Iterable[int]) -> None:
        stamp = self._stamp()
        self._raw.executemany(
            "UPDATE documents SET conflict = 1, updated_at = ? WHERE company_id = ? AND id = ?",
            [(stamp, self.company_id, document_id) for document_id in document_ids],
        )

    def link_source(
        self,
        document_id: int,
        source_file_id: int,
        position: int,
        verdicts: Mapping[VerdictKey, Verdict],
    ) -> None:
        copy_verdicts = {
            _KEY_TEXT[key]: {"estado": _STATE_TEXT[verdict.state], "codigo": verdict.message.code}
            for key, verdict in verdicts.items()
        }
        self._raw.execute(
            "INSERT INTO document_sources (company_id, document_id, source_file_id, position,"
            " arrived_at, verdicts) VALUES (?, ?, ?, ?, ?, ?)",
            (
                self.company_id,
                document_id,
                source_file_id,
                position,
                self._stamp(),
                _json(copy_verdicts),
            ),
        )

    def add_verdicts(self, document_id: int, verdicts: Mapping[VerdictKey, Verdict]) -> None:
        company_id = self.company_id
        stamp = self._stamp()
        self._raw.executemany(
            "INSERT INTO verdicts (company_id, document_id, key, state, code, params, evidence,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    company_id,
                    document_id,
                    _KEY_TEXT[key],
                    _STATE_TEXT[verdict.state],
                    verdict.message.code,
                    _json(verdict.message.params),
                    _json(verdict.evidence),
                    stamp,
                )
                for key, verdict in verdicts.items()
            ],
        )

    def append_audit(
        self,
        *,
        actor: Actor,
        action: str,
        evidence: dict[str, Any],
        document_id: int | None = None,
    ) -> None:
        """Add an audit entry chained to the newest one, as ``audit.append`` does."""
        at = self._arrival()
        previous = self._raw.execute(
            "SELECT entry_hash FROM audit_log WHERE company_id = ? ORDER BY id DESC LIMIT 1",
            (self.company_id,),
        ).fetchone()
        values = audit_values(
            company_id=self.company_id,
            previous_hash=str(previous[0]) if previous is not None else GENESIS_HASH,
            actor=actor,
            action=action,
            at=at,
            evidence=evidence,
            document_id=document_id,
        )
        self._insert("audit_log", values)
