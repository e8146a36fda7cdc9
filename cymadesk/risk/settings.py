"""Company settings of the risk rules: thresholds and the company's purchase orders.

Each setting is declared once here (key, type, default, label code) and stored per company
in the ``settings`` table under its key. A stored value that does not fit its type is
ignored in favour of the default, with a warning, so a bad value never stops an import.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

logger = logging.getLogger(__name__)


class SettingKind(enum.StrEnum):
    INTEGER = "entero"
    DECIMAL = "decimal"
    TEXT_LIST = "lista"


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """A company setting: storage key, type, default, label code and the field it fills.

    ``minimum`` applies to numbers: values below it are rejected.
    """

    key: str
    field: str
    kind: SettingKind
    default: int | Decimal | tuple[str, ...]
    minimum: int | Decimal | None = None

    @property
    def label_code(self) -> str:
        return f"riesgo.ajuste.{self.field}"


class InvalidSetting(ValueError):  # noqa: N818 (reads as "an invalid setting")
    """Raised for an unknown key or a value that does not fit the setting's type."""

    def __init__(self, key: str, value: object, reason: str) -> None:
        super().__init__(f"invalid value {value!r} for setting {key}: {reason}")
        self.key = key
        self.value = value
        self.reason = reason


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("risk.sii_grace_days", "sii_grace_days", SettingKind.INTEGER, 2, 0),
    SettingSpec("risk.duplicate_window_days", "duplicate_window_days", SettingKind.INTEGER, 7, 0),
    SettingSpec(
        "risk.new_issuer_high_amount", "new_issuer_high_amount", SettingKind.INTEGER, 3_000_000, 0
    ),
    SettingSpec("risk.min_history", "min_history", SettingKind.INTEGER, 5, 1),
    SettingSpec(
        "risk.amount_robust_z", "amount_robust_z", SettingKind.DECIMAL, Decimal(4), Decimal(1)
    ),
    SettingSpec("risk.amount_ratio", "amount_ratio", SettingKind.DECIMAL, Decimal(3), Decimal(1)),
    SettingSpec("risk.price_ratio", "price_ratio", SettingKind.DECIMAL, Decimal(2), Decimal(1)),
    SettingSpec("risk.late_arrival_days", "late_arrival_days", SettingKind.INTEGER, 60, 1),
    SettingSpec("risk.late_signature_days", "late_signature_days", SettingKind.INTEGER, 30, 1),
    SettingSpec("risk.purchase_orders", "purchase_orders", SettingKind.TEXT_LIST, ()),
)
SETTINGS_BY_KEY: Mapping[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}


@dataclass(frozen=True, slots=True)
class RiskSettings:
    """The thresholds the rules use, one field per entry of ``SETTINGS``.

    Attributes:
        sii_grace_days: days an issuer has to get a document to the SII. An SII check made
            later that does not find it is a high-risk finding, an earlier one only a note.
        duplicate_window_days: same emisor and total within this many days is a duplicate.
        new_issuer_high_amount: pesos from which a first document is a "high amount".
        min_history: earlier documents of an emisor needed before amounts, items and
            prices are compared with its history.
        amount_robust_z: robust z-score (median and MAD of the logarithm) above which a
            total is far outside the emisor's history.
        amount_ratio: minimum ratio of a total to the emisor's median for that finding.
        price_ratio: ratio of a unit price to the item's median price that is an outlier.
        late_arrival_days: days between issue and arrival after which a document is old.
        late_signature_days: days between issue and signature after which it was signed late.
        purchase_orders: the purchase orders the company issued; empty turns the check off.
    """

    sii_grace_days: int
    duplicate_window_days: int
    new_issuer_high_amount: int
    min_history: int
    amount_robust_z: Decimal
    amount_ratio: Decimal
    price_ratio: Decimal
    late_arrival_days: int
    late_signature_days: int
    purchase_orders: tuple[str, ...]

    @classmethod
    def defaults(cls) -> RiskSettings:
        return cls.from_stored({})

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> RiskSettings:
        """Build the settings from stored values by key; unknown keys are ignored."""
        values: dict[str, Any] = {spec.field: spec.default for spec in SETTINGS}
        for spec in SETTINGS:
            if spec.key not in stored:
                continue
            try:
                values[spec.field] = parse_value(spec, stored[spec.key])
            except InvalidSetting as error:
                logger.warning("Ignoring stored setting %s: %s", spec.key, error.reason)
        return cls(**values)

    def value(self, spec: SettingSpec) -> int | Decimal | tuple[str, ...]:
        result: int | Decimal | tuple[str, ...] = getattr(self, spec.field)
        return result

    @property
    def purchase_order_set(self) -> frozenset[str]:
        return frozenset(normalize_order(order) for order in self.purchase_orders)


def normalize_order(text: str) -> str:
    """Purchase order numbers compare without case, spaces or leading zeros."""
    compact = "".join(text.split()).upper()
    return compact.lstrip("0") or compact


def _integer(spec: SettingSpec, value: object) -> int:
    if isinstance(value, bool):
        raise InvalidSetting(spec.key, value, "expected a whole number")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError as error:
        raise InvalidSetting(spec.key, value, "expected a whole number") from error
    return number


def _decimal(spec: SettingSpec, value: object) -> Decimal:
    if isinstance(value, bool):
        raise InvalidSetting(spec.key, value, "expected a number")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise InvalidSetting(spec.key, value, "expected a number") from error
    if not number.is_finite():
        raise InvalidSetting(spec.key, value, "expected a finite number")
    return number


def _text_list(spec: SettingSpec, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items: Iterable[object] = value.replace(";", ",").replace("\n", ",").split(",")
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise InvalidSetting(spec.key, value, "expected a list of texts")
    return tuple(text for text in (str(item).strip() for item in items) if text)


def parse_value(spec: SettingSpec, value: object) -> int | Decimal | tuple[str, ...]:
    """Convert a stored or typed value to the setting's type; raise InvalidSetting if unfit."""
    if spec.kind is SettingKind.TEXT_LIST:
        return _text_list(spec, value)
    number: int | Decimal = (
        _integer(spec, value) if spec.kind is SettingKind.INTEGER else _decimal(spec, value)
    )
    if spec.minimum is not None and number < spec.minimum:
        raise InvalidSetting(spec.key, value, f"must be at least {spec.minimum}")
    return number


def stored_form(spec: SettingSpec, value: int | Decimal | tuple[str, ...]) -> Any:
    """The JSON value kept in the settings table (decimals as text, lists as lists)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value
