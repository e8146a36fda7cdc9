"""History rules against the emisor's earlier documents."""

from __future__ import annotations

import datetime as dt

from cymadesk.models.risk import Severity
from cymadesk.risk.facts import Peer
from tests.risk.builders import Item, dte, evaluation, findings, peer, subject

PAPER = Item("Resma papel carta", 4990, 10)
TONER = Item("Tóner HP 85A", 15990, 2)
TERMS = "Transferencia a Banco de Chile, cta. cte. 12-345-67890, RUT 76.354.771-K"


def _history(count: int = 8, **options: object) -> list[Peer]:
    """``count`` earlier invoices, one a week from January, with amounts that vary a little."""
    peers = []
    for index in range(count):
        day = dt.date(2026, 1, 5) + dt.timedelta(weeks=index)
        items = (Item(PAPER.name, 4990 + 10 * index, 8 + index % 4), TONER)
        peers.append(
            peer(dte(100 + index, fecha=day.isoformat(), items=items, **options), identifier=index)
        )
    return peers


def _latest(**options: object) -> dict[str, object]:
    defaults: dict[str, object] = {"items": (PAPER, TONER)}
    defaults.update(options)
    return defaults


def test_first_document_of_emisor() -> None:
    finding = findings(evaluation(subject(dte(1))))["EMISOR_NUEVO"]

    assert finding.severity is Severity.BAJA
    assert finding.explanation.params == {"emisor": "Distribuidora Ñuñoa SpA"}


def test_first_document_with_high_amount() -> None:
    data = dte(1, items=(Item("Asesoría", 4_000_000),))

    found = findings(evaluation(subject(data)))

    assert found["EMISOR_NUEVO_MONTO_ALTO"].severity is Severity.MEDIA
    assert "EMISOR_NUEVO" not in found


def test_known_emisor_is_not_new() -> None:
    found = findings(evaluation(subject(dte(200, **_latest())), peers=_history(1)))
    assert not {"EMISOR_NUEVO", "EMISOR_NUEVO_MONTO_ALTO"} & set(found)


def test_forged_earlier_document_is_no_history() -> None:
    forged = peer(dte(100, fecha="2026-10-01"), identifier=1, authentic=False)
    assert "EMISOR_NUEVO" in findings(evaluation(subject(dte(200)), peers=[forged]))


def test_later_document_is_no_history() -> None:
    later = peer(dte(300, fecha="2026-12-01"), identifier=1)
    assert "EMISOR_NUEVO" in findings(evaluation(subject(dte(200)), peers=[later]))


def test_amount_far_above_history() -> None:
    data = dte(200, items=(Item(PAPER.name, 4990, 400), TONER))

    finding = findings(evaluation(subject(data), peers=_history()))["MONTO_FUERA_DE_RANGO"]

    assert finding.severity is Severity.ALTA
    params = finding.explanation.params
    assert params["cantidad"] == 8
    assert params["monto"] == "$2.413.296"
    assert params["veces"] == "25,4"


def test_amount_within_history() -> None:
    data = dte(200, items=(Item(PAPER.name, 4990, 12), TONER))
    assert "MONTO_FUERA_DE_RANGO" not in findings(evaluation(subject(data), peers=_history()))


def test_amount_needs_enough_history() -> None:
    data = dte(200, items=(Item(PAPER.name, 4990, 400), TONER))
    found = findings(evaluation(subject(data), peers=_history(4)))
    assert "MONTO_FUERA_DE_RANGO" not in found


def test_new_item() -> None:
    data = dte(200, items=(PAPER, Item("Silla ergonómica", 189990)))

    finding = findings(evaluation(subject(data), peers=_history()))["ITEM_NUEVO"]

    assert finding.severity is Severity.BAJA
    assert finding.explanation.params["items"] == "Silla ergonómica"


def test_known_items_spelled_differently() -> None:
    data = dte(200, items=(Item("RESMA  PAPEL carta", 4990, 10), Item("Toner HP 85A", 15990)))
    assert "ITEM_NUEVO" not in findings(evaluation(subject(data), peers=_history()))


