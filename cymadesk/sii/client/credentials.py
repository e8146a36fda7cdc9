"""The company's digital certificate: reading a .pfx/.p12 file and choosing its certificate.

A PKCS#12 file holds one private key and one or more certificates (often the CA chain,
sometimes an expired and a renewed certificate for the same key). The certificate that
signs is an end-entity certificate whose public key is the private key's. When more than
one fits, the caller must choose by SHA-256 fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from cymadesk.models.rut import Rut
from cymadesk.sii.certificates import CertificateInfo, certificate_info
from cymadesk.sii.client.errors import CertificateError

# Warn this many days before the certificate expires.
EXPIRY_WARNING_DAYS = 30


def fingerprint(certificate: x509.Certificate) -> str:
    """The SHA-256 of the certificate's DER bytes, lower-case hexadecimal."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass(frozen=True, slots=True)
class CertificateSummary:
    """What a person checks before using a certificate: holder, RUT, issuer, validity."""

    fingerprint: str
    holder_name: str
    holder_rut: str | None
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime

    @classmethod
    def of(cls, certificate: x509.Certificate) -> CertificateSummary:
        info: CertificateInfo = certificate_info(certificate)
        rut = Rut.try_parse(info.holder_rut, strict=False) if info.holder_rut else None
        return cls(
            fingerprint=fingerprint(certificate),
            holder_name=info.common_name or info.subject,
            holder_rut=rut.canonical if rut is not None else info.holder_rut,
            issuer=info.issuer,
            not_before=info.not_before,
            not_after=info.not_after,
        )

    def expires_soon(self, now: dt.datetime) -> bool:
        return self.not_after - now <= dt.timedelta(days=EXPIRY_WARNING_DAYS)


@dataclass(frozen=True, slots=True)
class Credential:
    """A private key with the certificate that signs for it."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def summary(self) -> CertificateSummary:
        return CertificateSummary.of(self.certificate)

    @property
    def holder_rut(self) -> Rut:
        """The holder's RUT; the SII identifies the person who asks with it."""
        rut = Rut.try_parse(self.summary.holder_rut, strict=False)
        if rut is None:
            raise CertificateError("sii.certificado.sin_rut")
        return rut

    def key_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


class AmbiguousCertificate(CertificateError):  # noqa: N818 (names the condition)
    """Several certificates in the file fit the key; ``candidates`` lists them."""

    def __init__(self, candidates: Sequence[CertificateSummary]) -> None:
        super().__init__("sii.certificado.ambiguo", cantidad=len(candidates))
        self.candidates = tuple(candidates)


def _looks_like_pfx(data: bytes) -> bool:
    """True when ``data`` starts like a DER PFX: a SEQUENCE whose first item is INTEGER 3."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    length_octets = data[1] & 0x7F if data[1] & 0x80 else 0
    start = 2 + length_octets
    return data[start : start + 3] == b"\x02\x01\x03"


def load_credential(data: bytes, password: str, *, chosen: str | None = None) -> Credential:
    """Read a PKCS#12 file and pick its signing certificate.

    ``chosen`` is a SHA-256 fingerprint (or a unique prefix of one) that selects among
    several fitting certificates. Raise CertificateError when the file is not PKCS#12,
    the password is wrong, there is no RSA key, no certificate fits it, or the choice is
    ambiguous (``AmbiguousCertificate``).
    """
    try:
        loaded = pkcs12.load_pkcs12(data, password.encode("utf-8"))
    except ValueError as error:
        if _looks_like_pfx(data):
            raise CertificateError("sii.certificado.clave_incorrecta", str(error)) from error
        raise CertificateError("sii.certificado.ilegible", str(error)) from error
    key = loaded.key
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CertificateError("sii.certificado.sin_clave_privada")
    certificates = [item.certificate for item in (loaded.cert, *loaded.additional_certs) if item]
    public_numbers = key.public_key().public_numbers()
    fitting = [
        certificate
        for certificate in certificates
        if isinstance(certificate.public_key(), rsa.RSAPublicKey)
        and certificate.public_key().public_numbers() == public_numbers  # type: ignore[union-attr]
        and not _is_ca(certificate)
    ]
    if not fitting:
        raise CertificateError("sii.certificado.sin_certificado_de_la_clave")
    if chosen:
        prefix = chosen.lower().replace(":", "")
        fitting = [item for item in fitting if fingerprint(item).startswith(prefix)]
        if not fitting:
            raise CertificateError("sii.certificado.huella_no_encontrada", huella=chosen)
    unique = {fingerprint(item): item for item in fitting}
    if len(unique) > 1:
        raise AmbiguousCertificate([CertificateSummary.of(item) for item in unique.values()])
    return Credential(key, next(iter(unique.values())))


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except x509.ExtensionNotFound:
        return False
    return constraints.value.ca
