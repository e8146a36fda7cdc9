"""Spanish and English texts for the message codes the Qt-free layers return.

Each module in ``cymadesk.messages.catalog`` defines ``MESSAGES``, a mapping from code to
``Text``. Placeholders use ``str.format`` syntax (``{folio}``); both languages of a code must
use the same placeholders, which a test checks.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cymadesk.models.message import Message

logger = logging.getLogger(__name__)

LANGUAGES = ("es", "en")
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

    An unknown code renders as the code itself and logs a warning, so a missing text never
    hides the fact behind it.
    """
    text = all_texts().get(message.code)
    if text is None:
        logger.warning("No text for message code %s", message.code)
        return message.code
    template = text.in_language(language)
    for name, value in message.params.items():
        # "E.I.R.L." at the end of a sentence keeps its own period: no "E.I.R.L..".
        if isinstance(value, str) and value.endswith("."):
            template = template.replace("{" + name + "}.", "{" + name + "}")
    return template.format_map(_KeepMissing(message.params))


def placeholders(template: str) -> set[str]:
    """Return the names of the ``{name}`` placeholders in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
