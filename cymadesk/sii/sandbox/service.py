"""The sandbox SII's operations: seed and token, estado DTE, the registry and the RCV.

``SandboxSii`` turns one request (operation name, parameters, token) into an ``Answer`` in
the SII's wire format. It checks signed seeds with ``cymadesk.sii.xmldsig`` and accepts only
certificates issued by the sandbox's own CA, valid on the sandbox clock. Tokens expire
``token_ttl`` after they are issued, on the same clock.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import itertools
import json
import logging
import secrets
import string
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.certificates import holder_rut
from cymadesk.sii.sandbox import rules, wire
from cymadesk.sii.sandbox.clock import SandboxClock
from cymadesk.sii.sandbox.register import RegisteredDocument, RegisteredEvent, SandboxRegister
from cymadesk.sii.xmldsig import IdIndex, find_signatures, verify_signature
from cymadesk.sii.xmltext import local_name

logger = logging.getLogger(__name__)

SEED_LIFETIME = dt.timedelta(minutes=2)
DEFAULT_TOKEN_TTL = dt.timedelta(minutes=30)
XML_TYPE = "text/xml;charset=utf-8"
JSON_TYPE = "application/json;charset=utf-8"
VERSION = "1.2-sandbox"

ERR_CODES = {
    "DOK": 0,
    "DNK": 1,
    "FAU": 3,
    "FNA": 4,
    "FAN": 5,
    "EMP": 6,
    "TMD": 10,
    "TMC": 11,
    "MMD": 12,
    "MMC": 13,
    "AND": 14,
    "ANC": 15,
}
GLOSAS = {
    "DOK": "Documento Recibido por el SII. Datos Coinciden con los Registrados",
    "DNK": "Documento Recibido por el SII pero Datos NO Coinciden con los registrados",
    "FAU": "Documento No Recibido por el SII",
    "FNA": "Documento No Autorizado",
    "FAN": "Documento Anulado",
    "EMP": "Empresa no autorizada a Emitir Documentos Tributarios Electrónicos",
    "TMD": "Existe Nota de Débito que Modifica Texto Documento",
    "TMC": "Existe Nota de Crédito que Modifica Textos Documento",
    "MMD": "Existe Nota de Débito que Modifica Montos Documento",
    "MMC": "Existe Nota de Crédito que Modifica Montos Documento",
    "AND": "Existe Nota de Débito que Anula Documento",
    "ANC": "Existe Nota de Crédito que Anula Documento",
}
_TOKEN_ALPHABET = string.ascii_uppercase + string.digits
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: str
    content_type: str = XML_TYPE


class SandboxSii:
    """The state and rules behind every sandbox service; safe to call from many threads."""

    def __init__(
        self,
        register: SandboxRegister,
        ca_certificate: x509.Certificate,
        clock: SandboxClock,
        *,
        token_ttl: dt.timedelta = DEFAULT_TOKEN_TTL,
    ) -> None:
        self.register = register
        self.ca_certificate = ca_certificate
        self.clock = clock
        self.token_ttl = token_ttl
        self._seeds: dict[str, dt.datetime] = {}
        self._tokens: dict[str, tuple[str, dt.datetime]] = {}
        self._lock = threading.Lock()
        self._attention = itertools.count(1)

    # Seed and token

    def seed(self) -> Answer:
        value = f"{secrets.randbelow(10**9):012d}"
        with self._lock:
            self._seeds[value] = self.clock.now()
        return self._rpc("getSeed", [("ESTADO", "00")], [("SEMILLA", value)])

    def token(self, signed_text: str) -> Answer:
        estado, glosa, holder = self._check_signed_seed(signed_text)
        if estado != "00" or holder is None:
            logger.info("Sandbox rejected a signed seed: ESTADO %s, %s", estado, glosa)
            return self._rpc("getToken", [("ESTADO", estado), ("GLOSA", glosa)])
        token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(13))
        with self._lock:
            self._tokens[token] = (holder, self.clock.now())
        logger.info("Sandbox issued a token to certificate holder %s", holder)
        return self._rpc(
            "getToken", [("ESTADO", "00"), ("GLOSA", "Token Creado")], [("TOKEN", token)]
        )

    def _check_signed_seed(self, text: str) -> tuple[str, str, str | None]:
        try:
            cleaned = text.strip()
            if cleaned.startswith("<?xml"):
                cleaned = cleaned[cleaned.index("?>") + 2 :]
            root = etree.fromstring(cleaned.strip().encode("utf-8"), _PARSER)
        except (etree.XMLSyntaxError, ValueError):
            return "02", "Error : XML invalido", None
        seed = next((node for node in root.iter() if local_name(node) == "Semilla"), None)
        if seed is None or not (seed.text or "").strip():
            return "06", "Error : elemento Semilla no existe", None
        signatures = find_signatures(root)
        if not signatures:
            return "04", "Error : elemento Signature no existe", None
        certificate = _embedded_certificate(signatures[0])
        if certificate is None:
            return "11", "Error : elemento Certificate no existe", None
        now = self.clock.now()
        with self._lock:
            created = self._seeds.pop((seed.text or "").strip(), None)
        if created is None:
            return "08", "ERROR RETORNO : NO Existe SEED", None
        if now - created > SEED_LIFETIME:
            return "08", "ERROR RETORNO : TIME-OUT DEL SEED", None
        result = verify_signature(
            signatures[0], expected_target=root, document_root=root, ids=IdIndex.build(root)
        )
        if not result.valid:
            if result.message.code == "firma.clave_distinta_certificado":
                return "21", "Error : Firma no corresponde al certificado", None
            return "05", "Error : Firma invalida", None
        if not self._issued_by_ca(certificate, now):
            return "-3", "Error de autenticacion: certificado no aceptado", None
        holder = holder_rut(certificate)
        rut = Rut.try_parse(holder, strict=True) if holder else None
        if rut is None:
            return "-07", "Error de validacion de RUT", None
        return "00", "", rut.canonical

    def _issued_by_ca(self, certificate: x509.Certificate, now: dt.datetime) -> bool:
        if certificate.issuer != self.ca_certificate.subject:
            return False
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return False
        key = self.ca_certificate.public_key()
        algorithm = certificate.signature_hash_algorithm
        if not isinstance(key, rsa.RSAPublicKey) or algorithm is None:
            return False
        try:
            key.verify(
                certificate.signature,
                certificate.tbs_certificate_bytes,
                padding.PKCS1v15(),
                algorithm,
            )
        except InvalidSignature:
            return False
        return True

    def holder_of(self, token: str | None) -> str | None:
        """Return the certificate holder a valid token was issued to, or None."""
        if not token:
            return None
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or self.clock.now() - entry[1] > self.token_ttl:
            return None
        return entry[0]

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    # QueryEstDte and QueryEstDteAv

    def estado_dte(self, parameters: Mapping[str, str]) -> Answer:
        if self.holder_of(parameters.get("Token")) is None:
            return self._rpc("getEstDte", _token_header())
        estado = self._estado(parameters, "RutCompania", "DvCompania")
        return self._rpc("getEstDte", self._estado_header(estado))

    def estado_dte_av(self, parameters: Mapping[str, str]) -> Answer:
        if self.holder_of(parameters.get("Token")) is None:
            return self._rpc("getEstDteAv", _token_header())
        estado = self._estado(parameters, "RutEmpresa", "DvEmpresa")
        document = self._document(parameters, "RutEmpresa", "DvEmpresa")
        signature = "".join((parameters.get("FirmaDte") or "").split())
        received = document is not None and document.firma == signature
        if document is not None and not received and estado == "DOK":
            estado = "DNK"
        header = [("ESTADO", "00"), ("GLOSA", "Consulta OK"), ("ERR_CODE", "0")]
        body = [
            ("RECIBIDO", "SI" if received else "NO"),
            ("ESTADO", estado),
            ("GLOSA", GLOSAS[estado]),
        ]
        return self._rpc("getEstDteAv", header, body)

    def _document(
        self, parameters: Mapping[str, str], rut_name: str, dv_name: str
    ) -> RegisteredDocument | None:
        emisor = f"{parameters.get(rut_name, '')}-{parameters.get(dv_name, '').upper()}"
        tipo = _integer(parameters.get("TipoDte"))
        folio = (parameters.get("FolioDte") or "").strip()
        if tipo is None or not folio:
            return None
        return self.register.find(emisor, tipo, folio)

    def _estado(self, parameters: Mapping[str, str], rut_name: str, dv_name: str) -> str:
        document = self._document(parameters, rut_name, dv_name)
        if document is None:
            return "FAU"
        if document.estado != "DOK":
            return str(document.estado)
        receptor = f"{parameters.get('RutReceptor', '')}-{parameters.get('DvReceptor', '').upper()}"
        matches = (
            parameters.get("FechaEmisionDte") == document.fecha_emision.strftime("%d%m%Y")
            and _integer(parameters.get("MontoDte")) == document.monto_total
            and receptor == document.rut_receptor
        )
        return "DOK" if matches else "DNK"

    def _estado_header(self, estado: str) -> list[tuple[str, str]]:
        stamp = self.clock.now().astimezone(SANTIAGO).strftime("%Y/%m/%d %H:%M:%S")
        return [
            ("ESTADO", estado),
            ("GLOSA_ESTADO", GLOSAS[estado]),
            ("ERR_CODE", str(ERR_CODES[estado])),
            ("GLOSA_ERR", GLOSAS[estado]),
            ("NUM_ATENCION", f"{next(self._attention)} ( {stamp})"),
        ]

    # RegistroReclamoDteService

    def registry(self, operation: str, parameters: Mapping[str, str], token: str | None) -> Answer:
        holder = self.holder_of(token)
        if holder is None:
            return Answer(
                500, wire.soap_fault("S:Server", "Error de Autenticacion: TOKEN invalido")
            )
        if operation == "getVersion":
            return Answer(200, wire.registry_answer(operation, VERSION))
        emisor = f"{parameters.get('rutEmisor', '')}-{parameters.get('dvEmisor', '')}"
        tipo = _integer(parameters.get("tipoDoc")) or 0
        folio = (parameters.get("folio") or "").strip()
        if Rut.try_parse(emisor) is None:
            return self._registry_code(operation, 1)
        if not folio.isdigit():
            return self._registry_code(operation, 2)
        document = self.register.find(emisor, tipo, folio)
        events = self.register.events(emisor, tipo, folio) if document else []
        now = self.clock.now()
        if operation == "ingresarAceptacionReclamoDoc":
            action = (parameters.get("accionDoc") or "").upper()
            code = rules.action_code(document, events, tipo, action, now)
            if code == 0 and document is not None:
                event = RegisteredEvent(action, rules.EVENT_DESCRIPTIONS[action], holder, now)
                self.register.add_event(document.rut_emisor, tipo, document.folio, event)
                logger.info("Sandbox recorded %s on %s %s %s", action, emisor, tipo, folio)
            return self._registry_code(operation, code)
        if tipo not in rules.REGISTRY_TYPES:
            return self._registry_code(operation, 3)
        if operation == "consultarDocDteCedible":
            return self._registry_code(operation, rules.cedible_code(document, events, tipo, now))
        if document is None:
            return self._registry_code(operation, 18)
        if operation == "consultarFechaRecepcionSii":
            received = document.received_at.astimezone(SANTIAGO).strftime("%d-%m-%Y %H:%M:%S")
            return Answer(200, wire.registry_answer(operation, received))
        if not events:
            return self._registry_code(operation, 16)
        listed = [_event_fields(event) for event in events]
        content = wire.events_content(15, rules.DESCRIPTIONS[15], listed)
        return Answer(200, wire.registry_answer(operation, content))

    def _registry_code(self, operation: str, code: int) -> Answer:
        content = wire.code_content(code, rules.DESCRIPTIONS.get(code, "Error"))
        return Answer(200, wire.registry_answer(operation, content))

    # RCV

    def rcv(self, method: str, request: Mapping[str, Any], token: str | None) -> Answer:
        if self.holder_of(token) is None:
            body = {"respEstado": {"codRespuesta": 99, "msgeRespuesta": "Sesion invalida"}}
            return Answer(401, json.dumps(body), JSON_TYPE)
        data = request.get("data") if isinstance(request.get("data"), dict) else {}
        assert isinstance(data, dict)
        receptor = f"{data.get('rutEmisor', '')}-{data.get('dvEmisor', '')}"
        periodo = str(data.get("ptributario", ""))
        estado = str(data.get("estadoContab", ""))
        now = self.clock.now()
        rows = []
        for document in self.register.addressed_to(receptor):
            if document.tipo not in rules.RCV_TYPES:
                continue
            if document.received_at.astimezone(SANTIAGO).strftime("%Y%m") != periodo:
                continue
            events = self.register.events(document.rut_emisor, document.tipo, document.folio)
            placement = rules.rcv_placement(document, events, now)
            if placement.estado == estado:
                rows.append((document, placement))
        if method == "getResumen":
            payload = _summary(rows)
        else:
            tipo = _integer(str(data.get("codTipoDoc", "")))
            payload = _detail([(doc, place) for doc, place in rows if doc.tipo == tipo])
        return Answer(200, json.dumps(payload, ensure_ascii=False), JSON_TYPE)

    def _rpc(
        self,
        operation: str,
        header: list[tuple[str, str]],
        body: list[tuple[str, str]] | None = None,
    ) -> Answer:
        return Answer(200, wire.rpc_answer(operation, wire.respuesta(header, body or ())))


def _token_header() -> list[tuple[str, str]]:
    return [("ESTADO", "002"), ("GLOSA", "TOKEN+INACTIVO"), ("ERR_CODE", "1")]


def _embedded_certificate(signature: etree._Element) -> x509.Certificate | None:
    text = next(
        (node.text for node in signature.iter() if local_name(node) == "X509Certificate"), None
    )
    if not text:
        return None
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
    except (binascii.Error, ValueError):
        return None


def _integer(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _event_fields(event: RegisteredEvent) -> list[tuple[str, str]]:
    rut = Rut.parse(event.rut_responsable, strict=False)
    return [
        ("codEvento", event.code),
        ("descEvento", event.description),
        ("rutResponsable", str(rut.number)),
        ("dvResponsable", rut.check_digit),
        ("fechaEvento", event.occurred_at.astimezone(SANTIAGO).strftime("%d-%m-%Y %H:%M:%S")),
    ]


def _local(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(SANTIAGO).strftime("%d/%m/%Y %H:%M:%S") if moment else None


def _summary(rows: list[tuple[Any, rules.RcvPlacement]]) -> dict[str, Any]:
    by_type: dict[int, list[Any]] = {}
    for document, _ in rows:
        by_type.setdefault(document.tipo, []).append(document)
    data = [
        {
            "rsmnTipoDocInteger": tipo,
            "dcvNombreTipoDoc": f"Documento {tipo}",
            "rsmnTotDoc": len(documents),
            "rsmnMntExe": sum(doc.monto_exento or 0 for doc in documents),
            "rsmnMntNeto": sum(doc.monto_neto or 0 for doc in documents),
            "rsmnMntIVA": sum(doc.monto_iva or 0 for doc in documents),
            "rsmnMntTotal": sum(doc.monto_total for doc in documents),
            "rsmnLink": True,
        }
        for tipo, documents in sorted(by_type.items())
    ]
    return {
        "data": data,
        "dataCabecera": {"dcvFecModificacion": None},
        "respEstado": {"codRespuesta": 0, "msgeRespuesta": None, "codError": None},
    }


def _detail(rows: list[tuple[Any, rules.RcvPlacement]]) -> dict[str, Any]:
    data = []
    for document, placement in rows:
        rut = Rut.parse(document.rut_emisor, strict=False)
        data.append(
            {
                "detTipoDoc": document.tipo,
                "detRutDoc": rut.number,
                "detDvDoc": rut.check_digit,
                # The SII pads razón social with spaces; clients must trim it.
                "detRznSoc": f"{document.razon_social_emisor}   ",
                "detNroDoc": int(document.folio),
                "detFchDoc": document.fecha_emision.strftime("%d/%m/%Y"),
                "detFecRecepcion": _local(document.received_at),
                "detFecAcuse": _local(placement.acuse_at),
                "detFecReclamado": _local(placement.reclamo_at),
                "detMntExe": document.monto_exento or 0,
                "detMntNeto": document.monto_neto or 0,
                "detMntIVA": document.monto_iva or 0,
                "detMntTotal": document.monto_total,
                "detEventoReceptor": None,
                "dcvEstadoContab": placement.estado,
            }
        )
    return {
        "data": data,
        "dataCabecera": None,
        "respEstado": {"codRespuesta": 0, "msgeRespuesta": None, "codError": None},
    }
