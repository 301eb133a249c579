"""The shared ACD (PostgreSQL, several workers): its state and the commands to its leader.

* acd_state: one row, the leader's snapshot of the ACD, versioned (the fence of a leader that
  lost its lock);
* acd_commands: the moves and questions of every worker, applied in order by the leader, each
  with its outcome once applied (pending: ``done_at`` is null).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "acd_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("leader", sa.String(128), nullable=False, server_default=""),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "acd_commands",
        sa.Column("id", _Id, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
    )
    op.create_index("ix_acd_commands_done_at", "acd_commands", ["done_at"])


def downgrade() -> None:
    op.drop_index("ix_acd_commands_done_at", table_name="acd_commands")
    op.drop_table("acd_commands")
    op.drop_table("acd_state")
