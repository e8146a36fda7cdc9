"""Importing files from the app: a progress dialog that can cancel between files, then a summary.

The import runs on the background thread pool; its progress comes back to the GUI thread
through a signal. Cancelling stops before the next file; every file already imported stays.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import PurePath

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from cymadesk.messages import render
from cymadesk.services.importing import FileResult, ImportProgress, ImportSummary
from cymadesk.services.session import CompanySession
from cymadesk.ui.detail_html import arg
from cymadesk.ui.tasks import BackgroundTasks

logger = logging.getLogger(__name__)


class ImportController(QObject):
    """Runs one import at a time with a progress dialog.

    Signals:
        progressed(object): an ``ImportProgress``, emitted from the worker thread.
        finished(object): the ``ImportSummary``, on the GUI thread.
        failed(str): the import stopped on an unexpected error.
    """

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, tasks: BackgroundTasks, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._tasks = tasks
        self._parent_widget = parent_widget
        self._cancel = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.progressed.connect(self._show_progress)

    @property
    def running(self) -> bool:
        return self.dialog is not None

    def start(self, session: CompanySession, paths: Sequence[str]) -> bool:
        """Start importing ``paths``; False when another import is still running."""
        if self.running or not paths:
            return False
        self._cancel.clear()
        dialog = QProgressDialog(
            self.tr("Importing…"), self.tr("Cancel"), 0, 0, self._parent_widget
        )
        dialog.setWindowTitle(self.tr("Import"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog
        logger.info("Import of %d paths started", len(paths))
        self._tasks.run(
            "import files",
            lambda: session.import_paths(
                list(paths), progress=self.progressed.emit, cancelled=self._cancel.is_set
            ),
            self._done,
            self._error,
        )
        return True

    def cancel(self) -> None:
        """Stop after the file being imported now."""
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling after the current file…"))

    @Slot(object)
    def _show_progress(self, progress: ImportProgress) -> None:
        dialog = self.dialog
        if dialog is None or self._cancel.is_set():
            return
        if progress.total:
            dialog.setMaximum(progress.total)
            dialog.setValue(min(progress.done, progress.total))
        text = arg(
            self.tr("%1 of %2 files: %3"), progress.done, progress.total or "?", progress.current
        )
        dialog.setLabelText(text)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, summary: ImportSummary) -> None:
        self._close_dialog()
        logger.info("Import finished: %d new documents", summary.new)
        self.finished.emit(summary)

    def _error(self, error: Exception) -> None:
        self._close_dialog()
        self.failed.emit(str(error))


def short_name(name: str) -> str:
    """Drop a file name's folders; a zip entry keeps its archive (``a.zip!b.xml``)."""
    archive, separator, entry = name.partition("!")
    return (
        PurePath(archive).name + separator + PurePath(entry).name
        if separator
        else PurePath(name).name
    )


class ImportSummaryDialog(QDialog):
    """The outcome of an import: new, repeated, not addressed and unprocessable documents."""

    def __init__(
        self, summary: ImportSummary, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import summary"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if summary.cancelled:
            layout.addWidget(
                QLabel(self.tr("The import was cancelled; files already imported stay."), self)
            )
        counts = [
            self.tr("%n new document(s)", "", summary.new),
            self.tr("%n repeated", "", summary.repeated),
            self.tr("%n addressed to another company", "", summary.not_addressed),
            self.tr("%n unprocessable", "", summary.unprocessable),
        ]
        if summary.conflicts:
            counts.append(
                self.tr(
                    "%n in conflict with another version of the same folio (both kept and flagged)",
                    "",
                    summary.conflicts,
                )
            )
        self.counts_label = QLabel("\n".join(counts), self)
        layout.addWidget(self.counts_label)
        self.problems = QListWidget(self)
        self.problems.setMaximumHeight(140)
        self.problems.setWordWrap(True)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for outcome in summary.files:
            if outcome.result is FileResult.NO_PROCESABLE and outcome.message is not None:
                name = short_name(outcome.name)
                self.problems.addItem(f"{name}: {render(outcome.message, language)}")
                self.problems.item(self.problems.count() - 1).setToolTip(outcome.name)
        if self.problems.count():
            layout.addWidget(QLabel(self.tr("Files that could not be processed:"), self))
            layout.addWidget(self.problems)
            layout.addWidget(
                QLabel(self.tr("They are listed under Unprocessable, which opens next."), self)
            )
        else:
            self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
