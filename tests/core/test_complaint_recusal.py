"""Recusal (回避): nobody handles a complaint about themselves, their team or their branch."""

from __future__ import annotations

import pytest

from agentdesk.domain.complaints.recusal import Candidate, Party, eligible, recusal_reason

WANG = Candidate("wang.li", team_id="cards-1", branch_id="bj-haidian")
CHEN = Candidate("chen.yu", team_id="cards-2", branch_id="bj-haidian")
ZHAO = Candidate("zhao.min", team_id="wealth-1", branch_id="sh-pudong")
NEWCOMER = Candidate("liu.fang")  # no team or branch recorded yet


@pytest.mark.parametrize(
    ("parties", "candidate", "reason"),
    [
        ([Party("agent", "wang.li")], WANG, "recusal.party"),
        ([Party("team", "cards-1")], WANG, "recusal.team"),
        ([Party("branch", "bj-haidian")], CHEN, "recusal.branch"),
        # the complaint names someone else in the branch: the whole branch stands aside
        ([Party("agent", "wang.li"), Party("branch", "bj-haidian")], CHEN, "recusal.branch"),
    ],
)
def test_a_party_or_a_member_of_a_team_or_branch_complained_about_is_refused(
    parties: list[Party], candidate: Candidate, reason: str
) -> None:
    assert recusal_reason(parties, candidate) == reason


def test_a_colleague_of_the_agent_complained_about_may_handle_it() -> None:
    assert recusal_reason([Party("agent", "wang.li")], CHEN) is None


def test_an_id_of_one_kind_does_not_recuse_by_another() -> None:
    # a team that happens to share a user's id is not that user
    assert recusal_reason([Party("team", "zhao.min")], ZHAO) is None


def test_no_team_recorded_is_not_membership_of_every_team() -> None:
    assert recusal_reason([Party("team", ""), Party("branch", "")], NEWCOMER) is None
    assert recusal_reason([Party("team", "cards-1")], NEWCOMER) is None


def test_the_desk_is_offered_only_eligible_people_in_the_order_given() -> None:
    parties = [Party("agent", "zhao.min"), Party("team", "cards-1")]
    assert eligible([WANG, CHEN, ZHAO, NEWCOMER], parties) == [CHEN, NEWCOMER]


def test_a_complaint_about_nobody_in_particular_leaves_everyone_eligible() -> None:
    assert eligible([WANG, CHEN, ZHAO], []) == [WANG, CHEN, ZHAO]
