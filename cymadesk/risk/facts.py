"""The facts a rule reads: the document under evaluation, its emisor's other documents, the
SII's responses and the company. Rules only read these, and the engine loads them from
storage.

SII facts come from what the SII sync and RCV imports store. The ``estado_sii`` verdict
carries the QueryEstDte ESTADO (``DOK``, ``DNK``, ``FAU``…) in its evidence under
``estado``. An ``rcv`` verdict in state ``falla`` means that the SII's purchase register was
read and did not list the document, and so does a full download of the register of the
document's period that did not include it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from cymadesk.models.company import Company
from cymadesk.models.document import Document
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.risk.content import Content, ReferenceKey
from cymadesk.risk.settings import RiskSettings

# The history of a document is at most this many of its emisor's earlier documents (the
# most recent ones): plenty for robust statistics, and it bounds the work of each import.
HISTORY_LIMIT = 200
# Registry actions that decide a document: acceptances and claims.
ACCEPTANCES = frozenset({"ACD", "ERM"})
CLAIMS = frozenset({"RCD", "RFP", "RFT"})


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    verdict: Verdict
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RcvFacts:
    """The document's row in the SII's purchase register (RCV)."""

    estado: str
    received_at: dt.datetime | None
    acuse_at: dt.datetime | None
    reclamo_at: dt.datetime | None
    monto_total: int | None
    source: str
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Decided:
    """A decision on a document and when it was made: by the company, at the SII or tacitly."""

    action: str
    at: dt.datetime
    origin: str

    @property
    def accepts(self) -> bool:
        return self.action in ACCEPTANCES or self.action == "TACITA"


@dataclass(frozen=True, slots=True)
class Arrival:
    """One copy of a document: the file it came in and when."""

    name: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Subject:
    """The document being evaluated, with its verdicts, copies and SII facts."""

    id: int
    ambiente_key: str
    ambiente: Ambiente | None
    rut_emisor: str
    tipo: int
    folio: str
    category: Category
    body_sha256: str
    monto_total: int | None
    moneda: str
    fecha_emision: dt.date | None
    signed_at: dt.datetime | None
    first_seen_at: dt.datetime
    decision_state: DecisionState
    document: Document
    content: Content
    verdicts: Mapping[VerdictKey, StoredVerdict]
    arrivals: tuple[Arrival, ...] = ()
    rcv: RcvFacts | None = None
    decisions: tuple[Decided, ...] = ()
    signer: str | None = None
    register_read_at: dt.datetime | None = None
    """When the SII sync last read in full the purchase register of this document's period."""
    dismissed: frozenset[str] = frozenset()
    """Codes of this document's findings that the user dismissed."""

    def verdict(self, key: VerdictKey) -> Verdict | None:
        stored = self.verdicts.get(key)
        return stored.verdict if stored is not None else None

    def failed(self, key: VerdictKey) -> Verdict | None:
        """Return the verdict of ``key`` when it failed, else None."""
        verdict = self.verdict(key)
        return verdict if verdict is not None and verdict.state is VerdictState.FALLA else None

    @property
    def arrival_date(self) -> dt.date:
        """The day the first copy arrived, on the Santiago calendar."""
        return self.first_seen_at.astimezone(SANTIAGO).date()

    @property
    def earliest_known(self) -> dt.datetime:
        """The earliest moment the document is known to exist: its signature or arrival."""
        return earliest_known(self.signed_at, self.first_seen_at)

    def register_periods(self, grace_days: int) -> frozenset[str]:
        """Return the register periods (``YYYYMM``) the SII may have filed this document under."""
        return register_periods(self.earliest_known, grace_days)

    @property
    def decided(self) -> Decided | None:
        """The first decision on this document, if any."""
        return min(self.decisions, key=lambda decided: decided.at, default=None)


@dataclass(frozen=True, slots=True)
class Peer:
    """Another stored document of the same emisor, as history and duplicate rules see it."""

    id: int
    ambiente_key: str
    tipo: int
    folio: str
    category: Category
    body_sha256: str
    monto_total: int | None
    moneda: str
    fecha_emision: dt.date | None
    signed_at: dt.datetime | None
    first_seen_at: dt.datetime
    authentic: bool
    content: Content
    signer: str | None = None

    def order_key(self) -> tuple[dt.date, dt.datetime, int]:
        return order_key(self.fecha_emision, self.signed_at, self.first_seen_at, self.id)


def earliest_known(signed_at: dt.datetime | None, first_seen_at: dt.datetime) -> dt.datetime:
    """Return the earliest moment a document is known to exist: its signature or arrival."""
    if signed_at is not None and signed_at < first_seen_at:
        return signed_at
    return first_seen_at


