"""The shared ACD's state in rows: each batch of moves writes the rows of the agents and legs
it changed, and only those; a new leader restores from the rows the ACD the last one had.

A ``SharedAcd`` in this process, on a real PostgreSQL database, wins the election and leads;
the test's moves reach it as any worker's do (rows of ``acd_commands``, each waited for, so
each is a batch of its own). Its clock is a fake one and its ticker is off: the test ticks.
Every row carries the version of the batch that last wrote it, which is what shows which rows
a batch wrote. Once the first has stopped, a second ``SharedAcd`` takes over from the rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from agentdesk.domain.acd import QueueConfig
from agentdesk.domain.presence import AgentState, NotReadyReason
from agentdesk.server.db import make_engine, make_session_factory, migrate
from agentdesk.server.telephony.pbx import SimulatedPbx
from agentdesk.server.telephony.shared_acd import SharedAcd
from agentdesk.server.telephony.switchboard import Switchboard, TelephonyConfig
from tests.server.test_telephony import FakeClock

pytestmark = pytest.mark.pg

CONFIG = TelephonyConfig(
    queues=(QueueConfig("cards"), QueueConfig("loans", skill="lending")),
    team_skills={"retail": ("cards",), "lending": ("lending",)},
    ring_timeout_s=300,
    tick_seconds=0,  # the test ticks
)
CALLER = "+8613812345678"


@pytest.fixture
def database(pg_database_factory: Any) -> str:
    url = str(pg_database_factory())
    migrate(url)
    return url


@contextlib.contextmanager
def leading(database: str, clock: FakeClock) -> Iterator[tuple[SharedAcd, Switchboard]]:
    """A shared ACD running on an event loop of its own, once it leads, with the switchboard
    it leads with (built as the app builds one, at its take-over)."""
    engine = make_engine(database)
    built: list[Switchboard] = []

    def build() -> Switchboard:
        built.append(Switchboard(CONFIG, make_session_factory(engine, clock=clock), clock=clock))
        return built[-1]

    shared = SharedAcd(
        CONFIG,
        engine,
        build,
        clock=clock,
        on_events=lambda _: None,
        failover_seconds=0.2,
        pbx=SimulatedPbx(),
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = shared.running()
    asyncio.run_coroutine_threadsafe(running.__aenter__(), loop).result(timeout=30)
    try:
        deadline = time.monotonic() + 30
        while not shared.leading:
            assert time.monotonic() < deadline, "the shared ACD did not take the lead"
            time.sleep(0.05)
        yield shared, built[-1]
    finally:
        asyncio.run_coroutine_threadsafe(running.__aexit__(None, None, None), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
        engine.dispose()


def stored(database: str) -> tuple[int, dict[tuple[str, ...], int]]:
    """The header's version, and each agent's and leg's row with the version that wrote it."""
    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version FROM acd_state")).scalar_one()
            agents = conn.execute(text("SELECT agent, version FROM acd_state_agents")).all()
            legs = conn.execute(text("SELECT call_id, leg, version FROM acd_state_calls")).all()
    finally:
        engine.dispose()
    rows: dict[tuple[str, ...], int] = {("agent", name): at for name, at in agents}
    rows.update({("call", call_id, str(leg)): at for call_id, leg, at in legs})
    return int(version), rows


def written_by_the_last_batch(database: str) -> set[tuple[str, ...]]:
    version, rows = stored(database)
    return {key for key, at in rows.items() if at == version}


def without_clock(state: dict[str, Any]) -> dict[str, Any]:
    """An exported state but the ACD's clock (stored as of its last change, not its last tick)."""
    return {**state, "acd": {**state["acd"], "clock": None}}


