"""Signer certificates: reading X.509 from XMLDSig and the holder data they contain."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from cryptography.x509.oid import NameOID

# Chilean certificates carry the holder's RUT in subjectAltName otherName with this OID, and
# the issuing CA's RUT under the next one (Decreto 181/2002).
HOLDER_RUT_OID = x509.ObjectIdentifier("1.3.6.1.4.1.8321.1")


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    """Data of a signer certificate; signatures are checked with its public key."""

    subject: str
    common_name: str | None
    holder_rut: str | None
    issuer: str
    serial_number: int
    not_before: dt.datetime
    not_after: dt.datetime
    public_key: rsa.RSAPublicKey | dsa.DSAPublicKey
    key_bits: int

    def valid_at(self, moment: dt.datetime) -> bool:
        return self.not_before <= moment <= self.not_after

    def to_evidence(self) -> dict[str, object]:
        """Return a new dict of the holder, issuer, serial number, validity and key size."""
        entry = _EVIDENCE.get(id(self))
        if entry is not None and entry[0] is self:
            return dict(entry[1])
        evidence: dict[str, object] = {
            "titular": self.common_name or self.subject,
            "rut_titular": self.holder_rut,
            "emisor_certificado": self.issuer,
            "serie": format(self.serial_number, "x"),
            "valido_desde": self.not_before.isoformat(),
            "valido_hasta": self.not_after.isoformat(),
            "bits": self.key_bits,
        }
        if len(_EVIDENCE) >= _EVIDENCE_MAX:
            _EVIDENCE.clear()
        _EVIDENCE[id(self)] = (self, evidence)
        return dict(evidence)


# Evidence by id() of a certificate that the entry keeps alive, so the id cannot be reused
# by another object while the entry exists. read_certificate returns the same object for
# every document of a signer, and formatting the evidence costs about 2 us a document.
_EVIDENCE: dict[int, tuple[CertificateInfo, dict[str, object]]] = {}
_EVIDENCE_MAX = 512


@lru_cache(maxsize=512)
def read_certificate(base64_text: str) -> CertificateInfo | None:
    """Parse a base64 DER certificate; None when it is not a readable certificate.

    Issuers sign many documents with one certificate, so parsed certificates are cached.
    """
    try:
        der = base64.b64decode("".join(base64_text.split()), validate=True)
        certificate = x509.load_der_x509_certificate(der)
        key = certificate.public_key()
    except (binascii.Error, ValueError):
        return None
    if not isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey):
        return None
    return certificate_info(certificate)


def certificate_info(certificate: x509.Certificate) -> CertificateInfo:
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey | dsa.DSAPublicKey):
        raise ValueError(f"unsupported certificate key type {type(key).__name__}")
    return CertificateInfo(
        subject=certificate.subject.rfc4514_string(),
        common_name=_common_name(certificate.subject),
        holder_rut=holder_rut(certificate),
        issuer=_common_name(certificate.issuer) or certificate.issuer.rfc4514_string(),
        serial_number=certificate.serial_number,
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        public_key=key,
        key_bits=key.key_size,
    )


def _common_name(name: x509.Name) -> str | None:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not values:
        return None
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", errors="replace")


def holder_rut(certificate: x509.Certificate) -> str | None:
    """Return the holder's RUT from subjectAltName, as written (leading zeros removed)."""
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (x509.ExtensionNotFound, ValueError):
        return None
    for name in extension.value.get_values_for_type(x509.OtherName):
        if name.type_id != HOLDER_RUT_OID:
            continue
        text = _der_string(name.value)
        if text:
            return text.lstrip("0") or text
    return None


def _der_string(der: bytes) -> str | None:
    """Decode the DER string value of an otherName (IA5String, UTF8String, PrintableString)."""
    if len(der) < 2:
        return None
    # otherName values are [0] EXPLICIT; unwrap that context tag when present.
    if der[0] == 0xA0:
        unwrapped = _der_content(der)
        if unwrapped is None or len(unwrapped) < 2:
            return None
        der = unwrapped
    if der[0] not in (0x16, 0x0C, 0x13):
        return None
    content = _der_content(der)
    return content.decode("latin-1").strip() if content is not None else None


def _der_content(der: bytes) -> bytes | None:
    length = der[1]
    offset = 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or len(der) < 2 + count:
            return None
        length = int.from_bytes(der[2 : 2 + count])
        offset = 2 + count
    if len(der) < offset + length:
        return None
    return der[offset : offset + length]
