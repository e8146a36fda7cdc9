"""The sandbox's responses, written in the shapes the SII's servers send.

The rpc/encoded services respond as Apache Axis does: one ``xsd:string`` return value that
holds an escaped ``SII:RESPUESTA`` document. The registry responds as JAX-WS does, with
``S:`` prefixes and an unqualified ``return``. These are written as text on purpose, apart
from the client's lxml code, so that a mistake in one side does not hide in the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

SII_SCHEMA = "http://www.sii.cl/XMLSchema"
REGISTRY_NAMESPACE = "http://ws.registroreclamodte.diii.sdi.des.sii.cl"


def respuesta(header: Sequence[tuple[str, str]], body: Sequence[tuple[str, str]] = ()) -> str:
    """Write an ``SII:RESPUESTA`` document with unprefixed fields, body first as the SII does."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    parts.append(f'<SII:RESPUESTA xmlns:SII="{SII_SCHEMA}">')
    if body:
        parts.append("<SII:RESP_BODY>" + _fields(body) + "</SII:RESP_BODY>")
    parts.append("<SII:RESP_HDR>" + _fields(header) + "</SII:RESP_HDR>")
    parts.append("</SII:RESPUESTA>")
    return "".join(parts)


def _fields(fields: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields)


def rpc_answer(operation: str, inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<soapenv:Body>"
        f"<ns1:{operation}Response "
        'soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" '
        'xmlns:ns1="http://DefaultNamespace">'
        f'<{operation}Return xsi:type="xsd:string">{escape(inner)}</{operation}Return>'
        f"</ns1:{operation}Response>"
        "</soapenv:Body></soapenv:Envelope>"
    )


def registry_answer(operation: str, return_content: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>'
        f'<ns2:{operation}Response xmlns:ns2="{REGISTRY_NAMESPACE}">'
        f"<return>{return_content}</return>"
        f"</ns2:{operation}Response>"
        "</S:Body></S:Envelope>"
    )


def code_content(code: int, description: str) -> str:
    return f"<codResp>{code}</codResp><descResp>{escape(description)}</descResp>"


def events_content(code: int, description: str, events: Sequence[Sequence[tuple[str, str]]]) -> str:
    items = "".join(f"<listaEventosDoc>{_fields(event)}</listaEventosDoc>" for event in events)
    return code_content(code, description) + items


def soap_fault(code: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>'
        f"<S:Fault><faultcode>{escape(code)}</faultcode>"
        f"<faultstring>{escape(text)}</faultstring></S:Fault>"
        "</S:Body></S:Envelope>"
    )


ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>Error</title></head><body>"
    "<h1>Servicio no disponible</h1><p>Intente m&aacute;s tarde.</p></body></html>"
)
