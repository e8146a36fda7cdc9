"""The left column: the saved views of the inbox, each with how many documents it lists."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from cymadesk.models.inbox import View
from cymadesk.ui.detail_html import arg
from cymadesk.ui.texts import view_label

VIEW_ORDER = (
    View.PENDIENTES,
    View.RIESGO_ALTO,
    View.VENCEN_PRONTO,
    View.ACEPTADOS,
    View.RECLAMADOS,
    View.TODOS,
    View.NO_CORRESPONDEN,
    View.NO_PROCESABLES,
)
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1


class ViewsPanel(QListWidget):
    """One entry per saved view, with its count once the inbox has loaded.

    Signals:
        view_selected(object): the ``View`` the user picked.
    """

    view_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(self.tr("Saved views of the inbox"))
        for view in VIEW_ORDER:
            item = QListWidgetItem(view_label(view), self)
            item.setData(VIEW_ROLE, view)
        self.setCurrentRow(0)
        self.currentItemChanged.connect(self._changed)

    def _changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.view_selected.emit(View(current.data(VIEW_ROLE)))

    def current_view(self) -> View:
        item = self.currentItem()
        return View(item.data(VIEW_ROLE)) if item is not None else View.PENDIENTES

    def select_view(self, view: View) -> None:
        self.setCurrentRow(VIEW_ORDER.index(view))

    def set_counts(self, counts: Mapping[View, int]) -> None:
        for position, view in enumerate(VIEW_ORDER):
            item = self.item(position)
            count = counts.get(view)
            label = view_label(view)
            item.setText(label if count is None else arg(self.tr("%1 (%2)"), label, count))
