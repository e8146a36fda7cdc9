"""Cross-check with an independent XMLDSig implementation: the xmlsec1 command.

xmlsec1 gets only the sandbox CA as trust anchor and may read keys only from X509Data, so
a signature passes only if the embedded certificate chains to the CA and its key verifies.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cymadesk.sii.factory import tamper
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.envelope import build_envio
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import EMISOR, RECEPTOR, SIGNED_AT, sample_spec

XMLSEC1 = shutil.which("xmlsec1")
SII = "http://www.sii.cl/SiiDte"
LAST_SIGNATURE = "/*/*[local-name()='Signature']"
# Inside the signer certificate's validity, so the result does not depend on today's date.
VERIFICATION_TIME = "2025-03-10 12:00:00"

pytestmark = pytest.mark.skipif(
    XMLSEC1 is None, reason="xmlsec1 is not installed (Debian package xmlsec1)"
)


@pytest.fixture(scope="module")
def ca_file(authority: SandboxAuthority, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xmlsec") / "ca.pem"
    path.write_bytes(authority.ca_certificate.public_bytes(serialization.Encoding.PEM))
    return path


def _xmlsec_verify(
    data: bytes, ca_file: Path, id_element: str, *, node_xpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    document = ca_file.parent / "document.xml"
    document.write_bytes(data)
    command = [
        str(XMLSEC1),
        "--verify",
        "--trusted-pem",
        str(ca_file),
        "--enabled-key-data",
        "x509",
        "--verification-time",
        VERIFICATION_TIME,
        "--id-attr:ID",
        id_element,
    ]
    if node_xpath is not None:
        command += ["--node-xpath", node_xpath]
    return subprocess.run([*command, str(document)], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("tipo", "container"),
    [(33, "Documento"), (43, "Liquidacion"), (110, "Exportaciones"), (39, "Documento")],
)
def test_bare_dte_verifies(
    tipo: int, container: str, caf_for: CafFactory, signer: Signer, ca_file: Path
) -> None:
    data = sign_document(sample_spec(tipo), caf_for(tipo), signer, signed_at=SIGNED_AT)

    result = _xmlsec_verify(data, ca_file, f"{SII}:{container}")

    assert result.returncode == 0, result.stderr
    assert "SignedInfo References (ok/all): 1/1" in result.stderr


def test_dte_without_namespace_verifies(caf_for: CafFactory, signer: Signer, ca_file: Path) -> None:
    data = sign_document(
        sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT, namespace=False, indent=False
    )

    result = _xmlsec_verify(data, ca_file, "Documento")

    assert result.returncode == 0, result.stderr


def test_envelope_signature_verifies(caf_for: CafFactory, signer: Signer, ca_file: Path) -> None:
    documents = [
        sign_document(sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT),
        sign_document(sample_spec(61), caf_for(61), signer, signed_at=SIGNED_AT),
    ]
    envio = build_envio(
        documents,
        rut_emisor=EMISOR.rut,
        rut_envia=signer.rut,
        rut_receptor=RECEPTOR.rut,
        signer=signer,
        signed_at=SIGNED_AT,
        fecha_resolucion=SIGNED_AT.date(),
        numero_resolucion=0,
    )

    envelope = _xmlsec_verify(envio, ca_file, f"{SII}:SetDTE", node_xpath=LAST_SIGNATURE)
    # A strict verifier inherits the envelope's xmlns:xsi into the pasted DTE, whose
    # signature was made standalone: it fails there, as with real issuers' envelopes.
    inner = _xmlsec_verify(envio, ca_file, f"{SII}:Documento")

    assert envelope.returncode == 0, envelope.stderr
    assert inner.returncode != 0
    assert "data and digest do not match" in inner.stderr


def test_tampered_total_fails(caf_for: CafFactory, signer: Signer, ca_file: Path) -> None:
    data = sign_document(sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT)

    result = _xmlsec_verify(tamper.change_total(data), ca_file, f"{SII}:Documento")

    assert result.returncode != 0
    assert "data and digest do not match" in result.stderr


def test_mismatched_key_fails_with_certificate(
    caf_for: CafFactory, signer: Signer, ca_file: Path
) -> None:
    data = sign_document(sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT)
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    result = _xmlsec_verify(
        tamper.resign_with_mismatched_key(data, attacker), ca_file, f"{SII}:Documento"
    )

    assert result.returncode != 0
