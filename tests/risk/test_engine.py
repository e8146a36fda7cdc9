"""The engine on real encrypted companies: on import, after SII facts, on history changes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from cymadesk.models.inbox import View
from cymadesk.models.message import Message
from cymadesk.models.risk import RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.risk.engine import RiskEngine
from cymadesk.services.importing import ImportService
from cymadesk.services.inputs import InputLimits, iter_inputs
from cymadesk.services.queries import CompanyQueries
from cymadesk.services.risk import RiskError, RiskService
from cymadesk.sii.factory.corpus import generate_documents
from cymadesk.sii.factory.specs import LineSpec
from cymadesk.sii.factory.suppliers import supplier_catalogue
from cymadesk.sii.trust import TrustPolicy
from cymadesk.storage import audit
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.records import (
    AuditRecord,
    DocumentRecord,
    RcvEntryRecord,
    RiskFindingRecord,
)
from tests.helpers import FixedClock, memory_workspace, unsigned_dte
from tests.risk.builders import COMPANY_RUT, EMISOR_RUT
from tests.risk.conftest import COMPANY, Factory

NOW = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)
ACTOR = audit.Actor("prueba", "Persona de Prueba", "equipo")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def company(tmp_path: Path, clock: FixedClock) -> Iterator[OpenCompany]:
    workspace = memory_workspace(tmp_path / "datos", clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.SANDBOX)
    yield opened
    opened.close()


@pytest.fixture
def engine() -> RiskEngine:
    return RiskEngine()


class Importer:
    """Imports bytes as files of a folder, one transaction each, with the risk engine."""

    def __init__(self, service: ImportService, folder: Path) -> None:
        self.service = service
        self.folder = folder
        folder.mkdir(exist_ok=True)
        self.count = 0

    def __call__(self, data: bytes) -> None:
        self.count += 1
        path = self.folder / f"archivo-{self.count:04d}.xml"
        path.write_bytes(data)
        for item in iter_inputs([str(path)], InputLimits()):
            self.service.import_input(item)


def _importer(
    company: OpenCompany,
    clock: FixedClock,
    engine: RiskEngine,
    tmp_path: Path,
    policy: TrustPolicy,
) -> Importer:
    service = ImportService(company, policy=policy, clock=clock, evaluator=engine, actor=ACTOR)
    return Importer(service, tmp_path / "entrada")


def _codes(company: OpenCompany) -> dict[str, set[str]]:
    """Active finding codes by folio."""
    result: dict[str, set[str]] = {}
    with company.database.read() as session:
        rows = session.execute(
            select(DocumentRecord.folio, RiskFindingRecord.code)
            .join(RiskFindingRecord, RiskFindingRecord.document_id == DocumentRecord.id)
            .where(RiskFindingRecord.dismissed_at.is_(None))
        )
        for folio, code in rows:
            result.setdefault(folio, set()).add(code)
    return result


def _snapshot(company: OpenCompany) -> dict[int, tuple[str, set[tuple[str, str]]]]:
    """Each document's level and its findings with their parameters."""
    result: dict[int, tuple[str, set[tuple[str, str]]]] = {}
    with company.database.read() as session:
        for record in session.scalars(select(DocumentRecord)):
            result[record.id] = (record.risk_level, set())
        for finding in session.scalars(select(RiskFindingRecord)):
            result[finding.document_id][1].add((finding.code, repr(sorted(finding.params.items()))))
    return result


def test_import_stores_findings_and_level(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())

    importer(unsigned_dte(1, receptor=COMPANY_RUT))

    stored = CompanyQueries(company, clock).stored(View.TODOS)
    assert [document.risk_level for document in stored] == [RiskLevel.ALTO]
    codes = {finding.code for finding in stored[0].findings}
    assert {"FIRMA_AUSENTE", "TED_AUSENTE", "EMISOR_NUEVO"} <= codes
    explanation = next(f.explanation for f in stored[0].findings if f.code == "FIRMA_AUSENTE")
    assert explanation == Message("riesgo.FIRMA_AUSENTE", {})


