"""A company whose keyring entry was lost opens after the recovery passphrase is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import PURPOSE_NEW, PURPOSE_RECOVER, Workspace
from cymadesk.storage.secrets import MemorySecretStore, database_key_name
from cymadesk.ui.dialogs import ask_recovery_passphrase
from tests.helpers import COMPANY_RUT, PASSPHRASE


def test_prompt_returns_typed_passphrase(qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_get_text(*arguments: object) -> tuple[str, bool]:
        asked.append(str(arguments[2]))
        return PASSPHRASE, True

    monkeypatch.setattr(QInputDialog, "getText", fake_get_text)

    assert ask_recovery_passphrase(None, PURPOSE_RECOVER) == PASSPHRASE
    assert "llavero" in asked[0] or "keyring" in asked[0]
    assert ask_recovery_passphrase(None, PURPOSE_NEW) is None


def test_cancelled_prompt_gives_none(qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *arguments: ("", False))
    assert ask_recovery_passphrase(None, PURPOSE_RECOVER) is None


def test_lost_key_recovered_through_prompt(
    qtbot: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = MemorySecretStore()
    creator = Workspace(DataLayout(tmp_path), store, passphrase=lambda purpose: PASSPHRASE)
    creator.create_company(COMPANY_RUT, "Minera", Ambiente.PRODUCCION).close()
    store.delete(database_key_name(COMPANY_RUT))
    monkeypatch.setattr(QInputDialog, "getText", lambda *arguments: (PASSPHRASE, True))
    app_workspace = Workspace(
        DataLayout(tmp_path),
        store,
        passphrase=lambda purpose: ask_recovery_passphrase(None, purpose),
    )

    opened = app_workspace.open_company(COMPANY_RUT)

    assert opened.company.nombre == "Minera"
    assert store.get(database_key_name(COMPANY_RUT)) is not None
    opened.close()
