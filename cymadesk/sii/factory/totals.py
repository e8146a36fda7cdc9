"""Amounts of a document computed from its spec, the way the SII format defines them.

Rounding is half up. Domestic amounts are whole pesos; export amounts are in the foreign
currency with up to 4 decimals. Per line, MontoItem = round(quantity × price) − discount,
where a percentage discount is rounded on its own. MntNeto is the sum of taxable lines and
MntExe the sum of exempt lines, each after the global discounts and surcharges that apply to
it (a percentage is taken over the line sum before any global adjustment). IVA =
round(MntNeto × 19 / 100). MntTotal = MntNeto + MntExe + IVA + additional taxes − withheld
IVA (facturas de compra) − commissions (liquidaciones-factura).

Boletas state gross prices (IVA included): MntTotal is the line sum, MntNeto =
round(taxable sum / 1.19) and IVA is the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cymadesk.sii.arithmetic import LEGAL_IVA_RATE, LEGAL_TAX_RATES
from cymadesk.sii.factory.specs import (
    EXEMPT_ONLY_TYPES,
    Amount,
    CommissionSpec,
    DocumentSpec,
    GlobalDiscountSpec,
    LineSpec,
)

IVA_RATE = LEGAL_IVA_RATE
IVA_RETENIDO_TOTAL = "15"
EXPORT_DECIMALS = 4

# CodImpAdic codes with a fixed rate (percent) that the builder can compute.
ADDITIONAL_TAX_RATES: dict[str, Decimal] = {
    code: LEGAL_TAX_RATES[code] for code in ("23", "24", "25", "26", "27", "271", "44", "45")
}

_HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class LineAmount:
    """A line's gross value (quantity × price, rounded), its discount and MontoItem."""

    gross: Decimal
    discount: Decimal | None
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TaxAmount:
    """An ImptoReten entry: TipoImp code, TasaImp (percent) and MontoImp."""

    code: str
    rate: Decimal
    amount: Decimal
    withheld: bool


@dataclass(frozen=True, slots=True)
class CommissionAmount:
    """A Comisiones entry with its ValComNeto, ValComExe and ValComIVA."""

    spec: CommissionSpec
    neto: Decimal
    exento: Decimal
    iva: Decimal


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    """Every computed amount of a document. ``None`` means the element is left out."""

    lines: tuple[LineAmount, ...]
    neto: Decimal | None
    exento: Decimal | None
    iva_rate: Decimal | None
    iva: Decimal | None
    taxes: tuple[TaxAmount, ...]
    commissions: tuple[CommissionAmount, ...]
    total: Decimal
    total_pesos: Decimal | None = None

    @property
    def commission_neto(self) -> Decimal:
        return sum((item.neto for item in self.commissions), Decimal(0))

    @property
    def commission_exento(self) -> Decimal:
        return sum((item.exento for item in self.commissions), Decimal(0))

    @property
    def commission_iva(self) -> Decimal:
        return sum((item.iva for item in self.commissions), Decimal(0))


def is_exempt(spec: DocumentSpec, line: LineSpec) -> bool:
    return line.exempt or spec.tipo in EXEMPT_ONLY_TYPES


def is_exempt_adjustment(spec: DocumentSpec, adjustment: GlobalDiscountSpec) -> bool:
    """Tell whether a global adjustment applies to MntExe, as all do in exempt-only types."""
    return adjustment.exempt or spec.tipo in EXEMPT_ONLY_TYPES


def line_amount(line: LineSpec, places: int) -> LineAmount:
    gross = round_half_up(Decimal(line.quantity) * Decimal(line.unit_price), places)
    discount: Decimal | None = None
    if line.discount_amount is not None:
        discount = Decimal(line.discount_amount)
    elif line.discount_pct is not None:
        discount = round_half_up(gross * Decimal(line.discount_pct) / _HUNDRED, places)
    amount = gross - (discount or 0)
    if amount < 0:
        raise ValueError(f"line {line.name!r}: the discount exceeds the line value")
    return LineAmount(gross, discount, amount)


def _adjusted(base: Decimal, adjustments: list[GlobalDiscountSpec], places: int) -> Decimal:
    result = base
    for adjustment in adjustments:
        value = Decimal(adjustment.value)
        change = (
            round_half_up(base * value / _HUNDRED, places) if adjustment.is_percentage else value
        )
        result += change if adjustment.surcharge else -change
    if result < 0:
        raise ValueError("global discounts exceed the amount they apply to")
    return result


