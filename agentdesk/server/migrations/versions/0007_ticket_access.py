"""Tickets keep who opened them (``opened_by``), which the object-level rules of tickets use
(``agentdesk.domain.access``).

Tickets from before have ``""``: they are seen by their team and their assignee only. The
feed's ticket bodies are left as they are: a body without the key reads as ``opened_by: ""``
(the contract's default), so no rebuild is needed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("opened_by", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("opened_by")
