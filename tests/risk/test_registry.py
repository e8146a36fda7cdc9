"""The rule registry, its texts, the generated docs and the settings declarations."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from cymadesk.messages import all_texts, placeholders
from cymadesk.risk.docs import DOC_FILES, rules_markdown
from cymadesk.risk.registry import Rule
from cymadesk.risk.rules import ALL_RULES, CHECKS
from cymadesk.risk.settings import (
    SETTINGS,
    InvalidSetting,
    RiskSettings,
    parse_value,
    stored_form,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
CODE_SHAPE = re.compile(r"^[A-Z]+(_[A-Z0-9]+)+$")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_has_code_and_texts(rule: Rule) -> None:
    texts = all_texts()
    code = rule.code
    assert CODE_SHAPE.match(code)
    assert rule.explanation_code in texts
    assert rule.meaning_code in texts
    meaning = texts[rule.meaning_code]
    assert placeholders(meaning.es) == set()
    assert placeholders(meaning.en) == set()


def test_no_text_without_rule() -> None:
    codes = {rule.code for rule in ALL_RULES}
    stale = [
        code
        for code in all_texts()
        if code.startswith("riesgo.regla.") and code.removeprefix("riesgo.regla.") not in codes
    ]
    assert stale == []


def test_every_rule_has_a_check_module() -> None:
    modules = {check.__module__ for check in CHECKS}
    assert len(modules) == 8


@pytest.mark.parametrize(("language", "name"), sorted(DOC_FILES.items()))
def test_docs_match_registry(language: str, name: str) -> None:
    written = (DOCS / name).read_text(encoding="utf-8")
    assert written == rules_markdown(language), "run: python -m cymadesk.risk.docs docs"
    for rule in ALL_RULES:
        assert f"`{rule.code}`" in written


def test_settings_declared_once() -> None:
    fields = {field.name for field in dataclasses.fields(RiskSettings)}
    assert {spec.field for spec in SETTINGS} == fields
    assert len({spec.key for spec in SETTINGS}) == len(SETTINGS)
    defaults = RiskSettings.defaults()
    for spec in SETTINGS:
        assert defaults.value(spec) == spec.default
        assert spec.label_code in all_texts()


def test_stored_settings_round_trip() -> None:
    stored = {
        spec.key: stored_form(spec, parse_value(spec, value))
        for spec, value in zip(
            SETTINGS,
            ["3", 9, "1000", "6", "4,5", "2.5", "3", "90", "45", "OC-1; OC-2"],
            strict=True,
        )
    }

    settings = RiskSettings.from_stored(stored)

    assert settings.amount_robust_z == Decimal("4.5")
    assert settings.purchase_orders == ("OC-1", "OC-2")
    assert settings.purchase_order_set == frozenset({"OC-1", "OC-2"})


def test_bad_stored_setting_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    settings = RiskSettings.from_stored({"risk.min_history": "muchos", "otra.cosa": 1})

    assert settings.min_history == RiskSettings.defaults().min_history
    assert "risk.min_history" in caplog.text


@pytest.mark.parametrize(
    ("key", "value"),
    [("risk.min_history", "0"), ("risk.price_ratio", "nan"), ("risk.sii_grace_days", True)],
)
def test_invalid_setting_values(key: str, value: object) -> None:
    spec = next(spec for spec in SETTINGS if spec.key == key)
    with pytest.raises(InvalidSetting):
        parse_value(spec, value)
