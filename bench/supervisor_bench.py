"""``make bench-supervisor``: from a telephony event entering the server to the supervisor's
queue tile repainted with it, at 1,000 agents, in one run.

The world (``supervisor_world.py``): a throwaway PostgreSQL database (made and dropped here),
seeded with the server's seed code plus ``--agents`` agents in 20 teams over 20 queues and the
last hour's legs; the real ``agentdesk server`` as a process on a loopback port. The calls
(``supervisor_traffic.py``): the bench is the PBX (signed webhooks) and the agents' desks
(their own routes and tokens), offering calls at the Erlang rate for the size
(``occupancy × agents ÷ AHT``: 0.85 × 1,000 ÷ 300 s ≈ 2.8 calls/s), after a warm-up that puts
``occupancy × agents`` callers on the line, as mid-shift. The console
(``supervisor_console.py``): the supervisor's desktop signed in for real, offscreen, in this
process.

What is measured, per answer the PBX sends (``call.answered`` webhook) in the measured phase:
from the wall-clock time just before the POST is sent to the end of the first ``paintEvent``
of that queue's tile that paints an "answered" count including it. Its parts: the send to
the server's tick that computed the first board with it (the board's ``at``), that to the
desktop's listener publishing it on the bus, and that to the tile painted. Also the server
process's CPU (``/proc``) over the measured phase, and its PostgreSQL backends'.

Measured ``--runs`` times (3), each run a process of its own with its own database, server
and console; the event → tile percentiles and the server's CPU are printed as min / median /
max of the runs, as ``make bench-pop`` and ``make bench-sync`` do (one run varies by a
third here).

Writes ``bench/results/supervisor.json`` (the last run's figures, ``spread``, ``each_run``).
Not a test: nothing passes or fails on time; the
targets (p95 ≤ 250 ms, p99 ≤ 1 s) are printed next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent
# This checkout's code, not that of wherever the venv's editable install points (a worktree).
sys.path.insert(1, str(ROOT.parent))

import httpx  # noqa: E402
import supervisor_world as world_mod  # noqa: E402
from figures import ms, percentile, percentile_ms, spread, write_result  # noqa: E402
from processes import exit_on_sigterm  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from supervisor_console import (  # noqa: E402
    Clocks,
    instrument_bridge,
    instrument_tiles,
    listen_on_bus,
    open_console,
)
from supervisor_traffic import Traffic  # noqa: E402

from agentdesk.client.sse import MAX_EVENT_CHARS, MAX_LINE_CHARS  # noqa: E402

RESULTS = ROOT / "results"
# The figures printed and kept as min / median / max over the runs.
SPREAD = (
    "event_to_tile_p50_ms",
    "event_to_tile_p95_ms",
    "event_to_tile_p99_ms",
    "server_cpu_share_of_one_core",
)
TARGET_P95_MS = 250.0
TARGET_P99_MS = 1000.0
PAINT_WINDOW_S = 0.25  # a paint this soon after a tile's update is the update's own


def _spin(app: QApplication, seconds: float, until: Any = None) -> None:
    """Run the GUI's event loop for ``seconds`` (or until ``until()`` is true)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    check: QTimer | None = None
    if until is not None:
        check = QTimer()
        check.setInterval(100)
        check.timeout.connect(lambda: loop.quit() if until() else None)
        check.start()
    loop.exec()
    if check is not None:
        check.stop()


