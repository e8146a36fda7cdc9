"""The demo company: an encrypted database under ``demo/`` filled with realistic documents.

The documents come from the fixture factory, signed by the data directory's sandbox
authority, so that the demo company (ambiente sandbox) trusts their CAFs. They go through
the real import pipeline, so every verdict is the one a user's own file would get. The mix
shows every part of the window: several suppliers over four months, notas de crédito that
reference facturas, tampered documents, one from the SII's certification environment, a
document that arrived twice, one addressed to another company, an export invoice in dollars
addressed to its foreign buyer, an unreadable file, and deadlines spread over the coming
days. Nothing here touches the user's own companies, which live in ``empresas/``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from cymadesk.models.rut import Rut, compute_check_digit
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.certificates import CertificateService
from cymadesk.services.companies import DEMO_KEY_FILE, Workspace
from cymadesk.services.importing import ImportSummary
from cymadesk.services.inputs import InputFile, InputKind
from cymadesk.services.sandbox_identity import sandbox_authority
from cymadesk.sii.factory import tamper
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.factory.corpus import generate_documents
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.envelope import build_envio
from cymadesk.sii.factory.specs import DocumentSpec, LineSpec, PartySpec
from cymadesk.sii.factory.suppliers import (
    DEMO_COMPANY,
    EXPORT_BUYER,
    Supplier,
    supplier_catalogue,
)
from cymadesk.sii.sandbox.issuing import registered_document
from cymadesk.sii.sandbox.register import (
    REGISTER_FILE,
    RegisteredDocument,
    RegisteredEvent,
    SandboxRegister,
)
from cymadesk.sii.sandbox.rules import EVENT_DESCRIPTIONS, REGISTRY_TYPES
from cymadesk.storage.companies import CompanyRegistry, OpenCompany
from cymadesk.storage.errors import StorageError

logger = logging.getLogger(__name__)

DEMO_SEED = 20261204
# Smaller signer keys than the factory's default: the demo is synthetic and builds faster.
DEMO_SIGNER_KEY_BITS = 1024
OLDER_DOCUMENTS = 30
RECENT_DOCUMENTS = 12
CERTIFICATION_IDK = 100
EXPORT_FOLIO = 301
# The demo's own SII sandbox keeps its register in demo/sandbox/, apart from the user's.
DEMO_SANDBOX_FOLDER = "sandbox"
DEMO_REPRESENTATIVE_RUT = f"12345678-{compute_check_digit(12345678)}"
DEMO_REPRESENTATIVE_NAME = "Camila Rojas Fuentes"
# Draws of the factory tried for each arriving document, and where their seeds start.
ARRIVAL_ATTEMPTS = 10
ARRIVAL_SEED_OFFSET = 1_000

OTHER_COMPANY = PartySpec(
    rut=f"76086428-{compute_check_digit(76086428)}",
    razon_social="Constructora Los Aromos Ltda.",
    giro="Construcción de edificios",
    direccion="Av. Vicuña Mackenna 3200",
    comuna="Macul",
    ciudad="Santiago",
)
"""Another receiving company, for a document sent to the demo company by mistake."""


@dataclass(frozen=True, slots=True)
class DemoFile:
    """One file of the demo's mailbox and what the demo's SII received of its document."""

    name: str
    data: bytes
    # None when the file adds nothing to the SII's register: a forgery, a certification
    # CAF, another copy of a registered document, a document for another receiver.
    at_sii: RegisteredDocument | None = None
    # Registry events the demo company recorded at the SII (ACD, RCD) before the demo opens.
    events: tuple[RegisteredEvent, ...] = ()


def demo_rut() -> Rut:
    return Rut.parse(DEMO_COMPANY.rut)


def open_demo(workspace: Workspace) -> OpenCompany:
    """Open the demo company, building it first when it is absent, unreadable or stale.

    Its deadlines are relative to the day it was built, so a demo built on an earlier day
    (in Santiago) is rebuilt; otherwise every deadline would read "vencido" a week later.
    """
    registry = workspace.demo_registry()
    rut = demo_rut()
    if registry.database_path(rut).exists():
        try:
            opened = registry.open(rut)
        except StorageError as error:
            logger.warning("Demo company unreadable, rebuilding it: %s", error)
            _discard(workspace, registry, rut)
        else:
            built = opened.company.created_at.astimezone(SANTIAGO).date()
            today = workspace.clock().astimezone(SANTIAGO).date()
            # A demo built by a version without its own SII has no register there.
            has_sii = (workspace.layout.demo / DEMO_SANDBOX_FOLDER / REGISTER_FILE).exists()
            if built == today and has_sii:
                return opened
            logger.info("Demo company built on %s, rebuilding it for %s", built, today)
            opened.close()
            _discard(workspace, registry, rut)
    return build_demo(workspace, registry)


def _discard(workspace: Workspace, registry: CompanyRegistry, rut: Rut) -> None:
    path = registry.database_path(rut)
    for leftover in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        workspace.layout.demo / DEMO_KEY_FILE,
    ):
        leftover.unlink(missing_ok=True)


def build_demo(workspace: Workspace, registry: CompanyRegistry) -> OpenCompany:
    """Create the demo company and import its documents; return it open."""
    layout = workspace.layout
    layout.ensure(layout.root, layout.demo)
    authority = sandbox_authority(layout)
    now = workspace.clock()
    opened = registry.create(demo_rut(), DEMO_COMPANY.razon_social, Ambiente.SANDBOX)
    importer = workspace.import_service(opened, channel="demo")
    summary = ImportSummary()
    register = demo_register(layout)
    register.clear()
    for item in demo_files(authority, now):
        sha256 = hashlib.sha256(item.data).hexdigest()
        summary.files.append(
            importer.import_input(InputFile(item.name, item.data, InputKind.XML, sha256=sha256))
        )
        if item.at_sii is not None:
            register.add(item.at_sii)
            for event in item.events:
                at_sii = item.at_sii
                register.add_event(at_sii.rut_emisor, at_sii.tipo, at_sii.folio, event)
    _import_demo_certificate(workspace, opened, authority, now)
    logger.info(
        "Built the demo company: %d files, %d new documents, %d unprocessable",
        len(summary.files),
        summary.new,
        summary.unprocessable,
    )
    return opened


def demo_register(layout: DataLayout) -> SandboxRegister:
    """Return the register of the demo's own SII, apart from the user's ``sandbox/``."""
    layout.ensure(layout.demo / DEMO_SANDBOX_FOLDER)
    return SandboxRegister(layout.demo / DEMO_SANDBOX_FOLDER)


def _import_demo_certificate(
    workspace: Workspace, opened: OpenCompany, authority: SandboxAuthority, now: dt.datetime
) -> None:
    """Give the demo company a certificate its SII sandbox accepts, for its SII requests.

    The password is random and kept in the demo's encrypted database, since the demo never
    uses the keyring.
    """
    signer = authority.issue_signer(
        DEMO_REPRESENTATIVE_RUT,
        DEMO_REPRESENTATIVE_NAME,
        not_before=now - dt.timedelta(days=30),
        not_after=now + dt.timedelta(days=365),
        key_bits=DEMO_SIGNER_KEY_BITS,
    )
    password = secrets.token_urlsafe(18)
    certificates = CertificateService(opened, None, clock=workspace.clock)
    certificates.import_file(signer.to_pkcs12(password), password)


def demo_files(authority: SandboxAuthority, now: dt.datetime) -> Iterator[DemoFile]:
    """Yield the demo's files in the order they arrive, with what the SII received."""
    today = now.astimezone(SANTIAGO).date()
    catalogue = supplier_catalogue(DEMO_SEED)
    older = generate_documents(
        OLDER_DOCUMENTS,
        seed=DEMO_SEED,
        receptor=DEMO_COMPANY,
        authority=authority,
        start=today - dt.timedelta(days=120),
        end=today - dt.timedelta(days=12),
        suppliers=catalogue,
        signer_key_bits=DEMO_SIGNER_KEY_BITS,
    )
    registry_position = 0
    for generated in older:
        at_sii = _received(generated.spec, generated.data, generated.signed_at, now)
        events: tuple[RegisteredEvent, ...] = ()
        if generated.spec.tipo in REGISTRY_TYPES:
            events = _older_events(registry_position, at_sii)
            registry_position += 1
        yield DemoFile(_file_name(generated.spec), generated.data, at_sii, events)
    # Documents signed over the last eight days have open deadlines, one expiring per day.
    recent = generate_documents(
        RECENT_DOCUMENTS,
        seed=DEMO_SEED + 1,
        receptor=DEMO_COMPANY,
        authority=authority,
        start=today - dt.timedelta(days=8),
        end=today - dt.timedelta(days=1),
        suppliers=catalogue,
        signer_key_bits=DEMO_SIGNER_KEY_BITS,
    )
    for generated in recent:
        at_sii = _received(generated.spec, generated.data, generated.signed_at, now)
        yield DemoFile(_file_name(generated.spec), generated.data, at_sii)
    yield from _special_files(authority, catalogue, now)


