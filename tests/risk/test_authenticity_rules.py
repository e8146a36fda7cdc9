"""Authenticity rules on documents signed and tampered by the fixture factory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from cymadesk.messages import render
from cymadesk.models.message import Message
from cymadesk.models.risk import Severity
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.sii.factory import tamper
from cymadesk.sii.factory.envelope import build_envio
from cymadesk.sii.trust import CERTIFICATION_IDK, TrustPolicy
from tests.risk.builders import COMPANY, COMPANY_RUT, dte, evaluation, findings, subject
from tests.risk.conftest import OTHER_SUPPLIER, SIGNED_AT, SUPPLIER, Factory

AUTHENTICITY = {
    "FIRMA_AUSENTE",
    "DOCUMENTO_ALTERADO",
    "FIRMA_INVALIDA",
    "FIRMANTE_DESCONOCIDO",
    "CERTIFICADO_NO_VIGENTE",
    "FIRMA_ENVIO_AUSENTE",
    "FIRMA_ENVIO_INVALIDA",
    "TED_AUSENTE",
    "TED_FIRMA_INVALIDA",
    "TED_NO_COINCIDE",
    "TED_FUERA_DE_RANGO",
    "CAF_OTRO_EMISOR",
    "CAF_OTRO_TIPO",
    "CAF_FIRMA_INVALIDA",
    "CAF_IDK_DESCONOCIDO",
    "CAF_CERTIFICACION",
    "CAF_SANDBOX",
    "ESQUEMA_INVALIDO",
}


def _codes(factory: Factory, data: bytes, policy: TrustPolicy | None = None) -> set[str]:
    found = findings(evaluation(subject(data, policy=policy or factory.policy)))
    return set(found) & AUTHENTICITY


def test_genuine_document_has_none(factory: Factory) -> None:
    assert _codes(factory, factory.sign(factory.spec())) == set()


def test_missing_signature(factory: Factory) -> None:
    data = tamper.remove_signature(factory.sign(factory.spec()))

    codes = _codes(factory, data)

    # The schema requires the Signature element too.
    assert codes == {"FIRMA_AUSENTE", "ESQUEMA_INVALIDO"}


def test_total_changed_after_signing(factory: Factory) -> None:
    data = tamper.change_total(factory.sign(factory.spec()))

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert "DOCUMENTO_ALTERADO" in found
    assert found["DOCUMENTO_ALTERADO"].severity is Severity.ALTA
    assert found["TED_NO_COINCIDE"].explanation.params["campo"] == "MNT"


def test_folio_changed_breaks_stamp(factory: Factory) -> None:
    data = tamper.change_folio(factory.sign(factory.spec()))
    assert {"DOCUMENTO_ALTERADO", "TED_FIRMA_INVALIDA"} <= _codes(factory, data)


def test_unreadable_certificate(factory: Factory) -> None:
    data = tamper.replace_certificate(factory.sign(factory.spec()))
    assert "FIRMANTE_DESCONOCIDO" in _codes(factory, data)


def test_key_other_than_certificate(factory: Factory) -> None:
    other = factory.signer(OTHER_SUPPLIER)
    data = tamper.resign_with_mismatched_key(factory.sign(factory.spec()), other.private_key)
    assert "FIRMANTE_DESCONOCIDO" in _codes(factory, data)


def test_invalid_signature_value(factory: Factory) -> None:
    data = factory.sign(factory.spec())
    value = tamper.element_text(data, "SignatureValue")
    broken = tamper.replace_text(data, "SignatureValue", value[::-1])
    assert "FIRMA_INVALIDA" in _codes(factory, broken)


def test_expired_certificate(factory: Factory) -> None:
    data = factory.sign(factory.spec(), signer=factory.signer(expired=True))

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert "CERTIFICADO_NO_VIGENTE" in found
    assert found["CERTIFICADO_NO_VIGENTE"].explanation.params["hasta"] == "01-01-2026"


def test_folio_outside_caf(factory: Factory) -> None:
    caf = factory.caf()
    data = tamper.sign_with_folio_outside_caf(
        factory.spec(), caf, factory.signer(), signed_at=SIGNED_AT
    )

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert "TED_FUERA_DE_RANGO" in found
    assert found["TED_FUERA_DE_RANGO"].explanation.params == {
        "folio": str(caf.folio_to + 1),
        "desde": 1,
        "hasta": caf.folio_to,
    }


def test_caf_of_another_issuer(factory: Factory) -> None:
    data = tamper.sign_with_foreign_caf(
        factory.spec(), factory.caf(OTHER_SUPPLIER), factory.signer(), signed_at=SIGNED_AT
    )

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert "CAF_OTRO_EMISOR" in found
    assert found["CAF_OTRO_EMISOR"].explanation.params["rut_caf"] == "76.086.428-5"


def test_caf_of_another_type(factory: Factory) -> None:
    data = tamper.sign_with_foreign_caf(
        factory.spec(), factory.caf(tipo=34), factory.signer(), signed_at=SIGNED_AT
    )
    assert "CAF_OTRO_TIPO" in _codes(factory, data)


def test_certification_caf_in_real_company(factory: Factory) -> None:
    caf = factory.caf(idk=CERTIFICATION_IDK)
    data = factory.sign(factory.spec(), caf=caf)

    codes = _codes(factory, data)

    # The sandbox signed this "certification" CAF, so the SII's key rejects its FRMA too.
    assert {"CAF_CERTIFICACION", "CAF_FIRMA_INVALIDA"} <= codes


def test_certification_caf_in_certification_company(factory: Factory) -> None:
    data = factory.sign(factory.spec(), caf=factory.caf(idk=CERTIFICATION_IDK))
    company = dataclasses.replace(COMPANY, ambiente=COMPANY.ambiente.CERTIFICACION)

    found = findings(evaluation(subject(data, policy=factory.policy), company=company))

    assert "CAF_CERTIFICACION" not in found


def test_sandbox_caf_where_untrusted(factory: Factory) -> None:
    data = factory.sign(factory.spec())
    assert "CAF_SANDBOX" in _codes(factory, data, TrustPolicy.sii())


def test_unknown_sii_key(factory: Factory) -> None:
    data = factory.sign(factory.spec(), caf=factory.caf(idk=555))

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert found["CAF_IDK_DESCONOCIDO"].explanation.params == {"idk": "555"}


def test_document_without_stamp() -> None:
    assert {"FIRMA_AUSENTE", "TED_AUSENTE"} <= set(findings(evaluation(subject(dte(1)))))


def _envelope(factory: Factory) -> bytes:
    signer = factory.signer()
    return build_envio(
        [factory.sign(factory.spec())],
        rut_emisor=SUPPLIER.rut,
        rut_envia=signer.rut,
        rut_receptor=COMPANY_RUT,
        signer=signer,
        signed_at=SIGNED_AT,
        fecha_resolucion=dt.date(2014, 8, 22),
        numero_resolucion=80,
    )


def test_envelope_signature_valid(factory: Factory) -> None:
    envelope = _envelope(factory)
    assert _codes(factory, envelope) == set()


def test_envelope_changed_after_signing(factory: Factory) -> None:
    envelope = _envelope(factory)
    edited = tamper.replace_text(envelope, "NroResol", "81")

    codes = _codes(factory, edited)

    assert codes == {"FIRMA_ENVIO_INVALIDA"}


def test_envelope_without_signature(factory: Factory) -> None:
    envelope = _envelope(factory)
    signatures = list(re.finditer(rb"<Signature\b.*?</Signature>", envelope, re.DOTALL))
    last = signatures[-1]
    unsigned = envelope[: last.start()] + envelope[last.end() :]
    assert _codes(factory, unsigned) == {"FIRMA_ENVIO_AUSENTE"}


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        (
            Verdict(
                VerdictKey.ESQUEMA,
                VerdictState.FALLA,
                Message("esquema.invalido", {"esquema": "DTE_v10.xsd", "linea": 3, "detalle": "x"}),
            ),
            "ESQUEMA_INVALIDO",
        ),
        (
            Verdict(VerdictKey.ESQUEMA, VerdictState.OK, Message("esquema.ok", {"esquema": "x"})),
            None,
        ),
    ],
)
def test_schema_verdict(factory: Factory, verdict: Verdict, expected: str | None) -> None:
    data = factory.sign(factory.spec())
    facts = subject(data, policy=factory.policy, verdicts={VerdictKey.ESQUEMA: verdict})

    found = findings(evaluation(facts))

    assert ("ESQUEMA_INVALIDO" in found) == (expected is not None)
    if expected:
        assert found[expected].severity is Severity.MEDIA


def test_clock_does_not_matter_for_authenticity(factory: Factory) -> None:
    data = tamper.change_total(factory.sign(factory.spec()))
    facts = subject(data, policy=factory.policy)
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)

    assert (
        set(findings(evaluation(facts))) & AUTHENTICITY
        == set(findings(evaluation(facts, now=later))) & AUTHENTICITY
    )


def test_schema_finding_explained_in_spanish(factory: Factory) -> None:
    data = factory.sign(factory.spec())
    raw = (
        "Element '{http://www.sii.cl/SiiDte}GiroRecep': [facet 'maxLength'] The value has a "
        "length of '43'; this exceeds the allowed maximum length of '40'."
    )
    params = {
        "esquema": "DTE_v10.xsd",
        "linea": 38,
        "detalle": raw,
        "detalle_codigo": "esquema.causa.largo_maximo",
        "campo_codigo": "esquema.campo.elemento",
        "elemento": "GiroRecep",
        "largo": 43,
        "limite": 40,
    }
    verdict = Verdict(VerdictKey.ESQUEMA, VerdictState.FALLA, Message("esquema.invalido", params))
    facts = subject(data, policy=factory.policy, verdicts={VerdictKey.ESQUEMA: verdict})

    finding = findings(evaluation(facts))["ESQUEMA_INVALIDO"]

    assert render(finding.explanation, "es") == (
        "El documento no cumple el esquema oficial del SII (el elemento GiroRecep tiene 43 "
        "caracteres y el máximo permitido es 40); puede ser auténtico, pero está mal construido."
    )
