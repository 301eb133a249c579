"""A service request's client id (the flow step's action key) is unique per requesting agent,
as the other records' client ids are (0015): another agent's key finds nothing of theirs.

The unique constraint 0013 made is named by the models' naming convention; SQLite keeps no
name, so its rebuilt table finds it by the same convention.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("service_requests", naming_convention=_NAMES) as batch:
        batch.drop_constraint("uq_service_requests_client_id", type_="unique")
    op.create_index("ix_service_requests_client_id", "service_requests", ["client_id"])
    op.create_index(
        "ux_service_requests_requested_by_client_id",
        "service_requests",
        ["requested_by", "client_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ux_service_requests_requested_by_client_id", "service_requests")
    op.drop_index("ix_service_requests_client_id", "service_requests")
    with op.batch_alter_table("service_requests") as batch:
        batch.create_unique_constraint("uq_service_requests_client_id", ["client_id"])
