"""Helpers of the complaint tests: a settable clock, opening a complaint as a desk does
(a pushed ``ticket.create``), and the ticket's moves over REST with its ETag."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from tests.server.sync_helpers import mutation, push

# Tue 20 Jan 2026, 11:30 in Beijing, 03:30 in London: received that day in every regime.
RECEIVED_AT = datetime(2026, 1, 20, 3, 30, tzinfo=UTC)


# The workstation's mutation numbers only grow (a gap is fine).
_SEQ = itertools.count(1)


class FakeClock:
    """The server's clock, set by the test."""

    def __init__(self, now: datetime = RECEIVED_AT) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def open_complaint(
    client: TestClient, headers: dict[str, str], customer_id: int, **extra: Any
) -> dict[str, Any]:
    """Push a ``ticket.create``; the mutation's result (``status``, ``record``, ``problem``)."""
    payload = {
        "customer_id": customer_id,
        "category": "fees",
        "severity": "medium",
        "channel": "phone_in",
        "summary": "Annual fee charged twice",
        **extra,
    }
    response = push(client, headers, mutation(next(_SEQ), "ticket.create", payload))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    return result


def etag(client: TestClient, headers: dict[str, str], ticket_id: int) -> str:
    response = client.get(f"/tickets/{ticket_id}", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.headers["ETag"])


def post(
    client: TestClient, headers: dict[str, str], ticket_id: int, action: str, body: dict[str, Any]
) -> Any:
    """POST ``/tickets/{id}/{action}`` with the ticket's current ETag."""
    return client.post(
        f"/tickets/{ticket_id}/{action}",
        json=body,
        headers={**headers, "If-Match": etag(client, headers, ticket_id)},
    )