def test_workspace_wires_engine_into_import(tmp_path: Path, clock: FixedClock) -> None:
    workspace = memory_workspace(tmp_path / "datos", clock)
    opened = workspace.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION)
    try:
        service = workspace.import_service(opened)
        assert service.evaluator is workspace.findings_evaluator()
        path = tmp_path / "f.xml"
        path.write_bytes(unsigned_dte(3, receptor="76555835-2"))

        service.run([str(path)])

        assert _codes(opened)["3"] >= {"RECEPTOR_OTRA_EMPRESA", "FIRMA_AUSENTE"}
    finally:
        opened.close()


def test_earlier_document_changes_later_history(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, factory: Factory, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, factory.policy)
    late = factory.spec(folio=20, fecha_emision=dt.date(2026, 11, 2))
    importer(factory.sign(late))
    assert "EMISOR_NUEVO" in _codes(company)["20"]

    early = factory.spec(folio=10, fecha_emision=dt.date(2026, 10, 15))
    importer(factory.sign(early, signed_at=dt.datetime(2026, 10, 15, 9, tzinfo=SANTIAGO)))

    codes = _codes(company)
    assert "EMISOR_NUEVO" in codes["10"]
    assert "EMISOR_NUEVO" not in codes.get("20", set())
    assert _levels(company)["20"] == RiskLevel.SIN_HALLAZGOS.value


def _levels(company: OpenCompany) -> dict[str, str]:
    with company.database.read() as session:
        return {
            folio: level
            for folio, level in session.execute(
                select(DocumentRecord.folio, DocumentRecord.risk_level)
            )
        }


def test_conflicting_bodies_both_flagged(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())

    importer(unsigned_dte(9, neto=1000))
    importer(unsigned_dte(9, neto=9000))

    with company.database.read() as session:
        rows = session.execute(
            select(RiskFindingRecord.document_id).where(
                RiskFindingRecord.code == "DUPLICADO_CONTENIDO_DISTINTO"
            )
        ).all()
    assert len(rows) == 2


def test_dismissal_is_audited_and_kept(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())
    importer(unsigned_dte(1, receptor="76555835-2"))
    importer(unsigned_dte(2, receptor="76555835-2"))
    service = RiskService(company, engine, clock=clock, actor=ACTOR)
    emisor = Rut.parse("76354771-K")

    result = service.dismiss(emisor, 33, "1", "RECEPTOR_OTRA_EMPRESA", "Es de la filial")

    assert len(result.dismissed) == 1
    with company.database.read() as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "riesgo.descartado")
        ).one()
        dismissed = session.scalars(
            select(RiskFindingRecord).where(RiskFindingRecord.dismissed_at.is_not(None))
        ).all()
    assert entry.evidence["motivo"] == "Es de la filial"
    assert entry.evidence["codigo"] == "RECEPTOR_OTRA_EMPRESA"
    assert entry.actor_name == "Persona de Prueba"
    assert [record.dismissed_by for record in dismissed] == ["Persona de Prueba"]
    assert "RECEPTOR_OTRA_EMPRESA" not in _codes(company)["1"]
    assert "RECEPTOR_OTRA_EMPRESA" in _codes(company)["2"]

    service.reevaluate()

    assert "RECEPTOR_OTRA_EMPRESA" not in _codes(company)["1"]
    assert service.dismiss(emisor, 33, "1", "RECEPTOR_OTRA_EMPRESA", "otra vez").already


