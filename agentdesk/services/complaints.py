"""Complaint tickets at the desk: open one from a call (offline first), the agent's lists with
their clocks, and the online work on a ticket (moves, clock events, letters, assignment).

Opening is local-first like the wrap-up: the ticket and its ``ticket.create`` outbox entry are
written in one durable cache transaction, with the deadline computed at once from the local rule
pack by the same pure clock the server runs (``agentdesk.domain.complaints``), so a desk with the
backend down shows the deadline the server will enforce. The regime and type come from the
customer's jurisdiction (the country of their first phone number, as the server reads it) and
the category; another choice needs a reason.

The ticket's work after that (moves, clock events, letters, assignment) needs the server: it
checks the lifecycle, recusal and a supervisor's approval. Each answer is written into the cache
so every open list shows it; a 412 becomes :class:`TicketChanged` carrying the server's ticket.

Threading: blocking (cache reads and writes, HTTP); the UI calls it from background operations,
except :meth:`ComplaintService.deadline_for`, which is pure once the jurisdiction is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from agentdesk.cache import local_writes
from agentdesk.cache.customers import get_customer
from agentdesk.cache.tickets import (
    CachedTicket,
    all_tickets,
    get_ticket,
    get_ticket_by_local_id,
    upsert_tickets,
)
from agentdesk.client.errors import StaleRecord
from agentdesk.complaint_rules import covered_regions, load_pack, load_packs
from agentdesk.contract.interactions import Channel
from agentdesk.contract.problem import Problem
from agentdesk.contract.supervisor import ExtensionRequest
from agentdesk.contract.sync import TicketCreate, TicketPatch, TicketRecord
from agentdesk.contract.tickets import (
    Assignee,
    ClockEventCreate,
    ClockEventKind,
    ComplaintCategory,
    NoticeCreate,
    NoticeKind,
    RootCause,
    Satisfaction,
    Severity,
    TicketActivity,
    TicketParty,
    TicketStatus,
    TicketTransition,
)
from agentdesk.contract.values import FreeText
from agentdesk.domain.clock import Clock as NowClock
from agentdesk.domain.complaints import ticket_days
from agentdesk.domain.complaints.alerts import StepAlert, step_alerts
from agentdesk.domain.complaints.clock import Clock, ClockEvent, complaint_clock
from agentdesk.domain.complaints.regime import RegimeChoice, RegimeOverride, choose_regime
from agentdesk.domain.complaints.rules import RulePack
from agentdesk.domain.complaints.ticket_days import (
    counted_events,
    due_time,
    jurisdiction_of,
    receipt_day,
)
from agentdesk.domain.errors import InvalidValue
from agentdesk.errors import (
    AgentDeskError,
    InputRejected,
    InvalidRequest,
    PermissionDenied,
    SessionExpired,
)
from agentdesk.services.contract_input import checked
from agentdesk.services.flows import FlowService
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService

__all__ = [
    "INTAKE_FLOW",
    "ComplaintRow",
    "ComplaintService",
    "DeadlinePreview",
    "NewComplaint",
    "TicketChanged",
    "TicketRefused",
    "answered_steps",
    "ticket_clock",
]

# The scripted flow whose run a complaint opened from the call carries (its transcript).
INTAKE_FLOW = "complaint_intake"
_OPEN = (
    TicketStatus.NEW,
    TicketStatus.ACKNOWLEDGED,
    TicketStatus.INVESTIGATING,
    TicketStatus.PENDING_CUSTOMER,
)


class TicketRefused(AgentDeskError):
    """The server refused the move, assignment, clock event or letter (409, 422, 403): ``reason``
    is its problem's code (``recusal.party``, ``ticket.transition_refused``,
    ``ticket.extension_needs_supervisor``, ``complaint.extension_past_maximum``, …), which the
    UI words; ``detail`` is the server's own sentence, for the log."""

    code = "ticket.refused"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


class TicketChanged(AgentDeskError):
    """Someone saved the ticket first (412): ``current`` is the server's ticket now."""

    code = "ticket.changed"

    def __init__(self, current: TicketRecord | None) -> None:
        super().__init__("the ticket was changed by someone else")
        self.current = current


def ticket_clock(ticket: TicketRecord, today: date) -> Clock | None:
    """The ticket's clock from its regime's local pack and its events, on ``today`` (read as
    the server reads them: ``agentdesk.domain.complaints.ticket_days``); None when the desk
    cannot compute it (a regime or type this desk's packs do not know, events they refuse):
    the list then shows the server's ``due_at`` alone."""
    received = ticket.received_on or receipt_day(ticket.regime, ticket.opened_at)
    events = counted_events([ClockEvent(e.kind, e.on) for e in ticket.clock_events], today)
    try:
        return complaint_clock(load_pack(ticket.regime), ticket.complaint_type, received, events)
    except (InvalidValue, ValueError):
        return None


