"""Login, token refresh and the signed-in user."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from agentdesk.contract.values import Identifier, RecordId, SecretText

__all__ = ["LoginRequest", "RefreshRequest", "Role", "TokenPair", "UserInfo"]


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class LoginRequest(BaseModel):
    username: Annotated[Identifier, Field(min_length=1, max_length=64)]
    password: Annotated[SecretText, Field(min_length=1, max_length=256)]
    # The desk's id (``ws-`` and 12 hex digits as made by the desktop); the session and its
    # tokens are bound to it, and every audited act names it.
    workstation_id: str = Field(
        min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
    )


class RefreshRequest(BaseModel):
    refresh_token: Annotated[Identifier, Field(min_length=16, max_length=256)]


class UserInfo(BaseModel):
    id: RecordId
    username: str
    display_name: str
    role: Role
    team: str = ""  # the desk's "my team" lists


class TokenPair(BaseModel):
    """The access token is short-lived; the refresh token is opaque, short (it fits any OS
    keyring) and single-use: each refresh returns a new one and retires the old."""

    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserInfo
