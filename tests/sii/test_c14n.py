from __future__ import annotations

from lxml import etree

from cymadesk.sii.c14n import CanonicalForm, candidate_forms, canonical_standalone

SII = "http://www.sii.cl/SiiDte"
ENVELOPE = f"""<EnvioDTE xmlns="{SII}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<SetDTE ID="S"><DTE version="1.0"><Documento ID="D"><Encabezado><IdDoc><Folio>1</Folio>
</IdDoc></Encabezado></Documento></DTE></SetDTE></EnvioDTE>""".encode()


def _find(root: etree._Element, local: str) -> etree._Element:
    for element in root.iter(tag=etree.Element):
        if etree.QName(element).localname == local:
            return element
    raise AssertionError(local)


def test_no_spurious_empty_namespace_declarations() -> None:
    root = etree.fromstring(ENVELOPE)
    document = _find(root, "Documento")

    canonical = canonical_standalone(document)

    top, _, rest = canonical.partition(b">")
    assert b'xmlns=""' not in canonical
    assert b"xmlns" not in rest
    assert top.startswith(f'<Documento xmlns="{SII}"'.encode())


def test_forms_for_a_document_inside_an_envelope() -> None:
    root = etree.fromstring(ENVELOPE)
    document = _find(root, "Documento")
    dte = _find(root, "DTE")

    forms = dict(candidate_forms(document, dte, sii_namespace=SII))

    assert forms[CanonicalForm.IN_CONTEXT].startswith(
        f'<Documento xmlns="{SII}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="D">'.encode()
    )
    assert forms[CanonicalForm.STANDALONE].startswith(f'<Documento xmlns="{SII}" ID="D">'.encode())
    assert forms[CanonicalForm.WITHOUT_NAMESPACE].startswith(b'<Documento ID="D">')


def test_bare_dte_declaring_namespace_has_no_namespace_less_form() -> None:
    root = etree.fromstring(
        f'<DTE xmlns="{SII}"><Documento ID="D"><A>1</A></Documento></DTE>'.encode()
    )
    document = _find(root, "Documento")

    forms = dict(candidate_forms(document, root, sii_namespace=SII))

    assert list(forms) == [CanonicalForm.IN_CONTEXT]


def test_enveloped_signature_is_excluded() -> None:
    root = etree.fromstring(
        b"<getToken><item><Semilla>012</Semilla></item>"
        b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><X/></Signature></getToken>'
    )
    signature = root[1]

    canonical = canonical_standalone(root, exclude=signature)

    assert canonical == b"<getToken><item><Semilla>012</Semilla></item></getToken>"
