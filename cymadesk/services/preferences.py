"""The app's preferences, declared once, kept as JSON in the data directory.

Each setting has a key, a type and a default. The app reads them at start and writes them
when they change; a file that cannot be read is logged and replaced by the defaults.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PREFERENCES_FILE = "preferencias.json"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    kind: type
    default: Any


LANGUAGE = Setting("idioma", str, "es")
LAST_COMPANY = Setting("ultima_empresa", str, "")
SPLITTER_SIZES = Setting("tamanos_division", list, [])
WINDOW_GEOMETRY = Setting("geometria_ventana", str, "")
SETTINGS = (LANGUAGE, LAST_COMPANY, SPLITTER_SIZES, WINDOW_GEOMETRY)


class Preferences:
    """Typed access to the settings in ``<data-dir>/preferencias.json``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        self._load()

    @classmethod
    def in_data_dir(cls, root: Path) -> Preferences:
        return cls(root / PREFERENCES_FILE)

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            loaded = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            logger.warning("Ignoring unreadable preferences %s: %s", self.path, error)
            return
        if isinstance(loaded, dict):
            self._values = loaded

    def get(self, setting: Setting) -> Any:
        value = self._values.get(setting.key, setting.default)
        return value if isinstance(value, setting.kind) else setting.default

    def set(self, setting: Setting, value: Any) -> None:
        if not isinstance(value, setting.kind):
            raise TypeError(f"setting {setting.key} takes {setting.kind.__name__}, got {value!r}")
        self._values[setting.key] = value
        self._save()

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), "utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            logger.error("Could not save preferences to %s: %s", self.path, error)
