"""Registro de Compras y Ventas (RCV) CSV exports from the SII portal.

The files are ``;``-separated with a header row. Compras exports differ by estado: REGISTRO
and the older export carry ``Fecha Acuse`` and the tobacco columns, NO_INCLUIR drops the
tobacco columns (and its rows read "No Corresp. Incluir"), RECLAMADO has ``Fecha Reclamo``
instead of ``Fecha Acuse``, and PENDIENTE has neither. Quirks handled: razón social with
spaces around it, empty values written as ``-`` or ``null``, a document with several "otros
impuestos" split over several rows (the extra rows have no ``Nro``), dates as dd/mm/yyyy or
yyyy/mm/dd, and date-times in Chilean local time.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cymadesk.models.message import Message
from cymadesk.models.rut import Rut
from cymadesk.models.timezone import SANTIAGO

logger = logging.getLogger(__name__)

_EMPTY = {"", "-", "null", "NULL"}


class RcvEstado(enum.StrEnum):
    REGISTRO = "REGISTRO"
    PENDIENTE = "PENDIENTE"
    NO_INCLUIR = "NO_INCLUIR"
    RECLAMADO = "RECLAMADO"


class RcvOperation(enum.StrEnum):
    COMPRA = "COMPRA"
    VENTA = "VENTA"


class RcvRejected(Exception):  # noqa: N818 (a rejection of the input)
    def __init__(self, message: Message, detail: str) -> None:
        super().__init__(detail)
        self.message = message


@dataclass(frozen=True, slots=True)
class RcvRow:
    """One document of the register, after merging its continuation rows."""

    estado: RcvEstado
    tipo: int
    rut_emisor: Rut
    razon_social: str | None
    folio: str
    fecha_documento: dt.date | None
    received_at: dt.datetime | None
    acuse_at: dt.datetime | None
    reclamo_at: dt.datetime | None
    monto_exento: int | None
    monto_neto: int | None
    monto_iva: int | None
    monto_total: int | None


@dataclass(frozen=True, slots=True)
class RcvFile:
    operation: RcvOperation
    estado: RcvEstado | None
    rows: tuple[RcvRow, ...]
    skipped: tuple[tuple[int, Message], ...]


def clean_value(value: object) -> str | None:
    """Return a register value stripped of spaces, or None for the SII's empty markers."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text in _EMPTY else text


def _value(row: Mapping[str, str | None], column: str) -> str | None:
    return clean_value(row.get(column))


def parse_date(text: str | None) -> dt.date | None:
    """Parse a register date written dd/mm/yyyy, yyyy/mm/dd or yyyy-mm-dd."""
    if text is None:
        return None
    for pattern in ("%d/%m/%Y", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date, no zone)
        except ValueError:
            continue
    return None


def parse_datetime(text: str | None) -> dt.datetime | None:
    """Parse a Chilean local date-time (dd/mm/yyyy HH:MM:SS) into an aware datetime."""
    if text is None:
        return None
    patterns = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S")
    for pattern in patterns:
        try:
            naive = dt.datetime.strptime(text, pattern)  # noqa: DTZ007 (zone attached below)
        except ValueError:
            continue
        return naive.replace(tzinfo=SANTIAGO)
    return None


def parse_integer(text: str | None) -> int | None:
    """Parse a register amount or code that may use a decimal comma, or return None."""
    if text is None:
        return None
    try:
        return int(Decimal(text.replace(",", ".")))
    except (InvalidOperation, ValueError):
        return None


def _estado_from_header(header: list[str]) -> RcvEstado:
    columns = set(header)
    if "Fecha Reclamo" in columns:
        return RcvEstado.RECLAMADO
    if "Fecha Acuse" not in columns:
        return RcvEstado.PENDIENTE
    if "Tabacos Puros" in columns:
        return RcvEstado.REGISTRO
    return RcvEstado.NO_INCLUIR


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", errors="replace")


def looks_like_rcv(data: bytes) -> bool:
    first_line = _decode(data[:4096]).splitlines()[0] if data else ""
    return ";" in first_line and "Tipo Doc" in first_line and "Folio" in first_line


def parse_rcv_csv(data: bytes) -> RcvFile:
    """Parse an RCV export; rows that cannot be read are listed in ``skipped`` with a reason."""
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header or "Folio" not in header or "Tipo Doc" not in header:
        raise RcvRejected(Message("rcv.csv_no_reconocido"), "not an RCV export header")
    reader.fieldnames = header
    if "Rut cliente" in header:
        return RcvFile(RcvOperation.VENTA, None, (), ())
    if "RUT Proveedor" not in header:
        raise RcvRejected(Message("rcv.csv_no_reconocido"), "no RUT Proveedor column")

    estado = _estado_from_header(header)
    merged: dict[tuple[str, str, str], dict[str, str | None]] = {}
    order: list[tuple[str, str, str]] = []
    skipped: list[tuple[int, Message]] = []
    for line_number, raw in enumerate(reader, start=2):
        row = {
            key: (value if isinstance(value, str) else None) for key, value in raw.items() if key
        }
        key = (
            _value(row, "RUT Proveedor") or "",
            _value(row, "Tipo Doc") or "",
            _value(row, "Folio") or "",
        )
        if not all(key):
            skipped.append((line_number, Message("rcv.fila_incompleta", {"linea": line_number})))
            continue
        if key in merged:
            continue  # a continuation row with another "otro impuesto" of the same document
        merged[key] = row
        order.append(key)

    rows = []
    for key in order:
        parsed = _row(merged[key], estado)
        if parsed is None:
            skipped.append((0, Message("rcv.fila_ilegible", {"folio": key[2]})))
        else:
            rows.append(parsed)
    return RcvFile(RcvOperation.COMPRA, estado, tuple(rows), tuple(skipped))


def _row(row: Mapping[str, str | None], estado: RcvEstado) -> RcvRow | None:
    rut = Rut.try_parse(_value(row, "RUT Proveedor"), strict=False)
    tipo = parse_integer(_value(row, "Tipo Doc"))
    folio = _value(row, "Folio")
    if rut is None or tipo is None or folio is None:
        return None
    row_estado = estado
    if (_value(row, "Tipo Compra") or "").lower().startswith("no corresp"):
        row_estado = RcvEstado.NO_INCLUIR
    razon = _value(row, "Razon Social")
    return RcvRow(
        estado=row_estado,
        tipo=tipo,
        rut_emisor=rut,
        razon_social=" ".join(razon.split()) if razon else None,
        folio=folio.lstrip("0") or folio,
        fecha_documento=parse_date(_value(row, "Fecha Docto")),
        received_at=parse_datetime(_value(row, "Fecha Recepcion")),
        acuse_at=parse_datetime(_value(row, "Fecha Acuse")),
        reclamo_at=parse_datetime(_value(row, "Fecha Reclamo")),
        monto_exento=parse_integer(_value(row, "Monto Exento")),
        monto_neto=parse_integer(_value(row, "Monto Neto")),
        monto_iva=parse_integer(_value(row, "Monto IVA Recuperable")),
        monto_total=parse_integer(_value(row, "Monto Total")),
    )
