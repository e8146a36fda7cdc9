"""Signature checks against real documents, altered in memory only (never re-saved)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.sii.verify import verify_file
from tests.conftest import CORPUS, corpus_available

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not corpus_available(), reason="../shared/corpus is not beside this checkout"
    ),
]

VALID_BARE = "dte/clsii_T33_F170_76354771-K_cleaned.xml"
VALID_ENVELOPE = "envio/mediabox_BASICO_8dtes_T33-61-56_cert.xml"


def _bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def _text_positions(data: bytes, start_tag: bytes, end_tag: bytes) -> list[int]:
    """Offsets of non-space characters of element text between two tags."""
    start = data.index(start_tag)
    end = data.index(end_tag, start)
    positions = []
    for match in re.finditer(rb">([^<]+)<", data[start:end]):
        for offset in range(match.start(1), match.end(1)):
            if data[start + offset : start + offset + 1].isalnum():
                positions.append(start + offset)
    return positions


def _flip(data: bytes, position: int) -> bytes:
    old = data[position : position + 1]
    new = b"7" if old != b"7" else b"8"
    if old.isalpha():
        new = b"Q" if old != b"Q" else b"R"
    return data[:position] + new + data[position + 1 :]


BARE = _bytes(VALID_BARE) if corpus_available() else b""
BARE_POSITIONS = _text_positions(BARE, b"<Documento", b"</Documento>") if BARE else [0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BARE_POSITIONS))
def test_any_changed_character_in_signed_body_fails(position: int) -> None:
    report = verify_file(_flip(BARE, position))

    firma = report.documents[0].verdicts[VerdictKey.FIRMA]
    assert firma.state is VerdictState.FALLA


def test_unchanged_bare_document_is_valid() -> None:
    report = verify_file(BARE)
    assert report.documents[0].verdicts[VerdictKey.FIRMA].state is VerdictState.OK


def test_changed_character_inside_envelope_document_fails_only_that_document() -> None:
    data = _bytes(VALID_ENVELOPE)
    start = data.index(b'<Documento ID="F18T33"')
    position = data.index(b"<MntTotal>", start) + len(b"<MntTotal>")

    report = verify_file(_flip(data, position))

    states = [doc.verdicts[VerdictKey.FIRMA].state for doc in report.documents]
    assert states[1] is VerdictState.FALLA
    assert states.count(VerdictState.OK) == len(states) - 1
    assert report.envelope_signature is not None
    assert report.envelope_signature.state is VerdictState.FALLA


def test_duplicate_id_is_signature_wrapping() -> None:
    data = _bytes(VALID_BARE)
    forged = data.replace(
        b"</DTE>",
        b'<Documento ID="MiPE76354771-13419"><Encabezado/></Documento></DTE>',
    )
    report = verify_file(forged)

    firma = report.documents[0].verdicts[VerdictKey.FIRMA]
    assert firma.state is VerdictState.FALLA
    assert firma.message.code == "firma.id_duplicado"


def test_hmac_signature_method_rejected() -> None:
    data = _bytes(VALID_BARE).replace(b"xmldsig#rsa-sha1", b"xmldsig#hmac-sha1")
    firma = verify_file(data).documents[0].verdicts[VerdictKey.FIRMA]

    assert firma.message.code == "firma.algoritmo_no_admitido"


def test_xslt_transform_rejected() -> None:
    data = _bytes(VALID_BARE).replace(
        b'<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>',
        b'<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>',
    )
    firma = verify_file(data).documents[0].verdicts[VerdictKey.FIRMA]

    assert firma.message.code == "firma.transformacion_no_admitida"


def test_expired_certificate_judged_at_signing_time() -> None:
    report = verify_file(_bytes(VALID_BARE))
    certificado = report.documents[0].verdicts[VerdictKey.CERTIFICADO]

    assert certificado.state is VerdictState.OK
    assert certificado.evidence["valido_hasta"] < "2026"
    assert certificado.evidence["rut_titular"] == "13185095-6"


def test_signature_evidence_names_the_matching_form() -> None:
    report = verify_file(_bytes(VALID_ENVELOPE))

    forms = {doc.verdicts[VerdictKey.FIRMA].evidence["forma"] for doc in report.documents}
    assert forms == {"independiente"}
    assert report.envelope_signature is not None
    assert report.envelope_signature.evidence["forma"] == "en_contexto"


def test_namespace_less_signature_inside_envelope() -> None:
    report = verify_file(_bytes("envio/simplefactura_sobre_T33_cert.xml"))
    firma = report.documents[0].verdicts[VerdictKey.FIRMA]

    assert firma.state is VerdictState.OK
    assert firma.message.code == "firma.ok_sin_namespace"


def test_corpus_file_is_read_not_written(tmp_path: Path) -> None:
    before = (CORPUS / VALID_BARE).stat().st_mtime_ns
    verify_file(_bytes(VALID_BARE))
    assert (CORPUS / VALID_BARE).stat().st_mtime_ns == before
