"""A narrow secret store in front of the OS keyring, and an in-memory one for tests.

Secrets are database keys and certificate passwords. There is never a plaintext fallback:
when no keyring backend works, ``KeyringSecretStore`` raises ``SecretStoreUnavailable`` and the
caller asks for a key file or the recovery passphrase instead.
"""

from __future__ import annotations

import logging
from typing import Protocol

import keyring
import keyring.errors

logger = logging.getLogger(__name__)

SERVICE = "CymaDesk"


class SecretStoreUnavailable(Exception):  # noqa: N818 (names the condition, like keyring's own)
    """No usable keyring on this machine (for example, a server without a Secret Service)."""


class SecretStore(Protocol):
    """Where secrets live: get, set and delete by name, and a description of the place."""

    @property
    def location(self) -> str: ...

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class KeyringSecretStore:
    """Secrets in the OS keyring: Windows Credential Manager, macOS Keychain, Secret Service."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    @property
    def location(self) -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def _check_backend(self) -> None:
        backend = keyring.get_keyring()
        priority = getattr(backend, "priority", 0)
        name = type(backend).__module__
        if name.startswith(("keyring.backends.fail", "keyring.backends.null")) or priority <= 0:
            raise SecretStoreUnavailable(f"no usable keyring backend ({name})")
        if name.startswith("keyrings.alt"):
            # keyrings.alt writes secrets in plaintext files; refuse it.
            raise SecretStoreUnavailable(f"refusing plaintext keyring backend ({name})")

    def get(self, name: str) -> str | None:
        self._check_backend()
        try:
            return keyring.get_password(self._service, name)
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailable(str(error)) from error

    def set(self, name: str, value: str) -> None:
        self._check_backend()
        try:
            keyring.set_password(self._service, name, value)
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailable(str(error)) from error

    def delete(self, name: str) -> None:
        self._check_backend()
        try:
            keyring.delete_password(self._service, name)
        except keyring.errors.PasswordDeleteError:
            logger.info("Secret %s was not in the keyring", name)
        except keyring.errors.KeyringError as error:
            raise SecretStoreUnavailable(str(error)) from error


class MemorySecretStore:
    """Secrets in a dict, for tests and for the demo company's throwaway data."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    @property
    def location(self) -> str:
        return "memoria"

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        self._values[name] = value

    def delete(self, name: str) -> None:
        self._values.pop(name, None)


def database_key_name(rut_canonical: str) -> str:
    """The secret name under which a company's database key is kept."""
    return f"empresa:{rut_canonical}:clave-base-de-datos"


def certificate_password_name(rut_canonical: str) -> str:
    """The secret name under which a company's certificate password is kept."""
    return f"empresa:{rut_canonical}:clave-certificado"
