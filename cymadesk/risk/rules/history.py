"""History: the document against the emisor's earlier documents addressed to the company.

The baseline is ``Evaluation.history``: documents issued before this one, addressed to the
company, whose signature and stamp did not fail. Amounts and prices are compared with robust
statistics (median and median absolute deviation), so one earlier outlier does not hide the
next. Notes (56, 61) correct other documents, so their amounts and lines are kept out of the
amount, item and price comparisons.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from cymadesk.formatting import format_amount, format_number
from cymadesk.models.inbox import Category
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.risk.facts import Evaluation, Peer, is_note
from cymadesk.risk.registry import Area, Rule

EMISOR_NUEVO = Rule("EMISOR_NUEVO", Area.HISTORIAL, Severity.BAJA)
EMISOR_NUEVO_MONTO_ALTO = Rule("EMISOR_NUEVO_MONTO_ALTO", Area.HISTORIAL, Severity.MEDIA)
MONTO_FUERA_DE_RANGO = Rule("MONTO_FUERA_DE_RANGO", Area.HISTORIAL, Severity.ALTA)
ITEM_NUEVO = Rule("ITEM_NUEVO", Area.HISTORIAL, Severity.BAJA)
PRECIO_FUERA_DE_RANGO = Rule("PRECIO_FUERA_DE_RANGO", Area.HISTORIAL, Severity.ALTA)
EMISOR_CAMBIO_CONTACTO = Rule("EMISOR_CAMBIO_CONTACTO", Area.HISTORIAL, Severity.MEDIA)
EMISOR_CAMBIO_BANCO = Rule("EMISOR_CAMBIO_BANCO", Area.HISTORIAL, Severity.ALTA)
FIRMANTE_NUEVO = Rule("FIRMANTE_NUEVO", Area.HISTORIAL, Severity.MEDIA)

RULES = (
    EMISOR_NUEVO,
    EMISOR_NUEVO_MONTO_ALTO,
    MONTO_FUERA_DE_RANGO,
    ITEM_NUEVO,
    PRECIO_FUERA_DE_RANGO,
    EMISOR_CAMBIO_CONTACTO,
    EMISOR_CAMBIO_BANCO,
    FIRMANTE_NUEVO,
)

# Scale factor that makes the MAD estimate the standard deviation of normal data.
MAD_TO_SIGMA = 1.4826
# Earlier prices of one item needed before a price is judged against them.
MIN_PRICE_OBSERVATIONS = 3
LISTED_ITEMS = 3
# Label of an e-mail found in free text: the fields it may come from.
FREE_TEXT_FIELDS = "TermPagoGlosa/DscItem/RazonRef"


def _ratio_text(value: float) -> str:
    return format_number(Decimal(str(round(value, 1))), 1)


def _price_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return format_amount(value, "CLP")
    return "$" + format_number(value, 2)


def _addressed(evaluation: Evaluation) -> bool:
    return evaluation.subject.category is Category.INBOX


def _purchases(peers: Iterable[Peer]) -> list[Peer]:
    """Keep the documents that record a sale (no notes), whose lines and totals compare."""
    return [peer for peer in peers if not is_note(peer.tipo)]


def check_new_emisor(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag the first document from this emisor, more so when its amount is high.

    Never ``alta``: every supplier is new once.
    """
    subject = evaluation.subject
    if not _addressed(evaluation) or evaluation.history:
        return
    name = subject.document.emisor.razon_social or subject.rut_emisor
    threshold = evaluation.settings.new_issuer_high_amount
    amount = subject.monto_total
    evidence = {"rut_emisor": subject.rut_emisor, "monto_total": amount}
    if subject.moneda == "CLP" and amount is not None and amount >= threshold:
        yield EMISOR_NUEVO_MONTO_ALTO.finding(
            {
                "emisor": name,
                "monto": format_amount(amount, "CLP"),
                "umbral": format_amount(threshold, "CLP"),
            },
            {**evidence, "umbral": threshold},
        )
    else:
        yield EMISOR_NUEVO.finding({"emisor": name}, evidence)


