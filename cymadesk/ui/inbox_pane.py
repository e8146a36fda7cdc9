"""The inbox pane: the search box above the document table, or the unprocessable list.

The pane owns the company's inbox index (loaded in the background) and the current query.
Every change of view, search text or sort order queries the index for the ordered ids and hands
them to the table model; the rows themselves are fetched lazily by the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cymadesk.models.inbox import View
from cymadesk.services.inbox import InboxIndex, InboxQuery, InboxService, SortKey
from cymadesk.ui.inbox_model import PAGE_SIZE, Column, InboxTableModel
from cymadesk.ui.tasks import BackgroundTasks
from cymadesk.ui.unprocessable_model import UnprocessableTableModel

logger = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150


class InboxTableView(QTableView):
    """A table that moves like a mail client's list: arrows, Home, End, Enter, no Delete.

    Signals:
        activated_by_key(): Enter or Return was pressed on the current row.
    """

    activated_by_key = Signal()

    def moveCursor(  # noqa: N802
        self,
        cursor_action: QAbstractItemView.CursorAction,
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        # A row is one document, so Home and End go to the first and last document, as
        # Ctrl+Home and Ctrl+End do, not to the first and last column of the current row.
        if cursor_action in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursor_action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_by_key.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            # Nothing in the inbox is deleted from the keyboard: documents are evidence.
            event.accept()
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """The search field; Down moves to the table and Escape clears the search.

    Dragged files pass through to the window, which imports them, instead of being
    typed in as their URLs. Dragged text is still inserted.

    Signals:
        leave_requested(): the user pressed Down or Escape to go back to the list.
    """

    leave_requested = Signal()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.ignore()  # Qt then offers the drag to the parent widgets, up to the window
            return
        super().dragEnterEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.leave_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)


class InboxPane(QWidget):
    """Search box and inbox table of one company.

    Signals:
        document_selected(int): the current document changed (-1 when none is selected).
        document_activated(int): Enter or a double click on a document.
        loaded(): the inbox index finished loading and the list shows it.
        counts_changed(object): a ``dict[View, int]`` after loading or an import.
    """

    document_selected = Signal(int)
    document_activated = Signal(int)
    loaded = Signal()
    counts_changed = Signal(object)

    def __init__(
        self,
        tasks: BackgroundTasks,
        clock: Callable[[], dt.datetime],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._clock = clock
        self._inbox: InboxService | None = None
        self._index: InboxIndex | None = None
        self._query = InboxQuery(View.PENDIENTES)
        self._generation = 0
        self._selected_id = -1

        self.search_box = SearchBox(self)
        self.search_box.setPlaceholderText(
            self.tr("Search by RUT, business name, folio or amount (Ctrl+F)")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(
            self.tr("RUT in any format (76.354.771-K, 76354771k), business name, folio or amount")
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.leave_requested.connect(self._focus_table)

        self.model = InboxTableModel(lambda ids: {}, clock, language, self)
        self.table = self._build_table()
        self.unprocessable_model = UnprocessableTableModel(language, self)
        self.unprocessable_table = QTableView(self)
        self.unprocessable_table.setModel(self.unprocessable_model)
        self.unprocessable_table.setSelectionBehavior(
            QAbstractItemView.SelectionBehavior.SelectRows
        )
        self.unprocessable_table.horizontalHeader().setStretchLastSection(False)
        self.unprocessable_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.unprocessable_table.verticalHeader().hide()

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.unprocessable_table)

        # Connected last: the table's initial sort indicator already requests a sort.
        self.model.sort_requested.connect(self._sort)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.stack)

    def _build_table(self) -> InboxTableView:
        table = InboxTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(Column.FECHA, Qt.SortOrder.DescendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The emisor's name takes the width the other columns leave, so all of them fit.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.EMISOR, QHeaderView.ResizeMode.Stretch)
        widths = {
            Column.RISK: 132,
            Column.TIPO: 104,
            Column.FOLIO: 56,
            Column.FECHA: 86,
            Column.MONTO: 108,
            Column.PLAZO: 186,
            Column.VERIFICACION: 168,
            Column.RUT: 98,
        }
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.doubleClicked.connect(lambda index: self._activate(index.row()))
        table.activated_by_key.connect(lambda: self._activate(table.currentIndex().row()))
        return table

    # Company and loading

    def set_inbox(self, inbox: InboxService | None) -> None:
        """Show another company's inbox; its index loads in the background."""
        self._inbox = inbox
        self._index = None
        self._selected_id = -1
        self.model.set_fetcher(inbox.rows if inbox is not None else (lambda ids: {}))
        self.unprocessable_model.set_items([])
        if inbox is not None:
            self._show_newest(inbox)
            self.reload()

    def _show_newest(self, inbox: InboxService) -> None:
        """Paint the first page from SQL at once; the index replaces it when it has loaded."""
        query = self._query
        default_order = query.sort is SortKey.FECHA and query.descending and not query.search
        if default_order and query.view is not View.NO_PROCESABLES:
            self.model.show_rows(inbox.newest_rows(query.view, PAGE_SIZE))

    def reload(self) -> None:
        """Load the index again (after an import) and show the current query."""
        inbox = self._inbox
        if inbox is None:
            return
        self._generation += 1
        generation = self._generation
        self._tasks.run(
            "load inbox index",
            inbox.load_index,
            lambda index: self._index_loaded(generation, index),
            lambda error: logger.error("Could not load the inbox: %s", error),
        )

    def _index_loaded(self, generation: int, index: InboxIndex) -> None:
        if generation != self._generation or self._inbox is None:
            return  # a later load or another company replaced this one
        self._index = index
        self.model.forget_rows()
        self._refresh()
        self.counts_changed.emit(self.counts())
        self.loaded.emit()

    def counts(self) -> dict[View, int]:
        if self._index is None or self._inbox is None:
            return {}
        counts = self._index.counts(self._clock())
        counts[View.NO_PROCESABLES] = self._inbox.unprocessable_count()
        return counts

    @property
    def is_loaded(self) -> bool:
        return self._index is not None

    # Query

    @property
    def query(self) -> InboxQuery:
        return self._query

    def set_view(self, view: View) -> None:
        self._query = dataclasses.replace(self._query, view=view)
        self._refresh()

    def search(self, text: str) -> None:
        """Search now, without waiting for the typing pause."""
        self.search_box.blockSignals(True)
        self.search_box.setText(text)
        self.search_box.blockSignals(False)
        self._apply_search()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self._query = dataclasses.replace(self._query, search=self.search_box.text())
        self._refresh()

    def _sort(self, key: SortKey, descending: bool) -> None:
        self._query = dataclasses.replace(self._query, sort=key, descending=descending)
        self._refresh()

    def _refresh(self) -> None:
        if self._query.view is View.NO_PROCESABLES:
            self.stack.setCurrentWidget(self.unprocessable_table)
            self.search_box.setEnabled(False)
            if self._inbox is not None:
                self.unprocessable_model.set_items(self._inbox.unprocessable())
            self._emit_selected(-1)
            return
        self.stack.setCurrentWidget(self.table)
        self.search_box.setEnabled(True)
        if self._index is None:
            return
        current = self.current_id()
        self.model.set_ids(self._index.select(self._query, self._clock()))
        if current is None or not self.select_document(current):
            self._emit_selected(-1)

    # Selection

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_at(index.row())
        return row.id if row is not None else None

    def select_row(self, position: int) -> bool:
        if not 0 <= position < self.model.rowCount():
            return False
        index = self.model.index(position, Column.EMISOR)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def select_document(self, document_id: int) -> bool:
        position = self.model.position_of(document_id)
        return position is not None and self.select_row(position)

    def mark_read(self, document_id: int) -> None:
        """Show a document as read, in the database, the index and its row."""
        if self._inbox is None:
            return
        position = self.model.position_of(document_id)
        row = self.model.row_at(position) if position is not None else None
        if row is not None and row.read:
            return
        self._inbox.mark_read(document_id)
        if self._index is not None:
            self._index.mark_read(document_id)
        if row is not None:
            self.model.replace_row(dataclasses.replace(row, read=True))

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _focus_table(self) -> None:
        # When Down or Escape comes before the typing pause ends, the search applies now, so
        # the focus moves into the searched list and not into the one it is about to replace.
        if self._search_timer.isActive():
            self._apply_search()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.select_row(0)

    def _current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        self._emit_selected(row.id if row is not None else -1)

    def _emit_selected(self, document_id: int) -> None:
        # A new list that keeps the same document selected does not show it again.
        if document_id != self._selected_id:
            self._selected_id = document_id
            self.document_selected.emit(document_id)

    def _activate(self, position: int) -> None:
        row = self.model.row_at(position)
        if row is not None:
            self.document_activated.emit(row.id)
