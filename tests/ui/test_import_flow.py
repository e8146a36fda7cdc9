"""Importing from the window: progress, cancel, summary, drag and drop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from cymadesk.models.inbox import View
from cymadesk.services.importing import FileOutcome, FileResult, ImportSummary
from cymadesk.services.preferences import Preferences
from cymadesk.services.session import CompanySession
from cymadesk.ui.import_flow import ImportSummaryDialog
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.helpers import unsigned_dte
from tests.ui.windows import make_window


@pytest.fixture
def window(qtbot: QtBot, demo_session: CompanySession, preferences: Preferences) -> MainWindow:
    window = make_window(qtbot, demo_session.workspace, preferences, BackgroundTasks())
    with qtbot.waitSignal(window.inbox.loaded, timeout=20_000):
        window.set_session(demo_session)
    window.show()
    return window


@pytest.fixture
def files(tmp_path: Path, demo_session: CompanySession) -> list[Path]:
    folder = tmp_path / "correo"
    folder.mkdir()
    receptor = demo_session.company.rut.canonical
    paths = []
    for folio in (501, 502, 503):
        path = folder / f"dte-{folio}.xml"
        path.write_bytes(unsigned_dte(folio, receptor=receptor))
        paths.append(path)
    broken = folder / "roto.xml"
    broken.write_bytes(b"<DTE><Documento>")
    paths.append(broken)
    return paths


def _finish_import(qtbot: QtBot, window: MainWindow, paths: list[str]) -> ImportSummary:
    with qtbot.waitSignal(window.importer.finished, timeout=30_000) as blocker:
        assert window.import_paths(paths)
        assert window.importer.dialog is not None
    summary = blocker.args[0]
    assert isinstance(summary, ImportSummary)
    return summary


def test_import_shows_summary_then_unprocessable(
    qtbot: QtBot, window: MainWindow, files: list[Path]
) -> None:
    before = window.inbox.counts()[View.TODOS]
    with qtbot.waitSignal(window.inbox.loaded, timeout=30_000):
        summary = _finish_import(qtbot, window, [str(path) for path in files])
    assert summary.new == 3
    assert summary.unprocessable == 1
    assert window.inbox.counts()[View.TODOS] == before + 3
    dialog = window.summary_dialog
    assert "3 documentos nuevos" in dialog.counts_label.text()
    assert dialog.problems.count() == 1
    assert "roto.xml: El archivo no es XML válido" in dialog.problems.item(0).text()
    dialog.accept()
    assert window.views.current_view() is View.NO_PROCESABLES
    model = window.inbox.unprocessable_model
    assert model.rowCount() == 2
    names = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert "roto.xml" in names
    tooltips = {
        model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())
    }
    assert str(next(path for path in files if path.name == "roto.xml")) in tooltips


def test_cancel_stops_between_files(qtbot: QtBot, window: MainWindow, files: list[Path]) -> None:
    cancelled = threading.Event()

    def cancel_in_gui(_progress: object) -> None:
        window.importer.cancel()
        cancelled.set()

    # The worker waits after its first file until the GUI thread has run cancel().
    window.importer.progressed.connect(cancel_in_gui)
    window.importer.progressed.connect(
        lambda _progress: cancelled.wait(10), Qt.ConnectionType.DirectConnection
    )
    summary = _finish_import(qtbot, window, [str(files[0].parent)])
    assert summary.cancelled
    assert len(summary.files) == 1
    window.summary_dialog.accept()


def test_second_import_waits_for_first(qtbot: QtBot, window: MainWindow, files: list[Path]) -> None:
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        assert window.import_paths([str(files[0])])
        assert not window.import_paths([str(files[1])])
    window.summary_dialog.accept()


def test_drop_imports_files_and_folders(
    qtbot: QtBot, window: MainWindow, files: list[Path]
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files[0])), QUrl.fromLocalFile(str(files[1].parent))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.importer.finished, timeout=30_000) as blocker:
        window.dropEvent(event)
    summary = blocker.args[0]
    assert summary.new == 3
    assert summary.repeated == 1
    window.summary_dialog.accept()


def test_summary_dialog_without_problems(qapp: object) -> None:
    dialog = ImportSummaryDialog(ImportSummary(), "es")
    assert dialog.problems.isHidden()
    assert "0 documentos nuevos" in dialog.counts_label.text()


def test_summary_dialog_counts_conflicts(qapp: object) -> None:
    summary = ImportSummary(
        [FileOutcome("b.xml", FileResult.CONFLICTO, documents=1, new=1, conflicts=1)]
    )

    dialog = ImportSummaryDialog(summary, "es")

    assert "1 en conflicto con otra versión del mismo folio" in dialog.counts_label.text()
    assert "en conflicto" not in ImportSummaryDialog(ImportSummary(), "es").counts_label.text()
