"""``cymadesk empresa crear`` and ``cymadesk empresa listar``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from cymadesk.cli.common import CliContext, ExitCode, print_json, print_text
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors
from cymadesk.models.company import Company
from cymadesk.models.verdict import Ambiente


def register(subparsers: Any, text: Callable[[str], str]) -> None:
    empresa = subparsers.add_parser("empresa", aliases=["company"], help=text("cli.empresa.ayuda"))
    actions = empresa.add_subparsers(dest="empresa_action", metavar="ACCION", required=True)

    crear = actions.add_parser("crear", aliases=["create"], help=text("cli.empresa.crear"))
    crear.add_argument("--rut", required=True, help=text("cli.empresa.rut"))
    crear.add_argument("--nombre", required=True, help=text("cli.empresa.nombre"))
    crear.add_argument(
        "--ambiente",
        choices=[ambiente.value for ambiente in Ambiente],
        default=Ambiente.PRODUCCION.value,
        help=text("cli.empresa.ambiente"),
    )
    crear.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(crear, text)
    crear.set_defaults(handler=run_create)

    listar = actions.add_parser("listar", aliases=["list"], help=text("cli.empresa.listar"))
    listar.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(listar, text)
    listar.set_defaults(handler=run_list)


def company_json(company: Company, path: str) -> dict[str, Any]:
    return {
        "rut": company.rut.canonical,
        "nombre": company.nombre,
        "ambiente": company.ambiente.value,
        "archivo": path,
    }


def run_create(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context):
        opened = workspace.create_company(options.rut, options.nombre, Ambiente(options.ambiente))
    try:
        path = str(workspace.registry().database_path(opened.company.rut))
        if options.json:
            print_json(company_json(opened.company, path))
        else:
            print_text(
                context.text(
                    "cli.empresa.creada",
                    nombre=opened.company.nombre,
                    rut=opened.company.rut.formatted,
                    archivo=path,
                )
            )
    finally:
        opened.close()
    return ExitCode.DONE


def run_list(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context):
        listings = workspace.list_companies()
    results: list[dict[str, Any]] = []
    lines: list[str] = []
    problems = False
    for listing in listings:
        if listing.company is not None:
            results.append(company_json(listing.company, str(listing.path)))
            lines.append(
                f"{listing.rut.formatted:>13}  {listing.company.nombre}  "
                f"({context.text('cli.empresa.ambiente.' + listing.company.ambiente.value)})"
            )
            continue
        problems = True
        error = context.render(listing.problem.message) if listing.problem else ""
        results.append(
            {
                "rut": listing.rut.canonical,
                "nombre": None,
                "ambiente": None,
                "archivo": str(listing.path),
                "error": error,
            }
        )
        lines.append(f"{listing.rut.formatted:>13}  ✘ {error}")
    if options.json:
        print_json(results)
    else:
        print_text("\n".join(lines) if lines else context.text("cli.empresa.ninguna"))
    return ExitCode.COMPANY if problems else ExitCode.DONE
