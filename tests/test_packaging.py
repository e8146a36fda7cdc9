"""``pip install`` of the built wheel gives a working ``cymadesk check`` with its data inside."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS, corpus_available
from tests.helpers import unsigned_dte

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("fuente")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPOSITORY / name, source / name)
    shutil.copytree(
        REPOSITORY / "cymadesk",
        source / "cymadesk",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    output = tmp_path_factory.mktemp("rueda")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(output),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = output.glob("cymadesk-*.whl")
    return built


def test_wheel_contains_runtime_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cymadesk/resources/schemas/DTE_v10.xsd" in names
    assert "cymadesk/resources/schemas/EnvioBOLETA_v11.xsd" in names
    assert "cymadesk/resources/keys/sii_idk300_produccion.pem" in names
    assert "cymadesk/resources/keys/sii_idk100_certificacion.pem" in names
    assert "cymadesk/storage/migrations/versions/v0001_first_schema.py" in names
    assert "cymadesk/storage/migrations/script.py.mako" in names


@pytest.mark.slow
def test_installed_wheel_runs_check(wheel: Path, tmp_path: Path) -> None:
    environment_dir = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(environment_dir)], check=True
    )
    python = environment_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    target = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Reuse the dependencies already installed for the tests, without their editable
    # CymaDesk: a path line in a .pth file does not process that folder's own .pth files.
    dependency_dirs = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (target / "dependencias.pth").write_text("\n".join(sorted(dependency_dirs)) + "\n")

    sample = tmp_path / "factura.xml"
    sample.write_bytes(unsigned_dte(12))
    paths = [str(sample)]
    if corpus_available():
        paths.append(str(CORPUS / "dte" / "clsii_T33_F170_76354771-K_cleaned.xml"))
    script = python.parent / ("cymadesk.exe" if os.name == "nt" else "cymadesk")
    result = subprocess.run(
        [str(script), "check", "--json", *paths],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    located = subprocess.run(
        [str(python), "-c", "import cymadesk; print(cymadesk.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert located.startswith(str(target))
    documents = json.loads(result.stdout)
    assert documents[0]["folio"] == "12"
    # The unsigned sample lacks TED and Signature: the schema check ran and says so.
    assert documents[0]["veredictos"]["esquema"]["codigo"] == "esquema.invalido"
    if corpus_available():
        verdicts = documents[1]["veredictos"]
        assert verdicts["firma"]["estado"] == "ok"
        assert verdicts["caf"]["codigo"] == "caf.ok"
