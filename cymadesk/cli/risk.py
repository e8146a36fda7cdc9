"""``cymadesk riesgo``: re-evaluate findings, dismiss one, list the rules, read and change settings.

``riesgo --empresa R`` evaluates every stored document again and prints them with their
``riesgo``, in the document shape of ``listar``. ``riesgo sin-xml`` lists the documents that
the SII's purchase register (RCV) lists but whose XML never arrived, with their findings.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
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
from cymadesk.cli.listing import clip, row_line
from cymadesk.cli.output import finding_json, stored_document_json
from cymadesk.cli.workspace import add_key_options, build_workspace, company_errors, opened_company
from cymadesk.formatting import format_amount, format_date
from cymadesk.models.dte_types import DteType
from cymadesk.models.inbox import View
from cymadesk.models.risk import RiskFinding, RiskLevel, risk_level
from cymadesk.models.rut import Rut
from cymadesk.risk.engine import RegisterFinding
from cymadesk.risk.rules import ALL_RULES
from cymadesk.risk.settings import SettingSpec
from cymadesk.services.companies import utc_now
from cymadesk.services.queries import CompanyQueries, StoredDocument
from cymadesk.services.risk import RiskError

LEVEL_ORDER = (RiskLevel.ALTO, RiskLevel.MEDIO, RiskLevel.BAJO, RiskLevel.SIN_HALLAZGOS)


def register(subparsers: Any, text: ParserText) -> None:
    parser = subparsers.add_parser("riesgo", aliases=["risk"], help=text("riesgo.cli.ayuda"))
    parser.add_argument("--empresa", metavar="RUT", help=text("cli.opcion.empresa"))
    parser.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(parser, text)
    parser.set_defaults(handler=run_evaluate)
    actions = parser.add_subparsers(dest="accion", metavar="ACCION")

    dismiss = actions.add_parser("descartar", help=text("riesgo.cli.descartar.ayuda"))
    dismiss.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    dismiss.add_argument("--emisor", required=True, metavar="RUT", help=text("cli.mostrar.emisor"))
    dismiss.add_argument(
        "--tipo", required=True, type=document_type_argument(text), help=text("cli.mostrar.tipo")
    )
    dismiss.add_argument("--folio", required=True, help=text("cli.mostrar.folio"))
    dismiss.add_argument(
        "--codigo", required=True, metavar="CODIGO", help=text("riesgo.cli.opcion.codigo")
    )
    dismiss.add_argument(
        "--motivo", required=True, metavar="TEXTO", help=text("riesgo.cli.opcion.motivo")
    )
    dismiss.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(dismiss, text)
    dismiss.set_defaults(handler=run_dismiss)

    register_rows = actions.add_parser("sin-xml", help=text("riesgo.cli.sin_xml.ayuda"))
    register_rows.add_argument(
        "--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa")
    )
    register_rows.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(register_rows, text)
    register_rows.set_defaults(handler=run_register)

    rules = actions.add_parser("reglas", help=text("riesgo.cli.reglas.ayuda"))
    rules.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    rules.set_defaults(handler=run_rules)

    settings = actions.add_parser("ajustes", help=text("riesgo.cli.ajustes.ayuda"))
    settings.add_argument(
        "--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa")
    )
    settings.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(settings, text)
    settings.set_defaults(handler=run_settings)

    change = actions.add_parser("ajustar", help=text("riesgo.cli.ajustar.ayuda"))
    change.add_argument("--empresa", required=True, metavar="RUT", help=text("cli.opcion.empresa"))
    change.add_argument("--clave", required=True, help=text("riesgo.cli.opcion.clave"))
    change.add_argument("--valor", required=True, help=text("riesgo.cli.opcion.valor"))
    change.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    add_key_options(change, text)
    change.set_defaults(handler=run_change_setting)


# Re-evaluation


def register_row_json(item: RegisterFinding, language: str) -> dict[str, Any]:
    """Build one RCV row whose XML never arrived, with its ``riesgo``."""
    entry = item.entry
    return {
        "tipo": entry.tipo,
        "folio": entry.folio,
        "rut_emisor": entry.rut_emisor,
        "razon_social_emisor": entry.razon_social,
        "fecha_emision": entry.fecha_documento.isoformat() if entry.fecha_documento else None,
        "monto_total": str(entry.monto_total) if entry.monto_total is not None else None,
        "moneda": "CLP",
        "estado_rcv": entry.estado,
        "recepcion_sii": entry.received_at.isoformat() if entry.received_at else None,
        "riesgo": {
            "nivel": risk_level([item.finding]).value,
            "hallazgos": [finding_json(item.finding, language)],
        },
    }


def _finding_lines(findings: Sequence[RiskFinding], context: CliContext) -> list[str]:
    return [
        f"  ⚠ {finding.severity.value:<5} {finding.code}: {context.render(finding.explanation)}"
        for finding in findings
        if not finding.dismissed
    ]


def _register_line(item: RegisterFinding, context: CliContext) -> str:
    entry = item.entry
    rut = Rut.try_parse(entry.rut_emisor, strict=False)
    emisor = rut.formatted if rut is not None else entry.rut_emisor
    amount = format_amount(entry.monto_total, "CLP") if entry.monto_total is not None else ""
    level = context.text(f"riesgo.nivel.{risk_level([item.finding]).value}")
    dte_type = DteType.from_code(entry.tipo)
    kind = dte_type.short_name if dte_type is not None else str(entry.tipo)
    return (
        f"{level:<14} {emisor:>13} {clip(entry.razon_social, 30):<30} {clip(kind, 13):<13} "
        f"{entry.folio:>10} {format_date(entry.fecha_documento):<10} {amount:>16}"
    )


def _evaluation_text(
    documents: Sequence[StoredDocument],
    register: Sequence[RegisterFinding],
    now: dt.datetime,
    context: CliContext,
) -> str:
    counts = {level: 0 for level in LEVEL_ORDER}
    for document in documents:
        counts[document.risk_level] += 1
    lines = [
        context.text(
            "riesgo.cli.resumen",
            documentos=len(documents),
            alto=counts[RiskLevel.ALTO],
            medio=counts[RiskLevel.MEDIO],
            bajo=counts[RiskLevel.BAJO],
            sin_hallazgos=counts[RiskLevel.SIN_HALLAZGOS],
        )
    ]
    ranked = sorted(
        (document for document in documents if document.risk_level is not RiskLevel.SIN_HALLAZGOS),
        key=lambda document: LEVEL_ORDER.index(document.risk_level),
    )
    for document in ranked:
        lines.append(row_line(document.row, now, context))
        lines.extend(_finding_lines(document.findings, context))
    if register:
        lines.append(context.text("riesgo.cli.sin_xml", cantidad=len(register)))
        for item in register:
            lines.append(_register_line(item, context))
            lines.extend(_finding_lines([item.finding], context))
    return "\n".join(lines)


def run_evaluate(options: argparse.Namespace, context: CliContext) -> int:
    if not options.empresa:
        print_error(context.text("riesgo.cli.falta_empresa"))
        return ExitCode.USAGE
    workspace = build_workspace(options, context)
    now = utc_now()
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        service = workspace.risk_service(opened)
        service.reevaluate()
        register = service.register_findings()
        queries = CompanyQueries(opened, utc_now)
        documents = queries.stored(View.TODOS) + queries.stored(View.NO_CORRESPONDEN)
    if options.json:
        print_json([stored_document_json(document, context.language) for document in documents])
    else:
        print_text(_evaluation_text(documents, register, now, context))
    return ExitCode.DONE


def run_register(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        service = workspace.risk_service(opened)
        register = service.register_findings()
        register_known = bool(register) or service.has_register_rows()
    if options.json:
        print_json([register_row_json(item, context.language) for item in register])
    elif register:
        lines = [context.text("riesgo.cli.sin_xml", cantidad=len(register))]
        for item in register:
            lines.append(_register_line(item, context))
            lines.extend(_finding_lines([item.finding], context))
        print_text("\n".join(lines))
    elif register_known:
        print_text(context.text("riesgo.cli.sin_xml_ninguno"))
    else:
        print_text(context.text("riesgo.cli.sin_rcv"))
    return ExitCode.DONE


# Dismissal


def run_dismiss(options: argparse.Namespace, context: CliContext) -> int:
    emisor = Rut.try_parse(options.emisor, strict=False)
    if emisor is None:
        print_error(context.text("empresa.rut_invalido", texto=options.emisor))
        return ExitCode.USAGE
    workspace = build_workspace(options, context)
    code = options.codigo.strip().upper()
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        try:
            result = workspace.risk_service(opened).dismiss(
                emisor, options.tipo, options.folio, code, options.motivo
            )
        except RiskError as error:
            print_error(context.render(error.message))
            return ExitCode.USAGE
    if options.json:
        print_json(
            {
                "codigo": code,
                "descartados": len(result.dismissed),
                "ya_descartados": len(result.already),
                "nivel": result.level.value,
            }
        )
    elif result.dismissed:
        level = context.text(f"riesgo.nivel.{result.level.value}")
        print_text(context.text("riesgo.cli.descartado", codigo=code, nivel=level))
    else:
        print_text(context.text("riesgo.cli.ya_descartado", codigo=code))
    return ExitCode.DONE


# Rules and settings


def run_rules(options: argparse.Namespace, context: CliContext) -> int:
    if options.json:
        print_json(
            [
                {
                    "codigo": rule.code,
                    "area": rule.area.value,
                    "severidad": rule.severity.value,
                    "significado": context.text(rule.meaning_code),
                }
                for rule in ALL_RULES
            ]
        )
        return ExitCode.DONE
    width = max(len(rule.code) for rule in ALL_RULES)
    lines = []
    for rule in ALL_RULES:
        meaning = context.text(rule.meaning_code)
        lines.append(f"{rule.severity.value:<5} {rule.code:<{width}}  {meaning}")
    print_text("\n".join(lines))
    return ExitCode.DONE


def _setting_text(value: int | Decimal | tuple[str, ...]) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _setting_json(
    spec: SettingSpec, value: int | Decimal | tuple[str, ...], stored: bool, context: CliContext
) -> dict[str, Any]:
    return {
        "clave": spec.key,
        "tipo": spec.kind.value,
        "valor": _setting_json_value(value),
        "predeterminado": _setting_json_value(spec.default),
        "guardado": stored,
        "descripcion": context.text(spec.label_code),
    }


def run_settings(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        settings = workspace.risk_service(opened).settings()
    if options.json:
        print_json(
            [_setting_json(spec, value, stored, context) for spec, value, stored in settings]
        )
    else:
        print_text(
            "\n".join(
                f"{spec.key} = {_setting_text(value)}\n  {context.text(spec.label_code)}"
                for spec, value, _ in settings
            )
        )
    return ExitCode.DONE


def run_change_setting(options: argparse.Namespace, context: CliContext) -> int:
    workspace = build_workspace(options, context)
    with company_errors(context), opened_company(workspace, options.empresa, context) as opened:
        try:
            value = workspace.risk_service(opened).change_setting(options.clave, options.valor)
        except RiskError as error:
            print_error(context.render(error.message))
            return ExitCode.USAGE
    if options.json:
        print_json({"clave": options.clave, "valor": _setting_json_value(value)})
    else:
        print_text(
            context.text(
                "riesgo.cli.ajuste_guardado", clave=options.clave, valor=_setting_text(value)
            )
        )
    return ExitCode.DONE


def _setting_json_value(value: int | Decimal | tuple[str, ...]) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return str(value)
    return value
