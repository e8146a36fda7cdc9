"""The risk engine: loads the facts of documents, runs every rule and stores the findings.

It is the ``FindingsEvaluator`` the import pipeline calls inside each file's transaction,
the SII sync calls after storing new SII facts, and ``cymadesk riesgo`` calls for every
stored document.

How far one change reaches: the history rules compare a document only with its emisor's
documents issued before it, and the duplicate rules likewise look back. So when document N
of emisor E is new or changed, the engine re-evaluates N and every document of E issued
after N, because their history and duplicate checks may include N. It also re-evaluates
every other body under N's identity and every document whose references name N. Documents
of E issued before N cannot depend on N and keep their findings.
NOTE: a note that names N from another emisor (RUTOtr) is re-evaluated only by a full run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from cymadesk.models.company import Company
from cymadesk.models.document import Document
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.risk import RiskFinding, RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente, VerdictKey
from cymadesk.risk import rules
from cymadesk.risk.content import Content, document_content, reference_key
from cymadesk.risk.facts import (
    HISTORY_LIMIT,
    Arrival,
    Decided,
    Evaluation,
    Peer,
    RcvFacts,
    Referenced,
    ReferenceKey,
    RegisterOnly,
    StoredVerdict,
    Subject,
    order_key,
)
from cymadesk.risk.rules.sii import check_missing_xml
from cymadesk.risk.settings import RiskSettings
from cymadesk.sii.envelope import NotTaxDocument, split
from cymadesk.sii.parse import parse_document
from cymadesk.sii.xmlload import XmlRejected, load_xml
from cymadesk.storage.findings import DecisionFact, FindingStore, PeerRow, TimedVerdict
from cymadesk.storage.records import DocumentRecord, RcvEntryRecord

logger = logging.getLogger(__name__)

Value = TypeVar("Value")

# Parsed contents kept between evaluations, by body digest. Each is a few kilobytes.
CONTENT_CACHE_SIZE = 20_000
# Parsed documents kept between the history read and the evaluation of an import's targets.
DOCUMENT_CACHE_SIZE = 256
# Extra newest documents read on a change, so the changed ones and a few after them fit.
WINDOW_SLACK = 50


class _BodyCache(Generic[Value]):
    """A thread-safe LRU by body digest: two documents with the same body parse the same."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Value | None:
        with self._lock:
            content = self._items.get(key)
            if content is not None:
                self._items.move_to_end(key)
            return content

    def put(self, key: str, content: Value) -> None:
        with self._lock:
            self._items[key] = content
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@dataclass(frozen=True, slots=True)
class RegisterFinding:
    """A finding on an SII register row whose XML never arrived (it has no document row)."""

    entry: RegisterOnly
    finding: RiskFinding


Identity = tuple[str, int, str]


def _identity(record: DocumentRecord) -> Identity:
    return (record.rut_emisor, record.tipo, record.folio)


def _signer(row: PeerRow) -> str | None:
    """Return the signer's RUT (as people read it), else name, from the certificate verdict."""
    return _signer_text(row.signer_rut, row.signer_name)


@lru_cache(maxsize=4096)
def _signer_text(rut_text: str | None, name: str | None) -> str | None:
    # Cached because every evaluation reads the same signers across an emisor's history.
    rut = Rut.try_parse(rut_text, strict=False)
    if rut is not None:
        return rut.formatted
    return name or None


def _decided(facts: Iterable[DecisionFact]) -> tuple[Decided, ...]:
    return tuple(Decided(fact.action, fact.at, fact.origin) for fact in facts)


def _row_order(row: PeerRow) -> tuple[dt.date, dt.datetime, int]:
    return order_key(row.fecha_emision, row.signed_at, row.first_seen_at, row.id)


