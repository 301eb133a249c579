"""``make bench-load``: 1,000 simulated desks against the real server (2 workers) on
PostgreSQL, and django-helpdesk's ticket work side by side with AgentDesk's, in one run.

The world (``supervisor_world.py``, shared with bench-supervisor): a throwaway PostgreSQL
database seeded with the server's seed code plus ``--desks`` agents, each with a real access
token (one sign-in's token family each), and ``agentdesk server --workers N`` on a loopback
port. The desks (``load_desks.py``): each its own ``/events`` stream for the whole run and a
share of ``--rate`` REST requests/s of the desk's real calls (presence, screen pop, wrap-up
push, tickets), from ``--processes`` bench processes. The ticket comparison
(``load_tickets.py``): ``--ticket-clients`` closed-loop clients doing create / list / update
against AgentDesk, then against django-helpdesk (``load_peer.py``: a venv under
``bench/.work/peer``, its own database, gunicorn with 2 workers).

Printed and written to ``bench/results/load.json``: SSE delivery p50/p95/p99 per timed event
kind (what each measures: ``load_desks``), REST p50/p95/p99 per route family, the achieved
request rate, errors (non-2xx, streams ended or failed, timeouts; the first few), the server's
CPU and RSS (master and workers, ``/proc``), its PostgreSQL backends' CPU, the ticket
comparison and its ratios. Not a test: nothing passes or fails on time; the targets are
printed beside the figures.

The floor (``--floor``, on unless ``--no-floor``): after AgentDesk's run, the same desks (same
seed, rate, mix and length) against a server that does no work (``load_floor.py``: canned
answers of the same shape and size, the same events on the same cadence, no database, uvicorn
with 2 workers), with its figures printed beside AgentDesk's and kept under ``floor`` in
``load.json``: what the same load gets on this machine from this generator when the server
costs nothing, so the reader sees what part of the gap to the targets is AgentDesk's.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
# This checkout's code, not that of wherever the venv's editable install points (a worktree).
sys.path.insert(1, str(ROOT.parent))
sys.path.insert(1, str(ROOT))

import load_floor  # noqa: E402
import load_peer  # noqa: E402
import supervisor_world as world_mod  # noqa: E402
from figures import percentile_ms, percentiles_ms, write_result  # noqa: E402
from load_desks import FAMILIES, HINT_PULL, run_part  # noqa: E402
from load_proc import TreeSampler  # noqa: E402
from load_tickets import agentdesk_tickets, peer_tickets  # noqa: E402
from processes import ServerDidNotStart, exit_on_sigterm  # noqa: E402

RESULTS = ROOT / "results"
TARGET_SSE_P99_MS = 250.0
TARGET_REST_P95_MS = 100.0
TARGET_RATE = 200.0
DEFAULT_MIX = "presence=0.1,pop=0.3,push=0.2,tickets=0.4"


def _mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in FAMILIES:
            raise SystemExit(f"bench-load: --mix: unknown family {name!r} (known: {FAMILIES})")
        mix[name.strip()] = float(weight)
    return mix


def _say(text: str) -> None:
    print(f"bench-load: {text}", file=sys.stderr, flush=True)


def _server_workers_option() -> bool:
    shown = subprocess.run(
        [sys.executable, "-m", "agentdesk", "server", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT.parent,
    )
    return "--workers" in shown.stdout


def _callers_and_cursor(world: world_mod.World) -> tuple[list[tuple[int, str]], int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(world.database_url)
    try:
        with engine.connect() as conn:
            callers = [
                (int(row[0]), str(row[1]))
                for row in conn.execute(
                    text("select customer_id, e164 from customer_phones order by customer_id")
                )
            ]
            cursor = int(
                conn.execute(text("select coalesce(max(seq), 0) from sync_feed")).scalar_one()
            )
    finally:
        engine.dispose()
    return callers, cursor


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "rest": {},
        "rest_total": {},
        "sse": {},
        "events": {},
        "errors": {},
        "first_errors": [],
        "reconnects": 0,
        "connected": 0,
        "requests_measured": 0,
        "requests_sent": 0,
        "lag": [],
        "bench_cpu_s": 0.0,
    }
    for part in parts:
        for key in ("rest", "sse"):
            for name, samples in part[key].items():
                merged[key].setdefault(name, []).extend(samples)
        for key in ("rest_total", "events", "errors"):
            for name, count in part[key].items():
                merged[key][name] = merged[key].get(name, 0) + count
        merged["first_errors"].extend(part["first_errors"])
        for key in ("reconnects", "connected", "requests_measured", "requests_sent", "bench_cpu_s"):
            merged[key] += part[key]
        merged["lag"].extend(part["lag"])
    merged["measured_from"] = min(p["measured_from"] for p in parts)
    merged["measured_to"] = max(p["measured_to"] for p in parts)
    return merged


def _desks(
    args: argparse.Namespace,
    url: str,
    pairs: list[tuple[str, str]],
    sampler: TreeSampler,
    callers: Any,
    cursor: int,
) -> dict[str, Any]:
    """The desks' run against ``url`` over ``--processes`` bench processes; the server's CPU
    sampled beside by ``sampler``."""
    mix = _mix(args.mix)
    sampler.start()
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(args.processes)
    try:
        pending = [
            pool.apply_async(
                run_part,
                (
                    url,
                    pairs[i :: args.processes],
                    callers,
                    cursor,
                    args.rate / args.processes,
                    mix,
                    100 + i,
                    args.ramp,
                    args.seconds,
                    args.settle,
                ),
            )
            for i in range(args.processes)
        ]
        limit = args.ramp + args.settle + args.seconds + 180
        parts = [p.get(timeout=limit) for p in pending]
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        sampler.stop()
    merged = _merge(parts)
    merged["server"] = sampler.between(merged["measured_from"], merged["measured_to"])
    return merged


def _keep_log(log: Path, name: str) -> None:
    """A server's log, kept in ``bench/.work`` after its temporary folder goes."""
    if log.exists():
        (ROOT / ".work").mkdir(exist_ok=True)
        shutil.copyfile(log, ROOT / ".work" / name)


