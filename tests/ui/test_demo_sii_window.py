"""The app on the demo: its SII sandbox responds in the background and the window shows it."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from cymadesk.models.inbox import View
from cymadesk.services.demo_sii import DemoSii
from cymadesk.services.preferences import Preferences
from cymadesk.services.session import CompanySession
from cymadesk.ui.inbox_model import Column
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.tasks import BackgroundTasks
from tests.ui.windows import make_window


def view_texts(window: MainWindow) -> list[str]:
    return [window.views.item(row).text() for row in range(window.views.count())]


def test_demo_window_shows_sandbox_responses(
    qtbot: QtBot, demo_session: CompanySession, preferences: Preferences
) -> None:
    tasks = BackgroundTasks()
    demo_sii = DemoSii(demo_session.workspace)
    window = make_window(qtbot, demo_session.workspace, preferences, tasks, demo_sii)
    window.demo_arrivals.setInterval(200)
    window.set_session(demo_session)
    window.show()
    assert window.statusBar().currentMessage() == "Consultando el SII local de la demo…"

    qtbot.waitUntil(lambda: "Reclamados (1)" in view_texts(window), timeout=30_000)
    assert "respondió" in window.statusBar().currentMessage()
    accepted = next(text for text in view_texts(window) if text.startswith("Aceptados"))
    assert accepted != "Aceptados (0)"

    window.inbox.search("90002")
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1, timeout=10_000)
    assert window.inbox.select_row(0)
    text = window.detail.browser.toPlainText()
    assert "✗ Falla Estado en el SII" in text
    assert "NO coinciden (DNK)" in text
    # The register lists the total as signed, so the RCV check fails on this copy too.
    assert "✗ Falla Registro de Compras (RCV)" in text
    assert re.search(r"en «Pendientes», pero con un total de \$[\d.]+, y este XML dice", text)

    # Its signature was removed, so the signing time is only what the document states.
    window.inbox.search("90003")
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1, timeout=10_000)
    assert window.inbox.select_row(0)
    text = window.detail.browser.toPlainText()
    assert "Fecha de firma declarada" in text
    assert "Firmado" not in text

    window.inbox.search("")
    window.views.select_view(View.NO_CORRESPONDEN)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() >= 2, timeout=10_000)
    assert window.inbox.select_row(0)
    assert window.inbox.model.index(0, Column.PLAZO).data() == ""
    assert "Ninguno para esta empresa" in window.detail.browser.toPlainText()

    window.views.select_view(View.RECLAMADOS)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1, timeout=10_000)
    assert window.inbox.select_row(0)
    text = window.detail.browser.toPlainText()
    assert "RCD" in text
    assert "Reclamo al Contenido del Documento" in text
    assert window.inbox.model.index(0, Column.PLAZO).data() == "reclamado"
    assert re.search(
        r"Reclamado\. El registro del SII anotó RCD \(Reclamo al Contenido del Documento\) el "
        r"\d\d-\d\d-\d{4}",
        text,
    )

    window.views.select_view(View.ACEPTADOS)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() > 10, timeout=10_000)
    model = window.inbox.model
    plazos = {model.index(row, Column.PLAZO).data() for row in range(model.rowCount())}
    assert plazos == {"aceptado"}
    details = set()
    for row in range(model.rowCount()):
        assert window.inbox.select_row(row)
        text = window.detail.browser.toPlainText()
        details.add("anotó ACD" in text)
        details.add("Aceptado tácitamente" in text)
    # Some were accepted at the SII's registry and others by the 8 days without a claim.
    assert details == {True, False}

    todos_before = next(text for text in view_texts(window) if text.startswith("Todos"))
    with qtbot.waitSignal(window.demo_document_arrived, timeout=30_000):
        pass
    window.demo_arrivals.stop()  # one arrival is enough to count
    assert window.statusBar().currentMessage().startswith("Demo: llegó la ")
    qtbot.waitUntil(lambda: todos_before not in view_texts(window), timeout=10_000)
    todos_after = next(text for text in view_texts(window) if text.startswith("Todos"))
    assert (
        int(todos_after.split("(")[1].rstrip(")"))
        == int(todos_before.split("(")[1].rstrip(")")) + 1
    )

    window.close()
    assert not window.demo_arrivals.isActive()
    assert demo_sii.url is None
