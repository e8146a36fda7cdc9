"""Querying the SII about stored documents and storing its responses.

The company's ambiente picks the SII environment (producción or certificación); a sandbox
company talks to the local sandbox whose address ``cymadesk sandbox`` writes to
``<data-dir>/sandbox/servidor.json``. A ``url`` replaces every host. Results are stored in
one transaction per request: the estado DTE becomes the ``estado_sii`` verdict, RCV rows the
``rcv`` verdict (through ``apply_rcv_entry``), reception timestamps make deadlines exact,
and registry events are kept. Every verdict change is audited, and the risk engine, when
there is one, re-evaluates the documents that changed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from cymadesk.models.company import Company
from cymadesk.models.inbox import DecisionState
from cymadesk.models.message import Message
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.paths import DataLayout
from cymadesk.risk.settings import RiskSettings
from cymadesk.services.certificates import CertificateService
from cymadesk.services.importing import FindingsEvaluator
from cymadesk.services.rcv_entries import mark_absent, replace_and_audit, store_rcv_row
from cymadesk.sii.client.answers import EstadoDteAnswer
from cymadesk.sii.client.client import RetryPolicy, SiiClient, TokenCache
from cymadesk.sii.client.endpoints import PRODUCTION_URLS, ServiceMap
from cymadesk.sii.client.errors import SiiError
from cymadesk.sii.client.http import HttpTransport
from cymadesk.sii.client.registry import CedibleAnswer, RegistryEvent
from cymadesk.sii.envelope import split
from cymadesk.sii.xmldsig import find_signatures
from cymadesk.sii.xmlload import XmlRejected, load_xml
from cymadesk.sii.xmltext import child, text_of
from cymadesk.storage import audit, sii_facts
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.errors import StorageError
from cymadesk.storage.findings import FindingStore
from cymadesk.storage.records import DocumentRecord

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
SANDBOX_SERVER_FILE = "servidor.json"
CLAIM_EVENTS = frozenset({"RCD", "RFP", "RFT"})
ACCEPT_EVENTS = frozenset({"ACD", "ERM"})
# QueryEstDte states that mean the SII does not have the document with these data.
_FAILING_ESTADOS = frozenset({"DNK", "FAU", "FNA", "FAN", "EMP"})


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncError(SiiError):
    """A request CymaDesk cannot send: no sandbox running, no stored document to ask about."""


def sandbox_url(layout: DataLayout) -> str | None:
    """Return the address the running sandbox wrote, or None when none is running."""
    try:
        data = json.loads((layout.sandbox / SANDBOX_SERVER_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith("http://127.0.0.1:") else None


def service_map(company: Company, layout: DataLayout, url: str | None) -> ServiceMap:
    """Return the SII environment for ``company``, on ``url``'s host when one is given."""
    if company.ambiente is Ambiente.SANDBOX:
        base = ServiceMap(Ambiente.SANDBOX.value, PRODUCTION_URLS)
        target = url or sandbox_url(layout)
        if target is None:
            raise SyncError("sii.sandbox_no_iniciado")
        return base.on_host(target)
    services = ServiceMap.for_ambiente(company.ambiente)
    return services.on_host(url) if url else services


class StoredTokenCache(TokenCache):
    """Tokens kept in memory and in the company's encrypted database.

    Each ``cymadesk sii`` command runs in a process of its own. Keeping the token in the
    database lets the next command use it until it expires instead of authenticating again.
    """

    def __init__(self, opened: OpenCompany) -> None:
        super().__init__()
        self._opened = opened

    def get(self, key: tuple[str, str], now: dt.datetime) -> str | None:
        token = super().get(key, now)
        if token is not None:
            return token
        try:
            with self._opened.database.read() as session:
                saved = sii_facts.saved_token(session, self._opened.company.id, key[1])
        except StorageError as error:
            logger.warning(
                "Reading the kept SII token of %s for %s failed: %s", key[0], key[1], error
            )
            return None
        if saved is None:
            return None
        super().put(key, *saved)
        return super().get(key, now)

    def put(self, key: tuple[str, str], token: str, now: dt.datetime) -> None:
        super().put(key, token, now)
        try:
            with self._opened.database.write() as session:
                sii_facts.save_token(session, self._opened.company.id, key[1], token, now)
        except StorageError as error:
            logger.warning("Keeping the SII token of %s for %s failed: %s", key[0], key[1], error)

    def forget(self, key: tuple[str, str]) -> None:
        super().forget(key)
        try:
            with self._opened.database.write() as session:
                sii_facts.delete_token(session, self._opened.company.id, key[1])
        except StorageError as error:
            logger.warning(
                "Deleting the kept SII token of %s for %s failed: %s", key[0], key[1], error
            )


