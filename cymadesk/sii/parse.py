"""Read every field of a DTE element into ``cymadesk.models.document`` types.

Parsing never fails on missing or malformed fields: a value that is absent or unreadable is
None, and the verification layer reports what that means. Only an element that is not a DTE
at all raises ``ValueError``.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from cymadesk.models.document import (
    Caf,
    Commission,
    Container,
    Document,
    GlobalAdjustment,
    IdDoc,
    ItemCode,
    Line,
    OtherCurrency,
    Party,
    Reference,
    SubTotal,
    Tax,
    Ted,
    Totals,
    Transport,
)
from cymadesk.models.dte_types import DteType
from cymadesk.models.rut import Rut
from cymadesk.sii.xmltext import (
    Fields,
    SubtreeCache,
    elements,
    local_name,
    text_of,
    to_date,
    to_decimal,
    to_int,
    to_local_datetime,
)

_CONTAINERS = {container.value: container for container in Container}

_IDDOC_NAMED = {
    "TipoDTE",
    "Folio",
    "FchEmis",
    "FchVenc",
    "FmaPago",
    "MedioPago",
    "IndServicio",
    "IndTraslado",
    "TipoDespacho",
    "MntBruto",
    "PeriodoDesde",
    "PeriodoHasta",
    "TermPagoGlosa",
    "TermPagoDias",
    "BcoPago",
    "NumCtaPago",
    "TpoCtaPago",
}
_EMISOR_NAMED = {
    "RUTEmisor",
    "RznSoc",
    "RznSocEmisor",
    "GiroEmis",
    "GiroEmisor",
    "Acteco",
    "Telefono",
    "CorreoEmisor",
    "DirOrigen",
    "CmnaOrigen",
    "CiudadOrigen",
    "Sucursal",
    "CdgSIISucur",
    "CdgVendedor",
}
_RECEPTOR_NAMED = {
    "RUTRecep",
    "RznSocRecep",
    "GiroRecep",
    "Contacto",
    "CorreoRecep",
    "DirRecep",
    "CmnaRecep",
    "CiudadRecep",
}
_TOTALS_NAMED = {
    "TpoMoneda",
    "MntNeto",
    "MntExe",
    "MntBase",
    "MntMargenCom",
    "TasaIVA",
    "IVA",
    "IVAProp",
    "IVATerc",
    "ImptoReten",
    "IVANoRet",
    "CredEC",
    "GrntDep",
    "Comisiones",
    "MntTotal",
    "MontoNF",
    "MontoPeriodo",
    "SaldoAnterior",
    "VlrPagar",
}
_LINE_NAMED = {
    "NroLinDet",
    "NmbItem",
    "DscItem",
    "CdgItem",
    "IndExe",
    "QtyItem",
    "UnmdItem",
    "PrcItem",
    "DescuentoPct",
    "DescuentoMonto",
    "RecargoPct",
    "RecargoMonto",
    "CodImpAdic",
    "MontoItem",
    "TpoDocLiq",
}


def _b64(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def find_container(dte: etree._Element) -> etree._Element | None:
    """Return the Documento, Liquidacion or Exportaciones element under a DTE."""
    for node in elements(dte):
        if local_name(node) in _CONTAINERS:
            return node
    return None


def parse_document(dte: etree._Element) -> Document:
    """Parse a ``DTE`` element (from any envelope, or a file of its own)."""
    body = find_container(dte)
    if body is None:
        raise ValueError("DTE element has no Documento, Liquidacion or Exportaciones child")
    return parse_container(body)


def parse_container(body: etree._Element) -> Document:
    """Parse the Documento, Liquidacion or Exportaciones element that ``find_container``
    returned."""
    fields = Fields(body)
    header = fields.sub("Encabezado")
    id_doc = _parse_id_doc(header.first("IdDoc"))
    return Document(
        container=_CONTAINERS[local_name(body)],
        element_id=body.get("ID"),
        tipo=DteType.from_code(id_doc.tipo_code),
        id_doc=id_doc,
        emisor=_parse_cached_emisor(header.first("Emisor")),
        receptor=_parse_cached_receptor(header.first("Receptor")),
        rut_mandante=header.text("RUTMandante"),
        transport=_parse_transport(header.first("Transporte")),
        totals=_parse_totals(header.first("Totales")),
        other_currency=_parse_other_currency(header.first("OtraMoneda")),
        lines=tuple(map(_parse_line, fields.all("Detalle"))),
        subtotals=tuple(map(_parse_subtotal, fields.all("SubTotInfo"))),
        adjustments=tuple(map(_parse_adjustment, fields.all("DscRcgGlobal"))),
        references=tuple(map(_parse_reference, fields.all("Referencia"))),
        commissions=tuple(map(_parse_commission, fields.all("Comisiones"))),
        ted=_parse_ted(fields.first("TED")),
        signed_at=to_local_datetime(fields.text("TmstFirma")),
    )


def _parse_id_doc(element: etree._Element | None) -> IdDoc:
    f = Fields(element)
    fecha_text = f.text("FchEmis")
    return IdDoc(
        tipo_code=f.text("TipoDTE"),
        folio=f.text("Folio"),
        fecha_emision=to_date(fecha_text),
        fecha_emision_text=fecha_text,
        fecha_vencimiento=to_date(f.text("FchVenc")),
        forma_pago=f.text("FmaPago"),
        medio_pago=f.text("MedioPago"),
        ind_servicio=f.text("IndServicio"),
        ind_traslado=f.text("IndTraslado"),
        tipo_despacho=f.text("TipoDespacho"),
        monto_bruto=f.text("MntBruto") == "1",
        periodo_desde=to_date(f.text("PeriodoDesde")),
        periodo_hasta=to_date(f.text("PeriodoHasta")),
        terminos_pago_glosa=f.text("TermPagoGlosa"),
        terminos_pago_dias=f.text("TermPagoDias"),
        banco_pago=f.text("BcoPago"),
        cuenta_pago=f.text("NumCtaPago"),
        tipo_cuenta_pago=f.text("TpoCtaPago"),
        extra=f.unnamed(_IDDOC_NAMED),
    )


def _rut(text: str | None) -> Rut | None:
    return Rut.try_parse(text, strict=False)


def _parse_emisor(element: etree._Element | None) -> Party:
    f = Fields(element)
    rut_text = f.text("RUTEmisor")
    return Party(
        rut_text=rut_text,
        rut=_rut(rut_text),
        # Boletas name these RznSocEmisor and GiroEmisor.
        razon_social=f.text("RznSoc") or f.text("RznSocEmisor"),
        giro=f.text("GiroEmis") or f.text("GiroEmisor"),
        actecos=f.texts("Acteco"),
        telefonos=f.texts("Telefono"),
        correo=f.text("CorreoEmisor"),
        direccion=f.text("DirOrigen"),
        comuna=f.text("CmnaOrigen"),
        ciudad=f.text("CiudadOrigen"),
        sucursal=f.text("Sucursal"),
        codigo_sucursal_sii=f.text("CdgSIISucur"),
        codigo_vendedor=f.text("CdgVendedor"),
        extra=f.unnamed(_EMISOR_NAMED),
    )


def _parse_receptor(element: etree._Element | None) -> Party:
    f = Fields(element)
    rut_text = f.text("RUTRecep")
    extra = dict(f.unnamed(_RECEPTOR_NAMED))
    foreign = f.first("Extranjero") if element is not None else None
    if foreign is not None:
        for node in elements(foreign):
            text = text_of(node)
            if text:
                extra[f"Extranjero/{local_name(node)}"] = text
    return Party(
        rut_text=rut_text,
        rut=_rut(rut_text),
        razon_social=f.text("RznSocRecep"),
        giro=f.text("GiroRecep"),
        contacto=f.text("Contacto"),
        correo=f.text("CorreoRecep"),
        direccion=f.text("DirRecep"),
        comuna=f.text("CmnaRecep"),
        ciudad=f.text("CiudadRecep"),
        extra=extra,
    )


_parse_cached_emisor = SubtreeCache(_parse_emisor, 1024)
_parse_cached_receptor = SubtreeCache(_parse_receptor, 1024)


def _flatten(element: etree._Element, prefix: str = "") -> dict[str, str]:
    """Flatten nested simple elements into 'Parent/Child' keys (repeated keys get '[n]')."""
    flat: dict[str, str] = {}
    counts: dict[str, int] = {}
    for node in elements(element):
        name = local_name(node)
        counts[name] = counts.get(name, 0) + 1
        key = f"{prefix}{name}" if counts[name] == 1 else f"{prefix}{name}[{counts[name]}]"
        if any(True for _ in elements(node)):
            flat.update(_flatten(node, key + "/"))
        elif (text := text_of(node)) is not None:
            flat[key] = text
    return flat


def _parse_transport(element: etree._Element | None) -> Transport | None:
    f = Fields(element)
    if element is None:
        return None
    driver = f.sub("Chofer")
    customs = f.first("Aduana")
    return Transport(
        patente=f.text("Patente"),
        rut_transportista=f.text("RUTTrans"),
        rut_chofer=driver.text("RUTChofer"),
        nombre_chofer=driver.text("NombreChofer"),
        direccion_destino=f.text("DirDest"),
        comuna_destino=f.text("CmnaDest"),
        ciudad_destino=f.text("CiudadDest"),
        aduana=_flatten(customs) if customs is not None else {},
    )


def _parse_totals(element: etree._Element | None) -> Totals:
    f = Fields(element)
    if element is None:
        return Totals()
    taxes = tuple(
        Tax(
            code=tax.text("TipoImp") or "",
            rate=tax.decimal("TasaImp"),
            amount=tax.decimal("MontoImp"),
        )
        for tax in map(Fields, f.all("ImptoReten"))
    )
    commissions = f.sub("Comisiones")
    total_text = f.text("MntTotal")
    return Totals(
        moneda_text=f.text("TpoMoneda"),
        mnt_neto=f.decimal("MntNeto"),
        mnt_exe=f.decimal("MntExe"),
        mnt_base=f.decimal("MntBase"),
        mnt_margen_com=f.decimal("MntMargenCom"),
        tasa_iva=f.decimal("TasaIVA"),
        iva=f.decimal("IVA"),
        iva_prop=f.decimal("IVAProp"),
        iva_terc=f.decimal("IVATerc"),
        taxes=taxes,
        iva_no_ret=f.decimal("IVANoRet"),
        cred_ec=f.decimal("CredEC"),
        grnt_dep=f.decimal("GrntDep"),
        commission_neto=commissions.decimal("ValComNeto"),
        commission_exento=commissions.decimal("ValComExe"),
        commission_iva=commissions.decimal("ValComIVA"),
        mnt_total=to_decimal(total_text),
        mnt_total_text=total_text,
        monto_nf=f.decimal("MontoNF"),
        monto_periodo=f.decimal("MontoPeriodo") or f.decimal("TotalPeriodo"),
        saldo_anterior=f.decimal("SaldoAnterior"),
        vlr_pagar=f.decimal("VlrPagar"),
        extra=f.unnamed(_TOTALS_NAMED),
    )


def _parse_other_currency(element: etree._Element | None) -> OtherCurrency | None:
    f = Fields(element)
    if element is None:
        return None
    return OtherCurrency(
        moneda_text=f.text("TpoMoneda"),
        tipo_cambio=f.decimal("TpoCambio"),
        mnt_neto=f.decimal("MntNetoOtrMnda"),
        mnt_exe=f.decimal("MntExeOtrMnda"),
        iva=f.decimal("IVAOtrMnda"),
        mnt_total=f.decimal("MntTotOtrMnda"),
        extra=_flatten(element),
    )


def _parse_line(element: etree._Element) -> Line:
    f = Fields(element)
    codes = tuple(
        ItemCode(kind=code.text("TpoCodigo"), value=code.text("VlrCodigo"))
        for code in map(Fields, f.all("CdgItem"))
    )
    extra = dict(f.unnamed(_LINE_NAMED))
    for name in ("OtrMnda", "Retenedor"):
        nested = f.first(name)
        if nested is not None:
            extra.update(_flatten(nested, name + "/"))
    return Line(
        number=to_int(f.text("NroLinDet")),
        name=f.text("NmbItem"),
        description=f.text("DscItem"),
        codes=codes,
        ind_exe=f.text("IndExe"),
        quantity=f.decimal("QtyItem"),
        unit=f.text("UnmdItem"),
        unit_price=f.decimal("PrcItem"),
        discount_pct=f.decimal("DescuentoPct"),
        discount_amount=f.decimal("DescuentoMonto"),
        surcharge_pct=f.decimal("RecargoPct"),
        surcharge_amount=f.decimal("RecargoMonto"),
        additional_tax_codes=f.texts("CodImpAdic"),
        amount=f.decimal("MontoItem"),
        liquidated_doc_type=f.text("TpoDocLiq"),
        extra=extra,
    )


def _parse_subtotal(element: etree._Element) -> SubTotal:
    f = Fields(element)
    return SubTotal(
        number=f.text("NroSTI"),
        glosa=f.text("GlosaSTI"),
        neto=f.decimal("SubTotNetoSTI"),
        iva=f.decimal("SubTotIVASTI"),
        adicional=f.decimal("SubTotAdicSTI"),
        exento=f.decimal("SubTotExeSTI"),
        value=f.decimal("ValSubtotSTI"),
        lines=f.texts("LineasDeta"),
    )


def _parse_adjustment(element: etree._Element) -> GlobalAdjustment:
    f = Fields(element)
    return GlobalAdjustment(
        number=f.text("NroLinDR"),
        movement=f.text("TpoMov"),
        glosa=f.text("GlosaDR"),
        value_kind=f.text("TpoValor"),
        value=f.decimal("ValorDR"),
        ind_exe=f.text("IndExeDR"),
    )


def _parse_reference(element: etree._Element) -> Reference:
    f = Fields(element)
    return Reference(
        number=f.text("NroLinRef"),
        doc_type=f.text("TpoDocRef"),
        folio=f.text("FolioRef"),
        date=to_date(f.text("FchRef")),
        code=f.text("CodRef"),
        reason=f.text("RazonRef"),
        ind_global=f.text("IndGlobal") == "1",
        other_rut=f.text("RUTOtr"),
    )


def _parse_commission(element: etree._Element) -> Commission:
    f = Fields(element)
    return Commission(
        number=f.text("NroLinCom"),
        kind=f.text("TipoMovim"),
        glosa=f.text("Glosa"),
        rate=f.decimal("TasaComision"),
        neto=f.decimal("ValComNeto"),
        exento=f.decimal("ValComExe"),
        iva=f.decimal("ValComIVA"),
    )


def parse_caf(element: etree._Element | None) -> Caf | None:
    """Parse a CAF element (inside a TED, or under AUTORIZACION in a CAF file)."""
    if element is None:
        return None
    f = Fields(element)
    data = f.sub("DA")
    folio_range = data.sub("RNG")
    rsa_key = data.sub("RSAPK")
    signature = f.first("FRMA")
    return Caf(
        rut_emisor=data.text("RE"),
        razon_social=data.text("RS"),
        tipo_code=data.text("TD"),
        folio_from=to_int(folio_range.text("D")),
        folio_to=to_int(folio_range.text("H")),
        authorised_on=to_date(data.text("FA")),
        rsa_modulus=_b64(rsa_key.text("M")),
        rsa_exponent=_b64(rsa_key.text("E")),
        idk=to_int(data.text("IDK")),
        frma=_b64(text_of(signature)),
        frma_algorithm=signature.get("algoritmo") if signature is not None else None,
    )


_parse_cached_caf = SubtreeCache(parse_caf, 1024)


def _parse_ted(element: etree._Element | None) -> Ted | None:
    if element is None:
        return None
    f = Fields(element)
    data = f.sub("DD")
    signature = f.first("FRMT")
    return Ted(
        rut_emisor=data.text("RE"),
        tipo_code=data.text("TD"),
        folio=data.text("F"),
        fecha_emision=data.text("FE"),
        rut_receptor=data.text("RR"),
        razon_social_receptor=data.text("RSR"),
        monto_total=data.text("MNT"),
        first_item=data.text("IT1"),
        stamped_at=to_local_datetime(data.text("TSTED")),
        caf=_parse_cached_caf(data.first("CAF")),
        frmt=_b64(text_of(signature)),
        frmt_algorithm=signature.get("algoritmo") if signature is not None else None,
    )
