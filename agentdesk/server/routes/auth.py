"""Sign-in, token refresh, sign-out and who-am-I.

Failed sign-ins count against the username and the client address (``server.throttle``); a
locked-out sign-in is a 429 with ``Retry-After``, the same for a username that does not exist.
Failures, lock-outs and a refresh token's reuse are audited with the username tried, the
workstation and the client address (never the password).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.auth import LoginRequest, RefreshRequest, Role, TokenPair, UserInfo
from agentdesk.server import audit
from agentdesk.server.actor import Actor
from agentdesk.server.deps import ClientAddress, ClockDep, CurrentUser, SessionDep, TokensDep
from agentdesk.server.models import User
from agentdesk.server.problems import BEARER_CHALLENGE, PROBLEM_RESPONSES, ApiProblem
from agentdesk.server.security import (
    InvalidToken,
    TokenReused,
    burn_password_check,
    verify_password,
)
from agentdesk.server.throttle import Throttles

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)

# One message for an unknown user and a wrong password: neither reveals which usernames exist.
BAD_CREDENTIALS = "wrong username or password"

_LOCKED_OUT: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "Too Many Requests: too many failed sign-ins for this username or from "
        "this address; `Retry-After` says when to try again",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    }
}


def _audit_attempt(
    session: Session,
    *,
    action: str,
    username: str,
    user_id: int | None,
    workstation_id: str,
    address: str,
    at: datetime,
    reason: str,
) -> None:
    actor = Actor(user_id, username, workstation_id)
    detail = {"client": address, "reason": reason}
    audit.record(
        session, actor, at=at, action=action, entity="user", entity_id=username, detail=detail
    )


@router.post("/login", response_model=TokenPair, responses=_LOCKED_OUT)
def login(
    body: LoginRequest,
    request: Request,
    session: SessionDep,
    tokens: TokensDep,
    clock: ClockDep,
    address: ClientAddress,
) -> TokenPair:
    throttles: Throttles = request.app.state.throttles
    throttle = throttles.login
    now = clock()
    keys = {"account": body.username, "address": address}
    throttle.check(now, **keys)  # 429 before the password is even looked at
    user = session.scalar(select(User).where(User.username == body.username))
    if user is None:
        burn_password_check(body.password)
    if user is None or not user.active or not verify_password(user.password_hash, body.password):
        locked = throttle.failed(**keys)
        _audit_attempt(
            session,
            action="login_locked" if locked else "login_failed",
            username=body.username,
            user_id=None if user is None else user.id,
            workstation_id=body.workstation_id,
            address=address,
            at=now,
            reason="bad_credentials",
        )
        session.commit()
        raise ApiProblem(401, "invalid_credentials", BAD_CREDENTIALS, headers=BEARER_CHALLENGE)
    throttle.succeeded(account=body.username)
    pair = tokens.issue(session, user, body.workstation_id)
    actor = Actor(user.id, user.username, body.workstation_id, Role(user.role), user.display_name)
    audit.record(
        session,
        actor,
        at=now,
        action="login",
        entity="user",
        entity_id=str(user.id),
        detail={"client": address},
    )
    session.commit()
    return pair


@router.post("/refresh", response_model=TokenPair)
def refresh(
    body: RefreshRequest,
    session: SessionDep,
    tokens: TokensDep,
    clock: ClockDep,
    address: ClientAddress,
) -> TokenPair:
    """Rotate a refresh token; a token used twice (beyond a few seconds' grace for a desk's
    concurrent refreshes) ends its session, access tokens included, and is audited."""
    try:
        pair = tokens.rotate(session, body.refresh_token)
    except TokenReused as exc:
        user = session.get(User, exc.user_id)
        _audit_attempt(
            session,
            action="token_reuse",
            username=user.username if user else "",
            user_id=exc.user_id,
            workstation_id=exc.workstation_id,
            address=address,
            at=clock(),
            reason="refresh_token_reused",
        )
        session.commit()
        raise ApiProblem(401, "session_expired", "sign in again", headers=BEARER_CHALLENGE) from exc
    except InvalidToken as exc:
        raise ApiProblem(401, "session_expired", "sign in again", headers=BEARER_CHALLENGE) from exc
    session.commit()
    return pair


@router.post("/logout", status_code=204)
def logout(body: RefreshRequest, session: SessionDep, tokens: TokensDep) -> Response:
    """End the refresh token's session: its refresh and access tokens stop working at once.
    Unknown tokens are accepted silently (idempotent)."""
    tokens.revoke(session, body.refresh_token)
    session.commit()
    return Response(status_code=204)


@router.get("/me", response_model=UserInfo)
def me(user: CurrentUser) -> UserInfo:
    assert user.user_id is not None and user.role is not None  # a signed-in user has both
    return UserInfo(
        id=user.user_id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        team=user.team,
    )
