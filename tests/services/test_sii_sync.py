"""SiiSync against the sandbox: SII responses become verdicts, deadlines and events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cymadesk.models.company import Company
from cymadesk.models.inbox import DecisionState
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente, VerdictKey, VerdictState
from cymadesk.services.certificates import CertificateService
from cymadesk.services.companies import Workspace
from cymadesk.services.sii_sync import (
    SANDBOX_SERVER_FILE,
    SiiSync,
    SyncError,
    build_sii_sync,
    service_map,
)
from cymadesk.sii.client.client import TokenCache
from cymadesk.sii.client.endpoints import Service
from cymadesk.sii.client.registry import Action
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.sandbox.issuing import IssuedFile, issue_documents, receptor_party
from cymadesk.storage import sii_facts
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.records import AuditRecord, DocumentRecord, SiiEventRecord
from tests.helpers import COMPANY_RUT, FixedClock, memory_workspace
from tests.sandbox_helpers import (
    FAST_RETRY,
    NOW,
    PASSWORD,
    RunningSandbox,
    running_sandbox,
    sandbox_pkcs12,
)


class RecordingEvaluator:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def evaluate(
        self, session: Session, company: Company, document_ids: Sequence[int], now: dt.datetime
    ) -> None:
        self.calls.append(sorted(document_ids))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("datos")


@pytest.fixture(scope="module")
def authority(data_dir: Path) -> SandboxAuthority:
    authority = SandboxAuthority.create()
    authority.save(data_dir / "sandbox")
    return authority


@pytest.fixture(scope="module")
def module_sandbox(data_dir: Path, authority: SandboxAuthority) -> Iterator[RunningSandbox]:
    with running_sandbox(data_dir / "sandbox", authority) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def issued(
    module_sandbox: RunningSandbox, authority: SandboxAuthority, data_dir: Path
) -> list[IssuedFile]:
    return issue_documents(
        10,
        receptor=receptor_party(COMPANY_RUT, "Minera Los Andes SpA"),
        authority=authority,
        register=module_sandbox.register,
        output=data_dir / "buzon",
        now=NOW,
        key_bits=1024,
    )


@pytest.fixture
def sandbox(module_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    module_sandbox.reset()
    yield module_sandbox
    module_sandbox.reset()


@pytest.fixture
def workspace(tmp_path: Path, data_dir: Path) -> Workspace:
    workspace = memory_workspace(tmp_path, FixedClock(NOW))
    # The company's sandbox trust and the sandbox share the module's data directory.
    workspace.layout = type(workspace.layout)(data_dir)
    workspace.layout.companies.mkdir(exist_ok=True)
    return workspace


@pytest.fixture
def company(
    workspace: Workspace,
    authority: SandboxAuthority,
    issued: list[IssuedFile],
    data_dir: Path,
) -> Iterator[OpenCompany]:
    for leftover in workspace.layout.companies.glob("*"):
        leftover.unlink()
    opened = workspace.create_company(COMPANY_RUT, "Minera Los Andes SpA", Ambiente.SANDBOX)
    workspace.import_service(opened).run([str(data_dir / "buzon")])
    CertificateService(opened, workspace.secret_store).import_file(
        sandbox_pkcs12(authority), PASSWORD
    )
    yield opened
    opened.close()


@pytest.fixture
def evaluator() -> RecordingEvaluator:
    return RecordingEvaluator()


@pytest.fixture
def sync(
    company: OpenCompany,
    workspace: Workspace,
    sandbox: RunningSandbox,
    evaluator: RecordingEvaluator,
) -> SiiSync:
    return _build_sync(company, workspace, sandbox, tokens=TokenCache(), evaluator=evaluator)


def _build_sync(
    company: OpenCompany,
    workspace: Workspace,
    sandbox: RunningSandbox,
    *,
    tokens: TokenCache | None = None,
    evaluator: RecordingEvaluator | None = None,
) -> SiiSync:
    """Build the sync against the test sandbox; without ``tokens`` they are saved in the database."""
    assert workspace.secret_store is not None
    return build_sii_sync(
        company,
        workspace.layout,
        CertificateService(company, workspace.secret_store),
        url=sandbox.url,
        tokens=tokens,
        retry=FAST_RETRY,
        clock=sandbox.clock.now,
        evaluator=evaluator,
    )


def _kind(issued: list[IssuedFile], kind: str) -> IssuedFile:
    return next(item for item in issued if item.kind == kind)


def _verdict(company: OpenCompany, document_id: int, key: VerdictKey) -> VerdictState:
    with company.database.read() as session:
        return DocumentStore(session, company.company.id).verdicts(document_id)[key].state


def test_estado_becomes_a_verdict_for_each_kind(
    sync: SiiSync, issued: list[IssuedFile], company: OpenCompany, evaluator: RecordingEvaluator
) -> None:
    expected = {"normal": "DOK", "total_alterado": "DNK", "no_recibido": "FAU"}
    for kind, estado in expected.items():
        item = _kind(issued, kind)
        results = sync.estado(Rut.parse(item.rut_emisor), item.tipo, str(item.folio))
        assert [result.answer.estado.value for result in results] == [estado]
        state = VerdictState.OK if estado == "DOK" else VerdictState.FALLA
        assert _verdict(company, results[0].document_ids[0], VerdictKey.ESTADO_SII) is state
    with company.database.read() as session:
        changes = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "veredicto.cambiado")
        ).all()
    assert len(changes) == 3
    assert {entry.evidence["antes"] for entry in changes} == {"pendiente"}
    assert len(evaluator.calls) == 3


def test_duplicate_folio_asks_for_each_body(sync: SiiSync, issued: list[IssuedFile]) -> None:
    item = _kind(issued, "folio_duplicado")
    results = sync.estado(Rut.parse(item.rut_emisor), 33, str(item.folio))
    assert sorted(result.answer.estado.value for result in results) == ["DNK", "DOK"]


def test_estado_of_unknown_document_needs_data(sync: SiiSync) -> None:
    with pytest.raises(SyncError) as caught:
        sync.estado(Rut.parse("76354771-K"), 33, "1")
    assert caught.value.message.code == "sii.documento_no_guardado"
    results = sync.estado(
        Rut.parse("76354771-K"), 33, "1", fecha_emision=dt.date(2026, 11, 2), monto=1190
    )
    assert results[0].answer.estado.value == "FAU"
    assert results[0].document_ids == ()


def test_advanced_estado_sends_the_signature(sync: SiiSync, issued: list[IssuedFile]) -> None:
    item = _kind(issued, "normal")
    results = sync.estado(Rut.parse(item.rut_emisor), item.tipo, str(item.folio), advanced=True)
    assert results[0].answer.recibido is True
    assert results[0].verdict.evidence["servicio"] == "QueryEstDteAv"


def test_reception_makes_deadline_exact(
    sync: SiiSync, issued: list[IssuedFile], company: OpenCompany
) -> None:
    item = next(i for i in issued if i.kind == "normal" and i.tipo == 33)
    result = sync.recepcion(Rut.parse(item.rut_emisor), 33, str(item.folio))
    with company.database.read() as session:
        record = session.get(DocumentRecord, result.document_ids[0])
        entries = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "sii.recepcion.registrada")
        ).all()
    assert record is not None
    assert record.sii_received_at == result.received_at
    assert record.deadline_estimated is False
    assert record.deadline_at == result.received_at + dt.timedelta(days=8)
    assert len(entries) == 1
    sync.recepcion(Rut.parse(item.rut_emisor), 33, str(item.folio))
    with company.database.read() as session:
        again = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "sii.recepcion.registrada")
        ).all()
    assert len(again) == 1


def test_events_are_kept_once_and_set_the_decision(
    sync: SiiSync, issued: list[IssuedFile], company: OpenCompany, sandbox: RunningSandbox
) -> None:
    item = next(
        i
        for i in reversed(issued)
        if i.kind == "normal"
        and i.tipo == 33
        and (found := sandbox.register.find(i.rut_emisor, 33, str(i.folio))) is not None
        and found.received_at > NOW - dt.timedelta(days=7)
    )
    emisor = Rut.parse(item.rut_emisor)
    assert sync.eventos(emisor, 33, str(item.folio)).events == ()
    sync.client.registrar(emisor, 33, str(item.folio), Action.ERM)

    first = sync.eventos(emisor, 33, str(item.folio))
    second = sync.eventos(emisor, 33, str(item.folio))
    assert [event.code for event in first.events] == ["ERM"]
    assert (first.new, second.new) == (1, 0)
    assert first.decision_state is DecisionState.ACEPTADO
    with company.database.read() as session:
        stored = session.scalars(select(SiiEventRecord)).all()
        record = session.get(DocumentRecord, first.document_ids[0])
    assert [event.code for event in stored] == ["ERM"]
    assert record is not None
    assert stored[0].document_id == record.id
    assert record.decision_state == DecisionState.ACEPTADO.value


def test_rcv_links_rows_and_sets_rcv_verdicts(
    sync: SiiSync, issued: list[IssuedFile], company: OpenCompany, evaluator: RecordingEvaluator
) -> None:
    october = sync.rcv("202610")
    summary = sync.rcv("202611")
    purchases = {
        (i.rut_emisor, i.tipo, str(i.folio))
        for i in issued
        if i.registered and i.tipo in (33, 34, 46, 56, 61)
    }
    listed = {row[:3] for row in october.rows + summary.rows}
    assert listed == purchases
    assert summary.linked
    some_id = next(iter(summary.linked.values()))
    assert _verdict(company, some_id, VerdictKey.RCV) is VerdictState.OK
    with company.database.read() as session:
        record = session.get(DocumentRecord, some_id)
    assert record is not None
    assert record.deadline_estimated is False
    absent = set(october.absent) | set(summary.absent)
    assert evaluator.calls[-1] == sorted(set(summary.linked.values()) | set(summary.absent))
    # The documents the SII never received are absent from the register, and their verdict shows it.
    with company.database.read() as session:
        absent_identities = {
            (record.rut_emisor, record.tipo, record.folio): record.id
            for record in (session.get(DocumentRecord, i) for i in absent)
            if record is not None
        }
    never_sent = {
        (i.rut_emisor, i.tipo, str(i.folio))
        for i in issued
        if i.kind in ("no_recibido", "caf_certificacion")
    }
    assert set(absent_identities) == never_sent
    states = {_verdict(company, i, VerdictKey.RCV) for i in absent_identities.values()}
    # Failed after the issuer's 2 days of grace, pending within them.
    assert states <= {VerdictState.FALLA, VerdictState.PENDIENTE}
    assert VerdictState.FALLA in states


def test_sandbox_address_comes_from_the_running_sandbox(
    company: OpenCompany, workspace: Workspace, sandbox: RunningSandbox
) -> None:
    address = workspace.layout.sandbox / SANDBOX_SERVER_FILE
    address.unlink(missing_ok=True)
    with pytest.raises(SyncError) as caught:
        service_map(company.company, workspace.layout, None)
    assert caught.value.message.code == "sii.sandbox_no_iniciado"
    address.write_text(json.dumps({"url": sandbox.url}), "utf-8")
    try:
        services = service_map(company.company, workspace.layout, None)
    finally:
        address.unlink()
    assert services.url(Service.SEED) == sandbox.url + "/DTEWS/CrSeed.jws"


def _saved_token(company: OpenCompany, workspace: Workspace, sandbox: RunningSandbox) -> str | None:
    environment = service_map(company.company, workspace.layout, sandbox.url).name
    with company.database.read() as session:
        saved = sii_facts.saved_token(session, company.company.id, environment)
    return saved[0] if saved else None


def test_token_is_saved_between_commands(
    company: OpenCompany,
    workspace: Workspace,
    sandbox: RunningSandbox,
    issued: list[IssuedFile],
) -> None:
    item = _kind(issued, "normal")
    for _ in range(2):
        sync = _build_sync(company, workspace, sandbox)
        sync.estado(Rut.parse(item.rut_emisor), item.tipo, str(item.folio))
    assert sandbox.server.requests["getToken"] == 1
    assert sandbox.server.requests["getEstDte"] == 2
    assert _saved_token(company, workspace, sandbox) is not None

    sandbox.clock.set(NOW + dt.timedelta(minutes=31), stopped=True)
    _build_sync(company, workspace, sandbox).estado(
        Rut.parse(item.rut_emisor), item.tipo, str(item.folio)
    )
    assert sandbox.server.requests["getToken"] == 2


def test_rejected_saved_token_is_replaced(
    company: OpenCompany,
    workspace: Workspace,
    sandbox: RunningSandbox,
    issued: list[IssuedFile],
) -> None:
    environment = service_map(company.company, workspace.layout, sandbox.url).name
    with company.database.write() as session:
        sii_facts.save_token(session, company.company.id, environment, "NOEXISTE01234", NOW)
    item = _kind(issued, "normal")
    results = _build_sync(company, workspace, sandbox).estado(
        Rut.parse(item.rut_emisor), item.tipo, str(item.folio)
    )
    assert [result.answer.estado.value for result in results] == ["DOK"]
    assert sandbox.server.requests["getToken"] == 1
    saved_token = _saved_token(company, workspace, sandbox)
    assert saved_token is not None
    assert saved_token != "NOEXISTE01234"


def test_new_certificate_drops_saved_tokens(
    company: OpenCompany, workspace: Workspace, sandbox: RunningSandbox
) -> None:
    environment = service_map(company.company, workspace.layout, sandbox.url).name
    with company.database.write() as session:
        sii_facts.save_token(session, company.company.id, environment, "TOKENANTERIOR1", NOW)
    assert _saved_token(company, workspace, sandbox) == "TOKENANTERIOR1"
    assert workspace.secret_store is not None
    CertificateService(company, workspace.secret_store).import_file(
        sandbox_pkcs12(sandbox.authority), PASSWORD
    )
    assert _saved_token(company, workspace, sandbox) is None
