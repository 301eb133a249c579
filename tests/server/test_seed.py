"""Seeding a database with demo data, and the demo backend launcher."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, insert, select

from agentdesk.config.paths import AppPaths
from agentdesk.demo.launcher import DemoBackend
from agentdesk.demo.seed import DatabaseNotEmpty, seed_database
from agentdesk.domain.phones import normalize_phone
from agentdesk.server import models, sequence, sync_feed
from agentdesk.server.db import make_engine
from agentdesk.server.security import verify_password

REFERENCE = date(2026, 11, 22)


def _count(conn, model) -> int:
    return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_seed_fills_every_table_and_users_can_log_in(database_url: str) -> None:
    report = seed_database(
        database_url, customers=40, seed=5, progress=False, batch=15, reference=REFERENCE
    )
    assert report.customers == 40 and report.rows["customers"] == 40
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert _count(conn, models.Customer) == 40
            assert _count(conn, models.CustomerPhone) == report.rows["customer_phones"] >= 40
            assert _count(conn, models.Account) == report.rows["accounts"] >= 40
            for model, table in (
                (models.Card, "cards"),
                (models.Loan, "loans"),
                (models.WealthHolding, "wealth_holdings"),
                (models.Interaction, "interactions"),
                (models.Ticket, "tickets"),
            ):
                assert _count(conn, model) == report.rows.get(table, 0), table
            for phone in conn.execute(select(models.CustomerPhone.e164)).scalars():
                assert normalize_phone(phone) == phone
            customer = conn.execute(select(models.Customer).where(models.Customer.id == 1)).one()
            assert customer.name and customer.cif and customer.tier
            assert isinstance(customer.segments, list) and isinstance(customer.alerts, list)

            users = conn.execute(select(models.User)).all()
            assert {u.username for u in users} >= {"agent01", "agent20", "sup01", "admin"}
            assert len(users) == 23
            agent = next(u for u in users if u.username == "agent01")
            assert agent.role == "agent" and agent.active
            assert verify_password(agent.password_hash, "demo")
            assert not verify_password(agent.password_hash, "wrong")
    finally:
        engine.dispose()


def test_seed_is_deterministic_and_new_rows_get_fresh_ids(database_url: str) -> None:
    seed_database(database_url, customers=10, seed=9, progress=False, reference=REFERENCE)
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            names = conn.execute(select(models.Customer.name).order_by("id")).scalars().all()
            # explicit ids must not collide with what the server inserts later (PostgreSQL
            # identities are moved past the seeded ids)
            conn.execute(
                insert(models.CustomerPhone),
                {"customer_id": 1, "e164": "+8613800000000", "kind": "work"},
            )
    finally:
        engine.dispose()
    from agentdesk.demo.generator import generate

    expected = [
        c["name"] for c in next(generate(10, seed=9, reference=REFERENCE)).rows["customers"]
    ]
    assert names == expected


def test_reseeding_a_seeded_database_is_refused(database_url: str) -> None:
    seed_database(database_url, customers=5, progress=False, reference=REFERENCE)
    with pytest.raises(DatabaseNotEmpty, match="already has 5 customers"):
        seed_database(database_url, customers=5, progress=False, reference=REFERENCE)


def test_progress_bar_reports_rate_and_eta(tmp_path: Path) -> None:
    import io

    out = io.StringIO()
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    seed_database(url, customers=30, batch=10, progress=True, out=out, reference=REFERENCE)
    text = out.getvalue()
    assert "30/30 customers" in text and "/s" in text and "ETA" in text


def test_demo_backend_starts_answers_and_stops(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs", tmp_path / "x")
    with DemoBackend(paths, customers=20) as backend:
        assert backend.url.startswith("http://127.0.0.1:")
        assert (backend.username, backend.password) == ("agent01", "demo")
        assert backend.database_url.endswith("/demo/server.db")
        response = httpx.get(f"{backend.url}/health", timeout=5)
        assert response.status_code == 200
        process = backend.process
        assert process is not None and process.poll() is None
    assert process.poll() is not None  # the server is gone
    assert (paths.log_dir / "demo-server.log").exists()

    # A second start reuses the seeded database (no reseed) ...
    before = (paths.data_dir / "demo" / "server.db").stat().st_mtime_ns
    backend = DemoBackend(paths, customers=20)
    backend.ensure_database()
    assert (paths.data_dir / "demo" / "server.db").stat().st_mtime_ns == before
    # ... and reset makes a new one.
    DemoBackend(paths, customers=20, reset=True).ensure_database()
    assert (paths.data_dir / "demo" / "server.db").stat().st_mtime_ns != before


def test_demo_backend_reports_a_server_that_fails_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentdesk.demo import launcher

    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs", tmp_path / "x")
    monkeypatch.setattr(
        launcher,
        "_server_command",
        lambda port, url: [sys.executable, "-c", "print('boom: no server'); exit(3)"],
    )
    with pytest.raises(launcher.DemoBackendFailed, match="(?s)exited with code 3.*boom"):
        with DemoBackend(paths, customers=3):
            pass


def test_background_generation_inserts_the_same_rows(tmp_path: Path) -> None:
    """The forked producer (used for large seeds on Linux) changes speed, never the data."""
    dumps = []
    for background in (False, True):
        url = f"sqlite:///{tmp_path / f'bg-{background}.db'}"
        seed_database(
            url, customers=120, batch=25, progress=False, reference=REFERENCE, background=background
        )
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                dumps.append(
                    [
                        conn.execute(select(model).order_by(model.id)).all()
                        for model in (models.Customer, models.CustomerPhone, models.Interaction)
                    ]
                )
        finally:
            engine.dispose()
    assert dumps[0] == dumps[1]


def test_a_seeds_feed_built_at_once_is_the_feed_written_row_by_row(database_url: str) -> None:
    """The seed builds its sync feed in one step at the end; every entry is the one the
    per-commit path (sync_feed.refresh) writes for the same records."""
    seed_database(database_url, customers=60, seed=3, batch=25, progress=False, reference=REFERENCE)
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            bulk = _feed(conn)
            conn.execute(delete(sync_feed.FEED))
            sync_feed.refresh(conn, 1, sequence.high_water(conn))
            row_by_row = _feed(conn)
            counts = {e: _count(conn, m) for e, m in (("customer", models.Customer),
                      ("ticket", models.Ticket), ("interaction", models.Interaction))}  # fmt: skip
    finally:
        engine.dispose()
    assert bulk == row_by_row
    assert Counter(entity for entity, _id in bulk) == counts
    assert any(
        body["phone_e164"] is None for (e, _), (_, body) in bulk.items() if e == "interaction"
    )


def _feed(conn: Any) -> dict[tuple[str, int], tuple[int, Any]]:
    rows = conn.execute(select(sync_feed.FEED)).all()
    return {
        (r.entity, r.entity_id): (r.seq, None if r.body is None else json.loads(r.body))
        for r in rows
    }


_DEMO_PARENT = """
import sys, time
from pathlib import Path
from agentdesk.config.paths import AppPaths
from agentdesk.demo.launcher import DemoBackend

root = Path(sys.argv[1])
paths = AppPaths(root / "config", root / "data", root / "logs", root / "x")
backend = DemoBackend(paths, customers=20)
backend.start()
print(backend.process.pid, backend.url, flush=True)
time.sleep(600)
"""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its new parent) is gone for every purpose here.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_the_demo_backend_stops_when_its_desktop_process_ends_however_it_ends(
    tmp_path: Path, how: signal.Signals
) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _DEMO_PARENT, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    pid_text, url = parent.stdout.readline().split()
    server_pid = int(pid_text)
    assert httpx.get(f"{url}/health", timeout=5).status_code == 200

    parent.send_signal(how)
    parent.wait(30)

    deadline = time.monotonic() + 30
    while _pid_alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(server_pid), "the demo backend outlived its desktop"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/health", timeout=2)
