"""Evaluation set of the risk engine: ordinary documents against forged and anomalous ones.

Builds, with the fixture factory, ordinary documents from 20 suppliers over a year, plus
forged or anomalous documents of every kind the rules look for. The ordinary ones come from
one ``generate_documents`` run per quarter, so each quarter gets fresh CAFs the way issuers
request them. Imports
all of them, in order of arrival, into a fresh encrypted sandbox company (its key in a key
file in a temporary folder), under a clock set to each file's arrival. Then it stores the
SII facts a sync would (estado DOK and RCV rows for the ordinary documents, the bad answers
for the SII kinds), evaluates every document again as ``cymadesk riesgo`` does and reports:

- per kind: how many forged documents got an ``alta`` finding, and how many got the finding
  that names their kind;
- for the ordinary documents: how many got any ``alta`` finding. The originals whose folio a
  forged copy reused are counted apart: they are flagged on purpose.

Usage: ``python bench/risk_eval.py [--documents 520] [--per-kind 3] [--json OUT]``;
``--smoke`` builds a few documents, for the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import select

from cymadesk.models.message import Message
from cymadesk.models.rut import Rut, compute_check_digit
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.importing import apply_rcv_entry
from cymadesk.services.inputs import iter_inputs
from cymadesk.services.sandbox_identity import sandbox_authority
from cymadesk.sii.factory import documents as factory_documents
from cymadesk.sii.factory import tamper
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.factory.corpus import GeneratedDocument, generate_documents
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.envelope import build_envio
from cymadesk.sii.factory.specs import DocumentSpec, LineSpec, PartySpec, ReferenceSpec
from cymadesk.sii.factory.suppliers import DEMO_COMPANY, Supplier, supplier_catalogue
from cymadesk.sii.factory.totals import compute_totals
from cymadesk.sii.trust import CERTIFICATION_IDK
from cymadesk.sii.verify import verify_file
from cymadesk.storage import audit
from cymadesk.storage.documents import DocumentStore
from cymadesk.storage.records import DocumentRecord, RcvEntryRecord, RiskFindingRecord

YEAR = 2026
SEED = 20261
SUPPLIERS = 20
NOW = dt.datetime(YEAR + 1, 1, 2, 12, 0, tzinfo=dt.UTC)
COMPANY = DEMO_COMPANY
RCV_TYPES = frozenset({33, 34, 43, 46, 56, 61})
ACTOR = audit.Actor("bench", "Evaluación de riesgo", "bench")
# Folios of the anomaly CAFs, far from those the ordinary documents use, and the day those
# CAFs were authorised: before every anomaly's issue date and less than 180 days before it.
EXTRA_FOLIOS = 900_000
EXTRA_AUTHORISED = dt.date(YEAR, 7, 1)


@dataclass
class Kind:
    """One kind of forged or anomalous document and the finding that names it."""

    name: str
    code: str
    area: str
    expected: str  # the severity the rule gives: alta, media or baja
    build: Callable[[Lab, int], Forged]


@dataclass
class Forged:
    """A forged or anomalous file: its bytes, when it arrives and the SII facts it gets."""

    data: bytes
    arrival: dt.datetime
    identity: tuple[str, int, str]
    sii: dict[str, Any] = field(default_factory=dict)
    register_only: bool = False


@dataclass
class Ordinary:
    generated: GeneratedDocument
    arrival: dt.datetime

    @property
    def identity(self) -> tuple[str, int, str]:
        spec = self.generated.spec
        return (Rut.parse(spec.emisor.rut).canonical, spec.tipo, str(spec.folio))


class Lab:
    """Everything the builders of anomalies need: authority, suppliers, their history."""

    def __init__(self, authority: SandboxAuthority, ordinary: Sequence[Ordinary], seed: int):
        self.authority = authority
        self.rng = random.Random(seed)
        self.ordinary = ordinary
        self.by_supplier: dict[str, list[Ordinary]] = defaultdict(list)
        for item in ordinary:
            self.by_supplier[item.generated.supplier.rut].append(item)
        self.suppliers = {item.generated.supplier.rut: item.generated.supplier for item in ordinary}
        self._cafs: dict[tuple[str, int], tuple[Caf, int]] = {}
        self._signers: dict[str, Signer] = {}
        self.victims: set[tuple[str, int, str]] = set()
        self.rogue = SandboxAuthority.create()

    def established(self) -> Supplier:
        """Pick a supplier with 8 facturas before the last quarter (or the one with most)."""
        cutoff = dt.date(YEAR, 10, 1)
        counts = {
            rut: sum(
                1
                for item in items
                if item.generated.spec.tipo == 33 and item.generated.spec.fecha_emision < cutoff
            )
            for rut, items in sorted(self.by_supplier.items())
        }
        candidates = [rut for rut, count in counts.items() if count >= 8]
        if not candidates:
            candidates = [max(counts, key=lambda rut: counts[rut])]
        return self.suppliers[self.rng.choice(candidates)]

    def signer(self, supplier: Supplier) -> Signer:
        if supplier.rut not in self._signers:
            self._signers[supplier.rut] = self.authority.issue_signer(
                supplier.representative_rut,
                supplier.representative_name,
                not_before=dt.datetime(YEAR - 1, 1, 1, tzinfo=SANTIAGO),
                not_after=dt.datetime(YEAR + 2, 1, 1, tzinfo=SANTIAGO),
                key_bits=1024,
            )
        return self._signers[supplier.rut]

    def folio(self, party: PartySpec, tipo: int) -> tuple[Caf, int]:
        """Take the next folio of an extra CAF for anomalies (one CAF per issuer and type)."""
        key = (party.rut, tipo)
        if key not in self._cafs:
            caf = issue_caf(
                self.authority,
                rut_emisor=party.rut,
                razon_social=party.razon_social,
                tipo=tipo,
                folio_from=EXTRA_FOLIOS,
                folio_to=EXTRA_FOLIOS + 999,
                authorised_on=EXTRA_AUTHORISED,
            )
            self._cafs[key] = (caf, EXTRA_FOLIOS)
        caf, folio = self._cafs[key]
        self._cafs[key] = (caf, folio + 1)
        return caf, folio

    def day(self) -> dt.date:
        return dt.date(YEAR, 10, 15) + dt.timedelta(days=self.rng.randint(0, 60))

    def spec(
        self,
        supplier: Supplier,
        *,
        tipo: int = 33,
        lines: tuple[LineSpec, ...] | None = None,
        references: tuple[ReferenceSpec, ...] = (),
    ) -> tuple[DocumentSpec, Caf]:
        """Build an ordinary-looking document of ``supplier`` on an extra folio."""
        caf, folio = self.folio(supplier.party, tipo)
        if lines is None:
            item = self.rng.choice(supplier.items)
            cents = self.rng.randint(int(item.min_price * 100), int(item.max_price * 100))
            price = (Decimal(cents) / 100).quantize(Decimal(1))
            quantity = self.rng.randint(1, item.max_quantity)
            lines = (LineSpec(item.name, price, quantity, item.unit),)
        spec = DocumentSpec(
            tipo=tipo,
            folio=folio,
            fecha_emision=self.day(),
            emisor=supplier.party,
            receptor=COMPANY,
            lines=lines,
            forma_pago=2,
            term_pago_glosa=supplier.payment_terms if tipo == 33 else None,
            references=references,
        )
        return spec, caf

    def sign(
        self,
        spec: DocumentSpec,
        caf: Caf,
        supplier: Supplier,
        *,
        signed_at: dt.datetime | None = None,
        **options: Any,
    ) -> tuple[bytes, dt.datetime]:
        moment = signed_at or _working_hours(self.rng, spec.fecha_emision)
        signer = options.pop("signer", None) or self.signer(supplier)
        return sign_document(spec, caf, signer, signed_at=moment, **options), moment

    def arrival(self, signed_at: dt.datetime) -> dt.datetime:
        return signed_at.astimezone(dt.UTC) + dt.timedelta(hours=self.rng.uniform(0.5, 30))

    def honest(self, **options: Any) -> Forged:
        """Sign a genuine document of an established supplier, for kinds judged on other facts."""
        supplier = self.established()
        spec, caf = self.spec(supplier)
        data, signed = self.sign(spec, caf, supplier)
        return Forged(data, self.arrival(signed), _identity(spec), **options)

    def recent_factura(
        self, supplier: Supplier, *, plain: bool = False, before: dt.date | None = None
    ) -> Ordinary:
        """Pick an ordinary factura from September on (without global discounts if ``plain``)."""
        facturas = [
            item
            for item in self.by_supplier[supplier.rut]
            if item.generated.spec.tipo == 33
            and (not plain or not item.generated.spec.global_discounts)
            and (before is None or item.generated.spec.fecha_emision < before)
        ]
        recent = [
            item for item in facturas if item.generated.spec.fecha_emision >= dt.date(YEAR, 9, 1)
        ]
        return self.rng.choice(recent or facturas)


def _identity(spec: DocumentSpec) -> tuple[str, int, str]:
    return (Rut.parse(spec.emisor.rut).canonical, spec.tipo, str(spec.folio))


def _working_hours(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(9 * 60, 18 * 60)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), SANTIAGO)


def _envelope(lab: Lab, data: bytes, supplier: Supplier, signed: dt.datetime) -> bytes:
    signer = lab.signer(supplier)
    return build_envio(
        [data],
        rut_emisor=supplier.rut,
        rut_envia=signer.rut,
        rut_receptor=COMPANY.rut,
        signer=signer,
        signed_at=signed,
        fecha_resolucion=dt.date(2014, 8, 22),
        numero_resolucion=80,
    )


@contextmanager
def _totals(change: Callable[[Any], Any]) -> Iterator[None]:
    """Make the factory compute totals and then ``change`` them, to sign wrong arithmetic."""
    original = compute_totals

    def altered(spec: DocumentSpec) -> Any:
        return change(original(spec))

    with mock.patch.object(factory_documents, "compute_totals", altered):
        yield


# Builders: authenticity


def _tampered(edit: Callable[[bytes], bytes]) -> Callable[[Lab, int], Forged]:
    def build(lab: Lab, index: int) -> Forged:
        honest = lab.honest()
        return dataclasses.replace(honest, data=edit(honest.data))

    return build


def _far_folio(data: bytes) -> bytes:
    """Change the folio in body and TED to one no other document of the set uses."""
    return tamper.change_folio(data, int(tamper.element_text(data, "Folio")) + 500_000)


def _resigned(lab: Lab, index: int) -> Forged:
    honest = lab.honest()
    stranger = lab.rogue.issue_signer(
        "11111111-1",
        "Firmante Ajeno",
        not_before=dt.datetime(2025, 1, 1, tzinfo=SANTIAGO),
        not_after=dt.datetime(2028, 1, 1, tzinfo=SANTIAGO),
        key_bits=1024,
    )
    data = tamper.resign_with_mismatched_key(
        honest.data, stranger.private_key, edit=lambda data: tamper.change_total(data)
    )
    return dataclasses.replace(honest, data=data)


def _expired_certificate(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    old = lab.authority.issue_signer(
        supplier.representative_rut,
        supplier.representative_name,
        not_before=dt.datetime(YEAR - 2, 1, 1, tzinfo=SANTIAGO),
        not_after=dt.datetime(YEAR - 1, 12, 31, tzinfo=SANTIAGO),
        key_bits=1024,
    )
    data, signed = lab.sign(spec, caf, supplier, signer=old)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _without_stamp(lab: Lab, index: int) -> Forged:
    honest = lab.honest()
    data = re.sub(rb"<TED\b.*?</TED>", b"", honest.data, flags=re.DOTALL)
    return dataclasses.replace(honest, data=data)


def _envelope_kind(remove_signature: bool) -> Callable[[Lab, int], Forged]:
    def build(lab: Lab, index: int) -> Forged:
        supplier = lab.established()
        spec, caf = lab.spec(supplier)
        data, signed = lab.sign(spec, caf, supplier)
        envelope = _envelope(lab, data, supplier, signed)
        if remove_signature:
            last = list(re.finditer(rb"<Signature\b.*?</Signature>", envelope, re.DOTALL))[-1]
            envelope = envelope[: last.start()] + envelope[last.end() :]
        else:
            envelope = tamper.replace_text(envelope, "NroResol", "81")
        return Forged(envelope, lab.arrival(signed), _identity(spec))

    return build


def _caf_kind(make: Callable[[Lab, Supplier, DocumentSpec], tuple[DocumentSpec, Caf]]) -> Any:
    def build(lab: Lab, index: int) -> Forged:
        supplier = lab.established()
        spec, _ = lab.spec(supplier)
        spec, caf = make(lab, supplier, spec)
        data, signed = lab.sign(spec, caf, supplier, allow_mismatched_caf=True)
        return Forged(data, lab.arrival(signed), _identity(spec))

    return build


def _caf(lab: Lab, party: PartySpec, tipo: int, **options: Any) -> Caf:
    values: dict[str, Any] = {
        "rut_emisor": party.rut,
        "razon_social": party.razon_social,
        "tipo": tipo,
        "folio_from": EXTRA_FOLIOS,
        "folio_to": EXTRA_FOLIOS + 999,
        "authorised_on": EXTRA_AUTHORISED,
    }
    values.update(options)
    authority = values.pop("authority", lab.authority)
    return issue_caf(authority, **values)


def _outside_range(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    caf = _caf(lab, supplier.party, 33, folio_to=EXTRA_FOLIOS)
    outside = EXTRA_FOLIOS + 50_000 + lab.rng.randint(0, 10_000)
    return dataclasses.replace(spec, folio=outside), caf


def _foreign_issuer(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    other = next(item for rut, item in sorted(lab.suppliers.items()) if rut != supplier.rut)
    return spec, _caf(lab, other.party, 33)


def _foreign_type(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(lab, supplier.party, 34)


def _certification(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(lab, supplier.party, 33, idk=CERTIFICATION_IDK)


def _rogue_caf(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(lab, supplier.party, 33, authority=lab.rogue)


def _unknown_idk(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(lab, supplier.party, 33, idk=555)


def _caf_after_issue(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(lab, supplier.party, 33, authorised_on=spec.fecha_emision + dt.timedelta(5))


def _caf_expired(lab: Lab, supplier: Supplier, spec: DocumentSpec) -> Any:
    return spec, _caf(
        lab, supplier.party, 33, authorised_on=spec.fecha_emision - dt.timedelta(days=200)
    )


# Builders: the SII


def _sii(estado: str | None = None, **facts: Any) -> Callable[[Lab, int], Forged]:
    def build(lab: Lab, index: int) -> Forged:
        sii = dict(facts)
        if estado is not None:
            sii["estado"] = estado
        return lab.honest(sii=sii)

    return build


def _register_only(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    _, folio = lab.folio(supplier.party, 33)
    received = NOW - dt.timedelta(days=3 + index % 3, hours=5)
    identity = (Rut.parse(supplier.rut).canonical, 33, str(folio))
    facts = {
        "received_at": received,
        "monto_total": 4_760_000,
        "razon_social": supplier.party.razon_social,
    }
    return Forged(b"", received, identity, sii=facts, register_only=True)


# Builders: addressing


def _other_receptor(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    other = dataclasses.replace(COMPANY, rut="76555835-2", razon_social="Otra Empresa Ltda.")
    data, signed = lab.sign(dataclasses.replace(spec, receptor=other), caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _invalid_emisor_rut(lab: Lab, index: int) -> Forged:
    honest = lab.honest()
    rut = Rut.parse(honest.identity[0])
    wrong = next(digit for digit in "0123456789K" if digit != compute_check_digit(rut.number))
    text = f"{rut.number}-{wrong}"
    data = tamper.replace_text(tamper.replace_text(honest.data, "RUTEmisor", text), "RE", text)
    return dataclasses.replace(honest, data=data, identity=(text, 33, honest.identity[2]))


def _self_issued(lab: Lab, index: int) -> Forged:
    company_party = dataclasses.replace(COMPANY, actecos=(711001,))
    caf, folio = lab.folio(company_party, 33)
    spec = DocumentSpec(
        tipo=33,
        folio=folio,
        fecha_emision=lab.day(),
        emisor=company_party,
        receptor=COMPANY,
        lines=(LineSpec("Servicios de ingeniería", 850_000),),
    )
    signer = lab.authority.issue_signer(
        f"15432876-{compute_check_digit(15432876)}",
        "Gerente General",
        not_before=dt.datetime(2025, 1, 1, tzinfo=SANTIAGO),
        not_after=dt.datetime(2028, 1, 1, tzinfo=SANTIAGO),
        key_bits=1024,
    )
    moment = _working_hours(lab.rng, spec.fecha_emision)
    data = sign_document(spec, caf, signer, signed_at=moment)
    return Forged(data, lab.arrival(moment), _identity(spec))


# Builders: duplicates


def _same_folio_other_body(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    original = lab.recent_factura(supplier)
    spec = original.generated.spec
    lines = tuple(
        dataclasses.replace(line, unit_price=Decimal(line.unit_price) * 2) for line in spec.lines
    )
    forged = dataclasses.replace(spec, lines=lines)
    caf = _caf(lab, supplier.party, 33, folio_from=spec.folio, folio_to=spec.folio)
    data, _ = lab.sign(forged, caf, supplier, signed_at=original.generated.signed_at)
    lab.victims.add(original.identity)
    return Forged(data, original.arrival + dt.timedelta(days=3), original.identity)


def _same_lines_again(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    original = lab.recent_factura(supplier)
    caf, folio = lab.folio(supplier.party, 33)
    spec = dataclasses.replace(
        original.generated.spec,
        folio=folio,
        fecha_emision=original.generated.spec.fecha_emision + dt.timedelta(days=2),
    )
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _same_total_other_lines(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    original = lab.recent_factura(supplier, plain=True)
    neto = compute_totals(original.generated.spec).neto or Decimal(0)
    caf, folio = lab.folio(supplier.party, 33)
    spec = dataclasses.replace(
        original.generated.spec,
        folio=folio,
        fecha_emision=original.generated.spec.fecha_emision + dt.timedelta(days=3),
        lines=(LineSpec("Servicios según orden de trabajo", neto, 1),),
    )
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _copy_after_decision(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    original = lab.recent_factura(supplier, before=dt.date(YEAR, 12, 1))
    envelope = _envelope(lab, original.generated.data, supplier, original.generated.signed_at)
    # The RCV facts give this factura an acuse two days after arrival; the copy comes later.
    return Forged(envelope, original.arrival + dt.timedelta(days=12), original.identity)


# Builders: history


def _new_emisor_high_amount(lab: Lab, index: int) -> Forged:
    newcomer = supplier_catalogue(SEED)[SUPPLIERS + index % 3]
    spec, caf = lab.spec(newcomer, lines=(LineSpec("Asesoría en gestión de proyectos", 4_200_000),))
    data, signed = lab.sign(spec, caf, newcomer)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _amount_outlier(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    item = max(supplier.items, key=lambda item: item.max_price)
    lines = (LineSpec(item.name, item.max_price, item.max_quantity * 40, item.unit),)
    spec, caf = lab.spec(supplier, lines=lines)
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _new_item(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    lines = (LineSpec("Parlante bluetooth portátil", 19_990, 1, "UN"),)
    spec, caf = lab.spec(supplier, lines=lines)
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _price_outlier(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    seen = Counter(
        line.name
        for item in lab.by_supplier[supplier.rut]
        for line in item.generated.spec.lines
        if item.generated.spec.tipo == 33
    )
    template = next(item for item in supplier.items if item.name == seen.most_common(1)[0][0])
    lines = (LineSpec(template.name, template.max_price * 3, 1, template.unit),)
    spec, caf = lab.spec(supplier, lines=lines)
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _changed_party(change: Callable[[int], dict[str, Any]]) -> Callable[[Lab, int], Forged]:
    """Build documents whose emisor details differ from history, a new change per index.

    A change reused by two anomalies of one supplier would be history for the later one.
    """

    def build(lab: Lab, index: int) -> Forged:
        supplier = lab.established()
        spec, caf = lab.spec(supplier)
        values = change(index)
        party = dataclasses.replace(supplier.party, **values.pop("party", {}))
        spec = dataclasses.replace(spec, emisor=party, **values)
        data, signed = lab.sign(spec, caf, supplier)
        return Forged(data, lab.arrival(signed), _identity(spec))

    return build


def _new_signer(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    stranger = lab.authority.issue_signer(
        "13579246-" + compute_check_digit(13579246),
        "Pedro Pablo Rojas Ruiz",
        not_before=dt.datetime(2025, 1, 1, tzinfo=SANTIAGO),
        not_after=dt.datetime(2028, 1, 1, tzinfo=SANTIAGO),
        key_bits=1024,
    )
    data, signed = lab.sign(spec, caf, supplier, signer=stranger)
    return Forged(data, lab.arrival(signed), _identity(spec))


# Builders: dates


def _future_date(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    signed = _working_hours(lab.rng, spec.fecha_emision)
    data = tamper.sign_with_future_date(
        spec, caf, lab.signer(supplier), signed_at=signed, days_ahead=20
    )
    return Forged(data, lab.arrival(signed), _identity(spec))


def _late_arrival(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    spec = dataclasses.replace(spec, fecha_emision=spec.fecha_emision - dt.timedelta(days=90))
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed) + dt.timedelta(days=90), _identity(spec))


def _late_signature(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    spec = dataclasses.replace(spec, fecha_emision=spec.fecha_emision - dt.timedelta(days=45))
    signed = _working_hours(lab.rng, spec.fecha_emision + dt.timedelta(days=45))
    data, _ = lab.sign(spec, caf, supplier, signed_at=signed)
    return Forged(data, lab.arrival(signed), _identity(spec))


# Builders: arithmetic


def _wrong_total(lab: Lab, index: int) -> Forged:
    with _totals(lambda totals: dataclasses.replace(totals, total=totals.total + 10_000)):
        return lab.honest()


def _wrong_iva_rate(lab: Lab, index: int) -> Forged:
    def at_ten(totals: Any) -> Any:
        iva = (totals.neto * Decimal("0.10")).quantize(Decimal(1))
        return dataclasses.replace(
            totals, iva_rate=Decimal(10), iva=iva, total=totals.neto + iva + (totals.exento or 0)
        )

    with _totals(at_ten):
        return lab.honest()


# Builders: references


def _note(tipo: int, *, existing: bool) -> Callable[[Lab, int], Forged]:
    def build(lab: Lab, index: int) -> Forged:
        supplier = lab.established()
        if existing:
            original = lab.recent_factura(supplier, before=dt.date(YEAR, 11, 15))
            folio, day = original.generated.spec.folio, original.generated.spec.fecha_emision
        else:
            folio, day = 777_000 + index, dt.date(YEAR, 9, 20)
        reason = "Cobro de intereses por pago atrasado" if tipo == 56 else "Devolución"
        reference = ReferenceSpec("33", folio, day, 3, reason)
        lines = (LineSpec("Intereses por mora", 45_000),)
        spec, caf = lab.spec(supplier, tipo=tipo, lines=lines, references=(reference,))
        spec = dataclasses.replace(
            spec, fecha_emision=max(spec.fecha_emision, day + dt.timedelta(days=25))
        )
        data, signed = lab.sign(spec, caf, supplier)
        return Forged(data, lab.arrival(signed), _identity(spec))

    return build


def _unknown_order(lab: Lab, index: int) -> Forged:
    supplier = lab.established()
    spec, caf = lab.spec(supplier)
    spec = dataclasses.replace(
        spec, references=(ReferenceSpec("801", 4_600_000_000 + index, spec.fecha_emision),)
    )
    data, signed = lab.sign(spec, caf, supplier)
    return Forged(data, lab.arrival(signed), _identity(spec))


def _new_account(index: int) -> dict[str, Any]:
    return {"term_pago_glosa": f"Transferencia a Banco Falabella, cta. cte. 77-001-9988{index}"}


def _new_mail(index: int) -> dict[str, Any]:
    return {"party": {"correo": f"cobranzas.urgente{index}@gmail.com"}}


KINDS: tuple[Kind, ...] = (
    Kind(
        "firma_ausente", "FIRMA_AUSENTE", "autenticidad", "alta", _tampered(tamper.remove_signature)
    ),
    Kind(
        "monto_alterado",
        "DOCUMENTO_ALTERADO",
        "autenticidad",
        "alta",
        _tampered(tamper.change_total),
    ),
    Kind(
        "folio_alterado",
        "TED_FIRMA_INVALIDA",
        "autenticidad",
        "alta",
        _tampered(_far_folio),
    ),
    Kind(
        "certificado_ilegible",
        "FIRMANTE_DESCONOCIDO",
        "autenticidad",
        "alta",
        _tampered(tamper.replace_certificate),
    ),
    Kind("clave_ajena", "FIRMANTE_DESCONOCIDO", "autenticidad", "alta", _resigned),
    Kind(
        "certificado_vencido",
        "CERTIFICADO_NO_VIGENTE",
        "autenticidad",
        "alta",
        _expired_certificate,
    ),
    Kind("sin_timbre", "TED_AUSENTE", "autenticidad", "alta", _without_stamp),
    Kind("sobre_alterado", "FIRMA_ENVIO_INVALIDA", "autenticidad", "alta", _envelope_kind(False)),
    Kind("sobre_sin_firma", "FIRMA_ENVIO_AUSENTE", "autenticidad", "alta", _envelope_kind(True)),
    Kind(
        "folio_fuera_de_caf",
        "TED_FUERA_DE_RANGO",
        "autenticidad",
        "alta",
        _caf_kind(_outside_range),
    ),
    Kind(
        "caf_de_otro_emisor", "CAF_OTRO_EMISOR", "autenticidad", "alta", _caf_kind(_foreign_issuer)
    ),
    Kind("caf_de_otro_tipo", "CAF_OTRO_TIPO", "autenticidad", "alta", _caf_kind(_foreign_type)),
    Kind(
        "caf_de_certificacion",
        "CAF_CERTIFICACION",
        "autenticidad",
        "alta",
        _caf_kind(_certification),
    ),
    Kind("caf_falso", "CAF_FIRMA_INVALIDA", "autenticidad", "alta", _caf_kind(_rogue_caf)),
    Kind(
        "caf_idk_inexistente",
        "CAF_IDK_DESCONOCIDO",
        "autenticidad",
        "alta",
        _caf_kind(_unknown_idk),
    ),
    Kind("sii_no_recibido", "SII_NO_RECIBIDO", "sii", "alta", _sii("FAU")),
    Kind("sii_datos_distintos", "SII_DATOS_NO_COINCIDEN", "sii", "alta", _sii("DNK")),
    Kind("sii_folio_no_autorizado", "SII_FOLIO_NO_AUTORIZADO", "sii", "alta", _sii("FNA")),
    Kind("sii_anulado", "SII_ANULADO", "sii", "alta", _sii("FAN")),
    Kind("sii_emisor_no_autorizado", "SII_EMISOR_NO_AUTORIZADO", "sii", "alta", _sii("EMP")),
    Kind("sii_fuera_del_rcv", "SII_NO_REGISTRADO", "sii", "alta", _sii(rcv_absent=True)),
    Kind(
        "sii_monto_rcv_distinto", "SII_MONTO_DISTINTO", "sii", "alta", _sii(rcv_total_delta=250_000)
    ),
    Kind("sii_sin_xml", "SII_SIN_XML", "sii", "alta", _register_only),
    Kind(
        "receptor_otra_empresa", "RECEPTOR_OTRA_EMPRESA", "destinatario", "media", _other_receptor
    ),
    Kind("rut_emisor_invalido", "EMISOR_RUT_INVALIDO", "destinatario", "alta", _invalid_emisor_rut),
    Kind("emisor_es_la_empresa", "EMISOR_ES_LA_EMPRESA", "destinatario", "alta", _self_issued),
    Kind(
        "folio_con_otro_contenido",
        "DUPLICADO_CONTENIDO_DISTINTO",
        "duplicados",
        "alta",
        _same_folio_other_body,
    ),
    Kind(
        "mismo_detalle_otro_folio",
        "DUPLICADO_MISMO_DETALLE",
        "duplicados",
        "alta",
        _same_lines_again,
    ),
    Kind(
        "mismo_monto_otro_folio",
        "DUPLICADO_MISMO_MONTO",
        "duplicados",
        "media",
        _same_total_other_lines,
    ),
    Kind("copia_ya_decidida", "DUPLICADO_YA_DECIDIDO", "duplicados", "media", _copy_after_decision),
    Kind(
        "emisor_nuevo_monto_alto",
        "EMISOR_NUEVO_MONTO_ALTO",
        "historial",
        "media",
        _new_emisor_high_amount,
    ),
    Kind("monto_fuera_de_historial", "MONTO_FUERA_DE_RANGO", "historial", "alta", _amount_outlier),
    Kind("item_nuevo", "ITEM_NUEVO", "historial", "baja", _new_item),
    Kind("precio_fuera_de_historial", "PRECIO_FUERA_DE_RANGO", "historial", "alta", _price_outlier),
    Kind(
        "correo_cambiado", "EMISOR_CAMBIO_CONTACTO", "historial", "media", _changed_party(_new_mail)
    ),
    Kind(
        "cuenta_bancaria_cambiada",
        "EMISOR_CAMBIO_BANCO",
        "historial",
        "alta",
        _changed_party(_new_account),
    ),
    Kind("firmante_nuevo", "FIRMANTE_NUEVO", "historial", "media", _new_signer),
    Kind("fecha_futura", "FECHA_FUTURA", "fechas", "alta", _future_date),
    Kind("llegada_tardia", "FECHA_ANTIGUA", "fechas", "baja", _late_arrival),
    Kind("firma_tardia", "FIRMA_TARDIA", "fechas", "media", _late_signature),
    Kind("caf_vencido", "CAF_VENCIDO", "fechas", "media", _caf_kind(_caf_expired)),
    Kind("caf_posterior", "CAF_POSTERIOR_A_EMISION", "fechas", "alta", _caf_kind(_caf_after_issue)),
    Kind("total_no_cuadra", "TOTALES_NO_CUADRAN", "aritmetica", "alta", _wrong_total),
    Kind("iva_al_10", "TASA_IVA_INCORRECTA", "aritmetica", "alta", _wrong_iva_rate),
    Kind(
        "nota_debito_sin_factura",
        "NOTA_DEBITO_SIN_DOCUMENTO",
        "referencias",
        "alta",
        _note(56, existing=False),
    ),
    Kind(
        "nota_credito_sin_factura",
        "NOTA_CREDITO_SIN_DOCUMENTO",
        "referencias",
        "media",
        _note(61, existing=False),
    ),
    Kind(
        "nota_debito_sobre_aceptada",
        "NOTA_DEBITO_SOBRE_ACEPTADO",
        "referencias",
        "media",
        _note(56, existing=True),
    ),
    Kind("orden_de_compra_ajena", "OC_DESCONOCIDA", "referencias", "alta", _unknown_order),
)


# Building the set


def build_ordinary(
    authority: SandboxAuthority, count: int, suppliers: int, key_bits: int
) -> list[Ordinary]:
    """``count`` ordinary documents over the year, one generation per quarter."""
    catalogue = supplier_catalogue(SEED)[:suppliers]
    rng = random.Random(SEED)
    documents: list[GeneratedDocument] = []
    quarters = [(dt.date(YEAR, month, 1), dt.date(YEAR, month + 2, 28)) for month in (1, 4, 7, 10)]
    for number, (start, end) in enumerate(quarters):
        share = count // 4 + (1 if number < count % 4 else 0)
        documents.extend(_quarter(authority, share, start, end, catalogue, key_bits, number))
    return [
        Ordinary(item, item.signed_at.astimezone(dt.UTC) + dt.timedelta(hours=rng.uniform(0.5, 30)))
        for item in documents
    ]


def _quarter(
    authority: SandboxAuthority,
    count: int,
    start: dt.date,
    end: dt.date,
    catalogue: Sequence[Supplier],
    key_bits: int,
    number: int,
) -> list[GeneratedDocument]:
    """Generate one quarter's documents, on a seed whose folios do not repeat earlier ones."""
    for attempt in range(50):
        seed = SEED * 100 + number * 10 + attempt
        generated = list(
            generate_documents(
                count,
                seed=seed,
                receptor=COMPANY,
                authority=authority,
                start=start,
                end=end,
                suppliers=catalogue,
                signer_key_bits=key_bits,
            )
        )
        identities = {(item.spec.emisor.rut, item.spec.tipo, item.spec.folio) for item in generated}
        if not identities & _USED:
            _USED.update(identities)
            return generated
    raise RuntimeError("no seed gave folios disjoint from the earlier quarters")


