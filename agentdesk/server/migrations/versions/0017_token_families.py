"""Token families as rows of their own, so signing out or a detected theft ends the access
tokens of that sign-in too (each request checks its family by primary key).

Existing sign-ins get their family row from their refresh tokens: revoked when every token of
it is. Access tokens issued before this revision name no family and are refused; the desktop
then refreshes, which needs a workstation id (sign-ins without one sign in again).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "token_families",
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("workstation_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_token_families_user_id_users")
        ),
        sa.PrimaryKeyConstraint("family", name=op.f("pk_token_families")),
    )
    op.create_index(op.f("ix_token_families_user_id"), "token_families", ["user_id"], unique=False)
    op.execute(
        """
        INSERT INTO token_families (family, user_id, workstation_id, started_at, revoked_at)
        SELECT family, MIN(user_id), MIN(workstation_id), MIN(issued_at),
               CASE WHEN MIN(CASE WHEN revoked THEN 1 ELSE 0 END) = 1 THEN MAX(issued_at) END
        FROM refresh_tokens
        GROUP BY family
        """
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_token_families_user_id"), table_name="token_families")
    op.drop_table("token_families")
