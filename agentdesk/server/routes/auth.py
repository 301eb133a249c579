"""Sign-in, token refresh, sign-out and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from agentdesk.contract.auth import LoginRequest, RefreshRequest, Role, TokenPair, UserInfo
from agentdesk.server import audit
from agentdesk.server.actor import Actor
from agentdesk.server.deps import ClockDep, CurrentUser, SessionDep, TokensDep
from agentdesk.server.models import User
from agentdesk.server.problems import BEARER_CHALLENGE, PROBLEM_RESPONSES, ApiProblem
from agentdesk.server.security import InvalidToken, burn_password_check, verify_password

router = APIRouter(prefix="/auth", tags=["auth"], responses=PROBLEM_RESPONSES)

# One message for an unknown user and a wrong password: neither reveals which usernames exist.
BAD_CREDENTIALS = "wrong username or password"


@router.post("/login", response_model=TokenPair)
def login(body: LoginRequest, session: SessionDep, tokens: TokensDep, clock: ClockDep) -> TokenPair:
    user = session.scalar(select(User).where(User.username == body.username))
    if user is None:
        burn_password_check(body.password)
    if user is None or not user.active or not verify_password(user.password_hash, body.password):
        raise ApiProblem(401, "invalid_credentials", BAD_CREDENTIALS, headers=BEARER_CHALLENGE)
    pair = tokens.issue(session, user, body.workstation_id)
    actor = Actor(user.id, user.username, body.workstation_id, Role(user.role), user.display_name)
    audit.record(
        session,
        actor,
        at=clock(),
        action="login",
        entity="user",
        entity_id=str(user.id),
    )
    session.commit()
    return pair


@router.post("/refresh", response_model=TokenPair)
def refresh(body: RefreshRequest, session: SessionDep, tokens: TokensDep) -> TokenPair:
    """Rotate a refresh token; a token used twice ends every session of its family."""
    try:
        pair = tokens.rotate(session, body.refresh_token)
    except InvalidToken as exc:
        raise ApiProblem(401, "session_expired", "sign in again", headers=BEARER_CHALLENGE) from exc
    session.commit()
    return pair


@router.post("/logout", status_code=204)
def logout(body: RefreshRequest, session: SessionDep, tokens: TokensDep) -> Response:
    """Revoke the refresh token's family. Unknown tokens are accepted silently (idempotent)."""
    tokens.revoke(session, body.refresh_token)
    session.commit()
    return Response(status_code=204)


@router.get("/me", response_model=UserInfo)
def me(user: CurrentUser) -> UserInfo:
    assert user.user_id is not None and user.role is not None  # a signed-in user has both
    return UserInfo(
        id=user.user_id, username=user.username, display_name=user.display_name, role=user.role
    )
