"""Shared by the contract tests: no real backoff waits, a transport that can go down, and the
real app in process with workstations' services built as the composition root builds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import stamina
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.config.server import ServerSettings
from agentdesk.demo.seed import seed_database
from agentdesk.server.app import create_app
from agentdesk.server.db import normalize_url
from agentdesk.services import AppServices
from agentdesk.services.wiring import build_app_services
from tests.signing import TEST_KEYS

SERVER = "http://testserver"
AppFactory = Callable[..., AppServices]


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


@pytest.fixture
def backend(database_url: str) -> Iterator[tuple[TestClient, str, Switch]]:
    """The real app over a small seeded bank, and the switch its workstations talk through."""
    seed_database(database_url, customers=30, progress=False)
    app = create_app(ServerSettings(), database_url, demo=True, signing_keys=TEST_KEYS)
    with TestClient(app) as client:
        yield client, database_url, Switch(client._transport)


@pytest.fixture
def make_services(backend: tuple[TestClient, str, Switch], tmp_path: Path) -> Iterator[AppFactory]:
    """Builds AppServices for a workstation folder, as the composition root does."""
    _, _, switch = backend
    built: list[AppServices] = []

    def make(
        name: str = "ws-a",
        clock: Callable[[], datetime] | None = None,
        cache_scope: Literal["working-set", "all"] = "all",
    ) -> AppServices:
        root = tmp_path / name
        paths = AppPaths(root / "config", root / "data", root / "logs", root / "none.toml")
        services = build_app_services(
            DesktopSettings(backend_url=SERVER, allow_plain_http=True, cache_scope=cache_scope),
            paths,
            transport=switch,
            clock=clock,
            listen=False,
            sync_autostart=False,
        )
        built.append(services)
        return services

    yield make
    for services in built:
        services.close()


def server_value(database_url: str, sql: str, **params: object) -> Any:
    """One value the server's database holds (what the desks' changes did there)."""
    engine = create_engine(normalize_url(database_url))
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar_one()
    engine.dispose()
    return value


def server_count(database_url: str, sql: str, **params: object) -> int:
    return int(server_value(database_url, sql, **params))
