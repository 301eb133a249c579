"""A ticket moves only along the lifecycle, reopens from resolved or closed, and closes only
with its root cause and resolution."""

from __future__ import annotations

import pytest

from agentdesk.contract.tickets import TicketStatus as WireStatus
from agentdesk.domain.complaints.lifecycle import (
    TicketStatus,
    allowed_targets,
    check_close,
    is_reopen,
    transition,
)
from agentdesk.domain.errors import InvalidValue, MoveNotAllowed, TransitionRefused

S = TicketStatus


def test_a_ticket_walks_from_new_to_closed() -> None:
    status = S.NEW
    for target in (S.ACKNOWLEDGED, S.INVESTIGATING, S.PENDING_CUSTOMER, S.INVESTIGATING):
        status = transition(status, target)
    status = transition(status, S.RESOLVED)
    status = transition(status, S.CLOSED, root_cause="fee_disclosure", resolution="Refunded")
    assert status is S.CLOSED


@pytest.mark.parametrize("reopened_from", [S.RESOLVED, S.CLOSED])
def test_a_resolved_or_closed_ticket_reopens_to_investigating(reopened_from: TicketStatus) -> None:
    assert transition(reopened_from, S.INVESTIGATING) is S.INVESTIGATING
    assert is_reopen(reopened_from, S.INVESTIGATING)


def test_moving_back_from_pending_customer_is_not_a_reopen() -> None:
    assert transition(S.PENDING_CUSTOMER, S.INVESTIGATING) is S.INVESTIGATING
    assert not is_reopen(S.PENDING_CUSTOMER, S.INVESTIGATING)


def test_a_complaint_settled_on_the_call_resolves_straight_from_new() -> None:
    assert transition(S.NEW, S.RESOLVED) is S.RESOLVED


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.NEW, S.CLOSED, ("acknowledged", "resolved")),
        (S.NEW, S.PENDING_CUSTOMER, ("acknowledged", "resolved")),
        (S.ACKNOWLEDGED, S.NEW, ("investigating", "resolved")),
        (S.CLOSED, S.RESOLVED, ("investigating",)),
        (S.INVESTIGATING, S.INVESTIGATING, ("pending_customer", "resolved")),
        (S.PENDING_CUSTOMER, S.CLOSED, ("investigating", "resolved")),
    ],
)
def test_a_move_the_lifecycle_does_not_allow_is_refused_naming_the_allowed_ones(
    current: TicketStatus, target: TicketStatus, allowed: tuple[str, ...]
) -> None:
    with pytest.raises(TransitionRefused) as caught:
        transition(current, target, root_cause="fraud", resolution="done")
    refused = caught.value
    assert isinstance(refused, MoveNotAllowed)  # the server answers 409
    assert refused.code == "ticket.transition_refused"
    assert refused.current == current.value
    assert refused.allowed == allowed
    assert f"cannot become {target.value}" in refused.detail
    assert all(name in refused.detail for name in allowed)


def test_every_status_can_leave_and_every_open_one_can_reach_resolved() -> None:
    for status in S:
        assert allowed_targets(status), status
        if status not in (S.RESOLVED, S.CLOSED):
            assert S.RESOLVED in allowed_targets(status)


@pytest.mark.parametrize(
    ("root_cause", "resolution", "missing"),
    [
        (None, None, ["root_cause", "resolution"]),
        ("staff_conduct", None, ["resolution"]),
        ("staff_conduct", "   ", ["resolution"]),
        ("", "Apologised and refunded the fee", ["root_cause"]),
    ],
)
def test_closing_without_root_cause_or_resolution_names_what_is_missing(
    root_cause: str | None, resolution: str | None, missing: list[str]
) -> None:
    with pytest.raises(InvalidValue) as caught:
        transition(S.RESOLVED, S.CLOSED, root_cause=root_cause, resolution=resolution)
    assert caught.value.code == "ticket.close_incomplete"
    assert [issue.field for issue in caught.value.fields] == missing
    with pytest.raises(InvalidValue):
        check_close(root_cause, resolution)


def test_check_close_passes_a_ticket_with_both() -> None:
    check_close("process_error", "Corrected the standing order and refunded the charge")


def test_the_wire_speaks_the_lifecycles_statuses() -> None:
    assert WireStatus is TicketStatus
