"""Where CymaDesk keeps its files: the data directory and its fixed layout.

``--data-dir`` (before the subcommand) or ``CYMADESK_DATA_DIR`` overrides the platform
default, for tests and portable installs. Layout: ``empresas/<rut>.db`` (one SQLCipher file
per company), ``empresas/<rut>.recuperacion.json`` (its key wrapped by the recovery
passphrase), ``demo/``, ``sandbox/`` and ``logs/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from cymadesk import APP_NAME, ORGANIZATION
from cymadesk.models.rut import Rut

DATA_DIR_ENV = "CYMADESK_DATA_DIR"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, ORGANIZATION))


def resolve_data_dir(option: str | None) -> Path:
    """Pick the data directory: the option, then the environment, then the platform default."""
    chosen = option or os.environ.get(DATA_DIR_ENV)
    return Path(chosen).expanduser() if chosen else default_data_dir()


@dataclass(frozen=True, slots=True)
class DataLayout:
    """The fixed paths inside one data directory."""

    root: Path

    @property
    def companies(self) -> Path:
        return self.root / "empresas"

    @property
    def demo(self) -> Path:
        return self.root / "demo"

    @property
    def sandbox(self) -> Path:
        return self.root / "sandbox"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def company_database(self, rut: Rut) -> Path:
        return self.companies / f"{rut.canonical}.db"

    def company_recovery(self, rut: Rut) -> Path:
        return self.companies / f"{rut.canonical}.recuperacion.json"

    def ensure(self, *folders: Path) -> None:
        """Create the given folders (owner-only where the platform allows it)."""
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
