"""The storage commands through the real command line, in subprocesses and in-process."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cymadesk.cli import main
from cymadesk.formatting import format_datetime
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.records import DocumentRecord, DocumentSourceRecord, SourceFileRecord
from tests.conftest import CORPUS, corpus_available
from tests.helpers import COMPANY_RUT, PASSPHRASE, unsigned_dte
from tests.services.test_importing import REGISTRO_HEADER

UNIQUE_STRINGS = ["Ferretería Ñuble Ltda.", "Tornillos galvanizados especiales", "OC-77451239-ZX"]


def _cli(data_dir: Path, key_file: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cymadesk",
            "--data-dir",
            str(data_dir),
            "--key-file",
            str(key_file),
            *arguments,
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def _create_company(data_dir: Path, key_file: Path, passphrase: Path) -> None:
    created = _cli(
        data_dir, key_file, "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--passphrase-file", str(passphrase),
    )  # fmt: skip
    assert created.returncode == 0, created.stderr


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    data_dir = tmp_path / "datos"
    key_file = tmp_path / "clave.key"
    passphrase = tmp_path / "frase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return data_dir, key_file, passphrase


def test_create_import_list_show(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    created = _cli(
        data_dir,
        key_file,
        "empresa",
        "crear",
        "--rut",
        "96.790.240-3",
        "--nombre",
        "Minera Pelambres",
        "--passphrase-file",
        str(passphrase),
        "--json",
    )
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout) == {
        "rut": COMPANY_RUT,
        "nombre": "Minera Pelambres",
        "ambiente": "produccion",
        "archivo": str(data_dir / "empresas" / f"{COMPANY_RUT}.db"),
    }

    inbox = tmp_path / "correo"
    inbox.mkdir()
    (inbox / "f1.xml").write_bytes(
        unsigned_dte(1, razon_social=UNIQUE_STRINGS[0], item=UNIQUE_STRINGS[1])
    )
    (inbox / "f2.xml").write_bytes(unsigned_dte(2, receptor="76555835-2"))
    (inbox / "roto.xml").write_bytes(b"<DTE>")
    imported = _cli(data_dir, key_file, "importar", "--empresa", "96790240-3", str(inbox), "--json")
    assert imported.returncode == 1
    summary = json.loads(imported.stdout)
    assert summary["nuevos"] == 1
    assert summary["no_corresponden"] == 1
    assert summary["no_procesables"] == 1
    assert [
        (Path(item["archivo"]).name, item["resultado"], item["documentos"])
        for item in summary["archivos"]
    ] == [
        ("f1.xml", "importado", 1),
        ("f2.xml", "no_corresponde", 1),
        ("roto.xml", "no_procesable", 0),
    ]

    listed = _cli(
        data_dir, key_file, "listar", "--empresa", "96790240-3", "--vista", "pendientes", "--json"
    )
    assert listed.returncode == 0
    documents = json.loads(listed.stdout)
    assert [document["folio"] for document in documents] == ["1"]
    assert documents[0]["riesgo"]["nivel"] in {"alto", "medio", "bajo", "sin_hallazgos"}
    assert documents[0]["monto_total"] == "1190"

    text = _cli(data_dir, key_file, "listar", "--empresa", "96790240-3", "--vista", "pendientes")
    header, row = text.stdout.splitlines()
    assert header.split()[:3] == ["Riesgo", "RUT", "emisor"]
    assert header.rstrip().endswith("Plazo")
    assert "$1.190" in row

    shown = _cli(
        data_dir,
        key_file,
        "mostrar",
        "--empresa",
        "96790240-3",
        "--emisor",
        "76.354.771-k",
        "--tipo",
        "33",
        "--folio",
        "1",
        "--json",
    )
    assert shown.returncode == 0, shown.stderr
    detail: dict[str, Any] = json.loads(shown.stdout)
    assert detail["detalle"]["lineas"][0]["nombre"] == UNIQUE_STRINGS[1]
    assert detail["detalle"]["plazo"]["estimado"] is True

    rejected = _cli(
        data_dir,
        key_file,
        "listar",
        "--empresa",
        "96790240-3",
        "--vista",
        "no_procesables",
        "--json",
    )
    assert [Path(item["archivo"]).name for item in json.loads(rejected.stdout)] == ["roto.xml"]


def test_no_plaintext_under_data_dir(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    _create_company(data_dir, key_file, passphrase)
    document = unsigned_dte(1, razon_social=UNIQUE_STRINGS[0], item=UNIQUE_STRINGS[1]).replace(
        b"</Detalle>",
        b"</Detalle><Referencia><NroLinRef>1</NroLinRef><TpoDocRef>801</TpoDocRef>"
        b"<FolioRef>" + UNIQUE_STRINGS[2].encode() + b"</FolioRef></Referencia>",
    )
    source = tmp_path / "f1.xml"
    source.write_bytes(document)
    result = _cli(data_dir, key_file, "-v", "importar", "--empresa", COMPANY_RUT, str(source))
    assert result.returncode == 0, result.stderr

    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.name.endswith(".db") for path in files)
    assert any(path.name == "cymadesk.log" for path in files)
    for path in data_dir.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path
    for path in files:
        content = path.read_bytes()
        for text in UNIQUE_STRINGS:
            for encoding in ("utf-8", "iso-8859-1", "utf-16-le"):
                assert text.encode(encoding) not in content, (path, text, encoding)


def test_wrong_key_exits_3_in_spanish(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    _create_company(data_dir, key_file, passphrase)
    other_key = tmp_path / "otra.key"
    other_key.write_text("ab" * 32)
    other_key.chmod(0o600)
    before = (data_dir / "empresas" / f"{COMPANY_RUT}.db").read_bytes()

    result = _cli(data_dir, other_key, "listar", "--empresa", COMPANY_RUT)

    assert result.returncode == 3
    assert f"El archivo de clave {other_key} no tiene la clave de la empresa" in result.stderr
    assert "frase de recuperación" in result.stderr
    assert (data_dir / "empresas" / f"{COMPANY_RUT}.db").read_bytes() == before


def test_wrong_key_without_recovery_file(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    _create_company(data_dir, key_file, passphrase)
    (data_dir / "empresas" / f"{COMPANY_RUT}.recuperacion.json").unlink()
    other_key = tmp_path / "otra.key"
    other_key.write_text("ab" * 32)
    other_key.chmod(0o600)
    before = (data_dir / "empresas" / f"{COMPANY_RUT}.db").read_bytes()

    result = _cli(data_dir, other_key, "listar", "--empresa", COMPANY_RUT)

    assert result.returncode == 3
    assert "La clave no abre la base de datos" in result.stderr
    assert (data_dir / "empresas" / f"{COMPANY_RUT}.db").read_bytes() == before


def test_lost_key_file_is_written_again(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, passphrase = setup
    _create_company(data_dir, key_file, passphrase)
    original = key_file.read_bytes()
    key_file.unlink()

    result = _cli(
        data_dir, key_file, "listar", "--empresa", COMPANY_RUT, "--passphrase-file", str(passphrase)
    )

    assert result.returncode == 0
    assert key_file.read_bytes() == original
    assert "se volvió a escribir con la frase de recuperación" in result.stderr


def test_create_without_passphrase_or_terminal_exits_2(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cymadesk",
            "--data-dir",
            str(data_dir),
            "--key-file",
            str(key_file),
            "empresa",
            "crear",
            "--rut",
            COMPANY_RUT,
            "--nombre",
            "Minera",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "frase de recuperación" in result.stderr
    assert not (data_dir / "empresas" / f"{COMPANY_RUT}.db").exists()


def test_unknown_company_exits_3(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup
    result = _cli(data_dir, key_file, "listar", "--empresa", "76354771-K")
    assert result.returncode == 3
    assert "No hay ninguna empresa con RUT 76.354.771-K" in result.stderr


def test_short_passphrase_exits_2_and_leaves_nothing(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, passphrase = setup
    passphrase.write_text("corta\n", encoding="utf-8")

    result = _cli(
        data_dir, key_file, "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--passphrase-file", str(passphrase), "--json",
    )  # fmt: skip

    assert result.returncode == 2
    assert "al menos" in json.loads(result.stdout)["error"]
    assert not key_file.exists()
    assert not (data_dir / "empresas" / f"{COMPANY_RUT}.db").exists()


@pytest.mark.parametrize("rut", ["76.354.771-1", "abc"])
def test_invalid_rut_exits_2(setup: tuple[Path, Path, Path], rut: str) -> None:
    data_dir, key_file, passphrase = setup
    result = _cli(
        data_dir, key_file, "empresa", "crear", "--rut", rut, "--nombre", "Minera",
        "--passphrase-file", str(passphrase),
    )  # fmt: skip
    assert result.returncode == 2
    assert f"«{rut}» no es un RUT válido" in result.stderr
    # Only the Spanish message reaches stderr; the English log line needs -v.
    assert "ERROR" not in result.stderr


def test_failure_prints_one_json_value(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup
    result = _cli(data_dir, key_file, "listar", "--empresa", "76354771-K", "--json")
    assert result.returncode == 3
    assert json.loads(result.stdout) == {
        "error": "No hay ninguna empresa con RUT 76.354.771-K. Créela con `cymadesk empresa crear`."
    }


def test_usage_error_prints_one_json_value(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup
    result = _cli(data_dir, key_file, "listar", "--vista", "foo", "--json")
    assert result.returncode == 2
    assert "valor no válido: 'foo'" in json.loads(result.stdout)["error"]
    assert "uso: cymadesk" in result.stderr


def test_closed_output_pipe_exits_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cymadesk", "riesgo", "reglas"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert b"Traceback" not in err


def test_show_text_lists_references(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    note = unsigned_dte(7, tipo=61).replace(
        b"</Detalle></Documento>",
        b"</Detalle><Referencia><NroLinRef>1</NroLinRef><TpoDocRef>33</TpoDocRef>"
        b"<FolioRef>1556</FolioRef><FchRef>2026-10-30</FchRef><CodRef>3</CodRef>"
        b"<RazonRef>Descuento por volumen</RazonRef></Referencia></Documento>",
    )
    path = tmp_path / "nota.xml"
    path.write_bytes(note)
    _cli(
        data_dir, key_file, "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--passphrase-file", str(passphrase),
    )  # fmt: skip
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(path))

    shown = _cli(
        data_dir, key_file, "mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K",
        "--tipo", "61", "--folio", "7",
    )  # fmt: skip

    assert shown.returncode == 0, shown.stderr
    assert "Referencias:" in shown.stdout
    assert "N° 1556, 30-10-2026, corrige montos, Descuento por volumen" in shown.stdout
    assert "Receptor: Minera (96.790.240-3)" in shown.stdout


def test_show_labels_versions_by_arrival(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    original = tmp_path / "a.xml"
    original.write_bytes(unsigned_dte(9, neto=1000))
    altered = tmp_path / "b.xml"
    altered.write_bytes(unsigned_dte(9, neto=9000))
    _create_company(data_dir, key_file, passphrase)
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(original))
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(altered))
    show = ["mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K", "--tipo", "33"]

    mostrar_result = _cli(data_dir, key_file, *show, "--folio", "9", "--json")
    text = _cli(data_dir, key_file, *show, "--folio", "9")

    assert mostrar_result.returncode == 0, mostrar_result.stderr
    first = json.loads(mostrar_result.stdout)
    assert first["monto_total"] == "1190"
    assert first["detalle"]["version"] == 1
    assert first["detalle"]["versiones"] == 2
    assert first["detalle"]["conflicto"] is True
    (second,) = first["otras_versiones"]
    assert second["monto_total"] == "10710"
    assert second["detalle"]["version"] == 2
    assert second["detalle"]["versiones"] == 2
    assert "otras_versiones" not in second
    arrivals = [
        format_datetime(dt.datetime.fromisoformat(version["detalle"]["archivos"][0]["llegada"]))
        for version in (first, second)
    ]
    assert text.returncode == 0, text.stderr
    blocks = text.stdout.split("\n\n")
    assert blocks[0] == (
        "Llegaron 2 versiones distintas de este documento: mismo emisor, tipo y folio, pero con "
        "otro contenido. Se muestran en orden de llegada."
    )
    assert blocks[1].startswith(f"Versión 1 de 2 — llegó el {arrivals[0]} en {original}\n")
    assert "Monto total: $1.190" in blocks[1]
    assert blocks[2].startswith(f"Versión 2 de 2 — llegó el {arrivals[1]} en {altered}\n")
    assert "Monto total: $10.710" in blocks[2]


def test_show_single_version_unlabelled(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    path = tmp_path / "a.xml"
    path.write_bytes(unsigned_dte(9))
    _create_company(data_dir, key_file, passphrase)
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(path))
    show = ["mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K", "--tipo", "33"]

    mostrar_result = _cli(data_dir, key_file, *show, "--folio", "9", "--json")
    text = _cli(data_dir, key_file, *show, "--folio", "9")

    detail = json.loads(mostrar_result.stdout)
    assert detail["detalle"]["version"] == 1
    assert detail["detalle"]["versiones"] == 1
    assert "otras_versiones" not in detail
    assert text.stdout.startswith("Factura Electrónica N° 9\n")


def test_import_text_reports_conflicts(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data_dir, key_file, passphrase = setup
    folder = tmp_path / "correo"
    folder.mkdir()
    (folder / "a.xml").write_bytes(unsigned_dte(9, neto=1000))
    (folder / "b.xml").write_bytes(unsigned_dte(9, neto=9000))
    _cli(
        data_dir, key_file, "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--passphrase-file", str(passphrase),
    )  # fmt: skip

    result = _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(folder))

    assert result.returncode == 0, result.stderr
    assert "Documentos nuevos: 2;" in result.stdout
    assert "Nuevos en conflicto con otra versión del mismo documento" in result.stdout
    assert "otro contenido): 1." in result.stdout
    assert "«cymadesk mostrar» muestra las dos versiones." in result.stdout


def test_import_json_reasons_for_non_new_files(
    setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    data_dir, key_file, passphrase = setup
    first = tmp_path / "f1.xml"
    first.write_bytes(unsigned_dte(1))
    copy = tmp_path / "copia-f1.xml"
    copy.write_bytes(unsigned_dte(1).replace(b"<DTE ", b"<DTE  ", 1))
    other = tmp_path / "f1-otro.xml"
    other.write_bytes(unsigned_dte(1, neto=5000))
    foreign = tmp_path / "ajeno.xml"
    foreign.write_bytes(unsigned_dte(2, receptor="76555835-2"))
    broken = tmp_path / "roto.xml"
    broken.write_bytes(b"<DTE>")
    _create_company(data_dir, key_file, passphrase)
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(first), str(broken))

    result = _cli(
        data_dir, key_file, "importar", "--empresa", COMPANY_RUT, "--json",
        str(first), str(copy), str(other), str(foreign), str(broken),
    )  # fmt: skip

    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    reasons = {
        Path(item["archivo"]).name: (item["resultado"], item.get("motivo", {}).get("codigo"))
        for item in summary["archivos"]
    }
    assert reasons == {
        "f1.xml": ("repetido", "importar.repetido"),
        "copia-f1.xml": ("vinculado", "importar.vinculado"),
        "f1-otro.xml": ("conflicto", "importar.conflicto"),
        "ajeno.xml": ("no_corresponde", "importar.no_corresponde"),
        # Rejected again for the reason it had the first time.
        "roto.xml": ("no_procesable", "xml.mal_formado"),
    }
    assert summary["no_procesables"] == 1
    assert all(item["motivo"]["detalle"] for item in summary["archivos"])


STATE = {True: "ok", False: "falla"}


@pytest.mark.corpus
@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_corpus_import_matches_expected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each corpus file, imported into a company that is its receptor, keeps its verdicts."""
    expected = json.loads((CORPUS / "expected.json").read_text("utf-8"))
    key_file = tmp_path / "clave.key"
    base = ["--data-dir", str(tmp_path / "datos"), "--key-file", str(key_file)]
    passphrase = tmp_path / "frase.txt"
    passphrase.write_text(PASSPHRASE)
    companies: set[str] = set()
    for entry in expected:
        if entry.get("expect") != "accept":
            continue
        for document in entry["documents"]:
            receptor = document["rut_receptor"] or "60803000-K"
            if receptor not in companies:
                assert (
                    main(
                        [
                            *base,
                            "empresa",
                            "crear",
                            "--rut",
                            receptor,
                            "--nombre",
                            "Empresa",
                            "--passphrase-file",
                            str(passphrase),
                        ]
                    )
                    == 0
                )
                companies.add(receptor)
            code = main(
                [*base, "importar", "--empresa", receptor, "--json", str(CORPUS / entry["file"])]
            )
            capsys.readouterr()
            # A document without emisor RUT is listed as unprocessable, so that import exits 1.
            assert code == (1 if not document["rut_emisor"] else 0)

    workspace = Workspace(DataLayout(tmp_path / "datos"), None, key_file)
    copies: dict[tuple[str, int], dict[str, Any]] = {}
    for rut in companies:
        opened = workspace.open_company(rut)
        with opened.database.read() as session:
            rows = session.execute(
                select(
                    SourceFileRecord.name,
                    DocumentSourceRecord.position,
                    DocumentSourceRecord.verdicts,
                    DocumentRecord.folio,
                    DocumentRecord.tipo,
                    DocumentRecord.ambiente,
                )
                .join(
                    DocumentSourceRecord, DocumentSourceRecord.source_file_id == SourceFileRecord.id
                )
                .join(DocumentRecord, DocumentRecord.id == DocumentSourceRecord.document_id)
            ).all()
        opened.close()
        for name, position, verdicts, folio, tipo, ambiente in rows:
            copies[(str(Path(name).relative_to(CORPUS)), position)] = {
                "verdicts": verdicts,
                "folio": folio,
                "tipo": tipo,
                "ambiente": ambiente,
            }

    for entry in expected:
        if entry.get("expect") != "accept":
            continue
        for position, document in enumerate(entry["documents"]):
            if not document["rut_emisor"]:
                assert (entry["file"], position) not in copies
                continue
            stored = copies[(entry["file"], position)]
            assert stored["folio"] == document["folio"]
            assert stored["tipo"] == document["tipo"]
            assert stored["ambiente"] == document["environment"]
            assert stored["verdicts"]["firma"]["estado"] == STATE[document["signature_valid"]]
            if document["ted_valid"] is not None:
                assert stored["verdicts"]["ted"]["estado"] == STATE[document["ted_valid"]]
            if document["caf_valid"] is not None:
                assert stored["verdicts"]["caf"]["estado"] == STATE[document["caf_valid"]]

    hostile_target = next(iter(companies))
    for entry in expected:
        if entry.get("expect") == "reject":
            assert (
                main(
                    [
                        *base,
                        "importar",
                        "--empresa",
                        hostile_target,
                        "--json",
                        str(CORPUS / entry["file"]),
                    ]
                )
                == 1
            )
            result = json.loads(capsys.readouterr().out)
            assert result["archivos"][0]["resultado"] == "no_procesable"
            assert result["archivos"][0]["motivo"]["codigo"].startswith("xml.")
            assert result["archivos"][0]["motivo"]["detalle"]
    opened = workspace.open_company(hostile_target)
    with opened.database.read() as session:
        names = set(session.scalars(select(SourceFileRecord.name)))
    opened.close()
    assert not any("xmlattack" in name for name in names)


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_progress_bar_only_on_a_terminal(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    import pty

    data_dir, key_file, passphrase = setup
    _create_company(data_dir, key_file, passphrase)
    inbox = tmp_path / "correo"
    inbox.mkdir()
    for folio in (1, 2, 3):
        (inbox / f"f{folio}.xml").write_bytes(unsigned_dte(folio))
    main_side, terminal_side = pty.openpty()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cymadesk",
            "--data-dir",
            str(data_dir),
            "--key-file",
            str(key_file),
            "importar",
            "--empresa",
            COMPANY_RUT,
            "--json",
            str(inbox),
        ],
        stdout=subprocess.PIPE,
        stderr=terminal_side,
        timeout=120,
        check=False,
    )
    os.close(terminal_side)
    shown = os.read(main_side, 65536).decode("utf-8", errors="replace")
    os.close(main_side)

    assert result.returncode == 0
    assert json.loads(result.stdout)["nuevos"] == 3
    assert "3/3" in shown
    assert "[" + "#" * 30 + "]" in shown
    piped = _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(inbox))
    assert "#" not in piped.stderr


