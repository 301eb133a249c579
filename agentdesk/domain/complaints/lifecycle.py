"""A complaint ticket's lifecycle: its statuses, the one table of allowed moves, and closing.

new → acknowledged → investigating ⇄ pending customer → resolved → closed, and reopen (a
resolved or closed ticket goes back to investigating). The server refuses any other move with
the statuses it could go to instead; the desk offers only those. Pure.
"""

from __future__ import annotations

from enum import StrEnum

from agentdesk.domain.errors import FieldIssue, InvalidValue, TransitionRefused

__all__ = [
    "REOPENABLE",
    "TRANSITIONS",
    "TicketStatus",
    "allowed_targets",
    "check_close",
    "is_reopen",
    "transition",
]


class TicketStatus(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    PENDING_CUSTOMER = "pending_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"


_S = TicketStatus

# Resolving is allowed from every open status: a complaint settled on the call, or by the UK's
# summary resolution, has no acknowledgement or investigation to go through first.
TRANSITIONS: dict[TicketStatus, tuple[TicketStatus, ...]] = {
    _S.NEW: (_S.ACKNOWLEDGED, _S.RESOLVED),
    _S.ACKNOWLEDGED: (_S.INVESTIGATING, _S.RESOLVED),
    _S.INVESTIGATING: (_S.PENDING_CUSTOMER, _S.RESOLVED),
    _S.PENDING_CUSTOMER: (_S.INVESTIGATING, _S.RESOLVED),
    _S.RESOLVED: (_S.CLOSED, _S.INVESTIGATING),
    _S.CLOSED: (_S.INVESTIGATING,),
}

REOPENABLE: frozenset[TicketStatus] = frozenset({_S.RESOLVED, _S.CLOSED})


def allowed_targets(current: TicketStatus) -> tuple[TicketStatus, ...]:
    """The statuses a ticket in ``current`` may move to, in the lifecycle's order."""
    return TRANSITIONS[current]


def is_reopen(current: TicketStatus, target: TicketStatus) -> bool:
    """Whether the move reopens the ticket (the activity log says "reopened", not "moved")."""
    return current in REOPENABLE and target == _S.INVESTIGATING


def check_close(root_cause: str | None, resolution: str | None) -> None:
    """Refuse to close without a root cause and a resolution, naming each one missing."""
    missing = [
        FieldIssue(name, f"a ticket is closed only with its {name.replace('_', ' ')}")
        for name, value in (("root_cause", root_cause), ("resolution", resolution))
        if value is None or not value.strip()
    ]
    if missing:
        names = " and ".join(issue.field.replace("_", " ") for issue in missing)
        raise InvalidValue("ticket.close_incomplete", f"give the {names} to close", fields=missing)


def transition(
    current: TicketStatus,
    target: TicketStatus,
    *,
    root_cause: str | None = None,
    resolution: str | None = None,
) -> TicketStatus:
    """The new status, or TransitionRefused naming the allowed ones.

    Closing checks the ticket's root cause and resolution here, so no caller can close one
    without them.
    """
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise TransitionRefused(
            "ticket.transition_refused",
            f"a ticket that is {current.value} cannot become {target.value}; "
            f"it can become {', '.join(s.value for s in allowed)}",
            current=current.value,
            allowed=[s.value for s in allowed],
        )
    if target == _S.CLOSED:
        check_close(root_cause, resolution)
    return target
