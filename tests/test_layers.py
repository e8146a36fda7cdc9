"""Only cymadesk.ui may import PySide6; the ui talks to services, not to storage or sii."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cymadesk"
QT_MODULES = ("PySide6", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _modules_outside_ui() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if "ui" not in path.relative_to(PACKAGE).parts]


def test_no_qt_outside_ui() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in _imports(path) if name.split(".")[0] in QT_MODULES
        )
        for path in _modules_outside_ui()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_ui_uses_services_not_storage_or_sii() -> None:
    forbidden = ("cymadesk.storage", "cymadesk.sii")
    offenders: dict[str, list[str]] = {}
    for path in (PACKAGE / "ui").rglob("*.py"):
        names = sorted(name for name in _imports(path) if name.startswith(forbidden))
        if names:
            offenders[str(path.relative_to(PACKAGE))] = names
    assert offenders == {}


def test_layer_check_sees_imports() -> None:
    # Guards the check itself: a module known to import lxml must show it.
    assert "lxml" in _imports(PACKAGE / "sii" / "xmlload.py")
