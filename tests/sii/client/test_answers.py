"""Recorded responses in the SII's shapes (from its manuals), read by local name and code."""

from __future__ import annotations

import pytest

from cymadesk.sii.client import rcv, registry, soap
from cymadesk.sii.client.answers import (
    EstadoDte,
    parse_estado_dte,
    parse_estado_dte_av,
    parse_seed,
    parse_token,
)
from cymadesk.sii.client.errors import (
    SiiAuthenticationError,
    SiiProtocolError,
    SiiRejected,
    SiiSoapFault,
    SiiTokenRejected,
    SiiUnavailable,
)
from cymadesk.sii.client.http import HttpResponse
from cymadesk.sii.rcv import RcvEstado

SII = 'xmlns:SII="http://www.sii.cl/XMLSchema"'


def _xml(
    body: str, status: int = 200, content_type: str = "text/xml; charset=utf-8"
) -> HttpResponse:
    return HttpResponse(status, content_type, body.encode("utf-8"))


def _axis(operation: str, inner: str) -> HttpResponse:
    escaped = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _xml(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<soapenv:Body><ns1:{operation}Response xmlns:ns1="http://DefaultNamespace">'
        f"<{operation}Return>{escaped}</{operation}Return>"
        f"</ns1:{operation}Response></soapenv:Body></soapenv:Envelope>"
    )


def _registry(operation: str, content: str) -> HttpResponse:
    return _xml(
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>'
        f'<ns2:{operation}Response xmlns:ns2="http://ws.registroreclamodte.diii.sdi.des.sii.cl">'
        f"<return>{content}</return></ns2:{operation}Response></S:Body></S:Envelope>"
    )


# Seed and token


def test_seed_keeps_leading_zeros_through_the_envelope() -> None:
    inner = (
        f'<?xml version="1.0" encoding="UTF-8"?><SII:RESPUESTA {SII}><SII:RESP_BODY>'
        "<SEMILLA>000000000078</SEMILLA></SII:RESP_BODY><SII:RESP_HDR><ESTADO>00</ESTADO>"
        "</SII:RESP_HDR></SII:RESPUESTA>"
    )
    assert parse_seed(soap.rpc_return_text(_axis("getSeed", inner))) == "000000000078"


def test_seed_manual_variant_shape() -> None:
    inner = (
        '<SII:RESPUESTA xmlns:SII="http://www.sii.cl/XMLSchema"><SII:RESP_HDR><ESTADO>00'
        "</ESTADO></SII:RESP_HDR><SII:RESP_BODY><SEED>001234</SEED></SII:RESP_BODY>"
        "</SII:RESPUESTA>"
    )
    assert parse_seed(inner) == "001234"


@pytest.mark.parametrize("estado", ["-1", "-2"])
def test_seed_errors(estado: str) -> None:
    inner = f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>{estado}</ESTADO></SII:RESP_HDR></SII:RESPUESTA>"
    with pytest.raises(SiiAuthenticationError) as caught:
        parse_seed(inner)
    assert caught.value.message.params["estado"] == estado


def test_token_created() -> None:
    inner = (
        f"<SII:RESPUESTA {SII}><SII:RESP_BODY><TOKEN>ZKBFGW0M2R0YO</TOKEN></SII:RESP_BODY>"
        "<SII:RESP_HDR><ESTADO>00</ESTADO><GLOSA>Token Creado</GLOSA></SII:RESP_HDR>"
        "</SII:RESPUESTA>"
    )
    assert parse_token(inner) == "ZKBFGW0M2R0YO"


@pytest.mark.parametrize(
    "estado",
    ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "-3", "-07"],
)
def test_token_error_states_keep_their_string(estado: str) -> None:
    inner = (
        f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>{estado}</ESTADO>"
        "<GLOSA>ERROR+RETORNO</GLOSA></SII:RESP_HDR></SII:RESPUESTA>"
    )
    with pytest.raises(SiiAuthenticationError) as caught:
        parse_token(inner)
    assert caught.value.message.code == "sii.token_rechazado"
    assert caught.value.message.params == {"estado": estado, "glosa": "ERROR RETORNO"}


# QueryEstDte


