"""The change sequence: stamped on every write, and never served before it commits."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError

from agentdesk.contract.auth import Role
from agentdesk.contract.sync import CustomerRecord, Mutation, PushRequest
from agentdesk.server import feed_build, models, push, sequence, sync_feed
from agentdesk.server.actor import Actor
from agentdesk.server.db import make_engine, make_session_factory, migrate
from tests.server.conftest import T0, ZHANG_ID, ZHANG_PAN, Bank
from tests.server.sync_helpers import WORKSTATION, interaction_payload, mutation


def test_a_writer_holds_its_sequence_until_it_commits(migrated_url: str, bank: Bank) -> None:
    engine = make_engine(migrated_url)
    factory = make_session_factory(engine)
    try:
        with factory() as writer:
            customer = writer.get(models.Customer, bank.zhang)
            assert customer is not None
            before = customer.change_seq
            customer.name = "张伟伟"
            writer.flush()  # stamped: the lock is held until the commit
            stamped = customer.change_seq
            assert stamped is not None and before is not None and stamped > before
            # A reader is not told about a sequence that has not committed...
            with engine.connect() as reader:
                assert sequence.high_water(reader) < stamped
            # ...and no other writer can take a sequence meanwhile (it would be the smaller
            # one committing later, which a reader past it would never see).
            with factory() as other:
                if engine.dialect.name == "postgresql":
                    other.execute(text("SET lock_timeout = '200ms'"))
                else:
                    other.connection().exec_driver_sql("PRAGMA busy_timeout=100")
                li = other.get(models.Customer, bank.li)
                assert li is not None
                li.name = "李娜娜"
                with pytest.raises(DBAPIError):
                    other.flush()
                other.rollback()
            writer.commit()
        with engine.connect() as reader:
            assert sequence.high_water(reader) == stamped
    finally:
        engine.dispose()


def test_changing_a_holding_restamps_its_customer(migrated_url: str, bank: Bank) -> None:
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            before = session.get(models.Customer, bank.zhang).change_seq  # type: ignore[union-attr]
            session.add(
                models.Account(
                    customer_id=bank.zhang, kind="current", number="6222000011112222", balance=0
                )
            )
            session.commit()
            session.expire_all()
            after = session.get(models.Customer, bank.zhang).change_seq  # type: ignore[union-attr]
            assert after is not None and before is not None and after > before
            assert sequence.high_water(session) == after
    finally:
        engine.dispose()


def test_a_deleted_record_leaves_a_tombstone(migrated_url: str, bank: Bank) -> None:
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            row = session.scalars(select(models.Interaction).limit(1)).one()
            session.delete(row)
            session.commit()
            stone = session.scalars(select(models.SyncTombstone)).one()
            assert (stone.entity, stone.entity_id) == ("interaction", row.id)
            assert stone.seq == sequence.high_water(session)
    finally:
        engine.dispose()


# -- the materialized feed (sync_feed.py) ---------------------------------------------------


def _feed(bind: Any) -> dict[tuple[str, int], tuple[int, Any]]:
    """The feed's entries, bodies parsed (a bulk build on PostgreSQL spaces its JSON)."""
    rows = bind.execute(select(sync_feed.FEED)).all()
    return {
        (r.entity, r.entity_id): (r.seq, None if r.body is None else json.loads(r.body))
        for r in rows
    }


def test_every_commit_leaves_the_feed_equal_to_a_rebuild(migrated_url: str, bank: Bank) -> None:
    """Whatever writes (an edit, a new holding, a re-statused ticket, a new task, a deletion),
    the feed the commits kept up to date is the one built from scratch from the records."""
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            session.get(models.Customer, bank.li).name = "李娜娜"  # type: ignore[union-attr]
            session.commit()
            session.add(
                models.Card(
                    customer_id=bank.wang, kind="debit", product="借记卡", pan="6225880000001111"
                )
            )
            session.commit()
            session.get(models.Ticket, bank.closed_ticket).status = "investigating"  # type: ignore[union-attr]
            session.add(
                models.Task(customer_id=bank.smith, kind="callback", due_at=T0, owner="agent07")
            )
            session.commit()
            session.delete(session.scalars(select(models.Interaction).limit(1)).one())
            session.add(  # a time with microseconds, and one without an end
                models.Interaction(
                    customer_id=bank.li,
                    channel="phone_in",
                    started_at=T0 + timedelta(seconds=7, microseconds=123450),
                    client_id="c-microseconds",
                )
            )
            session.commit()
            kept = _feed(session)
        with engine.begin() as conn:
            feed_build.rebuild(conn)
            rebuilt = _feed(conn)
    finally:
        engine.dispose()
    assert kept == rebuilt
    assert sum(body is None for _seq, body in kept.values()) == 1  # the deletion


def test_a_feed_entry_is_the_record_as_the_workstation_caches_it(
    migrated_url: str, bank: Bank
) -> None:
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            ticket = session.get(models.Ticket, bank.closed_ticket)
            assert ticket is not None and ticket.customer_id is not None
            ticket.status = "investigating"  # reopened: the customer has an open complaint
            session.commit()
            seq, body = _feed(session)[("customer", ticket.customer_id)]
            customer = session.get(models.Customer, ticket.customer_id)
            assert customer is not None and seq == customer.change_seq
    finally:
        engine.dispose()
    assert body is not None
    record = CustomerRecord.model_validate(body)
    assert "open_complaint" in {alert.kind for alert in record.alerts}
    assert ZHANG_PAN not in json.dumps(body) and ZHANG_ID not in json.dumps(body)  # masked


def test_an_upgraded_database_gets_its_feed_built(migrated_url: str, bank: Bank) -> None:
    """The first start after the migration that added the feed builds it from the records."""
    engine = make_engine(migrated_url)
    try:
        with engine.begin() as conn:
            expected = _feed(conn)
            conn.execute(delete(sync_feed.FEED))  # as the migration leaves it
        migrate(migrated_url)
        with engine.connect() as conn:
            assert _feed(conn) == expected
    finally:
        engine.dispose()
    assert len(expected) >= 4 + 2  # the bank's customers and tickets at least


def test_a_pushed_batch_leaves_the_feed_equal_to_a_rebuild(migrated_url: str, bank: Bank) -> None:
    """A push writes several kinds of record in one transaction (wrap-ups in one INSERT, a
    ticket and the customer it re-stamps, a rejected wrap-up rolled back): the feed its commit
    wrote is the one built from scratch."""
    actor = Actor(1, "agent01", WORKSTATION, Role.AGENT, team="retail")
    ticket = {
        "customer_id": bank.smith,
        "category": "fees",
        "severity": "medium",
        "channel": "phone_in",
        "summary": "Charged twice",
    }
    batch = [
        mutation(1, "interaction.create", interaction_payload(bank.zhang)),
        mutation(2, "ticket.create", ticket),
        mutation(3, "interaction.create", interaction_payload(bank.li, ticket_id=10**9)),
        mutation(4, "interaction.create", interaction_payload(None, phone_e164="+447911123456")),
    ]
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            request = PushRequest(
                workstation_id=WORKSTATION, mutations=[Mutation.model_validate(m) for m in batch]
            )
            results = push.push(session, request, actor=actor, now=T0).results
            kept = _feed(session)
        with engine.begin() as conn:
            feed_build.rebuild(conn)
            rebuilt = _feed(conn)
    finally:
        engine.dispose()
    assert [r.status.value for r in results] == ["applied", "applied", "rejected", "applied"]
    assert kept == rebuilt
    assert ("interaction", results[0].entity_id) in kept
    assert ("ticket", results[1].entity_id) in kept
