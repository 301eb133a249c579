"""Interactions name the telephony call they were (``call_id``), so a wrap-up is tied to its call.

The feed is left as it is: no stored interaction has a call id yet, and a body without the key
reads as one with ``"call_id": null`` (the contract's default), so a rebuild, which takes minutes
on a large bank's database, would change nothing.

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


def downgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.drop_index("ix_interactions_call_id")
        batch.drop_column("call_id")
