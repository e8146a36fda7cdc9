"""The demo's own SII sandbox: it responds about the demo's documents over loopback HTTP."""

from __future__ import annotations

import datetime as dt
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.demo import DEMO_SANDBOX_FOLDER, demo_register, open_demo
from cymadesk.services.demo_sii import DemoSii, DemoSyncSummary
from cymadesk.storage import sii_facts
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.records import AuditRecord, DocumentRecord, RiskFindingRecord
from tests.helpers import FixedClock

NOW = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
SPECIAL_SUPPLIER_FOLIOS = {"90001", "90002", "90003", "90011", "1"}


@dataclass
class SyncedDemo:
    workspace: Workspace
    opened: OpenCompany
    sii: DemoSii
    summary: DemoSyncSummary

    def one(self, folio: str) -> DocumentRecord:
        """Return the inbox document with ``folio`` (the demo repeats no folio there)."""
        statement = select(DocumentRecord).where(
            DocumentRecord.folio == folio, DocumentRecord.category == Category.INBOX.value
        )
        with self.opened.database.read() as session:
            (record,) = session.scalars(statement).all()
            session.expunge(record)
        return record

    def estado(self, record: DocumentRecord) -> tuple[VerdictState, str]:
        with self.opened.database.read() as session:
            verdict = DocumentStore(session, self.opened.company.id).verdicts(record.id)[
                VerdictKey.ESTADO_SII
            ]
        return verdict.state, verdict.evidence.get("estado", "")

    def finding_codes(self, record: DocumentRecord) -> set[str]:
        statement = select(RiskFindingRecord.code).where(RiskFindingRecord.document_id == record.id)
        with self.opened.database.read() as session:
            return set(session.scalars(statement))

    def audit_ids_and_actions(self) -> list[tuple[int, str]]:
        statement = select(AuditRecord.id, AuditRecord.action).order_by(AuditRecord.id)
        with self.opened.database.read() as session:
            return [(row[0], row[1]) for row in session.execute(statement)]


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncedDemo]:
    root = tmp_path_factory.mktemp("demo-sii")
    workspace = Workspace(DataLayout(root), None, clock=FixedClock(NOW))
    opened = open_demo(workspace)
    sii = DemoSii(workspace)
    try:
        summary = sii.sync(opened)
        yield SyncedDemo(workspace, opened, sii, summary)
    finally:
        sii.stop()
        opened.close()


def test_every_received_document_gets_the_sandbox_estado(synced: SyncedDemo) -> None:
    estados = synced.summary.estados
    by_folio = {folio: estado for (_, _, folio), estado in estados.items()}
    statement = select(DocumentRecord.rut_emisor, DocumentRecord.tipo, DocumentRecord.folio).where(
        DocumentRecord.category == Category.INBOX.value
    )
    with synced.opened.database.read() as session:
        inbox = {(row[0], row[1], row[2]) for row in session.execute(statement)}
    assert len(inbox) > 40
    assert set(estados) == inbox
    assert by_folio["90001"] == "DOK"
    assert by_folio["90003"] == "DOK"  # the SII received it signed; the file lost its signature
    assert by_folio["90002"] == "DNK"  # the file's total was raised after the SII received it
    assert by_folio["90011"] == "FAU"  # a folio outside its CAF never reached the SII
    assert by_folio["1"] == "FAU"  # stamped with a certification CAF
    ordinary = [e for (_, _, f), e in estados.items() if f not in SPECIAL_SUPPLIER_FOLIOS]
    assert len(ordinary) > 35
    assert set(ordinary) == {"DOK"}


def test_estado_becomes_the_stored_verdict_and_findings(synced: SyncedDemo) -> None:
    assert synced.estado(synced.one("90001")) == (VerdictState.OK, "DOK")
    assert synced.estado(synced.one("90002")) == (VerdictState.FALLA, "DNK")
    assert synced.estado(synced.one("90011")) == (VerdictState.FALLA, "FAU")

    assert "SII_DATOS_NO_COINCIDEN" in synced.finding_codes(synced.one("90002"))
    assert "SII_NO_RECIBIDO" in synced.finding_codes(synced.one("90011"))
    assert not {
        code for code in synced.finding_codes(synced.one("90001")) if code.startswith("SII_")
    }


def test_deadlines_become_exact_from_the_sii_reception(synced: SyncedDemo) -> None:
    registered = demo_register(synced.workspace.layout).find(
        synced.one("90001").rut_emisor, 33, "90001"
    )
    assert registered is not None
    record = synced.one("90001")
    assert record.sii_received_at == registered.received_at
    assert record.deadline_estimated is False
    # 8 × 24 hours from the reception, in Santiago.
    received = registered.received_at.astimezone(SANTIAGO)
    assert record.deadline_at is not None
    assert record.deadline_at.astimezone(SANTIAGO) == received + dt.timedelta(days=8)


