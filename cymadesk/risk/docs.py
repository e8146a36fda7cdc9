"""The rule list of the docs, written from the registry in Spanish and in English.

``python -m cymadesk.risk.docs [DOCS_DIR]`` writes ``riesgos.md`` and ``risk-rules.md``.
Run it after changing a rule, a text or a setting; a test fails while the files differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cymadesk.messages import render
from cymadesk.models.message import Message
from cymadesk.risk.facts import HISTORY_LIMIT
from cymadesk.risk.registry import Area
from cymadesk.risk.rules import ALL_RULES
from cymadesk.risk.settings import SETTINGS

DOC_FILES = {"es": "riesgos.md", "en": "risk-rules.md"}


def _text(code: str, language: str) -> str:
    return render(Message(code), language)


def _default(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return str(value)


def rules_markdown(language: str) -> str:
    """Render the rule list and the settings as Markdown in ``language`` ('es' or 'en')."""
    lines = [
        f"# {_text('riesgo.docs.titulo', language)}",
        "",
        _text("riesgo.docs.generado", language),
        "",
        _text("riesgo.docs.introduccion", language),
        "",
        render(Message("riesgo.docs.alcance", {"limite": HISTORY_LIMIT}), language),
    ]
    for area in Area:
        rules = [rule for rule in ALL_RULES if rule.area is area]
        lines += [
            "",
            f"## {_text(f'riesgo.area.{area.value}', language)}",
            "",
            f"| {_text('riesgo.docs.columnas_reglas', language)} |",
            "|---|---|---|",
        ]
        for rule in rules:
            severity = _text(f"riesgo.severidad.{rule.severity.value}", language)
            meaning = _text(rule.meaning_code, language)
            lines.append(f"| `{rule.code}` | {severity} | {meaning} |")
    lines += [
        "",
        f"## {_text('riesgo.docs.ajustes', language)}",
        "",
        _text("riesgo.docs.ajustes_como", language),
        "",
        f"| {_text('riesgo.docs.columnas_ajustes', language)} |",
        "|---|---|---|",
    ]
    for spec in SETTINGS:
        label = _text(spec.label_code, language)
        lines.append(f"| `{spec.key}` | {_default(spec.default)} | {label} |")
    return "\n".join(lines) + "\n"


def write_docs(directory: Path) -> list[Path]:
    """Write both language versions into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language, name in DOC_FILES.items():
        path = directory / name
        path.write_text(rules_markdown(language), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    for path in write_docs(target):
        print(path)
