"""Who may see and change a complaint ticket (object-level rules), without storage.

A complaint carries what a customer told the bank in confidence, and what the bank thinks of
one of its own staff. The rules a bank accepts:

- **agent**: a ticket they opened, one assigned to them, one of their team (the team that
  handles it), and, to read only, the tickets of the customer on the call they hold (the
  caller may be phoning about their complaint).
- **supervisor**: their team's tickets, and any ticket they opened or hold themselves.
- **admin**: none. Administrators run the system (users, settings); customer data, complaints
  included, is for the people who serve customers (the same rule as the customer routes).

May change: an agent changes a ticket assigned to them, one they opened that nobody holds yet,
or an unassigned one of their team; only a supervisor of the ticket's team (re)assigns it
(``assignee`` or ``team``), so nobody hands a complaint to someone of their choosing (recusal).
What one may not see, one may not change either, and is never told exists.

An agent's presence in full (state, not-ready reason, since when) is for the agent themself
and the supervisors of their team (and the routing, inside the server); everyone else sees
only what a transfer needs: ready or not (:func:`may_see_presence`).

The roles are the values of the contract's ``Role`` (plain strings here: the domain is pure).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

__all__ = [
    "REASSIGNING_FIELDS",
    "Person",
    "TicketHolders",
    "may_change_ticket",
    "may_see_presence",
    "may_see_ticket",
]

AGENT = "agent"
SUPERVISOR = "supervisor"

# Fields whose change hands the ticket to someone else.
REASSIGNING_FIELDS = frozenset({"assignee", "team"})


@dataclass(frozen=True)
class Person:
    """Who asks: their username, role and team, and the customers on the call they hold."""

    username: str
    role: str | None
    team: str = ""
    serving: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TicketHolders:
    """What of a ticket decides who may see it."""

    customer_id: int
    opened_by: str = ""
    assignee: str = ""
    team: str = ""


def _own(person: Person, ticket: TicketHolders) -> bool:
    return bool(person.username) and person.username in (ticket.opened_by, ticket.assignee)


def _same_team(person: Person, ticket: TicketHolders) -> bool:
    return bool(person.team) and person.team == ticket.team


def may_see_ticket(person: Person, ticket: TicketHolders) -> bool:
    """May ``person`` read ``ticket`` (in a list, the feed, or alone)?"""
    if person.role == SUPERVISOR:
        return _same_team(person, ticket) or _own(person, ticket)
    if person.role == AGENT:
        return (
            _own(person, ticket)
            or _same_team(person, ticket)
            or ticket.customer_id in person.serving
        )
    return False


def may_change_ticket(person: Person, ticket: TicketHolders, fields: Collection[str]) -> bool:
    """May ``person`` change ``fields`` of ``ticket``?"""
    if person.role == SUPERVISOR:
        return _same_team(person, ticket) or (
            _own(person, ticket) and not REASSIGNING_FIELDS & set(fields)
        )
    if person.role != AGENT or REASSIGNING_FIELDS & set(fields):
        return False
    if ticket.assignee:
        return ticket.assignee == person.username
    return ticket.opened_by == person.username or _same_team(person, ticket)


def may_see_presence(person: Person, agent: str, agent_team: str) -> bool:
    """May ``person`` see ``agent``'s full presence (state, reason, since)?"""
    if person.username and person.username == agent:
        return True
    return person.role == SUPERVISOR and bool(person.team) and person.team == agent_team
