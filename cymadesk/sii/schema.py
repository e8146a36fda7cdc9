"""Validation against the SII's official XML schemas, shipped inside the package, offline.

Each DTE is validated on its own: facturas, notas, guías, liquidaciones and exports against
``DTE_v10.xsd``, boletas against the ``BOLETADefType`` of ``EnvioBOLETA_v11.xsd``. DTEs
downloaded from the SII portal lack the SII namespace and some platforms add a non-schema
``DocPersonalizado`` element; those are validated as a copy moved into the namespace without
that element, and the verdict mentions it.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, cast

from lxml import etree

from cymadesk.models.message import Message, ParamValue
from cymadesk.models.verdict import Verdict, VerdictKey, VerdictState
from cymadesk.sii.envelope import SII_NAMESPACE
from cymadesk.sii.schema_errors import describe_schema_error
from cymadesk.sii.xmltext import local_name

logger = logging.getLogger(__name__)

MAX_REPORTED_ERRORS = 5
NON_SCHEMA_ELEMENTS = ("DocPersonalizado",)

# A wrapper of our own that gives the official boleta type a global root element.
_BOLETA_WRAPPER = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:SiiDte="{SII_NAMESPACE}"
    targetNamespace="{SII_NAMESPACE}" elementFormDefault="qualified">
  <xs:include schemaLocation="EnvioBOLETA_v11.xsd"/>
  <xs:element name="DTE" type="SiiDte:BOLETADefType"/>
</xs:schema>
""".encode("iso-8859-1")

_lock = threading.Lock()


class _LocalOnly(etree.Resolver):
    """Refuse every schema location that would leave the package."""

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        if "://" in system_url and not system_url.startswith("file:"):
            raise etree.XMLSchemaParseError(f"remote schema location refused: {system_url}")
        return None


def _schema_directory() -> Traversable:
    return resources.files("cymadesk.resources").joinpath("schemas")


@cache
def _compiled(name: str) -> etree.XMLSchema:
    """Compile a root schema once; ``boleta`` names the boleta wrapper."""
    directory = _schema_directory()
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalOnly())
    with resources.as_file(directory) as path:
        if name == "boleta":
            document = etree.fromstring(
                _BOLETA_WRAPPER, parser, base_url=str(path / "boleta_wrapper.xsd")
            ).getroottree()
        else:
            document = etree.parse(str(path / name), parser)
        return etree.XMLSchema(document)


def _schema_for(tipo_code: str | None) -> str:
    return "boleta" if (tipo_code or "").strip() in ("39", "41") else "DTE_v10.xsd"


def _namespaced_copy(dte: etree._Element) -> etree._Element:
    """Copy a DTE into the SII namespace, dropping known non-schema elements."""
    moved = copy.deepcopy(dte)
    for element in list(moved.iter(tag=etree.Element)):
        if local_name(element) in NON_SCHEMA_ELEMENTS and element.getparent() is not None:
            element.getparent().remove(element)  # type: ignore[union-attr]
    for element in moved.iter(tag=etree.Element):
        qname = etree.QName(element)
        if qname.namespace is None:
            element.tag = f"{{{SII_NAMESPACE}}}{qname.localname}"
    etree.cleanup_namespaces(moved, top_nsmap={None: SII_NAMESPACE})  # type: ignore[dict-item]
    return moved


def validate_dte(dte: etree._Element, tipo_code: str | None) -> Verdict:
    """Return the ``esquema`` verdict for one DTE element."""
    schema_name = _schema_for(tipo_code)
    with _lock:  # compiled schemas are shared; libxml2 validation contexts are not thread-safe
        schema = _compiled(schema_name)
        adjusted: list[str] = []
        candidate = dte
        namespace = etree.QName(dte).namespace
        # Platforms append these as children of DTE, after the signature. iterchildren
        # matches the tag in C, where find would go through lxml's Python path matching.
        has_extras = any(
            next(dte.iterchildren("{*}" + name), None) is not None for name in NON_SCHEMA_ELEMENTS
        )
        if namespace != SII_NAMESPACE or has_extras:
            candidate = _namespaced_copy(dte)
            if namespace != SII_NAMESPACE:
                adjusted.append("namespace")
            if has_extras:
                adjusted.append("DocPersonalizado")
        valid = schema.validate(candidate)
        errors: list[dict[str, str | int]] = []
        if not valid:
            errors = [
                {"linea": error.line, "mensaje": error.message}
                for error in list(cast(Iterable[Any], schema.error_log))[:MAX_REPORTED_ERRORS]
            ]

    schema_label = "EnvioBOLETA_v11.xsd" if schema_name == "boleta" else schema_name
    evidence: dict[str, Any] = {"esquema": schema_label}
    if adjusted:
        evidence["ajustes"] = adjusted
    if valid:
        code = "esquema.ok_ajustado" if adjusted else "esquema.ok"
        return Verdict(
            VerdictKey.ESQUEMA, VerdictState.OK, Message(code, {"esquema": schema_label}), evidence
        )
    evidence["errores"] = errors
    first: dict[str, str | int] = errors[0] if errors else {"linea": 0, "mensaje": ""}
    params: dict[str, ParamValue] = {
        "esquema": schema_label,
        "linea": first["linea"],
        "detalle": first["mensaje"],
    }
    # The raw text stays in "detalle" and in the evidence. A recognised error adds the code that
    # renders in its place, in the reader's language.
    cause = describe_schema_error(str(first["mensaje"]))
    if cause is not None:
        params.update(cause.params)
        params["detalle_codigo"] = cause.code
    message = Message("esquema.invalido", params)
    return Verdict(VerdictKey.ESQUEMA, VerdictState.FALLA, message, evidence)