def arriving_file(
    authority: SandboxAuthority,
    now: dt.datetime,
    sequence: int,
    is_stored: Callable[[str, int, str], bool],
) -> DemoFile:
    """Return a document that a supplier of the demo signed yesterday and sends now.

    It is dated yesterday because the factory picks the signing time within the issue day,
    which today could lie ahead of ``now``. ``sequence`` picks the document reproducibly.
    The factory chooses folios at random, so a draw whose identity ``is_stored`` reports as
    stored is skipped: a second body under a stored folio would be flagged as a forgery.
    """
    yesterday = now.astimezone(SANTIAGO).date() - dt.timedelta(days=1)
    catalogue = supplier_catalogue(DEMO_SEED)
    for attempt in range(ARRIVAL_ATTEMPTS):
        seed = DEMO_SEED + ARRIVAL_SEED_OFFSET + sequence * ARRIVAL_ATTEMPTS + attempt
        (generated,) = generate_documents(
            1,
            seed=seed,
            receptor=DEMO_COMPANY,
            authority=authority,
            start=yesterday,
            end=yesterday,
            suppliers=catalogue,
            signer_key_bits=DEMO_SIGNER_KEY_BITS,
        )
        spec = generated.spec
        if spec.receptor.rut == DEMO_COMPANY.rut and not is_stored(
            spec.emisor.rut, spec.tipo, str(spec.folio)
        ):
            at_sii = _received(spec, generated.data, generated.signed_at, now)
            return DemoFile(_file_name(spec), generated.data, at_sii)
    raise LookupError(f"no free folio for arriving document {sequence}")


