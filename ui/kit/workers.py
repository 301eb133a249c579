"""Background operations: run blocking core calls off the GUI thread (after Anki's QueryOp).

    BackgroundOp(self, lambda: services.customers.screen_pop(phone)) \
        .success(self._on_pop_succeeded).failure(self._on_pop_failed).run()

Threading rule: ``fn`` runs on a QThreadPool thread and must never touch a widget; the success
and failure callbacks run on the GUI thread (queued signals). If the parent QObject was deleted
before the operation ends, no callback runs: a closed dialog is never resurrected.

Every Python reference the operation holds (its parent widget, ``fn`` and what ``fn``
captures, the relay) is let go on the GUI thread: the pool thread drops its own references
before it reports, and the delivery waits for that. Were the pool thread the last to let go of a
widget, the widget would be destroyed there, and Qt (its animations, its style) would later
touch freed memory on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from agentdesk.errors import AgentDeskError

__all__ = ["BackgroundOp"]

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long a delivery waits for the pool thread to let go of the operation: it has reported
# already, so it is a few instructions away; the bound only guards against a stalled thread.
RELEASE_WAIT_S = 2.0


class _Relay(QObject):
    """Carries the outcome from the pool thread to the GUI thread.

    It is made on the GUI thread and has no parent (a parent's death must not delete it while a
    pool thread is about to emit). Its own slots receive the outcome through explicitly queued
    connections, so Qt's own rule puts them on the thread the relay lives on. A signal connected
    straight to a plain callable (``BackgroundOp`` is no QObject) would leave that thread to the
    context object PySide picks for it, which Qt's rules do not cover.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_succeeded: Callable[[object], None],
        on_failed: Callable[[object], None],
    ) -> None:
        super().__init__()
        self._on_succeeded = on_succeeded
        self._on_failed = on_failed
        self.succeeded.connect(self._on_self_succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_self_failed, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_self_succeeded(self, result: object) -> None:
        self._on_succeeded(result)

    @Slot(object)
    def _on_self_failed(self, exc: object) -> None:
        self._on_failed(exc)


class _Task(QRunnable):
    """Runs ``fn`` once on a pool thread, reports through the relay, then lets go of both and
    sets ``released``: from then on it holds nothing the operation owns."""

    def __init__(self, fn: Callable[[], object], relay: _Relay, released: threading.Event) -> None:
        super().__init__()
        self._fn: Callable[[], object] | None = fn
        self._relay: _Relay | None = relay
        self._released = released
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, self._fn = self._fn, None
        relay, self._relay = self._relay, None
        assert fn is not None and relay is not None, "a task runs once"
        try:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI thread
                fn = None
                relay.failed.emit(exc)
            else:
                fn = None
                relay.succeeded.emit(result)
                result = None
        finally:
            fn = relay = None  # noqa: F841 - let go before saying so
            self._released.set()


class BackgroundOp(Generic[T]):
    """One blocking call run on a thread pool, with callbacks delivered on the GUI thread."""

    # Running operations are kept here until they deliver: nothing else may hold them, and a
    # collected relay would silently drop its queued result.
    _running: ClassVar[set[BackgroundOp[Any]]] = set()
    # Relays whose deferred deletion is pending, by id: the relay is deleted by Qt (it is
    # delivering at the time), and its wrapper is let go only once that deletion has run.
    _retiring: ClassVar[dict[int, _Relay]] = {}

    def __init__(
        self,
        parent: QObject,
        fn: Callable[[], T],
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        self._parent = parent
        self._fn = fn
        self._pool = pool or QThreadPool.globalInstance()
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._relay: _Relay | None = None
        self._released = threading.Event()

    def success(self, callback: Callable[[T], None]) -> BackgroundOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        """``callback`` gets the exception; ``error_text.error_sentence`` makes it readable."""
        self._on_failure = callback
        return self

    @classmethod
    def running_count(cls) -> int:
        return len(cls._running)

    def run(self) -> BackgroundOp[T]:
        relay = _Relay(self._deliver_success, self._deliver_failure)
        self._relay = relay
        BackgroundOp._running.add(self)
        self._pool.start(_Task(self._fn, relay, self._released))
        return self

    # -- delivery (GUI thread) -----------------------------------------------------------

    def _parent_alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    def _deliver_success(self, result: object) -> None:
        self._finish()
        if self._parent_alive() and self._on_success is not None:
            self._on_success(result)  # type: ignore[arg-type]  # the T that fn returned

    def _deliver_failure(self, exc: object) -> None:
        self._finish()
        assert isinstance(exc, BaseException)
        if isinstance(exc, AgentDeskError):
            log.warning("background operation failed: %s (%s)", exc.code, exc.detail)
        else:
            # Not one of ours: a bug. The log keeps the traceback; the person gets a sentence.
            log.error("background operation crashed", exc_info=(type(exc), exc, exc.__traceback__))
        if not self._parent_alive():
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            log.warning("no failure handler for %s; nothing shown", type(exc).__name__)

    def _finish(self) -> None:
        if not self._released.wait(RELEASE_WAIT_S):
            log.warning("a background operation's thread still holds it after %s s", RELEASE_WAIT_S)
        BackgroundOp._running.discard(self)
        relay, self._relay = self._relay, None
        if relay is not None:
            BackgroundOp._retiring[id(relay)] = relay
            relay.destroyed.connect(partial(BackgroundOp._retiring.pop, id(relay), None))
            relay.deleteLater()
