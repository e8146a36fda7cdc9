"""The "No procesables" list: files and documents that could not be read, with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from cymadesk.formatting import format_datetime
from cymadesk.messages import render
from cymadesk.models.inbox import UnprocessableItem
from cymadesk.models.message import Message
from cymadesk.ui.import_flow import short_name
from cymadesk.ui.tasks import assert_gui_thread

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = (
    QT_TRANSLATE_NOOP("UnprocessableTableModel", "File"),
    QT_TRANSLATE_NOOP("UnprocessableTableModel", "Reason"),
    QT_TRANSLATE_NOOP("UnprocessableTableModel", "When"),
)


def item_message(item: UnprocessableItem) -> Message:
    params = {
        key: value if isinstance(value, int) else str(value) for key, value in item.params.items()
    }
    return Message(item.code, params)


class UnprocessableTableModel(QAbstractTableModel):
    """Immutable ``UnprocessableItem`` rows: file name, reason in plain words, time."""

    def __init__(self, language: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._language = language
        self._items: list[UnprocessableItem] = []

    def set_items(self, items: Sequence[UnprocessableItem]) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate("UnprocessableTableModel", str(HEADERS[section]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                # The list shows the file's name; its tooltip, the whole path.
                return item.name if role == Qt.ItemDataRole.ToolTipRole else short_name(item.name)
            if index.column() == 1:
                return render(item_message(item), self._language)
            if index.column() == 2:
                return format_datetime(item.at)
        return None
