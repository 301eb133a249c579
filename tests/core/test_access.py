"""The object-level rules of complaint tickets (``agentdesk.domain.access``), as a table."""

from __future__ import annotations

import pytest

from agentdesk.domain.access import (
    Person,
    TicketHolders,
    may_change_ticket,
    may_see_presence,
    may_see_ticket,
)

ZHANG = 1
TICKET = TicketHolders(customer_id=ZHANG, opened_by="li", assignee="wu", team="complaints")
UNASSIGNED = TicketHolders(customer_id=ZHANG, opened_by="li", assignee="", team="complaints")


def agent(name: str, team: str = "retail", serving: frozenset[int] = frozenset()) -> Person:
    return Person(name, "agent", team, serving)


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        (agent("li"), True),  # opened it
        (agent("wu"), True),  # holds it
        (agent("zhou", team="complaints"), True),  # the team handling it
        (agent("zhou"), False),  # another team
        (agent("zhou", serving=frozenset({ZHANG})), True),  # on a call with the customer
        (agent("zhou", serving=frozenset({2})), False),  # on a call with someone else
        (Person("sup", "supervisor", "complaints"), True),
        (Person("sup", "supervisor", "retail"), False),
        (
            Person("sup", "supervisor", "retail", frozenset({ZHANG})),
            False,
        ),  # supervisors take no calls
        (Person("root", "admin", "complaints"), False),  # admins run the system, not complaints
        (Person("zhou", None, ""), False),
        (agent("", team=""), False),  # an empty name or team matches nothing
    ],
)
def test_who_sees_a_ticket(person: Person, sees: bool) -> None:
    assert may_see_ticket(person, TICKET) is sees
    assert may_see_ticket(person, TicketHolders(ZHANG)) is (
        ZHANG in person.serving and person.role == "agent"
    )


@pytest.mark.parametrize(
    ("person", "ticket", "fields", "changes"),
    [
        (agent("wu"), TICKET, ["status"], True),  # the assignee works it
        (agent("li"), TICKET, ["status"], False),  # the opener, once someone holds it
        (agent("li"), UNASSIGNED, ["status"], True),  # ... and before
        (agent("zhou", team="complaints"), UNASSIGNED, ["status"], True),  # the team's, unheld
        (agent("zhou", team="complaints"), TICKET, ["status"], False),  # held by wu
        (agent("zhou", serving=frozenset({ZHANG})), UNASSIGNED, ["status"], False),  # read only
        (agent("wu"), TICKET, ["assignee"], False),  # agents never reassign
        (agent("wu"), TICKET, ["team"], False),
        (Person("sup", "supervisor", "complaints"), TICKET, ["assignee", "status"], True),
        (Person("sup", "supervisor", "retail"), TICKET, ["status"], False),
        (Person("li", "supervisor", "retail"), UNASSIGNED, ["status"], True),  # opened it
        (Person("li", "supervisor", "retail"), UNASSIGNED, ["assignee"], False),  # not their team
        (Person("root", "admin", "complaints"), TICKET, ["status"], False),
    ],
)
def test_who_changes_a_ticket(
    person: Person, ticket: TicketHolders, fields: list[str], changes: bool
) -> None:
    assert may_change_ticket(person, ticket, fields) is changes


def test_whoever_may_change_a_ticket_may_see_it() -> None:
    people = [
        agent(n, team=t, serving=s)
        for n in ("li", "wu", "zhou", "")
        for t in ("retail", "complaints", "")
        for s in (frozenset(), frozenset({ZHANG}))
    ] + [
        Person(n, r, t)
        for n in ("li", "sup")
        for r in ("supervisor", "admin")
        for t in ("complaints", "retail")
    ]
    for person in people:
        for ticket in (TICKET, UNASSIGNED):
            for fields in (["status"], ["assignee"]):
                if may_change_ticket(person, ticket, fields):
                    assert may_see_ticket(person, ticket)


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        (agent("li"), True),  # their own
        (agent("wu"), False),  # a colleague of the same team
        (Person("sup", "supervisor", "retail"), True),  # their team's supervisor
        (Person("sup", "supervisor", "cards"), False),  # another team's
        (Person("sup", "supervisor", ""), False),
        (Person("root", "admin", "retail"), False),
    ],
)
def test_who_sees_an_agents_full_presence(person: Person, sees: bool) -> None:
    assert may_see_presence(person, "li", "retail") is sees
