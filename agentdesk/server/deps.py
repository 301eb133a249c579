"""Dependencies of the routes, as ``Annotated`` aliases: the database session, the server's
clock, the signed-in user (an :class:`~agentdesk.server.actor.Actor`) and role checks.

Routes commit explicitly; the session dependency only closes (and so rolls back whatever was
not committed) when the request ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.config.server import ServerSettings
from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.auth import Role
from agentdesk.domain.clock import Clock
from agentdesk.server.actor import Actor
from agentdesk.server.models import User
from agentdesk.server.problems import BEARER_CHALLENGE, ApiProblem
from agentdesk.server.security import InvalidToken, TokenService

__all__ = [
    "AdminUser",
    "ClockDep",
    "CurrentUser",
    "SessionDep",
    "SettingsDep",
    "StaffUser",
    "StreamUser",
    "TelephonySettingsDep",
    "TokensDep",
    "require_role",
]

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /auth/login")


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        yield session


def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def get_telephony_settings(request: Request) -> TelephonySettings:
    settings: TelephonySettings = request.app.state.telephony_settings
    return settings


def get_tokens(request: Request) -> TokenService:
    tokens: TokenService = request.app.state.tokens
    return tokens


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
TelephonySettingsDep = Annotated[TelephonySettings, Depends(get_telephony_settings)]
TokensDep = Annotated[TokenService, Depends(get_tokens)]
# The server's one clock (``create_app``'s): routes pass ``clock()`` to the rules as ``now``.
ClockDep = Annotated[Clock, Depends(get_clock)]


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(401, "unauthorized", detail, headers=BEARER_CHALLENGE)


def current_principal(
    session: SessionDep,
    tokens: TokensDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """Who is calling: the user as the database knows them now, at the workstation their token
    was issued for."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("sign in first")
    try:
        claims = tokens.verify_access(session, credentials.credentials)
    except InvalidToken as exc:
        raise _unauthorized("access token invalid or expired") from exc
    user = session.get(User, claims.user_id)
    if user is None or not user.active:
        raise _unauthorized("access token invalid or expired")
    # The role is read from the database, not the token, so a demotion takes effect at once.
    return Actor(
        user_id=user.id,
        username=user.username,
        workstation_id=claims.workstation_id,
        role=Role(user.role),
        display_name=user.display_name,
        team=user.team,
    )


CurrentUser = Annotated[Actor, Depends(current_principal)]


def stream_principal(
    request: Request,
    tokens: TokensDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller of a long-lived response (an event stream): checked with a session of its
    own, closed before the response starts, so a stream holds no database connection."""
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        return current_principal(session, tokens, credentials)


# For streaming routes only: CurrentUser would keep its session open as long as the stream.
StreamUser = Annotated[Actor, Depends(stream_principal)]


def require_role(*roles: Role) -> Any:
    """A dependency admitting only the given roles: ``Annotated[Actor, require_role(...)]``."""
    allowed = frozenset(roles)

    def check(principal: CurrentUser) -> Actor:
        if principal.role not in allowed:
            raise ApiProblem(403, "forbidden", "your role may not do this")
        return principal

    return Depends(check)


AdminUser = Annotated[Actor, require_role(Role.ADMIN)]
# Customer data is for the people who serve customers; administrators run the system.
StaffUser = Annotated[Actor, require_role(Role.AGENT, Role.SUPERVISOR)]
