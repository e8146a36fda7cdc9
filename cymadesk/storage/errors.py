"""Errors of the storage layer, each with a message for the user."""

from __future__ import annotations

from cymadesk.models.message import Message, ParamValue


class StorageError(Exception):
    """A company, key or database problem (command-line exit code 3)."""

    def __init__(self, code: str, log_detail: str = "", **params: ParamValue) -> None:
        super().__init__(log_detail or code)
        self.message = Message(code, params)


class PassphraseRequired(StorageError):  # noqa: N818 (names the condition)
    """The recovery passphrase is needed and nobody can type it (exit code 2)."""
