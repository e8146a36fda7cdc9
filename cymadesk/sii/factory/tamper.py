"""Documents altered the way real attacks and defects alter them.

Byte-level functions take the bytes of one signed bare DTE (root ``DTE``) and return new
bytes in which only the named part changed. Every other byte stays as it was, so the edit
is the only difference a verifier can find. Builder functions make documents that are
honestly signed but wrong in what they state (a foreign CAF, a folio outside the CAF, a
future date, another receptor).

What each one models and what the verifier must then report:

- ``change_total``: MntTotal edited after signing (digest mismatch, TED MNT mismatch).
- ``change_folio``: folio edited in body and TED without re-signing (digest, FRMT).
- ``resign_with_mismatched_key``: edited and re-signed with a key other than the embedded
  certificate's, whose KeyValue is written instead (key mismatch).
- ``replace_certificate``: X509Certificate replaced with garbage (unknown signer).
- ``remove_signature``: Signature element removed.
- ``strip_namespace`` / ``add_namespace``: SII namespace removed or added after signing.
- ``wrap_with_duplicate_id``: signature wrapping, an edited copy with the same ID in front
  and the signed original hidden after it.
- ``sign_with_foreign_caf``, ``sign_with_folio_outside_caf``, ``sign_with_future_date``,
  ``sign_for_other_receptor``: honest signatures over dishonest content.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.caf import Caf
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.signing import (
    b64,
    canonicalize,
    integer_bytes,
    parse_bytes,
    sign_rsa_sha1,
)
from cymadesk.sii.factory.specs import DocumentSpec, PartySpec
from cymadesk.sii.xmltext import local_name

Edit = Callable[[bytes], bytes]

# Base64 of bytes that are no DER certificate.
GARBAGE_CERTIFICATE = base64.b64encode(b"esto no es un certificado X.509").decode("ascii")
NAMESPACE_DECLARATION = f' xmlns="{SII_NAMESPACE}"'.encode("ascii")
_CONTAINER = re.compile(
    rb"<(?P<name>Documento|Liquidacion|Exportaciones)\b[^>]*>.*?</(?P=name)>", re.DOTALL
)
_SIGNATURE = re.compile(rb"<(?:\w+:)?Signature\b[^>]*>.*?</(?:\w+:)?Signature>", re.DOTALL)
_DTE_START = re.compile(rb"<DTE\b[^>]*>")


def _escape(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.encode("iso-8859-1", errors="xmlcharrefreplace")


def _text_span(data: bytes, tag: str, occurrence: int) -> tuple[int, int]:
    """Return the byte span of the text of the ``occurrence``-th leaf element ``tag``."""
    pattern = re.compile(rb"<(?:\w+:)?" + tag.encode("ascii") + rb"(?:\s[^>]*)?>([^<]*)<")
    matches = list(pattern.finditer(data))
    if len(matches) <= occurrence:
        raise ValueError(f"element {tag} #{occurrence} not found in the document")
    match = matches[occurrence]
    return match.start(1), match.end(1)


def element_text(data: bytes, tag: str, *, occurrence: int = 0) -> str:
    """Return the text of the ``occurrence``-th leaf element named ``tag`` (0 is the first)."""
    start, end = _text_span(data, tag, occurrence)
    return data[start:end].decode("iso-8859-1")


def replace_text(data: bytes, tag: str, text: str, *, occurrence: int = 0) -> bytes:
    """Replace the text of the ``occurrence``-th leaf element ``tag``, keeping other bytes."""
    start, end = _text_span(data, tag, occurrence)
    return data[:start] + _escape(text) + data[end:]


def change_total(data: bytes, new_total: int | None = None) -> bytes:
    """Change Totales/MntTotal in the body only (the TED keeps the signed amount).

    The default adds 1.000 pesos, the kind of edit that survives a glance at the PDF.
    """
    total = new_total if new_total is not None else int(element_text(data, "MntTotal")) + 1000
    return replace_text(data, "MntTotal", str(total))


def change_folio(data: bytes, new_folio: int | None = None) -> bytes:
    """Change the folio in IdDoc and in the TED's DD without signing again."""
    folio = new_folio if new_folio is not None else int(element_text(data, "Folio")) + 1
    return replace_text(replace_text(data, "Folio", str(folio)), "F", str(folio))


