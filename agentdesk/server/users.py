"""Staff accounts of the backend (agents, supervisors, administrators)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from agentdesk.contract.auth import Role
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
    user = User(
        username=username,
        display_name=display_name,
        role=Role(role).value,  # refuses a role the server would not know
        password_hash=hash_password(password),
        team=team,
        active=True,
    )
    session.add(user)
    session.flush()
    return user
