"""Verdicts: the separate facts that together show whether a document is authentic."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message


class VerdictKey(enum.StrEnum):
    """One independent check. Values are the JSON keys of the command-line contract."""

    ESQUEMA = "esquema"
    FIRMA = "firma"
    FIRMA_ENVIO = "firma_envio"
    CERTIFICADO = "certificado"
    TED = "ted"
    CAF = "caf"
    ARITMETICA = "aritmetica"
    ESTADO_SII = "estado_sii"
    RCV = "rcv"


class VerdictState(enum.StrEnum):
    OK = "ok"
    FALLA = "falla"
    NO_APLICA = "no_aplica"
    NO_VERIFICABLE = "no_verificable"
    PENDIENTE = "pendiente"


class Ambiente(enum.StrEnum):
    """The SII environment a document's CAF belongs to."""

    PRODUCCION = "produccion"
    CERTIFICACION = "certificacion"
    SANDBOX = "sandbox"


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one check, with the message that explains it and its evidence.

    ``evidence`` contains JSON-compatible values only (str, int, bool, None, lists, dicts), so
    it can be stored and shown as it is.
    """

    key: VerdictKey
    state: VerdictState
    message: Message
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.state is VerdictState.OK


VERDICT_ORDER: tuple[VerdictKey, ...] = tuple(VerdictKey)
