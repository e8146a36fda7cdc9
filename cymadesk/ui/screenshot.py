"""Rendering the main window to a PNG once its data has loaded, with the first row selected."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from cymadesk.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

SCREENSHOT_WIDTH = 1280
SCREENSHOT_HEIGHT = 800
LOAD_TIMEOUT_MS = 120_000


def wait_until_loaded(window: MainWindow, timeout_ms: int = LOAD_TIMEOUT_MS) -> bool:
    """Run the event loop until the inbox has loaded (or there is no company to load)."""
    if window.session is None or window.inbox.is_loaded:
        return True
    loop = QEventLoop()
    window.inbox.loaded.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    window.inbox.loaded.disconnect(loop.quit)
    return window.inbox.is_loaded


def capture(window: MainWindow, path: Path) -> bool:
    """Show the window at 1280×800, wait for its data, select the first row and save it."""
    window.resize(SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT)
    window.show()
    if not wait_until_loaded(window):
        logger.error("The inbox did not load within %d ms", LOAD_TIMEOUT_MS)
        return False
    window.inbox.select_row(0)
    QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(path), "PNG")
    logger.info("Screenshot %s to %s", "saved" if saved else "failed", path)
    return bool(saved)
