"""Killing an import at random points never leaves a half-written file or a damaged database."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, select

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.keys import read_key_file
from cymadesk.storage.records import (
    AuditRecord,
    DocumentRecord,
    DocumentSourceRecord,
    SourceFileRecord,
)
from tests.helpers import COMPANY_RUT, unsigned_dte

FILES = 600
KILLS = 20


def _stored_files(connection: Any) -> int:
    return int(connection.execute("SELECT count(*) FROM source_files").fetchone()[0])


def _state(workspace: Workspace) -> tuple[str, int, int, int, int]:
    opened = workspace.open_company(COMPANY_RUT)
    try:
        with opened.database.read() as session:
            sources = session.scalar(select(func.count()).select_from(SourceFileRecord)) or 0
            documents = session.scalar(select(func.count()).select_from(DocumentRecord)) or 0
            links = session.scalar(select(func.count()).select_from(DocumentSourceRecord)) or 0
            audits = session.scalar(select(func.count()).select_from(AuditRecord)) or 0
        return opened.database.integrity_check(), sources, documents, links, audits
    finally:
        opened.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_sigkill_during_import(tmp_path: Path) -> None:
    data_dir = tmp_path / "datos"
    key_file = tmp_path / "clave.key"
    workspace = Workspace(DataLayout(data_dir), None, key_file)
    registry = workspace.registry()
    registry.with_recovery = False
    registry.create(Rut.parse(COMPANY_RUT), "Minera", Ambiente.PRODUCCION).close()
    inbox = tmp_path / "correo"
    inbox.mkdir()
    for folio in range(1, FILES + 1):
        (inbox / f"dte-{folio:04d}.xml").write_bytes(unsigned_dte(folio, neto=1000 + folio))

    command = [
        sys.executable,
        "-m",
        "cymadesk",
        "--data-dir",
        str(data_dir),
        "--key-file",
        str(key_file),
        "importar",
        "--empresa",
        COMPANY_RUT,
    ]
    command.append(str(inbox))
    watcher = sqlcipher.connect(str(data_dir / "empresas" / f"{COMPANY_RUT}.db"))
    watcher.execute(f"PRAGMA key = \"x'{read_key_file(key_file).hex()}'\"")
    chooser = random.Random(20261204)
    counts = []
    for _ in range(KILLS):
        before = _stored_files(watcher)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Wait until this run has committed a file, then kill at a random moment soon after,
        # so every kill lands inside the import on any machine.
        deadline = time.monotonic() + 60
        while (
            _stored_files(watcher) == before
            and process.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.005)
        time.sleep(chooser.uniform(0.0, 0.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

        integrity, sources, documents, links, audits = _state(workspace)
        assert integrity == "ok"
        # Each file holds one document: a file is either fully present (bytes, document,
        # link and audit entry) or absent.
        assert documents == sources
        assert links == sources
        assert audits == sources + 1
        counts.append(sources)

    watcher.close()
    # The kills landed in the middle of the import, not only before or after it.
    assert len({count for count in counts if 0 < count < FILES}) >= KILLS // 2
    finished = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr
    integrity, sources, documents, links, audits = _state(workspace)
    assert integrity == "ok"
    assert (sources, documents, links, audits) == (FILES, FILES, FILES, FILES + 1)
