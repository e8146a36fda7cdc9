"""``cymadesk certificado importar`` and ``cymadesk certificado ver``."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cymadesk.cli.common import (
    CliContext,
    ExitCode,
    os_error_text,
    print_error,
    print_json,
    print_text,
)
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors, opened_company
from cymadesk.formatting import format_date, format_rut_text
from cymadesk.services.certificates import CertificateService, CertificateStatus
from cymadesk.sii.client.credentials import AmbiguousCertificate, CertificateSummary
from cymadesk.sii.client.errors import CertificateError


def register(subparsers: Any, text: Callable[[str], str]) -> None:
    parser = subparsers.add_parser(
        "certificado", aliases=["certificate"], help=text("cli.certificado.ayuda")
    )
    actions = parser.add_subparsers(dest="certificado_action", metavar="ACCION", required=True)

    importar = actions.add_parser(
        "importar", aliases=["import"], help=text("cli.certificado.importar")
    )
    importar.add_argument(
        "--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa")
    )
    importar.add_argument("archivo", metavar="ARCHIVO.pfx", help=text("cli.certificado.archivo"))
    importar.add_argument(
        "--clave-archivo", metavar="ARCHIVO", help=text("cli.certificado.clave_archivo")
    )
    importar.add_argument("--huella", metavar="SHA256", help=text("cli.certificado.huella"))
    importar.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(importar, text)
    importar.set_defaults(handler=run_import)

    ver = actions.add_parser("ver", aliases=["show"], help=text("cli.certificado.ver"))
    ver.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    ver.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(ver, text)
    ver.set_defaults(handler=run_show)


def summary_json(summary: CertificateSummary) -> dict[str, Any]:
    return {
        "titular": summary.holder_name,
        "rut_titular": summary.holder_rut,
        "emisor": summary.issuer,
        "valido_desde": summary.not_before.isoformat(),
        "valido_hasta": summary.not_after.isoformat(),
        "huella": summary.fingerprint,
    }


def status_json(status: CertificateStatus, context: CliContext) -> dict[str, Any]:
    warning = status.warning
    return {
        **summary_json(status.summary),
        "estado": status.validity.value,
        "dias_restantes": status.days_left,
        "importado": status.imported_at.isoformat(),
        "clave_en": status.password_location.value,
        "aviso": context.render(warning) if warning else None,
    }


def _status_text(status: CertificateStatus, context: CliContext) -> str:
    summary = status.summary
    lines = [
        context.text("cli.certificado.titular", nombre=summary.holder_name),
        context.text("cli.certificado.rut", rut=format_rut_text(summary.holder_rut)),
        context.text("cli.certificado.emisor", emisor=summary.issuer),
        context.text(
            "cli.certificado.vigencia",
            desde=format_date(summary.not_before.date()),
            hasta=format_date(summary.not_after.date()),
        ),
        context.text("cli.certificado.huella_valor", huella=summary.fingerprint),
        context.text(f"cli.certificado.clave_en.{status.password_location.value}"),
    ]
    if status.warning is not None:
        lines.append("⚠ " + context.render(status.warning))
    return "\n".join(lines)


def read_password(options: argparse.Namespace, context: CliContext) -> str | None:
    """Return the password from --clave-archivo, or typed in a terminal; None without either."""
    if options.clave_archivo:
        try:
            with Path(options.clave_archivo).open(encoding="utf-8") as handle:
                return handle.readline().rstrip("\r\n")
        except OSError as error:
            detail = os_error_text(error, context)
            print_error(context.text("cli.certificado.clave_ilegible", detalle=detail))
            raise SystemExit(ExitCode.USAGE) from error
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(context.text("cli.certificado.pedir_clave"))


def _choose(candidates: tuple[CertificateSummary, ...], context: CliContext) -> str | None:
    """Ask on the terminal which certificate to use; None without a terminal."""
    for number, candidate in enumerate(candidates, start=1):
        print_error(
            f"  {number}. {candidate.holder_name} ({format_rut_text(candidate.holder_rut)}), "
            f"{format_date(candidate.not_after.date())}, {candidate.fingerprint[:16]}"
        )
    if not sys.stdin.isatty():
        return None
    answer = input(context.text("cli.certificado.elegir", cantidad=len(candidates)))
    if answer.strip().isdigit() and 1 <= int(answer) <= len(candidates):
        return candidates[int(answer) - 1].fingerprint
    return None


def run_import(options: argparse.Namespace, context: CliContext) -> int:
    try:
        data = Path(options.archivo).read_bytes()
    except OSError as error:
        detail = os_error_text(error, context)
        print_error(context.text("cli.certificado.archivo_ilegible", detalle=detail))
        return ExitCode.USAGE
    password = read_password(options, context)
    if password is None:
        print_error(context.text("cli.certificado.sin_clave"))
        return ExitCode.USAGE
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        service = CertificateService(opened, workspace.secret_store, clock=workspace.clock)
        chosen = options.huella
        while True:
            try:
                status = service.import_file(data, password, chosen=chosen)
                break
            except AmbiguousCertificate as ambiguous:
                print_error(context.render(ambiguous.message))
                chosen = _choose(ambiguous.candidates, context)
                if chosen is None:
                    return _fail(options, context, ambiguous, ExitCode.USAGE, ambiguous.candidates)
            except CertificateError as error:
                return _fail(options, context, error, ExitCode.INPUT_REJECTED)
    if options.json:
        print_json(status_json(status, context))
    else:
        print_text(context.text("cli.certificado.importado") + "\n" + _status_text(status, context))
    return ExitCode.DONE


def _fail(
    options: argparse.Namespace,
    context: CliContext,
    error: CertificateError,
    code: ExitCode,
    candidates: tuple[CertificateSummary, ...] = (),
) -> int:
    text = context.render(error.message)
    print_error(text)
    if options.json:
        value: dict[str, Any] = {"error": text, "codigo": error.message.code}
        if candidates:
            value["candidatos"] = [summary_json(candidate) for candidate in candidates]
        print_json(value)
    return code


def run_show(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        status = CertificateService(opened, workspace.secret_store, clock=workspace.clock).status()
    if options.json:
        print_json(status_json(status, context) if status else None)
    elif status is None:
        print_text(context.text("sii.certificado.no_hay", rut=options.empresa))
    else:
        print_text(_status_text(status, context))
    return ExitCode.DONE
