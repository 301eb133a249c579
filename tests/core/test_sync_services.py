"""The services' local side: the cache key in the keyring (never in plaintext), and screen-pop
from the cache with no backend at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from agentdesk.cache import sync_state
from agentdesk.cache.store import CacheStore
from agentdesk.client import ApiClient
from agentdesk.contract.customers import SegmentInfo, TierReason
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import ChangesPage, CustomerRecord
from agentdesk.credentials import CredentialStore
from agentdesk.domain.tiers import Tier
from agentdesk.events import Connectivity, EventBus
from agentdesk.services.customers import CustomerService
from agentdesk.services.local_cache import CACHE_FILE, LocalCache
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker
from tests.keyring_backend import MemoryKeyring

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    local = LocalCache(tmp_path / "data", CredentialStore(), "ws-test")
    yield local
    local.close()


def _record(n: int, phone: str) -> CustomerRecord:
    return CustomerRecord.model_validate(
        {
            "id": n,
            "cif": f"CIF{n:08d}",
            "name": "张三",
            "birth_year": 1980,
            "id_number_masked": "110***********1234",
            "id_last4": "1234",
            "phones": [phone],
            "tier": "mass",
            "aum": "1000.00",
            "yearly_revenue": "10.00",
            "risk_profile": "C3",
            "risk_assessed_on": "2026-01-01",
            "updated_at": NOW.isoformat(),
        }
    )


def test_the_cache_key_is_made_once_and_kept_in_the_keyring_only(
    cache: LocalCache, test_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    store = cache.open()
    store.write(lambda conn: sync_state.set_value(conn, "probe", "kept"))
    cache.close()
    (key,) = [v for (service, name), v in test_keyring.secrets.items() if "cache-key" in name]
    assert len(key) == 64 and cache.persistent and cache.problem is None
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert key.encode() not in on_disk and bytes.fromhex(key) not in on_disk

    with cache.open().read() as conn:  # reopened with the same key
        assert sync_state.get_value(conn, "probe") == "kept"


def test_a_key_that_no_longer_opens_the_cache_moves_the_file_aside(
    cache: LocalCache, test_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    cache.open().write(lambda conn: sync_state.set_value(conn, "probe", "old"))
    cache.close()
    test_keyring.secrets.clear()  # the keyring was reset

    with cache.open().read() as conn:
        assert sync_state.get_value(conn, "probe") is None
    assert list((tmp_path / "data").glob(f"{CACHE_FILE}.unreadable-*"))


def test_without_a_secure_keyring_the_cache_lives_for_the_session_and_says_so(
    cache: LocalCache, tmp_path: Path
) -> None:
    cache.open().write(lambda conn: sync_state.set_value(conn, "probe", "queued"))
    cache.close()
    before = (tmp_path / "data" / CACHE_FILE).read_bytes()
    keyring.set_keyring(fail.Keyring())

    store = cache.open()
    store.write(lambda conn: sync_state.set_value(conn, "probe", "session"))

    assert not cache.persistent and cache.problem is not None
    assert cache.problem.startswith("offline changes will not survive a restart")
    assert "keyring" in cache.problem  # how to fix it
    assert (tmp_path / "data" / CACHE_FILE).read_bytes() == before  # kept for the keyring
    cache.close()
    assert [p.name for p in (tmp_path / "data").iterdir()] == [CACHE_FILE]


def test_screen_pop_comes_from_the_cache_with_no_backend(cache: LocalCache, tmp_path: Path) -> None:
    page = ChangesPage(
        cursor=2,
        high_water=2,
        has_more=False,
        customers=[_record(1, "+8613812345678"), _record(2, "+8613900000000")],
    )
    store: CacheStore = cache.open()
    store.write(lambda conn: sync_state.apply_changes(conn, page), durable=False)

    def no_backend(url: str) -> ApiClient:
        raise AssertionError("screen-pop must not reach for the backend while offline")

    bus = EventBus()
    session = SessionService(
        no_backend, CredentialStore(), bus, data_dir=tmp_path / "data", workstation_id="ws-test"
    )
    tracker = ConnectivityTracker(bus, initial=Connectivity.OFFLINE)
    customers = CustomerService(session, cache, tracker)

    pop = customers.screen_pop("138 1234 5678")
    assert pop.source == "cache" and pop.profile is not None
    assert pop.profile.id == 1 and pop.profile.name == "张三"
    assert "+8613812345678" not in pop.profile.model_dump_json()  # masked as the backend does

    unknown = customers.screen_pop("+86 137 0000 0000")
    assert unknown.unknown and unknown.phone_e164 == "+8613700000000"
    assert customers.refresh_screen_pop(pop) is None  # offline: keep the cached view


def _contact(iid: int, days_ago: int) -> Interaction:
    return Interaction(
        id=iid,
        customer_id=1,
        channel=Channel.PHONE_IN,
        started_at=NOW - timedelta(days=days_ago),
        wrap_up_code="resolved",
        notes=f"contact {iid}",
    )


def test_the_360s_timeline_adds_the_older_contacts_the_backend_sent_after_the_caches(
    cache: LocalCache, tmp_path: Path
) -> None:
    # The cache holds the sync window's contacts; the backend's 360 also lists older ones.
    within = [_contact(10, 0), _contact(11, 1)]
    page = ChangesPage(
        cursor=1,
        high_water=1,
        has_more=False,
        customers=[_record(1, "+8613812345678")],
        interactions=within,
    )
    cache.open().write(lambda conn: sync_state.apply_changes(conn, page), durable=False)
    session = SessionService(
        lambda url: ApiClient(httpx.Client()),
        CredentialStore(),
        EventBus(),
        data_dir=tmp_path / "data",
        workstation_id="ws-test",
    )
    customers = CustomerService(session, cache)
    profile = customers.cached_profile(1)
    assert profile is not None
    from_backend = profile.model_copy(
        update={"recent_interactions": [_contact(11, 1), _contact(3, 200), _contact(2, 300)]}
    )

    timeline = customers.timeline(from_backend)

    assert timeline.count(None, None) == 4  # contact 11 once: the cache has it
    assert [i.id for i in timeline.page(None, None, 0, 10)] == [10, 11, 3, 2]
    assert [i.id for i in timeline.page(None, None, 1, 2)] == [11, 3]
    assert [i.id for i in timeline.page(None, None, 3, 5)] == [2]
    assert timeline.count(None, "contact 3") == 1
    assert [i.id for i in timeline.page(None, "contact 3", 0, 5)] == [3]


def test_the_cached_360_carries_the_tier_reason_segments_and_a_merge(
    cache: LocalCache, tmp_path: Path
) -> None:
    # Offline, the header's hover texts come from the record the feed brought.
    record = _record(1, "+8613812345678").model_copy(
        update={
            "tier": Tier.GOLD,
            "tier_reason": TierReason(
                basis="contribution", figure=Decimal("6000"), threshold=Decimal("5000")
            ),
            "segment_details": [
                SegmentInfo(
                    code="activity:at_risk",
                    kind="activity",
                    value="at_risk",
                    reason="inactive_days",
                    figures={"days": "90", "threshold_days": "90"},
                )
            ],
        }
    )
    merged = _record(2, "+8613900000000").model_copy(update={"provisional": True, "merged_into": 1})
    page = ChangesPage(cursor=1, high_water=1, has_more=False, customers=[record, merged])
    cache.open().write(lambda conn: sync_state.apply_changes(conn, page), durable=False)
    session = SessionService(
        lambda url: ApiClient(httpx.Client()),
        CredentialStore(),
        EventBus(),
        data_dir=tmp_path / "data",
        workstation_id="ws-test",
    )
    customers = CustomerService(session, cache)
    profile = customers.cached_profile(1)
    assert profile is not None
    assert profile.tier_reason == record.tier_reason
    assert profile.segment_details == record.segment_details
    assert (customers.merged_into(1), customers.merged_into(2)) == (None, 1)
