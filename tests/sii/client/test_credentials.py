"""Reading PKCS#12 files, choosing their signing certificate, and signing the seed."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from lxml import etree

from cymadesk.models.verdict import Ambiente
from cymadesk.sii.client.credentials import (
    AmbiguousCertificate,
    CertificateSummary,
    fingerprint,
    load_credential,
)
from cymadesk.sii.client.endpoints import (
    CERTIFICATION_URLS,
    PRODUCTION_URLS,
    InvalidServiceUrlError,
    Service,
    ServiceMap,
)
from cymadesk.sii.client.errors import CertificateError
from cymadesk.sii.client.seed import sign_seed
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.xmldsig import ENVELOPED, IdIndex, find_signatures, verify_signature
from tests.sandbox_helpers import NOW, PASSWORD


def _signer(authority: SandboxAuthority) -> Signer:
    return authority.issue_signer(
        "12345678-5",
        "Ana Pérez Soto",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=20),
        key_bits=1024,
    )


def test_load_reads_holder_and_validity(authority: SandboxAuthority) -> None:
    signer = _signer(authority)
    credential = load_credential(signer.to_pkcs12(PASSWORD), PASSWORD)
    summary = credential.summary
    assert summary.holder_name == "Ana Pérez Soto"
    assert summary.holder_rut == "12345678-5"
    assert summary.issuer == "CymaDesk Sandbox CA"
    assert summary.not_after == signer.certificate.not_valid_after_utc
    assert summary.expires_soon(NOW)
    assert not summary.expires_soon(NOW - dt.timedelta(days=30))
    assert credential.holder_rut.canonical == "12345678-5"


def test_legacy_pfx_reads_too(authority: SandboxAuthority) -> None:
    data = _signer(authority).to_pkcs12(PASSWORD, legacy=True)
    assert load_credential(data, PASSWORD).summary.holder_rut == "12345678-5"


def test_wrong_password_and_not_pkcs12(authority: SandboxAuthority) -> None:
    data = _signer(authority).to_pkcs12(PASSWORD)
    with pytest.raises(CertificateError) as wrong:
        load_credential(data, "otra clave")
    with pytest.raises(CertificateError) as junk:
        load_credential(b"esto no es un pfx", PASSWORD)
    assert wrong.value.message.code == "sii.certificado.clave_incorrecta"
    assert junk.value.message.code == "sii.certificado.ilegible"


def test_file_without_key(authority: SandboxAuthority) -> None:
    signer = _signer(authority)
    data = pkcs12.serialize_key_and_certificates(
        b"solo", None, None, [signer.certificate], BestAvailableEncryption(PASSWORD.encode())
    )
    with pytest.raises(CertificateError) as caught:
        load_credential(data, PASSWORD)
    assert caught.value.message.code == "sii.certificado.sin_clave_privada"


def test_chain_certificates_are_not_candidates(authority: SandboxAuthority) -> None:
    signer = _signer(authority)
    data = pkcs12.serialize_key_and_certificates(
        b"ana",
        signer.private_key,
        signer.certificate,
        [authority.ca_certificate, _signer(authority).certificate],
        BestAvailableEncryption(PASSWORD.encode()),
    )
    assert load_credential(data, PASSWORD).certificate == signer.certificate


def test_two_certificates_need_a_choice(authority: SandboxAuthority) -> None:
    signer = _signer(authority)
    renewed = authority.issue_signer(
        "12345678-5",
        "Ana Pérez Soto",
        not_before=NOW,
        not_after=NOW + dt.timedelta(days=700),
        key_bits=1024,
    )
    # The same key in a renewed certificate, as a Windows export of both would hold it.
    second = (
        x509.CertificateBuilder()
        .subject_name(renewed.certificate.subject)
        .issuer_name(authority.ca_certificate.subject)
        .public_key(signer.private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW)
        .not_valid_after(NOW + dt.timedelta(days=700))
        .add_extension(
            renewed.certificate.extensions.get_extension_for_class(
                x509.SubjectAlternativeName
            ).value,
            critical=False,
        )
        .sign(authority.ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"ana",
        signer.private_key,
        signer.certificate,
        [second],
        BestAvailableEncryption(PASSWORD.encode()),
    )
    with pytest.raises(AmbiguousCertificate) as caught:
        load_credential(data, PASSWORD)
    assert {item.fingerprint for item in caught.value.candidates} == {
        fingerprint(signer.certificate),
        fingerprint(second),
    }
    chosen = load_credential(data, PASSWORD, chosen=fingerprint(second)[:12])
    assert chosen.certificate == second
    with pytest.raises(CertificateError):
        load_credential(data, PASSWORD, chosen="ffff")


def test_signed_seed_has_the_sii_profile(authority: SandboxAuthority) -> None:
    credential = load_credential(_signer(authority).to_pkcs12(PASSWORD), PASSWORD)
    text = sign_seed("000000000078", credential)
    assert text.startswith('<?xml version="1.0"?>')

    root = etree.fromstring(text.split("?>", 1)[1].strip().encode())
    signature = find_signatures(root)[0]
    namespace = "{http://www.w3.org/2000/09/xmldsig#}"
    assert signature.tag == f"{namespace}Signature"
    assert signature.prefix is None
    reference = signature.find(f"{namespace}SignedInfo/{namespace}Reference")
    assert reference is not None
    assert reference.get("URI") == ""
    transforms = [node.get("Algorithm") for node in reference.iter(f"{namespace}Transform")]
    assert ENVELOPED in transforms
    method = signature.find(f"{namespace}SignedInfo/{namespace}SignatureMethod")
    assert method is not None
    assert method.get("Algorithm") == "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    assert signature.find(f"{namespace}KeyInfo/{namespace}KeyValue") is not None
    assert signature.find(f"{namespace}KeyInfo/{namespace}X509Data") is not None
    assert root.findtext("item/Semilla") == "000000000078"
    result = verify_signature(
        signature, expected_target=root, document_root=root, ids=IdIndex.build(root)
    )
    assert result.valid


def test_summary_of_certificate_without_rut(authority: SandboxAuthority) -> None:
    summary = CertificateSummary.of(authority.ca_certificate)
    assert summary.holder_rut is None


# Endpoints


def test_environments_use_the_sii_hosts() -> None:
    production = ServiceMap.for_ambiente(Ambiente.PRODUCCION)
    certification = ServiceMap.for_ambiente(Ambiente.CERTIFICACION)
    assert production.url(Service.SEED) == "https://palena.sii.cl/DTEWS/CrSeed.jws"
    assert certification.url(Service.SEED) == "https://maullin.sii.cl/DTEWS/CrSeed.jws"
    assert production.url(Service.REGISTRY).startswith("https://ws1.sii.cl/")
    assert certification.url(Service.REGISTRY).startswith("https://ws2.sii.cl/")
    assert production.url(Service.RCV).startswith("https://www4.sii.cl/")
    assert certification.url(Service.RCV).startswith("https://www4c.sii.cl/")
    assert set(PRODUCTION_URLS) == set(CERTIFICATION_URLS) == set(Service)
    with pytest.raises(ValueError, match="sandbox"):
        ServiceMap.for_ambiente(Ambiente.SANDBOX)


def test_url_replaces_every_host_and_keeps_paths() -> None:
    local = ServiceMap.for_ambiente(Ambiente.CERTIFICACION).on_host("http://127.0.0.1:8123/x")
    for service in Service:
        assert local.url(service).startswith("http://127.0.0.1:8123/")
    assert local.url(Service.REGISTRY).endswith(
        "/WSREGISTRORECLAMODTECERT/registroreclamodteservice"
    )
    assert local.url(Service.QUERY_EST_DTE_AV).endswith("/DTEWS/services/QueryEstDteAv")
    for bad in ("127.0.0.1:8123", "ftp://127.0.0.1", "http://"):
        with pytest.raises(InvalidServiceUrlError):
            ServiceMap.for_ambiente(Ambiente.PRODUCCION).on_host(bad)
