"""Complaint tickets: the summary, and the complaint work's parts (parties complained about,
clock events, letters sent, the activity log) as the contract carries them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agentdesk.contract.values import FreeText, Identifier

# The lifecycle owns the statuses (its table of moves is written in them); the contract shows
# the same enum so a status on the wire is one the lifecycle knows.
from agentdesk.domain.complaints.lifecycle import TicketStatus

__all__ = [
    "Assignee",
    "ClockEventCreate",
    "ClockEventKind",
    "ComplaintCategory",
    "NoticeCreate",
    "NoticeKind",
    "RootCause",
    "Satisfaction",
    "Severity",
    "TicketActivity",
    "TicketClockEvent",
    "TicketNotice",
    "TicketParty",
    "TicketStatus",
    "TicketSummary",
    "TicketTransition",
]


class ComplaintCategory(StrEnum):
    FEES = "fees"
    CARDS = "cards"
    LOANS = "loans"
    WEALTH_MIS_SELLING = "wealth_mis_selling"
    SERVICE_ATTITUDE = "service_attitude"
    DIGITAL_CHANNEL = "digital_channel"
    FRAUD_DISPUTE = "fraud_dispute"
    OTHER = "other"


class RootCause(StrEnum):
    """Why the complaint arose (``resources/reference/complaint_root_causes.yaml``)."""

    PRODUCT_DESIGN = "product_design"
    FEE_DISCLOSURE = "fee_disclosure"
    SALES_SUITABILITY = "sales_suitability"
    STAFF_CONDUCT = "staff_conduct"
    PROCESS_ERROR = "process_error"
    SYSTEM_ERROR = "system_error"
    THIRD_PARTY = "third_party"
    CUSTOMER_MISUNDERSTANDING = "customer_misunderstanding"
    FRAUD = "fraud"
    NO_FAULT_FOUND = "no_fault_found"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class TicketSummary(BaseModel):
    id: int
    reference: str
    customer_id: int
    category: ComplaintCategory
    severity: Severity
    status: TicketStatus
    summary: str
    opened_at: datetime
    due_at: datetime
    version: int = 1


class Satisfaction(StrEnum):
    """The complainant's word on the outcome, asked when the complaint is resolved."""

    SATISFIED = "satisfied"
    PARTLY = "partly"
    DISSATISFIED = "dissatisfied"
    NO_ANSWER = "no_answer"


class NoticeKind(StrEnum):
    """The letters a complaint sends: the acknowledgement, a holding reply, the final one."""

    ACKNOWLEDGEMENT = "acknowledgement"
    HOLDING = "holding"
    FINAL = "final"


# The clock's events (agentdesk.domain.complaints.rules.EVENT_KINDS): which apply depends on
# the ticket's regime and type; extensions need a supervisor.
ClockEventKind = Literal[
    "extended",
    "further-extended",
    "new-facts",
    "paused",
    "resumed",
    "in-progress",
    "provisional-credit",
]


class TicketParty(BaseModel):
    """Someone the complaint is about: an agent (username), a team or a branch. Nobody who is
    a party, nor a member of a team or branch that is, may handle it (recusal, 回避)."""

    kind: Literal["agent", "team", "branch"]
    id: Annotated[Identifier, Field(max_length=64)]


class TicketClockEvent(BaseModel):
    """Something that moves the complaint's clock, on the day it happened (the regime's local
    date): a pause for outside appraisal and its end, new facts, an approved extension."""

    kind: ClockEventKind
    on: date
    note: Annotated[FreeText, Field(max_length=2000)] = ""
    recorded_by: str = ""  # username (set by the server)
    approved_by: str = ""  # the supervisor who approved an extension


class TicketNotice(BaseModel):
    """A letter sent to the complainant, as rendered from the regime's template."""

    kind: NoticeKind
    language: Literal["zh_CN", "en"]
    subject: str
    body: str
    sent_at: datetime
    sent_by: str


class TicketActivity(BaseModel):
    """One line of a ticket's activity log: who did what, when (never a customer's data)."""

    at: datetime
    actor: str
    action: str  # created, status, assigned, edited, clock_event, notice, escalated, reopened
    detail: dict[str, str] = {}


class TicketTransition(BaseModel):
    """``POST /tickets/{id}/transitions``: move the ticket to ``to`` (409 naming the statuses
    allowed from where it stands). Closing needs ``root_cause`` and ``resolution`` (given here
    or already on the ticket); resolving records the ``resolution`` and the complainant's
    ``satisfaction``."""

    to: TicketStatus
    note: Annotated[FreeText, Field(max_length=2000)] = ""
    root_cause: RootCause | None = None
    remediation: Annotated[FreeText, Field(max_length=4000)] = ""
    resolution: Annotated[FreeText, Field(max_length=4000)] = ""
    satisfaction: Satisfaction | None = None


class ClockEventCreate(BaseModel):
    """``POST /tickets/{id}/clock-events``: something that moves the clock, on ``on`` (not
    before receipt, not in the future). An extension needs a supervisor and its ``note`` is the
    reason told to the complainant; one past the regime's maximum is refused (422)."""

    kind: ClockEventKind
    on: date
    note: Annotated[FreeText, Field(max_length=2000)] = ""


class NoticeCreate(BaseModel):
    """``POST /tickets/{id}/notices``: render the regime's letter of ``kind`` in ``language``
    from the ticket's facts and record it as sent."""

    kind: NoticeKind
    language: Literal["zh_CN", "en"]


class Assignee(BaseModel):
    """Someone a ticket may be assigned to (``GET /tickets/{id}/assignable``): active, of the
    ticket's team, and no party to the complaint."""

    username: str
    display_name: str
    team: str
