"""The call simulator: Poisson arrivals, log-normal talk times and patience, and the demo
switchboard that feeds its callers to the ACD on each tick."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from agentdesk.contract.telephony import QueueBoard
from agentdesk.server.telephony import CallSimulator
from tests.server.conftest import Bank, ClientFactory, server_app
from tests.server.test_telephony import (
    FakeClock,
    offer,
    queue_of,
    simulator,
    stream_of,
    switchboard,
    telephony_settings,
    tick,
)

T0 = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)


def _simulator(rate: float = 2.0, **extra: float) -> CallSimulator:
    mix = {"general": 0.5, "cards": 0.3, "wealth": 0.2}
    return CallSimulator(random.Random(11), rate_per_min=rate, queue_mix=mix, **extra)


def test_arrivals_are_poisson_at_the_configured_rate_and_mix() -> None:
    simulator = _simulator(rate=2.0)
    arrivals = []
    for minute in range(0, 600):  # ten hours, asked minute by minute like a ticker
        arrivals += simulator.arrivals(T0 + timedelta(minutes=minute))
    assert 1100 <= len(arrivals) <= 1300  # 1200 expected; σ ≈ 35
    times = [a.at for a in arrivals]
    assert times == sorted(times) and len(set(times)) == len(times)
    share = sum(a.queue == "general" for a in arrivals) / len(arrivals)
    assert 0.45 <= share <= 0.55
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
    assert 25 <= statistics.mean(gaps) <= 35  # 30 s between calls on average
    assert statistics.pstdev(gaps) > 20  # exponential gaps, not a metronome


def test_talk_time_and_patience_are_log_normal_with_the_given_means() -> None:
    simulator = _simulator(mean_talk_s=240, mean_patience_s=90)
    talks = [simulator.talk_s() for _ in range(4000)]
    assert 225 <= statistics.mean(talks) <= 255
    assert statistics.median(talks) < statistics.mean(talks)  # a long right tail
    assert min(talks) > 0
    patience = [simulator.patience_s() for _ in range(4000)]
    assert 82 <= statistics.mean(patience) <= 98


def test_speed_divides_talk_time_and_patience() -> None:
    fast = _simulator(mean_talk_s=240, speed=60)
    assert 3.5 <= statistics.mean(fast.talk_s() for _ in range(2000)) <= 4.5


def test_no_rate_means_no_arrivals() -> None:
    simulator = _simulator(rate=0)
    assert not simulator.active
    assert simulator.arrivals(T0 + timedelta(hours=1)) == []


def test_the_demo_simulator_offers_calls_to_the_switchboard_on_its_ticks(
    make_client: ClientFactory, bank: Bank
) -> None:
    clock = FakeClock(T0)
    client = make_client(demo=True, clock=clock, **telephony_settings(telephony_call_rate=6.0))
    driver = simulator(client)
    driver.simulator.rng.seed(3)
    assert driver.arrivals
    tick(client)  # starts the arrival clock
    for _ in range(20):
        clock.advance(0.5)
        tick(client)
    board = switchboard(client).board()
    waiting = sum(int(q.waiting.value or 0) for q in board.queues)
    abandoned = sum(q.abandoned for q in board.queues)
    assert 0 < waiting + abandoned  # about one call in ten seconds at 6 a minute
    assert queue_of(board, "general").waiting.unit == "count"


def test_outside_demo_there_are_no_simulated_callers(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client(**telephony_settings(telephony_call_rate=6.0))
    assert client.app.state.simulator is None  # type: ignore[attr-defined]


def test_the_lifespan_runs_and_stops_the_ticker(migrated_url: str, bank: Bank) -> None:
    app = server_app(migrated_url, telephony_tick_seconds=5, telephony_call_rate=0)
    with TestClient(app):
        task = app.state.switchboard.ticker.task
        assert task is not None and not task.done()
    assert app.state.switchboard.ticker.task is None and task.cancelled()


def test_a_call_reaches_the_queue_wall_without_waiting_for_the_tick(
    make_client: ClientFactory, bank: Bank
) -> None:
    """The move that changed the figures wakes the ticker: with an hour between ticks, the
    supervisor's stream gets the queue figures with the new waiting call well before the next
    tick (10 s, the longest allowed) would have sent them."""
    client = make_client(**telephony_settings(telephony_tick_seconds=10))
    offer(client)

    def waiting_in_general() -> list[float | None]:
        return [
            queue_of(QueueBoard.model_validate(data), "general").waiting.value
            for kind, data in stream_of(client, "sup01")
            if kind == "queue.stats"
        ]

    for _ in range(80):  # until the wall shows the call, 8 s at most
        if 1 in waiting_in_general():
            break
        time.sleep(0.1)
    assert waiting_in_general()[-1] == 1


def test_in_demo_the_lifespan_runs_and_stops_the_simulated_callers_too(
    migrated_url: str, bank: Bank
) -> None:
    app = server_app(migrated_url, demo=True, telephony_tick_seconds=5, telephony_call_rate=0)
    with TestClient(app):
        tasks = [app.state.switchboard.ticker.task, app.state.simulator.ticker.task]
        assert all(task is not None and not task.done() for task in tasks)
    assert all(task is not None and task.cancelled() for task in tasks)
    assert app.state.simulator.ticker.task is None
