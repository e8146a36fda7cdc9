"""The sandbox authority: a test CA for signer certificates and a sandbox SII that signs CAFs.

Real DTEs are signed by natural persons whose certificates come from SII-accepted Chilean
CAs, and their folios are authorised by CAFs that the SII signs with the key its IDK names.
``SandboxAuthority`` plays both roles for tests, the demo and the local sandbox. Its CA
issues ``Signer`` certificates shaped like Chilean ones. Its CAF key (IDK ``SANDBOX_IDK``)
is trusted only by ``trust_policy()``, or where ``save`` wrote the public key for
``cymadesk.sii.sandbox_trust``.

Every key is generated at run time. RSA key generation takes tens of milliseconds per key,
so callers that create many documents should reuse one authority and one signer per issuer.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cymadesk.models.rut import Rut
from cymadesk.sii.certificates import HOLDER_RUT_OID, holder_rut
from cymadesk.sii.factory.signing import SigningKey
from cymadesk.sii.sandbox_trust import SANDBOX_CAF_PUBLIC_KEY
from cymadesk.sii.trust import SANDBOX_IDK, TrustPolicy

logger = logging.getLogger(__name__)

CA_COMMON_NAME = "CymaDesk Sandbox CA"
CA_KEY_BITS = 2048
CAF_SIGNING_KEY_BITS = 1024
SIGNER_KEY_BITS = 2048
CA_VALIDITY = dt.timedelta(days=20 * 365)
# The CA certificate starts this long before it is created, so signer certificates may be
# back-dated to cover documents signed in the past.
CA_BACKDATING = dt.timedelta(days=10 * 365)

CA_CERTIFICATE_FILE = "ca-certificado.pem"
CA_PRIVATE_KEY_FILE = "ca-clave-privada.pem"
CAF_PRIVATE_KEY_FILE = "sii-caf-privada.pem"

_PUBLIC_FILE_MODE = 0o644
_PRIVATE_FILE_MODE = 0o600


def _generate_rsa(bits: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _ia5_string(text: str) -> bytes:
    """DER-encode ``text`` as an ASN.1 IA5String (short form length, below 128 bytes)."""
    data = text.encode("ascii")
    if len(data) >= 128:
        raise ValueError(f"IA5String value is too long for this encoder: {text!r}")
    return bytes((0x16, len(data))) + data


@dataclass(frozen=True, slots=True)
class Signer:
    """A natural person's signing key and certificate, as a Chilean CA would issue them."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def rut(self) -> str:
        """The holder's RUT from subjectAltName otherName ``1.3.6.1.4.1.8321.1``."""
        rut = holder_rut(self.certificate)
        if rut is None:
            raise ValueError("signer certificate has no holder RUT in subjectAltName")
        return rut

    @property
    def name(self) -> str:
        attributes = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        value = attributes[0].value
        return value if isinstance(value, str) else value.decode("utf-8")

    @property
    def signing_key(self) -> SigningKey:
        return SigningKey(self.private_key, self.certificate, self.private_key.public_key())

    def to_pkcs12(self, password: bytes | str, *, legacy: bool = False) -> bytes:
        """Export key, certificate and chain as PKCS#12, encrypted with ``password``.

        The default encryption is AES-256 with PBKDF2. ``legacy=True`` uses 3DES with a
        SHA-1 MAC, which older Windows and Java tools still expect from a ``.pfx``.
        """
        secret = password.encode("utf-8") if isinstance(password, str) else password
        encryption: serialization.KeySerializationEncryption
        if legacy:
            encryption = (
                serialization.PrivateFormat.PKCS12.encryption_builder()
                .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
                .hmac_hash(hashes.SHA1())  # noqa: S303 (the legacy PKCS#12 MAC)
                .build(secret)
            )
        else:
            encryption = serialization.BestAvailableEncryption(secret)
        return pkcs12.serialize_key_and_certificates(
            self.name.encode("utf-8"),
            self.private_key,
            self.certificate,
            list(self.chain) or None,
            encryption,
        )

    @classmethod
    def from_pkcs12(cls, data: bytes, password: bytes | str) -> Signer:
        """Load a signer from PKCS#12 bytes; raise ValueError for a wrong password."""
        secret = password.encode("utf-8") if isinstance(password, str) else password
        key, certificate, chain = pkcs12.load_key_and_certificates(data, secret)
        if not isinstance(key, rsa.RSAPrivateKey) or certificate is None:
            raise ValueError("PKCS#12 data does not contain an RSA key with its certificate")
        return cls(key, certificate, tuple(chain))


