"""Every fault the sandbox injects reaches the client as a typed error, or is survived."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from cymadesk.models.rut import Rut
from cymadesk.sii.client.answers import EstadoDte
from cymadesk.sii.client.client import SiiClient
from cymadesk.sii.client.credentials import Credential
from cymadesk.sii.client.errors import (
    SiiAuthenticationError,
    SiiProtocolError,
    SiiSoapFault,
    SiiUnavailable,
)
from cymadesk.sii.client.registry import Action
from cymadesk.sii.rcv import RcvEstado
from tests.sandbox_helpers import RECEPTOR, RunningSandbox, client_for, registered

EMISOR = Rut.parse("76354771-K")
FOLIO = 5000


@pytest.fixture
def document(sandbox: RunningSandbox) -> str:
    sandbox.register.add(registered(FOLIO))
    return str(FOLIO)


def _fault(
    sandbox: RunningSandbox, kind: str, operation: str, times: int = 1, **extra: float
) -> None:
    sandbox.control(
        "/_sandbox/fallas", {"tipo": kind, "operacion": operation, "veces": times, **extra}
    )


def _estado(client: SiiClient, folio: str) -> EstadoDte:
    return client.estado_dte(
        emisor=EMISOR,
        receptor=Rut.parse(RECEPTOR),
        tipo=33,
        folio=folio,
        fecha_emision=dt.date(2026, 11, 2),
        monto=1190,
    ).estado


def test_latency_is_waited_out(client: SiiClient, sandbox: RunningSandbox, document: str) -> None:
    _fault(sandbox, "latencia", "getEstDte", segundos=0.3)
    started = time.monotonic()
    assert _estado(client, document) is EstadoDte.DOK
    assert time.monotonic() - started >= 0.3


def test_timeout_is_retried_then_reported(
    sandbox: RunningSandbox, credential: Credential, document: str
) -> None:
    client = client_for(sandbox, credential, timeout=0.3)
    client.token()
    _fault(sandbox, "timeout", "getEstDte", times=3, segundos=1.0)
    with pytest.raises(SiiUnavailable) as caught:
        _estado(client, document)
    assert caught.value.message.code == "sii.tiempo_agotado"
    assert sandbox.server.requests["getEstDte"] == 3


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("http500", "sii.error_servidor"),
        ("html", "sii.respuesta_html"),
        ("conexion_cortada", "sii.respuesta_incompleta"),
    ],
)
def test_unavailable_faults_are_retried(
    client: SiiClient, sandbox: RunningSandbox, document: str, kind: str, code: str
) -> None:
    _fault(sandbox, kind, "getEstDte", times=1)
    assert _estado(client, document) is EstadoDte.DOK
    assert sandbox.server.requests["getEstDte"] == 2

    _fault(sandbox, kind, "getEstDte", times=3)
    with pytest.raises(SiiUnavailable) as caught:
        _estado(client, document)
    assert caught.value.message.code == code


def test_soap_fault_is_typed_and_not_retried(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    _fault(sandbox, "soap_fault", "consultarFechaRecepcionSii")
    with pytest.raises(SiiSoapFault) as caught:
        client.fecha_recepcion(EMISOR, 33, document)
    assert "NullPointerException" in caught.value.fault_string
    assert sandbox.server.requests["consultarFechaRecepcionSii"] == 1


def test_malformed_body_is_typed_and_not_retried(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    _fault(sandbox, "malformado", "getSeed")
    with pytest.raises(SiiProtocolError) as caught:
        client.token()
    assert caught.value.message.code == "sii.respuesta_malformada"
    assert sandbox.server.requests["getSeed"] == 1


def test_expired_token_fault_is_renewed(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    client.token()
    _fault(sandbox, "token_expirado", "listarEventosHistDoc")
    assert client.eventos(EMISOR, 33, document) == []
    assert sandbox.server.requests["getToken"] == 2
    assert sandbox.server.requests["listarEventosHistDoc"] == 2


def test_minus_one_retries_a_query(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    _fault(sandbox, "codigo_menos_uno", "consultarDocDteCedible")
    assert client.cedible(EMISOR, 33, document).answer.code == 22
    assert sandbox.server.requests["consultarDocDteCedible"] == 2


def test_minus_one_never_retries_an_action(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    _fault(sandbox, "codigo_menos_uno", "ingresarAceptacionReclamoDoc")
    with pytest.raises(SiiUnavailable) as caught:
        client.registrar(EMISOR, 33, document, Action.ACD)
    assert caught.value.message.code == "sii.registro.reintentar"
    assert sandbox.server.requests["ingresarAceptacionReclamoDoc"] == 1
    assert sandbox.register.events("76354771-K", 33, document) == []

    # Sending the same action again later is safe: it is recorded once.
    assert client.registrar(EMISOR, 33, document, Action.ACD).answer.code == 0
    assert client.registrar(EMISOR, 33, document, Action.ACD).already_recorded


def test_minus_one_in_seed_and_rcv(client: SiiClient, sandbox: RunningSandbox) -> None:
    _fault(sandbox, "codigo_menos_uno", "getSeed")
    with pytest.raises(SiiAuthenticationError) as seed:
        client.token()
    assert seed.value.message.params["estado"] == "-1"
    _fault(sandbox, "codigo_menos_uno", "getResumen", times=3)
    with pytest.raises(SiiUnavailable):
        client.rcv_compras(Rut.parse(RECEPTOR), "202611", [RcvEstado.PENDIENTE])


def test_false_charset_is_decoded(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    _fault(sandbox, "charset_falso", "ingresarAceptacionReclamoDoc")
    outcome = client.registrar(EMISOR, 33, document, Action.ERM)
    assert outcome.answer.description == "Acción Completada OK"


def test_fault_for_all_operations_and_clearing(
    client: SiiClient, sandbox: RunningSandbox, document: str
) -> None:
    sandbox.control("/_sandbox/fallas", {"tipo": "http500", "veces": None})
    assert sandbox.control("/_sandbox/estado")["fallas"][0]["tipo"] == "http500"
    with pytest.raises(SiiUnavailable):
        client.token()
    assert sandbox.server.requests["getSeed"] == 3
    sandbox.server.faults.clear()
    assert _estado(client, document) is EstadoDte.DOK
