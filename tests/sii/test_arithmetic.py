from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from cymadesk.models.verdict import Verdict, VerdictState
from cymadesk.sii.arithmetic import round_half_up, verify_arithmetic
from cymadesk.sii.parse import parse_document


def _document(
    tipo: int, totals: str, lines: str, extra: str = "", container: str = "Documento"
) -> etree._Element:
    xml = f"""<DTE version="1.0"><{container} ID="T">
      <Encabezado>
        <IdDoc><TipoDTE>{tipo}</TipoDTE><Folio>1</Folio><FchEmis>2026-11-02</FchEmis></IdDoc>
        <Emisor><RUTEmisor>76354771-K</RUTEmisor><RznSoc>Emisor</RznSoc></Emisor>
        <Receptor><RUTRecep>96790240-3</RUTRecep><RznSocRecep>Receptor</RznSocRecep></Receptor>
        <Totales>{totals}</Totales>
      </Encabezado>
      {lines}
      {extra}
    </{container}></DTE>"""
    return etree.fromstring(xml.encode())


def _line(number: int, amount: str, qty: str = "", price: str = "", exempt: str = "") -> str:
    parts = [f"<NroLinDet>{number}</NroLinDet>"]
    if exempt:
        parts.append(f"<IndExe>{exempt}</IndExe>")
    parts.append(f"<NmbItem>Item {number}</NmbItem>")
    if qty:
        parts.append(f"<QtyItem>{qty}</QtyItem>")
    if price:
        parts.append(f"<PrcItem>{price}</PrcItem>")
    parts.append(f"<MontoItem>{amount}</MontoItem>")
    return "<Detalle>" + "".join(parts) + "</Detalle>"


def _verdict(element: etree._Element) -> Verdict:
    return verify_arithmetic(parse_document(element))


def test_round_half_up() -> None:
    assert round_half_up(Decimal("19.5")) == 20
    assert round_half_up(Decimal("18.5")) == 19
    assert round_half_up(Decimal("-0.5")) == -1


