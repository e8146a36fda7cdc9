"""Arithmetic: totals that do not add up, and taxes at a rate that is not the legal one.

The verification core checks the sums with the rates the document states; these rules also
check that those rates are the legal ones, since sums computed with a wrong rate still add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from cymadesk.formatting import format_number
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.verdict import VerdictKey
from cymadesk.risk.facts import Evaluation
from cymadesk.risk.registry import Area, Rule
from cymadesk.sii.arithmetic import LEGAL_IVA_RATE, LEGAL_TAX_RATES

TOTALES_NO_CUADRAN = Rule("TOTALES_NO_CUADRAN", Area.ARITMETICA, Severity.ALTA)
TASA_IVA_INCORRECTA = Rule("TASA_IVA_INCORRECTA", Area.ARITMETICA, Severity.ALTA)
TASA_IMPUESTO_INCORRECTA = Rule("TASA_IMPUESTO_INCORRECTA", Area.ARITMETICA, Severity.ALTA)

RULES = (TOTALES_NO_CUADRAN, TASA_IVA_INCORRECTA, TASA_IMPUESTO_INCORRECTA)

# IVA has been 19 % since 1 October 2003 (Ley 19.888).
IVA_RATE_SINCE = dt.date(2003, 10, 1)
# An IVA implied by MntNeto and IVA may differ from the rate by rounding; more than this
# many percentage points is another rate.
IMPLIED_RATE_TOLERANCE = Decimal("0.5")
# LEGAL_TAX_RATES apply to documents issued from the tax reform of this date (Ley 20.780).
TAX_RATES_SINCE = dt.date(2014, 10, 1)
BOLETA_TYPES = frozenset({39, 41})


def _rate_text(rate: Decimal) -> str:
    decimals = 0 if rate == rate.to_integral_value() else 1
    return format_number(rate, decimals) + " %"


def check_totals(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag amounts that do not add up (line sums, neto, IVA or total)."""
    verdict = evaluation.subject.failed(VerdictKey.ARITMETICA)
    if verdict is None or verdict.message.code != "aritmetica.no_cuadra":
        return
    params = verdict.message.params
    yield TOTALES_NO_CUADRAN.finding(
        {
            "comprobacion": str(params.get("comprobacion", "")),
            "esperado": str(params.get("esperado", "")),
            "encontrado": str(params.get("encontrado", "")),
        },
        dict(verdict.evidence),
    )


def check_iva_rate(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag IVA at a rate other than 19 %, stated in TasaIVA or implied by MntNeto and IVA."""
    subject = evaluation.subject
    totals = subject.document.totals
    issued = subject.fecha_emision
    if subject.tipo in BOLETA_TYPES or issued is None or issued < IVA_RATE_SINCE:
        return
    rate = totals.tasa_iva
    stated = rate is not None
    if rate is None:
        if not totals.mnt_neto or not totals.iva:
            return
        rate = (totals.iva * 100 / totals.mnt_neto).quantize(Decimal("0.01"))
        if abs(rate - LEGAL_IVA_RATE) <= IMPLIED_RATE_TOLERANCE:
            return
    elif rate == LEGAL_IVA_RATE or not totals.iva:
        return
    yield TASA_IVA_INCORRECTA.finding(
        {"tasa": _rate_text(rate), "legal": _rate_text(LEGAL_IVA_RATE)},
        {"tasa": str(rate), "declarada": stated, "tasa_legal": str(LEGAL_IVA_RATE)},
    )


def check_tax_rates(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag an additional tax or retention (ImptoReten) at a rate other than its legal one."""
    subject = evaluation.subject
    issued = subject.fecha_emision
    if issued is None or issued < TAX_RATES_SINCE:
        return
    wrong = [
        (tax.code, tax.rate, LEGAL_TAX_RATES[tax.code])
        for tax in subject.document.totals.taxes
        if tax.code in LEGAL_TAX_RATES
        and tax.rate is not None
        and tax.rate != LEGAL_TAX_RATES[tax.code]
    ]
    if not wrong:
        return
    code, rate, legal = wrong[0]
    yield TASA_IMPUESTO_INCORRECTA.finding(
        {"codigo": code, "tasa": _rate_text(rate), "legal": _rate_text(legal)},
        {
            "impuestos": [
                {"tipo_imp": code, "tasa": str(rate), "tasa_legal": str(legal)}
                for code, rate, legal in wrong
            ]
        },
    )


CHECKS = (check_totals, check_iva_rate, check_tax_rates)