class RiskEngine:
    """Evaluates documents of one company at a time and stores their findings and levels."""

    def __init__(self, *, cache_size: int = CONTENT_CACHE_SIZE) -> None:
        self._contents: _BodyCache[Content] = _BodyCache(cache_size)
        self._documents: _BodyCache[Document] = _BodyCache(DOCUMENT_CACHE_SIZE)

    # Entry points

    def evaluate(
        self, session: Session, company: Company, document_ids: Sequence[int], now: dt.datetime
    ) -> None:
        """Re-evaluate the given documents and every document their change can affect."""
        store = FindingStore(session, company.id)
        changed = store.documents(document_ids)
        if changed:
            self._run(store, company, now, changed, reach=True)

    def evaluate_all(self, session: Session, company: Company, now: dt.datetime) -> int:
        """Re-evaluate every stored document of the company; return how many."""
        store = FindingStore(session, company.id)
        records = store.documents(store.document_ids())
        self._run(store, company, now, records, reach=False)
        return len(records)

    def register_findings(
        self, session: Session, company: Company, now: dt.datetime
    ) -> list[RegisterFinding]:
        """Findings on SII register rows whose XML never arrived. They are computed, not stored."""
        store = FindingStore(session, company.id)
        settings = RiskSettings.from_stored(store.settings())
        return [
            RegisterFinding(entry, check_missing_xml(entry, settings, now))
            for entry in map(_register_only, store.register_only())
        ]

    # Evaluation

    def _run(
        self,
        store: FindingStore,
        company: Company,
        now: dt.datetime,
        changed: Sequence[DocumentRecord],
        *,
        reach: bool,
    ) -> None:
        settings = RiskSettings.from_stored(store.settings())
        context = _Context(self, store, company, settings, now, store.earliest_issue_date())
        context.register_reads = store.register_reads()
        by_emisor: dict[str, list[DocumentRecord]] = defaultdict(list)
        for record in changed:
            by_emisor[record.rut_emisor].append(record)
        counts: dict[RiskLevel, int] = defaultdict(int)
        for rut_emisor, records in sorted(by_emisor.items()):
            rows, contents = self._peers(store, rut_emisor, records if reach else None)
            if reach:
                reached = _reached(records, rows, contents)
                known = {record.id for record in records}
                records = [*records, *store.documents([i for i in reached if i not in known])]
            for level in context.evaluate(rows, contents, records):
                counts[level] += 1
        logger.info(
            "Evaluated risk of %d documents of company %s: %s",
            sum(counts.values()),
            company.rut.canonical,
            ", ".join(f"{level.value} {count}" for level, count in sorted(counts.items())),
        )

    def _peers(
        self, store: FindingStore, rut_emisor: str, changed: Sequence[DocumentRecord] | None
    ) -> tuple[list[PeerRow], dict[int, Content]]:
        """Load the emisor's documents, newest first, with their contents.

        For a change (``changed``), only the newest ones are read when they are enough: the
        changed documents and those after them, plus ``HISTORY_LIMIT`` earlier ones for the
        oldest of them. Otherwise, and for a full run, all of them.
        """
        rows: list[PeerRow] | None = None
        if changed is not None:
            window = HISTORY_LIMIT + WINDOW_SLACK
            newest = store.peer_rows(rut_emisor, limit=window)
            first = min(
                order_key(record.fecha_emision, record.signed_at, record.first_seen_at, record.id)
                for record in changed
            )
            after = sum(1 for row in newest if _row_order(row) >= first)
            if len(newest) < window or after + HISTORY_LIMIT < len(newest):
                rows = newest
        if rows is None:
            rows = store.peer_rows(rut_emisor)
        return rows, self._contents_of(store, rows)

    def _contents_of(self, store: FindingStore, rows: Sequence[PeerRow]) -> dict[int, Content]:
        """Contents by document id, parsing (and caching) those not seen before."""
        contents: dict[int, Content] = {}
        missing: list[PeerRow] = []
        for row in rows:
            cached = self._contents.get(row.body_sha256)
            if cached is not None:
                contents[row.id] = cached
            else:
                missing.append(row)
        bodies = {row.id: row.body_sha256 for row in missing}
        for identifier, document in parse_stored(store, missing).items():
            content = document_content(document)
            self._contents.put(bodies[identifier], content)
            self._documents.put(bodies[identifier], document)
            contents[identifier] = content
        return contents

    def documents_of(
        self, store: FindingStore, records: Sequence[DocumentRecord]
    ) -> dict[int, Document]:
        """Parsed documents by id, reusing those just parsed for the history."""
        documents: dict[int, Document] = {}
        missing: list[DocumentRecord] = []
        for record in records:
            cached = self._documents.get(record.body_sha256)
            if cached is not None:
                documents[record.id] = cached
            else:
                missing.append(record)
        documents.update(parse_stored(store, missing))
        return documents


