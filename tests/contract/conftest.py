"""Shared by the contract tests: no real backoff waits, and a transport that can go down."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import stamina


@pytest.fixture(autouse=True)
def _no_backoff_waits() -> Iterator[None]:
    with stamina.set_testing(True, attempts=2):
        yield


class Switch(httpx.BaseTransport):
    """The app's transport, or a refused connection while ``down`` (the backend unreachable)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.down = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)
