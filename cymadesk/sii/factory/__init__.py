"""Realistic signed test documents, as Chilean issuers make them, and tampered variants.

Tests, the demo mode and the local SII sandbox build their documents here. Modules:
``authority`` (the sandbox CA and CAF-signing key, signer certificates), ``caf`` (CAF files),
``documents`` (specs, totals and signed DTEs), ``envelope`` (EnvioDTE and EnvioBOLETA),
``tamper`` (documents altered the way attacks and defects alter them), ``suppliers`` and
``corpus`` (many documents from a deterministic catalogue of suppliers). Nothing here
imports Qt.
"""
