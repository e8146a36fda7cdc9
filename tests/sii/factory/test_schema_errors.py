"""The esquema verdict renders libxml2's errors in Spanish and English.

Each case alters a signed sample so that the SII schema rejects it, verifies the file as
``cymadesk check`` does, and compares the rendered verdict with the expected sentence. A change
in libxml2's wording shows here as a raw English text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from cymadesk.messages import render
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.schema_errors import describe_schema_error
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import SIGNED_AT, sample_spec

NS = f"{{{SII_NAMESPACE}}}"
Change = Callable[[etree._Element], None]


@pytest.fixture(scope="module")
def signed(caf_for: CafFactory, signer: Signer) -> bytes:
    return sign_document(sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT)


def _first(root: etree._Element, name: str) -> etree._Element:
    found = root.find(f".//{{*}}{name}")
    assert found is not None, name
    return found


def _set_text(name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        _first(root, name).text = value

    return change


def _insert_before(sibling: str, name: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        element = etree.Element(NS + name)
        element.text = value
        _first(root, sibling).addprevious(element)

    return change


def _remove(name: str) -> Change:
    def change(root: etree._Element) -> None:
        element = _first(root, name)
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)

    return change


def _empty_totales(root: etree._Element) -> None:
    totales = _first(root, "Totales")
    for child in list(totales):
        totales.remove(child)


def _drop_version(root: etree._Element) -> None:
    assert etree.QName(root).localname == "DTE"
    del root.attrib["version"]


def _set_attribute(name: str, attribute: str, value: str) -> Change:
    def change(root: etree._Element) -> None:
        _first(root, name).set(attribute, value)

    return change


def _child_in_folio(root: etree._Element) -> None:
    etree.SubElement(_first(root, "Folio"), NS + "Extra").text = "1"


def _schema_verdict(signed: bytes, policy: TrustPolicy, change: Change) -> Verdict:
    root = etree.fromstring(signed)
    change(root)
    # Serialised again so that libxml2 reports the lines of the altered file.
    data = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    reports = verify_file(data, policy=policy).documents
    assert len(reports) == 1
    verdict = reports[0].verdicts[VerdictKey.ESQUEMA]
    assert verdict.state is VerdictState.FALLA
    return verdict


# (change, Spanish cause, English cause) as they follow "línea N: " in the verdict.
CASES: dict[str, tuple[Change, str, str]] = {
    "max_length": (
        _set_text("RznSocRecep", "x" * 120),
        "el elemento RznSocRecep tiene 120 caracteres y el máximo permitido es 100",
        "the element RznSocRecep has 120 characters and the maximum allowed is 100",
    ),
    "min_length": (
        _set_text("GiroEmis", ""),
        "el elemento GiroEmis tiene 0 caracteres y el mínimo exigido es 1",
        "the element GiroEmis has 0 characters and the minimum required is 1",
    ),
    "length": (
        _insert_before("FmaPago", "TpoImpresion", "TT"),
        "el elemento TpoImpresion tiene 2 caracteres y debe tener exactamente 1",
        "the element TpoImpresion has 2 characters and must have exactly 1",
    ),
    "pattern": (
        _set_text("RUTRecep", "123"),
        "el elemento RUTRecep tiene el valor «123», que no sigue el formato exigido "
        "(patrón [0-9]+-([0-9]|K))",
        "the element RUTRecep has the value “123”, which does not follow the required format "
        "(pattern [0-9]+-([0-9]|K))",
    ),
    "enumeration": (
        _set_text("TipoDTE", "99"),
        "el elemento TipoDTE tiene el valor «99», que no está entre los permitidos: "
        "33, 34, 46, 52, 56, 61",
        "the element TipoDTE has the value “99”, which is not one of the allowed values: "
        "33, 34, 46, 52, 56, 61",
    ),
    "total_digits": (
        _set_text("MntTotal", "1" * 20),
        "el elemento MntTotal tiene el valor «11111111111111111111», con más dígitos que los "
        "18 permitidos",
        "the element MntTotal has the value “11111111111111111111”, with more digits than the "
        "18 allowed",
    ),
    "fraction_digits": (
        _set_text("TasaIVA", "1.125"),
        "el elemento TasaIVA tiene el valor «1.125», con más decimales que los 2 permitidos",
        "the element TasaIVA has the value “1.125”, with more decimal places than the 2 allowed",
    ),
    "max_inclusive": (
        _set_text("TasaIVA", "1000"),
        "el elemento TasaIVA tiene el valor 1000, mayor que el máximo permitido (999.99)",
        "the element TasaIVA has the value 1000, greater than the maximum allowed (999.99)",
    ),
    "min_inclusive": (
        _set_text("TasaIVA", "0"),
        "el elemento TasaIVA tiene el valor 0, menor que el mínimo permitido (0.01)",
        "the element TasaIVA has the value 0, less than the minimum allowed (0.01)",
    ),
    "atomic_type": (
        _set_text("FchEmis", "2025-13-45"),
        "el elemento FchEmis tiene el valor «2025-13-45», que no es válido para su tipo "
        "(FechaType)",
        "the element FchEmis has the value “2025-13-45”, which is not valid for its type "
        "(FechaType)",
    ),
    "missing_child": (
        _remove("Signature"),
        "al elemento DTE le falta el elemento obligatorio Signature",
        "the element DTE lacks the required element Signature",
    ),
    "missing_child_one_of": (
        _empty_totales,
        "al elemento Totales le falta un elemento obligatorio; se esperaba uno de estos: "
        "MntNeto, MntExe, MntBase, MntMargenCom, TasaIVA, IVA, IVAProp, IVATerc, ImptoReten, "
        "IVANoRet, …",
        "the element Totales lacks a required element; one of these was expected: "
        "MntNeto, MntExe, MntBase, MntMargenCom, TasaIVA, IVA, IVAProp, IVATerc, ImptoReten, "
        "IVANoRet, …",
    ),
    "not_expected": (
        _remove("RUTEmisor"),
        "el elemento RznSoc no corresponde en esa posición; se esperaba RUTEmisor",
        "the element RznSoc is not expected at that position; RUTEmisor was expected",
    ),
    "attribute_missing": (
        _drop_version,
        "al elemento DTE le falta el atributo obligatorio version",
        "the element DTE lacks the required attribute version",
    ),
    "attribute_not_allowed": (
        _set_attribute("Folio", "origen", "1"),
        "el elemento Folio tiene el atributo origen, que el esquema no admite",
        "the element Folio has the attribute origen, which the schema does not allow",
    ),
    "fixed_attribute": (
        _set_attribute("TED", "version", "2.0"),
        "el atributo version del elemento TED tiene el valor «2.0» y debe ser «1.0»",
        "the attribute version of the element TED has the value “2.0” and must be “1.0”",
    ),
    "character_content": (
        _set_text("Encabezado", "texto suelto"),
        "el elemento Encabezado contiene texto, y el esquema solo le admite otros elementos",
        "the element Encabezado contains text, but the schema allows only other elements in it",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_schema_error_rendered(case: str, signed: bytes, policy: TrustPolicy) -> None:
    change, spanish, english = CASES[case]

    verdict = _schema_verdict(signed, policy, change)

    line = verdict.message.params["linea"]
    assert verdict.message.code == "esquema.invalido"
    assert render(verdict.message, "es") == (
        f"No cumple el esquema oficial del SII (DTE_v10.xsd), línea {line}: {spanish}."
    )
    assert render(verdict.message, "en") == (
        f"Not valid against the SII's official schema (DTE_v10.xsd), line {line}: {english}."
    )


def test_schema_error_keeps_line(signed: bytes, policy: TrustPolicy) -> None:
    verdict = _schema_verdict(signed, policy, _set_text("RUTRecep", "123"))

    root = etree.fromstring(signed)
    assert verdict.message.params["linea"] == _first(root, "RUTRecep").sourceline


def test_schema_error_evidence_keeps_raw_text(signed: bytes, policy: TrustPolicy) -> None:
    verdict = _schema_verdict(signed, policy, _set_text("RznSocRecep", "x" * 120))

    raw = verdict.evidence["errores"][0]["mensaje"]
    assert raw.startswith(f"Element '{NS}RznSocRecep': [facet 'maxLength']")
    assert verdict.message.params["detalle"] == raw


def test_unknown_schema_error_shows_raw(signed: bytes, policy: TrustPolicy) -> None:
    verdict = _schema_verdict(signed, policy, _child_in_folio)

    raw = str(verdict.message.params["detalle"])
    assert "detalle_codigo" not in verdict.message.params
    assert raw.startswith(f"Element '{NS}Folio': Element content is not allowed")
    assert render(verdict.message, "es").endswith(f": {raw}")


def test_describe_unrecognised_text() -> None:
    assert describe_schema_error("Element 'a': something libxml2 may say one day.") is None
    assert describe_schema_error("not an element error") is None


def test_describe_shortens_long_values() -> None:
    raw = (
        f"Element '{NS}RUTRecep': [facet 'pattern'] The value '{'9' * 200}' is not accepted "
        "by the pattern '[0-9]+-([0-9]|K)'."
    )

    described = describe_schema_error(raw)

    assert described is not None
    assert described.params["valor"] == "9" * 79 + "…"


def test_describe_short_expected_list_not_marked() -> None:
    raw = (
        f"Element '{NS}Totales': Missing child element(s). Expected is one of "
        f"( {NS}MntNeto, {NS}MntExe )."
    )

    described = describe_schema_error(raw)

    assert described is not None
    assert described.params["esperados"] == "MntNeto, MntExe"
