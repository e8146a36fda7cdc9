"""Inclusive C14N 1.0 of a signed element in the namespace contexts SII issuers sign in.

Issuers usually sign each DTE as a document of its own and then paste it into an envelope,
whose root declares the SII default namespace and ``xmlns:xsi``. Inclusive C14N copies every
namespace in scope onto the signed element, so the same bytes canonicalize differently inside
and outside the envelope; some issuers even sign without the SII namespace. ``candidate_forms``
returns the canonical bytes for each context a signature may have been made in, so the
verifier can try them in order and report which one matched.

lxml's C14N of a subtree (``tostring(element, method="c14n")``) emits spurious ``xmlns=""``
on grandchildren when the default namespace is declared above the subtree (seen with lxml
6.2.0 and libxml2 2.14.6). Where every element of the subtree is in a namespace, or none is, a
correct ``xmlns=""`` cannot occur, so those declarations are removed from the output. A subtree
that mixes both is serialized, parsed again as a document of its own and canonicalized whole,
which is correct but slower. The namespace declarations of the top element are then set to
those of the wanted context.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping

from lxml import etree

_NAMESPACE_DECLARATION = re.compile(rb' xmlns(?::[^=\s]+)?="[^"]*"')
_HAS_QUALIFIED = etree.XPath("boolean(descendant-or-self::*[namespace-uri()!=''])")
_REPARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, collect_ids=False
)


class CanonicalForm(enum.StrEnum):
    """The namespace context under which a signed element's canonical bytes were computed."""

    IN_CONTEXT = "en_contexto"
    """As found in the file: every namespace in scope, envelope declarations included."""

    STANDALONE = "independiente"
    """As if its DTE were a file of its own: declarations from the envelope are left out."""

    WITHOUT_NAMESPACE = "sin_namespace"
    """As signed without the SII namespace, which the envelope added around it."""


def _own_declarations(element: etree._Element) -> dict[str | None, str]:
    parent = element.getparent()
    inherited = parent.nsmap if parent is not None else {}
    return {prefix: uri for prefix, uri in element.nsmap.items() if inherited.get(prefix) != uri}


def _standalone_declarations(
    target: etree._Element, document_root: etree._Element
) -> dict[str | None, str]:
    """Return the namespaces in scope at ``target`` if ``document_root`` were the file's root."""
    chain = []
    node: etree._Element | None = target
    while node is not None:
        chain.append(node)
        if node is document_root:
            break
        node = node.getparent()
    if chain[-1] is not document_root:
        raise ValueError("target is not inside document_root")

    declarations: dict[str | None, str] = {}
    root_namespace = etree.QName(document_root).namespace
    if root_namespace is not None:
        # Taken out of its envelope, the root must still declare the namespace it is in.
        declarations[document_root.prefix] = root_namespace
    for element in reversed(chain):
        declarations.update(_own_declarations(element))
    return declarations


def _declaration_bytes(declarations: Mapping[str | None, str]) -> bytes:
    ordered = sorted(declarations.items(), key=lambda item: "" if item[0] is None else item[0])
    parts = []
    for prefix, uri in ordered:
        if not uri:
            continue
        escaped = uri.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        name = "xmlns" if prefix is None else f"xmlns:{prefix}"
        parts.append(f' {name}="{escaped}"'.encode())
    return b"".join(parts)


def _with_declarations(canonical: bytes, declarations: Mapping[str | None, str]) -> bytes:
    """Replace the namespace declarations of the top element of canonical bytes."""
    end = canonical.index(b">")
    head = canonical[:end]
    if head.endswith(b"/"):  # C14N never writes empty-element tags, but stay safe
        raise ValueError("unexpected empty-element tag in canonical output")
    bare = _NAMESPACE_DECLARATION.sub(b"", head)
    name, space, attributes = bare.partition(b" ")
    rebuilt = name + _declaration_bytes(declarations) + (space + attributes if space else b"")
    if rebuilt == head:
        # Usual for the in-context form: skip copying the rest of a body of several KB.
        return canonical
    return rebuilt + canonical[end:]


def strip_top_declarations(canonical: bytes) -> bytes:
    """Remove every namespace declaration from the top element of canonical bytes."""
    return _with_declarations(canonical, {})


def _has_unqualified(target: etree._Element) -> bool:
    """Return whether ``target`` or an element below it is in no namespace."""
    # lxml's tag "{}*" matches elements in no namespace only. This walk runs in C and, on a
    # DTE body, takes a fraction of the time of an XPath query, whose setup dominates.
    return next(target.iter("{}*"), None) is not None


def _index_path(descendant: etree._Element, ancestor: etree._Element) -> list[int] | None:
    path: list[int] = []
    node = descendant
    while node is not ancestor:
        parent = node.getparent()
        if parent is None:
            return None
        path.append(parent.index(node))
        node = parent
    return list(reversed(path))


def canonical_standalone(
    target: etree._Element,
    *,
    with_comments: bool = False,
    exclude: etree._Element | None = None,
) -> bytes:
    """Canonicalize ``target`` as a document of its own (apart from its top declarations).

    ``exclude`` names a descendant to leave out, for the enveloped-signature transform.
    """
    if exclude is None and (
        not _has_unqualified(target) or (None not in target.nsmap and not _HAS_QUALIFIED(target))
    ):
        canonical = etree.tostring(target, method="c14n", with_comments=with_comments)
        # The same as replace(), which is slower here: a body has dozens of these, and
        # replace() searches for the needle twice (to count it, then to copy around it).
        return b"".join(canonical.split(b' xmlns=""'))
    serialized = etree.tostring(target, with_tail=False)
    copy = etree.fromstring(serialized, _REPARSER)
    if exclude is not None:
        path = _index_path(exclude, target)
        if path:
            node = copy
            for index in path:
                node = node[index]
            parent = node.getparent()
            if parent is not None:
                _remove_keeping_tail(parent, node)
    return etree.tostring(copy, method="c14n", with_comments=with_comments)


def _remove_keeping_tail(parent: etree._Element, node: etree._Element) -> None:
    tail = node.tail
    previous = node.getprevious()
    parent.remove(node)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def candidate_forms(
    target: etree._Element,
    document_root: etree._Element,
    *,
    with_comments: bool = False,
    exclude: etree._Element | None = None,
    sii_namespace: str,
    base: bytes | None = None,
) -> Iterator[tuple[CanonicalForm, bytes]]:
    """Yield each distinct canonical form of ``target``, most likely first.

    ``document_root`` is the element the issuer signed as a file of its own (the DTE for a
    document signature, the file root for an envelope). The namespace-less form is offered
    only where the SII namespace reached the DTE from an envelope around it: a DTE file that
    declares the namespace itself was signed with it. ``base`` may pass the result of
    ``canonical_standalone(target)`` when the caller already has it.
    """
    if base is None:
        base = canonical_standalone(target, with_comments=with_comments, exclude=exclude)
    # Each form is computed only when the caller asks for it, because the first one usually
    # matches.
    in_context = _with_declarations(base, target.nsmap)
    yield CanonicalForm.IN_CONTEXT, in_context
    seen = {in_context}

    standalone = _standalone_declarations(target, document_root)
    canonical = _with_declarations(base, standalone)
    if canonical not in seen:
        seen.add(canonical)
        yield CanonicalForm.STANDALONE, canonical

    if document_root.getparent() is not None and standalone.get(None) == sii_namespace:
        without = dict(standalone)
        del without[None]
        canonical = _with_declarations(base, without)
        if canonical not in seen:
            yield CanonicalForm.WITHOUT_NAMESPACE, canonical
