"""Session-wide keys and parties for the fixture factory tests.

Key generation is the slow part, so one authority, one signer and one CAF per
(issuer, type, IDK) serve every test of the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.factory.specs import PartySpec
from cymadesk.sii.trust import SANDBOX_IDK, TrustPolicy
from tests.sii.factory.samples import AUTHORISED_ON, EMISOR, FOLIO_FROM, FOLIO_TO

CafFactory = Callable[..., Caf]


@pytest.fixture(scope="session")
def authority() -> SandboxAuthority:
    return SandboxAuthority.create()


@pytest.fixture(scope="session")
def policy(authority: SandboxAuthority) -> TrustPolicy:
    return authority.trust_policy()


@pytest.fixture(scope="session")
def signer(authority: SandboxAuthority) -> Signer:
    return authority.issue_signer(
        "12345678-5",
        "María José Núñez O'Ryan",
        not_before=dt.datetime(2024, 1, 1, tzinfo=SANTIAGO),
        not_after=dt.datetime(2027, 12, 31, tzinfo=SANTIAGO),
        email="mjnunez@comercialohiggins.cl",
    )


@pytest.fixture(scope="session")
def caf_for(authority: SandboxAuthority) -> CafFactory:
    """Return a function that issues (once per session) the CAF for a type and issuer."""
    cache: dict[tuple[int, str, int], Caf] = {}

    def issue(tipo: int, emisor: PartySpec = EMISOR, idk: int = SANDBOX_IDK) -> Caf:
        key = (tipo, emisor.rut, idk)
        if key not in cache:
            cache[key] = issue_caf(
                authority,
                rut_emisor=emisor.rut,
                razon_social=emisor.razon_social,
                tipo=tipo,
                folio_from=FOLIO_FROM,
                folio_to=FOLIO_TO,
                authorised_on=AUTHORISED_ON,
                idk=idk,
            )
        return cache[key]

    return issue
