"""Logging for the command line and the app: a rotating file where there is one, stderr on request.

Logs are English and never contain document text, keys, tokens or passwords.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import Any

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_NAME = "cymadesk.log"
MAX_LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 5


class _OwnerOnlyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that only its owner can read, from creation and after rotation."""

    def _open(self) -> Any:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(*, verbose: bool = False, log_dir: Path | None = None) -> None:
    """Send everything to the log file, and to stderr too with ``verbose``.

    Without ``verbose`` stderr carries only the Spanish messages the commands print, so users
    never see English log lines they did not ask for.
    """
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()

    if verbose:
        console = logging.StreamHandler()
        console.setLevel(logging.INFO)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)

    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_handler = _OwnerOnlyRotatingFileHandler(
            log_dir / LOG_FILE_NAME,
            maxBytes=MAX_LOG_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
        )
        file_handler.setLevel(logging.INFO)
        file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(file_handler)
    if not root.handlers:
        # Without any handler, Python's last-resort handler would print warnings to stderr.
        root.addHandler(logging.NullHandler())
