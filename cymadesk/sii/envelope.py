"""Recognise what kind of SII file a parsed XML is, and split envelopes into their DTEs."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from lxml import etree

from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message
from cymadesk.sii.xmltext import child, child_text, children, local_name

SII_NAMESPACE = "http://www.sii.cl/SiiDte"
DSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"


class FileClass(enum.StrEnum):
    """The kinds of file the SII defines. Values are the JSON ``clase`` of the contract."""

    DTE = "DTE"
    ENVIO_DTE = "EnvioDTE"
    ENVIO_BOLETA = "EnvioBOLETA"
    CAF = "CAF"
    RESPUESTA_DTE = "RespuestaDTE"
    ENVIO_RECIBOS = "EnvioRecibos"
    AEC = "AEC"

    @property
    def holds_documents(self) -> bool:
        return self in (FileClass.DTE, FileClass.ENVIO_DTE, FileClass.ENVIO_BOLETA)


_ROOTS = {
    "DTE": FileClass.DTE,
    "EnvioDTE": FileClass.ENVIO_DTE,
    "EnvioBOLETA": FileClass.ENVIO_BOLETA,
    "AUTORIZACION": FileClass.CAF,
    "RespuestaDTE": FileClass.RESPUESTA_DTE,
    "EnvioRecibos": FileClass.ENVIO_RECIBOS,
    "AEC": FileClass.AEC,
}


class NotTaxDocument(Exception):  # noqa: N818 (a rejection of the input)
    """Rejection of well-formed XML whose root element is not one of the SII file kinds."""

    def __init__(self, root_name: str) -> None:
        super().__init__(f"root element {root_name!r} is not an SII file")
        self.root_name = root_name
        self.message = Message("xml.no_es_documento_tributario", {"root": root_name})


@dataclass(frozen=True, slots=True)
class Caratula:
    """The envelope cover: who sends what to whom."""

    rut_emisor: str | None
    rut_envia: str | None
    rut_receptor: str | None
    fecha_resolucion: str | None
    numero_resolucion: str | None
    signed_at_text: str | None
    declared_counts: tuple[tuple[str, str], ...]


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class SplitFile:
    """A file's class, its DTE elements in order and, for envelopes, the envelope parts."""

    file_class: FileClass
    root: etree._Element
    dte_elements: tuple[etree._Element, ...]
    set_element: etree._Element | None = None
    caratula: Caratula | None = None


def classify(root: etree._Element) -> FileClass:
    """Return the file class of a parsed root, or raise ``NotTaxDocument``."""
    name = local_name(root)
    file_class = _ROOTS.get(name)
    if file_class is None:
        raise NotTaxDocument(name or str(root.tag))
    return file_class


def split(root: etree._Element) -> SplitFile:
    """Classify ``root`` and list the DTE elements it carries (none for CAFs and replies)."""
    file_class = classify(root)
    if file_class is FileClass.DTE:
        return SplitFile(file_class, root, (root,))
    if file_class not in (FileClass.ENVIO_DTE, FileClass.ENVIO_BOLETA):
        return SplitFile(file_class, root, ())

    set_element = child(root, "SetDTE")
    if set_element is None:
        return SplitFile(file_class, root, ())
    dtes = tuple(children(set_element, "DTE"))
    return SplitFile(file_class, root, dtes, set_element, _caratula(child(set_element, "Caratula")))


def _caratula(element: etree._Element | None) -> Caratula | None:
    if element is None:
        return None
    counts = []
    for subtotal in children(element, "SubTotDTE"):
        # Some issuers write TipoDTE where the schema requires TpoDTE, so read either.
        kind = child_text(subtotal, "TpoDTE") or child_text(subtotal, "TipoDTE") or ""
        counts.append((kind, child_text(subtotal, "NroDTE") or ""))
    return Caratula(
        rut_emisor=child_text(element, "RutEmisor"),
        rut_envia=child_text(element, "RutEnvia"),
        rut_receptor=child_text(element, "RutReceptor"),
        fecha_resolucion=child_text(element, "FchResol"),
        numero_resolucion=child_text(element, "NroResol"),
        signed_at_text=child_text(element, "TmstFirmaEnv"),
        declared_counts=tuple(counts),
    )
