"""The complaint work: a ticket's regime type and its override reason, its day of receipt,
the parties it is about, the call and script it came from, its clock events, root cause,
remediation, resolution, the complainant's satisfaction and the letters sent; its activity
log (``ticket_activity``); and a user's branch (recusal, 回避, compares it with the branches
a complaint is about).

Tickets from before are PRC standard complaints (the only regime there was): their day of
receipt is their opening day in Beijing time, filled in here. The feed is emptied so that the
next start rebuilds it (``feed_build.ensure_built``) with the new fields, at the same sequences.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)
CHINA = timezone(timedelta(hours=8))
_EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column(
                "complaint_type", sa.String(length=32), nullable=False, server_default="standard"
            )
        )
        batch.add_column(
            sa.Column("regime_override_reason", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("parties", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
        )
        batch.add_column(sa.Column("call_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("flow_run_id", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("clock_events", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
        )
        batch.add_column(sa.Column("root_cause", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("remediation", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("resolution", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("satisfaction", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column("notices", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("branch", sa.String(length=64), nullable=False, server_default="")
        )
    op.create_table(
        "ticket_activity",
        sa.Column("id", ID, nullable=False),
        sa.Column("ticket_id", ID, nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_activity_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_activity")),
    )
    op.create_index("ix_ticket_activity_ticket_at", "ticket_activity", ["ticket_id", "at"])
    _fill_received_on()
    op.execute("DELETE FROM sync_feed")


def _fill_received_on() -> None:
    conn = op.get_bind()
    tickets = sa.table(
        "tickets",
        sa.column("id", ID),
        sa.column("opened_at", TIME),
        sa.column("received_on", sa.Date()),
    )
    for ticket_id, opened_at in conn.execute(sa.select(tickets.c.id, tickets.c.opened_at)):
        opened = opened_at if isinstance(opened_at, datetime) else datetime.fromisoformat(opened_at)
        if opened.tzinfo is None:  # SQLite keeps UTC without its offset
            opened = opened.replace(tzinfo=UTC)
        conn.execute(
            sa.update(tickets)
            .where(tickets.c.id == ticket_id)
            .values(received_on=opened.astimezone(CHINA).date())
        )


def downgrade() -> None:
    op.drop_index("ix_ticket_activity_ticket_at", table_name="ticket_activity")
    op.drop_table("ticket_activity")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("branch")
    with op.batch_alter_table("tickets") as batch:
        for column in (
            "notices",
            "satisfaction",
            "resolution",
            "remediation",
            "root_cause",
            "clock_events",
            "flow_run_id",
            "call_id",
            "parties",
            "received_on",
            "regime_override_reason",
            "complaint_type",
        ):
            batch.drop_column(column)
    op.execute("DELETE FROM sync_feed")
