"""Shared test set-up: Qt offscreen, the shared corpus, strict logging, loopback-only network."""

from __future__ import annotations

import atexit
import ipaddress
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Commands that a test runs without --data-dir (and their subprocesses) write here, never
# into the user's own data folder.
os.environ["CYMADESK_DATA_DIR"] = tempfile.mkdtemp(prefix="cymadesk-pruebas-")
atexit.register(shutil.rmtree, os.environ["CYMADESK_DATA_DIR"], ignore_errors=True)

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


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loopback_only(address: Any) -> None:
    """Fail a test that opens a network connection anywhere but this machine."""
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        host = address[0]
        if not _is_loopback(host):
            raise AssertionError(f"test tried to connect to {host}; only loopback is allowed")


@pytest.fixture(autouse=True)
def _no_network_but_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    original = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        _loopback_only(address)
        original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    resolve = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        # A name lookup may itself reach a DNS server, so only loopback names are resolved.
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and not _is_loopback(str(host)):
            raise AssertionError(f"test tried to resolve {host}; only loopback is allowed")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
