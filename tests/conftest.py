"""Shared test set-up: Qt offscreen, the shared corpus, strict logging, loopback-only network."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPOSITORY = Path(__file__).resolve().parents[1]
CORPUS = REPOSITORY.parent / "shared" / "corpus"


def corpus_available() -> bool:
    return (CORPUS / "expected.json").is_file()


requires_corpus = pytest.mark.skipif(
    not corpus_available(), reason="../shared/corpus is not beside this checkout"
)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not corpus_available():
        pytest.skip("../shared/corpus is not beside this checkout")
    return CORPUS


@pytest.fixture(scope="session")
def expected_corpus(corpus_dir: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((corpus_dir / "expected.json").read_text("utf-8"))
    return data


def _loopback_only(address: Any) -> None:
    """Fail a test that opens a network connection anywhere but this machine."""
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        host = address[0]
        if host not in ("localhost",) and not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"test tried to connect to {host}; only loopback is allowed")


@pytest.fixture(autouse=True)
def _no_network_but_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        _loopback_only(address)
        original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
