"""The inbox of one company at scale: a cached column store for views, search and sorting.

Scanning 100,000 rows of an encrypted database for every keystroke of a search takes most of
a second, because SQLCipher decrypts every page it reads. So the inbox loads the few columns
that views, search and sorting need once, in one query (``InboxIndex``), and computes every
change of view, search or sort order from memory. The rows the table shows are fetched
lazily, a page at a time, by id (``InboxService.rows``). Changes that touch one document
(marking it read) update the index in place; an import reloads it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from cymadesk.models.inbox import Category, DecisionState, InboxRow, UnprocessableItem, View
from cymadesk.models.money import major_units, parse_amount_text
from cymadesk.models.risk import RiskLevel
from cymadesk.models.rut import Rut
from cymadesk.models.text import fold
from cymadesk.services.queries import CompanyQueries, DocumentDetail
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.documents import SOON_DAYS_DEFAULT, DocumentStore, inbox_row
from cymadesk.storage.records import DocumentRecord

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

# Rank of each risk level for sorting; descending puts the most dangerous first.
RISK_RANK = {
    RiskLevel.SIN_HALLAZGOS.value: 0,
    RiskLevel.BAJO.value: 1,
    RiskLevel.MEDIO.value: 2,
    RiskLevel.ALTO.value: 3,
}
VERDICT_RANK = {"ok": 0, "pendiente": 1, "falla": 2}
INDEX_CACHE_KIB = 65_536
_NO_AMOUNT = Decimal(-1)


class SortKey(enum.StrEnum):
    """The inbox columns one can sort by."""

    RISK = "riesgo"
    EMISOR = "emisor"
    RUT = "rut"
    TIPO = "tipo"
    FOLIO = "folio"
    FECHA = "fecha"
    MONTO = "monto"
    PLAZO = "plazo"
    VERIFICACION = "verificacion"


@dataclass(frozen=True, slots=True)
class InboxQuery:
    """The inbox's selection: one view, an optional search text and a sort order."""

    view: View = View.TODOS
    search: str = ""
    sort: SortKey = SortKey.FECHA
    descending: bool = True


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).upper()


def _rut_number(text: str) -> int:
    body = text.partition("-")[0]
    return int(body) if body.isdigit() else -1


def _utc(text: object) -> dt.datetime | None:
    """Read a timestamp column as stored (naive UTC text) into an aware datetime."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text if text.tzinfo else text.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=dt.UTC)


class _SortedColumn:
    """One column's positions sorted by value, for exact and prefix matches by bisection."""

    def __init__(self, values: Sequence[Any]) -> None:
        self._order = sorted(range(len(values)), key=values.__getitem__)
        self._keys = [values[p] for p in self._order]

    def equal(self, value: Any) -> list[int]:
        start = bisect.bisect_left(self._keys, value)
        end = bisect.bisect_right(self._keys, value, lo=start)
        return self._order[start:end]

    def prefix(self, text: str) -> list[int]:
        start = bisect.bisect_left(self._keys, text)
        # "\uffff" sorts after every character the column's text contains.
        end = bisect.bisect_left(self._keys, text + "\uffff", lo=start)
        return self._order[start:end]


class _Lookups:
    """Folios, RUTs and amounts sorted, so a search finds exact matches without a scan."""

    def __init__(
        self, folios: Sequence[str], ruts: Sequence[str], amounts: Sequence[Decimal | None]
    ) -> None:
        self.folios = _SortedColumn(folios)
        self.ruts = _SortedColumn(ruts)
        # A document without an amount gets -1, which no typed amount equals.
        self.amounts = _SortedColumn(
            [_NO_AMOUNT if amount is None else amount for amount in amounts]
        )


