"""The sandbox's rules, its checks of signed seeds, its control endpoints and issuing."""

from __future__ import annotations

import datetime as dt
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cymadesk.sii.client.credentials import load_credential
from cymadesk.sii.client.seed import seed_document, sign_seed
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.tamper import element_text
from cymadesk.sii.sandbox import rules, server
from cymadesk.sii.sandbox.control import InvalidControlRequest
from cymadesk.sii.sandbox.faults import OPERATIONS, Fault, FaultKind, FaultPlan
from cymadesk.sii.sandbox.issuing import issue_documents, receptor_party
from cymadesk.sii.sandbox.register import RegisteredEvent, SandboxRegister
from cymadesk.sii.verify import verify_file
from tests.sandbox_helpers import (
    NOW,
    PASSWORD,
    RunningSandbox,
    registered,
    running_sandbox,
    sandbox_pkcs12,
)


@pytest.fixture(scope="module")
def authority() -> SandboxAuthority:
    return SandboxAuthority.create()


@pytest.fixture(scope="module")
def module_sandbox(
    tmp_path_factory: pytest.TempPathFactory, authority: SandboxAuthority
) -> Iterator[RunningSandbox]:
    with running_sandbox(tmp_path_factory.mktemp("sandbox"), authority) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(module_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    module_sandbox.reset()
    yield module_sandbox
    module_sandbox.reset()


def _event(code: str, days_ago: float = 1) -> RegisteredEvent:
    return RegisteredEvent(code, code, "12345678-5", NOW - dt.timedelta(days=days_ago))


# Rules


@pytest.mark.parametrize(
    ("prior", "action", "code"),
    [
        ((), "ACD", 0),
        ((), "RFT", 0),
        (("RCD",), "RFP", 0),
        (("RCD",), "RCD", 7),
        (("RCD",), "ERM", 6),
        (("RFT",), "ACD", 12),
        (("ACD",), "ERM", 0),
        (("ACD",), "RCD", 11),
        (("ACD",), "ACD", 7),
        (("ERM",), "ACD", 0),
        (("ERM",), "RFP", 13),
        (("ERM",), "ERM", 7),
        ((), "XYZ", 4),
    ],
)
def test_action_rules(prior: tuple[str, ...], action: str, code: int) -> None:
    events = [_event(item) for item in prior]
    assert rules.action_code(registered(1), events, 33, action, NOW) == code


def test_action_rules_type_document_and_window() -> None:
    assert rules.action_code(registered(1), [], 61, "ACD", NOW) == 3
    assert rules.action_code(None, [], 33, "ACD", NOW) == 18
    late = registered(1, received_days_ago=8.01)
    in_time = registered(1, received_days_ago=7.99)
    assert rules.action_code(late, [], 33, "ACD", NOW) == 8
    assert rules.action_code(in_time, [], 33, "ACD", NOW) == 0


def test_cedible_rules() -> None:
    document = registered(1)
    assert rules.cedible_code(document, [], 52, NOW) == 20
    assert rules.cedible_code(None, [], 33, NOW) == 18
    assert rules.cedible_code(document, [_event("RFT")], 33, NOW) == 24
    assert rules.cedible_code(document, [_event("NCA")], 33, NOW) == 21
    assert rules.cedible_code(document, [_event("ERM")], 33, NOW) == 23
    assert rules.cedible_code(document, [], 33, NOW) == 22
    assert rules.cedible_code(registered(1, received_days_ago=9), [], 33, NOW) == 25


def test_rcv_placement() -> None:
    assert rules.rcv_placement(registered(1), [], NOW).estado == "PENDIENTE"
    tacit = rules.rcv_placement(registered(1, received_days_ago=10), [], NOW)
    assert tacit.estado == "REGISTRO"
    assert tacit.acuse_at == NOW - dt.timedelta(days=2)
    assert rules.rcv_placement(registered(1), [_event("ACD")], NOW).estado == "REGISTRO"
    assert rules.rcv_placement(registered(1), [_event("RCD")], NOW).estado == "RECLAMADO"


# Signed seeds


def _seed(sandbox: RunningSandbox) -> str:
    answer = sandbox.sii.seed()
    return answer.body.split("SEMILLA&gt;")[1].split("&lt;")[0]


def _token_estado(sandbox: RunningSandbox, signed: str) -> str:
    body = sandbox.sii.token(signed).body
    return body.split("ESTADO&gt;")[1].split("&lt;")[0]


def test_seed_checks(sandbox: RunningSandbox, authority: SandboxAuthority) -> None:
    credential = load_credential(sandbox_pkcs12(authority), PASSWORD)
    seed = _seed(sandbox)
    assert seed.startswith("000")

    signed = sign_seed(seed, credential)
    assert _token_estado(sandbox, "<getToken><item>") == "02"
    assert _token_estado(sandbox, "<getToken><item/></getToken>") == "06"
    unsigned = '<?xml version="1.0"?>' + "<getToken><item><Semilla>1</Semilla></item></getToken>"
    assert _token_estado(sandbox, unsigned) == "04"
    without_certificate = signed.replace("X509Certificate", "X509Nada")
    assert _token_estado(sandbox, without_certificate) == "11"
    assert _token_estado(sandbox, sign_seed("999", credential)) == "08"
    tampered = signed.replace(f"<Semilla>{seed}</Semilla>", f"<Semilla>{_seed(sandbox)}</Semilla>")
    assert _token_estado(sandbox, tampered) == "05"
    assert _token_estado(sandbox, signed) == "00"
    # A seed works once.
    assert _token_estado(sandbox, signed) == "08"


def test_seed_expires_after_two_minutes(
    sandbox: RunningSandbox, authority: SandboxAuthority
) -> None:
    credential = load_credential(sandbox_pkcs12(authority), PASSWORD)
    seed = _seed(sandbox)
    sandbox.clock.advance(dt.timedelta(minutes=2, seconds=1))
    assert _token_estado(sandbox, sign_seed(seed, credential)) == "08"


def test_seed_document_shape() -> None:
    root = seed_document("0042")
    assert root.tag == "getToken"
    assert root.findtext("item/Semilla") == "0042"


# Control endpoints and faults


def test_clock_endpoint_sets_and_moves_time(sandbox: RunningSandbox) -> None:
    status = sandbox.control(
        "/_sandbox/reloj", {"ahora": "2026-12-01T09:00:00-03:00", "detenido": True}
    )
    assert status["reloj"] == "2026-12-01T12:00:00+00:00"
    status = sandbox.control("/_sandbox/reloj", {"avanzar_segundos": 3600})
    assert status["reloj"] == "2026-12-01T13:00:00+00:00"
    assert sandbox.register.setting("reloj")["detenido_en"] == "2026-12-01T13:00:00+00:00"


def _control_error(
    sandbox: RunningSandbox, path: str, body: bytes | None = None, method: str = "POST"
) -> tuple[int, dict[str, Any]]:
    """Send a control request that must fail; return its HTTP status and JSON body."""
    request = urllib.request.Request(sandbox.url + path, data=body, method=method)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    with caught.value as answer:
        assert answer.headers["Content-Type"].startswith("application/json")
        return answer.code, json.loads(answer.read().decode("utf-8"))


def _json(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


# (path, body, status, code, start of the Spanish text)
BAD_CONTROL_REQUESTS = {
    "unknown_kind": (
        "/_sandbox/fallas",
        _json({"tipo": "no_existe"}),
        400,
        "sandbox.falla.tipo_desconocido",
        "Tipo de falla desconocido: «no_existe». Los tipos válidos son: latencia, timeout,",
    ),
    "missing_kind": (
        "/_sandbox/fallas",
        _json({"operacion": "getSeed"}),
        400,
        "sandbox.falla.sin_tipo",
        "Falta el campo «tipo». Los tipos de falla válidos son: latencia,",
    ),
    "negative_times": (
        "/_sandbox/fallas",
        _json({"tipo": "timeout", "veces": -1}),
        400,
        "sandbox.falla.veces_invalidas",
        "El campo «veces» debe ser un número entero desde 1, o 0 (o null)",
    ),
    "text_times": (
        "/_sandbox/fallas",
        _json({"tipo": "timeout", "veces": "dos"}),
        400,
        "sandbox.falla.veces_invalidas",
        "El campo «veces» debe ser un número entero desde 1, o 0 (o null) para que la falla "
        'siga hasta que se borre. Se recibió "dos".',
    ),
    "seconds_out_of_range": (
        "/_sandbox/fallas",
        _json({"tipo": "latencia", "segundos": 601}),
        400,
        "sandbox.falla.segundos_invalidos",
        "El campo «segundos» debe ser un número entre 0 y 600. Se recibió 601.",
    ),
    "bad_json": (
        "/_sandbox/fallas",
        b'{"tipo": "http500",',
        400,
        "sandbox.control.json_invalido",
        "El cuerpo de la solicitud no es JSON válido (error en la línea 1, columna 20).",
    ),
    "not_utf8": (
        "/_sandbox/fallas",
        '{"tipo": "ñ"}'.encode("latin-1"),
        400,
        "sandbox.control.no_utf8",
        "El cuerpo de la solicitud no está codificado en UTF-8.",
    ),
    "not_an_object": (
        "/_sandbox/fallas",
        _json(["http500"]),
        400,
        "sandbox.control.no_es_objeto",
        "El cuerpo de la solicitud debe ser un objeto JSON",
    ),
    "clock_without_time": (
        "/_sandbox/reloj",
        _json({"detenido": True}),
        400,
        "sandbox.reloj.incompleto",
        "Indique «ahora» (fecha y hora ISO 8601 con zona horaria",
    ),
    "clock_without_zone": (
        "/_sandbox/reloj",
        _json({"ahora": "2026-12-01T09:00:00"}),
        400,
        "sandbox.reloj.fecha_invalida",
        "El campo «ahora» debe ser una fecha y hora ISO 8601 con zona horaria",
    ),
    "clock_text_seconds": (
        "/_sandbox/reloj",
        _json({"avanzar_segundos": "una hora"}),
        400,
        "sandbox.reloj.segundos_invalidos",
        'El campo «avanzar_segundos» debe ser un número de segundos. Se recibió "una hora".',
    ),
    "clock_infinite_seconds": (
        "/_sandbox/reloj",
        b'{"avanzar_segundos": Infinity}',
        400,
        "sandbox.reloj.segundos_invalidos",
        "El campo «avanzar_segundos» debe ser un número de segundos. Se recibió Infinity.",
    ),
    "unknown_path": (
        "/_sandbox/falla",
        _json({"tipo": "http500"}),
        404,
        "sandbox.control.ruta_desconocida",
        "No existe el punto de control POST /_sandbox/falla. Los disponibles son: "
        "GET /_sandbox/estado, POST /_sandbox/reloj, POST /_sandbox/fallas,",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CONTROL_REQUESTS))
def test_bad_control_request_explained(sandbox: RunningSandbox, case: str) -> None:
    path, body, status, code, text = BAD_CONTROL_REQUESTS[case]

    answer_status, answer = _control_error(sandbox, path, body)

    assert answer_status == status
    assert answer["codigo"] == code
    assert answer["error"].startswith(text)
    assert sandbox.control("/_sandbox/estado")["fallas"] == []


def test_unknown_fault_operation_rejected(sandbox: RunningSandbox) -> None:
    body = _json({"tipo": "http500", "operacion": "rcv", "veces": 1})

    status, answer = _control_error(sandbox, "/_sandbox/fallas", body)

    assert status == 400
    assert answer["codigo"] == "sandbox.falla.operacion_desconocida"
    assert answer["operaciones_validas"] == list(OPERATIONS)
    assert answer["error"] == (
        "Operación desconocida: «rcv». Indique el nombre de una operación SOAP o REST del SII: "
        + ", ".join(OPERATIONS)
        + ". Sin operación, la falla afecta a todas."
    )
    assert sandbox.control("/_sandbox/estado")["fallas"] == []


def test_unknown_fault_kind_lists_kinds(sandbox: RunningSandbox) -> None:
    status, answer = _control_error(sandbox, "/_sandbox/fallas", _json({"tipo": "apagon"}))

    assert status == 400
    assert answer["tipos_validos"] == [kind.value for kind in FaultKind]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_fault_accepted_for_each_operation(sandbox: RunningSandbox, operation: str) -> None:
    status = sandbox.control("/_sandbox/fallas", {"tipo": "http500", "operacion": operation})

    assert status["fallas"][0]["operacion"] == operation


def test_fault_without_operation_accepted(sandbox: RunningSandbox) -> None:
    for operation in (None, ""):
        sandbox.reset()

        status = sandbox.control("/_sandbox/fallas", {"tipo": "http500", "operacion": operation})

        assert status["fallas"][0]["operacion"] is None


@pytest.mark.parametrize("readme", ["README.md", "README.es.md"])
def test_readme_lists_fault_operations(readme: str) -> None:
    text = (Path(__file__).resolve().parents[3] / readme).read_text("utf-8")

    for operation in OPERATIONS:
        assert f"`{operation}`" in text


def test_fault_operations_are_routed_ones() -> None:
    routed = set(server.RPC_OPERATIONS.values()) | server.REGISTRY_OPERATIONS | server.RCV_METHODS

    assert set(OPERATIONS) == routed
    assert len(OPERATIONS) == len(set(OPERATIONS))


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/_sandbox/nada"), ("DELETE", "/_sandbox/reloj")]
)
def test_unknown_control_path_explained(sandbox: RunningSandbox, method: str, path: str) -> None:
    status, answer = _control_error(sandbox, path, method=method)

    assert status == 404
    assert answer["codigo"] == "sandbox.control.ruta_desconocida"
    assert answer["error"].startswith(f"No existe el punto de control {method} {path}.")
    assert "POST /_sandbox/fallas" in answer["puntos_de_control"]


def test_documents_endpoint_issues_and_registers(
    tmp_path: Path, authority: SandboxAuthority
) -> None:
    with running_sandbox(tmp_path, authority, issuing=True) as sandbox:
        result = sandbox.control(
            "/_sandbox/documentos", {"cantidad": 8, "receptor": "77.777.777-7", "semilla": 3}
        )
        status = sandbox.control("/_sandbox/estado")

    folder = tmp_path / "emitidos" / "77777777-7"
    assert result["carpeta"] == str(folder)
    assert result["documentos"] == 8
    assert sorted(path.name for path in folder.glob("*.xml")) == sorted(
        item["archivo"] for item in result["archivos"]
    )
    registered = [item for item in result["archivos"] if item["registrado_en_sii"]]
    assert status["documentos"] == len(registered)
    assert len(registered) == 5  # the one never sent, and the two extra suspicious ones, are not
    for item in result["archivos"]:
        found = sandbox.register.find(item["rut_emisor"], item["tipo"], item["folio"])
        if item["clase"] == "folio_duplicado":
            # The register keeps the registered document whose folio this one reuses.
            data = (folder / item["archivo"]).read_bytes()
            assert found is not None
            assert found.firma != "".join(element_text(data, "SignatureValue").split())
        else:
            assert (found is not None) is item["registrado_en_sii"]
    normal = next(item for item in result["archivos"] if item["clase"] == "normal")
    (checked,) = verify_file((folder / normal["archivo"]).read_bytes()).documents
    assert checked.document.receptor.rut.canonical == "77777777-7"


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        (
            {"cantidad": 0, "receptor": "77777777-7"},
            "El campo «cantidad» debe ser un número entero de 1 a 500. Se recibió 0.",
        ),
        (
            {"cantidad": "3", "receptor": "77777777-7"},
            'El campo «cantidad» debe ser un número entero de 1 a 500. Se recibió "3".',
        ),
        (
            {"cantidad": 501, "receptor": "77777777-7"},
            "El campo «cantidad» debe ser un número entero de 1 a 500. Se recibió 501.",
        ),
        (
            {"cantidad": 2, "receptor": "77.777.777-0"},
            "El campo «receptor» debe ser el RUT de la empresa receptora, como 77777777-7. Se "
            'recibió "77.777.777-0".',
        ),
        (
            {"cantidad": 2},
            "El campo «receptor» debe ser el RUT de la empresa receptora, como 77777777-7. Se "
            "recibió null.",
        ),
        (
            {"cantidad": 2, "receptor": "77777777-7", "semilla": "x"},
            'El campo «semilla» debe ser un número entero. Se recibió "x".',
        ),
    ],
)
def test_documents_endpoint_rejects_bad_requests(
    tmp_path: Path, authority: SandboxAuthority, payload: dict[str, object], text: str
) -> None:
    with running_sandbox(tmp_path, authority, issuing=True) as sandbox:
        status, answer = _control_error(sandbox, "/_sandbox/documentos", _json(payload))
        assert status == 400
        assert answer["error"] == text
        assert sandbox.register.count() == 0
    assert not (tmp_path / "emitidos").exists()


