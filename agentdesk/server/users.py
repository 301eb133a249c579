"""Staff accounts of the backend (agents, supervisors, administrators).

Refusals are rule violations (``agentdesk.domain.errors``): a role the server does not know,
a username already taken.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.auth import Role
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.server.models import User
from agentdesk.server.security import hash_password

__all__ = ["create_user"]


def create_user(
    session: Session,
    username: str,
    display_name: str,
    role: Role | str,
    password: str,
    team: str = "",
) -> User:
    """Add an active user with an Argon2 password hash; the caller commits."""
    try:
        known_role = Role(role)
    except ValueError:
        raise InvalidValue(
            "user.unknown_role",
            f"no role {role!r}",
            fields=[FieldIssue("role", "one of " + ", ".join(r.value for r in Role))],
        ) from None
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidValue(
            "user.username_taken",
            f"the username {username!r} is taken",
            fields=[FieldIssue("username", "taken")],
        )
    user = User(
        username=username,
        display_name=display_name,
        role=known_role.value,
        password_hash=hash_password(password),
        team=team,
        active=True,
    )
    session.add(user)
    session.flush()
    return user
