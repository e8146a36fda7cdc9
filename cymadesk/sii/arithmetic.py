"""Arithmetic of a DTE's totals: do the amounts add up the way the SII format defines?

The SII accepts documents whose sums are wrong (they must be corrected with notes), so these
checks are CymaDesk's own. Every check compares exact integers or decimals; rounding is half
up, as the SII format prescribes. Exceptions that are not errors: export documents (amounts in
a foreign currency, exempt only), exempt-only documents, gross-amount lines (``MntBruto``) and
boletas (gross by default), retained IVA in facturas de compra and their notes, and
liquidaciones-factura (commissions are subtracted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from cymadesk.formatting import format_amount
from cymadesk.models.document import Container, Document, GlobalAdjustment, Line, Totals
from cymadesk.models.dte_types import DteType
from cymadesk.models.message import Message
from cymadesk.models.money import iso_currency
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState

LEGAL_IVA_RATE = Decimal(19)
# Fixed legal rates (percent) of additional taxes and retentions by TipoImp code, in force
# since the tax reform of 1 October 2014 (Ley 20.780) for the alcohol and beverage codes.
LEGAL_TAX_RATES: dict[str, Decimal] = {
    "15": Decimal(19),
    "17": Decimal(5),
    "18": Decimal(5),
    "19": Decimal(12),
    "23": Decimal(15),
    "24": Decimal("31.5"),
    "25": Decimal("20.5"),
    "26": Decimal("20.5"),
    "27": Decimal(10),
    "271": Decimal(18),
    "44": Decimal(15),
    "45": Decimal(50),
}

# ImptoReten codes that the buyer withholds: they reduce MntTotal instead of adding to it.
RETENTION_CODES = frozenset(
    {
        "15",
        "16",
        "30",
        "301",
        "31",
        "32",
        "321",
        "33",
        "331",
        "34",
        "341",
        "36",
        "361",
        "37",
        "371",
        "38",
        "39",
        "40",
        "41",
        "46",
        "47",
        "48",
        "481",
        "49",
        "53",
    }
)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
# quantize() reads only the exponent of its argument: 1 for whole units, 1E-4 for 4 places.
_QUANTA = {places: _ONE.scaleb(-places) for places in (0, 4)}


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _ONE.scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


class Check(NamedTuple):
    """One equation: its name, the value it expects, the value found and the tolerance."""

    name: str
    expected: Decimal
    found: Decimal
    tolerance: Decimal = Decimal(0)

    @property
    def passed(self) -> bool:
        return abs(self.expected - self.found) <= self.tolerance


def verify_arithmetic(document: Document) -> Verdict:
    """Return the ``aritmetica`` verdict for a parsed document."""
    totals = document.totals
    if totals.mnt_total is None:
        return Verdict(VerdictKey.ARITMETICA, VerdictState.FALLA, Message("aritmetica.sin_total"))

    if document.container is Container.EXPORTACIONES or (
        document.tipo is not None and document.tipo.is_export
    ):
        checks = list(_export_checks(document))
        currency = iso_currency(totals.moneda_text)
        places = 4
    else:
        checks = list(_domestic_checks(document))
        currency = "CLP"
        places = 0

    rows = []
    first: Check | None = None  # the first check that does not add up
    for check in checks:
        passed = check.passed
        if first is None and not passed:
            first = check
        rows.append(
            {
                "nombre": check.name,
                "esperado": _number(check.expected, places),
                "encontrado": _number(check.found, places),
                "cuadra": passed,
            }
        )
    evidence: dict[str, Any] = {"comprobaciones": rows}
    if not checks:
        return Verdict(
            VerdictKey.ARITMETICA,
            VerdictState.NO_VERIFICABLE,
            Message("aritmetica.sin_datos"),
            evidence,
        )
    if first is not None:
        message = Message(
            "aritmetica.no_cuadra",
            {
                "comprobacion": first.name,
                "esperado": format_amount(first.expected, currency),
                "encontrado": format_amount(first.found, currency),
            },
        )
        return Verdict(VerdictKey.ARITMETICA, VerdictState.FALLA, message, evidence)
    return Verdict(
        VerdictKey.ARITMETICA,
        VerdictState.OK,
        Message("aritmetica.ok", {"cantidad": len(checks)}),
        evidence,
    )


def _number(value: Decimal, places: int) -> str:
    if places:
        return str(round_half_up(value, places))
    # Only a whole number with exponent 0 prints as bare digits, and rounding leaves it as
    # it is. Most amounts are such numbers, and str() is much cheaper than quantize().
    text = str(value)
    return text if text.isdigit() else str(round_half_up(value))


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((value or Decimal(0) for value in values), Decimal(0))


def _is_exempt_only(document: Document) -> bool:
    return document.tipo in (DteType.FACTURA_EXENTA, DteType.BOLETA_EXENTA)


def _line_buckets(document: Document) -> tuple[Decimal, Decimal, bool]:
    """Sum line amounts into (affected, exempt); the flag is False when some line was skipped."""
    affected = Decimal(0)
    exempt = Decimal(0)
    complete = True
    exempt_only = _is_exempt_only(document)
    for line in document.lines:
        amount = line.amount or Decimal(0)
        if line.ind_exe in (None, "0"):
            if exempt_only:
                exempt += amount
            else:
                affected += amount
        elif line.ind_exe == "1":
            exempt += amount
        elif line.ind_exe in ("2", "6"):
            continue  # non-billable: counted in MontoNF, not in the totals
        else:
            complete = False
    return affected, exempt, complete


def _apply_adjustments(
    base: Decimal,
    adjustments: Iterable[GlobalAdjustment],
    kind: Callable[[str | None], bool],
    places: int = 0,
) -> Decimal:
    """Apply global discounts and surcharges; percentages round to ``places`` decimals."""
    result = base
    for adjustment in adjustments:
        if adjustment.value is None or not kind(adjustment.ind_exe):
            continue
        amount = (
            round_half_up(base * adjustment.value / _HUNDRED, places)
            if adjustment.is_percentage
            else adjustment.value
        )
        result += -amount if adjustment.is_discount else amount
    return result


def _line_checks(lines: Iterable[Line], places: int) -> Iterable[Check]:
    for line in lines:
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        gross = round_half_up(line.quantity * line.unit_price, places)
        discount = line.discount_amount
        if discount is None and line.discount_pct is not None:
            discount = round_half_up(gross * line.discount_pct / _HUNDRED, places)
        surcharge = line.surcharge_amount
        if surcharge is None and line.surcharge_pct is not None:
            surcharge = round_half_up(gross * line.surcharge_pct / _HUNDRED, places)
        expected = gross - (discount or 0) + (surcharge or 0)
        # Issuers round quantity × price with up to 6 decimals each; one unit is rounding.
        yield Check(f"línea {line.number or '?'}", expected, line.amount, Decimal(1))


def _domestic_checks(document: Document) -> Iterable[Check]:
    totals = document.totals
    boleta = document.tipo is not None and document.tipo.is_boleta
    gross_lines = document.id_doc.monto_bruto or (
        boleta and document.id_doc.extra.get("IndMntNeto") != "2"
    )
    rate = totals.tasa_iva
    if rate is None and boleta:
        rate = LEGAL_IVA_RATE  # boletas carry no TasaIVA; their IVA is at the legal rate

    yield from _line_checks(document.lines, 0)

    affected, exempt, complete = _line_buckets(document)
    if document.lines and complete and document.container is not Container.LIQUIDACION:
        affected = _apply_adjustments(
            affected, document.adjustments, lambda ind: ind in (None, "0")
        )
        exempt = _apply_adjustments(exempt, document.adjustments, lambda ind: ind == "1")
        if gross_lines and boleta:
            yield Check("suma de líneas", affected + exempt, totals.mnt_total or Decimal(0))
        elif gross_lines and rate is not None and totals.mnt_neto is not None:
            neto = round_half_up(affected / (_ONE + rate / _HUNDRED))
            yield Check("neto desde líneas brutas", neto, totals.mnt_neto, Decimal(1))
        elif totals.mnt_neto is not None or affected:
            yield Check("neto", affected, totals.mnt_neto or Decimal(0))
        if exempt or totals.mnt_exe is not None:
            yield Check("exento", exempt, totals.mnt_exe or Decimal(0))

    if totals.mnt_neto is not None and totals.iva is not None and rate is not None:
        expected_iva = round_half_up(totals.mnt_neto * rate / _HUNDRED)
        yield Check("IVA", expected_iva, totals.iva, Decimal(1) if boleta else Decimal(0))

    yield Check("total", _expected_total(totals), totals.mnt_total or Decimal(0))


def _expected_total(totals: Totals) -> Decimal:
    additions = _sum(tax.amount for tax in totals.taxes if tax.code not in RETENTION_CODES)
    retentions = _sum(tax.amount for tax in totals.taxes if tax.code in RETENTION_CODES)
    commissions = _sum((totals.commission_neto, totals.commission_exento, totals.commission_iva))
    return (
        _sum((totals.mnt_neto, totals.mnt_exe, totals.iva))
        + additions
        - retentions
        + (totals.grnt_dep or 0)
        - (totals.cred_ec or 0)
        - commissions
    )


def _export_checks(document: Document) -> Iterable[Check]:
    totals = document.totals
    yield from _line_checks(document.lines, 4)
    lines = _sum(line.amount for line in document.lines if line.ind_exe not in ("2", "6"))
    if document.lines:
        expected = _apply_adjustments(lines, document.adjustments, lambda ind: ind != "2", 4)
        yield Check("suma de líneas", expected, totals.mnt_exe or Decimal(0), Decimal("0.01"))
    if totals.mnt_exe is not None:
        yield Check("total", totals.mnt_exe, totals.mnt_total or Decimal(0))
