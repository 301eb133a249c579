"""`agentdesk server`: migrate the database, then serve the REST API with uvicorn.

TLS is not terminated here. In production the server listens on a private address behind a
reverse proxy or load balancer that holds the certificate (and that also spreads the load over
several workers); the desktop only ever talks HTTPS to that proxy. Logging goes through the
process's one logging setup (``agentdesk.logging_setup``, configured by the CLI): uvicorn gets
``log_config=None`` so it adds no handlers of its own.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from typing import Any

import uvicorn

from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import TelephonySettings
from agentdesk.server.app import create_app
from agentdesk.server.db import migrate
from agentdesk.server.signing_keys import KeySourceError, keyring_for

__all__ = ["WORKER_ENVIRONMENT", "serve"]

log = logging.getLogger(__name__)

# What each worker process needs of the command line (``agentdesk.server_worker`` reads it).
# Only the command's own processes see it: a password in the database URL is no more visible
# there than on the command line that gave it.
WORKER_ENVIRONMENT = "AGENTDESK_SERVER_WORKER"

_UVICORN: dict[str, Any] = {
    "log_config": None,
    "access_log": False,  # the app logs requests itself, without query strings
    # Behind a proxy, the client address and scheme come from its X-Forwarded-* headers.
    "proxy_headers": True,
    "server_header": False,
    # Event streams never end on their own: close them after this long at shutdown.
    "timeout_graceful_shutdown": 5,
}


def serve(
    settings: ServerSettings,
    telephony: TelephonySettings,
    *,
    database_url: str,
    log_level: str,
    host: str,
    port: int,
    demo: bool,
    exit_with_parent: bool = False,
    workers: int = 1,
    call_rate: float | None = None,
) -> int:
    """Run until interrupted; returns the process exit code. A server without the keys that
    sign its access tokens does not start (SystemExit saying what to set).

    ``exit_with_parent``: also stop when standard input reaches its end. The demo's desktop
    holds the other end of that pipe and never writes to it; however the desktop ends (quit,
    SIGTERM, SIGKILL, a crash), the system closes it, and its embedded backend stops too.

    ``workers``: worker processes (uvicorn's); more than one needs PostgreSQL, where the ACD
    is shared (``telephony.acd``: shared unless set to local, which one worker only allows).
    ``call_rate`` is the command line's, for the workers to apply as this process did."""
    postgres = database_url.startswith("postgresql")
    # The demo's simulated callers drive a switchboard in their own process.
    acd = telephony.acd or ("shared" if postgres and not demo else "local")
    if workers > 1 and not postgres:
        raise SystemExit("agentdesk server: several workers need a PostgreSQL database_url")
    if workers > 1 and acd == "local":
        raise SystemExit("agentdesk server: several workers need the shared ACD (acd = shared)")
    if acd == "shared" and not postgres:
        raise SystemExit("agentdesk server: the shared ACD needs PostgreSQL")
    telephony = telephony.model_copy(update={"acd": acd})
    try:
        keys = keyring_for(settings, database_url)
    except KeySourceError as exc:
        raise SystemExit(f"agentdesk server: {exc}") from exc
    # Said before the schema check, so a start that waits on the database says where it waits.
    log.info("opening the database and bringing its schema up to date")
    migrate(database_url)
    log.info(
        "serving AgentDesk API on %s:%s (demo=%s, workers=%d, ACD %s)",
        host,
        port,
        demo,
        workers,
        acd,
    )
    if workers > 1:
        os.environ[WORKER_ENVIRONMENT] = json.dumps(
            {"database_url": database_url, "demo": demo, "acd": acd, "call_rate": call_rate}
        )
        uvicorn.run(
            "agentdesk.server_worker:app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            **_UVICORN,
        )
        return 0
    app = create_app(settings, database_url, telephony=telephony, demo=demo, signing_keys=keys)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level.lower(),
        **_UVICORN,
    )
    server = uvicorn.Server(config)
    if exit_with_parent:
        threading.Thread(target=_stop_at_end_of_input, args=(server,), daemon=True).start()
    server.run()
    return 0


def _stop_at_end_of_input(server: uvicorn.Server) -> None:
    while sys.stdin.buffer.read(4096):
        pass  # nobody writes: a read returns only at the end
    log.info("the desktop that started this server has ended: stopping")
    server.should_exit = True
