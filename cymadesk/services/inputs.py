"""Expand the paths a user names (files, folders, zip archives) into input files.

Nothing is executed or opened beyond reading bytes. Folders are walked recursively in name
order. Zip archives are read in memory, never extracted: every entry is checked for path
traversal, encryption, nested archives, its size and its compression ratio, and the archive
for its total size. Each problem becomes an ``InputFile`` with a message, so nothing the user
named is dropped silently.
"""

from __future__ import annotations

import enum
import hashlib
import io
import logging
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cymadesk.models.message import Message
from cymadesk.sii.rcv import looks_like_rcv
from cymadesk.sii.xmlload import DEFAULT_MAX_BYTES

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True, slots=True)
class InputLimits:
    """Bounds on what one import or check may read; defaults suit a year of invoices."""

    max_file_bytes: int = DEFAULT_MAX_BYTES
    max_zip_entries: int = 20_000
    max_zip_total_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 200
    ratio_applies_above_bytes: int = 1024 * 1024


class InputKind(enum.StrEnum):
    XML = "xml"
    CSV = "csv"
    OTHER = "otro"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to process, or the reason it cannot be read (``problem``)."""

    name: str
    data: bytes | None
    kind: InputKind
    problem: Message | None = None
    sha256: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None and self.data is not None


def sniff_kind(data: bytes) -> InputKind:
    """Tell XML from CSV from anything else by content, not by file name."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<")):
        return InputKind.XML
    if looks_like_rcv(data):
        return InputKind.CSV
    return InputKind.OTHER


def _problem(name: str, code: str, **params: str | int) -> InputFile:
    logger.info("Input %s not readable: %s", name, code)
    return InputFile(name, None, InputKind.OTHER, Message(code, params))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _too_large(name: str, size: int, limit: int) -> InputFile:
    return _problem(
        name, "entrada.demasiado_grande", tamano_mb=_megabytes(size), limite_mb=_megabytes(limit)
    )


def _from_bytes(name: str, data: bytes, limits: InputLimits) -> InputFile:
    if len(data) > limits.max_file_bytes:
        return _too_large(name, len(data), limits.max_file_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return InputFile(name, None, InputKind.OTHER, Message("entrada.vacio"), sha256)
    kind = sniff_kind(data)
    if kind is InputKind.OTHER:
        return InputFile(name, None, kind, Message("entrada.no_es_xml"), sha256)
    return InputFile(name, data, kind, sha256=sha256)


def iter_inputs(paths: Iterable[str], limits: InputLimits | None = None) -> Iterator[InputFile]:
    """Yield every input file under ``paths``, in order, each read or with its problem."""
    limits = limits or InputLimits()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk_folder(given, path, limits)
        elif path.is_file():
            yield from _read_path(given, path, limits)
        else:
            yield _problem(given, "entrada.no_encontrada")


def count_inputs(paths: Iterable[str]) -> int:
    """Count the files under ``paths`` (a zip counts once), for progress reporting."""
    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for _, directories, files in os.walk(path):
                directories[:] = [d for d in directories if not d.startswith(".")]
                total += sum(1 for name in files if not name.startswith("."))
        else:
            total += 1
    return total


def _walk_folder(display: str, folder: Path, limits: InputLimits) -> Iterator[InputFile]:
    for current, directories, files in os.walk(folder):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith("."):
                continue
            full = Path(current) / file_name
            shown = os.path.join(display, os.path.relpath(full, folder))
            yield from _read_path(shown, full, limits)


def _read_path(display: str, path: Path, limits: InputLimits) -> Iterator[InputFile]:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes and not _looks_like_zip(path):
            yield _too_large(display, size, limits.max_file_bytes)
            return
        data = path.read_bytes()
    except OSError as error:
        logger.warning("Cannot read %s: %s", display, error.strerror or error)
        yield _problem(display, "entrada.ilegible", detalle=error.strerror or str(error))
        return
    if data.startswith((ZIP_MAGIC, ZIP_EMPTY_MAGIC)):
        yield from iter_zip(display, data, limits)
    else:
        yield _from_bytes(display, data, limits)


def _looks_like_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in (ZIP_MAGIC, ZIP_EMPTY_MAGIC)


def _unsafe_entry_name(name: str) -> bool:
    posix = PurePosixPath(name.replace("\\", "/"))
    return posix.is_absolute() or ".." in posix.parts or (len(name) > 1 and name[1] == ":")


def iter_zip(display: str, data: bytes, limits: InputLimits) -> Iterator[InputFile]:
    """Yield the entries of a zip archive held in memory, checked one by one."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        logger.warning("Unreadable zip %s: %s", display, error)
        yield _problem(display, "entrada.zip_ilegible")
        return
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > limits.max_zip_entries:
            yield _problem(display, "entrada.zip_demasiadas_entradas", cantidad=len(entries))
            return
        declared_total = sum(info.file_size for info in entries)
        if declared_total > limits.max_zip_total_bytes:
            yield _problem(
                display, "entrada.zip_demasiado_grande", tamano_mb=_megabytes(declared_total)
            )
            return
        total = 0
        for info in entries:
            name = f"{display}!{info.filename}"
            problem = _entry_problem(info, limits)
            if problem is not None:
                logger.info("Zip entry %s rejected: %s", name, problem.code)
                yield InputFile(name, None, InputKind.OTHER, problem)
                continue
            try:
                with archive.open(info) as handle:
                    content = handle.read(limits.max_file_bytes + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as error:
                logger.warning("Unreadable zip entry %s: %s", name, error)
                yield _problem(name, "entrada.zip_entrada_ilegible")
                continue
            total += len(content)
            if total > limits.max_zip_total_bytes:
                yield _problem(display, "entrada.zip_demasiado_grande", tamano_mb=_megabytes(total))
                return
            if content.startswith((ZIP_MAGIC, ZIP_EMPTY_MAGIC)):
                yield _problem(name, "entrada.zip_anidado")
                continue
            yield _from_bytes(name, content, limits)


def _entry_problem(info: zipfile.ZipInfo, limits: InputLimits) -> Message | None:
    if _unsafe_entry_name(info.filename):
        return Message("entrada.zip_ruta_insegura")
    if info.flag_bits & 0x1:
        return Message("entrada.zip_cifrado")
    if info.file_size > limits.max_file_bytes:
        return Message(
            "entrada.demasiado_grande",
            {
                "tamano_mb": _megabytes(info.file_size),
                "limite_mb": _megabytes(limits.max_file_bytes),
            },
        )
    if (
        info.file_size > limits.ratio_applies_above_bytes
        and info.file_size > info.compress_size * limits.max_compression_ratio
    ):
        return Message("entrada.zip_compresion_sospechosa")
    return None
