"""The event lock apart from the change lock: an ACD move (events only) goes through while a
record writer holds the change lock, and no transaction may take the change lock after the
event lock (the two orders together would deadlock)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from agentdesk.server import sequence
from agentdesk.server.db import make_engine, make_session_factory, migrate
from tests.server.conftest import PASSWORD, seed_bank, server_app
from tests.server.sync_helpers import WORKSTATION, serve_in_thread

pytestmark = pytest.mark.pg


@pytest.fixture
def url(pg_database_factory: object) -> str:
    made = str(pg_database_factory())  # type: ignore[operator]
    migrate(made)
    seed_bank(made)
    return made


def test_a_presence_change_goes_through_while_a_writer_holds_the_change_lock(url: str) -> None:
    app = server_app(url, telephony_tick_seconds=0, telephony_call_rate=0)
    holder = make_engine(url)
    with serve_in_thread(app) as base:
        login = httpx.post(
            f"{base}/auth/login",
            json={"username": "agent01", "password": PASSWORD, "workstation_id": WORKSTATION},
            timeout=10,
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        with holder.connect() as conn, conn.begin():
            conn.execute(select(func.pg_advisory_xact_lock(sequence.LOCK_KEY)))
            ready = httpx.post(
                f"{base}/telephony/presence", json={"state": "ready"}, headers=headers, timeout=20
            )
            assert ready.status_code == 200, ready.text
            assert ready.json()["presence"]["state"] == "ready"
    holder.dispose()


def test_the_change_lock_after_the_event_lock_is_refused(url: str) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        with sessions() as session:
            sequence.lock(session)
            sequence.lock_events(session)  # the one order allowed
            session.rollback()
        with sessions() as session:
            sequence.lock_events(session)
            with pytest.raises(RuntimeError, match="before the event lock"):
                sequence.lock(session)
            session.rollback()
    finally:
        engine.dispose()