def test_documents_endpoint_needs_an_issuer(sandbox: RunningSandbox) -> None:
    body = _json({"cantidad": 1, "receptor": "77777777-7"})

    status, answer = _control_error(sandbox, "/_sandbox/documentos", body)

    assert status == 404
    assert answer["codigo"] == "sandbox.control.sin_emisor"


def test_server_listens_on_loopback_only(sandbox: RunningSandbox) -> None:
    host, _ = sandbox.server.server_address[:2]
    assert host == "127.0.0.1"
    assert sandbox.server.socket.family == socket.AF_INET


def test_fault_plan_counts_uses() -> None:
    plan = FaultPlan()
    plan.add(Fault(FaultKind.HTTP_500, "getSeed", times=2))
    plan.add(Fault.parse_option("timeout"))
    assert plan.take("getToken") is not None  # the timeout for any operation
    assert plan.take("getToken") is None
    assert plan.take("getSeed") is not None
    assert plan.take("getSeed") is not None
    assert plan.take("getSeed") is None
    always = Fault.parse_option("html:getEstDte:0")
    assert always.times is None
    with pytest.raises(InvalidControlRequest) as caught:
        Fault.parse_option("apagon")
    assert caught.value.message.code == "sandbox.falla.tipo_desconocido"


# Issuing


