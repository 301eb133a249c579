"""What scripted flows cost: validating the library, one move of the runner, and one move as the
desk makes it (the runner, then the run saved durably in the encrypted cache), against the floor
of that save alone, measured in the same run. Figures, not pass/fail.

    .venv/bin/python bench/flow_bench.py [--moves 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from agentdesk.cache import flows as cached_flows
from agentdesk.cache.flows import StoredRun
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.flow_library import check_files, library_dir
from agentdesk.flows.facts import CustomerFacts, FlowFacts
from agentdesk.flows.runner import FlowRun, FlowRunner

NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _sms_to_the_fee(runner: FlowRunner) -> FlowRun:
    run = runner.start(run_id="bench", agent="agent01", language="zh_CN", now=NOW)
    run = runner.next(run, now=NOW)
    return runner.choose(run, 1, now=NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=200)
    args = parser.parse_args()

    validate = _timed(lambda: check_files([library_dir()]), 10)
    report = check_files([library_dir()])
    nodes = sum(len(s.definition.nodes) for s in report.sources)
    print(
        f"validate the library ({len(report.sources)} flows, {nodes} nodes): "
        f"median {statistics.median(validate) * 1e3:.1f} ms"
    )

    sms = next(s.definition for s in report.sources if s.definition.id == "sms_alerts")
    facts = FlowFacts(
        customer=CustomerFacts(
            name="张伟",
            phone_masked="+86 138****5678",
            risk_profile="C3",
            risk_level=3,
            risk_assessed_on=date(2026, 9, 1),
            risk_age_days=95,
        ),
        today=date(2026, 12, 5),
    )
    runner = FlowRunner(sms, facts)
    at_fee = _sms_to_the_fee(runner)
    shown = runner.current(at_fee, agent_language="en").text_hash
    acked = runner.acknowledge(at_fee, shown, now=NOW)
    pure = _timed(
        lambda: runner.current(runner.next(acked, now=NOW), agent_language="en"), args.moves
    )
    print(f"runner: one move and the step rendered: median {statistics.median(pure) * 1e6:.0f} µs")

    with tempfile.TemporaryDirectory() as folder:
        store = CacheStore.open(Path(folder) / "cache.db", new_cache_key())
        stored = StoredRun("bench", "call-1", 1, acked.model_dump_json(), facts.model_dump_json())

        def save_only() -> None:
            store.write(lambda conn: cached_flows.save_run(conn, stored, now=NOW), durable=True)

        def desk_move() -> None:
            run = FlowRun.model_validate_json(stored.run)
            moved = runner.next(run, now=NOW + timedelta(seconds=1))
            runner.current(moved, agent_language="en")
            saved = StoredRun("bench", "call-1", 1, moved.model_dump_json(), stored.facts)
            store.write(lambda conn: cached_flows.save_run(conn, saved, now=NOW), durable=True)

        floor = _timed(save_only, args.moves)
        move = _timed(desk_move, args.moves)
        store.close()
    floor_ms, move_ms = statistics.median(floor) * 1e3, statistics.median(move) * 1e3
    print(f"floor: the run saved durably in the encrypted cache: median {floor_ms:.2f} ms")
    print(
        f"desk move (read run, move, render, save): median {move_ms:.2f} ms "
        f"= {move_ms / floor_ms:.2f}x the floor"
    )


if __name__ == "__main__":
    main()
