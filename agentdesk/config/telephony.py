"""The ACD's configuration (queues, routing timers, live figures) and the demo call simulator.

Queues are configuration, not code: each queue's skill is its name.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from agentdesk.config.urls import outbound_url

__all__ = ["SimulatorSettings", "TelephonySettings"]


class SimulatorSettings(BaseModel):
    """The ``[telephony.simulator]`` section: the demo's callers (``agentdesk server --demo``)."""

    model_config = ConfigDict(extra="ignore")

    call_rate: float = Field(default=0.5, ge=0, description="arriving calls per minute; 0: none")
    queue_mix: dict[str, float] = Field(
        default={"general": 0.55, "cards": 0.2, "wealth": 0.15, "complaints": 0.1},
        description="share of arrivals per queue",
    )
    mean_talk_s: float = Field(default=240.0, gt=0, description="mean talk time of a call")
    mean_patience_s: float = Field(
        default=90.0, gt=0, description="mean wait before a caller gives up"
    )
    speed: float = Field(default=1.0, gt=0, description="talk times and patience ÷ this")


class TelephonySettings(BaseModel):
    """The ``[telephony]`` section of the settings file."""

    model_config = ConfigDict(extra="ignore")

    queues: list[str] = Field(
        default=["general", "cards", "wealth", "complaints"],
        min_length=1,
        description="ACD queues (each is also the skill an agent needs to take its calls)",
    )
    team_skills: dict[str, list[str]] = Field(
        default={
            "retail": ["general", "cards"],
            "cards": ["cards", "general"],
            "wealth": ["wealth", "general"],
            "complaints": ["complaints"],
        },
        description="queues an agent of each team serves; a team not listed serves them all",
    )
    service_level_s: float = Field(
        default=20.0, gt=0, description="service-level threshold: answered within this many s"
    )
    service_level_target: float = Field(
        default=0.8, gt=0, le=1, description="share of calls to answer within service_level_s"
    )
    short_abandon_s: float = Field(
        default=5.0, ge=0, description="abandons this quick are left out of the figures"
    )
    ring_timeout_s: float = Field(
        default=15.0, gt=0, description="an unanswered ring goes to the next agent after this"
    )
    wrap_up_limit_s: float | None = Field(
        default=None, gt=0, description="wrap-up ends by itself after this long (None: never)"
    )
    tick_seconds: float = Field(
        default=0.5, ge=0, le=10, description="ACD timer resolution; 0 turns the ticker off"
    )
    stats_seconds: float = Field(
        default=5.0, gt=0, description="queue.stats is published at least this often while live"
    )
    agent_stats_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="agents' desks get queue.stats at most this often (the supervisors' wall "
        "gets every change); 0: every change",
    )
    stats_window_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="queue figures cover this many recent minutes"
    )
    interval_minutes: int = Field(
        default=15,
        description="reporting interval of the supervisor's statistics (divides an hour: "
        "5, 10, 15, 20, 30 or 60)",
    )
    time_zone: str = Field(
        default="Asia/Shanghai",
        description="the contact center's zone: where a day of interval statistics starts",
    )
    acd: Literal["local", "shared"] | None = Field(
        default=None,
        description="where the ACD lives: local (in the server's one process) or shared (on "
        'PostgreSQL, led by one worker of any host, see "Several workers and hosts"); '
        "None: shared when `agentdesk server` runs on PostgreSQL (but --demo), local on SQLite",
    )
    acd_failover_seconds: float = Field(
        default=1.0,
        gt=0,
        le=30,
        description="shared ACD: how often a worker tries to take over the lead (a dead "
        "leader is replaced within about this long)",
    )
    acd_command_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=60,
        description="shared ACD: a move the leader has not answered in this long is refused "
        "as unavailable (503) and never applied later",
    )
    webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="shared secret of POST /telephony/events (HMAC-SHA256); empty: disabled",
    )
    pbx_url: str = Field(
        default="",
        description="where the agents' call control goes to the PBX (signed JSON POSTs, see "
        '"The PBX and the SMS gateway"); https://, or http:// to this computer; empty: the '
        "simulated PBX",
    )
    pbx_secret: SecretStr = Field(
        default=SecretStr(""),
        description="shared secret the commands to pbx_url are signed with (HMAC-SHA256); "
        "required with pbx_url",
    )
    simulator: SimulatorSettings = Field(default_factory=SimulatorSettings)

    @field_validator("interval_minutes")
    @classmethod
    def _divides_an_hour(cls, value: int) -> int:
        if value not in (5, 10, 15, 20, 30, 60):
            raise ValueError("an interval is 5, 10, 15, 20, 30 or 60 minutes")
        return value

    @field_validator("pbx_url")
    @classmethod
    def _encrypted_pbx_url(cls, value: str) -> str:
        return outbound_url(value)

    @model_validator(mode="after")
    def _pbx_secret_with_url(self) -> TelephonySettings:
        if self.pbx_url and not self.pbx_secret.get_secret_value():
            raise ValueError(
                "pbx_url is set but pbx_secret is empty: set the secret the commands to the PBX "
                "are signed with, or empty pbx_url for the simulated PBX"
            )
        return self

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"no time zone {value!r}") from exc
        return value
