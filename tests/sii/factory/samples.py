"""Sample parties and one realistic spec per document type, with hand-computed totals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.factory.specs import (
    CommissionSpec,
    DocumentSpec,
    LineSpec,
    PartySpec,
    ReferenceSpec,
    TransportSpec,
)
from cymadesk.sii.factory.suppliers import EXPORT_BUYER

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SIGNED_AT = dt.datetime(2025, 3, 10, 11, 32, 5, tzinfo=SANTIAGO)
ISSUED_ON = dt.date(2025, 3, 10)
AUTHORISED_ON = dt.date(2025, 1, 6)
FOLIO_FROM = 101
FOLIO_TO = 300
FACTURA_FOLIO = 150
EXPORT_FOLIO = 120

EMISOR = PartySpec(
    rut="76086428-5",
    razon_social="Comercial O'Higgins & Cía. Ltda.",
    giro="Venta al por mayor de materiales de construcción",
    actecos=(466300, 475201),
    direccion="Av. Libertador Bernardo O'Higgins 1234",
    comuna="Rancagua",
    ciudad="Rancagua",
    correo="facturacion@comercialohiggins.cl",
    telefono="+56 72 222 3344",
)
RECEPTOR = PartySpec(
    rut="77123456-9",
    razon_social="Cyma Ingeniería y Servicios Integrales de Ñuñoa S.A.",
    giro="Servicios de ingeniería y consultoría técnica para la minería",
    direccion="Av. Irarrázaval 2401, of. 305",
    comuna="Ñuñoa",
    ciudad="Santiago",
    correo="dte@cyma.cl",
)
OTHER_ISSUER = PartySpec(
    rut="76354771-K",
    razon_social="Distribuidora Ñuñoa SpA",
    giro="Venta al por mayor de artículos de oficina",
    actecos=(464903,),
)

BOLETA_RECEPTOR = PartySpec(
    rut="66666666-6",
    razon_social="Consumidor final",
    giro="",
)

CEMENTO = LineSpec("Cemento Polpaico especial 25 kg", 5290, 40, "SAC")
FIERRO = LineSpec("Fierro estriado 12 mm x 6 m", Decimal("8990.5"), 3, "UN", discount_pct=5)
VINO = LineSpec("Vino Carménère Reserva 2022, caja 12 x 750 ml", Decimal("48.75"), 120, "CJ")
CABERNET = LineSpec(
    "Vino Cabernet Sauvignon Gran Reserva, caja 6 x 750 ml", Decimal("61.2345"), 35, "CJ"
)
FACTURA_REFERENCE = ReferenceSpec("33", FACTURA_FOLIO, dt.date(2025, 3, 3), 3, "Devolución")
EXPORT_REFERENCE = ReferenceSpec("110", EXPORT_FOLIO, dt.date(2025, 3, 3), 3, "Ajuste")

# MntTotal of each sample, computed by hand from its lines (see the comments).
EXPECTED_TOTALS: dict[int, str] = {
    # 40 × 5.290 = 211.600; 3 × 8.990,5 = 26.971,5 → 26.972 − 5 % (1.349) = 25.623;
    # neto 237.223, IVA 45.072 (45.072,37), total 282.295.
    33: "282295",
    # 1.850.000 + 215.430, exempt.
    34: "2065430",
    # Gross: 2 × 2.500 + 3 × 1.200 = 8.600.
    39: "8600",
    41: "15000",
    # Neto 4.350 × 1.890 = 8.221.500, IVA 1.562.085; commission 6 % = 493.290 + IVA
    # 93.725 (93.725,1); total 8.221.500 + 1.562.085 − 587.015 = 9.196.570.
    43: "9196570",
    # Neto 2.500 × 150 = 375.000, IVA 71.250 withheld in full (code 15): total 375.000.
    46: "375000",
    # Neto 100 × 5.290 = 529.000, IVA 100.510.
    52: "629510",
    # Neto 12.500, IVA 2.375.
    56: "14875",
    # Neto 5 × 5.290 = 26.450, IVA 5.026 (5.025,5 rounds up).
    61: "31476",
    # 120 × 48,75 = 5.850 and 35 × 61,2345 = 2.143,2075.
    110: "7993.2075",
    111: "350.00",
    112: "487.50",
}


def sample_spec(tipo: int, **changes: Any) -> DocumentSpec:
    """Return the sample document of ``tipo`` with ``changes`` applied."""
    spec = _SAMPLES[tipo]()
    return dataclasses.replace(spec, **changes) if changes else spec


def _domestic(tipo: int, lines: tuple[LineSpec, ...], **options: Any) -> DocumentSpec:
    return DocumentSpec(
        tipo=tipo,
        folio=FACTURA_FOLIO if tipo == 33 else 160,
        fecha_emision=ISSUED_ON,
        emisor=EMISOR,
        receptor=RECEPTOR,
        lines=lines,
        **options,
    )


def _export(tipo: int, lines: tuple[LineSpec, ...], **options: Any) -> DocumentSpec:
    return DocumentSpec(
        tipo=tipo,
        folio=EXPORT_FOLIO if tipo == 110 else 130,
        fecha_emision=ISSUED_ON,
        emisor=EMISOR,
        receptor=EXPORT_BUYER,
        lines=lines,
        moneda="DOLAR USA",
        tipo_cambio=Decimal("943.27"),
        **options,
    )


def _boleta(tipo: int, lines: tuple[LineSpec, ...]) -> DocumentSpec:
    return DocumentSpec(
        tipo=tipo,
        folio=170,
        fecha_emision=ISSUED_ON,
        emisor=EMISOR,
        receptor=BOLETA_RECEPTOR,
        lines=lines,
    )


_SAMPLES = {
    33: lambda: _domestic(
        33,
        (CEMENTO, FIERRO),
        forma_pago=2,
        fecha_vencimiento=dt.date(2025, 4, 9),
        term_pago_glosa="Transferencia a Banco de Chile, cta. cte. 00-123-45678-09",
        references=(ReferenceSpec("801", 4500012345, dt.date(2025, 3, 1)),),
    ),
    34: lambda: _domestic(
        34,
        (
            LineSpec("Arriendo oficina 1203 (inmueble sin amoblar)", 1850000, unit="MES"),
            LineSpec("Gastos comunes oficina 1203, marzo 2025", 215430, unit="MES"),
        ),
        forma_pago=2,
    ),
    39: lambda: _boleta(
        39, (LineSpec("Café americano", 2500, 2), LineSpec("Medialuna con jamón y queso", 1200, 3))
    ),
    41: lambda: _boleta(41, (LineSpec("Clase de repostería (entrada)", 15000),)),
    43: lambda: _domestic(
        43,
        (LineSpec("Venta en remate de novillos Hereford (kg vivo)", 1890, 4350, "KG"),),
        commissions=(CommissionSpec("Comisión de venta en feria", rate_pct=6),),
        forma_pago=2,
    ),
    46: lambda: _domestic(
        46,
        (LineSpec("Compra de chatarra de fierro (kg)", 150, 2500, "KG"),),
        iva_retenido_total=True,
        forma_pago=1,
    ),
    52: lambda: _domestic(
        52,
        (dataclasses.replace(CEMENTO, quantity=100),),
        tipo_despacho=2,
        transporte=TransportSpec(
            patente="GHJK42",
            rut_chofer="13185095-6",
            nombre_chofer="Pedro Pablo Aravena",
            direccion_destino=RECEPTOR.direccion,
            comuna_destino=RECEPTOR.comuna,
            ciudad_destino=RECEPTOR.ciudad,
        ),
    ),
    56: lambda: _domestic(
        56,
        (LineSpec("Intereses por mora", 12500),),
        references=(dataclasses.replace(FACTURA_REFERENCE, reason="Cobro de intereses"),),
    ),
    61: lambda: _domestic(
        61, (dataclasses.replace(CEMENTO, quantity=5),), references=(FACTURA_REFERENCE,)
    ),
    110: lambda: _export(110, (VINO, CABERNET), forma_pago=2),
    111: lambda: _export(
        111, (LineSpec("Flete adicional", Decimal(350)),), references=(EXPORT_REFERENCE,)
    ),
    112: lambda: _export(
        112, (dataclasses.replace(VINO, quantity=10),), references=(EXPORT_REFERENCE,)
    ),
}

ALL_TYPES = tuple(sorted(_SAMPLES))
