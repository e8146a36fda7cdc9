"""Authenticity: signatures, signer certificate, electronic stamp (TED) and its CAF.

These rules turn the verification core's verdicts into findings. The verdicts keep the
technical detail, and the findings explain what it means. Every failure here is ``alta``: a document
whose signature, stamp or CAF fails cannot be shown to come from its emisor unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from cymadesk.formatting import format_date
from cymadesk.models.message import ParamValue
from cymadesk.models.risk import RiskFinding, Severity
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.risk.facts import Evaluation
from cymadesk.risk.registry import Area, Rule
from cymadesk.risk.rules.addressing import rut_display
from cymadesk.sii.ted import shown_value

FIRMA_AUSENTE = Rule("FIRMA_AUSENTE", Area.AUTENTICIDAD, Severity.ALTA)
DOCUMENTO_ALTERADO = Rule("DOCUMENTO_ALTERADO", Area.AUTENTICIDAD, Severity.ALTA)
FIRMA_INVALIDA = Rule("FIRMA_INVALIDA", Area.AUTENTICIDAD, Severity.ALTA)
FIRMANTE_DESCONOCIDO = Rule("FIRMANTE_DESCONOCIDO", Area.AUTENTICIDAD, Severity.ALTA)
CERTIFICADO_NO_VIGENTE = Rule("CERTIFICADO_NO_VIGENTE", Area.AUTENTICIDAD, Severity.ALTA)
FIRMA_ENVIO_AUSENTE = Rule("FIRMA_ENVIO_AUSENTE", Area.AUTENTICIDAD, Severity.ALTA)
FIRMA_ENVIO_INVALIDA = Rule("FIRMA_ENVIO_INVALIDA", Area.AUTENTICIDAD, Severity.ALTA)
TED_AUSENTE = Rule("TED_AUSENTE", Area.AUTENTICIDAD, Severity.ALTA)
TED_FIRMA_INVALIDA = Rule("TED_FIRMA_INVALIDA", Area.AUTENTICIDAD, Severity.ALTA)
TED_NO_COINCIDE = Rule("TED_NO_COINCIDE", Area.AUTENTICIDAD, Severity.ALTA)
TED_FUERA_DE_RANGO = Rule("TED_FUERA_DE_RANGO", Area.AUTENTICIDAD, Severity.ALTA)
CAF_OTRO_EMISOR = Rule("CAF_OTRO_EMISOR", Area.AUTENTICIDAD, Severity.ALTA)
CAF_OTRO_TIPO = Rule("CAF_OTRO_TIPO", Area.AUTENTICIDAD, Severity.ALTA)
CAF_FIRMA_INVALIDA = Rule("CAF_FIRMA_INVALIDA", Area.AUTENTICIDAD, Severity.ALTA)
CAF_IDK_DESCONOCIDO = Rule("CAF_IDK_DESCONOCIDO", Area.AUTENTICIDAD, Severity.ALTA)
CAF_CERTIFICACION = Rule("CAF_CERTIFICACION", Area.AUTENTICIDAD, Severity.ALTA)
CAF_SANDBOX = Rule("CAF_SANDBOX", Area.AUTENTICIDAD, Severity.ALTA)
ESQUEMA_INVALIDO = Rule("ESQUEMA_INVALIDO", Area.AUTENTICIDAD, Severity.MEDIA)

RULES = (
    FIRMA_AUSENTE,
    DOCUMENTO_ALTERADO,
    FIRMA_INVALIDA,
    FIRMANTE_DESCONOCIDO,
    CERTIFICADO_NO_VIGENTE,
    FIRMA_ENVIO_AUSENTE,
    FIRMA_ENVIO_INVALIDA,
    TED_AUSENTE,
    TED_FIRMA_INVALIDA,
    TED_NO_COINCIDE,
    TED_FUERA_DE_RANGO,
    CAF_OTRO_EMISOR,
    CAF_OTRO_TIPO,
    CAF_FIRMA_INVALIDA,
    CAF_IDK_DESCONOCIDO,
    CAF_CERTIFICACION,
    CAF_SANDBOX,
    ESQUEMA_INVALIDO,
)

# Signature failures that mean the signer cannot be identified, rather than a bad signature.
_UNKNOWN_SIGNER_CODES = frozenset(
    {"firma.firmante_desconocido", "firma.clave_distinta_certificado"}
)
_CERTIFICATE_DATE_CODES = frozenset({"certificado.vencido_al_firmar", "certificado.no_vigente_aun"})
# Differences the verifier reports between the TED and its CAF, and the rule each one triggers.
_CAF_FIELDS = {"CAF/RE": CAF_OTRO_EMISOR, "CAF/TD": CAF_OTRO_TIPO, "CAF/RNG": TED_FUERA_DE_RANGO}


def _verdict_evidence(verdict: Verdict) -> dict[str, Any]:
    return {"veredicto": verdict.message.code, **dict(verdict.evidence)}


def check_signature(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag the document's own XMLDSig: missing, content changed, signer unknown or invalid."""
    verdict = evaluation.subject.failed(VerdictKey.FIRMA)
    if verdict is None:
        return
    code = verdict.message.code
    if code == "firma.ausente":
        yield FIRMA_AUSENTE.finding()
    elif code == "firma.digest_no_coincide":
        yield DOCUMENTO_ALTERADO.finding(evidence=_verdict_evidence(verdict))
    elif code in _UNKNOWN_SIGNER_CODES:
        yield FIRMANTE_DESCONOCIDO.finding(evidence=_verdict_evidence(verdict))
    else:
        yield FIRMA_INVALIDA.finding(evidence=_verdict_evidence(verdict))


