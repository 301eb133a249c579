"""Alembic migrations build exactly the schema the models describe, on every database."""

from __future__ import annotations

from datetime import UTC, datetime

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


def test_sign_ins_get_their_token_family_and_the_stored_key_is_dropped(database_url: str) -> None:
    """0009 gives each refresh-token family its row (revoked when all its tokens are); 0010
    drops the signing key stored in the database."""
    from datetime import UTC, datetime

    migrate(database_url, "0006")
    engine = make_engine(database_url)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, password_hash, team,"
                    " active) VALUES (1, 'agent01', 'A', 'agent', 'x', '', true)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO refresh_tokens (token_hash, family, user_id, workstation_id,"
                    " issued_at, expires_at, used_at, revoked) VALUES"
                    " (:h, :f, 1, :w, :t, :t, NULL, :r)"
                ),
                [
                    {"h": "a1", "f": "live", "w": "ws-1", "t": now, "r": False},
                    {"h": "a2", "f": "live", "w": "ws-1", "t": now, "r": True},
                    {"h": "b1", "f": "ended", "w": "ws-2", "t": now, "r": True},
                ],
            )
            conn.execute(
                text(
                    "INSERT INTO server_keys (purpose, secret, created_at)"
                    " VALUES ('access-token', 'plaintext-secret', :t)"
                ),
                {"t": now},
            )
        migrate(database_url)
        with engine.connect() as conn:
            families = conn.execute(
                text(
                    "SELECT family, workstation_id, revoked_at IS NOT NULL FROM token_families"
                    " ORDER BY family"
                )
            ).all()
            tables = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert [tuple(f) for f in families] == [("ended", "ws-2", True), ("live", "ws-1", False)]
    assert "server_keys" not in tables


def test_complaints_from_before_0020_are_received_on_their_beijing_day(
    migrated_url: str,
) -> None:
    """0020 gives the tickets it finds (all PRC complaints then) the day of receipt their
    clock counts from: the opening's date in Beijing, the next day after 16:00 UTC."""
    from alembic import command

    from tests.server.conftest import seed_bank

    bank = seed_bank(migrated_url)
    command.downgrade(alembic_config(migrated_url), "0019")
    engine = make_engine(migrated_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE tickets SET opened_at = :t WHERE id = :i"),
                {"t": "2026-01-29 17:00:00+00:00", "i": bank.open_ticket},
            )
        migrate(migrated_url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, received_on FROM tickets ORDER BY id")).all()
            days: dict[int, object] = {row[0]: row[1] for row in rows}
    finally:
        engine.dispose()
    assert {k: str(v) for k, v in days.items()} == {
        bank.open_ticket: "2026-01-30",
        bank.closed_ticket: "2025-03-01",
    }


def test_holdings_from_before_0021_are_revalued_from_a_nav_of_one(migrated_url: str) -> None:
    """0021 gives each wealth holding its market value as units (bought at a NAV of 1), so a
    fund price change revalues it; tasks and customers get empty care fields."""
    from alembic import command

    from tests.server.conftest import seed_bank

    seed_bank(migrated_url)
    command.downgrade(alembic_config(migrated_url), "0020")
    migrate(migrated_url)
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as conn:
            holdings = conn.execute(text("SELECT market_value, units FROM wealth_holdings")).all()
            flags = conn.execute(
                text("SELECT provisional, merged_into, pending_phones FROM customers")
            ).all()
    finally:
        engine.dispose()
    assert holdings and all(units == value for value, units in holdings)
    assert {(bool(p), m, str(phones)) for p, m, phones in flags} == {(False, None, "[]")}


def test_audit_rows_from_before_0023_get_the_customer_they_concern(migrated_url: str) -> None:
    """0023 fills ``customer_id`` of the audit rows about a customer (their id) and about a
    ticket (its customer); the others concern nobody."""
    from alembic import command

    from tests.server.conftest import seed_bank

    bank = seed_bank(migrated_url)
    command.downgrade(alembic_config(migrated_url), "0021")
    engine = make_engine(migrated_url)
    try:
        with engine.begin() as conn:
            for entity, entity_id in [
                ("customer", str(bank.zhang)),
                ("ticket", str(bank.closed_ticket)),
                ("user", "agent01"),
                ("customer", "not-a-number"),
            ]:
                conn.execute(
                    text(
                        "INSERT INTO audit_events (at, username, workstation_id, action, entity,"
                        " entity_id, detail) VALUES (:at, 'agent01', 'ws', 'view', :entity,"
                        " :entity_id, '{}')"
                    ),
                    {
                        "at": datetime(2025, 1, 1, tzinfo=UTC),
                        "entity": entity,
                        "entity_id": entity_id,
                    },
                )
        migrate(migrated_url)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT entity, entity_id, customer_id FROM audit_events ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("customer", str(bank.zhang), bank.zhang),
        ("ticket", str(bank.closed_ticket), bank.li),
        ("user", "agent01", None),
        ("customer", "not-a-number", None),
    ]
