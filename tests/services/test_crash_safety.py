"""Killing an import at random points never leaves a half-written file or a damaged database."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.storage.records import (
    AuditRecord,
    DocumentRecord,
    DocumentSourceRecord,
    SourceFileRecord,
)
from tests.helpers import COMPANY_RUT, unsigned_dte

FILES = 600
KILLS = 20


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
    # Time a run that imports one file into a throwaway company (start-up, schema compilation,
    # one file), so the kills land inside the real import on any machine.
    probe_dir = tmp_path / "sonda"
    probe_registry = Workspace(DataLayout(probe_dir), None, key_file).registry()
    probe_registry.with_recovery = False
    probe_registry.create(Rut.parse(COMPANY_RUT), "Sonda", Ambiente.PRODUCCION).close()
    probe_input = tmp_path / "uno"
    probe_input.mkdir()
    (probe_input / "dte.xml").write_bytes(unsigned_dte(FILES + 1))
    probe = [arg if arg != str(data_dir) else str(probe_dir) for arg in command]
    started = time.perf_counter()
    subprocess.run([*probe, str(probe_input)], capture_output=True, timeout=120, check=True)
    startup = time.perf_counter() - started
    command.append(str(inbox))
    chooser = random.Random(20261204)
    counts = []
    for _ in range(KILLS):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(startup + chooser.uniform(0.02, 0.35))
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

    # The kills landed in the middle of the import, not only before or after it.
    assert len({count for count in counts if 0 < count < FILES}) >= KILLS // 4
    finished = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr
    integrity, sources, documents, links, audits = _state(workspace)
    assert integrity == "ok"
    assert (sources, documents, links, audits) == (FILES, FILES, FILES, FILES + 1)
