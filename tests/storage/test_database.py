from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.storage import database as database_module
from cymadesk.storage.audit import Actor, append, verify_chain
from cymadesk.storage.database import CompanyDatabase
from cymadesk.storage.errors import StorageError
from cymadesk.storage.keys import generate_key, parse_key_text
from cymadesk.storage.records import AuditRecord, Base, DocumentRecord
from tests.helpers import COMPANY_RUT, FixedClock, memory_workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_is_encrypted_and_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "empresa.db"
    database = CompanyDatabase.create(path, generate_key())
    database.close()

    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(path) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()


def test_wrong_key_fails_and_leaves_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "empresa.db"
    CompanyDatabase.create(path, generate_key()).close()
    before = _digest(path)

    with pytest.raises(StorageError) as caught:
        CompanyDatabase.open(path, generate_key())

    assert caught.value.message.code == "almacen.clave_incorrecta"
    assert _digest(path) == before


def test_damaged_file_with_right_key(tmp_path: Path) -> None:
    path = tmp_path / "empresa.db"
    key = generate_key()
    CompanyDatabase.create(path, key).close()
    data = bytearray(path.read_bytes())
    data[100:200] = bytes(100)
    path.write_bytes(bytes(data))

    with pytest.raises(StorageError) as caught:
        CompanyDatabase.open(path, key, key_matches=True)
    assert caught.value.message.code == "almacen.danada"


def test_locked_database_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "empresa.db"
    key = generate_key()
    database = CompanyDatabase.create(path, key)
    other = sqlcipher.connect(str(path), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    other.execute("BEGIN IMMEDIATE")
    try:
        locked = CompanyDatabase(path, key)
        with pytest.raises(StorageError) as caught, locked.write() as session:
            session.execute(text("CREATE TABLE t (x)"))
        assert caught.value.message.code == "almacen.bloqueada"
    finally:
        other.execute("ROLLBACK")
        other.close()
        database.close()


def test_full_disk_rolls_back_the_transaction(tmp_path: Path) -> None:
    workspace = memory_workspace(tmp_path)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION)
    database = opened.database
    with database.read() as session:
        entries_before = session.scalar(select(func.count()).select_from(AuditRecord))

    def fill_disk() -> None:
        with database.write() as session:
            # SQLite reports a full disk (SQLITE_FULL) once the page limit is reached.
            session.execute(text("PRAGMA max_page_count = 1"))
            append(
                session,
                company_id=opened.company.id,
                actor=Actor("u", "U", "h"),
                action="x",
                at=workspace.clock(),
                evidence={"relleno": "x" * 100_000},
            )

    with pytest.raises(StorageError) as caught:
        fill_disk()

    assert caught.value.message.code == "almacen.disco_lleno"
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditRecord)) == entries_before
    assert database.integrity_check() == "ok"
    opened.close()


def test_migrations_match_the_records(tmp_path: Path) -> None:
    database = CompanyDatabase.create(tmp_path / "e.db", generate_key())
    with database.reader.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    database.close()
    assert differences == []


def test_first_schema_database_upgrades_to_head(tmp_path: Path) -> None:
    path = tmp_path / "antigua.db"
    shutil.copyfile(DATA / "schema_v0001.db", path)
    key = parse_key_text((DATA / "schema_v0001.key").read_text("ascii"))

    database = CompanyDatabase.open(path, key)
    with database.read() as session:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        tables = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
        )
        document = session.scalar(select(DocumentRecord))
    database.close()

    assert revision == "0004"
    assert "certificates" in tables
    assert document is not None
    assert document.folio == "41"
    assert document.razon_social_emisor == "Ferretería Ñuble Ltda."


def _raw_counts(path: Path, key: bytes) -> dict[str, int]:
    connection = sqlcipher.connect(str(path))
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    tables = ("documents", "verdicts", "document_sources", "source_files", "audit_log")
    counts = {
        table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in tables
    }
    connection.close()
    return counts


def _index_columns(session: Session, table: str) -> dict[str, list[str]]:
    indexes = session.execute(text(f"PRAGMA index_list('{table}')")).all()
    return {
        str(index[1]): [
            str(column[2])
            for column in session.execute(text(f"PRAGMA index_info('{index[1]}')")).all()
        ]
        for index in indexes
    }


def test_upgrade_to_0004_keeps_rows_and_chain(tmp_path: Path) -> None:
    path = tmp_path / "antigua.db"
    shutil.copyfile(DATA / "schema_v0001.db", path)
    key = parse_key_text((DATA / "schema_v0001.key").read_text("ascii"))
    before = _raw_counts(path, key)

    database = CompanyDatabase.open(path, key)
    with database.read() as session:
        document_indexes = _index_columns(session, "documents")
        audit_indexes = _index_columns(session, "audit_log")
        broken_keys = session.execute(text("PRAGMA foreign_key_check")).all()
        verdicts_sql = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'verdicts'")
        ).scalar()
        company_id = session.scalar(select(AuditRecord.company_id))
        assert company_id is not None
        chain_break = verify_chain(session, company_id)
    with database.write() as session:
        enforced = session.execute(text("PRAGMA foreign_keys")).scalar()
        document = session.scalar(select(DocumentRecord))
        assert document is not None
        copy = {
            column.name: getattr(document, column.key)
            for column in DocumentRecord.__table__.columns
            if column.name != "id"
        }
    database.close()

    assert before["documents"] == 1
    assert _raw_counts(path, key) == before
    assert "ix_documents_identity" not in document_indexes
    assert document_indexes["sqlite_autoindex_documents_1"] == [
        "company_id",
        "rut_emisor",
        "tipo",
        "folio",
        "ambiente_key",
        "body_sha256",
    ]
    assert ["entry_hash"] not in audit_indexes.values()
    assert audit_indexes["ix_audit_action"] == ["action", "company_id"]
    assert broken_keys == []
    # Rebuilding documents left the references to it in place.
    assert "REFERENCES documents (id)" in str(verdicts_sql)
    assert chain_break is None
    assert enforced == 1
    # The identity stays unique after the table was rebuilt.
    database = CompanyDatabase.open(path, key)
    with pytest.raises(StorageError), database.write() as session:
        session.execute(DocumentRecord.__table__.insert().values(**copy))
    database.close()


