"""Time to first paint and time to apply a search in the app's inbox, on 100,000 documents.

The company is filled with synthetic rows (``cymadesk.services.synthetic``), inserted
directly: signing 100,000 real files would take far too long. Each run measures, on the
real main window rendered offscreen:

- first paint: from opening the company (new database connections, cold index) to the
  window's first paint with the first rows of the inbox (the newest page, read by SQL);
- index ready: from opening the company until the whole list (its index) has loaded, so
  that scrolling, sorting and searching cover every document;
- search: from setting a search text to the repainted table, for a mix of razón social
  fragments, RUTs in several formats, folios and amounts.

Usage: ``python bench/inbox.py [--documents 100000] [--runs 20] [--json OUT]``;
``--smoke`` runs 2,000 documents three times, for the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from cymadesk.models.inbox import View
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.preferences import Preferences
from cymadesk.services.session import CompanySession
from cymadesk.services.synthetic import fill_inbox
from cymadesk.ui.main_window import MainWindow
from cymadesk.ui.notify import Notifier
from cymadesk.ui.screenshot import wait_until_loaded
from cymadesk.ui.tasks import BackgroundTasks
from cymadesk.ui.translation import install_translators

COMPANY_RUT = "96790240-3"
SEARCHES = (
    "andes",
    "Ferretería",
    "pacifico",
    "76.1",
    "7712",
    "12345",
    "$1.234.500",
    "Servicios Maule",
    "nuble",
    "Transportes Atacama SpA 17",
)
SOURCE = (
    b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE version="1.0"><Documento ID="F1T33">'
    b"<Encabezado><IdDoc><TipoDTE>33</TipoDTE><Folio>1</Folio><FchEmis>2026-11-02</FchEmis>"
    b"</IdDoc><Emisor><RUTEmisor>76354771-K</RUTEmisor><RznSoc>Sintetico</RznSoc></Emisor>"
    b"<Receptor><RUTRecep>96790240-3</RUTRecep><RznSocRecep>Minera</RznSocRecep></Receptor>"
    b"<Totales><MntNeto>1000</MntNeto><TasaIVA>19</TasaIVA><IVA>190</IVA>"
    b"<MntTotal>1190</MntTotal></Totales></Encabezado><Detalle><NroLinDet>1</NroLinDet>"
    b"<NmbItem>Item</NmbItem><MontoItem>1000</MontoItem></Detalle></Documento></DTE>"
)


def prepare(root: Path, documents: int) -> Workspace:
    workspace = Workspace(DataLayout(root), None, root / "clave.key")
    registry = workspace.registry()
    registry.with_recovery = False
    started = time.perf_counter()
    opened = registry.create(
        Rut.parse(COMPANY_RUT),
        "Empresa de prueba",
        Ambiente.PRODUCCION,
    )
    fill_inbox(opened, documents, source_data=SOURCE, now=dt.datetime.now(dt.UTC))
    opened.close()
    print(f"filled {documents} documents in {time.perf_counter() - started:.1f} s", flush=True)
    return workspace


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def measure(workspace: Workspace, runs: int, scratch: Path) -> dict[str, Any]:
    window = MainWindow(
        workspace=workspace,
        preferences=Preferences(scratch / "preferencias.json"),
        tasks=BackgroundTasks(),
        notifier=Notifier("es", interactive=False),
        language="es",
        clock=lambda: dt.datetime.now(dt.UTC),
    )
    window.resize(1280, 800)
    window.show()
    first_paint: list[float] = []
    index_ready: list[float] = []
    search: list[float] = []
    for run in range(runs):
        started = time.perf_counter()
        window.set_session(CompanySession(workspace, workspace.open_company(COMPANY_RUT)))
        window.inbox.table.viewport().repaint()
        first_paint.append(time.perf_counter() - started)
        if window.inbox.model.rowCount() == 0:
            raise RuntimeError("the first page is empty")
        if not wait_until_loaded(window):
            raise RuntimeError("the inbox did not load")
        index_ready.append(time.perf_counter() - started)
        window.views.select_view(View.TODOS)
        window.inbox.select_row(0)

        text = SEARCHES[run % len(SEARCHES)]
        started = time.perf_counter()
        window.inbox.search(text)
        window.inbox.table.viewport().repaint()
        search.append(time.perf_counter() - started)
        window.inbox.search("")
        QCoreApplication.processEvents()
    rows = window.inbox.counts()[View.TODOS]
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()
    return {
        "documents": rows,
        "runs": runs,
        "first_paint": percentiles(first_paint),
        "index_ready": percentiles(index_ready),
        "search": percentiles(search),
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--smoke", action="store_true", help="2,000 documents, 3 runs")
    options = parser.parse_args()
    documents, runs = (2_000, 3) if options.smoke else (options.documents, options.runs)

    application = QApplication(sys.argv[:1])
    install_translators(application, "es")
    with tempfile.TemporaryDirectory(prefix="cymadesk-bench-") as folder:
        root = Path(folder)
        workspace = prepare(root / "datos", documents)
        results = {"machine": machine(), **measure(workspace, runs, root)}
    print(
        f"first paint: p50 {results['first_paint']['p50_ms']:.0f} ms, "
        f"p95 {results['first_paint']['p95_ms']:.0f} ms"
    )
    print(
        f"index ready: p50 {results['index_ready']['p50_ms']:.0f} ms, "
        f"p95 {results['index_ready']['p95_ms']:.0f} ms"
    )
    print(
        f"search: p50 {results['search']['p50_ms']:.1f} ms, "
        f"p95 {results['search']['p95_ms']:.1f} ms"
    )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
