"""Risk findings on a received document and the level they add up to."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cymadesk.models.message import Message


class Severity(enum.StrEnum):
    ALTA = "alta"
    MEDIA = "media"
    BAJA = "baja"


class RiskLevel(enum.StrEnum):
    ALTO = "alto"
    MEDIO = "medio"
    BAJO = "bajo"
    SIN_HALLAZGOS = "sin_hallazgos"


_LEVEL_FOR = {
    Severity.ALTA: RiskLevel.ALTO,
    Severity.MEDIA: RiskLevel.MEDIO,
    Severity.BAJA: RiskLevel.BAJO,
}


@dataclass(frozen=True, slots=True)
class RiskFinding:
    """One rule's finding: a stable code (``AREA_WHAT``), its severity, why and the evidence."""

    code: str
    severity: Severity
    explanation: Message
    evidence: Mapping[str, Any] = field(default_factory=dict)
    dismissed_at: dt.datetime | None = None
    dismissed_by: str | None = None
    dismissed_reason: str | None = None

    @property
    def dismissed(self) -> bool:
        return self.dismissed_at is not None


def risk_level(findings: Iterable[RiskFinding]) -> RiskLevel:
    """Return the document's level: that of its most severe finding not dismissed."""
    order = [Severity.ALTA, Severity.MEDIA, Severity.BAJA]
    active = {finding.severity for finding in findings if not finding.dismissed}
    for severity in order:
        if severity in active:
            return _LEVEL_FOR[severity]
    return RiskLevel.SIN_HALLAZGOS
