"""The supervisor's console: interval statistics, agents' presence across restarts,
broadcasts and a complaint's pending extension request.

* queue_intervals: one queue's counts over one reporting interval (unique queue × start);
* agent_presence: each agent's last presence (a restart restores it);
* broadcasts: a supervisor's messages to their team's desks;
* tickets.pending_extension: the assignee's request for more time, until a supervisor decides.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UtcDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "queue_intervals",
        sa.Column("id", Id, primary_key=True),
        sa.Column("queue", sa.String(32), nullable=False),
        sa.Column("start", UtcDateTime, nullable=False),
        sa.Column("end", UtcDateTime, nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("offered", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("abandoned", sa.Integer(), nullable=False),
        sa.Column("short_abandoned", sa.Integer(), nullable=False),
        sa.Column("answered_within", sa.Integer(), nullable=False),
        sa.Column("total_wait_s", sa.Float(), nullable=False),
        sa.Column("talk_s", sa.Float(), nullable=False),
        sa.Column("hold_s", sa.Float(), nullable=False),
        sa.Column("wrap_up_s", sa.Float(), nullable=False),
        sa.Column("handled", sa.Integer(), nullable=False),
        sa.UniqueConstraint("queue", "start"),
    )
    op.create_index("ix_queue_intervals_start", "queue_intervals", ["start"])
    op.create_table(
        "agent_presence",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("pending_reason", sa.String(32), nullable=True),
        sa.Column("since", UtcDateTime, nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", Id, primary_key=True),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_broadcasts_team", "broadcasts", ["team"])
    op.add_column("tickets", sa.Column("pending_extension", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("tickets", "pending_extension")
    op.drop_index("ix_broadcasts_team", table_name="broadcasts")
    op.drop_table("broadcasts")
    op.drop_table("agent_presence")
    op.drop_index("ix_queue_intervals_start", table_name="queue_intervals")
    op.drop_table("queue_intervals")
