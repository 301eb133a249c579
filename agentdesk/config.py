"""Where AgentDesk keeps its files (AppPaths) and what it is told to do (Settings).

Settings are layered, each layer overriding the one before:
defaults < system file (IT, e.g. /etc/xdg/agentdesk/agentdesk.toml) < user file < environment
(``AGENTDESK_*``) < command line. ``AGENTDESK_HOME`` puts every per-user folder under one
directory (tests and portable installs); ``AGENTDESK_SYSTEM_CONFIG`` names the system file.
"""

from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from agentdesk.errors import ConfigError

__all__ = ["AppPaths", "Settings", "load_settings"]

APP_NAME = "agentdesk"
CONFIG_FILE = "agentdesk.toml"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    system_config_file: Path

    @classmethod
    def from_environment(cls) -> AppPaths:
        system_file = os.environ.get("AGENTDESK_SYSTEM_CONFIG")
        system = Path(system_file) if system_file else _system_config_file()
        home = os.environ.get("AGENTDESK_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs", system)
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            system,
        )

    @property
    def user_config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def workstation_id(self) -> str:
        """A stable id for this desktop, made once; it names the workstation in audit and sync."""
        path = self.data_dir / "workstation-id"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.ensure()
        value = f"ws-{uuid.uuid4().hex[:12]}"
        path.write_text(value, encoding="utf-8")
        return value


def _system_config_file() -> Path:
    """The IT-managed file: the first that exists among the system config folders.

    On Linux every ``XDG_CONFIG_DIRS`` entry is searched and ``/etc/xdg`` always is (Ubuntu
    desktops put ``/etc/xdg/xdg-ubuntu`` first, where no package installs our file); on Windows
    it is ``%ProgramData%\\agentdesk``, on macOS ``/Library/Application Support/agentdesk``.
    """
    folders = platformdirs.site_config_dir(APP_NAME, appauthor=False, multipath=True)
    candidates = [Path(folder) / CONFIG_FILE for folder in folders.split(os.pathsep) if folder]
    if sys.platform.startswith("linux"):
        candidates.append(Path("/etc/xdg") / APP_NAME / CONFIG_FILE)
    return next((path for path in candidates if path.is_file()), candidates[-1])


class Settings(BaseSettings):
    """Every setting the desktop and the server read; IT sets them in the system file."""

    model_config = SettingsConfigDict(env_prefix="AGENTDESK_", extra="ignore")

    backend_url: str = Field(
        default="", description="Base URL of the AgentDesk backend, e.g. https://agentdesk.bank"
    )
    ca_bundle: str = Field(default="", description="PEM file of CAs trusted for the backend")
    language: Literal["en", "zh_CN"] = "en"
    theme: Literal["light", "dark"] = "light"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    request_timeout_s: float = Field(default=10.0, gt=0, le=120)
    offline_unlock_hours: float = Field(default=12.0, ge=0)
    demo_username: str = "agent01"

    # Server-side settings (ignored by the desktop).
    database_url: str = ""
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    sync_interaction_days: int = Field(
        default=90, ge=1, description="interactions this recent are synced to workstations"
    )
    idempotency_days: int = Field(
        default=14,
        ge=1,
        description="how long pushed mutations' keys are kept; must exceed the offline window",
    )
    sse_ping_seconds: float = Field(
        default=15.0, gt=0, le=300, description="comment ping on idle event streams (proxies)"
    )
    sse_queue_size: int = Field(
        default=256, ge=1, description="events buffered per stream before a slow client is dropped"
    )
    event_retention_hours: int = Field(
        default=72, ge=1, description="how long events are kept for Last-Event-ID resume"
    )

    # Telephony (server-side): the ACD's queues, routing timers, live figures and the demo
    # call simulator. Queues are configuration, not code: each queue's skill is its name.
    telephony_queues: list[str] = Field(
        default=["general", "cards", "wealth", "complaints"],
        min_length=1,
        description="ACD queues (each is also the skill an agent needs to take its calls)",
    )
    telephony_team_skills: dict[str, list[str]] = Field(
        default={
            "retail": ["general", "cards"],
            "cards": ["cards", "general"],
            "wealth": ["wealth", "general"],
            "complaints": ["complaints"],
        },
        description="queues an agent of each team serves; a team not listed serves them all",
    )
    telephony_service_level_s: float = Field(
        default=20.0, gt=0, description="service-level threshold: answered within this many s"
    )
    telephony_service_level_target: float = Field(default=0.8, gt=0, le=1)
    telephony_short_abandon_s: float = Field(
        default=5.0, ge=0, description="abandons this quick are left out of the figures"
    )
    telephony_ring_timeout_s: float = Field(
        default=15.0, gt=0, description="an unanswered ring goes to the next agent after this"
    )
    telephony_wrap_up_limit_s: float | None = Field(
        default=None, gt=0, description="wrap-up ends by itself after this long (None: never)"
    )
    telephony_tick_seconds: float = Field(
        default=0.5, ge=0, le=10, description="ACD timer resolution; 0 turns the ticker off"
    )
    telephony_stats_seconds: float = Field(
        default=5.0, gt=0, description="queue.stats is published at least this often while live"
    )
    telephony_stats_window_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="queue figures cover this many recent minutes"
    )
    telephony_webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="shared secret of POST /telephony/events (HMAC-SHA256); empty: disabled",
    )
    telephony_call_rate: float = Field(
        default=0.5, ge=0, description="demo simulator: arriving calls per minute; 0: none"
    )
    telephony_queue_mix: dict[str, float] = Field(
        default={"general": 0.55, "cards": 0.2, "wealth": 0.15, "complaints": 0.1},
        description="demo simulator: share of arrivals per queue",
    )
    telephony_mean_talk_s: float = Field(default=240.0, gt=0)
    telephony_mean_patience_s: float = Field(default=90.0, gt=0)
    telephony_speed: float = Field(
        default=1.0, gt=0, description="demo simulator: talk times and patience ÷ this"
    )

    @field_validator("backend_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        paths = AppPaths.from_environment()
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=paths.user_config_file),
            TomlConfigSettingsSource(settings_cls, toml_file=paths.system_config_file),
        )


def load_settings(**overrides: Any) -> Settings:
    """Build the one Settings object of a process; command-line values come in ``overrides``."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc
    except (OSError, ValueError) as exc:  # an unreadable or malformed TOML file
        raise ConfigError(f"cannot read settings: {exc}") from exc
