"""The admin console: staff skills, teams and their queues, the server's live settings, and
the audit trail searchable by customer and paged fast by keyset.

* users: ``skills`` (the queues they serve; empty: their team's);
* teams: a team and the queues its agents serve (seeded from the configuration on first use);
* system_settings: one row, a versioned JSON of what the server applies without a restart;
* audit_events: ``customer_id`` (the customer an event concerns), filled for the rows about a
  customer and for those about a ticket (its customer), and indexes that let a filtered page,
  newest first, read only its rows (each filter with ``id``).

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EMPTY_LIST = sa.text("'[]'")
_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_AUDIT_INDEXES = {
    "ix_audit_events_customer_id": ["customer_id", "id"],
    "ix_audit_events_username_id": ["username", "id"],
    "ix_audit_events_action_id": ["action", "id"],
    "ix_audit_events_entity_newest": ["entity", "id"],
}


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("skills", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
    )
    op.create_table(
        "teams",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("queues", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_teams")),
    )
    op.create_table(
        "system_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_settings")),
    )
    op.add_column("audit_events", sa.Column("customer_id", _Id, nullable=True))
    numeric = (
        "entity_id ~ '^[0-9]{1,18}$'"
        if op.get_bind().dialect.name == "postgresql"
        else "entity_id <> '' AND entity_id NOT GLOB '*[^0-9]*' AND length(entity_id) <= 18"
    )
    op.execute(
        "UPDATE audit_events SET customer_id = CAST(entity_id AS BIGINT) "
        f"WHERE entity = 'customer' AND {numeric}"
    )
    op.execute(
        "UPDATE audit_events SET customer_id = (SELECT tickets.customer_id FROM tickets "
        "WHERE CAST(tickets.id AS VARCHAR(32)) = audit_events.entity_id) "
        "WHERE entity = 'ticket'"
    )
    for name, columns in _AUDIT_INDEXES.items():
        op.create_index(name, "audit_events", columns)


def downgrade() -> None:
    for name in _AUDIT_INDEXES:
        op.drop_index(name, table_name="audit_events")
    op.drop_column("audit_events", "customer_id")
    op.drop_table("system_settings")
    op.drop_table("teams")
    op.drop_column("users", "skills")
