"""Write every result of ``verify_file`` for a fixed set of files, to compare two versions.

A change that should only make verification faster must leave every verdict, message,
parameter, evidence value and parsed field as it was. Signing keys are new on every
generation, so the files are written once and then verified by each version of the code:

```sh
python bench/verify_dump.py write /tmp/verify-files
python bench/verify_dump.py dump /tmp/verify-files /tmp/before.txt
# check out or build the other version, then:
python bench/verify_dump.py dump /tmp/verify-files /tmp/after.txt
cmp /tmp/before.txt /tmp/after.txt
```

To run an older version from the same virtual environment, export its ``cymadesk`` folder
(``git archive COMMIT cymadesk | tar -x -C /tmp/old``) and set ``PYTHONPATH=/tmp/old``.

``write`` builds its files with the fixture factory and the builders of
``bench/risk_eval.py``. They are ordinary documents (from 20 suppliers by default), every
forged or anomalous kind of the risk evaluation, and envelopes of several documents. Others
are signed without the SII namespace, with a laid-out TED or without indentation. The rest
are copies of ordinary documents with one field or tag edited to an odd value (not a
number, an impossible date, a malformed RUT, a comment, a second signature).

``dump`` verifies every file of that folder and of the shared corpus under two trust
policies (the SII keys with the sandbox CAF key, and the SII keys alone). It writes one line
per file and policy: the whole ``FileReport`` with type names and ``repr`` of every leaf, so
that a different type, order or value shows as a different line. It verifies every file a
second time, in reverse order, and exits 1 if any result differs from the first pass, so
state kept between files (caches) cannot go unnoticed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
DEFAULT_CORPUS = BENCH.parent.parent / "shared" / "corpus"
AUTHORITY_FOLDER = "authority"

# (tag, replacement text, occurrence): one edited copy per entry and document.
FIELD_EDITS: tuple[tuple[str, str, int], ...] = (
    ("MntNeto", "abc", 0),
    ("MntTotal", " 1e3 ", 0),
    ("MntTotal", "NaN", 0),
    ("IVA", "Infinity", 0),
    ("MntExe", "-0", 0),
    ("TasaIVA", "10", 0),
    ("FchEmis", "2026-02-30", 0),
    ("FchEmis", "2026-01-05T10:00:00", 0),
    ("FchVenc", "mañana", 0),
    ("RUTEmisor", "76.354.771-k", 0),
    ("RUTEmisor", "1-1", 0),
    ("RUTRecep", "", 0),
    ("RUTRecep", "0-0", 0),
    ("Folio", "00012", 0),
    ("Folio", "x", 0),
    ("QtyItem", "1.5", 0),
    ("PrcItem", "-3", 0),
    ("MontoItem", "1E+2", 0),
    ("NmbItem", "Ñandú \"doble\" & 'simple' <x>", 0),
    ("NmbItem", "   ", 0),
    ("TmstFirma", "2026-01-01T10:00:00-03:00", 0),
    ("TmstFirma", "ayer", 0),
    ("TSTED", "x", 0),
    ("F", "x", 0),
    ("RE", "bad", 0),
    ("MNT", "12.0", 0),
    ("IT1", "otro", 0),
    ("D", "z", 0),
    ("IDK", "300", 0),
    ("M", "!!!", 0),
    ("FRMT", "AAAA", 0),
    ("FRMA", "", 0),
    ("DigestValue", "AAAA", 0),
    ("SignatureValue", "@@", 0),
    ("Modulus", "AQAB", 0),
    ("X509Certificate", "", 0),
)

# (name, old bytes, new bytes): structural edits, applied to the first occurrence only.
MARKUP_EDITS: tuple[tuple[str, bytes, bytes], ...] = (
    ("comentario", b"<IdDoc>", b"<IdDoc><!-- nota -->"),
    ("instruccion", b"<Emisor>", b"<Emisor><?aviso x?>"),
    ("ajeno", b"</Emisor>", b'<x:Extra xmlns:x="urn:otro">valor</x:Extra></Emisor>'),
    ("telefono_doble", b"</RznSoc>", b"</RznSoc><Telefono>1</Telefono><Telefono>2</Telefono>"),
    ("texto_mixto", b"<NmbItem>", b"<NmbItem><b>negrita</b> "),
    ("detalle_vacio", b"</Detalle>", b"</Detalle><Detalle/>"),
    ("referencia", b"</Totales>", b"</Totales><Referencia><FchRef>x</FchRef></Referencia>"),
    ("algoritmo", b"rsa-sha1", b"rsa-sha512"),
    ("uri", b'URI="#', b'URI="'),
    ("transformacion", b"xml-c14n-20010315", b"xml-exc-c14n#"),
    ("dos_firmas", b"</DTE>", b"<Signature/></DTE>"),
    ("sin_ted", b"<TED", b"<TEDx"),
    ("id_doble", b"<Encabezado>", b'<Encabezado ID="F1">'),
    ("algoritmo_frmt", b'FRMT algoritmo="SHA1withRSA"', b'FRMT algoritmo="otro"'),
)


# Writing the files


def write(folder: Path, documents: int, per_kind: int, suppliers: int) -> int:
    sys.path.insert(0, str(BENCH))
    import risk_eval  # bench/risk_eval.py: the forged kinds and their builders

    from cymadesk.sii.factory import tamper
    from cymadesk.sii.factory.authority import SandboxAuthority
    from cymadesk.sii.factory.envelope import build_envio

    folder.mkdir(parents=True, exist_ok=True)
    authority = SandboxAuthority.create()
    authority.save(folder / AUTHORITY_FOLDER)
    ordinary = risk_eval.build_ordinary(authority, documents, suppliers, 1024)
    lab = risk_eval.Lab(authority, ordinary, risk_eval.SEED)
    written = 0

    def save(name: str, data: bytes) -> None:
        nonlocal written
        (folder / f"{name}.xml").write_bytes(data)
        written += 1

    for number, item in enumerate(ordinary):
        save(f"ordinario-{number:04d}", item.generated.data)
    for kind in risk_eval.KINDS:
        for index in range(per_kind):
            forged = kind.build(lab, index)
            if forged.data:
                save(f"anomalo-{kind.name}-{index}", forged.data)

    by_supplier: dict[str, list[Any]] = defaultdict(list)
    for item in ordinary:
        by_supplier[item.generated.supplier.rut].append(item)
    for rut, items in sorted(by_supplier.items()):
        supplier = items[0].generated.supplier
        signer = lab.signer(supplier)
        dtes = [item.generated.data for item in items[:5]]
        envio = build_envio(
            dtes,
            rut_emisor=rut,
            rut_envia=signer.rut,
            rut_receptor=risk_eval.COMPANY.rut,
            signer=signer,
            signed_at=items[0].generated.signed_at,
            fecha_resolucion=dt.date(2014, 8, 22),
            numero_resolucion=80,
        )
        save(f"sobre-{rut}", envio)
        save(f"sobre-alterado-{rut}", tamper.replace_text(envio, "MntTotal", "1"))

    layouts: dict[str, dict[str, Any]] = {
        "sin_namespace": {"namespace": False},
        "ted_indentado": {"ted_layout": "pretty"},
        "sin_indentar": {"indent": False},
        "sin_transformacion": {"c14n_transform": False},
        "otro_id": {"document_id": "DOC-1"},
    }
    for name, options in layouts.items():
        for index in range(3):
            supplier = lab.established()
            spec, caf = lab.spec(supplier)
            data, signed = lab.sign(spec, caf, supplier, **options)
            save(f"forma-{name}-{index}", data)
            if name == "sin_namespace":
                signer = lab.signer(supplier)
                envio = build_envio(
                    [data],
                    rut_emisor=supplier.rut,
                    rut_envia=signer.rut,
                    rut_receptor=risk_eval.COMPANY.rut,
                    signer=signer,
                    signed_at=signed,
                    fecha_resolucion=dt.date(2014, 8, 22),
                    numero_resolucion=80,
                )
                save(f"forma-{name}-sobre-{index}", envio)

    edits: list[tuple[str, Callable[[bytes], bytes]]] = [
        (f"campo-{tag}-{position}", _field_edit(tamper.replace_text, tag, text, occurrence))
        for position, (tag, text, occurrence) in enumerate(FIELD_EDITS)
    ]
    edits += [(f"marcado-{name}", _markup_edit(old, new)) for name, old, new in MARKUP_EDITS]
    edits.append(("sin_namespace", tamper.strip_namespace))
    edits.append(("id_duplicado", _wrapped(tamper.wrap_with_duplicate_id, tamper.change_total)))
    for number, item in enumerate(ordinary[:: max(1, len(ordinary) // 12)]):
        for name, edit in edits:
            try:
                data = edit(item.generated.data)
            except ValueError:
                continue  # the document has no such element
            save(f"editado-{number:02d}-{name}", data)
    return written


def _field_edit(
    replace: Callable[..., bytes], tag: str, text: str, occurrence: int
) -> Callable[[bytes], bytes]:
    return lambda data: replace(data, tag, text, occurrence=occurrence)


def _wrapped(
    wrap: Callable[..., bytes], edit: Callable[[bytes], bytes]
) -> Callable[[bytes], bytes]:
    return lambda data: wrap(data, edit=edit)


def _markup_edit(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        if old not in data:
            raise ValueError(f"{old!r} not found")
        return data.replace(old, new, 1)

    return edit


# Dumping the results


def plain(value: Any) -> Any:
    """Return ``value`` as JSON data that names every type, in the order the value has."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "dataclass": type(value).__name__,
            "fields": {
                item.name: plain(getattr(value, item.name)) for item in dataclasses.fields(value)
            },
        }
    if isinstance(value, Mapping):
        return {
            "mapping": type(value).__name__,
            "items": [[plain(key), plain(item)] for key, item in value.items()],
        }
    if isinstance(value, list | tuple):
        return {type(value).__name__: [plain(item) for item in value]}
    return repr(value)