def test_honest_factura_adds_up() -> None:
    # 105 * 19% = 19.95, rounded half up to 20.
    element = _document(
        33,
        "<MntNeto>105</MntNeto><TasaIVA>19</TasaIVA><IVA>20</IVA><MntTotal>125</MntTotal>",
        _line(1, "105", qty="3", price="35"),
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.OK
    assert verdict.message.params == {"cantidad": 4}


def test_iva_rounded_down_is_wrong() -> None:
    element = _document(
        33,
        "<MntNeto>105</MntNeto><TasaIVA>19</TasaIVA><IVA>19</IVA><MntTotal>124</MntTotal>",
        _line(1, "105"),
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.FALLA
    assert verdict.message.params == {"comprobacion": "IVA", "esperado": "$20", "encontrado": "$19"}


def test_total_that_does_not_add_up() -> None:
    element = _document(
        33,
        "<MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA><MntTotal>1290</MntTotal>",
        _line(1, "1000"),
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.FALLA
    assert verdict.message.params["comprobacion"] == "total"
    assert verdict.message.params["esperado"] == "$1.190"
    assert verdict.message.params["encontrado"] == "$1.290"


def test_lines_that_do_not_sum_to_neto() -> None:
    element = _document(
        33,
        "<MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA><MntTotal>1190</MntTotal>",
        _line(1, "600") + _line(2, "500"),
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.FALLA
    assert verdict.message.params["comprobacion"] == "neto"


def test_line_quantity_times_price() -> None:
    element = _document(
        33,
        "<MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA><MntTotal>1190</MntTotal>",
        _line(1, "1000", qty="3", price="400"),
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.FALLA
    assert verdict.message.params["comprobacion"] == "línea 1"


def test_exempt_and_affected_lines() -> None:
    element = _document(
        33,
        "<MntNeto>1000</MntNeto><MntExe>500</MntExe><TasaIVA>19</TasaIVA><IVA>190</IVA>"
        "<MntTotal>1690</MntTotal>",
        _line(1, "1000") + _line(2, "500", exempt="1"),
    )
    assert _verdict(element).state is VerdictState.OK


def test_exempt_only_factura() -> None:
    element = _document(
        34, "<MntExe>1750000</MntExe><MntTotal>1750000</MntTotal>", _line(1, "1750000")
    )
    assert _verdict(element).state is VerdictState.OK


def test_global_discount_percentage() -> None:
    element = _document(
        33,
        "<MntNeto>900</MntNeto><TasaIVA>19</TasaIVA><IVA>171</IVA><MntTotal>1071</MntTotal>",
        _line(1, "1000"),
        "<DscRcgGlobal><NroLinDR>1</NroLinDR><TpoMov>D</TpoMov><TpoValor>%</TpoValor>"
        "<ValorDR>10</ValorDR></DscRcgGlobal>",
    )
    assert _verdict(element).state is VerdictState.OK


def test_factura_de_compra_with_retained_iva() -> None:
    # The buyer withholds the whole IVA (code 15), so the total is neto only.
    element = _document(
        46,
        "<MntNeto>10000</MntNeto><TasaIVA>19</TasaIVA><IVA>1900</IVA>"
        "<ImptoReten><TipoImp>15</TipoImp><TasaImp>19</TasaImp><MontoImp>1900</MontoImp></ImptoReten>"
        "<MntTotal>10000</MntTotal>",
        _line(1, "10000"),
    )
    assert _verdict(element).state is VerdictState.OK


def test_additional_tax_adds_to_total() -> None:
    element = _document(
        33,
        "<MntNeto>10000</MntNeto><TasaIVA>19</TasaIVA><IVA>1900</IVA>"
        "<ImptoReten><TipoImp>27</TipoImp><TasaImp>10</TasaImp><MontoImp>1000</MontoImp></ImptoReten>"
        "<MntTotal>12900</MntTotal>",
        _line(1, "10000"),
    )
    assert _verdict(element).state is VerdictState.OK


def test_gross_lines_are_converted() -> None:
    element = _document(
        33,
        "<MntNeto>10000</MntNeto><TasaIVA>19</TasaIVA><IVA>1900</IVA><MntTotal>11900</MntTotal>",
        _line(1, "11900"),
    )
    element.find("Documento/Encabezado/IdDoc").append(etree.fromstring("<MntBruto>1</MntBruto>"))
    assert _verdict(element).state is VerdictState.OK


def test_export_in_dollars() -> None:
    element = _document(
        110,
        "<TpoMoneda>DOLAR USA</TpoMoneda><MntExe>30276.00</MntExe><MntTotal>30276.00</MntTotal>",
        _line(1, "30000.00", qty="100", price="300") + _line(2, "276", qty="1", price="276"),
        container="Exportaciones",
    )
    verdict = _verdict(element)
    assert verdict.state is VerdictState.OK


def test_export_total_mismatch_formats_dollars() -> None:
    element = _document(
        110,
        "<TpoMoneda>DOLAR USA</TpoMoneda><MntExe>30276.00</MntExe><MntTotal>30376.00</MntTotal>",
        _line(1, "30276.00"),
        container="Exportaciones",
    )
    verdict = _verdict(element)

    assert verdict.state is VerdictState.FALLA
    assert verdict.message.params["esperado"] == "US$ 30.276,00"


def test_missing_total() -> None:
    verdict = _verdict(_document(33, "", _line(1, "10")))
    assert verdict.state is VerdictState.FALLA
    assert verdict.message.code == "aritmetica.sin_total"


def test_credit_note_correcting_text_has_zero_amounts() -> None:
    element = _document(61, "<MntTotal>0</MntTotal>", _line(1, "0"))
    assert _verdict(element).state is VerdictState.OK


@pytest.mark.parametrize("total", ["2000", "1999"])
def test_boleta_gross_lines(total: str) -> None:
    element = _document(
        39,
        f"<MntNeto>1681</MntNeto><IVA>319</IVA><MntTotal>{total}</MntTotal>",
        _line(1, "2000"),
    )
    verdict = _verdict(element)
    expected = VerdictState.OK if total == "2000" else VerdictState.FALLA
    assert verdict.state is expected
