"""Documents per second for parse + verify, against cl-sii and against a bare floor loop.

All three run in one process, one after the other, on the same generated files (bare signed
DTEs from the fixture factory):

- cymadesk: ``cymadesk.sii.verify.verify_file`` (hardened load, fields, XSD, document
  XMLDSig, certificate, TED, CAF and arithmetic).
- cl-sii: ``parse_untrusted_xml`` + ``clean_dte_xml`` + ``parse_dte_xml`` + its own
  ``verify_xml_signature`` with the document's certificate (the "+ signature check" path).
- floor: lxml parse + C14N of the Documento and a SHA-1 of it + C14N of SignedInfo and one RSA
  verification; the least work any verifier must do.

Usage: ``python bench/verify.py [--documents 5000] [--repeat 3] [--json OUT]``;
``--smoke`` runs 40 documents once, for the test suite.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from cymadesk.sii.factory.authority import SandboxAuthority
from cymadesk.sii.factory.corpus import generate_documents
from cymadesk.sii.factory.suppliers import DEMO_COMPANY
from cymadesk.sii.trust import TrustPolicy
from cymadesk.sii.verify import verify_file

DSIG = "{http://www.w3.org/2000/09/xmldsig#}"
SII = "{http://www.sii.cl/SiiDte}"


def generate(count: int) -> tuple[list[bytes], TrustPolicy]:
    authority = SandboxAuthority.create()
    documents = [
        generated.data
        for generated in generate_documents(
            count,
            seed=7,
            receptor=DEMO_COMPANY,
            authority=authority,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 11, 30),
        )
        # cl-sii parses only the Documento container (no Liquidacion or Exportaciones).
        if b"<Documento " in generated.data
    ]
    return documents, authority.trust_policy()


def run_cymadesk(documents: Sequence[bytes], policy: TrustPolicy) -> int:
    valid = 0
    for data in documents:
        report = verify_file(data, policy=policy)
        valid += all(v.state.value != "falla" for v in report.documents[0].verdicts.values())
    return valid


def run_cl_sii(documents: Sequence[bytes]) -> int:
    from cl_sii.dte.parse import clean_dte_xml, parse_dte_xml
    from cl_sii.libs import xml_utils

    valid = 0
    for data in documents:
        document = xml_utils.parse_untrusted_xml(data)
        cleaned, _ = clean_dte_xml(document)
        parsed = parse_dte_xml(cleaned)
        certificate = x509.load_der_x509_certificate(parsed.signature_x509_cert_der)
        xml_utils.verify_xml_signature(cleaned, trusted_x509_cert=certificate)
        valid += 1
    return valid


def run_floor(documents: Sequence[bytes]) -> int:
    # Exclusive C14N gives the signed bytes of these documents, which declare only the default
    # namespaces. Inclusive C14N of a subtree in lxml 6.2 adds xmlns="" to its children.
    valid = 0
    for data in documents:
        root = etree.fromstring(data)
        body = root.find(f"{SII}Documento")
        signature = root.find(f"{DSIG}Signature")
        signed_info = signature.find(f"{DSIG}SignedInfo")
        digest = base64.b64encode(
            hashlib.sha1(etree.tostring(body, method="c14n", exclusive=True)).digest()
        )
        if digest.decode() != signed_info.findtext(f".//{DSIG}DigestValue"):
            continue
        certificate = x509.load_der_x509_certificate(
            base64.b64decode(signature.findtext(f".//{DSIG}X509Certificate"))
        )
        key = certificate.public_key()
        assert isinstance(key, rsa.RSAPublicKey)
        value = base64.b64decode(signature.findtext(f"{DSIG}SignatureValue"))
        try:
            key.verify(
                value,
                etree.tostring(signed_info, method="c14n", exclusive=True),
                padding.PKCS1v15(),
                hashes.SHA1(),
            )
        except InvalidSignature:
            continue
        valid += 1
    return valid


def measure(name: str, work: Callable[[], int], count: int, repeat: int) -> dict[str, Any]:
    rates = []
    checked = 0
    for _ in range(repeat):
        started = time.perf_counter()
        checked = work()
        rates.append(count / (time.perf_counter() - started))
    return {
        "name": name,
        "docs_per_second": statistics.median(rates),
        "runs": rates,
        "checked": checked,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000, help="documents to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per implementation (median)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--smoke", action="store_true", help="40 documents, one run")
    options = parser.parse_args(argv)
    count, repeat = (40, 1) if options.smoke else (options.documents, options.repeat)

    started = time.perf_counter()
    documents, policy = generate(count)
    generation = time.perf_counter() - started
    run_cymadesk(documents[:5], policy)  # compile the schemas and load keys outside the timing

    results = [measure("cymadesk", lambda: run_cymadesk(documents, policy), len(documents), repeat)]
    try:
        import cl_sii  # noqa: F401
    except ImportError:
        print("cl-sii is not installed (pip install '.[bench]'); skipping it", file=sys.stderr)
    else:
        results.append(measure("cl-sii", lambda: run_cl_sii(documents), len(documents), repeat))
    results.append(measure("floor", lambda: run_floor(documents), len(documents), repeat))

    rates = {result["name"]: result["docs_per_second"] for result in results}
    summary = {
        "documents": len(documents),
        "generation_seconds": round(generation, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor_count": os.cpu_count(),
        "results": results,
        "cymadesk_over_cl_sii": rates["cymadesk"] / rates["cl-sii"] if "cl-sii" in rates else None,
        "floor_over_cymadesk": rates["floor"] / rates["cymadesk"],
    }
    for result in results:
        print(f"{result['name']:>9}: {result['docs_per_second']:8.0f} documents/s")
    if summary["cymadesk_over_cl_sii"]:
        print(f"cymadesk / cl-sii: {summary['cymadesk_over_cl_sii']:.2f}x")
    print(f"floor / cymadesk:  {summary['floor_over_cymadesk']:.2f}x")
    if options.json:
        options.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
