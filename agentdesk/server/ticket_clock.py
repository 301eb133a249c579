"""A complaint ticket's regulatory clock as the server keeps it: the regime and type a new
complaint follows, its day of receipt, the clock of its events, and ``due_at``.

* **Jurisdiction**: the customer record holds no country; the server takes it from the
  customer's first stored phone number (E.164), via ``phonenumbers``: the number's own region
  when a rule pack covers it, else the main country of its calling code (a Guernsey mobile,
  +44 7911, reads as GB; any +1 number the packs do not cover, as US). A customer without a
  phone has none: the agent chooses the regime, with the reason
  (``domain.complaints.regime.choose_regime``).
* **Day of receipt**: the opening time's date in the regime's own time zone (Beijing for the
  PRC, London for the UK, New York for the US): a complaint made at 01:00 UTC is received on
  the PRC's next day but on the UK's and US's same day.
* **due_at**: the due date of the earliest step not yet answered, at the time of day the
  complaint was opened. A step is answered when the ticket is resolved or closed, or a final
  letter was sent (every step); a step that is not the type's last one is also answered by
  any letter sent (an acknowledgement, or a holding reply that says why the answer is late:
  the UK's summary-resolution window, the CFPB's first response, Reg Z's acknowledgement).
  With every step answered, ``due_at`` is the last step's date.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import NumberParseException

from agentdesk.complaint_rules import load_pack, load_packs
from agentdesk.contract.sync import TicketCreate
from agentdesk.contract.tickets import TicketStatus
from agentdesk.domain.complaints.clock import Clock, ClockEvent, StepDue, complaint_clock
from agentdesk.domain.complaints.regime import (
    RegimeChoice,
    RegimeOverride,
    choose_regime,
    suggest_regime,
)
from agentdesk.domain.complaints.rules import RulePack
from agentdesk.domain.errors import FieldIssue, InvalidValue

__all__ = [
    "TIME_ZONES",
    "answered_steps",
    "choose_for",
    "covered_regions",
    "due_at",
    "jurisdiction_of",
    "receipt_day",
    "ticket_clock",
    "today_in",
]

TIME_ZONES: dict[str, ZoneInfo] = {
    "cn": ZoneInfo("Asia/Shanghai"),
    "uk": ZoneInfo("Europe/London"),
    "us": ZoneInfo("America/New_York"),
}
_CLOSED = {TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value}
# The domain names the fields of its own arguments; a request names TicketCreate's.
_REQUEST_FIELDS = {
    "override.regime": "regime",
    "override.type": "complaint_type",
    "override.reason": "regime_override_reason",
    "jurisdiction": "regime",
    "type": "complaint_type",
}


def today_in(regime: str, now: datetime) -> date:
    """The date ``now`` is in the regime's time zone."""
    return now.astimezone(TIME_ZONES.get(regime, TIME_ZONES["cn"])).date()


def receipt_day(regime: str, opened_at: datetime) -> date:
    return today_in(regime, opened_at)


def jurisdiction_of(phones: Iterable[str], covered: Collection[str] = ()) -> str:
    """The jurisdiction (ISO 3166-1 alpha-2) of the first number that names one (see the
    module doc; ``covered``: the regions the rule packs cover); "" if none does."""
    for e164 in phones:
        try:
            number = phonenumbers.parse(e164, None)
        except NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region in covered:
            return str(region)
        main = phonenumbers.region_code_for_country_code(number.country_code or 0)
        if main and main != phonenumbers.UNKNOWN_REGION:
            return str(main)
    return ""


def covered_regions() -> set[str]:
    return {code for pack in load_packs().values() for code in pack.jurisdictions}


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


def clock_events(stored: Sequence[dict[str, Any]]) -> list[ClockEvent]:
    return [ClockEvent(str(e["kind"]), date.fromisoformat(str(e["on"]))) for e in stored]


def ticket_clock(ticket: Any, events: Sequence[dict[str, Any]] | None = None) -> Clock:
    """The clock of ``ticket`` (ORM object) with its stored events, or ``events`` instead.

    Raises the domain's InvalidValue for events its regime refuses (past a maximum, before
    receipt, not applicable, a pause never resumed)."""
    received = ticket.received_on or receipt_day(ticket.regime, ticket.opened_at)
    stored = ticket.clock_events if events is None else events
    try:
        return complaint_clock(
            load_pack(ticket.regime), ticket.complaint_type, received, clock_events(stored)
        )
    except InvalidValue as error:
        raise _request_error(error) from None


def answered_steps(clock: Clock, ticket: Any) -> frozenset[str]:
    """The steps of ``clock`` the ticket has answered (see the module doc)."""
    kinds = {str(n["kind"]) for n in ticket.notices}
    if ticket.status in _CLOSED or "final" in kinds:
        return frozenset(s.step for s in clock.steps)
    if not kinds:
        return frozenset()
    return frozenset(s.step for s in clock.steps[:-1])


def next_step(clock: Clock, ticket: Any) -> StepDue:
    """The earliest step not yet answered, or the last one when all are."""
    answered = answered_steps(clock, ticket)
    waiting = [s for s in clock.steps if s.step not in answered]
    if not waiting:
        return max(clock.steps, key=lambda s: s.due_date)
    return min(waiting, key=lambda s: s.due_date)


def due_at(clock: Clock, ticket: Any) -> datetime:
    """The time ``ticket`` is due by ``clock``: its next step's date at the opening's time."""
    step = next_step(clock, ticket)
    return ticket.opened_at + timedelta(days=(step.due_date - clock.received).days)  # type: ignore[no-any-return]