@dataclass(frozen=True, slots=True)
class EstadoResult:
    """A QueryEstDte response for one set of data, and the documents that carry them."""

    fecha_emision: dt.date
    monto: int
    answer: EstadoDteAnswer
    verdict: Verdict
    document_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReceptionResult:
    received_at: dt.datetime
    document_ids: tuple[int, ...]
    deadline_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EventsResult:
    events: tuple[RegistryEvent, ...]
    new: int
    document_ids: tuple[int, ...]
    decision_state: DecisionState | None


@dataclass
class RcvSummary:
    periodo: str
    rows: list[tuple[str, int, str, str, dt.datetime | None]] = field(default_factory=list)
    linked: dict[tuple[str, int, str], int] = field(default_factory=dict)
    # Stored documents the SII may file under the period that it did not list.
    absent: tuple[int, ...] = ()


def estado_verdict(answer: EstadoDteAnswer, consulted_at: dt.datetime, service: str) -> Verdict:
    """Build the ``estado_sii`` verdict for a response: ok when the SII has these data."""
    state = VerdictState.FALLA if answer.estado.value in _FAILING_ESTADOS else VerdictState.OK
    evidence = {
        "estado": answer.estado.value,
        "glosa": answer.glosa,
        "codigo_error": answer.err_code,
        "numero_atencion": answer.num_atencion,
        "recibido": answer.recibido,
        "servicio": service,
        "consultado": consulted_at.isoformat(),
    }
    code = f"estado_sii.{answer.estado.value.lower()}"
    return Verdict(
        VerdictKey.ESTADO_SII, state, Message(code, {"estado": answer.estado.value}), evidence
    )