def robust_z(value: float, sample: Sequence[float]) -> float | None:
    """Return how many robust standard deviations ``value`` lies above the sample's median.

    None when the sample has no spread (every value equal).
    """
    center = statistics.median(sample)
    mad = statistics.median(abs(item - center) for item in sample)
    if mad == 0:
        return None
    return (value - center) / (MAD_TO_SIGMA * mad)


def check_amount(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a total far above everything this emisor billed before.

    Judged on the logarithm of the totals, because invoice amounts spread multiplicatively.
    It takes ``min_history`` earlier documents, a total above the earlier maximum, at least
    ``amount_ratio`` times the median, and a robust z-score of at least ``amount_robust_z``
    (or no spread at all in the history).
    """
    subject = evaluation.subject
    settings = evaluation.settings
    amount = subject.monto_total
    if not _addressed(evaluation) or is_note(subject.tipo) or not amount or amount <= 0:
        return
    earlier = [
        peer.monto_total
        for peer in _purchases(evaluation.history)
        if peer.moneda == subject.moneda and peer.monto_total and peer.monto_total > 0
    ]
    if len(earlier) < settings.min_history or amount <= max(earlier):
        return
    median = statistics.median(earlier)
    ratio = amount / median
    z = robust_z(math.log(amount), [math.log(item) for item in earlier])
    if ratio < float(settings.amount_ratio) or (
        z is not None and z < float(settings.amount_robust_z)
    ):
        return
    yield MONTO_FUERA_DE_RANGO.finding(
        {
            "monto": format_amount(amount, subject.moneda),
            "veces": _ratio_text(ratio),
            "mediana": format_amount(Decimal(median), subject.moneda),
            "cantidad": len(earlier),
            "maximo": format_amount(max(earlier), subject.moneda),
        },
        {
            "monto_total": amount,
            "mediana": float(median),
            "maximo_anterior": max(earlier),
            "documentos": len(earlier),
            "razon": round(ratio, 2),
            "z_robusto": round(z, 2) if z is not None else None,
        },
    )


def _history_items(history: Iterable[Peer]) -> dict[str, list[Decimal]]:
    """Collect earlier unit prices by item, oldest first (an item without prices gets [])."""
    prices: dict[str, list[Decimal]] = {}
    for peer in history:
        for line in peer.content.lines:
            observed = prices.setdefault(line.item, [])
            if line.unit_price is not None and line.unit_price > 0:
                observed.append(line.unit_price)
    return prices


def check_new_items(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag items this emisor never billed the company before (once it has some history)."""
    subject = evaluation.subject
    if not _addressed(evaluation) or is_note(subject.tipo):
        return
    history = _purchases(evaluation.history)
    if len(history) < evaluation.settings.min_history:
        return
    known = _history_items(history)
    new_names: list[str] = []
    for line in subject.content.lines:
        if line.item not in known and line.name not in new_names:
            new_names.append(line.name)
    if not new_names:
        return
    yield ITEM_NUEVO.finding(
        {
            "items": "; ".join(new_names[:LISTED_ITEMS]),
            "cantidad": len(new_names),
            "documentos": len(history),
        },
        {"items_nuevos": new_names, "documentos_anteriores": len(history)},
    )


def check_unit_price(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a unit price at least ``price_ratio`` times the item's median earlier price.

    Needs three earlier prices of the item, and a price above all of them.
    """
    subject = evaluation.subject
    if not _addressed(evaluation) or is_note(subject.tipo):
        return
    known = _history_items(_purchases(evaluation.history))
    worst: tuple[float, str, Decimal, Decimal, list[Decimal]] | None = None
    for line in subject.content.lines:
        earlier = known.get(line.item, [])
        price = line.unit_price
        if price is None or price <= 0 or len(earlier) < MIN_PRICE_OBSERVATIONS:
            continue
        median = statistics.median(earlier)
        ratio = float(price / median)
        outlier = ratio >= float(evaluation.settings.price_ratio) and price > max(earlier)
        if outlier and (worst is None or ratio > worst[0]):
            worst = (ratio, line.name, price, median, earlier)
    if worst is None:
        return
    ratio, name, price, median, earlier = worst
    yield PRECIO_FUERA_DE_RANGO.finding(
        {
            "item": name,
            "precio": _price_text(price),
            "veces": _ratio_text(ratio),
            "mediana": _price_text(Decimal(median)),
            "cantidad": len(earlier),
        },
        {
            "item": name,
            "precio": str(price),
            "mediana": str(median),
            "maximo_anterior": str(max(earlier)),
            "observaciones": len(earlier),
            "razon": round(ratio, 2),
        },
    )


def _contact_changes(evaluation: Evaluation) -> list[tuple[str, str, str]]:
    """List (field, earlier value, new value) for contact fields that differ from history."""
    subject = evaluation.subject.content
    history = sorted(evaluation.history, key=lambda peer: peer.order_key())
    changes: list[tuple[str, str, str]] = []

    for field, new_value, new_key, earlier in (
        (
            "CorreoEmisor",
            subject.correo,
            subject.correo_key,
            [(peer.content.correo, peer.content.correo_key) for peer in history],
        ),
        (
            "DirOrigen",
            subject.direccion,
            subject.direccion_key,
            [(peer.content.direccion, peer.content.direccion_key) for peer in history],
        ),
    ):
        seen = [(value, key) for value, key in earlier if value]
        if new_value and seen and new_key not in {key for _, key in seen}:
            changes.append((field, seen[-1][0], new_value))

    phones = [peer.content.telefonos for peer in history if peer.content.telefonos]
    known_phones = {phone for group in phones for phone in group}
    new_phones = [phone for phone in subject.telefonos if phone not in known_phones]
    if phones and new_phones:
        changes.append(("Telefono", ", ".join(phones[-1]), ", ".join(new_phones)))

    known_mail = {
        mail for peer in history for mail in (*peer.content.text_emails, peer.content.correo_key)
    }
    new_mail = sorted(mail for mail in subject.text_emails if mail not in known_mail)
    if history and new_mail:
        changes.append((FREE_TEXT_FIELDS, "", ", ".join(new_mail)))
    return changes


def check_contact_change(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag an emisor e-mail, address or phone that differs from every earlier document.

    Changed contact details are how invoice fraud redirects replies and payments.
    """
    if not _addressed(evaluation):
        return
    changes = _contact_changes(evaluation)
    if not changes:
        return
    described = "; ".join(
        f"{field}: {before} → {after}" if before else f"{field}: {after}"
        for field, before, after in changes
    )
    yield EMISOR_CAMBIO_CONTACTO.finding(
        {"cambios": described},
        {
            "cambios": [
                {"campo": field, "antes": before or None, "ahora": after}
                for field, before, after in changes
            ]
        },
    )


def check_bank_change(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a payment account that none of the emisor's earlier documents mentioned.

    This is the classic invoice fraud: a genuine-looking invoice with a new account to pay.
    """
    if not _addressed(evaluation):
        return
    accounts = evaluation.subject.content.bank_accounts
    known = {account for peer in evaluation.history for account in peer.content.bank_accounts}
    new = sorted(accounts - known)
    if not accounts or not known or not new:
        return
    yield EMISOR_CAMBIO_BANCO.finding(
        {"cuenta": ", ".join(new), "anteriores": ", ".join(sorted(known))},
        {"cuentas_nuevas": new, "cuentas_anteriores": sorted(known)},
    )


def check_new_signer(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a signer who never signed this emisor's earlier documents."""
    subject = evaluation.subject
    if not _addressed(evaluation) or subject.signer is None:
        return
    signers = [peer.signer for peer in evaluation.history if peer.signer]
    if len(signers) < evaluation.settings.min_history or subject.signer in signers:
        return
    known = sorted(set(signers))
    yield FIRMANTE_NUEVO.finding(
        {"firmante": subject.signer, "anteriores": ", ".join(known[:LISTED_ITEMS])},
        {"firmante": subject.signer, "firmantes_anteriores": known},
    )


CHECKS = (
    check_new_emisor,
    check_amount,
    check_new_items,
    check_unit_price,
    check_contact_change,
    check_bank_change,
    check_new_signer,
)
