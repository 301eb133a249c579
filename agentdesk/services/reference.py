"""Reference data the desktop keeps in full: the product shelf, wrap-up codes, queues and
complaint categories (DESIGN.md §4).

Every list is looked up the same way: this session's copy, else the one in the encrypted
cache's key/values (``reference.<stem>``), else the backend's (then cached), else the copy
shipped with the app (``resources/reference/<stem>.yaml``). So a workstation that has never
reached the backend still has every list, and one that has keeps the server's through a
restart offline. ``refresh`` fetches every list again (after sign-in) and replaces the copies
in use.

Threading: the lists may call the backend the first time and ``refresh`` does; the UI calls
them from background operations. The copies in use are guarded by a lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from agentdesk.cache import sync_state
from agentdesk.client import ApiClient
from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.errors import AgentDeskError, ApiError, BackendUnavailable
from agentdesk.events import Connectivity
from agentdesk.resources import resource_path
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = [
    "COMPLAINT_CATEGORIES",
    "PRODUCTS",
    "QUEUES",
    "WRAP_UP_CODES",
    "ReferenceList",
    "ReferenceRefresh",
    "ReferenceService",
]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ReferenceList(Generic[M]):
    """One reference list: its stem names the cache key, the shipped file and the server's
    list alike, so the three never drift apart."""

    stem: str
    model: type[M]
    fetch: Callable[[ApiClient], M]

    @property
    def key(self) -> str:
        return f"reference.{self.stem}"


# "reference.products" is the key the product shelf was cached under before the other lists
# joined it: workstations that cached a shelf keep using it.
PRODUCTS = ReferenceList("products", ProductShelf, ApiClient.product_shelf)
WRAP_UP_CODES = ReferenceList("wrap_up_codes", WrapUpCodeList, ApiClient.wrap_up_codes)
QUEUES = ReferenceList("queues", QueueList, ApiClient.queues)
COMPLAINT_CATEGORIES = ReferenceList(
    "complaint_categories", ComplaintCategoryList, ApiClient.complaint_categories
)


@dataclass(frozen=True)
class ReferenceRefresh:
    """What one ``refresh`` fetched from the backend; None for a list it could not fetch."""

    products: ProductShelf | None = None
    wrap_up_codes: WrapUpCodeList | None = None
    queues: QueueList | None = None
    complaint_categories: ComplaintCategoryList | None = None

    @property
    def complete(self) -> bool:
        return None not in (
            self.products,
            self.wrap_up_codes,
            self.queues,
            self.complaint_categories,
        )


class ReferenceService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        connectivity: ConnectivityTracker | None = None,
    ) -> None:
        self._session = session
        self._cache = cache
        self._connectivity = connectivity
        self._lock = threading.Lock()
        self._held: dict[str, BaseModel] = {}

    def products(self) -> ProductShelf:
        return self._get(PRODUCTS)

    def wrap_up_codes(self) -> WrapUpCodeList:
        return self._get(WRAP_UP_CODES)

    def queues(self) -> QueueList:
        return self._get(QUEUES)

    def complaint_categories(self) -> ComplaintCategoryList:
        return self._get(COMPLAINT_CATEGORIES)

    def refresh(self) -> ReferenceRefresh:
        """Fetch every list from the backend, cache it and use it from now on (e.g. after
        sign-in). A list that cannot be fetched stays as it is; an unreachable backend is
        asked once, not once per list, and never raises."""
        unreachable = False

        def fetch(kind: ReferenceList[M]) -> M | None:
            nonlocal unreachable
            if unreachable:
                return None
            try:
                fetched = self._fetch(kind)
            except BackendUnavailable:
                unreachable = True
                return None
            if fetched is not None:
                with self._lock:
                    self._held[kind.stem] = fetched
            return fetched

        return ReferenceRefresh(
            products=fetch(PRODUCTS),
            wrap_up_codes=fetch(WRAP_UP_CODES),
            queues=fetch(QUEUES),
            complaint_categories=fetch(COMPLAINT_CATEGORIES),
        )

    # -- internals -----------------------------------------------------------------------

    def _get(self, kind: ReferenceList[M]) -> M:
        with self._lock:
            held = self._held.get(kind.stem)
        if held is not None:
            return cast(M, held)
        value = self._cached(kind) or self._fetch_quietly(kind) or _shipped(kind)
        with self._lock:
            # A refresh that finished meanwhile is newer than what this lookup found.
            return cast(M, self._held.setdefault(kind.stem, value))

    def _cached(self, kind: ReferenceList[M]) -> M | None:
        try:
            text = self._cache.read(lambda conn: sync_state.get_value(conn, kind.key))
        except AgentDeskError:
            return None
        if not text:
            return None
        try:
            return kind.model.model_validate_json(text)
        except ValidationError:
            log.warning("the cached %s list is unreadable; fetching it again", kind.stem)
            return None

    def _fetch_quietly(self, kind: ReferenceList[M]) -> M | None:
        try:
            return self._fetch(kind)
        except BackendUnavailable:
            return None

    def _fetch(self, kind: ReferenceList[M]) -> M | None:
        """The backend's list, cached; None when there is no session, the workstation is
        offline or the backend refused. Raises BackendUnavailable (already counted by the
        connectivity tracker) so a refresh can stop asking."""
        if self._session.user is None:
            return None
        if self._connectivity is not None and self._connectivity.state is Connectivity.OFFLINE:
            return None
        try:
            fetched = kind.fetch(self._session.api)
        except BackendUnavailable as exc:
            log.info("%s list not fetched: %s", kind.stem, exc.code)
            if self._connectivity is not None:
                self._connectivity.record_failure(exc)
            raise
        except ApiError as exc:
            log.info("%s list not fetched: %s", kind.stem, exc.code)
            return None
        text = fetched.model_dump_json()
        try:
            # Refilled from the server: a lost commit only means fetching it again.
            self._cache.open().write(
                lambda conn: sync_state.set_value(conn, kind.key, text), durable=False
            )
        except AgentDeskError as exc:
            log.warning("%s list fetched but not cached: %s", kind.stem, exc.code)
        return fetched


def _shipped(kind: ReferenceList[M]) -> M:
    path = resource_path("reference", f"{kind.stem}.yaml")
    return kind.model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