def test_a_batch_writes_the_rows_it_changed_and_the_rows_restore_the_leaders_acd(
    database: str,
) -> None:
    clock = FakeClock()
    with leading(database, clock) as (shared, first):
        for name in ("ann", "bob", "cat"):
            shared.set_presence(name, "retail", AgentState.READY)
            clock.advance(1)
        shared.set_presence("dan", "lending", AgentState.READY)
        shared.set_presence("eve", "retail", AgentState.NOT_READY, NotReadyReason.BREAK)
        for n in range(1, 5):  # c1, c2, c3 ring ann, bob, cat; c4 waits
            shared.offer(CALLER, "cards", call_id=f"c{n}")
            clock.advance(1)
        shared.offer(CALLER, "cards", call_id="c5", priority=1)  # waits, first in line
        shared.answer("ann", "c1")
        shared.answer("bob", "c2")
        shared.hang_up("bob", "c2")  # bob in wrap-up, c2's leg still live
        shared.supervise_presence(
            "dan", AgentState.NOT_READY, "sup01", NotReadyReason.MEETING, supervisor_name="Sue"
        )

        # A presence change of one agent, who rings no call: their row and nothing else.
        shared.set_presence("eve", "retail", AgentState.NOT_READY, NotReadyReason.LUNCH)
        assert written_by_the_last_batch(database) == {("agent", "eve")}
        # A hold: the agent's row and their leg's.
        shared.hold("ann", "c1")
        assert written_by_the_last_batch(database) == {("agent", "ann"), ("call", "c1", "0")}
        # A waiting caller hangs up: the leg's row is gone, nothing else written.
        _, before = stored(database)
        shared.caller_hung_up("c4")
        version, after = stored(database)
        assert set(before) - set(after) == {("call", "c4", "0")}
        assert {key for key, at in after.items() if at == version} == set()
        # A tick whose timers fire nothing writes no state (its version still moves: it wrote
        # the queue figures).
        clock.advance(5)
        shared.ticker.step()
        version_after_tick, rows = stored(database)
        assert version_after_tick > version
        assert rows == after

        # The rows hold the leader's agents and live legs, and nothing else.
        assert {key[1] for key in rows if key[0] == "agent"} == {
            a.agent for a in first.acd.agents()
        }
        assert {(k[1], int(k[2])) for k in rows if k[0] == "call"} == {
            c.key for c in first.acd.calls()
        }
        leader_state = first.export_state()

    with leading(database, clock) as (_, second):
        assert second.acd.agents() == first.acd.agents()
        assert second.acd.calls() == first.acd.calls()
        assert [c.id for c in second.acd.waiting()] == ["c5"]
        assert without_clock(second.export_state()) == without_clock(leader_state)
        assert second.export_state()["set_by"] == {"dan": ["sup01", "meeting"]}


def test_any_worker_reads_an_agents_call_from_the_rows_even_with_no_leader(
    database: str,
) -> None:
    """What a 360, a ticket read or a verification asks of the ACD (the call the agent holds
    or has ringing) is read from the rows, not asked of the leader: a worker answers it while
    no worker leads (a failover), as the last committed move left it."""
    clock = FakeClock()
    with leading(database, clock) as (shared, _):
        shared.set_presence("ann", "retail", AgentState.READY)
        shared.offer(CALLER, "cards", call_id="c1")
        ringing = shared.ringing_call("ann")
        assert ringing is not None and ringing.id == "c1"
        assert shared.held_call("ann") is None
        shared.answer("ann", "c1")
        assert shared.ringing_call("ann") is None

    engine = make_engine(database)
    try:
        # Never started: it neither leads nor could reach a leader (none runs).
        follower = SharedAcd(
            CONFIG,
            engine,
            lambda: Switchboard(CONFIG, make_session_factory(engine, clock=clock), clock=clock),
            clock=clock,
            on_events=lambda _: None,
            failover_seconds=0.2,
            pbx=SimulatedPbx(),
        )
        held = follower.held_call("ann")
        assert held is not None and (held.id, held.agent, held.state.value) == (
            "c1",
            "ann",
            "answered",
        )
        assert follower.held_call("bob") is None  # not an agent of the ACD
        assert follower.ringing_call("ann") is None
    finally:
        engine.dispose()
