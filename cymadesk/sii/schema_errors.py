"""Message codes for the schema errors that libxml2 reports as English sentences.

lxml passes on libxml2's text, for example ``Element '{http://www.sii.cl/SiiDte}GiroRecep':
[facet 'maxLength'] The value has a length of '43'; this exceeds the allowed maximum length of
'40'.``. ``describe_schema_error`` recognises the common forms (checked against libxml2 2.14.6 as
bundled with lxml 6.0.2) and returns a catalogue code with the element's local name and the
values, so the user reads it in Spanish or English. Any other form returns None, and the caller
shows the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cymadesk.models.message import ParamValue

# libxml2 2.14 lists at most ten expected elements (its list for an empty Totales stops before
# the required MntTotal), so a list of this length may be cut short.
LIBXML2_EXPECTED_LIMIT = 10
MAX_VALUE_CHARS = 80

_SUBJECT = re.compile(
    r"Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: (?P<rest>.*)",
    re.DOTALL,
)
_NAMESPACE = re.compile(r"\{[^}]*\}")
_QUOTED = re.compile(r"'([^']*)'")


@dataclass(frozen=True, slots=True)
class _Form:
    """One libxml2 sentence: its regular expression and the code whose text replaces it."""

    pattern: re.Pattern[str]
    code: str
    # The sentence is about the element itself (its children, attributes or text), so its text
    # names the element directly and libxml2 never gives it an attribute as subject.
    element_only: bool = False


def _form(pattern: str, code: str, *, element_only: bool = False) -> _Form:
    return _Form(re.compile(pattern, re.DOTALL), code, element_only)


_VALUE = r"The value '(?P<valor>.*)'"
_FORMS = (
    _form(
        r"\[facet 'maxLength'\] The value has a length of '(?P<largo>\d+)'; this exceeds the "
        r"allowed maximum length of '(?P<limite>\d+)'\.",
        "esquema.causa.largo_maximo",
    ),
    _form(
        r"\[facet 'minLength'\] The value has a length of '(?P<largo>\d+)'; this underruns the "
        r"allowed minimum length of '(?P<limite>\d+)'\.",
        "esquema.causa.largo_minimo",
    ),
    _form(
        r"\[facet 'length'\] The value has a length of '(?P<largo>\d+)'; this differs from the "
        r"allowed length of '(?P<limite>\d+)'\.",
        "esquema.causa.largo_exacto",
    ),
    _form(
        rf"\[facet 'pattern'\] {_VALUE} is not accepted by the pattern '(?P<patron>.*)'\.",
        "esquema.causa.patron",
    ),
    _form(
        rf"\[facet 'enumeration'\] {_VALUE} is not an element of the set \{{(?P<opciones>.*)\}}\.",
        "esquema.causa.enumeracion",
    ),
    _form(
        rf"\[facet 'totalDigits'\] {_VALUE} has more digits than are allowed "
        r"\('(?P<limite>\d+)'\)\.",
        "esquema.causa.digitos_totales",
    ),
    _form(
        rf"\[facet 'fractionDigits'\] {_VALUE} has more fractional digits than are allowed "
        r"\('(?P<limite>\d+)'\)\.",
        "esquema.causa.digitos_decimales",
    ),
    _form(
        rf"\[facet 'maxInclusive'\] {_VALUE} is greater than the maximum value allowed "
        r"\('(?P<limite>.*)'\)\.",
        "esquema.causa.maximo",
    ),
    _form(
        rf"\[facet 'minInclusive'\] {_VALUE} is less than the minimum value allowed "
        r"\('(?P<limite>.*)'\)\.",
        "esquema.causa.minimo",
    ),
    _form(
        rf"\[facet 'maxExclusive'\] {_VALUE} must be less than '(?P<limite>.*)'\.",
        "esquema.causa.menor_que",
    ),
    _form(
        rf"\[facet 'minExclusive'\] {_VALUE} must be greater than '(?P<limite>.*)'\.",
        "esquema.causa.mayor_que",
    ),
    _form(
        r"'(?P<valor>.*)' is not a valid value of the (?:atomic|list|union) type "
        r"'(?P<tipo>[^']+)'\.",
        "esquema.causa.tipo_invalido",
    ),
    _form(
        r"'(?P<valor>.*)' is not a valid value of the local (?:atomic|list|union) type\.",
        "esquema.causa.valor_invalido",
    ),
    _form(
        rf"{_VALUE} does not match the fixed value constraint '(?P<limite>.*)'\.",
        "esquema.causa.valor_fijo",
    ),
    _form(
        r"Missing child element\(s\)\. Expected is \( (?P<esperado>[^,]+) \)\.",
        "esquema.causa.falta_elemento",
        element_only=True,
    ),
    _form(
        r"Missing child element\(s\)\. Expected is one of \( (?P<esperados>.+) \)\.",
        "esquema.causa.falta_elemento_uno_de",
        element_only=True,
    ),
    _form(
        r"This element is not expected\. Expected is \( (?P<esperado>[^,]+) \)\.",
        "esquema.causa.no_esperado",
        element_only=True,
    ),
    _form(
        r"This element is not expected\. Expected is one of \( (?P<esperados>.+) \)\.",
        "esquema.causa.no_esperado_uno_de",
        element_only=True,
    ),
    _form(
        r"This element is not expected\.",
        "esquema.causa.no_esperado_sin_lista",
        element_only=True,
    ),
    _form(
        r"The attribute '(?P<atributo>[^']+)' is required but missing\.",
        "esquema.causa.falta_atributo",
        element_only=True,
    ),
    # libxml2 gives this one the attribute as subject too: "Element 'X', attribute 'y': ...".
    _form(
        r"The attribute '(?P<atributo>[^']+)' is not allowed\.",
        "esquema.causa.atributo_no_permitido",
    ),
    _form(
        r"Character content other than whitespace is not allowed because the content type is "
        r"'[^']+'\.",
        "esquema.causa.texto_no_permitido",
        element_only=True,
    ),
    _form(
        r"No matching global declaration available for the validation root\.",
        "esquema.causa.raiz_no_declarada",
        element_only=True,
    ),
)


@dataclass(frozen=True, slots=True)
class SchemaErrorText:
    """A recognised libxml2 error: the catalogue code of its text and that text's parameters."""

    code: str
    params: dict[str, ParamValue]


