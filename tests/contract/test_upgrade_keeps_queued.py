"""An upgrade keeps what the agent saw saved: a desk whose cache the previous version wrote
(schema one step back, wrap-ups queued while offline, the key in the keyring) starts with this
version, which backs the file up, migrates it, and sends every queued wrap-up exactly once.

The package side of an upgrade (dpkg keeps IT's edited system file, no user file is touched) is
proven on the installed .deb by build/linux/install_check.sh in CI.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from fastapi.testclient import TestClient

from agentdesk.cache import migrations, outbox
from agentdesk.cache.store import new_cache_key
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import InteractionCreate
from agentdesk.credentials import CredentialStore
from tests.contract.conftest import SERVER, AppFactory, Switch, server_count

PREVIOUS = migrations.LATEST_VERSION - 1
MADE_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
WORKSTATION = "ws-upgraded-desk"


def _keyed(path: Path, key: bytes) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _previous_version_cache(path: Path, key: bytes, notes: list[str]) -> None:
    """The cache as the previous version left it: its schema, and wrap-ups queued offline
    with the payload that version sent (it knew no offers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _keyed(path, key)
    migrations.migrate(conn, path, lambda p: _keyed(p, key), target=PREVIOUS)
    for seq, note in enumerate(notes, start=1):
        payload = InteractionCreate(
            customer_id=seq,
            channel=Channel.PHONE_IN,
            started_at=MADE_AT,
            ended_at=MADE_AT,
            wrap_up_code="resolved",
            notes=note,
        ).model_dump(mode="json", exclude={"offers"})
        conn.execute(
            "INSERT INTO outbox (seq, idempotency_key, kind, entity_id, base_version, payload, "
            "made_at, state) VALUES (?, ?, 'interaction.create', ?, NULL, ?, ?, 'pending')",
            (
                seq,
                f"k-upgrade-{seq:04d}",
                f"c-{seq}",
                json.dumps(payload),
                "2026-12-01 09:30:00.000000",
            ),
        )
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES ('outbox.next_seq', ?)", (str(len(notes) + 1),)
    )
    conn.close()


def test_a_desk_upgraded_with_wrap_ups_queued_sends_each_once(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch], tmp_path: Path
) -> None:
    _, database_url, _ = backend
    data = tmp_path / "ws-a" / "data"  # the folder make_services gives workstation "ws-a"
    data.mkdir(parents=True)
    (data / "workstation-id").write_text(WORKSTATION, encoding="utf-8")
    key = new_cache_key()
    CredentialStore().put(f"cache-key:{WORKSTATION}", key.hex())
    notes = [f"queued before the upgrade #{n}" for n in range(1, 6)]
    _previous_version_cache(data / "cache.db", key, notes)

    services = make_services("ws-a")
    with services.sync.store.read() as conn:
        assert [m.idempotency_key for m in outbox.pending(conn)] == [
            f"k-upgrade-{n:04d}" for n in range(1, 6)
        ]
    assert (data / f"cache.db.v{PREVIOUS}.bak").exists()

    services.session.login(SERVER, "agent01", "demo")
    assert services.sync.sync_now()
    assert services.sync.sync_now()  # a second drain sends nothing again

    with services.sync.store.read() as conn:
        assert outbox.waiting_count(conn) == 0
    for note in notes:
        sql = "select count(*) from interactions where notes = :note"
        assert server_count(database_url, sql, note=note) == 1
