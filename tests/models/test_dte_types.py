"""Names of the document types, as columns and listings show them."""

from __future__ import annotations

from cymadesk.models.dte_types import DteType


def test_short_names_fit_a_column() -> None:
    names = [dte_type.short_name for dte_type in DteType]

    assert max(len(name) for name in names) <= 13
    assert len(set(names)) == len(names)
