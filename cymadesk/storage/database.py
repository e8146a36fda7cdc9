"""One SQLCipher database file per company, opened through SQLAlchemy.

The key is a raw 32-byte SQLCipher key (``PRAGMA key = "x'...'"``), so opening a connection
skips the passphrase KDF. Files are created owner-only, in WAL mode with synchronous=NORMAL:
a killed process loses at most its open transaction, never a committed one. Writes go through
``CompanyDatabase.write``, which serializes writers inside the process and takes SQLite's write
lock up front (``BEGIN IMMEDIATE``) so writers in other processes wait instead of failing
half-way. Schema migrations run on every open.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from cymadesk.models.text import fold
from cymadesk.storage.errors import StorageError

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0
MIGRATIONS = "cymadesk.storage:migrations"

T = TypeVar("T")


def _connect(path: Path, key: bytes, create: bool) -> Any:
    mode = "rwc" if create else "rw"
    connection = sqlcipher.connect(
        f"file:{quote(str(path))}?mode={mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_SECONDS,
        check_same_thread=False,
        isolation_level=None,
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        # Searches compare folded text (no case, no accents), as the app's index does.
        connection.create_function("cymadesk_fold", 1, _fold_or_none, deterministic=True)
    except BaseException:
        connection.close()
        raise
    return connection


def driver_connection(connection: Connection) -> Any:
    """Return the sqlcipher3 connection under a SQLAlchemy connection, for raw statements."""
    raw = connection.connection.driver_connection
    if raw is None:
        raise RuntimeError("the connection has no DBAPI connection underneath")
    return raw


def _fold_or_none(value: object) -> str | None:
    return fold(value) if isinstance(value, str) else None


def _error_text(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    return str(original if original is not None else error).lower()


def storage_error(
    error: BaseException, *, path: Path, key_matches: bool | None = None
) -> StorageError:
    """Translate a SQLite/SQLCipher error into a StorageError with a message for the user.

    ``key_matches`` separates a wrong key (False) from a damaged file (True) when the key check
    stored with the recovery file is known.
    """
    text = _error_text(error)
    name = path.name
    if "file is not a database" in text or "not an error" in text:
        if key_matches is True:
            return StorageError("almacen.danada", text, archivo=name)
        return StorageError("almacen.clave_incorrecta", text, archivo=name)
    if "malformed" in text or "corrupt" in text:
        return StorageError("almacen.danada", text, archivo=name)
    if "locked" in text or "busy" in text:
        return StorageError("almacen.bloqueada", text, archivo=name)
    if "disk is full" in text or "full" in text:
        return StorageError("almacen.disco_lleno", text, archivo=name)
    if "readonly" in text or "read-only" in text:
        return StorageError("almacen.solo_lectura", text, archivo=name)
    if "unable to open" in text:
        return StorageError("almacen.no_se_puede_abrir", text, archivo=name)
    if "disk i/o" in text:
        return StorageError("almacen.error_disco", text, archivo=name)
    return StorageError("almacen.error", text, archivo=name, detalle=text)


WRITER_CACHE_KIB = 32 * 1024

_DATABASE_ERRORS = (sqlcipher.Error, exc.DBAPIError, exc.OperationalError)


class CompanyDatabase:
    """An open company database: read sessions, one writer at a time, migrations applied."""

    def __init__(self, path: Path, key: bytes, *, key_matches: bool | None = None) -> None:
        self.path = path
        self._key_matches = key_matches
        self._write_lock = threading.RLock()
        self.reader = self._engine(path, key, immediate=False)
        self.writer = self._engine(path, key, immediate=True)

    @staticmethod
    def _engine(path: Path, key: bytes, *, immediate: bool) -> Engine:
        engine = create_engine(
            "sqlite://",
            creator=lambda: _connect(path, key, create=False),
            poolclass=QueuePool,
            pool_size=1 if immediate else 4,
            max_overflow=0 if immediate else 4,
            pool_timeout=BUSY_TIMEOUT_SECONDS,
        )
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # Straight to the driver: SQLAlchemy's execution path would cost about 13 us of the
            # 40 us that a write transaction adds, and an import writes one per file.
            connection.connection.driver_connection.execute(begin)

        if immediate:

            @event.listens_for(engine, "connect")
            def _cache(dbapi_connection: Any, _record: Any) -> None:
                # The risk rules read each emisor's history on every import, and SQLCipher
                # decrypts each page read from outside the cache, so the writer caches 32 MiB.
                dbapi_connection.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")

        return engine

    @classmethod
    def create(cls, path: Path, key: bytes) -> CompanyDatabase:
        """Create an empty, encrypted, owner-only database file and migrate it."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
        try:
            _connect(path, key, create=True).close()
        except _DATABASE_ERRORS as error:
            raise storage_error(error, path=path) from error
        database = cls(path, key, key_matches=True)
        database.migrate()
        return database

    @classmethod
    def open(cls, path: Path, key: bytes, *, key_matches: bool | None = None) -> CompanyDatabase:
        """Open an existing database, check the key and bring the schema up to date."""
        if not path.exists():
            raise StorageError("almacen.no_existe", str(path), archivo=path.name)
        try:
            _connect(path, key, create=False).close()
        except _DATABASE_ERRORS as error:
            raise storage_error(error, path=path, key_matches=key_matches) from error
        database = cls(path, key, key_matches=key_matches)
        database.migrate()
        return database

    def migrate(self, revision: str = "head") -> None:
        """Upgrade the schema to ``revision`` in one transaction.

        A migration that changes a table's constraints rebuilds the table (Alembic's batch
        mode), and dropping the old table while foreign keys are enforced fails on the rows
        that reference it. So enforcement is off during the upgrade, as SQLite's procedure for
        other schema changes prescribes, and every key is checked before the upgrade commits
        (https://www.sqlite.org/lang_altertable.html#making_other_kinds_of_table_schema_changes).
        """
        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        with self._translated(), self._write_lock, self.writer.connect() as connection:
            raw = driver_connection(connection)
            # The pragma has no effect inside a transaction, so it comes before BEGIN.
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection.begin():
                    before = MigrationContext.configure(connection).get_current_revision()
                    config.attributes["connection"] = connection
                    command.upgrade(config, revision)
                    after = MigrationContext.configure(connection).get_current_revision()
                    if after != before:
                        self._check_foreign_keys(connection)
            finally:
                raw.execute("PRAGMA foreign_keys = ON")

    def _check_foreign_keys(self, connection: Connection) -> None:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, row_id, parent = broken[0][0], broken[0][1], broken[0][2]
            detail = (
                f"{len(broken)} rows reference missing rows, the first is {table} row {row_id}"
                f" referencing {parent}"
            )
            logger.error("Migration of %s left broken foreign keys: %s", self.path.name, detail)
            raise StorageError("almacen.error", detail, archivo=self.path.name, detalle=detail)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except StorageError:
            raise
        except _DATABASE_ERRORS as error:
            translated = storage_error(error, path=self.path, key_matches=self._key_matches)
            logger.error("Database %s failed: %s", self.path.name, error)
            raise translated from error

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Open a session for reading; nothing it does is committed.

        Closing the session ends its transaction without expiring the objects read, so they
        stay usable after the block.
        """
        with self._translated(), Session(self.reader, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """Open a Core connection for quick reads, without an ORM session."""
        with self._translated(), self.reader.connect() as connection:
            yield connection

    @contextmanager
    def reading_on_writer(self) -> Iterator[Any]:
        """Lend the writer's sqlcipher3 connection for quick reads between write transactions.

        Each statement runs in its own read transaction. A reader connection drops its page
        cache whenever another connection has committed, so during an import SQLCipher would
        decrypt the same pages again for every lookup. The writer's cache stays valid after its
        own commits.
        """
        with self._translated(), self._write_lock:
            pooled = self.writer.raw_connection()
            try:
                yield pooled.driver_connection
            finally:
                pooled.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Open a session whose work is committed as one transaction, or not at all."""
        with (
            self._translated(),
            self._write_lock,
            Session(self.writer, expire_on_commit=False) as session,
        ):
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """Open a Core connection whose work is committed as one transaction, or not at all.

        Cheaper than ``write`` for hot paths; an ORM session can still join it with
        ``Session(bind=connection)``.
        """
        with self._translated(), self._write_lock, self.writer.connect() as connection:
            transaction = connection.begin()
            try:
                yield connection
                transaction.commit()
            except BaseException:
                transaction.rollback()
                raise

    def run_write(self, work: Callable[[Session], T]) -> T:
        with self.write() as session:
            return work(session)

    def integrity_check(self) -> str:
        with self.read() as session:
            return str(session.connection().exec_driver_sql("PRAGMA integrity_check").scalar())

    def close(self) -> None:
        self.reader.dispose()
        self.writer.dispose()
