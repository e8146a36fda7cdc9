"""Each tampered variant fails the verdict it attacks, with the right message code.

Every case also lists the verdicts that must stay as they were, so a tamper function
that breaks more than its attack would show here.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.sii.factory import tamper
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.trust import CERTIFICATION_IDK, TrustPolicy
from cymadesk.sii.verify import DocumentReport, verify_file
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import OTHER_ISSUER, SIGNED_AT, sample_spec

NEW_BANK_TERMS = "Transferencia a BancoEstado, cta. vista 987654321, RUT 11.111.111-1"
E = VerdictKey.ESQUEMA
F = VerdictKey.FIRMA
C = VerdictKey.CERTIFICADO
T = VerdictKey.TED
A = VerdictKey.CAF
M = VerdictKey.ARITMETICA
HONEST = {
    E: "esquema.ok",
    F: "firma.ok",
    C: "certificado.ok",
    T: "ted.ok",
    A: "caf.ok_sandbox",
    M: "aritmetica.ok",
}


@pytest.fixture(scope="module")
def signed(caf_for: CafFactory, signer: Signer) -> bytes:
    return sign_document(sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT)


@pytest.fixture(scope="module")
def signed_without_namespace(caf_for: CafFactory, signer: Signer) -> bytes:
    spec = sample_spec(33)
    return sign_document(spec, caf_for(33), signer, signed_at=SIGNED_AT, namespace=False)


@pytest.fixture(scope="module")
def attacker_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _report(data: bytes, policy: TrustPolicy) -> DocumentReport:
    reports = verify_file(data, policy=policy).documents
    assert len(reports) == 1
    return reports[0]


def _codes(document: DocumentReport) -> dict[VerdictKey, str]:
    return {key: document.verdicts[key].message.code for key in HONEST}


def _change_bank(data: bytes) -> bytes:
    return tamper.replace_text(data, "TermPagoGlosa", NEW_BANK_TERMS)


def test_honest_baseline(signed: bytes, policy: TrustPolicy) -> None:
    assert _codes(_report(signed, policy)) == HONEST


BYTE_CASES: dict[str, tuple[Callable[[bytes], bytes], dict[VerdictKey, str]]] = {
    "change_total": (
        tamper.change_total,
        {F: "firma.digest_no_coincide", T: "ted.campo_distinto", M: "aritmetica.no_cuadra"},
    ),
    "change_folio": (
        tamper.change_folio,
        {F: "firma.digest_no_coincide", T: "ted.firma_invalida"},
    ),
    "replace_certificate": (
        tamper.replace_certificate,
        {F: "firma.firmante_desconocido", C: "certificado.ilegible"},
    ),
    "remove_signature": (
        tamper.remove_signature,
        # The schema requires ds:Signature, so the schema check fails too.
        {E: "esquema.invalido", F: "firma.ausente", C: "certificado.sin_firma"},
    ),
    "strip_namespace": (
        tamper.strip_namespace,
        {E: "esquema.ok_ajustado", F: "firma.digest_no_coincide"},
    ),
}


@pytest.mark.parametrize("name", sorted(BYTE_CASES))
def test_byte_tamper_verdicts(name: str, signed: bytes, policy: TrustPolicy) -> None:
    function, changed = BYTE_CASES[name]

    codes = _codes(_report(function(signed), policy))

    assert codes == {**HONEST, **changed}


def test_change_total_message_names_mnt(signed: bytes, policy: TrustPolicy) -> None:
    document = _report(tamper.change_total(signed, 300000), policy)

    message = document.verdicts[T].message
    # Shown as amounts; the evidence keeps the stamp's own text.
    assert message.params == {"campo": "MNT", "ted": "$282.295", "documento": "$300.000"}
    assert document.verdicts[T].evidence["diferencias"] == [
        {"campo": "MNT", "ted": "282295", "documento": "300000"}
    ]
    assert document.document is not None
    assert str(document.document.totals.mnt_total) == "300000"


def test_add_namespace_breaks_digest(signed_without_namespace: bytes, policy: TrustPolicy) -> None:
    codes = _codes(_report(tamper.add_namespace(signed_without_namespace), policy))

    assert codes == {**HONEST, F: "firma.digest_no_coincide"}


def test_resign_with_mismatched_key(
    signed: bytes, policy: TrustPolicy, attacker_key: rsa.RSAPrivateKey
) -> None:
    data = tamper.resign_with_mismatched_key(signed, attacker_key, edit=_change_bank)
    document = _report(data, policy)

    assert _codes(document) == {
        **HONEST,
        F: "firma.clave_distinta_certificado",
        C: "certificado.clave_distinta",
    }
    # The forgery is internally consistent: it verifies with its own KeyValue.
    assert document.verdicts[F].evidence["firma_con_keyvalue"] is True
    assert document.document is not None
    assert document.document.id_doc.terminos_pago_glosa == NEW_BANK_TERMS


def test_wrapping_fails_on_duplicate_id(
    signed: bytes, policy: TrustPolicy, caplog: pytest.LogCaptureFixture
) -> None:
    data = tamper.wrap_with_duplicate_id(signed, edit=_change_bank)
    with caplog.at_level(logging.WARNING, logger="cymadesk.sii.verify"):
        document = _report(data, policy)

    verdicts = document.verdicts
    assert verdicts[F].message.code == "firma.id_duplicado"
    assert verdicts[F].message.params == {"id": "F150T33"}
    assert verdicts[E].message.code == "esquema.ok_ajustado"
    assert verdicts[T].message.code == "ted.ok"
    assert verdicts[M].message.code == "aritmetica.ok"
    assert document.document is not None
    assert document.document.id_doc.terminos_pago_glosa == NEW_BANK_TERMS
    assert "duplicate ID attributes: F150T33" in caplog.text


def test_wrapping_keeps_certificate_verdict(signed: bytes, policy: TrustPolicy) -> None:
    document = _report(tamper.wrap_with_duplicate_id(signed, edit=_change_bank), policy)

    assert document.verdicts[C].message.code == "certificado.ok"


def test_foreign_issuer_caf(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    data = tamper.sign_with_foreign_caf(
        sample_spec(33), caf_for(33, OTHER_ISSUER), signer, signed_at=SIGNED_AT
    )
    document = _report(data, policy)

    assert _codes(document) == {**HONEST, T: "ted.caf_otro_emisor"}
    assert document.verdicts[T].message.params == {
        "rut_caf": "76354771-K",
        "rut": "76086428-5",
    }


def test_foreign_type_caf(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    data = tamper.sign_with_foreign_caf(sample_spec(33), caf_for(34), signer, signed_at=SIGNED_AT)

    assert _codes(_report(data, policy)) == {**HONEST, T: "ted.caf_otro_tipo"}


def test_folio_outside_caf(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    data = tamper.sign_with_folio_outside_caf(
        sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT
    )
    document = _report(data, policy)

    assert _codes(document) == {**HONEST, T: "ted.folio_fuera_de_rango"}
    assert document.verdicts[T].message.params == {"folio": "301", "desde": 101, "hasta": 300}


def test_certification_caf_forged(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    caf = caf_for(33, idk=CERTIFICATION_IDK)
    data = sign_document(sample_spec(33), caf, signer, signed_at=SIGNED_AT)
    document = _report(data, policy)

    assert _codes(document) == {**HONEST, A: "caf.firma_invalida"}
    assert document.ambiente is not None
    assert document.ambiente.value == "certificacion"


def test_future_issue_date_is_signed_honestly(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    data = tamper.sign_with_future_date(
        sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT, days_ahead=45
    )
    document = _report(data, policy)

    # The verification core checks no dates against today; the risk engine does.
    assert _codes(document) == HONEST
    assert document.document is not None
    assert document.document.fecha_emision == dt.date(2025, 4, 24)
    assert document.document.signed_at == SIGNED_AT


def test_other_receptor_is_signed_honestly(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    other = dataclasses.replace(OTHER_ISSUER, giro="Comercio al por menor")
    data = tamper.sign_for_other_receptor(
        sample_spec(33), caf_for(33), signer, receptor=other, signed_at=SIGNED_AT
    )
    document = _report(data, policy)

    assert _codes(document) == HONEST
    assert document.document is not None
    assert document.document.receptor.rut_text == "76354771-K"


def test_untrusted_sandbox_caf(signed: bytes) -> None:
    document = _report(signed, TrustPolicy.sii())

    assert document.verdicts[A].state is VerdictState.FALLA
    assert document.verdicts[A].message.code == "caf.sandbox_no_confiable"


@pytest.mark.parametrize(
    "function",
    [
        tamper.change_total,
        tamper.replace_certificate,
        tamper.strip_namespace,
        _change_bank,
    ],
)
def test_byte_edits_keep_other_bytes(function: Callable[[bytes], bytes], signed: bytes) -> None:
    edited = function(signed)
    prefix = 0
    while edited[prefix] == signed[prefix]:
        prefix += 1
    suffix = 0
    while edited[-1 - suffix] == signed[-1 - suffix]:
        suffix += 1

    changed_original = signed[prefix : len(signed) - suffix]
    changed_edited = edited[prefix : len(edited) - suffix]
    assert edited != signed
    assert b"<" not in changed_original
    assert b"<" not in changed_edited


def test_change_folio_edits_body_and_ted(signed: bytes) -> None:
    edited = tamper.change_folio(signed, 151)

    assert tamper.element_text(edited, "Folio") == "151"
    assert tamper.element_text(edited, "F") == "151"
    assert edited.replace(b"151", b"150") == signed.replace(b"151", b"150")


def test_remove_signature_removes_only_it(signed: bytes) -> None:
    edited = tamper.remove_signature(signed)
    start = signed.index(b"<Signature ")
    end = signed.index(b"</Signature>") + len(b"</Signature>")

    assert edited == signed[:start] + signed[end:]


def test_wrapping_refuses_no_op_edit(signed: bytes) -> None:
    with pytest.raises(ValueError, match="unchanged"):
        tamper.wrap_with_duplicate_id(signed, edit=lambda data: data)


def test_strip_namespace_refuses_bare(signed_without_namespace: bytes) -> None:
    with pytest.raises(ValueError, match="does not declare"):
        tamper.strip_namespace(signed_without_namespace)


def test_foreign_signature_value_fails_certificate(signed: bytes, policy: TrustPolicy) -> None:
    start = signed.index(b"<SignatureValue>") + len(b"<SignatureValue>")
    end = signed.index(b"</SignatureValue>")
    value = bytearray(base64.b64decode(b"".join(signed[start:end].split())))
    value[10] ^= 0xFF
    forged = signed[:start] + base64.b64encode(bytes(value)) + signed[end:]
    codes = _codes(_report(forged, policy))
    assert codes[F] == "firma.valor_invalido"
    assert codes[C] == "certificado.no_es_del_firmante"