def _results(
    files: Sequence[tuple[str, Path]], policies: Mapping[str, Any]
) -> dict[tuple[str, str], str]:
    from cymadesk.sii.envelope import NotTaxDocument
    from cymadesk.sii.verify import verify_file
    from cymadesk.sii.xmlload import XmlRejected

    results: dict[tuple[str, str], str] = {}
    for name, path in files:
        data = path.read_bytes()
        for policy_name, policy in policies.items():
            try:
                result = plain(verify_file(data, policy=policy))
            except (XmlRejected, NotTaxDocument) as error:
                result = {"rejected": type(error).__name__, "message": plain(error.message)}
            results[(name, policy_name)] = json.dumps(result, ensure_ascii=False)
    return results


def dump(folder: Path, output: Path, corpus: Path | None) -> int:
    from cymadesk.sii.factory.authority import SandboxAuthority
    from cymadesk.sii.trust import TrustPolicy

    # Files with duplicate IDs log a warning on every pass, and the dump records that verdict.
    logging.getLogger("cymadesk").setLevel(logging.ERROR)
    policies = {
        "sandbox": SandboxAuthority.load(folder / AUTHORITY_FOLDER).trust_policy(),
        "sii": TrustPolicy.sii(),
    }
    files = [(path.name, path) for path in sorted(folder.glob("*.xml"))]
    if corpus is not None:
        files += [
            (f"corpus/{path.relative_to(corpus)}", path) for path in sorted(corpus.rglob("*.xml"))
        ]
    first = _results(files, policies)
    second = _results(list(reversed(files)), policies)
    changed = [key for key, line in first.items() if second[key] != line]
    with output.open("w", encoding="utf-8") as out:
        for (name, policy_name), line in first.items():
            out.write(f"{name}\t{policy_name}\t{line}\n")
    print(f"{len(files)} files, {len(first)} results written to {output}")
    for name, policy_name in changed:
        print(f"second pass differs: {name} ({policy_name})", file=sys.stderr)
    return 1 if changed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write", help="generate the files into a folder")
    writing.add_argument("folder", type=Path)
    writing.add_argument("--documents", type=int, default=240, help="ordinary documents")
    writing.add_argument("--per-kind", type=int, default=2, help="documents per forged kind")
    writing.add_argument("--suppliers", type=int, default=20, help="suppliers of the documents")
    dumping = commands.add_parser("dump", help="verify the files and write every result")
    dumping.add_argument("folder", type=Path)
    dumping.add_argument("output", type=Path)
    dumping.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="shared corpus folder to add"
    )
    dumping.add_argument("--no-corpus", action="store_true", help="leave the corpus out")
    options = parser.parse_args(argv)
    if options.command == "write":
        count = write(options.folder, options.documents, options.per_kind, options.suppliers)
        print(f"{count} files written to {options.folder}")
        return 0
    return dump(options.folder, options.output, None if options.no_corpus else options.corpus)


if __name__ == "__main__":
    sys.exit(main())
