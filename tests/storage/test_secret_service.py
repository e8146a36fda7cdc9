"""The OS keyring for real: gnome-keyring's Secret Service in its own D-Bus session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import json
import sys
from pathlib import Path

import keyring
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.secrets import KeyringSecretStore, database_key_name

store = KeyringSecretStore()
store.set("prueba", "valor secreto")
round_trip = store.get("prueba")
store.delete("prueba")
workspace = Workspace(DataLayout(Path(sys.argv[1])), store,
                      passphrase=lambda purpose: "frase de recuperación")
workspace.create_company("96790240-3", "Minera", Ambiente.PRODUCCION).close()
stored_key = store.get(database_key_name("96790240-3"))
reopened = workspace.open_company("96.790.240-3")
name = reopened.company.nombre
reopened.close()
print(json.dumps({
    "backend": type(keyring.get_keyring()).__module__,
    "round_trip": round_trip,
    "after_delete": store.get("prueba"),
    "key_length": len(stored_key or ""),
    "reopened": name,
}))
"""


@pytest.mark.secret_service
@pytest.mark.skipif(
    shutil.which("dbus-run-session") is None or shutil.which("gnome-keyring-daemon") is None,
    reason="needs dbus-run-session and gnome-keyring-daemon (installed by .ci/run)",
)
def test_real_secret_service_keeps_company_key(tmp_path: Path) -> None:
    script = tmp_path / "comprobar_llavero.py"
    script.write_text(SCRIPT, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
    }
    environment.update(
        {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(tmp_path),
        }
    )
    command = (
        "printf 'clave-del-llavero' | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        f" && exec {sys.executable} {script} {tmp_path / 'datos'}"
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", command],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["backend"] == "keyring.backends.SecretService"
    assert outcome["round_trip"] == "valor secreto"
    assert outcome["after_delete"] is None
    assert outcome["key_length"] == 64
    assert outcome["reopened"] == "Minera"
