"""One sandbox SII and one accepted certificate for the whole session of client tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cymadesk.sii.client.client import SiiClient
from cymadesk.sii.client.credentials import Credential
from cymadesk.sii.factory.authority import SandboxAuthority
from tests.sandbox_helpers import RunningSandbox, client_for, running_sandbox, sandbox_credential


@pytest.fixture(scope="session")
def authority() -> SandboxAuthority:
    return SandboxAuthority.create()


@pytest.fixture(scope="session")
def session_sandbox(
    tmp_path_factory: pytest.TempPathFactory, authority: SandboxAuthority
) -> Iterator[RunningSandbox]:
    with running_sandbox(tmp_path_factory.mktemp("sandbox"), authority) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(session_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    session_sandbox.reset()
    yield session_sandbox
    session_sandbox.reset()


@pytest.fixture(scope="session")
def credential(authority: SandboxAuthority) -> Credential:
    return sandbox_credential(authority)


@pytest.fixture
def client(sandbox: RunningSandbox, credential: Credential) -> SiiClient:
    return client_for(sandbox, credential)
