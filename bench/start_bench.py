"""``make bench-start``: how long the installed desktop takes to start, and how much memory it
holds with a large cache. Figures, not a test.

Start-up: the bundle IT installs (``dist/agentdesk``, what the .deb and .tar.gz hold) is started
as a process, ``agentdesk demo --backend-url URL`` against a running backend (so no demo backend
is started or seeded inside the timing), the desk's cache already synced by an earlier start (as
an agent's desktop is, every morning but the first). Its ``startup_trace`` setting makes it
write the moment its first window was painted and the moment it was ready to take a call
(signed in, cache open, live event stream connected). The first window is timed on
``agentdesk gui`` (the sign-in dialog, as an agent sees it; the process is then ended); ready,
and the main window signed in, on ``agentdesk demo`` (it signs in without the dialog). Times
are from just before the process was started.
Cold runs follow ``echo 3 > /proc/sys/vm/drop_caches`` (root only; said when not possible),
warm runs follow a start. The floor, measured in the same run and the same way: a PySide6 window
with one label, frozen as a one-dir bundle of the same PySide6 (bench/start_floor.py).

Without a system keyring (this CI machine has none) the desk keeps its cache for the session
only: each start then opens a new cache and syncs it in the background; "ready" does not wait
for that sync, as an agent can take a call meanwhile.

Memory: ``bench/pop_bench.py`` (the real MainWindow and services, offscreen) opens a desk's cache
of ``--rss-customers`` customers (synced by a first run when missing: minutes at 1M) and pops
``--pops`` calls; the desktop's resident memory after them. Writes bench/results/start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["AGENTDESK_TELEPHONY__SIMULATOR__CALL_RATE"] = "0"  # no calls while it starts

from agentdesk.config.paths import AppPaths  # noqa: E402
from agentdesk.demo.launcher import DemoBackend  # noqa: E402

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
RESULTS = ROOT / "results"
WORK = ROOT / ".work" / "start"
READY_TIMEOUT_S = 120.0
TARGETS = {"first_window_s": 1.5, "ready_s": 3.0, "rss_mb_1m": 300.0}


def _drop_caches() -> bool:
    """Empty the page cache, so the next start reads its files from disk (root only)."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _wait_for(trace: Path, key: str, process: subprocess.Popen[bytes]) -> dict[str, float]:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        marks = _marks(trace)
        if key in marks:
            return marks
        if process.poll() is not None:
            raise SystemExit(f"bench-start: the program ended ({process.returncode}) before {key}")
        time.sleep(0.005)
    raise SystemExit(f"bench-start: no {key} within {READY_TIMEOUT_S:.0f} s")


def _marks(trace: Path) -> dict[str, float]:
    if not trace.exists():
        return {}
    marks = {}
    for line in trace.read_text(encoding="utf-8").splitlines():
        what, _, at = line.partition(" ")
        if at:
            marks[what] = float(at)
    return marks


