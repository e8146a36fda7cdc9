"""The ``cymadesk`` command: without a subcommand it starts the app; subcommands work headless.

Subcommands are Spanish (English aliases exist where the contract names one, such as
``check``). ``--json`` prints exactly one JSON value on stdout; progress and logs go to
stderr. Exit codes: 0 done, 1 some input rejected, 2 usage error, 3 company, key or database
problem.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from cymadesk import __version__
from cymadesk.cli.common import (
    CliContext,
    ExitCode,
    json_printed,
    print_error,
    print_json,
    printed_errors,
    reset_output,
)
from cymadesk.cli.parser_texts import translate_argparse
from cymadesk.logsetup import setup_logging
from cymadesk.messages import DEFAULT_LANGUAGE, LANGUAGES, render
from cymadesk.models.message import Message, ParamValue
from cymadesk.paths import resolve_data_dir

logger = logging.getLogger(__name__)

LANGUAGE_ENV = "CYMADESK_LANG"
KEY_FILE_ENV = "CYMADESK_KEY_FILE"

# Each module defines register(subparsers, text) and sets ``handler`` on its parsers.
COMMAND_MODULES = (
    "check",
    "company",
    "importing",
    "listing",
    "risk",
    "certificate",
    "sii",
    "sandbox",
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and a Spanish prefix."""

    language = DEFAULT_LANGUAGE
    json_requested = False

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        prefix = render(Message("cli.uso_incorrecto"), self.language)
        if self.json_requested and self.prog == "cymadesk" and "--json" in message:
            # Only the top-level parser receives a --json written before the subcommand.
            message += " " + render(Message("cli.json_despues_del_subcomando"), self.language)
        if self.json_requested:
            print_json({"error": f"{prefix}: {message}"})
        self.exit(ExitCode.USAGE, f"{prefix}: {message}\n")


def _language(argv: Sequence[str]) -> str:
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            candidate = argv[index + 1]
            return candidate if candidate in LANGUAGES else DEFAULT_LANGUAGE
        if argument.startswith("--lang="):
            candidate = argument.split("=", 1)[1]
            return candidate if candidate in LANGUAGES else DEFAULT_LANGUAGE
    return (
        os.environ.get(LANGUAGE_ENV, DEFAULT_LANGUAGE)
        if os.environ.get(LANGUAGE_ENV) in LANGUAGES
        else DEFAULT_LANGUAGE
    )


def build_parser(language: str) -> argparse.ArgumentParser:
    def text(code: str, /, **params: ParamValue) -> str:
        return render(Message(code, params), language)

    _Parser.language = language
    translate_argparse(language)
    parser = _Parser(prog="cymadesk", description=text("cli.descripcion"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"CymaDesk {__version__}",
        help=text("cli.opcion.version"),
    )
    parser.add_argument("--data-dir", metavar="DIR", help=text("cli.opcion.data_dir"))
    parser.add_argument("--key-file", metavar="ARCHIVO", help=text("cli.opcion.key_file"))
    parser.add_argument("--lang", choices=LANGUAGES, default=language, help=text("cli.opcion.lang"))
    parser.add_argument("-v", "--verbose", action="store_true", help=text("cli.opcion.verbose"))
    parser.add_argument("--demo", action="store_true", help=text("cli.opcion.demo"))
    parser.add_argument("--screenshot", metavar="ARCHIVO.png", help=text("cli.opcion.screenshot"))
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMANDO")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"cymadesk.cli.{name}")
        module.register(subparsers, text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    language = _language(arguments)
    parser = build_parser(language)
    _Parser.json_requested = "--json" in arguments
    options = parser.parse_args(arguments)

    key_file = options.key_file or os.environ.get(KEY_FILE_ENV)
    context = CliContext(
        language=options.lang,
        data_dir=resolve_data_dir(options.data_dir),
        key_file=Path(key_file).expanduser() if key_file else None,
    )
    handler: Callable[[argparse.Namespace, CliContext], int] | None = getattr(
        options, "handler", None
    )
    if handler is None:
        setup_logging(verbose=options.verbose, log_dir=context.layout.logs)
        return _start_app(options, context)
    # Commands that keep data also keep a log beside it; check stores nothing, not even a log.
    stores_nothing = options.command in ("check", "verificar")
    setup_logging(verbose=options.verbose, log_dir=None if stores_nothing else context.layout.logs)
    reset_output()
    try:
        code = int(handler(options, context))
    except KeyboardInterrupt:
        print_error(context.text("cli.interrumpido"))
        code = 130
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else ExitCode.USAGE
    except BrokenPipeError:
        # The reader (such as ``head``) stopped reading. Python would complain again when it
        # flushes stdout at exit, so stdout now points at /dev/null.
        logger.info("Output pipe closed by the reader")
        _silence_stdout()
        return ExitCode.DONE
    if code != ExitCode.DONE and getattr(options, "json", False) and not json_printed():
        errors = printed_errors()
        print_json({"error": " ".join(errors) if errors else context.text("cli.fallo")})
    return code


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _start_app(options: argparse.Namespace, context: CliContext) -> int:
    try:
        app = importlib.import_module("cymadesk.ui.app")
    except ImportError as error:
        print_error(context.text("cli.sin_interfaz", detalle=str(error)))
        return ExitCode.USAGE
    return int(app.run(options, context))
