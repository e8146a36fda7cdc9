"""Parse and verify every document in a file: the one entry point of the verification core.

``verify_file`` takes the original bytes and returns, per document, the parsed fields and one
verdict per check: schema, document and envelope signatures, certificate, TED, CAF and
arithmetic. The SII's own state stays ``pendiente`` until the SII is asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from cymadesk.models.document import Document
from cymadesk.models.frozen import fast_frozen_init
from cymadesk.models.message import Message
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey, VerdictState
from cymadesk.sii.arithmetic import verify_arithmetic
from cymadesk.sii.c14n import canonical_standalone, strip_top_declarations
from cymadesk.sii.certificates import CertificateInfo
from cymadesk.sii.envelope import Caratula, FileClass, split
from cymadesk.sii.parse import find_container, parse_container
from cymadesk.sii.schema import validate_dte
from cymadesk.sii.ted import verify_stamp
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.xmldsig import IdIndex, SignatureResult, find_signatures, verify_signature
from cymadesk.sii.xmlload import DEFAULT_MAX_BYTES, load_xml
from cymadesk.sii.xmltext import child

logger = logging.getLogger(__name__)


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class DocumentReport:
    """One DTE of a file: its fields, its verdicts and what identifies its body."""

    position: int
    document: Document | None
    verdicts: Mapping[VerdictKey, Verdict] = field(default_factory=dict)
    ambiente: Ambiente | None = None
    body_sha256: str | None = None
    error: Message | None = None
    signer: Mapping[str, object] | None = None


@fast_frozen_init
@dataclass(frozen=True, slots=True)
class FileReport:
    """A whole file: its class, its documents and how it was read."""

    file_class: FileClass
    documents: tuple[DocumentReport, ...]
    caratula: Caratula | None = None
    envelope_signature: Verdict | None = None
    encoding: str = "utf-8"
    notes: tuple[Message, ...] = ()


def verify_file(
    data: bytes, *, policy: TrustPolicy | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> FileReport:
    """Parse and verify ``data``.

    Raises ``XmlRejected`` for hostile or malformed input and ``NotTaxDocument`` for XML that
    is no SII file; both carry a message for the user.
    """
    policy = policy or TrustPolicy.sii()
    loaded = load_xml(data, max_bytes=max_bytes)
    parts = split(loaded.root)
    if not parts.file_class.holds_documents:
        return FileReport(parts.file_class, (), encoding=loaded.encoding, notes=loaded.notes)

    ids = IdIndex.build(loaded.root)
    if ids.duplicates:
        logger.warning("File has duplicate ID attributes: %s", ", ".join(sorted(ids.duplicates)))
    envelope_verdict = None
    if parts.set_element is not None:
        envelope_verdict = _envelope_verdict(loaded.root, parts.set_element, ids)

    reports = tuple(
        _verify_dte(position, dte, ids, policy, envelope_verdict)
        for position, dte in enumerate(parts.dte_elements)
    )
    return FileReport(
        parts.file_class,
        reports,
        caratula=parts.caratula,
        envelope_signature=envelope_verdict,
        encoding=loaded.encoding,
        notes=loaded.notes,
    )


def _envelope_verdict(root: etree._Element, set_element: etree._Element, ids: IdIndex) -> Verdict:
    signatures = find_signatures(root)
    if not signatures:
        return Verdict(VerdictKey.FIRMA_ENVIO, VerdictState.FALLA, Message("firma_envio.ausente"))
    if len(signatures) > 1:
        return Verdict(
            VerdictKey.FIRMA_ENVIO,
            VerdictState.FALLA,
            Message("firma.multiple", {"cantidad": len(signatures)}),
        )
    result = verify_signature(
        signatures[0], expected_target=set_element, document_root=root, ids=ids
    )
    return _signature_verdict(VerdictKey.FIRMA_ENVIO, result)


def _signature_verdict(
    key: VerdictKey, result: SignatureResult, signer: Mapping[str, object] | None = None
) -> Verdict:
    """Return the verdict of a signature. ``signer`` may pass its certificate's evidence."""
    evidence = dict(result.evidence)
    if result.certificate is not None:
        evidence["certificado"] = (
            dict(signer) if signer is not None else result.certificate.to_evidence()
        )
    state = VerdictState.OK if result.valid else VerdictState.FALLA
    return Verdict(key, state, result.message, evidence)


