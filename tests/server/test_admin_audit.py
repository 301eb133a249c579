"""The audit viewer: filters (user, customer, action, entity, time), keyset pages that miss and
repeat nothing over 100,000 rows, the detail and the customer of each event, and the CSV export
that no spreadsheet can run. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from agentdesk.server.db import make_engine, make_session_factory
from agentdesk.server.models import AuditEvent
from tests.server.conftest import Bank, auth_headers

ROWS = 100_000
T = datetime(2025, 1, 1, tzinfo=UTC)
USERS = [f"user{i:02d}" for i in range(10)]
ACTIONS = ["view", "unmask", "update", "verify"]
ENTITIES = ["customer", "ticket", "user"]


def _row(i: int) -> dict[str, Any]:
    return {
        "at": T + timedelta(seconds=i),
        "username": USERS[i % 10],
        "workstation_id": "ws-bulk",
        "action": ACTIONS[i % 4],
        "entity": ENTITIES[i % 3],
        "entity_id": str(i),
        "customer_id": 1_000 + i % 100,
        "detail": {"n": str(i)},
    }


def _bulk(url: str, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` many at a time; the ids of every audit row afterwards."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 10_000:
                    session.execute(insert(AuditEvent), batch)
                    batch = []
            if batch:
                session.execute(insert(AuditEvent), batch)
            session.commit()
            return list(session.scalars(select(AuditEvent.id)))
    finally:
        engine.dispose()


def _walk(client: TestClient, headers: dict[str, str], **filters: Any) -> list[dict[str, Any]]:
    """Every page of a query, in order."""
    seen: list[dict[str, Any]] = []
    before = None
    while True:
        params = {**filters, "limit": 1000, **({"before": before} if before else {})}
        response = client.get("/admin/audit", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += page["events"]
        before = page["next_before"]
        if before is None:
            return seen


@pytest.fixture
def admin(client: TestClient) -> dict[str, str]:
    return auth_headers(client, "admin01", "ws-admin")


def test_pages_and_filters_over_100000_rows_miss_and_repeat_nothing(
    client: TestClient, admin: dict[str, str], migrated_url: str
) -> None:
    every_id = _bulk(migrated_url, (_row(i) for i in range(ROWS)))
    assert len(every_id) >= ROWS

    walked = _walk(client, admin)
    ids = [event["id"] for event in walked]
    assert len(ids) == len(set(ids)), "a row came twice"
    assert ids == sorted(ids, reverse=True), "not newest first"
    assert set(ids) >= set(every_id), "a row was missed"

    bulk = {int(e["entity_id"]): e for e in walked if e["workstation_id"] == "ws-bulk"}
    expected: dict[str, tuple[dict[str, Any], set[int]]] = {
        "username": ({"username": "user03"}, {i for i in range(ROWS) if i % 10 == 3}),
        "customer_id": ({"customer_id": 1_042}, {i for i in range(ROWS) if i % 100 == 42}),
        "action": ({"action": "unmask"}, {i for i in range(ROWS) if i % 4 == 1}),
        "entity": ({"entity": "ticket"}, {i for i in range(ROWS) if i % 3 == 1}),
        "time": (
            {
                "start": (T + timedelta(seconds=500)).isoformat(),
                "end": (T + timedelta(seconds=3_500)).isoformat(),
            },
            set(range(500, 3_500)),
        ),
        "all together": (
            {"username": "user03", "action": "unmask", "customer_id": 1_013},
            {i for i in range(ROWS) if i % 10 == 3 and i % 4 == 1 and i % 100 == 13},
        ),
    }
    for name, (filters, want) in expected.items():
        found = _walk(client, admin, **filters)
        got = [int(e["entity_id"]) for e in found if e["workstation_id"] == "ws-bulk"]
        assert len(got) == len(set(got)), f"{name}: a row came twice"
        assert set(got) == want, f"{name}: {len(set(got) ^ want)} rows differ"
        assert [e["id"] for e in found] == sorted((e["id"] for e in found), reverse=True)
    one = bulk[4_242]
    assert one["detail"] == {"n": "4242"} and one["customer_id"] == 1_042
    assert one["at"].startswith("2025-01-01T01:10:42")


def test_a_page_says_there_is_none_after_the_last(
    client: TestClient, admin: dict[str, str]
) -> None:
    for who in ("agent01", "sup01"):
        auth_headers(client, who)  # each sign-in is audited
    first = client.get("/admin/audit", params={"limit": 1}, headers=admin).json()
    assert len(first["events"]) == 1 and first["next_before"] == first["events"][0]["id"]
    rest = client.get(
        "/admin/audit", params={"limit": 1000, "before": first["next_before"]}, headers=admin
    ).json()
    assert rest["next_before"] is None
    assert all(e["id"] < first["next_before"] for e in rest["events"])
    assert client.get("/admin/audit", params={"limit": 1001}, headers=admin).status_code == 422


def test_events_about_a_customer_are_found_by_the_customer(
    client: TestClient, admin: dict[str, str], bank: Bank
) -> None:
    agent = auth_headers(client, "agent01")
    assert client.get(f"/customers/{bank.zhang}", headers=agent).status_code == 200
    client.patch(
        f"/tickets/{bank.open_ticket}",  # Zhang's complaint
        json={"changes": {"severity": "high"}},
        headers={**agent, "If-Match": "*"},
    ).raise_for_status()
    assert client.get(f"/customers/{bank.li}", headers=agent).status_code == 200

    found = client.get("/admin/audit", params={"customer_id": bank.zhang}, headers=admin).json()
    assert [(e["action"], e["entity"]) for e in found["events"]] == [
        ("update", "ticket"),
        ("view", "customer"),
    ]
    assert found["events"][0]["detail"] == {"fields": "severity"}
    assert {e["customer_id"] for e in found["events"]} == {bank.zhang}


def _csv(client: TestClient, admin: dict[str, str], **filters: Any) -> list[list[str]]:
    response = client.get("/admin/audit.csv", params=filters, headers=admin)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.text)))


def test_the_csv_export_escapes_formulas_and_holds_every_row(
    client: TestClient, admin: dict[str, str], migrated_url: str
) -> None:
    dangerous = ['=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)", "\tTAB", "\rCR"]
    rows = [
        {**_row(i), "workstation_id": "ws-csv", "entity_id": value, "username": value[:60]}
        for i, value in enumerate(dangerous)
    ]
    _bulk(migrated_url, rows + [{**_row(i), "workstation_id": "ws-csv"} for i in range(2_500)])

    table = _csv(client, admin)
    header, body = table[0], table[1:]
    assert header == [
        "id",
        "at",
        "username",
        "workstation_id",
        "action",
        "entity",
        "entity_id",
        "customer_id",
        "detail",
    ]
    exported = [r for r in body if r[3] == "ws-csv"]
    assert len(exported) == 2_500 + len(dangerous)  # past the export's batches
    ids = [int(r[0]) for r in body]
    assert len(ids) == len(set(ids)) and ids == sorted(ids, reverse=True)
    escaped = {r[6] for r in exported if r[6].startswith("'")}
    assert escaped == {"'" + value for value in dangerous}
    assert all(r[2].startswith("'") for r in exported if r[6].startswith("'"))
    for r in body:
        assert not r[2].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert datetime.fromisoformat(r[1]).tzinfo is not None

    filtered = _csv(client, admin, username="user01", action="unmask")
    assert filtered[0] == header
    assert {(r[2], r[4]) for r in filtered[1:]} == {("user01", "unmask")}
    assert len(filtered) - 1 == sum(1 for i in range(2_500) if i % 10 == 1 and i % 4 == 1)


def test_the_export_and_the_viewer_are_for_admins_only(client: TestClient) -> None:
    for who in ("agent01", "sup01"):
        headers = auth_headers(client, who)
        assert client.get("/admin/audit.csv", headers=headers).status_code == 403
        assert client.get("/admin/audit", headers=headers).status_code == 403
    assert client.get("/admin/audit.csv").status_code == 401
