"""Chilean display formats shared by the command line and the UI (no Qt here).

Pesos as ``$1.234.567``, other currencies as ``US$ 30.276,00``, RUT as ``12.345.678-5``,
dates as ``dd-mm-aaaa`` and times in 24 h, America/Santiago.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cymadesk.models.money import minor_unit_digits
from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO

CURRENCY_SYMBOLS = {"CLP": "$", "USD": "US$", "EUR": "€", "GBP": "£"}


def _group(integer_digits: str) -> str:
    groups = []
    while len(integer_digits) > 3:
        groups.append(integer_digits[-3:])
        integer_digits = integer_digits[:-3]
    groups.append(integer_digits)
    return ".".join(reversed(groups))


def format_number(value: Decimal | int, decimals: int = 0) -> str:
    """Format with '.' for thousands and ',' for decimals: ``1.234.567`` or ``30.276,00``."""
    amount = Decimal(value)
    quantum = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    integer_part, _, fraction = f"{abs(amount):f}".partition(".")
    text = sign + _group(integer_part)
    if decimals:
        text += "," + fraction.ljust(decimals, "0")
    return text


def format_clp(value: Decimal | int) -> str:
    """Format pesos: ``$1.234.567`` (negative: ``-$1.234``)."""
    amount = Decimal(value)
    text = format_number(abs(amount))
    return ("-$" if amount < 0 else "$") + text


def format_amount(value: Decimal | int, currency: str | None) -> str:
    """Format an amount in its currency: pesos without decimals, others with two."""
    if currency in (None, "CLP"):
        return format_clp(value)
    symbol = CURRENCY_SYMBOLS.get(currency or "", currency or "")
    return f"{symbol} {format_number(value, 2)}"


def format_stored_amount(value: int | None, currency: str) -> str:
    """Format an amount as stored: pesos as integers, others as integer minor units."""
    if value is None:
        return ""
    if currency == "CLP":
        return format_clp(value)
    return format_amount(Decimal(value).scaleb(-minor_unit_digits(currency)), currency)


def format_rut_text(text: str | None, missing: str = "—") -> str:
    """Format a RUT as people read it (``12.345.678-5``), or return the text when it is not one."""
    rut = Rut.try_parse(text, strict=False)
    if rut is not None:
        return rut.formatted
    return text or missing


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def to_santiago(value: dt.datetime) -> dt.datetime:
    """Convert an aware datetime (stored in UTC) to Chilean local time."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: store and pass timestamps with a time zone")
    return value.astimezone(SANTIAGO)


def format_datetime(value: dt.datetime | None) -> str:
    """Format as ``dd-mm-aaaa HH:MM`` in America/Santiago."""
    if value is None:
        return ""
    return to_santiago(value).strftime("%d-%m-%Y %H:%M")
