from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from lxml import etree

from cymadesk.models.document import Container, Document
from cymadesk.models.dte_types import DteType, reference_type_name
from cymadesk.sii.parse import parse_document
from cymadesk.sii.verify import verify_file
from tests.conftest import CORPUS, corpus_available

FULL = """<DTE xmlns="http://www.sii.cl/SiiDte" version="1.0"><Liquidacion ID="L1">
<Encabezado>
  <IdDoc><TipoDTE>43</TipoDTE><Folio>88</Folio><FchEmis>2026-10-01</FchEmis>
    <FmaPago>2</FmaPago><FchVenc>2026-10-31</FchVenc>
    <TermPagoGlosa>Transferir a cuenta corriente 12-345-678 Banco Estado</TermPagoGlosa>
  </IdDoc>
  <Emisor><RUTEmisor>76354771-K</RUTEmisor><RznSoc>Agencia O'Higgins &amp; Cía.</RznSoc>
    <GiroEmis>Comisionista</GiroEmis><Telefono>+56 2 2222 2222</Telefono>
    <CorreoEmisor>pagos@ohiggins.cl</CorreoEmisor>
    <Acteco>741009</Acteco><Acteco>469000</Acteco><Acteco>523910</Acteco>
    <DirOrigen>Av. Irarrázaval 1234</DirOrigen><CmnaOrigen>Ñuñoa</CmnaOrigen></Emisor>
  <Receptor><RUTRecep>96790240-3</RUTRecep><RznSocRecep>Mandante S.A.</RznSocRecep>
    <GiroRecep>Agrícola</GiroRecep><DirRecep>Camino 1</DirRecep><CmnaRecep>Talca</CmnaRecep>
    <Extranjero><NumId>P123</NumId><Nacionalidad>225</Nacionalidad></Extranjero></Receptor>
  <Transporte><Patente>AB1234</Patente><Chofer><RUTChofer>12345678-5</RUTChofer>
    <NombreChofer>Juan Pérez</NombreChofer></Chofer><DirDest>Ruta 5 km 250</DirDest></Transporte>
  <Totales><MntNeto>-1000</MntNeto><MntExe>0</MntExe><TasaIVA>19</TasaIVA><IVA>-190</IVA>
    <ImptoReten><TipoImp>27</TipoImp><TasaImp>10</TasaImp><MontoImp>100</MontoImp></ImptoReten>
    <ImptoReten><TipoImp>15</TipoImp><MontoImp>19</MontoImp></ImptoReten>
    <Comisiones><ValComNeto>50</ValComNeto><ValComExe>0</ValComExe><ValComIVA>10</ValComIVA></Comisiones>
    <MntTotal>-1250</MntTotal></Totales>
</Encabezado>
<Detalle><NroLinDet>1</NroLinDet><TpoDocLiq>33</TpoDocLiq>
  <CdgItem><TpoCodigo>INT1</TpoCodigo><VlrCodigo>A-1</VlrCodigo></CdgItem>
  <NmbItem>Uva de mesa</NmbItem><DscItem>Caja 8,2 kg</DscItem><QtyItem>2.5</QtyItem>
  <UnmdItem>KG</UnmdItem><PrcItem>-400.123456</PrcItem><DescuentoPct>5</DescuentoPct>
  <CodImpAdic>27</CodImpAdic><MontoItem>-1000</MontoItem></Detalle>
<SubTotInfo><NroSTI>1</NroSTI><GlosaSTI>Fruta</GlosaSTI><ValSubtotSTI>-1000</ValSubtotSTI>
  <LineasDeta>1</LineasDeta></SubTotInfo>
<DscRcgGlobal><NroLinDR>1</NroLinDR><TpoMov>R</TpoMov><GlosaDR>Flete</GlosaDR>
  <TpoValor>$</TpoValor><ValorDR>20</ValorDR></DscRcgGlobal>
<Referencia><NroLinRef>1</NroLinRef><TpoDocRef>801</TpoDocRef><FolioRef>OC-4510083633</FolioRef>
  <FchRef>2026-09-20</FchRef></Referencia>
<Referencia><NroLinRef>2</NroLinRef><TpoDocRef>SET</TpoDocRef><FolioRef>4352558-1</FolioRef>
  <RazonRef>CASO 4352558-1</RazonRef></Referencia>
<Referencia><NroLinRef>3</NroLinRef><TpoDocRef>33</TpoDocRef><FolioRef>12</FolioRef>
  <CodRef>3</CodRef><RazonRef>Corrige montos</RazonRef></Referencia>
<Comisiones><NroLinCom>1</NroLinCom><TipoMovim>C</TipoMovim><Glosa>Comisión</Glosa>
  <TasaComision>5</TasaComision><ValComNeto>50</ValComNeto></Comisiones>
<TmstFirma>2026-10-01T09:30:00</TmstFirma>
</Liquidacion></DTE>"""


