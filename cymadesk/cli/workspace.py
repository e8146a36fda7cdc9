"""Building the workspace a storage command needs, and turning its errors into exit codes."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cymadesk.cli.common import CliContext, ExitCode, print_error
from cymadesk.services.companies import Workspace
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.errors import PassphraseRequired, StorageError
from cymadesk.storage.keys import PURPOSE_NEW
from cymadesk.storage.secrets import KeyringSecretStore

logger = logging.getLogger(__name__)

# Storage errors that come from what the user typed or supplied, so they exit as usage errors.
USAGE_ERRORS = frozenset(
    {
        "clave.frase_archivo_ilegible",
        "clave.frase_corta",
        "clave.frases_distintas",
        "empresa.rut_invalido",
        "empresa.sin_nombre",
    }
)


def add_key_options(parser: Any, text: Callable[[str], str]) -> None:
    """Options every command that opens a company accepts (they also exist globally)."""
    parser.add_argument(
        "--passphrase-file", metavar="ARCHIVO", help=text("cli.opcion.passphrase_file")
    )
    parser.add_argument(
        "--key-file", dest="command_key_file", metavar="ARCHIVO", help=text("cli.opcion.key_file")
    )


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except OSError as error:
        raise StorageError("clave.frase_archivo_ilegible", str(error), archivo=str(path)) from error


def passphrase_source(
    options: argparse.Namespace, context: CliContext
) -> Callable[[str], str | None]:
    """Read the passphrase from --passphrase-file, or ask on the terminal, or give up."""
    file_option = getattr(options, "passphrase_file", None)

    def source(purpose: str) -> str | None:
        if file_option:
            return _first_line(Path(file_option))
        if not sys.stdin.isatty():
            return None
        if purpose == PURPOSE_NEW:
            first = getpass.getpass(context.text("cli.frase.nueva"))
            second = getpass.getpass(context.text("cli.frase.repetir"))
            if first != second:
                raise StorageError("clave.frases_distintas")
            return first
        return getpass.getpass(context.text("cli.frase.recuperar"))

    return source


def build_workspace(options: argparse.Namespace, context: CliContext) -> Workspace:
    command_key_file = getattr(options, "command_key_file", None)
    key_file = Path(command_key_file).expanduser() if command_key_file else context.key_file
    return Workspace(
        layout=context.layout,
        secret_store=None if key_file else KeyringSecretStore(),
        key_file=key_file,
        passphrase=passphrase_source(options, context),
    )


@contextmanager
def company_errors(context: CliContext) -> Iterator[None]:
    """Print a storage error in the user's language and exit 2 for usage errors, else 3.

    Usage errors are a missing passphrase and the ``USAGE_ERRORS`` codes.
    """
    try:
        yield
    except PassphraseRequired as error:
        logger.warning("Passphrase required: %s", error)
        print_error(context.render(error.message))
        raise SystemExit(ExitCode.USAGE) from error
    except StorageError as error:
        print_error(context.render(error.message))
        if error.message.code in USAGE_ERRORS:
            logger.warning("Invalid input (%s): %s", error.message.code, error)
            raise SystemExit(ExitCode.USAGE) from error
        logger.error("Company problem (%s): %s", error.message.code, error)
        raise SystemExit(ExitCode.COMPANY) from error


@contextmanager
def opened_company(
    workspace: Workspace, rut_text: str, context: CliContext
) -> Iterator[OpenCompany]:
    key_file = workspace.key_file
    key_file_missing = key_file is not None and not key_file.exists()
    opened = workspace.open_company(rut_text)
    if key_file_missing and key_file is not None and key_file.exists():
        # The recovery passphrase wrote the lost key file again: the user should know.
        print_error(context.text("clave.archivo_restaurado", archivo=str(key_file)))
    try:
        yield opened
    finally:
        opened.close()