def _base_answered(url: str, token: str) -> dict[str, int]:
    board = httpx.get(
        f"{url}/telephony/queues", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    board.raise_for_status()
    return {q["queue"]: int(q["answered"]) for q in board.json()["queues"]}


def _first(
    stamps: dict[str, list[tuple[float, int]]], queue: str, after: float, target: int
) -> float | None:
    """The first stamp of ``queue`` at or after ``after`` with a count of ``target`` or more."""
    found = stamps[queue]
    return next((at for at, n in found[bisect_left(found, (after, -1)) :] if n >= target), None)


def _latencies(
    traffic: Traffic, base: dict[str, int], clocks: Clocks
) -> tuple[list[float], list[tuple[float, float, float]], int, list[float], int]:
    """Per measured answer: send → the tile updated with it; its parts (send → board computed,
    board → on the desktop's bus, bus → tile updated); how many never reached their tile; the
    tile's paint after its update (for the answers whose update changed what it shows, within
    ``PAINT_WINDOW_S``) and how many updates changed nothing on screen."""
    applied: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for at, queue, answered in clocks.applied:
        applied[queue].append((at, answered))
    painted: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for at, queue, answered in clocks.painted:
        painted[queue].append((at, answered))
    received = sorted(clocks.received, key=lambda r: r.at)
    counts = dict(base)
    totals: list[float] = []
    parts: list[tuple[float, float, float]] = []
    paint_lag: list[float] = []
    missing = unpainted = 0
    for answer in traffic.answers:
        counts[answer.queue] = counts.get(answer.queue, 0) + 1
        if not answer.measured:
            continue
        target = counts[answer.queue]
        update = _first(applied, answer.queue, answer.sent, target)
        if update is None:
            missing += 1
            continue
        totals.append(update - answer.sent)
        paint = _first(painted, answer.queue, update, target)
        if paint is not None and paint - update <= PAINT_WINDOW_S:
            paint_lag.append(paint - update)
        else:
            unpainted += 1
        board = next(
            (
                r
                for r in received
                if r.at >= answer.sent and r.answered.get(answer.queue, 0) >= target
            ),
            None,
        )
        if board is not None:
            parts.append(
                (board.board_at - answer.sent, board.at - board.board_at, update - board.at)
            )
    return totals, parts, missing, paint_lag, unpainted


def _published_stats(world: world_mod.World, start: float, end: float) -> dict[str, Any]:
    """The queue.stats events the server logged in ``[start, end]``, and their sizes."""
    from sqlalchemy import create_engine, text

    engine = create_engine(world.database_url)
    try:
        with engine.connect() as conn:
            sizes = sorted(
                conn.execute(
                    text(
                        "select length(data::text) from event_log where kind = 'queue.stats' "
                        "and at between to_timestamp(:start) and to_timestamp(:end)"
                    ),
                    {"start": start, "end": end},
                ).scalars()
            )
    finally:
        engine.dispose()
    return {
        "count": len(sizes),
        "p50_chars": sizes[len(sizes) // 2] if sizes else None,
        "max_chars": sizes[-1] if sizes else None,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    aht_s = 300.0
    rate = args.occupancy * args.agents / aht_s
    with tempfile.TemporaryDirectory(prefix="bench-supervisor-") as tmp:
        work = Path(tmp)
        os.environ.update(world_mod.server_environment(work, tick_seconds=args.tick))
        world = world_mod.make_database()
        print(f"bench-supervisor: database {world.database}", file=sys.stderr, flush=True)
        try:
            started = time.monotonic()
            world_mod.seed(
                world,
                agents=args.agents,
                customers=args.customers,
                aht_s=aht_s,
                occupancy=args.occupancy,
            )
            world_mod.issue_tokens(world)
            print(
                f"bench-supervisor: seeded {args.agents:,} agents and {world.history_legs:,} "
                f"legs of history in {time.monotonic() - started:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            world_mod.start_server(world, work)
            try:
                return _measure(args, world, rate, work)
            finally:
                world_mod.stop_server(world)
        finally:
            if not args.keep:
                world_mod.drop_database(world)
            else:
                print(f"bench-supervisor: kept {world.database_url}", file=sys.stderr)


def _measure(
    args: argparse.Namespace, world: world_mod.World, rate: float, work: Path
) -> dict[str, Any]:
    from agentdesk.config.desktop import DesktopSettings
    from agentdesk.config.paths import AppPaths
    from agentdesk.services.wiring import build_app_services
    from ui.kit.bridge import EventBridge
    from ui.kit.gc_guard import install_gui_thread_gc

    if args.desktop_line_bound:
        # What-if, off by default: the desktop's SSE bounds raised in this process only (a
        # queue.stats line over the product's bound wedges the listener: see the report).
        from agentdesk.client.sse import EventStream

        EventStream.__init__.__kwdefaults__ = {
            "max_line": args.desktop_line_bound,
            "max_event": max(args.desktop_line_bound, MAX_EVENT_CHARS),
        }
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_gui_thread_gc(app)
    desk = work / "desk"
    services = build_app_services(
        DesktopSettings(backend_url=world.url, cache_scope="all"),
        AppPaths(desk / "config", desk / "data", desk / "logs", desk / "none.toml"),
    )
    clocks = Clocks()
    listen_on_bus(services.bus, clocks)
    services.session.login(world.url, world_mod.SUPERVISOR, world_mod.PASSWORD)
    if not services.sync.sync_now(timeout=600):
        raise SystemExit("bench-supervisor: the supervisor's initial sync did not finish")
    instrument_bridge(clocks)
    bridge = EventBridge(services.bus)
    paints = instrument_tiles(clocks)
    window = open_console(services, bridge)
    loaded: list[object] = []
    window.console.snapshot_loaded.connect(loaded.append)
    _spin(app, 120, until=lambda: bool(loaded))
    if not loaded:
        raise SystemExit("bench-supervisor: the console did not load its snapshot")
    tiles = len(window.console.queue_wall.tiles)
    base = _base_answered(world.url, world.agents[0].token)

    traffic = Traffic(world, rate, speed=args.speed)
    traffic.start()
    try:
        t0 = time.monotonic()
        traffic.all_ready()
        print(
            f"bench-supervisor: {len(world.agents):,} agents ready in "
            f"{time.monotonic() - t0:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        warm = int(args.occupancy * len(world.agents) * args.warm)
        t0 = time.monotonic()
        traffic.warm_up(warm)
        # Every warm caller answered, but those who found no skilled agent free (they wait).
        _spin(
            app,
            args.warm_limit,
            until=lambda: len(traffic.answers) + traffic.queued_at_offer >= warm,
        )
        warmed = len(traffic.answers)
        print(
            f"bench-supervisor: warm-up: {warmed:,} of {warm:,} calls on the line in "
            f"{time.monotonic() - t0:.1f} s; measuring {args.duration:.0f} s at "
            f"{rate:.2f} calls/s",
            file=sys.stderr,
            flush=True,
        )
        _spin(app, 2)
        gui0 = {kind: list(spent) for kind, spent in clocks.gui.items()}
        cpu0 = world_mod.cpu_seconds(world.pid)
        pg0 = world_mod.postgres_cpu_seconds(world.database)
        me0 = time.process_time()
        w0 = time.monotonic()
        m0 = time.time()
        listener = services.sync.listener
        connections0 = listener.connections if listener is not None else 0
        traffic.measuring = True
        traffic.start_arrivals()
        _spin(app, args.duration)
        traffic.measuring = False
        traffic.arriving = False
        wall = time.monotonic() - w0
        m1 = time.time()
        server_cpu = world_mod.cpu_seconds(world.pid) - cpu0
        pg_cpu = world_mod.postgres_cpu_seconds(world.database) - pg0
        bench_cpu = time.process_time() - me0
        busy = traffic.busy
        gui = {
            kind: (
                int(spent[0] - gui0.get(kind, [0, 0])[0]),
                round((spent[1] - gui0.get(kind, [0, 0])[1]) * 1000, 1),
            )
            for kind, spent in clocks.gui.items()
        }
        reconnects = (listener.connections if listener is not None else 0) - connections0
        published = _published_stats(world, m0, m1)
        _spin(app, 3)  # the last answers reach the wall
    finally:
        traffic.stop()
    totals, parts, missing, paint_lag, unpainted = _latencies(traffic, base, clocks)
    bridge.close()
    window.close()
    services.close()
    del paints

    received = clocks.received
    stats_rate = len([r for r in received if m0 <= r.at <= m1]) / max(wall, 1e-9)
    cores = os.cpu_count() or 1
    late = [lag for due, lag in traffic.pbx.late + traffic.desks.late if m0 <= due <= m1]
    result: dict[str, Any] = {
        "agents": len(world.agents),
        "queues": len(world_mod.QUEUES),
        "duration_s": round(wall, 1),
        "tick_seconds": args.tick,
        "calls_offered": traffic.offered_measured,
        "offer_rate_per_s": round(traffic.offered_measured / wall, 2),
        "target_rate_per_s": round(rate, 2),
        "answers_measured": len(totals) + missing,
        "answers_never_on_tile": missing,
        "tile_paint_after_update_p50_ms": percentile_ms(paint_lag, 50),
        "tile_paint_after_update_p95_ms": percentile_ms(paint_lag, 95),
        "answers_changing_nothing_on_screen": unpainted,
        "tiles": tiles,
        "agents_busy_at_end": busy,
        "warm_up_calls": warmed,
        "gui_thread_ms_by_event": dict(sorted(gui.items(), key=lambda kv: -kv[1][1])),
        "gui_thread_share": round(sum(spent_ms for _, spent_ms in gui.values()) / 1000 / wall, 3),
        "history_legs": world.history_legs,
        "event_to_tile_p50_ms": percentile_ms(totals, 50),
        "event_to_tile_p95_ms": percentile_ms(totals, 95),
        "event_to_tile_p99_ms": percentile_ms(totals, 99),
        "event_to_tile_max_ms": ms(max(totals) if totals else None),
        "target_p95_ms": TARGET_P95_MS,
        "target_p99_ms": TARGET_P99_MS,
        "server_cpu_share_of_one_core": round(server_cpu / wall, 3),
        "server_cpu_share_of_machine": round(server_cpu / wall / cores, 3),
        "postgres_cpu_share_of_one_core": round(pg_cpu / wall, 3),
        "bench_process_cpu_share_of_one_core": round(bench_cpu / wall, 3),
        "cores": cores,
        "parts_p50_ms": {
            name: percentile_ms([p[i] for p in parts], 50)
            for i, name in enumerate(("to_board", "board_to_desktop", "desktop_to_tile"))
        },
        "parts_p95_ms": {
            name: percentile_ms([p[i] for p in parts], 95)
            for i, name in enumerate(("to_board", "board_to_desktop", "desktop_to_tile"))
        },
        "stats_events_published": published["count"],
        "stats_event_chars_p50": published["p50_chars"],
        "stats_event_chars_max": published["max_chars"],
        "stats_events": len([r for r in received if m0 <= r.at <= m1]),
        "desktop_stream_reconnects": reconnects,
        "desktop_line_bound": args.desktop_line_bound or MAX_LINE_CHARS,
        "stats_events_per_s": round(stats_rate, 2),
        "stats_event_entries_p50": percentile([float(r.size) for r in received], 50),
        "tile_show_stats_p95_ms": percentile_ms(clocks.apply_s, 95),
        "bench_lag_p95_ms": percentile_ms(late, 95),
        "errors": {**traffic.pbx.errors, **traffic.desks.errors},
        "queued_at_offer": traffic.queued_at_offer,
        "abandoned": traffic.abandoned,
        "console": "ui.shell.console_window.ConsoleWindow (the supervisor's window)",
    }
    return result


def _print(result: dict[str, Any]) -> None:
    def f(value: Any) -> str:
        return "–" if value is None else f"{value:,.1f}"

    print(
        f"{result['agents']:,} agents, {result['queues']} queues, "
        f"{result['calls_offered']:,} calls offered in {result['duration_s']:.0f} s "
        f"({result['offer_rate_per_s']:.2f}/s, Erlang rate {result['target_rate_per_s']:.2f}/s), "
        f"tick {result['tick_seconds']:g} s"
    )
    print(
        f"event → tile  p50 {f(result['event_to_tile_p50_ms'])} ms  "
        f"p95 {f(result['event_to_tile_p95_ms'])} ms (target ≤ {TARGET_P95_MS:.0f})  "
        f"p99 {f(result['event_to_tile_p99_ms'])} ms (target ≤ {TARGET_P99_MS:.0f})  "
        f"max {f(result['event_to_tile_max_ms'])} ms  "
        f"({result['answers_measured']:,} answers, {result['answers_never_on_tile']} never "
        "reached their tile)"
    )
    print(
        f"  measured to the tile's show_stats returning; its paint follows in "
        f"{f(result['tile_paint_after_update_p50_ms'])} / "
        f"{f(result['tile_paint_after_update_p95_ms'])} ms (p50 / p95) when the answer changes "
        f"what the tile shows ({result['answers_changing_nothing_on_screen']} changed nothing)"
    )
    p50, p95 = result["parts_p50_ms"], result["parts_p95_ms"]
    print(
        "  where it goes (p50 / p95 ms): webhook → board computed "
        f"{f(p50['to_board'])} / {f(p95['to_board'])}, board → desktop bus "
        f"{f(p50['board_to_desktop'])} / {f(p95['board_to_desktop'])}, bus → tile updated "
        f"{f(p50['desktop_to_tile'])} / {f(p95['desktop_to_tile'])}"
    )
    print(
        f"server CPU {result['server_cpu_share_of_one_core']:.0%} of a core "
        f"({result['server_cpu_share_of_machine']:.0%} of {result['cores']} cores), "
        f"PostgreSQL {result['postgres_cpu_share_of_one_core']:.0%}, bench process "
        f"{result['bench_process_cpu_share_of_one_core']:.0%}; "
        f"{result['stats_events_per_s']:.1f} queue.stats/s of "
        f"{result['stats_event_entries_p50']:.0f} entries"
    )
    print(
        f"queue.stats: {result['stats_events_published']} published "
        f"({result['stats_event_chars_p50'] or 0:,} chars p50, "
        f"{result['stats_event_chars_max'] or 0:,} max), {result['stats_events']} reached the "
        f"desktop; its stream reconnected {result['desktop_stream_reconnects']} times "
        f"(line bound {result['desktop_line_bound']:,})"
    )
    busiest = list(result["gui_thread_ms_by_event"].items())[:4]
    print(
        f"console GUI thread busy {result['gui_thread_share']:.0%} of the time on events: "
        + ", ".join(f"{kind} {n:,}× {ms:,.0f} ms" for kind, (n, ms) in busiest)
    )
    if result["errors"]:
        print(f"refused moves: {result['errors']}")


def _runs(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    """``args.runs`` measured runs, each a process of its own (its own database, server and
    console): the last run's figures, with ``spread`` (min / median / max of the SPREAD
    figures) and ``each_run``."""
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-supervisor-runs-") as folder:
        for number in range(args.runs):
            print(f"bench-supervisor: run {number + 1}/{args.runs}", file=sys.stderr, flush=True)
            out = Path(folder) / f"run{number}.json"
            command = [sys.executable, __file__, *argv, "--runs", "1", "--no-profile"]
            subprocess.run([*command, "--out", str(out)], check=True)
            results.append(json.loads(out.read_text(encoding="utf-8")))
    result = {**results[-1], "runs": args.runs, "spread": spread(results, SPREAD)}
    result["each_run"] = results
    print(f"{args.runs} runs (min / median / max):")
    for key in SPREAD:
        figure = result["spread"][key]
        print(f"  {key:<32} {figure['min']:>8} {figure['median']:>8} {figure['max']:>8}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=90.0, help="measured seconds")
    parser.add_argument("--occupancy", type=float, default=0.85)
    parser.add_argument(
        "--warm", type=float, default=1.0, help="share of the steady-state calls put on at start"
    )
    parser.add_argument("--tick", type=float, default=0.5, help="the switchboard's tick_seconds")
    parser.add_argument("--customers", type=int, default=300, help="customers who call")
    parser.add_argument("--speed", type=float, default=1.0, help="call times ÷ this (trials)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--desktop-line-bound",
        type=int,
        default=0,
        help="what-if: raise the desktop's SSE line bound to this many characters (0: as built)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the step profile")
    parser.add_argument(
        "--warm-limit", type=float, default=300.0, help="measure after this long in any case"
    )
    parser.add_argument("--runs", type=int, default=3, help="measured runs (the spread)")
    parser.add_argument("--out", default=str(RESULTS / "supervisor.json"))
    args = parser.parse_args(argv)
    exit_on_sigterm()
    if args.runs > 1:
        result = _runs(args, sys.argv[1:] if argv is None else argv)
    else:
        result = run(args)
        _print(result)
    if not args.no_profile:
        from supervisor_profile import print_profile, profile

        result["profile"] = profile(result["agents"], result["target_rate_per_s"])
        print_profile(result["profile"])
    write_result(result, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
