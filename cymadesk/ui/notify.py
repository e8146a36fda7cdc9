"""The one way the app tells the user about errors, and the hook for unexpected exceptions."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from cymadesk.messages import render
from cymadesk.services.errors import StorageError

logger = logging.getLogger(__name__)


class Notifier(QObject):
    """Shows errors in dialogs (or only logs them where no dialog may open).

    ``interactive=False`` (screenshots, tests) logs instead of opening modal dialogs.
    """

    def __init__(self, language: str, *, interactive: bool = True) -> None:
        super().__init__()
        self.language = language
        self.interactive = interactive

    def error(self, parent: QWidget | None, text: str, detail: str = "") -> None:
        logger.error("%s %s", text, detail)
        if not self.interactive:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("CymaDesk"), text, parent=parent)
        if detail:
            box.setDetailedText(detail)
        box.exec()

    @contextmanager
    def storage_errors(self, parent: QWidget | None) -> Iterator[None]:
        """Show a company or database error in plain words instead of raising it."""
        try:
            yield
        except StorageError as error:
            self.error(parent, render(error.message, self.language), str(error))

    def install_excepthook(self) -> None:
        """Log unexpected exceptions and show them, instead of letting Qt abort."""

        def hook(
            kind: type[BaseException], value: BaseException, trace: TracebackType | None
        ) -> None:
            text = "".join(traceback.format_exception(kind, value, trace))
            logger.critical("Unexpected error: %s", text)
            self.error(None, self.tr("Something went wrong. The details are in the log."), text)

        sys.excepthook = hook
