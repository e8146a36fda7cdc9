"""Alembic migrations of the company database schema; they run on every open."""
