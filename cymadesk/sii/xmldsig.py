"""XMLDSig verification for SII artifacts (DTEs, envelopes, seeds), written for their quirks.

The SII profile is narrow: one Reference, inclusive C14N 1.0, RSA-SHA1 and SHA-1 digests, and
both RSAKeyValue and X509Certificate in KeyInfo. SHA-1 is accepted here only because these SII
artifacts use it; this module must not verify anything else. A signature is valid only when
the digest matches some canonical form of the referenced element (``cymadesk.sii.c14n``), the
SignatureValue verifies with the certificate's key, and KeyValue (when present) is that same
key. A certificate that does not parse means the signer is unknown, so the signature is not
valid either.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message
from cymadesk.sii.c14n import CanonicalForm, candidate_forms
from cymadesk.sii.certificates import CertificateInfo, read_certificate
from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.xmltext import ChildIndex, SubtreeCache, child, elements, text_of

logger = logging.getLogger(__name__)

C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_10_COMMENTS = C14N_10 + "#WithComments"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

_SIGNATURE_METHODS: Mapping[str, tuple[str, type[hashes.HashAlgorithm]]] = {
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1": ("rsa", hashes.SHA1),
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": ("rsa", hashes.SHA256),
    "http://www.w3.org/2000/09/xmldsig#dsa-sha1": ("dsa", hashes.SHA1),
}
_DIGEST_METHODS = {
    "http://www.w3.org/2000/09/xmldsig#sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
}
_TRANSFORMS = {C14N_10, C14N_10_COMMENTS, ENVELOPED}

PublicKey = rsa.RSAPublicKey | dsa.DSAPublicKey

_PKCS1 = padding.PKCS1v15()

_OK_CODES = {
    CanonicalForm.IN_CONTEXT: "firma.ok",
    CanonicalForm.STANDALONE: "firma.ok_independiente",
    CanonicalForm.WITHOUT_NAMESPACE: "firma.ok_sin_namespace",
}


# The ID attribute (no namespace) of ``root`` and of every element below it.
_ID_ATTRIBUTES = etree.XPath("descendant-or-self::*/@ID")


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class IdIndex:
    """Elements by their ``ID`` attribute, and the IDs that occur more than once."""

    by_id: Mapping[str, etree._Element]
    duplicates: frozenset[str]

    @classmethod
    def build(cls, root: etree._Element) -> IdIndex:
        by_id: dict[str, etree._Element] = {}
        duplicates: set[str] = set()
        # The XPath finds the few ID attributes in C, in document order, about twice as
        # fast as reading every element in Python. Each result is lxml's "smart string", which
        # refers to its element, and is stored as a plain str.
        for attribute in cast(list[etree._ElementUnicodeResult], _ID_ATTRIBUTES(root)):
            element = attribute.getparent()
            if element is None:
                continue  # an attribute always has its element: this only narrows the type
            value = str(attribute)
            if value in by_id:
                duplicates.add(value)
            else:
                by_id[value] = element
        return cls(by_id, frozenset(duplicates))


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class SignatureResult:
    """Outcome of one Signature element, with the evidence for each step."""

    valid: bool
    message: Message
    certificate: CertificateInfo | None = None
    certificate_problem: Message | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)


class _Invalid(Exception):  # noqa: N818 (internal control flow, carries a message)
    def __init__(self, code: str, **params: str | int) -> None:
        super().__init__(code)
        self.message = Message(code, params)

    @classmethod
    def of(cls, message: Message) -> _Invalid:
        invalid = cls(message.code)
        invalid.message = message
        return invalid


def _decode_base64(text: str | None, what: str) -> bytes:
    if not text:
        raise _Invalid("firma.incompleta", elemento=what)
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise _Invalid("firma.base64_invalido", elemento=what) from error


def _key_value(key_info: ChildIndex | None) -> PublicKey | None:
    """Return the public key in KeyInfo/KeyValue, or None when there is none."""
    key_value = key_info.get("KeyValue") if key_info is not None else None
    if key_value is None:
        return None
    rsa_value = child(key_value, "RSAKeyValue")
    if rsa_value is not None:
        rsa_children = ChildIndex(rsa_value)
        return _rsa_key_value(
            text_of(rsa_children.get("Modulus")), text_of(rsa_children.get("Exponent"))
        )
    dsa_value = child(key_value, "DSAKeyValue")
    if dsa_value is not None:
        numbers = {
            name: int.from_bytes(_decode_base64(text_of(child(dsa_value, name)), name))
            for name in ("P", "Q", "G", "Y")
        }
        try:
            parameters = dsa.DSAParameterNumbers(numbers["P"], numbers["Q"], numbers["G"])
            return dsa.DSAPublicNumbers(numbers["Y"], parameters).public_key()
        except ValueError as error:
            raise _Invalid("firma.clave_invalida") from error
    return None


@lru_cache(maxsize=512)
def _rsa_key_value(modulus_text: str | None, exponent_text: str | None) -> rsa.RSAPublicKey:
    """Build the RSA key of an RSAKeyValue, cached because a signer's key recurs in every
    document it signs. Invalid values raise ``_Invalid``, which the cache does not keep."""
    modulus = int.from_bytes(_decode_base64(modulus_text, "Modulus"))
    exponent = int.from_bytes(_decode_base64(exponent_text, "Exponent"))
    try:
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    except ValueError as error:
        raise _Invalid("firma.clave_invalida") from error


# Public numbers by id() of a key that the entry keeps alive, so the id cannot be reused by
# another object while the entry exists. The keys come from the certificate and KeyValue
# caches, so the same few recur, and reading their numbers out of OpenSSL is not free.
_PUBLIC_NUMBERS: dict[int, tuple[PublicKey, rsa.RSAPublicNumbers | dsa.DSAPublicNumbers]] = {}
_PUBLIC_NUMBERS_MAX = 1024


def _public_numbers(key: PublicKey) -> rsa.RSAPublicNumbers | dsa.DSAPublicNumbers:
    entry = _PUBLIC_NUMBERS.get(id(key))
    if entry is not None and entry[0] is key:
        return entry[1]
    numbers = key.public_numbers()
    if len(_PUBLIC_NUMBERS) >= _PUBLIC_NUMBERS_MAX:
        _PUBLIC_NUMBERS.clear()
    _PUBLIC_NUMBERS[id(key)] = (key, numbers)
    return numbers


def _same_key(first: PublicKey, second: PublicKey) -> bool:
    # RSA numbers never equal DSA numbers, so keys of different kinds compare unequal.
    return _public_numbers(first) == _public_numbers(second)


@dataclass(frozen=True, slots=True)
class _KeyInfo:
    """Facts a KeyInfo element states: the signer certificate and the declared key."""

    certificate_text_found: bool
    certificate: CertificateInfo | None
    key_value: PublicKey | None
    key_value_problem: Message | None
    """The reason KeyValue could not be read, reported after the digest checks."""
    key_matches: bool
    """Whether KeyValue is the certificate's key, or either of them is missing."""


