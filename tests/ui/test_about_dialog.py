"""The "Acerca de" dialog, opened from the Help menu as the user opens it."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cymadesk import __version__
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.preferences import Preferences
from cymadesk.ui.dialogs import AboutDialog
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.ui.windows import make_window

# Every component the app ships, as the dialog names it, with its licence.
LICENCES = {
    "Qt": "LGPL-3.0",
    "PySide6 / Shiboken6": "LGPL-3.0",
    "SQLCipher": "BSD-3-Clause",
    "SQLAlchemy": "MIT",
    "Alembic": "MIT",
    "lxml / libxml2": "BSD-3-Clause / MIT",
    "signxml": "Apache-2.0",
    "cryptography": "Apache-2.0 / BSD-3-Clause",
    "APScheduler": "MIT",
    "keyring": "MIT",
    "platformdirs": "MIT",
}


def _menu_action(window: MainWindow, text: str) -> QAction:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text() == text:
                return action
    raise AssertionError(f"menu entry {text!r} not found")


def _open_about(window: MainWindow) -> tuple[str, str]:
    """Trigger Ayuda → Acerca de, close the dialog and return its title and plain text."""
    seen: list[tuple[str, str]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AboutDialog):
            document = QTextDocument()
            document.setHtml(dialog.text.text())
            seen.append((dialog.windowTitle(), document.toPlainText()))
        if dialog is not None:
            dialog.reject()

    # The dialog runs its own event loop, so the check runs from inside it.
    QTimer.singleShot(0, read_and_close)
    _menu_action(window, "Acerca de CymaDesk").trigger()
    assert len(seen) == 1, "Acerca de did not open the About dialog"
    return seen[0]


def test_about_lists_version_licences_and_folder(
    qtbot: QtBot, tmp_path: Path, preferences: Preferences, tasks: BackgroundTasks
) -> None:
    # Characters that HTML would swallow or mangle if the path were not escaped.
    data_dir = tmp_path / "Datos de Ñuble & Cía <2026>"
    window = make_window(qtbot, Workspace(DataLayout(data_dir), None), preferences, tasks)
    window.set_session(None)
    window.show()

    title, text = _open_about(window)

    assert title == "Acerca de CymaDesk"
    assert f"CymaDesk {__version__}" in text
    assert f"Qt {qVersion()}, PySide6 {PySide6.__version__}" in text
    assert "Componentes incluidos y sus licencias" in text
    lines = [line.strip() for line in text.splitlines()]
    for name, licence in LICENCES.items():
        assert name in lines, f"{name} missing"
        assert lines[lines.index(name) + 1] == licence, f"wrong licence for {name}"
    assert "Carpeta de datos" in text
    assert str(data_dir) in lines
