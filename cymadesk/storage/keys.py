"""Database keys: generation, key files, the OS keyring and the recovery passphrase.

A company's database key is 32 random bytes used as a raw SQLCipher key. It lives in the OS
keyring, or, for headless use, in a key file of 64 hexadecimal characters (mode 0600). When a
key file is given the keyring is never touched. At creation the key is also wrapped with a
recovery passphrase (scrypt, then AES-256-GCM) into ``empresas/<rut>.recuperacion.json``, so a
lost keyring entry or key file can be restored. There is never a plaintext fallback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cymadesk.models.rut import Rut
from cymadesk.paths import DataLayout
from cymadesk.storage.errors import PassphraseRequired, StorageError
from cymadesk.storage.secrets import SecretStore, SecretStoreUnavailable, database_key_name

logger = logging.getLogger(__name__)

KEY_BYTES = 32
RECOVERY_VERSION = 1
# scrypt cost: 2**15 iterations with r=8 use 32 MiB and take about 0.1 s on a 2020s laptop.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE_LENGTH = 8

# Called with PURPOSE_NEW or PURPOSE_RECOVER; returns None when no passphrase can be had.
PassphraseSource = Callable[[str], str | None]
PURPOSE_NEW = "nueva"
PURPOSE_RECOVER = "recuperar"


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_check(key: bytes) -> str:
    """A short digest of the key, stored beside the wrapped key.

    It separates a wrong key from a damaged database file without revealing the key.
    """
    return hashlib.sha256(b"CymaDesk database key check v1\x00" + key).hexdigest()[:16]


def parse_key_text(text: str) -> bytes:
    cleaned = "".join(text.split())
    if len(cleaned) != KEY_BYTES * 2:
        raise StorageError("clave.archivo_invalido", f"key file has {len(cleaned)} characters")
    try:
        return bytes.fromhex(cleaned)
    except ValueError as error:
        raise StorageError("clave.archivo_invalido", "key file is not hexadecimal") from error


def read_key_file(path: Path) -> bytes:
    """Read a key file, refusing one that others can read (on systems with POSIX modes)."""
    try:
        mode = path.stat().st_mode
        text = path.read_text("ascii")
    except FileNotFoundError as error:
        raise StorageError("clave.archivo_no_existe", str(error), archivo=str(path)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError("clave.archivo_ilegible", str(error), archivo=str(path)) from error
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise StorageError(
            "clave.archivo_permisos", f"key file mode {oct(mode & 0o777)}", archivo=str(path)
        )
    return parse_key_text(text)


def write_key_file(path: Path, key: bytes) -> None:
    """Create a new key file with mode 0600; an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")


def _scrypt(salt: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p)


def wrap_key(key: bytes, passphrase: str) -> dict[str, Any]:
    """Encrypt ``key`` under a key derived from ``passphrase``; return the JSON document."""
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    wrapping_key = _scrypt(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).derive(passphrase.encode("utf-8"))
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, key, b"cymadesk-recovery-v1")
    return {
        "version": RECOVERY_VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "cipher": "AES-256-GCM",
        "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
        "key_check": key_check(key),
    }


