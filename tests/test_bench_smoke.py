"""A small run of each benchmark script, so they keep working; their numbers are not checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a script of bench/ with this Python, capturing its text output."""
    return subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_verify_benchmark_smoke() -> None:
    result = _bench("verify.py", "--smoke")
    assert result.returncode == 0, result.stderr
    assert "cymadesk:" in result.stdout
    assert "floor:" in result.stdout


@pytest.mark.slow
def test_import_benchmark_smoke() -> None:
    result = _bench("import_rate.py", "--smoke")
    assert result.returncode == 0, result.stderr
    assert "envelopes of 50" in result.stdout


@pytest.mark.slow
def test_inbox_benchmark_smoke(tmp_path: Path) -> None:
    output = tmp_path / "inbox.json"
    result = _bench("inbox.py", "--smoke", "--json", str(output))
    assert result.returncode == 0, result.stderr
    assert "first paint:" in result.stdout
    assert "search:" in result.stdout
    assert '"documents": 2000' in output.read_text("utf-8")


@pytest.mark.slow
def test_risk_evaluation_smoke() -> None:
    result = _bench("risk_eval.py", "--smoke")
    assert result.returncode == 0, result.stderr
    assert "autenticidad_y_sii:" in result.stdout
    assert "ordinary:" in result.stdout


@pytest.mark.slow
def test_verify_dump_smoke(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    output = tmp_path / "dump.txt"
    script = "verify_dump.py"
    options = ["--documents", "60", "--per-kind", "1", "--suppliers", "4"]
    written = _bench(script, "write", str(folder), *options)
    assert written.returncode == 0, written.stderr
    dumped = _bench(script, "dump", str(folder), str(output), "--no-corpus")
    assert dumped.returncode == 0, dumped.stderr
    lines = output.read_text("utf-8").splitlines()
    assert len(lines) == 2 * len(list(folder.glob("*.xml")))
    assert any("firma.ok" in line for line in lines)


@pytest.mark.slow
def test_verify_steps_smoke() -> None:
    result = _bench("verify_steps.py", "--documents", "40", "--repeat", "1")
    assert result.returncode == 0, result.stderr
    assert "field parsing:" in result.stdout
    assert "verify_file:" in result.stdout