@pytest.fixture(scope="module")
def liquidacion() -> Document:
    return parse_document(etree.fromstring(FULL.encode("utf-8")))


def test_header_and_parties(liquidacion: Document) -> None:
    assert liquidacion.container is Container.LIQUIDACION
    assert liquidacion.tipo is DteType.LIQUIDACION_FACTURA
    assert liquidacion.folio == "88"
    assert liquidacion.fecha_emision == dt.date(2026, 10, 1)
    assert liquidacion.id_doc.fecha_vencimiento == dt.date(2026, 10, 31)
    assert liquidacion.id_doc.terminos_pago_glosa.startswith("Transferir a cuenta corriente")
    assert liquidacion.emisor.razon_social == "Agencia O'Higgins & Cía."
    assert liquidacion.emisor.actecos == ("741009", "469000", "523910")
    assert liquidacion.emisor.comuna == "Ñuñoa"
    assert liquidacion.emisor.rut is not None
    assert liquidacion.emisor.rut.formatted == "76.354.771-K"
    assert liquidacion.receptor.extra["Extranjero/NumId"] == "P123"


def test_transport(liquidacion: Document) -> None:
    assert liquidacion.transport.patente == "AB1234"
    assert liquidacion.transport.nombre_chofer == "Juan Pérez"


def test_totals_with_negative_amounts_taxes_and_commissions(liquidacion: Document) -> None:
    totals = liquidacion.totals
    assert totals.mnt_neto == Decimal(-1000)
    assert totals.iva == Decimal(-190)
    assert [(tax.code, tax.rate, tax.amount) for tax in totals.taxes] == [
        ("27", Decimal(10), Decimal(100)),
        ("15", None, Decimal(19)),
    ]
    assert totals.commission_neto == Decimal(50)
    assert totals.commission_iva == Decimal(10)
    assert totals.mnt_total == Decimal(-1250)


def test_lines_subtotals_adjustments(liquidacion: Document) -> None:
    line = liquidacion.lines[0]
    assert line.liquidated_doc_type == "33"
    assert line.codes[0].value == "A-1"
    assert line.quantity == Decimal("2.5")
    assert line.unit_price == Decimal("-400.123456")
    assert line.discount_pct == Decimal(5)
    assert line.additional_tax_codes == ("27",)
    assert liquidacion.subtotals[0].glosa == "Fruta"
    assert liquidacion.adjustments[0].is_discount is False
    assert liquidacion.commissions[0].rate == Decimal(5)


def test_references_of_every_kind(liquidacion: Document) -> None:
    kinds = [(ref.doc_type, ref.folio, ref.code) for ref in liquidacion.references]
    assert kinds == [("801", "OC-4510083633", None), ("SET", "4352558-1", None), ("33", "12", "3")]
    assert liquidacion.references[2].dte_type is DteType.FACTURA
    assert reference_type_name("801") == "Orden de compra"
    assert reference_type_name("SET") == "Set de pruebas de certificación"
    assert reference_type_name("61") == "Nota de Crédito Electrónica"
    assert reference_type_name("XYZ") == "XYZ"


def test_signed_at_is_santiago_time(liquidacion: Document) -> None:
    assert liquidacion.signed_at.utcoffset() == dt.timedelta(hours=-3)


def test_every_type_has_a_spanish_name() -> None:
    codes = {33, 34, 39, 41, 43, 46, 52, 56, 61, 110, 111, 112}
    assert {int(kind) for kind in DteType} == codes
    assert DteType(52).spanish_name == "Guía de Despacho Electrónica"
    assert [kind for kind in DteType if kind.has_acceptance_deadline] == [33, 34, 43]


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_export_document_fields() -> None:
    report = verify_file(
        (CORPUS / "envio/mediabox_EXPORTACION1_T110-111-112_cert.xml").read_bytes()
    )
    export = report.documents[0].document
    assert export is not None

    assert export.container is Container.EXPORTACIONES
    assert export.totals.moneda_text == "DOLAR USA"
    assert export.totals.mnt_total == Decimal("30276.00")
    assert export.other_currency is not None
    assert export.other_currency.tipo_cambio == Decimal("927.87")
    assert export.other_currency.mnt_total == Decimal(28092192)
    assert export.transport is not None
    assert export.transport.aduana["MntFlete"] == "154.7800"
    assert [(ref.doc_type, ref.folio) for ref in export.references] == [
        ("SET", "4352558-1"),
        ("810", "MIC"),
    ]


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_windows_1252_crlf_document() -> None:
    report = verify_file((CORPUS / "dte/clsii_T33_F2336600_60910000-1.xml").read_bytes())
    document = report.documents[0].document
    assert document is not None

    assert report.encoding == "windows-1252"
    assert document.emisor.giro is not None
    assert document.emisor.giro.startswith("Corporación")
    assert document.id_doc.forma_pago == "1"