def _floor(
    args: argparse.Namespace,
    work: Path,
    world: world_mod.World,
    callers: Any,
    cursor: int,
) -> dict[str, Any]:
    """The same desks against the floor server, after AgentDesk's run (never at once: they
    share the machine); ``skipped`` when it does not start."""
    pairs = [(agent.username, agent.token) for agent in world.agents]
    try:
        teams = {agent.token: agent.team for agent in world.agents}
        url, server = load_floor.start(work, cursor, teams)
    except ServerDidNotStart as exc:
        _say(f"the floor server did not start: {exc}")
        return {"skipped": f"the floor server did not start: {exc}"}
    try:
        _say(
            f"floor {url} ({load_floor.WORKERS} workers, no work): the same {len(pairs):,} "
            f"desks, {args.seconds:.0f} s at {args.rate:.0f} req/s"
        )
        return _desks(args, url, pairs, TreeSampler(server.pid, None), callers, cursor)
    finally:
        server.stop()
        _keep_log(server.log_path, "load-floor.log")


def _ticket_figures(run: dict[str, Any]) -> dict[str, Any]:
    everything = [s for samples in run["samples"].values() for s in samples]
    return {
        "requests": len(everything),
        "throughput_per_s": round(len(everything) / run["wall_s"], 1),
        **{k: v for k, v in percentiles_ms(everything).items() if k != "count"},
        "by_step": {step: percentiles_ms(s) for step, s in run["samples"].items()},
        "errors": run["errors"],
        "first_errors": run["first_errors"],
    }


