"""Envelopes: DTEs pasted byte for byte, SetDTE signed in the envelope's context."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from cymadesk.models.verdict import Ambiente, VerdictKey, VerdictState
from cymadesk.sii.envelope import FileClass
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.envelope import build_envio, build_envio_boleta
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import EMISOR, RECEPTOR, SIGNED_AT, sample_spec

RESOLUTION_DATE = dt.date(2014, 8, 22)


def _signed(tipo: int, caf_for: CafFactory, signer: Signer, **changes: object) -> bytes:
    spec = sample_spec(tipo, **changes)
    return sign_document(spec, caf_for(tipo), signer, signed_at=SIGNED_AT)


def _envio(documents: list[bytes], signer: Signer) -> bytes:
    return build_envio(
        documents,
        rut_emisor=EMISOR.rut,
        rut_envia=signer.rut,
        rut_receptor=RECEPTOR.rut,
        signer=signer,
        signed_at=SIGNED_AT,
        fecha_resolucion=RESOLUTION_DATE,
        numero_resolucion=80,
    )


@pytest.fixture(scope="module")
def documents(caf_for: CafFactory, signer: Signer) -> list[bytes]:
    return [
        _signed(33, caf_for, signer),
        _signed(33, caf_for, signer, folio=151),
        _signed(61, caf_for, signer),
        _signed(52, caf_for, signer),
    ]


def test_envio_verifies(documents: list[bytes], signer: Signer, policy: TrustPolicy) -> None:
    report = verify_file(_envio(documents, signer), policy=policy)

    assert report.file_class is FileClass.ENVIO_DTE
    assert report.envelope_signature is not None
    assert report.envelope_signature.message.code == "firma.ok"
    assert len(report.documents) == 4
    for document in report.documents:
        verdicts = document.verdicts
        assert verdicts[VerdictKey.ESQUEMA].message.code == "esquema.ok"
        assert verdicts[VerdictKey.FIRMA].message.code == "firma.ok_independiente"
        assert verdicts[VerdictKey.FIRMA_ENVIO].message.code == "firma.ok"
        assert verdicts[VerdictKey.CERTIFICADO].state is VerdictState.OK
        assert verdicts[VerdictKey.TED].message.code == "ted.ok"
        assert verdicts[VerdictKey.CAF].message.code == "caf.ok_sandbox"
        assert verdicts[VerdictKey.ARITMETICA].state is VerdictState.OK
        assert document.ambiente is Ambiente.SANDBOX


def test_dtes_are_pasted_verbatim(documents: list[bytes], signer: Signer) -> None:
    envio = _envio(documents, signer)

    for data in documents:
        body = data.split(b"?>\n", 1)[1]
        assert body in envio


def test_caratula_counts_per_type(
    documents: list[bytes], signer: Signer, policy: TrustPolicy
) -> None:
    report = verify_file(_envio(documents, signer), policy=policy)
    caratula = report.caratula

    assert caratula is not None
    assert caratula.declared_counts == (("33", "2"), ("52", "1"), ("61", "1"))
    assert caratula.rut_envia == "12345678-5"
    assert caratula.rut_receptor == "77123456-9"
    assert caratula.fecha_resolucion == "2014-08-22"
    assert caratula.numero_resolucion == "80"
    assert caratula.signed_at_text == "2025-03-10T11:32:05"


def test_envelope_root_declarations(documents: list[bytes], signer: Signer) -> None:
    envio = _envio(documents, signer)
    root = etree.fromstring(envio)

    assert envio.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<EnvioDTE ')
    assert root.nsmap == {
        None: "http://www.sii.cl/SiiDte",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == (
        "http://www.sii.cl/SiiDte EnvioDTE_v10.xsd"
    )
    assert root.get("version") == "1.0"
    assert etree.QName(root[-1]).localname == "Signature"
    assert root[0].get("ID") == "SetDoc"


def test_portal_style_dte_in_envelope(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    spec = sample_spec(33)
    bare = sign_document(spec, caf_for(33), signer, signed_at=SIGNED_AT, namespace=False)
    report = verify_file(_envio([bare], signer), policy=policy)

    document = report.documents[0]
    assert document.verdicts[VerdictKey.FIRMA].message.code == "firma.ok_sin_namespace"
    assert report.envelope_signature is not None
    assert report.envelope_signature.ok


def test_envio_boleta_verifies(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    boletas = [
        _signed(39, caf_for, signer),
        _signed(39, caf_for, signer, folio=171),
        _signed(41, caf_for, signer),
    ]
    envio = build_envio_boleta(
        boletas,
        rut_emisor=EMISOR.rut,
        rut_envia=signer.rut,
        signer=signer,
        signed_at=SIGNED_AT,
        fecha_resolucion=RESOLUTION_DATE,
        numero_resolucion=80,
    )
    report = verify_file(envio, policy=policy)

    assert report.file_class is FileClass.ENVIO_BOLETA
    assert report.envelope_signature is not None
    assert report.envelope_signature.message.code == "firma.ok"
    assert report.caratula is not None
    assert report.caratula.rut_receptor == "60803000-K"
    for document in report.documents:
        assert document.verdicts[VerdictKey.ESQUEMA].message.code == "esquema.ok"
        assert document.verdicts[VerdictKey.FIRMA].message.code == "firma.ok_independiente"
        assert document.verdicts[VerdictKey.TED].message.code == "ted.ok"
        assert document.verdicts[VerdictKey.ARITMETICA].state is VerdictState.OK


def test_envelope_rejects_mixed_kinds(
    documents: list[bytes], caf_for: CafFactory, signer: Signer
) -> None:
    boleta = _signed(39, caf_for, signer)

    with pytest.raises(ValueError, match="cannot carry types"):
        _envio([*documents, boleta], signer)
    with pytest.raises(ValueError, match="cannot carry types"):
        build_envio_boleta(
            documents,
            rut_emisor=EMISOR.rut,
            rut_envia=signer.rut,
            signer=signer,
            signed_at=SIGNED_AT,
            fecha_resolucion=RESOLUTION_DATE,
            numero_resolucion=80,
        )


def test_envelope_needs_documents(signer: Signer) -> None:
    with pytest.raises(ValueError, match="at least one DTE"):
        _envio([], signer)


def test_edited_envelope_fails_envelope_signature(
    documents: list[bytes], signer: Signer, policy: TrustPolicy
) -> None:
    envio = _envio(documents, signer).replace(
        b"<NroResol>80</NroResol>", b"<NroResol>81</NroResol>"
    )
    report = verify_file(envio, policy=policy)

    assert report.envelope_signature is not None
    assert report.envelope_signature.message.code == "firma.digest_no_coincide"
    assert all(doc.verdicts[VerdictKey.FIRMA].ok for doc in report.documents)
