"""Import rate into a new encrypted company database, next to the verify-only rate.

Generates signed documents with the fixture factory, writes them once as one file per
document and once as EnvioDTE envelopes of 50 (grouped by supplier, as issuers send them),
then measures in one process:

- verify only: ``verify_file`` over each set of files (no storage), single files and
  envelopes apart, because envelopes add their own signature over 50 documents;
- storage: ``ImportService`` without the risk engine into a new SQLCipher company, one
  transaction per file;
- import: the same with the risk engine, as ``cymadesk importar`` runs it.

Storage overhead is the storage time over the verify-only time of the same files, minus one
(target: at most 30 %). The risk overhead is the import time over the storage time, minus one.
The storage run also times the ``verify_file`` calls inside it, so the output gives the time
spent outside them (reading, hashing and storing the files) per document and per file, and how
much slower verification runs between storage work than on its own.

Usage: ``python bench/import_rate.py [--documents 10000] [--json OUT]``; ``--smoke`` runs 60.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services import importing
from cymadesk.services.companies import Workspace
from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.corpus import GeneratedDocument, generate_documents
from cymadesk.sii.factory.envelope import build_envio
from cymadesk.sii.factory.suppliers import DEMO_COMPANY
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import FileReport, verify_file

ENVELOPE_SIZE = 50


def generate(count: int, authority: SandboxAuthority) -> list[GeneratedDocument]:
    return [
        document
        for document in generate_documents(
            count,
            seed=11,
            receptor=DEMO_COMPANY,
            authority=authority,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 11, 30),
        )
        if document.spec.receptor.rut == DEMO_COMPANY.rut
    ]


def write_single_files(documents: Sequence[GeneratedDocument], folder: Path) -> None:
    folder.mkdir()
    for index, document in enumerate(documents):
        (folder / f"dte-{index:06d}.xml").write_bytes(document.data)


def write_envelopes(
    documents: Sequence[GeneratedDocument], folder: Path, authority: SandboxAuthority
) -> int:
    folder.mkdir()
    by_supplier: dict[str, list[GeneratedDocument]] = defaultdict(list)
    for document in documents:
        by_supplier[document.supplier.rut].append(document)
    count = 0
    for rut, issued in by_supplier.items():
        supplier = issued[0].supplier
        signer = authority.issue_signer(
            supplier.representative_rut,
            supplier.representative_name,
            not_before=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            not_after=dt.datetime(2028, 1, 1, tzinfo=dt.UTC),
        )
        for start in range(0, len(issued), ENVELOPE_SIZE):
            chunk = issued[start : start + ENVELOPE_SIZE]
            envelope = build_envio(
                [document.data for document in chunk],
                rut_emisor=rut,
                rut_envia=supplier.representative_rut,
                rut_receptor=DEMO_COMPANY.rut,
                signer=signer,
                signed_at=chunk[-1].signed_at,
                fecha_resolucion=dt.date(2020, 1, 1),
                numero_resolucion=80,
            )
            (folder / f"envio-{count:05d}.xml").write_bytes(envelope)
            count += 1
    return count


def verify_only(folder: Path, policy: TrustPolicy) -> float:
    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        verify_file(path.read_bytes(), policy=policy)
    return time.perf_counter() - started


class VerifyTimer:
    """A ``verify_file`` wrapper for the import pipeline that adds up the time it takes."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, data: bytes, **options: Any) -> FileReport:
        started = time.perf_counter()
        try:
            return verify_file(data, **options)
        finally:
            self.seconds += time.perf_counter() - started


