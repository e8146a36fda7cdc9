"""The sandbox's own clock: real time shifted by an offset, or stopped at one moment.

Moving it lets a test or a demo reach the end of a document's 8-day window, or a token's
expiry, without waiting. The state is saved in the register, so ``sandbox --emitir`` and a
server started later agree on the time. A server that is already running keeps its own
copy until its clock is set through ``/_sandbox/reloj``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SandboxClock:
    """Thread-safe settable time; ``now()`` is always an aware UTC datetime."""

    def __init__(self, real_time: Callable[[], dt.datetime] = _utc_now) -> None:
        self._real_time = real_time
        self._offset = dt.timedelta()
        self._stopped_at: dt.datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            if self._stopped_at is not None:
                return self._stopped_at
            return self._real_time() + self._offset

    def set(self, moment: dt.datetime, *, stopped: bool = False) -> None:
        """Make ``now()`` return ``moment``, then keep running unless ``stopped``."""
        if moment.tzinfo is None:
            raise ValueError("the sandbox clock needs an aware datetime")
        with self._lock:
            self._offset = moment.astimezone(dt.UTC) - self._real_time()
            self._stopped_at = moment.astimezone(dt.UTC) if stopped else None

    def advance(self, delta: dt.timedelta) -> None:
        with self._lock:
            if self._stopped_at is not None:
                self._stopped_at += delta
            self._offset += delta

    def to_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "desfase_segundos": self._offset.total_seconds(),
                "detenido_en": self._stopped_at.isoformat() if self._stopped_at else None,
            }

    def load_json(self, data: dict[str, Any]) -> None:
        with self._lock:
            self._offset = dt.timedelta(seconds=float(data.get("desfase_segundos", 0)))
            stopped = data.get("detenido_en")
            self._stopped_at = dt.datetime.fromisoformat(stopped) if stopped else None