def _reached(
    changed: Sequence[DocumentRecord], rows: Sequence[PeerRow], contents: Mapping[int, Content]
) -> list[int]:
    """Ids of the emisor's documents a change of ``changed`` can affect.

    Those are the documents after the earliest changed one in issue order (their history and
    duplicate checks look back), the other bodies under the changed identities and the
    documents whose references name them (see the module docstring).
    """
    identities = {_identity(record) for record in changed}
    same_identity = {(tipo, folio) for _, tipo, folio in identities}
    first = min(
        order_key(record.fecha_emision, record.signed_at, record.first_seen_at, record.id)
        for record in changed
    )
    return [
        row.id
        for row in rows
        if (row.tipo, row.folio) in same_identity
        or _row_order(row) > first
        or not identities.isdisjoint(contents[row.id].references if row.id in contents else ())
    ]


class _Stored(Protocol):
    """The location of a stored document's XML: its source file and its position in it."""

    @property
    def id(self) -> int: ...

    @property
    def source_file_id(self) -> int: ...

    @property
    def position(self) -> int: ...


def parse_stored(store: FindingStore, items: Sequence[_Stored]) -> dict[int, Document]:
    """Parse stored documents from their original files, each file read and split once."""
    by_source: dict[int, list[_Stored]] = defaultdict(list)
    for item in items:
        by_source[item.source_file_id].append(item)
    parsed: dict[int, Document] = {}
    for source_id, group in by_source.items():
        data = store.source_data(source_id)
        if data is None:
            logger.error(
                "Source file %s of documents %s is missing", source_id, [i.id for i in group]
            )
            continue
        try:
            parts = split(load_xml(data, max_bytes=len(data) + 1).root)
        except (XmlRejected, NotTaxDocument) as error:
            logger.error("Cannot read source file %s again: %s", source_id, error)
            continue
        for item in group:
            if item.position < len(parts.dte_elements):
                parsed[item.id] = parse_document(parts.dte_elements[item.position])
            else:
                logger.error("Document %s has no DTE at position %s", item.id, item.position)
    return parsed


