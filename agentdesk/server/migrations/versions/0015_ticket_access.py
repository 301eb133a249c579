"""Tickets keep who opened them (``opened_by``), which the object-level rules of tickets use
(``agentdesk.domain.access``); the client ids of offline creates are unique per creator, not
across all agents (one agent's id never finds another's record).

Tickets from before have ``opened_by`` ``""``: they are seen by their team and their assignee
only. The feed's ticket bodies are left as they are: a body without the key reads as
``opened_by: ""`` (the contract's default), so no rebuild is needed. Client ids stay unique
on their own too until now, so the new per-creator unique indexes hold for every stored row.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → the column naming who made a record (its creator).
_CREATORS = {"tickets": "opened_by", "interactions": "agent", "tasks": "owner"}


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("opened_by", sa.String(length=64), nullable=False, server_default="")
        )
    for table, creator in _CREATORS.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ix_{table}_client_id"))
            batch.create_index(batch.f(f"ix_{table}_client_id"), ["client_id"], unique=False)
            batch.create_index(
                batch.f(f"ux_{table}_{creator}_client_id"), [creator, "client_id"], unique=True
            )


def downgrade() -> None:
    for table, creator in _CREATORS.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ux_{table}_{creator}_client_id"))
            batch.drop_index(batch.f(f"ix_{table}_client_id"))
            batch.create_index(batch.f(f"ix_{table}_client_id"), ["client_id"], unique=True)
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("opened_by")
