"""The window's size, position and splitter sizes, kept in the preferences across restarts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot

from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.preferences import SPLITTER_SIZES, WINDOW_GEOMETRY, Preferences
from cymadesk.services.session import CompanySession, open_demo_session
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.ui.windows import make_window

# Allowance for Qt moving a splitter handle when it lays out the restored sizes.
TOLERANCE_PX = 3
# Inside the offscreen platform's 800×600 screen, because restoreGeometry() clamps to it.
GEOMETRY = QRect(20, 40, 760, 540)


def _drag_handle(qtbot: QtBot, splitter: QSplitter, offset: QPoint) -> None:
    """Drag the splitter's only handle by ``offset`` with the mouse, as a user does."""
    handle = splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + offset)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + offset)


def _assert_close(restored: list[int], expected: list[int]) -> None:
    assert len(restored) == len(expected)
    for restored_size, expected_size in zip(restored, expected, strict=True):
        assert abs(restored_size - expected_size) <= TOLERANCE_PX, f"{restored} != {expected}"


def test_layout_survives_restart(
    qtbot: QtBot,
    window: MainWindow,
    demo_session: CompanySession,
    preferences: Preferences,
    tasks: BackgroundTasks,
) -> None:
    qtbot.waitExposed(window)
    window.setGeometry(GEOMETRY)
    qtbot.waitUntil(lambda: window.geometry() == GEOMETRY)
    before = (window.outer_splitter.sizes(), window.inner_splitter.sizes())
    _drag_handle(qtbot, window.outer_splitter, QPoint(70, 0))
    _drag_handle(qtbot, window.inner_splitter, QPoint(0, -60))
    outer = window.outer_splitter.sizes()
    inner = window.inner_splitter.sizes()
    assert outer[0] == before[0][0] + 70
    assert inner[0] == before[1][0] - 60
    assert window.close()

    # A new window reads the preferences file again, as the next start of the app does.
    workspace = demo_session.workspace
    again = make_window(qtbot, workspace, Preferences(preferences.path), tasks)
    assert again.restore_geometry()
    with qtbot.waitSignal(again.inbox.loaded, timeout=20_000):
        again.set_session(open_demo_session(workspace))
    again.show()
    qtbot.waitExposed(again)

    assert again.geometry() == GEOMETRY
    _assert_close(again.outer_splitter.sizes(), outer)
    _assert_close(again.inner_splitter.sizes(), inner)


def test_welcome_page_keeps_saved_sizes(
    qtbot: QtBot, tmp_path: Path, preferences: Preferences, tasks: BackgroundTasks
) -> None:
    saved = [250, 900, 300, 420]
    preferences.set(SPLITTER_SIZES, saved)
    workspace = Workspace(DataLayout(tmp_path / "vacio"), None)
    window = make_window(qtbot, workspace, preferences, tasks)
    window.set_session(None)
    window.show()
    qtbot.waitExposed(window)
    assert window.pages.currentWidget() is window.welcome

    assert window.close()

    # The splitters were never shown, so their sizes are not the user's and must not be saved.
    stored = Preferences(preferences.path)
    assert stored.get(SPLITTER_SIZES) == saved
    assert stored.get(WINDOW_GEOMETRY)