_USED: set[tuple[str, int, int]] = set()


@dataclass
class Outcome:
    kinds: dict[str, dict[str, Any]]
    ordinary: dict[str, Any]
    # Findings on the ordinary documents after the import and before any SII facts, as in an
    # offline review.
    offline: dict[str, Any]
    timings: dict[str, float]


def run(documents: int, per_kind: int, suppliers: int, key_bits: int) -> Outcome:
    _USED.clear()
    with tempfile.TemporaryDirectory(prefix="cymadesk-risk-eval-") as folder:
        root = Path(folder)
        layout = DataLayout(root / "datos")
        started = time.perf_counter()
        authority = sandbox_authority(layout)
        ordinary = build_ordinary(authority, documents, suppliers, key_bits)
        lab = Lab(authority, ordinary, SEED)
        forged = [(kind, kind.build(lab, index)) for kind in KINDS for index in range(per_kind)]
        built = time.perf_counter() - started
        outcome = _evaluate(root, layout, ordinary, forged, lab)
        outcome.timings["construccion_s"] = round(built, 1)
        return outcome


class _Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def _evaluate(
    root: Path,
    layout: DataLayout,
    ordinary: Sequence[Ordinary],
    forged: Sequence[tuple[Kind, Forged]],
    lab: Lab,
) -> Outcome:
    clock = _Clock()
    workspace = Workspace(
        layout,
        None,
        root / "clave.key",
        passphrase=lambda purpose: "frase de evaluación",
        clock=clock,
    )
    opened = workspace.create_company(COMPANY.rut, COMPANY.razon_social, Ambiente.SANDBOX)
    try:
        service = workspace.import_service(opened, channel="bench")
        files = [(item.arrival, item.generated.data) for item in ordinary]
        files += [(item.arrival, item.data) for _, item in forged if not item.register_only]
        files.sort(key=lambda pair: pair[0])
        inbox = root / "entrada"
        inbox.mkdir()
        started = time.perf_counter()
        for number, (arrival, data) in enumerate(files):
            clock.now = arrival
            path = inbox / f"{number:05d}.xml"
            path.write_bytes(data)
            for item in iter_inputs([str(path)], service.limits):
                service.import_input(item)
        imported = time.perf_counter() - started

        offline = _findings(opened)
        clock.now = NOW
        _store_sii_facts(opened, ordinary, forged)
        risk = workspace.risk_service(opened)
        orders = sorted(
            {
                str(reference.folio)
                for item in ordinary
                for reference in item.generated.spec.references
                if reference.doc_type == "801"
            }
        )
        started = time.perf_counter()
        risk.change_setting("risk.purchase_orders", orders)
        evaluated = time.perf_counter() - started
        register = {item.entry.folio: item.finding for item in risk.register_findings()}
        findings = _findings(opened)
    finally:
        opened.close()

    kinds = _kind_results(forged, findings, register)
    ordinary_result = _ordinary_results(ordinary, findings, lab.victims)
    offline_result = _ordinary_results(ordinary, offline, lab.victims)
    timings = {
        "importacion_s": round(imported, 1),
        "documentos_importados": len(files),
        "ms_por_documento": round(1000 * imported / max(len(files), 1), 1),
        "evaluacion_completa_s": round(evaluated, 1),
    }
    return Outcome(kinds, ordinary_result, offline_result, timings)


