"""The declaration of each risk rule: its stable code, area, severity and texts.

A rule code is an ``AREA_WHAT`` identifier that never changes once released, because stored
findings and dismissals refer to it. Each rule has two catalogue texts: the explanation of a
finding (``riesgo.<CODE>``, with the evidence as parameters) and the general meaning that
the rule list and the docs show (``riesgo.regla.<CODE>``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cymadesk.models.message import Message, ParamValue
from cymadesk.models.risk import RiskFinding, Severity


class Area(enum.StrEnum):
    """What a rule looks at; the order is the order of the rule list."""

    AUTENTICIDAD = "autenticidad"
    SII = "sii"
    DESTINATARIO = "destinatario"
    DUPLICADOS = "duplicados"
    HISTORIAL = "historial"
    FECHAS = "fechas"
    ARITMETICA = "aritmetica"
    REFERENCIAS = "referencias"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: code, area and the severity of every finding it makes."""

    code: str
    area: Area
    severity: Severity

    @property
    def explanation_code(self) -> str:
        """Message code of a finding's explanation, as ``finding_from_record`` builds it."""
        return f"riesgo.{self.code}"

    @property
    def meaning_code(self) -> str:
        return f"riesgo.regla.{self.code}"

    def finding(
        self,
        params: Mapping[str, ParamValue] | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> RiskFinding:
        """Make a finding of this rule with the explanation's parameters and the evidence."""
        return RiskFinding(
            code=self.code,
            severity=self.severity,
            explanation=Message(self.explanation_code, dict(params or {})),
            evidence=dict(evidence or {}),
        )