def test_issue_documents_with_suspicious_ones(tmp_path: Path, authority: SandboxAuthority) -> None:
    register = SandboxRegister(tmp_path / "sandbox")
    issued = issue_documents(
        10,
        receptor=receptor_party("96790240-3", "Minera Los Andes SpA"),
        authority=authority,
        register=register,
        output=tmp_path / "docs",
        now=NOW,
        key_bits=1024,
    )
    assert len(issued) == 10
    assert len(list((tmp_path / "docs").glob("*.xml"))) == 10
    kinds = {item.kind: item for item in issued}
    assert set(kinds) == {
        "normal",
        "total_alterado",
        "no_recibido",
        "caf_certificacion",
        "folio_duplicado",
    }
    assert not kinds["no_recibido"].registered
    assert (
        register.find(kinds["no_recibido"].rut_emisor, 33, str(kinds["no_recibido"].folio)) is None
    )
    assert (
        register.find(
            kinds["caf_certificacion"].rut_emisor, 33, str(kinds["caf_certificacion"].folio)
        )
        is None
    )

    tampered = kinds["total_alterado"]
    data = (tmp_path / "docs" / tampered.name).read_bytes()
    stored = register.find(tampered.rut_emisor, 33, str(tampered.folio))
    assert stored is not None
    assert stored.monto_total != int(element_text(data, "MntTotal"))
    assert stored.received_at <= NOW

    duplicate = kinds["folio_duplicado"]
    original = register.find(duplicate.rut_emisor, 33, str(duplicate.folio))
    assert original is not None
    duplicate_data = (tmp_path / "docs" / duplicate.name).read_bytes()
    assert original.monto_total != int(element_text(duplicate_data, "MntTotal"))

    policy = authority.trust_policy()
    normal = next(item for item in issued if item.kind == "normal")
    report = verify_file((tmp_path / "docs" / normal.name).read_bytes(), policy=policy)
    assert all(verdict.state.value != "falla" for verdict in report.documents[0].verdicts.values())
    certification = verify_file(
        (tmp_path / "docs" / kinds["caf_certificacion"].name).read_bytes(), policy=policy
    )
    assert certification.documents[0].ambiente is not None
    assert certification.documents[0].ambiente.value == "certificacion"


def test_few_documents_are_all_honest(tmp_path: Path, authority: SandboxAuthority) -> None:
    issued = issue_documents(
        3,
        receptor=receptor_party("96790240-3", "Minera"),
        authority=authority,
        register=SandboxRegister(tmp_path / "sandbox"),
        output=tmp_path / "docs",
        now=NOW,
        key_bits=1024,
    )
    assert [item.kind for item in issued] == ["normal"] * 3
    with pytest.raises(ValueError, match="at least 1"):
        issue_documents(
            0,
            receptor=receptor_party("96790240-3", "Minera"),
            authority=authority,
            register=SandboxRegister(tmp_path / "sandbox"),
            output=tmp_path / "docs",
            now=NOW,
        )


def test_zero_times_keeps_the_fault(sandbox: RunningSandbox) -> None:
    status = sandbox.control("/_sandbox/fallas", {"tipo": "http500", "veces": 0})

    assert status["fallas"][0]["veces"] is None
