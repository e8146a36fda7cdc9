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
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from cymadesk.models.rut import Rut, compute_check_digit
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente
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
    name: str
    data: bytes


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
            if built == today:
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
    for item in demo_files(authority, now.astimezone(SANTIAGO).date()):
        sha256 = hashlib.sha256(item.data).hexdigest()
        summary.files.append(
            importer.import_input(InputFile(item.name, item.data, InputKind.XML, sha256=sha256))
        )
    logger.info(
        "Built the demo company: %d files, %d new documents, %d unprocessable",
        len(summary.files),
        summary.new,
        summary.unprocessable,
    )
    return opened


def demo_files(authority: SandboxAuthority, today: dt.date) -> Iterator[DemoFile]:
    """Yield the demo's files in the order they arrive; ``today`` is the Santiago date."""
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
    for generated in older:
        yield DemoFile(_file_name(generated.spec), generated.data)
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
        yield DemoFile(_file_name(generated.spec), generated.data)
    yield from _special_files(authority, catalogue, today)


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
                LineSpec(items[0].name, unit_price=items[0].max_price, quantity=3),
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
    authority: SandboxAuthority, catalogue: tuple[Supplier, ...], today: dt.date
) -> Iterator[DemoFile]:
    issuer = _special_issuer(authority, catalogue, today)
    rut = issuer.supplier.rut

    # The same factura twice: alone, then again inside the supplier's EnvioDTE.
    factura = issuer.sign(90_001, days_ago=2)
    yield DemoFile(f"DTE_{rut}_T33_F90001.xml", factura)
    envelope = build_envio(
        [factura],
        rut_emisor=rut,
        rut_envia=issuer.signer.rut,
        rut_receptor=DEMO_COMPANY.rut,
        signer=issuer.signer,
        signed_at=issuer.signed_at(1),
        fecha_resolucion=today - dt.timedelta(days=400),
        numero_resolucion=80,
    )
    yield DemoFile(f"EnvioDTE_{rut}_correo.xml", envelope)

    # Tampered after signing: the total raised, the signature removed, a folio outside its CAF.
    yield DemoFile(
        f"DTE_{rut}_T33_F90002.xml", tamper.change_total(issuer.sign(90_002, days_ago=3))
    )
    yield DemoFile(
        f"DTE_{rut}_T33_F90003.xml", tamper.remove_signature(issuer.sign(90_003, days_ago=5))
    )
    outside = tamper.sign_with_folio_outside_caf(
        issuer.spec(90_004, days_ago=6), issuer.caf, issuer.signer, signed_at=issuer.signed_at(6)
    )
    yield DemoFile(f"DTE_{rut}_T33_F90011.xml", outside)

    # A document stamped with a CAF of the SII's certification environment (IDK 100).
    certification = issue_caf(
        authority,
        rut_emisor=rut,
        razon_social=issuer.supplier.party.razon_social,
        tipo=33,
        folio_from=1,
        folio_to=5,
        authorised_on=today - dt.timedelta(days=30),
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
