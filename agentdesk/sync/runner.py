"""SyncRunner: the background thread that pushes the outbox and pulls changes.

It wakes when a change is saved (``wake()``), when the backend hints that there are changes
(a SyncHint from the event listener), and every ``interval_s``. Each round pushes, then
pulls. While the backend is unavailable, the round is retried with exponential backoff and
jitter (stamina); when those attempts run out the runner reports offline and tries again at
the next wake or after ``offline_retry_s``. A session whose refresh token was refused ends
(SessionEnded "expired"): the outbox keeps every change until the agent signs in again.

Threading: one runner thread per signed-in session. ``wake`` and ``stop`` may be called from
any thread. Backoff sleeps are bounded by ``backoff_max_s`` so ``stop`` never waits long; the
retry hook refuses to retry once stopping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import stamina

from agentdesk.errors import AgentDeskError, AuthenticationFailed, BackendUnavailable
from agentdesk.events import EventBus, SessionEnded, SyncHint
from agentdesk.sync.connectivity import ConnectivityTracker
from agentdesk.sync.engine import SyncEngine

__all__ = ["SyncRunner"]

log = logging.getLogger(__name__)


class SyncRunner:
    def __init__(
        self,
        engine: SyncEngine,
        connectivity: ConnectivityTracker,
        bus: EventBus,
        *,
        interval_s: float = 60.0,
        offline_retry_s: float = 30.0,
        attempts: int = 6,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 8.0,
        backoff_jitter_s: float = 1.0,
    ) -> None:
        self._engine = engine
        self._connectivity = connectivity
        self._bus = bus
        self._interval_s = interval_s
        self._offline_retry_s = offline_retry_s
        self._attempts = attempts
        self._backoff = (backoff_initial_s, backoff_max_s, backoff_jitter_s)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._rounds = 0
        self._rounds_done = threading.Condition()
        self.last_error: AgentDeskError | None = None

    # -- control (any thread) ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def rounds(self) -> int:
        """Rounds finished so far (tests and diagnostics wait on it)."""
        with self._rounds_done:
            return self._rounds

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._unsubscribe = self._bus.subscribe(SyncHint, lambda _event: self.wake())
        self._thread = threading.Thread(target=self._run, name="agentdesk-sync", daemon=True)
        self._wake.set()  # a first round at once: push what waited, pull what changed
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop after the current call; True when the thread ended within ``timeout``."""
        self._stopping.set()
        self._wake.set()
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        thread, self._thread = self._thread, None
        if thread is None or thread is threading.current_thread():
            return True  # stopped from its own round (a session that ended): it exits after
        thread.join(timeout)
        if thread.is_alive():
            log.warning("sync runner did not stop within %.1f s", timeout)
            return False
        return True

    def wait_for_round(self, after: int, timeout: float) -> bool:
        """Block until more than ``after`` rounds have finished (for tests and shutdown)."""
        with self._rounds_done:
            return self._rounds_done.wait_for(lambda: self._rounds > after, timeout)

    def run_once(self) -> bool:
        """One round in the caller's thread: True when it reached the backend."""
        try:
            self._round()
            self.last_error = None
        except BackendUnavailable as exc:
            self.last_error = exc
            log.info("backend unavailable, changes wait in the outbox: %s", exc.detail)
            return False
        except AuthenticationFailed as exc:
            self.last_error = exc
            log.warning("sync stopped: the session was refused (%s)", exc.code)
            self._stopping.set()
            self._bus.publish(SessionEnded("expired"))
            return False
        except AgentDeskError as exc:
            # Protocol errors, a refused push, a cache error: nothing a retry now would fix;
            # the next round (wake or interval) tries again and the log keeps the reason.
            self.last_error = exc
            self._connectivity.record_failure(exc)
            log.error("sync round failed: %s %s", exc.code, exc.detail)
            return False
        finally:
            with self._rounds_done:
                self._rounds += 1
                self._rounds_done.notify_all()
        return True

    # -- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        timeout = self._interval_s
        while not self._stopping.is_set():
            self._wake.wait(timeout)
            self._wake.clear()
            if self._stopping.is_set():
                break
            reached = self.run_once()
            # Offline: the next try comes with a wake (a new change, a hint) or this retry.
            timeout = self._interval_s if reached else self._offline_retry_s

    def _round(self) -> None:
        initial, maximum, jitter = self._backoff
        for attempt in stamina.retry_context(
            on=self._should_retry,
            attempts=self._attempts,
            timeout=None,
            wait_initial=initial,
            wait_max=maximum,
            wait_jitter=jitter,
        ):
            with attempt:
                self._engine.push_pending()
                self._engine.pull()
        self._connectivity.record_success()

    def _should_retry(self, error: Exception) -> bool:
        if isinstance(error, BackendUnavailable):
            self._connectivity.record_failure(error)
            return not self._stopping.is_set()
        return False
