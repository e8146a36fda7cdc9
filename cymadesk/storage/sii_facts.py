"""Facts the SII's web services report about stored documents, and the company certificate.

Writes run inside the caller's transaction. Reception timestamps turn an estimated deadline
into an exact one. Registry events are kept once per (code, time). The certificate's
PKCS#12 bytes are kept in the encrypted database.

Where the certificate password lives: with the OS keyring, in the keyring under
``certificate_password_name``. When the company's database key is a key file (headless
use, where the keyring must never be touched), the password is kept in this company's
``settings`` table under ``CERTIFICATE_PASSWORD_SETTING``: inside the same encrypted
database as the certificate, so it is protected by the same key and goes where the
certificate goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from cymadesk.models.deadline import compute_deadline
from cymadesk.models.inbox import Category
from cymadesk.storage.records import (
    CertificateRecord,
    DocumentRecord,
    SettingRecord,
    SiiEventRecord,
)

# The name of a setting, not a password.
CERTIFICATE_PASSWORD_SETTING = "certificado_clave"  # noqa: S105
# Settings named with this prefix and an environment keep the SII token, so each command
# need not authenticate again while the token lasts.
TOKEN_SETTING_PREFIX = "sii_token:"  # noqa: S105


@dataclass(frozen=True, slots=True)
class EventFact:
    """One registry event as the storage layer keeps it."""

    code: str
    description: str | None
    rut_responsable: str | None
    occurred_at: dt.datetime | None


def apply_reception(record: DocumentRecord, received_at: dt.datetime) -> None:
    """Store the SII's reception time and make the deadline exact from it.

    A document addressed to another company keeps no deadline: only its receiver decides.
    """
    record.sii_received_at = received_at
    if record.category != Category.INBOX.value:
        return
    deadline = compute_deadline(
        record.tipo,
        sii_received_at=received_at,
        signed_at=record.signed_at,
        arrived_at=record.first_seen_at,
    )
    record.deadline_at = deadline.due_at if deadline else None
    record.deadline_estimated = bool(deadline and deadline.estimated)


def store_events(
    session: Session,
    company_id: int,
    identity: tuple[str, int, str],
    events: Sequence[EventFact],
    document_id: int | None,
    now: dt.datetime,
) -> int:
    """Keep the events of one document; return how many were new."""
    rut_emisor, tipo, folio = identity
    known = {
        (record.code, record.occurred_at)
        for record in session.scalars(
            select(SiiEventRecord).where(
                SiiEventRecord.company_id == company_id,
                SiiEventRecord.rut_emisor == rut_emisor,
                SiiEventRecord.tipo == tipo,
                SiiEventRecord.folio == folio,
            )
        )
    }
    added = 0
    for event in events:
        occurred = event.occurred_at.astimezone(dt.UTC) if event.occurred_at else None
        if (event.code, occurred) in known:
            continue
        known.add((event.code, occurred))
        session.add(
            SiiEventRecord(
                company_id=company_id,
                rut_emisor=rut_emisor,
                tipo=tipo,
                folio=folio,
                document_id=document_id,
                code=event.code,
                description=event.description,
                rut_responsable=event.rut_responsable,
                occurred_at=occurred,
                fetched_at=now,
            )
        )
        added += 1
    session.flush()
    return added


# Certificate


def active_certificate(session: Session, company_id: int) -> CertificateRecord | None:
    return session.scalar(
        select(CertificateRecord)
        .where(CertificateRecord.company_id == company_id, CertificateRecord.active.is_(True))
        .order_by(CertificateRecord.id.desc())
        .limit(1)
    )


def add_certificate(session: Session, record: CertificateRecord) -> None:
    """Store a certificate as the company's active one; earlier ones become inactive.

    Kept SII tokens are deleted, because a token acts for the holder of the certificate
    that obtained it.
    """
    session.execute(
        update(CertificateRecord)
        .where(CertificateRecord.company_id == record.company_id)
        .values(active=False)
    )
    session.execute(
        delete(SettingRecord).where(
            SettingRecord.company_id == record.company_id,
            SettingRecord.key.startswith(TOKEN_SETTING_PREFIX),
        )
    )
    session.add(record)
    session.flush()


def save_password_setting(
    session: Session, company_id: int, fingerprint: str, password: str, now: dt.datetime
) -> None:
    """Keep the certificate password in the encrypted database (key-file mode only)."""
    setting = session.get(SettingRecord, (company_id, CERTIFICATE_PASSWORD_SETTING))
    value = {"huella": fingerprint, "clave": password}
    if setting is None:
        session.add(
            SettingRecord(
                company_id=company_id,
                key=CERTIFICATE_PASSWORD_SETTING,
                value=value,
                updated_at=now,
            )
        )
    else:
        setting.value = value
        setting.updated_at = now
    session.flush()


def password_setting(session: Session, company_id: int, fingerprint: str) -> str | None:
    """Return the password kept in the database for the certificate ``fingerprint``."""
    setting = session.get(SettingRecord, (company_id, CERTIFICATE_PASSWORD_SETTING))
    if setting is None or not isinstance(setting.value, dict):
        return None
    if setting.value.get("huella") != fingerprint:
        return None
    password = setting.value.get("clave")
    return password if isinstance(password, str) else None


def delete_password_setting(session: Session, company_id: int) -> None:
    setting = session.get(SettingRecord, (company_id, CERTIFICATE_PASSWORD_SETTING))
    if setting is not None:
        session.delete(setting)
        session.flush()


def token_setting(environment: str) -> str:
    """Return the name of the setting that keeps the SII token for ``environment``."""
    return f"{TOKEN_SETTING_PREFIX}{environment}"[:80]


def saved_token(
    session: Session, company_id: int, environment: str
) -> tuple[str, dt.datetime] | None:
    """Return the kept SII token for ``environment`` and when it was obtained, or None."""
    setting = session.get(SettingRecord, (company_id, token_setting(environment)))
    if setting is None or not isinstance(setting.value, dict):
        return None
    token = setting.value.get("token")
    obtained = setting.value.get("obtenido")
    if not isinstance(token, str) or not isinstance(obtained, str):
        return None
    try:
        obtained_at = dt.datetime.fromisoformat(obtained)
    except ValueError:
        return None
    if obtained_at.tzinfo is None:
        return None
    return token, obtained_at


def save_token(
    session: Session, company_id: int, environment: str, token: str, obtained_at: dt.datetime
) -> None:
    """Keep the SII token for ``environment`` in the encrypted database."""
    key = token_setting(environment)
    value = {"token": token, "obtenido": obtained_at.isoformat()}
    setting = session.get(SettingRecord, (company_id, key))
    if setting is None:
        session.add(
            SettingRecord(company_id=company_id, key=key, value=value, updated_at=obtained_at)
        )
    else:
        setting.value = value
        setting.updated_at = obtained_at
    session.flush()


def delete_token(session: Session, company_id: int, environment: str) -> None:
    setting = session.get(SettingRecord, (company_id, token_setting(environment)))
    if setting is not None:
        session.delete(setting)
        session.flush()
