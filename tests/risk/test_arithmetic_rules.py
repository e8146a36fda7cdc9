"""Arithmetic rules: totals that do not add up and rates that are not the legal ones."""

from __future__ import annotations

from cymadesk.models.risk import Severity
from tests.risk.builders import dte, evaluation, findings, subject


def test_totals_add_up() -> None:
    found = findings(evaluation(subject(dte(1))))
    assert not {"TOTALES_NO_CUADRAN", "TASA_IVA_INCORRECTA", "TASA_IMPUESTO_INCORRECTA"} & set(
        found
    )


def test_total_does_not_add_up() -> None:
    finding = findings(evaluation(subject(dte(1, total=1290))))["TOTALES_NO_CUADRAN"]

    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {
        "comprobacion": "total",
        "esperado": "$1.190",
        "encontrado": "$1.290",
    }


def test_stated_iva_rate_not_legal() -> None:
    # IVA at 10 %: the sums add up with the stated rate, so only the rate is wrong.
    found = findings(evaluation(subject(dte(1, tasa_iva="10"))))

    assert found["TASA_IVA_INCORRECTA"].explanation.params == {"tasa": "10 %", "legal": "19 %"}
    assert "TOTALES_NO_CUADRAN" not in found


def test_implied_iva_rate_not_legal() -> None:
    found = findings(evaluation(subject(dte(1, tasa_iva=None, iva=120))))
    assert found["TASA_IVA_INCORRECTA"].explanation.params["tasa"] == "12 %"


def test_implied_iva_rate_rounding() -> None:
    assert "TASA_IVA_INCORRECTA" not in findings(evaluation(subject(dte(1, tasa_iva=None))))


def test_additional_tax_rate_not_legal() -> None:
    data = dte(1, taxes=[("24", "27", 270)])

    finding = findings(evaluation(subject(data)))["TASA_IMPUESTO_INCORRECTA"]

    assert finding.explanation.params == {"codigo": "24", "tasa": "27 %", "legal": "31,5 %"}


def test_additional_tax_rate_legal() -> None:
    data = dte(1, taxes=[("25", "20.5", 205)])
    assert "TASA_IMPUESTO_INCORRECTA" not in findings(evaluation(subject(data)))


def test_old_rates_not_judged() -> None:
    data = dte(1, fecha="2013-05-02", taxes=[("24", "27", 270)])
    assert "TASA_IMPUESTO_INCORRECTA" not in findings(evaluation(subject(data)))
