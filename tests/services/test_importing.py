from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cymadesk.formatting import format_clp
from cymadesk.messages import render
from cymadesk.models.inbox import Category, DecisionState, View
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente, VerdictKey, VerdictState
from cymadesk.services.importing import FileResult, ImportService, money_columns
from cymadesk.services.inputs import iter_inputs
from cymadesk.services.queries import CompanyQueries
from cymadesk.sii.trust import TrustPolicy
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.findings import FindingStore
from cymadesk.storage.records import (
    AuditRecord,
    DocumentRecord,
    DocumentSourceRecord,
    RcvEntryRecord,
    SourceFileRecord,
    UnprocessableRecord,
)
from tests.helpers import COMPANY_RUT, FixedClock, memory_workspace, unsigned_dte

NOW = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def company(tmp_path: Path, clock: FixedClock) -> OpenCompany:
    workspace = memory_workspace(tmp_path / "datos", clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION)
    yield opened
    opened.close()


def _service(company: OpenCompany, clock: FixedClock) -> ImportService:
    return ImportService(company, policy=TrustPolicy.sii(), clock=clock, channel="prueba")


def _count(company: OpenCompany, record: type) -> int:
    with company.database.read() as session:
        return int(session.scalar(select(func.count()).select_from(record)) or 0)


def test_new_document_goes_to_inbox(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "f1.xml"
    path.write_bytes(unsigned_dte(1))

    summary = _service(company, clock).run([str(path)])

    assert [outcome.result for outcome in summary.files] == [FileResult.IMPORTADO]
    assert summary.new == 1
    rows = CompanyQueries(company, clock).rows(View.PENDIENTES)
    assert len(rows) == 1
    row = rows[0]
    assert row.folio == "1"
    assert row.monto_total == 1190
    assert row.category is Category.INBOX
    assert row.decision_state is DecisionState.PENDIENTE
    assert row.verdict_summary == "falla"
    # Unsigned: the deadline is estimated from arrival, 8 days on the Santiago clock.
    assert row.deadline_estimated
    assert row.deadline_at == NOW + dt.timedelta(days=8)


def test_same_bytes_twice_changes_nothing(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "f1.xml"
    path.write_bytes(unsigned_dte(1))
    service = _service(company, clock)
    service.run([str(path)])
    audit_before = _count(company, AuditRecord)

    summary = service.run([str(path)])

    assert [outcome.result for outcome in summary.files] == [FileResult.REPETIDO]
    assert summary.repeated == 1
    assert _count(company, DocumentRecord) == 1
    assert _count(company, SourceFileRecord) == 1
    assert _count(company, AuditRecord) == audit_before


def test_same_document_in_other_file_is_linked(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    first = tmp_path / "a.xml"
    first.write_bytes(unsigned_dte(7))
    second = tmp_path / "b.xml"
    second.write_bytes(b"\n\n" + unsigned_dte(7).replace(b"\n", b"\r\n"))

    summary = _service(company, clock).run([str(first), str(second)])

    assert [outcome.result for outcome in summary.files] == [
        FileResult.IMPORTADO,
        FileResult.VINCULADO,
    ]
    assert _count(company, DocumentRecord) == 1
    assert _count(company, DocumentSourceRecord) == 2


def test_different_body_same_identity_is_a_conflict(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    original = tmp_path / "a.xml"
    original.write_bytes(unsigned_dte(9, neto=1000))
    altered = tmp_path / "b.xml"
    altered.write_bytes(unsigned_dte(9, neto=9000))

    summary = _service(company, clock).run([str(original), str(altered)])

    assert [outcome.result for outcome in summary.files] == [
        FileResult.IMPORTADO,
        FileResult.CONFLICTO,
    ]
    with company.database.read() as session:
        records = session.scalars(select(DocumentRecord).order_by(DocumentRecord.id)).all()
    assert [record.monto_total for record in records] == [1190, 10710]
    assert [record.conflict for record in records] == [True, True]


def test_conflict_versions_found_by_arrival(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    original = tmp_path / "a.xml"
    original.write_bytes(unsigned_dte(9, neto=1000))
    altered = tmp_path / "b.xml"
    altered.write_bytes(unsigned_dte(9, neto=9000))
    earlier = tmp_path / "c.xml"
    earlier.write_bytes(unsigned_dte(9, neto=5000))
    _service(company, clock).run([str(original)])
    clock.advance(hours=2)
    _service(company, clock).run([str(altered)])
    # A clock set back (as on a machine whose time was wrong) stores a later id that arrived
    # earlier, so arrival and storage order differ.
    clock.advance(hours=-5)
    _service(company, clock).run([str(earlier)])

    found = CompanyQueries(company, clock).find(Rut.parse("76354771-K"), 33, "009")

    assert [detail.stored.row.monto_total for detail in found] == [5950, 1190, 10710]
    assert [detail.sources[0].arrived_at for detail in found] == [
        NOW - dt.timedelta(hours=3),
        NOW,
        NOW + dt.timedelta(hours=2),
    ]


def test_document_for_another_rut(company: OpenCompany, clock: FixedClock, tmp_path: Path) -> None:
    path = tmp_path / "ajeno.xml"
    path.write_bytes(unsigned_dte(3, receptor="76555835-2"))

    summary = _service(company, clock).run([str(path)])

    assert summary.not_addressed == 1
    queries = CompanyQueries(company, clock)
    assert queries.rows(View.TODOS) == []
    assert [row.folio for row in queries.rows(View.NO_CORRESPONDEN)] == ["3"]


def test_unreadable_files_listed_with_reason(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    folder = tmp_path / "entrada"
    folder.mkdir()
    (folder / "roto.xml").write_bytes(b"<DTE><Documento>")
    (folder / "ataque.xml").write_bytes(b'<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>')
    (folder / "sin-emisor.xml").write_bytes(unsigned_dte(5, emisor=""))

    summary = _service(company, clock).run([str(folder)])

    assert summary.rejected_any
    items = CompanyQueries(company, clock).unprocessable()
    assert sorted(item.code for item in items) == [
        "importar.sin_rut_emisor",
        "xml.dtd_prohibido",
        "xml.mal_formado",
    ]
    with company.database.read() as session:
        stored = session.scalars(select(SourceFileRecord.name)).all()
    assert [Path(name).name for name in stored] == ["sin-emisor.xml"]


def test_zip_entries_imported(company: OpenCompany, clock: FixedClock, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("correo/f10.xml", unsigned_dte(10))
        archive.writestr("correo/f11.xml", unsigned_dte(11))
    path = tmp_path / "adjuntos.zip"
    path.write_bytes(buffer.getvalue())

    summary = _service(company, clock).run([str(path)])

    assert summary.new == 2
    with company.database.read() as session:
        names = sorted(session.scalars(select(SourceFileRecord.name)))
    assert names == [f"{path}!correo/f10.xml", f"{path}!correo/f11.xml"]


def test_rcv_gives_reception_time_and_deadline(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    dte = tmp_path / "f20.xml"
    dte.write_bytes(unsigned_dte(20, emisor="12345678-5"))
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        "Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Fecha Docto;Fecha Recepcion;"
        "Monto Exento;Monto Neto;Monto IVA Recuperable;Monto Iva No Recuperable;Codigo IVA No Rec.;"
        "Monto Total\r\n"
        "1;33;Del Giro;12345678-5; Proveedor S.A. ;20;02/11/2026;02/11/2026 21:30:00;0;1000;190;;;1190\r\n"
        "2;33;Del Giro;12345678-5;Proveedor S.A.;21;02/11/2026;02/11/2026 22:00:00;0;5000;950;;;5950\r\n",
        encoding="utf-8",
    )

    summary = _service(company, clock).run([str(dte), str(csv)])

    assert [outcome.result for outcome in summary.files] == [FileResult.IMPORTADO, FileResult.RCV]
    row = CompanyQueries(company, clock).rows(View.TODOS)[0]
    # 02-11-2026 21:30 in Santiago (UTC-3 in November) + 8 days.
    assert row.deadline_at == dt.datetime(2026, 11, 11, 0, 30, tzinfo=dt.UTC)
    assert not row.deadline_estimated
    detail = CompanyQueries(company, clock).detail(row.id)
    assert detail.stored.verdicts[VerdictKey.RCV].state.value == "ok"
    assert detail.rcv is not None
    assert detail.rcv.estado == "PENDIENTE"
    with company.database.read() as session:
        orphan = session.scalar(select(RcvEntryRecord).where(RcvEntryRecord.folio == "21"))
    assert orphan is not None
    assert orphan.document_id is None
    assert orphan.razon_social == "Proveedor S.A."


def test_rcv_row_before_document_links_on_import(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        "Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Fecha Docto;Fecha Recepcion;"
        "Monto Exento;Monto Neto;Monto IVA Recuperable;Monto Iva No Recuperable;Codigo IVA No Rec.;"
        "Monto Total\r\n"
        "1;33;Del Giro;12345678-5;Proveedor S.A.;20;02/11/2026;02/11/2026 21:30:00;0;1000;190;;;1190\r\n",
        encoding="utf-8",
    )
    dte = tmp_path / "f20.xml"
    dte.write_bytes(unsigned_dte(20, emisor="12345678-5"))

    summary = _service(company, clock).run([str(csv), str(dte)])

    assert [outcome.result for outcome in summary.files] == [FileResult.RCV, FileResult.IMPORTADO]
    document_id = summary.files[1].document_ids[0]
    with company.database.read() as session:
        entry = session.scalar(select(RcvEntryRecord).where(RcvEntryRecord.folio == "20"))
    assert entry is not None
    assert entry.document_id == document_id
    row = CompanyQueries(company, clock).rows(View.TODOS)[0]
    assert row.deadline_at == dt.datetime(2026, 11, 11, 0, 30, tzinfo=dt.UTC)
    assert not row.deadline_estimated


REGISTRO_HEADER = (
    "Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Fecha Docto;Fecha Recepcion;"
    "Fecha Acuse;Monto Exento;Monto Neto;Monto IVA Recuperable;Monto Iva No Recuperable;"
    "Codigo IVA No Rec.;Monto Total;Monto Neto Activo Fijo;IVA Activo Fijo;IVA uso Comun;"
    "Impto. Sin Derecho a Credito;IVA No Retenido;Tabacos Puros;Tabacos Cigarrillos;"
    "Tabacos Elaborados;NCE o NDE sobre Fact. de Compra;Codigo Otro Impuesto;"
    "Valor Otro Impuesto;Tasa Otro Impuesto\r\n"
)


@pytest.mark.parametrize(
    ("acuse", "tacit"), [("", True), ("05/11/2026 10:00:00", False)], ids=["tacita", "expresa"]
)
def test_rcv_registro_marks_accepted(
    company: OpenCompany, clock: FixedClock, tmp_path: Path, acuse: str, tacit: bool
) -> None:
    dte = tmp_path / "f30.xml"
    dte.write_bytes(unsigned_dte(30, emisor="12345678-5"))
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        REGISTRO_HEADER
        + f"1;33;Del Giro;12345678-5;Proveedor S.A.;30;02/10/2026;02/10/2026 21:30:00;{acuse};"
        "0;1000;190;;;1190;;;;;;;;;;;;\r\n",
        encoding="utf-8",
    )

    summary = _service(company, clock).run([str(dte), str(csv)])

    rcv_file = summary.files[1]
    assert rcv_file.message is not None
    assert rcv_file.message.code == "importar.rcv_filas"
    assert rcv_file.message.params == {"filas": 1, "vinculadas": 1}
    with company.database.read() as session:
        record = session.scalar(select(DocumentRecord).where(DocumentRecord.folio == "30"))
        entry = session.scalar(
            select(AuditRecord).where(AuditRecord.action == "decision.segun_rcv")
        )
    assert record is not None
    assert record.decision_state == DecisionState.ACEPTADO.value
    assert entry is not None
    assert entry.document_id == record.id
    assert entry.evidence["antes"] == "pendiente"
    assert entry.evidence["tacita"] is tacit
    assert CompanyQueries(company, clock).rows(View.PENDIENTES) == []
    assert len(CompanyQueries(company, clock).rows(View.ACEPTADOS)) == 1
    # The risk rules see the acceptance as a decision: tacit at the deadline, or the acuse.
    with company.database.read() as session:
        stored = session.get(DocumentRecord, record.id)
        assert stored is not None
        facts = FindingStore(session, company.company.id).decisions([stored], clock())
    expected_at = record.deadline_at if tacit else dt.datetime(2026, 11, 5, 13, 0, tzinfo=dt.UTC)
    assert [(fact.action, fact.at) for fact in facts[record.id]] == [
        ("TACITA" if tacit else "ACD", expected_at)
    ]


def test_cancel_between_files(company: OpenCompany, clock: FixedClock, tmp_path: Path) -> None:
    folder = tmp_path / "entrada"
    folder.mkdir()
    for folio in range(5):
        (folder / f"f{folio}.xml").write_bytes(unsigned_dte(100 + folio))
    seen: list[int] = []

    summary = _service(company, clock).run(
        [str(folder)],
        progress=lambda progress: seen.append(progress.done),
        cancelled=lambda: len(seen) >= 2,
    )

    assert summary.cancelled
    assert seen == [1, 2]
    assert _count(company, DocumentRecord) == 2


def test_export_amount_in_minor_units() -> None:
    from lxml import etree

    from cymadesk.sii.parse import parse_document

    element = etree.fromstring(
        b"<DTE><Exportaciones><Encabezado><IdDoc><TipoDTE>110</TipoDTE></IdDoc>"
        b"<Totales><TpoMoneda>DOLAR USA</TpoMoneda><MntExe>30276.00</MntExe>"
        b"<MntTotal>30276.00</MntTotal></Totales></Encabezado></Exportaciones></DTE>"
    )
    assert money_columns(parse_document(element)) == (3027600, "USD", "30276.00")


def test_unprocessable_repeat_says_so(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "roto.xml"
    path.write_bytes(b"<DTE>")
    service = _service(company, clock)
    service.run([str(path)])

    summary = service.run([str(path)])

    # Still unprocessable, for the reason it had, and listed once.
    (outcome,) = summary.files
    assert outcome.result is FileResult.NO_PROCESABLE
    assert outcome.message is not None
    assert outcome.message.code == "xml.mal_formado"
    assert summary.unprocessable == 1
    assert summary.rejected_any
    assert _count(company, UnprocessableRecord) == 1


def test_search_ignores_case_and_accents(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "f1.xml"
    path.write_bytes(unsigned_dte(31, razon_social="Ferretería Ñandú E.I.R.L."))
    _service(company, clock).run([str(path)])
    queries = CompanyQueries(company, clock)

    assert [row.folio for row in queries.rows(View.TODOS, search="ñandu")] == ["31"]
    assert [row.folio for row in queries.rows(View.TODOS, search="FERRETERIA")] == ["31"]
    assert queries.rows(View.TODOS, search="100%") == []


def test_missing_path_reported_not_stored(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    summary = _service(company, clock).run([str(tmp_path / "no-existe.xml")])

    [outcome] = summary.files
    assert outcome.result is FileResult.NO_PROCESABLE
    assert outcome.message is not None
    assert outcome.message.code == "entrada.no_encontrada"
    assert summary.rejected_any
    assert _count(company, UnprocessableRecord) == 0


def test_rcv_total_differing_from_xml_fails(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    dte = tmp_path / "f31.xml"
    dte.write_bytes(unsigned_dte(31, emisor="12345678-5"))
    _service(company, clock).run([str(dte)])
    with company.database.read() as session:
        record = session.scalar(select(DocumentRecord).where(DocumentRecord.folio == "31"))
    assert record is not None
    assert record.monto_total is not None
    registered_total = record.monto_total - 1000
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        REGISTRO_HEADER
        + "1;33;Del Giro;12345678-5;Proveedor S.A.;31;02/10/2026;02/10/2026 21:30:00;;"
        f"0;1000;190;;;{registered_total};;;;;;;;;;;;\r\n",
        encoding="utf-8",
    )

    _service(company, clock).run([str(csv)])

    verdict = CompanyQueries(company, clock).detail(record.id).stored.verdicts[VerdictKey.RCV]
    assert verdict.state is VerdictState.FALLA
    assert verdict.message.code == "rcv.monto_distinto"
    assert verdict.evidence["monto_rcv"] == registered_total
    assert verdict.evidence["monto_xml"] == record.monto_total
    text = render(verdict.message, "es")
    assert format_clp(registered_total) in text
    assert format_clp(record.monto_total) in text
    assert "«Registro»" in text


def test_document_for_another_company_has_no_deadline(
    company: OpenCompany, clock: FixedClock, tmp_path: Path
) -> None:
    dte = tmp_path / "f50.xml"
    dte.write_bytes(unsigned_dte(50, emisor="12345678-5", receptor="76555835-2"))
    csv = tmp_path / "rcv.csv"
    # Even with the SII's reception time, the deadline belongs to the other company.
    csv.write_text(
        REGISTRO_HEADER
        + "1;33;Del Giro;12345678-5;Proveedor S.A.;50;02/10/2026;02/10/2026 21:30:00;;"
        "0;1000;190;;;1190;;;;;;;;;;;;\r\n",
        encoding="utf-8",
    )

    _service(company, clock).run([str(dte), str(csv)])

    (row,) = CompanyQueries(company, clock).rows(View.NO_CORRESPONDEN)
    assert row.category is Category.NOT_ADDRESSED
    assert row.deadline_at is None
    assert row.decision_state is DecisionState.SIN_PLAZO


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "entrada.vacio"), (b"  \r\n", "entrada.vacio"), (b"%PDF-1.7\n", "entrada.no_es_xml")],
    ids=["vacio", "solo-espacios", "pdf"],
)
def test_unreadable_inputs_get_their_reason(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "factura.xml"
    path.write_bytes(content)

    (item,) = iter_inputs([str(path)])

    assert item.data is None
    assert item.problem is not None
    assert item.problem.code == code