class InboxIndex:
    """The columns of every document of a company that views, search and sorting read.

    Built from raw rows in the order of ``INDEX_COLUMNS``; ``date_ordered`` means they
    arrive sorted by (fecha_emision, id). Positions in the column lists are
    stable for the life of the index: ``ids[p]`` is the document at position ``p``. Sorted
    orders are computed once per sort key and cached.
    """

    def __init__(self, records: Sequence[Sequence[object]], *, date_ordered: bool = False) -> None:
        columns = list(zip(*records, strict=True)) if records else [()] * len(INDEX_COLUMNS)
        (ids, category, decision, risk, deadline, read, names, ruts, tipos, folios) = columns[:10]
        (folio_numbers, fechas, amounts, currencies, verdicts, failed) = columns[10:]
        self.ids: list[int] = [int(str(value)) for value in ids]
        self.category: list[str] = [str(value) for value in category]
        self.decision: list[str] = [str(value) for value in decision]
        self.risk: list[int] = [RISK_RANK.get(str(value), 0) for value in risk]
        self.deadline: list[dt.datetime | None] = [_utc(value) for value in deadline]
        self.read: list[bool] = [bool(value) for value in read]
        self._names: list[str] = [fold(str(value or "")) for value in names]
        self._ruts: list[str] = [str(value) for value in ruts]
        self._folios: list[str] = [str(value) for value in folios]
        # Amounts in whole currency units, so a search for 29.602,50 finds US$ 29.602,50.
        self._amounts: list[Decimal | None] = [
            major_units(value, str(currency or "CLP")) if isinstance(value, int) else None
            for value, currency in zip(amounts, currencies, strict=True)
        ]
        self.position = {identifier: index for index, identifier in enumerate(self.ids)}
        # Sort values are built on first use of each key, from these columns.
        self._raw = {
            "tipos": tipos,
            "folio_numbers": folio_numbers,
            "fechas": fechas,
            "amounts": amounts,
            "currencies": currencies,
            "verdicts": verdicts,
            "failed": failed,
        }
        self._orders: dict[SortKey, list[int]] = {}
        # Built here, off the GUI thread, so that the first search is as quick as the others.
        self._lookups = _Lookups(self._folios, self._ruts, self._amounts)
        if date_ordered:
            # The caller sorted the records by (fecha_emision, id): the default order is free.
            self._orders[SortKey.FECHA] = list(range(len(self.ids)))

    def __len__(self) -> int:
        return len(self.ids)

    def _sort_values(self, key: SortKey) -> list[object]:
        raw = self._raw
        if key is SortKey.RISK:
            return list(self.risk)
        if key is SortKey.EMISOR:
            return list(zip(self._names, self._ruts, strict=True))
        if key is SortKey.RUT:
            return [_rut_number(value) for value in self._ruts]
        if key is SortKey.TIPO:
            return [int(str(value)) for value in raw["tipos"]]
        if key is SortKey.FOLIO:
            return [
                (number if isinstance(number, int) else -1, folio)
                for number, folio in zip(raw["folio_numbers"], self._folios, strict=True)
            ]
        if key is SortKey.FECHA:
            # ISO dates (text or date objects) sort in calendar order; missing dates first.
            return [str(value) if value is not None else "" for value in raw["fechas"]]
        if key is SortKey.MONTO:
            # Pesos first, then other currencies grouped by code, each by amount.
            return [
                (currency != "CLP", str(currency), amount if isinstance(amount, int) else -1)
                for amount, currency in zip(raw["amounts"], raw["currencies"], strict=True)
            ]
        if key is SortKey.PLAZO:
            return [due.timestamp() if due else float("inf") for due in self.deadline]
        return [
            (VERDICT_RANK.get(str(verdict), 1), int(str(failed or 0)))
            for verdict, failed in zip(raw["verdicts"], raw["failed"], strict=True)
        ]

    def _order(self, key: SortKey) -> list[int]:
        order = self._orders.get(key)
        if order is None:
            values = self._sort_values(key)
            ids = self.ids
            # Ties keep a stable order by id, so that equal rows never swap between queries.
            order = sorted(range(len(ids)), key=lambda p: (values[p], ids[p]))
            self._orders[key] = order
        return order

    def in_view(
        self, view: View, now: dt.datetime, soon_days: int = SOON_DAYS_DEFAULT
    ) -> list[bool]:
        """Return one flag per position: whether the document belongs to ``view``.

        The rules are those of ``DocumentStore.rows`` in ``cymadesk.storage.documents``.
        """
        inbox = Category.INBOX.value
        pending = DecisionState.PENDIENTE.value
        if view is View.TODOS:
            return [category == inbox for category in self.category]
        if view is View.PENDIENTES:
            return [
                c == inbox and d == pending
                for c, d in zip(self.category, self.decision, strict=True)
            ]
        if view is View.RIESGO_ALTO:
            high = RISK_RANK[RiskLevel.ALTO.value]
            return [c == inbox and r == high for c, r in zip(self.category, self.risk, strict=True)]
        if view is View.VENCEN_PRONTO:
            limit = now + dt.timedelta(days=soon_days)
            return [
                c == inbox and d == pending and due is not None and now < due <= limit
                for c, d, due in zip(self.category, self.decision, self.deadline, strict=True)
            ]
        if view is View.ACEPTADOS:
            return [d == DecisionState.ACEPTADO.value for d in self.decision]
        if view is View.RECLAMADOS:
            return [d == DecisionState.RECLAMADO.value for d in self.decision]
        if view is View.NO_CORRESPONDEN:
            return [c == Category.NOT_ADDRESSED.value for c in self.category]
        raise ValueError(f"view {view} lists no documents")

    def matching(self, text: str) -> list[bool]:
        """Return one flag per position: whether the document matches the search text.

        It matches what ``search_condition`` in ``cymadesk.storage.documents`` matches
        (razón social, folio, RUT in any format, the leading digits of a RUT, an amount in
        its currency as Chileans write it), and also ignores accents and case in the razón
        social.
        """
        cleaned = text.strip()
        needle = fold(cleaned)
        flags = [needle in name for name in self._names]
        lookups = self._lookups
        matched = lookups.folios.equal(cleaned)
        rut = Rut.try_parse(cleaned, strict=False)
        if rut is not None:
            matched.extend(lookups.ruts.equal(rut.canonical))
        amount = parse_amount_text(cleaned)
        if amount is not None:
            matched.extend(lookups.amounts.equal(amount))
        digits = _compact(cleaned)
        if digits.isdigit():
            matched.extend(lookups.folios.equal(digits.lstrip("0")))
            matched.extend(lookups.ruts.prefix(digits))
        for p in matched:
            flags[p] = True
        return flags

    def select(self, query: InboxQuery, now: dt.datetime) -> list[int]:
        """Return the ids of the documents ``query`` lists, in its order."""
        keep = self.in_view(query.view, now)
        if query.search.strip():
            keep = [a and b for a, b in zip(keep, self.matching(query.search), strict=True)]
        order = self._order(query.sort)
        ids = self.ids
        selected = [ids[p] for p in order if keep[p]]
        if query.descending:
            selected.reverse()
        return selected

    def counts(self, now: dt.datetime) -> dict[View, int]:
        """Count the documents of each view (every view but NO_PROCESABLES)."""
        return {
            view: sum(self.in_view(view, now)) for view in View if view is not View.NO_PROCESABLES
        }

    def mark_read(self, document_id: int) -> None:
        position = self.position.get(document_id)
        if position is not None:
            self.read[position] = True


