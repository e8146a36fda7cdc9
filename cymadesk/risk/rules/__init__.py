"""Every risk rule, by area: the registry that the engine, the command line and the docs read.

Each module declares its rules (``RULES``) and the checks that produce their findings
(``CHECKS``). A check takes an ``Evaluation`` and yields findings; it reads no clock, no
database and no settings other than those in the evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from cymadesk.models.risk import RiskFinding
from cymadesk.risk.facts import Evaluation
from cymadesk.risk.registry import Rule
from cymadesk.risk.rules import (
    addressing,
    arithmetic,
    authenticity,
    dates,
    duplicates,
    history,
    references,
    sii,
)

Check = Callable[[Evaluation], Iterable[RiskFinding]]

_MODULES = (authenticity, sii, addressing, duplicates, history, dates, arithmetic, references)

ALL_RULES: tuple[Rule, ...] = tuple(rule for module in _MODULES for rule in module.RULES)
RULES_BY_CODE: Mapping[str, Rule] = {rule.code: rule for rule in ALL_RULES}
CHECKS: tuple[Check, ...] = tuple(check for module in _MODULES for check in module.CHECKS)

if len(RULES_BY_CODE) != len(ALL_RULES):
    raise RuntimeError("two risk rules share a code")


def evaluate(evaluation: Evaluation) -> list[RiskFinding]:
    """Run every check on one document; return its findings, one per rule code at most.

    ``SII_SIN_CONFIRMAR`` runs last, because it weighs the other findings.
    """
    findings: dict[str, RiskFinding] = {}
    for check in CHECKS:
        for finding in check(evaluation):
            findings.setdefault(finding.code, finding)
    unconfirmed = sii.check_unconfirmed(evaluation, findings.values())
    if unconfirmed is not None:
        findings.setdefault(unconfirmed.code, unconfirmed)
    return list(findings.values())