def _identity_of(data: bytes) -> tuple[str, int, str]:
    """Return the identity of a file's first document, computed as the import does."""
    document = verify_file(data).documents[0].document
    assert document is not None
    emisor = document.emisor
    rut = emisor.rut.canonical if emisor.rut is not None else str(emisor.rut_text)
    return (rut, int(document.id_doc.tipo_code or 0), str(document.folio).lstrip("0") or "0")


def _body(data: bytes) -> str | None:
    return verify_file(data).documents[0].body_sha256 if data else None


def _store_sii_facts(
    opened: Any, ordinary: Sequence[Ordinary], forged: Sequence[tuple[Kind, Forged]]
) -> None:
    """Write what an SII sync would store: estado DOK and RCV rows, or the bad responses."""
    company = opened.company
    with opened.database.write() as session:
        store = DocumentStore(session, company.id)
        acuse = random.Random(SEED)
        for item in ordinary:
            rut, tipo, folio = item.identity
            if tipo not in RCV_TYPES:
                continue
            body = _body(item.generated.data)
            record = next(
                record for record in store.find(rut, tipo, folio) if record.body_sha256 == body
            )
            _estado(store, record.id, "DOK", item.arrival + dt.timedelta(days=1))
            received = item.arrival - dt.timedelta(minutes=30)
            pending = NOW - received < dt.timedelta(days=8)
            entry = _rcv_row(
                session,
                company.id,
                item.identity,
                record.monto_total,
                received,
                "PENDIENTE" if pending else "REGISTRO",
                received + dt.timedelta(days=2) if not pending and acuse.random() < 0.3 else None,
                record.id,
            )
            apply_rcv_entry(store, record.id, entry, NOW, company, ACTOR)
        for kind, item in forged:
            _forged_facts(session, store, company, kind, item)