def _start_desk(
    program: Path, url: str, home: Path, *, linger_s: float = 0, sign_in: bool = True
) -> dict[str, float]:
    """Start the desktop and wait for ``ready`` (signed in by the demo command) or, with
    ``sign_in`` False, for its first window: the sign-in dialog an agent sees first."""
    trace = WORK / "desk-trace.txt"
    trace.unlink(missing_ok=True)
    env = {
        **os.environ,
        "AGENTDESK_HOME": str(home),
        "AGENTDESK_DESKTOP__STARTUP_TRACE": str(trace),
    }
    started = time.time()
    command = ["demo", "--backend-url", url, "--exit-after", str(READY_TIMEOUT_S)]
    process = subprocess.Popen(
        [str(program), *(command if sign_in else ["gui", "--backend-url", url])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        marks = _wait_for(trace, "ready" if sign_in else "first_window", process)
        time.sleep(linger_s)  # a first start: let its initial sync finish
    finally:
        process.terminate()
        process.wait(30)
    return {k: round(v - started, 3) for k, v in marks.items()}


def _start_floor(program: Path) -> float:
    trace = WORK / "floor-trace.txt"
    trace.unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen([str(program), str(trace)], stdout=subprocess.DEVNULL)
    try:
        marks = _wait_for(trace, "first_window", process)
    finally:
        process.wait(30)
    return round(marks["first_window"] - started, 3)


def _floor_program() -> Path:
    """The floor, frozen once (again when its script changes)."""
    script = ROOT / "start_floor.py"
    out = WORK / "floor"
    program = out / "dist" / "start_floor" / "start_floor"
    stamp = out / "script.txt"
    if program.exists() and stamp.exists() and stamp.read_text() == script.read_text():
        return program
    print("bench-start: freezing the floor (PyInstaller one-dir) ...", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--onedir", "--noconfirm", "--log-level", "WARN"]
        + ["--workpath", str(out / "work"), "--distpath", str(out / "dist")]
        + ["--specpath", str(out), str(script)],
        check=True,
    )
    stamp.write_text(script.read_text())
    return program


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "min": min(values),
        "median": round(statistics.median(values), 3),
        "max": max(values),
    }


def _startup(bundle: Path, runs: int, customers: int) -> dict[str, Any]:
    program = bundle / "agentdesk"
    if not program.exists():
        raise SystemExit(f"bench-start: no bundle at {bundle} (make bundle)")
    floor = _floor_program()
    backend_paths = AppPaths(WORK / "config", WORK / "data", WORK / "logs", WORK / "none.toml")
    home = WORK / "desk"
    with DemoBackend(backend_paths, customers=customers) as backend:
        print("bench-start: a first start syncs the desk's cache ...", file=sys.stderr)
        _start_desk(program, backend.url, home, linger_s=10)
        cold_possible = _drop_caches()
        keys = ("first_window", "ready", "floor", "signed_in_window")
        samples: dict[str, list[float]] = {key: [] for key in keys}
        samples |= {f"{key}_cold": [] for key in keys}
        for run in range(runs):
            for temperature in ("_cold", "") if cold_possible else ("",):
                if temperature:
                    _drop_caches()
                dialog = _start_desk(program, backend.url, home, sign_in=False)
                samples[f"first_window{temperature}"].append(dialog["first_window"])
                if temperature:
                    _drop_caches()
                desk = _start_desk(program, backend.url, home)
                samples[f"signed_in_window{temperature}"].append(desk["first_window"])
                samples[f"ready{temperature}"].append(desk["ready"])
            warm = {k: v[-1] for k, v in samples.items() if v and not k.endswith("_cold")}
            if cold_possible:
                _drop_caches()
                samples["floor_cold"].append(_start_floor(floor))
            samples["floor"].append(_start_floor(floor))
            print(f"bench-start: run {run + 1}/{runs}: warm {warm}", file=sys.stderr)
    return {
        "cold_runs": cold_possible,
        **{key: _spread(values) for key, values in samples.items() if values},
    }


def _memory(customers: int, pops: int) -> dict[str, Any]:
    command = [sys.executable, str(ROOT / "pop_bench.py"), "--customers", str(customers)]
    command += ["--calls", str(pops), "--runs", "1"]
    # The desk's cache key, as a keyring would keep it, for both runs (in their environment).
    env = {**os.environ, "BENCH_DESK_CACHE_KEY": secrets.token_hex(32)}
    for _ in range(2):  # the first run syncs a cache that is not there yet
        subprocess.run(command, check=True, cwd=REPO, env=env)
        result: dict[str, Any] = json.loads((RESULTS / "pop.json").read_text(encoding="utf-8"))
        if result.get("cache_opened"):
            return result
    raise SystemExit("bench-start: the pop bench never opened an existing cache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "agentdesk")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--customers", type=int, default=2000, help="the backend's, for start-up")
    parser.add_argument(
        "--rss-customers", type=int, default=1_000_000, help="the cache's, for memory; 0: skip"
    )
    parser.add_argument("--pops", type=int, default=200)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)

    start = _startup(args.bundle.resolve(), args.runs, args.customers)
    memory = _memory(args.rss_customers, args.pops) if args.rss_customers else None
    first, ready, floor = (start[k]["median"] for k in ("first_window", "ready", "floor"))
    result = {
        "first_window_s": first,
        "ready_s": ready,
        "floor_s": floor,
        "first_window_vs_floor": round(first / floor, 2),
        "rss_mb_1m": memory["rss_mb"] if memory else None,
        "rss_customers": memory["customers"] if memory else 0,
        "runs": args.runs,
        "start": start,
        "targets": TARGETS,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "start.json").write_text(json.dumps(result, indent=2), encoding="utf-8")

    print(f"start-up of {args.bundle} over {args.runs} runs (min / median / max, seconds):")
    for key, label in (
        ("first_window", "first window (sign-in) painted, warm"),
        ("signed_in_window", "main window painted, signed in, warm"),
        ("ready", "ready to take a call, warm"),
        ("floor", "floor: a frozen PySide6 window, warm"),
        ("first_window_cold", "first window (sign-in) painted, cold"),
        ("signed_in_window_cold", "main window painted, signed in, cold"),
        ("ready_cold", "ready to take a call, cold"),
        ("floor_cold", "floor, cold"),
    ):
        if key in start:
            s = start[key]
            print(f"  {label:<42} {s['min']:6.3f} {s['median']:6.3f} {s['max']:6.3f}")
    if not start["cold_runs"]:
        print("  (no cold runs: the page cache cannot be dropped without root)")
    print(f"  first window ÷ floor (warm medians): {result['first_window_vs_floor']}x")
    print(
        f"  targets: first window ≤ {TARGETS['first_window_s']} s, ready ≤ {TARGETS['ready_s']} s"
    )
    if memory:
        print(
            f"memory: {memory['rss_mb']} MB resident after opening a cache of "
            f"{memory['customers']:,} customers and {memory['calls']} screen-pops "
            f"(target ≤ {TARGETS['rss_mb_1m']:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
