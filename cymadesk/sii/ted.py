"""The electronic stamp (TED) and its CAF: FRMT, FRMA and the cross-checks against the body.

FRMT is the issuer's RSA-SHA1 signature, made with the CAF's private key, over the ``DD``
element flattened the way the SII defines it: no whitespace between tags, text verbatim, no
namespace declarations, ISO-8859-1 bytes. Implementations differ on quotes and non-ASCII
characters, so four serializations are tried in order and the one that matched is reported:
Latin-1 bytes; ``&quot;``/``&apos;`` escaping (LibreDTE); ``&#34;``/``&#39;`` escaping (issuers
built on MarkupSafe, such as Odoo-based ones); numeric character references for non-ASCII
characters. FRMA is the SII's signature over the CAF's ``DA`` element, flattened the
same way and checked with the SII key its IDK names.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from cymadesk.formatting import format_clp, format_date
from cymadesk.models.document import Document, Ted
from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message, ParamValue
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.sii.c14n import canonical_standalone
from cymadesk.sii.trust import SANDBOX_IDK, TrustPolicy, ambiente_for_idk
from cymadesk.sii.xmltext import child, elements, local_name

ITEM_TEXT_LENGTH = 40

_NAMESPACE_DECLARATION = re.compile(rb' xmlns(?::[^=\s]+)?="[^"]*"')
_INTER_TAG_SPACE = re.compile(rb">\s+<")
_PREFIXED_TAG = re.compile(rb"</?[A-Za-z_][\w.-]*:")
_WHITESPACE_LEAF = re.compile(rb"<([^\s/>]+)[^>]*>\s+</\1>")
_SPACE_BEFORE_END_TAG = re.compile(rb">\s+</")
_TEXT_NODE = re.compile(r">([^<]+)<")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class Flattening(enum.StrEnum):
    """Serialization of the DD text used when the stamp was made."""

    LATIN1 = "latin1"
    QUOTES_AS_ENTITIES = "comillas_entidades"
    QUOTES_AS_REFERENCES = "comillas_referencias"
    CHARACTER_REFERENCES = "referencias_numericas"


_QUOTE_ESCAPES = {
    Flattening.QUOTES_AS_ENTITIES: ("&quot;", "&apos;"),
    Flattening.QUOTES_AS_REFERENCES: ("&#34;", "&#39;"),
}


def _escape_text(text: str, quotes: tuple[str, str] | None) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quotes is not None:
        text = text.replace('"', quotes[0]).replace("'", quotes[1])
    return text


def _escape_attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def _flatten_to(element: etree._Element, out: list[str], quotes: tuple[str, str] | None) -> None:
    name = local_name(element)
    attributes = "".join(
        f' {etree.QName(key).localname}="{_escape_attribute(str(value))}"'
        for key, value in element.attrib.items()
    )
    out.append(f"<{name}{attributes}>")
    nested = list(elements(element))
    if element.text and not (nested and not element.text.strip()):
        out.append(_escape_text(element.text, quotes))
    for node in nested:
        _flatten_to(node, out, quotes)
        if node.tail and node.tail.strip():
            out.append(_escape_text(node.tail, quotes))
    out.append(f"</{name}>")


def _flat_text(element: etree._Element) -> str:
    """Return the stamp message as text, before the quote and encoding choices.

    The fast path takes lxml's C14N (text and attributes escaped as the SII message needs)
    and removes namespace declarations and whitespace between tags. Prefixed tags, or a leaf
    holding only whitespace, take the slower element-by-element path, which handles them.
    """
    canonical = canonical_standalone(element)
    if not _has_prefixed_tag(canonical) and not _has_whitespace_leaf(canonical):
        body = _NAMESPACE_DECLARATION.sub(b"", canonical)
        return _INTER_TAG_SPACE.sub(b"><", body).decode("utf-8")
    parts: list[str] = []
    _flatten_to(element, parts, quotes=None)
    return "".join(parts)


def _has_prefixed_tag(canonical: bytes) -> bool:
    # Inclusive C14N declares every prefix that an output element uses, except the
    # predeclared "xml", so without "xmlns:" or "<xml:" the slower search cannot match.
    if b"xmlns:" not in canonical and b"<xml:" not in canonical:
        return False
    return _PREFIXED_TAG.search(canonical) is not None


def _has_whitespace_leaf(canonical: bytes) -> bool:
    # Every whitespace-only leaf contains ">" + whitespace + "</", which a simple pattern
    # finds several times faster than the one with a back reference.
    if _SPACE_BEFORE_END_TAG.search(canonical) is None:
        return False
    return _WHITESPACE_LEAF.search(canonical) is not None


def _encode(text: str, flattening: Flattening) -> bytes:
    quotes = _QUOTE_ESCAPES.get(flattening)
    if quotes is not None:
        double, single = quotes
        text = _TEXT_NODE.sub(
            lambda match: ">" + match.group(1).replace('"', double).replace("'", single) + "<",
            text,
        )
    if flattening is Flattening.CHARACTER_REFERENCES:
        return text.encode("ascii", errors="xmlcharrefreplace")
    return text.encode("iso-8859-1", errors="xmlcharrefreplace")


def flatten(element: etree._Element, flattening: Flattening) -> bytes:
    """Serialize ``element`` as the SII stamp message in one of the known serializations."""
    return _encode(_flat_text(element), flattening)


def _serializations(element: etree._Element) -> Iterator[tuple[Flattening, bytes]]:
    text = _flat_text(element)
    seen: set[bytes] = set()
    for flattening in Flattening:
        data = _encode(text, flattening)
        if data not in seen:
            seen.add(data)
            yield flattening, data


@lru_cache(maxsize=1024)
def _rsa_key(modulus: bytes | None, exponent: bytes | None) -> rsa.RSAPublicKey | None:
    if not modulus or not exponent:
        return None
    try:
        return rsa.RSAPublicNumbers(int.from_bytes(exponent), int.from_bytes(modulus)).public_key()
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _verified_caf(data: bytes, frma: bytes, modulus: int, exponent: int) -> Flattening | None:
    """Check a CAF's FRMA once per distinct CAF: issuers stamp many documents with one CAF."""
    element = etree.fromstring(data, _PARSER)
    key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
    return verify_flattened(element, frma, key)


