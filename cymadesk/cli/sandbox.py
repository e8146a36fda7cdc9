"""``cymadesk sandbox``: run the local SII sandbox, issue documents, make certificates.

- ``sandbox [--port P]`` serves until interrupted; its first stdout line (flushed) is
  ``http://127.0.0.1:PORT``, and the address is written to ``sandbox/servidor.json`` so
  that sandbox companies find it.
- ``sandbox --emitir N --receptor RUT --salida DIR`` writes N signed documents into DIR,
  registers them as the SII would, and exits.
- ``sandbox certificado --rut RUT --salida x.pfx`` writes a certificate the sandbox accepts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from cymadesk.cli.certificate import read_password
from cymadesk.cli.common import (
    CliContext,
    ExitCode,
    os_error_text,
    print_error,
    print_json,
    print_text,
)
from cymadesk.models.rut import InvalidRut, Rut
from cymadesk.paths import DataLayout
from cymadesk.services.sandbox_identity import sandbox_authority
from cymadesk.services.sii_sync import SANDBOX_SERVER_FILE, sandbox_url
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.sandbox.clock import SandboxClock
from cymadesk.sii.sandbox.control import InvalidControlRequest
from cymadesk.sii.sandbox.faults import OPERATIONS, Fault, FaultKind, FaultPlan
from cymadesk.sii.sandbox.issuing import (
    DEFAULT_RECEPTOR_NAME,
    SandboxIssuer,
    issue_documents,
    issued_json,
    receptor_party,
)
from cymadesk.sii.sandbox.register import SandboxRegister
from cymadesk.sii.sandbox.server import CLOCK_SETTING, SandboxServer
from cymadesk.sii.sandbox.service import DEFAULT_TOKEN_TTL, SandboxSii

logger = logging.getLogger(__name__)

CERTIFICATE_DAYS = 365
# Documents issued through POST /_sandbox/documentos go to sandbox/emitidos/<receptor RUT>/.
ISSUED_FOLDER = "emitidos"


def register(subparsers: Any, text: Callable[[str], str]) -> None:
    parser = subparsers.add_parser("sandbox", help=text("cli.sandbox.ayuda"))
    parser.add_argument("--port", type=int, default=0, help=text("cli.sandbox.port"))
    parser.add_argument("--reloj", metavar="FECHA_HORA", help=text("cli.sandbox.reloj"))
    parser.add_argument(
        "--falla",
        action="append",
        default=[],
        metavar="TIPO[:OPERACION[:VECES]]",
        help=text("cli.sandbox.falla").format(
            tipos=", ".join(kind.value for kind in FaultKind), operaciones=", ".join(OPERATIONS)
        ),
    )
    parser.add_argument("--latencia", type=float, default=0.0, help=text("cli.sandbox.latencia"))
    parser.add_argument(
        "--token-ttl",
        type=int,
        default=int(DEFAULT_TOKEN_TTL.total_seconds()),
        metavar="SEGUNDOS",
        help=text("cli.sandbox.token_ttl"),
    )
    parser.add_argument("--emitir", type=int, metavar="N", help=text("cli.sandbox.emitir"))
    parser.add_argument("--receptor", metavar="RUT", help=text("cli.sandbox.receptor"))
    parser.add_argument(
        "--nombre-receptor",
        default=DEFAULT_RECEPTOR_NAME,
        help=text("cli.sandbox.nombre_receptor"),
    )
    parser.add_argument("--salida", metavar="CARPETA", help=text("cli.sandbox.salida"))
    parser.add_argument("--semilla", type=int, default=1, help=text("cli.sandbox.semilla"))
    parser.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    parser.set_defaults(handler=run)

    actions = parser.add_subparsers(dest="sandbox_action", metavar="ACCION")
    certificado = actions.add_parser("certificado", help=text("cli.sandbox.certificado"))
    certificado.add_argument("--rut", required=True, help=text("cli.sandbox.certificado_rut"))
    certificado.add_argument("--nombre", default="Usuario Sandbox", help=text("cli.sandbox.nombre"))
    certificado.add_argument(
        "--salida", required=True, metavar="ARCHIVO.pfx", help=text("cli.sandbox.salida_pfx")
    )
    certificado.add_argument(
        "--clave-archivo", metavar="ARCHIVO", help=text("cli.sandbox.clave_archivo")
    )
    certificado.add_argument(
        "--dias", type=int, default=CERTIFICATE_DAYS, help=text("cli.sandbox.dias")
    )
    certificado.add_argument("--json", action="store_true", help=text("cli.opcion.json"))
    certificado.set_defaults(handler=run_certificate)


def _clock(register: SandboxRegister, option: str | None) -> SandboxClock:
    clock = SandboxClock()
    saved = register.setting(CLOCK_SETTING)
    if isinstance(saved, dict):
        clock.load_json(saved)
    if option:
        moment = dt.datetime.fromisoformat(option)
        if moment.tzinfo is None:
            raise ValueError(f"--reloj needs a time zone offset: {option}")
        clock.set(moment)
        register.save_setting(CLOCK_SETTING, clock.to_json())
    return clock


def run(options: argparse.Namespace, context: CliContext) -> int:
    layout = context.layout
    layout.ensure(layout.root, layout.sandbox)
    register = SandboxRegister(layout.sandbox)
    try:
        clock = _clock(register, options.reloj)
        faults = FaultPlan()
        for option in options.falla:
            faults.add(Fault.parse_option(option))
    except InvalidControlRequest as error:
        detail = context.render(error.message)
        print_error(context.text("cli.sandbox.falla_invalida", valor=option, detalle=detail))
        return ExitCode.USAGE
    except ValueError as error:
        print_error(context.text("cli.sandbox.opcion_invalida", detalle=str(error)))
        return ExitCode.USAGE
    authority = sandbox_authority(layout)
    if options.emitir is not None:
        return _issue(options, context, register, clock, authority)
    running = _running_sandbox(layout)
    if running is not None:
        print_error(context.text("cli.sandbox.ya_en_ejecucion", url=running))
        return ExitCode.USAGE
    sii = SandboxSii(
        register,
        authority.ca_certificate,
        clock,
        token_ttl=dt.timedelta(seconds=options.token_ttl),
    )
    try:
        issuer = SandboxIssuer(authority, register, layout.sandbox / ISSUED_FOLDER)
        server = SandboxServer(
            sii, port=options.port, faults=faults, latency=options.latencia, issuer=issuer
        )
    except OSError as error:
        print_error(context.text("cli.sandbox.puerto_ocupado", detalle=str(error)))
        return ExitCode.USAGE
    return _serve(server, layout, context)


def _running_sandbox(layout: DataLayout) -> str | None:
    """Return the address of a sandbox already serving this data directory, or None.

    A ``servidor.json`` left by a sandbox that was killed names an address that no longer
    responds, and does not count.
    """
    url = sandbox_url(layout)
    if url is None:
        return None
    try:
        # sandbox_url only returns http://127.0.0.1 addresses.
        with urllib.request.urlopen(url + "/_sandbox/estado", timeout=2) as response:  # noqa: S310
            response.read()
    except (OSError, ValueError):
        logger.info("Sandbox address file names %s, which does not respond", url)
        return None
    return url


def _serve(server: SandboxServer, layout: DataLayout, context: CliContext) -> int:
    address_file = layout.sandbox / SANDBOX_SERVER_FILE
    address_file.write_text(json.dumps({"url": server.url, "pid": os.getpid()}), "utf-8")
    print(server.url, flush=True)
    if sys.stderr.isatty():
        print_error(context.text("cli.sandbox.sirviendo", url=server.url))

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, stop)
    logger.info("Sandbox SII serving on %s", server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("Sandbox SII interrupted")
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        if sandbox_url(layout) == server.url:
            address_file.unlink(missing_ok=True)
        logger.info("Sandbox SII stopped")
    return ExitCode.DONE


def _issue(
    options: argparse.Namespace,
    context: CliContext,
    register: SandboxRegister,
    clock: SandboxClock,
    authority: SandboxAuthority,
) -> int:
    if not options.receptor or not options.salida or options.emitir < 1:
        print_error(context.text("cli.sandbox.emitir_incompleto"))
        return ExitCode.USAGE
    try:
        receptor = Rut.parse(options.receptor)
    except InvalidRut:
        print_error(context.text("empresa.rut_invalido", texto=options.receptor))
        return ExitCode.USAGE
    issued = issue_documents(
        options.emitir,
        receptor=receptor_party(receptor.canonical, options.nombre_receptor),
        authority=authority,
        register=register,
        output=Path(options.salida),
        now=clock.now(),
        seed=options.semilla,
    )
    if options.json:
        print_json(issued_json(issued, Path(options.salida)))
    else:
        suspicious = sum(1 for item in issued if item.kind != "normal")
        print_text(
            context.text(
                "cli.sandbox.emitidos",
                cantidad=len(issued),
                sospechosos=suspicious,
                carpeta=str(options.salida),
            )
        )
    return ExitCode.DONE


def run_certificate(options: argparse.Namespace, context: CliContext) -> int:
    try:
        holder = Rut.parse(options.rut)
    except InvalidRut:
        print_error(context.text("empresa.rut_invalido", texto=options.rut))
        return ExitCode.USAGE
    # NOTE: no test covers the terminal prompt here; a test under a pseudo-terminal hung.
    password = read_password(options, context)
    if password is None:
        print_error(context.text("cli.certificado.sin_clave"))
        return ExitCode.USAGE
    if not password or options.dias < 1:
        print_error(context.text("cli.sandbox.certificado_incompleto"))
        return ExitCode.USAGE
    layout = context.layout
    layout.ensure(layout.root, layout.sandbox)
    authority = sandbox_authority(layout)
    now = dt.datetime.now(dt.UTC)
    signer = authority.issue_signer(
        holder.canonical,
        options.nombre,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=options.dias),
    )
    output = Path(options.salida)
    try:
        # O_EXCL: a certificate of the user's with the same name is never overwritten.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        print_error(context.text("cli.sandbox.pfx_existe", archivo=str(output)))
        return ExitCode.USAGE
    except OSError as error:
        print_error(os_error_text(error, context))
        return ExitCode.USAGE
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(signer.to_pkcs12(password))
    logger.info("Wrote a sandbox certificate for %s to %s", holder.canonical, output)
    if options.json:
        print_json(
            {
                "archivo": str(output),
                "rut_titular": holder.canonical,
                "titular": options.nombre,
                "valido_hasta": signer.certificate.not_valid_after_utc.isoformat(),
            }
        )
    else:
        print_text(context.text("cli.sandbox.certificado_escrito", archivo=str(output)))
    return ExitCode.DONE
