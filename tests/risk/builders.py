"""Builders for rule tests: documents, subjects, peers and evaluations without a database.

``dte`` writes an unsigned DTE with the fields the rules read; ``subject`` and ``peer`` turn
bytes into the facts a rule sees, with verdicts from the real verifier unless a test
replaces them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cymadesk.messages import all_texts, placeholders, render
from cymadesk.models.company import Company
from cymadesk.models.inbox import Category, DecisionState
from cymadesk.models.risk import RiskFinding
from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO
from cymadesk.models.verdict import Ambiente, Verdict, VerdictKey
from cymadesk.risk import rules
from cymadesk.risk.content import document_content
from cymadesk.risk.facts import (
    Arrival,
    Decided,
    Evaluation,
    Peer,
    RcvFacts,
    Referenced,
    StoredVerdict,
    Subject,
)
from cymadesk.risk.settings import RiskSettings
from cymadesk.services.importing import money_columns
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import DocumentReport, verify_file

COMPANY_RUT = "96790240-3"
EMISOR_RUT = "76354771-K"
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
COMPANY = Company(
    id=1,
    rut=Rut.parse(COMPANY_RUT),
    nombre="Minera Pelambres",
    ambiente=Ambiente.PRODUCCION,
    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
)


@dataclass(frozen=True)
class Item:
    name: str
    price: int | str
    quantity: int | str = 1


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dte(
    folio: int,
    *,
    tipo: int = 33,
    fecha: str = "2026-11-02",
    emisor: str = EMISOR_RUT,
    receptor: str = COMPANY_RUT,
    razon_social: str = "Distribuidora Ñuñoa SpA",
    items: Sequence[Item] = (Item("Resma papel carta", 1000),),
    tasa_iva: str | None = "19",
    iva: int | None = None,
    taxes: Iterable[tuple[str, str, int]] = (),
    correo: str | None = None,
    direccion: str | None = None,
    telefono: str | None = None,
    glosa_pago: str | None = None,
    references: Iterable[str] = (),
    ind_traslado: str | None = None,
    signed: str | None = None,
    total: int | None = None,
) -> bytes:
    """An unsigned DTE whose totals add up unless ``iva`` or ``total`` say otherwise.

    ``references`` are ``Referencia`` elements' inner XML; ``taxes`` are (TipoImp, TasaImp,
    MontoImp); ``signed`` is TmstFirma as written.
    """
    lines = []
    neto = 0
    for number, item in enumerate(items, 1):
        amount = round(float(item.price) * float(item.quantity))
        neto += amount
        lines.append(
            f"<Detalle><NroLinDet>{number}</NroLinDet><NmbItem>{_escape(item.name)}</NmbItem>"
            f"<QtyItem>{item.quantity}</QtyItem><PrcItem>{item.price}</PrcItem>"
            f"<MontoItem>{amount}</MontoItem></Detalle>"
        )
    rate = int(tasa_iva) if tasa_iva else 19
    computed_iva = (neto * rate + 50) // 100 if iva is None else iva
    tax_total = sum(amount for _, _, amount in taxes)
    grand_total = neto + computed_iva + tax_total if total is None else total
    id_doc = f"<TipoDTE>{tipo}</TipoDTE><Folio>{folio}</Folio><FchEmis>{fecha}</FchEmis>"
    if ind_traslado:
        id_doc += f"<IndTraslado>{ind_traslado}</IndTraslado>"
    if glosa_pago:
        id_doc += f"<TermPagoGlosa>{_escape(glosa_pago)}</TermPagoGlosa>"
    emisor_xml = f"<RUTEmisor>{emisor}</RUTEmisor><RznSoc>{_escape(razon_social)}</RznSoc>"
    emisor_xml += "<GiroEmis>Comercio</GiroEmis>"
    if telefono:
        emisor_xml += f"<Telefono>{telefono}</Telefono>"
    if correo:
        emisor_xml += f"<CorreoEmisor>{correo}</CorreoEmisor>"
    emisor_xml += "<Acteco>464903</Acteco>"
    if direccion:
        emisor_xml += f"<DirOrigen>{_escape(direccion)}</DirOrigen><CmnaOrigen>Ñuñoa</CmnaOrigen>"
    totals = f"<MntNeto>{neto}</MntNeto>"
    if tasa_iva:
        totals += f"<TasaIVA>{tasa_iva}</TasaIVA>"
    totals += f"<IVA>{computed_iva}</IVA>"
    for code, tax_rate, amount in taxes:
        totals += f"<ImptoReten><TipoImp>{code}</TipoImp><TasaImp>{tax_rate}</TasaImp>"
        totals += f"<MontoImp>{amount}</MontoImp></ImptoReten>"
    totals += f"<MntTotal>{grand_total}</MntTotal>"
    refs = "".join(
        f"<Referencia><NroLinRef>{n}</NroLinRef>{inner}</Referencia>"
        for n, inner in enumerate(references, 1)
    )
    stamp = f"<TmstFirma>{signed}</TmstFirma>" if signed else ""
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f'<DTE version="1.0"><Documento ID="F{folio}T{tipo}"><Encabezado>'
        f"<IdDoc>{id_doc}</IdDoc><Emisor>{emisor_xml}</Emisor>"
        f"<Receptor><RUTRecep>{receptor}</RUTRecep><RznSocRecep>Minera</RznSocRecep></Receptor>"
        f"<Totales>{totals}</Totales></Encabezado>{''.join(lines)}{refs}{stamp}"
        "</Documento></DTE>"
    ).encode("iso-8859-1")


def report(data: bytes, policy: TrustPolicy | None = None) -> DocumentReport:
    """The verifier's report of the only document in ``data``."""
    return verify_file(data, policy=policy or TrustPolicy.sii()).documents[0]


