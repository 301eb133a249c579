"""``make bench-pop``: how fast the caller's 360 is on screen, over ``--runs`` runs (3: each
a desktop process of its own; the min / median / max of every percentile is printed, so one
lucky run cannot stand for the figure).

- screen-pop: from the ``call.offered`` event reaching the desktop (the SSE listener publishes
  it on the core bus) to the customer page painted with the caller's profile, p50/p95 over
  ``--calls`` calls offered through the signed PBX webhook (posted from a thread of its own, as
  a PBX is another process), next to the raw cache lookup of the same numbers;
- screen-pop outside the cache: the same, for callers the cache knows only by the phone index
  (a working-set desk's customers outside the agent's working set: ``--outside`` callers
  taken out of the cache for the measure and put back after it), whose 360 is fetched from
  the backend at the pop;
- search: from pressing Ctrl+F to the results painted (the search's debounce included).

The backend is a real ``agentdesk server`` on loopback over the database ``make bench-sync``
seeded (``bench/.work/<N>/``); the desktop is the real MainWindow (Qt offscreen) over a cache
filled by a real initial sync. Writes ``bench/results/pop.json``. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SECRET = "bench-pop-secret"
os.environ["AGENTDESK_TELEPHONY__WEBHOOK_SECRET"] = SECRET  # read by the server process
os.environ["AGENTDESK_TELEPHONY__SIMULATOR__CALL_RATE"] = "0"  # only the calls this bench offers

import httpx  # noqa: E402
import keyring  # noqa: E402
from figures import percentile_ms, spread, write_result  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from agentdesk.cache.customers import (  # noqa: E402
    customer_records_of,
    customers_by_phone,
    delete_customers,
    upsert_customers,
)
from agentdesk.cache.phone_index import forget_phones, put_phone_index  # noqa: E402
from agentdesk.config.desktop import DesktopSettings  # noqa: E402
from agentdesk.config.paths import AppPaths  # noqa: E402
from agentdesk.contract.sync import PhoneIndexEntry  # noqa: E402
from agentdesk.credentials import SERVICE  # noqa: E402
from agentdesk.demo.launcher import DemoBackend  # noqa: E402
from agentdesk.domain.presence import AgentState  # noqa: E402
from agentdesk.events import CallOffered  # noqa: E402
from agentdesk.services.wiring import build_app_services  # noqa: E402
from ui.kit.bridge import EventBridge  # noqa: E402
from ui.kit.gc_guard import install_gui_thread_gc  # noqa: E402
from ui.shell.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parent
CACHE_KEY_ENV = "BENCH_DESK_CACHE_KEY"
RESULTS = ROOT / "results"


class _BenchKeyring(KeyringBackend):
    """The desk's cache key for a run of this bench, given by ``make bench-start`` in the
    environment (never written to a file): a machine without a system keyring (this one) would
    otherwise keep the cache for one session only, and a later run could not open it."""

    priority = 1

    def __init__(self, secrets: dict[tuple[str, str], str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's is untyped
        self.secrets = secrets

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def _use_bench_keyring(paths: AppPaths) -> None:
    key = os.environ.get(CACHE_KEY_ENV)
    if key:
        name = f"cache-key:{paths.workstation_id()}"
        keyring.set_keyring(_BenchKeyring({(SERVICE, name): key}))


def _rss_mb() -> float:
    """This process's resident memory now (MB): the desktop's, as the bench is the desktop."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    import resource  # not Linux: the peak is what the platform keeps

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _offer(pbx: httpx.Client, url: str, phone: str) -> None:
    """The PBX's ``call.offered`` for ``phone``. Run on the PBX's own thread (a PBX is another
    process): posted from the GUI thread, the request's own time would count as the pop's."""
    body = json.dumps(
        {
            "type": "call.offered",
            "call_id": f"bench-{uuid.uuid4().hex[:12]}",
            "caller": phone,
            "queue": "general",
        }
    ).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    pbx.post(
        f"{url}/telephony/events",
        content=body,
        headers={"Content-Type": "application/json", "X-AgentDesk-Signature": signature},
        timeout=10,
    ).raise_for_status()


