"""The SII's business rules as the sandbox applies them, without any I/O.

The acceptance registry's manual (v1.2) gives the rules. Actions apply only to types 33, 34
and 43, and only within 8 days of 24 hours after the SII's reception. Once ACD or ERM is
recorded a document can no longer be claimed, while claims can be stacked. The RCV puts a
claimed document under RECLAMADO, an accepted one (expressly, or tacitly after 8 days)
under REGISTRO, and the rest under PENDIENTE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cymadesk.sii.sandbox.register import RegisteredDocument, RegisteredEvent

REGISTRY_TYPES = frozenset({33, 34, 43})
WINDOW = dt.timedelta(days=8)
CLAIMS = frozenset({"RCD", "RFP", "RFT"})
ACTIONS = frozenset({"ACD", "ERM"}) | CLAIMS
# Purchases the RCV lists; guías (52) and export documents are not purchases there.
RCV_TYPES = frozenset({29, 30, 32, 33, 34, 40, 43, 45, 46, 55, 56, 60, 61})

DESCRIPTIONS = {
    0: "Acción Completada OK",
    1: "Error en Rut Emisor",
    2: "Error en Número de Folio",
    3: "Tipo de documento no corresponde",
    4: "Acción inválida",
    6: "No se puede acusar recibo de mercadería de DTE previamente reclamado",
    7: "Evento registrado previamente",
    8: "Pasados 8 días después de la recepción no es posible registrar reclamos o eventos",
    11: "No se puede reclamar DTE previamente aceptado",
    12: "No se puede dar por aceptado DTE previamente rechazado",
    13: "No se puede reclamar DTE previamente registrado como que acusó recibo de mercadería",
    15: "Listado de eventos del documento",
    16: "Documento no presenta eventos de reclamos o acuse de recibo",
    18: "Documento no ha sido recibido",
    20: "Tipo de documento no es cedible",
    21: "DTE no cedible, nota de crédito de anulación dentro de los primeros 8 días",
    22: "DTE no tiene registro de reclamos ni acuse de recibo",
    23: "DTE Cedible, no tiene reclamos",
    24: "DTE no cedible, reclamado por el receptor",
    25: "DTE Cedible, habiendo pasado 8 días se entiende dado acuse de recibo",
    -1: "Error interno, intente más tarde",
}
EVENT_DESCRIPTIONS = {
    "ACD": "Acepta Contenido del Documento",
    "RCD": "Reclamo al Contenido del Documento",
    "ERM": "Otorga Recibo de Mercaderías o Servicios",
    "RFP": "Reclamo por Falta Parcial de Mercaderías",
    "RFT": "Reclamo por Falta Total de Mercaderías",
    "NCA": "Recepción de NC de Anulación que referencia al documento",
    "ENC": "Recepción de NC, distinta de anulación, que referencia al documento",
}


def window_closed(document: RegisteredDocument, now: dt.datetime) -> bool:
    return now - document.received_at > WINDOW


def action_code(
    document: RegisteredDocument | None,
    events: Sequence[RegisteredEvent],
    tipo: int,
    action: str,
    now: dt.datetime,
) -> int:
    """The registry's codResp for ``action``; 0 means the caller must record the event."""
    if tipo not in REGISTRY_TYPES:
        return 3
    if action not in ACTIONS:
        return 4
    if document is None:
        return 18
    if window_closed(document, now):
        return 8
    recorded = {event.code for event in events}
    if action in CLAIMS:
        if "ACD" in recorded:
            return 11
        if "ERM" in recorded:
            return 13
        return 7 if action in recorded else 0
    if recorded & CLAIMS:
        return 6 if action == "ERM" else 12
    return 7 if action in recorded else 0


def cedible_code(
    document: RegisteredDocument | None,
    events: Sequence[RegisteredEvent],
    tipo: int,
    now: dt.datetime,
) -> int:
    if tipo not in REGISTRY_TYPES:
        return 20
    if document is None:
        return 18
    recorded = {event.code for event in events}
    if recorded & CLAIMS:
        return 24
    if "NCA" in recorded:
        return 21
    if recorded & {"ACD", "ERM"}:
        return 23
    return 25 if window_closed(document, now) else 22


@dataclass(frozen=True, slots=True)
class RcvPlacement:
    """A document's estado in the Registro de Compras, with its acuse or reclamo time."""

    estado: str
    acuse_at: dt.datetime | None
    reclamo_at: dt.datetime | None


def rcv_placement(
    document: RegisteredDocument, events: Sequence[RegisteredEvent], now: dt.datetime
) -> RcvPlacement:
    claims = [event for event in events if event.code in CLAIMS]
    acuse = next((event for event in events if event.code in ("ACD", "ERM")), None)
    if claims:
        return RcvPlacement("RECLAMADO", None, claims[0].occurred_at)
    if document.no_incluir:
        return RcvPlacement("NO_INCLUIR", acuse.occurred_at if acuse else None, None)
    if acuse is not None:
        return RcvPlacement("REGISTRO", acuse.occurred_at, None)
    if window_closed(document, now):
        return RcvPlacement("REGISTRO", document.received_at + WINDOW, None)
    return RcvPlacement("PENDIENTE", None, None)
