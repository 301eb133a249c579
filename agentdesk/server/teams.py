"""Teams and the queues their agents serve, and the queues each agent serves.

Teams live in ``teams``, seeded on first use from the configuration
(``TelephonySettings.team_skills``); from then on the admin console edits them. A team the
table does not list (a user's team nobody configured) serves every queue, as the
configuration's rule has it. An agent with skills of their own (``users.skills``) serves those
queues instead of their team's.

The switchboard asks :func:`queues_served` whenever an agent joins it or changes their
presence (``Switchboard.serve_from``); the admin console also re-joins the agents of a team it
changed who are in the ACD, so they serve the new queues at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.admin import TeamInfo
from agentdesk.contract.auth import Role
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.server.models import Team, User

__all__ = [
    "agents_of_team",
    "check_queues",
    "ensure_teams",
    "list_teams",
    "queues_of_team",
    "queues_served",
    "set_team_queues",
]


def check_queues(telephony: TelephonySettings, queues: Iterable[str], field: str) -> list[str]:
    """``queues`` in order without repeats, each a queue of the ACD (422 naming the first
    unknown one otherwise)."""
    chosen = list(dict.fromkeys(queues))
    for queue in chosen:
        if queue not in telephony.queues:
            raise InvalidValue(
                "unknown_queue",
                f"no queue {queue}",
                fields=[
                    FieldIssue(field, f"no queue {queue}; known: {', '.join(telephony.queues)}")
                ],
            )
    return chosen


def ensure_teams(session: Session, telephony: TelephonySettings) -> None:
    """Seed the table from the configuration the first time it is read (caller commits)."""
    if session.scalar(select(Team.name).limit(1)) is not None:
        return
    try:
        with session.begin_nested():  # another request seeding at the same time wins
            for name, queues in telephony.team_skills.items():
                known = [queue for queue in dict.fromkeys(queues) if queue in telephony.queues]
                session.add(Team(name=name, queues=known))
    except IntegrityError:
        pass


def queues_of_team(session: Session, telephony: TelephonySettings, team: str) -> list[str]:
    """The queues an agent of ``team`` serves: the team's, or every queue."""
    ensure_teams(session, telephony)
    row = session.get(Team, team)
    if row is None:
        return list(telephony.queues)
    return [queue for queue in row.queues if queue in telephony.queues]


def queues_served(
    session: Session, telephony: TelephonySettings, username: str, team: str
) -> list[str]:
    """The queues ``username`` serves: their own skills when they have some, else their team's."""
    skills = session.scalar(select(User.skills).where(User.username == username))
    own = [queue for queue in (skills or []) if queue in telephony.queues]
    return own or queues_of_team(session, telephony, team)


def list_teams(session: Session, telephony: TelephonySettings) -> list[TeamInfo]:
    """Every team of the table and every team a user is in, by name."""
    ensure_teams(session, telephony)
    rows = {row.name: row for row in session.scalars(select(Team))}
    users = session.execute(
        select(User.team, User.role, User.username).where(User.active, User.team != "")
    ).all()
    names = sorted(set(rows) | {team for team, _, _ in users})
    teams = []
    for name in names:
        members = [(role, username) for team, role, username in users if team == name]
        teams.append(
            TeamInfo(
                name=name,
                queues=queues_of_team(session, telephony, name),
                agents=sum(role == Role.AGENT.value for role, _ in members),
                supervisors=sorted(u for role, u in members if role == Role.SUPERVISOR.value),
            )
        )
    return teams


def set_team_queues(
    session: Session, telephony: TelephonySettings, name: str, queues: Iterable[str]
) -> tuple[list[str], list[str]]:
    """The team's queues become ``queues`` (known ones only); a team the table does not hold
    yet is added (before, it served every queue). Returns (before, after); the caller audits
    and commits."""
    chosen = check_queues(telephony, queues, "queues")
    ensure_teams(session, telephony)
    row = session.get(Team, name)
    if row is None:
        before = list(telephony.queues)
        session.add(Team(name=name, queues=chosen))
    else:
        before = list(row.queues)
        row.queues = chosen
    session.flush()
    return before, chosen


def agents_of_team(session: Session, name: str) -> list[str]:
    """The usernames of the team's active agents."""
    return list(
        session.scalars(
            select(User.username).where(
                User.team == name, User.role == Role.AGENT.value, User.active
            )
        )
    )
