"""Published flow versions: the definitions desks run, kept immutable on the server and sent
to the desks through the sync feed (each has its change sequence).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The models' Id type, frozen here: SQLite only auto-increments INTEGER PRIMARY KEY.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "flow_versions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("flow_id", "version", name="uq_flow_versions_id_version"),
    )
    op.create_index("ix_flow_versions_change_seq", "flow_versions", ["change_seq"])


def downgrade() -> None:
    op.drop_index("ix_flow_versions_change_seq", "flow_versions")
    op.drop_table("flow_versions")
