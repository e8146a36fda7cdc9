"""Shared test set-up: Qt offscreen, the shared corpus when present, strict logging."""

from __future__ import annotations

import json
import os
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