def _compare(
    args: argparse.Namespace, world: world_mod.World, callers: Any, cursor: int, work: Path
) -> dict[str, Any]:
    """The same ticket work against AgentDesk, then against django-helpdesk."""
    clients = [(a.username, a.token) for a in world.agents[: args.ticket_clients]]
    _say(f"ticket work: {len(clients)} clients × {args.ticket_seconds:.0f} s against AgentDesk")
    sampler = TreeSampler(world.pid, world.database)
    sampler.start()
    try:
        ours = asyncio.run(
            agentdesk_tickets(world.url, clients, callers, cursor, args.ticket_seconds)
        )
    finally:
        sampler.stop()
    result: dict[str, Any] = {"clients": len(clients), "agentdesk": _ticket_figures(ours)}
    result["agentdesk"]["server"] = sampler.between(0, float("inf"))
    if args.no_peer:
        result["peer"] = {"skipped": "--no-peer"}
        return result
    try:
        version = load_peer.ensure_installed()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        result["peer"] = {"skipped": f"django-helpdesk could not be installed: {exc}"}
        _say(result["peer"]["skipped"])
        return result
    peer = load_peer.make_database(world.admin_url)
    try:
        load_peer.start(peer, work, len(clients))
        _say(f"ticket work: the same against django-helpdesk {version} ({peer.url})")
        sampler = TreeSampler(peer.pid, peer.database)
        sampler.start()
        try:
            theirs = asyncio.run(peer_tickets(peer.url, peer.clients, args.ticket_seconds))
        finally:
            sampler.stop()
        result["peer"] = {
            "name": f"django-helpdesk {version}",
            "server": f"gunicorn {load_peer.PEER_WORKERS} workers × {load_peer.PEER_THREADS} "
            "threads (gthread)",
            **_ticket_figures(theirs),
        }
        result["peer"]["server_cpu"] = sampler.between(0, float("inf"))
    except RuntimeError as exc:
        result["peer"] = {"skipped": f"django-helpdesk did not start: {exc}"}
        _say(result["peer"]["skipped"])
    finally:
        load_peer.stop(peer)
        load_peer.drop_database(peer)
    ours_f, theirs_f = result["agentdesk"], result["peer"]
    if "throughput_per_s" in theirs_f and theirs_f["throughput_per_s"]:
        result["ratio_throughput"] = round(
            ours_f["throughput_per_s"] / theirs_f["throughput_per_s"], 2
        )
    if theirs_f.get("p95_ms") and ours_f.get("p95_ms") is not None:
        result["ratio_p95"] = round(ours_f["p95_ms"] / theirs_f["p95_ms"], 2)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        os.environ.update(world_mod.server_environment(work, tick_seconds=args.tick))
        workers = args.workers
        extra: list[str] = []
        if workers > 1 and not _server_workers_option():
            _say(f"`agentdesk server` has no --workers here: running 1 worker, not {workers}")
            workers = 1
        elif workers > 1:
            extra = ["--workers", str(workers)]
        world = world_mod.make_database()
        _say(f"database {world.database}")
        try:
            t0 = time.monotonic()
            world_mod.seed(
                world, agents=args.desks, customers=args.customers, aht_s=300.0, occupancy=0.85
            )
            world_mod.issue_tokens(world)
            pairs = [(a.username, a.token) for a in world.agents]
            callers, cursor = _callers_and_cursor(world)
            _say(
                f"seeded {args.desks:,} agents, {len(callers):,} callers' numbers in "
                f"{time.monotonic() - t0:.1f} s"
            )
            world_mod.start_server(world, work, extra)
            try:
                _say(
                    f"server {world.url} ({workers} worker(s)); {args.desks:,} desks opening "
                    f"their streams over {args.ramp:.0f} s, then {args.seconds:.0f} s at "
                    f"{args.rate:.0f} req/s"
                )
                sampler = TreeSampler(world.pid, world.database)
                desks = _desks(args, world.url, pairs, sampler, callers, cursor)
                tickets = _compare(args, world, callers, cursor, work)
            finally:
                world_mod.stop_server(world)
                if world.server is not None:
                    _keep_log(world.server.log_path, "load-server.log")
        finally:
            if args.keep:
                _say(f"kept {world.database_url}")
            else:
                world_mod.drop_database(world)
        floor = _floor(args, work, world, callers, cursor) if args.floor else None
    return _result(args, workers, desks, tickets, floor, time.monotonic() - started)


