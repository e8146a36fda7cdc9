"""Touch fewer index pages per imported file: one identity index for documents, and no unique
index on the audit log's entry hashes.

SQLCipher encrypts and authenticates every page a transaction changes, and each index a row
enters usually changes one more page. The documents' unique constraint now leads with (RUT
emisor, tipo, folio), so it also serves the lookups that ``ix_documents_identity`` served. The
audit log's entry hashes chain each entry to the previous one, and no query looks an entry up
by its hash, so they need no index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first schema left these unique constraints unnamed. Batch mode names them by this
# convention while it reflects the tables, so they can be dropped.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
OLD_DOCUMENT_KEY = "uq_documents_company_id_ambiente_key_rut_emisor_tipo_folio_body_sha256"
DOCUMENT_KEY = ["company_id", "rut_emisor", "tipo", "folio", "ambiente_key", "body_sha256"]
OLD_DOCUMENT_KEY_COLUMNS = [
    "company_id",
    "ambiente_key",
    "rut_emisor",
    "tipo",
    "folio",
    "body_sha256",
]


def upgrade() -> None:
    with op.batch_alter_table("documents", naming_convention=NAMING) as batch_op:
        batch_op.drop_index("ix_documents_identity")
        batch_op.drop_constraint(OLD_DOCUMENT_KEY, type_="unique")
        batch_op.create_unique_constraint("uq_documents_identity", DOCUMENT_KEY)
    with op.batch_alter_table("audit_log", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("uq_audit_log_entry_hash", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.create_unique_constraint("uq_audit_log_entry_hash", ["entry_hash"])
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_constraint("uq_documents_identity", type_="unique")
        batch_op.create_unique_constraint(OLD_DOCUMENT_KEY, OLD_DOCUMENT_KEY_COLUMNS)
        batch_op.create_index(
            "ix_documents_identity", ["company_id", "rut_emisor", "tipo", "folio"], unique=False
        )
