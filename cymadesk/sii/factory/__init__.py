"""Realistic signed test documents, as Chilean issuers make them, and tampered variants.

Tests, the demo mode and the local SII sandbox build their documents here. ``authority``
creates the sandbox CA, its CAF-signing key and signer certificates. ``caf`` issues CAF
files. ``specs``, ``totals`` and ``documents`` describe, compute and sign DTEs, and
``envelope`` wraps them in EnvioDTE or EnvioBOLETA. ``tamper`` alters documents the way
attacks and defects do. ``suppliers`` and ``corpus`` generate many documents from a
deterministic catalogue of suppliers. Nothing here imports Qt.
"""
