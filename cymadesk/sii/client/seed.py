"""Signing the seed document that GetTokenFromSeed exchanges for a token.

The SII's authentication manual fixes the shape: ``<getToken><item><Semilla>…</Semilla>
</item></getToken>`` with an enveloped XMLDSig (``Reference URI=""``, the
enveloped-signature transform, inclusive C14N 1.0, RSA-SHA1, SHA-1 digest) whose
``KeyInfo`` holds both ``KeyValue`` and ``X509Data``, and ``Signature`` in the default
xmldsig namespace. signxml refuses SHA-1 unless its deprecation check is overridden, which
is done only here, for this one document the SII requires it for.
"""

from __future__ import annotations

import signxml
from lxml import etree
from signxml import XMLSigner, methods
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod

from cymadesk.sii.client.credentials import Credential


class _Sha1Signer(XMLSigner):
    """An XMLSigner that allows RSA-SHA1, which the SII's token service requires."""

    def check_deprecated_methods(self) -> None:
        return None


def seed_document(seed: str) -> etree._Element:
    root = etree.Element("getToken")
    item = etree.SubElement(root, "item")
    etree.SubElement(item, "Semilla").text = seed
    return root


def sign_seed(seed: str, credential: Credential) -> str:
    """Return the signed seed document as text, with the declaration the SII expects."""
    signer = _Sha1Signer(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA1,
        digest_algorithm=DigestAlgorithm.SHA1,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    # signxml annotates str keys, but its documentation uses None for the default namespace.
    signer.namespaces = {None: signxml.namespaces.ds}  # type: ignore[dict-item]
    signed = signer.sign(
        seed_document(seed),
        key=credential.key_pem(),
        cert=[credential.certificate],
        always_add_key_value=True,
    )
    return '<?xml version="1.0"?>\n' + etree.tostring(signed, encoding="unicode")