def answered_steps(clock: Clock, ticket: TicketRecord) -> frozenset[str]:
    """The steps the ticket has answered (never shown overdue)."""
    return ticket_days.answered_steps(
        clock, ticket.status.value, {str(n.kind) for n in ticket.notices}
    )


@dataclass(frozen=True)
class DeadlinePreview:
    """What the new-complaint form shows under itself as the agent types."""

    choice: RegimeChoice
    clock: Clock
    due_at: datetime


@dataclass(frozen=True)
class NewComplaint:
    """The new-complaint form, as the agent filled it."""

    customer_id: int
    category: ComplaintCategory
    severity: Severity
    summary: str
    description: str = ""
    desired_outcome: str = ""
    channel: Channel = Channel.PHONE_IN
    call_id: str | None = None
    flow_run_id: str | None = None
    parties: tuple[TicketParty, ...] = ()
    # Set only when the agent chose another regime or type than suggested.
    regime: str | None = None
    complaint_type: str | None = None
    override_reason: str = ""


@dataclass(frozen=True)
class ComplaintRow:
    """A ticket as the complaint lists show it: the record, its clock (None when the desk's
    packs cannot compute it) and each step's alert on the day it was read."""

    ticket: CachedTicket
    clock: Clock | None
    alerts: tuple[StepAlert, ...] = field(default=())  # of the steps not answered yet
    answered: frozenset[str] = frozenset()

    @property
    def state(self) -> str:
        """The worst step's state: ``breached``, ``warning`` or ``ok``."""
        states = {a.state for a in self.alerts}
        return next((s for s in ("breached", "warning") if s in states), "ok")


