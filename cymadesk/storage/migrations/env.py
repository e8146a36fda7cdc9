"""Alembic environment: migrate the connection that ``CompanyDatabase.migrate`` passes in."""

from alembic import context

from cymadesk.storage.records import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through CompanyDatabase.migrate, which opens the key")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
