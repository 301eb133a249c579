"""The ticker that publishes the queue figures: a wake runs its step without waiting for the
tick, a wake during a step runs one more step after it, and steps start at least a gap apart
however many wakes come."""

from __future__ import annotations

import asyncio
import threading

from agentdesk.server.telephony.ticker import Ticker

TICK_S = 3600.0  # never reached in these tests: only wakes run the step
GAP_S = 0.05
LONG_GAP_S = 600.0


def test_a_wake_after_a_quiet_spell_runs_the_step_without_waiting_a_gap() -> None:
    async def scenario() -> bool:
        ran = asyncio.Event()
        loop = asyncio.get_running_loop()

        def step() -> None:
            loop.call_soon_threadsafe(ran.set)

        # A gap far longer than the wait below: only a step run at once can be seen.
        ticker = Ticker(step, TICK_S, name="t", gap_seconds=LONG_GAP_S)
        async with ticker.running():
            ticker.wake()
            await asyncio.wait_for(ran.wait(), LONG_GAP_S / 20)
        return ran.is_set()

    assert asyncio.run(scenario())


def test_wakes_during_a_step_run_one_more_step_a_gap_after_the_first() -> None:
    async def scenario() -> list[float]:
        loop = asyncio.get_running_loop()
        starts: list[float] = []
        release = threading.Event()
        second = asyncio.Event()

        def step() -> None:
            starts.append(loop.time())
            if len(starts) == 1:
                release.wait(30)  # a slow step, woken many times meanwhile
            else:
                loop.call_soon_threadsafe(second.set)

        ticker = Ticker(step, TICK_S, name="t", gap_seconds=GAP_S)
        async with ticker.running():
            ticker.wake()
            while not starts:
                await asyncio.sleep(0.01)
            for _ in range(20):
                ticker.wake()
            release.set()
            await asyncio.wait_for(second.wait(), 30)
        return starts

    first, second_start = asyncio.run(scenario())[:2]
    assert second_start - first >= GAP_S
