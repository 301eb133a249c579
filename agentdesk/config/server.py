"""What the backend is told: its database, token lifetimes and signing keys, sign-in limits, sync
windows and event streams, and where it sends SMS."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from agentdesk.config.urls import outbound_url

__all__ = ["ServerSettings"]


class ServerSettings(BaseModel):
    """The ``[server]`` section of the settings file."""

    model_config = ConfigDict(extra="ignore")

    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty: the embedded SQLite file in the data folder"
    )
    access_token_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="lifetime of an access token"
    )
    refresh_token_days: int = Field(
        default=14, ge=1, le=90, description="a session unused this long must sign in again"
    )
    refresh_grace_seconds: int = Field(
        default=10,
        ge=0,
        le=60,
        description="a refresh token presented again this soon after its use gets a valid pair "
        "(two concurrent refreshes), not the end of its session",
    )
    signing_keys: list[str] = Field(
        default_factory=list,
        description="where the access tokens' signing keys come from, current key first: "
        '"file:/etc/agentdesk/jwt.key", "env:AGENTDESK_JWT_KEY" or a plugged-in provider; '
        "empty: a key file made next to an embedded SQLite database (refused for PostgreSQL)",
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description='where sign-in and OTP failures are counted: "memory://" (one worker) or '
        '"redis://host:6379/0" (shared by every worker)',
    )
    login_failures_per_account: int = Field(
        default=5, ge=1, description="failed sign-ins of one username before it is locked out"
    )
    login_failures_per_address: int = Field(
        default=50, ge=1, description="failed sign-ins from one client address before a lock-out"
    )
    otp_failures_per_agent: int = Field(
        default=10, ge=1, description="failed verification attempts of one agent before a lock-out"
    )
    lockout_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="how long a lock-out lasts"
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="larger request bodies are refused (413)"
    )
    concurrent_requests: int = Field(
        default=12,
        ge=1,
        le=200,
        description="requests a worker works on at once (more wait their turn; event streams "
        "are not counted); its database pool holds a connection for each, 4 for the event "
        "streams' reads and 4 for its background work: PostgreSQL's max_connections must cover "
        "every worker's (and 8 more each for the shared ACD)",
    )
    concurrent_writes: int = Field(
        default=4,
        ge=1,
        le=200,
        description="of those, at most this many writes (POST, PUT, PATCH, DELETE): writers "
        "take the change lock one at a time across every worker, and reads must not wait "
        "behind the ones queued for it",
    )
    sync_interaction_days: int = Field(
        default=90, ge=1, description="interactions this recent are synced to workstations"
    )
    cache_scope_all_allowed: bool = Field(
        default=True,
        description="serve every customer to a desk that asks for it (`[desktop] cache_scope = "
        '"all"`, or a desk older than cache scopes); false: every desk gets its working set '
        "and the phone index only, whatever its own settings say",
    )
    idempotency_days: int = Field(
        default=14,
        ge=1,
        description="how long pushed mutations' keys are kept; must exceed the offline window",
    )
    sse_ping_seconds: float = Field(
        default=15.0, gt=0, le=300, description="comment ping on idle event streams (proxies)"
    )
    sse_hint_seconds: float = Field(
        default=1.0,
        ge=0,
        le=60,
        description="an event stream says 'pull now' (sync.changes) at most this often, "
        "the latest held meanwhile; 0: at every change",
    )
    sse_hints_per_second: float = Field(
        default=25.0,
        gt=0,
        description="'pull now' hints a worker sends per second over all its streams at most: "
        "each desk pulls on one, so past this many streams × sse_hint_seconds each stream is "
        "told less often (1,000 desks on 2 workers: every ~20 s)",
    )
    sse_queue_size: int = Field(
        default=256, ge=1, description="events buffered per stream before a slow client is dropped"
    )
    event_retention_hours: int = Field(
        default=72, ge=1, description="how long events are kept for Last-Event-ID resume"
    )
    complaint_escalation_seconds: float = Field(
        default=300.0,
        ge=0,
        description="how often open complaints are checked for deadlines at their warning share "
        "or breached (escalated to the team's supervisors); 0: never",
    )
    complaint_warn_at: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="the share of a complaint step's time after which its supervisors are warned",
    )
    complaint_care_task_days: int = Field(
        default=3,
        ge=0,
        le=90,
        description="days after a complaint is resolved that the care call confirming it is due",
    )
    care_scan_seconds: float = Field(
        default=86400.0,
        ge=0,
        description="how often every customer's tier, segments and care rules are evaluated "
        "(daily by default; changes to a customer's data evaluate them at once); 0: never",
    )
    sms_gateway_url: str = Field(
        default="",
        description="where one-time codes and notices go to the SMS gateway (signed JSON POSTs, "
        'see "The PBX and the SMS gateway"); https://, or http:// to this computer; empty: '
        "logged only (the number masked, never the text)",
    )
    sms_gateway_secret: SecretStr = Field(
        default=SecretStr(""),
        description="shared secret the messages to sms_gateway_url are signed with "
        "(HMAC-SHA256); required with sms_gateway_url",
    )

    @field_validator("sms_gateway_url")
    @classmethod
    def _encrypted_sms_url(cls, value: str) -> str:
        return outbound_url(value)

    @model_validator(mode="after")
    def _sms_secret_with_url(self) -> ServerSettings:
        if self.sms_gateway_url and not self.sms_gateway_secret.get_secret_value():
            raise ValueError(
                "sms_gateway_url is set but sms_gateway_secret is empty: set the secret the "
                "messages are signed with, or empty sms_gateway_url to log them only"
            )
        return self
