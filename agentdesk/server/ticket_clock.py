"""A complaint ticket's regulatory clock as the server keeps it: the regime and type a new
complaint follows, the clock of its events, and ``due_at``. The day of receipt, the
jurisdiction, open pauses and answered steps are read as the desk reads them
(``agentdesk.domain.complaints.ticket_days``).

* **Jurisdiction**: the customer record holds no country; it comes from the customer's phones
  (the home market's without one). Where no rule pack covers it, the agent chooses the regime,
  with the reason (``domain.complaints.regime.choose_regime``).
* **due_at**: the due date of the earliest step not yet answered, at the time of day the
  complaint was opened. A step is answered when the ticket is resolved or closed, or a final
  letter was sent (every step); a step that is not the type's last one is also answered by
  any letter sent (an acknowledgement, or a holding reply that says why the answer is late:
  the UK's summary-resolution window, the CFPB's first response, Reg Z's acknowledgement).
  With every step answered, ``due_at`` is the last step's date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from agentdesk.complaint_rules import load_pack, load_packs
from agentdesk.contract.sync import TicketCreate
from agentdesk.domain.complaints import ticket_days
from agentdesk.domain.complaints.clock import Clock, ClockEvent, StepDue, complaint_clock
from agentdesk.domain.complaints.regime import (
    RegimeChoice,
    RegimeOverride,
    choose_regime,
    suggest_regime,
)
from agentdesk.domain.complaints.rules import RulePack
from agentdesk.domain.complaints.ticket_days import (
    TIME_ZONES,
    counted_events,
    jurisdiction_of,
    receipt_day,
    today_in,
)
from agentdesk.domain.errors import FieldIssue, InvalidValue

__all__ = [
    "TIME_ZONES",
    "answered_steps",
    "choose_for",
    "due_at",
    "jurisdiction_of",
    "receipt_day",
    "ticket_clock",
    "today_in",
]

# The domain names the fields of its own arguments; a request names TicketCreate's.
_REQUEST_FIELDS = {
    "override.regime": "regime",
    "override.type": "complaint_type",
    "override.reason": "regime_override_reason",
    "jurisdiction": "regime",
    "type": "complaint_type",
}


def _request_error(error: InvalidValue) -> InvalidValue:
    fields = [FieldIssue(_REQUEST_FIELDS.get(f.field, f.field), f.message) for f in error.fields]
    return InvalidValue(error.code, error.detail, fields=fields)


def choose_for(body: TicketCreate, jurisdiction: str) -> RegimeChoice:
    """The regime and type of a new complaint: the suggestion for the customer's jurisdiction
    and the category, unless the request names another (which needs its reason)."""
    packs = load_packs()
    suggested = suggest_regime(packs, jurisdiction, body.category.value)
    _check_names(body, packs, suggested)
    wanted = (body.regime, body.complaint_type)
    override = None
    if wanted != (None, None) and (suggested is None or _differs(wanted, suggested)):
        override = RegimeOverride(body.regime_override_reason, body.regime, body.complaint_type)
    try:
        return choose_regime(packs, jurisdiction, body.category.value, override)
    except InvalidValue as error:
        raise _request_error(error) from None


def _check_names(
    body: TicketCreate, packs: Mapping[str, RulePack], suggested: tuple[str, str] | None
) -> None:
    """A regime or type the packs do not know is refused naming it, before the reason is
    asked for: there is no reason to give for a regime that does not exist."""
    if body.regime is not None and body.regime not in packs:
        message = f"no regime {body.regime!r}; known: {', '.join(sorted(packs))}"
        raise InvalidValue(
            "complaint.unknown_regime", message, fields=[FieldIssue("regime", message)]
        )
    regime = body.regime or (suggested[0] if suggested else None)
    if body.complaint_type is not None and regime is not None:
        types = packs[regime].types
        if body.complaint_type not in types:
            message = (
                f"no complaint type {body.complaint_type!r} in {regime}; "
                f"known: {', '.join(sorted(types))}"
            )
            raise InvalidValue(
                "complaint.unknown_type", message, fields=[FieldIssue("complaint_type", message)]
            )


def _differs(wanted: tuple[str | None, str | None], suggested: tuple[str, str]) -> bool:
    return any(w is not None and w != s for w, s in zip(wanted, suggested, strict=True))


def clock_events(stored: Sequence[dict[str, Any]], today: date) -> list[ClockEvent]:
    """The stored events as the clock takes them on ``today`` (an open pause ends today)."""
    events = [ClockEvent(str(e["kind"]), date.fromisoformat(str(e["on"]))) for e in stored]
    return counted_events(events, today)


def ticket_clock(
    ticket: Any, events: Sequence[dict[str, Any]] | None = None, *, now: datetime
) -> Clock:
    """The clock of ``ticket`` (ORM object) at ``now`` with its stored events, or ``events``
    instead.

    Raises the domain's InvalidValue for events its regime refuses (past a maximum, before
    receipt, not applicable, a resume without a pause)."""
    received = ticket.received_on or receipt_day(ticket.regime, ticket.opened_at)
    stored = ticket.clock_events if events is None else events
    try:
        return complaint_clock(
            load_pack(ticket.regime),
            ticket.complaint_type,
            received,
            clock_events(stored, today_in(ticket.regime, now)),
        )
    except InvalidValue as error:
        raise _request_error(error) from None


def answered_steps(clock: Clock, ticket: Any) -> frozenset[str]:
    """The steps of ``clock`` the ticket (ORM object) has answered."""
    return ticket_days.answered_steps(
        clock, str(ticket.status), {str(n["kind"]) for n in ticket.notices}
    )


def next_step(clock: Clock, ticket: Any) -> StepDue:
    """The earliest step not yet answered, or the last one when all are."""
    return ticket_days.next_step(clock, answered_steps(clock, ticket))


def due_at(clock: Clock, ticket: Any) -> datetime:
    """The time ``ticket`` is due by ``clock``: its next step's date at the opening's time."""
    opened: datetime = ticket.opened_at
    return ticket_days.due_time(clock, answered_steps(clock, ticket), opened)
