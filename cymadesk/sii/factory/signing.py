"""XMLDSig signing in the SII profile, and the stamp serialization (flattening) of the TED.

The SII profile signs one element by ``Reference URI="#<ID>"`` with inclusive C14N 1.0,
RSA-SHA1 and a SHA-1 digest, and its ``KeyInfo`` carries both ``KeyValue/RSAKeyValue`` and
``X509Data/X509Certificate``. The ``Signature`` element is a sibling of the signed element,
not inside it, so no enveloped-signature transform is involved.

lxml's C14N of a subtree (``tostring(element, method="c14n")``) emits spurious ``xmlns=""``
on grandchildren when the default namespace is declared above the subtree (lxml 6.2.0 with
libxml2 2.14.6). ``canonicalize`` therefore serializes the element, parses it again as a
document of its own, declares on its top element every namespace in scope at the original
place, and canonicalizes that document as a whole.
"""

from __future__ import annotations

import base64
import hashlib
import textwrap
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

DSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#"
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA1_DIGEST = "http://www.w3.org/2000/09/xmldsig#sha1"

# Width of the base64 lines in X509Certificate, as Java and Windows signers wrap them.
CERTIFICATE_LINE_WIDTH = 76

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    collect_ids=False,
    remove_blank_text=False,
)


@dataclass(frozen=True, slots=True)
class SigningKey:
    """The private key that signs and the certificate that KeyInfo shows for it.

    ``key_value`` is the public key written to ``KeyValue``. It is the certificate's key for
    an honest signature. Tampering code passes another key to model a mismatch.
    """

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    key_value: rsa.RSAPublicKey


def parse_bytes(data: bytes) -> etree._Element:
    """Parse trusted XML bytes produced by this package, keeping every whitespace node."""
    return etree.fromstring(data, _PARSER)


def canonicalize(element: etree._Element) -> bytes:
    """Return the inclusive C14N 1.0 (without comments) of ``element`` where it sits."""
    in_scope = {prefix: uri for prefix, uri in element.nsmap.items() if uri}
    copy = parse_bytes(etree.tostring(element, with_tail=False))
    if dict(copy.nsmap) != in_scope:
        copy = _redeclared(copy, in_scope)
    return etree.tostring(copy, method="c14n")


def _redeclared(root: etree._Element, namespaces: dict[str | None, str]) -> etree._Element:
    """Return a copy of ``root`` whose top element declares exactly ``namespaces``."""
    replacement = etree.Element(root.tag, nsmap=namespaces)  # type: ignore[arg-type]
    for name, value in root.attrib.items():
        replacement.set(name, value)
    replacement.text = root.text
    for node in list(root):
        replacement.append(node)
    return parse_bytes(etree.tostring(replacement))


def latin1_bytes(element: etree._Element) -> bytes:
    """Serialize ``element`` as ISO-8859-1 bytes without an XML declaration."""
    data = etree.tostring(element, encoding="ISO-8859-1", xml_declaration=False)
    if not isinstance(data, bytes):
        raise TypeError("lxml returned text for an encoded serialization")
    return data


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def integer_bytes(value: int) -> bytes:
    """Encode a non-negative integer big-endian in the fewest bytes (XMLDSig CryptoBinary)."""
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{DSIG_NAMESPACE}}}{name}")
    element.text = text
    return element


def append_signature(
    parent: etree._Element,
    target: etree._Element,
    key: SigningKey,
    *,
    c14n_transform: bool = True,
) -> etree._Element:
    """Sign ``target`` and append the ``Signature`` element as the last child of ``parent``.

    ``target`` must carry an ``ID`` attribute and sit in the tree where it will be verified,
    because its digest and the SignedInfo both depend on the namespaces in scope there.
    """
    identifier = target.get("ID")
    if not identifier:
        raise ValueError(f"element {target.tag!r} has no ID attribute to reference")
    digest = hashlib.sha1(canonicalize(target)).digest()  # noqa: S324 (the SII profile digest)

    signature = etree.SubElement(
        parent,
        f"{{{DSIG_NAMESPACE}}}Signature",
        nsmap={None: DSIG_NAMESPACE},  # type: ignore[dict-item]
    )
    signed_info = _sub(signature, "SignedInfo")
    _sub(signed_info, "CanonicalizationMethod").set("Algorithm", C14N_10)
    _sub(signed_info, "SignatureMethod").set("Algorithm", RSA_SHA1)
    reference = _sub(signed_info, "Reference")
    reference.set("URI", f"#{identifier}")
    if c14n_transform:
        transforms = _sub(reference, "Transforms")
        _sub(transforms, "Transform").set("Algorithm", C14N_10)
    _sub(reference, "DigestMethod").set("Algorithm", SHA1_DIGEST)
    _sub(reference, "DigestValue", b64(digest))

    value = _sub(signature, "SignatureValue")
    key_info = _sub(signature, "KeyInfo")
    rsa_value = _sub(_sub(key_info, "KeyValue"), "RSAKeyValue")
    numbers = key.key_value.public_numbers()
    _sub(rsa_value, "Modulus", b64(integer_bytes(numbers.n)))
    _sub(rsa_value, "Exponent", b64(integer_bytes(numbers.e)))
    der = key.certificate.public_bytes(serialization.Encoding.DER)
    wrapped = "\n".join(textwrap.wrap(b64(der), CERTIFICATE_LINE_WIDTH))
    _sub(_sub(key_info, "X509Data"), "X509Certificate", wrapped)

    value.text = b64(sign_rsa_sha1(key.private_key, canonicalize(signed_info)))
    return signature


def sign_rsa_sha1(private_key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    """Sign with RSA PKCS#1 v1.5 and SHA-1, the only algorithm of XMLDSig, TED and CAF here."""
    return private_key.sign(data, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def flatten(element: etree._Element) -> bytes:
    """Serialize ``element`` the way the SII defines the TED and CAF signed messages.

    No namespace declarations, no whitespace between tags, text escaped as XML (quotes
    left as they are), ISO-8859-1 bytes. A character outside Latin-1 becomes a numeric
    character reference, which no SII rule covers.
    """
    parts: list[str] = []
    _flatten_into(element, parts)
    return "".join(parts).encode("iso-8859-1", errors="xmlcharrefreplace")


def _flatten_into(element: etree._Element, parts: list[str]) -> None:
    name = etree.QName(element).localname
    attributes = "".join(
        f' {etree.QName(key).localname}="{_escape_attribute(str(value))}"'
        for key, value in element.attrib.items()
    )
    parts.append(f"<{name}{attributes}>")
    nested = [node for node in element if isinstance(node.tag, str)]
    if nested:
        for node in nested:
            _flatten_into(node, parts)
    elif element.text:
        parts.append(_escape_text(element.text))
    parts.append(f"</{name}>")
