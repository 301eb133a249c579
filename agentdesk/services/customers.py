"""Customers as the agent sees them: screen-pop by phone, the customer 360 profile, search,
the interaction timeline and the agent's tasks for the customer.

Screen-pop reads the encrypted cache first: a caller in the working set pops at once, online
or not. Only a number the cache does not know goes to the backend, and only while it is
reachable; ``refresh_screen_pop`` then fetches the backend's fresh 360 for a cached pop, which
the UI runs in the background after showing the cached one.

Search, the timeline and tasks read the cache only: instant, and the same online or offline.
The timeline is paged (``timeline_count`` and ``timeline_page``) for a Qt model that fetches
more as the agent scrolls; rows made here and not yet on the server have a negative id. A 360
from the backend may bring recent interactions the cache does not hold (from before the sync
window): the 360's timeline shows them after the cache's, so a wrap-up saved for that customer
adds to the history shown rather than replacing it.

A desk whose cache holds only the agent's working set (``[desktop] cache_scope``) knows every
other customer's number only through the phone index (ids, no profile): such a caller's pop
fetches the 360 from the backend by the id the index gave; offline it says which customer
calls (``ScreenPop.indexed``) and that their profile is not on this desk. Every 360 shown from
the cache is queued in the outbox as a ``customer.view`` for the backend's audit trail (the
backend audits the 360s it serves itself). The entry is written on a thread of its own, durably:
a pop that waited for it waited for an fsync, and for the single writer when a sync was applying
a page (measured: the cached pop's p50 rose by half).

An unknown caller (``create_provisional_contact``) gets a provisional pop that keeps the
number in E.164; the wrap-up of that call is recorded with it (``customer_id`` None and
``phone_e164``), and the server links it to the customer who has the number (only when exactly
one has it), after which the pull brings the linked interaction back.

Threading: the methods block (cache reads, network); the UI calls them from background
operations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection

from agentdesk.cache import records, tickets
from agentdesk.cache.customers import customers_by_phone, get_customer, search_customers
from agentdesk.cache.outbox import enqueue
from agentdesk.cache.phone_index import customers_with_phone
from agentdesk.cache.schema import interactions
from agentdesk.contract.customers import (
    AlertKind,
    CustomerAlert,
    CustomerProfile,
    CustomerSummary,
)
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import CustomerRecord, CustomerView, MutationKind, Task
from agentdesk.contract.tickets import TicketStatus, TicketSummary
from agentdesk.domain.masking import mask_phone
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.errors import AgentDeskError, BackendUnavailable, NotFound, SessionExpired
from agentdesk.events import Connectivity
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService
from agentdesk.services.tasks import customer_tasks
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["CachedTimeline", "CustomerService", "RecentTimeline", "ScreenPop"]

log = logging.getLogger(__name__)

RECENT_INTERACTIONS = 20
SEARCH_LIMIT = 50
_CLOSED = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


@dataclass(frozen=True)
class ScreenPop:
    """What the agent sees when a call is offered.

    One match: ``profile`` is the caller's 360. Several (a family sharing a number): the
    ``candidates`` to choose from, never a guess. None: an unknown caller, unless
    ``indexed`` names the customers the phone index knows with the number (a working-set
    cache, offline: who calls is known, their profile is not on this desk). ``source`` says
    where it came from: ``cache`` (instant, possibly a little behind) or ``backend``.
    ``provisional``: an unknown caller's pop, whose wrap-up is recorded with ``phone_e164``
    and linked to a customer by the server.
    """

    phone: str
    phone_e164: str | None
    candidates: list[CustomerSummary]
    profile: CustomerProfile | None = None
    source: Literal["cache", "backend"] = "backend"
    provisional: bool = False
    indexed: tuple[int, ...] = ()

    @property
    def unknown(self) -> bool:
        return not self.candidates and not self.indexed


def _alerts(record: CustomerRecord, has_open_ticket: bool) -> list[CustomerAlert]:
    alerts = list(record.alerts)
    if has_open_ticket and all(a.kind != AlertKind.OPEN_COMPLAINT for a in alerts):
        alerts.append(CustomerAlert(kind=AlertKind.OPEN_COMPLAINT))
    return alerts


def _summary(record: CustomerRecord, phone: str | None, open_tickets: bool) -> CustomerSummary:
    shown = phone or (record.phones[0] if record.phones else "")
    return CustomerSummary(
        id=record.id,
        cif=record.cif,
        name=record.name,
        name_pinyin=record.name_pinyin,
        tier=record.tier,
        risk_profile=record.risk_profile,
        risk_assessed_on=record.risk_assessed_on,
        phone_masked=mask_phone(shown) if shown else "",
        alerts=_alerts(record, open_tickets),
    )


def _open_tickets(conn: Connection, customer_id: int) -> list[TicketSummary]:
    return [
        TicketSummary.model_validate(t.model_dump())
        for t in tickets.tickets_for_customer(conn, customer_id, open_only=True)
        if t.status not in _CLOSED
    ]


def cached_profile(conn: Connection, record: CustomerRecord) -> CustomerProfile:
    """The customer 360 as the cache knows it (masked the same way as the backend's)."""
    open_tickets = _open_tickets(conn, record.id)
    recent = records.interactions_for_customer(conn, record.id, limit=RECENT_INTERACTIONS)
    return CustomerProfile(
        **_summary(record, None, bool(open_tickets)).model_dump(),
        language=record.language,
        birth_year=record.birth_year,
        id_number_masked=record.id_number_masked,
        email_masked=record.email_masked,
        phones_masked=[mask_phone(p) for p in record.phones],
        aum=record.aum,
        yearly_revenue=record.yearly_revenue,
        segments=list(record.segments),
        tier_reason=record.tier_reason,
        segment_details=list(record.segment_details),
        relationship_manager=record.relationship_manager,
        marketing_consent=record.marketing_consent,
        do_not_call=record.do_not_call,
        holdings=record.holdings,
        recent_interactions=[i.model_dump() for i in recent],
        open_tickets=open_tickets,
    )


def _cached_profile_of(conn: Connection, customer_id: int) -> CustomerProfile | None:
    record = get_customer(conn, customer_id)
    return None if record is None else cached_profile(conn, record)


class CachedTimeline:
    """A customer's timeline as the cache holds it (every channel, pending rows included), then
    ``older``: interactions the backend sent with the 360 that the cache does not hold, which
    are from before the sync window (one the pull has not brought yet shows there meanwhile)."""

    def __init__(
        self, customers: CustomerService, customer_id: int, older: Sequence[Interaction] = ()
    ) -> None:
        self._customers = customers
        self.customer_id = customer_id
        self._older = RecentTimeline(customer_id, older) if older else None

    def count(self, channel: Channel | None, text: str | None) -> int:
        cached = self._customers.timeline_count(self.customer_id, channel=channel, text=text)
        return cached + (self._older.count(channel, text) if self._older else 0)

    def page(
        self, channel: Channel | None, text: str | None, offset: int, limit: int
    ) -> Sequence[Interaction]:
        rows = self._customers.timeline_page(
            self.customer_id, channel=channel, text=text, offset=offset, limit=limit
        )
        if self._older is None or len(rows) == limit:
            return rows
        cached = self._customers.timeline_count(self.customer_id, channel=channel, text=text)
        start = max(offset - cached, 0)
        return [*rows, *self._older.page(channel, text, start, limit - len(rows))]


class RecentTimeline:
    """The recent interactions the backend sent with a 360, for a customer the cache does not
    hold yet; filtered the way the cache filters (text inside notes, reason, code or agent)."""

    def __init__(self, customer_id: int, interactions: Sequence[Interaction]) -> None:
        self.customer_id = customer_id
        self._rows = sorted(interactions, key=lambda i: i.started_at, reverse=True)

    def count(self, channel: Channel | None, text: str | None) -> int:
        return len(self._matching(channel, text))

    def page(
        self, channel: Channel | None, text: str | None, offset: int, limit: int
    ) -> Sequence[Interaction]:
        return self._matching(channel, text)[offset : offset + limit]

    def _matching(self, channel: Channel | None, text: str | None) -> list[Interaction]:
        needle = (text or "").casefold()
        return [
            i
            for i in self._rows
            if (channel is None or i.channel == channel)
            and (
                not needle
                or any(needle in f.casefold() for f in (i.notes, i.reason, i.wrap_up_code, i.agent))
            )
        ]


class CustomerService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache | None = None,
        connectivity: ConnectivityTracker | None = None,
        *,
        sync: SyncService | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._cache = cache
        self._connectivity = connectivity
        self._sync = sync
        self._clock = clock
        # One thread writes the views to audit, in the order they were seen.
        self._views = ThreadPoolExecutor(1, thread_name_prefix="agentdesk-view-audit")

    def screen_pop(self, phone: str) -> ScreenPop:
        try:
            e164 = normalize_phone(phone)
        except InvalidPhoneNumber:
            return ScreenPop(phone, None, [])
        cached = self._from_cache(phone, e164)
        if cached is not None and cached.candidates:
            if cached.profile is not None:
                self._audit_cached_view(cached.profile.id)
            return cached
        if not self._backend_reachable():
            return cached or ScreenPop(phone, e164, [], source="cache")
        try:
            if cached is not None and len(cached.indexed) == 1:
                return self._indexed_from_backend(cached)
            return self._from_backend(phone, e164)
        except BackendUnavailable as exc:
            self._note_failure(exc)
            return cached or ScreenPop(phone, e164, [], source="cache")

    def refresh_screen_pop(self, pop: ScreenPop) -> ScreenPop | None:
        """The backend's fresh view of a cached pop, or None when offline (keep the cached)."""
        if pop.phone_e164 is None or not self._backend_reachable():
            return None
        try:
            return self._from_backend(pop.phone, pop.phone_e164)
        except BackendUnavailable as exc:
            self._note_failure(exc)
            return None

    def profile(self, customer_id: int) -> CustomerProfile:
        if self._backend_reachable():
            try:
                return self._session.api.get_customer(customer_id)
            except BackendUnavailable as exc:
                self._note_failure(exc)
                if self._cache is None:
                    raise
        if self._cache is not None:
            found = self._cache.read(lambda conn: _cached_profile_of(conn, customer_id))
            if found is not None:
                self._audit_cached_view(customer_id)
                return found
        raise NotFound(f"customer {customer_id} is not in the cache while offline")

    def cached_profile(self, customer_id: int) -> CustomerProfile | None:
        """The 360 as the cache holds it now (None when it does not hold the customer): what an
        open 360 reads again when the customer's records change. The change is in the cache
        already, and an automatic re-read is no new look at the customer to audit."""
        if self._cache is None:
            return None
        return self._cache.read(lambda conn: _cached_profile_of(conn, customer_id))

    def merged_into(self, customer_id: int) -> int | None:
        """The customer a provisional contact was merged into, as the feed says (None when
        it was not, or the cache does not hold it)."""
        if self._cache is None:
            return None
        record = self._cache.read(lambda conn: get_customer(conn, customer_id))
        return record.merged_into if record is not None else None

    # -- search, timeline, tasks (cache only) ---------------------------------------------

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[CustomerSummary]:
        """Customers matching what the agent typed (name, pinyin, initials, CIF, ID last 4,
        phone digits), best first, from the cache; phones masked."""
        if self._cache is None or not text.strip():
            return []

        def read(conn: Connection) -> list[CustomerSummary]:
            found = search_customers(conn, text.strip(), limit)
            return [_summary(r, None, bool(_open_tickets(conn, r.id))) for r in found]

        return self._cache.read(read)

    def timeline_count(
        self,
        customer_id: int,
        *,
        channel: Channel | str | None = None,
        text: str | None = None,
    ) -> int:
        """How many interactions the filtered timeline has (the Qt model's row count)."""
        if self._cache is None:
            return 0
        return self._cache.read(
            lambda conn: records.count_interactions(
                conn, customer_id, channel=channel, text=text or None
            )
        )

    def timeline_page(
        self,
        customer_id: int,
        *,
        channel: Channel | str | None = None,
        text: str | None = None,
        offset: int,
        limit: int,
    ) -> list[Interaction]:
        """One page of the filtered timeline, newest first; ``text`` matches inside notes,
        reason, wrap-up code or agent. Rows made here and not yet on the server have a
        negative id (and ``pending``)."""
        if self._cache is None or limit <= 0:
            return []
        return list(
            self._cache.read(
                lambda conn: records.interactions_for_customer(
                    conn,
                    customer_id,
                    channel=channel,
                    text=text or None,
                    offset=max(offset, 0),
                    limit=limit,
                )
            )
        )

    def timeline(self, profile: CustomerProfile) -> CachedTimeline:
        """The 360's timeline: the cache's, then the recent interactions the backend sent with
        the profile that the cache does not hold (for a caller whose history is older than
        the sync window, all there is to show)."""
        recent = profile.recent_interactions
        if recent and self._cache is not None:
            keys = [(i.id, i.client_id) for i in recent]
            held = self._cache.read(lambda conn: records.match_rows(conn, interactions, keys))
            recent = [i for i in recent if i.id not in held]
        return CachedTimeline(self, profile.id, recent)

    def tasks(self, customer_id: int, *, include_done: bool = False) -> list[Task]:
        """This agent's follow-up tasks for the customer, soonest due first."""
        user = self._session.user
        if user is None:
            raise SessionExpired("not signed in")
        if self._cache is None:
            return []
        return customer_tasks(self._cache, user.username, customer_id, include_done=include_done)

    def create_provisional_contact(self, phone: str) -> ScreenPop:
        """The pop for a caller nobody knows yet (not in the cache, or the backend is out of
        reach): provisional, with the number normalised to E.164 so that the wrap-up keeps it
        and the server can link the interaction to the customer who has the number. A number
        that is not a phone number keeps ``phone_e164`` None (nothing to link by)."""
        try:
            e164: str | None = normalize_phone(phone)
        except InvalidPhoneNumber:
            e164 = None
        return ScreenPop(phone, e164, [], source="cache", provisional=True)

    # -- internals -----------------------------------------------------------------------

    def _from_cache(self, phone: str, e164: str) -> ScreenPop | None:
        if self._cache is None:
            return None
        cache = self._cache

        def read(conn: Connection) -> ScreenPop:
            found = customers_by_phone(conn, e164)
            candidates = [_summary(r, e164, bool(_open_tickets(conn, r.id))) for r in found]
            profile = cached_profile(conn, found[0]) if len(found) == 1 else None
            indexed: tuple[int, ...] = ()
            if not found:
                indexed = tuple(customers_with_phone(conn, cache.phone_index_key, e164))
            return ScreenPop(phone, e164, candidates, profile, source="cache", indexed=indexed)

        try:
            return cache.read(read)
        except AgentDeskError:
            return None  # a cache problem must not stop the pop: ask the backend

    def _indexed_from_backend(self, cached: ScreenPop) -> ScreenPop:
        """The 360 of the one customer the phone index names for the number (the cache does
        not hold them), through the same call as any 360 (audited by the backend)."""
        try:
            profile = self._session.api.get_customer(cached.indexed[0])
        except NotFound:
            # Gone since the index was written: ask who has the number now.
            return self._from_backend(cached.phone, cached.phone_e164 or "")
        if self._connectivity is not None:
            self._connectivity.record_success()
        summary = CustomerSummary.model_validate(profile.model_dump())
        return ScreenPop(cached.phone, cached.phone_e164, [summary], profile)

    def flush_views(self) -> None:
        """Wait until every view seen so far is in the outbox."""
        self._views.submit(lambda: None).result()

    def close(self) -> None:
        """At exit, before the cache closes: write the views still waiting."""
        self._views.shutdown(wait=True)

    def _audit_cached_view(self, customer_id: int) -> None:
        """Queue the look at a cached 360 for the audit trail (sent with the outbox), off the
        calling thread. A desk that does not sync (no cache, or no sync service: a test's
        service) has nothing to queue."""
        if self._cache is None or self._sync is None or customer_id <= 0:
            return
        self._views.submit(self._queue_view, self._cache, customer_id, self._clock())

    @staticmethod
    def _queue_view(cache: LocalCache, customer_id: int, at: datetime) -> None:
        data = CustomerView(customer_id=customer_id)
        try:
            cache.open().write(
                lambda conn: enqueue(
                    conn, MutationKind.CUSTOMER_VIEW, str(customer_id), data, now=at
                ),
                durable=True,
            )
        except AgentDeskError as exc:  # the cache closed or failed: nothing else to do here
            log.warning("a view of a cached profile could not be queued for audit: %s", exc.code)
        # No wake of the runner: the view leaves with its next round (a minute at most, sooner
        # with any change), and it is no change of the agent's to count in the status bar.

    def _from_backend(self, phone: str, e164: str) -> ScreenPop:
        api = self._session.api
        try:
            lookup = api.lookup_by_phone(e164)
        except NotFound:
            return ScreenPop(phone, e164, [])
        profile = None
        if len(lookup.matches) == 1:
            profile = api.get_customer(lookup.matches[0].id)
        if self._connectivity is not None:
            self._connectivity.record_success()
        return ScreenPop(phone, lookup.phone_e164, lookup.matches, profile)

    def _backend_reachable(self) -> bool:
        if self._session.user is None:
            return False
        # Degraded still tries (a slow answer beats none); offline does not wait on timeouts.
        return self._connectivity is None or self._connectivity.state is not Connectivity.OFFLINE

    def _note_failure(self, error: BackendUnavailable) -> None:
        if self._connectivity is not None:
            self._connectivity.record_failure(error)
