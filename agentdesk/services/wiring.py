"""Builds AppServices from settings: the one HTTP client per backend, the credential store, the bus,
the encrypted cache (which announces every committed write on the bus), connectivity and the
sync service (its runner and listener start with a session).

Called by the composition root (``agentdesk.cli``) and by test factories, which may inject an
``httpx`` transport; nothing else constructs services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from agentdesk.client import ApiClient, build_http_client
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.sync import CacheScope
from agentdesk.credentials import CredentialStore
from agentdesk.events import EventBus
from agentdesk.services import AppServices
from agentdesk.services.admin import AdminService
from agentdesk.services.calls import CallService
from agentdesk.services.complaints import ComplaintService
from agentdesk.services.contacts import ContactService
from agentdesk.services.customers import CustomerService
from agentdesk.services.diagnostics import DiagnosticsService
from agentdesk.services.flows import FlowService
from agentdesk.services.interactions import InteractionService
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.offers import OfferService
from agentdesk.services.reference import ReferenceService
from agentdesk.services.session import SessionService
from agentdesk.services.supervisor import SupervisorService
from agentdesk.services.sync import SyncService
from agentdesk.services.tasks import TaskService
from agentdesk.services.verification import VerificationService
from agentdesk.sync.connectivity import ConnectivityTracker

__all__ = ["build_app_services"]


def build_app_services(
    settings: DesktopSettings,
    paths: AppPaths,
    *,
    demo_mode: bool = False,
    transport: httpx.BaseTransport | None = None,
    credentials: CredentialStore | None = None,
    clock: Callable[[], datetime] | None = None,
    listen: bool = True,
    sync_autostart: bool = True,
) -> AppServices:
    paths.ensure()
    bus = EventBus()
    now = clock or (lambda: datetime.now(UTC))
    credentials = credentials or CredentialStore()
    workstation_id = paths.workstation_id()
    connectivity = ConnectivityTracker(bus)
    cache = LocalCache(paths.data_dir, credentials, workstation_id, announce=bus.publish)

    def api_for(server_url: str) -> ApiClient:
        http = build_http_client(
            settings.model_copy(update={"backend_url": server_url}), transport=transport
        )
        return ApiClient(http)

    session = SessionService(
        api_for,
        credentials,
        bus,
        data_dir=paths.data_dir,
        workstation_id=workstation_id,
        default_server_url=settings.backend_url,
        cache=cache,
        connectivity=connectivity,
        clock=now,
        offline_unlock_hours=settings.offline_unlock_hours,
    )
    sync = SyncService(
        session,
        cache,
        bus,
        connectivity,
        clock=now,
        listen=listen,
        autostart=sync_autostart,
        cache_scope=CacheScope(settings.cache_scope),
        working_set_days=settings.cache_working_set_days,
    )
    interactions = InteractionService(session, cache, sync, clock=now)
    tasks = TaskService(session, cache, sync, clock=now)
    flows = FlowService(session, cache, sync, language=settings.language, clock=now)
    reference = ReferenceService(session, cache, connectivity)
    offers = OfferService(reference, cache)
    complaints = ComplaintService(session, cache, sync, flows, clock=now)
    return AppServices(
        settings=settings,
        paths=paths,
        bus=bus,
        session=session,
        customers=CustomerService(session, cache, connectivity, sync=sync, clock=now),
        calls=CallService(
            session,
            bus,
            interactions=interactions,
            tasks=tasks,
            flows=flows,
            offers=offers,
            connectivity=connectivity,
            clock=now,
        ),
        sync=sync,
        interactions=interactions,
        verification=VerificationService(session),
        offers=offers,
        reference=reference,
        tasks=tasks,
        flows=flows,
        complaints=complaints,
        contacts=ContactService(session, cache, sync, clock=now),
        diagnostics=DiagnosticsService(settings, paths, cache, clock=now),
        supervisor=SupervisorService(session, complaints, clock=now),
        admin=AdminService(session),
        demo_mode=demo_mode,
    )
