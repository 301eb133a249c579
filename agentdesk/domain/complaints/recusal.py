"""Recusal (回避): a complaint is never handled by the person, team or branch complained about.

The server refuses such an assignment and the desk never offers such a person, both through
these two functions, so the rule reads the same on both sides. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Candidate", "Party", "PartyKind", "eligible", "recusal_reason"]

PartyKind = Literal["agent", "team", "branch"]


@dataclass(frozen=True)
class Party:
    """Someone a complaint is about: an agent (by user id), a team or a branch."""

    kind: PartyKind
    id: str


@dataclass(frozen=True)
class Candidate:
    """A person who could be given the ticket, with the team and branch they belong to."""

    user_id: str
    team_id: str = ""
    branch_id: str = ""


def recusal_reason(parties: Iterable[Party], candidate: Candidate) -> str | None:
    """Why ``candidate`` may not handle a complaint about ``parties``, or None if they may.

    The reason is a stable code (``recusal.party``, ``recusal.team``, ``recusal.branch``): the
    server puts it in its refusal and the desk words it in the agent's language.
    """
    # An empty team or branch means "none recorded": it must never match a party with an
    # empty id, or everyone without a team would be recused from every complaint.
    own = {"agent": candidate.user_id, "team": candidate.team_id, "branch": candidate.branch_id}
    for party in parties:
        if party.id and own[party.kind] == party.id:
            return "recusal.party" if party.kind == "agent" else f"recusal.{party.kind}"
    return None


def eligible(candidates: Iterable[Candidate], parties: Sequence[Party]) -> list[Candidate]:
    """The candidates who may handle the complaint, in the order given."""
    return [c for c in candidates if recusal_reason(parties, c) is None]
