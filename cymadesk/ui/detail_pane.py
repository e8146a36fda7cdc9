"""The detail pane: one document's content, verdicts, findings and deadline, and its XML."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QTabWidget, QTextBrowser, QWidget

from cymadesk.services.queries import DocumentDetail
from cymadesk.ui.detail_html import LINK_SCHEME, DetailHtml, esc
from cymadesk.ui.xml_view import XmlView

logger = logging.getLogger(__name__)


class DetailPane(QTabWidget):
    """Tabs "Documento" (the parsed content as HTML) and "XML" (the original text).

    Signals:
        document_link_activated(int): a link to a referenced document was clicked.
    """

    document_link_activated = Signal(int)

    def __init__(
        self, language: str, clock: Callable[[], dt.datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._html = DetailHtml(language, self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link_clicked)
        self.xml_view = XmlView(self)
        self.addTab(self.browser, self.tr("Document"))
        self.addTab(self.xml_view, self.tr("XML"))
        self.setTabToolTip(1, self.tr("The original file, exactly as it arrived"))
        self.detail: DocumentDetail | None = None
        self.show_empty()

    def show_empty(self) -> None:
        self.detail = None
        message = self.tr("Select a document to see its content, checks and deadline.")
        self.browser.setHtml(f"<p style='color:#555555'>{esc(message)}</p>")
        self.xml_view.show_text("")

    def show_detail(self, detail: DocumentDetail) -> None:
        self.detail = detail
        self.browser.setHtml(self._html.render(detail, self._clock()))
        self.xml_view.show_text(detail.original_text())

    def focus_document(self) -> None:
        """Move the keyboard focus into the open tab's text, where the arrow keys scroll it.

        Focusing the tab widget itself would focus its tab bar, where the arrows switch tabs.
        """
        self.currentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME and url.path().isdigit():
            self.document_link_activated.emit(int(url.path()))
        else:
            logger.warning("Ignored link %s in the detail pane", url.toString())
