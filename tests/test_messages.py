"""Every message code has Spanish and English text with the same placeholders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cymadesk.messages import all_texts, placeholders, render
from cymadesk.models.message import Message

PACKAGE = Path(__file__).resolve().parents[1] / "cymadesk"
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _code_prefixes() -> set[str]:
    return {code.split(".", 1)[0] for code in all_texts()}


def _string_literals_that_look_like_codes() -> dict[str, str]:
    prefixes = _code_prefixes()
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "catalog" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if CODE_SHAPE.match(value) and value.split(".", 1)[0] in prefixes:
                    found.setdefault(value, str(path.relative_to(PACKAGE)))
    return found


def test_every_code_used_has_text() -> None:
    texts = all_texts()
    missing = {
        code: where
        for code, where in _string_literals_that_look_like_codes().items()
        if code not in texts and not code.endswith(".py")
    }
    assert missing == {}


@pytest.mark.parametrize("code", sorted(all_texts()))
def test_both_languages_present_with_same_placeholders(code: str) -> None:
    text = all_texts()[code]
    assert text.es.strip()
    assert text.en.strip()
    assert placeholders(text.es) == placeholders(text.en)


def test_render_fills_parameters_in_each_language() -> None:
    message = Message("ted.folio_fuera_de_rango", {"folio": "25", "desde": 1, "hasta": 20})
    assert (
        render(message, "es") == "El folio 25 está fuera del rango autorizado por el CAF (1 a 20)."
    )
    assert render(message, "en") == "Folio 25 is outside the range the CAF authorises (1 to 20)."


def test_render_unknown_code_returns_code(caplog: pytest.LogCaptureFixture) -> None:
    assert render(Message("no.existe")) == "no.existe"
    assert "no.existe" in caplog.text


def test_render_fills_nested_code_from_same_parameters() -> None:
    message = Message(
        "esquema.invalido",
        {
            "esquema": "DTE_v10.xsd",
            "linea": 38,
            "detalle": "raw libxml2 text.",
            "detalle_codigo": "esquema.causa.largo_maximo",
            "campo_codigo": "esquema.campo.elemento",
            "elemento": "GiroRecep",
            "largo": 43,
            "limite": 40,
        },
    )

    assert render(message, "es") == (
        "No cumple el esquema oficial del SII (DTE_v10.xsd), línea 38: el elemento GiroRecep "
        "tiene 43 caracteres y el máximo permitido es 40."
    )
    assert render(message, "en") == (
        "Not valid against the SII's official schema (DTE_v10.xsd), line 38: the element "
        "GiroRecep has 43 characters and the maximum allowed is 40."
    )


def test_render_without_nested_code_uses_plain_parameter() -> None:
    # Verdicts stored before the nested code existed carry only the raw text.
    params = {"esquema": "DTE_v10.xsd", "linea": 2, "detalle": "Element 'DTE': raw text."}

    plain = render(Message("esquema.invalido", params))
    unknown = render(Message("esquema.invalido", {**params, "detalle_codigo": "no.existe"}))

    assert (
        plain
        == "No cumple el esquema oficial del SII (DTE_v10.xsd), línea 2: Element 'DTE': raw text."
    )
    assert unknown == plain
