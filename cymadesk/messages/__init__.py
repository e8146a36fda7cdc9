"""Spanish and English texts for the message codes the Qt-free layers return.

Each module in ``cymadesk.messages.catalog`` defines ``MESSAGES``, a mapping from code to
``Text``. Placeholders use ``str.format`` syntax (``{folio}``); both languages of a code must
use the same placeholders, which a test checks. A parameter named ``<name>_codigo`` whose value
is a catalogue code fills ``{<name>}`` with that code's text, rendered from the same parameters,
so a message can carry a translatable part (see ``render``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cymadesk.models.message import Message, ParamValue

logger = logging.getLogger(__name__)

LANGUAGES = ("es", "en")
NESTED_CODE_SUFFIX = "_codigo"
DEFAULT_LANGUAGE = "es"


@dataclass(frozen=True, slots=True)
class Text:
    es: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.es


@cache
def all_texts() -> Mapping[str, Text]:
    """Return every code of every catalogue module, checked for duplicates."""
    package = importlib.import_module(f"{__name__}.catalog")
    merged: dict[str, Text] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for code, text in module.MESSAGES.items():
            if code in merged:
                raise RuntimeError(f"message code {code!r} is defined twice (in {info.name})")
            merged[code] = text
    return merged


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(message: Message, language: str = DEFAULT_LANGUAGE) -> str:
    """Render a message in ``language`` ('es' or 'en').

    A parameter ``x_codigo`` that names a catalogue code puts that code's text in ``{x}``.

    An unknown code renders as the code itself and logs a warning, so a missing text never
    hides the fact behind it.
    """
    text = all_texts().get(message.code)
    if text is None:
        logger.warning("No text for message code %s", message.code)
        return message.code
    template = text.in_language(language)
    values = _values_with_nested_texts(message.params, placeholders(template), language)
    for name, value in values.items():
        # "E.I.R.L." at the end of a sentence keeps its own period: no "E.I.R.L..".
        if isinstance(value, str) and value.endswith("."):
            template = template.replace("{" + name + "}.", "{" + name + "}")
    return template.format_map(_KeepMissing(values))


def _values_with_nested_texts(
    params: Mapping[str, ParamValue], names: set[str], language: str
) -> dict[str, object]:
    """Fill each placeholder ``{x}`` that has a ``x_codigo`` parameter with that code's text.

    The nested text is rendered from the other parameters, so it may itself contain nested
    codes. A ``x_codigo`` value that is not a catalogue code is ignored, and ``{x}`` keeps the
    plain parameter ``x``, the way messages stored before the nested code existed render.
    """
    values: dict[str, object] = dict(params)
    for name in names:
        nested_code = params.get(name + NESTED_CODE_SUFFIX)
        if not isinstance(nested_code, str) or nested_code not in all_texts():
            continue
        rest = {key: value for key, value in params.items() if key != name + NESTED_CODE_SUFFIX}
        values[name] = render(Message(nested_code, rest), language)
    return values


def placeholders(template: str) -> set[str]:
    """Return the names of the ``{name}`` placeholders in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