def test_registry_events_set_the_decisions(synced: SyncedDemo) -> None:
    histories = synced.summary.events
    claimed = [identity for identity, codes in histories.items() if codes == ("RCD",)]
    accepted = [identity for identity, codes in histories.items() if codes == ("ACD",)]
    assert len(claimed) == 1
    assert len(accepted) >= 10
    (rut, tipo, folio) = claimed[0]
    record = synced.one(folio)
    assert (record.rut_emisor, record.tipo) == (rut, tipo)
    assert record.decision_state == DecisionState.RECLAMADO.value
    assert synced.one(accepted[0][2]).decision_state == DecisionState.ACEPTADO.value
    # Recent documents have no decision recorded yet and wait for the user's decision.
    assert synced.one("90001").decision_state == DecisionState.PENDIENTE.value


def test_rcv_periods_cover_the_demo_months(synced: SyncedDemo) -> None:
    today = NOW.astimezone(SANTIAGO).date()
    assert synced.summary.periods[-1] == f"{today:%Y%m}"
    assert len(synced.summary.periods) == 5  # four months back, and this one
    assert synced.summary.rcv_linked >= 30
    with synced.opened.database.read() as session:
        verdict = DocumentStore(session, synced.opened.company.id).verdicts(synced.one("90001").id)[
            VerdictKey.RCV
        ]
    assert verdict.state is VerdictState.OK


def test_second_sync_changes_nothing(synced: SyncedDemo) -> None:
    last_before = synced.audit_ids_and_actions()[-1][0]
    with synced.opened.database.read() as session:
        token = sii_facts.saved_token(session, synced.opened.company.id, "sandbox")
    again = synced.sii.sync(synced.opened)
    after_audit = [action for id_, action in synced.audit_ids_and_actions() if id_ > last_before]

    assert again.estados == synced.summary.estados
    assert again.events == synced.summary.events
    # Only the RCV downloads are audited again; no verdict, reception or event changed.
    assert set(after_audit) == {"sii.rcv.descargado"}
    assert token is None  # the demo's token is never stored


def test_sync_leaves_user_sandbox_untouched(synced: SyncedDemo) -> None:
    layout = synced.workspace.layout
    assert (layout.demo / DEMO_SANDBOX_FOLDER / "registro.sqlite3").exists()
    assert not (layout.sandbox / "registro.sqlite3").exists()
    assert not (layout.sandbox / "servidor.json").exists()
    assert not layout.companies.exists() or not any(layout.companies.iterdir())


def test_server_listens_on_loopback_and_stops(tmp_path: Path) -> None:
    sii = DemoSii(Workspace(DataLayout(tmp_path), None, clock=FixedClock(NOW)))
    url = sii.start()
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "/_sandbox/estado", timeout=5) as response:
        assert response.status == 200
    sii.stop()
    assert sii.url is None
    port = int(url.rsplit(":", 1)[1])
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=2),
    ):
        pass
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/_sandbox/estado", timeout=2)


def test_delivery_adds_a_confirmed_document(tmp_path: Path) -> None:
    workspace = Workspace(DataLayout(tmp_path), None, clock=FixedClock(NOW))
    opened = open_demo(workspace)
    sii = DemoSii(workspace)
    try:
        before = _inbox_count(opened)
        first = sii.deliver(opened)
        second = sii.deliver(opened)
    finally:
        sii.stop()
    try:
        assert _inbox_count(opened) == before + 2
        first_identity = (first.razon_social, first.tipo, first.folio)
        assert first_identity != (second.razon_social, second.tipo, second.folio)
        assert first.estado == "DOK"
        statement = select(DocumentRecord).where(DocumentRecord.folio == first.folio)
        with opened.database.read() as session:
            records = [r for r in session.scalars(statement) if r.tipo == first.tipo]
            (record,) = records
            verdicts = DocumentStore(session, opened.company.id).verdicts(record.id)
            codes = set(
                session.scalars(
                    select(RiskFindingRecord.code).where(RiskFindingRecord.document_id == record.id)
                )
            )
        assert record.razon_social_emisor == first.razon_social
        assert verdicts[VerdictKey.ESTADO_SII].state is VerdictState.OK
        # Signed yesterday by a supplier with history, so nothing looks wrong with it.
        assert record.fecha_emision == NOW.astimezone(SANTIAGO).date() - dt.timedelta(days=1)
        assert not {code for code in codes if code.startswith(("DUPLICADO", "SII_", "FECHA"))}
        if record.tipo in {33, 34, 43}:
            assert record.deadline_estimated is False
            assert record.decision_state == DecisionState.PENDIENTE.value
    finally:
        opened.close()


def _inbox_count(opened: OpenCompany) -> int:
    statement = select(DocumentRecord.id).where(DocumentRecord.category == Category.INBOX.value)
    with opened.database.read() as session:
        return len(session.scalars(statement).all())
