"""Microseconds per document for each step of ``verify_file``, on the files of ``verify.py``.

Each document is loaded anew and taken through the steps of ``cymadesk.sii.verify`` one by
one, in the order ``verify_file`` runs them, with a clock read between steps. The sum is
slightly more than one ``verify_file`` call, which the last line shows for comparison. A
step can also pay for freeing what an earlier one left, such as the previous document's
tree, so read small differences between steps as estimates.

Usage: ``python bench/verify_steps.py [--documents 2000] [--repeat 5]``; each step's time
is the median over the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence

from verify import generate

from cymadesk.sii.arithmetic import verify_arithmetic
from cymadesk.sii.c14n import canonical_standalone, strip_top_declarations
from cymadesk.sii.envelope import split
from cymadesk.sii.parse import find_container, parse_container
from cymadesk.sii.schema import validate_dte
from cymadesk.sii.ted import verify_stamp
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import _document_signature, certificate_verdict, verify_file
from cymadesk.sii.xmldsig import IdIndex
from cymadesk.sii.xmlload import load_xml
from cymadesk.sii.xmltext import child

STEPS = (
    "load",
    "container and its IDs",
    "field parsing",
    "XSD",
    "C14N of the body",
    "document signature",
    "certificate",
    "TED and CAF",
    "arithmetic",
    "body digest",
)


def run_steps(documents: Sequence[bytes], policy: TrustPolicy) -> Counter[str]:
    """Return the seconds spent in each step over all ``documents``."""
    spent: Counter[str] = Counter()
    clock = time.perf_counter
    for data in documents:
        started = clock()
        loaded = load_xml(data)
        loaded_at = clock()
        dte = split(loaded.root).dte_elements[0]
        ids = IdIndex.build(loaded.root)
        container = find_container(dte)
        assert container is not None
        found_at = clock()
        document = parse_container(container)
        parsed_at = clock()
        validate_dte(dte, document.id_doc.tipo_code)
        validated_at = clock()
        body = canonical_standalone(container)
        canonical_at = clock()
        result, _, signer = _document_signature(dte, container, ids, body)
        signed_at = clock()
        certificate_verdict(result, document.signed_at, signer)
        certified_at = clock()
        verify_stamp(document, child(container, "TED"), policy)
        stamped_at = clock()
        verify_arithmetic(document)
        summed_at = clock()
        hashlib.sha256(strip_top_declarations(body)).hexdigest()
        digested_at = clock()
        moments = (
            started,
            loaded_at,
            found_at,
            parsed_at,
            validated_at,
            canonical_at,
            signed_at,
            certified_at,
            stamped_at,
            summed_at,
            digested_at,
        )
        for step, begin, end in zip(STEPS, moments, moments[1:], strict=False):
            spent[step] += end - begin
    return spent


def run_whole(documents: Sequence[bytes], policy: TrustPolicy) -> float:
    started = time.perf_counter()
    for data in documents:
        verify_file(data, policy=policy)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="documents to generate")
    parser.add_argument("--repeat", type=int, default=5, help="runs (median)")
    options = parser.parse_args(argv)

    documents, policy = generate(options.documents)
    run_steps(documents[:20], policy)  # compile the schemas and load keys outside the timing
    runs = [run_steps(documents, policy) for _ in range(options.repeat)]
    per_document = {
        step: statistics.median(run[step] for run in runs) / len(documents) * 1e6 for step in STEPS
    }
    whole = statistics.median(run_whole(documents, policy) for _ in range(options.repeat))

    print(f"{len(documents)} documents, median of {options.repeat} runs, us per document")
    for step in STEPS:
        print(f"{step:>22}: {per_document[step]:6.1f}")
    print(f"{'sum of the steps':>22}: {sum(per_document.values()):6.1f}")
    print(f"{'verify_file':>22}: {whole / len(documents) * 1e6:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
