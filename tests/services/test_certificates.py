"""The company certificate: where its password lives, its validity, its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.certificates import (
    CertificateService,
    PasswordLocation,
    Validity,
    validity,
)
from cymadesk.services.companies import Workspace
from cymadesk.sii.client.credentials import CertificateSummary
from cymadesk.sii.client.errors import CertificateError
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.records import AuditRecord, CertificateRecord, SettingRecord
from cymadesk.storage.secrets import certificate_password_name
from tests.helpers import COMPANY_RUT, PASSPHRASE, FixedClock, memory_workspace
from tests.sandbox_helpers import NOW, PASSWORD, sandbox_pkcs12


@pytest.fixture(scope="module")
def authority() -> SandboxAuthority:
    return SandboxAuthority.create()


@pytest.fixture(scope="module")
def pkcs12(authority: SandboxAuthority) -> bytes:
    return sandbox_pkcs12(authority)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def keyring_company(tmp_path: Path, clock: FixedClock) -> Iterator[tuple[Workspace, OpenCompany]]:
    workspace = memory_workspace(tmp_path, clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.SANDBOX)
    yield workspace, opened
    opened.close()


def test_keyring_mode_keeps_password_in_secret_store(
    keyring_company: tuple[Workspace, OpenCompany], pkcs12: bytes, clock: FixedClock
) -> None:
    workspace, opened = keyring_company
    service = CertificateService(opened, workspace.secret_store, clock=clock)
    status = service.import_file(pkcs12, PASSWORD)

    assert status.password_location is PasswordLocation.KEYRING
    assert workspace.secret_store is not None
    assert workspace.secret_store.get(certificate_password_name(COMPANY_RUT)) == PASSWORD
    with opened.database.read() as session:
        assert session.scalars(select(SettingRecord)).all() == []
        record = session.scalar(select(CertificateRecord))
    assert record is not None
    assert bytes(record.pkcs12) == pkcs12
    assert record.holder_rut == "12345678-5"
    assert service.credential().holder_rut.canonical == "12345678-5"


def test_key_file_mode_keeps_password_in_database(
    tmp_path: Path, pkcs12: bytes, clock: FixedClock
) -> None:
    workspace = Workspace(
        layout=DataLayout(tmp_path),
        secret_store=None,
        key_file=tmp_path / "clave.key",
        passphrase=lambda purpose: PASSPHRASE,
        clock=clock,
    )
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.SANDBOX)
    try:
        status = CertificateService(opened, None, clock=clock).import_file(pkcs12, PASSWORD)
        assert status.password_location is PasswordLocation.DATABASE
        assert CertificateService(opened, None, clock=clock).credential()
        reread = CertificateService(opened, None, clock=clock).status()
        assert reread is not None
        assert reread.password_location is PasswordLocation.DATABASE
    finally:
        opened.close()
    raw = (tmp_path / "empresas" / f"{COMPANY_RUT}.db").read_bytes()
    assert PASSWORD.encode("utf-8") not in raw


def test_key_file_mode_skips_keyring(
    keyring_company: tuple[Workspace, OpenCompany], pkcs12: bytes, clock: FixedClock
) -> None:
    workspace, opened = keyring_company
    CertificateService(opened, workspace.secret_store, clock=clock).import_file(pkcs12, PASSWORD)
    with pytest.raises(CertificateError) as caught:
        CertificateService(opened, None, clock=clock).credential()
    assert caught.value.message.code == "sii.certificado.clave_en_llavero"


def test_validity_warnings(
    keyring_company: tuple[Workspace, OpenCompany], authority: SandboxAuthority, clock: FixedClock
) -> None:
    workspace, opened = keyring_company
    service = CertificateService(opened, workspace.secret_store, clock=clock)
    soon = sandbox_pkcs12(authority, not_after=NOW + dt.timedelta(days=20))
    status = service.import_file(soon, PASSWORD)
    assert status.validity is Validity.POR_VENCER
    assert status.days_left == 20
    assert status.warning is not None
    assert status.warning.code == "sii.certificado.por_vencer"
    expires = (NOW + dt.timedelta(days=20)).astimezone(SANTIAGO).strftime("%d-%m-%Y")
    assert status.warning.params["fecha"] == expires
    assert service.credential()

    clock.advance(days=21)
    current = service.status()
    assert current is not None
    assert current.validity is Validity.VENCIDO
    with pytest.raises(CertificateError) as caught:
        service.credential()
    assert caught.value.message.code == "sii.certificado.vencido"


def test_reimport_replaces_and_audits_without_password(
    keyring_company: tuple[Workspace, OpenCompany], authority: SandboxAuthority, pkcs12: bytes
) -> None:
    workspace, opened = keyring_company
    service = CertificateService(opened, workspace.secret_store)
    first = service.import_file(pkcs12, PASSWORD)
    second = service.import_file(sandbox_pkcs12(authority), PASSWORD)
    status = service.status()
    assert status is not None
    assert status.summary.fingerprint == second.summary.fingerprint != first.summary.fingerprint
    with opened.database.read() as session:
        active = session.scalars(select(CertificateRecord.active)).all()
        entries = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "sii.certificado.importado")
        ).all()
    assert sorted(active) == [False, True]
    assert len(entries) == 2
    assert all(PASSWORD not in str(entry.evidence) for entry in entries)


def test_wrong_password_stores_nothing(
    keyring_company: tuple[Workspace, OpenCompany], pkcs12: bytes
) -> None:
    workspace, opened = keyring_company
    service = CertificateService(opened, workspace.secret_store)
    with pytest.raises(CertificateError):
        service.import_file(pkcs12, "no es")
    assert service.status() is None
    with pytest.raises(CertificateError) as caught:
        service.credential()
    assert caught.value.message.code == "sii.certificado.no_hay"


@pytest.mark.parametrize(("days", "expected"), [(30, Validity.POR_VENCER), (31, Validity.VIGENTE)])
def test_expiry_warning_starts_30_days_before(days: int, expected: Validity) -> None:
    summary = CertificateSummary(
        fingerprint="ab",
        holder_name="Ana",
        holder_rut="12345678-5",
        issuer="CA",
        not_before=NOW - dt.timedelta(days=300),
        not_after=NOW + dt.timedelta(days=days),
    )
    assert validity(summary, NOW) == (expected, days)
