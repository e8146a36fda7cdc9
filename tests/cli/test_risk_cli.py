"""``cymadesk riesgo`` through the command line, in-process, on a company with a key file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cymadesk.cli import main
from cymadesk.paths import DataLayout
from cymadesk.risk.rules import ALL_RULES
from cymadesk.services.companies import Workspace
from cymadesk.storage.records import AuditRecord
from tests.helpers import COMPANY_RUT, PASSPHRASE, unsigned_dte

RCV_CSV = (
    "Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Fecha Docto;Fecha Recepcion;"
    "Monto Exento;Monto Neto;Monto IVA Recuperable;Monto Iva No Recuperable;Codigo IVA No Rec.;"
    "Monto Total\r\n"
    "1;33;Del Giro;76354771-K;Ferretería;1;02/11/2025;02/11/2025 21:30:00;0;1000;190;;;1190\r\n"
    "2;33;Del Giro;76354771-K;Ferretería;99;03/11/2025;03/11/2025 10:00:00;0;5000;950;;;5950\r\n"
)


class Cli:
    """Runs ``cymadesk`` in-process against one data directory and key file."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.key_file = tmp_path / "clave.key"
        self.data_dir = tmp_path / "datos"
        self.base = ["--data-dir", str(self.data_dir), "--key-file", str(self.key_file)]

    def __call__(self, *arguments: str) -> tuple[int, str, str]:
        code = main([*self.base, *arguments])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *arguments: str) -> Any:
        code, out, err = self(*arguments)
        assert code == 0, err
        return json.loads(out)


