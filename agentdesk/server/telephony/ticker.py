"""A ticker: calls a blocking step every so many seconds on a worker thread, for as long as the
app runs (an asyncio task of its lifespan). The switchboard's timers and figures and the
demo's simulated callers each have one.

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

    def __init__(self, step: Callable[[], None], seconds: float, *, name: str) -> None:
        self.step = step
        self.seconds = seconds
        self.name = name
        self.task: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        if self.seconds > 0:
            self.task = asyncio.create_task(self._run(), name=self.name)
        try:
            yield
        finally:
            task, self.task = self.task, None
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.seconds)
            await asyncio.to_thread(self._step_safely)

    def _step_safely(self) -> None:
        try:
            self.step()
        except Exception:  # the database is away, say: the next tick tries again
            log.warning("%s: a tick failed", self.name, exc_info=True)
