"""The working-set cache scope against the real app, in process, with real SQLCipher caches: a
desk holds its agent's working set and only a phone index of everyone else; a pop of someone
else fetches their 360 (audited by the backend); a customer who leaves the set is gone from
the cache file; a 360 shown from the cache offline reaches the audit trail once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi.testclient import TestClient

from agentdesk.cache import outbox
from agentdesk.cache.customers import customer_records_of, search_customers
from agentdesk.cache.phone_index import customers_with_phone
from agentdesk.cache.scope import held_ids
from agentdesk.client import ApiClient
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import SimulatorSettings, TelephonySettings
from agentdesk.contract.sync import CacheScope, MutationKind, PushRequest, ResultStatus
from agentdesk.demo.seed import seed_database
from agentdesk.events import Connectivity, EventBus
from agentdesk.server import customers as server_customers
from agentdesk.server import models, working_set
from agentdesk.server.app import create_app
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from agentdesk.sync.engine import SyncEngine
from tests.contract.conftest import Switch
from tests.signing import TEST_KEYS

SERVER = "http://testserver"
T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
DAYS = 30


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Bank:
    client: TestClient
    switch: Switch
    clock: FakeClock
    tmp_path: Path

    def desk(self, name: str = "ws-a", **settings: Any) -> AppServices:
        root = self.tmp_path / name
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        return build_app_services(
            # The default scope unless told (``cache_scope="all"``).
            DesktopSettings(backend_url=SERVER, allow_plain_http=True, **settings),
            paths,
            transport=self.switch,
            clock=self.clock,
            listen=False,
            sync_autostart=False,
        )

    def working_set(self, username: str = "agent01") -> set[int]:
        with self.client.app.state.sessions() as db:  # type: ignore[attr-defined]
            team = db.query(models.User).filter_by(username=username).one().team
            scope = working_set.Scope(username, team, self.clock(), DAYS)
            return set(working_set.member_ids(db, scope))

    def outsider(self, held: set[int]) -> tuple[int, str, str]:
        """A customer outside the working set with a phone and a name no one cached shares:
        (id, name, phone)."""
        with self.client.app.state.sessions() as db:  # type: ignore[attr-defined]
            everyone = db.query(models.Customer).order_by(models.Customer.id).all()
            names = {c.name for c in everyone if c.id in held}
            phones = server_customers.phones_of(db, [c.id for c in everyone])
            for customer in everyone:
                if customer.id in held or customer.name in names or not phones[customer.id]:
                    continue
                if sum(customer.name == c.name for c in everyone) == 1:
                    return customer.id, customer.name, phones[customer.id][0]
        raise AssertionError("the seeded bank has no customer outside the working set")

    def audited_views(self, customer_id: int) -> list[dict[str, object]]:
        admin = ApiClient(self.client)
        admin.login("admin", "demo", "ws-admin")
        page = admin.audit_page({"customer_id": str(customer_id), "action": "view"})
        return [e.model_dump() for e in page.events]


@pytest.fixture
def bank(database_url: str, tmp_path: Path) -> Iterator[Bank]:
    seed_database(database_url, customers=40, progress=False, reference=T0.date())
    clock = FakeClock()
    app = create_app(
        ServerSettings(),
        database_url,
        telephony=TelephonySettings(tick_seconds=0, simulator=SimulatorSettings(call_rate=0)),
        demo=True,
        clock=clock,
        signing_keys=TEST_KEYS,
    )
    with TestClient(app) as client:
        yield Bank(client, Switch(client._transport), clock, tmp_path)


@pytest.fixture
def desk(bank: Bank) -> Iterator[AppServices]:
    services = bank.desk()
    services.session.login(SERVER, "agent01", "demo")
    yield services
    services.close()


def _read_held(services: AppServices) -> list[int]:
    with services.sync.store.read() as conn:
        return held_ids(conn)


def _indexed(services: AppServices, phone: str) -> list[int]:
    store = services.sync.store
    with store.read() as conn:
        return customers_with_phone(conn, store.phone_index_key, phone)


def _go_offline(bank: Bank, services: AppServices) -> None:
    bank.switch.down = True
    assert services.sync.sync_now() is False
    assert services.sync.status().connectivity is Connectivity.OFFLINE


# -- the decrypted pages of a SQLCipher file ---------------------------------------------------

_PAGE = 4096
_RESERVE = 80  # SQLCipher 4: a 16-byte IV and a 64-byte HMAC-SHA512 at the end of each page


def _decrypted(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0  # the first page begins with the file's salt
    iv = page[_PAGE - _RESERVE : _PAGE - _RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : _PAGE - _RESERVE]) + decryptor.finalize()


def _plaintext_of(path: Path, key: bytes) -> bytes:
    """Every page of the cache file and of its write-ahead log, decrypted with the cache's
    key: what anyone holding the key could read from the disk, free pages included."""
    data = path.read_bytes()
    pages = [_decrypted(key, data[i : i + _PAGE], i == 0) for i in range(0, len(data), _PAGE)]
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        log = wal.read_bytes()
        frame = 24 + _PAGE
        for offset in range(32, len(log) - frame + 1, frame):
            number = int.from_bytes(log[offset : offset + 4], "big")
            pages.append(_decrypted(key, log[offset + 24 : offset + frame], number == 1))
    return b"".join(pages)


def _cache_key(services: AppServices) -> bytes:
    stored = services.sync._cache._stored_key()  # noqa: SLF001 - the keyring's entry
    assert stored is not None
    return stored


# -- the tests -------------------------------------------------------------------------------


def test_a_working_set_desk_holds_its_set_and_pops_others_through_the_index(
    bank: Bank, desk: AppServices
) -> None:
    assert desk.sync.sync_now()
    members = bank.working_set()
    held = set(_read_held(desk))
    assert members, "the seeded team has recent callers"
    assert held == members
    outsider, _name, phone = bank.outsider(held)
    assert outsider not in held
    assert _indexed(desk, phone) == [outsider]  # the index knows who has the number

    pop = desk.customers.screen_pop(phone)  # online: the 360 comes from the backend
    assert pop.source == "backend"
    assert pop.profile is not None and pop.profile.id == outsider
    views = bank.audited_views(outsider)
    assert [(v["username"], v["entity_id"]) for v in views] == [("agent01", str(outsider))]


def test_offline_a_caller_outside_the_working_set_is_named_not_unknown(
    bank: Bank, desk: AppServices
) -> None:
    assert desk.sync.sync_now()
    outsider, _name, phone = bank.outsider(set(_read_held(desk)))
    _go_offline(bank, desk)

    pop = desk.customers.screen_pop(phone)

    assert pop.profile is None and not pop.candidates
    assert pop.indexed == (outsider,)
    assert not pop.unknown


def test_a_customer_who_leaves_the_working_set_is_gone_from_the_cache_file(
    bank: Bank, desk: AppServices
) -> None:
    assert desk.sync.sync_now()
    outsider, name, phone = bank.outsider(set(_read_held(desk)))
    desk.customers.screen_pop(phone)  # the agent looks at them: they enter the working set
    assert desk.sync.sync_now()
    assert outsider in _read_held(desk)
    key = _cache_key(desk)
    path = desk.sync.store.path
    desk.sync.store.scrub()
    assert name.encode() in _plaintext_of(path, key)  # the check can see them

    bank.clock.now += timedelta(days=DAYS + 1)  # nobody looks at them again for a month
    assert outsider not in bank.working_set()
    desk.session.login(SERVER, "agent01", "demo")  # a new day's sign-in
    assert desk.sync.sync_now()

    assert outsider not in _read_held(desk)
    assert _indexed(desk, phone) == [outsider]  # a pop still knows who calls
    with desk.sync.store.read() as conn:  # deleted rows are overwritten, not only unlinked
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    desk.close()  # the file as it stays on the disk
    plain = _plaintext_of(path, key)
    assert name.encode() not in plain
    assert phone.encode() not in plain
    assert phone.lstrip("+").encode() not in plain


def test_an_offline_view_from_the_cache_reaches_the_audit_trail_once(
    bank: Bank, desk: AppServices
) -> None:
    assert desk.sync.sync_now()
    customer_id = sorted(_read_held(desk))[0]
    before = len(bank.audited_views(customer_id))
    _go_offline(bank, desk)

    profile = desk.customers.profile(customer_id)  # from the cache

    assert profile.id == customer_id
    desk.customers.flush_views()  # queued off the calling thread
    with desk.sync.store.read() as conn:
        queued = [m for m in outbox.pending(conn) if m.kind is MutationKind.CUSTOMER_VIEW]
    assert [m.entity_id for m in queued] == [str(customer_id)]
    bank.switch.down = False
    report = desk.sync.engine.push_pending()
    assert report.done == 1
    # The answer was lost and the view is sent again: still one row.
    again = desk.session.api.push(
        PushRequest(workstation_id=desk.session.workstation_id, mutations=queued)
    )
    assert again.results[0].status is ResultStatus.DUPLICATE

    views = bank.audited_views(customer_id)[: len(bank.audited_views(customer_id)) - before]
    assert len(views) == 1
    assert views[0]["username"] == "agent01"
    assert views[0]["workstation_id"] == desk.session.workstation_id
    assert views[0]["detail"] == {"source": "cache"}
    assert views[0]["at"] == bank.clock.now


def test_a_first_sync_in_bulk_fills_the_working_set_and_the_index(
    bank: Bank, desk: AppServices
) -> None:
    engine = SyncEngine(
        desk.session.api,
        desk.sync.store,
        EventBus(),
        bank.clock,
        desk.session.workstation_id,
        page_size=10,
        bulk_min_changes=1,
        bulk_workers=1,  # pages prepared on a worker process, as an initial sync's are
        scope=CacheScope.WORKING_SET,
    )

    report = engine.pull()

    assert report.pages > 2 and report.working_set is not None
    held = set(_read_held(desk))
    assert held == bank.working_set()
    outsider, _name, phone = bank.outsider(held)
    assert _indexed(desk, phone) == [outsider]
    with desk.sync.store.read() as conn:  # the search index was built at the end
        someone = customer_records_of(conn, [min(held)])[0]
        assert someone.id in {r.id for r in search_customers(conn, someone.name, 20)}


def test_a_server_that_allows_no_full_cache_serves_the_working_set(
    database_url: str, tmp_path: Path
) -> None:
    seed_database(database_url, customers=20, progress=False, reference=T0.date())
    app = create_app(
        ServerSettings(cache_scope_all_allowed=False),
        database_url,
        telephony=TelephonySettings(tick_seconds=0, simulator=SimulatorSettings(call_rate=0)),
        demo=True,
        clock=FakeClock(),
        signing_keys=TEST_KEYS,
    )
    with TestClient(app) as client:
        api = ApiClient(client)
        api.login("agent01", "demo", "ws-a")
        page = api.changes(0, 1000)  # a desk that asks for every customer (or predates scopes)
    assert page.scope is CacheScope.WORKING_SET
    assert page.working_set is not None
    assert {c.id for c in page.customers} <= set(page.working_set)
    assert len(page.customers) + len(page.phone_index) == 20


def test_a_full_cache_switched_to_the_working_set_keeps_only_the_set(bank: Bank) -> None:
    full = bank.desk("ws-b", cache_scope="all")
    full.session.login(SERVER, "agent01", "demo")
    assert full.sync.sync_now()
    assert len(_read_held(full)) == 40
    full.close()

    scoped = bank.desk("ws-b")  # IT changed the system file: the same desk, the default scope
    try:
        scoped.session.login(SERVER, "agent01", "demo")
        assert scoped.sync.sync_now()
        held = set(_read_held(scoped))
        assert held == bank.working_set()
        outsider, _name, phone = bank.outsider(held)
        assert _indexed(scoped, phone) == [outsider]
    finally:
        scoped.close()
