"""Supplier catalogue and bulk generation: deterministic, realistic and all verifiable."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.corpus import GeneratedDocument, generate_documents
from cymadesk.sii.factory.specs import FOREIGN_RECEPTOR_RUT
from cymadesk.sii.factory.suppliers import supplier_catalogue
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from tests.sii.factory.samples import RECEPTOR

START = dt.date(2025, 1, 1)
END = dt.date(2025, 6, 30)
COUNT = 120


@pytest.fixture(scope="module")
def generated(authority: SandboxAuthority) -> list[GeneratedDocument]:
    return list(
        generate_documents(
            COUNT, seed=42, receptor=RECEPTOR, authority=authority, start=START, end=END
        )
    )


def test_catalogue_has_twenty_valid_suppliers() -> None:
    suppliers = supplier_catalogue(7)

    assert len(suppliers) >= 20
    assert len({supplier.rut for supplier in suppliers}) == len(suppliers)
    for supplier in suppliers:
        assert Rut.parse(supplier.rut).is_valid
        assert Rut.parse(supplier.representative_rut).is_valid
        assert 1 <= len(supplier.party.actecos) <= 4
        assert supplier.items


def test_catalogue_names_are_realistic() -> None:
    names = [supplier.party.razon_social for supplier in supplier_catalogue(7)]
    comunas = {supplier.party.comuna for supplier in supplier_catalogue(7)}

    assert "Comercial O'Higgins & Cía. Ltda." in names
    assert any("ñ" in name or "Ñ" in name for name in names)
    assert any('"' in name for name in names)
    assert "Ñuñoa" in comunas


def test_catalogue_is_deterministic() -> None:
    assert supplier_catalogue(7) == supplier_catalogue(7)
    assert supplier_catalogue(7) != supplier_catalogue(8)


def test_every_generated_document_verifies(
    generated: list[GeneratedDocument], policy: TrustPolicy
) -> None:
    failures = []
    for item in generated:
        document = verify_file(item.data, policy=policy).documents[0]
        for key in (
            VerdictKey.ESQUEMA,
            VerdictKey.FIRMA,
            VerdictKey.CERTIFICADO,
            VerdictKey.TED,
            VerdictKey.CAF,
            VerdictKey.ARITMETICA,
        ):
            if document.verdicts[key].state is not VerdictState.OK:
                failures.append((item.spec.tipo, item.spec.folio, document.verdicts[key]))
    assert failures == []


def test_type_mix(generated: list[GeneratedDocument]) -> None:
    counts = Counter(item.spec.tipo for item in generated)

    assert counts[33] > COUNT // 2
    for tipo in (34, 61, 52, 46, 110):
        assert counts[tipo] >= 1, counts


def test_documents_in_range_and_order(generated: list[GeneratedDocument]) -> None:
    days = [item.spec.fecha_emision for item in generated]

    assert days == sorted(days)
    assert days[0] >= START
    assert days[-1] <= END
    assert all(item.signed_at.date() == item.spec.fecha_emision for item in generated)


def test_receptor_is_company_except_exports(generated: list[GeneratedDocument]) -> None:
    for item in generated:
        expected = FOREIGN_RECEPTOR_RUT if item.spec.tipo == 110 else RECEPTOR.rut
        assert item.spec.receptor.rut == expected


def test_notes_reference_earlier_facturas(generated: list[GeneratedDocument]) -> None:
    facturas = {
        (item.spec.emisor.rut, item.spec.folio): item.spec.fecha_emision
        for item in generated
        if item.spec.tipo == 33
    }
    notes = [item for item in generated if item.spec.tipo in (56, 61)]

    assert notes
    for note in notes:
        reference = note.spec.references[0]
        assert reference.doc_type == "33"
        assert reference.code in (1, 2, 3)
        issued = facturas[(note.spec.emisor.rut, int(reference.folio))]
        assert issued == reference.date
        assert issued <= note.spec.fecha_emision


def test_folios_unique_per_issuer_and_type(generated: list[GeneratedDocument]) -> None:
    keys = [(item.spec.emisor.rut, item.spec.tipo, item.spec.folio) for item in generated]

    assert len(keys) == len(set(keys))


def test_same_seed_same_content(authority: SandboxAuthority) -> None:
    def specs(seed: int) -> list[object]:
        return [
            item.spec
            for item in generate_documents(
                15, seed=seed, receptor=RECEPTOR, authority=authority, start=START, end=END
            )
        ]

    assert specs(5) == specs(5)
    assert specs(5) != specs(6)


def test_rejects_inverted_range(authority: SandboxAuthority) -> None:
    with pytest.raises(ValueError, match="start <= end"):
        next(
            generate_documents(
                1, seed=1, receptor=RECEPTOR, authority=authority, start=END, end=START
            )
        )
