"""The one sandbox authority of a data directory, shared by the demo and the local SII sandbox.

Its files live in ``<data-dir>/sandbox/``; companies of ambiente sandbox trust its CAF key
from there. Creating it takes a few seconds of key generation, so it is created once and
loaded afterwards.
"""

from __future__ import annotations

import logging

from cymadesk.paths import DataLayout
from cymadesk.sii.factory.authority import SandboxAuthority

logger = logging.getLogger(__name__)


def sandbox_authority(layout: DataLayout) -> SandboxAuthority:
    """Load the data directory's sandbox authority, creating and saving it the first time."""
    try:
        return SandboxAuthority.load(layout.sandbox)
    except FileNotFoundError:
        authority = SandboxAuthority.create()
        layout.ensure(layout.root, layout.sandbox)
        authority.save(layout.sandbox)
        logger.info("Created the sandbox authority in %s", layout.sandbox)
        return authority
