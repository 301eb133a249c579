"""What the desktop is told: which backend, which CAs, its language and theme, its patience."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from agentdesk.config.urls import is_loopback_host

__all__ = ["PLAIN_HTTP_ERROR", "DesktopSettings"]

# The pydantic error type of a plain http:// backend that is not allowed (load_settings turns
# it into PlainHttpRefused).
PLAIN_HTTP_ERROR = "plain_http"


class DesktopSettings(BaseModel):
    """The ``[desktop]`` section of the settings file; IT sets the backend in the system file."""

    model_config = ConfigDict(extra="ignore")

    backend_url: str = Field(
        default="", description="Base URL of the AgentDesk backend, e.g. https://agentdesk.bank"
    )
    ca_bundle: str = Field(default="", description="PEM file of CAs trusted for the backend")
    language: Literal["en", "zh_CN"] = Field(
        default="en", description="the desktop's language: en or zh_CN"
    )
    theme: Literal["light", "dark"] = Field(default="light", description="light or dark")
    request_timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="seconds before a request to the backend gives up"
    )
    offline_unlock_hours: float = Field(
        default=12.0,
        ge=0,
        description="how long after the last online sign-in the desk may be unlocked offline",
    )
    demo_username: str = Field(default="agent01", description="who `agentdesk demo` signs in as")
    allow_plain_http: bool = Field(
        default=False,
        description="allow a plain http:// backend_url to another computer (test benches only: "
        "customer data would cross the network unencrypted)",
    )
    cache_scope: Literal["working-set", "all"] = Field(
        default="working-set",
        description="which customers this desk keeps in its encrypted cache: working-set (the "
        "agent's team's recent callers, their tickets and tasks, customers they looked at; "
        "every other customer only as a phone index entry, fetched from the backend at a pop) "
        "or all (every customer: a full screen-pop offline)",
    )
    cache_working_set_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="working-set cache: how many days of calls and looks keep a customer in it",
    )
    startup_trace: str = Field(
        default="",
        description="a file where the desktop writes when its first window was painted and when "
        "it was ready to take a call (`make bench-start`); empty: nothing is written",
    )

    @field_validator("backend_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _plain_http_only_to_this_computer(self) -> DesktopSettings:
        parts = urlsplit(self.backend_url)
        if parts.scheme.lower() != "http" or self.allow_plain_http:
            return self
        if is_loopback_host(parts.hostname or ""):
            return self
        raise PydanticCustomError(
            PLAIN_HTTP_ERROR,
            "backend_url {url} is plain http:// to another computer; use https://, or set "
            "desktop.allow_plain_http = true",
            {"url": self.backend_url},
        )
