"""The Chilean RUT (Rol Único Tributario) as a value type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CLEAN = re.compile(r"[\s.\u00a0]")
_SHAPE = re.compile(r"^0*(\d{1,9})-?([\dK])$")
_WEIGHTS = (2, 3, 4, 5, 6, 7)


class InvalidRut(ValueError):  # noqa: N818 (reads as "an invalid RUT")
    """Raised for text that is not a RUT, or a RUT whose check digit is wrong."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"invalid RUT {text!r}: {reason}")
        self.text = text
        self.reason = reason


def compute_check_digit(number: int) -> str:
    """Return the módulo 11 check digit ('0'-'9' or 'K') of a RUT body."""
    if number < 0:
        raise ValueError(f"RUT body must not be negative: {number}")
    total = 0
    for position, digit in enumerate(reversed(str(number))):
        total += int(digit) * _WEIGHTS[position % len(_WEIGHTS)]
    remainder = 11 - total % 11
    if remainder == 11:
        return "0"
    if remainder == 10:
        return "K"
    return str(remainder)


@dataclass(frozen=True, slots=True, order=True)
class Rut:
    """A RUT: numeric body plus check digit. Ordered and hashed by its body and digit."""

    number: int
    check_digit: str

    @classmethod
    def parse(cls, text: str, *, strict: bool = True) -> Rut:
        """Parse a RUT written in any common form: dots, spaces, k or K, leading zeros.

        With ``strict`` the check digit must match the body; without it a wrong digit is
        kept, so callers can report it (``is_valid`` is then False).
        """
        cleaned = _CLEAN.sub("", text).upper()
        match = _SHAPE.match(cleaned)
        if match is None:
            raise InvalidRut(text, "not in the form 12.345.678-5")
        number = int(match.group(1))
        if number == 0:
            raise InvalidRut(text, "the body is zero")
        rut = cls(number, match.group(2))
        if strict and not rut.is_valid:
            raise InvalidRut(text, f"check digit should be {compute_check_digit(number)}")
        return rut

    @classmethod
    def try_parse(cls, text: str | None, *, strict: bool = True) -> Rut | None:
        """Return the parsed RUT, or None for missing or unreadable text."""
        if not text:
            return None
        return _try_parse_cached(text, strict)

    @property
    def is_valid(self) -> bool:
        return compute_check_digit(self.number) == self.check_digit

    @property
    def canonical(self) -> str:
        """The machine form used in files and JSON: ``76354771-K``."""
        return f"{self.number}-{self.check_digit}"

    @property
    def formatted(self) -> str:
        """The form people read: ``76.354.771-K``."""
        return f"{self.number:,}".replace(",", ".") + f"-{self.check_digit}"

    def __str__(self) -> str:
        return self.canonical


@lru_cache(maxsize=4096)
def _try_parse_cached(text: str, strict: bool) -> Rut | None:
    # The same few RUTs recur across thousands of documents; Rut is immutable.
    try:
        return Rut.parse(text, strict=strict)
    except InvalidRut:
        return None
