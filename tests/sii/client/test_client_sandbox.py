"""The client against the sandbox over real HTTP on 127.0.0.1, for every operation."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import logging
import urllib.error
import urllib.request

import pytest
from cryptography.hazmat.primitives import serialization

from cymadesk.models.rut import Rut
from cymadesk.sii.client.answers import EstadoDte
from cymadesk.sii.client.client import SiiClient
from cymadesk.sii.client.credentials import load_credential
from cymadesk.sii.client.errors import (
    SiiAuthenticationError,
    SiiRejected,
    SiiTokenRejected,
)
from cymadesk.sii.client.registry import Action
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.rcv import RcvEstado
from tests.sandbox_helpers import (
    NOW,
    PASSWORD,
    RECEPTOR,
    RunningSandbox,
    client_for,
    registered,
    sandbox_pkcs12,
)

EMISOR = Rut.parse("76354771-K")
RECEPTOR_RUT = Rut.parse(RECEPTOR)
_folios = itertools.count(1000)


def _new_document(sandbox: RunningSandbox, **options: object) -> str:
    folio = next(_folios)
    sandbox.register.add(registered(folio, **options))  # type: ignore[arg-type]
    return str(folio)


def _estado(client: SiiClient, folio: str, monto: int = 1190) -> EstadoDte:
    answer = client.estado_dte(
        emisor=EMISOR,
        receptor=RECEPTOR_RUT,
        tipo=33,
        folio=folio,
        fecha_emision=dt.date(2026, 11, 2),
        monto=monto,
    )
    return answer.estado


def test_token_is_cached_per_company(client: SiiClient, sandbox: RunningSandbox) -> None:
    first = client.token()
    second = client.token()
    assert first == second
    assert sandbox.server.requests["getSeed"] == 1
    assert sandbox.server.requests["getToken"] == 1


def test_estado_dok_dnk_fau_and_stored_state(client: SiiClient, sandbox: RunningSandbox) -> None:
    folio = _new_document(sandbox)
    annulled = _new_document(sandbox, estado="FAN")
    assert _estado(client, folio) is EstadoDte.DOK
    assert _estado(client, folio, monto=1191) is EstadoDte.DNK
    assert _estado(client, "999999") is EstadoDte.FAU
    assert _estado(client, annulled) is EstadoDte.FAN


def test_estado_av_compares_signature(client: SiiClient, sandbox: RunningSandbox) -> None:
    folio = _new_document(sandbox, firma="QUJD")
    common = {
        "emisor": EMISOR,
        "receptor": RECEPTOR_RUT,
        "tipo": 33,
        "folio": folio,
        "fecha_emision": dt.date(2026, 11, 2),
        "monto": 1190,
    }
    same = client.estado_dte_av(**common, firma="QU JD")  # type: ignore[arg-type]
    other = client.estado_dte_av(**common, firma="WFla")  # type: ignore[arg-type]
    assert (same.estado, same.recibido) == (EstadoDte.DOK, True)
    assert (other.estado, other.recibido) == (EstadoDte.DNK, False)


def test_reception_date(client: SiiClient, sandbox: RunningSandbox) -> None:
    folio = _new_document(sandbox, received_days_ago=3)
    received = client.fecha_recepcion(EMISOR, 33, folio)
    # The wire format has whole seconds in Chilean time; the instant is the registered one.
    assert received == NOW - dt.timedelta(days=3)
    with pytest.raises(SiiRejected) as caught:
        client.fecha_recepcion(EMISOR, 33, "424242")
    assert caught.value.message.code == "sii.registro.18"


def test_registry_state_machine(client: SiiClient, sandbox: RunningSandbox) -> None:
    accepted = _new_document(sandbox)
    claimed = _new_document(sandbox)

    assert client.eventos(EMISOR, 33, accepted) == []
    assert client.registrar(EMISOR, 33, accepted, Action.ERM).answer.code == 0
    assert client.registrar(EMISOR, 33, accepted, Action.ERM).already_recorded
    assert client.registrar(EMISOR, 33, accepted, Action.ACD).answer.code == 0
    with pytest.raises(SiiRejected) as after_acceptance:
        client.registrar(EMISOR, 33, accepted, Action.RCD)
    assert after_acceptance.value.sii_code == "11"

    assert client.registrar(EMISOR, 33, claimed, Action.RFP).answer.code == 0
    assert client.registrar(EMISOR, 33, claimed, Action.RCD).answer.code == 0
    for action, code in ((Action.ERM, "6"), (Action.ACD, "12")):
        with pytest.raises(SiiRejected) as refused:
            client.registrar(EMISOR, 33, claimed, action)
        assert refused.value.sii_code == code

    events = client.eventos(EMISOR, 33, accepted)
    assert [event.code for event in events] == ["ERM", "ACD"]
    assert events[0].rut_responsable == "12345678-5"
    assert client.cedible(EMISOR, 33, accepted).answer.code == 23
    assert client.cedible(EMISOR, 33, claimed).answer.code == 24


def test_window_closes_after_eight_days(client: SiiClient, sandbox: RunningSandbox) -> None:
    folio = _new_document(sandbox, received_days_ago=0)
    sandbox.control("/_sandbox/reloj", {"avanzar_segundos": 8 * 24 * 3600 + 60})
    with pytest.raises(SiiRejected) as caught:
        client.registrar(EMISOR, 33, folio, Action.RCD)
    assert caught.value.sii_code == "8"
    assert client.cedible(EMISOR, 33, folio).answer.code == 25


def test_registry_types_are_checked_before_sending(
    client: SiiClient, sandbox: RunningSandbox
) -> None:
    with pytest.raises(SiiRejected) as caught:
        client.registrar(EMISOR, 52, "1", Action.ACD)
    assert caught.value.message.code == "sii.registro.tipo_no_admitido"
    assert sandbox.server.requests["ingresarAceptacionReclamoDoc"] == 0


def test_rcv_lists_every_estado(client: SiiClient, sandbox: RunningSandbox) -> None:
    receptor = "77777777-7"
    pending = _new_document(sandbox, receptor=receptor, received_days_ago=1)
    tacit = _new_document(sandbox, receptor=receptor, received_days_ago=9)
    claimed = _new_document(sandbox, receptor=receptor, received_days_ago=2)
    client.registrar(EMISOR, 33, claimed, Action.RCD)

    rows = client.rcv_compras(Rut.parse(receptor), "202611")
    by_folio = {row.folio: row for row in rows}
    assert by_folio[pending].estado is RcvEstado.PENDIENTE
    assert by_folio[tacit].estado is RcvEstado.REGISTRO
    assert by_folio[tacit].acuse_at is not None
    assert by_folio[claimed].estado is RcvEstado.RECLAMADO
    assert by_folio[pending].razon_social == "Ferretería Ñuble Ltda."
    assert by_folio[pending].received_at == NOW - dt.timedelta(days=1)
    assert client.rcv_compras(Rut.parse(receptor), "202610") == []


def test_rcv_rejects_accept_json_alone(sandbox: RunningSandbox) -> None:
    request = urllib.request.Request(
        sandbox.url + "/consdcvinternetui/services/data/facadeService/getResumen",
        data=b"{}",
        headers={"Accept": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    caught.value.close()
    assert caught.value.code == 500


def test_expired_token_is_renewed_once(client: SiiClient, sandbox: RunningSandbox) -> None:
    folio = _new_document(sandbox)
    client.token()
    sandbox.control("/_sandbox/reloj", {"avanzar_segundos": 2 * 3600})
    assert client.fecha_recepcion(EMISOR, 33, folio)
    assert _estado(client, folio) is EstadoDte.DOK
    assert sandbox.server.requests["getToken"] == 2


def test_token_rejected_twice_is_final(client: SiiClient, sandbox: RunningSandbox) -> None:
    sandbox.control(
        "/_sandbox/fallas", {"tipo": "token_expirado", "operacion": "getEstDte", "veces": 2}
    )
    with pytest.raises(SiiTokenRejected):
        _estado(client, "1")
    assert sandbox.server.requests["getEstDte"] == 2
    assert sandbox.server.requests["getToken"] == 2


def test_certificate_from_another_ca_is_refused(sandbox: RunningSandbox) -> None:
    stranger = SandboxAuthority.create()
    credential = load_credential(sandbox_pkcs12(stranger), PASSWORD)
    with pytest.raises(SiiAuthenticationError) as caught:
        client_for(sandbox, credential).token()
    assert caught.value.message.params["estado"] == "-3"


def test_expired_certificate_is_refused(sandbox: RunningSandbox) -> None:
    pkcs12 = sandbox_pkcs12(
        sandbox.authority,
        not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=1),
    )
    with pytest.raises(SiiAuthenticationError):
        client_for(sandbox, load_credential(pkcs12, PASSWORD)).token()


def test_calls_are_logged_without_secrets(
    client: SiiClient, sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    folio = _new_document(sandbox)
    assert _estado(client, folio) is EstadoDte.DOK
    token = client.token()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "SII getEstDte for company" in logged
    assert "SII autenticar for company" in logged
    assert token not in logged
    certificate = client.credential.certificate.public_bytes(serialization.Encoding.DER)
    assert base64.b64encode(certificate).decode("ascii")[:40] not in logged