def _estado(store: DocumentStore, document_id: int, estado: str, at: dt.datetime) -> None:
    state = VerdictState.OK if estado == "DOK" else VerdictState.FALLA
    verdict = Verdict(
        VerdictKey.ESTADO_SII, state, Message(f"estado_sii.{estado.lower()}"), {"estado": estado}
    )
    store.replace_verdict(document_id, verdict, at)


def _rcv_row(
    session: Any,
    company_id: int,
    identity: tuple[str, int, str],
    total: int | None,
    received: dt.datetime,
    estado: str,
    acuse: dt.datetime | None,
    document_id: int | None,
    razon_social: str | None = None,
) -> RcvEntryRecord:
    rut, tipo, folio = identity
    entry = RcvEntryRecord(
        company_id=company_id,
        rut_emisor=rut,
        tipo=tipo,
        folio=folio,
        razon_social=razon_social,
        estado=estado,
        periodo=received.strftime("%Y%m"),
        fecha_documento=received.date(),
        received_at=received,
        acuse_at=acuse,
        reclamo_at=None,
        monto_exento=None,
        monto_neto=None,
        monto_iva=None,
        monto_total=total,
        document_id=document_id,
        source="sync",
        updated_at=NOW,
    )
    session.add(entry)
    session.flush()
    return entry