def _received(
    spec: DocumentSpec, data: bytes, signed_at: dt.datetime, now: dt.datetime
) -> RegisteredDocument:
    """Return the SII's record of a document sent to it minutes after it was signed."""
    delay = dt.timedelta(minutes=5 + (spec.folio * 7) % 90)
    return registered_document(spec, data, min(signed_at + delay, now))


def _older_events(position: int, at_sii: RegisteredDocument) -> tuple[RegisteredEvent, ...]:
    """Return the events the demo company recorded for its ``position``-th older document
    of a type the registry covers.

    Most were accepted within a few days, the second one was claimed, and every fifth one
    got no response, so the SII took it as accepted when its 8 days ended.
    """
    if position % 5 == 4:
        return ()
    code = "RCD" if position == 1 else "ACD"
    when = at_sii.received_at + dt.timedelta(days=1 + position % 3, hours=2)
    return (RegisteredEvent(code, EVENT_DESCRIPTIONS[code], DEMO_REPRESENTATIVE_RUT, when),)


def _file_name(spec: DocumentSpec) -> str:
    return f"DTE_{spec.emisor.rut}_T{spec.tipo}_F{spec.folio}.xml"


@dataclass
class _SpecialIssuer:
    """One supplier with its own signer and CAFs, for the hand-made documents."""

    supplier: Supplier
    signer: Signer
    caf: Caf
    today: dt.date

    def spec(self, folio: int, days_ago: int, **changes: object) -> DocumentSpec:
        items = self.supplier.items
        base = DocumentSpec(
            tipo=33,
            folio=folio,
            fecha_emision=self.today - dt.timedelta(days=days_ago),
            emisor=self.supplier.party,
            receptor=DEMO_COMPANY,
            lines=(
                # Quantities differ by folio, so no two of these documents look alike.
                LineSpec(items[0].name, unit_price=items[0].max_price, quantity=1 + folio % 7),
                LineSpec(items[-1].name, unit_price=items[-1].min_price, quantity=2),
            ),
            forma_pago=2,
            fecha_vencimiento=self.today + dt.timedelta(days=30 - days_ago),
            term_pago_glosa=self.supplier.payment_terms,
        )
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    def signed_at(self, days_ago: int, hour: int = 10) -> dt.datetime:
        day = self.today - dt.timedelta(days=days_ago)
        return dt.datetime.combine(day, dt.time(hour, 15), SANTIAGO)

    def sign(self, folio: int, days_ago: int, caf: Caf | None = None, **changes: object) -> bytes:
        spec = self.spec(folio, days_ago, **changes)
        return sign_document(spec, caf or self.caf, self.signer, signed_at=self.signed_at(days_ago))

    def received(
        self, data: bytes, folio: int, days_ago: int, now: dt.datetime, **changes: object
    ) -> RegisteredDocument:
        """Return the SII's record of a document signed as ``sign`` signs it."""
        spec = self.spec(folio, days_ago, **changes)
        return _received(spec, data, self.signed_at(days_ago), now)


