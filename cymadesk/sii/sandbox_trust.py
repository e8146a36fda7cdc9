"""Trust for the CymaDesk sandbox's own CAF key, kept in ``<data-dir>/sandbox/``.

The sandbox authority (``cymadesk.sii.factory``) writes its public CAF key to
``SANDBOX_CAF_PUBLIC_KEY`` in that folder; companies of ambiente sandbox, and ``check
--confiar-sandbox``, add it to the trusted keys.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cymadesk.sii.trust import TrustPolicy

logger = logging.getLogger(__name__)

SANDBOX_CAF_PUBLIC_KEY = "sii-caf-publica.pem"


def load_sandbox_caf_key(sandbox_dir: Path) -> rsa.RSAPublicKey | None:
    """Return the sandbox's public CAF key, or None when the sandbox was never set up."""
    path = sandbox_dir / SANDBOX_CAF_PUBLIC_KEY
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        logger.error("Sandbox CAF key %s is not an RSA public key", path)
        return None
    return key


def sandbox_policy_or_none(sandbox_dir: Path, base: TrustPolicy) -> TrustPolicy | None:
    key = load_sandbox_caf_key(sandbox_dir)
    return base.with_sandbox(key) if key is not None else None