class SandboxAuthority:
    """A test CA that issues signer certificates and a sandbox SII that signs CAFs."""

    def __init__(
        self,
        ca_key: rsa.RSAPrivateKey,
        ca_certificate: x509.Certificate,
        caf_signing_key: rsa.RSAPrivateKey,
    ) -> None:
        self.ca_key = ca_key
        self.ca_certificate = ca_certificate
        self.caf_signing_key = caf_signing_key
        self.idk = SANDBOX_IDK

    @classmethod
    def create(cls, *, now: dt.datetime | None = None) -> SandboxAuthority:
        """Generate a new CA (self-signed RSA 2048 root) and a new CAF-signing key."""
        moment = now or dt.datetime.now(dt.UTC)
        ca_key = _generate_rsa(CA_KEY_BITS)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CL"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CymaDesk Sandbox"),
                x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME),
            ]
        )
        public_key = ca_key.public_key()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(moment - CA_BACKDATING)
            .not_valid_after(moment - CA_BACKDATING + CA_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        logger.info("Created sandbox authority with CA serial %x", certificate.serial_number)
        return cls(ca_key, certificate, _generate_rsa(CAF_SIGNING_KEY_BITS))

    @property
    def caf_public_key(self) -> rsa.RSAPublicKey:
        return self.caf_signing_key.public_key()

    def trust_policy(self) -> TrustPolicy:
        """Trust the SII's own keys and this authority's CAF key."""
        return TrustPolicy.sii().with_sandbox(self.caf_public_key)

    def issue_signer(
        self,
        rut: str,
        name: str,
        *,
        not_before: dt.datetime,
        not_after: dt.datetime,
        email: str | None = None,
        key_bits: int = SIGNER_KEY_BITS,
    ) -> Signer:
        """Issue a natural person's signing certificate, shaped like a Chilean one.

        The subject's CN is ``name`` and subjectAltName has an otherName with OID
        ``1.3.6.1.4.1.8321.1`` whose value is the RUT as an IA5String. Raise InvalidRut
        for a RUT whose check digit is wrong.
        """
        holder = Rut.parse(rut)
        if not_after <= not_before:
            raise ValueError(f"certificate ends ({not_after}) before it starts ({not_before})")
        key = _generate_rsa(key_bits)
        attributes = [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CL"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
        alternative_names: list[x509.GeneralName] = [
            x509.OtherName(HOLDER_RUT_OID, _ia5_string(holder.canonical))
        ]
        if email is not None:
            attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
            alternative_names.append(x509.RFC822Name(email))
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=True,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
                ),
                critical=False,
            )
            .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
            .sign(self.ca_key, hashes.SHA256())
        )
        return Signer(key, certificate, (self.ca_certificate,))

    def save(self, directory: Path) -> None:
        """Write the keys and the CA certificate as PEM files; private ones get mode 0600.

        The public CAF key goes to ``SANDBOX_CAF_PUBLIC_KEY``, where
        ``cymadesk.sii.sandbox_trust.sandbox_policy_or_none`` looks for it.
        """
        directory.mkdir(parents=True, exist_ok=True)
        _write(
            directory / CA_CERTIFICATE_FILE,
            self.ca_certificate.public_bytes(serialization.Encoding.PEM),
            _PUBLIC_FILE_MODE,
        )
        _write(directory / CA_PRIVATE_KEY_FILE, _private_pem(self.ca_key), _PRIVATE_FILE_MODE)
        _write(
            directory / CAF_PRIVATE_KEY_FILE,
            _private_pem(self.caf_signing_key),
            _PRIVATE_FILE_MODE,
        )
        _write(
            directory / SANDBOX_CAF_PUBLIC_KEY,
            self.caf_public_key.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            _PUBLIC_FILE_MODE,
        )
        logger.info("Saved sandbox authority to %s", directory)

    @classmethod
    def load(cls, directory: Path) -> SandboxAuthority:
        """Read an authority written by ``save``; raise FileNotFoundError if a file is missing."""
        ca_certificate = x509.load_pem_x509_certificate(
            (directory / CA_CERTIFICATE_FILE).read_bytes()
        )
        ca_key = _load_private_rsa(directory / CA_PRIVATE_KEY_FILE)
        caf_key = _load_private_rsa(directory / CAF_PRIVATE_KEY_FILE)
        return cls(ca_key, ca_certificate, caf_key)


def _private_pem(key: rsa.RSAPrivateKey) -> bytes:
    # NOTE: sandbox keys are stored unencrypted; they protect no real document.
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_private_rsa(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} does not contain an RSA private key")
    return key


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` so that the file never exists with wider permissions than ``mode``."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), mode)
        handle.write(data)
