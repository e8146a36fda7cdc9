"""Risk use cases for one open company: re-evaluate, dismiss a finding, read and change settings.

Every change (a dismissal, a setting) is written with its audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cymadesk.models.message import Message
from cymadesk.models.risk import RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.risk.engine import RegisterFinding, RiskEngine
from cymadesk.risk.settings import (
    SETTINGS,
    SETTINGS_BY_KEY,
    InvalidSetting,
    RiskSettings,
    SettingSpec,
    parse_value,
    stored_form,
)
from cymadesk.storage import audit
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.findings import FindingStore

logger = logging.getLogger(__name__)

SettingValue = int | Decimal | tuple[str, ...]


class RiskError(Exception):
    """A request the risk service cannot carry out; ``message`` says why, for the user."""

    def __init__(self, message: Message, detail: str) -> None:
        super().__init__(detail)
        self.message = message


@dataclass(frozen=True, slots=True)
class Dismissal:
    """The outcome of a dismissal: the documents it applied to and those already dismissed."""

    dismissed: tuple[int, ...]
    already: tuple[int, ...]
    level: RiskLevel


class RiskService:
    """The risk engine's use cases on one open company."""

    def __init__(
        self,
        opened: OpenCompany,
        engine: RiskEngine,
        *,
        clock: Callable[[], dt.datetime],
        actor: audit.Actor | None = None,
    ) -> None:
        self.company = opened.company
        self.database = opened.database
        self.engine = engine
        self.clock = clock
        self.actor = actor or audit.Actor.current()

    def reevaluate(self) -> int:
        """Evaluate every stored document again, in one transaction; return how many."""
        now = self.clock()
        with self.database.write() as session:
            return self.engine.evaluate_all(session, self.company, now)

    def register_findings(self) -> list[RegisterFinding]:
        """Findings on SII register rows whose XML never arrived."""
        now = self.clock()
        with self.database.read() as session:
            return self.engine.register_findings(session, self.company, now)

    def has_register_rows(self) -> bool:
        """Tell whether the company has any RCV row, from a sync or an imported export."""
        with self.database.read() as session:
            return FindingStore(session, self.company.id).has_register_rows()

    def dismiss(self, emisor: Rut, tipo: int, folio: str, code: str, reason: str) -> Dismissal:
        """Dismiss the finding ``code`` of the document (every stored version of it).

        Raises RiskError when the reason is empty, the document is not stored, or it has
        no finding with that code.
        """
        reason = reason.strip()
        if not reason:
            raise RiskError(Message("riesgo.cli.motivo_vacio"), "empty dismissal reason")
        now = self.clock()
        folio = folio.strip().lstrip("0") or "0"
        with self.database.write() as session:
            documents = DocumentStore(session, self.company.id).find(emisor.canonical, tipo, folio)
            if not documents:
                raise RiskError(
                    Message(
                        "cli.mostrar.no_encontrado",
                        {"emisor": emisor.formatted, "tipo": tipo, "folio": folio},
                    ),
                    f"document {emisor.canonical} {tipo} {folio} not found",
                )
            store = FindingStore(session, self.company.id)
            dismissed: list[int] = []
            already: list[int] = []
            level = RiskLevel.SIN_HALLAZGOS
            for document in documents:
                record = next(
                    (item for item in store.findings(document.id) if item.code == code), None
                )
                if record is None:
                    continue
                if record.dismissed_at is not None:
                    already.append(document.id)
                    continue
                store.dismiss(document.id, code, reason=reason, by=self.actor.name, at=now)
                audit.append(
                    session,
                    company_id=self.company.id,
                    actor=self.actor,
                    action="riesgo.descartado",
                    at=now,
                    document_id=document.id,
                    evidence={
                        "codigo": code,
                        "severidad": record.severity,
                        "motivo": reason,
                        "parametros": dict(record.params),
                        "evidencia": dict(record.evidence),
                    },
                )
                level = store.update_level(document.id)
                dismissed.append(document.id)
            if not dismissed and not already:
                raise RiskError(
                    Message("riesgo.cli.sin_hallazgo", {"codigo": code}),
                    f"document {emisor.canonical} {tipo} {folio} has no finding {code}",
                )
            if dismissed:
                # SII_SIN_CONFIRMAR weighs the other findings, so it may go with this one.
                self.engine.evaluate(session, self.company, dismissed, now)
                level = store.update_level(dismissed[-1])
        logger.info("Dismissed finding %s of documents %s", code, dismissed)
        return Dismissal(tuple(dismissed), tuple(already), level)

    def settings(self) -> list[tuple[SettingSpec, SettingValue, bool]]:
        """Every setting with its value and whether the company stored one (else default)."""
        with self.database.read() as session:
            stored = FindingStore(session, self.company.id).settings()
        current = RiskSettings.from_stored(stored)
        return [(spec, current.value(spec), spec.key in stored) for spec in SETTINGS]

    def change_setting(self, key: str, value: Any) -> SettingValue:
        """Store a setting, audit the change and re-evaluate every document with it.

        Raises RiskError for an unknown key or a value that does not fit the setting.
        """
        spec = SETTINGS_BY_KEY.get(key)
        if spec is None:
            raise RiskError(
                Message(
                    "riesgo.cli.ajuste_desconocido",
                    {"clave": key, "claves": ", ".join(item.key for item in SETTINGS)},
                ),
                f"unknown setting {key}",
            )
        try:
            parsed = parse_value(spec, value)
        except InvalidSetting as error:
            raise RiskError(
                Message("riesgo.cli.ajuste_invalido", {"clave": key, "valor": str(value)}),
                str(error),
            ) from error
        now = self.clock()
        with self.database.write() as session:
            previous = FindingStore(session, self.company.id).set_setting(
                key, stored_form(spec, parsed), now
            )
            audit.append(
                session,
                company_id=self.company.id,
                actor=self.actor,
                action="riesgo.ajuste_cambiado",
                at=now,
                evidence={"clave": key, "antes": previous, "despues": stored_form(spec, parsed)},
            )
            self.engine.evaluate_all(session, self.company, now)
        return parsed
