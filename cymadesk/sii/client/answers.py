"""The inner answers of CrSeed, GetTokenFromSeed, QueryEstDte and QueryEstDteAv.

Each is an ``SII:RESPUESTA`` document whose ``RESP_HDR`` holds ``ESTADO`` (a string such
as "00", "-07" or "001") and whose ``RESP_BODY`` holds the result. The manual's examples
vary (``SEED`` for ``SEMILLA``, ``GLOSA_ESTADO`` for ``GLOSA``, other namespaces, the body
before the header), so elements are found by local name and decisions rest on ``ESTADO``.
Glosas may come ``+``-encoded (``TOKEN+INACTIVO``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import unquote_plus

from lxml import etree

from cymadesk.sii.client.errors import (
    SiiAuthenticationError,
    SiiProtocolError,
    SiiRejected,
    SiiTokenRejected,
)
from cymadesk.sii.client.soap import descendant_text, parse_xml_text
from cymadesk.sii.xmltext import local_name

# QueryEstDte and QueryEstDteAv answer these ESTADO values for a token the SII no longer
# accepts: 001 cookie inactive or token missing, 002 token inactive, 003 token unknown.
TOKEN_ESTADOS = frozenset({"001", "002", "003"})


class EstadoDte(enum.StrEnum):
    """What QueryEstDte says about a received document (ESTADO with its ERR_CODE)."""

    DOK = "DOK"  # 0: received by the SII, data match
    DNK = "DNK"  # 1: received, but date, amount or receiver do not match
    FAU = "FAU"  # 3: not received by the SII
    FNA = "FNA"  # 4: folio not authorised
    FAN = "FAN"  # 5: folio annulled
    EMP = "EMP"  # 6: issuer not authorised to issue DTEs
    TMD = "TMD"  # 10: a debit note modifies the text
    TMC = "TMC"  # 11: a credit note modifies the text
    MMD = "MMD"  # 12: a debit note modifies the amounts
    MMC = "MMC"  # 13: a credit note modifies the amounts
    AND = "AND"  # 14: a debit note annuls the document
    ANC = "ANC"  # 15: a credit note annuls the document

    @property
    def data_match(self) -> bool:
        """True when the SII has the document with the data that was asked about."""
        return self not in (
            EstadoDte.DNK,
            EstadoDte.FAU,
            EstadoDte.FNA,
            EstadoDte.FAN,
            EstadoDte.EMP,
        )


def _header_estado(root: etree._Element) -> tuple[str, str]:
    estado = descendant_text(root, "ESTADO")
    if estado is None:
        raise SiiProtocolError("sii.respuesta_malformada", "no ESTADO", parte="RESP_HDR")
    glosa = descendant_text(root, "GLOSA") or descendant_text(root, "GLOSA_ESTADO") or ""
    return estado, unquote_plus(glosa)


def parse_seed(inner: str) -> str:
    """Return the seed of a CrSeed answer, with its leading zeros."""
    root = parse_xml_text(inner, what="CrSeed")
    estado, glosa = _header_estado(root)
    if estado != "00":
        raise SiiAuthenticationError("sii.semilla_rechazada", glosa, estado=estado, glosa=glosa)
    seed = descendant_text(root, "SEMILLA") or descendant_text(root, "SEED")
    if not seed:
        raise SiiProtocolError("sii.respuesta_malformada", "no SEMILLA", parte="CrSeed")
    return seed


def parse_token(inner: str) -> str:
    """Return the token of a GetTokenFromSeed answer."""
    root = parse_xml_text(inner, what="GetTokenFromSeed")
    estado, glosa = _header_estado(root)
    if estado != "00":
        raise SiiAuthenticationError("sii.token_rechazado", glosa, estado=estado, glosa=glosa)
    token = descendant_text(root, "TOKEN")
    if not token:
        raise SiiProtocolError("sii.respuesta_malformada", "no TOKEN", parte="GetTokenFromSeed")
    return token


@dataclass(frozen=True, slots=True)
class EstadoDteAnswer:
    """A QueryEstDte (or QueryEstDteAv) answer about one document."""

    estado: EstadoDte
    glosa: str
    err_code: str | None
    glosa_err: str | None
    num_atencion: str | None
    # QueryEstDteAv only: whether the SII received a document with that signature value.
    recibido: bool | None = None


def _raise_for_estado(estado: str, glosa: str) -> None:
    if estado in TOKEN_ESTADOS:
        raise SiiTokenRejected("sii.token_invalido", glosa, estado=estado)
    raise SiiRejected("sii.estado_error", estado, glosa, estado=estado, glosa=glosa)


def parse_estado_dte(inner: str) -> EstadoDteAnswer:
    """Parse a QueryEstDte answer; raise for token errors and for ESTADOs that are errors."""
    root = parse_xml_text(inner, what="QueryEstDte")
    header = _section(root, "RESP_HDR")
    if header is None:
        header = root
    estado, glosa = _header_estado(header)
    try:
        value = EstadoDte(estado)
    except ValueError:
        _raise_for_estado(estado, glosa)
        raise  # unreachable: _raise_for_estado always raises
    return EstadoDteAnswer(
        estado=value,
        glosa=glosa,
        err_code=descendant_text(header, "ERR_CODE"),
        glosa_err=_optional_glosa(descendant_text(header, "GLOSA_ERR")),
        num_atencion=descendant_text(header, "NUM_ATENCION"),
    )


def parse_estado_dte_av(inner: str) -> EstadoDteAnswer:
    """Parse a QueryEstDteAv answer: ``RESP_BODY`` adds RECIBIDO and the document's ESTADO."""
    root = parse_xml_text(inner, what="QueryEstDteAv")
    header = _section(root, "RESP_HDR")
    body = _section(root, "RESP_BODY")
    if header is None:
        raise SiiProtocolError("sii.respuesta_malformada", "no RESP_HDR", parte="QueryEstDteAv")
    estado, glosa = _header_estado(header)
    err_code = descendant_text(header, "ERR_CODE")
    if body is None or descendant_text(body, "ESTADO") is None:
        # No document result: the header says why (token or input errors).
        if estado in TOKEN_ESTADOS or err_code in ("1", "2"):
            raise SiiTokenRejected("sii.token_invalido", glosa, estado=estado)
        raise SiiRejected("sii.estado_error", estado, glosa, estado=estado, glosa=glosa)
    document_estado, document_glosa = _header_estado(body)
    try:
        value = EstadoDte(document_estado)
    except ValueError:
        _raise_for_estado(document_estado, document_glosa)
        raise
    recibido = (descendant_text(body, "RECIBIDO") or "").upper()
    return EstadoDteAnswer(
        estado=value,
        glosa=document_glosa,
        err_code=err_code,
        glosa_err=_optional_glosa(descendant_text(header, "GLOSA_ERR")),
        num_atencion=descendant_text(header, "NUM_ATENCION"),
        recibido=recibido == "SI" if recibido in ("SI", "NO") else None,
    )


def _section(root: etree._Element, name: str) -> etree._Element | None:
    """The first element named ``name`` (RESP_HDR or RESP_BODY), at any depth."""
    return next((node for node in root.iter(tag=etree.Element) if local_name(node) == name), None)


def _optional_glosa(text: str | None) -> str | None:
    return unquote_plus(text) if text else None
