"""The FastAPI application of the backend, assembled from its parts.

``create_app`` expects a database already migrated (``agentdesk.server.db.migrate``); it holds
the engine, the session factory, the token service and the event broker on ``app.state`` for
the dependencies in ``deps.py``. The lifespan starts the broker (a listener thread on
PostgreSQL) and stops it, then disposes of the engine, when the app shuts down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import anyio
import anyio.to_thread
import httpx
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import agentdesk
from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.problem import PROBLEM_MEDIA_TYPE
from agentdesk.domain.clock import Clock
from agentdesk.server import flow_versions, system_settings, teams
from agentdesk.server.broker import make_broker
from agentdesk.server.care import care_ticker
from agentdesk.server.clock import utcnow
from agentdesk.server.db import (
    ACD_CONNECTIONS,
    STREAM_READ_THREADS,
    make_engine,
    make_session_factory,
    pool_for,
)
from agentdesk.server.escalation import escalation_ticker
from agentdesk.server.middleware import (
    AccessLogMiddleware,
    BodyLimitMiddleware,
    ConcurrencyLimitMiddleware,
    UnhandledErrorMiddleware,
)
from agentdesk.server.problems import install_problem_handlers
from agentdesk.server.push import Purger
from agentdesk.server.routes import (
    admin,
    auth,
    back_office,
    customers,
    events,
    flows,
    health,
    reference,
    sync,
    tickets,
    verification,
)
from agentdesk.server.routes import supervisor as supervisor_routes
from agentdesk.server.routes import telephony as telephony_routes
from agentdesk.server.security import TokenService
from agentdesk.server.signed_webhook import webhook_client
from agentdesk.server.signing_keys import KeyRing, keyring_for
from agentdesk.server.sms import build_sms_gateway
from agentdesk.server.sqlite_checkpoints import checkpointing
from agentdesk.server.telephony import (
    PbxCommands,
    SilentPbx,
    Switchboard,
    TelephonyConfig,
    TimerCommands,
    build_pbx,
    build_simulator_driver,
    build_switchboard,
)
from agentdesk.server.telephony.acd_service import AcdService
from agentdesk.server.telephony.shared_acd import SharedAcd
from agentdesk.server.throttle import Throttles

__all__ = ["create_app"]

log = logging.getLogger(__name__)


DESCRIPTION = (
    "REST API of AgentDesk, the bank contact-center agent workstation. Errors are RFC 9457 "
    "problem details (application/problem+json) whose `type` is `urn:agentdesk:problem:<code>`."
)


def _publish_shipped_flows(sessions: sessionmaker[Session], clock: Clock) -> None:
    """The shipped library's versions the database lacks (see server/flow_versions.py)."""
    with sessions() as session:
        added = flow_versions.publish_shipped(session, now=clock())
        session.commit()
    if added:
        log.info("published %d shipped flow version(s)", added)


def _apply_stored_settings(
    sessions: sessionmaker[Session], telephony: TelephonySettings, switchboard: AcdService
) -> None:
    """The settings the admin console saved (``system_settings``), in force from the start."""
    with sessions() as session:
        stored = system_settings.current(session, telephony)
    switchboard.set_service_levels(system_settings.service_levels(stored))


def _queues_served(
    sessions: sessionmaker[Session], telephony: TelephonySettings
) -> Callable[[str, str], list[str] | None]:
    """Where the switchboard reads the queues an agent serves (``teams.queues_served``)."""

    def served(username: str, team: str) -> list[str] | None:
        with sessions() as session:
            queues = teams.queues_served(session, telephony, username, team)
            session.commit()  # the teams' seed, the first time
        return queues

    return served