def _read_key_info(key_info_element: etree._Element | None) -> _KeyInfo:
    key_info = ChildIndex(key_info_element) if key_info_element is not None else None
    certificate_text = _certificate_text(key_info)
    certificate = read_certificate(certificate_text) if certificate_text is not None else None
    try:
        key_value = _key_value(key_info)
    except _Invalid as invalid:
        return _KeyInfo(certificate_text is not None, certificate, None, invalid.message, True)
    key_matches = (
        key_value is None or certificate is None or _same_key(key_value, certificate.public_key)
    )
    return _KeyInfo(certificate_text is not None, certificate, key_value, None, key_matches)


# A signer's KeyInfo is the same in every document it signs, and serializing it costs about
# a third of reading it.
_cached_key_info = SubtreeCache(_read_key_info, 512)


def _verifies(
    key: PublicKey, kind: str, hash_type: type[hashes.HashAlgorithm], value: bytes, data: bytes
) -> bool:
    try:
        if kind == "rsa" and isinstance(key, rsa.RSAPublicKey):
            key.verify(value, data, _PKCS1, hash_type())
            return True
        if kind == "dsa" and isinstance(key, dsa.DSAPublicKey):
            half = len(value) // 2
            der = encode_dss_signature(int.from_bytes(value[:half]), int.from_bytes(value[half:]))
            key.verify(der, data, hash_type())
            return True
    except (InvalidSignature, ValueError):
        return False
    return False


