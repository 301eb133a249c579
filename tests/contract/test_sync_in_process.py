"""Sync end to end against the real FastAPI app, in process: the real client, the real encrypted
cache and the services as the composition root builds them.

The services' HTTP client runs over the app's TestClient transport, behind a switch that plays
an unreachable backend (connection refused) when the test says so. The event stream is not
exercised here (the TestClient buffers whole responses; see tests/core/test_sync_engine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from agentdesk.cache import local_writes, outbox
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.client import ApiClient
from agentdesk.client.errors import PreconditionRequired, StaleRecord
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate, PushRequest, ResultStatus, TicketPatch
from agentdesk.demo.seed import seed_database
from agentdesk.events import Connectivity, EventBus, SyncProgress
from agentdesk.server.app import create_app
from agentdesk.server.db import normalize_url
from agentdesk.services import AppServices, OfflineUnlockRefused, Resolution
from agentdesk.services.wiring import build_app_services
from agentdesk.sync.engine import SyncEngine
from tests.contract.conftest import Switch

SERVER = "http://testserver"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def backend(database_url: str) -> Iterator[tuple[TestClient, str, Switch]]:
    seed_database(database_url, customers=30, progress=False)
    with TestClient(create_app(ServerSettings(), database_url, demo=True)) as client:
        yield client, database_url, Switch(client._transport)


AppFactory = Callable[..., AppServices]


@pytest.fixture
def make_services(backend: tuple[TestClient, str, Switch], tmp_path: Path) -> Iterator[AppFactory]:
    """Builds AppServices for a workstation folder, as the composition root does."""
    _, _, switch = backend
    built: list[AppServices] = []

    def make(name: str = "ws-a", clock: Clock | None = None) -> AppServices:
        root = tmp_path / name
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        services = build_app_services(
            DesktopSettings(backend_url=SERVER, allow_plain_http=True),  # in process
            paths,
            transport=switch,
            clock=clock,
            listen=False,
            sync_autostart=False,
        )
        built.append(services)
        return services

    yield make
    for services in built:
        services.close()


def _server_count(database_url: str, sql: str, **params: object) -> int:
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        count = conn.execute(text(sql), params).scalar_one()
    engine.dispose()
    return int(count)


def _server_value(database_url: str, sql: str, **params: object) -> Any:
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar_one()
    engine.dispose()
    return value


def _cache_count(services: AppServices, table: str) -> int:
    with services.sync.store.read() as conn:
        return int(conn.exec_driver_sql(f"select count(*) from {table}").scalar_one())


def _wrap_up(notes: str) -> InteractionCreate:
    return InteractionCreate(
        customer_id=1,
        channel=Channel.PHONE_IN,
        started_at=START,
        ended_at=START,
        wrap_up_code="resolved",
        notes=notes,
    )


def test_initial_sync_fills_the_cache_and_progress_reaches_the_total(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, _ = backend
    services = make_services()
    progress: list[SyncProgress] = []
    services.bus.subscribe(SyncProgress, progress.append)
    services.session.login(SERVER, "agent01", "demo")

    assert services.sync.sync_now()

    assert _cache_count(services, "customers") == _server_count(
        database_url, "select count(*) from customers"
    )
    assert progress and progress[-1].done == progress[-1].total > 0
    assert services.sync.status().connectivity is Connectivity.ONLINE


def test_wrap_up_recorded_offline_survives_a_restart_and_reaches_the_server_once(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, switch = backend
    services = make_services()
    services.session.login(SERVER, "agent01", "demo")
    switch.down = True

    services.interactions.record_wrap_up(
        customer_id=1, wrap_up_code="resolved", started_at=START, notes="offline wrap-up"
    )
    assert services.sync.sync_now() is False
    status = services.sync.status()
    assert status.connectivity is Connectivity.OFFLINE and status.changes_waiting == 1
    services.close()  # the workstation shuts down with the change still queued

    again = make_services()
    assert again.sync.status().changes_waiting == 1
    switch.down = False
    assert again.session.resume() is not None
    assert again.sync.sync_now()
    again.sync.sync_now()  # a second round sends nothing more

    count_sql = "select count(*) from interactions where notes = 'offline wrap-up'"
    assert _server_count(database_url, count_sql) == 1
    assert again.sync.status().changes_waiting == 0


def test_a_push_whose_answer_was_lost_is_a_duplicate_and_stays_one_row(
    backend: tuple[TestClient, str, Switch], tmp_path: Path
) -> None:
    client, database_url, _ = backend
    api = ApiClient(client)
    api.login("agent01", "demo", "ws-replay")
    with CacheStore.open(tmp_path / "cache.db", new_cache_key()) as store:
        store.write(
            lambda conn: local_writes.record_interaction(
                conn, _wrap_up("replayed"), agent="agent01", now=START
            )
        )
        with store.read() as conn:
            batch = outbox.pending(conn, 500)
        first = api.push(PushRequest(workstation_id="ws-replay", mutations=batch))
        # The answer is lost: record_results never ran, so the entry is sent again.
        report = SyncEngine(api, store, EventBus(), lambda: START, "ws-replay").push_pending()
        with store.read() as conn:
            assert outbox.waiting_count(conn) == 0

    assert first.results[0].status is ResultStatus.APPLIED
    assert report.done == 1
    count_sql = "select count(*) from interactions where notes = 'replayed'"
    assert _server_count(database_url, count_sql) == 1


def _shared_ticket(a: AppServices, b: AppServices) -> int:
    with a.sync.store.read() as conn:
        ids_a = {r[0] for r in conn.exec_driver_sql("select server_id from tickets")}
    with b.sync.store.read() as conn:
        ids_b = {r[0] for r in conn.exec_driver_sql("select server_id from tickets")}
    shared = sorted(i for i in ids_a & ids_b if i is not None)
    assert shared, "the seed gave the two agents no ticket in common"
    return int(shared[0])


def _edit(services: AppServices, ticket_id: int, **changes: object) -> None:
    now = START
    services.sync.store.write(
        lambda conn: local_writes.update_ticket(
            conn, ticket_id, TicketPatch(changes=changes), now=now
        )
    )
    services.sync.changes_saved()


def test_two_workstations_editing_one_ticket_merge_or_ask_the_agent(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, _ = backend
    a, b = make_services("ws-a"), make_services("ws-b")
    for services in (a, b):
        services.session.login(SERVER, "sup01", "demo")
        assert services.sync.sync_now()
    ticket = _shared_ticket(a, b)

    # Different fields: both edits land.
    _edit(a, ticket, summary="edited on A")
    _edit(b, ticket, desired_outcome="refund, edited on B")
    assert a.sync.sync_now() and b.sync.sync_now()
    assert not a.sync.problems() and not b.sync.problems()
    row = "select {field} from tickets where id = :id"
    assert _server_value(database_url, row.format(field="summary"), id=ticket) == "edited on A"
    assert (
        _server_value(database_url, row.format(field="desired_outcome"), id=ticket)
        == "refund, edited on B"
    )

    # The same field: the second one to arrive is the agent's to resolve, with both values.
    assert a.sync.sync_now() and b.sync.sync_now()  # both see each other's edits first
    _edit(a, ticket, summary="A's wording")
    _edit(b, ticket, summary="B's wording")
    assert a.sync.sync_now() and b.sync.sync_now()
    problems = b.sync.problems()
    assert len(problems) == 1 and problems[0].status is ResultStatus.CONFLICT
    conflict = problems[0].conflicts[0]
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "summary",
        "B's wording",
        "A's wording",
    )
    assert b.sync.status().needs_attention == 1

    b.sync.resolve(problems[0].key, Resolution.KEEP_MINE)
    assert b.sync.sync_now()
    assert not b.sync.problems()
    assert _server_value(database_url, row.format(field="summary"), id=ticket) == "B's wording"


def test_offline_unlock_works_within_the_window_and_is_refused_outside_it(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, switch = backend
    clock = Clock()
    online = make_services(clock=clock)
    online.session.login(SERVER, "agent01", "demo")
    online.close()  # end of the online part of the day: the app closes, no sign-out

    switch.down = True
    clock.now = START + timedelta(hours=11)
    offline = make_services(clock=clock)
    with pytest.raises(OfflineUnlockRefused) as wrong:
        offline.session.unlock_offline("agent01", "not the password")
    assert wrong.value.reason == "wrong_password"
    user = offline.session.unlock_offline("agent01", "demo")
    assert user.username == "agent01" and offline.session.started_offline
    assert offline.sync.status().connectivity is Connectivity.OFFLINE

    offline.interactions.record_wrap_up(
        customer_id=1, wrap_up_code="resolved", started_at=clock.now, notes="unlocked offline"
    )
    assert offline.sync.sync_now() is False
    switch.down = False
    assert offline.sync.sync_now()  # re-authenticates with the stored refresh token
    count_sql = "select count(*) from interactions where notes = 'unlocked offline'"
    assert _server_count(database_url, count_sql) == 1
    offline.close()

    clock.now = START + timedelta(hours=13)
    late = make_services(clock=clock)
    with pytest.raises(OfflineUnlockRefused) as expired:
        late.session.unlock_offline("agent01", "demo")
    assert expired.value.reason == "expired"


def test_offline_unlock_needs_an_earlier_online_login(make_services: AppFactory) -> None:
    with pytest.raises(OfflineUnlockRefused) as info:
        make_services().session.unlock_offline("agent01", "demo")
    assert info.value.reason == "never_online"


def test_ticket_edits_carry_if_match_and_a_stale_one_gets_the_current_record(
    backend: tuple[TestClient, str, Switch],
) -> None:
    client, database_url, _ = backend
    ticket_id = int(_server_value(database_url, "select min(id) from tickets"))
    mine, theirs = ApiClient(client), ApiClient(client)
    mine.login("sup01", "demo")
    theirs.login("sup02", "demo")
    ticket, etag = mine.get_ticket(ticket_id)

    theirs.patch_ticket(
        ticket_id, TicketPatch(changes={"summary": "theirs"}), theirs.get_ticket(ticket_id)[1]
    )
    with pytest.raises(StaleRecord) as stale:
        mine.patch_ticket(ticket_id, TicketPatch(changes={"summary": "mine"}), etag)
    with pytest.raises(PreconditionRequired):
        mine.patch_ticket(ticket_id, TicketPatch(changes={"summary": "mine"}), "")

    assert stale.value.current is not None and stale.value.current["summary"] == "theirs"
    assert stale.value.etag and stale.value.etag != etag
    updated, new_etag = mine.patch_ticket(
        ticket_id, TicketPatch(changes={"summary": "mine"}), stale.value.etag
    )
    assert updated.summary == "mine" and updated.version == ticket.version + 2
    assert new_etag not in (etag, stale.value.etag)
