"""SII rules on stored SII facts (estado, register rows), never on a server."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from cymadesk.models.message import Message
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.risk.facts import Arrival, Decided, Peer, RcvFacts, RegisterOnly
from cymadesk.risk.rules.sii import check_missing_xml, sii_estado
from cymadesk.risk.settings import RiskSettings
from tests.risk.builders import NOW, assert_renders, dte, evaluation, findings, peer, subject

SII_CODES = {
    "SII_DATOS_NO_COINCIDEN",
    "SII_NO_RECIBIDO",
    "SII_AUN_NO_RECIBIDO",
    "SII_FOLIO_NO_AUTORIZADO",
    "SII_ANULADO",
    "SII_EMISOR_NO_AUTORIZADO",
    "SII_MODIFICADO_POR_NOTA",
    "SII_ANULADO_POR_NOTA",
    "SII_NO_REGISTRADO",
    "SII_MONTO_DISTINTO",
}
ARRIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def _estado(estado: str, state: VerdictState = VerdictState.FALLA) -> Verdict:
    return Verdict(
        VerdictKey.ESTADO_SII, state, Message(f"estado_sii.{estado.lower()}"), {"estado": estado}
    )


def _sii_findings(
    verdicts: dict[VerdictKey, Verdict], *, checked_at: dt.datetime = NOW, **options: Any
) -> dict[str, RiskFinding]:
    facts = subject(dte(10), verdicts=verdicts, checked_at=checked_at, first_seen=ARRIVED)
    found = findings(evaluation(facts, **options))
    return {code: finding for code, finding in found.items() if code in SII_CODES}


@pytest.mark.parametrize(
    ("estado", "code", "severity"),
    [
        ("DNK", "SII_DATOS_NO_COINCIDEN", Severity.ALTA),
        ("FNA", "SII_FOLIO_NO_AUTORIZADO", Severity.ALTA),
        ("FAN", "SII_ANULADO", Severity.ALTA),
        ("EMP", "SII_EMISOR_NO_AUTORIZADO", Severity.ALTA),
        ("TMC", "SII_MODIFICADO_POR_NOTA", Severity.BAJA),
        ("MMD", "SII_MODIFICADO_POR_NOTA", Severity.BAJA),
        ("ANC", "SII_ANULADO_POR_NOTA", Severity.MEDIA),
        ("AND", "SII_ANULADO_POR_NOTA", Severity.MEDIA),
    ],
)
def test_estado_and_its_meaning(estado: str, code: str, severity: Severity) -> None:
    found = _sii_findings({VerdictKey.ESTADO_SII: _estado(estado)})

    assert list(found) == [code]
    finding = found[code]
    assert finding.severity is severity
    assert finding.explanation.params["estado"] == estado


def test_received_and_matching_has_none() -> None:
    assert _sii_findings({VerdictKey.ESTADO_SII: _estado("DOK", VerdictState.OK)}) == {}


def test_never_asked_has_none() -> None:
    pending = Verdict(
        VerdictKey.ESTADO_SII, VerdictState.PENDIENTE, Message("estado_sii.no_consultado")
    )
    assert _sii_findings({VerdictKey.ESTADO_SII: pending}) == {}


def test_estado_read_from_message_code() -> None:
    verdict = Verdict(VerdictKey.ESTADO_SII, VerdictState.FALLA, Message("estado_sii.fan"))
    assert sii_estado(verdict) == "FAN"


def test_not_received_after_grace_period() -> None:
    checked = ARRIVED + dt.timedelta(days=3)

    found = _sii_findings({VerdictKey.ESTADO_SII: _estado("FAU")}, checked_at=checked)

    assert list(found) == ["SII_NO_RECIBIDO"]


def test_not_received_within_grace_period() -> None:
    checked = ARRIVED + dt.timedelta(hours=20)

    found = _sii_findings({VerdictKey.ESTADO_SII: _estado("FAU")}, checked_at=checked)

    assert list(found) == ["SII_AUN_NO_RECIBIDO"]
    assert found["SII_AUN_NO_RECIBIDO"].severity is Severity.BAJA


def test_grace_period_is_a_setting() -> None:
    checked = ARRIVED + dt.timedelta(days=3)

    found = _sii_findings(
        {VerdictKey.ESTADO_SII: _estado("FAU")}, checked_at=checked, sii_grace_days=5
    )

    assert list(found) == ["SII_AUN_NO_RECIBIDO"]


def test_absent_from_register_after_grace_period() -> None:
    absent = Verdict(VerdictKey.RCV, VerdictState.FALLA, Message("rcv.ausente"))

    found = _sii_findings({VerdictKey.RCV: absent}, checked_at=ARRIVED + dt.timedelta(days=4))

    assert list(found) == ["SII_NO_REGISTRADO"]


def test_register_not_read_has_none() -> None:
    pending = Verdict(VerdictKey.RCV, VerdictState.PENDIENTE, Message("rcv.no_consultado"))
    assert _sii_findings({VerdictKey.RCV: pending}) == {}


def _rcv(total: int | None) -> RcvFacts:
    return RcvFacts("REGISTRO", ARRIVED, None, None, total, "csv", NOW)


def test_register_total_differs() -> None:
    facts = subject(dte(10), rcv=_rcv(99_999))

    found = findings(evaluation(facts))

    assert found["SII_MONTO_DISTINTO"].explanation.params == {
        "monto_sii": "$99.999",
        "monto_xml": "$1.190",
    }


def test_register_total_matches() -> None:
    assert "SII_MONTO_DISTINTO" not in findings(evaluation(subject(dte(10), rcv=_rcv(1190))))


def _register_row(estado: str, received: dt.datetime | None) -> RegisterOnly:
    return RegisterOnly("76354771-K", 33, "77", "Proveedor", estado, None, received, 500_000)


@pytest.mark.parametrize(
    ("estado", "received_days_ago", "code"),
    [
        ("PENDIENTE", 3, "SII_SIN_XML"),
        ("PENDIENTE", None, "SII_SIN_XML"),
        ("PENDIENTE", 1, "SII_SIN_XML_INFORMATIVO"),
        ("REGISTRO", 30, "SII_SIN_XML_INFORMATIVO"),
        ("RECLAMADO", 30, "SII_SIN_XML_INFORMATIVO"),
    ],
)
def test_register_row_without_xml(estado: str, received_days_ago: int | None, code: str) -> None:
    received = None if received_days_ago is None else NOW - dt.timedelta(days=received_days_ago)

    finding = check_missing_xml(_register_row(estado, received), RiskSettings.defaults(), NOW)

    assert finding.code == code
    assert_renders(finding)


def test_register_row_past_deadline_drops_claim_advice() -> None:
    received = NOW - dt.timedelta(days=30)
    recent = NOW - dt.timedelta(days=3)

    late = check_missing_xml(_register_row("PENDIENTE", received), RiskSettings.defaults(), NOW)
    open_ = check_missing_xml(_register_row("PENDIENTE", recent), RiskSettings.defaults(), NOW)

    assert late.code == "SII_SIN_XML"
    assert late.explanation.code == "riesgo.SII_SIN_XML_VENCIDO"
    assert open_.explanation.code == "riesgo.SII_SIN_XML"
    assert_renders(late)


def _read_register(read_at: dt.datetime, data: bytes | None = None) -> dict[str, RiskFinding]:
    facts = dataclasses.replace(
        subject(data or dte(10), first_seen=ARRIVED), register_read_at=read_at
    )
    return {code: f for code, f in findings(evaluation(facts)).items() if code in SII_CODES}


def test_register_downloaded_without_document() -> None:
    found = _read_register(ARRIVED + dt.timedelta(days=5))

    assert list(found) == ["SII_NO_REGISTRADO"]
    assert found["SII_NO_REGISTRADO"].evidence["fuente"] == "rcv_periodo"


def test_register_downloaded_within_grace_period() -> None:
    assert list(_read_register(ARRIVED + dt.timedelta(hours=10))) == ["SII_AUN_NO_RECIBIDO"]


def test_register_downloaded_before_document_existed() -> None:
    assert _read_register(ARRIVED - dt.timedelta(days=1)) == {}


def test_register_not_expected_for_other_receptor() -> None:
    data = dte(10, receptor="76555835-2")
    assert _read_register(ARRIVED + dt.timedelta(days=5), data) == {}


def test_register_not_expected_for_guides() -> None:
    assert _read_register(ARRIVED + dt.timedelta(days=5), dte(10, tipo=52)) == {}


def test_register_periods_cross_month() -> None:
    late_in_month = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
    facts = subject(dte(10, fecha="2026-11-30"), first_seen=late_in_month)

    assert facts.register_periods(2) == {"202611", "202612"}
    assert subject(dte(10), first_seen=ARRIVED).register_periods(2) == {"202611"}


# Medium signals on a document the SII has not confirmed

# The builders' documents are unsigned, so their schema check fails with a medium finding.
# These tests pass the schema, so the e-mail change is the only medium signal.
SCHEMA_OK = Verdict(VerdictKey.ESQUEMA, VerdictState.OK, Message("esquema.ok"))


def _history() -> list[Peer]:
    return [
        peer(
            dte(100 + index, fecha=f"2026-10-0{index + 1}", correo="facturacion@dn.cl"),
            identifier=index,
        )
        for index in range(3)
    ]


def _unconfirmed(
    *,
    tipo: int = 33,
    correo: str = "pagos@dn-cobranzas.com",
    verdicts: dict[VerdictKey, Verdict] | None = None,
    dismissed: frozenset[str] = frozenset(),
    **facts: Any,
) -> dict[str, RiskFinding]:
    """Evaluate a document of an emisor with three earlier documents, no SII data by default."""
    data = dte(200, tipo=tipo, correo=correo)
    checked = subject(
        data,
        verdicts={VerdictKey.ESQUEMA: SCHEMA_OK, **(verdicts or {})},
        first_seen=ARRIVED,
        **facts,
    )
    checked = dataclasses.replace(checked, dismissed=dismissed)
    return findings(evaluation(checked, peers=_history()))


def test_unconfirmed_medium_signal_is_high() -> None:
    found = _unconfirmed()

    assert found["EMISOR_CAMBIO_CONTACTO"].severity is Severity.MEDIA
    raised = found["SII_SIN_CONFIRMAR"]
    assert raised.severity is Severity.ALTA
    assert raised.explanation.params["senales"] == "EMISOR_CAMBIO_CONTACTO"
    assert raised.evidence["senales"] == ["EMISOR_CAMBIO_CONTACTO"]
    assert_renders(raised)


@pytest.mark.parametrize("estado", ["DOK", "DNK", "TMC"])
def test_sii_estado_confirms_the_document(estado: str) -> None:
    state = VerdictState.OK if estado == "DOK" else VerdictState.FALLA
    found = _unconfirmed(verdicts={VerdictKey.ESTADO_SII: _estado(estado, state)})

    assert "EMISOR_CAMBIO_CONTACTO" in found
    assert "SII_SIN_CONFIRMAR" not in found


def test_rcv_row_confirms_the_document() -> None:
    row = RcvFacts("PENDIENTE", ARRIVED, None, None, 1190, "sync", NOW)

    assert "SII_SIN_CONFIRMAR" not in _unconfirmed(rcv=row)


def test_not_received_is_no_confirmation() -> None:
    found = _unconfirmed(verdicts={VerdictKey.ESTADO_SII: _estado("FAU")})

    assert found["SII_SIN_CONFIRMAR"].severity is Severity.ALTA


def test_dismissed_signal_is_not_weighed() -> None:
    found = _unconfirmed(dismissed=frozenset({"EMISOR_CAMBIO_CONTACTO"}))

    assert "EMISOR_CAMBIO_CONTACTO" in found
    assert "SII_SIN_CONFIRMAR" not in found


def test_credit_note_is_not_raised() -> None:
    found = _unconfirmed(tipo=61)

    assert "EMISOR_CAMBIO_CONTACTO" in found
    assert "SII_SIN_CONFIRMAR" not in found


def test_copy_of_decided_document_is_not_raised() -> None:
    accepted = Decided("ACD", ARRIVED + dt.timedelta(days=1), "empresa")
    copy = Arrival("reenvio.xml", ARRIVED + dt.timedelta(days=9))
    copies = (Arrival("correo.xml", ARRIVED), copy)

    found = _unconfirmed(correo="facturacion@dn.cl", arrivals=copies, decisions=[accepted])

    assert found["DUPLICADO_YA_DECIDIDO"].severity is Severity.MEDIA
    assert "SII_SIN_CONFIRMAR" not in found


def test_no_medium_signal_is_not_raised() -> None:
    found = _unconfirmed(correo="facturacion@dn.cl")

    assert not [finding for finding in found.values() if finding.severity is Severity.MEDIA]
    assert "SII_SIN_CONFIRMAR" not in found
