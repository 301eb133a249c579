"""The access tokens' signing key leaves the database: it comes from the sources named in
``server.signing_keys`` (or an embedded database's key file), never from a table. The stored
key is dropped with its table, so tokens it signed stop working: everyone signs in again.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.drop_table("server_keys")


def downgrade() -> None:
    # Empty: no key goes back into the database.
    op.create_table(
        "server_keys",
        sa.Column("id", ID, nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_keys")),
        sa.UniqueConstraint("purpose", name=op.f("uq_server_keys_purpose")),
    )
