"""Duplicates: another body under the same identity, double billing, a copy after a decision.

Between two documents that look alike, the later one in issue order carries the finding, so
each pair is reported once and the result does not depend on the order of import.
"""

from __future__ import annotations

from collections.abc import Iterator

from cymadesk.formatting import format_amount, format_date, format_datetime
from cymadesk.models.inbox import Category
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.risk.facts import Evaluation, Peer, decision_name
from cymadesk.risk.registry import Area, Rule

DUPLICADO_CONTENIDO_DISTINTO = Rule("DUPLICADO_CONTENIDO_DISTINTO", Area.DUPLICADOS, Severity.ALTA)
DUPLICADO_MISMO_DETALLE = Rule("DUPLICADO_MISMO_DETALLE", Area.DUPLICADOS, Severity.ALTA)
DUPLICADO_MISMO_MONTO = Rule("DUPLICADO_MISMO_MONTO", Area.DUPLICADOS, Severity.MEDIA)
DUPLICADO_YA_DECIDIDO = Rule("DUPLICADO_YA_DECIDIDO", Area.DUPLICADOS, Severity.MEDIA)

RULES = (
    DUPLICADO_CONTENIDO_DISTINTO,
    DUPLICADO_MISMO_DETALLE,
    DUPLICADO_MISMO_MONTO,
    DUPLICADO_YA_DECIDIDO,
)


def check_identity_conflict(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag another body stored under the same emisor, type and folio: one of them was altered.

    The SII gives each folio once, so two different contents under one identity cannot
    both be genuine. Both versions carry the finding.
    """
    others = evaluation.same_identity
    if not others:
        return
    subject = evaluation.subject
    first = min(others, key=lambda peer: peer.first_seen_at)
    yield DUPLICADO_CONTENIDO_DISTINTO.finding(
        {
            "folio": subject.folio,
            "cantidad": len(others),
            "llegada": format_datetime(first.first_seen_at),
        },
        {
            "otros": [
                {"id": peer.id, "cuerpo_sha256": peer.body_sha256, "monto_total": peer.monto_total}
                for peer in others
            ],
            "cuerpo_sha256": subject.body_sha256,
        },
    )


def _near_earlier_same_total(evaluation: Evaluation) -> list[Peer]:
    subject = evaluation.subject
    window = evaluation.settings.duplicate_window_days
    if subject.fecha_emision is None or not subject.monto_total:
        return []
    mine = evaluation.subject_order
    return [
        peer
        for peer in evaluation.others()
        if peer.tipo == subject.tipo
        and peer.folio != subject.folio
        and peer.ambiente_key == subject.ambiente_key
        and peer.category is Category.INBOX
        and peer.monto_total == subject.monto_total
        and peer.moneda == subject.moneda
        and peer.fecha_emision is not None
        and abs((subject.fecha_emision - peer.fecha_emision).days) <= window
        and peer.order_key() < mine
    ]


def check_double_billing(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a total that the same emisor billed shortly before under another folio.

    With the same lines too it is ``alta`` (the same sale billed twice); with other lines,
    ``media`` (it may be a coincidence).
    """
    subject = evaluation.subject
    if subject.category is not Category.INBOX:
        return
    candidates = _near_earlier_same_total(evaluation)
    if not candidates:
        return
    same_lines = [
        peer for peer in candidates if peer.content.detail_key == subject.content.detail_key
    ]
    rule = DUPLICADO_MISMO_DETALLE if same_lines else DUPLICADO_MISMO_MONTO
    chosen = max(same_lines or candidates, key=lambda peer: peer.order_key())
    yield rule.finding(
        {
            "monto": format_amount(subject.monto_total or 0, subject.moneda),
            "folio_anterior": chosen.folio,
            "fecha_anterior": format_date(chosen.fecha_emision),
            "dias": evaluation.settings.duplicate_window_days,
        },
        {
            "documento_anterior": {"id": chosen.id, "folio": chosen.folio, "tipo": chosen.tipo},
            "monto_total": subject.monto_total,
            "candidatos": [peer.folio for peer in candidates],
        },
    )


def check_copy_after_decision(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag another copy of a document that was already accepted or claimed.

    A repeated invoice after its decision is how the same debt gets paid twice.
    """
    subject = evaluation.subject
    decided = subject.decided
    if decided is None or len(subject.arrivals) < 2:
        return
    later = [arrival for arrival in subject.arrivals[1:] if arrival.at > decided.at]
    if not later:
        return
    copy = later[0]
    yield DUPLICADO_YA_DECIDIDO.finding(
        {
            "decision": decision_name(decided.action),
            "decidido": format_datetime(decided.at),
            "llegada": format_datetime(copy.at),
        },
        {
            "decision": decided.action,
            "origen": decided.origin,
            "decidido": decided.at.isoformat(),
            "copias": [
                {"archivo": arrival.name, "llegada": arrival.at.isoformat()} for arrival in later
            ],
        },
    )


CHECKS = (check_identity_conflict, check_double_billing, check_copy_after_decision)