class SiiSync:
    """Asks the SII about one open company's documents and stores the answers."""

    def __init__(
        self,
        opened: OpenCompany,
        client: Callable[[], SiiClient],
        *,
        clock: Clock = _utc_now,
        evaluator: FindingsEvaluator | None = None,
        actor: audit.Actor | None = None,
    ) -> None:
        self.company = opened.company
        self.database = opened.database
        self._client_factory = client
        self._client: SiiClient | None = None
        self.clock = clock
        self.evaluator = evaluator
        self.actor = actor or audit.Actor.current()

    @property
    def client(self) -> SiiClient:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    # Estado DTE

    def estado(
        self,
        emisor: Rut,
        tipo: int,
        folio: str,
        *,
        fecha_emision: dt.date | None = None,
        monto: int | None = None,
        advanced: bool = False,
    ) -> list[EstadoResult]:
        """Ask the estado of every stored body of a document (or of the given data)."""
        folio = _folio(folio)
        queries = self._estado_queries(emisor, tipo, folio, fecha_emision, monto)
        results = []
        for (fecha, amount), ids in queries.items():
            if advanced:
                signature = self._signature_value(ids)
                answer = self.client.estado_dte_av(
                    emisor=emisor,
                    receptor=self.company.rut,
                    tipo=tipo,
                    folio=folio,
                    fecha_emision=fecha,
                    monto=amount,
                    firma=signature,
                )
            else:
                answer = self.client.estado_dte(
                    emisor=emisor,
                    receptor=self.company.rut,
                    tipo=tipo,
                    folio=folio,
                    fecha_emision=fecha,
                    monto=amount,
                )
            now = self.clock()
            service = "QueryEstDteAv" if advanced else "QueryEstDte"
            verdict = estado_verdict(answer, now, service)
            self._store_verdict(ids, verdict, now)
            results.append(EstadoResult(fecha, amount, answer, verdict, tuple(ids)))
        return results

    def _estado_queries(
        self,
        emisor: Rut,
        tipo: int,
        folio: str,
        fecha_emision: dt.date | None,
        monto: int | None,
    ) -> dict[tuple[dt.date, int], list[int]]:
        with self.database.read() as session:
            records = DocumentStore(session, self.company.id).find(emisor.canonical, tipo, folio)
        queries: dict[tuple[dt.date, int], list[int]] = {}
        for record in records:
            fecha = fecha_emision or record.fecha_emision
            amount = monto if monto is not None else _peso_amount(record)
            if fecha is None or amount is None:
                continue
            queries.setdefault((fecha, amount), []).append(record.id)
        if not queries:
            if fecha_emision is None or monto is None:
                raise SyncError(
                    "sii.documento_no_guardado", rut=emisor.canonical, tipo=tipo, folio=folio
                )
            queries[(fecha_emision, monto)] = []
        return queries

    def _signature_value(self, document_ids: Sequence[int]) -> str:
        """Return the SignatureValue of a stored document, which QueryEstDteAv compares."""
        with self.database.read() as session:
            store = DocumentStore(session, self.company.id)
            record = store.document(document_ids[0]) if document_ids else None
            data = store.source_data(record.source_file_id) if record is not None else None
        if record is None or data is None:
            raise SyncError("sii.sin_firma_para_consultar")
        try:
            dte = split(load_xml(data).root).dte_elements[record.position]
        except (XmlRejected, IndexError) as error:
            raise SyncError("sii.sin_firma_para_consultar", str(error)) from error
        signatures = find_signatures(dte)
        value = text_of(child(signatures[0], "SignatureValue")) if signatures else None
        if not value:
            raise SyncError("sii.sin_firma_para_consultar")
        return value

    def _store_verdict(
        self, document_ids: Sequence[int], verdict: Verdict, now: dt.datetime
    ) -> None:
        if not document_ids:
            return
        with self.database.write() as session:
            store = DocumentStore(session, self.company.id)
            for document_id in document_ids:
                replace_and_audit(store, self.company, self.actor, document_id, verdict, now)
            self._evaluate(session, document_ids, now)

    # Reception and events

    def recepcion(self, emisor: Rut, tipo: int, folio: str) -> ReceptionResult:
        """Ask the SII's reception time and make the stored documents' deadlines exact."""
        folio = _folio(folio)
        received_at = self.client.fecha_recepcion(emisor, tipo, folio)
        now = self.clock()
        with self.database.write() as session:
            store = DocumentStore(session, self.company.id)
            records = store.find(emisor.canonical, tipo, folio)
            deadline = None
            for record in records:
                previous = record.sii_received_at
                sii_facts.apply_reception(record, received_at)
                record.updated_at = now
                deadline = record.deadline_at
                if previous != received_at.astimezone(dt.UTC):
                    audit.append(
                        session,
                        company_id=self.company.id,
                        actor=self.actor,
                        action="sii.recepcion.registrada",
                        at=now,
                        document_id=record.id,
                        evidence={
                            "recepcion_sii": received_at.isoformat(),
                            "antes": previous.isoformat() if previous else None,
                        },
                    )
            session.flush()
            ids = [record.id for record in records]
            self._evaluate(session, ids, now)
        return ReceptionResult(received_at, tuple(ids), deadline)

    def eventos(self, emisor: Rut, tipo: int, folio: str) -> EventsResult:
        """Fetch the registry's event history and keep it; claims and acceptances set the
        document's decision state."""
        folio = _folio(folio)
        events = self.client.eventos(emisor, tipo, folio)
        now = self.clock()
        codes = {event.code for event in events}
        state = None
        if codes & CLAIM_EVENTS:
            state = DecisionState.RECLAMADO
        elif codes & ACCEPT_EVENTS:
            state = DecisionState.ACEPTADO
        facts = [
            sii_facts.EventFact(
                event.code, event.description, event.rut_responsable, event.occurred_at
            )
            for event in events
        ]
        with self.database.write() as session:
            records = DocumentStore(session, self.company.id).find(emisor.canonical, tipo, folio)
            document_id = records[0].id if records else None
            identity = (emisor.canonical, tipo, folio)
            new = sii_facts.store_events(
                session, self.company.id, identity, facts, document_id, now
            )
            for record in records:
                if state is not None and record.decision_state != state.value:
                    record.decision_state = state.value
                    record.updated_at = now
            if new:
                audit.append(
                    session,
                    company_id=self.company.id,
                    actor=self.actor,
                    action="sii.eventos.actualizados",
                    at=now,
                    document_id=document_id,
                    evidence={"nuevos": new, "codigos": sorted(codes)},
                )
            ids = [record.id for record in records]
            self._evaluate(session, ids, now)
        return EventsResult(tuple(events), new, tuple(ids), state)

    def cedible(self, emisor: Rut, tipo: int, folio: str) -> CedibleAnswer:
        """Ask whether a document can be assigned; nothing is stored."""
        return self.client.cedible(emisor, tipo, _folio(folio))

    # RCV

    def rcv(self, periodo: str) -> RcvSummary:
        """Fetch the company's purchases of ``periodo`` (``YYYYMM``) in every RCV estado."""
        rows = self.client.rcv_compras(self.company.rut, periodo)
        now = self.clock()
        summary = RcvSummary(periodo)
        with self.database.write() as session:
            store = DocumentStore(session, self.company.id)
            for row in rows:
                key = (row.rut_emisor.canonical, row.tipo, row.folio)
                summary.rows.append((*key, row.estado.value, row.received_at))
                if store_rcv_row(store, row, now, self.company, self.actor, source="sii"):
                    matches = store.find(*key)
                    summary.linked[key] = matches[0].id
            audit.append(
                session,
                company_id=self.company.id,
                actor=self.actor,
                action="sii.rcv.descargado",
                at=now,
                evidence={
                    "periodo": periodo,
                    "filas": len(rows),
                    "vinculadas": len(summary.linked),
                },
            )
            findings = FindingStore(session, self.company.id)
            settings = RiskSettings.from_stored(findings.settings())
            listed = {(row.rut_emisor.canonical, row.tipo, row.folio) for row in rows}
            absent = mark_absent(
                store,
                self.company,
                self.actor,
                periodo,
                listed,
                now,
                settings.sii_grace_days,
                findings.register_reads().keys(),
            )
            summary.absent = tuple(absent)
            self._evaluate(session, sorted(set(summary.linked.values()) | set(absent)), now)
        return summary

    def _evaluate(self, session: Session, document_ids: Sequence[int], now: dt.datetime) -> None:
        if self.evaluator is not None and document_ids:
            self.evaluator.evaluate(session, self.company, list(document_ids), now)


def _folio(text: str) -> str:
    return text.strip().lstrip("0") or "0"


def _peso_amount(record: DocumentRecord) -> int | None:
    return record.monto_total if record.moneda == "CLP" else None


def build_sii_sync(
    opened: OpenCompany,
    layout: DataLayout,
    certificates: CertificateService,
    *,
    url: str | None = None,
    transport: HttpTransport | None = None,
    tokens: TokenCache | None = None,
    retry: RetryPolicy | None = None,
    clock: Clock = _utc_now,
    evaluator: FindingsEvaluator | None = None,
) -> SiiSync:
    """Build a SiiSync whose client (and certificate) is loaded at its first request."""
    services = service_map(opened.company, layout, url)
    if tokens is None:
        tokens = StoredTokenCache(opened)

    def client() -> SiiClient:
        return SiiClient(
            services,
            certificates.credential(),
            company=opened.company.rut,
            transport=transport,
            tokens=tokens,
            retry=retry,
            clock=clock,
        )

    return SiiSync(opened, client, clock=clock, evaluator=evaluator)
