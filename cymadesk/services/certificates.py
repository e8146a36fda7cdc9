"""The company's digital certificate: import, show, and load it for the SII client.

The PKCS#12 bytes are kept in the company's encrypted database. The password is kept in
the secret store (the OS keyring) under ``certificate_password_name``. When the company is
opened with a key file, the keyring is never touched, so the password is kept in the
encrypted database instead (see ``cymadesk.storage.sii_facts``). Neither is logged.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from cymadesk.formatting import format_date, to_santiago
from cymadesk.models.message import Message
from cymadesk.sii.client.credentials import (
    CertificateSummary,
    Credential,
    load_credential,
)
from cymadesk.sii.client.errors import CertificateError
from cymadesk.storage import audit, sii_facts
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.records import CertificateRecord
from cymadesk.storage.secrets import (
    SecretStore,
    SecretStoreUnavailable,
    certificate_password_name,
)

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Validity(enum.StrEnum):
    """A certificate's validity on a given day; the values are the JSON ``estado``."""

    VIGENTE = "vigente"
    POR_VENCER = "por_vencer"
    VENCIDO = "vencido"
    NO_VIGENTE_AUN = "no_vigente_aun"


class PasswordLocation(enum.StrEnum):
    KEYRING = "llavero"
    DATABASE = "base_de_datos"


@dataclass(frozen=True, slots=True)
class CertificateStatus:
    """The stored certificate as ``certificado ver`` shows it."""

    summary: CertificateSummary
    imported_at: dt.datetime
    password_location: PasswordLocation
    validity: Validity
    days_left: int

    @property
    def warning(self) -> Message | None:
        """A message for the user when the certificate expires soon or cannot be used."""
        expires = format_date(to_santiago(self.summary.not_after).date())
        if self.validity is Validity.POR_VENCER:
            return Message("sii.certificado.por_vencer", {"dias": self.days_left, "fecha": expires})
        if self.validity is Validity.VENCIDO:
            return Message("sii.certificado.vencido", {"fecha": expires})
        if self.validity is Validity.NO_VIGENTE_AUN:
            start = format_date(to_santiago(self.summary.not_before).date())
            return Message("sii.certificado.no_vigente_aun", {"fecha": start})
        return None


def validity(summary: CertificateSummary, now: dt.datetime) -> tuple[Validity, int]:
    """Return the certificate's validity at ``now`` and its whole days left."""
    days_left = max((summary.not_after - now).days, 0)
    if now < summary.not_before:
        return Validity.NO_VIGENTE_AUN, days_left
    if now > summary.not_after:
        return Validity.VENCIDO, 0
    if summary.expires_soon(now):
        return Validity.POR_VENCER, days_left
    return Validity.VIGENTE, days_left