def timed_import(
    folder: Path, root: Path, authority: SandboxAuthority, *, risk: bool
) -> tuple[float, float, int]:
    """Import ``folder`` into a new company and return the seconds in all and in verify_file."""
    layout = DataLayout(root)
    authority.save(layout.sandbox)
    workspace = Workspace(layout, None, root / "clave.key", passphrase=lambda purpose: "x" * 12)
    opened = workspace.create_company(DEMO_COMPANY.rut, DEMO_COMPANY.razon_social, Ambiente.SANDBOX)
    service = workspace.import_service(opened, channel="bench")
    if not risk:
        service.evaluator = None
    timer = VerifyTimer()
    importing.verify_file = timer
    try:
        started = time.perf_counter()
        summary = service.run([str(folder)])
        elapsed = time.perf_counter() - started
    finally:
        importing.verify_file = verify_file
    opened.close()
    return elapsed, timer.seconds, summary.new


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--smoke", action="store_true", help="60 documents")
    options = parser.parse_args(argv)
    count = 60 if options.smoke else options.documents

    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        authority = SandboxAuthority.create()
        documents = generate(count, authority)
        write_single_files(documents, base / "sueltos")
        envelopes = write_envelopes(documents, base / "sobres", authority)
        policy = authority.trust_policy()
        verify_file(documents[0].data, policy=policy)  # compile schemas outside the timing

        seconds: dict[str, float] = {}
        stored: dict[str, int] = {}
        files: dict[str, int] = {}
        for shape, folder in (("single", base / "sueltos"), ("envelopes", base / "sobres")):
            files[shape] = sum(1 for _ in folder.iterdir())
            seconds[f"verify_{shape}"] = verify_only(folder, policy)
            for risk, kind in ((False, "storage"), (True, "import")):
                root = base / f"datos-{shape}-{kind}"
                elapsed, verifying, new = timed_import(folder, root, authority, risk=risk)
                seconds[f"{kind}_{shape}"] = elapsed
                seconds[f"{kind}_{shape}_in_verify"] = verifying
                stored[f"{kind}_{shape}"] = new

    total = len(documents)
    results: dict[str, Any] = {
        "documents": total,
        "envelopes": envelopes,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor_count": os.cpu_count(),
    }
    for shape in ("single", "envelopes"):
        for kind in ("verify", "storage", "import"):
            results[f"{kind}_{shape}_docs_per_second"] = total / seconds[f"{kind}_{shape}"]
        storage, verify = seconds[f"storage_{shape}"], seconds[f"verify_{shape}"]
        results[f"storage_overhead_{shape}"] = storage / verify - 1
        results[f"risk_overhead_{shape}"] = seconds[f"import_{shape}"] / storage - 1
        results[f"stored_{shape}"] = stored[f"import_{shape}"]
        # The storage run's time outside verify_file: reading, hashing and storing.
        outside = storage - seconds[f"storage_{shape}_in_verify"]
        results[f"storage_{shape}_us_per_document"] = outside / total * 1e6
        results[f"storage_{shape}_us_per_file"] = outside / files[shape] * 1e6
        results[f"verify_{shape}_us_per_document"] = verify / total * 1e6
        results[f"verify_in_storage_run_{shape}_us_per_document"] = (
            seconds[f"storage_{shape}_in_verify"] / total * 1e6
        )
    labels = (("single files", "single"), (f"envelopes of {ENVELOPE_SIZE}", "envelopes"))
    for label, shape in labels:
        print(
            f"{label:>16}: verify {results[f'verify_{shape}_docs_per_second']:6.0f}/s, "
            f"storage {results[f'storage_{shape}_docs_per_second']:6.0f}/s "
            f"(+{results[f'storage_overhead_{shape}']:.0%}), "
            f"with risk {results[f'import_{shape}_docs_per_second']:6.0f}/s "
            f"(+{results[f'risk_overhead_{shape}']:.0%} on storage)"
        )
        print(
            f"{'':>16}  outside verify_file: "
            f"{results[f'storage_{shape}_us_per_document']:5.0f} us/document, "
            f"{results[f'storage_{shape}_us_per_file']:6.0f} us/file; verify_file "
            f"{results[f'verify_in_storage_run_{shape}_us_per_document']:4.0f} us/document "
            f"in the storage run, {results[f'verify_{shape}_us_per_document']:4.0f} alone"
        )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))
    return 0 if all(count == total for count in stored.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
