"""Company use cases shared by the command line and the app: create, open, list, trust.

``Workspace`` is built once by each composition root (the CLI's ``main``, the app's
``run``) from the data directory, the secret store, an optional key file and a way to ask
for the recovery passphrase.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cymadesk.models.company import Company
from cymadesk.models.rut import InvalidRut, Rut
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.risk.engine import RiskEngine
from cymadesk.services.importing import ImportService
from cymadesk.services.risk import RiskService
from cymadesk.sii.sandbox_trust import load_sandbox_caf_key
from cymadesk.sii.trust import TrustPolicy
from cymadesk.storage.companies import CompanyListing, CompanyRegistry, OpenCompany
from cymadesk.storage.errors import StorageError
from cymadesk.storage.keys import PURPOSE_NEW, PURPOSE_RECOVER, KeyCustody, PassphraseSource
from cymadesk.storage.secrets import SecretStore

logger = logging.getLogger(__name__)

DEMO_KEY_FILE = "clave-demo.key"
# Re-exported for the app, which may not import storage: the reasons a passphrase is asked.
__all__ = ["PURPOSE_NEW", "PURPOSE_RECOVER", "Workspace", "parse_company_rut", "utc_now"]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_company_rut(text: str) -> Rut:
    """Parse the RUT a user typed for a company; a wrong check digit is an error."""
    try:
        return Rut.parse(text)
    except InvalidRut as error:
        raise StorageError("empresa.rut_invalido", str(error), texto=text) from error


@dataclass
class Workspace:
    """Everything that locates companies and their keys in one data directory."""

    layout: DataLayout
    secret_store: SecretStore | None
    key_file: Path | None = None
    passphrase: PassphraseSource = lambda purpose: None
    clock: Callable[[], dt.datetime] = field(default=utc_now)
    _risk_engine: RiskEngine | None = field(default=None, init=False, repr=False)

    def registry(self) -> CompanyRegistry:
        custody = KeyCustody(self.layout, self.secret_store, self.key_file, self.passphrase)
        return CompanyRegistry(self.layout.companies, custody, clock=self.clock)

    def demo_registry(self) -> CompanyRegistry:
        """Return the demo company's registry: under ``demo/``, keyed by a key file there."""
        custody = KeyCustody(self.layout, None, self.layout.demo / DEMO_KEY_FILE)
        return CompanyRegistry(self.layout.demo, custody, clock=self.clock, with_recovery=False)

    def create_company(self, rut_text: str, nombre: str, ambiente: Ambiente) -> OpenCompany:
        rut = parse_company_rut(rut_text)
        self.layout.ensure(self.layout.root, self.layout.companies)
        return self.registry().create(rut, nombre, ambiente)

    def open_company(self, rut_text: str) -> OpenCompany:
        return self.registry().open(parse_company_rut(rut_text))

    def list_companies(self) -> list[CompanyListing]:
        if not self.layout.companies.is_dir():
            return []
        return self.registry().listing()

    def import_service(self, opened: OpenCompany, *, channel: str = "importar") -> ImportService:
        """Build the import pipeline for one open company, with its trust policy and risk rules."""
        return ImportService(
            opened,
            policy=self.trust_policy(opened.company),
            clock=self.clock,
            evaluator=self.findings_evaluator(),
            channel=channel,
        )

    def findings_evaluator(self) -> RiskEngine:
        """Return the risk engine that runs on import and after an SII sync.

        One engine per workspace, so its cache of parsed documents serves every company.
        """
        if self._risk_engine is None:
            self._risk_engine = RiskEngine()
        return self._risk_engine

    def risk_service(self, opened: OpenCompany) -> RiskService:
        """Return the risk use cases (re-evaluation, dismissals, settings) of one company."""
        return RiskService(opened, self.findings_evaluator(), clock=self.clock)

    def trust_policy(self, company: Company) -> TrustPolicy:
        """SII keys for every company; the sandbox's CAF key only for sandbox companies."""
        policy = TrustPolicy.sii()
        if company.ambiente is Ambiente.SANDBOX:
            key = load_sandbox_caf_key(self.layout.sandbox)
            if key is None:
                logger.warning(
                    "Sandbox company %s but no sandbox key in %s",
                    company.rut.canonical,
                    self.layout.sandbox,
                )
            else:
                policy = policy.with_sandbox(key)
        return policy
