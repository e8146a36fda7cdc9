"""The demo's SII: a sandbox of its own, served on loopback while the app shows the demo.

Building the demo registers what the SII received of its documents, and the registry events
the demo company recorded, under ``demo/sandbox/`` (see ``cymadesk.services.demo``). While
the app shows the demo, ``DemoSii`` serves that register on 127.0.0.1. ``sync`` queries it
through the same client and ``SiiSync`` as a real company: the RCV of each month with
documents, the estado of every received document, and the event history of those the
registry covers. The responses become verdicts, exact deadlines, decisions and findings in
the demo database. ``deliver`` has a supplier send the demo a new document, which is
registered, imported and queried the same way. Nothing here reads or writes the user's
``sandbox/`` or companies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from cymadesk.models.inbox import Category
from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.services.certificates import CertificateService
from cymadesk.services.companies import Workspace
from cymadesk.services.demo import arriving_file, demo_register
from cymadesk.services.inputs import InputFile, InputKind
from cymadesk.services.sandbox_identity import sandbox_authority
from cymadesk.services.sii_sync import SiiSync, build_sii_sync
from cymadesk.sii.client.answers import EstadoDte
from cymadesk.sii.client.client import TokenCache
from cymadesk.sii.client.errors import SiiRejected
from cymadesk.sii.sandbox.clock import SandboxClock
from cymadesk.sii.sandbox.rules import RCV_TYPES, REGISTRY_TYPES
from cymadesk.sii.sandbox.server import SandboxServer
from cymadesk.sii.sandbox.service import SandboxSii
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.records import DocumentRecord

logger = logging.getLogger(__name__)

Identity = tuple[str, int, str]
# The register setting that counts the documents delivered so far, so none repeats.
DELIVERIES_SETTING = "entregas_demo"


@dataclass
class DemoSyncSummary:
    """Results of one sync of the demo company, by period and document identity."""

    periods: list[str] = field(default_factory=list)
    rcv_linked: int = 0
    estados: dict[Identity, str] = field(default_factory=dict)
    events: dict[Identity, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    """A document that arrived in the demo company while the app showed it."""

    name: str
    razon_social: str
    tipo: int
    folio: str
    estado: str | None


class DemoSii:
    """The demo's sandbox SII server, started once and stopped with the app."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._server: SandboxServer | None = None

    @property
    def url(self) -> str | None:
        return self._server.url if self._server is not None else None

    def start(self) -> str:
        """Serve the demo's register on a free loopback port; return its address."""
        if self._server is None:
            layout = self.workspace.layout
            sii = SandboxSii(
                demo_register(layout),
                sandbox_authority(layout).ca_certificate,
                SandboxClock(self.workspace.clock),
            )
            self._server = SandboxServer(sii)
            self._server.start_background()
        return self._server.url

    def _sync(self, opened: OpenCompany) -> SiiSync:
        url = self.start()
        workspace = self.workspace
        certificates = CertificateService(opened, None, clock=workspace.clock)
        return build_sii_sync(
            opened,
            workspace.layout,
            certificates,
            url=url,
            # The demo's token lives only as long as this sync; it is never stored.
            tokens=TokenCache(),
            clock=workspace.clock,
            evaluator=workspace.findings_evaluator(),
        )

    def deliver(self, opened: OpenCompany) -> Delivery:
        """Have a supplier send the demo company a new document, and ask the SII about it.

        The document is registered at the demo's SII, imported as mail would bring it, and
        its estado and the RCV of its month are fetched, as the scheduler would.
        """
        workspace = self.workspace
        layout = workspace.layout
        register = demo_register(layout)
        sequence = register.setting(DELIVERIES_SETTING) or 0
        item = arriving_file(
            sandbox_authority(layout),
            workspace.clock(),
            sequence,
            lambda rut, tipo, folio: _is_stored(opened, rut, tipo, folio),
        )
        at_sii = item.at_sii
        if at_sii is None:
            raise ValueError("an arriving document is always registered at the SII")
        register.add(at_sii)
        register.save_setting(DELIVERIES_SETTING, sequence + 1)
        sha256 = hashlib.sha256(item.data).hexdigest()
        importer = workspace.import_service(opened, channel="demo")
        outcome = importer.import_input(
            InputFile(item.name, item.data, InputKind.XML, sha256=sha256)
        )
        sync = self._sync(opened)
        emisor = Rut.parse(at_sii.rut_emisor)
        results = sync.estado(emisor, at_sii.tipo, at_sii.folio)
        if at_sii.tipo in RCV_TYPES:
            sync.rcv(at_sii.received_at.astimezone(SANTIAGO).strftime("%Y%m"))
        logger.info(
            "Delivered demo document %s %s %s: %s",
            at_sii.rut_emisor,
            at_sii.tipo,
            at_sii.folio,
            outcome.result.value,
        )
        return Delivery(
            name=item.name,
            razon_social=at_sii.razon_social_emisor,
            tipo=at_sii.tipo,
            folio=at_sii.folio,
            estado=results[0].answer.estado.value if results else None,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            logger.info("Stopped the demo's SII sandbox")
            self._server = None

    def sync(self, opened: OpenCompany) -> DemoSyncSummary:
        """Ask the demo's SII about every received document and store its responses.

        Raise ``SiiError`` (or ``CertificateError``) when a request fails; what was stored
        before the failure stays, one transaction per request.
        """
        sync = self._sync(opened)
        identities = _received_documents(opened)
        summary = DemoSyncSummary()
        for period in _periods(identities, self.workspace.clock()):
            summary.periods.append(period)
            summary.rcv_linked += len(sync.rcv(period).linked)
        for identity in identities:
            rut_emisor, tipo, folio = identity
            emisor = Rut.parse(rut_emisor)
            results = sync.estado(emisor, tipo, folio)
            estados = {result.answer.estado for result in results}
            if results:
                summary.estados[identity] = results[0].answer.estado.value
            # The registry has no history of a document the SII never received (FAU).
            if tipo in REGISTRY_TYPES and EstadoDte.FAU not in estados:
                try:
                    history = sync.eventos(emisor, tipo, folio)
                except SiiRejected as error:
                    # The registry rejects documents the SII never received (code 18).
                    logger.info("No event history for %s %s %s: %s", *identity, error)
                    continue
                summary.events[identity] = tuple(event.code for event in history.events)
        logger.info(
            "Synced the demo company with its sandbox: %d periods, %d estados, %d histories",
            len(summary.periods),
            len(summary.estados),
            len(summary.events),
        )
        return summary


def _is_stored(opened: OpenCompany, rut_emisor: str, tipo: int, folio: str) -> bool:
    statement = (
        select(DocumentRecord.id)
        .where(
            DocumentRecord.company_id == opened.company.id,
            DocumentRecord.rut_emisor == rut_emisor,
            DocumentRecord.tipo == tipo,
            DocumentRecord.folio == folio,
        )
        .limit(1)
    )
    with opened.database.read() as session:
        return session.scalar(statement) is not None


def _received_documents(opened: OpenCompany) -> dict[Identity, dt.date | None]:
    """Return each inbox document's identity with its issue date, oldest first."""
    statement = (
        select(DocumentRecord.rut_emisor, DocumentRecord.tipo, DocumentRecord.folio)
        .add_columns(DocumentRecord.fecha_emision)
        .where(
            DocumentRecord.company_id == opened.company.id,
            DocumentRecord.category == Category.INBOX.value,
            DocumentRecord.rut_emisor_valid.is_(True),
        )
        .order_by(DocumentRecord.fecha_emision, DocumentRecord.id)
    )
    with opened.database.read() as session:
        rows = session.execute(statement).all()
    return {(row[0], row[1], row[2]): row[3] for row in rows}


def _periods(identities: dict[Identity, dt.date | None], now: dt.datetime) -> list[str]:
    """Return the RCV periods (``YYYYMM``) from the oldest listed document to this month."""
    dates = [fecha for (_, tipo, _), fecha in identities.items() if fecha and tipo in RCV_TYPES]
    if not dates:
        return []
    today = now.astimezone(SANTIAGO).date()
    year, month = min(dates).year, min(dates).month
    periods = []
    while (year, month) <= (today.year, today.month):
        periods.append(f"{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods
