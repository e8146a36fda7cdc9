"""Signed documents for the risk tests, from one sandbox authority per session.

Key generation is the slow part, so the authority, each supplier's signer and each CAF are
made once. Signer keys are 1024 bits: these tests judge findings, not key strength.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from cymadesk.models.timezone import SANTIAGO
from cymadesk.sii.factory.authority import SandboxAuthority, Signer
from cymadesk.sii.factory.caf import Caf, issue_caf
from cymadesk.sii.factory.documents import sign_document
from cymadesk.sii.factory.specs import DocumentSpec, LineSpec, PartySpec
from cymadesk.sii.trust import SANDBOX_IDK, TrustPolicy
from tests.risk.builders import COMPANY_RUT, EMISOR_RUT

SUPPLIER = PartySpec(
    rut=EMISOR_RUT,
    razon_social="Distribuidora Ñuñoa SpA",
    giro="Venta al por mayor de artículos de oficina",
    actecos=(464903,),
    direccion="Av. Irarrázaval 1234",
    comuna="Ñuñoa",
    ciudad="Santiago",
    correo="facturacion@distribuidoranunoa.cl",
)
OTHER_SUPPLIER = PartySpec(
    rut="76086428-5",
    razon_social="Comercial O'Higgins & Cía. Ltda.",
    giro="Venta al por mayor de materiales de construcción",
    actecos=(466300,),
)
COMPANY = PartySpec(
    rut=COMPANY_RUT,
    razon_social="Minera Pelambres",
    giro="Extracción de minerales",
    direccion="Av. Apoquindo 4501",
    comuna="Las Condes",
    ciudad="Santiago",
)
CAF_AUTHORISED = dt.date(2026, 9, 1)
SIGNED_AT = dt.datetime(2026, 11, 2, 10, 30, tzinfo=SANTIAGO)
RESMA = LineSpec("Resma papel carta 75 g", 4990, 10, "RM")


class Factory:
    """Signs documents of two suppliers to the test company with session-wide keys."""

    def __init__(self, authority: SandboxAuthority) -> None:
        self.authority = authority
        self.policy: TrustPolicy = authority.trust_policy()
        self._signers: dict[str, Signer] = {}
        self._cafs: dict[tuple[str, int, int], Caf] = {}

    def signer(self, party: PartySpec = SUPPLIER, *, expired: bool = False) -> Signer:
        key = party.rut + ("-vencido" if expired else "")
        if key not in self._signers:
            start = dt.datetime(2025, 1, 1, tzinfo=SANTIAGO)
            end = dt.datetime(2026, 1, 1, tzinfo=SANTIAGO) if expired else start.replace(2028)
            self._signers[key] = self.authority.issue_signer(
                "12345678-5", "María José Núñez", not_before=start, not_after=end, key_bits=1024
            )
        return self._signers[key]

    def caf(self, party: PartySpec = SUPPLIER, tipo: int = 33, idk: int = SANDBOX_IDK) -> Caf:
        key = (party.rut, tipo, idk)
        if key not in self._cafs:
            self._cafs[key] = issue_caf(
                self.authority,
                rut_emisor=party.rut,
                razon_social=party.razon_social,
                tipo=tipo,
                folio_from=1,
                folio_to=5000,
                authorised_on=CAF_AUTHORISED,
                idk=idk,
            )
        return self._cafs[key]

    def spec(self, folio: int = 100, **changes: Any) -> DocumentSpec:
        base = DocumentSpec(
            tipo=33,
            folio=folio,
            fecha_emision=SIGNED_AT.date(),
            emisor=SUPPLIER,
            receptor=COMPANY,
            lines=(RESMA,),
        )
        return dataclasses.replace(base, **changes)

    def sign(
        self,
        spec: DocumentSpec,
        *,
        signed_at: dt.datetime = SIGNED_AT,
        caf: Caf | None = None,
        signer: Signer | None = None,
        **options: Any,
    ) -> bytes:
        return sign_document(
            spec,
            caf or self.caf(spec.emisor, spec.tipo),
            signer or self.signer(spec.emisor),
            signed_at=signed_at,
            **options,
        )


@pytest.fixture(scope="session")
def factory() -> Factory:
    return Factory(SandboxAuthority.create())
