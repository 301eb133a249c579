"""Alembic migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from agentdesk.server.db import make_engine, migrate
from agentdesk.server.models import Base


def test_migrating_an_empty_database_matches_the_models(database_url: str) -> None:
    migrate(database_url)
    migrate(database_url)  # a second run is a no-op, as at every server start
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        engine.dispose()
    assert tables == set(Base.metadata.tables)
    assert differences == []
    assert version == "0001"
