"""Build the main window the way the app does, with Spanish text and no blocking dialogs."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from cymadesk.services.companies import Workspace
from cymadesk.services.demo_sii import DemoSii
from cymadesk.services.preferences import Preferences
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.notify import Notifier
from cymadesk.ui.tasks import BackgroundTasks


def make_window(
    qtbot: QtBot,
    workspace: Workspace,
    preferences: Preferences,
    tasks: BackgroundTasks,
    demo_sii: DemoSii | None = None,
) -> MainWindow:
    window = MainWindow(
        workspace=workspace,
        preferences=preferences,
        tasks=tasks,
        notifier=Notifier("es", interactive=False),
        language="es",
        clock=lambda: dt.datetime.now(dt.UTC),
        demo_sii=demo_sii,
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window
