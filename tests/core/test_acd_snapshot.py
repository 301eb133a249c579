"""The ACD's state as data: what the shared ACD's next leader carries on from.

A restored ACD must be the same ACD: the same agents and legs, the same waiting order, and the
same timers firing at the same instants afterwards (abandons, ring timeouts, wrap-up limits),
with the same routing. The snapshot travels as JSON (``acd_state.state``).
"""

from __future__ import annotations

import json

from agentdesk.domain.acd import Acd, QueueConfig
from agentdesk.domain.presence import AgentState, NotReadyReason
from tests.core.test_acd import at, call, ready


def _busy_acd() -> Acd:
    """Every kind of state at 30 s: on the line and held, ringing, in wrap-up, not ready with
    a reason, calls waiting with and without patience, a priority call."""
    acd = Acd(ring_timeout_s=15, wrap_up_limit_s=20)
    acd.add_queue(QueueConfig("cards"))
    acd.add_queue(QueueConfig("loans", skill="lending"))
    ready(acd, "ann", 0)
    ready(acd, "bob", 1)
    ready(acd, "cat", 2, skills=("cards", "lending"))
    acd.add_agent("dan", ("cards",), at(3))
    acd.set_presence("dan", AgentState.NOT_READY, at(3), reason=NotReadyReason.BREAK)
    acd.offer(call("c1", seconds=10), at(10), patience_s=120)  # → ann
    acd.answer("ann", at(12))
    acd.hold("ann", at(14))
    acd.offer(call("c2", seconds=15), at(15))  # → bob
    acd.answer("bob", at(16))
    acd.hang_up("bob", at(18))  # bob in wrap-up until 38 at the latest
    acd.offer(call("c3", "loans", seconds=20), at(20), patience_s=60)  # → cat, ringing
    acd.offer(call("c4", seconds=25), at(25), patience_s=12)  # waits: abandons at 37
    acd.offer(call("c5", seconds=26, priority=1), at(26))  # waits, first in line
    acd.tick(at(30))
    return acd


def _restored(acd: Acd) -> Acd:
    copy = Acd(ring_timeout_s=acd.ring_timeout_s, wrap_up_limit_s=acd.wrap_up_limit_s)
    copy.add_queue(QueueConfig("cards"))
    copy.add_queue(QueueConfig("loans", skill="lending"))
    copy.restore(json.loads(json.dumps(acd.snapshot())))
    return copy


def test_a_restored_acd_has_the_same_agents_legs_and_waiting_order() -> None:
    acd = _busy_acd()
    copy = _restored(acd)
    assert copy.agents() == acd.agents()
    assert copy.calls() == acd.calls()
    assert [c.id for c in copy.waiting()] == ["c5", "c4"]
    assert copy.agent("ann").presence.state is AgentState.HOLD
    assert copy.agent("cat").presence.state is AgentState.RINGING
    assert copy.agent("dan").presence.reason is NotReadyReason.BREAK


def test_a_restored_acd_fires_the_same_timers_and_routes_the_same_way() -> None:
    acd = _busy_acd()
    copy = _restored(acd)
    # cat's ring times out (35; c3 waits: nobody else has the skill); c4's caller gives up
    # (37); bob's wrap-up ends (38) and c5 rings him, until his ring times out (53).
    for seconds, bob in ((36, ("c2", 0)), (40, ("c5", 0)), (60, None)):
        assert copy.tick(at(seconds)) == acd.tick(at(seconds))
        assert copy.agents() == acd.agents()
        assert copy.calls() == acd.calls()
        assert copy.agent("bob").call == bob
    assert copy.agent("cat").presence.reason is NotReadyReason.MISSED_CALL
    # Moves after the restore agree too.
    assert copy.set_presence("cat", AgentState.READY, at(61)) == acd.set_presence(
        "cat", AgentState.READY, at(61)
    )
    assert copy.agent("cat").call == acd.agent("cat").call == ("c5", 0)  # priority first


def test_a_restored_acd_does_not_go_back_in_time() -> None:
    copy = _restored(_busy_acd())
    try:
        copy.tick(at(29))
    except ValueError as exc:
        assert "backwards" in str(exc)
    else:
        raise AssertionError("a restored ACD accepted a time before its last move")
