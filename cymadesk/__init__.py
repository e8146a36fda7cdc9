"""CymaDesk: review the electronic tax documents (DTE) a Chilean company receives."""

from importlib import metadata

try:
    __version__ = metadata.version("cymadesk")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "CymaDesk"
ORGANIZATION = "Cyma"
