"""Offline-first sync: the server-wide change sequence, tasks, client ids, idempotency keys,
workstation progress, tombstones and the persisted event log.

Existing rows are stamped here (customers, then tickets, then interactions, each in id order)
and the counter is set past them, so a workstation's first pull sees every record.

SQLite cannot alter a column in place: ``interactions`` (whose customer_id becomes nullable) is
copied by Alembic's batch mode; nothing references it, so the copy is safe with foreign keys on.
``customers`` and ``tickets`` are referenced by other tables and get a nullable ``change_seq``
instead of a copy (see the models).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _max_id(table: str) -> int:
    value = op.get_bind().execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar()
    return int(value or 0)


def upgrade() -> None:
    customers = _max_id("customers")
    tickets = _max_id("tickets")
    interactions = _max_id("interactions")

    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("change_seq", sa.BigInteger(), nullable=True))
        batch.create_index(batch.f("ix_customers_change_seq"), ["change_seq"], unique=False)
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("change_seq", sa.BigInteger(), nullable=True))
        batch.create_index(batch.f("ix_tickets_change_seq"), ["change_seq"], unique=False)
        # A unique index, not a constraint: SQLite adds one without copying the table.
        batch.create_index(batch.f("ix_tickets_client_id"), ["client_id"], unique=True)

    # Stamp what is there: one sequence per record, in a stable order.
    op.execute("UPDATE customers SET change_seq = id")
    op.execute(f"UPDATE tickets SET change_seq = id + {customers}")

    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("phone_e164", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("client_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("change_seq", sa.BigInteger(), nullable=True))
        batch.alter_column("customer_id", existing_type=ID, nullable=True)
    op.execute(f"UPDATE interactions SET change_seq = id + {customers + tickets}")
    with op.batch_alter_table("interactions") as batch:
        batch.alter_column("change_seq", existing_type=sa.BigInteger(), nullable=False)
        batch.create_index(batch.f("ix_interactions_change_seq"), ["change_seq"], unique=False)
        batch.create_index(batch.f("ix_interactions_client_id"), ["client_id"], unique=True)

    op.create_table(
        "tasks",
        sa.Column("id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_tasks_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.create_index(op.f("ix_tasks_client_id"), "tasks", ["client_id"], unique=True)
    op.create_index(op.f("ix_tasks_customer_id"), "tasks", ["customer_id"], unique=False)
    op.create_index(op.f("ix_tasks_owner"), "tasks", ["owner"], unique=False)
    op.create_index(op.f("ix_tasks_change_seq"), "tasks", ["change_seq"], unique=False)

    counter = op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.bulk_insert(counter, [{"id": 1, "last_seq": customers + tickets + interactions}])

    op.create_table(
        "sync_tombstones",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_tombstones")),
    )
    op.create_table(
        "sync_mutations",
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("workstation_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("idempotency_key", name=op.f("pk_sync_mutations")),
    )
    op.create_index(
        op.f("ix_sync_mutations_applied_at"), "sync_mutations", ["applied_at"], unique=False
    )
    op.create_table(
        "workstation_sync",
        sa.Column("workstation_id", sa.String(length=64), nullable=False),
        sa.Column("last_applied_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workstation_id", name=op.f("pk_workstation_sync")),
    )
    op.create_table(
        "event_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("audience", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_log")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_event_log_at"), "event_log", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_event_log_at"), table_name="event_log")
    op.drop_table("event_log")
    op.drop_table("workstation_sync")
    op.drop_index(op.f("ix_sync_mutations_applied_at"), table_name="sync_mutations")
    op.drop_table("sync_mutations")
    op.drop_table("sync_tombstones")
    op.drop_table("sync_counter")
    op.drop_index(op.f("ix_tasks_client_id"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_change_seq"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_owner"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_customer_id"), table_name="tasks")
    op.drop_table("tasks")
    # Interactions of unknown callers cannot go back under a NOT NULL customer_id.
    op.execute("DELETE FROM interactions WHERE customer_id IS NULL")
    with op.batch_alter_table("interactions") as batch:
        batch.drop_index(batch.f("ix_interactions_client_id"))
        batch.drop_index(batch.f("ix_interactions_change_seq"))
        batch.alter_column("customer_id", existing_type=ID, nullable=False)
        batch.drop_column("change_seq")
        batch.drop_column("client_id")
        batch.drop_column("phone_e164")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index(batch.f("ix_tickets_client_id"))
        batch.drop_index(batch.f("ix_tickets_change_seq"))
        batch.drop_column("change_seq")
        batch.drop_column("client_id")
    with op.batch_alter_table("customers") as batch:
        batch.drop_index(batch.f("ix_customers_change_seq"))
        batch.drop_column("change_seq")