def compute_totals(spec: DocumentSpec) -> DocumentTotals:
    """Compute line amounts and Totales for ``spec``; raise ValueError for impossible input."""
    places = EXPORT_DECIMALS if spec.is_export else 0
    amounts = tuple(line_amount(line, places) for line in spec.lines)
    taxable_lines = [
        (line, amount)
        for line, amount in zip(spec.lines, amounts, strict=True)
        if not is_exempt(spec, line)
    ]
    has_taxable = bool(taxable_lines)
    has_exempt = len(taxable_lines) < len(amounts)
    taxable = _adjusted(
        sum((amount.amount for _, amount in taxable_lines), Decimal(0)),
        [item for item in spec.global_discounts if not is_exempt_adjustment(spec, item)],
        places,
    )
    exempt = _adjusted(
        sum(
            (
                amount.amount
                for line, amount in zip(spec.lines, amounts, strict=True)
                if is_exempt(spec, line)
            ),
            Decimal(0),
        ),
        [item for item in spec.global_discounts if is_exempt_adjustment(spec, item)],
        places,
    )

    if spec.is_export:
        if spec.tipo_cambio is None:
            raise ValueError("export documents need tipo_cambio")
        pesos = round_half_up(exempt * Decimal(spec.tipo_cambio))
        return DocumentTotals(amounts, None, exempt, None, None, (), (), exempt, pesos)
    if spec.is_boleta:
        return _boleta_totals(amounts, taxable if has_taxable else None, exempt, has_exempt)

    neto = taxable if has_taxable else None
    iva = round_half_up(taxable * IVA_RATE / _HUNDRED) if has_taxable else None
    taxes = _additional_taxes(spec, taxable_lines)
    if spec.iva_retenido_total:
        if iva is None:
            raise ValueError("IVA retenido total needs taxable lines")
        taxes += (TaxAmount(IVA_RETENIDO_TOTAL, IVA_RATE, iva, withheld=True),)
    commissions = tuple(_commission(item, taxable, exempt) for item in spec.commissions)

    total = (neto or 0) + exempt + (iva or 0)
    total += sum((tax.amount for tax in taxes if not tax.withheld), Decimal(0))
    total -= sum((tax.amount for tax in taxes if tax.withheld), Decimal(0))
    total -= sum((item.neto + item.exento + item.iva for item in commissions), Decimal(0))
    return DocumentTotals(
        lines=amounts,
        neto=neto,
        exento=exempt if has_exempt else None,
        iva_rate=IVA_RATE if has_taxable else None,
        iva=iva,
        taxes=taxes,
        commissions=commissions,
        total=total,
    )


def _boleta_totals(
    amounts: tuple[LineAmount, ...], gross: Decimal | None, exempt: Decimal, has_exempt: bool
) -> DocumentTotals:
    neto = round_half_up(gross / (1 + IVA_RATE / _HUNDRED)) if gross is not None else None
    iva = gross - neto if gross is not None and neto is not None else None
    return DocumentTotals(
        lines=amounts,
        neto=neto,
        exento=exempt if has_exempt else None,
        iva_rate=IVA_RATE if gross is not None else None,
        iva=iva,
        taxes=(),
        commissions=(),
        total=(gross or 0) + exempt,
    )


def _additional_taxes(
    spec: DocumentSpec, taxable_lines: list[tuple[LineSpec, LineAmount]]
) -> tuple[TaxAmount, ...]:
    """Compute one ImptoReten per CodImpAdic code over the amounts of the lines that carry it.

    NOTE: the base is the line amounts before global discounts, which suits documents
    without global discounts on taxed lines.
    """
    bases: dict[str, Decimal] = {}
    for line, amount in taxable_lines:
        if line.additional_tax is None:
            continue
        if line.additional_tax not in ADDITIONAL_TAX_RATES:
            raise ValueError(
                f"unknown additional tax code {line.additional_tax!r}; "
                f"known: {', '.join(sorted(ADDITIONAL_TAX_RATES))}"
            )
        bases[line.additional_tax] = bases.get(line.additional_tax, Decimal(0)) + amount.amount
    if bases and spec.is_boleta:
        raise ValueError("boletas carry no additional taxes in this builder")
    return tuple(
        TaxAmount(
            code,
            ADDITIONAL_TAX_RATES[code],
            round_half_up(base * ADDITIONAL_TAX_RATES[code] / _HUNDRED),
            withheld=False,
        )
        for code, base in bases.items()
    )


def _commission(item: CommissionSpec, neto: Decimal, exempt: Decimal) -> CommissionAmount:
    base = exempt if item.exempt else neto
    value = (
        Decimal(item.amount)
        if item.amount is not None
        else round_half_up(base * _as_decimal(item.rate_pct) / _HUNDRED)
    )
    if item.exempt:
        return CommissionAmount(item, Decimal(0), value, Decimal(0))
    return CommissionAmount(item, value, Decimal(0), round_half_up(value * IVA_RATE / _HUNDRED))


def _as_decimal(value: Amount | None) -> Decimal:
    if value is None:
        raise ValueError("a commission needs rate_pct or amount")
    return Decimal(value)
