"""A demo company built once per session and copied for each test, and a window on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.demo import open_demo
from cymadesk.services.preferences import Preferences
from cymadesk.services.session import CompanySession, open_demo_session
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from cymadesk.ui.translation import install_translators
from tests.ui.windows import make_window


@pytest.fixture(scope="session", autouse=True)
def spanish(qapp: QApplication) -> None:
    """The app's default language, with Qt's own Spanish catalogue."""
    install_translators(qapp, "es")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plantilla-demo")
    open_demo(Workspace(DataLayout(root), None)).close()
    return root


@pytest.fixture
def demo_workspace(demo_template: Path, tmp_path: Path) -> Workspace:
    root = tmp_path / "datos"
    shutil.copytree(demo_template, root)
    return Workspace(DataLayout(root), None)


@pytest.fixture
def demo_session(demo_workspace: Workspace) -> Iterator[CompanySession]:
    session = open_demo_session(demo_workspace)
    yield session
    session.close()


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(tmp_path / "preferencias.json")


@pytest.fixture
def tasks(qapp: object) -> Iterator[BackgroundTasks]:
    tasks = BackgroundTasks()
    yield tasks
    tasks.wait()


@pytest.fixture
def window(
    qtbot: QtBot,
    demo_session: CompanySession,
    preferences: Preferences,
    tasks: BackgroundTasks,
) -> MainWindow:
    window = make_window(qtbot, demo_session.workspace, preferences, tasks)
    with qtbot.waitSignal(window.inbox.loaded, timeout=20_000):
        window.set_session(demo_session)
    window.show()
    return window
