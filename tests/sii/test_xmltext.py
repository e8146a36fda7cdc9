from __future__ import annotations

from lxml import etree

from cymadesk.sii.xmltext import ChildIndex, Fields, child

DSIG = "http://www.w3.org/2000/09/xmldsig#"
# Children named alike in other namespaces, before and after the ones in the parent's
# namespace, plus a comment and a processing instruction.
MIXED = f"""<Signature xmlns="{DSIG}" xmlns:x="urn:other">
<!-- comment --><?pi data?>
<x:SignedInfo>other</x:SignedInfo><SignedInfo>own</SignedInfo>
<x:KeyInfo>only other</x:KeyInfo>
<Reference>1</Reference><x:Reference>2</x:Reference><Reference>3</Reference>
</Signature>""".encode()
PLAIN = b"<DTE><x:TED xmlns:x='urn:other'>other</x:TED><TED>plain</TED></DTE>"


def test_child_index_get_matches_child() -> None:
    for data in (MIXED, PLAIN):
        parent = etree.fromstring(data)
        index = ChildIndex(parent)

        for name in ("SignedInfo", "KeyInfo", "Reference", "TED", "Missing"):
            assert index.get(name) is child(parent, name), name


def test_child_index_all_by_local_name() -> None:
    parent = etree.fromstring(MIXED)

    texts = [node.text for node in ChildIndex(parent).all("Reference")]

    assert texts == ["1", "2", "3"]
    assert ChildIndex(parent).all("Missing") == []


def test_fields_skip_comments_and_keep_order() -> None:
    fields = Fields(etree.fromstring(MIXED))

    assert fields.text("SignedInfo") == "other"
    assert fields.texts("Reference") == ("1", "2", "3")
    assert fields.decimal("Reference") == 1
    assert fields.unnamed({"Reference"}) == {"SignedInfo": "other | own", "KeyInfo": "only other"}
