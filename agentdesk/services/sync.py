"""SyncService: the UI's view of sync — status, what needs the agent, and the choices.

It starts the sync runner and the event listener when a session starts (online or offline)
and stops them when it ends. ``status`` is the connectivity and the count of changes waiting;
``problems`` lists the saved changes the server did not take (conflicts, rejections) with
what the agent can do; ``resolve`` carries out the agent's choice.

Threading: ``start``/``stop`` run on whichever thread publishes the session events (a
background operation); ``status`` is cheap; ``problems``/``resolve``/``sync_now`` touch the
cache or the network and belong in background operations.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from agentdesk.cache import outbox
from agentdesk.cache.outbox import OutboxProblem
from agentdesk.cache.store import CacheStore
from agentdesk.client import ApiClient
from agentdesk.contract.auth import Role
from agentdesk.contract.sync import CacheScope, FieldConflict, MutationKind, ResultStatus
from agentdesk.domain.clock import Clock
from agentdesk.errors import AgentDeskError
from agentdesk.events import Connectivity, EventBus, SessionEnded, SessionStarted
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.sync.connectivity import ConnectivityTracker
from agentdesk.sync.engine import CONFLICT_CHOICES, REJECTED_CHOICES, SyncEngine
from agentdesk.sync.listener import EventListener
from agentdesk.sync.runner import SyncRunner

__all__ = ["Resolution", "SyncProblem", "SyncService", "SyncStatus"]

log = logging.getLogger(__name__)


class Resolution(StrEnum):
    KEEP_MINE = "keep_mine"  # send my change again, over the server's current version
    TAKE_THEIRS = "take_theirs"  # drop my change; the server's record stands
    DISCARD = "discard"  # a rejected change: drop it


@dataclass(frozen=True)
class SyncStatus:
    connectivity: Connectivity
    changes_waiting: int
    needs_attention: int = 0
    cache_problem: str | None = None


@dataclass(frozen=True)
class SyncProblem:
    """A saved change that waits for the agent. For a conflict, ``conflicts`` holds each field
    with the value both sides started from (``base``), the agent's (``mine``) and the server's
    (``theirs``), ``mine`` is the change as saved and ``current`` the server's record; for a
    rejection, ``code`` and ``detail`` say why, and ``fields`` names the values refused."""

    key: str
    kind: MutationKind
    entity_id: str
    status: ResultStatus
    made_at: datetime
    conflicts: tuple[FieldConflict, ...] = ()
    mine: dict[str, Any] = field(default_factory=dict)
    current: dict[str, Any] | None = None
    code: str = ""
    detail: str = ""
    fields: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


class SyncService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        bus: EventBus,
        connectivity: ConnectivityTracker,
        *,
        clock: Clock = lambda: datetime.now(UTC),
        autostart: bool = True,
        runner_options: dict[str, Any] | None = None,
        listener_options: dict[str, Any] | None = None,
        listen: bool = True,
        cache_scope: CacheScope = CacheScope.ALL,
        working_set_days: int = 30,
    ) -> None:
        self._session = session
        self._cache_scope = cache_scope
        self._working_set_days = working_set_days
        self._cache = cache
        self._bus = bus
        self._connectivity = connectivity
        self._clock = clock
        self._runner_options = runner_options or {}
        self._listener_options = listener_options or {}
        self._listen = listen
        self._lock = threading.Lock()
        self._engine: SyncEngine | None = None
        self._runner: SyncRunner | None = None
        self._listener: EventListener | None = None
        self._api: ApiClient | None = None
        if autostart:
            bus.subscribe(SessionStarted, self._on_session_started)
            bus.subscribe(SessionEnded, lambda _event: self.stop())

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def store(self) -> CacheStore:
        return self._cache.open()

    @property
    def engine(self) -> SyncEngine:
        api = self._session.api
        with self._lock:
            if self._engine is None or self._engine.api is not api:  # a new session's client
                self._engine = SyncEngine(
                    api,
                    self.store,
                    self._bus,
                    self._clock,
                    self._session.workstation_id,
                    connectivity=self._connectivity,
                    scope=self._cache_scope,
                    working_set_days=self._working_set_days,
                )
            return self._engine

    @property
    def runner(self) -> SyncRunner | None:
        return self._runner

    @property
    def listener(self) -> EventListener | None:
        return self._listener

    def _on_session_started(self, event: SessionStarted) -> None:
        # An administrator keeps no customer cache and the server refuses them the customer
        # sync (403): starting it would only show "Degraded — retrying" on the admin console.
        if event.role == Role.ADMIN:
            self.stop()
            return
        self.start()

    def start(self) -> None:
        """Start syncing for the signed-in session (idempotent; a new session restarts)."""
        if self._api is not None and self._api is not self._session.api:
            self.stop()  # signed in again without a sign-out: sync with the new client
        self._api = self._session.api
        engine = self.engine
        with self._lock:
            if self._runner is None:
                self._runner = SyncRunner(
                    engine, self._connectivity, self._bus, **self._runner_options
                )
            if self._listener is None and self._listen:
                self._listener = EventListener(
                    self._session.api,
                    self.store,
                    self._bus,
                    self._connectivity,
                    **self._listener_options,
                )
            runner, listener = self._runner, self._listener
        self._refresh_waiting()
        runner.start()
        if listener is not None:
            listener.start()

    def stop(self) -> None:
        with self._lock:
            runner, listener = self._runner, self._listener
            self._runner = self._listener = self._engine = None
            self._api = None
        if listener is not None:
            listener.stop()
        if runner is not None:
            runner.stop()

    def close(self) -> None:
        """At exit: stop the threads, then close the cache."""
        self.stop()
        self._cache.close()

    # -- what the UI asks ----------------------------------------------------------------

    @property
    def cache_problem(self) -> str | None:
        """Why offline changes will not survive a restart (and how to fix it), or None. Opens
        the cache if needed (milliseconds: a raw key, no passphrase KDF)."""
        try:
            self._cache.open()
        except AgentDeskError as exc:
            return exc.detail or exc.code
        return self._cache.problem

    def status(self) -> SyncStatus:
        waiting, attention = self._cache.read(
            lambda conn: (outbox.waiting_count(conn), len(outbox.needing_attention(conn)))
        )
        return SyncStatus(self._connectivity.state, waiting, attention, self._cache.problem)

    def changes_saved(self) -> None:
        """A local change was saved with its outbox entry: show the count and push soon."""
        self._refresh_waiting()
        runner = self._runner
        if runner is not None:
            runner.wake()

    def sync_now(self, timeout: float = 120.0) -> bool:
        """One push-and-pull round now; True when it reached the backend. With the runner
        running, the round runs on its thread (the engine is driven by one thread at a time)."""
        runner = self._runner
        if runner is not None and runner.running:
            rounds = runner.rounds
            runner.wake()
            return runner.wait_for_round(rounds, timeout) and runner.last_error is None
        once = SyncRunner(self.engine, self._connectivity, self._bus, **self._runner_options)
        return once.run_once()

    def problems(self) -> list[SyncProblem]:
        return [_problem(entry) for entry in self._cache.read(outbox.needing_attention)]

    def resolve(self, key: str, choice: Resolution | str) -> None:
        """Carry out the agent's choice for the problem ``key``.

        KEEP_MINE sends the change again over the server's current version (a new
        idempotency key and sequence: the old key's answer stays a conflict for ever);
        TAKE_THEIRS and DISCARD drop it from the outbox.
        """
        choice = Resolution(choice)
        problem = next((p for p in self.problems() if p.key == key), None)
        if problem is None:
            raise AgentDeskError("no such change waits for the agent", key=key)
        if choice.value not in problem.choices:
            raise AgentDeskError(f"{choice.value} is not a choice for this change", key=key)
        now = self._clock()
        if choice is Resolution.KEEP_MINE:
            payload, base_version = _keep_mine(problem)
            self.store.write(
                lambda conn: outbox.requeue(
                    conn, key, payload=payload, base_version=base_version, now=now
                )
            )
        else:
            self.store.write(lambda conn: outbox.discard(conn, key))
        self.changes_saved()

    def _refresh_waiting(self) -> None:
        try:
            waiting = self._cache.read(outbox.waiting_count)
        except AgentDeskError as exc:
            log.warning("outbox count unavailable: %s", exc.code)
            return
        self._connectivity.set_waiting(waiting)


def _problem(entry: OutboxProblem) -> SyncProblem:
    conflict = entry.status is ResultStatus.CONFLICT
    return SyncProblem(
        key=entry.idempotency_key,
        kind=entry.kind,
        entity_id=entry.entity_id,
        status=entry.status,
        made_at=entry.made_at,
        conflicts=tuple(entry.conflicts),
        mine=entry.payload,
        current=entry.current,
        code=entry.problem_code or "",
        detail=entry.problem,
        fields=tuple(entry.fields),
        choices=CONFLICT_CHOICES if conflict else REJECTED_CHOICES,
    )


def _keep_mine(problem: SyncProblem) -> tuple[dict[str, Any], int | None]:
    """The payload and base version that re-send the agent's edit over the server's record.

    A ticket edit is a three-way merge (``base`` is what the agent saw): basing the conflicting
    fields on the server's current values makes them the agent's change alone, and the
    server's current version becomes the edit's base version.
    """
    current = problem.current or {}
    version = current.get("version")
    payload = dict(problem.mine)
    if problem.kind is MutationKind.TICKET_UPDATE:
        base = dict(payload.get("base") or {})
        for conflict in problem.conflicts:
            base[conflict.field] = current.get(conflict.field, conflict.theirs)
        payload["base"] = base
    return payload, int(version) if version is not None else None
