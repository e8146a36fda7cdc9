"""Build and sign DTEs the way Chilean issuers make them: body, TED, TmstFirma, XMLDSig.

``sign_document`` builds the ``DTE`` element from a ``DocumentSpec``, with the elements in
the order of the official schemas (``DTE_v10.xsd``, and ``EnvioBOLETA_v11.xsd`` for
boletas). It stamps the document with a TED made with the CAF's private key. Then it signs
the ``Documento`` (or ``Liquidacion``/``Exportaciones``) with the signer's certificate,
treating the ``DTE`` as a file of its own. The result is ISO-8859-1 bytes with an XML
declaration.

The TED's FRMT is SHA1withRSA over the ``DD`` element flattened (no namespace, no whitespace
between tags, ISO-8859-1), so a TED laid out with indentation verifies like a flat one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from lxml import etree

from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.caf import Caf
from cymadesk.sii.factory.signing import (
    SigningKey,
    append_signature,
    b64,
    flatten,
    latin1_bytes,
    sign_rsa_sha1,
)
from cymadesk.sii.factory.specs import (
    BOLETA_TYPES,
    CommissionSpec,
    DocumentSpec,
    GlobalDiscountSpec,
    LineSpec,
    PartySpec,
    ReferenceSpec,
    TransportSpec,
)
from cymadesk.sii.factory.totals import (
    EXPORT_DECIMALS,
    CommissionAmount,
    DocumentTotals,
    compute_totals,
    is_exempt,
    is_exempt_adjustment,
)

__all__ = [
    "CommissionSpec",
    "DocumentSpec",
    "GlobalDiscountSpec",
    "LineSpec",
    "PartySpec",
    "ReferenceSpec",
    "TransportSpec",
    "build_dte",
    "sign_document",
]

TedLayout = Literal["flat", "pretty"]

XML_DECLARATION = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
# DD/RSR and DD/IT1 hold the first 40 characters of the receptor's name and first item.
TED_TEXT_LENGTH = 40
# GiroRecep allows 40 characters; issuers cut longer activities to fit.
GIRO_RECEPTOR_LENGTH = 40
INDENT = "  "

_LATIN1_PARSER = etree.XMLParser(
    encoding="iso-8859-1", resolve_entities=False, no_network=True, load_dtd=False
)

# IdDoc children in schema order, and the ones each container allows.
_ID_DOC_ORDER = (
    "TipoDTE",
    "Folio",
    "FchEmis",
    "TipoDespacho",
    "IndTraslado",
    "IndServicio",
    "FmaPago",
    "FmaPagExp",
    "MedioPago",
    "TpoCtaPago",
    "NumCtaPago",
    "BcoPago",
    "TermPagoGlosa",
    "TermPagoDias",
    "FchVenc",
)
_ID_DOC_EXCLUDED = {
    "Documento": {"FmaPagExp"},
    "Liquidacion": {"TipoDespacho", "IndTraslado", "FmaPagExp"},
    "Exportaciones": {"IndTraslado"},
    "Boleta": {
        "TipoDespacho",
        "IndTraslado",
        "FmaPago",
        "FmaPagExp",
        "MedioPago",
        "TpoCtaPago",
        "NumCtaPago",
        "BcoPago",
        "TermPagoGlosa",
        "TermPagoDias",
    },
}

Value = str | int | Decimal | dt.date | None


class _Writer:
    """Creates elements in the SII namespace, or in none for portal-style documents."""

    def __init__(self, namespace: str | None) -> None:
        self.namespace = namespace

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}" if self.namespace else name

    def root(self, name: str, **attributes: str) -> etree._Element:
        nsmap = {None: self.namespace} if self.namespace else None
        return etree.Element(self.tag(name), attributes, nsmap=nsmap)  # type: ignore[arg-type]

    def add(self, parent: etree._Element, name: str, value: Value = None) -> etree._Element:
        element = etree.SubElement(parent, self.tag(name))
        if value is not None:
            element.text = _text(value)
        return element

    def optional(self, parent: etree._Element, name: str, value: Value) -> None:
        if value is not None:
            self.add(parent, name, value)

    def copy(self, parent: etree._Element, source: etree._Element) -> etree._Element:
        """Copy ``source`` (text, attributes, whitespace) under ``parent`` in this namespace."""
        element = self.add(parent, etree.QName(source).localname)
        for key, value in source.attrib.items():
            element.set(key, value)
        element.text = source.text
        element.tail = source.tail
        for node in source:
            if isinstance(node.tag, str):
                self.copy(element, node)
        return element


def _text(value: Value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return str(value)


def _decimal_text(value: Decimal) -> str:
    """Plain decimal notation with no trailing zeros ("1500", "12.5", "0.125")."""
    return format(value.normalize(), "f")


def _foreign_amount(value: Decimal) -> str:
    """Format an amount in a foreign currency with 2 to 4 decimals ("30276.00", "12.3456")."""
    text = f"{value:.{EXPORT_DECIMALS}f}"
    while text.endswith("0") and len(text.partition(".")[2]) > 2:
        text = text[:-1]
    return text


def timestamp_text(moment: dt.datetime) -> str:
    """Format an SII timestamp: Chilean local time, no offset, to the second.

    A naive ``moment`` is taken as Chilean local time already.
    """
    local = moment.astimezone(SANTIAGO).replace(tzinfo=None) if moment.tzinfo else moment
    return local.isoformat(timespec="seconds")


def _container_kind(spec: DocumentSpec) -> str:
    return "Boleta" if spec.tipo in BOLETA_TYPES else spec.container


def build_dte(
    spec: DocumentSpec,
    caf: Caf,
    *,
    signed_at: dt.datetime,
    stamped_at: dt.datetime | None = None,
    namespace: bool = True,
    document_id: str | None = None,
) -> etree._Element:
    """Build the unsigned ``DTE`` element, TED and TmstFirma included, with no whitespace."""
    writer = _Writer(SII_NAMESPACE if namespace else None)
    totals = compute_totals(spec)
    dte = writer.root("DTE", version="1.0")
    body = writer.add(dte, spec.container)
    body.set("ID", document_id or f"F{spec.folio}T{spec.tipo}")

    header = writer.add(body, "Encabezado")
    _add_id_doc(writer, header, spec)
    _add_emisor(writer, header, spec)
    _add_receptor(writer, header, spec)
    if spec.transporte is not None:
        _add_transport(writer, header, spec.transporte)
    _add_totals(writer, header, spec, totals)
    if spec.is_export:
        _add_other_currency(writer, header, spec, totals)

    for number, (line, amount) in enumerate(zip(spec.lines, totals.lines, strict=True), 1):
        _add_line(writer, body, spec, number, line, amount.discount, amount.amount)
    for number, adjustment in enumerate(spec.global_discounts, 1):
        _add_global_discount(writer, body, spec, number, adjustment)
    for number, reference in enumerate(spec.references, 1):
        _add_reference(writer, body, spec, number, reference)
    for number, commission in enumerate(totals.commissions, 1):
        _add_commission(writer, body, number, commission)

    _add_ted(writer, body, spec, totals, caf, stamped_at or signed_at)
    writer.add(body, "TmstFirma", timestamp_text(signed_at))
    return dte


def _add_id_doc(writer: _Writer, header: etree._Element, spec: DocumentSpec) -> None:
    values: dict[str, Value] = {
        "TipoDTE": spec.tipo,
        "Folio": spec.folio,
        "FchEmis": spec.fecha_emision,
        "TipoDespacho": spec.tipo_despacho,
        "IndTraslado": spec.ind_traslado or (1 if spec.tipo == 52 else None),
        "IndServicio": spec.ind_servicio or (3 if spec.is_boleta else None),
        "FmaPago": spec.forma_pago,
        "FmaPagExp": spec.forma_pago_exportacion,
        "MedioPago": spec.medio_pago,
        "TpoCtaPago": spec.tipo_cuenta_pago,
        "NumCtaPago": spec.numero_cuenta_pago,
        "BcoPago": spec.banco_pago,
        "TermPagoGlosa": spec.term_pago_glosa,
        "TermPagoDias": spec.term_pago_dias,
        "FchVenc": spec.fecha_vencimiento,
    }
    excluded = _ID_DOC_EXCLUDED[_container_kind(spec)]
    unsupported = [name for name in excluded if values[name] is not None]
    if unsupported:
        raise ValueError(f"a {spec.tipo} cannot carry {', '.join(sorted(unsupported))}")
    id_doc = writer.add(header, "IdDoc")
    for name in _ID_DOC_ORDER:
        if name not in excluded:
            writer.optional(id_doc, name, values[name])


def _add_emisor(writer: _Writer, header: etree._Element, spec: DocumentSpec) -> None:
    party = spec.emisor
    emisor = writer.add(header, "Emisor")
    writer.add(emisor, "RUTEmisor", Rut.parse(party.rut).canonical)
    if spec.is_boleta:
        writer.add(emisor, "RznSocEmisor", party.razon_social)
        writer.add(emisor, "GiroEmisor", party.giro)
    else:
        writer.add(emisor, "RznSoc", party.razon_social)
        writer.add(emisor, "GiroEmis", party.giro)
        writer.optional(emisor, "Telefono", party.telefono)
        writer.optional(emisor, "CorreoEmisor", party.correo)
        for code in party.actecos:
            writer.add(emisor, "Acteco", code)
    if spec.container == "Liquidacion" and party.direccion is None:
        raise ValueError("a liquidación-factura needs the emisor's direccion (DirOrigen)")
    writer.optional(emisor, "DirOrigen", party.direccion)
    writer.optional(emisor, "CmnaOrigen", party.comuna)
    writer.optional(emisor, "CiudadOrigen", party.ciudad)


def _add_receptor(writer: _Writer, header: etree._Element, spec: DocumentSpec) -> None:
    party = spec.receptor
    receptor = writer.add(header, "Receptor")
    writer.add(receptor, "RUTRecep", Rut.parse(party.rut).canonical)
    writer.add(receptor, "RznSocRecep", party.razon_social)
    if spec.is_boleta:
        writer.optional(receptor, "Contacto", party.contacto)
        writer.optional(receptor, "DirRecep", party.direccion)
        writer.optional(receptor, "CmnaRecep", party.comuna)
        writer.optional(receptor, "CiudadRecep", party.ciudad)
        return
    if spec.container == "Liquidacion" and (party.direccion is None or party.comuna is None):
        raise ValueError("a liquidación-factura needs the receptor's direccion and comuna")
    if (party.foreign_id or party.nationality) and spec.container != "Liquidacion":
        foreign = writer.add(receptor, "Extranjero")
        writer.optional(foreign, "NumId", party.foreign_id)
        writer.optional(foreign, "Nacionalidad", party.nationality)
    writer.optional(receptor, "GiroRecep", party.giro[:GIRO_RECEPTOR_LENGTH] or None)
    writer.optional(receptor, "Contacto", party.contacto)
    writer.optional(receptor, "CorreoRecep", party.correo)
    writer.optional(receptor, "DirRecep", party.direccion)
    writer.optional(receptor, "CmnaRecep", party.comuna)
    writer.optional(receptor, "CiudadRecep", party.ciudad)


def _add_transport(writer: _Writer, header: etree._Element, transport: TransportSpec) -> None:
    element = writer.add(header, "Transporte")
    writer.optional(element, "Patente", transport.patente)
    writer.optional(element, "RUTTrans", transport.rut_transportista)
    if transport.rut_chofer is not None and transport.nombre_chofer is not None:
        driver = writer.add(element, "Chofer")
        writer.add(driver, "RUTChofer", transport.rut_chofer)
        writer.add(driver, "NombreChofer", transport.nombre_chofer)
    writer.optional(element, "DirDest", transport.direccion_destino)
    writer.optional(element, "CmnaDest", transport.comuna_destino)
    writer.optional(element, "CiudadDest", transport.ciudad_destino)


def _add_totals(
    writer: _Writer, header: etree._Element, spec: DocumentSpec, totals: DocumentTotals
) -> None:
    element = writer.add(header, "Totales")
    if spec.is_export:
        writer.add(element, "TpoMoneda", spec.moneda)
        writer.add(element, "MntExe", _foreign_amount(totals.total))
        writer.add(element, "MntTotal", _foreign_amount(totals.total))
        return
    writer.optional(element, "MntNeto", totals.neto)
    writer.optional(element, "MntExe", totals.exento)
    if not spec.is_boleta:
        writer.optional(element, "TasaIVA", totals.iva_rate)
    writer.optional(element, "IVA", totals.iva)
    for tax in totals.taxes:
        entry = writer.add(element, "ImptoReten")
        writer.add(entry, "TipoImp", tax.code)
        writer.add(entry, "TasaImp", tax.rate)
        writer.add(entry, "MontoImp", tax.amount)
    if totals.commissions:
        commissions = writer.add(element, "Comisiones")
        writer.add(commissions, "ValComNeto", totals.commission_neto)
        writer.add(commissions, "ValComExe", totals.commission_exento)
        writer.add(commissions, "ValComIVA", totals.commission_iva)
    writer.add(element, "MntTotal", totals.total)


def _add_other_currency(
    writer: _Writer, header: etree._Element, spec: DocumentSpec, totals: DocumentTotals
) -> None:
    element = writer.add(header, "OtraMoneda")
    writer.add(element, "TpoMoneda", "PESO CL")
    writer.add(element, "TpoCambio", Decimal(spec.tipo_cambio or 0))
    writer.add(element, "MntExeOtrMnda", totals.total_pesos)
    writer.add(element, "MntTotOtrMnda", totals.total_pesos)


def _add_line(
    writer: _Writer,
    body: etree._Element,
    spec: DocumentSpec,
    number: int,
    line: LineSpec,
    discount: Decimal | None,
    amount: Decimal,
) -> None:
    element = writer.add(body, "Detalle")
    writer.add(element, "NroLinDet", number)
    if line.item_code is not None:
        code = writer.add(element, "CdgItem")
        writer.add(code, "TpoCodigo", "INT1")
        writer.add(code, "VlrCodigo", line.item_code)
    if spec.container == "Liquidacion":
        writer.add(element, "TpoDocLiq", line.liquidated_type)
    if is_exempt(spec, line):
        writer.add(element, "IndExe", 1)
    writer.add(element, "NmbItem", line.name)
    writer.optional(element, "DscItem", line.description)
    writer.add(element, "QtyItem", Decimal(line.quantity))
    writer.optional(element, "UnmdItem", line.unit)
    writer.add(element, "PrcItem", Decimal(line.unit_price))
    if line.discount_pct is not None:
        writer.add(element, "DescuentoPct", Decimal(line.discount_pct))
    if discount is not None and discount == discount.to_integral_value():
        # DescuentoMonto is a whole number in the schema; exports may state only the rate.
        writer.add(element, "DescuentoMonto", int(discount))
    if line.additional_tax is not None:
        writer.add(element, "CodImpAdic", line.additional_tax)
    writer.add(element, "MontoItem", _foreign_amount(amount) if spec.is_export else amount)


def _add_global_discount(
    writer: _Writer,
    body: etree._Element,
    spec: DocumentSpec,
    number: int,
    adjustment: GlobalDiscountSpec,
) -> None:
    if spec.container == "Liquidacion":
        raise ValueError("a liquidación-factura has no DscRcgGlobal in the schema")
    element = writer.add(body, "DscRcgGlobal")
    writer.add(element, "NroLinDR", number)
    writer.add(element, "TpoMov", "R" if adjustment.surcharge else "D")
    writer.optional(element, "GlosaDR", adjustment.glosa)
    writer.add(element, "TpoValor", "%" if adjustment.is_percentage else "$")
    writer.add(element, "ValorDR", Decimal(adjustment.value))
    if is_exempt_adjustment(spec, adjustment):
        writer.add(element, "IndExeDR", 1)


def _add_reference(
    writer: _Writer,
    body: etree._Element,
    spec: DocumentSpec,
    number: int,
    reference: ReferenceSpec,
) -> None:
    element = writer.add(body, "Referencia")
    writer.add(element, "NroLinRef", number)
    writer.add(element, "TpoDocRef", reference.doc_type)
    writer.add(element, "FolioRef", reference.folio)
    if spec.is_boleta:
        writer.optional(element, "CodRef", reference.code)
        writer.optional(element, "RazonRef", reference.reason)
        return
    if reference.other_rut is not None and spec.container == "Liquidacion":
        raise ValueError("a liquidación-factura reference has no RUTOtr in the schema")
    writer.optional(element, "RUTOtr", reference.other_rut)
    writer.add(element, "FchRef", reference.date)
    writer.optional(element, "CodRef", reference.code)
    writer.optional(element, "RazonRef", reference.reason)


def _add_commission(
    writer: _Writer,
    body: etree._Element,
    number: int,
    amounts: CommissionAmount,
) -> None:
    commission = amounts.spec
    element = writer.add(body, "Comisiones")
    writer.add(element, "NroLinCom", number)
    writer.add(element, "TipoMovim", "O" if commission.other_charge else "C")
    writer.add(element, "Glosa", commission.glosa)
    if commission.rate_pct is not None:
        writer.add(element, "TasaComision", Decimal(commission.rate_pct))
    writer.add(element, "ValComNeto", amounts.neto)
    writer.add(element, "ValComExe", amounts.exento)
    writer.add(element, "ValComIVA", amounts.iva)


def _add_ted(
    writer: _Writer,
    body: etree._Element,
    spec: DocumentSpec,
    totals: DocumentTotals,
    caf: Caf,
    stamped_at: dt.datetime,
) -> None:
    ted = writer.add(body, "TED")
    ted.set("version", "1.0")
    data = writer.add(ted, "DD")
    writer.add(data, "RE", Rut.parse(spec.emisor.rut).canonical)
    writer.add(data, "TD", spec.tipo)
    writer.add(data, "F", spec.folio)
    writer.add(data, "FE", spec.fecha_emision)
    writer.add(data, "RR", Rut.parse(spec.receptor.rut).canonical)
    writer.add(data, "RSR", spec.receptor.razon_social[:TED_TEXT_LENGTH])
    total = _foreign_amount(totals.total) if spec.is_export else totals.total
    writer.add(data, "MNT", total)
    writer.add(data, "IT1", spec.lines[0].name[:TED_TEXT_LENGTH])
    writer.copy(data, etree.fromstring(caf.caf_element, _LATIN1_PARSER)).tail = None
    writer.add(data, "TSTED", timestamp_text(stamped_at))
    stamp = writer.add(ted, "FRMT", b64(sign_rsa_sha1(caf.private_key, flatten(data))))
    stamp.set("algoritmo", "SHA1withRSA")


def check_caf(spec: DocumentSpec, caf: Caf) -> None:
    """Raise ValueError unless ``caf`` authorises this issuer, type and folio on that date."""
    problems = []
    if Rut.parse(caf.rut_emisor) != Rut.parse(spec.emisor.rut):
        problems.append(f"it belongs to {caf.rut_emisor}, not to {spec.emisor.rut}")
    if caf.tipo != spec.tipo:
        problems.append(f"it authorises type {caf.tipo}, not {spec.tipo}")
    if not caf.covers(spec.folio):
        problems.append(f"folio {spec.folio} is outside {caf.folio_from}..{caf.folio_to}")
    if caf.authorised_on > spec.fecha_emision:
        problems.append(f"it was authorised on {caf.authorised_on}, after the issue date")
    if problems:
        raise ValueError(
            "CAF does not authorise this document: "
            + "; ".join(problems)
            + ". Use cymadesk.sii.factory.tamper to build such documents on purpose."
        )


def _lay_out(dte: etree._Element, *, indent: bool, ted_layout: TedLayout) -> None:
    if indent:
        etree.indent(dte, space=INDENT)
    ted = next(dte.iter(f"{{{SII_NAMESPACE}}}TED", "TED"))
    data = ted[0]
    if ted_layout == "pretty" and not indent:
        etree.indent(ted, space=INDENT)
    elif ted_layout == "flat":
        for element in data.iter():
            if len(element):
                element.text = None
            if element is not data:
                element.tail = None


def sign_document(
    spec: DocumentSpec,
    caf: Caf,
    signer: Signer,
    *,
    signed_at: dt.datetime,
    stamped_at: dt.datetime | None = None,
    namespace: bool = True,
    ted_layout: TedLayout = "flat",
    indent: bool = True,
    document_id: str | None = None,
    c14n_transform: bool = True,
    allow_mismatched_caf: bool = False,
    signing_key: SigningKey | None = None,
) -> bytes:
    """Build, stamp and sign one DTE; return the file's ISO-8859-1 bytes.

    ``signed_at`` is TmstFirma and ``stamped_at`` (default ``signed_at``) is TSTED; naive
    values are Chilean local time. ``namespace=False`` builds and signs the DTE without the
    SII namespace, as documents downloaded from the SII portal are. ``indent`` lays the
    body out with two-space indentation; ``ted_layout="flat"`` then keeps ``DD`` on one
    line. ``c14n_transform`` adds the optional C14N Transform to the Reference.

    Raise ValueError when the CAF does not authorise the document, unless
    ``allow_mismatched_caf`` (for tampered documents). ``signing_key`` replaces the
    signer's key in XMLDSig, for tampered documents.
    """
    if not allow_mismatched_caf:
        check_caf(spec, caf)
    dte = build_dte(
        spec,
        caf,
        signed_at=signed_at,
        stamped_at=stamped_at,
        namespace=namespace,
        document_id=document_id,
    )
    _lay_out(dte, indent=indent, ted_layout=ted_layout)
    body = dte[0]
    signature = append_signature(
        dte, body, signing_key or signer.signing_key, c14n_transform=c14n_transform
    )
    if indent:
        signature.tail = "\n"
    return serialize(dte)


def serialize(root: etree._Element) -> bytes:
    """Serialize a document root as ISO-8859-1 bytes with a double-quoted XML declaration."""
    return XML_DECLARATION + latin1_bytes(root)
