"""The window's size, position and splitter sizes, kept in the preferences across restarts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot

from cymadesk.services.preferences import Preferences
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