def test_type_given_by_name_gets_the_codes(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup

    result = _cli(
        data_dir, key_file, "mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K",
        "--tipo", "factura", "--folio", "1",
    )  # fmt: skip

    assert result.returncode == 2
    assert "«factura» no es un código de tipo del SII" in result.stderr
    assert "61 nota de crédito" in result.stderr


def test_accepted_documents_listed_as_accepted(
    setup: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    data_dir, key_file, passphrase = setup
    dte = tmp_path / "f30.xml"
    dte.write_bytes(unsigned_dte(30, emisor="12345678-5"))
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        REGISTRO_HEADER
        + "1;33;Del Giro;12345678-5;Proveedor S.A.;30;02/10/2026;02/10/2026 21:30:00;"
        "05/10/2026 10:00:00;0;1000;190;;;1190;;;;;;;;;;;;\r\n",
        encoding="utf-8",
    )
    _create_company(data_dir, key_file, passphrase)
    _cli(data_dir, key_file, "importar", "--empresa", COMPANY_RUT, str(dte), str(csv))

    listed = _cli(data_dir, key_file, "listar", "--empresa", COMPANY_RUT, "--vista", "aceptados")
    mostrar_result = _cli(
        data_dir, key_file, "mostrar", "--empresa", COMPANY_RUT, "--emisor", "12345678-5",
        "--tipo", "33", "--folio", "30", "--json",
    )  # fmt: skip

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.rstrip().endswith("aceptado")
    assert "vencido" not in listed.stdout
    deadline = json.loads(mostrar_result.stdout)["detalle"]["plazo"]
    assert deadline["decision"] == "aceptado"
    assert deadline["estado"] == "vencido"


def test_json_before_subcommand_gets_a_hint(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, _ = setup

    result = _cli(data_dir, key_file, "--json", "empresa", "listar")

    assert result.returncode == 2
    assert "--json va después del subcomando" in json.loads(result.stdout)["error"]


def test_company_list_names_the_ambiente(setup: tuple[Path, Path, Path]) -> None:
    data_dir, key_file, passphrase = setup
    _cli(
        data_dir, key_file, "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--ambiente", "sandbox", "--passphrase-file", str(passphrase),
    )  # fmt: skip

    result = _cli(data_dir, key_file, "empresa", "listar")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("Minera  (ambiente sandbox de CymaDesk)")
