"""The materialized change feed (``sync_feed``): each synced record's JSON at its sequence.

A new table only. It starts empty: ``db.migrate`` builds it from the records after the upgrade
(``feed_build.ensure_built``), with the code that keeps it up to date from then on, so a
migration never freezes today's record format into history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_feed",
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("entity", "entity_id", name=op.f("pk_sync_feed")),
    )
    op.create_index(op.f("ix_sync_feed_seq"), "sync_feed", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_feed_seq"), table_name="sync_feed")
    op.drop_table("sync_feed")
