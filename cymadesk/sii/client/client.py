"""``SiiClient``: one code path to the SII for producción, certificación and the sandbox.

It authenticates with the company's certificate (seed, signed seed, token), keeps the token
per company and environment, renews it once when a service rejects it, and calls the
operations CymaDesk needs. Operations that only read are retried with backoff when the
service is unavailable. Registering an action is not retried here, because the caller must
decide whether repeating it is safe. Every call is logged with the operation, the company
and the outcome, never with the token or the certificate.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from cymadesk import __version__
from cymadesk.models.rut import Rut
from cymadesk.sii.client import rcv, registry, soap
from cymadesk.sii.client.answers import (
    EstadoDteAnswer,
    parse_estado_dte,
    parse_estado_dte_av,
    parse_seed,
    parse_token,
)
from cymadesk.sii.client.credentials import Credential
from cymadesk.sii.client.endpoints import Service, ServiceMap
from cymadesk.sii.client.errors import (
    SiiError,
    SiiRejected,
    SiiSoapFault,
    SiiTokenRejected,
    SiiUnavailable,
)
from cymadesk.sii.client.http import HttpResponse, HttpTransport
from cymadesk.sii.client.seed import sign_seed
from cymadesk.sii.rcv import RcvEstado, RcvRow

logger = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], dt.datetime]

# NOTE: the SII documents no token lifetime. Tokens are renewed after this age, and at once
# whenever a service rejects one, so a shorter real lifetime costs one extra round trip.
TOKEN_MAX_AGE = dt.timedelta(minutes=30)
USER_AGENT = f"CymaDesk/{__version__}"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Pauses in seconds between attempts of an operation that is safe to repeat."""

    delays: tuple[float, ...] = (1.0, 3.0)

    @property
    def attempts(self) -> int:
        return len(self.delays) + 1


