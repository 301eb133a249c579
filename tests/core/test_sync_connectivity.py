"""Connectivity: the pure transitions and the tracker that publishes them."""

from __future__ import annotations

import pytest

from agentdesk.errors import BackendUnavailable, ProtocolError
from agentdesk.events import Connectivity, ConnectivityChanged, EventBus, OutboxChanged
from agentdesk.sync.connectivity import ConnectivityTracker, Link, Outcome, outcome_of, transition

ONLINE, DEGRADED, OFFLINE = Connectivity.ONLINE, Connectivity.DEGRADED, Connectivity.OFFLINE


@pytest.mark.parametrize(
    ("start", "outcome", "expected"),
    [
        (Link(OFFLINE, 5), Outcome.SUCCESS, Link(ONLINE, 0)),
        (Link(ONLINE), Outcome.FAILURE, Link(DEGRADED, 1)),
        (Link(DEGRADED, 1), Outcome.FAILURE, Link(DEGRADED, 2)),
        (Link(DEGRADED, 2), Outcome.FAILURE, Link(OFFLINE, 3)),
        (Link(ONLINE), Outcome.UNREACHABLE, Link(OFFLINE, 1)),
        (Link(DEGRADED, 2), Outcome.SUCCESS, Link(ONLINE, 0)),
    ],
)
def test_transitions(start: Link, outcome: Outcome, expected: Link) -> None:
    assert transition(start, outcome) == expected


def test_a_refused_connection_counts_as_unreachable_and_a_bad_answer_as_a_failure() -> None:
    assert outcome_of(BackendUnavailable("x", reason="connect")) is Outcome.UNREACHABLE
    assert outcome_of(BackendUnavailable("x", status=503)) is Outcome.FAILURE
    assert outcome_of(ProtocolError("x")) is Outcome.FAILURE


def test_the_tracker_publishes_each_change_of_state_or_waiting_count_once() -> None:
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(ConnectivityChanged, seen.append)
    bus.subscribe(OutboxChanged, seen.append)
    tracker = ConnectivityTracker(bus, initial=ONLINE)

    tracker.record_success()  # no change: nothing published
    tracker.record_failure(BackendUnavailable("x", status=503))
    tracker.record_failure(BackendUnavailable("x", status=503))
    tracker.set_waiting(2)
    tracker.set_waiting(2)
    tracker.record_failure(BackendUnavailable("x", status=503))
    tracker.record_success()

    assert seen == [
        ConnectivityChanged(DEGRADED, 0),
        OutboxChanged(2),
        ConnectivityChanged(DEGRADED, 2),
        ConnectivityChanged(OFFLINE, 2),
        ConnectivityChanged(ONLINE, 2),
    ]
    assert tracker.online and tracker.changes_waiting == 2
