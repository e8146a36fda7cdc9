"""``cymadesk check PATH...``: parse and verify files, folders and zips; store nothing."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

from cymadesk.cli.common import CliContext, ExitCode, print_json, print_text
from cymadesk.cli.output import document_json, document_text, error_json
from cymadesk.models.message import Message
from cymadesk.services.inputs import InputKind, InputLimits, iter_inputs
from cymadesk.sii.envelope import NotTaxDocument
from cymadesk.sii.sandbox_trust import sandbox_policy_or_none
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file
from cymadesk.sii.xmlload import DEFAULT_MAX_BYTES, XmlRejected

logger = logging.getLogger(__name__)


def register(subparsers: Any, text: Callable[[str], str]) -> None:
    parser = subparsers.add_parser(
        "check",
        aliases=["verificar"],
        help=text("cli.check.ayuda"),
        description=text("cli.check.descripcion"),
    )
    parser.add_argument("paths", nargs="+", metavar="RUTA", help=text("cli.check.rutas"))
    parser.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    parser.add_argument(
        "--max-mb",
        type=int,
        default=DEFAULT_MAX_BYTES // (1024 * 1024),
        metavar="MB",
        help=text("cli.check.max_mb"),
    )
    parser.add_argument(
        "--confiar-sandbox", action="store_true", help=text("cli.check.confiar_sandbox")
    )
    parser.set_defaults(handler=run)


def run(options: argparse.Namespace, context: CliContext) -> int:
    if options.max_mb <= 0:
        print_text(context.text("cli.check.max_mb_invalido"))
        return ExitCode.USAGE
    max_bytes = options.max_mb * 1024 * 1024
    policy = TrustPolicy.sii()
    if options.confiar_sandbox:
        sandbox = sandbox_policy_or_none(context.layout.sandbox, policy)
        if sandbox is None:
            print_text(context.text("cli.check.sin_sandbox", carpeta=str(context.layout.sandbox)))
            return ExitCode.USAGE
        policy = sandbox

    results: list[dict[str, Any]] = []
    blocks: list[str] = []
    rejected = False
    for item in iter_inputs(options.paths, InputLimits(max_file_bytes=max_bytes)):
        problem = item.problem
        if problem is None and item.kind is InputKind.CSV:
            problem = Message("entrada.csv_en_check")
        if problem is not None or item.data is None:
            rejected = True
            message = problem or Message("entrada.ilegible", {"detalle": ""})
            results.append(error_json(item.name, message, context.language))
            blocks.append(f"{item.name}\n  ✘ {context.render(message)}")
            continue
        try:
            report = verify_file(item.data, policy=policy, max_bytes=max_bytes)
        except (XmlRejected, NotTaxDocument) as error:
            logger.warning("Rejected %s: %s", item.name, error)
            rejected = True
            results.append(error_json(item.name, error.message, context.language))
            blocks.append(f"{item.name}\n  ✘ {context.render(error.message)}")
            continue
        if not report.file_class.holds_documents:
            results.append({"archivo": item.name, "clase": report.file_class.value})
            summary = context.text("cli.check.sin_documentos", clase=report.file_class.value)
            blocks.append(f"{item.name}\n  {summary}")
            continue
        if not report.documents:
            results.append({"archivo": item.name, "clase": report.file_class.value})
            blocks.append(f"{item.name}\n  {context.text('cli.check.sobre_vacio')}")
        for document in report.documents:
            results.append(document_json(item.name, report.file_class, document, context.language))
            blocks.append(document_text(item.name, document, context.language))

    if options.json:
        print_json(results)
    else:
        print_text("\n\n".join(blocks))
    return ExitCode.INPUT_REJECTED if rejected else ExitCode.DONE