def _figures(args: argparse.Namespace, workers: int, desks: dict[str, Any]) -> dict[str, Any]:
    """What the desks saw of one server (AgentDesk's, or the floor's)."""
    window = desks["measured_to"] - desks["measured_from"]
    rest_all = [s for samples in desks["rest"].values() for s in samples]
    sse_all = [s for samples in desks["sse"].values() for s in samples]
    errors = sum(desks["errors"].values())
    families = {
        name: percentiles_ms(desks["rest"].get(name, [])) for name in (*FAMILIES, HINT_PULL)
    }
    sse = {kind: percentiles_ms(samples) for kind, samples in sorted(desks["sse"].items())}
    events = desks["events"]
    return {
        "desks": args.desks,
        "workers": workers,
        "bench_processes": args.processes,
        "seconds": round(window, 1),
        "rate_asked_per_s": args.rate,
        "rate_achieved_per_s": round(desks["requests_measured"] / window, 1),
        "hint_pulls_per_s": round(desks["rest_total"].get(HINT_PULL, 0) / window, 1),
        "requests_sent": desks["requests_sent"],
        "requests_answered": desks["requests_measured"],
        "mix": _mix(args.mix),
        "streams_connected": desks["connected"],
        "stream_reconnects": desks["reconnects"],
        "sse_p50_ms": percentile_ms(sse_all, 50),
        "sse_p95_ms": percentile_ms(sse_all, 95),
        "sse_p99_ms": percentile_ms(sse_all, 99),
        "sse_by_kind": sse,
        "events_received": events,
        "events_delivered_per_s": round(sum(events.values()) / max(window, 1e-9), 1),
        "rest_p50_ms": percentile_ms(rest_all, 50),
        "rest_p95_ms": percentile_ms(rest_all, 95),
        "rest_p99_ms": percentile_ms(rest_all, 99),
        "rest_by_family": families,
        "errors": errors,
        "errors_by_kind": desks["errors"],
        "first_errors": desks["first_errors"][:10],
        "server": desks["server"],
        "bench_cpu_share_of_one_core": round(desks["bench_cpu_s"] / max(window, 1e-9), 2),
        "bench_send_lag_p95_ms": percentile_ms(desks["lag"], 95),
    }


def _ratio(ours: float | None, floor: float | None) -> float | None:
    return None if ours is None or not floor else round(ours / floor, 2)


def _meets_targets(figures: dict[str, Any]) -> bool:
    rest, sse = figures["rest_p95_ms"], figures["sse_p99_ms"]
    return (
        rest is not None
        and rest <= TARGET_REST_P95_MS
        and sse is not None
        and sse <= TARGET_SSE_P99_MS
        and figures["errors"] == 0
    )


