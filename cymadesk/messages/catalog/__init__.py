"""Catalogue modules, one per area; each defines ``MESSAGES: dict[str, Text]``."""