def test_dismissal_lowers_level(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, factory: Factory, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, factory.policy)
    importer(factory.sign(factory.spec(folio=30)))
    service = RiskService(company, engine, clock=clock, actor=ACTOR)
    assert _levels(company)["30"] == RiskLevel.BAJO.value

    result = service.dismiss(Rut.parse(EMISOR_RUT), 33, "30", "EMISOR_NUEVO", "Proveedor conocido")

    assert result.level is RiskLevel.SIN_HALLAZGOS
    assert _levels(company)["30"] == RiskLevel.SIN_HALLAZGOS.value


@pytest.mark.parametrize(
    ("folio", "code", "reason"),
    [("404", "EMISOR_NUEVO", "motivo"), ("1", "NO_EXISTE", "motivo"), ("1", "EMISOR_NUEVO", " ")],
)
def test_dismissal_rejected(
    company: OpenCompany,
    clock: FixedClock,
    engine: RiskEngine,
    tmp_path: Path,
    folio: str,
    code: str,
    reason: str,
) -> None:
    _importer(company, clock, engine, tmp_path, TrustPolicy.sii())(unsigned_dte(1))
    service = RiskService(company, engine, clock=clock, actor=ACTOR)

    with pytest.raises(RiskError):
        service.dismiss(Rut.parse("76354771-K"), 33, folio, code, reason)


def _store_verdict(company: OpenCompany, folio: str, verdict: Verdict, at: dt.datetime) -> int:
    """Store an SII verdict the way the SII sync does."""
    with company.database.write() as session:
        store = DocumentStore(session, company.company.id)
        record = store.find("76354771-K", 33, folio)[0]
        store.replace_verdict(record.id, verdict, at)
        return record.id


def test_sii_facts_after_sync(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())
    importer(unsigned_dte(5))
    fau = Verdict(
        VerdictKey.ESTADO_SII, VerdictState.FALLA, Message("estado_sii.fau"), {"estado": "FAU"}
    )
    checked = NOW + dt.timedelta(days=4)
    document_id = _store_verdict(company, "5", fau, checked)

    with company.database.write() as session:
        engine.evaluate(session, company.company, [document_id], checked)

    assert "SII_NO_RECIBIDO" in _codes(company)["5"]


def test_register_download_reveals_absent_document(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())
    importer(unsigned_dte(30))
    importer(unsigned_dte(31))
    later = NOW + dt.timedelta(days=4)
    with company.database.write() as session:
        store = DocumentStore(session, company.company.id)
        present = store.find("76354771-K", 33, "31")[0]
        # What the SII sync stores for a period: the rows it found and an audit entry.
        session.add(
            RcvEntryRecord(
                company_id=company.company.id, rut_emisor="76354771-K", tipo=33, folio="31",
                estado="PENDIENTE", received_at=NOW, monto_total=present.monto_total,
                document_id=present.id, source="sii", updated_at=later,
            )
        )  # fmt: skip
        audit.append(
            session,
            company_id=company.company.id,
            actor=ACTOR,
            action="sii.rcv.descargado",
            at=later,
            evidence={"periodo": "202611", "filas": 1, "vinculadas": 1},
        )
        engine.evaluate(session, company.company, [present.id], later)
        engine.evaluate_all(session, company.company, later)

    codes = _codes(company)
    assert "SII_NO_REGISTRADO" in codes["30"]
    assert "SII_NO_REGISTRADO" not in codes["31"]


def test_register_import_reevaluates(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())
    importer(unsigned_dte(20))
    csv = tmp_path / "rcv.csv"
    csv.write_text(
        "Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Fecha Docto;Fecha Recepcion;"
        "Monto Exento;Monto Neto;Monto IVA Recuperable;Monto Iva No Recuperable;"
        "Codigo IVA No Rec.;Monto Total\r\n"
        "1;33;Del Giro;76354771-K;Ferretería;20;02/11/2026;02/11/2026 21:30:00;0;5000;950;;;5950\r\n"
        "2;33;Del Giro;76354771-K;Ferretería;21;02/11/2026;02/11/2026 22:00:00;0;5000;950;;;5950\r\n",
        encoding="utf-8",
    )
    clock.advance(days=3)

    importer.service.run([str(csv)])

    assert "SII_MONTO_DISTINTO" in _codes(company)["20"]
    register = RiskService(company, engine, clock=clock, actor=ACTOR).register_findings()
    assert [(item.entry.folio, item.finding.code) for item in register] == [("21", "SII_SIN_XML")]


