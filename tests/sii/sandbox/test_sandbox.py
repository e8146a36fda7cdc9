"""The sandbox's rules, its checks of signed seeds, its control endpoints and issuing."""

from __future__ import annotations

import datetime as dt
import socket
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from cymadesk.sii.client.credentials import load_credential
from cymadesk.sii.client.seed import seed_document, sign_seed
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.tamper import element_text
from cymadesk.sii.sandbox import rules
from cymadesk.sii.sandbox.faults import Fault, FaultKind, FaultPlan
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


def test_bad_control_requests(sandbox: RunningSandbox) -> None:
    for payload in ({"tipo": "no_existe"}, {"tipo": "timeout", "veces": 0}):
        with pytest.raises(urllib.error.HTTPError) as caught:
            sandbox.control("/_sandbox/fallas", payload)
        caught.value.close()
        assert caught.value.code == 400


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
    "payload",
    [
        {"cantidad": 0, "receptor": "77777777-7"},
        {"cantidad": "3", "receptor": "77777777-7"},
        {"cantidad": 501, "receptor": "77777777-7"},
        {"cantidad": 2, "receptor": "77.777.777-0"},
        {"cantidad": 2},
        {"cantidad": 2, "receptor": "77777777-7", "semilla": "x"},
    ],
)
def test_documents_endpoint_rejects_bad_requests(
    tmp_path: Path, authority: SandboxAuthority, payload: dict[str, object]
) -> None:
    with running_sandbox(tmp_path, authority, issuing=True) as sandbox:
        with pytest.raises(urllib.error.HTTPError) as caught:
            sandbox.control("/_sandbox/documentos", payload)
        caught.value.close()
        assert caught.value.code == 400
        assert sandbox.register.count() == 0
    assert not (tmp_path / "emitidos").exists()


def test_documents_endpoint_needs_an_issuer(sandbox: RunningSandbox) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        sandbox.control("/_sandbox/documentos", {"cantidad": 1, "receptor": "77777777-7"})
    caught.value.close()
    assert caught.value.code == 404


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
    with pytest.raises(ValueError, match="not a valid"):
        Fault.parse_option("apagon")


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
