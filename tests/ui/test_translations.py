"""The Spanish catalogue is complete, keeps its placeholders, and ships compiled and current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QCoreApplication, QTranslator

from cymadesk.ui.translation import TRANSLATIONS_DIR, install_translators

REPOSITORY = Path(__file__).resolve().parents[2]
TS_FILE = REPOSITORY / "resources" / "translations" / "cymadesk_es.ts"
QM_FILE = TRANSLATIONS_DIR / "cymadesk_es.qm"
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:n|\d+)")


def _messages() -> list[etree._Element]:
    return list(etree.parse(str(TS_FILE)).iter("message"))


def _translations(message: etree._Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def test_every_message_translated() -> None:
    unfinished = [
        message.findtext("source")
        for message in _messages()
        if (message.find("translation").get("type") or "") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
        or not all(_translations(message))
    ]
    assert unfinished == []


def test_placeholders_survive_translation() -> None:
    broken = []
    for message in _messages():
        source = message.findtext("source") or ""
        expected = sorted(PLACEHOLDER.findall(source))
        for text in _translations(message):
            if sorted(PLACEHOLDER.findall(text)) != expected:
                broken.append((source, text))
    assert broken == []


def test_committed_qm_is_current(tmp_path: Path) -> None:
    compiled = tmp_path / "cymadesk_es.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS_FILE), "-qm", str(compiled)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert compiled.read_bytes() == QM_FILE.read_bytes(), "run make translations"


def test_catalogue_covers_sources(tmp_path: Path) -> None:
    copy = tmp_path / "cymadesk_es.ts"
    shutil.copy(TS_FILE, copy)
    sources = sorted(str(path) for path in (REPOSITORY / "cymadesk" / "ui").glob("*.py"))
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(copy),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    new = [
        message.findtext("source")
        for message in etree.parse(str(copy)).iter("message")
        if message.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert new == [], "new source strings: run make translations and translate them"


@pytest.fixture
def spanish_app(qapp: QCoreApplication) -> Iterator[list[QTranslator]]:
    translators = install_translators(qapp, "es")
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


def test_spanish_loaded_with_qt_catalogue(spanish_app: list[QTranslator]) -> None:
    assert len(spanish_app) == 2
    assert QCoreApplication.translate("Labels", "Pending decision") == "Pendientes de decisión"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert QCoreApplication.translate("Labels", "%n checks failed", "", 2) == (
        "Fallan 2 verificaciones"
    )
    assert QCoreApplication.translate("Labels", "1 check failed") == "Falla 1 verificación"
