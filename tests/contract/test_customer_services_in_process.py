"""The customer-facing services against the real app, in process, with a cache filled by a real
sync: search, the paged timeline, offers from the cached shelf, callbacks scheduled offline,
and an unknown caller's provisional contact linked by the server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from agentdesk.cache import sync_state
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.contract.interactions import Channel
from agentdesk.demo.seed import seed_database
from agentdesk.domain.masking import mask_phone
from agentdesk.server.app import create_app
from agentdesk.server.db import normalize_url
from agentdesk.services import AppServices
from agentdesk.services.offers import SHELF_KEY
from agentdesk.services.reference import COMPLAINT_CATEGORIES, PRODUCTS, QUEUES, WRAP_UP_CODES
from agentdesk.services.wiring import build_app_services
from tests.contract.conftest import Switch
from tests.signing import TEST_KEYS

SERVER = "http://testserver"


@pytest.fixture
def backend(database_url: str) -> Iterator[tuple[str, Switch]]:
    seed_database(database_url, customers=30, progress=False)
    with TestClient(
        create_app(ServerSettings(), database_url, demo=True, signing_keys=TEST_KEYS)
    ) as client:
        yield database_url, Switch(client._transport)


AppFactory = Callable[..., AppServices]


@pytest.fixture
def make_services(backend: tuple[str, Switch], tmp_path: Path) -> Iterator[AppFactory]:
    _, switch = backend
    built: list[AppServices] = []

    def make(name: str = "ws-a") -> AppServices:
        root = tmp_path / name
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        services = build_app_services(
            DesktopSettings(backend_url=SERVER, allow_plain_http=True, cache_scope="all"),
            paths,
            transport=switch,
            listen=False,
            sync_autostart=False,
        )
        built.append(services)
        return services

    yield make
    for services in built:
        services.close()


def _rows(database_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(text(sql), params)]
    engine.dispose()
    return rows


def _synced(make_services: AppFactory, name: str = "ws-a") -> AppServices:
    services = make_services(name)
    services.session.login(SERVER, "agent01", "demo")
    assert services.sync.sync_now()
    return services


def test_search_finds_cached_customers_with_masked_phones(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    database_url, switch = backend
    services = _synced(make_services)
    switch.down = True  # search is the cache's: it works offline
    [(cid, cif, name)] = _rows(
        database_url, "select id, cif, name from customers order by id limit 1"
    )
    [(phone,)] = _rows(
        database_url,
        "select e164 from customer_phones where customer_id = :c order by id limit 1",
        c=cid,
    )

    by_cif = services.customers.search(str(cif))
    assert by_cif[0].id == cid
    assert by_cif[0].phone_masked == mask_phone(str(phone))
    assert str(phone) not in by_cif[0].model_dump_json()
    assert cid in [s.id for s in services.customers.search(str(name))]
    assert cid in [s.id for s in services.customers.search(str(phone))]
    assert len(services.customers.search(str(name)[:1], limit=3)) <= 3
    assert services.customers.search("   ") == []


def test_the_timeline_pages_through_the_cache_newest_first(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    services = _synced(make_services)
    with services.sync.store.read() as conn:
        cid, total = conn.exec_driver_sql(
            "select customer_id, count(*) c from interactions where customer_id is not null"
            " group by customer_id order by c desc limit 1"
        ).one()
    customers = services.customers
    assert customers.timeline_count(cid) == total

    pages = []
    offset = 0
    while True:
        page = customers.timeline_page(cid, offset=offset, limit=3)
        if not page:
            break
        pages.extend(page)
        offset += len(page)
    assert len(pages) == total == len({i.id for i in pages})
    starts = [i.started_at for i in pages]
    assert starts == sorted(starts, reverse=True)

    by_channel = {channel: customers.timeline_count(cid, channel=channel) for channel in Channel}
    assert sum(by_channel.values()) == total
    channel = max(by_channel, key=lambda c: by_channel[c])
    only = customers.timeline_page(cid, channel=channel, offset=0, limit=500)
    assert len(only) == by_channel[channel] and {i.channel for i in only} == {channel}

    word = pages[0].wrap_up_code or pages[0].reason
    matching = customers.timeline_count(cid, text=word)
    assert 1 <= matching <= total
    assert len(customers.timeline_page(cid, text=word, offset=0, limit=500)) == matching


def test_offers_use_the_shelf_fetched_once_and_cached_for_offline_use(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    _, switch = backend
    services = _synced(make_services)
    with services.sync.store.read() as conn:
        cid = conn.exec_driver_sql("select id from customers order by id limit 1").scalar_one()
    customer = services.customers.cached_profile(cid)
    assert customer is not None
    online = services.offers.offers(customer, datetime.now(UTC).date())
    with services.sync.store.read() as conn:
        assert sync_state.get_value(conn, SHELF_KEY) is not None
    services.close()

    switch.down = True
    again = make_services()  # a restart, offline
    offline = again.offers.offers(customer, datetime.now(UTC).date())
    assert [(o.product.code, o.suitable) for o in offline] == [
        (o.product.code, o.suitable) for o in online
    ]


def test_every_reference_list_is_refreshed_after_sign_in_and_kept_for_offline_use(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    _, switch = backend
    services = make_services()
    services.session.login(SERVER, "agent01", "demo")
    fetched = services.reference.refresh()
    assert fetched.complete
    with services.sync.store.read() as conn:
        for kind in (PRODUCTS, WRAP_UP_CODES, QUEUES, COMPLAINT_CATEGORIES):
            assert sync_state.get_value(conn, kind.key) is not None, kind.stem
    services.close()

    switch.down = True
    again = make_services()  # a restart, offline
    assert again.reference.refresh().products is None
    assert again.reference.products() == fetched.products
    assert again.reference.wrap_up_codes() == fetched.wrap_up_codes
    assert again.reference.queues() == fetched.queues
    assert again.reference.complaint_categories() == fetched.complaint_categories


def test_a_callback_scheduled_offline_survives_a_restart_and_reaches_the_server_once(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    database_url, switch = backend
    services = _synced(make_services)
    with services.sync.store.read() as conn:
        cid = conn.exec_driver_sql("select id from customers order by id limit 1").scalar_one()
    switch.down = True
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    services.tasks.schedule_callback(cid, due, "call back about the limit increase")
    [pending] = [t for t in services.customers.tasks(cid) if t.note.startswith("call back")]
    assert pending.id < 0 and pending.due_at == due  # shown at once, pending the server
    assert services.sync.sync_now() is False
    services.close()

    again = make_services()
    assert again.sync.status().changes_waiting == 1
    switch.down = False
    assert again.session.resume() is not None
    assert again.sync.sync_now()
    again.sync.sync_now()  # a second round sends nothing more

    sql = "select owner, customer_id from tasks where note = :n"
    assert _rows(database_url, sql, n="call back about the limit increase") == [("agent01", cid)]
    [synced] = [t for t in again.customers.tasks(cid) if t.note.startswith("call back")]
    assert synced.id > 0 and again.sync.status().changes_waiting == 0
    assert synced in again.tasks.my_tasks()


def test_naive_due_times_are_refused(make_services: AppFactory) -> None:
    services = _synced(make_services)
    with pytest.raises(ValueError):
        services.tasks.schedule_callback(1, datetime(2030, 1, 1, 9, 0), "no zone")


def test_an_unknown_callers_provisional_contact_is_linked_by_the_server(
    make_services: AppFactory, backend: tuple[str, Switch]
) -> None:
    database_url, switch = backend
    [(phone, cid)] = _rows(
        database_url,
        "select e164, min(customer_id) from customer_phones group by e164"
        " having count(distinct customer_id) = 1 order by e164 limit 1",
    )
    services = make_services()
    services.session.login(SERVER, "agent01", "demo")
    switch.down = True  # before any sync: the cache does not know the caller
    services.sync.sync_now()

    pop = services.customers.screen_pop(str(phone))
    assert pop.unknown
    provisional = services.customers.create_provisional_contact(str(phone))
    assert provisional.provisional and provisional.phone_e164 == phone
    started = datetime.now(UTC) - timedelta(minutes=5)
    services.interactions.record_wrap_up(
        wrap_up_code="resolved",
        started_at=started,
        phone_e164=provisional.phone_e164,
        notes="provisional caller",
    )

    switch.down = False
    assert services.sync.sync_now()
    sql = "select customer_id, phone_e164 from interactions where notes = 'provisional caller'"
    assert _rows(database_url, sql) == [(cid, phone)]
    services.sync.sync_now()
    linked = services.customers.timeline_page(
        int(str(cid)), text="provisional caller", offset=0, limit=10
    )
    assert len(linked) == 1 and linked[0].id > 0 and linked[0].phone_e164 == phone


def test_a_provisional_contact_for_a_non_number_keeps_no_phone(
    make_services: AppFactory,
) -> None:
    services = make_services()
    pop = services.customers.create_provisional_contact("anonymous")
    assert pop.provisional and pop.phone_e164 is None and pop.unknown
