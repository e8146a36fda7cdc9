"""The parts of a parsed document that history rules compare between one emisor's documents.

``Content`` is small and immutable so the engine can cache it by body digest: two documents
with the same body have the same content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from cymadesk.models.document import Document, Line, Reference
from cymadesk.models.dte_types import DteType
from cymadesk.models.rut import Rut

# "cta. cte. 12-345-67890", "cuenta corriente N° 00123456", "cuenta vista 1234567": the
# number after a word for account. Digits may be grouped with dashes, dots or spaces.
_ACCOUNT = re.compile(
    r"\b(?:cta|cuenta|cte|cc|n[°º]?\s*de\s*cuenta)\b[^0-9@]{0,30}?(\d[\d.\- ]{4,24}\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACES = re.compile(r"\s+")
MIN_ACCOUNT_DIGITS = 6

# Types a receiver keeps and a note may modify (boletas go to final consumers, not here).
REFERABLE_TYPES = frozenset(
    {
        DteType.FACTURA,
        DteType.FACTURA_EXENTA,
        DteType.LIQUIDACION_FACTURA,
        DteType.FACTURA_COMPRA,
        DteType.GUIA_DESPACHO,
        DteType.NOTA_DEBITO,
        DteType.NOTA_CREDITO,
        DteType.FACTURA_EXPORTACION,
        DteType.NOTA_DEBITO_EXPORTACION,
        DteType.NOTA_CREDITO_EXPORTACION,
    }
)

ReferenceKey = tuple[str, int, str]
"""(RUT emisor, tipo, folio) of a referenced document, as documents are stored."""


@dataclass(frozen=True, slots=True)
class LineFacts:
    """A detail line reduced to what price and item history need."""

    item: str
    name: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class Content:
    """The parts of a document that the history and duplicate rules compare."""

    lines: tuple[LineFacts, ...]
    correo: str | None
    direccion: str | None
    """CorreoEmisor and DirOrigen with CmnaOrigen as written, to show."""
    telefonos: tuple[str, ...]
    bank_accounts: frozenset[str]
    text_emails: frozenset[str]
    references: frozenset[ReferenceKey] = frozenset()
    correo_key: str = ""
    direccion_key: str = ""
    """CorreoEmisor and the address normalized (``normalize_text``), to compare."""

    @property
    def detail_key(self) -> tuple[tuple[str, str, str], ...]:
        """The lines as a sorted tuple of (item, quantity, unit price), to find copies."""
        return tuple(
            sorted(
                (line.item, _number_key(line.quantity), _number_key(line.unit_price))
                for line in self.lines
            )
        )


def reference_key(rut_emisor: str, reference: Reference) -> ReferenceKey | None:
    """Return the identity a Referencia names, or None when it names no electronic document."""
    kind = reference.dte_type
    if kind not in REFERABLE_TYPES or not reference.folio or reference.ind_global:
        return None
    folio = reference.folio.strip().lstrip("0") or "0"
    other = Rut.try_parse(reference.other_rut, strict=False)
    return (other.canonical if other is not None else rut_emisor, int(kind), folio)


def _number_key(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def normalize_text(text: str | None) -> str:
    """Casefold, drop accents and collapse spaces, so trivial spelling changes compare equal."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", plain).strip().casefold()


def _line_facts(line: Line) -> LineFacts | None:
    if not line.name:
        return None
    return LineFacts(
        item=normalize_text(line.name),
        name=line.name.strip(),
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=line.amount,
    )


def free_texts(document: Document) -> Iterator[str]:
    """Yield the free-text fields where issuers write payment instructions and contacts."""
    id_doc = document.id_doc
    for text in (id_doc.terminos_pago_glosa, id_doc.banco_pago):
        if text:
            yield text
    for line in document.lines:
        if line.description:
            yield line.description
    for reference in document.references:
        if reference.reason:
            yield reference.reason


def bank_accounts(texts: Iterable[str], account_field: str | None = None) -> frozenset[str]:
    """Extract account numbers (digits only) from NumCtaPago and from texts that name one."""
    found: set[str] = set()
    candidates = [account_field] if account_field else []
    for text in texts:
        candidates.extend(match.group(1) for match in _ACCOUNT.finditer(text))
    for candidate in candidates:
        digits = "".join(char for char in candidate if char.isdigit()).lstrip("0")
        if len(digits) >= MIN_ACCOUNT_DIGITS:
            found.add(digits)
    return frozenset(found)


def document_content(document: Document) -> Content:
    emisor = document.emisor
    rut_emisor = emisor.rut.canonical if emisor.rut is not None else (emisor.rut_text or "")
    texts = list(free_texts(document))
    address = " ".join(part for part in (emisor.direccion, emisor.comuna) if part)
    return Content(
        lines=tuple(facts for facts in map(_line_facts, document.lines) if facts is not None),
        correo=(emisor.correo or "").strip() or None,
        direccion=address.strip() or None,
        correo_key=normalize_text(emisor.correo),
        direccion_key=normalize_text(address),
        telefonos=tuple(
            sorted({"".join(ch for ch in phone if ch.isdigit()) for phone in emisor.telefonos})
        ),
        bank_accounts=bank_accounts(texts, document.id_doc.cuenta_pago),
        references=frozenset(
            key
            for reference in document.references
            if (key := reference_key(rut_emisor, reference)) is not None
        ),
        text_emails=frozenset(
            match.group(0).casefold() for text in texts for match in _EMAIL.finditer(text)
        ),
    )