def unwrap_key(document: dict[str, Any], passphrase: str) -> bytes:
    """Recover the key from a recovery document; a wrong passphrase raises StorageError."""
    try:
        kdf = document["kdf"]
        salt = base64.b64decode(document["salt"])
        nonce = base64.b64decode(document["nonce"])
        ciphertext = base64.b64decode(document["ciphertext"])
        derive = _scrypt(salt, int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
    except (KeyError, TypeError, ValueError) as error:
        raise StorageError("clave.recuperacion_danada", str(error)) from error
    wrapping_key = derive.derive(passphrase.encode("utf-8"))
    try:
        return AESGCM(wrapping_key).decrypt(nonce, ciphertext, b"cymadesk-recovery-v1")
    except InvalidTag as error:
        raise StorageError(
            "clave.frase_incorrecta", "recovery passphrase does not match"
        ) from error


def write_recovery_file(path: Path, key: bytes, passphrase: str) -> None:
    document = wrap_key(key, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def read_recovery_file(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as error:
        raise StorageError("clave.sin_recuperacion", str(error), archivo=str(path)) from error
    except (OSError, ValueError) as error:
        raise StorageError("clave.recuperacion_danada", str(error)) from error
    if not isinstance(document, dict):
        raise StorageError("clave.recuperacion_danada", "recovery file is not a JSON object")
    return document


def validate_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise StorageError("clave.frase_corta", minimo=MIN_PASSPHRASE_LENGTH)


@dataclass
class KeyCustody:
    """Finds and keeps the database key of each company in one data directory.

    ``key_file`` wins over the keyring. ``passphrase`` is asked only to create a recovery
    file or to recover a key the keyring lost; it returns None when no passphrase can be had.
    """

    layout: DataLayout
    secret_store: SecretStore | None
    key_file: Path | None = None
    passphrase: PassphraseSource = lambda purpose: None

    # The key file this custody wrote for a company being created, removed if creation fails.
    _new_key_file: Path | None = field(default=None, init=False, repr=False)

    def new_key(self, rut: Rut) -> bytes:
        """Return the key for a new company: the key file's, or a new one kept in the keyring."""
        if self.key_file is not None:
            if self.key_file.exists():
                return read_key_file(self.key_file)
            key = generate_key()
            write_key_file(self.key_file, key)
            self._new_key_file = self.key_file
            logger.info("Wrote a new database key file for company %s", rut.canonical)
            return key
        key = generate_key()
        self._store().set(database_key_name(rut.canonical), key.hex())
        return key

    def forget(self, rut: Rut) -> None:
        """Remove a key this custody created for ``rut`` (used to undo a failed creation)."""
        if self._new_key_file is not None:
            self._new_key_file.unlink(missing_ok=True)
            self._new_key_file = None
            logger.info("Removed the new key file of company %s", rut.canonical)
        elif self.key_file is None and self.secret_store is not None:
            self.secret_store.delete(database_key_name(rut.canonical))

    def existing_key(self, rut: Rut) -> bytes:
        """Return the key of an existing company, recovering it with the passphrase if lost.

        A lost key goes back where it was kept: into the key file, or into the keyring.
        """
        if self.key_file is not None:
            if self.key_file.exists() or not self.layout.company_recovery(rut).exists():
                return read_key_file(self.key_file)
            logger.warning("Key file %s is missing; recovering company %s", self.key_file, rut)
            document = read_recovery_file(self.layout.company_recovery(rut))
            passphrase = self.passphrase(PURPOSE_RECOVER)
            if passphrase is None:
                raise PassphraseRequired(
                    "clave.archivo_perdido", archivo=str(self.key_file), rut=rut.formatted
                )
            key = unwrap_key(document, passphrase)
            write_key_file(self.key_file, key)
            logger.info("Restored the database key of company %s into its key file", rut)
            return key
        stored = self._store().get(database_key_name(rut.canonical))
        if stored is not None:
            return parse_key_text(stored)
        logger.warning("Database key of company %s is not in the keyring", rut.canonical)
        key = self.recover(rut)
        self._store().set(database_key_name(rut.canonical), key.hex())
        logger.info("Restored the database key of company %s into the keyring", rut.canonical)
        return key

    def recover(self, rut: Rut) -> bytes:
        document = read_recovery_file(self.layout.company_recovery(rut))
        passphrase = self.passphrase(PURPOSE_RECOVER)
        if passphrase is None:
            raise PassphraseRequired("clave.falta_frase", rut=rut.formatted)
        return unwrap_key(document, passphrase)

    def write_recovery(self, rut: Rut, key: bytes) -> None:
        passphrase = self.passphrase(PURPOSE_NEW)
        if passphrase is None:
            raise PassphraseRequired("clave.falta_frase_nueva", rut=rut.formatted)
        validate_passphrase(passphrase)
        write_recovery_file(self.layout.company_recovery(rut), key, passphrase)

    def expected_check(self, rut: Rut) -> str | None:
        """Return the key check stored with the recovery file, or None when there is none."""
        try:
            document = read_recovery_file(self.layout.company_recovery(rut))
        except StorageError:
            return None
        value = document.get("key_check")
        return value if isinstance(value, str) else None

    def _store(self) -> SecretStore:
        if self.secret_store is None:
            raise StorageError("clave.sin_llavero")
        return _Guarded(self.secret_store)


class _Guarded:
    """Turns an unusable keyring into a StorageError with a message for the user."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    @property
    def location(self) -> str:
        return self._store.location

    def get(self, name: str) -> str | None:
        try:
            return self._store.get(name)
        except SecretStoreUnavailable as error:
            raise StorageError("clave.sin_llavero", str(error)) from error

    def set(self, name: str, value: str) -> None:
        try:
            self._store.set(name, value)
        except SecretStoreUnavailable as error:
            raise StorageError("clave.sin_llavero", str(error)) from error

    def delete(self, name: str) -> None:
        try:
            self._store.delete(name)
        except SecretStoreUnavailable as error:
            raise StorageError("clave.sin_llavero", str(error)) from error