def register_periods(earliest: dt.datetime, grace_days: int) -> frozenset[str]:
    """Return the register periods (``YYYYMM``) the SII may file a document under.

    The SII files a document in the month it received it: the month the document is first
    known (``earliest``), and the next month too when the grace period crosses into it.
    """
    first = earliest.astimezone(SANTIAGO)
    last = first + dt.timedelta(days=grace_days)
    return frozenset({first.strftime("%Y%m"), last.strftime("%Y%m")})


def order_key(
    fecha: dt.date | None, signed_at: dt.datetime | None, first_seen: dt.datetime, identifier: int
) -> tuple[dt.date, dt.datetime, int]:
    """Issue order of one emisor's documents: issue date, signature time, then storage order."""
    return (fecha or dt.date.min, signed_at or first_seen, identifier)


@dataclass(frozen=True, slots=True)
class Referenced:
    """A stored document that a Referencia of the subject names, and how it was decided."""

    id: int
    tipo: int
    folio: str
    monto_total: int | None
    decisions: tuple[Decided, ...] = ()

    def accepted_before(self, moment: dt.datetime) -> Decided | None:
        """Return the acceptance (express or tacit) before ``moment``, unless it was claimed."""
        ordered = sorted(self.decisions, key=lambda decided: decided.at)
        if any(not decided.accepts for decided in ordered if decided.at <= moment):
            return None
        return next((decided for decided in ordered if decided.at <= moment), None)


@dataclass(frozen=True)
class Evaluation:
    """Everything one evaluation of one document may read.

    ``peers`` contains the stored documents of the same emisor (every method skips the
    subject among them). ``referenced`` maps each of the subject's references to electronic
    documents to the stored document, or to None when none is stored. ``covered_since`` is
    the earliest issue date stored for the company, because older documents may simply
    predate the company's use of CymaDesk.
    """

    subject: Subject
    company: Company
    settings: RiskSettings
    now: dt.datetime
    peers: tuple[Peer, ...] = ()
    referenced: Mapping[ReferenceKey, Referenced | None] = field(default_factory=dict)
    covered_since: dt.date | None = None

    def others(self) -> Iterator[Peer]:
        """Iterate over the emisor's stored documents other than the subject."""
        return (peer for peer in self.peers if peer.id != self.subject.id)

    @cached_property
    def subject_order(self) -> tuple[dt.date, dt.datetime, int]:
        subject = self.subject
        return order_key(
            subject.fecha_emision, subject.signed_at, subject.first_seen_at, subject.id
        )

    @cached_property
    def same_identity(self) -> tuple[Peer, ...]:
        """Other bodies stored under this document's identity."""
        subject = self.subject
        return tuple(
            peer
            for peer in self.peers
            if peer.id != subject.id
            and peer.ambiente_key == subject.ambiente_key
            and peer.tipo == subject.tipo
            and peer.folio == subject.folio
        )

    @cached_property
    def history(self) -> tuple[Peer, ...]:
        """The emisor's earlier documents that count as its track record.

        Earlier means issued before (see ``order_key``). Only documents addressed to the
        company, in the same environment, under another identity, whose signature and stamp
        did not fail: a forged document must not become the baseline. At most the
        ``HISTORY_LIMIT`` most recent of them, oldest first.
        """
        subject = self.subject
        mine = self.subject_order
        earlier = sorted(
            (
                peer
                for peer in self.peers
                if peer.id != subject.id
                and peer.order_key() < mine
                and peer.category is Category.INBOX
                and peer.ambiente_key == subject.ambiente_key
                and peer.authentic
                and not (peer.tipo == subject.tipo and peer.folio == subject.folio)
            ),
            key=Peer.order_key,
        )
        return tuple(earlier[-HISTORY_LIMIT:])


def is_note(tipo: int) -> bool:
    return tipo in (56, 61, 111, 112)


@dataclass(frozen=True, slots=True)
class RegisterOnly:
    """A row of the SII purchase register with no stored document behind it."""

    rut_emisor: str
    tipo: int
    folio: str
    razon_social: str | None
    estado: str
    fecha_documento: dt.date | None
    received_at: dt.datetime | None
    monto_total: int | None


# Names of decisions in explanations. SII registry events keep the code the field uses, and
# the acceptance that 8 days without a claim give gets its Spanish name.
_DECISION_NAMES = {"TACITA": "aceptación tácita"}


def decision_name(action: str) -> str:
    """Return how a finding's explanation names a decision (``ACD``, ``aceptación tácita``)."""
    return _DECISION_NAMES.get(action, action)
