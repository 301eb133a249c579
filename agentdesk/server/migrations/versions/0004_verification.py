"""Identity verification: verified callers, every attempt (the failure count and the lock)
and one-time codes (hashed).

New tables only, so SQLite needs no batch copies.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "verifications",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("workstation_id", sa.String(length=64), nullable=False),
        sa.Column("call_id", sa.String(length=64), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("verified_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("ended_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_verifications_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_verifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifications")),
    )
    op.create_index(
        "ix_verifications_customer_user", "verifications", ["customer_id", "user_id"], unique=False
    )
    op.create_index(op.f("ix_verifications_call_id"), "verifications", ["call_id"], unique=False)

    op.create_table(
        "verification_attempts",
        sa.Column("id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("at", TIME, nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("locked_until", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_verification_attempts_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_verification_attempts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_attempts")),
    )
    op.create_index(
        "ix_verification_attempts_customer_at",
        "verification_attempts",
        ["customer_id", "at"],
        unique=False,
    )

    op.create_table(
        "verification_otps",
        sa.Column("id", ID, nullable=False),
        sa.Column("customer_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("tries_left", sa.Integer(), nullable=False),
        sa.Column("spent_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_verification_otps_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_verification_otps_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_otps")),
    )
    op.create_index(
        "ix_verification_otps_customer_user",
        "verification_otps",
        ["customer_id", "user_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_verification_otps_customer_user", table_name="verification_otps")
    op.drop_table("verification_otps")
    op.drop_index("ix_verification_attempts_customer_at", table_name="verification_attempts")
    op.drop_table("verification_attempts")
    op.drop_index(op.f("ix_verifications_call_id"), table_name="verifications")
    op.drop_index("ix_verifications_customer_user", table_name="verifications")
    op.drop_table("verifications")