@pytest.mark.parametrize(
    ("estado", "err_code", "matches"),
    [
        ("DOK", "0", True),
        ("DNK", "1", False),
        ("FAU", "3", False),
        ("FNA", "4", False),
        ("FAN", "5", False),
        ("EMP", "6", False),
        ("TMD", "10", True),
        ("TMC", "11", True),
        ("MMD", "12", True),
        ("MMC", "13", True),
        ("AND", "14", True),
        ("ANC", "15", True),
    ],
)
def test_estado_dte_every_state(estado: str, err_code: str, matches: bool) -> None:
    # The manual's examples use the misspelled namespace and GLOSA_ESTADO.
    inner = (
        '<SII:RESPUESTA xmlns:SII="http://www.ssi.cl/XMLSchema"><SII:RESP_HDR>'
        f"<ESTADO>{estado}</ESTADO><GLOSA_ESTADO>Texto</GLOSA_ESTADO><ERR_CODE>{err_code}"
        "</ERR_CODE><GLOSA_ERR>Texto+error</GLOSA_ERR>"
        "<NUM_ATENCION>532 ( 2004/06/14 16:44:20)</NUM_ATENCION></SII:RESP_HDR></SII:RESPUESTA>"
    )
    answer = parse_estado_dte(soap.rpc_return_text(_axis("getEstDte", inner)))
    assert answer.estado is EstadoDte(estado)
    assert answer.err_code == err_code
    assert answer.glosa_err == "Texto error"
    assert answer.num_atencion == "532 ( 2004/06/14 16:44:20)"
    assert answer.estado.data_match is matches


@pytest.mark.parametrize("estado", ["001", "002", "003"])
def test_estado_dte_token_states(estado: str) -> None:
    inner = f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>{estado}</ESTADO><GLOSA>TOKEN+INACTIVO</GLOSA></SII:RESP_HDR></SII:RESPUESTA>"
    with pytest.raises(SiiTokenRejected):
        parse_estado_dte(inner)


@pytest.mark.parametrize("estado", ["-1", "-2", "-3", "-4", "XYZ"])
def test_estado_dte_error_states(estado: str) -> None:
    inner = f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>{estado}</ESTADO><GLOSA>ERROR RETORNO</GLOSA></SII:RESP_HDR></SII:RESPUESTA>"
    with pytest.raises(SiiRejected) as caught:
        parse_estado_dte(inner)
    assert caught.value.sii_code == estado


def test_estado_dte_av_received_and_not() -> None:
    template = (
        f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>00</ESTADO><ERR_CODE>0</ERR_CODE>"
        "</SII:RESP_HDR><SII:RESP_BODY><RECIBIDO>{recibido}</RECIBIDO><ESTADO>{estado}"
        "</ESTADO><GLOSA>texto</GLOSA></SII:RESP_BODY></SII:RESPUESTA>"
    )
    received = parse_estado_dte_av(template.format(recibido="SI", estado="DOK"))
    not_received = parse_estado_dte_av(template.format(recibido="NO", estado="DNK"))
    assert (received.estado, received.recibido) == (EstadoDte.DOK, True)
    assert (not_received.estado, not_received.recibido) == (EstadoDte.DNK, False)


@pytest.mark.parametrize(("err_code", "error"), [("1", SiiTokenRejected), ("5", SiiRejected)])
def test_estado_dte_av_header_errors(err_code: str, error: type[Exception]) -> None:
    inner = (
        f"<SII:RESPUESTA {SII}><SII:RESP_HDR><ESTADO>-1</ESTADO><ERR_CODE>{err_code}</ERR_CODE>"
        "<GLOSA>texto</GLOSA></SII:RESP_HDR></SII:RESPUESTA>"
    )
    with pytest.raises(error):
        parse_estado_dte_av(inner)


# RegistroReclamoDteService


def _action_answer(code: int) -> registry.RegistryAnswer:
    value = soap.literal_return(
        _registry(
            "ingresarAceptacionReclamoDoc", f"<codResp>{code}</codResp><descResp>x</descResp>"
        )
    )
    return registry.parse_answer(value)


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("ACD", 0),
        ("ACD", 7),
        ("ERM", 7),
        ("RCD", 5),
        ("RCD", 7),
        ("RFP", 5),
        ("RFP", 19),
        ("RFT", 19),
    ],
)
def test_action_success_codes(action: str, code: int) -> None:
    outcome = registry.action_outcome(registry.Action(action), _action_answer(code))
    assert outcome.answer.code == code
    assert outcome.already_recorded is (code != 0)


@pytest.mark.parametrize(("action", "code"), [("ACD", 5), ("ERM", 5), ("ACD", 19), ("RCD", 19)])
def test_other_action_recorded_is_rejected(action: str, code: int) -> None:
    # A claim on record does not make an acceptance done, nor a content claim a merchandise one.
    with pytest.raises(SiiRejected) as caught:
        registry.action_outcome(registry.Action(action), _action_answer(code))
    assert caught.value.message.code == f"sii.registro.{code}"