def _result(
    args: argparse.Namespace,
    workers: int,
    desks: dict[str, Any],
    tickets: dict[str, Any],
    floor_desks: dict[str, Any] | None,
    wall: float,
) -> dict[str, Any]:
    ours = _figures(args, workers, desks)
    if floor_desks is None:
        floor: dict[str, Any] = {"skipped": "--no-floor"}
    elif "skipped" in floor_desks:
        floor = floor_desks
    else:
        floor = _figures(args, load_floor.WORKERS, floor_desks)
    return {
        **ours,
        "tickets": tickets,
        "peer_ratio_throughput": tickets.get("ratio_throughput"),
        "peer_ratio_p95": tickets.get("ratio_p95"),
        "floor": floor,
        "floor_rest_p95_ms": floor.get("rest_p95_ms"),
        "floor_sse_p99_ms": floor.get("sse_p99_ms"),
        "rest_p95_vs_floor": _ratio(ours["rest_p95_ms"], floor.get("rest_p95_ms")),
        "sse_p99_vs_floor": _ratio(ours["sse_p99_ms"], floor.get("sse_p99_ms")),
        "floor_meets_targets": None if "skipped" in floor else _meets_targets(floor),
        "targets": {
            "sse_p99_ms": TARGET_SSE_P99_MS,
            "rest_p95_ms": TARGET_REST_P95_MS,
            "rate_per_s": TARGET_RATE,
            "errors": 0,
        },
        "cores": os.cpu_count(),
        "wall_s": round(wall, 1),
    }


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _print(r: dict[str, Any]) -> None:
    print(
        f"{r['desks']:,} desks, {r['workers']} server worker(s), {r['seconds']:.0f} s measured; "
        f"REST {r['rate_achieved_per_s']:.1f} req/s answered of {r['rate_asked_per_s']:.0f} asked "
        f"({r['requests_answered']:,} of {r['requests_sent']:,} sent), and "
        f"{r['hint_pulls_per_s']:.1f} pulls/s the desks made when told to pull"
    )
    print(
        f"SSE delivery (event made → at a desk)  p50 {_f(r['sse_p50_ms'])}  p95 "
        f"{_f(r['sse_p95_ms'])}  p99 {_f(r['sse_p99_ms'])} ms (target p99 ≤ "
        f"{TARGET_SSE_P99_MS:.0f}); {r['events_delivered_per_s']:,.0f} events/s delivered"
    )
    for kind, p in r["sse_by_kind"].items():
        print(
            f"  {kind:<17} n={p['count']:>9,}  p50 {_f(p['p50_ms'])}  p95 {_f(p['p95_ms'])}  "
            f"p99 {_f(p['p99_ms'])}  max {_f(p['max_ms'])} ms"
        )
    print(
        f"REST  p50 {_f(r['rest_p50_ms'])}  p95 {_f(r['rest_p95_ms'])}  p99 {_f(r['rest_p99_ms'])} "
        f"ms (target p95 ≤ {TARGET_REST_P95_MS:.0f} at {TARGET_RATE:.0f} req/s)"
    )
    for family, p in r["rest_by_family"].items():
        print(
            f"  {family:<9} n={p['count']:>7,}  p50 {_f(p['p50_ms'])}  p95 {_f(p['p95_ms'])}  "
            f"p99 {_f(p['p99_ms'])}  max {_f(p['max_ms'])} ms"
        )
    print(
        f"errors {r['errors']:,} (target 0); streams connected {r['streams_connected']:,}, "
        f"reconnects {r['stream_reconnects']:,}"
    )
    for kind, count in sorted(r["errors_by_kind"].items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {count:>7,}  {kind}")
    print("  first errors:")
    for line in dict.fromkeys(r["first_errors"]):
        print(f"    {line}")
    s = r["server"]
    print(
        f"server CPU {s['cpu_share_of_one_core']:.2f} cores (master + workers), RSS "
        f"{s['rss_mb']:,.0f} MB; its PostgreSQL backends {s['postgres_cpu_share_of_one_core']:.2f} "
        f"cores; the bench's desks {r['bench_cpu_share_of_one_core']:.2f} cores "
        f"(send lag p95 {_f(r['bench_send_lag_p95_ms'])} ms); {r['cores']} cores"
    )
    t = r["tickets"]
    ours, theirs = t["agentdesk"], t.get("peer", {})
    print(f"ticket work, {t['clients']} clients each create → list open → update, closed loop:")
    print(
        f"  AgentDesk        {ours['throughput_per_s']:>7,.1f} req/s  p95 {_f(ours['p95_ms'])} ms  "
        f"errors {sum(ours['errors'].values())}"
    )
    if "skipped" in theirs:
        print(f"  peer: {theirs['skipped']}")
    else:
        print(
            f"  {theirs['name']:<16} {theirs['throughput_per_s']:>7,.1f} req/s  p95 "
            f"{_f(theirs['p95_ms'])} ms  errors {sum(theirs['errors'].values())}"
        )
        print(
            f"  ratios AgentDesk / peer: throughput {_f(t.get('ratio_throughput'))}×, p95 "
            f"{_f(t.get('ratio_p95'))}×"
        )
    _print_floor(r)
    print(f"wall time {r['wall_s']:.0f} s")


def _trio(p: dict[str, Any] | None, prefix: str = "") -> str:
    if p is None:
        return "–"
    return f"{_f(p[prefix + 'p50_ms'])} / {_f(p[prefix + 'p95_ms'])} / {_f(p[prefix + 'p99_ms'])}"


def _print_floor(r: dict[str, Any]) -> None:
    """The floor's figures beside AgentDesk's, and whether the floor itself meets the targets."""
    floor = r["floor"]
    if "skipped" in floor:
        print(f"floor: {floor['skipped']}")
        return

    def row(label: str, ours: str, theirs: str) -> None:
        print(f"  {label:<24}{ours:>26}{theirs:>26}")

    print(
        f"floor beside AgentDesk: the same desks against a server doing no work "
        f"(bench/load_floor.py, {floor['workers']} workers), after AgentDesk's run"
    )
    row("", "AgentDesk", "floor")
    row("REST answered, req/s", _f(r["rate_achieved_per_s"]), _f(floor["rate_achieved_per_s"]))
    row("pulls on hints, req/s", _f(r["hint_pulls_per_s"]), _f(floor["hint_pulls_per_s"]))
    row("SSE p50 / p95 / p99, ms", _trio(r, "sse_"), _trio(floor, "sse_"))
    for kind in sorted(r["sse_by_kind"].keys() | floor["sse_by_kind"].keys()):
        row(f"  {kind}", _trio(r["sse_by_kind"].get(kind)), _trio(floor["sse_by_kind"].get(kind)))
    row("REST p50 / p95 / p99, ms", _trio(r, "rest_"), _trio(floor, "rest_"))
    for family in (*FAMILIES, HINT_PULL):
        row(
            f"  {family}",
            _trio(r["rest_by_family"][family]),
            _trio(floor["rest_by_family"][family]),
        )
    row("errors", f"{r['errors']:,}", f"{floor['errors']:,}")
    row(
        "desks' CPU, cores",
        f"{r['bench_cpu_share_of_one_core']:.2f}",
        f"{floor['bench_cpu_share_of_one_core']:.2f}",
    )
    row(
        "server CPU, cores",
        f"{r['server']['cpu_share_of_one_core']:.2f}",
        f"{floor['server']['cpu_share_of_one_core']:.2f}",
    )
    print(
        f"  AgentDesk / floor: REST p95 {_f(r['rest_p95_vs_floor'])}×, SSE p99 "
        f"{_f(r['sse_p99_vs_floor'])}×"
    )
    reach = "within" if r["floor_meets_targets"] else "beyond"
    print(
        f"floor (a server doing no work, same desks, same machine): REST p95 "
        f"{_f(floor['rest_p95_ms'])} ms, SSE p99 {_f(floor['sse_p99_ms'])} ms, "
        f"{floor['errors']:,} errors at {floor['desks']:,} desks and "
        f"{floor['rate_asked_per_s']:.0f} req/s — the targets are {reach} reach of this machine "
        f"with this generator"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="REST requests/s")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds to open the streams")
    parser.add_argument("--settle", type=float, default=5.0, help="idle seconds before measuring")
    parser.add_argument("--mix", default=DEFAULT_MIX, help="share of actions per route family")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    parser.add_argument("--processes", type=int, default=2, help="bench processes for the desks")
    parser.add_argument("--tick", type=float, default=0.5, help="the switchboard's tick_seconds")
    parser.add_argument("--customers", type=int, default=300, help="customers who call")
    parser.add_argument("--ticket-clients", type=int, default=50)
    parser.add_argument("--ticket-seconds", type=float, default=20.0)
    parser.add_argument("--no-peer", action="store_true", help="skip django-helpdesk")
    parser.add_argument(
        "--floor",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the same desks against a server doing no work, after AgentDesk's run",
    )
    parser.add_argument("--keep", action="store_true", help="keep AgentDesk's database")
    parser.add_argument("--out", default=str(RESULTS / "load.json"))
    args = parser.parse_args(argv)
    exit_on_sigterm()
    threading.current_thread().name = "bench-load"
    result = run(args)
    _print(result)
    write_result(result, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
