"""The parsed content of one DTE: header, parties, lines, totals, references and timbre.

Every type here is a plain frozen dataclass built by ``cymadesk.sii.parse``. Amounts are
``Decimal`` (never float); a value the XML does not carry is ``None``. Elements the model
does not name one by one are kept as ``extra`` mappings of tag to text, so no field of the
XML is lost.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cymadesk.models.dte_types import DteType
from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.rut import Rut

EMPTY: Mapping[str, str] = {}


class Container(enum.Enum):
    """The element under ``DTE`` that carries the document (the schema's choice)."""

    DOCUMENTO = "Documento"
    LIQUIDACION = "Liquidacion"
    EXPORTACIONES = "Exportaciones"


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Party:
    """Emisor or Receptor as written in the document."""

    rut_text: str | None
    rut: Rut | None
    razon_social: str | None
    giro: str | None = None
    actecos: tuple[str, ...] = ()
    telefonos: tuple[str, ...] = ()
    correo: str | None = None
    direccion: str | None = None
    comuna: str | None = None
    ciudad: str | None = None
    sucursal: str | None = None
    codigo_sucursal_sii: str | None = None
    contacto: str | None = None
    codigo_vendedor: str | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class IdDoc:
    """The IdDoc block: type, folio, dates and payment terms."""

    tipo_code: str | None
    folio: str | None
    fecha_emision: dt.date | None
    fecha_emision_text: str | None
    fecha_vencimiento: dt.date | None = None
    forma_pago: str | None = None
    medio_pago: str | None = None
    ind_servicio: str | None = None
    ind_traslado: str | None = None
    tipo_despacho: str | None = None
    monto_bruto: bool = False
    periodo_desde: dt.date | None = None
    periodo_hasta: dt.date | None = None
    terminos_pago_glosa: str | None = None
    terminos_pago_dias: str | None = None
    banco_pago: str | None = None
    cuenta_pago: str | None = None
    tipo_cuenta_pago: str | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Tax:
    """One ImptoReten entry: an additional tax or a withholding (TipoImp codes)."""

    code: str
    rate: Decimal | None
    amount: Decimal | None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Commission:
    """A Comisiones entry of a liquidación-factura (or of a factura de compra)."""

    number: str | None
    kind: str | None
    glosa: str | None
    rate: Decimal | None
    neto: Decimal | None
    exento: Decimal | None
    iva: Decimal | None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Totals:
    """The Totales block. Export documents carry only moneda, exento and total."""

    moneda_text: str | None = None
    mnt_neto: Decimal | None = None
    mnt_exe: Decimal | None = None
    mnt_base: Decimal | None = None
    mnt_margen_com: Decimal | None = None
    tasa_iva: Decimal | None = None
    iva: Decimal | None = None
    iva_prop: Decimal | None = None
    iva_terc: Decimal | None = None
    taxes: tuple[Tax, ...] = ()
    iva_no_ret: Decimal | None = None
    cred_ec: Decimal | None = None
    grnt_dep: Decimal | None = None
    commission_neto: Decimal | None = None
    commission_exento: Decimal | None = None
    commission_iva: Decimal | None = None
    mnt_total: Decimal | None = None
    mnt_total_text: str | None = None
    monto_nf: Decimal | None = None
    monto_periodo: Decimal | None = None
    saldo_anterior: Decimal | None = None
    vlr_pagar: Decimal | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class OtherCurrency:
    """OtraMoneda: the totals converted to a second currency (pesos for exports)."""

    moneda_text: str | None
    tipo_cambio: Decimal | None
    mnt_neto: Decimal | None
    mnt_exe: Decimal | None
    iva: Decimal | None
    mnt_total: Decimal | None
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Transport:
    """Transporte: vehicle, driver, destination and the customs (Aduana) block."""

    patente: str | None = None
    rut_transportista: str | None = None
    rut_chofer: str | None = None
    nombre_chofer: str | None = None
    direccion_destino: str | None = None
    comuna_destino: str | None = None
    ciudad_destino: str | None = None
    aduana: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class ItemCode:
    kind: str | None
    value: str | None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Line:
    """One Detalle line."""

    number: int | None
    name: str | None
    description: str | None = None
    codes: tuple[ItemCode, ...] = ()
    ind_exe: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    discount_pct: Decimal | None = None
    discount_amount: Decimal | None = None
    surcharge_pct: Decimal | None = None
    surcharge_amount: Decimal | None = None
    additional_tax_codes: tuple[str, ...] = ()
    amount: Decimal | None = None
    liquidated_doc_type: str | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class SubTotal:
    """A SubTotInfo entry (informative subtotals)."""

    number: str | None
    glosa: str | None
    neto: Decimal | None
    iva: Decimal | None
    adicional: Decimal | None
    exento: Decimal | None
    value: Decimal | None
    lines: tuple[str, ...] = ()


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class GlobalAdjustment:
    """A DscRcgGlobal entry: a global discount (D) or surcharge (R)."""

    number: str | None
    movement: str | None
    glosa: str | None
    value_kind: str | None
    value: Decimal | None
    ind_exe: str | None

    @property
    def is_discount(self) -> bool:
        return (self.movement or "").upper() == "D"

    @property
    def is_percentage(self) -> bool:
        return self.value_kind == "%"


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Reference:
    """A Referencia entry: another document, a purchase order, a SET of certification…"""

    number: str | None
    doc_type: str | None
    folio: str | None
    date: dt.date | None = None
    code: str | None = None
    reason: str | None = None
    ind_global: bool = False
    other_rut: str | None = None

    @property
    def dte_type(self) -> DteType | None:
        return DteType.from_code(self.doc_type) if self.doc_type else None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Caf:
    """The CAF (folio authorisation) as carried inside the TED."""

    rut_emisor: str | None
    razon_social: str | None
    tipo_code: str | None
    folio_from: int | None
    folio_to: int | None
    authorised_on: dt.date | None
    rsa_modulus: bytes | None
    rsa_exponent: bytes | None
    idk: int | None
    frma: bytes | None
    frma_algorithm: str | None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Ted:
    """The electronic stamp (Timbre Electrónico DTE): DD data, CAF and FRMT."""

    rut_emisor: str | None
    tipo_code: str | None
    folio: str | None
    fecha_emision: str | None
    rut_receptor: str | None
    razon_social_receptor: str | None
    monto_total: str | None
    first_item: str | None
    stamped_at: dt.datetime | None
    caf: Caf | None
    frmt: bytes | None
    frmt_algorithm: str | None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Document:
    """One DTE as parsed from its XML. Whether it is authentic is for the verdicts to show."""

    container: Container
    element_id: str | None
    tipo: DteType | None
    id_doc: IdDoc
    emisor: Party
    receptor: Party
    totals: Totals
    other_currency: OtherCurrency | None = None
    transport: Transport | None = None
    rut_mandante: str | None = None
    lines: tuple[Line, ...] = ()
    subtotals: tuple[SubTotal, ...] = ()
    adjustments: tuple[GlobalAdjustment, ...] = ()
    references: tuple[Reference, ...] = ()
    commissions: tuple[Commission, ...] = ()
    ted: Ted | None = None
    signed_at: dt.datetime | None = None

    @property
    def folio(self) -> str | None:
        return self.id_doc.folio

    @property
    def fecha_emision(self) -> dt.date | None:
        return self.id_doc.fecha_emision
