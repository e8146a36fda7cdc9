"""Encrypted per-company storage (SQLCipher through SQLAlchemy) and key custody."""
