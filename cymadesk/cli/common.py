"""What every subcommand shares: exit codes, the run context, output helpers."""

from __future__ import annotations

import enum
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cymadesk.messages import render
from cymadesk.models.message import Message, ParamValue
from cymadesk.paths import DataLayout


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


def print_json(value: Any) -> None:
    """Print exactly one JSON value on stdout, UTF-8, and flush."""
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
    print(text, file=sys.stderr, flush=True)
