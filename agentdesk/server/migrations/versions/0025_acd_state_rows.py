"""The shared ACD's state by agent and by leg: a batch of moves writes only what it changed.

* acd_state: the header (the fence's version, the leader); the single JSON of the whole state
  (``state``) is dropped for the ACD's clock and arrival count (``seq``, null until a state is
  stored) and the supervision (supervisors' names, teams watched). A state held in ``state``
  is not carried over: the next leader starts from the agents' presence, as after a restart;
* acd_state_agents: one row per agent (ACD entry, team, the supervisor who set their state);
* acd_state_calls: one row per live leg (waiting, ringing, on the line, in wrap-up).

Each agent and leg row carries the header's version of the batch that last wrote it.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EMPTY_OBJECT = sa.text("'{}'")


def upgrade() -> None:
    op.drop_column("acd_state", "state")
    op.add_column("acd_state", sa.Column("clock", sa.DateTime(timezone=True), nullable=True))
    op.add_column("acd_state", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.add_column(
        "acd_state",
        sa.Column("supervision", sa.JSON(), nullable=False, server_default=_EMPTY_OBJECT),
    )
    op.create_table(
        "acd_state_agents",
        sa.Column("agent", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("agent", name=op.f("pk_acd_state_agents")),
    )
    op.create_table(
        "acd_state_calls",
        sa.Column("call_id", sa.String(length=64), nullable=False),
        sa.Column("leg", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("call_id", "leg", name=op.f("pk_acd_state_calls")),
    )


def downgrade() -> None:
    op.drop_table("acd_state_calls")
    op.drop_table("acd_state_agents")
    op.drop_column("acd_state", "supervision")
    op.drop_column("acd_state", "seq")
    op.drop_column("acd_state", "clock")
    # Empty: the rows' state is not put back together (the next leader starts from presence).
    op.add_column("acd_state", sa.Column("state", sa.JSON(), nullable=True))