def check_certificate(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a signer certificate that had expired, or was not valid yet, at signing time.

    Other certificate failures (unreadable, other key) already make the signature fail.
    """
    verdict = evaluation.subject.failed(VerdictKey.CERTIFICADO)
    if verdict is None or verdict.message.code not in _CERTIFICATE_DATE_CODES:
        return
    params = verdict.message.params
    yield CERTIFICADO_NO_VIGENTE.finding(
        {name: _date_text(params.get(name)) for name in ("desde", "hasta", "firmado")},
        _verdict_evidence(verdict),
    )


def _date_text(value: object) -> str:
    """Format an ISO date from a verdict's parameters the Chilean way, or return it as it came."""
    try:
        return format_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "?")


def check_envelope(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a missing or invalid envelope (EnvioDTE) signature on the copy shown."""
    verdict = evaluation.subject.failed(VerdictKey.FIRMA_ENVIO)
    if verdict is None:
        return
    if verdict.message.code == "firma_envio.ausente":
        yield FIRMA_ENVIO_AUSENTE.finding()
    else:
        yield FIRMA_ENVIO_INVALIDA.finding(evidence=_verdict_evidence(verdict))


def _differences(verdict: Verdict) -> list[Mapping[str, Any]]:
    raw = verdict.evidence.get("diferencias")
    return [item for item in raw if isinstance(item, Mapping)] if isinstance(raw, list) else []


def check_stamp(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a TED that is missing, has an invalid FRMT, or disagrees with the body or CAF."""
    verdict = evaluation.subject.failed(VerdictKey.TED)
    if verdict is None:
        return
    code = verdict.message.code
    if code in ("ted.ausente", "ted.sin_caf"):
        yield TED_AUSENTE.finding(evidence={"veredicto": code})
        return
    if code == "ted.firma_invalida":
        yield TED_FIRMA_INVALIDA.finding(evidence=_verdict_evidence(verdict))
        return

    differences = _differences(verdict)
    body = [item for item in differences if str(item.get("campo")) not in _CAF_FIELDS]
    if body:
        first = body[0]
        yield TED_NO_COINCIDE.finding(
            {
                "campos": ", ".join(str(item.get("campo")) for item in body),
                "campo": str(first.get("campo", "")),
                "ted": shown_value(str(first.get("campo", "")), str(first.get("ted", ""))),
                "documento": shown_value(
                    str(first.get("campo", "")), str(first.get("documento", ""))
                ),
            },
            {"diferencias": body},
        )
    yield from _caf_mismatches(evaluation, differences)


def _caf_mismatches(
    evaluation: Evaluation, differences: list[Mapping[str, Any]]
) -> Iterator[RiskFinding]:
    ted = evaluation.subject.document.ted
    caf = ted.caf if ted is not None else None
    for item in differences:
        rule = _CAF_FIELDS.get(str(item.get("campo")))
        if rule is None:
            continue
        params: dict[str, ParamValue]
        if rule is TED_FUERA_DE_RANGO:
            params = {
                "folio": evaluation.subject.folio,
                "desde": caf.folio_from if caf and caf.folio_from is not None else 0,
                "hasta": caf.folio_to if caf and caf.folio_to is not None else 0,
            }
        elif rule is CAF_OTRO_EMISOR:
            params = {
                "rut_caf": rut_display(str(item.get("ted", ""))),
                "rut": rut_display(str(item.get("documento", ""))),
            }
        else:
            params = {"tipo_caf": str(item.get("ted", "")), "tipo": str(item.get("documento", ""))}
        yield rule.finding(params, {"diferencia": dict(item)})


def check_caf(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a CAF not signed by the SII, signed with an unknown SII key, or by the sandbox."""
    verdict = evaluation.subject.verdict(VerdictKey.CAF)
    if verdict is None:
        return
    code = verdict.message.code
    if verdict.state is VerdictState.FALLA and code == "caf.sandbox_no_confiable":
        yield CAF_SANDBOX.finding(evidence=_verdict_evidence(verdict))
    elif verdict.state is VerdictState.FALLA:
        yield CAF_FIRMA_INVALIDA.finding(evidence=_verdict_evidence(verdict))
    elif code == "caf.idk_desconocido":
        yield CAF_IDK_DESCONOCIDO.finding(
            {"idk": str(verdict.message.params.get("idk", ""))}, _verdict_evidence(verdict)
        )


def check_environment(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a certification-environment CAF on a document received by a real company.

    Documents stamped with the SII's certification CAFs (IDK 100) are test documents with no
    tax validity, which only a company of ambiente certificación expects.
    """
    subject = evaluation.subject
    company = evaluation.company
    if (
        subject.ambiente is Ambiente.CERTIFICACION
        and company.ambiente is not Ambiente.CERTIFICACION
    ):
        yield CAF_CERTIFICACION.finding(evidence={"ambiente": subject.ambiente.value})


def check_schema(evaluation: Evaluation) -> Iterator[RiskFinding]:
    """Flag a document outside the SII's schema: badly built, though maybe authentic."""
    verdict = evaluation.subject.failed(VerdictKey.ESQUEMA)
    if verdict is None:
        return
    # The verdict's parameters carry "detalle" and, for a recognised libxml2 error, the nested
    # code and values that render it in the reader's language.
    yield ESQUEMA_INVALIDO.finding(dict(verdict.message.params), _verdict_evidence(verdict))


CHECKS = (
    check_signature,
    check_certificate,
    check_envelope,
    check_stamp,
    check_caf,
    check_environment,
    check_schema,
)
