"""Errors in requests to the sandbox's control endpoints and to its ``--falla`` option.

The person testing reads them, so each carries a catalogue message. The server writes it in
Spanish, and the command line in the user's language. Optional JSON fields, such as the list
of valid values, go into the server's error response.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cymadesk.messages import render
from cymadesk.models.message import Message, ParamValue


class InvalidControlRequest(ValueError):  # noqa: N818 (reads as "an invalid control request")
    """Raised for a control request or ``--falla`` value with a missing or invalid field.

    The exception text is the English rendering of ``message``, for logs.
    """

    def __init__(
        self, code: str, *, fields: Mapping[str, Any] | None = None, **params: ParamValue
    ) -> None:
        self.message = Message(code, params)
        self.fields = dict(fields or {})
        super().__init__(render(self.message, "en"))


def json_text(value: object) -> str:
    """Return a received JSON value as JSON text, for an error message."""
    return json.dumps(value, ensure_ascii=False)


CONTROL_ENDPOINTS = (
    "GET /_sandbox/estado",
    "POST /_sandbox/reloj",
    "POST /_sandbox/fallas",
    "DELETE /_sandbox/fallas",
    "POST /_sandbox/tokens/expirar",
    "POST /_sandbox/documentos",
)
# The server writes its errors in Spanish, the language of the SII and of its users.
CONTROL_LANGUAGE = "es"


def error_json(message: Message, fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build a control endpoint's error body: the text, its message code and extra fields."""
    return {"error": render(message, CONTROL_LANGUAGE), "codigo": message.code, **(fields or {})}


@dataclass(frozen=True, slots=True)
class ClockChange:
    """A ``POST /_sandbox/reloj`` request: a ``moment`` to set the clock to, or an ``advance``."""

    moment: dt.datetime | None = None
    stopped: bool = False
    advance: dt.timedelta = dt.timedelta()


def clock_change(request: Mapping[str, Any]) -> ClockChange:
    """Read ``{"avanzar_segundos": n}`` or ``{"ahora": ISO, "detenido": bool}``."""
    if "avanzar_segundos" in request:
        seconds = request["avanzar_segundos"]
        try:
            if not isinstance(seconds, int | float) or isinstance(seconds, bool):
                raise TypeError(seconds)
            # JSON's Infinity and NaN, or a shift beyond dt.timedelta's range, fail here.
            return ClockChange(advance=dt.timedelta(seconds=seconds))
        except (TypeError, ValueError, OverflowError):
            raise InvalidControlRequest(
                "sandbox.reloj.segundos_invalidos", valor=json_text(seconds)
            ) from None
    if "ahora" not in request:
        raise InvalidControlRequest("sandbox.reloj.incompleto")
    text = request["ahora"]
    try:
        moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidControlRequest("sandbox.reloj.fecha_invalida", valor=json_text(text))
    return ClockChange(moment, stopped=bool(request.get("detenido", False)))
