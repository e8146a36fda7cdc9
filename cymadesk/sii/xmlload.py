"""Hardened XML loading for every file a company receives.

No DTD, no entity declarations, no network access, no huge trees and a size limit. The bytes
are parsed as they arrived: encodings are honoured as declared (ISO-8859-1, windows-1252,
UTF-8 with or without a BOM), a file without a declaration that is not valid UTF-8 is read as
ISO-8859-1, and whitespace before the XML declaration is skipped. The original bytes are never
re-encoded or rewritten; callers keep them for storage and signature checks.
"""

from __future__ import annotations

import codecs
import logging
import re
import threading
from dataclasses import dataclass

from lxml import etree

from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 30 * 1024 * 1024

_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_LEADING_SPACE = b" \t\r\n"
_FORBIDDEN_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class XmlRejected(Exception):  # noqa: N818 (a rejection, not a programming error)
    """Rejection of a file that is unsafe or not well-formed XML; ``message`` explains it."""

    def __init__(self, message: Message, log_detail: str) -> None:
        super().__init__(log_detail)
        self.message = message


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class LoadedXml:
    """A parsed file: its root element and how its bytes were decoded."""

    root: etree._Element
    encoding: str
    declared_encoding: str | None
    notes: tuple[Message, ...] = ()


_parsers = threading.local()


def _parser(encoding: str | None) -> etree.XMLParser:
    """Return a hardened parser for ``encoding``, one per thread (lxml parsers are not
    thread-safe)."""
    cache: dict[str | None, etree.XMLParser] = _parsers.__dict__.setdefault("by_encoding", {})
    parser = cache.get(encoding)
    if parser is None:
        parser = cache[encoding] = _new_parser(encoding)
    return parser


def _new_parser(encoding: str | None) -> etree.XMLParser:
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def declared_encoding(data: bytes) -> str | None:
    """Return the encoding named in the XML declaration, or None."""
    start = _content_start(data)
    match = _DECLARATION.match(data[start : start + 200])
    return match.group(1).decode("ascii").lower() if match else None


def _content_start(data: bytes) -> int:
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    while start < len(data) and data[start] in _LEADING_SPACE:
        start += 1
    return start


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reject_hostile_markup(data: bytes) -> None:
    text = data
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    # Every forbidden marker contains "!". Looking for that one byte takes a fraction of the
    # time a search for the markers takes, because they start with the frequent "<".
    if b"!" not in text:
        return
    for marker in _FORBIDDEN_MARKUP:
        if marker in text:
            raise XmlRejected(Message("xml.dtd_prohibido"), f"document contains {marker.decode()}")


def load_xml(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedXml:
    """Parse untrusted XML bytes, or raise ``XmlRejected`` with a message for the user."""
    if len(data) > max_bytes:
        raise XmlRejected(
            Message(
                "xml.demasiado_grande",
                {"size_mb": _megabytes(len(data)), "limit_mb": _megabytes(max_bytes)},
            ),
            f"file of {len(data)} bytes is over the limit of {max_bytes}",
        )
    if not data.strip():
        raise XmlRejected(Message("xml.vacio"), "empty file")
    _reject_hostile_markup(data)

    utf16 = data.startswith(_UTF16_BOMS)
    start = 0 if utf16 else _content_start(data)
    body = data if utf16 else data[start:]
    if not utf16 and start and data.startswith(codecs.BOM_UTF8):
        body = codecs.BOM_UTF8 + body
    declared = None if utf16 else declared_encoding(data)
    notes: list[Message] = []

    override: str | None = None
    if (
        not utf16
        and declared is None
        and not data.startswith(codecs.BOM_UTF8)
        and not _is_utf8(body)
    ):
        override = "iso-8859-1"
        notes.append(Message("xml.codificacion_supuesta_latin1"))
    try:
        root = _parse(body, override)
    except etree.XMLSyntaxError as error:
        if declared in ("utf-8", "utf8") and not _is_utf8(body):
            # Some files declare UTF-8 but contain Latin-1 bytes. Read them as windows-1252 (a
            # superset of Latin-1 for printable text) and add a note.
            try:
                root = _parse(body, "windows-1252")
            except etree.XMLSyntaxError:
                raise _malformed(error) from error
            notes.append(Message("xml.codificacion_declarada_erronea", {"declared": declared}))
            override = "windows-1252"
        else:
            raise _malformed(error) from error

    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.system_url:
        raise XmlRejected(Message("xml.dtd_prohibido"), "document declares a DTD")
    encoding = override or declared or ("utf-16" if utf16 else "utf-8")
    return LoadedXml(root=root, encoding=encoding, declared_encoding=declared, notes=tuple(notes))


def _parse(body: bytes, encoding: str | None) -> etree._Element:
    try:
        return etree.fromstring(body, _parser(encoding))
    except LookupError as error:
        raise XmlRejected(
            Message("xml.codificacion_desconocida", {"encoding": encoding or ""}), str(error)
        ) from error


def _malformed(error: etree.XMLSyntaxError) -> XmlRejected:
    line = error.lineno or 0
    detail = (error.msg or str(error)).strip()
    if "Excessive depth" in detail or "huge" in detail.lower():
        return XmlRejected(Message("xml.demasiado_profundo"), detail)
    return XmlRejected(Message("xml.mal_formado", {"line": line, "detail": detail}), detail)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def decode_for_display(data: bytes) -> str:
    """Decode the original bytes as the file declares them, for showing the XML to a user."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    encoding = declared_encoding(data)
    if encoding is None:
        encoding = "utf-8" if _is_utf8(data) else "iso-8859-1"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        logger.warning("Unknown declared encoding %s, showing as ISO-8859-1", encoding)
        return data.decode("iso-8859-1", errors="replace")
