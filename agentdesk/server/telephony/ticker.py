"""A ticker: calls a blocking step every so many seconds on a worker thread, for as long as the
app runs (an asyncio task of its lifespan). The switchboard's timers and figures and the
demo's simulated callers each have one. :meth:`Ticker.wake` runs the step early (the switchboard
wakes its ticker when a move changed the queue figures, so ``queue.stats`` follows at once, or
within a tenth of a second of the last one, instead of waiting for the tick).

A step that fails (the database is away, say) is logged and the next tick tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

__all__ = ["Ticker"]

log = logging.getLogger(__name__)


class Ticker:
    """Runs ``step`` every ``seconds`` while :meth:`running` (never when ``seconds`` is 0)."""

    def __init__(
        self, step: Callable[[], None], seconds: float, *, name: str, gap_seconds: float = 0.1
    ) -> None:
        self.step = step
        self.seconds = seconds
        self.gap_seconds = min(gap_seconds, seconds)
        self.name = name
        self.task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None

    def wake(self) -> None:
        """Run the step soon rather than at the next tick (from any thread): something it
        publishes changed. Wakes are coalesced: steps are at least ``gap_seconds`` apart, and a
        wake during a step runs one more after it."""
        loop, woken = self._loop, self._woken
        if loop is None or woken is None:
            return  # not running (tests call the step themselves)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(woken.set)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        if self.seconds > 0:
            self._loop, self._woken = asyncio.get_running_loop(), asyncio.Event()
            self.task = asyncio.create_task(self._run(), name=self.name)
        try:
            yield
        finally:
            task, self.task = self.task, None
            self._loop = self._woken = None
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _run(self) -> None:
        woken = self._woken
        assert woken is not None
        loop = asyncio.get_running_loop()
        last_start = -self.gap_seconds
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), self.seconds)
            # Steps start at least a gap apart; a wake after a quiet spell runs at once (a
            # fixed sleep after every step delayed each change by up to a gap plus a step).
            rest = last_start + self.gap_seconds - loop.time()
            if rest > 0:
                await asyncio.sleep(rest)
            woken.clear()
            last_start = loop.time()
            await asyncio.to_thread(self._step_safely)

    def _step_safely(self) -> None:
        try:
            self.step()
        except Exception:  # the database is away, say: the next tick tries again
            log.warning("%s: a tick failed", self.name, exc_info=True)