def create_app(
    settings: ServerSettings,
    database_url: str,
    *,
    telephony: TelephonySettings | None = None,
    demo: bool = False,
    clock: Clock = utcnow,
    signing_keys: KeyRing | None = None,
) -> FastAPI:
    """The app over a migrated database. ``clock`` is the server's one clock: tokens, the ACD,
    audit rows, events and the rules' ``now`` all read it (tests pass a fake one here).
    ``signing_keys`` default to those ``settings`` name (``signing_keys.keyring_for``: raises
    KeySourceError when there are none for this database)."""
    keys = signing_keys or keyring_for(settings, database_url)
    telephony = telephony or TelephonySettings()
    engine = make_engine(
        database_url,
        background_checkpoints=True,
        **pool_for(database_url, settings.concurrent_requests),
    )
    broker = make_broker(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # FastAPI's threads: the requests in progress' and the event streams' reads.
        threads = settings.concurrent_requests + STREAM_READ_THREADS
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        _publish_shipped_flows(app.state.sessions, clock)
        if local is not None:
            _apply_stored_settings(app.state.sessions, telephony, local)
        broker.start(asyncio.get_running_loop())
        try:
            async with AsyncExitStack() as tickers:
                tickers.enter_context(checkpointing(engine))  # SQLite's WAL, off the commits
                await tickers.enter_async_context(switchboard.running())  # timers, figures
                if simulator is not None:
                    await tickers.enter_async_context(simulator.ticker.running())  # demo callers
                await tickers.enter_async_context(escalations.running())  # complaint deadlines
                await tickers.enter_async_context(care_scan.running())  # tiers, segments, care
                yield
        finally:
            broker.stop()
            engine.dispose()
            if acd_engine is not None:
                acd_engine.dispose()
            timers.close()  # before the client it sends through
            if webhooks is not None:
                webhooks.close()

    app = FastAPI(
        title="AgentDesk API",
        version=agentdesk.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.telephony_settings = telephony
    app.state.clock = clock
    app.state.engine = engine
    # Commits that logged events ring the broker (after the commit, outside the transaction).
    app.state.sessions = make_session_factory(engine, on_events=broker.ring, clock=clock)
    app.state.broker = broker
    # The one client of the webhooks to the bank's systems (the PBX, the SMS gateway), if any.
    webhooks: httpx.Client | None = None
    if telephony.pbx_url or settings.sms_gateway_url:
        webhooks = webhook_client()
    app.state.sms = build_sms_gateway(settings, client=webhooks, clock=clock)

    # The ACD: this process's own, or the one every worker shares on PostgreSQL (its leader
    # holds a switchboard built here); either tells the PBX of the moves that change a call.
    pbx = build_pbx(telephony, client=webhooks, clock=clock)
    timers = TimerCommands(pbx)  # the hang-ups the ACD's timers owe the PBX, off every lock

    def new_switchboard(sessions: sessionmaker[Session], pbx: PbxCommands) -> Switchboard:
        board = build_switchboard(telephony, sessions, clock=clock, pbx=pbx, timers=timers)
        board.serve_from(_queues_served(sessions, telephony))
        return board

    switchboard: AcdService
    local: Switchboard | None = None
    acd_engine: Engine | None = None
    if telephony.acd == "shared":
        # A pool of its own: the requests that wait for the leader hold the app's connections,
        # and the leader (its batches, the queues an agent serves, its ticks) and the asking
        # must never wait for one of those. Its connections are kept: every 360 and ticket
        # read asks it for the agent's call, and with 2 kept and 6 more made on demand, each
        # read past the second at once opened a PostgreSQL connection and closed it after.
        acd_engine = make_engine(database_url, pool_size=ACD_CONNECTIONS, max_overflow=0)
        acd_sessions = make_session_factory(acd_engine, on_events=broker.ring, clock=clock)

        def leaders_switchboard() -> Switchboard:  # the admin's saved settings, each takeover
            # Its PBX sends nothing: the worker that got a move told the PBX before asking
            # the leader to apply it, so no batch ever waits for the PBX.
            board = new_switchboard(acd_sessions, SilentPbx())
            _apply_stored_settings(acd_sessions, telephony, board)
            return board

        switchboard = SharedAcd(
            TelephonyConfig.from_settings(telephony),
            acd_engine,
            leaders_switchboard,
            pbx=pbx,
            clock=clock,
            on_events=broker.ring,
            command_timeout_s=telephony.acd_command_timeout_s,
            failover_seconds=telephony.acd_failover_seconds,
        )
    else:
        switchboard = local = new_switchboard(app.state.sessions, pbx)
    app.state.switchboard = switchboard
    # The demo's simulated callers drive the ACD as a PBX would; a real server has none.
    simulator = (
        build_simulator_driver(telephony, local, app.state.sessions)
        if demo and local is not None
        else None
    )
    app.state.simulator = simulator
    escalations = escalation_ticker(
        app.state.sessions,
        clock,
        settings.complaint_escalation_seconds,
        settings.complaint_warn_at,
    )
    app.state.escalations = escalations
    care_scan = care_ticker(app.state.sessions, clock, settings.care_scan_seconds)
    app.state.care_scan = care_scan
    app.state.purger = Purger()
    app.state.tokens = TokenService(settings, keys, clock=clock)
    app.state.throttles = Throttles(settings)
    app.state.demo = demo

    install_problem_handlers(app)
    # Each add wraps the ones before: the access log sees every request and its final status;
    # unexpected errors from anywhere inside, the body cap included, become a 500 problem.
    app.add_middleware(
        ConcurrencyLimitMiddleware,
        limit=settings.concurrent_requests,
        write_limit=settings.concurrent_writes,
        stream_paths=("/events",),
        lockless_prefixes=("/telephony/",),
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(AccessLogMiddleware)

    for module in (
        health,
        auth,
        customers,
        verification,
        tickets,
        sync,
        events,
        admin,
        telephony_routes,
        reference,
        flows,
        back_office,
        supervisor_routes,
    ):
        app.include_router(module.router)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]  # FastAPI's own hook
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with error responses filed under application/problem+json and
    FastAPI's own validation-error schema (which this API never sends) left out."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if status[:1] in {"4", "5"}:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": problem_ref}}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema
