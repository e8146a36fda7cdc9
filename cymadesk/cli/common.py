"""Helpers every subcommand shares: exit codes, the run context and output."""

from __future__ import annotations

import argparse
import enum
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cymadesk.messages import render
from cymadesk.models.message import Message, ParamValue
from cymadesk.paths import DataLayout

logger = logging.getLogger(__name__)


class ExitCode(enum.IntEnum):
    """Exit codes of every command, as the command-line contract defines them."""

    DONE = 0
    INPUT_REJECTED = 1
    USAGE = 2
    COMPANY = 3


@dataclass(frozen=True, slots=True)
class CliContext:
    """Options that apply to every subcommand."""

    language: str
    data_dir: Path
    key_file: Path | None = None

    @property
    def layout(self) -> DataLayout:
        return DataLayout(self.data_dir)

    def text(self, code: str, **params: ParamValue) -> str:
        return render(Message(code, params), self.language)

    def render(self, message: Message) -> str:
        return render(message, self.language)


class _Output:
    """Record of what a command printed, so ``main`` keeps the one-JSON-value rule on failure."""

    json_printed = False
    errors: list[str] = []  # noqa: RUF012 (reset by reset_output before each command)


def reset_output() -> None:
    _Output.json_printed = False
    _Output.errors = []


def json_printed() -> bool:
    return _Output.json_printed


def printed_errors() -> list[str]:
    return list(_Output.errors)


def print_json(value: Any) -> None:
    """Print exactly one JSON value on stdout, UTF-8, and flush."""
    _Output.json_printed = True
    text = json.dumps(value, ensure_ascii=False, indent=2)
    stream = sys.stdout
    if hasattr(stream, "buffer"):
        stream.flush()
        stream.buffer.write(text.encode("utf-8") + b"\n")
        stream.buffer.flush()
    else:
        stream.write(text + "\n")
        stream.flush()


def print_text(text: str) -> None:
    print(text, flush=True)


def print_error(text: str) -> None:
    _Output.errors.append(text)
    print(text, file=sys.stderr, flush=True)


def os_error_text(error: OSError, context: CliContext) -> str:
    """Log a failed file operation and describe it in the user's language, naming the file."""
    logger.warning("File operation failed: %s", error)
    path = str(error.filename or "")
    if isinstance(error, FileNotFoundError):
        return context.text("sistema.no_existe", ruta=path)
    if isinstance(error, PermissionError):
        return context.text("sistema.sin_permiso", ruta=path)
    if isinstance(error, IsADirectoryError):
        return context.text("sistema.es_carpeta", ruta=path)
    return context.text("sistema.error", ruta=path, errno=error.errno or 0)


class ParserText(Protocol):
    """Function that renders a catalogue message in the command line's language."""

    def __call__(self, code: str, /, **params: ParamValue) -> str: ...


def document_type_argument(text: ParserText) -> Callable[[str], int]:
    """Build the ``type=`` of a ``--tipo`` option: an SII type code, with a hint when not.

    ``text`` renders the hint in the command line's language.
    """

    def parse(value: str) -> int:
        code = value.strip()
        if code.isdigit():
            return int(code)
        raise argparse.ArgumentTypeError(text("cli.tipo_invalido", valor=value))

    return parse
