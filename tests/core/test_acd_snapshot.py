"""The ACD's state as data: what the shared ACD's next leader carries on from.

A restored ACD must be the same ACD: the same agents and legs, the same waiting order, and the
same timers firing at the same instants afterwards (abandons, ring timeouts, wrap-up limits),
with the same routing. The snapshot travels as JSON, a row per agent and per leg: after each
batch the leader writes only the entries the ACD says changed, and those must add up to the
whole snapshot.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from agentdesk.domain.acd import Acd, AcdChanges, QueueConfig
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence, AgentState, NotReadyReason
from tests.core.test_acd import at, call, make_acd, ready


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


def _restored(acd: Acd, snapshot: dict[str, Any] | None = None) -> Acd:
    """A new ACD with ``acd``'s queues and timers, restored from ``snapshot`` (``acd``'s)."""
    copy = Acd(ring_timeout_s=acd.ring_timeout_s, wrap_up_limit_s=acd.wrap_up_limit_s)
    copy.add_queue(QueueConfig("cards"))
    copy.add_queue(QueueConfig("loans", skill="lending"))
    copy.restore(json.loads(json.dumps(snapshot if snapshot is not None else acd.snapshot())))
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


# -- the changes: what the shared ACD's leader writes after each batch ------------------------


class _Stored:
    """What a leader that writes only the handed-out changes has stored: rows of agents and
    legs, and the clock as of the last change."""

    def __init__(self) -> None:
        self.agents: dict[str, dict[str, Any]] = {}
        self.legs: dict[tuple[str, int], dict[str, Any]] = {}
        self.clock: str | None = None
        self.seq = 0

    def write(self, changes: AcdChanges) -> int:
        """Apply ``changes`` as rows; returns how many rows were written or deleted."""
        if changes.complete:
            self.agents.clear()
            self.legs.clear()
        self.agents.update(changes.agents)
        for key, entry in changes.calls.items():
            if entry is None:
                del self.legs[key]
            else:
                self.legs[key] = entry
        if changes.agents or changes.calls or changes.complete:
            self.clock, self.seq = changes.clock, changes.seq
        return len(changes.agents) + len(changes.calls)

    def snapshot(self) -> dict[str, Any]:
        return {
            "clock": self.clock,
            "seq": self.seq,
            "agents": dict(sorted(self.agents.items())),
            "calls": sorted(self.legs.values(), key=lambda entry: entry["seq"]),
        }


def _random_moves(acd: Acd, rng: random.Random, steps: int) -> Iterator[None]:
    """Every kind of move, timer and refusal, at random; yields after each. A move
    goes mostly to an agent it suits (an answer to one being rung), now and then to anyone."""
    skills = [("cards",), ("lending",), ("cards", "lending")]
    seconds = 0.0

    def agent_in(*states: AgentState) -> str:
        names = [a.agent for a in acd.agents() if a.presence.state in states]
        if not names or rng.random() < 0.1:
            names = [a.agent for a in acd.agents()]
        return rng.choice(names)

    for n in range(steps):
        seconds += rng.choice((0.0, 0.5, 1.0, 3.0, 6.0, 16.0))
        now = at(seconds)
        live = [c for c in acd.calls() if c.active]
        move = rng.randrange(14)
        try:
            if move in (0, 1):
                queue = rng.choice(("cards", "loans"))
                patience = rng.choice((None, 5.0, 40.0))
                offered = Call.new(f"c{n}", queue, "+8613812345678", now, priority=rng.randrange(2))
                acd.offer(offered, now, patience_s=patience)
            elif move == 2:
                state = rng.choice((AgentState.READY, AgentState.NOT_READY, AgentState.OFFLINE))
                reason = NotReadyReason.BREAK if state is AgentState.NOT_READY else None
                acd.set_presence(agent_in(*AgentState), state, now, reason=reason)
            elif move == 3:
                acd.set_presence(agent_in(AgentState.NOT_READY), AgentState.READY, now)
            elif move == 4:
                acd.answer(agent_in(AgentState.RINGING), now)
            elif move == 5:
                acd.hold(agent_in(AgentState.ON_CALL), now)
            elif move == 6:
                acd.resume(agent_in(AgentState.HOLD), now)
            elif move == 7:
                acd.hang_up(agent_in(AgentState.ON_CALL, AgentState.HOLD), now)
            elif move == 8:
                acd.finish_wrap_up(agent_in(AgentState.WRAP_UP), now)
            elif move == 9 and live:
                if rng.random() < 0.5:
                    acd.caller_hang_up(rng.choice(live).id, now)
                else:
                    acd.move(rng.choice(live).id, rng.choice(("cards", "loans")), now)
            elif move == 10:
                agent = agent_in(AgentState.ON_CALL)
                if rng.random() < 0.5:
                    acd.transfer(agent, now, to_queue=rng.choice(("cards", "loans")))
                else:
                    acd.transfer(agent, now, to_agent=agent_in(AgentState.READY))
            elif move == 11:
                dialled = replace(Call.new(f"d{n}", "cards", "+8613812345678", now), direct=True)
                acd.dial(agent_in(AgentState.READY), dialled, now)
            elif move == 12:
                if rng.random() < 0.05:
                    acd.add_agent(f"new{n}", rng.choice(skills), now)
                else:
                    acd.set_skills(agent_in(*AgentState), rng.choice(skills), now)
            else:
                acd.tick(now)
        except ValueError:  # the domain's refusals: timers due before them still ran
            pass
        yield


def _registered(acd: Acd) -> Acd:
    for name, skills in (("ann", ("cards",)), ("bob", ("cards",)), ("cat", ("lending",))):
        acd.add_agent(name, skills, at(0))
    acd.add_agent("dan", ("cards", "lending"), at(0))
    acd.add_agent("eve", ("cards",), at(0))
    return acd


def test_the_changes_handed_out_after_each_move_add_up_to_the_snapshot() -> None:
    acd = _registered(make_acd(ring_timeout_s=15, wrap_up_limit_s=20))
    stored = _Stored()
    stored.write(acd.snapshot_changes())
    for _ in _random_moves(acd, random.Random(20261208), 3000):
        stored.write(acd.snapshot_changes())
        whole = acd.snapshot()
        assert stored.agents == whole["agents"]
        assert stored.snapshot()["calls"] == whole["calls"]
    # An ACD restored from the rows carries on as the one that wrote them, although the clock
    # stored is that of its last change, not of its last tick.
    copy = _restored(acd, stored.snapshot())
    last = datetime.fromisoformat(acd.snapshot()["clock"])
    for step in range(1, 120, 7):
        later = last + timedelta(seconds=step)
        assert copy.tick(later) == acd.tick(later)
        assert copy.agents() == acd.agents()
        assert copy.calls() == acd.calls()


def test_the_first_changes_are_the_whole_state() -> None:
    acd = _busy_acd()
    first = acd.snapshot_changes()
    assert first.complete
    assert first.agents == acd.snapshot()["agents"]
    assert sorted(first.calls) == sorted(c.key for c in acd.calls())
    assert not acd.snapshot_changes().complete
    whole = acd.snapshot_changes(whole=True)
    assert whole.complete and set(whole.agents) == {"ann", "bob", "cat", "dan"}


def test_a_move_hands_out_only_the_agents_and_legs_it_touched() -> None:
    acd = _busy_acd()
    acd.snapshot_changes()
    acd.set_presence("dan", AgentState.NOT_READY, at(31), reason=NotReadyReason.LUNCH)
    changes = acd.snapshot_changes()
    assert set(changes.agents) == {"dan"} and changes.calls == {}
    acd.restore_agent("eve", ("cards",), AgentPresence.offline(at(31)))
    assert set(acd.snapshot_changes().agents) == {"eve"}
    acd.resume("ann", at(32))
    changes = acd.snapshot_changes()
    assert set(changes.agents) == {"ann"} and set(changes.calls) == {("c1", 0)}
    acd.caller_hang_up("c4", at(33))  # a waiting call ends: its leg is gone
    changes = acd.snapshot_changes()
    assert changes.agents == {} and changes.calls == {("c4", 0): None}
    # cat's ring times out (35): cat goes not ready, c3 waits again.
    acd.tick(at(36))
    changes = acd.snapshot_changes()
    assert set(changes.agents) == {"cat"} and set(changes.calls) == {("c3", 0)}


def test_a_tick_that_fires_nothing_hands_out_nothing() -> None:
    acd = _busy_acd()
    acd.snapshot_changes()
    acd.tick(at(31))
    acd.tick(at(34))
    changes = acd.snapshot_changes()
    assert changes.agents == {} and changes.calls == {}
    assert changes.clock == at(34).isoformat()  # as it is; stored only with a change
