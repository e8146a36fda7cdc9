"""Many signed documents from the supplier catalogue, spread over a date range.

``generate_documents`` is deterministic in its content for a given seed: which supplier
issues what, when, with which lines, folios and references. Keys, and therefore signature
bytes, are new on every run. It plans every document first, so it can issue one CAF per
supplier and type that covers exactly the folios used, and one signer per supplier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.specs import (
    CommissionSpec,
    DocumentSpec,
    GlobalDiscountSpec,
    LineSpec,
    PartySpec,
    ReferenceSpec,
    TransportSpec,
)
from cymadesk.sii.factory.suppliers import EXPORT_BUYER, ItemTemplate, Supplier, supplier_catalogue

logger = logging.getLogger(__name__)

# Share of each type among generated documents; 33 takes what the others leave.
TYPE_WEIGHTS: dict[int, float] = {
    34: 0.06,
    61: 0.08,
    56: 0.02,
    52: 0.02,
    46: 0.01,
    43: 0.005,
    110: 0.005,
}
# With at least this many documents, each of these types appears at least once.
GUARANTEED_TYPES = (34, 61, 52, 46, 110)
MIN_DOCUMENTS_FOR_GUARANTEE = 12
DOLLAR_RATE_RANGE = (Decimal("880.00"), Decimal("990.00"))
CREDIT_NOTE_REASONS = (
    "Devolución de mercadería",
    "Descuento comercial no aplicado",
    "Error en precio unitario",
)


@dataclass(frozen=True, slots=True)
class GeneratedDocument:
    """One signed document, the spec it was built from and the supplier that issued it."""

    spec: DocumentSpec
    data: bytes
    supplier: Supplier
    signed_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _Planned:
    day: dt.date
    order: int
    supplier: Supplier
    tipo: int


@dataclass
class _IssuerState:
    """Signer, CAFs, next folio per type and the facturas already issued, per supplier."""

    signer: Signer
    cafs: dict[int, Caf]
    next_folio: dict[int, int]
    facturas: list[DocumentSpec] = dataclasses.field(default_factory=list)


def generate_documents(
    n: int,
    *,
    seed: int,
    receptor: PartySpec,
    authority: SandboxAuthority,
    start: dt.date,
    end: dt.date,
    suppliers: Sequence[Supplier] | None = None,
    signer_key_bits: int = 2048,
) -> Iterator[GeneratedDocument]:
    """Yield ``n`` signed documents addressed to ``receptor``, in issue-date order.

    Most are facturas (33); the rest follow ``TYPE_WEIGHTS``. Notes (56, 61) reference an
    earlier factura of the same supplier, or become facturas when there is none yet.
    Exception to the addressee: an export invoice (110) goes to a foreign buyer, as
    export invoices do, so it is not addressed to ``receptor``.
    """
    if n < 0 or end < start:
        raise ValueError(f"need n >= 0 and start <= end, got n={n}, {start}..{end}")
    rng = random.Random(seed)  # noqa: S311 (reproducible content, not secrets)
    catalogue = tuple(suppliers) if suppliers is not None else supplier_catalogue(seed)
    plan = _plan(n, rng, catalogue, start, end)
    states = _issuers(plan, rng, authority, start, end, signer_key_bits)
    logger.info("Generating %d documents from %d suppliers", n, len(states))

    for planned in plan:
        state = states[planned.supplier.rut]
        spec = _document(planned, state, rng, receptor)
        if spec.tipo == 33:
            state.facturas.append(spec)
        signed_at = _signing_time(rng, spec.fecha_emision)
        data = sign_document(spec, state.cafs[spec.tipo], state.signer, signed_at=signed_at)
        yield GeneratedDocument(spec, data, planned.supplier, signed_at)


def _plan(
    n: int, rng: random.Random, catalogue: Sequence[Supplier], start: dt.date, end: dt.date
) -> list[_Planned]:
    kinds = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    rest = 1.0 - sum(weights)
    tipos = [rng.choices([33, *kinds], [rest, *weights])[0] for _ in range(n)]
    if n >= MIN_DOCUMENTS_FOR_GUARANTEE:
        for position, tipo in zip(
            rng.sample(range(n), len(GUARANTEED_TYPES)), GUARANTEED_TYPES, strict=True
        ):
            tipos[position] = tipo

    span = (end - start).days
    planned = []
    for order, tipo in enumerate(tipos):
        issuers = [supplier for supplier in catalogue if _issues(supplier, tipo)]
        if not issuers:
            tipo = 33
            issuers = [supplier for supplier in catalogue if 33 in supplier.kinds]
        day = start + dt.timedelta(days=rng.randint(0, span))
        planned.append(_Planned(day, order, rng.choice(issuers), tipo))
    planned.sort(key=lambda item: (item.day, item.order))
    return planned


def _issues(supplier: Supplier, tipo: int) -> bool:
    if tipo in (56, 61):
        return 33 in supplier.kinds
    return tipo in supplier.kinds


def _issuers(
    plan: Sequence[_Planned],
    rng: random.Random,
    authority: SandboxAuthority,
    start: dt.date,
    end: dt.date,
    key_bits: int,
) -> dict[str, _IssuerState]:
    counts = Counter((item.supplier.rut, item.tipo) for item in plan)
    # A note may fall back to a factura, so the factura CAF also covers the notes.
    for (rut, tipo), count in list(counts.items()):
        if tipo in (56, 61):
            counts[(rut, 33)] += count
    by_rut = {item.supplier.rut: item.supplier for item in plan}
    not_before = dt.datetime.combine(start - dt.timedelta(days=365), dt.time(), SANTIAGO)
    not_after = dt.datetime.combine(end + dt.timedelta(days=365), dt.time(), SANTIAGO)

    states: dict[str, _IssuerState] = {}
    for rut, supplier in sorted(by_rut.items()):
        signer = authority.issue_signer(
            supplier.representative_rut,
            supplier.representative_name,
            not_before=not_before,
            not_after=not_after,
            key_bits=key_bits,
        )
        cafs: dict[int, Caf] = {}
        next_folio: dict[int, int] = {}
        for (caf_rut, tipo), count in sorted(counts.items()):
            if caf_rut != rut:
                continue
            first = rng.randint(1, 5000)
            cafs[tipo] = issue_caf(
                authority,
                rut_emisor=rut,
                razon_social=supplier.party.razon_social,
                tipo=tipo,
                folio_from=first,
                folio_to=first + count - 1,
                authorised_on=start - dt.timedelta(days=rng.randint(5, 60)),
            )
            next_folio[tipo] = first
        states[rut] = _IssuerState(signer, cafs, next_folio)
    return states


def _take_folio(state: _IssuerState, tipo: int) -> int:
    folio = state.next_folio[tipo]
    state.next_folio[tipo] = folio + 1
    return folio


def _document(
    planned: _Planned, state: _IssuerState, rng: random.Random, receptor: PartySpec
) -> DocumentSpec:
    supplier = planned.supplier
    tipo = planned.tipo
    if tipo in (56, 61) and not state.facturas:
        tipo = 33
    if tipo in (56, 61):
        return _note(tipo, planned.day, state, rng)
    if tipo == 110:
        return _export(planned.day, supplier, state, rng)

    day = planned.day
    options: dict[str, Any] = {
        "forma_pago": 1 if rng.random() < 0.2 else 2,
        "fecha_vencimiento": day + dt.timedelta(days=30),
        "term_pago_glosa": supplier.payment_terms,
    }
    if tipo == 33:
        options["references"] = _purchase_order(rng, day)
        options["global_discounts"] = _global_discount(rng)
    elif tipo == 52:
        options = {"transporte": _transport(rng, receptor)}
    elif tipo == 46:
        options["iva_retenido_total"] = True
    elif tipo == 43:
        commission = CommissionSpec("Comisión de venta en feria", rate_pct=Decimal(6))
        options["commissions"] = (commission,)
    return DocumentSpec(
        tipo=tipo,
        folio=_take_folio(state, tipo),
        fecha_emision=day,
        emisor=supplier.party,
        receptor=receptor,
        lines=_lines(supplier.items, rng, tipo),
        **options,
    )


def _lines(items: Sequence[ItemTemplate], rng: random.Random, tipo: int) -> tuple[LineSpec, ...]:
    count = rng.randint(1, min(4, len(items)))
    lines = []
    for item in rng.sample(list(items), count):
        price = _price(rng, item)
        quantity = rng.randint(1, item.max_quantity)
        discount = Decimal(rng.choice((5, 10))) if tipo == 33 and rng.random() < 0.15 else None
        lines.append(
            LineSpec(
                name=item.name,
                unit_price=price,
                quantity=quantity,
                unit=item.unit,
                exempt=item.exempt,
                discount_pct=discount,
                item_code=item.code,
            )
        )
    return tuple(lines)


def _price(rng: random.Random, item: ItemTemplate) -> Decimal:
    low = item.min_price
    high = item.max_price
    if low == low.to_integral_value() and high - low >= 10:
        return Decimal(rng.randint(int(low) // 10, int(high) // 10) * 10)
    cents = rng.randint(int(low * 100), int(high * 100))
    return Decimal(cents) / 100


def _purchase_order(rng: random.Random, day: dt.date) -> tuple[ReferenceSpec, ...]:
    if rng.random() >= 0.3:
        return ()
    order_date = day - dt.timedelta(days=rng.randint(1, 20))
    return (ReferenceSpec("801", 4_500_000_000 + rng.randint(0, 999_999), order_date),)


def _global_discount(rng: random.Random) -> tuple[GlobalDiscountSpec, ...]:
    if rng.random() >= 0.1:
        return ()
    return (
        GlobalDiscountSpec(Decimal(rng.choice((2, 3, 5))), glosa="Descuento cliente frecuente"),
    )


def _transport(rng: random.Random, receptor: PartySpec) -> TransportSpec:
    letters = "".join(rng.choice("BCDFGHJKLPRSTVWXYZ") for _ in range(4))
    return TransportSpec(
        patente=f"{letters}{rng.randint(10, 99)}",
        direccion_destino=receptor.direccion,
        comuna_destino=receptor.comuna,
        ciudad_destino=receptor.ciudad,
    )


def _note(tipo: int, day: dt.date, state: _IssuerState, rng: random.Random) -> DocumentSpec:
    factura = rng.choice(state.facturas[-20:])
    discounts: tuple[GlobalDiscountSpec, ...] = ()
    if tipo == 56:
        line = LineSpec("Intereses por mora", unit_price=rng.randint(5, 60) * 1000)
        reference = ReferenceSpec(
            "33", factura.folio, factura.fecha_emision, 3, "Cobro de intereses por pago atrasado"
        )
        lines: tuple[LineSpec, ...] = (line,)
    elif rng.random() < 0.3:
        reference = ReferenceSpec("33", factura.folio, factura.fecha_emision, 1, "Anula factura")
        lines = factura.lines
        discounts = factura.global_discounts
    else:
        first = factura.lines[0]
        lines = (dataclasses.replace(first, quantity=1),)
        reason = rng.choice(CREDIT_NOTE_REASONS)
        reference = ReferenceSpec("33", factura.folio, factura.fecha_emision, 3, reason)
    return DocumentSpec(
        tipo=tipo,
        folio=_take_folio(state, tipo),
        fecha_emision=max(day, factura.fecha_emision),
        emisor=factura.emisor,
        receptor=factura.receptor,
        lines=lines,
        references=(reference,),
        global_discounts=discounts,
    )


def _export(
    day: dt.date, supplier: Supplier, state: _IssuerState, rng: random.Random
) -> DocumentSpec:
    low, high = DOLLAR_RATE_RANGE
    rate = Decimal(rng.randint(int(low * 100), int(high * 100))) / 100
    return DocumentSpec(
        tipo=110,
        folio=_take_folio(state, 110),
        fecha_emision=day,
        emisor=supplier.party,
        receptor=EXPORT_BUYER,
        lines=_lines(supplier.items, rng, 110),
        forma_pago=2,
        moneda="DOLAR USA",
        tipo_cambio=rate,
    )


def _signing_time(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(8 * 60 + 30, 19 * 60 + 30)
    return dt.datetime.combine(
        day, dt.time(minute // 60, minute % 60, rng.randint(0, 59)), SANTIAGO
    )
