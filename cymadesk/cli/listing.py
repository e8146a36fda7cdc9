"""``cymadesk listar`` (a view of stored documents) and ``cymadesk mostrar`` (one document)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cymadesk.cli.common import (
    CliContext,
    ExitCode,
    ParserText,
    document_type_argument,
    print_error,
    print_json,
    print_text,
)
from cymadesk.cli.output import STATE_MARKS, detail_json, stored_document_json
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors, opened_company
from cymadesk.formatting import (
    format_amount,
    format_date,
    format_datetime,
    format_rut_text,
    format_stored_amount,
)
from cymadesk.models.deadline import deadline_messages
from cymadesk.models.document import Reference
from cymadesk.models.inbox import InboxRow, View
from cymadesk.models.message import Message
from cymadesk.models.rut import Rut
from cymadesk.models.verdict import VERDICT_ORDER
from cymadesk.services.companies import utc_now
from cymadesk.services.queries import CompanyQueries, DocumentDetail, first_arrival


def register(subparsers: Any, text: ParserText) -> None:
    listar = subparsers.add_parser("listar", aliases=["list"], help=text("cli.listar.ayuda"))
    listar.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    listar.add_argument(
        "--vista",
        choices=[view.value for view in View],
        default=View.PENDIENTES.value,
        help=text("cli.listar.vista"),
    )
    listar.add_argument("--buscar", metavar="TEXTO", help=text("cli.listar.buscar"))
    listar.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(listar, text)
    listar.set_defaults(handler=run_list)

    mostrar = subparsers.add_parser("mostrar", aliases=["show"], help=text("cli.mostrar.ayuda"))
    mostrar.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    mostrar.add_argument("--emisor", required=True, metavar="RUT", help=text("cli.mostrar.emisor"))
    mostrar.add_argument(
        "--tipo", required=True, type=document_type_argument(text), help=text("cli.mostrar.tipo")
    )
    mostrar.add_argument("--folio", required=True, help=text("cli.mostrar.folio"))
    mostrar.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(mostrar, text)
    mostrar.set_defaults(handler=run_show)


def deadline_text(row: InboxRow, now: dt.datetime, context: CliContext) -> str:
    messages = deadline_messages(row.deadline_at, row.deadline_estimated, now, row.decision_state)
    return " ".join(context.render(message) for message in messages)


def clip(text: str | None, width: int) -> str:
    """Cut ``text`` to ``width`` characters, ending with an ellipsis when it was longer."""
    value = text or ""
    return value if len(value) <= width else value[: width - 1] + "…"


def header_line(context: CliContext, *, deadline: bool = True) -> str:
    """Format the column titles that go above ``row_line`` lines."""
    title = context.text
    line = (
        f"{title('cli.columna.riesgo'):<14} {title('cli.columna.emisor'):>13} "
        f"{title('cli.columna.razon_social'):<30} {title('cli.columna.tipo'):<13} "
        f"{title('cli.columna.folio'):>10} {title('cli.columna.fecha'):<10} "
        f"{title('cli.columna.total'):>16}"
    )
    return f"{line}  {title('cli.columna.plazo')}" if deadline else line


def row_line(row: InboxRow, now: dt.datetime, context: CliContext) -> str:
    """Format one document as a line of ``listar``: risk, emisor, type, folio, date, amount."""
    amount = format_stored_amount(row.monto_total, row.moneda)
    emisor = row.rut_emisor.formatted if row.rut_emisor else row.rut_emisor_text
    kind = row.tipo.short_name if row.tipo else str(row.tipo_code)
    risk = context.text(f"riesgo.nivel.{row.risk_level.value}")
    return (
        f"{risk:<14} {emisor:>13} {clip(row.razon_social_emisor, 30):<30} {clip(kind, 13):<13} "
        f"{row.folio:>10} {format_date(row.fecha_emision):<10} {amount:>16}  "
        f"{deadline_text(row, now, context)}"
    )


def run_list(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    view = View(options.vista)
    now = utc_now()
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        queries = CompanyQueries(opened, utc_now)
        if view is View.NO_PROCESABLES:
            items = queries.unprocessable()
            if options.json:
                print_json(
                    [
                        {
                            "archivo": item.name,
                            "error": context.render(_message(item.code, item.params)),
                            "codigo": item.code,
                            "fecha": item.at.isoformat(),
                        }
                        for item in items
                    ]
                )
            else:
                print_text(
                    "\n".join(
                        f"{format_datetime(item.at)}  {item.name}\n  ✘ "
                        f"{context.render(_message(item.code, item.params))}"
                        for item in items
                    )
                    or context.text("cli.listar.vacia")
                )
            return ExitCode.DONE
        documents = queries.stored(view, search=options.buscar)
    if options.json:
        print_json([stored_document_json(document, context.language) for document in documents])
    else:
        lines = [row_line(document.row, now, context) for document in documents]
        if lines:
            print_text("\n".join([header_line(context), *lines]))
        else:
            print_text(context.text("cli.listar.vacia"))
    return ExitCode.DONE


def _message(code: str, params: dict[str, object]) -> Message:
    return Message(
        code, {key: value for key, value in params.items() if isinstance(value, str | int)}
    )


# CodRef: what a note does to the document it references.
REFERENCE_CODES = {
    "1": "cli.referencia.anula",
    "2": "cli.referencia.corrige_texto",
    "3": "cli.referencia.corrige_montos",
}


def _reference_line(reference: Reference, context: CliContext) -> str:
    kind = reference.dte_type.short_name if reference.dte_type else (reference.doc_type or "?")
    parts = [f"{kind} N° {reference.folio or '?'}"]
    if reference.date is not None:
        parts.append(format_date(reference.date))
    if reference.code in REFERENCE_CODES:
        parts.append(context.text(REFERENCE_CODES[reference.code]))
    if reference.reason:
        parts.append(reference.reason)
    return "    " + ", ".join(parts)


def _detail_text(detail: DocumentDetail, now: dt.datetime, context: CliContext) -> str:
    document = detail.document
    row = detail.stored.row
    lines = [
        f"{document.tipo.spanish_name if document.tipo else row.tipo_code} N° {row.folio}",
        f"  {context.text('cli.campo.emisor')}: {document.emisor.razon_social or '?'} "
        f"({row.rut_emisor.formatted if row.rut_emisor else row.rut_emisor_text})",
        f"  {context.text('cli.campo.receptor')}: {document.receptor.razon_social or '?'} "
        f"({format_rut_text(row.rut_receptor, '?')})",
        f"  {context.text('cli.campo.fecha')}: {format_date(row.fecha_emision)}",
    ]
    for line in document.lines:
        amount = format_amount(line.amount, row.moneda) if line.amount is not None else ""
        lines.append(f"    {line.number or ''} {line.name or ''}  {amount}")
    total = document.totals.mnt_total
    if total is not None:
        lines.append(f"  {context.text('cli.campo.total')}: {format_amount(total, row.moneda)}")
    if document.references:
        lines.append(f"  {context.text('cli.campo.referencias')}:")
        lines.extend(_reference_line(reference, context) for reference in document.references)
    plazo = deadline_text(row, now, context)
    if plazo:
        lines.append(f"  {context.text('cli.campo.plazo')}: {plazo}")
    for key in VERDICT_ORDER:
        verdict = detail.stored.verdicts.get(key)
        if verdict is not None:
            lines.append(
                f"  {STATE_MARKS[verdict.state]} {key.value:<12} {context.render(verdict.message)}"
            )
    for finding in detail.stored.findings:
        if not finding.dismissed:
            explanation = context.render(finding.explanation)
            lines.append(f"  ⚠ {finding.severity.value:<5} {finding.code}: {explanation}")
    if detail.events:
        lines.append(f"  {context.text('cli.campo.eventos')}:")
        lines.extend(
            f"    {format_datetime(event.occurred_at)}  {event.code}  {event.description or ''}"
            for event in detail.events
        )
    return "\n".join(lines)


def run_show(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    now = utc_now()
    with company_errors(context):
        emisor = Rut.try_parse(options.emisor, strict=False)
        if emisor is None:
            print_error(context.text("empresa.rut_invalido", texto=options.emisor))
            return ExitCode.USAGE
        with opened_company(workspace, options.empresa, context) as opened:
            details = CompanyQueries(opened, utc_now).find(emisor, options.tipo, options.folio)
    if not details:
        print_error(
            context.text(
                "cli.mostrar.no_encontrado",
                emisor=emisor.formatted,
                tipo=options.tipo,
                folio=options.folio,
            )
        )
        return ExitCode.USAGE
    # Versions come oldest first. The JSON shows the first one with the later ones under
    # "otras_versiones", each numbered in detalle.version out of detalle.versiones.
    if options.json:
        versions = [
            _version_json(detail, number, len(details), context, now)
            for number, detail in enumerate(details, start=1)
        ]
        result = versions[0]
        if len(versions) > 1:
            result["otras_versiones"] = versions[1:]
        print_json(result)
    elif len(details) == 1:
        print_text(_detail_text(details[0], now, context))
    else:
        blocks = [context.text("cli.mostrar.versiones", total=len(details))]
        for number, detail in enumerate(details, start=1):
            heading = _version_heading(detail, number, len(details), context)
            blocks.append(heading + "\n" + _detail_text(detail, now, context))
        print_text("\n\n".join(blocks))
    return ExitCode.DONE


def _version_json(
    detail: DocumentDetail, number: int, total: int, context: CliContext, now: dt.datetime
) -> dict[str, Any]:
    result = detail_json(detail, context.language, now)
    result["detalle"]["version"] = number
    result["detalle"]["versiones"] = total
    return result


def _version_heading(detail: DocumentDetail, number: int, total: int, context: CliContext) -> str:
    """Label one of several versions with the date and file of its first arrival."""
    arrival = first_arrival(detail)
    if arrival is None:
        return context.text("cli.mostrar.version_sin_archivo", numero=number, total=total)
    return context.text(
        "cli.mostrar.version",
        numero=number,
        total=total,
        llegada=format_datetime(arrival.arrived_at),
        archivo=arrival.name,
    )
