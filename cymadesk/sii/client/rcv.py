"""The Registro de Compras y Ventas (RCV) through the JSON services of the SII's web app.

The SII publishes no API for the RCV. Its web app ("consdcvinternetui") calls JSON services
under ``/consdcvinternetui/services/data/facadeService/``: ``getResumen`` lists how many
documents of each type a period has, ``getDetalleCompra`` lists them. Both take the token
as cookie and as ``metaData.conversationId``. Quirks handled here: ``Accept:
application/json`` alone gets HTTP 500, so the header lists more types. ``respEstado``
carries the outcome. Empty values come as null, ``""``, ``"-"`` or ``"null"``. Razón social
has stray spaces. Reception times are Chilean local ``dd/mm/yyyy HH:MM:SS``. Everything
here was reverse-engineered by other projects and may change without notice.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from cymadesk.models.rut import Rut
from cymadesk.sii.client.errors import (
    SiiProtocolError,
    SiiRejected,
    SiiTokenRejected,
    SiiUnavailable,
)
from cymadesk.sii.client.http import HttpResponse
from cymadesk.sii.client.soap import decode_body
from cymadesk.sii.rcv import (
    RcvEstado,
    RcvRow,
    clean_value,
    parse_date,
    parse_datetime,
    parse_integer,
)

FACADE_NAMESPACE = "cl.sii.sdi.lob.diii.consdcv.data.api.interfaces.FacadeService"
ACCEPT = "application/json, text/plain, */*"
# The web app sends this placeholder; with an authenticated session it is not checked.
RECAPTCHA_PLACEHOLDER = "t-o-k-e-n-web"


def request_body(method: str, token: str, data: Mapping[str, Any]) -> bytes:
    body = {
        "metaData": {
            "namespace": f"{FACADE_NAMESPACE}/{method}",
            "conversationId": token,
            "transactionId": str(uuid.uuid4()),
            "page": None,
        },
        "data": dict(data),
    }
    return json.dumps(body).encode("utf-8")


def summary_data(rut: Rut, periodo: str, estado: RcvEstado) -> dict[str, Any]:
    return {
        "rutEmisor": str(rut.number),
        "dvEmisor": rut.check_digit,
        "ptributario": periodo,
        "estadoContab": estado.value,
        "operacion": "COMPRA",
        "busquedaInicial": True,
    }


def detail_data(rut: Rut, periodo: str, estado: RcvEstado, tipo: int) -> dict[str, Any]:
    return {
        **summary_data(rut, periodo, estado),
        "codTipoDoc": str(tipo),
        "accionRecaptcha": "RCV_DETC",
        "tokenRecaptcha": RECAPTCHA_PLACEHOLDER,
    }


def _payload(response: HttpResponse) -> dict[str, Any]:
    text = decode_body(response).strip()
    if response.status in (401, 403):
        raise SiiTokenRejected("sii.token_invalido", f"HTTP {response.status}", estado="HTTP")
    if response.status >= 500:
        raise SiiUnavailable("sii.error_servidor", text[:200], estado=response.status)
    if response.status >= 300:
        raise SiiProtocolError("sii.estado_http", text[:200], estado=response.status)
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise SiiProtocolError("sii.respuesta_malformada", str(error), parte="RCV") from error
    if not isinstance(payload, dict):
        raise SiiProtocolError("sii.respuesta_malformada", type(payload).__name__, parte="RCV")
    estado = payload.get("respEstado") or {}
    code = estado.get("codRespuesta") if isinstance(estado, dict) else None
    if code in (-1, "-1"):
        raise SiiUnavailable("sii.rcv.reintentar", str(estado.get("msgeRespuesta") or ""))
    if code not in (0, "0", None):
        text = str(estado.get("msgeRespuesta") or "") if isinstance(estado, dict) else ""
        raise SiiRejected("sii.rcv.rechazado", str(code), text, codigo=str(code), texto=text)
    return payload


def parse_summary(response: HttpResponse) -> dict[int, int]:
    """Return {tipo: number of documents} from getResumen."""
    counts: dict[int, int] = {}
    for item in _items(_payload(response)):
        tipo = parse_integer(_value(item, "rsmnTipoDocInteger"))
        total = parse_integer(_value(item, "rsmnTotDoc"))
        if tipo is not None and total:
            counts[tipo] = total
    return counts


def parse_detail(response: HttpResponse, estado: RcvEstado) -> list[RcvRow]:
    """Return the documents of getDetalleCompra; rows without an identity are skipped."""
    rows = []
    for item in _items(_payload(response)):
        row = _row(item, estado)
        if row is not None:
            rows.append(row)
    return rows


def _items(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    data = payload.get("data")
    if data is None:
        return []
    if not isinstance(data, list):
        raise SiiProtocolError("sii.respuesta_malformada", type(data).__name__, parte="RCV data")
    return [item for item in data if isinstance(item, Mapping)]


def _value(item: Mapping[str, Any], name: str) -> str | None:
    return clean_value(item.get(name))


def _row(item: Mapping[str, Any], estado: RcvEstado) -> RcvRow | None:
    rut_body = _value(item, "detRutDoc")
    dv = _value(item, "detDvDoc")
    rut = Rut.try_parse(f"{rut_body}-{dv}", strict=False) if rut_body and dv else None
    tipo = parse_integer(_value(item, "detTipoDoc"))
    folio = _value(item, "detNroDoc")
    if rut is None or tipo is None or folio is None:
        return None
    razon = _value(item, "detRznSoc")
    return RcvRow(
        estado=estado,
        tipo=tipo,
        rut_emisor=rut,
        razon_social=" ".join(razon.split()) if razon else None,
        folio=folio.lstrip("0") or folio,
        fecha_documento=parse_date(_value(item, "detFchDoc")),
        received_at=parse_datetime(_value(item, "detFecRecepcion")),
        acuse_at=parse_datetime(_value(item, "detFecAcuse")),
        reclamo_at=parse_datetime(_value(item, "detFecReclamado")),
        monto_exento=parse_integer(_value(item, "detMntExe")),
        monto_neto=parse_integer(_value(item, "detMntNeto")),
        monto_iva=parse_integer(_value(item, "detMntIVA")),
        monto_total=parse_integer(_value(item, "detMntTotal")),
    )