def verify_flattened(
    element: etree._Element, signature: bytes | None, key: rsa.RSAPublicKey | None
) -> Flattening | None:
    """Return the serialization under which ``signature`` verifies, or None."""
    if signature is None or key is None:
        return None
    for flattening, data in _serializations(element):
        try:
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 (SII stamp algorithm)
        except InvalidSignature:
            continue
        return flattening
    return None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class StampVerdicts:
    ted: Verdict
    caf: Verdict
    ambiente: Ambiente | None


def verify_stamp(
    document: Document, ted_element: etree._Element | None, policy: TrustPolicy
) -> StampVerdicts:
    """Check the TED (FRMT and cross-checks) and the CAF inside it (FRMA)."""
    ted = document.ted
    if ted is None or ted_element is None:
        return StampVerdicts(
            Verdict(VerdictKey.TED, VerdictState.FALLA, Message("ted.ausente")),
            Verdict(VerdictKey.CAF, VerdictState.NO_VERIFICABLE, Message("caf.ausente")),
            None,
        )
    data_element = child(ted_element, "DD")
    caf_element = child(data_element, "CAF") if data_element is not None else None
    ambiente = ambiente_for_idk(ted.caf.idk) if ted.caf else None
    return StampVerdicts(
        _ted_verdict(document, ted, data_element),
        _caf_verdict(ted, caf_element, policy),
        ambiente,
    )


def _ted_verdict(document: Document, ted: Ted, data_element: etree._Element | None) -> Verdict:
    if data_element is None or ted.caf is None:
        return Verdict(VerdictKey.TED, VerdictState.FALLA, Message("ted.sin_caf"))
    key = _rsa_key(ted.caf.rsa_modulus, ted.caf.rsa_exponent)
    flattening = verify_flattened(data_element, ted.frmt, key)
    evidence: dict[str, Any] = {
        "folio_desde": ted.caf.folio_from,
        "folio_hasta": ted.caf.folio_to,
        "idk": ted.caf.idk,
    }
    if flattening is None:
        return Verdict(VerdictKey.TED, VerdictState.FALLA, Message("ted.firma_invalida"), evidence)
    evidence["serializacion"] = flattening.value

    mismatches = list(_body_mismatches(document, ted)) + list(_caf_mismatches(ted))
    if mismatches:
        evidence["diferencias"] = [
            {"campo": field, "ted": in_ted, "documento": in_body}
            for field, in_ted, in_body, _ in mismatches
        ]
        return Verdict(VerdictKey.TED, VerdictState.FALLA, mismatches[0][3], evidence)
    return Verdict(VerdictKey.TED, VerdictState.OK, Message("ted.ok"), evidence)


Mismatch = tuple[str, str, str, Message]


def _same_rut(first: str | None, second: str | None) -> bool:
    if first == second:
        return True  # the same text is the same RUT, read or not
    left = Rut.try_parse(first, strict=False)
    right = Rut.try_parse(second, strict=False)
    if left is None or right is None:
        return (first or "").strip().upper() == (second or "").strip().upper()
    return left == right


def _same_number(first: str | None, second: Decimal | str | None) -> bool:
    if first is not None and first == second and first.isascii() and first.isdigit():
        return True  # equal strings of ASCII digits, the usual case, are the same number
    try:
        return Decimal(str(first).strip()) == Decimal(str(second).strip())
    except ArithmeticError:
        return False


def shown_value(field: str, text: str) -> str:
    """Return a stamp field's value as people read it: amounts, dates and RUTs formatted.

    Values that do not parse are shown as they are, since they may be the tampering.
    """
    value = text.strip()
    if field == "MNT" and value.lstrip("-").isdigit():
        return format_clp(int(value))
    if field == "FE":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return text
    if field in ("RE", "RR"):
        rut = Rut.try_parse(value, strict=False)
        return rut.formatted if rut is not None else text
    return text


