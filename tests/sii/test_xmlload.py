from __future__ import annotations

import codecs
import time

import pytest

from cymadesk.sii.envelope import FileClass, NotTaxDocument, split
from cymadesk.sii.xmlload import XmlRejected, declared_encoding, decode_for_display, load_xml

NAME = "Ñuñoa Diseño Cía."
BODY = f'<DTE version="1.0"><Documento ID="F1T33"><Nombre>{NAME}</Nombre></Documento></DTE>'


def _name(data: bytes) -> str:
    loaded = load_xml(data)
    return str(loaded.root.findtext("Documento/Nombre"))


@pytest.mark.parametrize(
    ("declaration", "encoding"),
    [
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', "iso-8859-1"),
        ("<?xml version='1.0' encoding='iso-8859-1'?>", "iso-8859-1"),
        ('<?xml version="1.0" encoding="windows-1252"?>', "windows-1252"),
        ('<?xml version="1.0" encoding="UTF-8"?>', "utf-8"),
    ],
)
def test_declared_encodings(declaration: str, encoding: str) -> None:
    data = (declaration + "\n" + BODY).encode(encoding)

    assert _name(data) == NAME
    assert load_xml(data).encoding == encoding


def test_undeclared_latin1_is_read_as_latin1() -> None:
    data = ('<?xml version="1.0"?>\n' + BODY).encode("iso-8859-1")
    loaded = load_xml(data)

    assert _name(data) == NAME
    assert loaded.encoding == "iso-8859-1"
    assert [note.code for note in loaded.notes] == ["xml.codificacion_supuesta_latin1"]


def test_undeclared_utf8_without_declaration() -> None:
    assert _name(BODY.encode("utf-8")) == NAME


def test_utf8_bom() -> None:
    data = codecs.BOM_UTF8 + ('<?xml version="1.0" encoding="UTF-8"?>' + BODY).encode("utf-8")
    assert _name(data) == NAME


def test_utf8_bom_without_declaration() -> None:
    assert _name(codecs.BOM_UTF8 + BODY.encode("utf-8")) == NAME


def test_whitespace_before_declaration() -> None:
    data = ('\r\n  \n<?xml version="1.0" encoding="ISO-8859-1"?>' + BODY).encode("iso-8859-1")
    assert _name(data) == NAME


def test_crlf_line_endings() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\r\n' + BODY.replace("><", ">\r\n<")
    loaded = load_xml(text.encode("iso-8859-1"))
    assert "\r" not in (loaded.root.text or "")
    assert loaded.root.findtext("Documento/Nombre") == NAME


def test_utf16_with_bom() -> None:
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + BODY).encode("utf-16")
    assert _name(data) == NAME


def test_declared_utf8_with_latin1_bytes_falls_back() -> None:
    data = ('<?xml version="1.0" encoding="UTF-8"?>' + BODY).encode("iso-8859-1")
    loaded = load_xml(data)

    assert loaded.root.findtext("Documento/Nombre") == NAME
    assert [note.code for note in loaded.notes] == ["xml.codificacion_declarada_erronea"]


def test_size_limit() -> None:
    data = BODY.encode("utf-8")
    with pytest.raises(XmlRejected) as caught:
        load_xml(data, max_bytes=len(data) - 1)
    assert caught.value.message.code == "xml.demasiado_grande"


def test_empty_file() -> None:
    with pytest.raises(XmlRejected) as caught:
        load_xml(b"  \n ")
    assert caught.value.message.code == "xml.vacio"


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
        b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        '<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>'.encode("utf-16"),
    ],
)
def test_dtd_and_entities_rejected(hostile: bytes) -> None:
    with pytest.raises(XmlRejected) as caught:
        load_xml(hostile)
    assert caught.value.message.code == "xml.dtd_prohibido"


def test_billion_laughs_rejected_fast() -> None:
    levels = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    data = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{levels}]><r>&l11;</r>'.encode()
    started = time.perf_counter()
    with pytest.raises(XmlRejected):
        load_xml(data)
    assert time.perf_counter() - started < 0.5


def test_undefined_entity_is_malformed() -> None:
    with pytest.raises(XmlRejected) as caught:
        load_xml(b"<DTE>&nbsp;</DTE>")
    assert caught.value.message.code == "xml.mal_formado"


def test_malformed_reports_line() -> None:
    with pytest.raises(XmlRejected) as caught:
        load_xml(b"<DTE>\n<Documento>\n</DTE>")
    assert caught.value.message.code == "xml.mal_formado"
    assert caught.value.message.params["line"] == 3


def test_deep_nesting_rejected() -> None:
    data = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(XmlRejected) as caught:
        load_xml(data)
    assert caught.value.message.code in ("xml.demasiado_profundo", "xml.mal_formado")


def test_unknown_root_is_not_a_tax_document() -> None:
    loaded = load_xml(b"<html><body>Factura</body></html>")
    with pytest.raises(NotTaxDocument) as caught:
        split(loaded.root)
    assert caught.value.message.params == {"root": "html"}


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("EnvioDTE", FileClass.ENVIO_DTE),
        ("EnvioBOLETA", FileClass.ENVIO_BOLETA),
        ("DTE", FileClass.DTE),
        ("AUTORIZACION", FileClass.CAF),
        ("RespuestaDTE", FileClass.RESPUESTA_DTE),
        ("EnvioRecibos", FileClass.ENVIO_RECIBOS),
        ("AEC", FileClass.AEC),
    ],
)
def test_classification_by_root(root: str, expected: FileClass) -> None:
    namespaced = f'<{root} xmlns="http://www.sii.cl/SiiDte" version="1.0"/>'.encode()
    assert split(load_xml(namespaced).root).file_class is expected
    assert split(load_xml(f"<{root}/>".encode()).root).file_class is expected


def test_decode_for_display_uses_declared_encoding() -> None:
    data = ('<?xml version="1.0" encoding="ISO-8859-1"?>' + BODY).encode("iso-8859-1")
    assert NAME in decode_for_display(data)
    assert declared_encoding(data) == "iso-8859-1"
    assert NAME in decode_for_display(codecs.BOM_UTF8 + BODY.encode("utf-8"))
