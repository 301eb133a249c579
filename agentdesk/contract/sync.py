"""Sync: pull changes by a server-wide sequence, push mutations exactly once, live events.

Pull (``GET /sync/changes?since=CURSOR&limit=N``): every mutable record carries the server-wide
change sequence of its last write; a page holds the records changed after ``since`` in sequence
order, grouped by entity, with ``cursor`` = the highest sequence in the page. The client stores
the cursor in the same transaction as the page it applied.

Push (``POST /sync/push``): the outbox drains in order. Each mutation carries the
workstation's per-workstation sequence number and an idempotency key made with the local row.
The server applies a mutation, records its key with its first result, and advances the
workstation's last applied sequence in one transaction; a replay gets the first result back
with status ``duplicate``. A key reused with another payload is a 422 for the whole push.

Events (``GET /events``, text/event-stream): ``id`` is a server-wide, increasing event id;
``Last-Event-ID`` resumes; ``event`` is an EventKind; ``data`` is the JSON of ServerEvent.data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from agentdesk.contract.customers import (
    CustomerAlert,
    PhoneLink,
    ProvisionalContactCreate,
    SegmentInfo,
    TierReason,
)
from agentdesk.contract.flows import FlowVersionRecord
from agentdesk.contract.holdings import Holdings
from agentdesk.contract.interactions import Channel, Interaction, OfferOutcome
from agentdesk.contract.problem import Problem
from agentdesk.contract.tickets import (
    ComplaintCategory,
    RootCause,
    Satisfaction,
    Severity,
    TicketClockEvent,
    TicketNotice,
    TicketParty,
    TicketSummary,
)
from agentdesk.contract.values import (
    FreeText,
    Identifier,
    RecordId,
    RecordVersion,
    SequenceNumber,
    StorableJson,
    Timestamp,
)
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier
from agentdesk.flows.definition import ActionKind
from agentdesk.flows.transcript import Transcript

__all__ = [
    "CacheScope",
    "ChangesPage",
    "CustomerRecord",
    "CustomerView",
    "EventKind",
    "FieldConflict",
    "MUTATION_PAYLOADS",
    "InteractionCreate",
    "Mutation",
    "MutationKind",
    "MutationResult",
    "PushRequest",
    "PushResponse",
    "ResultStatus",
    "ServerEvent",
    "OfferOutcome",
    "PhoneIndexEntry",
    "ServiceRequestCreate",
    "SyncEntity",
    "Task",
    "TaskCreate",
    "TaskUpdate",
    "TicketCreate",
    "TicketPatch",
    "TicketRecord",
    "Tombstone",
    "WorkingSetRequest",
    "records_json",
    "scope_digest",
]

MAX_PUSH_BATCH = 500
MAX_PAGE = 5000


class SyncEntity(StrEnum):
    CUSTOMER = "customer"
    INTERACTION = "interaction"
    TICKET = "ticket"
    TASK = "task"
    SERVICE_REQUEST = "service_request"  # pushed only: the desks never read them back
    FLOW = "flow"  # a published flow version: the desks run it offline


# -- records as the workstation's cache keeps them ------------------------------------------


class CustomerRecord(BaseModel):
    """A customer as synced to the workstation's encrypted cache.

    Phones are full E.164 numbers (the cache needs them to pop a caller and to search by
    digits; the UI shows them masked). The ID number is masked but for ``id_last4``.
    """

    id: int
    cif: str
    name: str
    name_pinyin: str = ""
    name_initials: str = ""
    language: str = "zh"
    birth_year: int
    id_number_masked: str
    id_last4: str
    email_masked: str = ""
    phones: list[str] = []
    tier: Tier
    tier_reason: TierReason | None = None
    segments: list[str] = []
    segment_details: list[SegmentInfo] = []
    pending_phones: list[str] = []  # linked by an agent, not yet verified: never pop by them
    provisional: bool = False  # a provisional contact made for an unknown caller
    merged_into: int | None = None  # a provisional contact the server merged into a customer
    aum: Decimal
    yearly_revenue: Decimal
    risk_profile: RiskProfile
    risk_assessed_on: date
    marketing_consent: bool = False
    do_not_call: bool = False
    alerts: list[CustomerAlert] = []
    relationship_manager: str = ""
    holdings: Holdings = Holdings()
    version: int = 1
    updated_at: datetime


class TicketRecord(TicketSummary):
    """A complaint ticket as synced (the summary plus what the agent may edit)."""

    channel: Channel = Channel.PHONE_IN
    description: str = ""
    desired_outcome: str = ""
    assignee: str = ""
    team: str = ""
    opened_by: str = ""  # the username of who opened it ("" for old tickets)
    regime: str = "cn"
    # The regime's kind of complaint (``standard``, ``payment-services``, ``cfpb``, ``reg-e``…)
    # and, when the agent chose another regime or type than suggested, why.
    complaint_type: str = "standard"
    regime_override_reason: str = ""
    received_on: date | None = None  # the day of receipt in the regime's own calendar
    parties: list[TicketParty] = []
    call_id: str | None = None  # the call it was opened from
    flow_run_id: str | None = None  # the complaint-intake script's run, when one was used
    clock_events: list[TicketClockEvent] = []
    root_cause: RootCause | None = None
    remediation: str = ""
    resolution: str = ""
    satisfaction: Satisfaction | None = None
    notices: list[TicketNotice] = []
    client_id: str | None = None
    updated_at: datetime


class Task(BaseModel):
    """A follow-up callback or care call, with its due time and owner (``""`` while it waits in
    ``queue`` for someone to take it). A care task says which rule made it and why."""

    id: int
    customer_id: int
    kind: Literal["callback", "care"] = "callback"
    due_at: datetime
    owner: str
    queue: str = ""
    note: str = ""
    rule: str = ""  # the care rule (agentdesk.domain.care_rules) that made it, "" for a callback
    subject: str = ""  # what the rule fired about (a holding, a complaint, a year)
    reason: str = ""  # a reason code the desk words
    figures: dict[str, str] = {}  # the numbers behind the reason
    outcome: str = ""  # how it ended (set with done)
    done: bool = False
    client_id: str | None = None
    version: int = 1


class Tombstone(BaseModel):
    entity: SyncEntity
    id: int


class CacheScope(StrEnum):
    """Which customers a desk caches (IT's choice: ``[desktop] cache_scope``).

    ``all``: every customer, for a full offline screen-pop. ``working-set``: the agent's
    working set (recent callers of their team, their tickets and tasks, customers they
    touched) in full, and for every other customer only a phone index entry (customer id and
    phones, which the desk keeps as keyed hashes), so that a pop still says who is calling."""

    ALL = "all"
    WORKING_SET = "working-set"


class PhoneIndexEntry(BaseModel):
    """A customer outside the desk's working set: who has which numbers, nothing else."""

    id: int
    phones: list[str] = []


def scope_digest(ids: Iterable[int]) -> str:
    """A short name of a set of customer ids: the desk sends that of the customers it holds,
    the server sends the working set again only when its own differs."""
    text = ",".join(str(i) for i in sorted(set(ids)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def records_json(records: Sequence[str]) -> str:
    """A list of a page of changes, as the server writes it: the records' compact JSON, each on
    a line of its own. JSON text holds no raw newline, so a line is a record: a desk cuts the
    records it caches as they were sent out of the page by its lines, without parsing the
    page a second time (sync/bulk_pages.py)."""
    return "[\n" + ",\n".join(records) + "\n]" if records else "[]"


class ChangesPage(BaseModel):
    """One page of ``GET /sync/changes``: apply every list, then store ``cursor``.

    In the ``working-set`` scope, ``customers`` holds only the working set's changed
    customers and ``phone_index`` the others; the last page (``has_more`` false) names the
    whole working set in ``working_set`` unless the desk's ``have`` digest matched it (None):
    the desk removes every cached customer outside it and asks for those missing from it
    (``POST /sync/working-set``)."""

    cursor: int = Field(description="highest change sequence in this page; the next since=")
    high_water: int = Field(description="highest change sequence on the server now (progress)")
    has_more: bool
    customers: list[CustomerRecord] = []
    tickets: list[TicketRecord] = []
    interactions: list[Interaction] = []
    tasks: list[Task] = []
    flows: list[FlowVersionRecord] = []
    deleted: list[Tombstone] = []
    scope: CacheScope = CacheScope.ALL
    phone_index: list[PhoneIndexEntry] = []
    working_set: list[int] | None = None


class WorkingSetRequest(BaseModel):
    """``POST /sync/working-set``: customers of the working set the desk does not hold."""

    ids: list[RecordId] = Field(max_length=MAX_PAGE)
    days: int = Field(default=30, ge=1, le=365)


# -- mutations -----------------------------------------------------------------------------


class MutationKind(StrEnum):
    INTERACTION_CREATE = "interaction.create"
    TICKET_CREATE = "ticket.create"
    TICKET_UPDATE = "ticket.update"
    TASK_CREATE = "task.create"
    TASK_UPDATE = "task.update"
    SERVICE_REQUEST_CREATE = "service_request.create"
    CONTACT_CREATE = "contact.create"
    PHONE_LINK = "phone.link"
    CUSTOMER_VIEW = "customer.view"  # a 360 shown from the cache: for the audit trail


class InteractionCreate(BaseModel):
    """A finished contact (a wrap-up). ``customer_id`` is None for a caller the cache did not
    know; ``phone_e164`` then lets the server link it to the right customer."""

    customer_id: RecordId | None = None
    phone_e164: Annotated[FreeText, Field(max_length=40)] | None = None
    channel: Channel
    started_at: Timestamp
    ended_at: Timestamp | None = None
    queue: Annotated[FreeText, Field(max_length=32)] = ""
    reason: Annotated[FreeText, Field(max_length=128)] = ""
    wrap_up_code: Annotated[Identifier, Field(max_length=32)]
    notes: Annotated[FreeText, Field(max_length=4000)] = ""
    ticket_id: RecordId | None = None
    # The telephony's id of the call wrapped up (None for a contact that was not a call).
    call_id: Annotated[Identifier, Field(max_length=64)] | None = None
    # The scripted flows run during the contact; the server checks each against its version.
    flows: list[Transcript] = Field(default=[], max_length=20)
    # Offers made on the contact and the customer's answers; the task the contact served.
    offers: list[OfferOutcome] = Field(default=[], max_length=20)
    task_id: RecordId | None = None


class CustomerView(BaseModel):
    """``customer.view``: the agent saw the customer's 360 from the desk's cache (offline, or
    before the backend answered). The server audits it as a view at the mutation's
    ``made_at``, by the pushing agent at their workstation; the mutation's ``entity_id`` is
    the customer's id."""

    customer_id: RecordId
    source: Literal["cache"] = "cache"


class TicketCreate(BaseModel):
    """A new complaint. ``regime`` and ``complaint_type`` default to what the customer's
    jurisdiction and the category suggest (the rule packs); another choice needs
    ``regime_override_reason``."""

    customer_id: RecordId
    category: ComplaintCategory
    severity: Severity
    channel: Channel
    summary: Annotated[FreeText, Field(min_length=1, max_length=256)]
    description: Annotated[FreeText, Field(max_length=8000)] = ""
    desired_outcome: Annotated[FreeText, Field(max_length=2000)] = ""
    regime: Annotated[Identifier, Field(max_length=16)] | None = None
    complaint_type: Annotated[Identifier, Field(max_length=32)] | None = None
    regime_override_reason: Annotated[FreeText, Field(max_length=500)] = ""
    parties: list[TicketParty] = Field(default=[], max_length=10)
    call_id: Annotated[Identifier, Field(max_length=64)] | None = None
    flow_run_id: Annotated[Identifier, Field(max_length=64)] | None = None


TICKET_EDITABLE_FIELDS = (
    "status",
    "severity",
    "category",
    "summary",
    "description",
    "desired_outcome",
    "assignee",
    "team",
)


class TicketPatch(BaseModel):
    """An edit of some ticket fields: ``changes`` are the new values, ``base`` the values the
    agent saw before editing (a three-way merge: fields nobody else changed merge; a field
    changed on both sides to different values is a conflict)."""

    changes: StorableJson
    base: StorableJson = {}


class TaskCreate(BaseModel):
    customer_id: RecordId
    kind: Literal["callback", "care"] = "callback"
    due_at: Timestamp
    note: Annotated[FreeText, Field(max_length=2000)] = ""


class TaskUpdate(BaseModel):
    """``task.update``: the owner ends a task with its outcome, moves it, or hands it back to
    its queue (the care queue for a care task); ``take``: someone of the desk takes a task
    waiting in a queue (owner ``""``) as theirs."""

    action: Literal["done", "reschedule", "hand_back", "take"]
    outcome: Annotated[FreeText, Field(max_length=2000)] = ""
    due_at: Timestamp | None = None  # reschedule: the new time


class ServiceRequestCreate(BaseModel):
    """Something a scripted flow asked the bank to do for the customer (block or reissue a
    card, subscribe a service, send an SMS notice, change contact data, record a new risk
    profile or a sale), for the back office to carry out. Made once per flow step: the
    mutation's ``entity_id`` is the run's action key."""

    customer_id: RecordId
    action: ActionKind
    params: dict[
        Annotated[Identifier, Field(max_length=64)], Annotated[FreeText, Field(max_length=2000)]
    ] = Field(default={}, max_length=20)
    flow_id: Annotated[Identifier, Field(min_length=1, max_length=64)]
    flow_version: RecordVersion
    run_id: Annotated[Identifier, Field(min_length=1, max_length=64)]
    call_id: Annotated[Identifier, Field(max_length=64)] | None = None


# The model of each kind's payload: the server checks a mutation's payload against it (a
# fault is that mutation's ``rejected`` result), the desktop before it queues the mutation.
MUTATION_PAYLOADS: dict[MutationKind, type[BaseModel]] = {
    MutationKind.INTERACTION_CREATE: InteractionCreate,
    MutationKind.TICKET_CREATE: TicketCreate,
    MutationKind.TICKET_UPDATE: TicketPatch,
    MutationKind.TASK_CREATE: TaskCreate,
    MutationKind.TASK_UPDATE: TaskUpdate,
    MutationKind.SERVICE_REQUEST_CREATE: ServiceRequestCreate,
    MutationKind.CONTACT_CREATE: ProvisionalContactCreate,
    MutationKind.PHONE_LINK: PhoneLink,
    MutationKind.CUSTOMER_VIEW: CustomerView,
}


class Mutation(BaseModel):
    """One change of the outbox. Its envelope (sequence, key, target, time) is made by the
    desktop and checked with the whole push; its ``payload`` is what the agent typed and is
    checked per mutation against its kind's model, so one bad payload is that mutation's
    ``rejected`` result, never the batch's failure."""

    seq: SequenceNumber = Field(ge=1, description="per-workstation sequence, increasing")
    idempotency_key: Annotated[Identifier, Field(min_length=8, max_length=64)]
    kind: MutationKind
    entity_id: Identifier = Field(
        min_length=1,
        max_length=64,
        description="creates: the client id made with the local row; updates: the server id "
        "or the client id of a record created offline",
    )
    base_version: RecordVersion | None = None
    payload: dict[str, Any] = Field(description="the kind's model; checked per mutation")
    made_at: Timestamp


class PushRequest(BaseModel):
    workstation_id: Annotated[Identifier, Field(max_length=64)]
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_PUSH_BATCH)


class ResultStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already applied: this is the first result, unchanged
    CONFLICT = "conflict"  # the agent must choose (see conflicts and current)
    REJECTED = "rejected"  # invalid; problem says why


class FieldConflict(BaseModel):
    field: str
    base: Any = None
    mine: Any = None
    theirs: Any = None


class MutationResult(BaseModel):
    seq: int
    idempotency_key: str
    status: ResultStatus
    entity: SyncEntity
    entity_id: int | None = None
    version: int | None = None
    record: dict[str, Any] | None = None
    problem: Problem | None = None
    conflicts: list[FieldConflict] = []


class PushResponse(BaseModel):
    results: list[MutationResult]
    last_applied_seq: int


# -- live events ---------------------------------------------------------------------------


class EventKind(StrEnum):
    CHANGES = "sync.changes"  # pull now: data {"seq": n}
    TICKET_CHANGED = "ticket.changed"
    # A complaint step at its warning share of time, or breached: to the team's supervisors.
    TICKET_ESCALATED = "ticket.escalated"
    CALL_OFFERED = "call.offered"
    CALL_CHANGED = "call.changed"  # a call leg's state changed: data has the Call snapshot
    # The IVR identified the caller of the agent's call: the desk reads the verification again.
    CALLER_VERIFIED = "caller.verified"
    PRESENCE_CHANGED = "presence.changed"
    QUEUE_STATS = "queue.stats"
    # The supervisor's console (agentdesk.contract.supervisor): to the team's supervisors.
    SUPERVISOR_AGENT = "supervisor.agent"
    SUPERVISOR_INTERVAL = "supervisor.interval"
    SUPERVISOR_WAITING = "supervisor.waiting"
    BROADCAST = "broadcast"  # a supervisor's message to the team's desks


class ServerEvent(BaseModel):
    id: int
    kind: EventKind
    at: datetime
    data: dict[str, Any] = {}