def test_unit_price_far_above_history() -> None:
    data = dte(200, items=(Item(PAPER.name, 14990, 1), TONER))

    finding = findings(evaluation(subject(data), peers=_history()))["PRECIO_FUERA_DE_RANGO"]

    assert finding.severity is Severity.ALTA
    assert finding.explanation.params["item"] == PAPER.name
    assert finding.explanation.params["veces"] == "3,0"


def test_unit_price_within_history() -> None:
    data = dte(200, items=(Item(PAPER.name, 5600, 1), TONER))
    assert "PRECIO_FUERA_DE_RANGO" not in findings(evaluation(subject(data), peers=_history()))


def test_price_ratio_is_a_setting() -> None:
    data = dte(200, items=(Item(PAPER.name, 14990, 1), TONER))
    found = findings(evaluation(subject(data), peers=_history(), price_ratio=4))
    assert "PRECIO_FUERA_DE_RANGO" not in found


def test_email_changed() -> None:
    history = _history(3, correo="facturacion@dn.cl")
    data = dte(200, correo="pagos@dn-cobranzas.com", **_latest())

    finding = findings(evaluation(subject(data), peers=history))["EMISOR_CAMBIO_CONTACTO"]

    assert finding.severity is Severity.MEDIA
    assert "facturacion@dn.cl → pagos@dn-cobranzas.com" in finding.explanation.params["cambios"]


def test_email_in_free_text() -> None:
    history = _history(3, correo="facturacion@dn.cl", glosa_pago=TERMS)
    glosa = TERMS + ". Envíe el comprobante a tesoreria.dn@gmail.com"
    data = dte(200, correo="facturacion@dn.cl", glosa_pago=glosa, **_latest())

    finding = findings(evaluation(subject(data), peers=history))["EMISOR_CAMBIO_CONTACTO"]

    assert "tesoreria.dn@gmail.com" in finding.explanation.params["cambios"]


def test_address_unchanged_but_spelled_differently() -> None:
    history = _history(3, direccion="Av. Irarrázaval 1234")
    data = dte(200, direccion="AV. IRARRAZAVAL 1234", **_latest())
    assert "EMISOR_CAMBIO_CONTACTO" not in findings(evaluation(subject(data), peers=history))


def test_bank_account_changed() -> None:
    history = _history(3, glosa_pago=TERMS)
    other = "Transferencia a Banco Santander, cuenta corriente N° 9876543210"
    data = dte(200, glosa_pago=other, **_latest())

    finding = findings(evaluation(subject(data), peers=history))["EMISOR_CAMBIO_BANCO"]

    assert finding.severity is Severity.ALTA
    assert finding.explanation.params == {"cuenta": "9876543210", "anteriores": "1234567890"}


def test_bank_account_same() -> None:
    history = _history(3, glosa_pago=TERMS)
    data = dte(200, glosa_pago=TERMS.replace("12-345-67890", "12.345.67890"), **_latest())
    assert "EMISOR_CAMBIO_BANCO" not in findings(evaluation(subject(data), peers=history))


def test_bank_account_without_history_of_accounts() -> None:
    data = dte(200, glosa_pago=TERMS, **_latest())
    assert "EMISOR_CAMBIO_BANCO" not in findings(evaluation(subject(data), peers=_history()))


def test_new_signer() -> None:
    signed = [
        peer(dte(100 + i, fecha=f"2026-0{1 + i % 9}-05"), identifier=i, signer="12.345.678-5")
        for i in range(6)
    ]
    facts = subject(dte(200), signer="9.876.543-3")

    finding = findings(evaluation(facts, peers=signed))["FIRMANTE_NUEVO"]

    assert finding.severity is Severity.MEDIA
    assert finding.explanation.params["anteriores"] == "12.345.678-5"


def test_known_signer() -> None:
    signed = [
        peer(dte(100 + i, fecha=f"2026-0{1 + i % 9}-05"), identifier=i, signer="12.345.678-5")
        for i in range(6)
    ]
    facts = subject(dte(200), signer="12.345.678-5")
    assert "FIRMANTE_NUEVO" not in findings(evaluation(facts, peers=signed))