def test_setting_change_reevaluates_and_is_audited(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, TrustPolicy.sii())
    reference = "<Referencia><NroLinRef>1</NroLinRef><TpoDocRef>801</TpoDocRef>"
    reference += "<FolioRef>4500099</FolioRef><FchRef>2026-10-20</FchRef></Referencia>"
    importer(unsigned_dte(1).replace(b"</Detalle>", b"</Detalle>" + reference.encode()))
    service = RiskService(company, engine, clock=clock, actor=ACTOR)
    assert "OC_DESCONOCIDA" not in _codes(company)["1"]

    value = service.change_setting("risk.purchase_orders", "4500001, 4500002")

    assert value == ("4500001", "4500002")
    assert "OC_DESCONOCIDA" in _codes(company)["1"]
    with company.database.read() as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "riesgo.ajuste_cambiado")
        ).one()
    assert entry.evidence == {
        "clave": "risk.purchase_orders",
        "antes": None,
        "despues": ["4500001", "4500002"],
    }
    settings = {spec.key: (value, stored) for spec, value, stored in service.settings()}
    assert settings["risk.purchase_orders"] == (("4500001", "4500002"), True)
    assert settings["risk.sii_grace_days"] == (2, False)


@pytest.mark.parametrize(("key", "value"), [("risk.no_existe", "1"), ("risk.min_history", "0")])
def test_setting_rejected(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, key: str, value: str
) -> None:
    service = RiskService(company, engine, clock=clock, actor=ACTOR)
    with pytest.raises(RiskError):
        service.change_setting(key, value)


def test_incremental_equals_full_evaluation(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, factory: Factory, tmp_path: Path
) -> None:
    documents = list(
        generate_documents(
            36,
            seed=11,
            receptor=COMPANY,
            authority=factory.authority,
            start=dt.date(2026, 7, 1),
            end=dt.date(2026, 9, 30),
            suppliers=supplier_catalogue(11)[:3],
            signer_key_bits=1024,
        )
    )
    random.Random(5).shuffle(documents)
    importer = _importer(company, clock, engine, tmp_path, factory.policy)
    for generated in documents:
        importer(generated.data)
    incremental = _snapshot(company)

    with company.database.write() as session:
        RiskEngine().evaluate_all(session, company.company, NOW)

    assert _snapshot(company) == incremental
    assert any(findings for _, findings in incremental.values())


def test_dismissing_the_only_medium_signal_drops_unconfirmed(
    company: OpenCompany, clock: FixedClock, engine: RiskEngine, factory: Factory, tmp_path: Path
) -> None:
    importer = _importer(company, clock, engine, tmp_path, factory.policy)
    # The first factura of an emisor, above the high amount threshold, not yet asked at the SII.
    importer(factory.sign(factory.spec(folio=31, lines=(LineSpec("Grúa horquilla", 4_000_000),))))
    codes = _codes(company)["31"]
    assert "EMISOR_NUEVO_MONTO_ALTO" in codes
    assert "SII_SIN_CONFIRMAR" in codes
    assert _levels(company)["31"] == RiskLevel.ALTO.value
    service = RiskService(company, engine, clock=clock, actor=ACTOR)

    result = service.dismiss(
        Rut.parse(EMISOR_RUT), 33, "31", "EMISOR_NUEVO_MONTO_ALTO", "Compra cotizada"
    )

    assert _codes(company).get("31", set()) == set()
    assert result.level is RiskLevel.SIN_HALLAZGOS
    assert _levels(company)["31"] == RiskLevel.SIN_HALLAZGOS.value
