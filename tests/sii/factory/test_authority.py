"""Sandbox authority: signer certificates shaped like Chilean ones, PKCS#12, save and load."""

from __future__ import annotations

import base64
import datetime as dt
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cymadesk.models.rut import InvalidRut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.certificates import holder_rut, read_certificate
from cymadesk.sii.factory.authority import (
    CA_COMMON_NAME,
    CA_PRIVATE_KEY_FILE,
    CAF_PRIVATE_KEY_FILE,
    SandboxAuthority,
    Signer,
)
from cymadesk.sii.sandbox_trust import SANDBOX_CAF_PUBLIC_KEY, sandbox_policy_or_none
from cymadesk.sii.trust import SANDBOX_IDK, TrustPolicy


def test_holder_rut_round_trips(signer: Signer) -> None:
    assert holder_rut(signer.certificate) == "12345678-5"
    assert signer.rut == "12345678-5"


def test_verifier_reads_signer_certificate(signer: Signer) -> None:
    der = signer.certificate.public_bytes(serialization.Encoding.DER)
    info = read_certificate(base64.b64encode(der).decode("ascii"))

    assert info is not None
    assert info.common_name == "María José Núñez O'Ryan"
    assert info.holder_rut == "12345678-5"
    assert info.issuer == CA_COMMON_NAME
    assert info.key_bits == 2048


def test_signer_certificate_is_issued_by_ca(authority: SandboxAuthority, signer: Signer) -> None:
    certificate = signer.certificate
    ca_key = authority.ca_certificate.public_key()
    assert isinstance(ca_key, rsa.RSAPublicKey)
    assert certificate.signature_hash_algorithm is not None

    ca_key.verify(
        certificate.signature,
        certificate.tbs_certificate_bytes,
        padding.PKCS1v15(),
        certificate.signature_hash_algorithm,
    )
    assert certificate.issuer == authority.ca_certificate.subject
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.value.ca is False


def test_ca_is_self_signed_root(authority: SandboxAuthority) -> None:
    certificate = authority.ca_certificate
    common_names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)

    assert common_names[0].value == "CymaDesk Sandbox CA"
    assert certificate.issuer == certificate.subject
    assert certificate.public_key().key_size == 2048  # type: ignore[union-attr]
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert authority.idk == SANDBOX_IDK


def test_signer_validity_is_as_requested(signer: Signer) -> None:
    assert signer.certificate.not_valid_before_utc == dt.datetime(2024, 1, 1, 3, tzinfo=dt.UTC)
    assert signer.certificate.not_valid_after_utc == dt.datetime(2027, 12, 31, 3, tzinfo=dt.UTC)


def test_issue_signer_rejects_bad_rut(authority: SandboxAuthority) -> None:
    with pytest.raises(InvalidRut):
        authority.issue_signer(
            "12345678-9",
            "Pedro Soto",
            not_before=dt.datetime(2024, 1, 1, tzinfo=SANTIAGO),
            not_after=dt.datetime(2025, 1, 1, tzinfo=SANTIAGO),
        )


@pytest.mark.parametrize("legacy", [False, True])
def test_pkcs12_loads_back_with_password(signer: Signer, legacy: bool) -> None:
    data = signer.to_pkcs12("clave-secreta", legacy=legacy)

    loaded = Signer.from_pkcs12(data, "clave-secreta")

    assert loaded.certificate == signer.certificate
    assert loaded.private_key.private_numbers() == signer.private_key.private_numbers()
    assert loaded.rut == "12345678-5"
    assert [certificate.subject for certificate in loaded.chain] == [
        certificate.subject for certificate in signer.chain
    ]


def test_pkcs12_rejects_wrong_password(signer: Signer) -> None:
    data = signer.to_pkcs12("clave-secreta")

    with pytest.raises(ValueError, match="Invalid password"):
        Signer.from_pkcs12(data, "otra-clave")


def test_save_and_load_round_trip(authority: SandboxAuthority, tmp_path: Path) -> None:
    directory = tmp_path / "sandbox"
    authority.save(directory)

    loaded = SandboxAuthority.load(directory)

    assert loaded.ca_certificate == authority.ca_certificate
    assert loaded.caf_public_key.public_numbers() == authority.caf_public_key.public_numbers()
    assert loaded.ca_key.private_numbers() == authority.ca_key.private_numbers()


def test_private_files_are_owner_only(authority: SandboxAuthority, tmp_path: Path) -> None:
    authority.save(tmp_path)

    for name in (CA_PRIVATE_KEY_FILE, CAF_PRIVATE_KEY_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / SANDBOX_CAF_PUBLIC_KEY).stat().st_mode) == 0o644


def test_saved_key_found_by_sandbox_trust(authority: SandboxAuthority, tmp_path: Path) -> None:
    authority.save(tmp_path)

    policy = sandbox_policy_or_none(tmp_path, TrustPolicy.sii())

    assert policy is not None
    assert (
        policy.caf_keys[SANDBOX_IDK].public_numbers() == authority.caf_public_key.public_numbers()
    )


def test_trust_policy_adds_sandbox_key(authority: SandboxAuthority) -> None:
    policy = authority.trust_policy()

    assert sorted(policy.caf_keys) == [100, 300, SANDBOX_IDK]
