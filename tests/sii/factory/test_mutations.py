"""Any changed character inside a signed document body fails its signature (no corpus needed)."""

from __future__ import annotations

import re

import pytest

from cymadesk.models.verdict import VerdictKey, VerdictState
from cymadesk.sii.factory.authority import Signer
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from tests.sii.factory.conftest import CafFactory
from tests.sii.factory.samples import SIGNED_AT, sample_spec


def _text_positions(data: bytes) -> list[int]:
    """Offsets of every letter or digit of element text inside the signed Documento."""
    start = data.index(b"<Documento")
    end = data.index(b"</Documento>")
    positions = []
    for match in re.finditer(rb">([^<]+)<", data[start:end]):
        positions.extend(
            start + offset
            for offset in range(match.start(1), match.end(1))
            if data[start + offset : start + offset + 1].isalnum()
        )
    return positions


def _flip(data: bytes, position: int) -> bytes:
    old = data[position : position + 1]
    new = (b"Q" if old != b"Q" else b"R") if old.isalpha() else (b"7" if old != b"7" else b"8")
    return data[:position] + new + data[position + 1 :]


@pytest.mark.parametrize("namespace", [True, False])
def test_every_changed_character_fails(
    caf_for: CafFactory, signer: Signer, policy: TrustPolicy, namespace: bool
) -> None:
    data = sign_document(
        sample_spec(33), caf_for(33), signer, signed_at=SIGNED_AT, namespace=namespace
    )
    assert verify_file(data, policy=policy).documents[0].verdicts[VerdictKey.FIRMA].ok

    positions = _text_positions(data)
    assert len(positions) > 200
    # Every 7th character keeps the test quick and still covers every field.
    for position in positions[::7]:
        verdict = verify_file(_flip(data, position), policy=policy).documents[0].verdicts
        assert verdict[VerdictKey.FIRMA].state is VerdictState.FALLA, position