@pytest.mark.parametrize("code", [1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 17, 18])
def test_action_error_codes(code: int) -> None:
    value = soap.literal_return(
        _registry(
            "ingresarAceptacionReclamoDoc", f"<codResp>{code}</codResp><descResp>texto</descResp>"
        )
    )
    with pytest.raises(SiiRejected) as caught:
        registry.action_outcome(registry.Action.RCD, registry.parse_answer(value))
    assert caught.value.message.code == f"sii.registro.{code}"
    assert caught.value.sii_code == str(code)


def test_action_minus_one_is_retry_later() -> None:
    value = soap.literal_return(
        _registry("ingresarAceptacionReclamoDoc", "<codResp>-1</codResp><descResp>Error</descResp>")
    )
    with pytest.raises(SiiUnavailable) as caught:
        registry.action_outcome(registry.Action.ERM, registry.parse_answer(value))
    assert caught.value.message.code == "sii.registro.reintentar"


def test_undocumented_code_is_reported_as_such() -> None:
    value = soap.literal_return(
        _registry("ingresarAceptacionReclamoDoc", "<codResp>27</codResp><descResp>?</descResp>")
    )
    with pytest.raises(SiiRejected) as caught:
        registry.action_outcome(registry.Action.ACD, registry.parse_answer(value))
    assert caught.value.message.code == "sii.registro.otro"


def test_events_list_single_and_none() -> None:
    event = (
        "<listaEventosDoc><codEvento>{code}</codEvento><descEvento>d</descEvento>"
        "<rutResponsable>12345678</rutResponsable><dvResponsable>5</dvResponsable>"
        "<fechaEvento>05-08-2017 11:03:51</fechaEvento></listaEventosDoc>"
    )
    head = "<codResp>15</codResp><descResp>Listado</descResp>"
    many = registry.parse_events(
        soap.literal_return(
            _registry(
                "listarEventosHistDoc", head + event.format(code="ERM") + event.format(code="acd")
            )
        )
    )
    single = registry.parse_events(
        soap.literal_return(_registry("listarEventosHistDoc", head + event.format(code="RCD")))
    )
    none = registry.parse_events(
        soap.literal_return(
            _registry("listarEventosHistDoc", "<codResp>16</codResp><descResp>Sin</descResp>")
        )
    )
    assert [item.code for item in many] == ["ERM", "ACD"]
    assert many[0].rut_responsable == "12345678-5"
    assert many[0].occurred_at is not None
    assert many[0].occurred_at.isoformat() == "2017-08-05T11:03:51-04:00"
    assert [item.code for item in single] == ["RCD"]
    assert none == []


@pytest.mark.parametrize("code", [1, 2, 3, 8, 10, 14, 17, 18])
def test_events_error_codes(code: int) -> None:
    value = soap.literal_return(
        _registry("listarEventosHistDoc", f"<codResp>{code}</codResp><descResp>x</descResp>")
    )
    with pytest.raises(SiiRejected):
        registry.parse_events(value)


@pytest.mark.parametrize(
    ("code", "cedible"),
    [(23, True), (25, True), (20, False), (21, False), (22, False), (24, False)],
)
def test_cedible_codes(code: int, cedible: bool) -> None:
    value = soap.literal_return(
        _registry("consultarDocDteCedible", f"<codResp>{code}</codResp><descResp>x</descResp>")
    )
    assert registry.parse_cedible(value).cedible is cedible


@pytest.mark.parametrize("code", [1, 2, 10, 18])
def test_cedible_error_codes(code: int) -> None:
    value = soap.literal_return(
        _registry("consultarDocDteCedible", f"<codResp>{code}</codResp><descResp>x</descResp>")
    )
    with pytest.raises(SiiRejected):
        registry.parse_cedible(value)


def test_reception_date_is_santiago_time() -> None:
    value = soap.literal_return(_registry("consultarFechaRecepcionSii", "05-08-2017 11:03:51"))
    assert registry.parse_reception(value).isoformat() == "2017-08-05T11:03:51-04:00"


def test_reception_error_code_and_unreadable_text() -> None:
    coded = soap.literal_return(
        _registry("consultarFechaRecepcionSii", "<codResp>18</codResp><descResp>No</descResp>")
    )
    text = soap.literal_return(_registry("consultarFechaRecepcionSii", "Documento no existe"))
    with pytest.raises(SiiRejected) as first:
        registry.parse_reception(coded)
    with pytest.raises(SiiRejected) as second:
        registry.parse_reception(text)
    assert first.value.message.code == "sii.registro.18"
    assert second.value.message.code == "sii.recepcion_desconocida"