@dataclass
class TokenCache:
    """Tokens by (company RUT, environment name), with the time each was obtained."""

    max_age: dt.timedelta = TOKEN_MAX_AGE
    _tokens: dict[tuple[str, str], tuple[str, dt.datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: tuple[str, str], now: dt.datetime) -> str | None:
        with self._lock:
            entry = self._tokens.get(key)
        if entry is None or now - entry[1] >= self.max_age or now < entry[1]:
            return None
        return entry[0]

    def put(self, key: tuple[str, str], token: str, now: dt.datetime) -> None:
        with self._lock:
            self._tokens[key] = (token, now)

    def forget(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._tokens.pop(key, None)


class SiiClient:
    """The SII's web services for one company, with its certificate, in one environment."""

    def __init__(
        self,
        services: ServiceMap,
        credential: Credential,
        *,
        company: Rut,
        transport: HttpTransport | None = None,
        tokens: TokenCache | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock = _utc_now,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.services = services
        self.credential = credential
        self.company = company
        self.transport = transport or HttpTransport()
        self.tokens = tokens if tokens is not None else TokenCache()
        self.retry = retry or RetryPolicy()
        self.clock = clock
        self._sleep = sleep

    # Authentication

    @property
    def _token_key(self) -> tuple[str, str]:
        return (self.company.canonical, self.services.name)

    def token(self) -> str:
        """Return a token for this company and environment, authenticating when needed."""
        return self._retried(self._token)

    def _token(self) -> str:
        # Not retried here: the operation that needs the token retries as a whole.
        cached = self.tokens.get(self._token_key, self.clock())
        if cached is not None:
            return cached
        token = self._logged("autenticar", self._authenticate, "ok")
        self.tokens.put(self._token_key, token, self.clock())
        return token

    def _authenticate(self) -> str:
        # A fresh seed for every token: a seed lives two minutes and may be single-use.
        seed = parse_seed(soap.rpc_return_text(self._post_rpc(Service.SEED, "getSeed", [])))
        signed = sign_seed(seed, self.credential)
        answer = self._post_rpc(Service.GET_TOKEN, "getToken", [("pszXml", signed)])
        return parse_token(soap.rpc_return_text(answer))

    # QueryEstDte and QueryEstDteAv

    def estado_dte(
        self,
        *,
        emisor: Rut,
        receptor: Rut,
        tipo: int,
        folio: str,
        fecha_emision: dt.date,
        monto: int,
    ) -> EstadoDteAnswer:
        """Ask QueryEstDte whether the SII received this document with these data."""
        consultante = self.credential.holder_rut

        def send(token: str) -> EstadoDteAnswer:
            parameters = [
                ("RutConsultante", str(consultante.number)),
                ("DvConsultante", consultante.check_digit),
                ("RutCompania", str(emisor.number)),
                ("DvCompania", emisor.check_digit),
                ("RutReceptor", str(receptor.number)),
                ("DvReceptor", receptor.check_digit),
                ("TipoDte", str(tipo)),
                ("FolioDte", str(folio)),
                ("FechaEmisionDte", fecha_emision.strftime("%d%m%Y")),
                ("MontoDte", str(monto)),
                ("Token", token),
            ]
            answer = self._post_rpc(Service.QUERY_EST_DTE, "getEstDte", parameters)
            return parse_estado_dte(soap.rpc_return_text(answer))

        return self._operation("getEstDte", send, repeatable=True, outcome=_estado)

    def estado_dte_av(
        self,
        *,
        emisor: Rut,
        receptor: Rut,
        tipo: int,
        folio: str,
        fecha_emision: dt.date,
        monto: int,
        firma: str,
    ) -> EstadoDteAnswer:
        """Ask QueryEstDteAv, which also checks the document's SignatureValue."""

        def send(token: str) -> EstadoDteAnswer:
            parameters = [
                ("RutEmpresa", str(emisor.number)),
                ("DvEmpresa", emisor.check_digit),
                ("RutReceptor", str(receptor.number)),
                ("DvReceptor", receptor.check_digit),
                ("TipoDte", str(tipo)),
                ("FolioDte", str(folio)),
                ("FechaEmisionDte", fecha_emision.strftime("%d%m%Y")),
                ("MontoDte", str(monto)),
                ("FirmaDte", "".join(firma.split())),
                ("Token", token),
            ]
            answer = self._post_rpc(Service.QUERY_EST_DTE_AV, "getEstDteAv", parameters)
            return parse_estado_dte_av(soap.rpc_return_text(answer))

        return self._operation("getEstDteAv", send, repeatable=True, outcome=_estado)

    # RegistroReclamoDteService

    def fecha_recepcion(self, emisor: Rut, tipo: int, folio: str) -> dt.datetime:
        """Ask the SII when it received a document: the start of its 8-day window."""
        return self._registry(
            "consultarFechaRecepcionSii",
            emisor,
            tipo,
            folio,
            registry.parse_reception,
            outcome=lambda moment: moment.isoformat(),
        )

    def eventos(self, emisor: Rut, tipo: int, folio: str) -> list[registry.RegistryEvent]:
        """List the document's events: acceptance, claims and notes that reference it."""
        return self._registry(
            "listarEventosHistDoc",
            emisor,
            tipo,
            folio,
            registry.parse_events,
            outcome=lambda events: f"{len(events)} eventos",
        )

    def cedible(self, emisor: Rut, tipo: int, folio: str) -> registry.CedibleAnswer:
        """Ask whether the document can be assigned (factoring), with the registry's code."""
        return self._registry(
            "consultarDocDteCedible",
            emisor,
            tipo,
            folio,
            registry.parse_cedible,
            outcome=lambda answer: f"codigo {answer.answer.code}",
        )

    def registrar(
        self, emisor: Rut, tipo: int, folio: str, action: registry.Action
    ) -> registry.ActionOutcome:
        """Register an acceptance or claim; a response that it is already recorded counts as done.

        Not retried: a caller that repeats it after an unavailable service must send the
        same action, and the registry then reports it as already recorded.
        """

        return self._registry(
            "ingresarAceptacionReclamoDoc",
            emisor,
            tipo,
            folio,
            lambda value: registry.action_outcome(action, registry.parse_answer(value)),
            extra=[("accionDoc", action.value)],
            repeatable=False,
            outcome=lambda result: f"{result.action.value} codigo {result.answer.code}",
        )

    def _registry(
        self,
        operation: str,
        emisor: Rut,
        tipo: int,
        folio: str,
        parse: Callable[[soap.etree._Element], T],
        *,
        outcome: Callable[[T], str],
        extra: Sequence[tuple[str, str]] = (),
        repeatable: bool = True,
    ) -> T:
        if tipo not in registry.REGISTRY_TYPES:
            raise SiiRejected("sii.registro.tipo_no_admitido", "", tipo=tipo)
        parameters = [
            ("rutEmisor", str(emisor.number)),
            ("dvEmisor", emisor.check_digit.upper()),
            ("tipoDoc", str(tipo)),
            ("folio", str(folio)),
            *extra,
        ]

        def send(token: str) -> T:
            body = soap.literal_request(operation, parameters)
            try:
                answer = self._post(Service.REGISTRY, body, _soap_headers(token))
                return parse(soap.literal_return(answer))
            except SiiSoapFault as fault:
                # The registry rejects a token with a SOAP Fault, not with a code.
                if "token" in fault.fault_string.lower():
                    raise SiiTokenRejected("sii.token_invalido", fault.fault_string) from fault
                raise

        return self._operation(operation, send, repeatable=repeatable, outcome=outcome)

    # RCV

    def rcv_compras(
        self, receptor: Rut, periodo: str, estados: Sequence[RcvEstado] = tuple(RcvEstado)
    ) -> list[RcvRow]:
        """Fetch every purchase of ``periodo`` (``YYYYMM``) in the given RCV estados."""
        rows: list[RcvRow] = []
        for estado in estados:
            rows.extend(self._rcv_estado(receptor, periodo, estado))
        return rows

    def _rcv_estado(self, receptor: Rut, periodo: str, estado: RcvEstado) -> list[RcvRow]:
        def send(token: str) -> list[RcvRow]:
            summary = self._post_json(
                "getResumen", token, rcv.summary_data(receptor, periodo, estado)
            )
            found: list[RcvRow] = []
            for tipo in sorted(rcv.parse_summary(summary)):
                data = rcv.detail_data(receptor, periodo, estado, tipo)
                detail = self._post_json("getDetalleCompra", token, data)
                found.extend(rcv.parse_detail(detail, estado))
            return found

        return self._operation(
            f"rcv {estado.value}", send, repeatable=True, outcome=lambda rows: f"{len(rows)} filas"
        )

    def _post_json(self, method: str, token: str, data: dict[str, object]) -> HttpResponse:
        headers = {
            "Content-Type": "application/json",
            "Accept": rcv.ACCEPT,
            "Cookie": f"TOKEN={token}",
            "User-Agent": USER_AGENT,
        }
        url = self.services.url(Service.RCV) + method
        return self._post_url(url, rcv.request_body(method, token, data), headers)

    # Plumbing

    def _operation(
        self,
        operation: str,
        send: Callable[[str], T],
        *,
        repeatable: bool,
        outcome: Callable[[T], str],
    ) -> T:
        def with_token() -> T:
            try:
                return send(self._token())
            except SiiTokenRejected:
                # Renew once; a second rejection is final.
                logger.info("SII rejected the token of company %s; renewing", self.company)
                self.tokens.forget(self._token_key)
                return send(self._token())

        work = (lambda: self._retried(with_token)) if repeatable else with_token
        return self._logged(operation, work, outcome)

    def _logged(
        self, operation: str, work: Callable[[], T], outcome: Callable[[T], str] | str
    ) -> T:
        started = time.monotonic()
        try:
            result = work()
        except SiiError as error:
            logger.warning(
                "SII %s for company %s on %s failed after %.1fs: %s (%s)",
                operation,
                self.company,
                self.services.name,
                time.monotonic() - started,
                error.message.code,
                error,
            )
            raise
        text = outcome if isinstance(outcome, str) else outcome(result)
        logger.info(
            "SII %s for company %s on %s: %s (%.1fs)",
            operation,
            self.company,
            self.services.name,
            text,
            time.monotonic() - started,
        )
        return result

    def _retried(self, work: Callable[[], T]) -> T:
        for attempt, delay in enumerate((*self.retry.delays, None), start=1):
            try:
                return work()
            except SiiUnavailable as error:
                if delay is None:
                    raise
                logger.info(
                    "SII unavailable for company %s (attempt %d of %d): %s; retrying in %.1fs",
                    self.company,
                    attempt,
                    self.retry.attempts,
                    error.message.code,
                    delay,
                )
                self._sleep(delay)
        raise AssertionError("unreachable: the last attempt re-raises")

    def _post_rpc(
        self, service: Service, operation: str, parameters: Sequence[tuple[str, str]]
    ) -> HttpResponse:
        return self._post(service, soap.rpc_request(operation, parameters), _soap_headers(None))

    def _post(self, service: Service, body: bytes, headers: dict[str, str]) -> HttpResponse:
        return self._post_url(self.services.url(service), body, headers)

    def _post_url(self, url: str, body: bytes, headers: dict[str, str]) -> HttpResponse:
        return self.transport.post(url, body, headers)


def _soap_headers(token: str | None) -> dict[str, str]:
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '""',
        "User-Agent": USER_AGENT,
    }
    if token is not None:
        headers["Cookie"] = f"TOKEN={token}"
    return headers


def _estado(answer: EstadoDteAnswer) -> str:
    return answer.estado.value
