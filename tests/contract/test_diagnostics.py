"""The diagnostics zip of a desk that has worked: it says what support needs (versions, the
self-test, the settings, the sync's state and its problems by code and field, the logs) and
holds none of the bank's customers' data, though the desk's cache, its refused changes and an
older version's log line all do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from agentdesk.cache import local_writes
from agentdesk.contract.sync import TicketPatch
from agentdesk.server.db import normalize_url
from agentdesk.services import AppServices
from tests.contract.conftest import SERVER, AppFactory, Switch

QUERIES = {
    "name": "select name from customers order by id",
    "id_number": "select id_number from customers order by id",
    "phone": "select e164 from customer_phones order by id",
    "pan": "select pan from cards order by id",
    "account": "select number from accounts order by id",
}


def _personal_data(database_url: str) -> dict[str, list[str]]:
    """Every demo customer's name, phone numbers, ID, card and account numbers, as the server
    holds them."""
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        found = {
            kind: [str(v) for v in conn.execute(text(q)).scalars() if v]
            for kind, q in QUERIES.items()
        }
    engine.dispose()
    return found


def _personal_values(database_url: str) -> list[str]:
    """All of them, phones also as dialled at home (without +86)."""
    found = _personal_data(database_url)
    national = [p.removeprefix("+86") for p in found["phone"] if p.startswith("+86")]
    return [value for values in found.values() for value in values] + national


def _edit_summary(services: AppServices, ticket_id: int, summary: str) -> None:
    services.sync.store.write(
        lambda conn: local_writes.update_ticket(
            conn, ticket_id, TicketPatch(changes={"summary": summary}), now=datetime.now(UTC)
        )
    )
    services.sync.changes_saved()


def _shared_ticket(a: AppServices, b: AppServices) -> int:
    def ids(services: AppServices) -> set[int]:
        with services.sync.store.read() as conn:
            rows = conn.exec_driver_sql("select server_id from tickets").scalars()
            return {int(r) for r in rows if r is not None}

    shared = sorted(ids(a) & ids(b))
    assert shared, "the seed gave the two desks no ticket in common"
    return shared[0]


def _zip_text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_the_diagnostics_zip_says_what_support_needs_and_no_customer_data(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch], tmp_path: Path
) -> None:
    _, database_url, _ = backend
    a, b = make_services("ws-a"), make_services("ws-b")
    for services in (a, b):
        services.session.login(SERVER, "sup02", "demo")
        assert services.sync.sync_now()
    data = _personal_data(database_url)
    name, id_number, phone = data["name"][0], data["id_number"][0], data["phone"][0]

    # Two desks edit one ticket's summary with a customer's data: desk b's edit is refused as a
    # conflict and waits in its outbox, the customer's name and phone in its payload.
    ticket = _shared_ticket(a, b)
    _edit_summary(a, ticket, f"{name} rang from {phone}")
    _edit_summary(b, ticket, f"{name}, ID {id_number}, rang again")
    assert a.sync.sync_now() and b.sync.sync_now()
    assert b.sync.problems()
    # A log line an older version wrote with the numbers in clear.
    b.paths.log_dir.mkdir(parents=True, exist_ok=True)
    (b.paths.log_dir / "agentdesk.log.1").write_text(
        f"2026-12-01 09:00:00 WARNING agentdesk.old: lookup {phone} for {id_number}\n",
        encoding="utf-8",
    )

    path = b.diagnostics.save(tmp_path / "support" / "diagnostics.zip")

    files = _zip_text(path)
    everything = "\n".join(files.values())
    leaked = [value for value in _personal_values(database_url) if value in everything]
    assert leaked == []
    assert {"versions.txt", "self-test.txt", "settings.json", "sync.json", "qt.txt"} <= set(files)
    assert files["versions.txt"].startswith("AgentDesk ")
    assert "[ok] install:" in files["self-test.txt"]
    sync = json.loads(files["sync.json"])
    assert sync["cursor"] > 0 and sync["cache_bytes"] > 0
    assert [(p["kind"], p["status"], p["fields"]) for p in sync["problems"]] == [
        ("ticket.update", "conflict", ["summary"])
    ]
    settings = json.loads(files["settings.json"])
    assert settings["settings"]["backend_url"] == SERVER
    assert (
        "WARNING agentdesk.old: lookup [redacted] for [redacted]" in files["logs/agentdesk.log.1"]
    )


def test_agentdesk_diagnostics_writes_the_zip_on_a_desktop_that_never_synced(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "AGENTDESK_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    output = tmp_path / "out" / "diag.zip"

    done = subprocess.run(
        [sys.executable, "-m", "agentdesk", "diagnostics", "--output", str(output)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert f"diagnostics saved to {output}" in done.stdout
    files = _zip_text(output)
    assert json.loads(files["sync.json"])["note"] == "no cache on this desktop yet"
    assert "self-test:" in files["self-test.txt"]
