"""The first-run page: create a company, or open the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

TEXT_WIDTH = 560


class WelcomePage(QWidget):
    """Shown when the data directory has no company yet.

    Signals:
        create_requested(): the user wants to create a company.
        demo_requested(): the user wants to see the demo company.
    """

    create_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        welcome = self.tr("Welcome to CymaDesk")
        title = QLabel(f"<h1>{welcome}</h1>", self)
        self.text = text = QLabel(
            self.tr(
                "CymaDesk lists the electronic tax documents your suppliers issue to your "
                "company, checks that each one is authentic and tells you how long you have "
                "to accept or claim it."
            ),
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A wrapped label in a centred layout cell gets no size of its own, so it gets one.
        text.setFixedWidth(TEXT_WIDTH)
        text.setMinimumHeight(text.heightForWidth(TEXT_WIDTH))
        self.create_button = QPushButton(self.tr("Create a company…"), self)
        self.demo_button = QPushButton(self.tr("Open the demo"), self)
        self.demo_button.setToolTip(
            self.tr("A sample company with synthetic documents; your data is not touched")
        )
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, text, self.create_button, self.demo_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
