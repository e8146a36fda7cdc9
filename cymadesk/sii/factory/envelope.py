"""Envelopes (EnvioDTE, EnvioBOLETA) built the way issuers build them.

Issuers sign each DTE as a file of its own and then paste its bytes into the envelope, whose
root declares the SII default namespace and ``xmlns:xsi``. ``build_envio`` does the same, so
each document signature verifies only in its standalone form. The SetDTE signature is made
in the envelope's context, so it covers the inherited ``xmlns:xsi``, and it is the last
child of the root.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from lxml import etree

from cymadesk.models.rut import Rut
from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.documents import XML_DECLARATION, timestamp_text
from cymadesk.sii.factory.signing import append_signature, latin1_bytes, parse_bytes
from cymadesk.sii.factory.specs import BOLETA_TYPES
from cymadesk.sii.xmltext import child, child_text

XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
# RUT of the SII itself, the RutReceptor of envelopes uploaded to it.
SII_RUT = "60803000-K"

_DECLARATION_END = b"?>"


def _dte_body(data: bytes) -> bytes:
    """Return a signed DTE file's bytes without the XML declaration and surrounding space."""
    text = data.strip()
    if text.startswith(b"<?xml"):
        text = text[text.index(_DECLARATION_END) + len(_DECLARATION_END) :].lstrip()
    return text


def _document_type(data: bytes) -> int:
    root = parse_bytes(data)
    for node in root:
        header = child(node, "Encabezado") if isinstance(node.tag, str) else None
        id_doc = child(header, "IdDoc") if header is not None else None
        tipo = child_text(id_doc, "TipoDTE")
        if tipo is not None:
            return int(tipo)
    raise ValueError("signed DTE has no Encabezado/IdDoc/TipoDTE")


def build_envio(
    signed_dtes: Sequence[bytes],
    *,
    rut_emisor: str,
    rut_envia: str,
    rut_receptor: str,
    signer: Signer,
    signed_at: dt.datetime,
    fecha_resolucion: dt.date,
    numero_resolucion: int,
    set_id: str = "SetDoc",
) -> bytes:
    """Build and sign an EnvioDTE holding ``signed_dtes`` exactly as given.

    ``rut_envia`` is the signer's RUT and ``rut_receptor`` the receiver's (the SII's,
    60803000-K, for an upload). ``numero_resolucion`` is 0 in certification.
    """
    return _build(
        "EnvioDTE",
        "EnvioDTE_v10.xsd",
        signed_dtes,
        rut_emisor=rut_emisor,
        rut_envia=rut_envia,
        rut_receptor=rut_receptor,
        signer=signer,
        signed_at=signed_at,
        fecha_resolucion=fecha_resolucion,
        numero_resolucion=numero_resolucion,
        set_id=set_id,
    )


def build_envio_boleta(
    signed_dtes: Sequence[bytes],
    *,
    rut_emisor: str,
    rut_envia: str,
    signer: Signer,
    signed_at: dt.datetime,
    fecha_resolucion: dt.date,
    numero_resolucion: int,
    rut_receptor: str = SII_RUT,
    set_id: str = "SetDoc",
) -> bytes:
    """Build and sign an EnvioBOLETA; the DTEs must be boletas (39, 41)."""
    return _build(
        "EnvioBOLETA",
        "EnvioBOLETA_v11.xsd",
        signed_dtes,
        rut_emisor=rut_emisor,
        rut_envia=rut_envia,
        rut_receptor=rut_receptor,
        signer=signer,
        signed_at=signed_at,
        fecha_resolucion=fecha_resolucion,
        numero_resolucion=numero_resolucion,
        set_id=set_id,
    )


def _build(
    root_name: str,
    schema_file: str,
    signed_dtes: Sequence[bytes],
    *,
    rut_emisor: str,
    rut_envia: str,
    rut_receptor: str,
    signer: Signer,
    signed_at: dt.datetime,
    fecha_resolucion: dt.date,
    numero_resolucion: int,
    set_id: str,
) -> bytes:
    if not signed_dtes:
        raise ValueError(f"an {root_name} needs at least one DTE")
    types = Counter(_document_type(data) for data in signed_dtes)
    boletas = {tipo for tipo in types if tipo in BOLETA_TYPES}
    expected = set(types) if root_name == "EnvioBOLETA" else set()
    if boletas != expected:
        raise ValueError(f"an {root_name} cannot carry types {sorted(types)}")

    namespace = f"{{{SII_NAMESPACE}}}"
    root = etree.Element(
        f"{namespace}{root_name}",
        nsmap={None: SII_NAMESPACE, "xsi": XSI_NAMESPACE},  # type: ignore[dict-item]
    )
    root.set(f"{{{XSI_NAMESPACE}}}schemaLocation", f"{SII_NAMESPACE} {schema_file}")
    root.set("version", "1.0")
    set_element = etree.SubElement(root, f"{namespace}SetDTE", ID=set_id)
    caratula = etree.SubElement(set_element, f"{namespace}Caratula", version="1.0")
    for name, value in (
        ("RutEmisor", Rut.parse(rut_emisor).canonical),
        ("RutEnvia", Rut.parse(rut_envia).canonical),
        ("RutReceptor", Rut.parse(rut_receptor).canonical),
        ("FchResol", fecha_resolucion.isoformat()),
        ("NroResol", str(numero_resolucion)),
        ("TmstFirmaEnv", timestamp_text(signed_at)),
    ):
        etree.SubElement(caratula, f"{namespace}{name}").text = value
    for tipo, count in sorted(types.items()):
        subtotal = etree.SubElement(caratula, f"{namespace}SubTotDTE")
        etree.SubElement(subtotal, f"{namespace}TpoDTE").text = str(tipo)
        etree.SubElement(subtotal, f"{namespace}NroDTE").text = str(count)
    etree.indent(root, space="  ")
    set_element[-1].tail = "\n"

    # Paste the DTEs as bytes before </SetDTE>, as issuers do.
    skeleton = latin1_bytes(root)
    closing = f"</{root_name}>".encode("ascii")
    set_closing = b"</SetDTE>"
    position = skeleton.rindex(set_closing)
    pasted = b"\n".join(_dte_body(data) for data in signed_dtes)
    unsigned = XML_DECLARATION + skeleton[:position] + pasted + b"\n" + skeleton[position:]

    # Sign the SetDTE in the context where verifiers will find it. Serialized in place, the
    # Signature would repeat the envelope's xmlns:xsi, so it is detached first and written
    # with its own default namespace only. Pasted back, it has the namespaces in scope that
    # it was signed with.
    tree = parse_bytes(unsigned)
    signature = append_signature(tree, tree[0], signer.signing_key)
    tree.remove(signature)
    end = unsigned.rindex(closing)
    return unsigned[:end] + latin1_bytes(signature) + b"\n" + unsigned[end:]
