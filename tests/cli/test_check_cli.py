from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cymadesk.cli import main

MINIMAL_DTE = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    '<DTE version="1.0"><Documento ID="F7T33"><Encabezado>'
    "<IdDoc><TipoDTE>33</TipoDTE><Folio>7</Folio><FchEmis>2026-11-30</FchEmis></IdDoc>"
    "<Emisor><RUTEmisor>76.354.771-k</RUTEmisor><RznSoc>Panadería Ñuñoa Ltda.</RznSoc></Emisor>"
    "<Receptor><RUTRecep>96790240-3</RUTRecep><RznSocRecep>Cliente</RznSocRecep></Receptor>"
    "<Totales><MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA><MntTotal>1190</MntTotal>"
    "</Totales></Encabezado>"
    "<Detalle><NroLinDet>1</NroLinDet><NmbItem>Pan</NmbItem><MontoItem>1000</MontoItem></Detalle>"
    "</Documento></DTE>"
).encode("iso-8859-1")


def _check(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    code = main(["check", "--json", *arguments])
    return code, json.loads(capsys.readouterr().out)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_document_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "factura.xml"
    path.write_bytes(MINIMAL_DTE)

    code, results = _check([str(path)], capsys)

    assert code == 0
    assert len(results) == 1
    document = results[0]
    assert set(document) == {
        "archivo",
        "clase",
        "tipo",
        "folio",
        "rut_emisor",
        "rut_receptor",
        "razon_social_emisor",
        "fecha_emision",
        "monto_total",
        "moneda",
        "ambiente",
        "veredictos",
    }
    assert document["archivo"] == str(path)
    assert document["clase"] == "DTE"
    assert document["tipo"] == 33
    assert document["folio"] == "7"
    assert document["rut_emisor"] == "76354771-K"
    assert document["razon_social_emisor"] == "Panadería Ñuñoa Ltda."
    assert document["fecha_emision"] == "2026-11-30"
    assert document["monto_total"] == "1190"
    assert document["moneda"] == "CLP"
    assert document["ambiente"] is None
    assert list(document["veredictos"]) == [
        "esquema",
        "firma",
        "firma_envio",
        "certificado",
        "ted",
        "caf",
        "aritmetica",
        "estado_sii",
        "rcv",
    ]
    assert document["veredictos"]["firma"] == {
        "estado": "falla",
        "detalle": "El documento no tiene firma electrónica propia.",
        "codigo": "firma.ausente",
    }
    assert document["veredictos"]["aritmetica"]["estado"] == "ok"
    assert document["veredictos"]["estado_sii"]["estado"] == "pendiente"


def test_english_rendering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "factura.xml"
    path.write_bytes(MINIMAL_DTE)

    main(["--lang", "en", "check", "--json", str(path)])
    document = json.loads(capsys.readouterr().out)[0]

    assert document["veredictos"]["firma"]["detalle"] == (
        "The document has no electronic signature of its own."
    )


def test_schema_verdict_in_each_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factura.xml"
    path.write_bytes(MINIMAL_DTE)

    _, spanish = _check([str(path)], capsys)
    main(["--lang", "en", "check", "--json", str(path)])
    english = json.loads(capsys.readouterr().out)

    # The RUT is written with dots, so it breaks RUTEmisor's maximum length.
    assert spanish[0]["veredictos"]["esquema"] == {
        "estado": "falla",
        "detalle": "No cumple el esquema oficial del SII (DTE_v10.xsd), línea 2: el elemento "
        "RUTEmisor tiene 12 caracteres y el máximo permitido es 10.",
        "codigo": "esquema.invalido",
    }
    assert english[0]["veredictos"]["esquema"] == {
        "estado": "falla",
        "detalle": "Not valid against the SII's official schema (DTE_v10.xsd), line 2: the "
        "element RUTEmisor has 12 characters and the maximum allowed is 10.",
        "codigo": "esquema.invalido",
    }


def test_zip_entries_named_with_bang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "correo.zip"
    archive.write_bytes(
        _zip(
            {
                "facturas/uno.xml": MINIMAL_DTE,
                "../../fuera.xml": MINIMAL_DTE,
                "interno.zip": _zip({"a.xml": MINIMAL_DTE}),
                "factura.pdf.exe": b"MZ\x90\x00 not xml",
            }
        )
    )

    code, results = _check([str(archive)], capsys)

    by_name = {item["archivo"]: item for item in results}
    assert code == 1
    assert by_name[f"{archive}!facturas/uno.xml"]["folio"] == "7"
    assert "ruta" in by_name[f"{archive}!../../fuera.xml"]["error"]
    assert "zip dentro de otro zip" in by_name[f"{archive}!interno.zip"]["error"]
    assert "No es un archivo XML" in by_name[f"{archive}!factura.pdf.exe"]["error"]


def test_zip_bomb_entry_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "bomba.zip"
    archive.write_bytes(_zip({"grande.xml": b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"}))

    code, results = _check([str(archive)], capsys)

    assert code == 1
    assert "bomba zip" in results[0]["error"]


def test_folder_is_walked_recursively(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "uno.xml").write_bytes(MINIMAL_DTE)
    (tmp_path / "dos.xml").write_bytes(MINIMAL_DTE)
    (tmp_path / ".oculto.xml").write_bytes(b"<x/>")

    code, results = _check([str(tmp_path)], capsys)

    assert code == 0
    assert [Path(item["archivo"]).name for item in results] == ["dos.xml", "uno.xml"]


def test_missing_path_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, results = _check([str(tmp_path / "no-existe.xml")], capsys)

    assert code == 1
    assert results == [
        {"archivo": str(tmp_path / "no-existe.xml"), "error": "No existe ese archivo o carpeta."}
    ]


def test_not_a_tax_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "otro.xml"
    path.write_bytes(b"<factura><total>1</total></factura>")

    code, results = _check([str(path)], capsys)

    assert code == 1
    assert results[0]["error"] == "No es un documento tributario: el elemento raíz es <factura>."


def test_size_limit_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "grande.xml"
    path.write_bytes(MINIMAL_DTE + b" " * (1024 * 1024))

    code, results = _check(["--max-mb", "1", str(path)], capsys)

    assert code == 1
    assert "máximo es 1,0 MB" in results[0]["error"]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2
    assert "uso incorrecto" in capsys.readouterr().err


def test_text_output_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "factura.xml"
    path.write_bytes(MINIMAL_DTE)

    code = main(["check", str(path)])
    output = capsys.readouterr().out

    assert code == 0
    assert "Factura Electrónica N° 7" in output
    assert "Emisor: Panadería Ñuñoa Ltda. (76.354.771-K)" in output
    assert "Monto total: $1.190" in output
    assert "Fecha de emisión: 30-11-2026" in output
    assert "✘ firma" in output


def test_sandbox_trust_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cymadesk.paths import DataLayout
    from cymadesk.services.sandbox_identity import sandbox_authority
    from cymadesk.sii.factory.caf import issue_caf
    from cymadesk.sii.factory.documents import sign_document
    from tests.sii.factory.samples import (
        AUTHORISED_ON,
        EMISOR,
        FOLIO_FROM,
        FOLIO_TO,
        SIGNED_AT,
        sample_spec,
    )

    layout = DataLayout(tmp_path / "datos")
    authority = sandbox_authority(layout)
    caf = issue_caf(
        authority,
        rut_emisor=EMISOR.rut,
        razon_social=EMISOR.razon_social,
        tipo=33,
        folio_from=FOLIO_FROM,
        folio_to=FOLIO_TO,
        authorised_on=AUTHORISED_ON,
    )
    signer = authority.issue_signer(
        "12345678-5",
        "Firmante",
        not_before=SIGNED_AT.replace(year=2024),
        not_after=SIGNED_AT.replace(year=2027),
    )
    path = tmp_path / "sandbox.xml"
    path.write_bytes(sign_document(sample_spec(33), caf, signer, signed_at=SIGNED_AT))

    main(["--data-dir", str(layout.root), "check", "--json", str(path)])
    untrusted = json.loads(capsys.readouterr().out)[0]["veredictos"]["caf"]
    main(["--data-dir", str(layout.root), "check", "--json", "--confiar-sandbox", str(path)])
    trusted = json.loads(capsys.readouterr().out)[0]

    assert untrusted["estado"] == "falla"
    assert untrusted["codigo"] == "caf.sandbox_no_confiable"
    assert trusted["veredictos"]["caf"]["codigo"] == "caf.ok_sandbox"
    assert trusted["ambiente"] == "sandbox"


def test_sandbox_trust_without_sandbox_is_usage_error(tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "check", "--confiar-sandbox", str(tmp_path)]) == 2
