"""Files, folders and zips dropped on the window, delivered the way a platform drag is."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cymadesk.models.inbox import View
from cymadesk.models.timezone import SANTIAGO
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.importing import ImportSummary
from cymadesk.services.preferences import Preferences
from cymadesk.services.session import CompanySession
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.corpus import GeneratedDocument, generate_documents
from cymadesk.sii.factory.suppliers import DEMO_COMPANY
from cymadesk.ui.inbox_model import Column
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.ui.windows import make_window

DROP_ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction


@pytest.fixture(scope="session")
def supplier_documents(demo_template: Path) -> list[GeneratedDocument]:
    """Six facturas to the demo company from a supplier catalogue other than the demo's.

    They are signed under the demo data directory's sandbox authority, which the demo
    company trusts, so they import as valid documents.
    """
    authority = SandboxAuthority.load(DataLayout(demo_template).sandbox)
    today = dt.datetime.now(SANTIAGO).date()
    documents = list(
        generate_documents(
            6,
            seed=2026,
            receptor=DEMO_COMPANY,
            authority=authority,
            start=today - dt.timedelta(days=6),
            end=today - dt.timedelta(days=1),
            signer_key_bits=1024,
        )
    )
    assert all(document.spec.receptor == DEMO_COMPANY for document in documents)
    return documents


def _file_name(document: GeneratedDocument) -> str:
    spec = document.spec
    return f"DTE_{spec.emisor.rut}_T{spec.tipo}_F{spec.folio}.xml"


@pytest.fixture
def dropped_paths(tmp_path: Path, supplier_documents: list[GeneratedDocument]) -> list[Path]:
    """A zip and a folder with two documents each, and two loose XML files."""
    archive = tmp_path / "facturas-proveedores.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for document in supplier_documents[:2]:
            zipped.writestr(_file_name(document), document.data)
    folder = tmp_path / "correo-recibido"
    folder.mkdir()
    for document in supplier_documents[2:4]:
        (folder / _file_name(document)).write_bytes(document.data)
    loose = tmp_path / "sueltos"
    loose.mkdir()
    files = []
    for document in supplier_documents[4:]:
        path = loose / _file_name(document)
        path.write_bytes(document.data)
        files.append(path)
    return [archive, folder, *files]


def _file_urls(paths: list[Path]) -> QMimeData:
    """File URLs, also offered as plain text, which is what a line edit would insert."""
    mime = QMimeData()
    urls = [QUrl.fromLocalFile(str(path)) for path in paths]
    mime.setUrls(urls)
    mime.setText("\n".join(url.toString() for url in urls))
    return mime


def _drag_and_drop(window: MainWindow, target: QWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Drag ``mime`` over the centre of ``target`` and drop it there if the drag is accepted.

    The events go to the window's QWindow, as the platform sends them, so Qt picks the
    widget under the point and passes the events up to the first parent that accepts them.
    Returns whether the drag was accepted and whether the drop was accepted.
    """
    handle = window.windowHandle()
    position = QPointF(target.mapTo(window, target.rect().center()))
    buttons = Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier

    enter = QDragEnterEvent(position, DROP_ACTIONS, mime, buttons, modifiers)
    QApplication.sendEvent(handle, enter)
    move = QDragMoveEvent(position, DROP_ACTIONS, mime, buttons, modifiers)
    if enter.isAccepted() and enter.dropAction() != Qt.DropAction.IgnoreAction:
        move.setDropAction(enter.dropAction())
        move.accept()
    QApplication.sendEvent(handle, move)
    if not move.isAccepted():
        QApplication.sendEvent(handle, QDragLeaveEvent())
        return False, False

    drop = QDropEvent(position, DROP_ACTIONS, mime, buttons, modifiers)
    QApplication.sendEvent(handle, drop)
    return True, drop.isAccepted()


def _listed(window: MainWindow) -> set[tuple[str, str]]:
    """Return the (folio, emisor) pairs the Todos view lists."""
    window.views.select_view(View.TODOS)
    model = window.inbox.model
    return {
        (model.data(model.index(row, Column.FOLIO)), model.data(model.index(row, Column.EMISOR)))
        for row in range(model.rowCount())
    }


