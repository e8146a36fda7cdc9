"""Specifications of documents to build: parties, lines, references, discounts and options.

Specs hold what an issuer types into its invoicing system. Every derived amount (line
amounts, MntNeto, IVA, MntTotal, commissions, retentions) is computed by
``cymadesk.sii.factory.totals``, never stored here. Amounts are ``Decimal`` or ``int`` (no
float). Text is what the document will show, in Chilean Spanish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cymadesk.models.rut import Rut

Amount = Decimal | int

DOCUMENTO_TYPES = frozenset({33, 34, 46, 52, 56, 61})
LIQUIDACION_TYPES = frozenset({43})
EXPORT_TYPES = frozenset({110, 111, 112})
BOLETA_TYPES = frozenset({39, 41})
SUPPORTED_TYPES = DOCUMENTO_TYPES | LIQUIDACION_TYPES | EXPORT_TYPES | BOLETA_TYPES
# Types whose every line is exempt: facturas exentas, boletas exentas and exports.
EXEMPT_ONLY_TYPES = frozenset({34, 41}) | EXPORT_TYPES
# Types that need a reference with CodRef to the document they modify.
NOTE_TYPES = frozenset({56, 61, 111, 112})
MAX_LINES = 60
# Schema limits of RznSoc/RznSocRecep and GiroEmis.
MAX_NAME_LENGTH = 100
MAX_GIRO_LENGTH = 80
MAX_BOLETA_LINES = 1000

# RUT the SII prescribes for foreign receptors without a Chilean RUT.
FOREIGN_RECEPTOR_RUT = "55555555-5"


@dataclass(frozen=True, slots=True)
class PartySpec:
    """An emisor or receptor. ``actecos`` (1 to 4 codes) are required for an emisor only.

    ``foreign_id`` and ``nationality`` (an Aduana country code) fill ``Extranjero`` for
    export receptors.
    """

    rut: str
    razon_social: str
    giro: str
    actecos: tuple[int, ...] = ()
    direccion: str | None = None
    comuna: str | None = None
    ciudad: str | None = None
    correo: str | None = None
    telefono: str | None = None
    contacto: str | None = None
    foreign_id: str | None = None
    nationality: str | None = None

    def __post_init__(self) -> None:
        Rut.parse(self.rut)
        if not 1 <= len(self.razon_social) <= MAX_NAME_LENGTH:
            raise ValueError(f"razon_social must have 1 to {MAX_NAME_LENGTH} characters")
        if len(self.giro) > MAX_GIRO_LENGTH:
            raise ValueError(
                f"giro has {len(self.giro)} characters; GiroEmis allows {MAX_GIRO_LENGTH}"
            )
        if len(self.actecos) > 4:
            raise ValueError(f"at most 4 Acteco codes are allowed, got {len(self.actecos)}")


@dataclass(frozen=True, slots=True)
class LineSpec:
    """One Detalle line. The amount is round_half_up(quantity × unit_price) − discount.

    ``discount_pct`` and ``discount_amount`` are alternatives; with both, the amount wins.
    ``additional_tax`` is a CodImpAdic code from ``totals.ADDITIONAL_TAX_RATES``.
    ``liquidated_type`` is the TpoDocLiq of a liquidación-factura line.
    """

    name: str
    unit_price: Amount
    quantity: Amount = 1
    unit: str | None = None
    exempt: bool = False
    discount_pct: Amount | None = None
    discount_amount: Amount | None = None
    description: str | None = None
    item_code: str | None = None
    additional_tax: str | None = None
    liquidated_type: int = 33

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("line name (NmbItem) must not be empty")
        if Decimal(self.quantity) <= 0 or Decimal(self.unit_price) < 0:
            raise ValueError(
                f"line {self.name!r}: quantity must be positive and price not negative"
            )


@dataclass(frozen=True, slots=True)
class ReferenceSpec:
    """A Referencia: ``doc_type`` is a TpoDocRef code such as "33", "801" or "SET".

    ``code`` is CodRef: 1 anula, 2 corrige texto, 3 corrige montos.
    """

    doc_type: str
    folio: str | int
    date: dt.date
    code: int | None = None
    reason: str | None = None
    other_rut: str | None = None


@dataclass(frozen=True, slots=True)
class GlobalDiscountSpec:
    """A DscRcgGlobal: a discount (or, with ``surcharge``) over the taxable or exempt lines.

    A percentage applies to the line sum before any global adjustment.
    """

    value: Amount
    is_percentage: bool = True
    glosa: str | None = None
    exempt: bool = False
    surcharge: bool = False

    def __post_init__(self) -> None:
        # ValorDR allows 2 decimals, even in exports whose amounts have 4.
        if Decimal(self.value) != round(Decimal(self.value), 2) or Decimal(self.value) < 0:
            raise ValueError(f"global discount value {self.value} must be >= 0 with 2 decimals")


@dataclass(frozen=True, slots=True)
class CommissionSpec:
    """A Comisiones entry of a liquidación-factura: a rate over MntNeto or a fixed amount.

    ``other_charge`` writes TipoMovim "O" (otros cargos) instead of "C" (comisión).
    """

    glosa: str
    rate_pct: Amount | None = None
    amount: int | None = None
    exempt: bool = False
    other_charge: bool = False

    def __post_init__(self) -> None:
        if (self.rate_pct is None) == (self.amount is None):
            raise ValueError(f"commission {self.glosa!r} needs exactly one of rate_pct or amount")


@dataclass(frozen=True, slots=True)
class TransportSpec:
    """The Transporte block of a guía de despacho."""

    patente: str | None = None
    rut_transportista: str | None = None
    rut_chofer: str | None = None
    nombre_chofer: str | None = None
    direccion_destino: str | None = None
    comuna_destino: str | None = None
    ciudad_destino: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """Everything an issuer states about one DTE; totals are computed from it.

    Type-specific fields: ``ind_traslado`` for guías (52, default 1 = operación constituye
    venta); ``moneda`` (e.g. "DOLAR USA") and ``tipo_cambio`` (pesos per unit) for exports;
    ``iva_retenido_total`` for facturas de compra (46) and their notes, written as
    ImptoReten code 15; ``commissions`` for liquidaciones-factura (43); ``ind_servicio``
    is mandatory for boletas (default 3 = ventas y servicios).
    """

    tipo: int
    folio: int
    fecha_emision: dt.date
    emisor: PartySpec
    receptor: PartySpec
    lines: tuple[LineSpec, ...]
    references: tuple[ReferenceSpec, ...] = ()
    global_discounts: tuple[GlobalDiscountSpec, ...] = ()
    forma_pago: int | None = None
    fecha_vencimiento: dt.date | None = None
    medio_pago: str | None = None
    term_pago_glosa: str | None = None
    term_pago_dias: int | None = None
    banco_pago: str | None = None
    numero_cuenta_pago: str | None = None
    tipo_cuenta_pago: str | None = None
    ind_servicio: int | None = None
    tipo_despacho: int | None = None
    ind_traslado: int | None = None
    transporte: TransportSpec | None = None
    moneda: str | None = None
    tipo_cambio: Amount | None = None
    forma_pago_exportacion: int | None = None
    iva_retenido_total: bool = False
    commissions: tuple[CommissionSpec, ...] = ()

    def __post_init__(self) -> None:
        if self.tipo not in SUPPORTED_TYPES:
            raise ValueError(
                f"unsupported TipoDTE {self.tipo}; use one of {sorted(SUPPORTED_TYPES)}"
            )
        if self.folio < 1:
            raise ValueError(f"folio must be positive, got {self.folio}")
        maximum = MAX_BOLETA_LINES if self.tipo in BOLETA_TYPES else MAX_LINES
        if not 1 <= len(self.lines) <= maximum:
            raise ValueError(f"a {self.tipo} needs 1 to {maximum} lines, got {len(self.lines)}")
        if not 1 <= len(self.emisor.actecos) <= 4 and self.tipo not in BOLETA_TYPES:
            raise ValueError("the emisor needs 1 to 4 Acteco codes")
        if self.tipo in EXPORT_TYPES and (self.moneda is None or self.tipo_cambio is None):
            raise ValueError("export documents need moneda and tipo_cambio")
        if self.tipo in LIQUIDACION_TYPES and not self.commissions:
            raise ValueError("a liquidación-factura (43) needs at least one commission")
        if self.tipo in NOTE_TYPES and not any(ref.code for ref in self.references):
            raise ValueError(f"a note ({self.tipo}) needs a reference with CodRef")
        if self.tipo in LIQUIDACION_TYPES and any(
            line.discount_pct is not None or line.discount_amount is not None for line in self.lines
        ):
            raise ValueError("liquidación-factura lines have no discount fields in the schema")

    @property
    def is_boleta(self) -> bool:
        return self.tipo in BOLETA_TYPES

    @property
    def is_export(self) -> bool:
        return self.tipo in EXPORT_TYPES

    @property
    def container(self) -> str:
        """The element under DTE: Documento, Liquidacion or Exportaciones."""
        if self.tipo in LIQUIDACION_TYPES:
            return "Liquidacion"
        if self.tipo in EXPORT_TYPES:
            return "Exportaciones"
        return "Documento"