class CertificateService:
    """Import and load the certificate of one open company."""

    def __init__(
        self,
        opened: OpenCompany,
        secret_store: SecretStore | None,
        *,
        clock: Clock = _utc_now,
        actor: audit.Actor | None = None,
    ) -> None:
        self.company = opened.company
        self.database = opened.database
        self.secret_store = secret_store
        self.clock = clock
        self.actor = actor or audit.Actor.current()

    @property
    def _secret_name(self) -> str:
        return certificate_password_name(self.company.rut.canonical)

    def import_file(
        self, data: bytes, password: str, *, chosen: str | None = None
    ) -> CertificateStatus:
        """Check a .pfx/.p12 with its password and keep it as the company's certificate.

        Raise CertificateError (or ``AmbiguousCertificate``, whose ``candidates`` the
        caller shows before asking again with ``chosen``).
        """
        credential = load_credential(data, password, chosen=chosen)
        summary = credential.summary
        now = self.clock()
        location = PasswordLocation.DATABASE
        if self.secret_store is not None:
            try:
                self.secret_store.set(self._secret_name, password)
            except SecretStoreUnavailable as error:
                raise CertificateError("sii.certificado.sin_llavero", str(error)) from error
            location = PasswordLocation.KEYRING
        with self.database.write() as session:
            sii_facts.add_certificate(
                session,
                CertificateRecord(
                    company_id=self.company.id,
                    pkcs12=data,
                    fingerprint_sha256=summary.fingerprint,
                    holder_name=summary.holder_name,
                    holder_rut=summary.holder_rut,
                    issuer=summary.issuer,
                    not_before=summary.not_before,
                    not_after=summary.not_after,
                    imported_at=now,
                    active=True,
                ),
            )
            if location is PasswordLocation.DATABASE:
                sii_facts.save_password_setting(
                    session, self.company.id, summary.fingerprint, password, now
                )
            else:
                sii_facts.delete_password_setting(session, self.company.id)
            audit.append(
                session,
                company_id=self.company.id,
                actor=self.actor,
                action="sii.certificado.importado",
                at=now,
                evidence={
                    "huella": summary.fingerprint,
                    "titular": summary.holder_name,
                    "rut_titular": summary.holder_rut,
                    "emisor": summary.issuer,
                    "valido_hasta": summary.not_after.isoformat(),
                    "clave_en": location.value,
                },
            )
        logger.info(
            "Imported certificate %s of holder %s for company %s; password in %s",
            summary.fingerprint[:16],
            summary.holder_rut,
            self.company.rut.canonical,
            location.value,
        )
        return CertificateStatus(summary, now, location, *validity(summary, now))

    def status(self) -> CertificateStatus | None:
        """Return the active certificate's status, or None when none was imported."""
        with self.database.read() as session:
            record = sii_facts.active_certificate(session, self.company.id)
            in_database = (
                record is not None
                and sii_facts.password_setting(session, self.company.id, record.fingerprint_sha256)
                is not None
            )
        if record is None:
            return None
        location = PasswordLocation.DATABASE if in_database else PasswordLocation.KEYRING
        summary = _summary(record)
        return CertificateStatus(
            summary, record.imported_at, location, *validity(summary, self.clock())
        )

    def credential(self) -> Credential:
        """Load the active certificate with its private key, for signing the SII seed."""
        with self.database.read() as session:
            record = sii_facts.active_certificate(session, self.company.id)
            if record is None:
                raise CertificateError("sii.certificado.no_hay", rut=self.company.rut.formatted)
            data = bytes(record.pkcs12)
            fingerprint = record.fingerprint_sha256
            password = sii_facts.password_setting(session, self.company.id, fingerprint)
        if password is None:
            password = self._keyring_password()
        credential = load_credential(data, password, chosen=fingerprint)
        now = self.clock()
        status = CertificateStatus(
            credential.summary, now, PasswordLocation.KEYRING, *validity(credential.summary, now)
        )
        warning = status.warning
        if warning is not None and status.validity is not Validity.POR_VENCER:
            raise CertificateError(warning.code, "", **warning.params)
        if status.validity is Validity.POR_VENCER:
            logger.warning(
                "Certificate of company %s expires in %d days",
                self.company.rut.canonical,
                status.days_left,
            )
        return credential

    def _keyring_password(self) -> str:
        if self.secret_store is None:
            # Key-file mode never reads the keyring, and the password is not in the database.
            raise CertificateError("sii.certificado.clave_en_llavero")
        try:
            password = self.secret_store.get(self._secret_name)
        except SecretStoreUnavailable as error:
            raise CertificateError("sii.certificado.sin_llavero", str(error)) from error
        if password is None:
            raise CertificateError("sii.certificado.sin_clave_guardada")
        return password


def _summary(record: CertificateRecord) -> CertificateSummary:
    return CertificateSummary(
        fingerprint=record.fingerprint_sha256,
        holder_name=record.holder_name,
        holder_rut=record.holder_rut,
        issuer=record.issuer,
        not_before=record.not_before,
        not_after=record.not_after,
    )
