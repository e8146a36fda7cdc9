"""Regenerate the screenshots in this folder: the demo company, offscreen, in Spanish.

Usage: ``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/capture.py``
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from cymadesk.models.inbox import View
from cymadesk.models.timezone import SANTIAGO
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.demo_sii import DemoSii
from cymadesk.services.preferences import Preferences
from cymadesk.services.sandbox_identity import sandbox_authority
from cymadesk.services.session import open_demo_session
from cymadesk.sii.factory.corpus import generate_documents
from cymadesk.sii.factory.suppliers import DEMO_COMPANY
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.notify import Notifier
from cymadesk.ui.screenshot import capture, wait_until_loaded
from cymadesk.ui.tasks import BackgroundTasks
from cymadesk.ui.translation import install_translators

HERE = Path(__file__).resolve().parent
BROKEN_FILE = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE version="1.0"><Documento>'


def settle(milliseconds: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def grab(widget: QWidget, name: str) -> None:
    QCoreApplication.processEvents()
    path = HERE / name
    if not widget.grab().save(str(path), "PNG"):
        raise RuntimeError(f"could not save {path}")
    print(f"saved {path}")


def show_document(window: MainWindow, search: str, tipo: int | None = None) -> None:
    window.views.select_view(View.TODOS)
    window.inbox.search(search)
    model = window.inbox.model
    for position in range(model.rowCount()):
        row = model.row_at(position)
        if row is not None and (tipo is None or row.tipo_code == tipo):
            window.inbox.select_row(position)
            return
    raise RuntimeError(f"no document matches {search!r}")


def main() -> int:
    application = QApplication(sys.argv[:1])
    install_translators(application, "es")
    with tempfile.TemporaryDirectory(prefix="cymadesk-capturas-") as folder:
        root = Path(folder)
        workspace = Workspace(DataLayout(root / "datos"), None)
        demo_sii = DemoSii(workspace)
        window = MainWindow(
            workspace=workspace,
            preferences=Preferences(root / "preferencias.json"),
            tasks=BackgroundTasks(),
            notifier=Notifier("es", interactive=False),
            language="es",
            clock=lambda: dt.datetime.now(dt.UTC),
            demo_sii=demo_sii,
        )
        # As with `make run` on a display: the demo's SII sandbox responds in the background.
        loop = QEventLoop()
        window.demo_sync_finished.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.set_session(open_demo_session(workspace))
        loop.exec()
        capture(window, HERE / "ventana-principal.png")
        print(f"saved {HERE / 'ventana-principal.png'}")

        window.resize(1280, 1000)
        show_document(window, "", tipo=61)
        grab(window.detail, "detalle-valido.png")
        show_document(window, "90002")
        grab(window.detail, "detalle-adulterado.png")

        window.resize(1280, 800)
        inbox = root / "correo"
        inbox.mkdir()
        (inbox / "factura-incompleta.xml").write_bytes(BROKEN_FILE)
        today = dt.datetime.now(SANTIAGO).date()
        for generated in generate_documents(
            6,
            seed=99,
            receptor=DEMO_COMPANY,
            authority=sandbox_authority(workspace.layout),
            start=today - dt.timedelta(days=6),
            end=today - dt.timedelta(days=1),
            signer_key_bits=1024,
        ):
            name = f"DTE_T{generated.spec.tipo}_F{generated.spec.folio}.xml"
            (inbox / name).write_bytes(generated.data)
        window.import_paths([str(inbox)])
        wait_until_loaded(window)
        loop = QEventLoop()
        window.importer.finished.connect(lambda _summary: QTimer.singleShot(300, loop.quit))
        QTimer.singleShot(30_000, loop.quit)
        loop.exec()
        settle()
        grab(window.summary_dialog, "resumen-importacion.png")
        window.summary_dialog.accept()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
