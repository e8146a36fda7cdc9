"""CAF files in the SII's layout, signed by the sandbox authority."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from lxml import etree

from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.ted import Flattening, verify_flattened
from cymadesk.sii.trust import CERTIFICATION_IDK, shipped_sii_key
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import CORPUS, EMISOR

LATIN1 = etree.XMLParser(encoding="iso-8859-1")


def _caf_root(caf: Caf) -> etree._Element:
    return etree.fromstring(caf.caf_element, LATIN1)


def test_caf_fields(caf_for: CafFactory) -> None:
    root = _caf_root(caf_for(33))

    assert root.get("version") == "1.0"
    assert root.findtext("DA/RE") == "76086428-5"
    assert root.findtext("DA/RS") == "COMERCIAL O'HIGGINS & CÍA. LTDA."
    assert root.findtext("DA/TD") == "33"
    assert (root.findtext("DA/RNG/D"), root.findtext("DA/RNG/H")) == ("101", "300")
    assert root.findtext("DA/FA") == "2025-01-06"
    assert root.findtext("DA/RSAPK/E") == "Aw=="
    assert root.findtext("DA/IDK") == "999"
    assert root.find("FRMA").get("algoritmo") == "SHA1withRSA"  # type: ignore[union-attr]


def test_stamping_key_is_512_bit_exponent_3(caf_for: CafFactory) -> None:
    caf = caf_for(33)
    modulus = base64.b64decode(_caf_root(caf).findtext("DA/RSAPK/M") or "")

    assert caf.private_key.key_size == 512
    assert caf.public_key.public_numbers().e == 3
    assert int.from_bytes(modulus) == caf.public_key.public_numbers().n


def test_frma_verifies_with_authority_key(caf_for: CafFactory, authority: SandboxAuthority) -> None:
    root = _caf_root(caf_for(33))
    signature = base64.b64decode(root.findtext("FRMA") or "")

    assert verify_flattened(root[0], signature, authority.caf_public_key) is Flattening.LATIN1


def test_certification_idk_fails_against_sii_key(caf_for: CafFactory) -> None:
    root = _caf_root(caf_for(33, idk=CERTIFICATION_IDK))
    signature = base64.b64decode(root.findtext("FRMA") or "")

    assert root.findtext("DA/IDK") == "100"
    assert verify_flattened(root[0], signature, shipped_sii_key(CERTIFICATION_IDK)) is None


def test_razon_social_is_cut_to_40(authority: SandboxAuthority) -> None:
    caf = issue_caf(
        authority,
        rut_emisor=EMISOR.rut,
        razon_social="Sociedad Comercializadora de Insumos Agrícolas del Ñuble Limitada",
        tipo=34,
        folio_from=1,
        folio_to=10,
        authorised_on=dt.date(2025, 1, 6),
    )

    assert caf.razon_social == "SOCIEDAD COMERCIALIZADORA DE INSUMOS AGR"
    assert len(caf.razon_social) == 40


def test_autorizacion_file_is_latin1_like_sii(caf_for: CafFactory) -> None:
    data = caf_for(33).autorizacion

    assert data.startswith(b'<?xml version="1.0"?>\n<AUTORIZACION>\n<CAF version="1.0">')
    assert "CÍA".encode("iso-8859-1") in data
    assert b"<RSASK>-----BEGIN RSA PRIVATE KEY-----" in data
    assert b"<RSAPUBK>-----BEGIN PUBLIC KEY-----" in data


def test_autorizacion_keys_match(caf_for: CafFactory) -> None:
    caf = caf_for(33)
    root = etree.fromstring(caf.autorizacion, LATIN1)
    public = serialization.load_pem_public_key((root.findtext("RSAPUBK") or "").encode())
    private = serialization.load_pem_private_key((root.findtext("RSASK") or "").encode(), None)

    assert public.public_numbers() == caf.public_key.public_numbers()  # type: ignore[union-attr]
    assert private.private_numbers() == caf.private_key.private_numbers()  # type: ignore[union-attr]


def test_from_autorizacion_round_trips(caf_for: CafFactory) -> None:
    caf = caf_for(33)

    loaded = Caf.from_autorizacion(caf.autorizacion)

    assert loaded.caf_element == caf.caf_element
    assert (loaded.tipo, loaded.folio_from, loaded.folio_to, loaded.idk) == (33, 101, 300, 999)
    assert loaded.private_key.private_numbers() == caf.private_key.private_numbers()


def test_issue_caf_rejects_bad_range(authority: SandboxAuthority) -> None:
    with pytest.raises(ValueError, match=r"invalid folio range 10\.\.9"):
        issue_caf(
            authority,
            rut_emisor=EMISOR.rut,
            razon_social=EMISOR.razon_social,
            tipo=33,
            folio_from=10,
            folio_to=9,
            authorised_on=dt.date(2025, 1, 6),
        )


@pytest.mark.skipif(
    not (CORPUS / "caf").is_dir(), reason="../shared/corpus is not beside this checkout"
)
def test_reads_sii_certification_caf() -> None:
    caf = Caf.from_autorizacion((CORPUS / "caf" / "mediabox_CAF_T33_cert.xml").read_bytes())

    assert caf.rut_emisor == "76235291-5"
    assert caf.razon_social == "DISEÑO Y ENTRETENIMIENTOS WITHIN PLAY LI"
    assert (caf.tipo, caf.folio_from, caf.folio_to, caf.idk) == (33, 1, 20, 100)
    assert caf.private_key.key_size == 512