def _wait(app: QApplication, done: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("bench-pop: timed out waiting for the desktop")
        app.processEvents()
        time.sleep(0.0005)


def run(customers: int, calls: int, outside: int = 50) -> dict[str, Any]:
    work = ROOT / ".work" / str(customers)
    paths = AppPaths(work / "config", work / "data", work / "logs", work / "none.toml")
    app = QApplication(sys.argv[:1])
    install_gui_thread_gc(app)
    # The desk keeps its cache between runs, as an agent's desktop does: the first run syncs
    # it, later ones open it (what the memory figure is about).
    desk = work / "desk"
    opened = (desk / "data" / "cache.db").exists()
    desk_paths = AppPaths(desk / "config", desk / "data", desk / "logs", desk / "none.toml")
    _use_bench_keyring(desk_paths)
    with DemoBackend(paths, customers=customers) as backend:
        # The existing figures are an ``all`` desk's (every caller in the cache); the callers
        # outside the cache are taken out of this one for their own figure.
        settings = DesktopSettings(backend_url=backend.url, cache_scope="all")
        services = build_app_services(settings, desk_paths)
        services.session.login(backend.url, "agent01", "demo")
        print(f"bench-pop: {'sync' if opened else 'initial sync'} ...", file=sys.stderr, flush=True)
        if not services.sync.sync_now(timeout=3600):
            raise SystemExit("bench-pop: the initial sync did not finish")
        store = services.sync.store
        with store.read() as conn:
            cached = conn.exec_driver_sql("select count(*) from customers").scalar_one()
            picked = conn.exec_driver_sql(
                "select e164, min(customer_id) from customer_phones group by e164 "
                f"having count(*) = 1 order by random() limit {calls + outside}"
            ).all()
        phones = [row[0] for row in picked[:calls]]
        outside_ids = [int(row[1]) for row in picked[calls:]]
        outside_phones = [row[0] for row in picked[calls:]]
        pbx, pbx_thread = httpx.Client(), ThreadPoolExecutor(1, thread_name_prefix="pbx")
        bridge = EventBridge(services.bus)
        window = MainWindow(services, bridge)
        window.resize(1280, 800)
        window.show()
        if services.calls.me().presence.state is not AgentState.READY:
            services.calls.set_ready()  # the server keeps a presence across its restarts
        page = window.customer_page
        offered_at: list[float] = []
        services.bus.subscribe(CallOffered, lambda _e: offered_at.append(time.perf_counter()))
        finished: list[str] = []
        page.pop_finished.connect(finished.append)

        def pop_once(phone: str) -> float:
            offered_at.clear()
            finished.clear()
            sent = pbx_thread.submit(_offer, pbx, backend.url, phone)
            _wait(app, lambda: bool(finished))
            sent.result()  # the webhook was accepted
            page.repaint()  # painted, not only laid out
            took = time.perf_counter() - offered_at[0]
            if finished[0] != "profile":
                raise SystemExit(f"bench-pop: a pop ended as {finished[0]!r}, not a profile")
            services.calls.answer()
            services.calls.hang_up()
            services.calls.finish_wrap_up()
            return took

        pops = [pop_once(phone) for phone in phones]

        # Callers outside the cache: only the phone index knows them, as on a working-set desk.
        with store.read() as conn:
            taken_out = customer_records_of(conn, outside_ids)
        index = [PhoneIndexEntry(id=r.id, phones=r.phones) for r in taken_out]
        key = store.phone_index_key

        def take_out(conn: Any) -> None:
            delete_customers(conn, outside_ids)
            put_phone_index(conn, key, index)

        def put_back(conn: Any) -> None:
            forget_phones(conn, outside_ids)
            upsert_customers(conn, taken_out)

        store.write(take_out, durable=False)
        try:
            outside_pops = [pop_once(phone) for phone in outside_phones]
        finally:
            store.write(put_back, durable=False)

        rss_mb = _rss_mb()  # a desk with its cache open after the calls of a morning

        raw: list[float] = []
        with store.read() as conn:
            for phone in phones:
                started = time.perf_counter()
                customers_by_phone(conn, phone)
                raw.append(time.perf_counter() - started)

        with store.read() as conn:
            names = [r[0] for r in conn.exec_driver_sql("select name from customers limit 400")]
        searches: list[float] = []
        for query in random.Random(3).sample(names, min(50, len(names))):
            started = time.perf_counter()
            QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
            _wait(app, lambda: window.call_desk.search_dialog is not None)
            dialog = window.call_desk.search_dialog
            assert dialog is not None
            shown: list[str] = []
            dialog.results_shown.connect(shown.append)
            dialog.edit.setText(query)
            _wait(app, partial(bool, shown))
            dialog.repaint()
            searches.append(time.perf_counter() - started)
            dialog.results_shown.disconnect()
            dialog.reject()
            app.processEvents()
        pbx_thread.shutdown()
        pbx.close()
        bridge.close()
        services.close()
        window.close()
    QCoreApplication.processEvents()
    return {
        "customers": int(cached),
        "calls": len(pops),
        "screen_pop_p50_ms": percentile_ms(pops, 50, 2),
        "screen_pop_p95_ms": percentile_ms(pops, 95, 2),
        "outside_calls": len(outside_pops),
        "outside_pop_p50_ms": percentile_ms(outside_pops, 50, 2),
        "outside_pop_p95_ms": percentile_ms(outside_pops, 95, 2),
        "raw_lookup_p50_ms": percentile_ms(raw, 50, 3),
        "raw_lookup_p95_ms": percentile_ms(raw, 95, 3),
        "search_to_paint_p50_ms": percentile_ms(searches, 50, 2),
        "search_to_paint_p95_ms": percentile_ms(searches, 95, 2),
        "cache_opened": opened,
        "rss_mb": rss_mb,
    }


PERCENTILES = (
    "screen_pop_p50_ms",
    "screen_pop_p95_ms",
    "outside_pop_p50_ms",
    "outside_pop_p95_ms",
    "raw_lookup_p50_ms",
    "raw_lookup_p95_ms",
    "search_to_paint_p50_ms",
    "search_to_paint_p95_ms",
)


def _print_row(label: str, result: dict[str, Any]) -> None:
    print(
        f"{label:>10} {result['screen_pop_p50_ms']:>7.1f} / "
        f"{result['screen_pop_p95_ms']:<6.1f} {result['raw_lookup_p50_ms']:>10.3f} / "
        f"{result['raw_lookup_p95_ms']:<9.3f} {result['search_to_paint_p50_ms']:>11.1f} / "
        f"{result['search_to_paint_p95_ms']:<8.1f} {result['outside_pop_p50_ms']:>10.1f} / "
        f"{result['outside_pop_p95_ms']:<6.1f}"
    )


def _header() -> None:
    print(
        f"{'customers':>10} {'pop p50/p95 ms':>16} {'raw lookup p50/p95 ms':>22} "
        f"{'search→paint p50/p95 ms':>24} {'outside-cache pop p50/p95 ms':>28}"
    )


def _runs(customers: int, calls: int, runs: int, outside: int) -> dict[str, Any]:
    """``runs`` measured runs, each a desktop process of its own (one QApplication each), so
    one lucky run cannot stand for the figure: the last run's figures and every percentile's
    min / median / max."""
    results = []
    for number in range(runs):
        print(f"bench-pop: run {number + 1}/{runs}", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--customers", str(customers), "--calls", str(calls)]
        command += ["--outside", str(outside)]
        subprocess.run([*command, "--runs", "1"], check=True, stdout=subprocess.DEVNULL)
        results.append(json.loads((RESULTS / "pop.json").read_text(encoding="utf-8")))
    return {**results[-1], "runs": runs, "spread": spread(results, PERCENTILES)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="measured runs (the spread)")
    parser.add_argument(
        "--outside", type=int, default=50, help="calls from callers outside the cache"
    )
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.runs == 1:
        result: dict[str, Any] = run(args.customers, args.calls, args.outside)
        _header()
        _print_row(f"{result['customers']:,}", result)
    else:
        result = _runs(args.customers, args.calls, args.runs, args.outside)
        print(f"{result['customers']:,} customers, {args.runs} runs (min / median / max):")
        _header()
        for which in ("min", "median", "max"):
            _print_row(which, {key: result["spread"][key][which] for key in PERCENTILES})
    write_result(result, RESULTS / "pop.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
