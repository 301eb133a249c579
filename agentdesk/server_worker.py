"""`agentdesk server --workers N`: the app of each worker process.

uvicorn starts each worker by importing :func:`app` (an app factory, by its import path), so a
worker rebuilds what the command built in its own process: the settings (from the same files
and environment, with the command line's values, which travel in the variable
``server.main.WORKER_ENVIRONMENT``), the one logging setup, the signing keys. The command
migrates the database once before the workers start; every worker serves every route, the
ACD included (shared on PostgreSQL: ``server/telephony/shared_acd.py``).
"""

from __future__ import annotations

import json
import os

from fastapi import FastAPI

from agentdesk.config.paths import AppPaths
from agentdesk.config.settings import load_settings
from agentdesk.logging_setup import configure_logging
from agentdesk.server.app import create_app
from agentdesk.server.main import WORKER_ENVIRONMENT
from agentdesk.server.signing_keys import keyring_for

__all__ = ["app"]


def app() -> FastAPI:
    given = json.loads(os.environ[WORKER_ENVIRONMENT])
    paths = AppPaths.from_environment()
    settings = load_settings(
        database_url=given["database_url"], telephony_call_rate=given["call_rate"]
    )
    configure_logging(paths.log_dir, settings.log_level)
    telephony = settings.telephony.model_copy(update={"acd": given["acd"]})
    url = given["database_url"]
    return create_app(
        settings.server,
        url,
        telephony=telephony,
        demo=given["demo"],
        signing_keys=keyring_for(settings.server, url),
    )