def describe_schema_error(raw: str) -> SchemaErrorText | None:
    """Return the code and parameters for one libxml2 schema error, or None for other forms."""
    subject = _SUBJECT.fullmatch(raw.strip())
    if subject is None:
        return None
    element = _local(subject["element"])
    attribute = subject["attribute"]
    for form in _FORMS:
        found = form.pattern.fullmatch(subject["rest"])
        if found is None:
            continue
        if form.element_only and attribute is not None:
            return None
        params: dict[str, ParamValue] = {"elemento": element}
        if not form.element_only:
            if attribute is None:
                params["campo_codigo"] = "esquema.campo.elemento"
            else:
                params["campo_codigo"] = "esquema.campo.atributo"
                params["atributo"] = attribute
        for name, value in found.groupdict().items():
            params[name] = _parameter(name, value)
        return SchemaErrorText(form.code, params)
    return None


def _parameter(name: str, value: str) -> ParamValue:
    if name in ("largo", "limite") and value.isdigit():
        return int(value)
    if name == "opciones":
        return ", ".join(_QUOTED.findall(value))
    if name == "esperados":
        names = [_local(item.strip()) for item in value.split(",")]
        listed = ", ".join(names)
        return listed + ", …" if len(names) >= LIBXML2_EXPECTED_LIMIT else listed
    if name in ("esperado", "tipo"):
        return _local(value.strip())
    if name == "valor" and len(value) > MAX_VALUE_CHARS:
        return value[: MAX_VALUE_CHARS - 1] + "…"
    return value


def _local(name: str) -> str:
    """Drop the ``{namespace}`` part of the names libxml2 writes in Clark notation."""
    return _NAMESPACE.sub("", name)
