"""Date rules: future issue date, late arrival, signature time and CAF dates."""

from __future__ import annotations

import datetime as dt

from cymadesk.models.risk import Severity
from cymadesk.models.timezone import SANTIAGO
from tests.risk.builders import dte, evaluation, findings, subject
from tests.risk.conftest import CAF_AUTHORISED, SIGNED_AT, Factory

ARRIVED = dt.datetime(2026, 11, 3, 12, 0, tzinfo=SANTIAGO)


def test_dated_after_arrival() -> None:
    facts = subject(dte(1, fecha="2026-11-20"), first_seen=ARRIVED)

    found = findings(evaluation(facts))

    finding = found["FECHA_FUTURA"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {"fecha": "20-11-2026", "llegada": "03-11-2026"}


def test_dated_on_arrival_day() -> None:
    facts = subject(dte(1, fecha="2026-11-03"), first_seen=ARRIVED)
    assert "FECHA_FUTURA" not in findings(evaluation(facts))


def test_arrival_day_counted_in_santiago() -> None:
    # 02:00 UTC on 4 November is still 3 November in Santiago.
    arrived = dt.datetime(2026, 11, 4, 2, 0, tzinfo=dt.UTC)
    facts = subject(dte(1, fecha="2026-11-04"), first_seen=arrived)

    assert "FECHA_FUTURA" in findings(evaluation(facts))


def test_arrived_long_after_issue() -> None:
    facts = subject(dte(1, fecha="2026-08-01"), first_seen=ARRIVED)

    finding = findings(evaluation(facts))["FECHA_ANTIGUA"]

    assert finding.severity is Severity.BAJA
    assert finding.explanation.params["dias"] == 94


def test_arrived_soon_after_issue() -> None:
    facts = subject(dte(1, fecha="2026-10-01"), first_seen=ARRIVED)
    assert "FECHA_ANTIGUA" not in findings(evaluation(facts))


def test_signed_before_issue_date() -> None:
    data = dte(1, fecha="2026-11-03", signed="2026-11-01T10:00:00")
    found = findings(evaluation(subject(data, first_seen=ARRIVED)))
    assert found["FIRMA_ANTES_DE_EMISION"].severity is Severity.MEDIA


def test_signed_long_after_issue_date() -> None:
    data = dte(1, fecha="2026-09-01", signed="2026-11-02T10:00:00")

    found = findings(evaluation(subject(data, first_seen=ARRIVED)))

    assert found["FIRMA_TARDIA"].explanation.params["dias"] == 62
    assert "FIRMA_ANTES_DE_EMISION" not in found


def test_signed_on_issue_date() -> None:
    data = dte(1, fecha="2026-11-02", signed="2026-11-02T23:10:00")
    found = findings(evaluation(subject(data, first_seen=ARRIVED)))
    assert not {"FIRMA_TARDIA", "FIRMA_ANTES_DE_EMISION"} & set(found)


def test_caf_authorised_after_issue(factory: Factory) -> None:
    spec = factory.spec(fecha_emision=CAF_AUTHORISED - dt.timedelta(days=3))
    data = factory.sign(spec, signed_at=SIGNED_AT, allow_mismatched_caf=True)

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert found["CAF_POSTERIOR_A_EMISION"].severity is Severity.ALTA


def test_caf_expired_at_issue(factory: Factory) -> None:
    issued = CAF_AUTHORISED + dt.timedelta(days=200)
    signed = dt.datetime.combine(issued, dt.time(10), SANTIAGO)
    data = factory.sign(factory.spec(fecha_emision=issued), signed_at=signed)

    found = findings(evaluation(subject(data, policy=factory.policy)))

    assert found["CAF_VENCIDO"].explanation.params["vencimiento"] == "28-02-2027"


def test_caf_of_non_expiring_type(factory: Factory) -> None:
    issued = CAF_AUTHORISED + dt.timedelta(days=200)
    signed = dt.datetime.combine(issued, dt.time(10), SANTIAGO)
    spec = factory.spec(tipo=34, fecha_emision=issued)
    data = factory.sign(spec, signed_at=signed)

    assert "CAF_VENCIDO" not in findings(evaluation(subject(data, policy=factory.policy)))


def test_caf_in_force(factory: Factory) -> None:
    data = factory.sign(factory.spec())
    found = findings(evaluation(subject(data, policy=factory.policy)))
    assert not {"CAF_VENCIDO", "CAF_POSTERIOR_A_EMISION"} & set(found)
