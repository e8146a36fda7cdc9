"""Addressing rules: receptor, emisor RUT check digit, self-issued documents."""

from __future__ import annotations

from cymadesk.models.risk import Severity
from tests.risk.builders import COMPANY_RUT, dte, evaluation, findings, subject


def test_addressed_to_company_has_none() -> None:
    found = findings(evaluation(subject(dte(1))))
    assert not {"RECEPTOR_OTRA_EMPRESA", "EMISOR_RUT_INVALIDO", "EMISOR_ES_LA_EMPRESA"} & set(found)


def test_other_receptor_is_medium() -> None:
    found = findings(evaluation(subject(dte(1, receptor="76555835-2"))))

    finding = found["RECEPTOR_OTRA_EMPRESA"]
    assert finding.severity is Severity.MEDIA
    assert finding.explanation.params == {"receptor": "76.555.835-2", "empresa": "96.790.240-3"}


def test_emisor_rut_with_wrong_check_digit() -> None:
    found = findings(evaluation(subject(dte(1, emisor="76354771-1"))))

    finding = found["EMISOR_RUT_INVALIDO"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {"rut": "76354771-1", "esperado": "K"}


def test_emisor_is_the_company() -> None:
    found = findings(evaluation(subject(dte(1, emisor=COMPANY_RUT))))
    assert found["EMISOR_ES_LA_EMPRESA"].severity is Severity.ALTA


def test_internal_transfer_guide_to_itself() -> None:
    data = dte(1, tipo=52, emisor=COMPANY_RUT, ind_traslado="5")
    assert "EMISOR_ES_LA_EMPRESA" not in findings(evaluation(subject(data)))


def test_sale_guide_to_itself() -> None:
    data = dte(1, tipo=52, emisor=COMPANY_RUT, ind_traslado="1")
    assert "EMISOR_ES_LA_EMPRESA" in findings(evaluation(subject(data)))