INDEX_COLUMNS = (
    DocumentRecord.id,
    DocumentRecord.category,
    DocumentRecord.decision_state,
    DocumentRecord.risk_level,
    DocumentRecord.deadline_at,
    DocumentRecord.read,
    DocumentRecord.razon_social_emisor,
    DocumentRecord.rut_emisor,
    DocumentRecord.tipo,
    DocumentRecord.folio,
    DocumentRecord.folio_number,
    DocumentRecord.fecha_emision,
    DocumentRecord.monto_total,
    DocumentRecord.moneda,
    DocumentRecord.verdict_summary,
    DocumentRecord.failed_checks,
)


class InboxService:
    """Reads and writes of one open company's inbox, for the app."""

    def __init__(self, opened: OpenCompany, clock: Clock) -> None:
        self.opened = opened
        self.company = opened.company
        self.clock = clock
        self.queries = CompanyQueries(opened, clock)

    def load_index(self) -> InboxIndex:
        """Read the index columns of every document in one query (slow: run it off the GUI)."""
        # Raw rows skip SQLAlchemy's per-value conversions, a third of the time at 100,000.
        statement = (
            select(*INDEX_COLUMNS)
            .where(DocumentRecord.company_id == self.company.id)
            .order_by(DocumentRecord.fecha_emision, DocumentRecord.id)
        )
        with self.opened.database.read() as session:
            connection = session.connection()
            # SQLCipher decrypts every page it reads; a page cache larger than the default
            # 2 MiB halves the time of this scan at 100,000 documents (bench/inbox.py).
            connection.exec_driver_sql(f"PRAGMA cache_size = -{INDEX_CACHE_KIB}")
            compiled = statement.compile(connection)
            cursor = connection.exec_driver_sql(str(compiled), tuple(compiled.params.values()))
            index = InboxIndex(cursor.fetchall(), date_ordered=True)
        logger.info("Loaded inbox index of company %s: %d documents", self.company.rut, len(index))
        return index

    def rows(self, ids: Sequence[int]) -> dict[int, InboxRow]:
        """Return the inbox rows of these documents by id (missing ids are left out)."""
        if not ids:
            return {}
        with self.opened.database.read() as session:
            records = session.scalars(
                select(DocumentRecord).where(
                    DocumentRecord.company_id == self.company.id,
                    DocumentRecord.id.in_(list(ids)),
                )
            )
            return {record.id: inbox_row(record) for record in records}

    def newest_rows(self, view: View, limit: int) -> list[InboxRow]:
        """Return the newest documents of a view, by issue date, from SQL (milliseconds).

        The inbox shows them while its index loads; the order is ``InboxQuery``'s default.
        """
        with self.opened.database.read() as session:
            store = DocumentStore(session, self.company.id)
            return store.rows(view, now=self.clock(), limit=limit)

    def mark_read(self, document_id: int) -> None:
        with self.opened.database.write() as session:
            session.execute(
                update(DocumentRecord)
                .where(
                    DocumentRecord.company_id == self.company.id,
                    DocumentRecord.id == document_id,
                    DocumentRecord.read.is_(False),
                )
                .values(read=True)
            )

    def unprocessable(self) -> list[UnprocessableItem]:
        return self.queries.unprocessable()

    def unprocessable_count(self) -> int:
        with self.opened.database.read() as session:
            return DocumentStore(session, self.company.id).count(
                View.NO_PROCESABLES, now=self.clock()
            )

    def detail(self, document_id: int) -> DocumentDetail:
        return self.queries.detail(document_id)
