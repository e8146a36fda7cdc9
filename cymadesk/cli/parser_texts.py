"""Spanish for the texts argparse writes itself: usage, section titles and parse errors.

argparse looks its texts up through ``gettext`` at the moment it writes them, under the names
``_`` and ``ngettext`` of its own module, so replacing those two names translates it.
"""

from __future__ import annotations

import argparse

SPANISH = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión del programa y termina",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "valor no válido: %(value)r (elija entre %(choices)s)"
    ),
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos desconocidos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "expected one argument": "se esperaba un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "expected at most one argument": "se esperaba como máximo un valor",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "opción ambigua: %(option)s puede ser %(matches)s"
    ),
    "not allowed with argument %s": "no se puede usar junto con el argumento %s",
    "one of the arguments %s is required": "falta uno de los argumentos %s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "unexpected option string: %s": "opción inesperada: %s",
    "can't open '%(filename)s': %(error)s": "no se pudo abrir «%(filename)s»: %(error)s",
}
SPANISH_PLURALS = {
    "expected %s argument": ("se esperaba %s valor", "se esperaban %s valores"),
}


def translate_argparse(language: str) -> None:
    """Make argparse write its own texts in ``language`` (Spanish or English)."""
    spanish = language == "es"

    def text(message: str) -> str:
        return SPANISH.get(message, message) if spanish else message

    def plural(singular: str, plural_form: str, count: int) -> str:
        forms = SPANISH_PLURALS.get(singular) if spanish else None
        if forms is None:
            return singular if count == 1 else plural_form
        return forms[0] if count == 1 else forms[1]

    argparse._ = text  # type: ignore[attr-defined]
    argparse.ngettext = plural  # type: ignore[attr-defined]
