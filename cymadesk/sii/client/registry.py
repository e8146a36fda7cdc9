"""Responses of the SII's acceptance and claim registry (RegistroReclamoDteService).

Every operation returns ``codResp`` (a number) and ``descResp`` (text). Decisions rest on
``codResp`` alone, as the registry's manual (v1.2) defines the codes; ``descResp`` is kept
only as evidence. A response that the same kind of event is already recorded counts as
success for the action that was sent: code 7 (the event itself) for any action, code 5
(already claimed) for a claim, and code 19 (merchandise claim already made) for RFP and
RFT. For any other action, 5 and 19 are rejections. Code -1 is an internal error, and the
manual's instruction for it is to retry later.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from lxml import etree

from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.client.errors import SiiProtocolError, SiiRejected, SiiUnavailable
from cymadesk.sii.client.soap import child_text, children_named

# The registry takes only facturas (33), facturas exentas (34) and liquidaciones-factura (43).
REGISTRY_TYPES = frozenset({33, 34, 43})

OK = 0
EVENT_RECORDED = 7
ALREADY_CLAIMED = 5
MERCHANDISE_CLAIM_RECORDED = 19
EVENT_LIST = 15
NO_EVENTS = 16
RETRY_LATER = -1
# consultarDocDteCedible: 23 cedible, 25 cedible because 8 days passed without a claim.
CEDIBLE_CODES = frozenset({23, 25})
NOT_CEDIBLE_CODES = frozenset({20, 21, 22, 24})


class Action(enum.StrEnum):
    """An action the receiver registers about a document (accionDoc)."""

    ACD = "ACD"  # acepta contenido del documento
    RCD = "RCD"  # reclamo al contenido del documento
    ERM = "ERM"  # otorga recibo de mercaderías o servicios
    RFP = "RFP"  # reclamo por falta parcial de mercaderías
    RFT = "RFT"  # reclamo por falta total de mercaderías

    @property
    def is_claim(self) -> bool:
        return self in (Action.RCD, Action.RFP, Action.RFT)

    def already_recorded_by(self, code: int) -> bool:
        """Tell whether registry code ``code`` means this action is already recorded."""
        if code == EVENT_RECORDED:
            return True
        if code == ALREADY_CLAIMED:
            return self.is_claim
        if code == MERCHANDISE_CLAIM_RECORDED:
            return self in (Action.RFP, Action.RFT)
        return False


@dataclass(frozen=True, slots=True)
class RegistryAnswer:
    """``codResp`` and ``descResp`` of one response."""

    code: int
    description: str


@dataclass(frozen=True, slots=True)
class RegistryEvent:
    """One event of a document's history (listarEventosHistDoc)."""

    code: str
    description: str | None
    rut_responsable: str | None
    occurred_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """The result of registering an action: newly recorded or already there."""

    action: Action
    answer: RegistryAnswer

    @property
    def already_recorded(self) -> bool:
        return self.action.already_recorded_by(self.answer.code)


@dataclass(frozen=True, slots=True)
class CedibleAnswer:
    cedible: bool
    answer: RegistryAnswer


def parse_answer(value: etree._Element) -> RegistryAnswer:
    """Read ``codResp``/``descResp`` from a ``return`` element."""
    text = child_text(value, "codResp")
    try:
        code = int(text or "")
    except ValueError as error:
        raise SiiProtocolError("sii.respuesta_malformada", repr(text), parte="codResp") from error
    return RegistryAnswer(code, child_text(value, "descResp") or "")


def rejected(answer: RegistryAnswer) -> SiiRejected | SiiUnavailable:
    """Build the error for a code that is not a success of the operation that returned it."""
    if answer.code == RETRY_LATER:
        return SiiUnavailable("sii.registro.reintentar", answer.description)
    code = f"sii.registro.{answer.code}" if 1 <= answer.code <= 25 else "sii.registro.otro"
    return SiiRejected(code, str(answer.code), answer.description, codigo=answer.code)


def action_outcome(action: Action, answer: RegistryAnswer) -> ActionOutcome:
    """Classify the response to ingresarAceptacionReclamoDoc; raise unless it is a success."""
    if answer.code == OK or action.already_recorded_by(answer.code):
        return ActionOutcome(action, answer)
    raise rejected(answer)


def parse_events(value: etree._Element) -> list[RegistryEvent]:
    """Read the events of listarEventosHistDoc: code 15 with one or more, 16 with none."""
    answer = parse_answer(value)
    if answer.code == NO_EVENTS:
        return []
    if answer.code != EVENT_LIST:
        raise rejected(answer)
    # A single event may come as one element instead of a list of them; both read the same.
    return [_event(node) for node in children_named(value, "listaEventosDoc")]


def _event(node: etree._Element) -> RegistryEvent:
    rut_text = child_text(node, "rutResponsable")
    dv = child_text(node, "dvResponsable")
    rut: str | None = None
    if rut_text:
        parsed = Rut.try_parse(f"{rut_text}-{dv}" if dv else rut_text, strict=False)
        rut = parsed.canonical if parsed is not None else rut_text
    return RegistryEvent(
        code=(child_text(node, "codEvento") or "").upper(),
        description=child_text(node, "descEvento"),
        rut_responsable=rut,
        occurred_at=parse_sii_datetime(child_text(node, "fechaEvento")),
    )


def parse_cedible(value: etree._Element) -> CedibleAnswer:
    answer = parse_answer(value)
    if answer.code in CEDIBLE_CODES:
        return CedibleAnswer(True, answer)
    if answer.code in NOT_CEDIBLE_CODES:
        return CedibleAnswer(False, answer)
    raise rejected(answer)


def parse_reception(value: etree._Element) -> dt.datetime:
    """Read consultarFechaRecepcionSii: a Chilean local date-time as text, or an error code."""
    if children_named(value, "codResp"):
        raise rejected(parse_answer(value))
    text = (value.text or "").strip()
    moment = parse_sii_datetime(text)
    if moment is None:
        raise SiiRejected("sii.recepcion_desconocida", "", text, texto=text[:100])
    return moment


_DATETIME_PATTERNS = (
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
)


def parse_sii_datetime(text: str | None) -> dt.datetime | None:
    """Parse a registry date-time (Chilean local time) into an aware datetime."""
    if not text:
        return None
    cleaned = text.strip().split(".")[0]
    for pattern in _DATETIME_PATTERNS:
        try:
            naive = dt.datetime.strptime(cleaned, pattern)  # noqa: DTZ007 (zone attached below)
        except ValueError:
            continue
        return naive.replace(tzinfo=SANTIAGO)
    return None
