"""A running SII sandbox for tests: server, register, clock and an accepted certificate."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cymadesk.models.rut import Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.sii.client.client import RetryPolicy, SiiClient, TokenCache
from cymadesk.sii.client.credentials import Credential, load_credential
from cymadesk.sii.client.endpoints import ServiceMap
from cymadesk.sii.client.http import HttpTransport
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.sandbox.clock import SandboxClock
from cymadesk.sii.sandbox.issuing import SandboxIssuer
from cymadesk.sii.sandbox.register import RegisteredDocument, SandboxRegister
from cymadesk.sii.sandbox.server import SandboxServer
from cymadesk.sii.sandbox.service import SandboxSii

# The sandbox clock is stopped at this moment unless a test moves it.
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
HOLDER_RUT = "12345678-5"
RECEPTOR = "96790240-3"
PASSWORD = "clave del certificado ñ"
FAST_RETRY = RetryPolicy((0.01, 0.01))


@dataclass
class RunningSandbox:
    server: SandboxServer
    register: SandboxRegister
    clock: SandboxClock
    authority: SandboxAuthority

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def sii(self) -> SandboxSii:
        return self.server.sii

    def reset(self) -> None:
        """Clear faults and request counts, and put the clock back at NOW."""
        self.server.faults.clear()
        self.server.requests.clear()
        self.clock.set(NOW, stopped=True)

    def control(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        """Call a control endpoint over HTTP (POST with a payload, else GET)."""
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method="POST" if data else "GET"
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read().decode("utf-8"))


@contextmanager
def running_sandbox(
    directory: Path, authority: SandboxAuthority, *, issuing: bool = False
) -> Iterator[RunningSandbox]:
    """Serve a sandbox whose clock is stopped at NOW. With ``issuing``, POST /_sandbox/documentos
    writes into ``directory/emitidos``."""
    register = SandboxRegister(directory)
    clock = SandboxClock()
    clock.set(NOW, stopped=True)
    sii = SandboxSii(register, authority.ca_certificate, clock, token_ttl=dt.timedelta(hours=1))
    issuer = SandboxIssuer(authority, register, directory / "emitidos", key_bits=1024)
    server = SandboxServer(sii, issuer=issuer if issuing else None)
    server.start_background()
    try:
        yield RunningSandbox(server, register, clock, authority)
    finally:
        server.stop()


def sandbox_pkcs12(
    authority: SandboxAuthority,
    *,
    rut: str = HOLDER_RUT,
    not_before: dt.datetime = NOW - dt.timedelta(days=300),
    not_after: dt.datetime = NOW + dt.timedelta(days=300),
) -> bytes:
    signer = authority.issue_signer(
        rut, "Ana Pérez Soto", not_before=not_before, not_after=not_after, key_bits=1024
    )
    return signer.to_pkcs12(PASSWORD)


def sandbox_credential(authority: SandboxAuthority) -> Credential:
    return load_credential(sandbox_pkcs12(authority), PASSWORD)


def client_for(
    sandbox: RunningSandbox, credential: Credential, *, timeout: float = 2.0
) -> SiiClient:
    return SiiClient(
        ServiceMap.for_ambiente(Ambiente.PRODUCCION).on_host(sandbox.url),
        credential,
        company=Rut.parse(RECEPTOR),
        transport=HttpTransport(timeout=timeout),
        tokens=TokenCache(),
        retry=FAST_RETRY,
        clock=sandbox.clock.now,
    )


def registered(
    folio: int,
    *,
    emisor: str = "76354771-K",
    tipo: int = 33,
    received_days_ago: float = 2,
    monto_total: int = 1190,
    estado: str = "DOK",
    receptor: str = RECEPTOR,
    firma: str = "RklSTUE=",
) -> RegisteredDocument:
    return RegisteredDocument(
        rut_emisor=emisor,
        tipo=tipo,
        folio=str(folio),
        rut_receptor=receptor,
        razon_social_emisor="Ferretería Ñuble Ltda.",
        fecha_emision=dt.date(2026, 11, 2),
        monto_total=monto_total,
        monto_neto=1000,
        monto_iva=190,
        monto_exento=None,
        firma=firma,
        received_at=NOW - dt.timedelta(days=received_days_ago),
        estado=estado,
    )
