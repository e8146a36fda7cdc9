"""Read every field of a DTE element into ``cymadesk.models.document`` types.

Parsing never fails on missing or malformed fields: a value that is absent or unreadable is
None, and the verification layer reports what that means. Only an element that is not a DTE
at all raises ``ValueError``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from decimal import Decimal

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
    child,
    child_text,
    children,
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


def _extra(element: etree._Element | None, named: set[str]) -> Mapping[str, str]:
    """Keep the simple child elements the model does not name, as tag to text."""
    if element is None:
        return {}
    extra: dict[str, str] = {}
    for node in elements(element):
        name = local_name(node)
        if name in named:
            continue
        text = text_of(node)
        if text is not None:
            extra[name] = text if name not in extra else f"{extra[name]} | {text}"
    return extra


def _texts(parent: etree._Element | None, name: str) -> tuple[str, ...]:
    if parent is None:
        return ()
    return tuple(text for node in children(parent, name) if (text := text_of(node)))


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
    header = child(body, "Encabezado")
    id_doc = _parse_id_doc(child(header, "IdDoc") if header is not None else None)
    totals_element = child(header, "Totales") if header is not None else None
    return Document(
        container=_CONTAINERS[local_name(body)],
        element_id=body.get("ID"),
        tipo=DteType.from_code(id_doc.tipo_code),
        id_doc=id_doc,
        emisor=_parse_emisor(child(header, "Emisor") if header is not None else None),
        receptor=_parse_receptor(child(header, "Receptor") if header is not None else None),
        rut_mandante=child_text(header, "RUTMandante"),
        transport=_parse_transport(child(header, "Transporte") if header is not None else None),
        totals=_parse_totals(totals_element),
        other_currency=_parse_other_currency(
            child(header, "OtraMoneda") if header is not None else None
        ),
        lines=tuple(_parse_line(node) for node in children(body, "Detalle")),
        subtotals=tuple(_parse_subtotal(node) for node in children(body, "SubTotInfo")),
        adjustments=tuple(_parse_adjustment(node) for node in children(body, "DscRcgGlobal")),
        references=tuple(_parse_reference(node) for node in children(body, "Referencia")),
        commissions=_parse_commissions(body, totals_element),
        ted=_parse_ted(child(body, "TED")),
        signed_at=to_local_datetime(child_text(body, "TmstFirma")),
    )


def _parse_id_doc(element: etree._Element | None) -> IdDoc:
    fecha_text = child_text(element, "FchEmis")
    return IdDoc(
        tipo_code=child_text(element, "TipoDTE"),
        folio=child_text(element, "Folio"),
        fecha_emision=to_date(fecha_text),
        fecha_emision_text=fecha_text,
        fecha_vencimiento=to_date(child_text(element, "FchVenc")),
        forma_pago=child_text(element, "FmaPago"),
        medio_pago=child_text(element, "MedioPago"),
        ind_servicio=child_text(element, "IndServicio"),
        ind_traslado=child_text(element, "IndTraslado"),
        tipo_despacho=child_text(element, "TipoDespacho"),
        monto_bruto=child_text(element, "MntBruto") == "1",
        periodo_desde=to_date(child_text(element, "PeriodoDesde")),
        periodo_hasta=to_date(child_text(element, "PeriodoHasta")),
        terminos_pago_glosa=child_text(element, "TermPagoGlosa"),
        terminos_pago_dias=child_text(element, "TermPagoDias"),
        banco_pago=child_text(element, "BcoPago"),
        cuenta_pago=child_text(element, "NumCtaPago"),
        tipo_cuenta_pago=child_text(element, "TpoCtaPago"),
        extra=_extra(element, _IDDOC_NAMED),
    )


def _rut(text: str | None) -> Rut | None:
    return Rut.try_parse(text, strict=False)


def _parse_emisor(element: etree._Element | None) -> Party:
    rut_text = child_text(element, "RUTEmisor")
    return Party(
        rut_text=rut_text,
        rut=_rut(rut_text),
        # Boletas name these RznSocEmisor and GiroEmisor.
        razon_social=child_text(element, "RznSoc") or child_text(element, "RznSocEmisor"),
        giro=child_text(element, "GiroEmis") or child_text(element, "GiroEmisor"),
        actecos=_texts(element, "Acteco"),
        telefonos=_texts(element, "Telefono"),
        correo=child_text(element, "CorreoEmisor"),
        direccion=child_text(element, "DirOrigen"),
        comuna=child_text(element, "CmnaOrigen"),
        ciudad=child_text(element, "CiudadOrigen"),
        sucursal=child_text(element, "Sucursal"),
        codigo_sucursal_sii=child_text(element, "CdgSIISucur"),
        codigo_vendedor=child_text(element, "CdgVendedor"),
        extra=_extra(element, _EMISOR_NAMED),
    )


def _parse_receptor(element: etree._Element | None) -> Party:
    rut_text = child_text(element, "RUTRecep")
    extra = dict(_extra(element, _RECEPTOR_NAMED))
    foreign = child(element, "Extranjero") if element is not None else None
    if foreign is not None:
        for node in elements(foreign):
            text = text_of(node)
            if text:
                extra[f"Extranjero/{local_name(node)}"] = text
    return Party(
        rut_text=rut_text,
        rut=_rut(rut_text),
        razon_social=child_text(element, "RznSocRecep"),
        giro=child_text(element, "GiroRecep"),
        contacto=child_text(element, "Contacto"),
        correo=child_text(element, "CorreoRecep"),
        direccion=child_text(element, "DirRecep"),
        comuna=child_text(element, "CmnaRecep"),
        ciudad=child_text(element, "CiudadRecep"),
        extra=extra,
    )


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
    if element is None:
        return None
    driver = child(element, "Chofer")
    customs = child(element, "Aduana")
    return Transport(
        patente=child_text(element, "Patente"),
        rut_transportista=child_text(element, "RUTTrans"),
        rut_chofer=child_text(driver, "RUTChofer"),
        nombre_chofer=child_text(driver, "NombreChofer"),
        direccion_destino=child_text(element, "DirDest"),
        comuna_destino=child_text(element, "CmnaDest"),
        ciudad_destino=child_text(element, "CiudadDest"),
        aduana=_flatten(customs) if customs is not None else {},
    )


def _decimal(parent: etree._Element | None, name: str) -> Decimal | None:
    return to_decimal(child_text(parent, name))


def _parse_totals(element: etree._Element | None) -> Totals:
    if element is None:
        return Totals()
    taxes = tuple(
        Tax(
            code=child_text(node, "TipoImp") or "",
            rate=_decimal(node, "TasaImp"),
            amount=_decimal(node, "MontoImp"),
        )
        for node in children(element, "ImptoReten")
    )
    commissions = child(element, "Comisiones")
    total_text = child_text(element, "MntTotal")
    return Totals(
        moneda_text=child_text(element, "TpoMoneda"),
        mnt_neto=_decimal(element, "MntNeto"),
        mnt_exe=_decimal(element, "MntExe"),
        mnt_base=_decimal(element, "MntBase"),
        mnt_margen_com=_decimal(element, "MntMargenCom"),
        tasa_iva=_decimal(element, "TasaIVA"),
        iva=_decimal(element, "IVA"),
        iva_prop=_decimal(element, "IVAProp"),
        iva_terc=_decimal(element, "IVATerc"),
        taxes=taxes,
        iva_no_ret=_decimal(element, "IVANoRet"),
        cred_ec=_decimal(element, "CredEC"),
        grnt_dep=_decimal(element, "GrntDep"),
        commission_neto=_decimal(commissions, "ValComNeto"),
        commission_exento=_decimal(commissions, "ValComExe"),
        commission_iva=_decimal(commissions, "ValComIVA"),
        mnt_total=to_decimal(total_text),
        mnt_total_text=total_text,
        monto_nf=_decimal(element, "MontoNF"),
        monto_periodo=_decimal(element, "MontoPeriodo") or _decimal(element, "TotalPeriodo"),
        saldo_anterior=_decimal(element, "SaldoAnterior"),
        vlr_pagar=_decimal(element, "VlrPagar"),
        extra=_extra(element, _TOTALS_NAMED),
    )


def _parse_other_currency(element: etree._Element | None) -> OtherCurrency | None:
    if element is None:
        return None
    return OtherCurrency(
        moneda_text=child_text(element, "TpoMoneda"),
        tipo_cambio=_decimal(element, "TpoCambio"),
        mnt_neto=_decimal(element, "MntNetoOtrMnda"),
        mnt_exe=_decimal(element, "MntExeOtrMnda"),
        iva=_decimal(element, "IVAOtrMnda"),
        mnt_total=_decimal(element, "MntTotOtrMnda"),
        extra=_flatten(element),
    )


def _parse_line(element: etree._Element) -> Line:
    codes = tuple(
        ItemCode(kind=child_text(node, "TpoCodigo"), value=child_text(node, "VlrCodigo"))
        for node in children(element, "CdgItem")
    )
    extra = dict(_extra(element, _LINE_NAMED))
    for name in ("OtrMnda", "Retenedor"):
        nested = child(element, name)
        if nested is not None:
            extra.update(_flatten(nested, name + "/"))
    return Line(
        number=to_int(child_text(element, "NroLinDet")),
        name=child_text(element, "NmbItem"),
        description=child_text(element, "DscItem"),
        codes=codes,
        ind_exe=child_text(element, "IndExe"),
        quantity=_decimal(element, "QtyItem"),
        unit=child_text(element, "UnmdItem"),
        unit_price=_decimal(element, "PrcItem"),
        discount_pct=_decimal(element, "DescuentoPct"),
        discount_amount=_decimal(element, "DescuentoMonto"),
        surcharge_pct=_decimal(element, "RecargoPct"),
        surcharge_amount=_decimal(element, "RecargoMonto"),
        additional_tax_codes=_texts(element, "CodImpAdic"),
        amount=_decimal(element, "MontoItem"),
        liquidated_doc_type=child_text(element, "TpoDocLiq"),
        extra=extra,
    )


def _parse_subtotal(element: etree._Element) -> SubTotal:
    return SubTotal(
        number=child_text(element, "NroSTI"),
        glosa=child_text(element, "GlosaSTI"),
        neto=_decimal(element, "SubTotNetoSTI"),
        iva=_decimal(element, "SubTotIVASTI"),
        adicional=_decimal(element, "SubTotAdicSTI"),
        exento=_decimal(element, "SubTotExeSTI"),
        value=_decimal(element, "ValSubtotSTI"),
        lines=_texts(element, "LineasDeta"),
    )


def _parse_adjustment(element: etree._Element) -> GlobalAdjustment:
    return GlobalAdjustment(
        number=child_text(element, "NroLinDR"),
        movement=child_text(element, "TpoMov"),
        glosa=child_text(element, "GlosaDR"),
        value_kind=child_text(element, "TpoValor"),
        value=_decimal(element, "ValorDR"),
        ind_exe=child_text(element, "IndExeDR"),
    )


def _parse_reference(element: etree._Element) -> Reference:
    return Reference(
        number=child_text(element, "NroLinRef"),
        doc_type=child_text(element, "TpoDocRef"),
        folio=child_text(element, "FolioRef"),
        date=to_date(child_text(element, "FchRef")),
        code=child_text(element, "CodRef"),
        reason=child_text(element, "RazonRef"),
        ind_global=child_text(element, "IndGlobal") == "1",
        other_rut=child_text(element, "RUTOtr"),
    )


def _parse_commissions(
    body: etree._Element, totals: etree._Element | None
) -> tuple[Commission, ...]:
    nodes: Iterable[etree._Element] = children(body, "Comisiones")
    return tuple(
        Commission(
            number=child_text(node, "NroLinCom"),
            kind=child_text(node, "TipoMovim"),
            glosa=child_text(node, "Glosa"),
            rate=_decimal(node, "TasaComision"),
            neto=_decimal(node, "ValComNeto"),
            exento=_decimal(node, "ValComExe"),
            iva=_decimal(node, "ValComIVA"),
        )
        for node in nodes
    )


def parse_caf(element: etree._Element | None) -> Caf | None:
    """Parse a CAF element (inside a TED, or under AUTORIZACION in a CAF file)."""
    if element is None:
        return None
    data = child(element, "DA")
    folio_range = child(data, "RNG") if data is not None else None
    rsa_key = child(data, "RSAPK") if data is not None else None
    signature = child(element, "FRMA")
    return Caf(
        rut_emisor=child_text(data, "RE"),
        razon_social=child_text(data, "RS"),
        tipo_code=child_text(data, "TD"),
        folio_from=to_int(child_text(folio_range, "D")),
        folio_to=to_int(child_text(folio_range, "H")),
        authorised_on=to_date(child_text(data, "FA")),
        rsa_modulus=_b64(child_text(rsa_key, "M")),
        rsa_exponent=_b64(child_text(rsa_key, "E")),
        idk=to_int(child_text(data, "IDK")),
        frma=_b64(text_of(signature)),
        frma_algorithm=signature.get("algoritmo") if signature is not None else None,
    )


def _parse_ted(element: etree._Element | None) -> Ted | None:
    if element is None:
        return None
    data = child(element, "DD")
    signature = child(element, "FRMT")
    return Ted(
        rut_emisor=child_text(data, "RE"),
        tipo_code=child_text(data, "TD"),
        folio=child_text(data, "F"),
        fecha_emision=child_text(data, "FE"),
        rut_receptor=child_text(data, "RR"),
        razon_social_receptor=child_text(data, "RSR"),
        monto_total=child_text(data, "MNT"),
        first_item=child_text(data, "IT1"),
        stamped_at=to_local_datetime(child_text(data, "TSTED")),
        caf=parse_caf(child(data, "CAF") if data is not None else None),
        frmt=_b64(text_of(signature)),
        frmt_algorithm=signature.get("algoritmo") if signature is not None else None,
    )