def _drop_targets(window: MainWindow) -> dict[str, QWidget]:
    return {
        "lista": window.inbox.table.viewport(),
        "detalle": window.detail.browser.viewport(),
        "vistas": window.views.viewport(),
        "busqueda": window.inbox.search_box,
    }


@pytest.mark.parametrize("target_name", ["lista", "detalle", "vistas", "busqueda"])
def test_drop_imports_zip_folder_and_files(
    qtbot: QtBot,
    window: MainWindow,
    demo_session: CompanySession,
    dropped_paths: list[Path],
    supplier_documents: list[GeneratedDocument],
    target_name: str,
) -> None:
    qtbot.waitExposed(window)
    stored_before = len(demo_session.inbox.load_index())
    listed_before = _listed(window)
    window.views.select_view(View.PENDIENTES)
    target = _drop_targets(window)[target_name]

    with (
        qtbot.waitSignal(window.inbox.loaded, timeout=30_000),
        qtbot.waitSignal(window.importer.finished, timeout=30_000) as finished,
    ):
        accepted, dropped = _drag_and_drop(window, target, _file_urls(dropped_paths))
        assert accepted
        assert dropped

    summary = finished.args[0]
    assert isinstance(summary, ImportSummary)
    assert summary.new == 6
    assert summary.repeated == 0
    assert summary.unprocessable == 0
    window.summary_dialog.accept()
    assert window.inbox.search_box.text() == ""
    assert len(demo_session.inbox.load_index()) == stored_before + 6
    expected = {
        (str(document.spec.folio), document.spec.emisor.razon_social)
        for document in supplier_documents
    }
    assert not expected & listed_before
    assert _listed(window) - listed_before == expected


def _payload(kind: str) -> QMimeData:
    mime = QMimeData()
    if kind == "texto":
        mime.setText("Factura 4017 de Ferretería Ñandú")
    elif kind == "enlace web":
        mime.setUrls([QUrl("https://example.com/factura.xml")])
    return mime


@pytest.mark.parametrize("payload", ["texto", "enlace web", "vacio"])
def test_drop_ignores_non_file_payloads(
    qtbot: QtBot, window: MainWindow, demo_session: CompanySession, payload: str
) -> None:
    qtbot.waitExposed(window)
    stored_before = len(demo_session.inbox.load_index())
    targets = _drop_targets(window)
    # A line edit takes dropped text, so the search box gets its own test.
    del targets["busqueda"]
    for name, target in targets.items():
        accepted, dropped = _drag_and_drop(window, target, _payload(payload))
        assert not accepted, name
        assert not dropped, name
    assert not window.importer.running
    assert len(demo_session.inbox.load_index()) == stored_before


def test_search_box_takes_text_not_links(
    qtbot: QtBot, window: MainWindow, demo_session: CompanySession
) -> None:
    qtbot.waitExposed(window)
    stored_before = len(demo_session.inbox.load_index())
    search_box = window.inbox.search_box

    accepted, dropped = _drag_and_drop(window, search_box, _payload("enlace web"))
    assert not accepted
    assert not dropped
    assert search_box.text() == ""

    accepted, dropped = _drag_and_drop(window, search_box, _payload("texto"))
    assert accepted
    assert dropped
    assert search_box.text() == "Factura 4017 de Ferretería Ñandú"
    assert not window.importer.running
    assert len(demo_session.inbox.load_index()) == stored_before


def test_drop_on_welcome_page_is_ignored(
    qtbot: QtBot,
    tmp_path: Path,
    preferences: Preferences,
    tasks: BackgroundTasks,
    dropped_paths: list[Path],
) -> None:
    window = make_window(qtbot, Workspace(DataLayout(tmp_path / "vacio"), None), preferences, tasks)
    window.set_session(None)
    window.show()
    qtbot.waitExposed(window)
    accepted, dropped = _drag_and_drop(window, window.welcome, _file_urls(dropped_paths))
    assert not accepted
    assert not dropped
    assert not window.importer.running