def _forged_facts(
    session: Any, store: DocumentStore, company: Any, kind: Kind, item: Forged
) -> None:
    facts = item.sii
    if item.register_only:
        _rcv_row(
            session,
            company.id,
            item.identity,
            facts["monto_total"],
            facts["received_at"],
            "PENDIENTE",
            None,
            None,
            facts["razon_social"],
        )
        return
    if not facts:
        return
    record = store.find(*item.identity)[0]
    if "estado" in facts:
        _estado(store, record.id, facts["estado"], item.arrival + dt.timedelta(days=3))
    if facts.get("rcv_absent"):
        absent = Verdict(VerdictKey.RCV, VerdictState.FALLA, Message("rcv.ausente"), {})
        store.replace_verdict(record.id, absent, item.arrival + dt.timedelta(days=5))
    if "rcv_total_delta" in facts:
        received = item.arrival - dt.timedelta(minutes=30)
        entry = _rcv_row(
            session,
            company.id,
            item.identity,
            (record.monto_total or 0) + facts["rcv_total_delta"],
            received,
            "REGISTRO",
            None,
            record.id,
        )
        apply_rcv_entry(store, record.id, entry, NOW, company, ACTOR)


def _findings(opened: Any) -> dict[tuple[str, int, str, str], dict[str, str]]:
    """Active findings by (RUT emisor, tipo, folio, body digest)."""
    result: dict[tuple[str, int, str, str], dict[str, str]] = {}
    with opened.database.read() as session:
        for record in session.scalars(select(DocumentRecord)):
            result[(record.rut_emisor, record.tipo, record.folio, record.body_sha256)] = {}
        rows = session.execute(
            select(
                DocumentRecord.rut_emisor,
                DocumentRecord.tipo,
                DocumentRecord.folio,
                DocumentRecord.body_sha256,
                RiskFindingRecord.code,
                RiskFindingRecord.severity,
            )
            .join(RiskFindingRecord, RiskFindingRecord.document_id == DocumentRecord.id)
            .where(RiskFindingRecord.dismissed_at.is_(None))
        )
        for rut, tipo, folio, body, code, severity in rows:
            result[(rut, tipo, folio, body)][code] = severity
    return result


