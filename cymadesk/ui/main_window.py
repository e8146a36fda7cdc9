"""The main window: it composes the panes, menus and toolbar, and switches companies.

Layout: the saved views on the left, the inbox on the right with the detail pane below it,
in splitters whose sizes are remembered. Files, folders and zips dropped on the window
are imported into the open company.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from cymadesk.messages import render
from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import View
from cymadesk.services.companies import Workspace
from cymadesk.services.demo_sii import Delivery, DemoSii, DemoSyncSummary
from cymadesk.services.importing import ImportSummary
from cymadesk.services.preferences import (
    LANGUAGE,
    LAST_COMPANY,
    SPLITTER_SIZES,
    WINDOW_GEOMETRY,
    Preferences,
)
from cymadesk.services.session import (
    CompanySession,
    create_company_session,
    open_company_session,
    open_demo_session,
)
from cymadesk.ui.detail_html import arg
from cymadesk.ui.detail_pane import DetailPane
from cymadesk.ui.dialogs import AboutDialog, CreateCompanyDialog, PreferencesDialog
from cymadesk.ui.import_flow import ImportController, ImportSummaryDialog
from cymadesk.ui.inbox_pane import InboxPane
from cymadesk.ui.notify import Notifier
from cymadesk.ui.tasks import BackgroundTasks
from cymadesk.ui.views_panel import ViewsPanel
from cymadesk.ui.welcome import WelcomePage

logger = logging.getLogger(__name__)

DEMO_ENTRY = "demo"
DEMO_ARRIVAL_INTERVAL_MS = 3 * 60 * 1000


class MainWindow(QMainWindow):
    """The window of the app.

    Signals:
        session_changed(): another company was opened (or none).
        demo_sync_finished(): the demo's SII sandbox responded, or failed to.
        demo_document_arrived(): a new document reached the demo company, or failed to.
    """

    session_changed = Signal()
    demo_sync_finished = Signal()
    demo_document_arrived = Signal()

    def __init__(
        self,
        *,
        workspace: Workspace,
        preferences: Preferences,
        tasks: BackgroundTasks,
        notifier: Notifier,
        language: str,
        clock: Callable[[], dt.datetime],
        demo_sii: DemoSii | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        # The demo's SII sandbox; None where the demo shows only what its build stored
        # (screenshots, most tests).
        self.demo_sii = demo_sii
        self._demo_task_running = False
        # While the window shows the demo, a supplier sends it a new document now and then.
        self.demo_arrivals = QTimer(self)
        self.demo_arrivals.setInterval(DEMO_ARRIVAL_INTERVAL_MS)
        self.demo_arrivals.timeout.connect(self._deliver_demo_document)
        self.preferences = preferences
        self.tasks = tasks
        self.notifier = notifier
        self.language = language
        self.clock = clock
        self.session: CompanySession | None = None
        self.setWindowTitle("CymaDesk")
        self.setAcceptDrops(True)

        self.views = ViewsPanel(self)
        self.inbox = InboxPane(tasks, clock, language, self)
        self.detail = DetailPane(language, clock, self)
        self.welcome = WelcomePage(self)
        self.importer = ImportController(tasks, self)
        self.companies = QComboBox(self)
        self.companies.setPlaceholderText(self.tr("Choose a company"))
        self.companies.setToolTip(self.tr("Company whose documents are shown"))
        self.companies.setMinimumContentsLength(28)

        # The detail pane sits below the list, so that every column of the list fits.
        self.inner_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.inner_splitter.addWidget(self.inbox)
        self.inner_splitter.addWidget(self.detail)
        self.outer_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.outer_splitter.addWidget(self.views)
        self.outer_splitter.addWidget(self.inner_splitter)
        self.outer_splitter.setStretchFactor(1, 1)
        self.inner_splitter.setSizes([330, 400])
        self.outer_splitter.setSizes([180, 1100])
        self._restore_splitters()

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.outer_splitter)
        self.setCentralWidget(self.pages)

        self._build_actions()
        self._connect()

    # Building

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self.import_files_action = self._action(
            self.tr("Import files…"), self.choose_files, "Ctrl+O"
        )
        self.import_files_action.setToolTip(self.tr("Import XML files or zip archives (Ctrl+O)"))
        self.import_folder_action = self._action(
            self.tr("Import folder…"), self.choose_folder, "Ctrl+Shift+O"
        )
        self.import_folder_action.setToolTip(
            self.tr("Import every XML file and zip archive in a folder (Ctrl+Shift+O)")
        )
        self.search_action = self._action(self.tr("Search"), self.inbox.focus_search, "Ctrl+F")
        new_company = self._action(self.tr("Create company…"), self.create_company)
        open_demo = self._action(self.tr("Open the demo"), self.open_demo)
        quit_action = self._action(self.tr("Quit"), self.close, "Ctrl+Q")
        preferences = self._action(self.tr("Preferences…"), self.edit_preferences)
        about = self._action(self.tr("About CymaDesk"), self.show_about)

        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        for action in (self.import_files_action, self.import_folder_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(new_company)
        file_menu.addAction(open_demo)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.search_action)
        edit_menu.addAction(preferences)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(about)

        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("barra-principal")
        toolbar.setMovable(False)
        toolbar.addWidget(self.companies)
        toolbar.addSeparator()
        toolbar.addAction(self.import_files_action)
        toolbar.addAction(self.import_folder_action)
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        self.views.view_selected.connect(self._view_selected)
        self.inbox.document_selected.connect(self._document_selected)
        self.inbox.document_activated.connect(self._document_activated)
        self.inbox.counts_changed.connect(self.views.set_counts)
        self.detail.document_link_activated.connect(self.open_document)
        self.importer.finished.connect(self._import_finished)
        self.importer.failed.connect(self._import_failed)
        self.welcome.create_requested.connect(self.create_company)
        self.welcome.demo_requested.connect(self.open_demo)
        self.companies.activated.connect(self._company_chosen)
        for splitter in (self.outer_splitter, self.inner_splitter):
            splitter.splitterMoved.connect(lambda _pos, _index: self._save_splitters())

    # Sessions

    def set_session(self, session: CompanySession | None) -> None:
        """Show this company (closing the previous one), or the welcome page for None."""
        self.demo_arrivals.stop()
        if self.session is not None and self.session is not session:
            if self._demo_task_running:
                # The demo's sync or delivery writes to the session's database until it ends.
                self.tasks.wait()
            self.session.close()
        self.session = session
        self.detail.show_empty()
        self.inbox.set_inbox(session.inbox if session is not None else None)
        enabled = session is not None
        self.import_files_action.setEnabled(enabled)
        self.import_folder_action.setEnabled(enabled)
        self.pages.setCurrentWidget(self.outer_splitter if enabled else self.welcome)
        if session is not None:
            self.views.select_view(View.PENDIENTES)
            self.inbox.set_view(View.PENDIENTES)
            if not session.demo:
                self.preferences.set(LAST_COMPANY, session.company.rut.canonical)
        self._fill_company_list()
        self._update_title()
        if session is not None and session.demo and self.demo_sii is not None:
            self._sync_demo(session)
        self.session_changed.emit()

    def _sync_demo(self, session: CompanySession) -> None:
        """Ask the demo's SII sandbox about the demo's documents, in the background."""
        demo_sii = self.demo_sii
        if demo_sii is None or self._demo_task_running:
            return
        self._demo_task_running = True
        self.statusBar().showMessage(self.tr("Asking the demo's local SII sandbox…"))
        self.tasks.run(
            "demo SII sync",
            lambda: demo_sii.sync(session.opened),
            lambda summary: self._demo_synced(session, summary),
            lambda error: self._demo_sync_failed(session, error),
        )

    def _demo_synced(self, session: CompanySession, summary: DemoSyncSummary) -> None:
        self._demo_task_running = False
        self.demo_sync_finished.emit()
        if self.session is not session:
            return
        self.demo_arrivals.start()
        self.inbox.reload()
        current = self.inbox.current_id()
        if current is not None:
            self.open_document(current)
        responses = len(summary.estados)
        self.statusBar().showMessage(
            self.tr("Demo: the local SII sandbox answered for %n document(s).", "", responses)
        )

    def _demo_sync_failed(self, session: CompanySession, error: Exception) -> None:
        self._demo_task_running = False
        self.demo_sync_finished.emit()
        logger.warning("The demo's SII sync failed: %s", error)
        if self.session is session:
            self.statusBar().showMessage(
                self.tr(
                    "The demo's local SII sandbox did not answer; the demo shows its documents "
                    "without SII data."
                )
            )

    def _deliver_demo_document(self) -> None:
        """Have a supplier of the demo send it a new document, in the background."""
        session, demo_sii = self.session, self.demo_sii
        if session is None or not session.demo or demo_sii is None or self._demo_task_running:
            return
        self._demo_task_running = True
        self.tasks.run(
            "demo delivery",
            lambda: demo_sii.deliver(session.opened),
            lambda delivery: self._demo_document_arrived(session, delivery),
            lambda error: self._demo_delivery_failed(error),
        )

    def _demo_document_arrived(self, session: CompanySession, delivery: Delivery) -> None:
        self._demo_task_running = False
        self.demo_document_arrived.emit()
        if self.session is not session:
            return
        self.inbox.reload()
        dte_type = DteType.from_code(delivery.tipo)
        kind = dte_type.spanish_name if dte_type is not None else str(delivery.tipo)
        self.statusBar().showMessage(
            arg(
                self.tr("Demo: %1 N° %2 from %3 arrived."),
                kind,
                delivery.folio,
                # "S.A." at the end of the sentence keeps its own period.
                delivery.razon_social.rstrip("."),
            )
        )

    def _demo_delivery_failed(self, error: Exception) -> None:
        self._demo_task_running = False
        self.demo_document_arrived.emit()
        logger.warning("A demo document could not be delivered: %s", error)

    def _update_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle("CymaDesk")
            return
        company = session.company
        name = arg(self.tr("%1 (%2)"), company.nombre, company.rut.formatted)
        if session.demo:
            name = arg(self.tr("%1 — demo with synthetic data"), name)
        self.setWindowTitle(f"{name} — CymaDesk")
        self.statusBar().showMessage(name)

    def _fill_company_list(self) -> None:
        self.companies.blockSignals(True)
        self.companies.clear()
        for listing in self.workspace.list_companies():
            name = listing.company.nombre if listing.company else self.tr("(cannot be opened)")
            self.companies.addItem(
                arg(self.tr("%1 (%2)"), name, listing.rut.formatted), listing.rut.canonical
            )
            if listing.problem is not None:
                reason = render(listing.problem.message, self.language)
                self.companies.setItemData(
                    self.companies.count() - 1, reason, Qt.ItemDataRole.ToolTipRole
                )
        self.companies.addItem(self.tr("Demo company"), DEMO_ENTRY)
        current = self.session
        if current is None:
            # On the welcome page no company is open, so none is shown as chosen.
            self.companies.setCurrentIndex(-1)
        else:
            key = DEMO_ENTRY if current.demo else current.company.rut.canonical
            self.companies.setCurrentIndex(max(0, self.companies.findData(key)))
        self.companies.blockSignals(False)

    def _company_chosen(self, position: int) -> None:
        key = self.companies.itemData(position)
        if key == DEMO_ENTRY:
            self.open_demo()
        elif isinstance(key, str):
            self.open_company(key)

    def open_company(self, rut_text: str) -> None:
        with self.notifier.storage_errors(self):
            self.set_session(open_company_session(self.workspace, rut_text))

    def open_demo(self) -> None:
        if self.session is not None and self.session.demo:
            return
        with self.notifier.storage_errors(self):
            self.set_session(open_demo_session(self.workspace))

    def create_company(self) -> None:
        dialog = CreateCompanyDialog(self)
        if dialog.exec() != CreateCompanyDialog.DialogCode.Accepted:
            return
        with self.notifier.storage_errors(self):
            session = create_company_session(
                self.workspace,
                dialog.rut.text(),
                dialog.nombre.text(),
                dialog.selected_ambiente(),
                dialog.passphrase.text(),
            )
            self.set_session(session)

    # Inbox and detail

    def _view_selected(self, view: View) -> None:
        self.inbox.set_view(view)

    def _document_selected(self, document_id: int) -> None:
        if document_id < 0 or self.session is None:
            self.detail.show_empty()
            return
        self.open_document(document_id)
        self.inbox.mark_read(document_id)

    def _document_activated(self, document_id: int) -> None:
        self.detail.focus_document()

    def open_document(self, document_id: int) -> None:
        """Show one document in the detail pane (from the list or from a reference link)."""
        if self.session is None:
            return
        try:
            self.detail.show_detail(self.session.inbox.detail(document_id))
        except LookupError:
            logger.warning(
                "Document %s not found in company %s", document_id, self.session.company.rut
            )
            self.detail.show_empty()

    # Import

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import files"),
            str(Path.home()),
            self.tr("Tax documents (*.xml *.zip *.csv);;All files (*)"),
        )
        self.import_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import folder"), str(Path.home()))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> bool:
        if self.session is None or not paths:
            return False
        return self.importer.start(self.session, paths)

    def _import_finished(self, summary: ImportSummary) -> None:
        self.inbox.reload()
        dialog = ImportSummaryDialog(summary, self.language, self)
        self.summary_dialog = dialog
        dialog.finished.connect(lambda _result: self._after_summary(summary))
        dialog.open()

    def _after_summary(self, summary: ImportSummary) -> None:
        if summary.unprocessable:
            self.views.select_view(View.NO_PROCESABLES)

    def _import_failed(self, error: str) -> None:
        self.notifier.error(self, self.tr("The import stopped because of an error."), error)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        # Only local files can be imported, so a web link or text shows the "no drop" cursor.
        if self.session is not None and _local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if self.import_paths(_local_paths(event)):
            event.acceptProposedAction()

    # Preferences and about

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.preferences.get(LANGUAGE), self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.preferences.set(LANGUAGE, dialog.selected_language())

    def show_about(self) -> None:
        AboutDialog(self.workspace.layout.root, self).exec()

    def _restore_splitters(self) -> None:
        sizes = self.preferences.get(SPLITTER_SIZES)
        if len(sizes) == 4 and all(isinstance(size, int) and size >= 0 for size in sizes):
            self.outer_splitter.setSizes(sizes[:2])
            self.inner_splitter.setSizes(sizes[2:])

    def _save_splitters(self) -> None:
        # The welcome page hides the splitters, and a splitter never laid out reports
        # placeholder sizes in place of the restored ones, so the saved sizes stay.
        if not self.outer_splitter.isVisible():
            return
        self.preferences.set(
            SPLITTER_SIZES, self.outer_splitter.sizes() + self.inner_splitter.sizes()
        )

    def restore_geometry(self) -> bool:
        saved = self.preferences.get(WINDOW_GEOMETRY)
        return bool(saved) and self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.importer.running:
            answer = QMessageBox.question(
                self,
                self.tr("Import in progress"),
                self.tr("An import is running. Cancel it after the current file and quit?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.importer.cancel()
        self.preferences.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().toHex().data()).decode())
        self._save_splitters()
        self.demo_arrivals.stop()
        self.tasks.wait()
        if self.demo_sii is not None:
            self.demo_sii.stop()
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)


def _local_paths(event: QDropEvent) -> list[str]:
    """Return the paths of the local files and folders a drag carries, ignoring other URLs."""
    return [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