def _special_issuer(
    authority: SandboxAuthority, catalogue: tuple[Supplier, ...], today: dt.date
) -> _SpecialIssuer:
    supplier = next(entry for entry in catalogue if 33 in entry.kinds)
    start = dt.datetime.combine(today - dt.timedelta(days=365), dt.time(), SANTIAGO)
    signer = authority.issue_signer(
        supplier.representative_rut,
        supplier.representative_name,
        not_before=start,
        not_after=start + dt.timedelta(days=3 * 365),
        key_bits=DEMO_SIGNER_KEY_BITS,
    )
    caf = issue_caf(
        authority,
        rut_emisor=supplier.rut,
        razon_social=supplier.party.razon_social,
        tipo=33,
        folio_from=90_001,
        folio_to=90_010,
        authorised_on=today - dt.timedelta(days=60),
    )
    return _SpecialIssuer(supplier, signer, caf, today)


def _special_files(
    authority: SandboxAuthority, catalogue: tuple[Supplier, ...], now: dt.datetime
) -> Iterator[DemoFile]:
    issuer = _special_issuer(authority, catalogue, now.astimezone(SANTIAGO).date())
    rut = issuer.supplier.rut

    # The same factura twice: alone, then again inside the supplier's EnvioDTE.
    factura = issuer.sign(90_001, days_ago=2)
    at_sii = issuer.received(factura, 90_001, 2, now)
    yield DemoFile(f"DTE_{rut}_T33_F90001.xml", factura, at_sii)
    envelope = build_envio(
        [factura],
        rut_emisor=rut,
        rut_envia=issuer.signer.rut,
        rut_receptor=DEMO_COMPANY.rut,
        signer=issuer.signer,
        signed_at=issuer.signed_at(1),
        fecha_resolucion=issuer.today - dt.timedelta(days=400),
        numero_resolucion=80,
    )
    yield DemoFile(f"EnvioDTE_{rut}_correo.xml", envelope)

    # Tampered after signing: the total raised, the signature removed, a folio outside its
    # CAF. The SII received the first two as they were signed and never saw the third.
    original = issuer.sign(90_002, days_ago=3)
    yield DemoFile(
        f"DTE_{rut}_T33_F90002.xml",
        tamper.change_total(original),
        issuer.received(original, 90_002, 3, now),
    )
    original = issuer.sign(90_003, days_ago=5)
    yield DemoFile(
        f"DTE_{rut}_T33_F90003.xml",
        tamper.remove_signature(original),
        issuer.received(original, 90_003, 5, now),
    )
    outside = tamper.sign_with_folio_outside_caf(
        issuer.spec(90_004, days_ago=6), issuer.caf, issuer.signer, signed_at=issuer.signed_at(6)
    )
    yield DemoFile(f"DTE_{rut}_T33_F90011.xml", outside)

    # A document stamped with a CAF of the SII's certification environment (IDK 100), which
    # the production SII never received.
    certification = issue_caf(
        authority,
        rut_emisor=rut,
        razon_social=issuer.supplier.party.razon_social,
        tipo=33,
        folio_from=1,
        folio_to=5,
        authorised_on=issuer.today - dt.timedelta(days=30),
        idk=CERTIFICATION_IDK,
    )
    yield DemoFile(f"DTE_{rut}_T33_F1_certificacion.xml", issuer.sign(1, 4, caf=certification))

    # Addressed to another company, and a file that is not even well-formed XML.
    other = issuer.sign(90_005, days_ago=7, receptor=OTHER_COMPANY)
    yield DemoFile(f"DTE_{rut}_T33_F90005.xml", other)
    yield DemoFile(f"DTE_{rut}_T110_F{EXPORT_FOLIO}.xml", _export_invoice(authority, issuer))
    yield DemoFile("factura-cortada.xml", factura[: len(factura) // 2])


def _export_invoice(authority: SandboxAuthority, issuer: _SpecialIssuer) -> bytes:
    """Build the supplier's export invoice in dollars to its foreign buyer.

    It reaches the demo company's mailbox with the supplier's other mail, so it is listed
    under "No corresponden", with its total in dollars.
    """
    caf = issue_caf(
        authority,
        rut_emisor=issuer.supplier.rut,
        razon_social=issuer.supplier.party.razon_social,
        tipo=110,
        folio_from=EXPORT_FOLIO,
        folio_to=EXPORT_FOLIO + 9,
        authorised_on=issuer.today - dt.timedelta(days=60),
    )
    items = issuer.supplier.items
    return issuer.sign(
        EXPORT_FOLIO,
        days_ago=3,
        caf=caf,
        tipo=110,
        receptor=EXPORT_BUYER,
        lines=(
            LineSpec(items[0].name, unit_price=Decimal("1250.00"), quantity=12),
            LineSpec(items[-1].name, unit_price=Decimal("486.75"), quantity=30),
        ),
        moneda="DOLAR USA",
        tipo_cambio=Decimal("943.27"),
    )
