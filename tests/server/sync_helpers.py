"""Helpers of the sync tests: mutations, pushes, pulling every page, SSE streams and servers."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from agentdesk.contract.sync import ChangesPage

WORKSTATION = "ws-test-1"  # what tests.server.conftest.login signs in with


def mutation(
    seq: int,
    kind: str,
    payload: dict[str, Any],
    *,
    entity_id: str | None = None,
    key: str | None = None,
    base_version: int | None = None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "idempotency_key": key or f"key-{uuid.uuid4().hex}",
        "kind": kind,
        "entity_id": entity_id or f"c-{uuid.uuid4().hex[:12]}",
        "base_version": base_version,
        "payload": payload,
        "made_at": datetime.now(UTC).isoformat(),
    }


def interaction_payload(customer_id: int | None, **extra: Any) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "channel": "phone_in",
        "started_at": datetime.now(UTC).isoformat(),
        "wrap_up_code": "resolved",
        "notes": "asked about fees",
        **extra,
    }


def push(client: TestClient, headers: dict[str, str], *mutations: dict[str, Any]) -> httpx.Response:
    response: httpx.Response = client.post(
        "/sync/push",
        json={"workstation_id": WORKSTATION, "mutations": list(mutations)},
        headers=headers,
    )
    return response


def pull_all(
    client: TestClient, headers: dict[str, str], since: int = 0, limit: int = 1000
) -> tuple[list[ChangesPage], int]:
    """Every page from ``since``; returns the pages and the last cursor."""
    pages: list[ChangesPage] = []
    cursor = since
    for _ in range(10_000):
        response = client.get(
            "/sync/changes", params={"since": cursor, "limit": limit}, headers=headers
        )
        assert response.status_code == 200, response.text
        page = ChangesPage.model_validate(response.json())
        assert page.cursor >= cursor
        pages.append(page)
        cursor = page.cursor
        if not page.has_more:
            return pages, cursor
    raise AssertionError("the feed never ended")


@contextmanager
def serve_in_thread(app: FastAPI, **options: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free loopback port (TestClient cannot stream forever);
    ``options`` go to uvicorn (``ssl_certfile`` and ``ssl_keyfile`` serve https)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, timeout_graceful_shutdown=1, **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        scheme = "https" if "ssl_certfile" in options else "http"
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class SseReader:
    """Reads an event stream on a thread into a queue; pings let it notice ``close``."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self.status: int | None = None
        self.headers: dict[str, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(url, headers), daemon=True)
        self._thread.start()
        assert self.connected.wait(10), "the event stream did not answer"

    def _run(self, url: str, headers: dict[str, str]) -> None:
        timeout = httpx.Timeout(10.0, read=5.0)
        try:
            with httpx.stream("GET", url, headers=headers, timeout=timeout) as response:
                self.status = response.status_code
                self.headers = dict(response.headers)
                self.connected.set()
                fields: dict[str, str] = {}
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith(":"):
                        continue
                    if line == "":
                        if "id" in fields:
                            self.events.put(
                                {
                                    "id": int(fields["id"]),
                                    "event": fields.get("event", ""),
                                    "data": json.loads(fields.get("data", "{}")),
                                }
                            )
                        fields = {}
                        continue
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        except httpx.HTTPError:
            pass
        finally:
            self.connected.set()

    def next(self, event: str | None = None, timeout: float = 8.0) -> dict[str, Any]:
        """The next event (of kind ``event``), skipping others; fails after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {event or 'event'} within {timeout} s"
            try:
                item = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event is None or item["event"] == event:
                return item

    def drain(self, wait: float = 0.3) -> list[dict[str, Any]]:
        time.sleep(wait)  # a short, bounded settle: what is on its way arrives
        found = []
        while not self.events.empty():
            found.append(self.events.get_nowait())
        return found

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
