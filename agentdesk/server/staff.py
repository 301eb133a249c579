"""Staff accounts as the admin console manages them: list, create, change, deactivate, reset a
password. Every change is audited (entity ``user``, the username, each changed field as
``old → new`` in the detail; a password never, only that it was reset).

Rules: a username is taken once (409); an agent or a supervisor belongs to a team (422); their
own skills are known queues (422); an administrator cannot deactivate or demote themself (409,
so the console always keeps one who can undo a mistake). Deactivating a user or giving them a
new password ends every session they have at once (``TokenService.revoke_user``: their
refresh tokens stop refreshing and their access tokens stop working on the next request).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.admin import PasswordReset, StaffUser, UserCreate, UserUpdate
from agentdesk.contract.auth import Role
from agentdesk.domain.errors import FieldIssue, InvalidValue, MoveNotAllowed, UnknownRecord
from agentdesk.server import audit
from agentdesk.server.actor import Actor
from agentdesk.server.models import User
from agentdesk.server.security import TokenService, hash_password
from agentdesk.server.teams import check_queues
from agentdesk.server.users import create_user

__all__ = ["create_staff", "list_staff", "reset_password", "staff_user", "update_staff"]

_TEAM_ROLES = frozenset({Role.AGENT.value, Role.SUPERVISOR.value})


def staff_user(user: User) -> StaffUser:
    return StaffUser(
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        team=user.team,
        branch=user.branch,
        skills=list(user.skills or []),
        active=user.active,
    )


def list_staff(session: Session) -> list[StaffUser]:
    return [staff_user(u) for u in session.scalars(select(User).order_by(User.username))]


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UnknownRecord("user.not_found", f"no user {username}")
    return user


def _needs_team(role: str, team: str) -> None:
    if role in _TEAM_ROLES and not team:
        raise InvalidValue(
            "user.team_required",
            f"a {role} belongs to a team",
            fields=[FieldIssue("team", f"required for a {role}")],
        )


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, Role):
        return value.value
    return str(value)


def create_staff(
    session: Session,
    body: UserCreate,
    telephony: TelephonySettings,
    *,
    actor: Actor,
    now: datetime,
) -> User:
    """A new active user with a first password (Argon2, as sign-in checks it); audited. The
    caller commits."""
    if session.scalar(select(User.id).where(User.username == body.username)) is not None:
        raise MoveNotAllowed("user.username_taken", f"the username {body.username} is taken")
    _needs_team(body.role.value, body.team)
    skills = check_queues(telephony, body.skills, "skills")
    user = create_user(
        session, body.username, body.display_name, body.role, body.password, team=body.team
    )
    user.branch = body.branch or ""
    user.skills = skills
    detail = {
        "role": body.role.value,
        "display_name": body.display_name,
        "team": body.team,
        "branch": user.branch,
        "skills": ",".join(skills),
    }
    audit.record(
        session,
        actor,
        at=now,
        action="create",
        entity="user",
        entity_id=user.username,
        detail=detail,
    )
    session.flush()
    return user


def update_staff(
    session: Session,
    username: str,
    body: UserUpdate,
    telephony: TelephonySettings,
    tokens: TokenService,
    *,
    actor: Actor,
    now: datetime,
) -> User:
    """Change what ``body`` gives; ``active: false`` ends the user's sessions. Audited with
    each changed field (nothing changed: no row). The caller commits."""
    user = _user(session, username)
    wanted = body.model_dump(exclude_unset=True, exclude_none=True)
    if "skills" in wanted:
        wanted["skills"] = check_queues(telephony, wanted["skills"], "skills")
    if "role" in wanted:
        wanted["role"] = Role(wanted["role"]).value
    if user.id == actor.user_id:
        if wanted.get("active") is False:
            raise MoveNotAllowed("user.self_deactivation", "you cannot deactivate yourself")
        if wanted.get("role", user.role) != user.role:
            raise MoveNotAllowed("user.self_demotion", "you cannot change your own role")
    _needs_team(wanted.get("role", user.role), wanted.get("team", user.team))
    changed: dict[str, str] = {}
    for name, value in wanted.items():
        before = getattr(user, name)
        if before == value:
            continue
        changed[name] = f"{_shown(before)} → {_shown(value)}"
        setattr(user, name, value)
    if not changed:
        return user
    ended = 0
    if "active" in changed and not user.active:
        ended = tokens.revoke_user(session, user.id)
        changed["sessions_ended"] = str(ended)
    audit.record(
        session,
        actor,
        at=now,
        action="update",
        entity="user",
        entity_id=user.username,
        detail=changed,
    )
    session.flush()
    return user


def reset_password(
    session: Session,
    username: str,
    body: PasswordReset,
    tokens: TokenService,
    *,
    actor: Actor,
    now: datetime,
) -> User:
    """A new first password; every session of the user ends. Audited (never the password).
    The caller commits."""
    user = _user(session, username)
    user.password_hash = hash_password(body.password)
    ended = tokens.revoke_user(session, user.id)
    audit.record(
        session,
        actor,
        at=now,
        action="password_reset",
        entity="user",
        entity_id=user.username,
        detail={"sessions_ended": str(ended)},
    )
    session.flush()
    return user
