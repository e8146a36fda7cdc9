"""Reference rules: notes without their document, debit notes on accepted invoices, orders."""

from __future__ import annotations

import datetime as dt

from cymadesk.models.risk import Severity
from cymadesk.risk.facts import Decided, Referenced
from tests.risk.builders import EMISOR_RUT, dte, evaluation, findings, subject

ARRIVED = dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC)
INVOICE_KEY = (EMISOR_RUT, 33, "7")


def _note(tipo: int, code: str = "3", folio: str = "0007") -> bytes:
    reference = (
        f"<TpoDocRef>33</TpoDocRef><FolioRef>{folio}</FolioRef><FchRef>2026-10-20</FchRef>"
        f"<CodRef>{code}</CodRef><RazonRef>Intereses</RazonRef>"
    )
    return dte(50, tipo=tipo, fecha="2026-11-09", references=[reference])


def test_debit_note_without_document() -> None:
    facts = subject(_note(56), first_seen=ARRIVED)

    found = findings(evaluation(facts, referenced={INVOICE_KEY: None}))

    finding = found["NOTA_DEBITO_SIN_DOCUMENTO"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {"tipo": 33, "folio": "7", "fecha": "20-10-2026"}


def test_credit_note_without_document() -> None:
    facts = subject(_note(61), first_seen=ARRIVED)
    found = findings(evaluation(facts, referenced={INVOICE_KEY: None}))
    assert found["NOTA_CREDITO_SIN_DOCUMENTO"].severity is Severity.MEDIA


def test_note_with_document() -> None:
    facts = subject(_note(56), first_seen=ARRIVED)
    invoice = Referenced(id=1, tipo=33, folio="7", monto_total=100_000)

    found = findings(evaluation(facts, referenced={INVOICE_KEY: invoice}))

    assert "NOTA_DEBITO_SIN_DOCUMENTO" not in found
    assert "NOTA_DEBITO_SOBRE_ACEPTADO" not in found


def test_note_older_than_company_history() -> None:
    facts = subject(_note(56), first_seen=ARRIVED)

    found = findings(
        evaluation(facts, referenced={INVOICE_KEY: None}, covered_since=dt.date(2026, 11, 1))
    )

    assert "NOTA_DEBITO_SIN_DOCUMENTO" not in found


def test_debit_note_after_acceptance() -> None:
    accepted = Decided("ACD", ARRIVED - dt.timedelta(days=5), "registro_sii")
    invoice = Referenced(id=1, tipo=33, folio="7", monto_total=100_000, decisions=(accepted,))
    facts = subject(_note(56), first_seen=ARRIVED)

    found = findings(evaluation(facts, referenced={INVOICE_KEY: invoice}))

    finding = found["NOTA_DEBITO_SOBRE_ACEPTADO"]
    assert finding.severity is Severity.MEDIA
    assert finding.explanation.params["forma"] == "ACD"


def test_debit_note_after_tacit_acceptance() -> None:
    tacit = Decided("TACITA", ARRIVED - dt.timedelta(days=1), "plazo")
    invoice = Referenced(id=1, tipo=33, folio="7", monto_total=100_000, decisions=(tacit,))
    facts = subject(_note(56), first_seen=ARRIVED)

    assert "NOTA_DEBITO_SOBRE_ACEPTADO" in findings(
        evaluation(facts, referenced={INVOICE_KEY: invoice})
    )


def test_debit_note_on_claimed_invoice() -> None:
    claimed = Decided("RCD", ARRIVED - dt.timedelta(days=5), "empresa")
    invoice = Referenced(id=1, tipo=33, folio="7", monto_total=100_000, decisions=(claimed,))
    facts = subject(_note(56), first_seen=ARRIVED)

    assert "NOTA_DEBITO_SOBRE_ACEPTADO" not in findings(
        evaluation(facts, referenced={INVOICE_KEY: invoice})
    )


def test_debit_note_correcting_text_only() -> None:
    accepted = Decided("ACD", ARRIVED - dt.timedelta(days=5), "registro_sii")
    invoice = Referenced(id=1, tipo=33, folio="7", monto_total=100_000, decisions=(accepted,))
    facts = subject(_note(56, code="2"), first_seen=ARRIVED)

    assert "NOTA_DEBITO_SOBRE_ACEPTADO" not in findings(
        evaluation(facts, referenced={INVOICE_KEY: invoice})
    )


def _with_order(order: str) -> bytes:
    reference = f"<TpoDocRef>801</TpoDocRef><FolioRef>{order}</FolioRef><FchRef>2026-10-20</FchRef>"
    return dte(60, references=[reference])


def test_unknown_purchase_order() -> None:
    found = findings(
        evaluation(subject(_with_order("4500099")), purchase_orders=("4500001", "4500002"))
    )

    finding = found["OC_DESCONOCIDA"]
    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {"orden": "4500099", "cantidad": 2}


def test_known_purchase_order() -> None:
    found = findings(evaluation(subject(_with_order("004500002")), purchase_orders=("4500002",)))
    assert "OC_DESCONOCIDA" not in found


def test_purchase_orders_not_kept() -> None:
    assert "OC_DESCONOCIDA" not in findings(evaluation(subject(_with_order("4500099"))))
