"""Faults the sandbox injects, so that clients meet the SII's bad days on purpose.

A fault applies to the next ``times`` requests of one operation (or of every operation
when ``operation`` is None) and is then used up. With ``times=None`` it stays until cleared.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass
from typing import Any


class FaultKind(enum.StrEnum):
    LATENCY = "latencia"  # respond normally after ``seconds``
    TIMEOUT = "timeout"  # wait ``seconds``, then close without a response
    HTTP_500 = "http500"  # an HTTP 500 with an HTML error page
    HTML = "html"  # an HTTP 200 whose body is an HTML page, not XML
    SOAP_FAULT = "soap_fault"  # a SOAP Fault instead of the response
    MALFORMED = "malformado"  # a body that is not well-formed XML (or JSON)
    # Every token issued so far expires now (a fault name, not a password).
    EXPIRED_TOKEN = "token_expirado"  # noqa: S105
    CODE_MINUS_ONE = "codigo_menos_uno"  # ESTADO -1, or codResp -1 in the registry
    CONNECTION_CLOSED = "conexion_cortada"  # half the answer, then the connection closes
    FALSE_CHARSET = "charset_falso"  # declares UTF-8, sends ISO-8859-1 bytes


DEFAULT_SECONDS = 5.0


@dataclass
class Fault:
    kind: FaultKind
    operation: str | None = None
    times: int | None = 1
    seconds: float = DEFAULT_SECONDS

    def to_json(self) -> dict[str, Any]:
        return {
            "tipo": self.kind.value,
            "operacion": self.operation,
            "veces": self.times,
            "segundos": self.seconds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        """Build a fault from a control request; raise ValueError for unknown values."""
        times = data.get("veces", 1)
        seconds = float(data.get("segundos", DEFAULT_SECONDS))
        if times is not None and int(times) < 1:
            raise ValueError(f"veces must be at least 1, got {times}")
        if not 0 <= seconds <= 600:
            raise ValueError(f"segundos must be between 0 and 600, got {seconds}")
        operation = data.get("operacion")
        return cls(
            FaultKind(str(data["tipo"])),
            str(operation) if operation else None,
            int(times) if times is not None else None,
            seconds,
        )

    @classmethod
    def parse_option(cls, text: str) -> Fault:
        """Parse ``TIPO[:OPERACION[:VECES]]`` from the command line (VECES 0 = always)."""
        kind, _, rest = text.partition(":")
        operation, _, times = rest.partition(":")
        count = int(times) if times else 1
        return cls(FaultKind(kind), operation or None, count if count > 0 else None)


class FaultPlan:
    """The faults waiting to be injected, in the order they were added."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, operation: str) -> Fault | None:
        """Return the first fault for ``operation`` and count one use of it."""
        with self._lock:
            for fault in self._faults:
                if fault.operation not in (None, operation):
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                return fault
        return None

    def to_json(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_json() for fault in self._faults]
