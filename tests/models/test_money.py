"""Amounts as users type them, and stored minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cymadesk.models.money import major_units, minor_units, parse_amount_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$270.225", Decimal("270225")),
        ("270.225,00", Decimal("270225")),
        ("$ 1.234.567", Decimal("1234567")),
        ("US$ 29.602,50", Decimal("29602.50")),
        ("usd 29.602,5", Decimal("29602.5")),
        ("29602.50", Decimal("29602.50")),
        ("270225", Decimal("270225")),
    ],
)
def test_amount_text_is_read(text: str, value: Decimal) -> None:
    assert parse_amount_text(text) == value


@pytest.mark.parametrize("text", ["12.345.678-5", "1.2.3", "abc", "", "29.6025", "$"])
def test_other_text_is_no_amount(text: str) -> None:
    assert parse_amount_text(text) is None


def test_minor_units_by_currency() -> None:
    assert minor_units(Decimal("29602.50"), "USD") == 2960250
    assert minor_units(Decimal("270225"), "CLP") == 270225
    assert minor_units(Decimal("270225.50"), "CLP") is None
    assert major_units(2960250, "USD") == Decimal("29602.50")
    assert major_units(270225, "CLP") == Decimal("270225")
