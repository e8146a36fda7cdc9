"""The inbox table: a ``QAbstractTableModel`` over the ids of the listed documents.

The model keeps the ordered ids that the inbox index selected (see
``cymadesk.services.inbox``) and fetches the immutable ``InboxRow`` of each id lazily, a
page at a time, keeping them in a cache that outlives changes of view, search and order.
Sorting is answered by the index, not by a proxy: a click on a header emits
``sort_requested`` and the inbox pane applies the new order. ``SORT_ROLE`` still returns
each cell's native value, so a ``QSortFilterProxyModel`` sorts a small model the same way.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from cymadesk.formatting import format_date, format_stored_amount
from cymadesk.models.inbox import InboxRow
from cymadesk.models.risk import RiskLevel
from cymadesk.services.inbox import RISK_RANK, VERDICT_RANK, SortKey
from cymadesk.ui.icons import risk_icon
from cymadesk.ui.tasks import assert_gui_thread
from cymadesk.ui.texts import deadline_label, risk_label, verdict_summary_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
PAGE_SIZE = 200

AnyIndex = QModelIndex | QPersistentModelIndex
RowFetcher = Callable[[Sequence[int]], Mapping[int, InboxRow]]


class Column(enum.IntEnum):
    RISK = 0
    EMISOR = 1
    TIPO = 2
    FOLIO = 3
    FECHA = 4
    MONTO = 5
    PLAZO = 6
    VERIFICACION = 7
    RUT = 8


HEADERS = {
    Column.RISK: QT_TRANSLATE_NOOP("InboxTableModel", "Risk"),
    Column.EMISOR: QT_TRANSLATE_NOOP("InboxTableModel", "Issuer"),
    Column.RUT: QT_TRANSLATE_NOOP("InboxTableModel", "Issuer RUT"),
    Column.TIPO: QT_TRANSLATE_NOOP("InboxTableModel", "Type"),
    Column.FOLIO: QT_TRANSLATE_NOOP("InboxTableModel", "Folio"),
    Column.FECHA: QT_TRANSLATE_NOOP("InboxTableModel", "Issued"),
    Column.MONTO: QT_TRANSLATE_NOOP("InboxTableModel", "Total"),
    Column.PLAZO: QT_TRANSLATE_NOOP("InboxTableModel", "Deadline"),
    Column.VERIFICACION: QT_TRANSLATE_NOOP("InboxTableModel", "Verification"),
}

SORT_KEYS = {
    Column.RISK: SortKey.RISK,
    Column.EMISOR: SortKey.EMISOR,
    Column.RUT: SortKey.RUT,
    Column.TIPO: SortKey.TIPO,
    Column.FOLIO: SortKey.FOLIO,
    Column.FECHA: SortKey.FECHA,
    Column.MONTO: SortKey.MONTO,
    Column.PLAZO: SortKey.PLAZO,
    Column.VERIFICACION: SortKey.VERIFICACION,
}

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def amount_text(row: InboxRow) -> str:
    """``$1.234.567`` for pesos, ``US$ 30.276,00`` for other currencies."""
    return format_stored_amount(row.monto_total, row.moneda)


def sort_value(row: InboxRow, column: Column) -> Any:
    """Return the native value that the inbox index sorts ``column`` by (``SORT_ROLE``)."""
    if column is Column.RISK:
        return RISK_RANK[row.risk_level.value]
    if column is Column.EMISOR:
        return (row.razon_social_emisor or "").casefold()
    if column is Column.RUT:
        return row.rut_emisor.number if row.rut_emisor else -1
    if column is Column.TIPO:
        return row.tipo_code
    if column is Column.FOLIO:
        return int(row.folio) if row.folio.isdigit() else -1
    if column is Column.FECHA:
        return row.fecha_emision.toordinal() if row.fecha_emision else 0
    if column is Column.MONTO:
        return row.monto_total if row.monto_total is not None else -1
    if column is Column.PLAZO:
        return row.deadline_at.timestamp() if row.deadline_at else float("inf")
    return VERDICT_RANK.get(row.verdict_summary, 1) * 100 + row.failed_checks


class InboxTableModel(QAbstractTableModel):
    """The listed documents, one row each, fetched lazily by id.

    Signals:
        sort_requested(object, bool): the sort key and whether descending, after a header
            click; the owner computes the new order and calls ``set_ids``.
    """

    sort_requested = Signal(object, bool)

    def __init__(
        self,
        fetch_rows: RowFetcher,
        clock: Callable[[], dt.datetime],
        language: str,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._clock = clock
        self._language = language
        self._ids: list[int] = []
        self._cache: dict[int, InboxRow] = {}

    # Changing the model

    def set_ids(self, ids: Sequence[int]) -> None:
        """List these documents, in this order; rows already fetched stay cached."""
        assert_gui_thread()
        self.beginResetModel()
        self._ids = list(ids)
        self.endResetModel()

    def show_rows(self, rows: Sequence[InboxRow]) -> None:
        """List exactly these rows (a first page shown before the full list is known)."""
        assert_gui_thread()
        self.beginResetModel()
        self._cache.update((row.id, row) for row in rows)
        self._ids = [row.id for row in rows]
        self.endResetModel()

    def set_fetcher(self, fetch_rows: RowFetcher) -> None:
        """Read rows from another company: forget every cached row and every id."""
        assert_gui_thread()
        self.beginResetModel()
        self._fetch_rows = fetch_rows
        self._ids = []
        self._cache.clear()
        self.endResetModel()

    def replace_row(self, row: InboxRow) -> None:
        """Show a changed document (it was marked read, say) without touching other rows."""
        assert_gui_thread()
        self._cache[row.id] = row
        position = self.position_of(row.id)
        if position is not None:
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(Column) - 1))

    def forget_rows(self) -> None:
        """Drop cached rows after their documents changed in the database (an import)."""
        assert_gui_thread()
        self._cache.clear()

    # Reading the model

    def ids(self) -> list[int]:
        return list(self._ids)

    def position_of(self, document_id: int) -> int | None:
        try:
            return self._ids.index(document_id)
        except ValueError:
            return None

    def row_at(self, position: int) -> InboxRow | None:
        if not 0 <= position < len(self._ids):
            return None
        identifier = self._ids[position]
        row = self._cache.get(identifier)
        if row is None:
            self._fetch_page(position)
            row = self._cache.get(identifier)
        return row

    def _fetch_page(self, position: int) -> None:
        start = position - position % PAGE_SIZE
        wanted = [i for i in self._ids[start : start + PAGE_SIZE] if i not in self._cache]
        self._cache.update(self._fetch_rows(wanted))

    # QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("InboxTableModel", str(HEADERS[Column(section)]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(Column):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.RISK:
            return risk_icon(row.risk_level)
        if role == Qt.ItemDataRole.FontRole and not row.read:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (Column.FOLIO, Column.MONTO) else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == SORT_ROLE:
            return sort_value(row, column)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        return None

    def _display(self, row: InboxRow, column: Column) -> str:
        if column is Column.RISK:
            return risk_label(row.risk_level, self._language)
        if column is Column.EMISOR:
            return row.razon_social_emisor or ""
        if column is Column.RUT:
            return row.rut_emisor.formatted if row.rut_emisor else row.rut_emisor_text
        if column is Column.TIPO:
            return row.tipo.short_name if row.tipo else str(row.tipo_code)
        if column is Column.FOLIO:
            return row.folio
        if column is Column.FECHA:
            return format_date(row.fecha_emision)
        if column is Column.MONTO:
            return amount_text(row)
        if column is Column.PLAZO:
            return deadline_label(
                row.deadline_at,
                row.deadline_estimated,
                self._clock(),
                self._language,
                row.decision_state,
            )
        return verdict_summary_label(row)

    def _tooltip(self, row: InboxRow, column: Column) -> str | None:
        if column is Column.EMISOR:
            rut = row.rut_emisor.formatted if row.rut_emisor else row.rut_emisor_text
            return f"{row.razon_social_emisor or ''}\n{rut}"
        if column is Column.TIPO and row.tipo is not None:
            return row.tipo.spanish_name
        if column is Column.RISK and row.risk_level is not RiskLevel.SIN_HALLAZGOS:
            return QCoreApplication.translate(
                "InboxTableModel", "Open the document to see the risk findings"
            )
        if column is Column.PLAZO and row.deadline_estimated and row.deadline_at is not None:
            return QCoreApplication.translate(
                "InboxTableModel",
                "Estimated from the signature or arrival time until the SII's reception "
                "date is known",
            )
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(Column):
            descending = order is Qt.SortOrder.DescendingOrder
            self.sort_requested.emit(SORT_KEYS[Column(column)], descending)
