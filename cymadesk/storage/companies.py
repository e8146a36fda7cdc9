"""Creating, opening and listing company databases in one folder of the data directory."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from cymadesk.models.company import Company
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.storage import audit
from cymadesk.storage.database import CompanyDatabase
from cymadesk.storage.errors import StorageError
from cymadesk.storage.keys import KeyCustody, key_check
from cymadesk.storage.records import CompanyRecord

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class OpenCompany:
    """A company and its open database."""

    company: Company
    database: CompanyDatabase

    def close(self) -> None:
        self.database.close()


@dataclass(frozen=True, slots=True)
class CompanyListing:
    """One database file in the folder; ``company`` is None when it could not be opened."""

    rut: Rut
    path: Path
    company: Company | None
    problem: StorageError | None = None


def _company(record: CompanyRecord) -> Company:
    return Company(
        id=record.id,
        rut=Rut.parse(record.rut),
        nombre=record.nombre,
        ambiente=Ambiente(record.ambiente),
        created_at=record.created_at,
    )


class CompanyRegistry:
    """The company databases in ``folder``, with their keys kept by ``custody``."""

    def __init__(
        self,
        folder: Path,
        custody: KeyCustody,
        *,
        clock: Clock = utc_now,
        with_recovery: bool = True,
    ) -> None:
        self.folder = folder
        self.custody = custody
        self.clock = clock
        self.with_recovery = with_recovery

    def database_path(self, rut: Rut) -> Path:
        return self.folder / f"{rut.canonical}.db"

    def create(self, rut: Rut, nombre: str, ambiente: Ambiente) -> OpenCompany:
        """Create the company's encrypted database, its key and its recovery file."""
        path = self.database_path(rut)
        if path.exists():
            raise StorageError("empresa.ya_existe", rut=rut.formatted)
        nombre = nombre.strip()
        if not nombre:
            raise StorageError("empresa.sin_nombre")
        key = self.custody.new_key(rut)
        try:
            if self.with_recovery:
                self.custody.write_recovery(rut, key)
            database = CompanyDatabase.create(path, key)
            with database.write() as session:
                record = CompanyRecord(
                    rut=rut.canonical,
                    nombre=nombre,
                    ambiente=ambiente.value,
                    created_at=self.clock(),
                )
                session.add(record)
                session.flush()
                audit.append(
                    session,
                    company_id=record.id,
                    actor=audit.Actor.current(),
                    action="empresa.creada",
                    at=self.clock(),
                    evidence={"rut": rut.canonical, "nombre": nombre, "ambiente": ambiente.value},
                )
                company = _company(record)
        except BaseException:
            self._discard(rut, path)
            raise
        logger.info("Created company %s (%s)", rut.canonical, ambiente.value)
        return OpenCompany(company, database)

    def _discard(self, rut: Rut, path: Path) -> None:
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        if self.with_recovery:
            self.custody.layout.company_recovery(rut).unlink(missing_ok=True)
        try:
            self.custody.forget(rut)
        except StorageError as error:
            logger.warning("Could not remove the key of company %s: %s", rut.canonical, error)

    def open(self, rut: Rut) -> OpenCompany:
        """Open an existing company database (exit code 3 on any key or file problem)."""
        path = self.database_path(rut)
        if not path.exists():
            raise StorageError("empresa.no_existe", rut=rut.formatted)
        key = self.custody.existing_key(rut)
        expected = self.custody.expected_check(rut)
        matches = None if expected is None else expected == key_check(key)
        if matches is False:
            # The recovery file's key check proves this key is wrong. The message names where
            # the key came from and how to recover the right one, and the database stays closed.
            logger.error("The key given for company %s fails its key check", rut.canonical)
            if self.custody.key_file is not None:
                raise StorageError(
                    "almacen.archivo_clave_ajeno",
                    archivo=str(self.custody.key_file),
                    rut=rut.formatted,
                )
            raise StorageError("almacen.llavero_clave_ajena", rut=rut.formatted)
        database = CompanyDatabase.open(path, key, key_matches=matches)
        with database.read() as session:
            record = session.scalar(select(CompanyRecord).where(CompanyRecord.rut == rut.canonical))
        if record is None:
            database.close()
            raise StorageError("empresa.sin_registro", rut=rut.formatted)
        return OpenCompany(_company(record), database)

    def ruts(self) -> list[Rut]:
        """Return the RUTs of the companies that have a database file here, sorted."""
        found = []
        for path in sorted(self.folder.glob("*.db")):
            rut = Rut.try_parse(path.stem)
            if rut is not None:
                found.append(rut)
        return sorted(found)

    def listing(self) -> list[CompanyListing]:
        """List every company database here, opening each to read its name.

        A database that fails to open is listed with its error instead of its company.
        """
        result = []
        for rut in self.ruts():
            path = self.database_path(rut)
            try:
                opened = self.open(rut)
            except StorageError as error:
                logger.warning("Failed to open company %s: %s", rut.canonical, error)
                result.append(CompanyListing(rut, path, None, error))
                continue
            result.append(CompanyListing(rut, path, opened.company))
            opened.close()
        return result
