"""Synthetic inbox rows for benchmarks and scale tests, inserted without files or signatures.

Generating and signing 100,000 real documents takes far too long for a benchmark, so these
rows point at one real source file (every row shows its content in the detail pane) and
carry plausible, varied columns: suppliers, types, dates, amounts, deadlines, risk levels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
from typing import Any

from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.rut import compute_check_digit
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore

logger = logging.getLogger(__name__)

BATCH_SIZE = 5_000
SUPPLIER_COUNT = 400
_NAME_PARTS = (
    ("Comercial", "Distribuidora", "Ferretería", "Transportes", "Servicios", "Constructora"),
    ("Andes", "Pacífico", "Biobío", "Atacama", "Maule", "Ñuble", "Aysén", "Los Lagos"),
    ("SpA", "Ltda.", "S.A.", "EIRL"),
)
_TYPES = (33, 33, 33, 33, 33, 33, 34, 61, 56, 52)
_RISK_LEVELS = ("sin_hallazgos",) * 12 + ("bajo", "bajo", "medio", "alto")


def _suppliers(rng: random.Random) -> list[tuple[str, str]]:
    suppliers = []
    for index in range(SUPPLIER_COUNT):
        body = 76_000_000 + rng.randint(0, 1_999_999)
        name = " ".join(rng.choice(part) for part in _NAME_PARTS)
        suppliers.append((f"{body}-{compute_check_digit(body)}", f"{name} {index}"))
    return suppliers


def _row(
    rng: random.Random,
    number: int,
    supplier: tuple[str, str],
    source_file_id: int,
    receptor: str,
    now: dt.datetime,
) -> dict[str, Any]:
    tipo = rng.choice(_TYPES)
    issued = (now - dt.timedelta(days=rng.randint(0, 720))).date()
    arrived = dt.datetime.combine(issued, dt.time(12), dt.UTC) + dt.timedelta(hours=6)
    has_deadline = tipo in (33, 34)
    failed = 1 if rng.random() < 0.03 else 0
    amount = rng.randint(5, 40_000) * 100
    return {
        "ambiente_key": "produccion",
        "ambiente": "produccion",
        "rut_emisor": supplier[0],
        "rut_emisor_valid": True,
        "razon_social_emisor": supplier[1],
        "rut_receptor": receptor,
        "razon_social_receptor": None,
        "tipo": tipo,
        "folio": str(number),
        "folio_number": number,
        "fecha_emision": issued,
        "monto_total": amount,
        "moneda": "CLP",
        "monto_texto": str(amount),
        "body_sha256": hashlib.sha256(str(number).encode()).hexdigest(),
        "source_file_id": source_file_id,
        "position": 0,
        "signed_at": arrived,
        "first_seen_at": arrived,
        "updated_at": arrived,
        "category": Category.INBOX.value,
        "conflict": False,
        "read": rng.random() < 0.7,
        "verdict_summary": "falla" if failed else "ok",
        "failed_checks": failed,
        "risk_level": rng.choice(_RISK_LEVELS),
        "sii_received_at": None,
        "deadline_at": arrived + dt.timedelta(days=8) if has_deadline else None,
        "deadline_estimated": True,
        "decision_state": (
            DecisionState.PENDIENTE.value if has_deadline else DecisionState.SIN_PLAZO.value
        ),
    }


def fill_inbox(
    opened: OpenCompany,
    count: int,
    *,
    source_data: bytes,
    now: dt.datetime,
    seed: int = 1,
) -> None:
    """Insert ``count`` synthetic documents, all pointing at ``source_data`` as their file."""
    rng = random.Random(seed)  # noqa: S311 (reproducible content, not secrets)
    suppliers = _suppliers(rng)
    receptor = opened.company.rut.canonical
    with opened.database.write() as session:
        store = DocumentStore(session, opened.company.id)
        existing = store.source_by_sha(hashlib.sha256(source_data).hexdigest())
        source_file_id = (
            existing.id
            if existing is not None
            else store.add_source(
                sha256=hashlib.sha256(source_data).hexdigest(),
                data=source_data,
                name="sintetico.xml",
                origin="sintetico",
                file_class="DTE",
                encoding="ISO-8859-1",
                at=now,
            )
        )
    for start in range(0, count, BATCH_SIZE):
        batch = [
            _row(rng, number, rng.choice(suppliers), source_file_id, receptor, now)
            for number in range(start + 1, min(count, start + BATCH_SIZE) + 1)
        ]
        with opened.database.write() as session:
            DocumentStore(session, opened.company.id).add_documents(batch)
    logger.info("Inserted %d synthetic documents into company %s", count, receptor)