def _resolve_reference(
    uri: str | None, ids: IdIndex, document_root: etree._Element
) -> tuple[etree._Element, bool]:
    """Return the referenced element and whether the URI needed tolerance (no '#')."""
    if uri is None:
        raise _Invalid("firma.referencia_invalida", uri="")
    if uri == "":
        return document_root, False
    tolerated = not uri.startswith("#")
    identifier = uri[1:] if not tolerated else uri
    if identifier in ids.duplicates:
        raise _Invalid("firma.id_duplicado", id=identifier)
    target = ids.by_id.get(identifier)
    if target is None:
        raise _Invalid("firma.referencia_no_encontrada", uri=uri)
    return target, tolerated


def verify_signature(
    signature: etree._Element,
    *,
    expected_target: etree._Element,
    document_root: etree._Element,
    ids: IdIndex,
    target_canonical: bytes | None = None,
) -> SignatureResult:
    """Verify one ``Signature`` element that must sign ``expected_target``.

    ``document_root`` is the element the signer treated as its document: the DTE for a
    document signature, the file root for an envelope or a seed. ``target_canonical`` may pass
    ``canonical_standalone(expected_target)`` when the caller already computed it.
    """
    evidence: dict[str, Any] = {}
    signature_children = ChildIndex(signature)
    key_info = _cached_key_info(signature_children.get("KeyInfo"))
    certificate = key_info.certificate
    certificate_problem: Message | None = None
    if not key_info.certificate_text_found:
        certificate_problem = Message("certificado.ausente")
    elif certificate is None:
        certificate_problem = Message("certificado.ilegible")
    try:
        signed_info = signature_children.get("SignedInfo")
        if signed_info is None:
            raise _Invalid("firma.incompleta", elemento="SignedInfo")
        signed_info_children = ChildIndex(signed_info)
        c14n_method = _algorithm(signed_info_children.get("CanonicalizationMethod"))
        if c14n_method not in (C14N_10, C14N_10_COMMENTS):
            raise _Invalid("firma.algoritmo_no_admitido", algoritmo=c14n_method or "")
        method = _algorithm(signed_info_children.get("SignatureMethod"))
        if method is None or method not in _SIGNATURE_METHODS:
            raise _Invalid("firma.algoritmo_no_admitido", algoritmo=method or "")
        key_kind, hash_type = _SIGNATURE_METHODS[method]
        evidence["algoritmo"] = method.rpartition("#")[2]

        references = signed_info_children.all("Reference")
        if len(references) != 1:
            raise _Invalid("firma.referencias_multiples", cantidad=len(references))
        reference = references[0]
        uri = reference.get("URI")
        evidence["referencia"] = uri
        target, tolerated = _resolve_reference(uri, ids, document_root)
        if tolerated:
            evidence["referencia_sin_numeral"] = True
        if target is not expected_target:
            raise _Invalid("firma.referencia_ajena", uri=uri or "")

        reference_children = ChildIndex(reference)
        exclude, with_comments = _transforms(reference_children, signature, target)
        digest_name = _DIGEST_METHODS.get(_algorithm(reference_children.get("DigestMethod")) or "")
        if digest_name is None:
            raise _Invalid("firma.algoritmo_no_admitido", algoritmo="DigestMethod")
        expected_digest = _decode_base64(
            text_of(reference_children.get("DigestValue")), "DigestValue"
        )
        signature_value = _decode_base64(
            text_of(signature_children.get("SignatureValue")), "SignatureValue"
        )

        if key_info.key_value_problem is not None:
            raise _Invalid.of(key_info.key_value_problem)
        key_value = key_info.key_value
        form = _matching_digest_form(
            target,
            document_root,
            digest_name,
            expected_digest,
            with_comments,
            exclude,
            target_canonical,
        )
        if form is None:
            raise _Invalid("firma.digest_no_coincide")
        evidence["forma"] = form.value

        key_matches = key_info.key_matches
        if key_value is not None and not key_matches:
            # Evidence only: whether the declared key, not the certificate's, made the signature.
            evidence["firma_con_keyvalue"] = any(
                _verifies(key_value, key_kind, hash_type, signature_value, data)
                for _, data in _signed_info_forms(signed_info, document_root, c14n_method, form)
            )
        if certificate is None:
            raise _Invalid("firma.firmante_desconocido")
        if not key_matches:
            certificate_problem = Message("certificado.clave_distinta")
            raise _Invalid("firma.clave_distinta_certificado")
        for signed_info_form, data in _signed_info_forms(
            signed_info, document_root, c14n_method, form
        ):
            if _verifies(certificate.public_key, key_kind, hash_type, signature_value, data):
                evidence["forma_signedinfo"] = signed_info_form.value
                break
        else:
            raise _Invalid("firma.valor_invalido")
    except _Invalid as invalid:
        return SignatureResult(False, invalid.message, certificate, certificate_problem, evidence)

    message = Message(_OK_CODES[form])
    return SignatureResult(True, message, certificate, certificate_problem, evidence)


