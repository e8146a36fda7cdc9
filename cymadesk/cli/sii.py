"""``cymadesk sii estado|recepcion|eventos|cedible|rcv``: query the SII and store its responses.

The company's ambiente picks the SII environment; ``--url`` replaces every host (for the
sandbox). Exit codes: 0 done, 1 the SII rejected the request or did not respond, 2 missing input (no
certificate, no stored document, no sandbox running), 3 company, key or database problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from cymadesk.cli.output import verdict_json
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors, opened_company
from cymadesk.formatting import format_clp, format_date, format_datetime
from cymadesk.models.message import Message
from cymadesk.models.rut import InvalidRut, Rut
from cymadesk.services.certificates import CertificateService, Validity
from cymadesk.services.sii_sync import SiiSync, SyncError, build_sii_sync
from cymadesk.sii.client.endpoints import InvalidServiceUrlError
from cymadesk.sii.client.errors import CertificateError, SiiError

_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


def register(subparsers: Any, text: ParserText) -> None:
    parser = subparsers.add_parser("sii", help=text("cli.sii.ayuda"))
    actions = parser.add_subparsers(dest="sii_action", metavar="ACCION", required=True)
    for name, handler in (
        ("estado", run_estado),
        ("recepcion", run_recepcion),
        ("eventos", run_eventos),
        ("cedible", run_cedible),
    ):
        action = actions.add_parser(name, help=text(f"cli.sii.{name}"))
        _common(action, text)
        action.add_argument("--emisor", required=True, metavar="RUT", help=text("cli.sii.emisor"))
        action.add_argument(
            "--tipo", required=True, type=document_type_argument(text), help=text("cli.sii.tipo")
        )
        action.add_argument("--folio", required=True, help=text("cli.sii.folio"))
        if name == "estado":
            action.add_argument("--fecha", metavar="AAAA-MM-DD", help=text("cli.sii.fecha"))
            action.add_argument("--monto", type=int, help=text("cli.sii.monto"))
            action.add_argument("--avanzado", action="store_true", help=text("cli.sii.avanzado"))
        action.set_defaults(handler=handler)
    rcv = actions.add_parser("rcv", help=text("cli.sii.rcv"))
    _common(rcv, text)
    rcv.add_argument("--periodo", required=True, metavar="AAAA-MM", help=text("cli.sii.periodo"))
    rcv.set_defaults(handler=run_rcv)


def _common(parser: Any, text: Callable[[str], str]) -> None:
    parser.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    parser.add_argument("--url", metavar="URL", help=text("cli.sii.url"))
    parser.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(parser, text)


class _Stop(Exception):  # noqa: N818 (control flow: an error was already reported)
    def __init__(self, code: ExitCode) -> None:
        super().__init__(code)
        self.code = code


def _report(
    options: argparse.Namespace, context: CliContext, message: Message, code: ExitCode
) -> None:
    text = context.render(message)
    print_error(text)
    if options.json:
        print_json({"error": text, "codigo": message.code})
    raise _Stop(code)


@contextmanager
def _sync(options: argparse.Namespace, context: CliContext) -> Iterator[SiiSync]:
    """Open the company and build its SII sync; report SII problems with an exit code."""
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        certificates = CertificateService(opened, workspace.secret_store, clock=workspace.clock)
        status = certificates.status()
        if status is not None and status.validity is Validity.POR_VENCER and status.warning:
            # Every SII command repeats it, so the certificate is renewed before it expires.
            print_error(context.render(status.warning))
        try:
            sync = build_sii_sync(
                opened,
                workspace.layout,
                certificates,
                url=options.url,
                clock=workspace.clock,
                evaluator=workspace.findings_evaluator(),
            )
            yield sync
        except InvalidServiceUrlError as error:
            _report(
                options, context, Message("sii.url_invalida", {"url": str(error)}), ExitCode.USAGE
            )
        except (SyncError, CertificateError) as error:
            _report(options, context, error.message, ExitCode.USAGE)
        except SiiError as error:
            _report(options, context, error.message, ExitCode.INPUT_REJECTED)


def _run(options: argparse.Namespace, context: CliContext, work: Callable[[SiiSync], int]) -> int:
    try:
        with _sync(options, context) as sync:
            return work(sync)
    except _Stop as stop:
        return stop.code


def _rut(options: argparse.Namespace, context: CliContext) -> Rut:
    try:
        return Rut.parse(options.emisor)
    except InvalidRut:
        message = Message("empresa.rut_invalido", {"texto": options.emisor})
        _report(options, context, message, ExitCode.USAGE)
        raise


def _identity(options: argparse.Namespace, emisor: Rut) -> dict[str, Any]:
    return {
        "rut_emisor": emisor.canonical,
        "tipo": options.tipo,
        "folio": options.folio.lstrip("0"),
    }


def run_estado(options: argparse.Namespace, context: CliContext) -> int:
    def work(sync: SiiSync) -> int:
        emisor = _rut(options, context)
        try:
            fecha = dt.date.fromisoformat(options.fecha) if options.fecha else None
        except ValueError:
            message = Message("sii.fecha_invalida", {"fecha": options.fecha})
            _report(options, context, message, ExitCode.USAGE)
            raise
        results = sync.estado(
            emisor,
            options.tipo,
            options.folio,
            fecha_emision=fecha,
            monto=options.monto,
            advanced=options.avanzado,
        )
        items = [
            {
                "fecha_emision": result.fecha_emision.isoformat(),
                "monto": result.monto,
                "estado": result.answer.estado.value,
                "glosa": result.answer.glosa,
                "codigo_error": result.answer.err_code,
                "numero_atencion": result.answer.num_atencion,
                "recibido": result.answer.recibido,
                "veredicto": verdict_json(result.verdict, context.language),
                "documentos": list(result.document_ids),
            }
            for result in results
        ]
        if options.json:
            print_json({**_identity(options, emisor), "resultados": items})
        else:
            for result in results:
                issued = format_date(result.fecha_emision)
                monto = format_clp(result.monto)
                print_text(
                    f"{result.answer.estado.value}  {context.render(result.verdict.message)}"
                    f"  ({issued}, {monto})"
                )
        return ExitCode.DONE

    return _run(options, context, work)


def run_recepcion(options: argparse.Namespace, context: CliContext) -> int:
    def work(sync: SiiSync) -> int:
        emisor = _rut(options, context)
        result = sync.recepcion(emisor, options.tipo, options.folio)
        if options.json:
            print_json(
                {
                    **_identity(options, emisor),
                    "recepcion_sii": result.received_at.isoformat(),
                    "plazo": result.deadline_at.isoformat() if result.deadline_at else None,
                    "documentos": list(result.document_ids),
                }
            )
        else:
            print_text(
                context.text(
                    "cli.sii.recepcion_resultado",
                    recepcion=format_datetime(result.received_at),
                    plazo=format_datetime(result.deadline_at) if result.deadline_at else "—",
                )
            )
        return ExitCode.DONE

    return _run(options, context, work)


def run_eventos(options: argparse.Namespace, context: CliContext) -> int:
    def work(sync: SiiSync) -> int:
        emisor = _rut(options, context)
        result = sync.eventos(emisor, options.tipo, options.folio)
        events = [
            {
                "codigo": event.code,
                "descripcion": event.description,
                "rut_responsable": event.rut_responsable,
                "fecha": event.occurred_at.isoformat() if event.occurred_at else None,
            }
            for event in result.events
        ]
        if options.json:
            print_json(
                {
                    **_identity(options, emisor),
                    "eventos": events,
                    "nuevos": result.new,
                    "estado_decision": result.decision_state.value
                    if result.decision_state
                    else None,
                    "documentos": list(result.document_ids),
                }
            )
        elif not events:
            print_text(context.text("cli.sii.sin_eventos"))
        else:
            for event in result.events:
                when = format_datetime(event.occurred_at) if event.occurred_at else "—"
                print_text(f"{when}  {event.code}  {event.description or ''}")
        return ExitCode.DONE

    return _run(options, context, work)


def run_cedible(options: argparse.Namespace, context: CliContext) -> int:
    def work(sync: SiiSync) -> int:
        emisor = _rut(options, context)
        answer = sync.cedible(emisor, options.tipo, options.folio)
        if options.json:
            print_json(
                {
                    **_identity(options, emisor),
                    "cedible": answer.cedible,
                    "codigo": answer.answer.code,
                    "descripcion": answer.answer.description,
                }
            )
        else:
            key = "cli.sii.es_cedible" if answer.cedible else "cli.sii.no_cedible"
            print_text(f"{context.text(key)} ({answer.answer.code}: {answer.answer.description})")
        return ExitCode.DONE

    return _run(options, context, work)


def run_rcv(options: argparse.Namespace, context: CliContext) -> int:
    match = _PERIOD.match(options.periodo.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        print_error(context.text("cli.sii.periodo_invalido", periodo=options.periodo))
        return ExitCode.USAGE
    periodo = match.group(1) + match.group(2)

    def work(sync: SiiSync) -> int:
        summary = sync.rcv(periodo)
        by_estado: dict[str, int] = {}
        rows = []
        for rut, tipo, folio, estado, received_at in summary.rows:
            by_estado[estado] = by_estado.get(estado, 0) + 1
            rows.append(
                {
                    "rut_emisor": rut,
                    "tipo": tipo,
                    "folio": folio,
                    "estado": estado,
                    "recepcion_sii": received_at.isoformat() if received_at else None,
                    "documento": summary.linked.get((rut, tipo, folio)),
                }
            )
        if options.json:
            print_json(
                {
                    "periodo": f"{periodo[:4]}-{periodo[4:]}",
                    "filas": len(rows),
                    "por_estado": by_estado,
                    "vinculadas": len(summary.linked),
                    "documentos": rows,
                }
            )
        else:
            print_text(
                context.text(
                    "cli.sii.rcv_resumen",
                    periodo=f"{periodo[:4]}-{periodo[4:]}",
                    filas=len(rows),
                    vinculadas=len(summary.linked),
                )
            )
            for estado, count in sorted(by_estado.items()):
                print_text(f"  {estado}: {count}")
        return ExitCode.DONE

    return _run(options, context, work)
