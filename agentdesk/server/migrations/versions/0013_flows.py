"""Scripted flows reach the server: interactions keep the transcripts of the flows run during
the contact, and the service requests flows make (block a card, subscribe a service…) wait for
the back office in a table of their own.

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The models' Id type, frozen here: SQLite only auto-increments INTEGER PRIMARY KEY.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(
            sa.Column("flows", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    op.create_table(
        "service_requests",
        sa.Column("id", ID, primary_key=True),
        sa.Column("client_id", sa.String(length=64), nullable=False, unique=True),
        sa.Column("customer_id", ID, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("call_id", sa.String(length=64), nullable=True),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
    )
    op.create_index("ix_service_requests_customer_id", "service_requests", ["customer_id"])
    op.create_index("ix_service_requests_run_id", "service_requests", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_service_requests_run_id", "service_requests")
    op.drop_index("ix_service_requests_customer_id", "service_requests")
    op.drop_table("service_requests")
    with op.batch_alter_table("interactions") as batch:
        batch.drop_column("flows")
