"""Drop the client id's index of its own on interactions, tickets and service requests.

A client id is looked up with its creator, always (another agent's client id is simply a new
id for this one), and each table's unique index on (creator, client_id) finds it. The index on
the client id alone was written with every row and read by nothing: on a push of wrap-ups it
was one B-tree more to update per row. Tasks keep theirs: a ticket's follow-up is found by its
client id alone (``ticket_status.py``).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("interactions", "tickets", "service_requests")


def upgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_client_id", table_name=table)


def downgrade() -> None:
    for table in _TABLES:
        op.create_index(f"ix_{table}_client_id", table, ["client_id"])
