"""The sandbox's HTTP server: the SII's paths on one loopback address, plus ``/_sandbox/``.

SOAP services are routed by path and then by the operation named in the Body, as the SII's
servers do. Control endpoints (loopback only) move the clock and inject faults:

- ``GET /_sandbox/estado``: clock, number of registered documents and pending faults.
- ``POST /_sandbox/reloj``: ``{"ahora": ISO, "detenido": bool}`` or ``{"avanzar_segundos": n}``.
- ``POST /_sandbox/fallas``: ``{"tipo", "operacion", "veces", "segundos"}``; ``DELETE`` clears.
  ``operacion`` is one of ``faults.OPERATIONS`` or absent for every operation.
- ``POST /_sandbox/tokens/expirar``: every token issued so far stops working.
- ``POST /_sandbox/documentos``: ``{"cantidad", "receptor", "nombre_receptor", "semilla"}``
  issues and registers documents as ``sandbox --emitir`` does and returns the same JSON;
  only on a server started with an issuer (``cymadesk sandbox`` has one).

A rejected control request gets HTTP 400, or 404 for an unknown endpoint, with
``{"error": Spanish text, "codigo": message code}`` and, where it helps, the valid values.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lxml import etree

from cymadesk.models.message import Message
from cymadesk.sii.sandbox import wire
from cymadesk.sii.sandbox.control import (
    CONTROL_ENDPOINTS,
    InvalidControlRequest,
    clock_change,
    error_json,
)
from cymadesk.sii.sandbox.faults import Fault, FaultKind, FaultPlan
from cymadesk.sii.sandbox.issuing import SandboxIssuer
from cymadesk.sii.sandbox.service import JSON_TYPE, Answer, SandboxSii
from cymadesk.sii.xmltext import local_name

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
MAX_REQUEST_BYTES = 2 * 1024 * 1024
CLOCK_SETTING = "reloj"

RPC_PATHS = {
    "/DTEWS/CrSeed.jws": "CrSeed",
    "/DTEWS/GetTokenFromSeed.jws": "GetTokenFromSeed",
    "/DTEWS/QueryEstDte.jws": "QueryEstDte",
    "/DTEWS/services/QueryEstDteAv": "QueryEstDteAv",
}
# The one operation that each RPC service at RPC_PATHS accepts.
RPC_OPERATIONS = {
    "CrSeed": "getSeed",
    "GetTokenFromSeed": "getToken",
    "QueryEstDte": "getEstDte",
    "QueryEstDteAv": "getEstDteAv",
}
REGISTRY_PATHS = frozenset(
    {
        "/WSREGISTRORECLAMODTE/registroreclamodteservice",
        "/WSREGISTRORECLAMODTECERT/registroreclamodteservice",
    }
)
RCV_PREFIX = "/consdcvinternetui/services/data/facadeService/"
RCV_METHODS = frozenset({"getResumen", "getDetalleCompra"})
REGISTRY_OPERATIONS = frozenset(
    {
        "ingresarAceptacionReclamoDoc",
        "listarEventosHistDoc",
        "consultarDocDteCedible",
        "consultarFechaRecepcionSii",
        "getVersion",
    }
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class _Closed(Exception):  # noqa: N818 (control flow: the fault already handled the socket)
    pass


class SandboxServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer bound to 127.0.0.1 that serves one ``SandboxSii``."""

    daemon_threads = True

    def __init__(
        self,
        sii: SandboxSii,
        *,
        port: int = 0,
        faults: FaultPlan | None = None,
        latency: float = 0.0,
        issuer: SandboxIssuer | None = None,
    ) -> None:
        self.sii = sii
        self.faults = faults or FaultPlan()
        self.issuer = issuer
        # Requests per operation, for tests and the status endpoint.
        self.requests: Counter[str] = Counter()
        self._requests_lock = threading.Lock()
        # Seconds of delay before every response of the SII's services.
        self.latency = latency
        super().__init__((LOOPBACK, port), _Handler)

    def count_request(self, operation: str) -> None:
        with self._requests_lock:
            self.requests[operation] += 1

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.server_address[1]}"

    def start_background(self) -> threading.Thread:
        """Serve on a daemon thread (for tests and the demo); stop with ``stop()``."""
        thread = threading.Thread(target=self.serve_forever, name="sandbox-sii", daemon=True)
        thread.start()
        logger.info("Sandbox SII serving on %s", self.url)
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    server_version = "SandboxSII/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("Sandbox request from %s: " + format, self.client_address[0], *args)

    # Routing

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/_sandbox/estado" and self._local_client():
            self._send(Answer(200, json.dumps(self._status()), JSON_TYPE))
            return
        if path.startswith("/_sandbox/") and self._local_client():
            self._send_unknown_control("GET", path)
            return
        self._send(Answer(404, "not found", "text/plain"))

    def do_DELETE(self) -> None:
        path = self.path.split("?")[0]
        if path == "/_sandbox/fallas" and self._local_client():
            self.server.faults.clear()
            self._send(Answer(200, json.dumps({"fallas": []}), JSON_TYPE))
            return
        if path.startswith("/_sandbox/") and self._local_client():
            self._send_unknown_control("DELETE", path)
            return
        self._send(Answer(404, "not found", "text/plain"))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._send(Answer(413, "too large", "text/plain"))
            return
        body = self.rfile.read(length)
        path = self.path.split("?")[0]
        if path.startswith("/_sandbox/"):
            self._control(path, body)
            return
        try:
            operation, work = self._route(path, body)
        except ValueError as error:
            logger.info("Sandbox rejected a request to %s: %s", path, error)
            self._send(Answer(400, str(error), "text/plain"))
            return
        self.server.count_request(operation)
        try:
            answer = self._with_fault(operation, work)
        except _Closed:
            return
        logger.info("Sandbox %s responded with HTTP %d", operation, answer.status)
        self._send(answer, fault_charset=getattr(self, "_false_charset", False))

    def _route(self, path: str, body: bytes) -> tuple[str, Any]:
        sii = self.server.sii
        token = self._cookie_token()
        if path in RPC_PATHS or path in REGISTRY_PATHS:
            operation, parameters = _soap_call(body)
            if path in REGISTRY_PATHS and operation in REGISTRY_OPERATIONS:
                return operation, lambda: sii.registry(operation, parameters, token)
            handlers = {
                "getSeed": sii.seed,
                "getToken": lambda: sii.token(parameters.get("pszXml", "")),
                "getEstDte": lambda: sii.estado_dte(parameters),
                "getEstDteAv": lambda: sii.estado_dte_av(parameters),
            }
            handler = None
            if RPC_OPERATIONS.get(RPC_PATHS.get(path, "")) == operation:
                handler = handlers.get(operation)
            if handler is None:
                raise ValueError(f"no operation {operation} at {path}")
            return operation, handler
        if path.startswith(RCV_PREFIX) and path[len(RCV_PREFIX) :] in RCV_METHODS:
            method = path[len(RCV_PREFIX) :]
            if self.headers.get("Accept", "").strip() == "application/json":
                # The SII's RESTEasy server fails like this when Accept lists only JSON.
                text = "RESTEASY001530: NotAcceptableException"
                return method, lambda: Answer(
                    500, wire.ERROR_PAGE.replace("Error", text), "text/html"
                )
            request = json.loads(body.decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError("RCV request is not a JSON object")
            conversation = (request.get("metaData") or {}).get("conversationId")
            return method, lambda: sii.rcv(method, request, token or conversation)
        raise ValueError(f"unknown path {path}")

    def _cookie_token(self) -> str | None:
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "TOKEN" and value:
                return value
        return None

    # Faults

    def _with_fault(self, operation: str, work: Any) -> Answer:
        self._false_charset = False
        if self.server.latency:
            time.sleep(self.server.latency)
        fault = self.server.faults.take(operation)
        if fault is None:
            answer: Answer = work()
            return answer
        logger.info("Sandbox injects %s into %s", fault.kind.value, operation)
        kind = fault.kind
        if kind is FaultKind.LATENCY:
            time.sleep(fault.seconds)
            answer = work()
            return answer
        if kind is FaultKind.TIMEOUT:
            time.sleep(fault.seconds)
            self.close_connection = True
            raise _Closed
        if kind is FaultKind.HTTP_500:
            return Answer(500, wire.ERROR_PAGE, "text/html")
        if kind is FaultKind.HTML:
            return Answer(200, wire.ERROR_PAGE, "text/html")
        if kind is FaultKind.SOAP_FAULT:
            return Answer(500, wire.soap_fault("soapenv:Server", "java.lang.NullPointerException"))
        if kind is FaultKind.MALFORMED:
            return Answer(200, "<soapenv:Envelope><soapenv:Body><roto>")
        if kind is FaultKind.EXPIRED_TOKEN:
            self.server.sii.expire_tokens()
            answer = work()
            return answer
        if kind is FaultKind.CODE_MINUS_ONE:
            return _minus_one(operation)
        if kind is FaultKind.CONNECTION_CLOSED:
            answer = work()
            self._send_half(answer)
            raise _Closed
        self._false_charset = True
        answer = work()
        return answer

    def _send_half(self, answer: Answer) -> None:
        data = answer.body.encode("utf-8")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True

    # Control endpoints

    def _local_client(self) -> bool:
        if ipaddress.ip_address(self.client_address[0]).is_loopback:
            return True
        self._send(Answer(403, "forbidden", "text/plain"))
        return False

    def _control(self, path: str, body: bytes) -> None:
        if not self._local_client():
            return
        try:
            result = self._apply_control(path, _control_request(body))
        except InvalidControlRequest as error:
            logger.info("Sandbox rejected a control request to %s: %s", path, error)
            self._send(Answer(400, json.dumps(error_json(error.message, error.fields)), JSON_TYPE))
            return
        except (ValueError, KeyError, TypeError) as error:
            logger.info("Sandbox rejected a control request to %s: %r", path, error)
            invalid = Message("sandbox.control.solicitud_invalida", {"detalle": str(error)})
            self._send(Answer(400, json.dumps(error_json(invalid)), JSON_TYPE))
            return
        if result is None:
            self._send_unknown_control("POST", path)
            return
        self._send(Answer(200, json.dumps(result), JSON_TYPE))

    def _send_unknown_control(self, method: str, path: str) -> None:
        logger.info("Sandbox has no control endpoint %s %s", method, path)
        if method == "POST" and path == "/_sandbox/documentos":
            message = Message("sandbox.control.sin_emisor")
        else:
            message = Message(
                "sandbox.control.ruta_desconocida",
                {"metodo": method, "ruta": path, "puntos": ", ".join(CONTROL_ENDPOINTS)},
            )
        fields = {"puntos_de_control": list(CONTROL_ENDPOINTS)}
        self._send(Answer(404, json.dumps(error_json(message, fields)), JSON_TYPE))

    def _apply_control(self, path: str, request: dict[str, Any]) -> dict[str, Any] | None:
        sii = self.server.sii
        if path == "/_sandbox/reloj":
            change = clock_change(request)
            if change.moment is None:
                sii.clock.advance(change.advance)
            else:
                sii.clock.set(change.moment, stopped=change.stopped)
            sii.register.save_setting(CLOCK_SETTING, sii.clock.to_json())
            logger.info("Sandbox clock set to %s", sii.clock.now().isoformat())
            return self._status()
        if path == "/_sandbox/fallas":
            self.server.faults.add(Fault.from_json(request))
            return self._status()
        if path == "/_sandbox/tokens/expirar":
            sii.expire_tokens()
            return self._status()
        if path == "/_sandbox/documentos" and self.server.issuer is not None:
            result = self.server.issuer.issue(request, sii.clock.now())
            logger.info("Sandbox issued %d documents on request", result["documentos"])
            return result
        return None

    def _status(self) -> dict[str, Any]:
        sii = self.server.sii
        return {
            "reloj": sii.clock.now().isoformat(),
            "documentos": sii.register.count(),
            "fallas": self.server.faults.to_json(),
        }

    def _send(self, answer: Answer, *, fault_charset: bool = False) -> None:
        data = answer.body.encode("iso-8859-1" if fault_charset else "utf-8", errors="replace")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _control_request(body: bytes) -> dict[str, Any]:
    """Decode a control request's JSON object. An empty body is an empty object."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidControlRequest("sandbox.control.no_utf8") from None
    try:
        request = json.loads(text or "{}")
    except json.JSONDecodeError as error:
        raise InvalidControlRequest(
            "sandbox.control.json_invalido", linea=error.lineno, columna=error.colno
        ) from None
    if not isinstance(request, dict):
        raise InvalidControlRequest("sandbox.control.no_es_objeto")
    return request


def _soap_call(body: bytes) -> tuple[str, dict[str, str]]:
    """Return the operation named in a SOAP request and its parameters by local name."""
    try:
        envelope = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"request is not XML: {error}") from error
    soap_body = next((node for node in envelope if local_name(node) == "Body"), None)
    call = (
        next((node for node in soap_body if isinstance(node.tag, str)), None)
        if soap_body is not None
        else None
    )
    if call is None:
        raise ValueError("SOAP request has no operation")
    parameters = {local_name(node): node.text or "" for node in call if isinstance(node.tag, str)}
    return local_name(call), parameters


def _minus_one(operation: str) -> Answer:
    if operation in REGISTRY_OPERATIONS:
        content = wire.code_content(-1, "Error interno, intente más tarde")
        return Answer(200, wire.registry_answer(operation, content))
    if operation in RCV_METHODS:
        body = {"data": None, "respEstado": {"codRespuesta": -1, "msgeRespuesta": "Error interno"}}
        return Answer(200, json.dumps(body), JSON_TYPE)
    inner = wire.respuesta([("ESTADO", "-1"), ("GLOSA", "ERROR RETORNO CAMPO ESTADO")])
    return Answer(200, wire.rpc_answer(operation, inner))
