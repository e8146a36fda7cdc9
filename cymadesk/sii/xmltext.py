"""Namespace-agnostic element access.

Real DTEs arrive with the SII namespace, without it (portal downloads), or with both mixed, so
fields are found by local name. Comments and processing instructions are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from lxml import etree

from cymadesk.models.timezone import SANTIAGO


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def elements(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the child elements of ``parent``, skipping comments and processing instructions."""
    for node in parent:
        if isinstance(node.tag, str):
            yield node


def child(parent: etree._Element, name: str) -> etree._Element | None:
    for node in elements(parent):
        if local_name(node) == name:
            return node
    return None


def children(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    for node in elements(parent):
        if local_name(node) == name:
            yield node


def text_of(element: etree._Element | None) -> str | None:
    """Return the element's text with surrounding whitespace removed, or None when empty."""
    if element is None:
        return None
    text = "".join(str(part) for part in element.itertext())
    text = text.strip()
    return text or None


def child_text(parent: etree._Element | None, name: str) -> str | None:
    if parent is None:
        return None
    return text_of(child(parent, name))


def to_decimal(text: str | None) -> Decimal | None:
    """Parse an XML number; None when missing or not a number."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def to_int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def to_date(text: str | None) -> dt.date | None:
    """Parse an ISO date (AAAA-MM-DD); None when missing or invalid."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def to_local_datetime(text: str | None) -> dt.datetime | None:
    """Parse an SII timestamp (AAAA-MM-DDTHH:MI:SS, Chilean local time, no offset).

    A timestamp that carries its own offset keeps it; one without is read in America/Santiago.
    """
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=SANTIAGO)