# Transport-level shapes


def test_soap_fault_token_text() -> None:
    fault = _xml(
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault>'
        "<faultcode>S:Server</faultcode><faultstring>Error de Autenticacion: TOKEN invalido"
        "</faultstring></S:Fault></S:Body></S:Envelope>",
        status=500,
    )
    with pytest.raises(SiiSoapFault) as caught:
        soap.envelope_body(fault)
    assert caught.value.fault_string == "Error de Autenticacion: TOKEN invalido"


def test_html_page_is_unavailable() -> None:
    with pytest.raises(SiiUnavailable) as caught:
        soap.envelope_body(_xml("<!DOCTYPE html><html><body>Mantención</body></html>", 200))
    assert caught.value.message.code == "sii.respuesta_html"


def test_server_error_without_soap_is_unavailable() -> None:
    with pytest.raises(SiiUnavailable):
        soap.envelope_body(_xml("Internal error", 500, "text/plain"))


@pytest.mark.parametrize("body", ["<soapenv:Envelope><roto>", "", "<a/>"])
def test_malformed_bodies(body: str) -> None:
    with pytest.raises(SiiProtocolError):
        soap.envelope_body(_xml(body))


def test_false_charset_is_read_as_latin1() -> None:
    body = _registry(
        "consultarDocDteCedible", "<codResp>23</codResp><descResp>Acción</descResp>"
    ).body
    response = HttpResponse(
        200, "text/xml; charset=utf-8", body.decode("utf-8").encode("iso-8859-1")
    )
    assert registry.parse_cedible(soap.literal_return(response)).answer.description == "Acción"


def test_entities_are_not_expanded() -> None:
    hostile = (
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><r><return>'
        "&e;</return></r></S:Body></S:Envelope>"
    )
    try:
        value = soap.literal_return(_xml(hostile))
    except SiiProtocolError:
        return
    assert "root:" not in (value.text or "")


# RCV JSON


def test_rcv_detail_quirks() -> None:
    payload = (
        '{"data": [{"detTipoDoc": 33, "detRutDoc": 76354771, "detDvDoc": "K", '
        '"detRznSoc": "  Ferretería Ñuble   Ltda. ", "detNroDoc": "000123", '
        '"detFchDoc": "02/11/2026", "detFecRecepcion": "03/11/2026 10:15:00", '
        '"detFecAcuse": null, "detFecReclamado": "-", "detMntExe": "null", '
        '"detMntNeto": 1000, "detMntIVA": 190, "detMntTotal": 1190}, '
        '{"detTipoDoc": 33, "detRutDoc": null, "detDvDoc": null, "detNroDoc": 5}], '
        '"respEstado": {"codRespuesta": 0}}'
    )
    rows = rcv.parse_detail(_xml(payload, content_type="application/json"), RcvEstado.PENDIENTE)
    assert len(rows) == 1
    row = rows[0]
    assert row.rut_emisor.canonical == "76354771-K"
    assert row.razon_social == "Ferretería Ñuble Ltda."
    assert row.folio == "123"
    assert row.received_at is not None
    assert row.received_at.isoformat() == "2026-11-03T10:15:00-03:00"
    assert (row.acuse_at, row.reclamo_at, row.monto_exento) == (None, None, None)
    assert row.monto_total == 1190


def test_rcv_summary_counts() -> None:
    payload = '{"data": [{"rsmnTipoDocInteger": 33, "rsmnTotDoc": 4}, {"rsmnTipoDocInteger": 61, "rsmnTotDoc": 0}], "respEstado": {"codRespuesta": 0}}'
    assert rcv.parse_summary(_xml(payload)) == {33: 4}


def test_rcv_error_answers() -> None:
    rejected = '{"data": null, "respEstado": {"codRespuesta": 2, "msgeRespuesta": "Sin datos"}}'
    with pytest.raises(SiiRejected):
        rcv.parse_summary(_xml(rejected))
    with pytest.raises(SiiUnavailable):
        rcv.parse_summary(_xml('{"respEstado": {"codRespuesta": -1}}'))
    with pytest.raises(SiiTokenRejected):
        rcv.parse_summary(_xml("{}", status=401))
    with pytest.raises(SiiUnavailable):
        rcv.parse_summary(_xml("RESTEASY001530", status=500))
    with pytest.raises(SiiProtocolError):
        rcv.parse_summary(_xml("<html>"))
