"""Alembic migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from agentdesk.server.db import alembic_config, make_engine, migrate
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
    # One head, and the database is at it (each feature adds its revision to the one chain).
    heads = ScriptDirectory.from_config(alembic_config(database_url)).get_heads()
    assert heads == [version]


def test_the_sync_migration_stamps_existing_rows(database_url: str) -> None:
    """0002 numbers what 0001 held (customers, tickets, interactions) and sets the counter."""
    from datetime import UTC, date, datetime

    from agentdesk.server import sequence

    migrate(database_url, "0001")
    engine = make_engine(database_url)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO customers (id, cif, name, name_pinyin, name_initials, language,"
                    " birth_date, id_number, email, tier, segments, aum, yearly_revenue,"
                    " risk_profile, risk_assessed_on, marketing_consent, do_not_call, alerts,"
                    " relationship_manager, version, updated_at) VALUES (:i, :c, 'n', '', '',"
                    " 'zh', :d, '1', '', 'mass', '[]', 1, 1, 'C1', :d, false, false, '[]',"
                    " '', 1, :t)"
                ),
                [{"i": i, "c": f"C{i}", "d": date(1990, 1, 1), "t": now} for i in (1, 2)],
            )
            conn.execute(
                text(
                    "INSERT INTO interactions (id, customer_id, channel, started_at, agent,"
                    " queue, reason, wrap_up_code, notes) VALUES (1, 2, 'app', :t, '', '', '',"
                    " '', '')"
                ),
                {"t": now},
            )
        migrate(database_url)
        with engine.connect() as conn:
            customers = conn.exec_driver_sql(
                "SELECT change_seq FROM customers ORDER BY id"
            ).scalars()
            assert list(customers) == [1, 2]
            interaction = conn.exec_driver_sql("SELECT change_seq FROM interactions").scalar()
            assert interaction == 3
            assert sequence.high_water(conn) == 3
    finally:
        engine.dispose()
