"""CAFs (Códigos de Autorización de Folios) in the SII's file format, signed by the sandbox.

A CAF file has root ``AUTORIZACION`` with the signed ``CAF`` element, the issuer's private
stamping key (``RSASK``) and its public key (``RSAPUBK``). ``CAF/DA`` states the issuer, the
document type, the folio range, the authorisation date and the stamping public key.
``CAF/FRMA`` is the SII's SHA1withRSA signature over ``DA`` flattened (no namespace, no
whitespace between tags, ISO-8859-1), checked with the SII key that ``IDK`` names.

The SII writes these files with ``<?xml version="1.0"?>`` and no encoding, but in ISO-8859-1
bytes; ``issue_caf`` reproduces that, so a UTF-8 parser must be told the encoding.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from cymadesk.models.rut import Rut
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.signing import (
    b64,
    flatten,
    integer_bytes,
    latin1_bytes,
    sign_rsa_sha1,
)
from cymadesk.sii.trust import SANDBOX_IDK

# Stamping keys are 512-bit RSA with public exponent 3, as in the SII certification CAFs
# that mediabox-cl/l10n_cl_edi_certification publishes.
CAF_KEY_BITS = 512
CAF_KEY_EXPONENT = 3
# DA/RS contains the issuer's name in capitals, cut to this many characters.
CAF_NAME_LENGTH = 40

_SMALL_PRIMES = (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73)
_MILLER_RABIN_ROUNDS = 40
_LATIN1_PARSER = etree.XMLParser(
    encoding="iso-8859-1", resolve_entities=False, no_network=True, load_dtd=False
)


@dataclass(frozen=True, slots=True)
class Caf:
    """One folio authorisation: its fields, the stamping key pair and the file's bytes.

    ``caf_element`` contains the bytes of the ``CAF`` element exactly as in the file, which
    is what a TED embeds. ``autorizacion`` contains the whole file.
    """

    rut_emisor: str
    razon_social: str
    tipo: int
    folio_from: int
    folio_to: int
    authorised_on: dt.date
    idk: int
    private_key: rsa.RSAPrivateKey
    caf_element: bytes
    autorizacion: bytes

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()

    def covers(self, folio: int) -> bool:
        return self.folio_from <= folio <= self.folio_to

    @classmethod
    def from_autorizacion(cls, data: bytes) -> Caf:
        """Read a CAF file as the SII delivers it (ISO-8859-1 bytes, RSA stamping key).

        Raise ValueError when a required element is missing or the key is not RSA.
        """
        root = etree.fromstring(data, _LATIN1_PARSER)
        caf = root.find("CAF")
        private_pem = root.findtext("RSASK")
        if root.tag != "AUTORIZACION" or caf is None or not private_pem:
            raise ValueError("not an SII CAF file: expected AUTORIZACION with CAF and RSASK")
        key = serialization.load_pem_private_key(private_pem.strip().encode("ascii"), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the CAF's RSASK is not an RSA private key")
        fields = {
            name: caf.findtext(f"DA/{name}")
            for name in ("RE", "RS", "TD", "RNG/D", "RNG/H", "FA", "IDK")
        }
        missing = [name for name, value in fields.items() if value is None]
        if missing:
            raise ValueError(f"CAF/DA lacks {', '.join(missing)}")
        start = data.index(b"<CAF")
        end = data.index(b"</CAF>") + len(b"</CAF>")
        return cls(
            rut_emisor=str(fields["RE"]).strip(),
            razon_social=str(fields["RS"]),
            tipo=int(str(fields["TD"])),
            folio_from=int(str(fields["RNG/D"])),
            folio_to=int(str(fields["RNG/H"])),
            authorised_on=dt.date.fromisoformat(str(fields["FA"]).strip()),
            idk=int(str(fields["IDK"])),
            private_key=key,
            caf_element=data[start:end],
            autorizacion=data,
        )


def issue_caf(
    authority: SandboxAuthority,
    *,
    rut_emisor: str,
    razon_social: str,
    tipo: int,
    folio_from: int,
    folio_to: int,
    authorised_on: dt.date,
    idk: int = SANDBOX_IDK,
) -> Caf:
    """Issue a CAF for folios ``folio_from``..``folio_to`` signed with the authority's CAF key.

    ``idk`` is written as given. With 100 (certification) or 300 (production) the CAF claims
    to come from the real SII, but its FRMA fails against the SII's keys: that is how a
    CAF forged with another key looks to a verifier.
    """
    rut = Rut.parse(rut_emisor)
    if not 1 <= folio_from <= folio_to:
        raise ValueError(f"invalid folio range {folio_from}..{folio_to}")
    private_key = generate_caf_key()
    numbers = private_key.public_key().public_numbers()

    caf = etree.Element("CAF", version="1.0")
    caf.text = "\n"
    data = etree.SubElement(caf, "DA")
    data.text = "\n"
    data.tail = "\n"
    for name, value in (
        ("RE", rut.canonical),
        ("RS", razon_social.upper()[:CAF_NAME_LENGTH]),
        ("TD", str(tipo)),
    ):
        _line(data, name, value)
    folio_range = _line(data, "RNG", None)
    etree.SubElement(folio_range, "D").text = str(folio_from)
    etree.SubElement(folio_range, "H").text = str(folio_to)
    _line(data, "FA", authorised_on.isoformat())
    rsa_key = _line(data, "RSAPK", None)
    etree.SubElement(rsa_key, "M").text = b64(integer_bytes(numbers.n))
    etree.SubElement(rsa_key, "E").text = b64(integer_bytes(numbers.e))
    _line(data, "IDK", str(idk))
    signature = etree.SubElement(caf, "FRMA", algoritmo="SHA1withRSA")
    signature.text = b64(sign_rsa_sha1(authority.caf_signing_key, flatten(data)))
    signature.tail = "\n"
    caf_element = latin1_bytes(caf)

    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    autorizacion = b"".join(
        (
            b'<?xml version="1.0"?>\n<AUTORIZACION>\n',
            caf_element,
            b"\n<RSASK>",
            private_pem,
            b"</RSASK>\n\n<RSAPUBK>",
            public_pem,
            b"</RSAPUBK>\n</AUTORIZACION>\n",
        )
    )
    return Caf(
        rut_emisor=rut.canonical,
        razon_social=razon_social.upper()[:CAF_NAME_LENGTH],
        tipo=tipo,
        folio_from=folio_from,
        folio_to=folio_to,
        authorised_on=authorised_on,
        idk=idk,
        private_key=private_key,
        caf_element=caf_element,
        autorizacion=autorizacion,
    )


def _line(parent: etree._Element, name: str, text: str | None) -> etree._Element:
    element = etree.SubElement(parent, name)
    element.text = text
    element.tail = "\n"
    return element


def generate_caf_key() -> rsa.RSAPrivateKey:
    """Generate a 512-bit RSA key with exponent 3, as the SII puts in CAFs.

    ``cryptography`` refuses to generate keys under 1024 bits but loads smaller ones, so
    the primes are found here with Miller-Rabin. Such keys are weak by design and exist
    only so that stamps look like the SII's.
    """
    half = CAF_KEY_BITS // 2
    while True:
        p = _random_prime(half)
        q = _random_prime(half)
        if p == q:
            continue
        modulus = p * q
        if modulus.bit_length() != CAF_KEY_BITS:
            continue
        totient = (p - 1) * (q - 1)
        d = pow(CAF_KEY_EXPONENT, -1, totient)
        public = rsa.RSAPublicNumbers(CAF_KEY_EXPONENT, modulus)
        numbers = rsa.RSAPrivateNumbers(
            p=p,
            q=q,
            d=d,
            dmp1=rsa.rsa_crt_dmp1(d, p),
            dmq1=rsa.rsa_crt_dmq1(d, q),
            iqmp=rsa.rsa_crt_iqmp(p, q),
            public_numbers=public,
        )
        return numbers.private_key()


def _random_prime(bits: int) -> int:
    """Return a random prime of exactly ``bits`` bits whose p - 1 is coprime with 3."""
    while True:
        # The two top bits make the product of two such primes exactly 2 * bits long.
        candidate = secrets.randbits(bits) | (0b11 << (bits - 2)) | 1
        if candidate % CAF_KEY_EXPONENT == 1:
            continue
        if any(candidate % prime == 0 for prime in _SMALL_PRIMES):
            continue
        if _is_probable_prime(candidate):
            return candidate


def _is_probable_prime(number: int) -> bool:
    odd_part = number - 1
    twos = 0
    while odd_part % 2 == 0:
        odd_part //= 2
        twos += 1
    for _ in range(_MILLER_RABIN_ROUNDS):
        base = 2 + secrets.randbelow(number - 3)
        value = pow(base, odd_part, number)
        if value in (1, number - 1):
            continue
        for _ in range(twos - 1):
            value = pow(value, 2, number)
            if value == number - 1:
                break
        else:
            return False
    return True
