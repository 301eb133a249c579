"""Interactions name the telephony call they were (``call_id``), so a wrap-up is tied to its call.

An interaction's feed body gains the field: the feed is emptied, and the next start rebuilds it
(sync_feed.ensure_built).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("call_id", sa.String(length=64), nullable=True))
        batch.create_index("ix_interactions_call_id", ["call_id"])
    op.execute("DELETE FROM sync_feed")


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_index("ix_interactions_call_id")
        batch.drop_column("call_id")
