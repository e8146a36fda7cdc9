"""Duplicate rules: identity conflicts, double billing and copies after a decision."""

from __future__ import annotations

import datetime as dt

from cymadesk.models.risk import Severity
from cymadesk.risk.facts import Arrival, Decided
from tests.risk.builders import Item, dte, evaluation, findings, peer, subject

LINES = (Item("Resma papel carta", 4990, 10), Item("Tóner HP 85A", 15990, 2))


def test_same_identity_other_body() -> None:
    earlier = peer(dte(7, items=(Item("Resma", 1000),)), identifier=1)
    facts = subject(dte(7, items=(Item("Resma", 9000),)))

    found = findings(evaluation(facts, peers=[earlier]))

    finding = found["DUPLICADO_CONTENIDO_DISTINTO"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params["cantidad"] == 1


def test_same_lines_other_folio_within_window() -> None:
    earlier = peer(dte(7, fecha="2026-11-02", items=LINES), identifier=1)
    facts = subject(dte(8, fecha="2026-11-05", items=LINES))

    found = findings(evaluation(facts, peers=[earlier]))

    finding = found["DUPLICADO_MISMO_DETALLE"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params["folio_anterior"] == "7"
    assert "DUPLICADO_MISMO_MONTO" not in found


def test_same_total_other_lines() -> None:
    earlier = peer(dte(7, items=(Item("Tóner", 2000),)), identifier=1)
    facts = subject(dte(8, items=(Item("Resma", 1000, 2),)))

    found = findings(evaluation(facts, peers=[earlier]))

    assert found["DUPLICADO_MISMO_MONTO"].severity is Severity.MEDIA


def test_same_total_outside_window() -> None:
    earlier = peer(dte(7, fecha="2026-10-01", items=LINES), identifier=1)
    facts = subject(dte(8, fecha="2026-11-05", items=LINES))

    found = findings(evaluation(facts, peers=[earlier]))

    assert "DUPLICADO_MISMO_DETALLE" not in found
    assert "DUPLICADO_MISMO_MONTO" not in found


def test_window_is_a_setting() -> None:
    earlier = peer(dte(7, fecha="2026-10-01", items=LINES), identifier=1)
    facts = subject(dte(8, fecha="2026-11-05", items=LINES))

    found = findings(evaluation(facts, peers=[earlier], duplicate_window_days=40))

    assert "DUPLICADO_MISMO_DETALLE" in found


def test_only_the_later_one_is_flagged() -> None:
    later = peer(dte(8, fecha="2026-11-05", items=LINES), identifier=2)
    facts = subject(dte(7, fecha="2026-11-02", items=LINES), identifier=1)

    assert "DUPLICADO_MISMO_DETALLE" not in findings(evaluation(facts, peers=[later]))


def test_other_type_is_no_duplicate() -> None:
    invoice = peer(dte(7, items=LINES), identifier=1)
    note = subject(dte(8, tipo=61, items=LINES))

    assert "DUPLICADO_MISMO_DETALLE" not in findings(evaluation(note, peers=[invoice]))


def test_copy_after_acceptance() -> None:
    first = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
    accepted = Decided("ACD", first + dt.timedelta(days=1), "empresa")
    copies = (Arrival("correo.xml", first), Arrival("reenvio.xml", first + dt.timedelta(days=9)))
    facts = subject(dte(7), first_seen=first, arrivals=copies, decisions=[accepted])

    found = findings(evaluation(facts))

    finding = found["DUPLICADO_YA_DECIDIDO"]
    assert finding.severity is Severity.MEDIA
    assert finding.explanation.params["decision"] == "ACD"


def test_copy_before_decision() -> None:
    first = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
    accepted = Decided("ACD", first + dt.timedelta(days=3), "empresa")
    copies = (Arrival("correo.xml", first), Arrival("sii.xml", first + dt.timedelta(days=1)))
    facts = subject(dte(7), first_seen=first, arrivals=copies, decisions=[accepted])

    assert "DUPLICADO_YA_DECIDIDO" not in findings(evaluation(facts))
