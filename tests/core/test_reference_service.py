"""Reference lists come from this session, else the encrypted cache, else the backend (then
cached), else the copies shipped with the app; the product shelf of the offers is one of them.

httpx.MockTransport plays the backend here (a list of its own version, so a test can tell it
from the shipped one); the real app's lists are checked in
tests/contract/test_customer_services_in_process.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pydantic import BaseModel

from agentdesk.cache import sync_state
from agentdesk.client import ApiClient
from agentdesk.contract.reference import QueueInfo, WrapUpCode, WrapUpCodeList
from agentdesk.credentials import CredentialStore
from agentdesk.events import Connectivity, EventBus
from agentdesk.resources import resource_path
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.reference import (
    COMPLAINT_CATEGORIES,
    PRODUCTS,
    QUEUES,
    WRAP_UP_CODES,
    ReferenceList,
    ReferenceRefresh,
    ReferenceService,
)
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker

SERVER = "http://backend.test"
LISTS = (PRODUCTS, WRAP_UP_CODES, QUEUES, COMPLAINT_CATEGORIES)

_USER = {"id": 1, "username": "agent01", "display_name": "Agent One", "role": "agent"}
_SERVED = {
    "/reference/products": {
        "version": "server",
        "products": [
            {"code": "S-1", "name_zh": "测试", "name_en": "Test", "risk": "R2", "kind": "fund"}
        ],
    },
    "/reference/wrap-up-codes": {
        "version": "server",
        "codes": [{"code": "server_code", "label_zh": "服务端", "label_en": "From the server"}],
    },
    "/reference/queues": {
        "version": "server",
        "queues": [{"code": "vip", "label_zh": "贵宾", "label_en": "VIP"}],
    },
    "/reference/complaint-categories": {
        "version": "server",
        "categories": [{"code": "fees", "label_zh": "收费", "label_en": "Fees"}],
    },
}


class Backend:
    """Answers sign-in and the four lists; ``down`` makes every request fail to connect."""

    def __init__(self) -> None:
        self.down = False
        self.asked: list[str] = []  # answered
        self.attempts = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        self.asked.append(request.url.path)
        if request.url.path == "/auth/login":
            tokens = {"access_token": "a" * 20, "refresh_token": "r" * 20, "expires_in": 900}
            return httpx.Response(200, json={**tokens, "user": _USER})
        return httpx.Response(200, json=_SERVED[request.url.path])


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LocalCache]:
    local = LocalCache(tmp_path / "data", CredentialStore(), "ws-test")
    yield local
    local.close()


@pytest.fixture
def backend() -> Backend:
    return Backend()


ServiceFactory = Callable[..., ReferenceService]


@pytest.fixture
def make_reference(cache: LocalCache, backend: Backend, tmp_path: Path) -> ServiceFactory:
    """A new ReferenceService (as after a restart) over the same cache; signed in or not."""

    def make(*, signed_in: bool = False, offline: bool = False) -> ReferenceService:
        def api_for(url: str) -> ApiClient:
            return ApiClient(httpx.Client(base_url=url, transport=httpx.MockTransport(backend)))

        bus = EventBus()
        connectivity = ConnectivityTracker(
            bus, initial=Connectivity.OFFLINE if offline else Connectivity.ONLINE
        )
        session = SessionService(
            api_for,
            CredentialStore(),
            bus,
            data_dir=tmp_path / "data",
            workstation_id="ws-test",
            cache=cache,
        )
        if signed_in:
            session.login(SERVER, "agent01", "demo")
        return ReferenceService(session, cache, connectivity)

    return make


def _store(cache: LocalCache, key: str, text: str) -> None:
    cache.open().write(lambda conn: sync_state.set_value(conn, key, text), durable=False)


def test_offline_and_never_synced_every_list_is_the_shipped_one(
    make_reference: ServiceFactory, backend: Backend
) -> None:
    reference = make_reference(offline=True)

    assert {p.risk.value for p in reference.products().products} == {"R1", "R2", "R3", "R4", "R5"}
    codes = [c.code for c in reference.wrap_up_codes().codes]
    assert codes[:2] == ["resolved", "info_given"] and "transferred" in codes
    general = next(q for q in reference.queues().queues if q.code == "general")
    assert (general.label_en, general.label_zh) == ("General service", "综合服务")
    assert "wealth_mis_selling" in [c.code for c in reference.complaint_categories().categories]
    assert backend.asked == []


def test_a_cached_list_wins_over_the_shipped_one(
    make_reference: ServiceFactory, cache: LocalCache
) -> None:
    cached = WrapUpCodeList(
        version="cached", codes=[WrapUpCode(code="c1", label_zh="缓存", label_en="Cached")]
    )
    _store(cache, WRAP_UP_CODES.key, cached.model_dump_json())

    reference = make_reference(offline=True)
    assert reference.wrap_up_codes() == cached
    assert reference.queues().version != "cached"  # the other lists are still the shipped ones


def test_the_product_shelf_cached_before_the_other_lists_joined_is_still_used(
    make_reference: ServiceFactory, cache: LocalCache
) -> None:
    shelf = {"version": "old-cache", "products": _SERVED["/reference/products"]["products"]}
    _store(cache, "reference.products", json.dumps(shelf))
    assert make_reference(offline=True).products().version == "old-cache"


def test_a_fetched_list_is_cached_and_survives_a_new_service_offline(
    make_reference: ServiceFactory, backend: Backend
) -> None:
    online = make_reference(signed_in=True)
    assert online.queues().queues == [QueueInfo(code="vip", label_zh="贵宾", label_en="VIP")]
    assert backend.asked.count("/reference/queues") == 1
    online.queues()
    assert backend.asked.count("/reference/queues") == 1  # this session's copy from now on

    backend.down = True
    restarted = make_reference(offline=True)
    assert restarted.queues() == online.queues()
    assert restarted.queues().version == "server"


def test_refresh_fetches_every_list_and_uses_it_at_once(
    make_reference: ServiceFactory, cache: LocalCache
) -> None:
    cached = WrapUpCodeList(version="cached", codes=[])
    _store(cache, WRAP_UP_CODES.key, cached.model_dump_json())
    reference = make_reference(signed_in=True)
    assert reference.wrap_up_codes() == cached

    fetched = reference.refresh()
    assert fetched.complete
    assert fetched.wrap_up_codes is not None and fetched.wrap_up_codes.version == "server"
    assert reference.wrap_up_codes().version == "server"
    assert reference.products().version == "server"
    assert make_reference(offline=True).complaint_categories().version == "server"


def test_refresh_with_the_backend_unreachable_raises_nothing_and_asks_once(
    make_reference: ServiceFactory, backend: Backend
) -> None:
    reference = make_reference(signed_in=True)
    in_use = reference.queues()
    backend.down = True
    attempts = backend.attempts

    fetched = reference.refresh()
    assert fetched == ReferenceRefresh()  # nothing fetched
    assert reference.queues() == in_use
    assert backend.attempts == attempts + 1  # not one timeout per list


def test_refresh_without_a_session_fetches_nothing(make_reference: ServiceFactory) -> None:
    fetched = make_reference().refresh()
    assert (fetched.products, fetched.queues) == (None, None)


def _lookup(reference: ReferenceService, kind: ReferenceList[Any]) -> BaseModel:
    lookups: dict[str, Callable[[], BaseModel]] = {
        PRODUCTS.stem: reference.products,
        WRAP_UP_CODES.stem: reference.wrap_up_codes,
        QUEUES.stem: reference.queues,
        COMPLAINT_CATEGORIES.stem: reference.complaint_categories,
    }
    return lookups[kind.stem]()


@pytest.mark.parametrize("kind", LISTS, ids=lambda k: k.stem)
@pytest.mark.parametrize(
    "text",
    ['{"version": "broken", "items": ', '{"version": "x", "queues": [{"code": ""}]}'],
    ids=["not-json", "wrong-shape"],
)
def test_an_unreadable_cached_list_falls_back_to_the_shipped_one(
    make_reference: ServiceFactory, cache: LocalCache, kind: ReferenceList[Any], text: str
) -> None:
    _store(cache, kind.key, text)
    listed = _lookup(make_reference(offline=True), kind)
    assert listed == _shipped(kind)


def _shipped(kind: ReferenceList[Any]) -> BaseModel:
    text = resource_path("reference", f"{kind.stem}.yaml").read_text(encoding="utf-8")
    shipped: BaseModel = kind.model.model_validate(yaml.safe_load(text))
    return shipped
