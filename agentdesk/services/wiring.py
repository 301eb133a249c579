"""Builds AppServices from settings: the one HTTP client per backend, the credential store, the bus.

Called by the composition root (``agentdesk.cli``) and by test factories, which may inject an
``httpx`` transport; nothing else constructs services.
"""

from __future__ import annotations

import httpx

from agentdesk.client import ApiClient, build_http_client
from agentdesk.config import AppPaths, Settings
from agentdesk.credentials import CredentialStore
from agentdesk.events import EventBus
from agentdesk.services import AppServices
from agentdesk.services.calls import CallService
from agentdesk.services.customers import CustomerService
from agentdesk.services.session import SessionService

__all__ = ["build_app_services"]


def build_app_services(
    settings: Settings,
    paths: AppPaths,
    *,
    demo_mode: bool = False,
    transport: httpx.BaseTransport | None = None,
    credentials: CredentialStore | None = None,
) -> AppServices:
    paths.ensure()
    bus = EventBus()

    def api_for(server_url: str) -> ApiClient:
        http = build_http_client(
            settings.model_copy(update={"backend_url": server_url}), transport=transport
        )
        return ApiClient(http)

    session = SessionService(
        api_for,
        credentials or CredentialStore(),
        bus,
        data_dir=paths.data_dir,
        workstation_id=paths.workstation_id(),
        default_server_url=settings.backend_url,
    )
    return AppServices(
        settings=settings,
        paths=paths,
        bus=bus,
        session=session,
        customers=CustomerService(session),
        calls=CallService(session, bus),
        demo_mode=demo_mode,
    )
