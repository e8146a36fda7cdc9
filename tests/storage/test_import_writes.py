"""Rows that the import writes with its own SQL read back unchanged through the ORM."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from cymadesk.models.verdict import Ambiente
from cymadesk.services.importing import ImportService
from cymadesk.services.queries import CompanyQueries
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from cymadesk.storage.import_writes import _json
from cymadesk.storage.records import AuditRecord, DocumentSourceRecord
from tests.helpers import COMPANY_RUT, FixedClock, memory_workspace, unsigned_dte

NOW = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({}, "{}"),
        ([], "[]"),
        ({"razon_social": "Ferretería Ñuble"}, '{"razon_social":"Ferretería Ñuble"}'),
        ({"lista": [1, None, True]}, '{"lista":[1,null,true]}'),
        # orjson rejects these; json.dumps writes them as before.
        ({"serie": 2**70}, '{"serie": 1180591620717411303424}'),
        ({1: "uno"}, '{"1": "uno"}'),
    ],
    ids=["vacio", "lista_vacia", "acentos", "anidado", "entero_grande", "clave_numerica"],
)
def test_json_text(value: object, expected: str) -> None:
    assert _json(value) == expected  # type: ignore[arg-type]


def test_imported_verdicts_read_back_unchanged(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    workspace = memory_workspace(tmp_path / "datos", clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION)
    data = unsigned_dte(7, razon_social="Ferretería Ñuble Ltda.")
    path = tmp_path / "f7.xml"
    path.write_bytes(data)
    report = verify_file(data, policy=TrustPolicy.sii()).documents[0]

    service = ImportService(opened, policy=TrustPolicy.sii(), clock=clock, channel="prueba")
    document_id = service.run([str(path)]).files[0].document_ids[0]
    stored = CompanyQueries(opened, clock).detail(document_id).stored.verdicts
    with opened.database.read() as session:
        copy_verdicts = session.scalar(select(DocumentSourceRecord.verdicts))
        audit_evidence = session.scalar(
            select(AuditRecord.evidence).where(AuditRecord.action == "archivo.importado")
        )
    opened.close()

    assert set(stored) == set(report.verdicts)
    for key, verdict in report.verdicts.items():
        assert stored[key].state is verdict.state
        assert stored[key].message == verdict.message
        # Through JSON, as the report's own evidence would be shown.
        assert stored[key].evidence == json.loads(json.dumps(dict(verdict.evidence)))
    assert copy_verdicts == {
        key.value: {"estado": verdict.state.value, "codigo": verdict.message.code}
        for key, verdict in report.verdicts.items()
    }
    assert audit_evidence is not None
    assert audit_evidence["documentos"][0]["id"] == document_id
