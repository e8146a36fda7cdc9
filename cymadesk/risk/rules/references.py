"""References: notes that modify documents the company never received or already accepted,
and purchase orders the company never issued.
"""

from __future__ import annotations

from collections.abc import Iterator

from cymadesk.formatting import format_amount, format_date, format_datetime
from cymadesk.models.dte_types import PURCHASE_ORDER_REFERENCE
from cymadesk.models.inbox import Category
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.risk.content import reference_key
from cymadesk.risk.facts import Evaluation, decision_name
from cymadesk.risk.registry import Area, Rule
from cymadesk.risk.settings import normalize_order

NOTA_DEBITO_SIN_DOCUMENTO = Rule("NOTA_DEBITO_SIN_DOCUMENTO", Area.REFERENCIAS, Severity.ALTA)
NOTA_CREDITO_SIN_DOCUMENTO = Rule("NOTA_CREDITO_SIN_DOCUMENTO", Area.REFERENCIAS, Severity.MEDIA)
NOTA_DEBITO_SOBRE_ACEPTADO = Rule("NOTA_DEBITO_SOBRE_ACEPTADO", Area.REFERENCIAS, Severity.MEDIA)
OC_DESCONOCIDA = Rule("OC_DESCONOCIDA", Area.REFERENCIAS, Severity.ALTA)

RULES = (
    NOTA_DEBITO_SIN_DOCUMENTO,
    NOTA_CREDITO_SIN_DOCUMENTO,
    NOTA_DEBITO_SOBRE_ACEPTADO,
    OC_DESCONOCIDA,
)

INVOICE_TYPES = frozenset({33, 34, 43, 46, 110})
# CodRef 2 corrects text only, so a debit note with it raises nothing.
CORRECTS_TEXT = "2"


def check_missing_original(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a debit or credit note whose referenced document is not stored.

    Only references dated on or after the company's oldest stored document count: older
    ones may predate the company's use of CymaDesk.
    """
    subject = evaluation.subject
    kind = subject.document.tipo
    if subject.category is not Category.INBOX or kind is None or not kind.is_note:
        return
    rule = NOTA_DEBITO_SIN_DOCUMENTO if kind.is_debit_note else NOTA_CREDITO_SIN_DOCUMENTO
    since = evaluation.covered_since
    for reference in subject.document.references:
        key = reference_key(subject.rut_emisor, reference)
        if key is None or evaluation.referenced.get(key) is not None:
            continue
        if reference.date is not None and since is not None and reference.date < since:
            continue
        yield rule.finding(
            {
                "tipo": key[1],
                "folio": key[2],
                "fecha": format_date(reference.date) if reference.date else "?",
            },
            {
                "referencia": {
                    "rut_emisor": key[0],
                    "tipo": key[1],
                    "folio": key[2],
                    "fecha": reference.date.isoformat() if reference.date else None,
                    "codigo": reference.code,
                }
            },
        )
        return


def check_debit_after_acceptance(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a debit note that raises an invoice accepted before the note arrived.

    Acceptance may be express (ACD, ERM) or tacit (8 days without a claim). An accepted
    invoice can no longer be claimed, and a debit note has no claim window of its own.
    """
    subject = evaluation.subject
    kind = subject.document.tipo
    if subject.category is not Category.INBOX or kind is None or not kind.is_debit_note:
        return
    if not subject.monto_total or subject.monto_total <= 0:
        return
    for reference in subject.document.references:
        key = reference_key(subject.rut_emisor, reference)
        if key is None or key[1] not in INVOICE_TYPES or reference.code == CORRECTS_TEXT:
            continue
        original = evaluation.referenced.get(key)
        accepted = original.accepted_before(subject.first_seen_at) if original else None
        if original is None or accepted is None:
            continue
        yield NOTA_DEBITO_SOBRE_ACEPTADO.finding(
            {
                "monto": format_amount(subject.monto_total, subject.moneda),
                "folio": original.folio,
                "aceptado": format_datetime(accepted.at),
                "forma": decision_name(accepted.action),
            },
            {
                "documento": {"id": original.id, "tipo": original.tipo, "folio": original.folio},
                "aceptacion": accepted.action,
                "origen": accepted.origin,
                "aceptado": accepted.at.isoformat(),
            },
        )
        return


def check_purchase_order(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a purchase order (TpoDocRef 801) that is not in the company's list of its orders.

    Only for companies that keep that list (setting ``risk.purchase_orders``).
    """
    orders = evaluation.settings.purchase_order_set
    subject = evaluation.subject
    if not orders or subject.category is not Category.INBOX:
        return
    unknown = [
        reference.folio.strip()
        for reference in subject.document.references
        if (reference.doc_type or "").strip() == PURCHASE_ORDER_REFERENCE
        and reference.folio
        and normalize_order(reference.folio) not in orders
    ]
    if unknown:
        yield OC_DESCONOCIDA.finding(
            {"orden": unknown[0], "cantidad": len(orders)},
            {"ordenes_desconocidas": unknown, "ordenes_registradas": len(orders)},
        )


CHECKS = (check_missing_original, check_debit_after_acceptance, check_purchase_order)
