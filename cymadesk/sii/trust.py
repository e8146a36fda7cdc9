"""The SII public keys that sign CAFs, by IDK, and which of them a verification trusts.

IDK 300 is production and IDK 100 is certification (the SII's test environment). Their
published X.509 wrappers declare an invalid version, so the package ships the public keys
themselves, extracted once with ``openssl x509 -pubkey``. The CymaDesk sandbox signs its own
CAFs with a key of IDK ``SANDBOX_IDK``; that key is trusted only where a caller adds it,
which only companies of ambiente sandbox do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cymadesk.models.verdict import Ambiente

PRODUCTION_IDK = 300
CERTIFICATION_IDK = 100
SANDBOX_IDK = 999

IDK_AMBIENTE: Mapping[int, Ambiente] = {
    PRODUCTION_IDK: Ambiente.PRODUCCION,
    CERTIFICATION_IDK: Ambiente.CERTIFICACION,
    SANDBOX_IDK: Ambiente.SANDBOX,
}

_KEY_FILES = {
    PRODUCTION_IDK: "sii_idk300_produccion.pem",
    CERTIFICATION_IDK: "sii_idk100_certificacion.pem",
}


def ambiente_for_idk(idk: int | None) -> Ambiente | None:
    return IDK_AMBIENTE.get(idk) if idk is not None else None


@cache
def shipped_sii_key(idk: int) -> rsa.RSAPublicKey:
    """Load one of the SII keys inside the package."""
    name = _KEY_FILES[idk]
    data = resources.files("cymadesk.resources").joinpath("keys", name).read_bytes()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        raise TypeError(f"{name} does not hold an RSA public key")
    return key


@dataclass(frozen=True, slots=True)
class TrustPolicy:
    """The CAF-signing keys a verification accepts, by IDK."""

    caf_keys: Mapping[int, rsa.RSAPublicKey] = field(default_factory=dict)

    @classmethod
    def sii(cls) -> TrustPolicy:
        """Trust the SII's production and certification keys only."""
        return cls({idk: shipped_sii_key(idk) for idk in _KEY_FILES})

    def with_sandbox(self, key: rsa.RSAPublicKey) -> TrustPolicy:
        """Also trust the sandbox's CAF key (for companies of ambiente sandbox)."""
        return TrustPolicy({**self.caf_keys, SANDBOX_IDK: key})
