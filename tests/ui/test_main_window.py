"""The main window on the demo company: views, search, keyboard, detail pane, links."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from cymadesk.models.inbox import View
from cymadesk.services.companies import Workspace
from cymadesk.services.preferences import SPLITTER_SIZES, Preferences
from cymadesk.ui.inbox_model import Column
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.ui.windows import make_window


def test_views_show_counts(window: MainWindow) -> None:
    texts = [window.views.item(row).text() for row in range(window.views.count())]
    assert texts[0].startswith("Pendientes de decisión (")
    assert "Aceptados (0)" in texts
    assert "Reclamados (0)" in texts
    assert "No procesables (1)" in texts


def test_selecting_row_shows_detail_and_marks_read(window: MainWindow) -> None:
    assert window.inbox.select_row(0)
    detail = window.detail.detail
    assert detail is not None
    html = window.detail.browser.toPlainText()
    assert "Autenticidad" in html
    assert "Plazo para aceptar o reclamar" in html
    assert "Eventos en el SII" in html
    assert detail.original_text().strip() in window.detail.xml_view.toPlainText().strip()
    row = window.inbox.model.row_at(0)
    assert row is not None
    assert row.read


def test_search_narrows_and_clears(window: MainWindow) -> None:
    window.views.select_view(View.TODOS)
    everything = window.inbox.model.rowCount()
    window.inbox.search("90002")
    assert window.inbox.model.rowCount() == 1
    window.inbox.search("")
    assert window.inbox.model.rowCount() == everything


def test_typing_in_search_box_applies_after_pause(window: MainWindow, qtbot: QtBot) -> None:
    window.views.select_view(View.TODOS)
    qtbot.keyClicks(window.inbox.search_box, "90003")
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1, timeout=3000)


def test_ctrl_f_focuses_search(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    window.inbox.table.setFocus()
    window.search_action.trigger()
    assert window.inbox.search_box.hasFocus() or window.focusWidget() is window.inbox.search_box


def test_keyboard_navigation_and_delete(window: MainWindow, qtbot: QtBot) -> None:
    window.inbox.select_row(0)
    table = window.inbox.table
    count = window.inbox.model.rowCount()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.inbox.model.rowCount() == count
    with qtbot.waitSignal(window.inbox.document_activated, timeout=1000):
        qtbot.keyClick(table, Qt.Key.Key_Return)


def test_tampered_document_shows_failures(window: MainWindow) -> None:
    window.views.select_view(View.TODOS)
    window.inbox.search("90002")
    window.inbox.select_row(0)
    text = window.detail.browser.toPlainText()
    assert "✗ Falla" in text
    assert "Firma del documento" in text
    verification = window.inbox.model.data(window.inbox.model.index(0, Column.VERIFICACION))
    assert verification.startswith("Falla")


def test_certification_document_is_flagged(window: MainWindow) -> None:
    window.views.select_view(View.TODOS)
    window.inbox.search("77.532.186-5")
    for position in range(window.inbox.model.rowCount()):
        row = window.inbox.model.row_at(position)
        if row is not None and row.folio == "1":
            window.inbox.select_row(position)
            break
    assert "ambiente de certificación" in window.detail.browser.toPlainText()


def test_reference_link_opens_document(window: MainWindow, qtbot: QtBot) -> None:
    window.views.select_view(View.TODOS)
    model = window.inbox.model
    for position in range(model.rowCount()):
        row = model.row_at(position)
        if row is not None and row.tipo_code == 61:
            window.inbox.select_row(position)
            detail = window.detail.detail
            if detail is not None and detail.referenced_ids:
                break
    else:
        pytest.fail("no nota de crédito with a reference in the database")
    target = next(iter(detail.referenced_ids.values()))
    assert f"documento:{target}" in window.detail.browser.toHtml()
    with qtbot.waitSignal(window.detail.document_link_activated) as blocker:
        window.detail.browser.anchorClicked.emit(QUrl(f"documento:{target}"))
    assert blocker.args == [target]
    assert window.detail.detail is not None
    assert window.detail.detail.stored.row.id == target


def test_unprocessable_view_lists_reason(window: MainWindow) -> None:
    window.views.select_view(View.NO_PROCESABLES)
    model = window.inbox.unprocessable_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "factura-cortada.xml"
    assert "XML" in model.data(model.index(0, 1))


def test_splitter_sizes_are_remembered(window: MainWindow, preferences: Preferences) -> None:
    window.inner_splitter.setSizes([600, 500])
    window.inner_splitter.splitterMoved.emit(600, 1)
    saved = preferences.get(SPLITTER_SIZES)
    assert len(saved) == 4
    again = Preferences(preferences.path)
    assert again.get(SPLITTER_SIZES) == saved


def test_welcome_page_without_companies(
    qtbot: QtBot, tmp_path: object, preferences: Preferences, tasks: BackgroundTasks
) -> None:
    from pathlib import Path

    from cymadesk.paths import DataLayout

    workspace = Workspace(DataLayout(Path(str(tmp_path)) / "vacio"), None)
    window = make_window(qtbot, workspace, preferences, tasks)
    window.set_session(None)
    window.show()
    assert window.pages.currentWidget() is window.welcome
    assert not window.import_files_action.isEnabled()
    assert window.companies.currentIndex() == -1
    text = window.welcome.text
    assert text.height() >= text.heightForWidth(text.width())
    with qtbot.waitSignal(window.welcome.demo_requested, timeout=1000):
        window.welcome.demo_button.click()


def test_export_in_dollars_is_listed_apart(window: MainWindow) -> None:
    window.views.select_view(View.NO_CORRESPONDEN)
    model = window.inbox.model
    totals = {
        model.data(model.index(row, Column.FOLIO)): model.data(model.index(row, Column.MONTO))
        for row in range(model.rowCount())
    }
    assert totals["301"] == "US$ 29.602,50"
