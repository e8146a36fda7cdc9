"""Document type codes (TipoDTE) and the codes that appear in references."""

from __future__ import annotations

import enum


class DteType(enum.IntEnum):
    """Electronic document types the SII defines, with their official Spanish names."""

    FACTURA = 33
    FACTURA_EXENTA = 34
    BOLETA = 39
    BOLETA_EXENTA = 41
    LIQUIDACION_FACTURA = 43
    FACTURA_COMPRA = 46
    GUIA_DESPACHO = 52
    NOTA_DEBITO = 56
    NOTA_CREDITO = 61
    FACTURA_EXPORTACION = 110
    NOTA_DEBITO_EXPORTACION = 111
    NOTA_CREDITO_EXPORTACION = 112

    @property
    def spanish_name(self) -> str:
        return _NAMES[self]

    @property
    def short_name(self) -> str:
        """A name of at most 13 characters, for table columns; tooltips give the full name."""
        return _SHORT_NAMES[self]

    @property
    def has_acceptance_deadline(self) -> bool:
        """True for the types the SII acceptance registry takes (Ley 19.983, 8 days)."""
        return self in (DteType.FACTURA, DteType.FACTURA_EXENTA, DteType.LIQUIDACION_FACTURA)

    @property
    def is_export(self) -> bool:
        return self in (
            DteType.FACTURA_EXPORTACION,
            DteType.NOTA_DEBITO_EXPORTACION,
            DteType.NOTA_CREDITO_EXPORTACION,
        )

    @property
    def is_boleta(self) -> bool:
        return self in (DteType.BOLETA, DteType.BOLETA_EXENTA)

    @property
    def is_note(self) -> bool:
        return self in (
            DteType.NOTA_DEBITO,
            DteType.NOTA_CREDITO,
            DteType.NOTA_DEBITO_EXPORTACION,
            DteType.NOTA_CREDITO_EXPORTACION,
        )

    @property
    def is_credit_note(self) -> bool:
        return self in (DteType.NOTA_CREDITO, DteType.NOTA_CREDITO_EXPORTACION)

    @property
    def is_debit_note(self) -> bool:
        return self in (DteType.NOTA_DEBITO, DteType.NOTA_DEBITO_EXPORTACION)

    @classmethod
    def from_code(cls, code: int | str | None) -> DteType | None:
        """Return the type for a numeric code, or None for codes that are not a DTE."""
        try:
            return cls(int(str(code).strip()))
        except (TypeError, ValueError):
            return None


_NAMES = {
    DteType.FACTURA: "Factura Electrónica",
    DteType.FACTURA_EXENTA: "Factura No Afecta o Exenta Electrónica",
    DteType.BOLETA: "Boleta Electrónica",
    DteType.BOLETA_EXENTA: "Boleta Exenta Electrónica",
    DteType.LIQUIDACION_FACTURA: "Liquidación-Factura Electrónica",
    DteType.FACTURA_COMPRA: "Factura de Compra Electrónica",
    DteType.GUIA_DESPACHO: "Guía de Despacho Electrónica",
    DteType.NOTA_DEBITO: "Nota de Débito Electrónica",
    DteType.NOTA_CREDITO: "Nota de Crédito Electrónica",
    DteType.FACTURA_EXPORTACION: "Factura de Exportación Electrónica",
    DteType.NOTA_DEBITO_EXPORTACION: "Nota de Débito de Exportación Electrónica",
    DteType.NOTA_CREDITO_EXPORTACION: "Nota de Crédito de Exportación Electrónica",
}

_SHORT_NAMES = {
    DteType.FACTURA: "Factura",
    DteType.FACTURA_EXENTA: "Fact. exenta",
    DteType.BOLETA: "Boleta",
    DteType.BOLETA_EXENTA: "Boleta exenta",
    DteType.LIQUIDACION_FACTURA: "Liq.-factura",
    DteType.FACTURA_COMPRA: "Fact. compra",
    DteType.GUIA_DESPACHO: "Guía desp.",
    DteType.NOTA_DEBITO: "Nota débito",
    DteType.NOTA_CREDITO: "Nota crédito",
    DteType.FACTURA_EXPORTACION: "Fact. export.",
    DteType.NOTA_DEBITO_EXPORTACION: "ND export.",
    DteType.NOTA_CREDITO_EXPORTACION: "NC export.",
}

# Codes allowed in Referencia/TpoDocRef that are not electronic documents: paper documents,
# customs and commercial references, as the SII format document lists them.
REFERENCE_TYPE_NAMES: dict[str, str] = {
    "29": "Factura de inicio",
    "30": "Factura",
    "32": "Factura de venta bienes y servicios no afectos o exentos",
    "35": "Boleta",
    "38": "Boleta exenta",
    "40": "Liquidación factura",
    "45": "Factura de compra",
    "48": "Comprobante de pago electrónico",
    "50": "Guía de despacho",
    "55": "Nota de débito",
    "60": "Nota de crédito",
    "101": "Factura de exportación",
    "102": "Factura de venta exenta a zona franca primaria",
    "103": "Liquidación",
    "104": "Nota de débito de exportación",
    "105": "Boleta liquidación",
    "106": "Nota de crédito de exportación",
    "108": "Solicitud registro de factura (SRF)",
    "109": "Factura turista",
    "801": "Orden de compra",
    "802": "Nota de pedido",
    "803": "Contrato",
    "804": "Resolución",
    "805": "Proceso ChileCompra",
    "806": "Ficha ChileCompra",
    "807": "DUS",
    "808": "B/L (conocimiento de embarque)",
    "809": "AWB",
    "810": "MIC/DTA",
    "811": "Carta de porte",
    "812": "Resolución del SNA que califica servicios de exportación",
    "813": "Pasaporte",
    "814": "Certificado de depósito Bolsa de Productos de Chile",
    "815": "Vale de prenda Bolsa de Productos de Chile",
    "820": "Código de inscripción en el Registro de Acuerdos con Plazo de Pago Excepcional",
    "888": "Referencia a archivo adjunto",
    "SET": "Set de pruebas de certificación",
    "HES": "Hoja de entrada de servicios",
    "HEM": "Hoja de entrada de materiales",
    "COT": "Cotización",
}

PURCHASE_ORDER_REFERENCE = "801"


def reference_type_name(code: str) -> str:
    """Return the Spanish name of a TpoDocRef code, or the code itself when unknown."""
    code = code.strip().upper()
    dte_type = DteType.from_code(code) if code.isdigit() else None
    if dte_type is not None:
        return dte_type.spanish_name
    return REFERENCE_TYPE_NAMES.get(code, code)
