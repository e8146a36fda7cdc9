"""Every file of the shared corpus, through the same code as ``cymadesk check --json``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from cymadesk.cli import main
from tests.conftest import CORPUS, corpus_available

pytestmark = pytest.mark.corpus

STATE_FOR = {True: "ok", False: "falla"}


def _entries() -> list[dict[str, Any]]:
    if not corpus_available():
        return []
    data: list[dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))
    return data


def _run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code = main(["check", "--json", str(path)])
    output = capsys.readouterr().out
    return code, json.loads(output)


def _entry_id(entry: dict[str, Any]) -> str:
    return str(entry["file"])


ACCEPTED = [entry for entry in _entries() if entry.get("expect") == "accept"]
REJECTED = [entry for entry in _entries() if entry.get("expect") == "reject"]
CAF_FILES = [entry for entry in _entries() if entry.get("kind") == "caf"]


def _expected_text(value: str) -> str | None:
    return value or None


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("entry", ACCEPTED, ids=_entry_id)
def test_accepted_file_values(entry: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, documents = _run_check(CORPUS / entry["file"], capsys)

    assert code == 0
    assert len(documents) == len(entry["documents"])
    for found, expected in zip(documents, entry["documents"], strict=True):
        assert found["clase"] == entry["root"]
        assert found["tipo"] == expected["tipo"]
        assert found["folio"] == expected["folio"]
        assert found["rut_emisor"] == _expected_text(expected["rut_emisor"])
        assert found["rut_receptor"] == _expected_text(expected["rut_receptor"])
        assert found["fecha_emision"] == _expected_text(expected["fecha_emision"])
        assert found["monto_total"] == _expected_text(expected["monto_total"])
        assert found["ambiente"] == expected["environment"]

        verdicts = found["veredictos"]
        assert verdicts["firma"]["estado"] == STATE_FOR[expected["signature_valid"]]
        if expected["ted_valid"] is None:
            assert verdicts["ted"]["estado"] == "falla"
            assert verdicts["ted"]["codigo"] == "ted.ausente"
        else:
            assert verdicts["ted"]["estado"] == STATE_FOR[expected["ted_valid"]]
        if expected["caf_valid"] is None:
            assert verdicts["caf"]["estado"] == "no_verificable"
        else:
            assert verdicts["caf"]["estado"] == STATE_FOR[expected["caf_valid"]]

        envelope = entry["envelope_signature_valid"]
        if envelope is None:
            assert verdicts["firma_envio"]["estado"] == "no_aplica"
        else:
            assert verdicts["firma_envio"]["estado"] == STATE_FOR[envelope]


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("entry", REJECTED, ids=_entry_id)
def test_hostile_file_rejected_quickly(
    entry: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    code, results = _run_check(CORPUS / entry["file"], capsys)
    elapsed = time.perf_counter() - started

    assert code == 1
    assert len(results) == 1
    assert set(results[0]) == {"archivo", "error"}
    assert "DTD" in results[0]["error"]
    # Generous bound: expanding the entities would take far longer (or never finish).
    assert elapsed < 1.0


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize("entry", CAF_FILES, ids=_entry_id)
def test_caf_file_reported_as_class(
    entry: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, results = _run_check(CORPUS / entry["file"], capsys)

    assert code == 0
    assert results == [{"archivo": str(CORPUS / entry["file"]), "clase": "CAF"}]


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_certification_documents_flagged_without_tax_validity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, documents = _run_check(CORPUS / "dte" / "simplefactura_T33_F2963_cert.xml", capsys)

    caf = documents[0]["veredictos"]["caf"]
    assert caf["codigo"] == "caf.ok_certificacion"
    assert "sin validez tributaria" in caf["detalle"]


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_official_example_fails_on_key_mismatch(capsys: pytest.CaptureFixture[str]) -> None:
    _, documents = _run_check(CORPUS / "envio" / "sii_ejemplo_oficial_F60T33.xml", capsys)

    verdicts = documents[0]["veredictos"]
    assert verdicts["firma"]["codigo"] == "firma.clave_distinta_certificado"
    assert verdicts["certificado"]["codigo"] == "certificado.clave_distinta"
    assert verdicts["ted"]["estado"] == "ok"


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
def test_whole_corpus_exit_code_and_count(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--json", str(CORPUS)])
    results = json.loads(capsys.readouterr().out)

    documents = [item for item in results if "veredictos" in item]
    expected_documents = sum(len(entry.get("documents") or []) for entry in ACCEPTED)
    assert code == 1  # the hostile files are rejected; the rest is processed
    assert len(documents) == expected_documents
