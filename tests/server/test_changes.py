"""The change sequence: stamped on every write, and never served before it commits."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agentdesk.server import changes, models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.conftest import Bank


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
                assert changes.high_water(reader) < stamped
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
            assert changes.high_water(reader) == stamped
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
            assert changes.high_water(session) == after
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
            assert stone.seq == changes.high_water(session)
    finally:
        engine.dispose()
