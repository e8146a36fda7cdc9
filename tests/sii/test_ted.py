from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from cymadesk.sii.ted import Flattening, flatten, shown_value, verify_flattened

DD = """<DD xmlns="http://www.sii.cl/SiiDte">
    <RE>76354771-K</RE>
    <TD>33</TD>
    <F>170</F>
    <RSR>Comercial O'Higgins &amp; "Ñuñoa"</RSR>
    <IT1>Diseño gráfico</IT1>
    <CAF version="1.0"><DA><RE>76354771-K</RE></DA></CAF>
</DD>"""


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=3, key_size=1024)


def _element() -> etree._Element:
    return etree.fromstring(DD.encode("utf-8"))


def test_latin1_flattening_drops_whitespace_and_namespace() -> None:
    assert flatten(_element(), Flattening.LATIN1) == (
        "<DD><RE>76354771-K</RE><TD>33</TD><F>170</F>"
        '<RSR>Comercial O\'Higgins &amp; "Ñuñoa"</RSR><IT1>Diseño gráfico</IT1>'
        '<CAF version="1.0"><DA><RE>76354771-K</RE></DA></CAF></DD>'
    ).encode("iso-8859-1")


def test_quote_and_reference_variants() -> None:
    entities = flatten(_element(), Flattening.QUOTES_AS_ENTITIES)
    references = flatten(_element(), Flattening.QUOTES_AS_REFERENCES)
    ascii_only = flatten(_element(), Flattening.CHARACTER_REFERENCES)

    assert b"O&apos;Higgins &amp; &quot;\xd1u\xf1oa&quot;" in entities
    assert b"O&#39;Higgins &amp; &#34;\xd1u\xf1oa&#34;" in references
    assert b"Dise&#241;o gr&#225;fico" in ascii_only
    assert b'<CAF version="1.0">' in entities
    assert b'<CAF version="1.0">' in references


@pytest.mark.parametrize("flattening", list(Flattening))
def test_each_serialization_is_recognised(key: rsa.RSAPrivateKey, flattening: Flattening) -> None:
    signature = key.sign(flatten(_element(), flattening), padding.PKCS1v15(), hashes.SHA1())

    assert verify_flattened(_element(), signature, key.public_key()) is flattening


def test_other_data_does_not_verify(key: rsa.RSAPrivateKey) -> None:
    signature = key.sign(flatten(_element(), Flattening.LATIN1), padding.PKCS1v15(), hashes.SHA1())
    changed = _element()
    changed[2].text = "171"

    assert verify_flattened(changed, signature, key.public_key()) is None


def test_missing_signature_or_key() -> None:
    assert verify_flattened(_element(), None, None) is None


@pytest.mark.parametrize(
    ("field", "text", "shown"),
    [
        ("MNT", "63760", "$63.760"),
        ("MNT", "63.760,5", "63.760,5"),
        ("FE", "2026-11-30", "30-11-2026"),
        ("FE", "30/11/2026", "30/11/2026"),
        ("RE", "76354771-k", "76.354.771-K"),
        ("RR", "no es rut", "no es rut"),
        ("IT1", "Resma papel carta", "Resma papel carta"),
    ],
)
def test_stamp_values_shown_as_people_read_them(field: str, text: str, shown: str) -> None:
    assert shown_value(field, text) == shown
