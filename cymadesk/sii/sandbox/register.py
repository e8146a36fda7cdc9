"""The sandbox SII's register: received documents, their events and the saved clock.

It lives in ``registro.sqlite3`` inside ``<data-dir>/sandbox/``. The data are synthetic, so
the file is plain SQLite. Several processes may use it at once (``sandbox --emitir`` while
a server runs): each call opens its own connection and SQLite serializes the writers.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REGISTER_FILE = "registro.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    rut_emisor TEXT NOT NULL,
    tipo INTEGER NOT NULL,
    folio TEXT NOT NULL,
    rut_receptor TEXT NOT NULL,
    razon_social_emisor TEXT NOT NULL,
    fecha_emision TEXT NOT NULL,
    monto_total INTEGER NOT NULL,
    monto_neto INTEGER,
    monto_iva INTEGER,
    monto_exento INTEGER,
    firma TEXT NOT NULL,
    received_at TEXT NOT NULL,
    estado TEXT NOT NULL,
    no_incluir INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (rut_emisor, tipo, folio)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    rut_emisor TEXT NOT NULL,
    tipo INTEGER NOT NULL,
    folio TEXT NOT NULL,
    code TEXT NOT NULL,
    description TEXT NOT NULL,
    rut_responsable TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class RegisteredDocument:
    """A document as the SII received it. ``estado`` overrides DOK (FAN, FNA, EMP…)."""

    rut_emisor: str
    tipo: int
    folio: str
    rut_receptor: str
    razon_social_emisor: str
    fecha_emision: dt.date
    monto_total: int
    monto_neto: int | None
    monto_iva: int | None
    monto_exento: int | None
    firma: str
    received_at: dt.datetime
    estado: str = "DOK"
    no_incluir: bool = False


@dataclass(frozen=True, slots=True)
class RegisteredEvent:
    code: str
    description: str
    rut_responsable: str
    occurred_at: dt.datetime


def _document(row: sqlite3.Row) -> RegisteredDocument:
    return RegisteredDocument(
        rut_emisor=row["rut_emisor"],
        tipo=row["tipo"],
        folio=row["folio"],
        rut_receptor=row["rut_receptor"],
        razon_social_emisor=row["razon_social_emisor"],
        fecha_emision=dt.date.fromisoformat(row["fecha_emision"]),
        monto_total=row["monto_total"],
        monto_neto=row["monto_neto"],
        monto_iva=row["monto_iva"],
        monto_exento=row["monto_exento"],
        firma=row["firma"],
        received_at=dt.datetime.fromisoformat(row["received_at"]),
        estado=row["estado"],
        no_incluir=bool(row["no_incluir"]),
    )


class SandboxRegister:
    """Documents the sandbox SII has received, keyed by (RUT emisor, tipo, folio)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / REGISTER_FILE
        with self._connection() as connection:
            connection.executescript(_SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10.0)) as connection:
            connection.row_factory = sqlite3.Row
            with connection:
                yield connection

    def add(self, document: RegisteredDocument) -> None:
        """Register a document, replacing an earlier one with the same identity."""
        with self._connection() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO documents VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.rut_emisor,
                    document.tipo,
                    document.folio,
                    document.rut_receptor,
                    document.razon_social_emisor,
                    document.fecha_emision.isoformat(),
                    document.monto_total,
                    document.monto_neto,
                    document.monto_iva,
                    document.monto_exento,
                    document.firma,
                    document.received_at.astimezone(dt.UTC).isoformat(),
                    document.estado,
                    int(document.no_incluir),
                ),
            )

    def clear(self) -> None:
        """Delete every document and event, keeping the settings (the clock)."""
        with self._connection() as connection:
            connection.execute("DELETE FROM events")
            connection.execute("DELETE FROM documents")

    def find(self, rut_emisor: str, tipo: int, folio: str) -> RegisteredDocument | None:
        with self._connection() as connection:
            row = connection.execute(
                "SELECT * FROM documents WHERE rut_emisor = ? AND tipo = ? AND folio = ?",
                (rut_emisor, tipo, folio.lstrip("0") or folio),
            ).fetchone()
        return _document(row) if row is not None else None

    def addressed_to(self, rut_receptor: str) -> list[RegisteredDocument]:
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT * FROM documents WHERE rut_receptor = ? ORDER BY received_at, folio",
                (rut_receptor,),
            ).fetchall()
        return [_document(row) for row in rows]

    def count(self) -> int:
        with self._connection() as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])

    def events(self, rut_emisor: str, tipo: int, folio: str) -> list[RegisteredEvent]:
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT * FROM events WHERE rut_emisor = ? AND tipo = ? AND folio = ? "
                "ORDER BY occurred_at, id",
                (rut_emisor, tipo, folio),
            ).fetchall()
        return [
            RegisteredEvent(
                row["code"],
                row["description"],
                row["rut_responsable"],
                dt.datetime.fromisoformat(row["occurred_at"]),
            )
            for row in rows
        ]

    def add_event(self, rut_emisor: str, tipo: int, folio: str, event: RegisteredEvent) -> None:
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO events (rut_emisor, tipo, folio, code, description, "
                "rut_responsable, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rut_emisor,
                    tipo,
                    folio,
                    event.code,
                    event.description,
                    event.rut_responsable,
                    event.occurred_at.astimezone(dt.UTC).isoformat(),
                ),
            )

    def setting(self, key: str) -> Any:
        with self._connection() as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row is not None else None

    def save_setting(self, key: str, value: Any) -> None:
        with self._connection() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value))
            )
