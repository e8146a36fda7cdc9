"""Realistic documents from several suppliers, registered as the SII would register them.

``issue_documents`` signs documents addressed to one receiver with the fixture factory,
writes each one's XML into a folder (as the exchange mailbox would deliver it) and
registers what the SII records: reception time, amounts, signature. With eight documents or
more, four of them are suspicious:

- ``total_alterado``: the file's MntTotal was edited after signing; the SII registered the
  original, so QueryEstDte answers DNK for the file's data.
- ``no_recibido``: signed and delivered, never sent to the SII (FAU, absent from the RCV).
- ``caf_certificacion``: stamped with a CAF of the certification environment (IDK 100),
  which the production SII never saw.
- ``folio_duplicado``: a second, different document with the folio of a registered one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from cymadesk.models.rut import InvalidRut, Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import issue_caf
from cymadesk.sii.factory.corpus import GeneratedDocument, generate_documents
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.specs import DocumentSpec, LineSpec, PartySpec
from cymadesk.sii.factory.tamper import change_total, element_text
from cymadesk.sii.factory.totals import compute_totals
from cymadesk.sii.sandbox.control import InvalidControlRequest, json_text
from cymadesk.sii.sandbox.register import RegisteredDocument, SandboxRegister
from cymadesk.sii.trust import CERTIFICATION_IDK

logger = logging.getLogger(__name__)

# Documents one request to the control endpoint may issue; signing 2048-bit keys is slow.
MAX_ISSUED = 500
DEFAULT_RECEPTOR_NAME = "Empresa Receptora Sandbox SpA"
SUSPICIOUS_KINDS = ("total_alterado", "no_recibido", "caf_certificacion", "folio_duplicado")
MIN_FOR_SUSPICIOUS = 8
# Documents are dated over this many days before the sandbox clock's today.
DAYS_BACK = 30


@dataclass(frozen=True, slots=True)
class IssuedFile:
    """One written file: its name, what the document is and whether the SII has it."""

    name: str
    rut_emisor: str
    tipo: int
    folio: int
    kind: str
    registered: bool


def receptor_party(rut: str, razon_social: str) -> PartySpec:
    return PartySpec(
        rut=rut,
        razon_social=razon_social,
        giro="Comercio al por mayor",
        direccion="Av. Apoquindo 4501",
        comuna="Las Condes",
        ciudad="Santiago",
    )


def issue_documents(
    count: int,
    *,
    receptor: PartySpec,
    authority: SandboxAuthority,
    register: SandboxRegister,
    output: Path,
    now: dt.datetime,
    seed: int = 1,
    key_bits: int = 2048,
) -> list[IssuedFile]:
    """Write ``count`` signed documents into ``output`` and register them; return the list."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    output.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 (reproducible test content, not secrets)
    suspicious = count >= MIN_FOR_SUSPICIOUS
    # Two suspicious documents are altered copies of generated ones; two more are extra.
    honest_count = count - (2 if suspicious else 0)
    today = now.astimezone(SANTIAGO).date()
    generated = list(
        generate_documents(
            honest_count,
            seed=seed,
            receptor=receptor,
            authority=authority,
            start=today - dt.timedelta(days=DAYS_BACK),
            end=today,
            signer_key_bits=key_bits,
        )
    )
    issued: list[IssuedFile] = []
    facturas = [item for item in generated if item.spec.tipo == 33]
    tampered = facturas[0] if suspicious and facturas else None
    not_sent = facturas[1] if suspicious and len(facturas) > 1 else None
    for item in generated:
        kind = "normal"
        data = item.data
        registered = item is not not_sent
        if item is tampered:
            kind, data = "total_alterado", change_total(item.data)
        elif item is not_sent:
            kind = "no_recibido"
        if registered:
            register.add(
                registered_document(item.spec, item.data, _reception(rng, item.signed_at, now))
            )
        issued.append(_write(output, item.spec, data, kind, registered))
    model = next((item for item in reversed(facturas) if item not in (tampered, not_sent)), None)
    if suspicious and model is not None:
        issued.append(_certification_caf(model, authority, output, key_bits))
        issued.append(_duplicate_folio(model, authority, output, key_bits, rng))
    logger.info("Sandbox issued %d documents to %s into %s", len(issued), receptor.rut, output)
    return issued


def issued_json(issued: list[IssuedFile], folder: Path) -> dict[str, Any]:
    """Return the JSON of an issue run, as ``sandbox --emitir --json`` and the control
    endpoint print it."""
    return {
        "documentos": len(issued),
        "carpeta": str(folder),
        "archivos": [
            {
                "archivo": item.name,
                "rut_emisor": item.rut_emisor,
                "tipo": item.tipo,
                "folio": str(item.folio),
                "clase": item.kind,
                "registrado_en_sii": item.registered,
            }
            for item in issued
        ],
    }