class ComplaintService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        sync: SyncService,
        flows: FlowService,
        *,
        clock: NowClock = lambda: datetime.now(UTC),
    ) -> None:
        self._session = session
        self._cache = cache
        self._sync = sync
        self._flows = flows
        self._clock = clock

    # -- opening ----------------------------------------------------------------------------

    @staticmethod
    def rule_packs() -> dict[str, RulePack]:
        """The shipped regimes (their titles, types and rules in words, for the forms)."""
        return load_packs()

    def jurisdiction(self, customer_id: int) -> str:
        """The customer's jurisdiction from their cached phone numbers (CN without one)."""
        record = self._cache.read(lambda conn: get_customer(conn, customer_id))
        return jurisdiction_of(record.phones if record is not None else [], covered_regions())

    def intake_run(self, call_id: str | None) -> str | None:
        """The call's complaint-intake run, whose transcript the complaint carries."""
        if not call_id:
            return None
        runs = [s for s in self._flows.runs_of_call(call_id) if s.flow_id == INTAKE_FLOW]
        return runs[-1].run_id if runs else None

    def deadline_for(
        self,
        jurisdiction: str,
        category: ComplaintCategory,
        *,
        regime: str | None = None,
        complaint_type: str | None = None,
        override_reason: str = "",
    ) -> DeadlinePreview:
        """The regime, type and clock a complaint received now would have. Pure but for the
        clock read; InputRejected naming the field for an override without a reason or an
        unknown regime or type."""
        choice = self._choose(jurisdiction, category, regime, complaint_type, override_reason)
        now = self._clock()
        received = receipt_day(choice.regime, now)
        clock = complaint_clock(load_pack(choice.regime), choice.type, received)
        return DeadlinePreview(choice, clock, _due_at(clock, now))

    def clock_now(self, regime: str, complaint_type: str) -> Clock:
        """The clock of a complaint of that regime and type received today (pure): what the
        form shows while the agent picks another regime or type than suggested."""
        received = receipt_day(regime, self._clock())
        return complaint_clock(load_pack(regime), complaint_type, received)

    def open_complaint(self, form: NewComplaint) -> CachedTicket:
        """Save the complaint here with its outbox entry (durably), its deadline from the local
        rule pack; the sync sends it now or when the backend is back. InputRejected names the
        field at fault, and nothing is saved then."""
        opener = self._user()
        preview = self.deadline_for(
            self.jurisdiction(form.customer_id),
            form.category,
            regime=form.regime,
            complaint_type=form.complaint_type,
            override_reason=form.override_reason,
        )
        choice = preview.choice
        overridden = choice.overridden
        data = checked(
            TicketCreate,
            customer_id=form.customer_id,
            category=form.category,
            severity=form.severity,
            channel=form.channel,
            summary=form.summary.strip(),
            description=form.description.strip(),
            desired_outcome=form.desired_outcome.strip(),
            regime=choice.regime,
            complaint_type=choice.type,
            regime_override_reason=(choice.override_reason or "") if overridden else "",
            parties=list(form.parties),
            call_id=form.call_id,
            # The call's complaint-intake run, when the form does not name one already.
            flow_run_id=form.flow_run_id or self.intake_run(form.call_id),
        )
        now = self._clock()
        client_id = self._cache.open().write(
            lambda conn: local_writes.create_ticket(
                conn,
                data,
                now=now,
                due_at=preview.due_at,
                regime=choice.regime,
                complaint_type=choice.type,
                received_on=preview.clock.received,
                opened_by=opener,
            ),
            durable=True,
        )
        self._sync.changes_saved()
        saved = self._cache.read(lambda conn: get_ticket(conn, client_id=client_id))
        assert saved is not None  # written just now in the same store
        return saved

    # -- lists ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The desk's one clock (the countdowns tick by it)."""
        return self._clock()

    def today(self, regime: str) -> date:
        """Today in the regime's own calendar (the day a clock event is recorded on)."""
        return receipt_day(regime, self._clock())

    def mine(self) -> list[ComplaintRow]:
        """Open tickets assigned to me or opened by me, soonest deadline first."""
        me = self._user()
        return self._rows(lambda t: me in (t.assignee, t.opened_by))

    def my_team(self) -> list[ComplaintRow]:
        """Open tickets of my team that are not mine. A session that did not say its team (an
        offline sign-in kept from before) takes the teams of my own tickets."""
        me = self._user()
        user = self._session.user
        teams = {user.team} if user is not None and user.team else set()
        if not teams:
            tickets = self._open_tickets()
            teams = {t.team for t in tickets if t.team and me in (t.assignee, t.opened_by)}
        return self._rows(lambda t: t.team in teams and me not in (t.assignee, t.opened_by))

    def due_soon(self) -> list[ComplaintRow]:
        """Open tickets with a step at warning (80 % of its time used) and none breached."""
        return [row for row in self._rows(lambda _t: True) if row.state == "warning"]

    def breached(self) -> list[ComplaintRow]:
        return [row for row in self._rows(lambda _t: True) if row.state == "breached"]

    def row(self, ticket: CachedTicket) -> ComplaintRow:
        today = receipt_day(ticket.regime, self._clock())
        clock = ticket_clock(ticket, today)
        if clock is None:
            return ComplaintRow(ticket, None)
        answered = answered_steps(clock, ticket)
        alerts = tuple(a for a in step_alerts(clock, today) if a.step not in answered)
        return ComplaintRow(ticket, clock, alerts, answered)

    def ticket(self, ticket_id: int) -> ComplaintRow | None:
        """A cached ticket by its id (negative: made here, not on the server yet)."""
        found = self._cache.read(
            lambda conn: (
                get_ticket(conn, server_id=ticket_id)
                if ticket_id > 0
                else get_ticket_by_local_id(conn, -ticket_id)
            )
        )
        return None if found is None else self.row(found)

    # -- online work --------------------------------------------------------------------------

    def refresh(self, ticket_id: int) -> ComplaintRow:
        """The server's ticket now, into the cache (the next change is made on its version)."""
        record, _etag = self._session.api.get_ticket(ticket_id)
        return self._store(record)

    def transition(
        self,
        ticket_id: int,
        to: TicketStatus,
        *,
        note: str = "",
        root_cause: RootCause | None = None,
        remediation: str = "",
        resolution: str = "",
        satisfaction: Satisfaction | None = None,
    ) -> ComplaintRow:
        move = checked(
            TicketTransition,
            to=to,
            note=note,
            root_cause=root_cause,
            remediation=remediation,
            resolution=resolution,
            satisfaction=satisfaction,
        )
        return self._post(ticket_id, lambda api, tag: api.transition_ticket(ticket_id, move, tag))

    def add_clock_event(
        self, ticket_id: int, kind: ClockEventKind, on: date, note: str = ""
    ) -> ComplaintRow:
        event = checked(ClockEventCreate, kind=kind, on=on, note=note)
        return self._post(ticket_id, lambda api, tag: api.add_clock_event(ticket_id, event, tag))

    def send_notice(self, ticket_id: int, kind: NoticeKind, language: str) -> ComplaintRow:
        notice = checked(NoticeCreate, kind=kind, language=language)
        return self._post(ticket_id, lambda api, tag: api.send_notice(ticket_id, notice, tag))

    def assign(self, ticket_id: int, username: str) -> ComplaintRow:
        patch = TicketPatch(changes={"assignee": username})
        return self._post(ticket_id, lambda api, tag: api.patch_ticket(ticket_id, patch, tag))

    def edit(self, ticket_id: int, *, severity: Severity, summary: str) -> ComplaintRow:
        """Change the ticket's severity and summary (what changed only, with the values the
        agent saw, so the server merges it with anyone else's edit of other fields)."""
        summary = summary.strip()
        checked(_SummaryEdit, summary=summary)  # as a new complaint's summary is checked
        cached = self._cache.read(lambda conn: get_ticket(conn, server_id=ticket_id))
        if cached is None:
            return self.refresh(ticket_id)
        wanted = {"severity": str(severity), "summary": summary}
        seen = {"severity": str(cached.severity), "summary": cached.summary}
        changes = {k: v for k, v in wanted.items() if v != seen[k]}
        if not changes:
            return self.row(cached)
        patch = TicketPatch(changes=changes, base={k: seen[k] for k in changes})
        return self._post(ticket_id, lambda api, tag: api.patch_ticket(ticket_id, patch, tag))

    def request_extension(
        self,
        ticket_id: int,
        reason: str,
        kind: Literal["extended", "further-extended"] = "extended",
    ) -> ComplaintRow:
        """The assignee asks a supervisor of the team for more time; ``reason`` is what the
        complainant will be told if it is approved."""
        request = checked(ExtensionRequest, kind=kind, reason=reason.strip())
        return self._post(
            ticket_id, lambda api, tag: api.request_extension(ticket_id, request, tag)
        )

    def activity(self, ticket_id: int) -> list[TicketActivity]:
        return self._session.api.ticket_activity(ticket_id)

    def assignable(self, ticket_id: int) -> list[Assignee]:
        """Who may take the ticket: the server leaves out every party to it (recusal)."""
        return self._session.api.assignable(ticket_id)

    # -- inside -------------------------------------------------------------------------------

    def _choose(
        self,
        jurisdiction: str,
        category: ComplaintCategory,
        regime: str | None,
        complaint_type: str | None,
        reason: str,
    ) -> RegimeChoice:
        override = None
        if regime is not None or complaint_type is not None:
            override = RegimeOverride(reason, regime, complaint_type)
        try:
            choice = choose_regime(load_packs(), jurisdiction, category.value, override)
        except InvalidValue as error:
            field_name = error.fields[0].field if error.fields else "regime"
            raise InputRejected(
                error.detail, field=_FORM_FIELDS.get(field_name, field_name), reason="invalid"
            ) from None
        if override is not None and not choice.overridden:
            # The agent picked what was suggested after all: no override, no reason kept.
            return RegimeChoice(choice.regime, choice.type, choice.regime, choice.type)
        return choice

    def _post(
        self,
        ticket_id: int,
        call: Callable[..., tuple[TicketRecord, str]],
    ) -> ComplaintRow:
        if ticket_id <= 0:
            raise InputRejected(
                "the ticket is not on the server yet", field="ticket", reason="pending"
            )
        api = self._session.api
        # If-Match names the version the agent was shown (the cached one): a change anyone
        # made since is a 412 with the server's ticket, never silently overwritten.
        cached = self._cache.read(lambda conn: get_ticket(conn, server_id=ticket_id))
        if cached is None:
            cached_record, _tag = api.get_ticket(ticket_id)
            version = cached_record.version
        else:
            version = cached.version
        tag = f'W/"{version}"'
        try:
            record, _etag = call(api, tag)
        except StaleRecord as stale:
            current = TicketRecord.model_validate(stale.current) if stale.current else None
            if current is not None:
                self._store(current)
            raise TicketChanged(current) from None
        except (InvalidRequest, PermissionDenied) as refused:
            problem = refused.context.get("problem")
            code = problem.code if isinstance(problem, Problem) and problem.code else ""
            if not code:
                raise
            raise TicketRefused(code, refused.detail) from None
        return self._store(record)

    def _store(self, record: TicketRecord) -> ComplaintRow:
        self._cache.open().write(lambda conn: upsert_tickets(conn, [record]))
        cached = self._cache.read(lambda conn: get_ticket(conn, server_id=record.id))
        assert cached is not None  # written just now
        return self.row(cached)

    def _open_tickets(self) -> list[CachedTicket]:
        return [t for t in self._cache.read(all_tickets) if t.status in _OPEN]

    def _rows(self, keep: Callable[[CachedTicket], bool]) -> list[ComplaintRow]:
        rows = [self.row(t) for t in self._open_tickets() if keep(t)]
        return sorted(rows, key=lambda r: (r.ticket.due_at, r.ticket.id))

    def _user(self) -> str:
        user = self._session.user
        if user is None:
            raise SessionExpired("not signed in")
        return user.username


class _SummaryEdit(BaseModel):
    summary: Annotated[FreeText, Field(min_length=1, max_length=256)]


# The domain names its arguments' fields; the form names its own.
_FORM_FIELDS = {
    "override.regime": "regime",
    "override.type": "complaint_type",
    "override.reason": "override_reason",
    "jurisdiction": "regime",
    "type": "complaint_type",
}


def _due_at(clock: Clock, now: datetime) -> datetime:
    """A new complaint's due time, as the server sets it (nothing answered yet)."""
    return due_time(clock, frozenset(), now)
