"""Loading the Spanish translations: CymaDesk's own catalogue and Qt's (standard buttons)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import cymadesk.resources

logger = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(cymadesk.resources.__file__).parent / "translations"
CATALOGUE = "cymadesk_es"


def install_translators(application: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the Spanish catalogues for ``language`` "es"; English needs none."""
    if language != "es":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Chile))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Chile))
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_es", qt_dir), (CATALOGUE, str(TRANSLATIONS_DIR))):
        translator = QTranslator(application)
        if translator.load(name, folder):
            application.installTranslator(translator)
            installed.append(translator)
        else:
            logger.error("Translation %s not found in %s", name, folder)
    return installed
