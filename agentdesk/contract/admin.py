"""Administration: staff accounts, teams and their queues, the settings that live on the server,
and the audit trail of every look at personal data and every change (administrators only).

Every write here is itself audited (``entity`` ``user``, ``team``, ``settings``…, with what
changed in ``detail``; never a password). Lists of staff are small and come whole; the audit
trail is paged by keyset (newest first): ``next_before`` of one page is ``before`` of the next.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from agentdesk.contract.auth import Role
from agentdesk.contract.values import FreeText, Identifier

__all__ = [
    "AuditEvent",
    "AuditPage",
    "Health",
    "PasswordReset",
    "ProductPriceChange",
    "ProductPriceChanged",
    "QueueTarget",
    "StaffUser",
    "SystemSettings",
    "TeamInfo",
    "TeamUpdate",
    "UserCreate",
    "UserUpdate",
]

Password = Annotated[str, Field(min_length=12, max_length=128)]
Username = Annotated[Identifier, Field(min_length=2, max_length=64)]
DisplayName = Annotated[FreeText, Field(min_length=1, max_length=128)]
TeamName = Annotated[Identifier, Field(max_length=64)]


class AuditEvent(BaseModel):
    id: int
    at: datetime
    username: str
    workstation_id: str
    action: str
    entity: str
    entity_id: str
    customer_id: int | None = Field(
        default=None, description="the customer the event concerns, when one does"
    )
    detail: dict[str, str] = Field(
        default={}, description="what exactly: the field unmasked, the ticket's changed fields…"
    )


class AuditPage(BaseModel):
    """``GET /admin/audit``: newest first; filters ``username``, ``customer_id``, ``action``,
    ``entity``, ``start``/``end`` (datetimes, ``[start, end)``), ``before`` (an event id: the
    page starts below it) and ``limit`` (≤ 1000). ``GET /admin/audit.csv`` takes the same
    filters and returns every matching row as CSV (cells that a spreadsheet would run are
    escaped)."""

    events: list[AuditEvent]
    next_before: int | None = Field(description="``before`` of the next page; None: no more")


# -- staff ---------------------------------------------------------------------------------


class StaffUser(BaseModel):
    """A member of staff as the admin console lists them."""

    username: str
    display_name: str
    role: Role
    team: str
    branch: str = ""
    skills: list[str] = Field(
        default=[], description="queues they serve; empty: their team's queues"
    )
    active: bool


class UserCreate(BaseModel):
    """``POST /admin/users``: the password is a first one, to be changed by its owner."""

    username: Username
    display_name: DisplayName
    role: Role
    team: TeamName = ""
    branch: Annotated[Identifier, Field(max_length=64)] | None = None
    skills: list[Annotated[Identifier, Field(max_length=32)]] = []
    password: Password


class UserUpdate(BaseModel):
    """``PATCH /admin/users/{username}``: what is given changes. ``active: false`` ends every
    session of the user at once (refresh and access tokens)."""

    display_name: DisplayName | None = None
    role: Role | None = None
    team: TeamName | None = None
    branch: Annotated[Identifier, Field(max_length=64)] | None = None
    skills: list[Annotated[Identifier, Field(max_length=32)]] | None = None
    active: bool | None = None


class PasswordReset(BaseModel):
    """``POST /admin/users/{username}/password``: a new first password; the user's sessions end."""

    password: Password


# -- teams, queues and the server's settings ---------------------------------------------------


class TeamInfo(BaseModel):
    """``GET /admin/teams``: a team, the queues its agents serve, who is in it."""

    name: str
    queues: list[str]
    agents: int
    supervisors: list[str]


class TeamUpdate(BaseModel):
    """``PUT /admin/teams/{name}``: the queues the team's agents serve (each a known queue)."""

    queues: list[Annotated[Identifier, Field(max_length=32)]] = Field(min_length=1)


class QueueTarget(BaseModel):
    """A queue's service-level target: ``target`` of calls answered within ``threshold_s``."""

    threshold_s: float = Field(gt=0, le=600)
    target: float = Field(gt=0, le=1)


class SystemSettings(BaseModel):
    """``GET``/``PUT /admin/settings`` (``PUT`` with ``If-Match``: the ``version``): what the
    server applies at once, without a restart. Defaults come from the server's configuration
    and the shipped customer rules."""

    version: int = 0
    short_abandon_s: float = Field(ge=0, le=60)
    queue_targets: dict[str, QueueTarget]
    care_holding_loss_pct: float = Field(
        gt=0, le=100, description="a wealth or fund holding down more than this % makes a care call"
    )
    care_confirmation_after_days: int = Field(
        ge=0, le=90, description="a resolved complaint's confirmation call is due this many days on"
    )


class Health(BaseModel):
    status: str
    version: str
    database: str


class ProductPriceChange(BaseModel):
    """``POST /admin/products/{code}/price``: a fund's new net asset value a unit."""

    nav: Annotated[Decimal, Field(gt=0, le=Decimal("1000000"), max_digits=14, decimal_places=4)]


class ProductPriceChanged(BaseModel):
    """What the new price did: holdings revalued, care tasks made (ids)."""

    product_code: str
    nav: Decimal
    holdings: int
    care_tasks: list[int]