class _Context:
    """The facts every evaluation of one run shares: store, company, settings, clock, coverage."""

    def __init__(
        self,
        engine: RiskEngine,
        store: FindingStore,
        company: Company,
        settings: RiskSettings,
        now: dt.datetime,
        covered_since: dt.date | None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.company = company
        self.settings = settings
        self.now = now
        self.covered_since = covered_since
        self.register_reads: dict[str, dt.datetime] = {}

    def _register_read_at(self, subject: Subject) -> dt.datetime | None:
        """When the registers of every period the subject may be filed under were read."""
        periods = subject.register_periods(self.settings.sii_grace_days)
        reads = [self.register_reads.get(period) for period in periods]
        if any(read is None for read in reads):
            return None
        return min(read for read in reads if read is not None)

    def evaluate(
        self,
        rows: Sequence[PeerRow],
        contents: Mapping[int, Content],
        targets: Sequence[DocumentRecord],
    ) -> list[RiskLevel]:
        """Evaluate and store the findings of ``targets``, all of one emisor (``rows``)."""
        store = self.store
        target_ids = [record.id for record in targets]
        documents = self.engine.documents_of(store, targets)
        peers = tuple(_peer(row, contents[row.id]) for row in rows if row.id in contents)
        verdicts = store.verdicts(target_ids)
        arrivals = store.arrivals(target_ids)
        rcv = store.rcv_entries(_identity(record) for record in targets)
        decisions = store.decisions(targets, self.now, rcv)
        dismissed = store.dismissed_codes(target_ids)
        target_set = set(target_ids)
        signers = {row.id: _signer(row) for row in rows if row.id in target_set}
        referenced = self._referenced(documents.values())

        levels: list[RiskLevel] = []
        for record in targets:
            parsed = documents.get(record.id)
            if parsed is None:
                continue
            subject = _subject(
                record,
                parsed,
                contents.get(record.id) or document_content(parsed),
                verdicts[record.id],
                arrivals[record.id],
                rcv.get(_identity(record)),
                decisions[record.id],
                signers.get(record.id),
            )
            subject = dataclasses.replace(
                subject,
                register_read_at=self._register_read_at(subject),
                dismissed=dismissed[record.id],
            )
            evaluation = Evaluation(
                subject=subject,
                company=self.company,
                settings=self.settings,
                now=self.now,
                peers=peers,
                referenced=referenced,
                covered_since=self.covered_since,
            )
            levels.append(store.replace_findings(record.id, rules.evaluate(evaluation), self.now))
        return levels

    def _referenced(self, documents: Iterable[Document]) -> dict[ReferenceKey, Referenced | None]:
        """Look up the stored documents that the targets' references name."""
        keys = {
            key
            for document in documents
            for reference in document.references
            if (key := reference_key(_emisor_rut(document), reference)) is not None
        }
        if not keys:
            return {}
        found = self.store.with_identities(keys)
        decisions = self.store.decisions(list(found.values()), self.now)
        result: dict[ReferenceKey, Referenced | None] = {key: None for key in keys}
        for key, record in found.items():
            result[key] = Referenced(
                id=record.id,
                tipo=record.tipo,
                folio=record.folio,
                monto_total=record.monto_total,
                decisions=_decided(decisions[record.id]),
            )
        return result


def _emisor_rut(document: Document) -> str:
    emisor = document.emisor
    return emisor.rut.canonical if emisor.rut is not None else (emisor.rut_text or "")


def _peer(row: PeerRow, content: Content) -> Peer:
    return Peer(
        id=row.id,
        ambiente_key=row.ambiente_key,
        tipo=row.tipo,
        folio=row.folio,
        category=Category(row.category),
        body_sha256=row.body_sha256,
        monto_total=row.monto_total,
        moneda=row.moneda,
        fecha_emision=row.fecha_emision,
        signed_at=row.signed_at,
        first_seen_at=row.first_seen_at,
        authentic=not row.failed,
        content=content,
        signer=_signer(row),
    )


def _subject(
    record: DocumentRecord,
    document: Document,
    content: Content,
    verdicts: Mapping[VerdictKey, TimedVerdict],
    arrivals: Sequence[tuple[str, dt.datetime]],
    rcv: RcvEntryRecord | None,
    decisions: Sequence[DecisionFact],
    signer: str | None,
) -> Subject:
    return Subject(
        id=record.id,
        ambiente_key=record.ambiente_key,
        ambiente=Ambiente(record.ambiente) if record.ambiente else None,
        rut_emisor=record.rut_emisor,
        tipo=record.tipo,
        folio=record.folio,
        category=Category(record.category),
        body_sha256=record.body_sha256,
        monto_total=record.monto_total,
        moneda=record.moneda,
        fecha_emision=record.fecha_emision,
        signed_at=record.signed_at,
        first_seen_at=record.first_seen_at,
        decision_state=DecisionState(record.decision_state),
        document=document,
        content=content,
        verdicts={
            key: StoredVerdict(timed.verdict, timed.updated_at) for key, timed in verdicts.items()
        },
        arrivals=tuple(Arrival(name, at) for name, at in arrivals),
        rcv=_rcv_facts(rcv) if rcv is not None else None,
        decisions=_decided(decisions),
        signer=signer,
    )


def _rcv_facts(entry: RcvEntryRecord) -> RcvFacts:
    return RcvFacts(
        estado=entry.estado,
        received_at=entry.received_at,
        acuse_at=entry.acuse_at,
        reclamo_at=entry.reclamo_at,
        monto_total=entry.monto_total,
        source=entry.source,
        updated_at=entry.updated_at,
    )


def _register_only(entry: RcvEntryRecord) -> RegisterOnly:
    return RegisterOnly(
        rut_emisor=entry.rut_emisor,
        tipo=entry.tipo,
        folio=entry.folio,
        razon_social=entry.razon_social,
        estado=entry.estado,
        fecha_documento=entry.fecha_documento,
        received_at=entry.received_at,
        monto_total=entry.monto_total,
    )
