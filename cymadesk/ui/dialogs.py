"""Small dialogs: create a company, preferences, and "Acerca de"."""

from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cymadesk import __version__
from cymadesk.models.verdict import Ambiente
from cymadesk.services.companies import PURPOSE_RECOVER
from cymadesk.ui.detail_html import arg, esc

MIN_PASSPHRASE_LENGTH = 12

# Bundled components and their licences, for the "Acerca de" dialog.
COMPONENTS = (
    ("Qt", "LGPL-3.0"),
    ("PySide6 / Shiboken6", "LGPL-3.0"),
    ("SQLCipher", "BSD-3-Clause"),
    ("SQLAlchemy", "MIT"),
    ("Alembic", "MIT"),
    ("lxml / libxml2", "BSD-3-Clause / MIT"),
    ("signxml", "Apache-2.0"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause"),
    ("APScheduler", "MIT"),
    ("keyring", "MIT"),
    ("platformdirs", "MIT"),
)


class CreateCompanyDialog(QDialog):
    """Asks for RUT, business name, environment and the recovery passphrase (twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create company"))
        form = QFormLayout()
        self.rut = QLineEdit(self)
        self.rut.setPlaceholderText("76.354.771-K")
        self.nombre = QLineEdit(self)
        self.ambiente = QComboBox(self)
        self.ambiente.addItem(self.tr("Production"), Ambiente.PRODUCCION)
        self.ambiente.addItem(self.tr("SII certification"), Ambiente.CERTIFICACION)
        self.ambiente.addItem(self.tr("Local sandbox"), Ambiente.SANDBOX)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("RUT"), self.rut)
        form.addRow(self.tr("Business name"), self.nombre)
        form.addRow(self.tr("Environment"), self.ambiente)
        form.addRow(self.tr("Recovery passphrase"), self.passphrase)
        form.addRow(self.tr("Repeat passphrase"), self.repeat)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "The passphrase recovers the company's encrypted data if the system keyring "
                "loses its key. Keep it somewhere safe."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def problem_text(self) -> str:
        if not self.rut.text().strip() or not self.nombre.text().strip():
            return self.tr("Enter the RUT and the business name.")
        if len(self.passphrase.text()) < MIN_PASSPHRASE_LENGTH:
            return arg(
                self.tr("The passphrase needs at least %1 characters."), MIN_PASSPHRASE_LENGTH
            )
        if self.passphrase.text() != self.repeat.text():
            return self.tr("The two passphrases differ.")
        return ""

    def _check_and_accept(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def selected_ambiente(self) -> Ambiente:
        return Ambiente(self.ambiente.currentData())


class PreferencesDialog(QDialog):
    """The interface language; it applies the next time the app starts."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.language = QComboBox(self)
        self.language.addItem("Español", "es")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if language == "es" else 1)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("A new language applies when CymaDesk starts again."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def selected_language(self) -> str:
        return str(self.language.currentData())


class AboutDialog(QDialog):
    """Version, bundled components with their licences, and the data directory."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About CymaDesk"))
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(licence)}</td></tr>" for name, licence in COMPONENTS
        )
        summary = self.tr("Review of the tax documents your company receives.")
        versions = arg(self.tr("Qt %1, PySide6 %2"), qVersion(), pyside_version)
        components = self.tr("Bundled components and their licences")
        folder = self.tr("Data directory")
        text = (
            f"<h2>CymaDesk {esc(__version__)}</h2>"
            f"<p>{esc(summary)}</p><p>{esc(versions)}</p>"
            f"<p><b>{esc(components)}</b></p><table>{rows}</table>"
            f"<p><b>{esc(folder)}</b><br>{esc(data_dir)}</p>"
        )
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def ask_recovery_passphrase(parent: QWidget | None, purpose: str) -> str | None:
    """Ask for the recovery passphrase of a company whose key the keyring lost.

    ``purpose`` is the storage layer's reason; only recovery asks here, because creating a
    company collects its passphrase in ``CreateCompanyDialog``. Returns None on cancel.
    """
    if purpose != PURPOSE_RECOVER:
        return None
    text, accepted = QInputDialog.getText(
        parent,
        QCoreApplication.translate("RecoveryPassphrase", "Recover the database key"),
        QCoreApplication.translate(
            "RecoveryPassphrase",
            "This company's key is not in the system keyring. Type the recovery passphrase "
            "chosen when the company was created:",
        ),
        QLineEdit.EchoMode.Password,
    )
    return text if accepted and text else None
