"""Honest documents of every type verify in full, in every layout issuers use."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from lxml import etree

from cymadesk.models.verdict import Ambiente, VerdictKey, VerdictState
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.caf import Caf
from cymadesk.sii.factory.documents import TedLayout, check_caf, sign_document
from cymadesk.sii.factory.specs import DocumentSpec, GlobalDiscountSpec, LineSpec
from cymadesk.sii.factory.totals import compute_totals
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import DocumentReport, verify_file
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import (
    ALL_TYPES,
    CORPUS,
    EXPECTED_TOTALS,
    OTHER_ISSUER,
    SIGNED_AT,
    sample_spec,
)

HONEST_CODES = {
    VerdictKey.FIRMA: "firma.ok",
    VerdictKey.CERTIFICADO: "certificado.ok",
    VerdictKey.TED: "ted.ok",
    VerdictKey.CAF: "caf.ok_sandbox",
    VerdictKey.ARITMETICA: "aritmetica.ok",
}


def _only_report(data: bytes, policy: TrustPolicy) -> DocumentReport:
    report = verify_file(data, policy=policy)
    assert len(report.documents) == 1
    return report.documents[0]


def _sign(spec: DocumentSpec, caf_for: CafFactory, signer: Signer, **options: object) -> bytes:
    return sign_document(spec, caf_for(spec.tipo), signer, signed_at=SIGNED_AT, **options)  # type: ignore[arg-type]


def _assert_honest(document: DocumentReport, *, schema_code: str = "esquema.ok") -> None:
    verdicts = document.verdicts
    assert verdicts[VerdictKey.ESQUEMA].message.code == schema_code, verdicts[VerdictKey.ESQUEMA]
    for key, code in HONEST_CODES.items():
        assert verdicts[key].state is VerdictState.OK, verdicts[key]
        assert verdicts[key].message.code == code, verdicts[key]
    assert document.ambiente is Ambiente.SANDBOX


@pytest.mark.parametrize("tipo", ALL_TYPES)
def test_every_type_verifies(
    tipo: int, caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    document = _only_report(_sign(sample_spec(tipo), caf_for, signer), policy)

    _assert_honest(document)
    assert document.document is not None
    assert document.document.totals.mnt_total_text == EXPECTED_TOTALS[tipo]
    assert document.verdicts[VerdictKey.FIRMA_ENVIO].state is VerdictState.NO_APLICA


@pytest.mark.parametrize("tipo", ALL_TYPES)
@pytest.mark.parametrize(
    ("namespace", "ted_layout", "indent"),
    [
        (False, "flat", True),
        (True, "pretty", True),
        (True, "flat", False),
        (False, "pretty", False),
    ],
)
def test_layouts_verify(
    tipo: int,
    namespace: bool,
    ted_layout: TedLayout,
    indent: bool,
    caf_for: CafFactory,
    signer: Signer,
    policy: TrustPolicy,
) -> None:
    data = _sign(
        sample_spec(tipo),
        caf_for,
        signer,
        namespace=namespace,
        ted_layout=ted_layout,
        indent=indent,
    )

    _assert_honest(
        _only_report(data, policy),
        schema_code="esquema.ok" if namespace else "esquema.ok_ajustado",
    )


def test_pretty_ted_has_whitespace_in_dd(caf_for: CafFactory, signer: Signer) -> None:
    flat = _sign(sample_spec(33), caf_for, signer, ted_layout="flat")
    pretty = _sign(sample_spec(33), caf_for, signer, ted_layout="pretty")

    assert b"<DD><RE>76086428-5</RE><TD>33</TD>" in flat
    assert b"<DD>\n" in pretty
    assert b"<DD><RE>" not in pretty


def test_signature_without_transform_verifies(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    data = _sign(sample_spec(33), caf_for, signer, c14n_transform=False)

    assert b"<Transforms>" not in data
    _assert_honest(_only_report(data, policy))


def test_file_is_latin1_with_declaration(caf_for: CafFactory, signer: Signer) -> None:
    data = _sign(sample_spec(33), caf_for, signer)

    assert data.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<DTE ')
    assert "Comercial O'Higgins &amp; Cía. Ltda.".encode("iso-8859-1") in data
    assert "Cía".encode() not in data


def test_signature_is_last_child_of_dte(caf_for: CafFactory, signer: Signer) -> None:
    root = etree.fromstring(_sign(sample_spec(33), caf_for, signer))

    names = [etree.QName(node).localname for node in root]
    assert names == ["Documento", "Signature"]
    assert root[1].nsmap[None] == "http://www.w3.org/2000/09/xmldsig#"
    reference = root[1].find(".//{http://www.w3.org/2000/09/xmldsig#}Reference")
    assert reference is not None
    assert reference.get("URI") == "#F150T33"


def test_ted_fields_match_document(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    document = _only_report(_sign(sample_spec(33), caf_for, signer), policy).document
    assert document is not None
    ted = document.ted
    assert ted is not None

    assert ted.rut_emisor == "76086428-5"
    assert ted.folio == "150"
    assert ted.rut_receptor == "77123456-9"
    assert ted.razon_social_receptor == "Cyma Ingeniería y Servicios Integrales d"
    assert ted.monto_total == "282295"
    assert ted.first_item == "Cemento Polpaico especial 25 kg"
    assert ted.caf is not None
    assert (ted.caf.folio_from, ted.caf.folio_to, ted.caf.idk) == (101, 300, 999)


def test_factura_totals_are_exact(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    document = _only_report(_sign(sample_spec(33), caf_for, signer), policy).document
    assert document is not None
    totals = document.totals

    assert totals.mnt_neto == Decimal(237223)
    assert totals.tasa_iva == Decimal(19)
    assert totals.iva == Decimal(45072)
    assert totals.mnt_total == Decimal(282295)
    assert [line.amount for line in document.lines] == [Decimal(211600), Decimal(25623)]
    assert document.lines[1].discount_amount == Decimal(1349)


def test_mixed_lines_split_neto_and_exento(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    exempt = LineSpec("Flete exento de zona franca", 45000, exempt=True)
    spec = sample_spec(33, lines=(sample_spec(33).lines[0], exempt))
    document = _only_report(_sign(spec, caf_for, signer), policy)
    assert document.document is not None
    totals = document.document.totals

    assert totals.mnt_neto == Decimal(211600)
    assert totals.mnt_exe == Decimal(45000)
    assert totals.iva == Decimal(40204)
    assert totals.mnt_total == Decimal(296804)
    _assert_honest(document)


def test_export_amounts_in_currency_and_pesos(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    document = _only_report(_sign(sample_spec(110), caf_for, signer), policy).document
    assert document is not None

    assert document.totals.moneda_text == "DOLAR USA"
    assert document.totals.mnt_exe == Decimal("7993.2075")
    assert document.other_currency is not None
    assert document.other_currency.moneda_text == "PESO CL"
    # 7.993,2075 × 943,27 = 7.539.752,838525
    assert document.other_currency.mnt_total == Decimal(7539753)
    assert document.ted is not None
    assert document.ted.monto_total == "7993.2075"


def test_boleta_uses_boleta_tags(caf_for: CafFactory, signer: Signer, policy: TrustPolicy) -> None:
    data = _sign(sample_spec(39), caf_for, signer)
    document = _only_report(data, policy).document
    assert document is not None

    assert b"<RznSocEmisor>" in data
    assert b"<GiroEmisor>" in data
    assert b"<IndServicio>3</IndServicio>" in data
    assert b"<TasaIVA>" not in data
    # 8.600 gross: neto 7.227 (8.600 / 1,19 = 7.226,9), IVA 1.373.
    assert document.totals.mnt_neto == Decimal(7227)
    assert document.totals.iva == Decimal(1373)


def test_factura_compra_withholds_iva(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    document = _only_report(_sign(sample_spec(46), caf_for, signer), policy).document
    assert document is not None

    assert [(tax.code, tax.amount) for tax in document.totals.taxes] == [("15", Decimal(71250))]
    assert document.totals.iva == Decimal(71250)
    assert document.totals.mnt_total == Decimal(375000)


def test_liquidacion_carries_commissions(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    data = _sign(sample_spec(43), caf_for, signer)
    document = _only_report(data, policy).document
    assert document is not None

    assert etree.QName(etree.fromstring(data)[0]).localname == "Liquidacion"
    assert document.totals.commission_neto == Decimal(493290)
    assert document.totals.commission_iva == Decimal(93725)
    assert [line.liquidated_doc_type for line in document.lines] == ["33"]


def test_additional_tax_adds_to_total(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    bebida = LineSpec("Bebida analcohólica 1,5 l (pack 6)", 4990, 10, "PK", additional_tax="27")
    spec = sample_spec(33, lines=(bebida,), references=())
    document = _only_report(_sign(spec, caf_for, signer), policy)
    assert document.document is not None
    totals = document.document.totals

    # Neto 49.900, IVA 9.481, impuesto adicional 10 % = 4.990.
    assert [(tax.code, tax.amount) for tax in totals.taxes] == [("27", Decimal(4990))]
    assert totals.mnt_total == Decimal(64371)
    _assert_honest(document)


def test_global_discount_reduces_neto(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    spec = sample_spec(33, global_discounts=(GlobalDiscountSpec(5, glosa="Descuento por volumen"),))
    document = _only_report(_sign(spec, caf_for, signer), policy)
    assert document.document is not None

    # 237.223 − 5 % (11.861,15 → 11.861) = 225.362; IVA 42.819 (42.818,78).
    assert document.document.totals.mnt_neto == Decimal(225362)
    assert document.document.totals.iva == Decimal(42819)
    _assert_honest(document)


def test_check_caf_rejects_mismatches(caf_for: CafFactory) -> None:
    spec = sample_spec(33)

    with pytest.raises(ValueError, match="not to 76086428-5"):
        check_caf(spec, caf_for(33, OTHER_ISSUER))
    with pytest.raises(ValueError, match="authorises type 34"):
        check_caf(spec, caf_for(34))
    with pytest.raises(ValueError, match=r"outside 101\.\.300"):
        check_caf(dataclasses.replace(spec, folio=301), caf_for(33))


def test_spec_rejects_note_without_code() -> None:
    with pytest.raises(ValueError, match="needs a reference with CodRef"):
        sample_spec(61, references=())


def test_totals_need_no_signature() -> None:
    totals = compute_totals(sample_spec(43))

    assert totals.total == Decimal(9196570)
    assert totals.commission_neto + totals.commission_iva == Decimal(587015)


@pytest.mark.skipif(
    not (CORPUS / "caf").is_dir(), reason="../shared/corpus is not beside this checkout"
)
def test_real_certification_caf_stamps(signer: Signer, policy: TrustPolicy) -> None:
    """A TED made with a CAF the SII issued verifies against the SII's own IDK 100 key."""
    caf = Caf.from_autorizacion((CORPUS / "caf" / "mediabox_CAF_T33_cert.xml").read_bytes())
    emisor = dataclasses.replace(
        OTHER_ISSUER, rut=caf.rut_emisor, razon_social="Diseño y Entretenimientos Within Play Ltda."
    )
    spec = sample_spec(33, emisor=emisor, folio=caf.folio_from, fecha_emision=caf.authorised_on)
    document = _only_report(sign_document(spec, caf, signer, signed_at=SIGNED_AT), policy)

    assert document.verdicts[VerdictKey.TED].message.code == "ted.ok"
    assert document.verdicts[VerdictKey.CAF].message.code == "caf.ok_certificacion"
    assert document.ambiente is Ambiente.CERTIFICACION


