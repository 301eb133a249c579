"""Customer-centric service: what the tier, segment and care rules read and what they decide.

* customers: the relationship's start (``customer_since``, the anniversary), the days with an
  e-channel login (the e-channel segment), the stored tier reason and segment details, pending
  phones (linked by an agent, never used to pop until verified), and the provisional contact
  of an unknown caller (``provisional``, ``contact_note``, ``merged_into``);
* wealth_holdings: ``units`` (a fund price change revalues the holding: units × NAV) and
  ``matures_on`` (a fixed-term product). Holdings from before get their market value as units,
  that is a NAV of 1, which is what a new product starts at;
* tasks: the care queue a task waits in, the rule, subject, reason and figures of a care task,
  and the outcome it ended with;
* interactions: the offers made on the contact with the customer's answers, and the task the
  contact served.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EMPTY_LIST = sa.text("'[]'")
_EMPTY_OBJECT = sa.text("'{}'")
_FALSE = sa.false()


def upgrade() -> None:
    op.add_column("customers", sa.Column("customer_since", sa.Date(), nullable=True))
    op.add_column(
        "customers",
        sa.Column("e_channel_login_days", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
    )
    op.add_column("customers", sa.Column("tier_reason", sa.JSON(), nullable=True))
    op.add_column(
        "customers",
        sa.Column("segment_details", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
    )
    op.add_column(
        "customers",
        sa.Column("pending_phones", sa.JSON(), nullable=False, server_default=_EMPTY_LIST),
    )
    op.add_column(
        "customers", sa.Column("provisional", sa.Boolean(), nullable=False, server_default=_FALSE)
    )
    op.add_column(
        "customers", sa.Column("contact_note", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("customers", sa.Column("merged_into", sa.BigInteger(), nullable=True))
    op.add_column("wealth_holdings", sa.Column("units", sa.Numeric(20, 4), nullable=True))
    op.add_column("wealth_holdings", sa.Column("matures_on", sa.Date(), nullable=True))
    op.execute("UPDATE wealth_holdings SET units = market_value")
    op.add_column(
        "tasks", sa.Column("queue", sa.String(length=32), nullable=False, server_default="")
    )
    op.add_column(
        "tasks", sa.Column("rule", sa.String(length=32), nullable=False, server_default="")
    )
    op.add_column(
        "tasks", sa.Column("subject", sa.String(length=64), nullable=False, server_default="")
    )
    op.add_column(
        "tasks", sa.Column("reason", sa.String(length=32), nullable=False, server_default="")
    )
    op.add_column(
        "tasks", sa.Column("figures", sa.JSON(), nullable=False, server_default=_EMPTY_OBJECT)
    )
    op.add_column("tasks", sa.Column("outcome", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_tasks_customer_rule", "tasks", ["customer_id", "rule"])
    op.add_column(
        "interactions", sa.Column("offers", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
    )
    op.add_column("interactions", sa.Column("task_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of customers would trip the foreign keys
    # of every table that references it.
    for table, columns in (
        ("interactions", ("task_id", "offers")),
        ("tasks", ("outcome", "figures", "reason", "subject", "rule", "queue")),
        ("wealth_holdings", ("matures_on", "units")),
        (
            "customers",
            (
                "merged_into",
                "contact_note",
                "provisional",
                "pending_phones",
                "segment_details",
                "tier_reason",
                "e_channel_login_days",
                "customer_since",
            ),
        ),
    ):
        if table == "interactions":
            op.drop_index("ix_tasks_customer_rule", table_name="tasks")
        for column in columns:
            op.drop_column(table, column)
