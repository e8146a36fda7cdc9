"""SOAP 1.1 envelopes for the SII's services, built and read with lxml.

The SII's older services (CrSeed, GetTokenFromSeed, QueryEstDte, QueryEstDteAv) are Axis
rpc/encoded: every parameter is an ``xsd:string`` and the response is one string that
contains another XML document, escaped, which is parsed a second time. The acceptance
registry is document/literal with plain child elements. Responses are read by local name,
because the SII's own examples vary in prefixes and namespaces.

Responses are hostile input, so parsing allows no DTD, entities or network access. A body
that declares UTF-8 but contains ISO-8859-1 bytes (which the SII sends) is decoded as
ISO-8859-1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from cymadesk.sii.client.errors import SiiProtocolError, SiiSoapFault, SiiUnavailable
from cymadesk.sii.client.http import HttpResponse
from cymadesk.sii.xmltext import local_name

SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_ENCODING = "http://schemas.xmlsoap.org/soap/encoding/"
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RPC_NAMESPACE = "http://DefaultNamespace"
REGISTRY_NAMESPACE = "http://ws.registroreclamodte.diii.sdi.des.sii.cl"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def rpc_request(operation: str, parameters: Sequence[tuple[str, str]]) -> bytes:
    """Build an rpc/encoded request whose parameters are all ``xsd:string``."""
    envelope = etree.Element(
        f"{{{SOAP_ENVELOPE}}}Envelope",
        nsmap={"soapenv": SOAP_ENVELOPE, "xsd": XSD, "xsi": XSI},
    )
    body = etree.SubElement(envelope, f"{{{SOAP_ENVELOPE}}}Body")
    call = etree.SubElement(body, f"{{{RPC_NAMESPACE}}}{operation}", nsmap={"ns1": RPC_NAMESPACE})
    call.set(f"{{{SOAP_ENVELOPE}}}encodingStyle", SOAP_ENCODING)
    for name, value in parameters:
        parameter = etree.SubElement(call, name)
        parameter.set(f"{{{XSI}}}type", "xsd:string")
        parameter.text = value
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def literal_request(operation: str, parameters: Sequence[tuple[str, str]]) -> bytes:
    """Build a document/literal request for the acceptance registry."""
    envelope = etree.Element(
        f"{{{SOAP_ENVELOPE}}}Envelope",
        nsmap={"soapenv": SOAP_ENVELOPE, "ws": REGISTRY_NAMESPACE},
    )
    body = etree.SubElement(envelope, f"{{{SOAP_ENVELOPE}}}Body")
    call = etree.SubElement(body, f"{{{REGISTRY_NAMESPACE}}}{operation}")
    for name, value in parameters:
        etree.SubElement(call, name).text = value
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def decode_body(response: HttpResponse) -> str:
    """Decode a response's bytes: UTF-8 when they are UTF-8, else ISO-8859-1.

    The declared charset is not trusted, because the SII declares UTF-8 for responses that
    contain ISO-8859-1 bytes.
    """
    try:
        return response.body.decode("utf-8")
    except UnicodeDecodeError:
        return response.body.decode("iso-8859-1")


def parse_xml_text(text: str, *, what: str) -> etree._Element:
    """Parse XML text (its declaration dropped, since the text is already decoded)."""
    try:
        return etree.fromstring(_XML_DECLARATION.sub("", text, count=1).strip(), _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise SiiProtocolError("sii.respuesta_malformada", str(error), parte=what) from error


def envelope_body(response: HttpResponse) -> etree._Element:
    """Return the first element inside a SOAP response's Body; raise for faults and junk."""
    status = response.status
    if _HTML_START.match(response.body[:512]):
        code = "sii.error_servidor" if status >= 500 else "sii.respuesta_html"
        raise SiiUnavailable(code, f"HTML page, HTTP {status}", estado=status)
    if not response.body.strip():
        raise SiiProtocolError("sii.respuesta_vacia", f"HTTP {response.status}")
    try:
        envelope = parse_xml_text(decode_body(response), what="SOAP")
    except SiiProtocolError:
        if response.status >= 500:
            raise SiiUnavailable("sii.error_servidor", "", estado=response.status) from None
        raise
    if local_name(envelope) != "Envelope":
        raise SiiProtocolError("sii.respuesta_malformada", local_name(envelope), parte="SOAP")
    body = next((node for node in _children(envelope) if local_name(node) == "Body"), None)
    content = next(iter(_children(body)), None) if body is not None else None
    if content is None:
        raise SiiProtocolError("sii.respuesta_malformada", "empty Body", parte="SOAP")
    if local_name(content) == "Fault":
        raise SiiSoapFault(_text(content, "faultcode"), _text(content, "faultstring"))
    if response.status >= 500:
        raise SiiUnavailable("sii.error_servidor", "", estado=response.status)
    if response.status >= 300:
        raise SiiProtocolError("sii.estado_http", "", estado=response.status)
    return content


def rpc_return_text(response: HttpResponse) -> str:
    """Return the string an rpc/encoded operation returned (the escaped inner XML)."""
    content = envelope_body(response)
    value = next(iter(_children(content)), None)
    if value is None:
        raise SiiProtocolError("sii.respuesta_malformada", "no return value", parte="SOAP")
    return value.text or ""


def literal_return(response: HttpResponse) -> etree._Element:
    """Return the ``return`` element of a document/literal answer."""
    content = envelope_body(response)
    value = next((node for node in _children(content) if local_name(node) == "return"), None)
    if value is None:
        raise SiiProtocolError("sii.respuesta_malformada", "no return element", parte="SOAP")
    return value


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child with local name ``name``, stripped; None if absent."""
    for node in _children(element):
        if local_name(node) == name:
            return (node.text or "").strip()
    return None


def children_named(element: etree._Element, name: str) -> list[etree._Element]:
    return [node for node in _children(element) if local_name(node) == name]


def descendant_text(element: etree._Element, name: str) -> str | None:
    """Text of the first descendant with local name ``name``, stripped; None if absent."""
    for node in element.iter(tag=etree.Element):
        if node is not element and local_name(node) == name:
            return (node.text or "").strip()
    return None


def _children(element: etree._Element | None) -> list[etree._Element]:
    if element is None:
        return []
    return [node for node in element if isinstance(node.tag, str)]


def _text(element: etree._Element, name: str) -> str:
    return descendant_text(element, name) or ""