def _field_mismatch(field: str, in_ted: str | None, in_body: str | None) -> Mismatch:
    ted_text = in_ted or ""
    body_text = in_body or ""
    params: dict[str, ParamValue] = {
        "campo": field,
        "ted": shown_value(field, ted_text),
        "documento": shown_value(field, body_text),
    }
    return (field, ted_text, body_text, Message("ted.campo_distinto", params))


def _body_mismatches(document: Document, ted: Ted) -> Iterator[Mismatch]:
    if not _same_rut(ted.rut_emisor, document.emisor.rut_text):
        yield _field_mismatch("RE", ted.rut_emisor, document.emisor.rut_text)
    if not _same_number(ted.tipo_code, document.id_doc.tipo_code):
        yield _field_mismatch("TD", ted.tipo_code, document.id_doc.tipo_code)
    if not _same_number(ted.folio, document.id_doc.folio):
        yield _field_mismatch("F", ted.folio, document.id_doc.folio)
    if (ted.fecha_emision or "") != (document.id_doc.fecha_emision_text or ""):
        yield _field_mismatch("FE", ted.fecha_emision, document.id_doc.fecha_emision_text)
    if not _same_rut(ted.rut_receptor, document.receptor.rut_text):
        yield _field_mismatch("RR", ted.rut_receptor, document.receptor.rut_text)
    total = document.totals.mnt_total_text
    if not _same_number(ted.monto_total, total):
        yield _field_mismatch("MNT", ted.monto_total, total)
    first_line = document.lines[0].name if document.lines else None
    expected_item = (first_line or "")[:ITEM_TEXT_LENGTH].strip()
    if (ted.first_item or "").strip() != expected_item:
        yield _field_mismatch("IT1", ted.first_item, expected_item)


def _caf_mismatches(ted: Ted) -> Iterator[Mismatch]:
    caf = ted.caf
    if caf is None:
        return
    if not _same_rut(caf.rut_emisor, ted.rut_emisor):
        message = Message(
            "ted.caf_otro_emisor", {"rut_caf": caf.rut_emisor or "", "rut": ted.rut_emisor or ""}
        )
        yield ("CAF/RE", caf.rut_emisor or "", ted.rut_emisor or "", message)
    if not _same_number(caf.tipo_code, ted.tipo_code):
        message = Message(
            "ted.caf_otro_tipo", {"tipo_caf": caf.tipo_code or "", "tipo": ted.tipo_code or ""}
        )
        yield ("CAF/TD", caf.tipo_code or "", ted.tipo_code or "", message)
    folio = _as_int(ted.folio)
    if (
        folio is None
        or caf.folio_from is None
        or caf.folio_to is None
        or not (caf.folio_from <= folio <= caf.folio_to)
    ):
        message = Message(
            "ted.folio_fuera_de_rango",
            {"folio": ted.folio or "", "desde": caf.folio_from or 0, "hasta": caf.folio_to or 0},
        )
        yield ("CAF/RNG", f"{caf.folio_from}-{caf.folio_to}", ted.folio or "", message)


def _as_int(text: str | None) -> int | None:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def _caf_verdict(ted: Ted, caf_element: etree._Element | None, policy: TrustPolicy) -> Verdict:
    caf = ted.caf
    if caf is None or caf_element is None:
        return Verdict(VerdictKey.CAF, VerdictState.NO_VERIFICABLE, Message("caf.ausente"))
    evidence: dict[str, Any] = {"idk": caf.idk}
    key = policy.caf_keys.get(caf.idk) if caf.idk is not None else None
    if key is None:
        if caf.idk == SANDBOX_IDK:
            return Verdict(
                VerdictKey.CAF, VerdictState.FALLA, Message("caf.sandbox_no_confiable"), evidence
            )
        return Verdict(
            VerdictKey.CAF,
            VerdictState.NO_VERIFICABLE,
            Message("caf.idk_desconocido", {"idk": caf.idk if caf.idk is not None else ""}),
            evidence,
        )
    data_element = child(caf_element, "DA")
    flattening = None
    if data_element is not None and caf.frma is not None:
        numbers = key.public_numbers()
        flattening = _verified_caf(
            etree.tostring(data_element, with_tail=False), caf.frma, numbers.n, numbers.e
        )
    if flattening is None:
        return Verdict(VerdictKey.CAF, VerdictState.FALLA, Message("caf.firma_invalida"), evidence)
    evidence["serializacion"] = flattening.value
    code = {
        Ambiente.CERTIFICACION: "caf.ok_certificacion",
        Ambiente.SANDBOX: "caf.ok_sandbox",
    }.get(ambiente_for_idk(caf.idk) or Ambiente.PRODUCCION, "caf.ok")
    return Verdict(VerdictKey.CAF, VerdictState.OK, Message(code), evidence)
