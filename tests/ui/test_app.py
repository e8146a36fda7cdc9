"""``cymadesk --screenshot`` and ``--demo`` without a display, run as the user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from cymadesk.ui.app import DEMO_SCREENSHOT, display_available


def _run(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cymadesk", *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        env=environment,
        check=False,
    )


def test_display_detection() -> None:
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_available({}, "win32")
    assert display_available({}, "darwin")


def test_screenshot_of_demo(demo_template: Path, tmp_path: Path) -> None:
    data = tmp_path / "datos"
    shutil.copytree(demo_template, data)
    output = tmp_path / "captura.png"
    result = _run(
        ["--data-dir", str(data), "--demo", "--screenshot", str(output)], dict(os.environ)
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1280, 800)
    assert f"Captura guardada en {output}" in result.stderr


def test_demo_without_display_writes_screenshot(demo_template: Path, tmp_path: Path) -> None:
    data = tmp_path / "datos"
    shutil.copytree(demo_template, data)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = _run(["--data-dir", str(data), "--demo"], environment)
    assert result.returncode == 0, result.stderr
    expected = data / "demo" / DEMO_SCREENSHOT
    assert "No hay pantalla disponible" in result.stderr
    assert str(expected) in result.stderr
    assert QImage(str(expected)).width() == 1280


def test_no_display_without_demo_explains(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = _run(["--data-dir", str(tmp_path / "datos")], environment)
    assert result.returncode == 2
    assert "--demo" in result.stderr