def _verify_dte(
    position: int,
    dte: etree._Element,
    ids: IdIndex,
    policy: TrustPolicy,
    envelope_verdict: Verdict | None,
) -> DocumentReport:
    container = find_container(dte)
    if container is None:
        return DocumentReport(position, None, error=Message("dte.sin_documento"))
    document = parse_container(container)
    verdicts: dict[VerdictKey, Verdict] = {}

    verdicts[VerdictKey.ESQUEMA] = validate_dte(dte, document.id_doc.tipo_code)

    canonical_body = canonical_standalone(container)
    signature_result, signature_verdict, signer = _document_signature(
        dte, container, ids, canonical_body
    )
    verdicts[VerdictKey.FIRMA] = signature_verdict
    verdicts[VerdictKey.FIRMA_ENVIO] = envelope_verdict or Verdict(
        VerdictKey.FIRMA_ENVIO, VerdictState.NO_APLICA, Message("firma_envio.sin_sobre")
    )
    verdicts[VerdictKey.CERTIFICADO] = certificate_verdict(
        signature_result, document.signed_at, signer
    )

    stamp = verify_stamp(document, child(container, "TED"), policy)
    verdicts[VerdictKey.TED] = stamp.ted
    verdicts[VerdictKey.CAF] = stamp.caf
    verdicts[VerdictKey.ARITMETICA] = verify_arithmetic(document)
    verdicts[VerdictKey.ESTADO_SII] = Verdict(
        VerdictKey.ESTADO_SII, VerdictState.PENDIENTE, Message("estado_sii.no_consultado")
    )
    verdicts[VerdictKey.RCV] = Verdict(
        VerdictKey.RCV, VerdictState.PENDIENTE, Message("rcv.no_consultado")
    )
    return DocumentReport(
        position,
        document,
        verdicts,
        ambiente=stamp.ambiente,
        body_sha256=hashlib.sha256(strip_top_declarations(canonical_body)).hexdigest(),
        signer=signer,
    )


def _document_signature(
    dte: etree._Element, container: etree._Element, ids: IdIndex, canonical_body: bytes
) -> tuple[SignatureResult | None, Verdict, dict[str, object] | None]:
    """Verify the document signature and return its result, its verdict and the evidence of
    the signer certificate."""
    signatures = find_signatures(dte)
    if not signatures:
        verdict = Verdict(VerdictKey.FIRMA, VerdictState.FALLA, Message("firma.ausente"))
        return None, verdict, None
    if len(signatures) > 1:
        message = Message("firma.multiple", {"cantidad": len(signatures)})
        return None, Verdict(VerdictKey.FIRMA, VerdictState.FALLA, message), None
    result = verify_signature(
        signatures[0],
        expected_target=container,
        document_root=dte,
        ids=ids,
        target_canonical=canonical_body,
    )
    signer = result.certificate.to_evidence() if result.certificate is not None else None
    return result, _signature_verdict(VerdictKey.FIRMA, result, signer), signer


def certificate_verdict(
    result: SignatureResult | None,
    signed_at: dt.datetime | None,
    signer: Mapping[str, object] | None = None,
) -> Verdict:
    """Judge the signer certificate: readable, same key as KeyValue, valid when it signed.

    ``signer`` may pass ``result.certificate.to_evidence()`` when the caller already has it.
    """
    if result is None:
        return Verdict(
            VerdictKey.CERTIFICADO, VerdictState.NO_APLICA, Message("certificado.sin_firma")
        )
    info = result.certificate
    if info is None:
        problem = result.certificate_problem or Message("certificado.ilegible")
        return Verdict(VerdictKey.CERTIFICADO, VerdictState.FALLA, problem)
    evidence = dict(signer) if signer is not None else info.to_evidence()
    if result.certificate_problem is not None:
        return Verdict(
            VerdictKey.CERTIFICADO, VerdictState.FALLA, result.certificate_problem, evidence
        )
    if result.message.code == "firma.valor_invalido":
        # The signature does not verify with this certificate's key: its holder did not sign.
        message = Message("certificado.no_es_del_firmante", {"titular": _holder(info)})
        return Verdict(VerdictKey.CERTIFICADO, VerdictState.FALLA, message, evidence)
    if signed_at is None:
        return Verdict(
            VerdictKey.CERTIFICADO,
            VerdictState.NO_VERIFICABLE,
            Message("certificado.sin_fecha_firma"),
            evidence,
        )
    evidence["firmado"] = signed_at.isoformat()
    params = {
        "desde": info.not_before.date().isoformat(),
        "hasta": info.not_after.date().isoformat(),
        "firmado": signed_at.date().isoformat(),
    }
    if signed_at < info.not_before:
        message = Message("certificado.no_vigente_aun", params)
        return Verdict(VerdictKey.CERTIFICADO, VerdictState.FALLA, message, evidence)
    if signed_at > info.not_after:
        message = Message("certificado.vencido_al_firmar", params)
        return Verdict(VerdictKey.CERTIFICADO, VerdictState.FALLA, message, evidence)
    message = Message("certificado.ok", {"titular": _holder(info)})
    return Verdict(VerdictKey.CERTIFICADO, VerdictState.OK, message, evidence)


def _holder(info: CertificateInfo) -> str:
    return info.common_name or info.subject


def body_digest(container: etree._Element) -> str:
    """SHA-256 of the canonical document body, the same in any envelope or none.

    Two copies of a document have the same body exactly when these digests are equal: the
    body is canonicalized standalone with no namespace declarations on its top element.
    """
    canonical = strip_top_declarations(canonical_standalone(container))
    return hashlib.sha256(canonical).hexdigest()
