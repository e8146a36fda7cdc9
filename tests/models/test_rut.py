from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cymadesk.models.rut import InvalidRut, Rut, compute_check_digit

KNOWN = [
    (60910000, "1"),
    (76555835, "2"),
    (76177907, "9"),
    (76369187, "K"),
    (77879240, "0"),
    (96874030, "K"),
    (12345678, "5"),
    (55555555, "5"),
    (66666666, "6"),
    (60803000, "K"),
    (97975000, "5"),
]

bodies = st.integers(min_value=1, max_value=99_999_999)


@pytest.mark.parametrize(("number", "digit"), KNOWN)
def test_check_digit_known_values(number: int, digit: str) -> None:
    assert compute_check_digit(number) == digit


@pytest.mark.parametrize(
    "text",
    ["76.354.771-K", "76354771-k", " 76354771K ", "076354771-K", "76 354 771-K", "76.354.771-K\n"],
)
def test_parse_normalises_common_forms(text: str) -> None:
    rut = Rut.parse(text)
    assert rut.canonical == "76354771-K"
    assert rut.formatted == "76.354.771-K"


def test_parse_rejects_wrong_check_digit() -> None:
    with pytest.raises(InvalidRut, match="check digit should be 5"):
        Rut.parse("12.345.678-9")


def test_parse_lenient_keeps_wrong_digit() -> None:
    rut = Rut.parse("12.345.678-9", strict=False)
    assert rut.check_digit == "9"
    assert not rut.is_valid


@pytest.mark.parametrize("text", ["", "abc", "12.345.678", "1234567890-1", "0-0", "12-345-678-5"])
def test_parse_rejects_non_ruts(text: str) -> None:
    with pytest.raises(InvalidRut):
        Rut.parse(text)


def test_try_parse_returns_none_for_missing() -> None:
    assert Rut.try_parse(None) is None
    assert Rut.try_parse("") is None
    assert Rut.try_parse("not a rut") is None


def test_small_bodies_are_valid() -> None:
    assert Rut.parse("1-9").formatted == "1-9"
    assert Rut.parse("1.000-6").canonical == "1000-6"


@given(bodies)
def test_formatted_round_trip(number: int) -> None:
    rut = Rut(number, compute_check_digit(number))
    assert Rut.parse(rut.formatted) == rut
    assert Rut.parse(rut.canonical) == rut
    assert Rut.parse(rut.canonical.lower()) == rut


@given(bodies, st.sampled_from("0123456789K"))
def test_only_the_computed_digit_is_valid(number: int, digit: str) -> None:
    rut = Rut(number, digit)
    assert rut.is_valid == (digit == compute_check_digit(number))


@given(bodies, st.integers(min_value=0, max_value=3))
def test_leading_zeros_are_ignored(number: int, zeros: int) -> None:
    digit = compute_check_digit(number)
    assert Rut.parse("0" * zeros + f"{number}-{digit}") == Rut(number, digit)


@given(bodies)
def test_formatted_groups_thousands(number: int) -> None:
    formatted = Rut(number, compute_check_digit(number)).formatted
    body = formatted.rsplit("-", 1)[0]
    groups = body.split(".")
    assert all(len(group) == 3 for group in groups[1:])
    assert 1 <= len(groups[0]) <= 3