def _signed_info_forms(
    signed_info: etree._Element,
    document_root: etree._Element,
    c14n_method: str,
    digest_form: CanonicalForm,
) -> Iterator[tuple[CanonicalForm, bytes]]:
    """Yield the canonical forms of SignedInfo, ``digest_form`` first, the rest in order.

    The signer canonicalized SignedInfo in the same context as the signed element, so the
    form that matched the digest is tried first. Forms are computed as they are consumed.
    """
    forms = candidate_forms(
        signed_info,
        document_root,
        with_comments=c14n_method == C14N_10_COMMENTS,
        sii_namespace=SII_NAMESPACE,
    )
    earlier_forms: list[tuple[CanonicalForm, bytes]] = []
    for candidate in forms:
        if candidate[0] is digest_form:
            yield candidate
            yield from earlier_forms
            yield from forms
            return
        earlier_forms.append(candidate)
    yield from earlier_forms


def _algorithm(element: etree._Element | None) -> str | None:
    return element.get("Algorithm") if element is not None else None


def _transforms(
    reference: ChildIndex, signature: etree._Element, target: etree._Element
) -> tuple[etree._Element | None, bool]:
    """Check the Transforms of a Reference; return (element to exclude, keep comments)."""
    transforms = reference.get("Transforms")
    names = [_algorithm(node) for node in elements(transforms)] if transforms is not None else []
    if len(names) > 2 or any(name not in _TRANSFORMS for name in names):
        raise _Invalid("firma.transformacion_no_admitida", algoritmo=", ".join(map(str, names)))
    exclude = signature if ENVELOPED in names and _is_inside(signature, target) else None
    return exclude, C14N_10_COMMENTS in names


def _is_inside(node: etree._Element, ancestor: etree._Element) -> bool:
    current: etree._Element | None = node
    while current is not None:
        if current is ancestor:
            return True
        current = current.getparent()
    return False


def _certificate_text(key_info: ChildIndex | None) -> str | None:
    if key_info is None:
        return None
    x509_data = key_info.get("X509Data")
    return text_of(child(x509_data, "X509Certificate")) if x509_data is not None else None


def _matching_digest_form(
    target: etree._Element,
    document_root: etree._Element,
    digest_name: str,
    expected: bytes,
    with_comments: bool,
    exclude: etree._Element | None,
    base: bytes | None,
) -> CanonicalForm | None:
    for form, data in candidate_forms(
        target,
        document_root,
        with_comments=with_comments,
        exclude=exclude,
        sii_namespace=SII_NAMESPACE,
        base=base if exclude is None and not with_comments else None,
    ):
        if hashlib.new(digest_name, data).digest() == expected:
            return form
    return None


def find_signatures(container: etree._Element) -> list[etree._Element]:
    """Return the Signature elements that are direct children of ``container``."""
    # "{*}" matches any namespace and none, so this finds every child named Signature.
    return list(container.iterchildren("{*}Signature"))
