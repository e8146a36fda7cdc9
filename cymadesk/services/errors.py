"""The errors that company use cases raise, for callers that do not import storage."""

from cymadesk.storage.errors import PassphraseRequired, StorageError

__all__ = ["PassphraseRequired", "StorageError"]
