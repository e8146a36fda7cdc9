"""``cymadesk importar --empresa RUT PATH...``: store files, folders, zips and RCV exports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from cymadesk.cli.common import CliContext, ExitCode, print_json, print_text
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors, opened_company
from cymadesk.services.importing import ImportProgress, ImportSummary
from cymadesk.services.inputs import count_inputs

BAR_WIDTH = 30


def register(subparsers: Any, text: Callable[[str], str]) -> None:
    parser = subparsers.add_parser("importar", aliases=["import"], help=text("cli.importar.ayuda"))
    parser.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    parser.add_argument("paths", nargs="+", metavar="RUTA", help=text("cli.check.rutas"))
    parser.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(parser, text)
    parser.set_defaults(handler=run)


def _progress_bar(progress: ImportProgress) -> None:
    total = progress.total or progress.done
    filled = int(BAR_WIDTH * progress.done / total) if total else BAR_WIDTH
    name = progress.current[-40:]
    sys.stderr.write(
        f"\r[{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {progress.done}/{total} {name:<40}"
    )
    sys.stderr.flush()


def summary_json(summary: ImportSummary, context: CliContext) -> dict[str, Any]:
    """Build the ``importar --json`` object; a file with a reason also gets ``motivo``.

    Files imported as new, RCV exports and stored files without documents have no reason.
    """
    files = []
    for outcome in summary.files:
        entry: dict[str, Any] = {
            "archivo": outcome.name,
            "resultado": outcome.result.value,
            "documentos": outcome.documents,
        }
        reason = outcome.reason
        if reason is not None:
            entry["motivo"] = {"codigo": reason.code, "detalle": context.render(reason)}
        files.append(entry)
    return {
        "nuevos": summary.new,
        "repetidos": summary.repeated,
        "no_corresponden": summary.not_addressed,
        "no_procesables": summary.unprocessable,
        "archivos": files,
    }


def run(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    show_progress = sys.stderr.isatty()
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        service = workspace.import_service(opened, channel="cli")
        total = count_inputs(options.paths) if show_progress else None
        summary = service.run(
            options.paths, progress=_progress_bar if show_progress else None, total=total
        )
    if show_progress:
        sys.stderr.write("\n")
    if options.json:
        print_json(summary_json(summary, context))
    else:
        lines = [
            context.text(
                "cli.importar.resumen",
                nuevos=summary.new,
                repetidos=summary.repeated,
                no_corresponden=summary.not_addressed,
                no_procesables=summary.unprocessable,
            )
        ]
        if summary.conflicts:
            lines.append(context.text("cli.importar.conflictos", conflictos=summary.conflicts))
        for outcome in summary.files:
            label = context.text(f"cli.importar.resultado.{outcome.result.value}")
            detail = f" — {context.render(outcome.reason)}" if outcome.reason else ""
            lines.append(f"  {label}: {outcome.name}{detail}")
        print_text("\n".join(lines))
    return ExitCode.INPUT_REJECTED if summary.rejected_any else ExitCode.DONE
