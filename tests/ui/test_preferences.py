"""Preferencias: the interface language chosen there applies when the app starts again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cymadesk.services.preferences import LANGUAGE, Preferences
from cymadesk.ui.dialogs import PreferencesDialog
from cymadesk.ui.main_window import MainWindow


def test_english_chosen_in_preferences_applies_at_next_start(
    qtbot: QtBot,
    window: MainWindow,
    demo_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "datos-app"
    shutil.copytree(demo_template, data)
    window.preferences = Preferences.in_data_dir(data)

    def choose_english(dialog: PreferencesDialog) -> int:
        assert dialog.language.currentData() == "es"
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        return PreferencesDialog.DialogCode.Accepted.value

    monkeypatch.setattr(PreferencesDialog, "exec", choose_english)
    window.edit_preferences()

    assert Preferences.in_data_dir(data).get(LANGUAGE) == "en"
    result = subprocess.run(
        [sys.executable, "-m", "cymadesk", "--data-dir", str(data), "--demo", "--screenshot",
         str(tmp_path / "captura.png")],
        capture_output=True, text=True, timeout=180, env=dict(os.environ), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    log = (data / "logs" / "cymadesk.log").read_text("utf-8")
    assert "Interface language: en" in log


def test_preferences_dialog_keeps_the_current_language(qtbot: QtBot) -> None:
    dialog = PreferencesDialog("en")
    qtbot.addWidget(dialog)

    assert dialog.selected_language() == "en"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert dialog.selected_language() == "es"
