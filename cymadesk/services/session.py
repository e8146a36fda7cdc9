"""One open company as the app holds it: its inbox, imports into it, and closing it.

The app talks to a ``CompanySession`` instead of the storage objects behind it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from cymadesk.models.company import Company
from cymadesk.models.verdict import Ambiente
from cymadesk.paths import DataLayout
from cymadesk.services.companies import Workspace
from cymadesk.services.demo import open_demo
from cymadesk.services.importing import ImportProgress, ImportSummary
from cymadesk.services.inbox import InboxService
from cymadesk.services.inputs import count_inputs
from cymadesk.storage.companies import OpenCompany
from cymadesk.storage.keys import PassphraseSource
from cymadesk.storage.secrets import KeyringSecretStore

logger = logging.getLogger(__name__)


def build_workspace(
    layout: DataLayout, key_file: Path | None, passphrase: PassphraseSource
) -> Workspace:
    """The app's workspace: keys in the OS keyring, or in ``key_file`` when one is given."""
    return Workspace(
        layout=layout,
        secret_store=None if key_file else KeyringSecretStore(),
        key_file=key_file,
        passphrase=passphrase,
    )


class CompanySession:
    """An open company: its inbox service and imports into it."""

    def __init__(self, workspace: Workspace, opened: OpenCompany, *, demo: bool = False) -> None:
        self.workspace = workspace
        self.opened = opened
        self.demo = demo
        self.inbox = InboxService(opened, workspace.clock)

    @property
    def company(self) -> Company:
        return self.opened.company

    def import_paths(
        self,
        paths: Sequence[str],
        *,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportSummary:
        """Import files, folders and zips; stop between files when ``cancelled()`` is true."""
        total = count_inputs(paths)
        importer = self.workspace.import_service(self.opened)
        logger.info("Importing %d files into company %s", total, self.company.rut)
        return importer.run(paths, progress=progress, cancelled=cancelled, total=total)

    def close(self) -> None:
        self.opened.close()


def open_company_session(workspace: Workspace, rut_text: str) -> CompanySession:
    return CompanySession(workspace, workspace.open_company(rut_text))


def open_demo_session(workspace: Workspace) -> CompanySession:
    return CompanySession(workspace, open_demo(workspace), demo=True)


def create_company_session(
    workspace: Workspace, rut_text: str, nombre: str, ambiente: Ambiente, passphrase: str
) -> CompanySession:
    """Create a company whose recovery passphrase is ``passphrase``, and open it."""
    creating = dataclasses.replace(workspace, passphrase=lambda purpose: passphrase)
    return CompanySession(workspace, creating.create_company(rut_text, nombre, ambiente))
