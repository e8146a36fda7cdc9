"""The shipped SII keys are the ones the SII's published certificates carry."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cymadesk.models.verdict import Ambiente
from cymadesk.sii.trust import (
    CERTIFICATION_IDK,
    PRODUCTION_IDK,
    SANDBOX_IDK,
    TrustPolicy,
    ambiente_for_idk,
    shipped_sii_key,
)
from tests.conftest import CORPUS, corpus_available

MODULI = {
    CERTIFICATION_IDK: (
        "C8FBF00DCB21A55000A585522C5DE528A73E0CE16CC03AB1E5EA7DE4B2A28111"
        "E352FAEF8DCB7D51E349ABD4B105DCD4F67CF9E13115058C9F0154291B8C7153"
    ),
    PRODUCTION_IDK: (
        "9DEEBFC5EEBD96DF4C7CF53F1BFA15D85D73EF04C6718F8C07B3F785EFEE75E7"
        "B4EF5A3AE079C3265A900E45F602890AF6FB4FAFA2B8D6938F7F011C3585B335"
    ),
}


@pytest.mark.parametrize("idk", [CERTIFICATION_IDK, PRODUCTION_IDK])
def test_shipped_key_modulus(idk: int) -> None:
    numbers = shipped_sii_key(idk).public_numbers()
    assert numbers.n == int(MODULI[idk], 16)
    assert numbers.e == 65537


@pytest.mark.skipif(not corpus_available(), reason="../shared/corpus is not beside this checkout")
@pytest.mark.parametrize(
    ("idk", "file_name"),
    [(CERTIFICATION_IDK, "sii_idk100_maullin.cer"), (PRODUCTION_IDK, "sii_idk300_palena.cer")],
)
def test_shipped_key_is_inside_published_certificate(idk: int, file_name: str) -> None:
    pem = (CORPUS / "certs" / file_name).read_text("ascii")
    body = "".join(line for line in pem.splitlines() if "-----" not in line)
    der = base64.b64decode(body)
    assert bytes.fromhex(MODULI[idk]) in der


def test_idk_mapping() -> None:
    assert ambiente_for_idk(300) is Ambiente.PRODUCCION
    assert ambiente_for_idk(100) is Ambiente.CERTIFICACION
    assert ambiente_for_idk(SANDBOX_IDK) is Ambiente.SANDBOX
    assert ambiente_for_idk(200) is None
    assert ambiente_for_idk(None) is None


def test_sandbox_key_only_when_added() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    assert SANDBOX_IDK not in TrustPolicy.sii().caf_keys
    assert TrustPolicy.sii().with_sandbox(key).caf_keys[SANDBOX_IDK] is key