def test_company_create_open_and_audit_chain(tmp_path: Path) -> None:
    workspace = memory_workspace(tmp_path)
    created = workspace.create_company("96.790.240-3", "Minera Los Pelambres", Ambiente.SANDBOX)
    created.close()

    opened = workspace.open_company("96790240-3")
    assert opened.company.rut == Rut.parse(COMPANY_RUT)
    assert opened.company.nombre == "Minera Los Pelambres"
    assert opened.company.ambiente is Ambiente.SANDBOX
    with opened.database.read() as session:
        assert verify_chain(session, opened.company.id) is None
    assert workspace.layout.company_recovery(opened.company.rut).exists()
    opened.close()


def test_company_twice_is_rejected(tmp_path: Path) -> None:
    workspace = memory_workspace(tmp_path)
    workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION).close()
    with pytest.raises(StorageError) as caught:
        workspace.create_company("96.790.240-3", "Otra", Ambiente.PRODUCCION)
    assert caught.value.message.code == "empresa.ya_existe"


def test_invalid_company_rut(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        memory_workspace(tmp_path).create_company("96.790.240-4", "Minera", Ambiente.PRODUCCION)
    assert caught.value.message.code == "empresa.rut_invalido"


def test_audit_chain_detects_tampering(tmp_path: Path) -> None:
    clock = FixedClock(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    workspace = memory_workspace(tmp_path, clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION)
    with opened.database.write() as session:
        for number in range(3):
            append(
                session,
                company_id=opened.company.id,
                actor=Actor("u", "U", "h"),
                action="prueba",
                at=clock(),
                evidence={"n": number},
            )
    with opened.database.write() as session:
        second = session.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()[2]
        second.evidence = {"n": 99}
    with opened.database.read() as session:
        broken = verify_chain(session, opened.company.id)
    opened.close()
    assert broken == second.id


def _query_plan(tmp_path: Path, sql: str) -> list[str]:
    """Return the detail column of SQLite's plan for ``sql`` on a new company database."""
    database = CompanyDatabase.create(tmp_path / "e.db", generate_key())
    with database.read() as session:
        rows = session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
        plan = [str(row[-1]) for row in rows]
    database.close()
    return plan


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # The head of the audit chain, read by every audited write: a backward rowid scan.
        (
            "SELECT entry_hash FROM audit_log WHERE company_id = 1 ORDER BY id DESC LIMIT 1",
            "SCAN audit_log",
        ),
        # The SII register downloads, read by the risk rules on every import.
        (
            "SELECT evidence, at FROM audit_log "
            "WHERE company_id = 1 AND action = 'sii.rcv.descargado'",
            "SEARCH audit_log USING INDEX ix_audit_action (action=? AND company_id=?)",
        ),
    ],
    ids=["cabeza_cadena", "lecturas_rcv"],
)
def test_audit_queries_use_plan(tmp_path: Path, sql: str, expected: str) -> None:
    assert _query_plan(tmp_path, sql) == [expected]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # The import's identity lookup, with the ambiente.
        (
            "SELECT id, body_sha256 FROM documents WHERE company_id = 1 AND rut_emisor = 'x' "
            "AND tipo = 33 AND folio = '1' AND ambiente_key = 'produccion'",
            "SEARCH documents USING COVERING INDEX sqlite_autoindex_documents_1 "
            "(company_id=? AND rut_emisor=? AND tipo=? AND folio=? AND ambiente_key=?)",
        ),
        # The same identity in any ambiente, as listings and the risk rules look it up.
        (
            "SELECT id FROM documents WHERE company_id = 1 AND rut_emisor = 'x' AND tipo = 33 "
            "AND folio = '1'",
            "SEARCH documents USING COVERING INDEX sqlite_autoindex_documents_1 "
            "(company_id=? AND rut_emisor=? AND tipo=? AND folio=?)",
        ),
        # An emisor's history, read by the risk rules on every import.
        (
            "SELECT id, monto_total FROM documents WHERE company_id = 1 AND rut_emisor = 'x'",
            "SEARCH documents USING INDEX sqlite_autoindex_documents_1 "
            "(company_id=? AND rut_emisor=?)",
        ),
    ],
    ids=["identidad", "identidad_sin_ambiente", "historial_emisor"],
)
def test_identity_queries_use_index(tmp_path: Path, sql: str, expected: str) -> None:
    assert _query_plan(tmp_path, sql) == [expected]
