"""Currencies: the SII's customs currency names (TpoMoneda) and their ISO 4217 codes."""

from __future__ import annotations

import re
from decimal import Decimal

# Values of the TipMonType enumeration in SiiTypes_v10.xsd. Currencies replaced by the euro
# keep their historical ISO codes.
SII_CURRENCY_TO_ISO: dict[str, str] = {
    "PESO CL": "CLP",
    "DOLAR USA": "USD",
    "EURO": "EUR",
    "DOLAR AUST": "AUD",
    "DOLAR CAN": "CAD",
    "DOLAR HK": "HKD",
    "DOLAR NZ": "NZD",
    "DOLAR SIN": "SGD",
    "DOLAR TAI": "TWD",
    "LIBRA EST": "GBP",
    "YEN": "JPY",
    "FRANCO SZ": "CHF",
    "RENMINBI": "CNY",
    "PESO MEX": "MXN",
    "PESO COL": "COP",
    "PESO URUG": "UYU",
    "NUEVO SOL": "PEN",
    "BOLIVIANO": "BOB",
    "GUARANI": "PYG",
    "RAND": "ZAR",
    "CORONA DIN": "DKK",
    "CORONA NOR": "NOK",
    "CORONA SC": "SEK",
    "RUPIA": "INR",
    "DIRHAM": "AED",
    "BOLIVAR": "VES",
    "CHELIN": "ATS",
    "CRUZEIRO REAL": "BRR",
    "DRACMA": "GRD",
    "ESCUDO": "PTE",
    "FLORIN": "NLG",
    "FRANCO BEL": "BEF",
    "FRANCO FR": "FRF",
    "LIRA": "ITL",
    "MARCO AL": "DEM",
    "MARCO FIN": "FIM",
    "PESETA": "ESP",
    "SUCRE": "ECS",
}
# NOTE: "PESO" and "OTRAS MONEDAS" name no single currency, so they map to no ISO code.

# Digits after the decimal point for the minor unit, where it is not 2.
MINOR_UNIT_DIGITS: dict[str, int] = {"CLP": 0, "JPY": 0, "PYG": 0}


def iso_currency(sii_name: str | None) -> str | None:
    """Return the ISO 4217 code for a TpoMoneda value, or None when it names none."""
    if sii_name is None:
        return None
    return SII_CURRENCY_TO_ISO.get(" ".join(sii_name.upper().split()))


def minor_unit_digits(iso_code: str) -> int:
    return MINOR_UNIT_DIGITS.get(iso_code, 2)


_CURRENCY_MARKS = re.compile(r"^(?:US\$|USD|CLP|\$)\s*", re.IGNORECASE)
_CHILEAN_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_POINT_DECIMAL_AMOUNT = re.compile(r"^\d+\.\d{1,2}$")


def parse_amount_text(text: str) -> Decimal | None:
    """Read an amount as a user types it: ``$270.225``, ``270.225,00``, ``US$ 29.602,50``.

    Dots group thousands and a comma starts the decimals, as in Chile. A single point
    followed by one or two digits (``29602.50``, as XML writes it) is a decimal point.
    Returns None for text that is not an amount.
    """
    cleaned = _CURRENCY_MARKS.sub("", text.strip()).replace(" ", "")
    if _CHILEAN_AMOUNT.match(cleaned):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    if _POINT_DECIMAL_AMOUNT.match(cleaned):
        return Decimal(cleaned)
    return None


def minor_units(value: Decimal, iso_code: str) -> int | None:
    """Return ``value`` in the currency's minor units, or None when it has finer decimals."""
    scaled = value.scaleb(minor_unit_digits(iso_code))
    return int(scaled) if scaled == scaled.to_integral_value() else None


def major_units(stored: int, iso_code: str) -> Decimal:
    """Return a stored amount (minor units of ``iso_code``) in whole currency units."""
    return Decimal(stored).scaleb(-minor_unit_digits(iso_code))