def test_exempt_type_discount_is_exempt(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    discount = GlobalDiscountSpec(10, glosa="Descuento por pago anticipado")
    data = _sign(sample_spec(34, global_discounts=(discount,)), caf_for, signer)
    document = _only_report(data, policy)
    assert document.document is not None

    # 2.065.430 − 10 % (206.543) = 1.858.887, all exempt.
    assert b"<IndExeDR>1</IndExeDR>" in data
    assert document.document.totals.mnt_exe == Decimal(1858887)
    assert document.document.totals.mnt_total == Decimal(1858887)
    _assert_honest(document)


def test_export_fixed_discount_verifies(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    discount = GlobalDiscountSpec(Decimal("93.20"), is_percentage=False, glosa="Rebaja")
    document = _only_report(
        _sign(sample_spec(110, global_discounts=(discount,)), caf_for, signer), policy
    )
    assert document.document is not None

    assert document.document.totals.mnt_exe == Decimal("7900.0075")
    _assert_honest(document)


def test_export_percentage_discount_verifies(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy
) -> None:
    discount = GlobalDiscountSpec(3, glosa="Descuento por volumen")
    document = _only_report(
        _sign(sample_spec(110, global_discounts=(discount,)), caf_for, signer), policy
    )
    assert document.document is not None

    # 7.993,2075 − 3 % (239,796225 → 239,7962) = 7.753,4113 dollars.
    assert document.document.totals.mnt_exe == Decimal("7753.4113")
    assert document.verdicts[VerdictKey.ARITMETICA].message.code == "aritmetica.ok"


def test_global_discount_rejects_four_decimals() -> None:
    with pytest.raises(ValueError, match="with 2 decimals"):
        GlobalDiscountSpec(Decimal("93.2075"), is_percentage=False)
