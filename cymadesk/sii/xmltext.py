"""Namespace-agnostic element access.

Real DTEs arrive with the SII namespace, without it (portal downloads), or with both mixed, so
fields are found by local name. Comments and processing instructions are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from lxml import etree

from cymadesk.models.timezone import SANTIAGO

# Local names by namespaced tag, because slicing the local name out of every tag was a large
# part of indexing children. A DTE uses a few dozen tags. The bound stops files with many
# distinct tags from growing the cache without limit.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_MAX = 4096

_Result = TypeVar("_Result")


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
    """Return the first child element named ``name`` in any namespace or none."""
    # Children nearly always share their parent's namespace, so an exact tag is the fast
    # case. iterchildren matches tags in C, while find goes through lxml's path matching.
    tag = parent.tag
    namespace = tag[: tag.rfind("}") + 1] if isinstance(tag, str) else ""
    found = next(parent.iterchildren(namespace + name), None)
    if found is None:
        # lxml's "{*}" matches any namespace and no namespace.
        found = next(parent.iterchildren("{*}" + name), None)
    return found


def children_by_name(parent: etree._Element) -> dict[str, list[etree._Element]]:
    """Return the child elements of ``parent`` by local name, each list in document order."""
    index: dict[str, list[etree._Element]] = {}
    for node in parent:
        tag = node.tag
        name = _LOCAL_NAMES.get(tag)
        if name is None:
            if not isinstance(tag, str):
                continue  # a comment or processing instruction
            name = tag[tag.rfind("}") + 1 :]
            if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
                _LOCAL_NAMES[tag] = name
        nodes = index.get(name)
        if nodes is None:
            index[name] = [node]
        else:
            nodes.append(node)
    return index


class ChildIndex:
    """The child elements of one element, for several ``child`` look-ups on it.

    ``get`` returns what ``child`` would, from one pass over the children. On a freshly
    parsed tree that pass costs about as much as two ``child`` calls (measured on the
    ``bench/verify.py`` corpus, 2 vCPUs).
    """

    __slots__ = ("_by_name", "_namespace")

    def __init__(self, parent: etree._Element) -> None:
        tag = parent.tag
        self._namespace = tag[: tag.rfind("}") + 1] if isinstance(tag, str) else ""
        self._by_name = children_by_name(parent)

    def get(self, name: str) -> etree._Element | None:
        """Return the first child named ``name`` in the parent's namespace, else in any."""
        nodes = self._by_name.get(name)
        if not nodes:
            return None
        if len(nodes) == 1:
            return nodes[0]  # the usual case, where the search below would find the same node
        tag = self._namespace + name
        return next((node for node in nodes if node.tag == tag), nodes[0])

    def all(self, name: str) -> list[etree._Element]:
        """Return the children whose local name is ``name``, in any namespace, in order."""
        return self._by_name.get(name, [])


def children(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    return parent.iterfind("{*}" + name)


def text_of(element: etree._Element | None) -> str | None:
    """Return the element's text with surrounding whitespace removed, or None when empty."""
    if element is None:
        return None
    # A leaf's text is its only text; joining itertext() is needed only for mixed content.
    text = "".join(map(str, element.itertext())) if len(element) else (element.text or "")
    return text.strip() or None


class Fields:
    """The child elements of one element, indexed by local name in a single pass.

    Parsing reads a dozen fields from each element; indexing once avoids scanning the
    children again for every field. ``text`` and ``decimal`` repeat ``text_of`` inline
    because they run about seventy times per document of the benchmark corpus.
    """

    __slots__ = ("_index", "element")

    def __init__(self, element: etree._Element | None) -> None:
        self.element = element
        self._index = children_by_name(element) if element is not None else {}

    def __bool__(self) -> bool:
        return self.element is not None

    def first(self, name: str) -> etree._Element | None:
        found = self._index.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[etree._Element]:
        return self._index.get(name, [])

    def text(self, name: str) -> str | None:
        found = self._index.get(name)
        if found is None:
            return None
        node = found[0]
        text = "".join(map(str, node.itertext())) if len(node) else (node.text or "")
        return text.strip() or None

    def texts(self, name: str) -> tuple[str, ...]:
        nodes = self._index.get(name)
        if nodes is None:
            return ()
        return tuple(text for node in nodes if (text := text_of(node)))

    def decimal(self, name: str) -> Decimal | None:
        found = self._index.get(name)
        if found is None:
            return None
        node = found[0]
        text = "".join(map(str, node.itertext())) if len(node) else (node.text or "")
        return to_decimal(text.strip() or None)

    def sub(self, name: str) -> Fields:
        found = self._index.get(name)
        return Fields(found[0] if found else None)

    def unnamed(self, named: set[str]) -> dict[str, str]:
        """Return the simple child elements not in ``named``, as tag to text (repeats joined)."""
        extra: dict[str, str] = {}
        for name, nodes in self._index.items():
            if name in named:
                continue
            for node in nodes:
                text = text_of(node)
                if text is not None:
                    extra[name] = text if name not in extra else f"{extra[name]} | {text}"
        return extra


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


class SubtreeCache(Generic[_Result]):
    """A function of an element whose results are cached by the element's serialized bytes.

    The bytes determine every tag, text and attribute below the element, so equal bytes give
    an equal result. It pays for blocks that recur in many documents: an issuer's CAF and
    Emisor block, the company as Receptor, a signer's KeyInfo. A missing element (None) is
    passed to the function uncached. The bound keeps a stream of distinct blocks from growing
    the cache without limit. Callers share the cached objects, so results must be immutable.
    """

    def __init__(
        self, function: Callable[[etree._Element | None], _Result], max_entries: int
    ) -> None:
        self._function = function
        self._max_entries = max_entries
        self._results: dict[bytes, _Result] = {}

    def __call__(self, element: etree._Element | None) -> _Result:
        if element is None:
            return self._function(None)
        key = etree.tostring(element, with_tail=False)
        result = self._results.get(key)
        if result is None:
            result = self._function(element)
            if len(self._results) >= self._max_entries:
                self._results.clear()
            self._results[key] = result
        return result