@dataclass(frozen=True)
class SandboxIssuer:
    """Issuer of documents for ``POST /_sandbox/documentos``, writing into ``output``.

    Each request writes into ``output/<receptor RUT>/``, the folder a test or a user then
    imports, and registers the documents in ``register`` as ``issue_documents`` does.
    """

    authority: SandboxAuthority
    register: SandboxRegister
    output: Path
    key_bits: int = 2048

    def issue(self, request: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
        """Issue ``cantidad`` documents to ``receptor``; raise InvalidControlRequest if invalid."""
        count = request.get("cantidad")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_ISSUED:
            raise InvalidControlRequest(
                "sandbox.documentos.cantidad_invalida", valor=json_text(count), maximo=MAX_ISSUED
            )
        try:
            receptor = Rut.parse(str(request.get("receptor", "")))
        except InvalidRut:
            raise InvalidControlRequest(
                "sandbox.documentos.receptor_invalido", valor=json_text(request.get("receptor"))
            ) from None
        name = str(request.get("nombre_receptor") or DEFAULT_RECEPTOR_NAME)
        seed = request.get("semilla", 1)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise InvalidControlRequest(
                "sandbox.documentos.semilla_invalida", valor=json_text(seed)
            )
        folder = self.output / receptor.canonical
        issued = issue_documents(
            count,
            receptor=receptor_party(receptor.canonical, name),
            authority=self.authority,
            register=self.register,
            output=folder,
            now=now,
            seed=seed,
            key_bits=self.key_bits,
        )
        return issued_json(issued, folder)


def _reception(rng: random.Random, signed_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """Pick a reception time minutes to hours after signing, never after ``now``."""
    received = signed_at + dt.timedelta(minutes=rng.randint(2, 240))
    return min(received, now)


def registered_document(
    spec: DocumentSpec, data: bytes, received_at: dt.datetime
) -> RegisteredDocument:
    """Return what the SII records of the document built from ``spec`` and signed as ``data``."""
    totals = compute_totals(spec)
    total = totals.total_pesos if totals.total_pesos is not None else totals.total
    return RegisteredDocument(
        rut_emisor=spec.emisor.rut,
        tipo=spec.tipo,
        folio=str(spec.folio),
        rut_receptor=spec.receptor.rut,
        razon_social_emisor=spec.emisor.razon_social,
        fecha_emision=spec.fecha_emision,
        monto_total=int(total),
        monto_neto=_integer(totals.neto),
        monto_iva=_integer(totals.iva),
        monto_exento=_integer(totals.exento),
        firma="".join(element_text(data, "SignatureValue").split()),
        received_at=received_at.astimezone(dt.UTC),
    )


def _integer(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


def _write(
    output: Path, spec: DocumentSpec, data: bytes, kind: str, registered: bool
) -> IssuedFile:
    suffix = "" if kind in ("normal", "total_alterado", "no_recibido") else f"_{kind}"
    name = f"{spec.emisor.rut}_T{spec.tipo}_F{spec.folio}{suffix}.xml"
    (output / name).write_bytes(data)
    return IssuedFile(name, spec.emisor.rut, spec.tipo, spec.folio, kind, registered)


def _certification_caf(
    model: GeneratedDocument, authority: SandboxAuthority, output: Path, key_bits: int
) -> IssuedFile:
    """Sign a factura stamped with a certification-environment CAF, unknown to production."""
    spec = dataclasses.replace(model.spec, folio=model.spec.folio + 10_000)
    caf = issue_caf(
        authority,
        rut_emisor=spec.emisor.rut,
        razon_social=spec.emisor.razon_social,
        tipo=33,
        folio_from=spec.folio,
        folio_to=spec.folio,
        authorised_on=spec.fecha_emision - dt.timedelta(days=10),
        idk=CERTIFICATION_IDK,
    )
    signer = _signer(authority, model, key_bits)
    data = sign_document(spec, caf, signer, signed_at=model.signed_at)
    return _write(output, spec, data, "caf_certificacion", registered=False)


def _duplicate_folio(
    model: GeneratedDocument,
    authority: SandboxAuthority,
    output: Path,
    key_bits: int,
    rng: random.Random,
) -> IssuedFile:
    """Another document under the folio of a registered factura, with other lines."""
    line = LineSpec("Servicio de asesoría", unit_price=rng.randint(50, 400) * 1000)
    spec = dataclasses.replace(model.spec, lines=(line,), references=(), global_discounts=())
    caf = issue_caf(
        authority,
        rut_emisor=spec.emisor.rut,
        razon_social=spec.emisor.razon_social,
        tipo=33,
        folio_from=spec.folio,
        folio_to=spec.folio,
        authorised_on=spec.fecha_emision - dt.timedelta(days=10),
    )
    signer = _signer(authority, model, key_bits)
    data = sign_document(spec, caf, signer, signed_at=model.signed_at + dt.timedelta(hours=1))
    return _write(output, spec, data, "folio_duplicado", registered=False)


def _signer(authority: SandboxAuthority, model: GeneratedDocument, key_bits: int) -> Signer:
    supplier = model.supplier
    start = model.signed_at - dt.timedelta(days=365)
    return authority.issue_signer(
        supplier.representative_rut,
        supplier.representative_name,
        not_before=start,
        not_after=start + dt.timedelta(days=730),
        key_bits=key_bits,
    )
