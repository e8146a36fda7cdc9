"""Faults the sandbox injects, so that clients meet the SII's bad days on purpose.

A fault applies to the next ``times`` requests of one operation (or of every operation
when ``operation`` is None) and is then used up. With ``times=None`` it stays until cleared.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass
from typing import Any

from cymadesk.sii.sandbox.control import InvalidControlRequest, json_text


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
MAX_SECONDS = 600.0

# The operation names a fault can target, as the server counts requests: SOAP operations by the
# element named in the Body, RCV methods by the last part of their path. A test checks that the
# server routes exactly these.
OPERATIONS = (
    "getSeed",
    "getToken",
    "getEstDte",
    "getEstDteAv",
    "ingresarAceptacionReclamoDoc",
    "listarEventosHistDoc",
    "consultarDocDteCedible",
    "consultarFechaRecepcionSii",
    "getVersion",
    "getResumen",
    "getDetalleCompra",
)


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
        """Build a fault from a control request; raise InvalidControlRequest for a bad value."""
        times = data.get("veces", 1)
        if times is not None and (
            not isinstance(times, int) or isinstance(times, bool) or times < 0
        ):
            raise InvalidControlRequest("sandbox.falla.veces_invalidas", valor=json_text(times))
        if times == 0:
            # As on the command line, 0 means until the fault is cleared.
            times = None
        seconds = data.get("segundos", DEFAULT_SECONDS)
        if (
            not isinstance(seconds, int | float)
            or isinstance(seconds, bool)
            or not 0 <= seconds <= MAX_SECONDS
        ):
            raise InvalidControlRequest(
                "sandbox.falla.segundos_invalidos",
                valor=json_text(seconds),
                maximo=int(MAX_SECONDS),
            )
        # No operation (null or "") means every operation.
        operation = data.get("operacion")
        return cls(
            _kind(data.get("tipo")),
            _operation(operation) if operation not in (None, "") else None,
            times,
            float(seconds),
        )

    @classmethod
    def parse_option(cls, text: str) -> Fault:
        """Parse ``TIPO[:OPERACION[:VECES]]`` from the command line (VECES 0 = always)."""
        kind, _, rest = text.partition(":")
        operation, _, times = rest.partition(":")
        if times and not times.isdigit():
            raise InvalidControlRequest("sandbox.falla.veces_opcion_invalidas", valor=times)
        count = int(times) if times else 1
        return cls(
            _kind(kind), _operation(operation) if operation else None, count if count > 0 else None
        )


def _kind(value: object) -> FaultKind:
    try:
        return FaultKind(str(value))
    except ValueError:
        tipos = ", ".join(kind.value for kind in FaultKind)
        fields = {"tipos_validos": [kind.value for kind in FaultKind]}
        if value is None:
            raise InvalidControlRequest(
                "sandbox.falla.sin_tipo", fields=fields, tipos=tipos
            ) from None
        raise InvalidControlRequest(
            "sandbox.falla.tipo_desconocido", fields=fields, tipo=str(value), tipos=tipos
        ) from None


def _operation(value: object) -> str:
    if value not in OPERATIONS:
        raise InvalidControlRequest(
            "sandbox.falla.operacion_desconocida",
            fields={"operaciones_validas": list(OPERATIONS)},
            operacion=str(value),
            operaciones=", ".join(OPERATIONS),
        )
    return str(value)


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
