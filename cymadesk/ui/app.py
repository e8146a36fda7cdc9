"""The app's composition root: settings, workspace, company, window, in this order.

``run`` is what ``cymadesk`` without a subcommand calls. It builds every collaborator here
and passes them to the widgets through their constructors, logging each step. Without a
display (Linux with neither DISPLAY nor WAYLAND_DISPLAY, and no QT_QPA_PLATFORM chosen),
``--demo`` writes a screenshot of the demo instead of opening the window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from cymadesk import APP_NAME, ORGANIZATION
from cymadesk.cli.common import CliContext, ExitCode, print_error
from cymadesk.messages import DEFAULT_LANGUAGE
from cymadesk.services.companies import Workspace
from cymadesk.services.demo_sii import DemoSii
from cymadesk.services.errors import StorageError
from cymadesk.services.preferences import LANGUAGE, LAST_COMPANY, Preferences
from cymadesk.services.session import (
    CompanySession,
    build_workspace,
    open_company_session,
    open_demo_session,
)

logger = logging.getLogger(__name__)

DEMO_SCREENSHOT = "captura-demo.png"


def display_available(
    environment: dict[str, str] | None = None, platform: str = sys.platform
) -> bool:
    """Whether a window can be shown: always on Windows and macOS, else a display is needed."""
    env = os.environ if environment is None else environment
    if env.get("QT_QPA_PLATFORM") or not platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _first_session(
    workspace: Workspace, preferences: Preferences, demo: bool
) -> CompanySession | None:
    """The demo, the last company used, the only company, or None for the welcome page."""
    if demo:
        logger.info("Opening the demo company")
        return open_demo_session(workspace)
    listings = [listing for listing in workspace.list_companies() if listing.company is not None]
    last = preferences.get(LAST_COMPANY)
    chosen = next((item for item in listings if item.rut.canonical == last), None)
    if chosen is None and listings:
        chosen = listings[0]
    if chosen is None:
        logger.info("No company yet: showing the welcome page")
        return None
    logger.info("Opening company %s", chosen.rut.canonical)
    try:
        return open_company_session(workspace, chosen.rut.canonical)
    except StorageError as error:
        logger.error("Could not open company %s: %s", chosen.rut.canonical, error)
        return None


def _route_qt_messages() -> None:
    """Send Qt's own warnings to the log, so stderr stays free of English unless -v."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_logger = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_logger.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def run(options: argparse.Namespace, context: CliContext) -> int:
    """Start the app; return the process exit code."""
    screenshot = Path(options.screenshot) if options.screenshot else None
    headless_demo = False
    if screenshot is None and not display_available():
        if not options.demo:
            print_error(context.text("app.sin_pantalla"))
            return ExitCode.USAGE
        screenshot = context.layout.demo / DEMO_SCREENSHOT
        headless_demo = True
    if screenshot is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    # Qt is imported only now, so that the platform chosen above applies.
    from PySide6.QtWidgets import QApplication

    from cymadesk.ui.dialogs import ask_recovery_passphrase
    from cymadesk.ui.main_window import MainWindow
    from cymadesk.ui.notify import Notifier
    from cymadesk.ui.screenshot import capture
    from cymadesk.ui.tasks import BackgroundTasks
    from cymadesk.ui.translation import install_translators

    logger.info("Reading preferences in %s", context.data_dir)
    preferences = Preferences.in_data_dir(context.data_dir)
    language = options.lang if options.lang != DEFAULT_LANGUAGE else preferences.get(LANGUAGE)
    logger.info("Interface language: %s", language)

    _route_qt_messages()
    logger.info("Starting Qt (%s)", os.environ.get("QT_QPA_PLATFORM", "default platform"))
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORGANIZATION)
    application = QApplication([sys.argv[0]])
    install_translators(application, language)

    notifier = Notifier(language, interactive=screenshot is None)
    notifier.install_excepthook()
    tasks = BackgroundTasks(application)

    logger.info("Opening the workspace in %s", context.data_dir)
    workspace = build_workspace(
        context.layout,
        context.key_file,
        lambda purpose: ask_recovery_passphrase(None, purpose) if screenshot is None else None,
    )
    workspace.clock = _utc_now
    try:
        session = _first_session(workspace, preferences, options.demo)
    except StorageError as error:
        print_error(context.render(error.message))
        return ExitCode.COMPANY

    logger.info("Building the main window")
    window = MainWindow(
        workspace=workspace,
        preferences=preferences,
        tasks=tasks,
        notifier=notifier,
        language=language,
        clock=workspace.clock,
        # A screenshot starts no server, so the demo's SII responses come only with the window.
        demo_sii=DemoSii(workspace) if screenshot is None else None,
    )
    window.set_session(session)

    if screenshot is not None:
        saved = capture(window, screenshot)
        window.close()
        if not saved:
            print_error(context.text("app.captura_fallida", ruta=str(screenshot)))
            return ExitCode.INPUT_REJECTED
        code = "app.sin_pantalla_demo" if headless_demo else "app.captura_guardada"
        print_error(context.text(code, ruta=str(screenshot)))
        return ExitCode.DONE

    if not window.restore_geometry():
        window.resize(1280, 800)
    window.show()
    logger.info("Main window shown")
    return int(application.exec())