def _lookup(
    findings: dict[tuple[str, int, str, str], dict[str, str]],
    identity: tuple[str, int, str],
    body: str | None,
) -> dict[str, str] | None:
    matches = [value for key, value in findings.items() if key[:3] == identity]
    exact = [value for key, value in findings.items() if key[:3] == identity and key[3] == body]
    if exact:
        return exact[0]
    return matches[0] if matches else None


def _kind_results(
    forged: Sequence[tuple[Kind, Forged]],
    findings: dict[tuple[str, int, str, str], dict[str, str]],
    register: dict[str, Any],
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for kind, item in forged:
        entry = results.setdefault(
            kind.name,
            {
                "codigo": kind.code,
                "area": kind.area,
                "severidad_esperada": kind.expected,
                "documentos": 0,
                "con_alta": 0,
                "con_su_hallazgo": 0,
                "no_encontrados": 0,
                "hallazgos": [],
            },
        )
        entry["documentos"] += 1
        if item.register_only:
            finding = register.get(item.identity[2])
            found = {finding.code: finding.severity.value} if finding is not None else {}
        else:
            identity = _identity_of(item.data)
            found = _lookup(findings, identity, _body(item.data)) or {}
            if not found and _lookup(findings, identity, None) is None:
                entry["no_encontrados"] += 1
        entry["con_alta"] += any(severity == "alta" for severity in found.values())
        entry["con_su_hallazgo"] += kind.code in found
        entry["hallazgos"].append(found)
    return results


def _ordinary_results(
    ordinary: Sequence[Ordinary],
    findings: dict[tuple[str, int, str, str], dict[str, str]],
    victims: set[tuple[str, int, str]],
) -> dict[str, Any]:
    with_alta = 0
    with_any = 0
    codes: Counter[str] = Counter()
    alta_codes: Counter[str] = Counter()
    victims_alta = 0
    for item in ordinary:
        found = _lookup(findings, item.identity, _body(item.generated.data)) or {}
        alta = [code for code, severity in found.items() if severity == "alta"]
        codes.update(found.keys())
        if item.identity in victims:
            victims_alta += bool(alta)
            continue
        with_any += bool(found)
        if alta:
            with_alta += 1
            alta_codes.update(alta)
    counted = len(ordinary) - len(victims)
    return {
        "documentos": len(ordinary),
        "originales_de_duplicados_falsos": len(victims),
        "originales_con_alta": victims_alta,
        "evaluados": counted,
        "con_alta": with_alta,
        "porcentaje_con_alta": round(100 * with_alta / max(counted, 1), 2),
        "con_algun_hallazgo": with_any,
        "hallazgos": dict(codes.most_common()),
        "hallazgos_alta": dict(alta_codes.most_common()),
    }


# Report


def _summary(outcome: Outcome) -> dict[str, Any]:
    authenticity = [v for v in outcome.kinds.values() if v["area"] in ("autenticidad", "sii")]
    rest = [v for v in outcome.kinds.values() if v["area"] not in ("autenticidad", "sii")]
    rest_alta = [v for v in rest if v["severidad_esperada"] == "alta"]

    def share(items: list[dict[str, Any]]) -> tuple[int, int]:
        return sum(v["con_alta"] for v in items), sum(v["documentos"] for v in items)

    return {
        "autenticidad_y_sii": share(authenticity),
        "resto": share(rest),
        "resto_con_regla_alta": share(rest_alta),
        "con_su_hallazgo": (
            sum(v["con_su_hallazgo"] for v in outcome.kinds.values()),
            sum(v["documentos"] for v in outcome.kinds.values()),
        ),
    }


def print_report(outcome: Outcome) -> None:
    print(f"{'kind':<28} {'code':<28} {'exp':<5} {'n':>3} {'alta':>5} {'own':>4}")
    for name, value in outcome.kinds.items():
        print(
            f"{name:<28} {value['codigo']:<28} {value['severidad_esperada']:<5} "
            f"{value['documentos']:>3} {value['con_alta']:>5} {value['con_su_hallazgo']:>4}"
        )
    summary = _summary(outcome)
    for label, (flagged, total) in summary.items():
        print(f"{label}: {flagged}/{total} ({100 * flagged / max(total, 1):.1f} %)")
    ordinary = outcome.ordinary
    print(
        f"ordinary: {ordinary['con_alta']}/{ordinary['evaluados']} with any alta "
        f"({ordinary['porcentaje_con_alta']} %), alta codes {ordinary['hallazgos_alta']}"
    )
    print(f"ordinary findings: {ordinary['hallazgos']}")
    offline = outcome.offline
    print(
        f"ordinary before SII facts: {offline['con_alta']}/{offline['evaluados']} with any alta "
        f"({offline['porcentaje_con_alta']} %), alta codes {offline['hallazgos_alta']}"
    )
    print(f"timings: {outcome.timings}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=520, help="ordinary documents")
    parser.add_argument(
        "--per-kind", type=int, default=3, help="forged or anomalous documents of each kind"
    )
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--smoke", action="store_true", help="a few documents, for the tests")
    options = parser.parse_args(argv)
    if options.smoke:
        outcome = run(documents=60, per_kind=1, suppliers=4, key_bits=1024)
    else:
        outcome = run(options.documents, options.per_kind, SUPPLIERS, key_bits=2048)
    print_report(outcome)
    if options.json:
        payload = {
            "fecha": dt.date.today().isoformat(),
            "maquina": {
                "cpu": platform.processor() or platform.machine(),
                "nucleos": os.cpu_count(),
            },
            "python": sys.version.split()[0],
            "resumen": _summary(outcome),
            "tipos": outcome.kinds,
            "ordinarios": outcome.ordinary,
            "ordinarios_sin_sii": outcome.offline,
            "tiempos": outcome.timings,
        }
        options.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
