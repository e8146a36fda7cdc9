"""The certificado, sandbox and sii commands end to end, against a sandbox subprocess."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cymadesk.cli import main
from tests.helpers import COMPANY_RUT, PASSPHRASE

PASSWORD = "clave del pfx"


@dataclass
class Setup:
    base: list[str]
    data_dir: Path
    work: Path
    issued: list[dict[str, Any]]
    url: str


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, Any, str]:
    """Run the CLI in-process; return its exit code, the parsed stdout JSON and stderr."""
    capsys.readouterr()
    code = main(list(arguments))
    captured = capsys.readouterr()
    value = (
        json.loads(captured.out) if captured.out.strip().startswith(("{", "[", "null")) else None
    )
    return code, value, captured.err


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    work = tmp_path_factory.mktemp("cli")
    data_dir = work / "datos"
    base = ["--data-dir", str(data_dir), "--key-file", str(work / "clave.key")]
    (work / "frase.txt").write_text(PASSPHRASE, encoding="utf-8")
    (work / "pw.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    prepare = [
        [
            "empresa",
            "crear",
            "--rut",
            COMPANY_RUT,
            "--nombre",
            "Minera",
            "--ambiente",
            "sandbox",
            "--passphrase-file",
            str(work / "frase.txt"),
        ],
        [
            "sandbox",
            "certificado",
            "--rut",
            "12.345.678-5",
            "--salida",
            str(work / "ana.pfx"),
            "--clave-archivo",
            str(work / "pw.txt"),
        ],
        [
            "certificado",
            "importar",
            "--empresa",
            COMPANY_RUT,
            str(work / "ana.pfx"),
            "--clave-archivo",
            str(work / "pw.txt"),
        ],
    ]
    for arguments in prepare:
        assert main([*base, *arguments]) == 0
    issued_out = work / "emitidos.json"
    with issued_out.open("w", encoding="utf-8") as handle:
        emit = subprocess.run(
            [
                sys.executable,
                "-m",
                "cymadesk",
                *base,
                "sandbox",
                "--emitir",
                "10",
                "--receptor",
                COMPANY_RUT,
                "--salida",
                str(work / "buzon"),
                "--json",
            ],
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert emit.returncode == 0, emit.stderr
    issued = json.loads(issued_out.read_text("utf-8"))["archivos"]
    assert main([*base, "importar", "--empresa", COMPANY_RUT, str(work / "buzon")]) == 0

    server = subprocess.Popen(
        [sys.executable, "-m", "cymadesk", "--data-dir", str(data_dir), "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        yield Setup(base, data_dir, work, issued, url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
    assert server.returncode == 0
    assert not (data_dir / "sandbox" / "servidor.json").exists()


def _item(setup: Setup, kind: str) -> dict[str, Any]:
    return next(item for item in setup.issued if item["clase"] == kind and item["tipo"] == 33)


def _document(setup: Setup, item: dict[str, Any]) -> list[str]:
    return [
        "--empresa",
        COMPANY_RUT,
        "--emisor",
        item["rut_emisor"],
        "--tipo",
        str(item["tipo"]),
        "--folio",
        item["folio"],
        "--json",
    ]


def test_sandbox_prints_its_address_first(setup: Setup) -> None:
    assert setup.url.startswith("http://127.0.0.1:")
    written = json.loads((setup.data_dir / "sandbox" / "servidor.json").read_text("utf-8"))
    assert written["url"] == setup.url


def test_second_sandbox_is_refused(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--data-dir", str(setup.data_dir), "sandbox", "--port", "0")
    assert code == 2
    assert setup.url in err
    written = json.loads((setup.data_dir / "sandbox" / "servidor.json").read_text("utf-8"))
    assert written["url"] == setup.url


def test_sandbox_certificate_keeps_existing_file(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = setup.work / "ana.pfx"
    before = existing.read_bytes()
    code, _, err = _run(
        capsys,
        *setup.base,
        "sandbox",
        "certificado",
        "--rut",
        "12.345.678-5",
        "--salida",
        str(existing),
        "--clave-archivo",
        str(setup.work / "pw.txt"),
    )
    assert code == 2
    assert "ya existe" in err
    assert existing.read_bytes() == before


def test_certificado_ver(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code, value, _ = _run(
        capsys, *setup.base, "certificado", "ver", "--empresa", COMPANY_RUT, "--json"
    )
    assert code == 0
    assert value["rut_titular"] == "12345678-5"
    assert value["emisor"] == "CymaDesk Sandbox CA"
    assert value["estado"] == "vigente"
    assert value["clave_en"] == "base_de_datos"
    assert set(value) == {
        "titular",
        "rut_titular",
        "emisor",
        "valido_desde",
        "valido_hasta",
        "huella",
        "estado",
        "dias_restantes",
        "importado",
        "clave_en",
        "aviso",
    }


def test_certificado_importar_wrong_password(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = setup.work / "otra.txt"
    wrong.write_text("otra", encoding="utf-8")
    code, value, err = _run(
        capsys,
        *setup.base,
        "certificado",
        "importar",
        "--empresa",
        COMPANY_RUT,
        str(setup.work / "ana.pfx"),
        "--clave-archivo",
        str(wrong),
        "--json",
    )
    assert code == 1
    assert value["codigo"] == "sii.certificado.clave_incorrecta"
    assert "contraseña" in err


def test_sii_estado_uses_the_running_sandbox(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    code, value, _ = _run(
        capsys, *setup.base, "sii", "estado", *_document(setup, _item(setup, "normal"))
    )
    assert code == 0
    result = value["resultados"][0]
    assert result["estado"] == "DOK"
    assert result["veredicto"] == {
        "estado": "ok",
        "detalle": "El SII recibió el documento y sus datos coinciden (DOK).",
        "codigo": "estado_sii.dok",
    }
    code, value, _ = _run(
        capsys, *setup.base, "sii", "estado", *_document(setup, _item(setup, "total_alterado"))
    )
    assert value["resultados"][0]["estado"] == "DNK"
    assert value["resultados"][0]["veredicto"]["estado"] == "falla"


def test_sii_recepcion_eventos_cedible(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = _document(setup, _item(setup, "normal"))
    code, reception, _ = _run(capsys, *setup.base, "sii", "recepcion", *arguments)
    assert code == 0
    assert reception["recepcion_sii"] is not None
    assert reception["plazo"] is not None
    code, events, _ = _run(capsys, *setup.base, "sii", "eventos", *arguments)
    assert (code, events["eventos"], events["nuevos"]) == (0, [], 0)
    code, cedible, _ = _run(capsys, *setup.base, "sii", "cedible", *arguments)
    assert code == 0
    assert cedible["codigo"] in (22, 25)


def test_sii_rcv(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    period = dt.datetime.now(dt.UTC).strftime("%Y-%m")
    code, value, _ = _run(
        capsys, *setup.base, "sii", "rcv", "--empresa", COMPANY_RUT, "--periodo", period, "--json"
    )
    assert code == 0
    assert value["periodo"] == period
    assert value["filas"] == len(value["documentos"])
    assert set(value["por_estado"]) <= {"REGISTRO", "PENDIENTE", "NO_INCLUIR", "RECLAMADO"}


def test_sii_usage_errors(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = _document(setup, _item(setup, "normal"))
    code, value, _ = _run(
        capsys, *setup.base, "sii", "estado", *arguments, "--url", "ftp://127.0.0.1"
    )
    assert code == 2
    assert value["codigo"] == "sii.url_invalida"
    code, _, err = _run(
        capsys, *setup.base, "sii", "rcv", "--empresa", COMPANY_RUT, "--periodo", "2026-13"
    )
    assert code == 2
    assert "2026-13" in err
    code, value, _ = _run(
        capsys,
        *setup.base,
        "sii",
        "estado",
        "--empresa",
        COMPANY_RUT,
        "--emisor",
        "76354771-K",
        "--tipo",
        "33",
        "--folio",
        "1",
        "--json",
    )
    assert code == 2
    assert value["codigo"] == "sii.documento_no_guardado"
    code, value, _ = _run(capsys, *setup.base, "sii", "estado", *arguments, "--fecha", "02-11-2026")
    assert code == 2
    assert value["codigo"] == "sii.fecha_invalida"


def test_sii_failure_is_exit_1(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = _document(setup, _item(setup, "normal"))
    fault = {"tipo": "soap_fault", "operacion": "listarEventosHistDoc"}
    request = urllib.request.Request(
        setup.url + "/_sandbox/fallas", data=json.dumps(fault).encode("utf-8"), method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
    code, value, err = _run(capsys, *setup.base, "sii", "eventos", *arguments)
    assert code == 1
    assert value["codigo"] == "sii.soap_fault"
    assert "El SII rechazó la solicitud" in err


def test_stopped_sandbox_is_named(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    # Port 9 (discard) has no listener here, as after a sandbox is killed.
    arguments = _document(setup, _item(setup, "normal"))
    code, value, err = _run(
        capsys, *setup.base, "sii", "estado", *arguments, "--url", "http://127.0.0.1:9"
    )
    assert code == 1
    assert value["codigo"] == "sii.sandbox_sin_conexion"
    assert "cymadesk sandbox" in err


def test_sii_warns_of_expiring_certificate(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    # Runs last in this module: it replaces the company's certificate.
    short = setup.work / "corto.pfx"
    password = str(setup.work / "pw.txt")
    code, _, err = _run(
        capsys, *setup.base, "sandbox", "certificado", "--rut", "12.345.678-5",
        "--salida", str(short), "--clave-archivo", password, "--dias", "10",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = _run(
        capsys, *setup.base, "certificado", "importar", "--empresa", COMPANY_RUT, str(short),
        "--clave-archivo", password,
    )  # fmt: skip
    assert code == 0, err
    arguments = _document(setup, _item(setup, "normal"))
    code, _, err = _run(capsys, *setup.base, "sii", "estado", *arguments, "--url", setup.url)
    assert code == 0
    # Whole days left: 9 once a second of the 10 days has passed.
    assert re.search(r"El certificado vence en (9|10) días \(\d\d-\d\d-\d{4}\)", err)
