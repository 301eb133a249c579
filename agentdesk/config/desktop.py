"""What the desktop is told: which backend, which CAs, its language and theme, its patience."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["DesktopSettings"]


class DesktopSettings(BaseModel):
    """The ``[desktop]`` section of the settings file; IT sets the backend in the system file."""

    model_config = ConfigDict(extra="ignore")

    backend_url: str = Field(
        default="", description="Base URL of the AgentDesk backend, e.g. https://agentdesk.bank"
    )
    ca_bundle: str = Field(default="", description="PEM file of CAs trusted for the backend")
    language: Literal["en", "zh_CN"] = "en"
    theme: Literal["light", "dark"] = "light"
    request_timeout_s: float = Field(default=10.0, gt=0, le=120)
    offline_unlock_hours: float = Field(default=12.0, ge=0)
    demo_username: str = "agent01"

    @field_validator("backend_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")