def _new_company(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Create the test company in a new data directory; return the runner for it."""
    runner = Cli(tmp_path, capsys)
    passphrase = tmp_path / "frase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    code, _, err = runner(
        "empresa", "crear", "--rut", COMPANY_RUT, "--nombre", "Minera",
        "--passphrase-file", str(passphrase),
    )  # fmt: skip
    assert code == 0, err
    return runner


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    runner = _new_company(tmp_path, capsys)
    inbox = tmp_path / "correo"
    inbox.mkdir()
    (inbox / "f1.xml").write_bytes(unsigned_dte(1, fecha="2025-11-02"))
    (inbox / "ajeno.xml").write_bytes(unsigned_dte(2, fecha="2025-11-02", receptor="76555835-2"))
    (inbox / "rcv.csv").write_text(RCV_CSV, encoding="utf-8")
    code, _, err = runner("importar", "--empresa", COMPANY_RUT, str(inbox))
    assert code == 0, err
    return runner


def test_riesgo_json_has_listing_shape(cli: Cli) -> None:
    listed = cli.json("listar", "--empresa", COMPANY_RUT, "--vista", "todos", "--json")

    evaluated = cli.json("riesgo", "--empresa", COMPANY_RUT, "--json")

    assert listed
    for document in listed:
        assert document in evaluated
    assert [item["folio"] for item in evaluated] == ["1", "2"]
    stored = evaluated[0]
    assert stored["riesgo"]["nivel"] == "alto"
    codes = {finding["codigo"] for finding in stored["riesgo"]["hallazgos"]}
    assert {"FIRMA_AUSENTE", "TED_AUSENTE"} <= codes
    finding = stored["riesgo"]["hallazgos"][0]
    assert set(finding) == {"codigo", "severidad", "explicacion", "evidencia"}
    assert set(stored["riesgo"]) == {"nivel", "hallazgos"}


def test_register_rows_without_xml(cli: Cli) -> None:
    evaluated = cli.json("riesgo", "--empresa", COMPANY_RUT, "--json")
    rows = cli.json("riesgo", "sin-xml", "--empresa", COMPANY_RUT, "--json")

    assert "99" not in {item["folio"] for item in evaluated}
    assert len(rows) == 1
    row = rows[0]
    assert row["folio"] == "99"
    assert row["monto_total"] == "5950"
    assert row["estado_rcv"] == "PENDIENTE"
    assert row["riesgo"]["nivel"] == "alto"
    assert [item["codigo"] for item in row["riesgo"]["hallazgos"]] == ["SII_SIN_XML"]


def test_register_text_says_when_rcv_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = _new_company(tmp_path, capsys)
    code, out, _ = runner("riesgo", "sin-xml", "--empresa", COMPANY_RUT)
    assert code == 0
    assert "Aún no hay datos del RCV" in out


def test_riesgo_text_and_english(cli: Cli) -> None:
    code, out, _ = cli("riesgo", "--empresa", COMPANY_RUT)
    assert code == 0
    assert "2 documentos evaluados" in out
    assert "FIRMA_AUSENTE: El documento no trae firma electrónica" in out

    english = cli.json("--lang", "en", "riesgo", "--empresa", COMPANY_RUT, "--json")
    explanations = [item["explicacion"] for item in english[0]["riesgo"]["hallazgos"]]
    assert any(
        text.startswith("The document carries no electronic signature") for text in explanations
    )


def test_riesgo_needs_company(cli: Cli) -> None:
    code, out, err = cli("riesgo")
    assert code == 2
    assert out == ""
    assert "--empresa" in err


def test_dismiss_is_audited_and_shown(cli: Cli) -> None:
    result = cli.json(
        "riesgo", "descartar", "--empresa", COMPANY_RUT, "--emisor", "76.354.771-K",
        "--tipo", "33", "--folio", "2", "--codigo", "receptor_otra_empresa",
        "--motivo", "Factura de la filial", "--json",
    )  # fmt: skip

    assert result == {
        "codigo": "RECEPTOR_OTRA_EMPRESA",
        "descartados": 1,
        "ya_descartados": 0,
        "nivel": "alto",
    }
    detail_json = cli.json(
        "mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K", "--tipo", "33",
        "--folio", "2", "--json",
    )  # fmt: skip
    dismissed = detail_json["detalle"]["hallazgos_descartados"]
    assert [item["codigo"] for item in dismissed] == ["RECEPTOR_OTRA_EMPRESA"]
    assert dismissed[0]["motivo"] == "Factura de la filial"
    assert "RECEPTOR_OTRA_EMPRESA" not in {
        item["codigo"] for item in detail_json["riesgo"]["hallazgos"]
    }
    workspace = Workspace(DataLayout(cli.data_dir), None, cli.key_file)
    opened = workspace.open_company(COMPANY_RUT)
    try:
        with opened.database.read() as session:
            actions = [record.action for record in session.query(AuditRecord)]
    finally:
        opened.close()
    assert actions[-1] == "riesgo.descartado"


@pytest.mark.parametrize(("folio", "code"), [("404", "EMISOR_NUEVO"), ("1", "OC_DESCONOCIDA")])
def test_dismiss_unknown_exits_2(cli: Cli, folio: str, code: str) -> None:
    exit_code, out, err = cli(
        "riesgo", "descartar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K",
        "--tipo", "33", "--folio", folio, "--codigo", code, "--motivo", "x",
    )  # fmt: skip
    assert exit_code == 2
    assert out == ""
    assert err.strip()


def test_rules_listed(cli: Cli) -> None:
    rules = cli.json("riesgo", "reglas", "--json")

    assert [rule["codigo"] for rule in rules] == [rule.code for rule in ALL_RULES]
    assert set(rules[0]) == {"codigo", "area", "severidad", "significado"}


def test_settings_shown_and_changed(cli: Cli) -> None:
    settings = cli.json("riesgo", "ajustes", "--empresa", COMPANY_RUT, "--json")
    by_key = {item["clave"]: item for item in settings}
    assert by_key["risk.sii_grace_days"]["valor"] == 2
    assert by_key["risk.sii_grace_days"]["guardado"] is False

    changed = cli.json(
        "riesgo", "ajustar", "--empresa", COMPANY_RUT, "--clave", "risk.duplicate_window_days",
        "--valor", "10", "--json",
    )  # fmt: skip

    assert changed == {"clave": "risk.duplicate_window_days", "valor": 10}
    settings = cli.json("riesgo", "ajustes", "--empresa", COMPANY_RUT, "--json")
    assert {item["clave"]: item["valor"] for item in settings}["risk.duplicate_window_days"] == 10


def test_invalid_setting_exits_2(cli: Cli) -> None:
    code, _, err = cli(
        "riesgo", "ajustar", "--empresa", COMPANY_RUT, "--clave", "risk.min_history",
        "--valor", "cero",
    )  # fmt: skip
    assert code == 2
    assert "risk.min_history" in err


def test_dismiss_applies_to_every_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = _new_company(tmp_path, capsys)
    original = tmp_path / "a.xml"
    original.write_bytes(unsigned_dte(9, neto=1000))
    altered = tmp_path / "b.xml"
    altered.write_bytes(unsigned_dte(9, neto=9000))
    for path in (original, altered):
        code, _, err = runner("importar", "--empresa", COMPANY_RUT, str(path))
        assert code == 0, err

    result = runner.json(
        "riesgo", "descartar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K",
        "--tipo", "33", "--folio", "9", "--codigo", "EMISOR_NUEVO",
        "--motivo", "Proveedor conocido", "--json",
    )  # fmt: skip
    detail_json = runner.json(
        "mostrar", "--empresa", COMPANY_RUT, "--emisor", "76354771-K", "--tipo", "33",
        "--folio", "9", "--json",
    )  # fmt: skip

    assert result["descartados"] == 2
    for version in (detail_json, *detail_json["otras_versiones"]):
        dismissed = version["detalle"]["hallazgos_descartados"]
        assert [item["codigo"] for item in dismissed] == ["EMISOR_NUEVO"]


def test_dismiss_help_mentions_versions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["riesgo", "--help"])

    help_text = " ".join(capsys.readouterr().out.split())
    assert "si llegaron varias versiones del mismo folio, lo descarta en todas" in help_text
