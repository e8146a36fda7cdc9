"""Addressing: who the document says it is from and to."""

from __future__ import annotations

from collections.abc import Iterator

from cymadesk.models.inbox import Category
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.rut import Rut, compute_check_digit
from cymadesk.risk.facts import Evaluation
from cymadesk.risk.registry import Area, Rule

RECEPTOR_OTRA_EMPRESA = Rule("RECEPTOR_OTRA_EMPRESA", Area.DESTINATARIO, Severity.MEDIA)
EMISOR_RUT_INVALIDO = Rule("EMISOR_RUT_INVALIDO", Area.DESTINATARIO, Severity.ALTA)
EMISOR_ES_LA_EMPRESA = Rule("EMISOR_ES_LA_EMPRESA", Area.DESTINATARIO, Severity.ALTA)

RULES = (RECEPTOR_OTRA_EMPRESA, EMISOR_RUT_INVALIDO, EMISOR_ES_LA_EMPRESA)

GUIA_DESPACHO = 52
# IndTraslado of a guía that moves goods without a sale: internal transfers (5) and other
# transfers (6), which a company legitimately issues to itself.
_TRANSFERS_WITHOUT_SALE = frozenset({"5", "6"})


def rut_display(text: str | None) -> str:
    """Format a RUT as people read it (``12.345.678-5``), or return the text if it is none."""
    rut = Rut.try_parse(text, strict=False)
    return rut.formatted if rut is not None else (text or "?")


def check_receptor(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a document addressed to another RUT: it is not the company's and gives no IVA credit.

    Never ``alta`` on its own: it usually means a file meant for someone else.
    """
    subject = evaluation.subject
    if subject.category is not Category.NOT_ADDRESSED:
        return
    receptor = subject.document.receptor.rut_text
    yield RECEPTOR_OTRA_EMPRESA.finding(
        {"receptor": rut_display(receptor), "empresa": evaluation.company.rut.formatted},
        {"rut_receptor": receptor, "rut_empresa": evaluation.company.rut.canonical},
    )


def check_emisor_rut(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag an emisor RUT whose check digit is wrong: the SII authorises no such document."""
    emisor = evaluation.subject.document.emisor
    if emisor.rut is not None and emisor.rut.is_valid:
        return
    text = emisor.rut_text or ""
    params = {"rut": text}
    evidence: dict[str, object] = {"rut_emisor": text}
    if emisor.rut is not None:
        expected = compute_check_digit(emisor.rut.number)
        params["esperado"] = expected
        evidence["digito_esperado"] = expected
    else:
        params["esperado"] = "?"
    yield EMISOR_RUT_INVALIDO.finding(params, evidence)


def check_self_issued(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a received invoice or note issued by the company itself.

    Guías de despacho for internal transfers are the exception: a company issues those to
    itself to move its own goods.
    """
    subject = evaluation.subject
    emisor = subject.document.emisor.rut
    if emisor is None or emisor != evaluation.company.rut:
        return
    traslado = subject.document.id_doc.ind_traslado
    if subject.tipo == GUIA_DESPACHO and traslado in _TRANSFERS_WITHOUT_SALE:
        return
    yield EMISOR_ES_LA_EMPRESA.finding(
        {"rut": emisor.formatted}, {"rut_emisor": emisor.canonical, "tipo": subject.tipo}
    )


CHECKS = (check_receptor, check_emisor_rut, check_self_issued)
