"""Who may hold a complaint ticket: recusal (回避) against the people, teams and branches it is
about (``domain.complaints.recusal``, the rule the desk applies too), and the list of people a
ticket may be given to.

A refusal is a 409 (``MoveNotAllowed``) whose code is the recusal's own (``recusal.party``,
``recusal.team``, ``recusal.branch``), so the desk words it in the agent's language.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.tickets import Assignee
from agentdesk.domain.complaints.recusal import Candidate, Party, eligible, recusal_reason
from agentdesk.domain.errors import MoveNotAllowed
from agentdesk.server import models

__all__ = ["ASSIGNABLE_ROLES", "assignable", "parties_of", "refuse_recused", "refuse_team"]

ASSIGNABLE_ROLES = ("agent", "supervisor")

_WHY = {
    "recusal.party": "the complaint is about this person",
    "recusal.team": "the complaint is about this person's team",
    "recusal.branch": "the complaint is about this person's branch",
}


def parties_of(ticket: Any) -> list[Party]:
    return [Party(p["kind"], p["id"]) for p in ticket.parties]


def _candidate(user: models.User) -> Candidate:
    return Candidate(user.username, user.team, user.branch)


def refuse_recused(session: Session, ticket: Any, username: str) -> None:
    """Refuse to give ``ticket`` to ``username`` when the complaint is about them, their
    team or their branch (an unknown user is ``check_assignee``'s to refuse)."""
    user = session.scalar(select(models.User).where(models.User.username == username))
    if user is None:
        return
    reason = recusal_reason(parties_of(ticket), _candidate(user))
    if reason is not None:
        raise MoveNotAllowed(reason, f"{username} may not handle it: {_WHY[reason]}")


def refuse_team(ticket: Any, team: str) -> None:
    """Refuse to hand ``ticket`` to a team it is about."""
    if team and Party("team", team) in parties_of(ticket):
        raise MoveNotAllowed("recusal.team", "the complaint is about this team")


def assignable(session: Session, ticket: Any) -> list[Assignee]:
    """The active agents and supervisors of the ticket's team who are no party to it."""
    if not ticket.team:
        return []
    users = {
        u.username: u
        for u in session.scalars(
            select(models.User)
            .where(
                models.User.active.is_(True),
                models.User.role.in_(ASSIGNABLE_ROLES),
                models.User.team == ticket.team,
            )
            .order_by(models.User.username)
        )
    }
    allowed = eligible([_candidate(u) for u in users.values()], parties_of(ticket))
    return [
        Assignee(username=c.user_id, display_name=users[c.user_id].display_name, team=c.team_id)
        for c in allowed
    ]
