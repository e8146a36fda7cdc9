"""The append-only audit log: who did what, when, with what evidence, chained by hash.

Each entry's hash covers the previous entry's hash and the entry's own fields, serialized as
canonical JSON, so changing or deleting any entry breaks every hash after it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cymadesk.storage.records import AuditRecord

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (OS account) on whose behalf something was done."""

    user: str
    name: str
    host: str

    @classmethod
    def current(cls) -> Actor:
        """Return the OS user running this process, with a display name where there is one."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "desconocido"
        name = _display_name(user)
        return cls(user=user, name=name, host=socket.gethostname())

    def to_json(self) -> dict[str, str]:
        return {"usuario": self.user, "nombre": self.name, "equipo": self.host}


def _display_name(user: str) -> str:
    if os.name == "posix":
        try:
            import pwd

            gecos = pwd.getpwnam(user).pw_gecos.split(",")[0].strip()
        except (KeyError, ImportError):
            gecos = ""
        if gecos:
            return gecos
    return os.environ.get("USERNAME") or user


def _entry_hash(previous: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        {"previous": previous, **fields}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields(
    at: dt.datetime,
    actor: Actor,
    action: str,
    document_id: int | None,
    evidence: dict[str, Any],
) -> dict[str, Any]:
    return {
        "at": at.astimezone(dt.UTC).isoformat(),
        "actor": actor.to_json(),
        "action": action,
        "document_id": document_id,
        "evidence": evidence,
    }


def audit_values(
    *,
    company_id: int,
    previous_hash: str,
    actor: Actor,
    action: str,
    at: dt.datetime,
    evidence: dict[str, Any],
    document_id: int | None,
) -> dict[str, Any]:
    """Return the column values of a new entry after ``previous_hash``, with its own hash."""
    at = at.astimezone(dt.UTC)
    return {
        "company_id": company_id,
        "at": at,
        "actor_user": actor.user,
        "actor_name": actor.name,
        "actor_host": actor.host,
        "action": action,
        "document_id": document_id,
        "evidence": evidence,
        "previous_hash": previous_hash,
        "entry_hash": _entry_hash(previous_hash, _fields(at, actor, action, document_id, evidence)),
    }


def append(
    session: Session,
    *,
    company_id: int,
    actor: Actor,
    action: str,
    at: dt.datetime,
    evidence: dict[str, Any] | None = None,
    document_id: int | None = None,
) -> AuditRecord:
    """Add one entry after the newest one, in the caller's transaction."""
    previous = session.scalar(
        select(AuditRecord.entry_hash)
        .where(AuditRecord.company_id == company_id)
        .order_by(AuditRecord.id.desc())
        .limit(1)
    )
    record = AuditRecord(
        **audit_values(
            company_id=company_id,
            previous_hash=previous or GENESIS_HASH,
            actor=actor,
            action=action,
            at=at,
            evidence=evidence or {},
            document_id=document_id,
        )
    )
    session.add(record)
    session.flush()
    return record


def verify_chain(session: Session, company_id: int) -> int | None:
    """Return the id of the first entry whose hash does not match, or None if all match."""
    previous = GENESIS_HASH
    rows = session.scalars(
        select(AuditRecord).where(AuditRecord.company_id == company_id).order_by(AuditRecord.id)
    )
    for record in rows:
        actor = Actor(record.actor_user, record.actor_name, record.actor_host)
        fields = _fields(record.at, actor, record.action, record.document_id, record.evidence)
        if record.previous_hash != previous or record.entry_hash != _entry_hash(previous, fields):
            logger.error("Audit chain of company %s breaks at entry %s", company_id, record.id)
            return record.id
        previous = record.entry_hash
    return None
