"""Liveness and readiness for load balancers and `agentdesk self-test`."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

import agentdesk
from agentdesk.contract.admin import Health
from agentdesk.contract.problem import Problem
from agentdesk.server.deps import SessionDep
from agentdesk.server.problems import ApiProblem

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"description": "Service Unavailable", "model": Problem}},
)
def health(session: SessionDep) -> Health:
    """200 when the server and its database answer; 503 problem when the database does not."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        raise ApiProblem(503, "database_unavailable", "the database does not answer") from exc
    dialect = session.get_bind().dialect.name
    return Health(status="ok", version=agentdesk.__version__, database=dialect)
