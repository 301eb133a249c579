"""Call history: one row per finished call leg (``calls``), written by the telephony.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", ID, nullable=False),
        sa.Column("call_id", sa.String(length=64), nullable=False),
        sa.Column("leg", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=32), nullable=False),
        sa.Column("caller", sa.String(length=20), nullable=False),
        sa.Column("agent", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wrap_up_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wait_s", sa.Float(), nullable=False),
        sa.Column("talk_s", sa.Float(), nullable=False),
        sa.Column("hold_s", sa.Float(), nullable=False),
        sa.Column("wrap_up_s", sa.Float(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
        sa.UniqueConstraint("call_id", "leg", name=op.f("uq_calls_call_id")),
    )
    op.create_index(op.f("ix_calls_queue"), "calls", ["queue"], unique=False)
    op.create_index(op.f("ix_calls_caller"), "calls", ["caller"], unique=False)
    op.create_index(op.f("ix_calls_agent"), "calls", ["agent"], unique=False)
    op.create_index(op.f("ix_calls_queued_at"), "calls", ["queued_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_calls_queued_at"), table_name="calls")
    op.drop_index(op.f("ix_calls_agent"), table_name="calls")
    op.drop_index(op.f("ix_calls_caller"), table_name="calls")
    op.drop_index(op.f("ix_calls_queue"), table_name="calls")
    op.drop_table("calls")