def _category(document_receptor: Rut | None, company: Company) -> Category:
    if document_receptor is not None and document_receptor == company.rut:
        return Category.INBOX
    return Category.NOT_ADDRESSED


def subject(
    data: bytes,
    *,
    identifier: int = 1000,
    policy: TrustPolicy | None = None,
    company: Company = COMPANY,
    first_seen: dt.datetime | None = None,
    verdicts: Mapping[VerdictKey, Verdict] | None = None,
    checked_at: dt.datetime = NOW,
    rcv: RcvFacts | None = None,
    decisions: Sequence[Decided] = (),
    arrivals: Sequence[Arrival] | None = None,
    signer: str | None = None,
) -> Subject:
    """The facts of the document in ``data`` as the engine would load them.

    ``verdicts`` replace the verifier's for the keys they name; all are stored at
    ``checked_at``. ``first_seen`` defaults to one hour after the signature or, unsigned,
    to noon of the issue date.
    """
    found = report(data, policy)
    document = found.document
    assert document is not None
    merged = {**found.verdicts, **(verdicts or {})}
    amount, currency, _ = money_columns(document)
    arrived = first_seen or _default_arrival(document.signed_at, document.fecha_emision)
    return Subject(
        id=identifier,
        ambiente_key=found.ambiente.value if found.ambiente else "desconocido",
        ambiente=found.ambiente,
        rut_emisor=document.emisor.rut.canonical if document.emisor.rut else "",
        tipo=int(document.id_doc.tipo_code or 0),
        folio=(document.folio or "").lstrip("0") or "0",
        category=_category(document.receptor.rut, company),
        body_sha256=found.body_sha256 or "",
        monto_total=amount,
        moneda=currency,
        fecha_emision=document.fecha_emision,
        signed_at=document.signed_at,
        first_seen_at=arrived,
        decision_state=DecisionState.PENDIENTE,
        document=document,
        content=document_content(document),
        verdicts={key: StoredVerdict(verdict, checked_at) for key, verdict in merged.items()},
        arrivals=tuple(arrivals) if arrivals is not None else (Arrival("f.xml", arrived),),
        rcv=rcv,
        decisions=tuple(decisions),
        signer=signer,
    )


def _default_arrival(signed_at: dt.datetime | None, fecha: dt.date | None) -> dt.datetime:
    if signed_at is not None:
        return signed_at + dt.timedelta(hours=1)
    day = fecha or NOW.date()
    return dt.datetime.combine(day, dt.time(12), SANTIAGO).astimezone(dt.UTC)


def peer(
    data: bytes,
    *,
    identifier: int,
    company: Company = COMPANY,
    authentic: bool = True,
    first_seen: dt.datetime | None = None,
    signer: str | None = None,
) -> Peer:
    """Another stored document of the emisor, built from ``data`` without verifying it."""
    facts = subject(data, identifier=identifier, company=company, first_seen=first_seen)
    return Peer(
        id=identifier,
        ambiente_key=facts.ambiente_key,
        tipo=facts.tipo,
        folio=facts.folio,
        category=facts.category,
        body_sha256=facts.body_sha256,
        monto_total=facts.monto_total,
        moneda=facts.moneda,
        fecha_emision=facts.fecha_emision,
        signed_at=facts.signed_at,
        first_seen_at=facts.first_seen_at,
        authentic=authentic,
        content=facts.content,
        signer=signer,
    )


def evaluation(
    facts: Subject,
    *,
    company: Company = COMPANY,
    peers: Sequence[Peer] = (),
    settings: RiskSettings | None = None,
    now: dt.datetime = NOW,
    referenced: Mapping[tuple[str, int, str], Referenced | None] | None = None,
    covered_since: dt.date | None = None,
    **setting_changes: Any,
) -> Evaluation:
    chosen = replace(settings or RiskSettings.defaults(), **setting_changes)
    return Evaluation(
        subject=facts,
        company=company,
        settings=chosen,
        now=now,
        peers=tuple(peers),
        referenced=referenced or {},
        covered_since=covered_since,
    )


def findings(context: Evaluation) -> dict[str, RiskFinding]:
    """Run every rule; return the findings by code, each checked to render in both languages."""
    result = {finding.code: finding for finding in rules.evaluate(context)}
    for finding in result.values():
        assert_renders(finding)
    return result


def assert_renders(finding: RiskFinding) -> None:
    """The explanation has a text and every placeholder of it gets a parameter."""
    for language in ("es", "en"):
        text = render(finding.explanation, language)
        assert text != finding.explanation.code, finding.code
    template = all_texts()[finding.explanation.code].es
    assert placeholders(template) <= set(finding.explanation.params), finding.code
