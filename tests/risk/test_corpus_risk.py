"""Risk findings on the shared corpus of real public DTEs, each file in a fresh company.

Each file goes into a new company whose RUT is the file's receptor, under a fixed clock, so
that one file's copies cannot change another's findings. Tampered files must get an ``alta``
finding naming their cause. Intact production documents must get none, although they are
old, come from first-time emisores and were never checked with the SII.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.records import DocumentRecord, RiskFindingRecord, UnprocessableRecord
from tests.conftest import requires_corpus
from tests.helpers import FixedClock

pytestmark = [pytest.mark.corpus, requires_corpus]

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
# Receptor for files whose document names none.
FALLBACK_RECEPTOR = "60803000-K"
# Each tampered file and the findings that name its cause; at least one must be alta.
TAMPERED: dict[str, set[str]] = {
    "broken/blackysoft_T34_anonymized.xml": {
        "DOCUMENTO_ALTERADO",
        "FIRMA_INVALIDA",
        "TED_FIRMA_INVALIDA",
        "CAF_FIRMA_INVALIDA",
    },
    "broken/clsii_T33_F170_76354771-K_ns_stripped.xml": {"DOCUMENTO_ALTERADO"},
    "broken/clsii_T61_F110616_ns_added.xml": {"DOCUMENTO_ALTERADO"},
    "broken/clsii_mod_bad_cert.xml": {"FIRMANTE_DESCONOCIDO"},
    "broken/clsii_mod_changed_monto.xml": {"DOCUMENTO_ALTERADO", "TED_FIRMA_INVALIDA"},
    "broken/clsii_mod_removed_signature.xml": {"FIRMA_AUSENTE"},
    "broken/clsii_mod_replaced_cert.xml": {"FIRMANTE_DESCONOCIDO", "FIRMA_INVALIDA"},
    "broken/libredte_T33_unsigned_parser_fixture.xml": {"FIRMA_AUSENTE", "TED_AUSENTE"},
    "envio/sii_ejemplo_oficial_F60T33.xml": {"DOCUMENTO_ALTERADO", "FIRMA_ENVIO_INVALIDA"},
}
# Files whose only document names no emisor: the import cannot identify it, so it goes to the
# "no procesables" list with the reason instead of carrying findings.
UNIDENTIFIABLE = {
    "broken/libredte_invalid_signed_tipodte_changed.xml",
    "envio/libredte_valid_signed_minimal.xml",
}
# Findings that must never be alta on their own.
NEVER_ALTA = {
    "EMISOR_NUEVO",
    "EMISOR_NUEVO_MONTO_ALTO",
    "FECHA_ANTIGUA",
    "RECEPTOR_OTRA_EMPRESA",
    "SII_AUN_NO_RECIBIDO",
}


def _intact_production(entry: dict[str, Any]) -> bool:
    if entry.get("expect") != "accept":
        return False
    documents = entry["documents"]
    return entry["file"].startswith("dte/") and all(
        document["environment"] == "produccion"
        and document["signature_valid"]
        and document["ted_valid"]
        and document["caf_valid"]
        for document in documents
    )


def _import_alone(
    tmp_path: Path, corpus_dir: Path, name: str, receptor: str
) -> dict[str, dict[str, str]]:
    """Import one file into a new company; return each folio's findings and severities.

    Documents of the "no procesables" list appear under the key ``"!"`` with their reason.
    """
    folder = tmp_path / name.replace("/", "_")
    workspace = Workspace(DataLayout(folder), None, folder / "clave.key", clock=FixedClock(NOW))
    registry = workspace.registry()
    registry.with_recovery = False
    opened = registry.create(Rut.parse(receptor), "Empresa", Ambiente.PRODUCCION)
    try:
        workspace.import_service(opened).run([str(corpus_dir / name)])
        found = _findings(opened)
        with opened.database.read() as session:
            for code in session.scalars(select(UnprocessableRecord.code)):
                found.setdefault("!", {})[code] = "no_procesable"
        return found
    finally:
        opened.close()


def _findings(opened: OpenCompany) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    with opened.database.read() as session:
        for record in session.scalars(select(DocumentRecord)):
            result.setdefault(record.folio, {})
        rows = session.execute(
            select(DocumentRecord.folio, RiskFindingRecord.code, RiskFindingRecord.severity).join(
                RiskFindingRecord, RiskFindingRecord.document_id == DocumentRecord.id
            )
        )
        for folio, code, severity in rows:
            result[folio][code] = severity
    return result


def _receptor(entry: dict[str, Any]) -> str:
    return entry["documents"][0]["rut_receptor"] or FALLBACK_RECEPTOR


def test_tampered_files_get_their_cause(
    tmp_path: Path, corpus_dir: Path, expected_corpus: list[dict[str, Any]]
) -> None:
    entries = {entry["file"]: entry for entry in expected_corpus}
    assert set(TAMPERED) | UNIDENTIFIABLE <= set(entries)
    for name, causes in TAMPERED.items():
        found = _import_alone(tmp_path, corpus_dir, name, _receptor(entries[name]))

        assert found, name
        for folio, findings in found.items():
            named = {code for code in causes if findings.get(code) == "alta"}
            assert named, (name, folio, findings)


def test_intact_production_documents_get_no_alta(
    tmp_path: Path, corpus_dir: Path, expected_corpus: list[dict[str, Any]]
) -> None:
    intact = [entry for entry in expected_corpus if _intact_production(entry)]
    assert len(intact) >= 3
    for entry in intact:
        found = _import_alone(tmp_path, corpus_dir, entry["file"], _receptor(entry))

        for folio, findings in found.items():
            alta = {code for code, severity in findings.items() if severity == "alta"}
            assert alta == set(), (entry["file"], folio, findings)
            assert "FECHA_ANTIGUA" in findings
            assert {"EMISOR_NUEVO", "EMISOR_NUEVO_MONTO_ALTO"} & set(findings)


def test_context_rules_never_alta_alone(
    tmp_path: Path, corpus_dir: Path, expected_corpus: list[dict[str, Any]]
) -> None:
    # An intact production invoice delivered to a company that is not its receptor.
    entry = next(entry for entry in expected_corpus if _intact_production(entry))
    found = _import_alone(tmp_path, corpus_dir, entry["file"], "96874030-K")

    for folio, findings in found.items():
        assert findings.get("RECEPTOR_OTRA_EMPRESA") == "media", folio
        assert {code for code in findings if findings[code] == "alta"} == set(), findings
        assert set(findings) <= NEVER_ALTA | {"NOTA_CREDITO_SIN_DOCUMENTO"}


def test_unidentifiable_files_listed_with_reason(
    tmp_path: Path, corpus_dir: Path, expected_corpus: list[dict[str, Any]]
) -> None:
    for name in sorted(UNIDENTIFIABLE):
        found = _import_alone(tmp_path, corpus_dir, name, FALLBACK_RECEPTOR)

        assert found == {"!": {"importar.sin_rut_emisor": "no_procesable"}}, name
