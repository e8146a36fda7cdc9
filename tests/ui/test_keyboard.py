"""The inbox driven from the keyboard as in a mail client, with real key presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cymadesk.models.inbox import View
from cymadesk.services.session import CompanySession
from cymadesk.ui.inbox_model import Column
from cymadesk.ui.main_window import MainWindow

# Searches that match exactly one demo document: the factura whose total was raised
# after signing and the one whose signature was removed.
TAMPERED_FOLIO = "90002"
UNSIGNED_FOLIO = "90003"


@pytest.fixture
def active_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The demo window, active, on the Todos view, with the list clicked on its first row."""
    with qtbot.waitActive(window):
        window.activateWindow()
    window.views.select_view(View.TODOS)
    table = window.inbox.table
    first = table.visualRect(window.inbox.model.index(0, Column.EMISOR)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert QApplication.focusWidget() is table
    assert table.currentIndex().row() == 0
    return window


def _detail_document_id(window: MainWindow) -> int | None:
    detail = window.detail.detail
    return detail.stored.row.id if detail is not None else None


def _listed_folios(window: MainWindow) -> list[str]:
    model = window.inbox.model
    return [model.data(model.index(row, Column.FOLIO)) for row in range(model.rowCount())]


def test_ctrl_f_focuses_search_box(qtbot: QtBot, active_window: MainWindow) -> None:
    search_box = active_window.inbox.search_box
    search_box.setText("76")
    active_window.inbox.table.setFocus()

    qtbot.keyClick(active_window.inbox.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert QApplication.focusWidget() is search_box
    # The old text is selected, so typing replaces it.
    assert search_box.selectedText() == "76"


def test_typing_filters_then_escape_restores(qtbot: QtBot, active_window: MainWindow) -> None:
    inbox = active_window.inbox
    everything = inbox.model.rowCount()
    qtbot.keyClick(inbox.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    qtbot.keyClicks(inbox.search_box, TAMPERED_FOLIO)
    qtbot.waitUntil(lambda: _listed_folios(active_window) == [TAMPERED_FOLIO], timeout=3000)
    qtbot.keyClick(inbox.search_box, Qt.Key.Key_Down)
    tampered_id = inbox.current_id()
    assert tampered_id is not None
    assert _detail_document_id(active_window) == tampered_id

    qtbot.keyClick(inbox.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(inbox.search_box, Qt.Key.Key_Escape)

    # As in a mail client: the filter is gone, the list has the focus, and the document
    # that was open stays selected and shown.
    assert inbox.search_box.text() == ""
    assert QApplication.focusWidget() is inbox.table
    assert inbox.model.rowCount() == everything
    assert inbox.current_id() == tampered_id
    assert _detail_document_id(active_window) == tampered_id


def test_down_right_after_typing_enters_matches(qtbot: QtBot, active_window: MainWindow) -> None:
    inbox = active_window.inbox
    qtbot.keyClick(inbox.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    # No pause between typing and Down: the search must apply before the list takes focus.
    qtbot.keyClicks(inbox.search_box, UNSIGNED_FOLIO)
    qtbot.keyClick(inbox.search_box, Qt.Key.Key_Down)

    assert QApplication.focusWidget() is inbox.table
    assert _listed_folios(active_window) == [UNSIGNED_FOLIO]
    assert inbox.table.currentIndex().row() == 0
    shown = active_window.detail.detail
    assert shown is not None
    assert shown.stored.row.folio == UNSIGNED_FOLIO
    # Still true after the typing pause has passed.
    qtbot.wait(300)
    assert _listed_folios(active_window) == [UNSIGNED_FOLIO]
    assert _detail_document_id(active_window) == shown.stored.row.id


def test_arrows_move_selection_and_detail(
    qtbot: QtBot, active_window: MainWindow, demo_session: CompanySession
) -> None:
    inbox = active_window.inbox
    table = inbox.table
    model = inbox.model
    ahead = []
    for position in (1, 2, 3):
        row = model.row_at(position)
        assert row is not None
        assert not row.read
        ahead.append(row)

    for position, row in enumerate(ahead, start=1):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        assert table.currentIndex().row() == position
        assert inbox.current_id() == row.id
        assert _detail_document_id(active_window) == row.id

    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert table.currentIndex().row() == 2
    assert _detail_document_id(active_window) == ahead[1].id

    # Each document shown from the keyboard is marked read in the company's database.
    stored = demo_session.inbox.rows([row.id for row in ahead])
    for row in ahead:
        assert stored[row.id].read


def test_home_and_end_reach_list_ends(qtbot: QtBot, active_window: MainWindow) -> None:
    inbox = active_window.inbox
    table = inbox.table
    model = inbox.model
    first = model.row_at(0)
    last = model.row_at(model.rowCount() - 1)
    assert first is not None
    assert last is not None
    qtbot.keyClick(table, Qt.Key.Key_Down)

    # As in a mail client, Home and End go to the first and last document.
    qtbot.keyClick(table, Qt.Key.Key_End)
    assert table.currentIndex().row() == model.rowCount() - 1
    assert _detail_document_id(active_window) == last.id
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0
    assert _detail_document_id(active_window) == first.id


def test_enter_opens_document_for_reading(qtbot: QtBot, active_window: MainWindow) -> None:
    inbox = active_window.inbox
    qtbot.keyClick(inbox.table, Qt.Key.Key_Down)
    current = inbox.current_id()
    assert current is not None

    with qtbot.waitSignal(inbox.document_activated, timeout=1000) as activated:
        qtbot.keyClick(inbox.table, Qt.Key.Key_Return)

    assert activated.args == [current]
    assert _detail_document_id(active_window) == current
    assert inbox.current_id() == current
    # The focus goes into the document's text, so the arrow keys and Page Down scroll it.
    browser = active_window.detail.browser
    assert QApplication.focusWidget() is browser
    scroll_bar = browser.verticalScrollBar()
    assert scroll_bar.maximum() > 0
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    assert scroll_bar.value() > 0
    assert active_window.detail.currentWidget() is browser


def test_enter_on_xml_tab_focuses_xml(qtbot: QtBot, active_window: MainWindow) -> None:
    detail = active_window.detail
    detail.setCurrentWidget(detail.xml_view)
    inbox = active_window.inbox
    inbox.table.setFocus()

    qtbot.keyClick(inbox.table, Qt.Key.Key_Enter)

    assert QApplication.focusWidget() is detail.xml_view


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace], ids=["Delete", "Backspace"]
)
def test_delete_key_removes_nothing(
    qtbot: QtBot, active_window: MainWindow, demo_session: CompanySession, key: Qt.Key
) -> None:
    inbox = active_window.inbox
    listed = inbox.model.rowCount()
    stored = len(demo_session.inbox.load_index())
    qtbot.keyClick(inbox.table, Qt.Key.Key_Down)
    current = inbox.current_id()
    assert current is not None

    qtbot.keyClick(inbox.table, key)
    qtbot.keyClick(inbox.table, key, Qt.KeyboardModifier.ShiftModifier)

    assert inbox.model.rowCount() == listed
    assert inbox.counts()[View.TODOS] == listed
    assert len(demo_session.inbox.load_index()) == stored
    assert demo_session.inbox.detail(current).stored.row.id == current
    assert inbox.current_id() == current
    assert _detail_document_id(active_window) == current