def resign_with_mismatched_key(
    data: bytes, private_key: rsa.RSAPrivateKey, *, edit: Edit | None = None
) -> bytes:
    """Apply ``edit``, then sign again with ``private_key`` and write its KeyValue.

    X509Certificate keeps the original signer's certificate, so KeyValue no longer matches
    it: the signature checks out with KeyValue but not with the certificate.
    """
    edited = edit(data) if edit is not None else data
    root = parse_bytes(edited)
    container = _container_element(root)
    digest = hashlib.sha1(canonicalize(container)).digest()  # noqa: S324 (the SII profile digest)
    edited = replace_text(edited, "DigestValue", b64(digest))

    root = parse_bytes(edited)
    signed_info = next(node for node in root.iter() if local_name(node) == "SignedInfo")
    value = sign_rsa_sha1(private_key, canonicalize(signed_info))
    numbers = private_key.public_key().public_numbers()
    edited = replace_text(edited, "SignatureValue", b64(value))
    edited = replace_text(edited, "Modulus", b64(integer_bytes(numbers.n)))
    return replace_text(edited, "Exponent", b64(integer_bytes(numbers.e)))


def replace_certificate(data: bytes, replacement: str = GARBAGE_CERTIFICATE) -> bytes:
    """Replace the X509Certificate text, by default with base64 that is no certificate."""
    return replace_text(data, "X509Certificate", replacement)


def remove_signature(data: bytes) -> bytes:
    """Remove the Signature element, keeping the whitespace around it."""
    match = _SIGNATURE.search(data)
    if match is None:
        raise ValueError("document has no Signature element")
    return data[: match.start()] + data[match.end() :]


def strip_namespace(data: bytes) -> bytes:
    """Remove the SII default namespace declaration from the DTE start tag."""
    start = _DTE_START.search(data)
    if start is None or NAMESPACE_DECLARATION not in start.group(0):
        raise ValueError("DTE start tag does not declare the SII namespace")
    tag = start.group(0).replace(NAMESPACE_DECLARATION, b"", 1)
    return data[: start.start()] + tag + data[start.end() :]


def add_namespace(data: bytes) -> bytes:
    """Declare the SII default namespace on a DTE start tag that lacks it."""
    start = _DTE_START.search(data)
    if start is None or NAMESPACE_DECLARATION in start.group(0):
        raise ValueError("DTE start tag already declares the SII namespace")
    tag = start.group(0)
    return data[: start.start()] + tag[:4] + NAMESPACE_DECLARATION + tag[4:] + data[start.end() :]


def wrap_with_duplicate_id(data: bytes, *, edit: Edit) -> bytes:
    """Put an edited copy of the signed body first and hide the signed original after it.

    Both carry the same ID. A verifier that resolves the Reference to the original finds
    a valid digest while showing the edited copy, which is the first body under DTE. The
    original sits in ``DocPersonalizado``, a non-schema element some platforms add and
    schema checks strip, so the file still validates.
    """
    match = _CONTAINER.search(data)
    if match is None:
        raise ValueError("document has no Documento, Liquidacion or Exportaciones element")
    original = match.group(0)
    edited = edit(original)
    if edited == original:
        raise ValueError("the edit left the document unchanged")
    hidden = b"<DocPersonalizado>" + original + b"</DocPersonalizado>"
    return data[: match.start()] + edited + hidden + data[match.end() :]


def sign_with_foreign_caf(
    spec: DocumentSpec, caf: Caf, signer: Signer, *, signed_at: dt.datetime, **options: Any
) -> bytes:
    """Stamp with a CAF of another issuer or another type, which the SII would reject."""
    return sign_document(
        spec, caf, signer, signed_at=signed_at, allow_mismatched_caf=True, **options
    )


def sign_with_folio_outside_caf(
    spec: DocumentSpec, caf: Caf, signer: Signer, *, signed_at: dt.datetime, **options: Any
) -> bytes:
    """Sign honestly a document whose folio is one past the CAF's range."""
    outside = dataclasses.replace(spec, folio=caf.folio_to + 1)
    return sign_document(
        outside, caf, signer, signed_at=signed_at, allow_mismatched_caf=True, **options
    )


def sign_with_future_date(
    spec: DocumentSpec,
    caf: Caf,
    signer: Signer,
    *,
    signed_at: dt.datetime,
    days_ahead: int = 30,
    **options: Any,
) -> bytes:
    """Sign honestly a document dated ``days_ahead`` days after it was signed."""
    future = dataclasses.replace(
        spec, fecha_emision=signed_at.date() + dt.timedelta(days=days_ahead)
    )
    return sign_document(future, caf, signer, signed_at=signed_at, **options)


def sign_for_other_receptor(
    spec: DocumentSpec,
    caf: Caf,
    signer: Signer,
    *,
    receptor: PartySpec,
    signed_at: dt.datetime,
    **options: Any,
) -> bytes:
    """Sign honestly a document addressed to ``receptor`` instead of the company."""
    other = dataclasses.replace(spec, receptor=receptor)
    return sign_document(other, caf, signer, signed_at=signed_at, **options)


def _container_element(root: etree._Element) -> etree._Element:
    for node in root:
        if local_name(node) in ("Documento", "Liquidacion", "Exportaciones"):
            return node
    raise ValueError("document has no Documento, Liquidacion or Exportaciones element")
