"""Calls: one queue entry ("leg") of a caller's journey, its pure transitions and its durations.

A call waits in a queue (``queued``, the design's "offered"), rings at an agent, is answered and
may be held and resumed, and ends when someone hangs up. A caller who hangs up before an answer
has ``abandoned``. A ring that is not answered in time is *missed*: the call goes back to its
queue and keeps its place (its ``queued_at`` is unchanged), so the caller's wait goes on.

A transfer ends the current leg (state ``transferred``; its agent goes to wrap-up) and starts a
new leg with the same ``id`` and ``leg + 1``: a new entry in the target queue (``queued_at`` is
the transfer time), or a direct ring at the target agent (``direct``: it never waited in a queue,
so the queue's service level leaves it out). Every leg keeps the caller's original
``offered_at``, so the caller's own wait (:meth:`Call.caller_wait_s`) still counts from when they
first called. This is how contact-center reporting counts transfers (one record per leg).

Durations are floats of seconds. Those of a call still going on need ``now``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "ACTIVE_STATES",
    "FINISHED_STATES",
    "Call",
    "CallState",
    "HoldPeriod",
    "IllegalCallTransition",
    "MissedRing",
    "Transfer",
]

_E164 = re.compile(r"\+[1-9]\d{6,14}")


class CallState(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    ANSWERED = "answered"
    HELD = "held"
    TRANSFERRED = "transferred"
    ENDED = "ended"
    ABANDONED = "abandoned"


# A caller is on the line (waiting, ringing or talking).
ACTIVE_STATES = frozenset({CallState.QUEUED, CallState.RINGING, CallState.ANSWERED, CallState.HELD})
FINISHED_STATES = frozenset({CallState.TRANSFERRED, CallState.ENDED, CallState.ABANDONED})


class IllegalCallTransition(ValueError):
    """A call move its current state does not allow."""

    def __init__(
        self, call: Call, action: str, allowed: frozenset[CallState], why: str = ""
    ) -> None:
        self.state = call.state
        self.action = action
        why = why or "only when " + " or ".join(sorted(allowed))
        super().__init__(
            f"call {call.id} leg {call.leg}: cannot {action} when {call.state} ({why})"
        )


@dataclass(frozen=True)
class HoldPeriod:
    start: datetime
    end: datetime | None = None  # None: still on hold


@dataclass(frozen=True)
class Transfer:
    at: datetime
    from_queue: str
    from_agent: str
    to_queue: str | None = None
    to_agent: str | None = None


@dataclass(frozen=True)
class MissedRing:
    agent: str
    rang_at: datetime
    missed_at: datetime


@dataclass(frozen=True)
class Call:
    """One leg of a call; every transition returns a new value."""

    id: str
    queue: str
    caller: str  # E.164
    offered_at: datetime  # the caller first reached the contact center
    queued_at: datetime  # this leg entered its queue (or rang its agent directly)
    leg: int = 0
    priority: int = 0  # higher is served first; equal priorities are FIFO
    direct: bool = False  # a transfer rang an agent directly; never waited in the queue
    state: CallState = CallState.QUEUED
    agent: str | None = None  # ringing at, answered by
    rang_at: datetime | None = None  # the current ring began
    answered_at: datetime | None = None
    ended_at: datetime | None = None  # hung up, transferred or abandoned
    wrap_up_ends_at: datetime | None = None
    holds: tuple[HoldPeriod, ...] = ()
    transfers: tuple[Transfer, ...] = ()  # the caller's whole history, earlier legs included
    missed: tuple[MissedRing, ...] = ()

    def __post_init__(self) -> None:
        if not _E164.fullmatch(self.caller):
            raise ValueError("the caller's number must be E.164 (normalise it first)")
        for at in (self.offered_at, self.queued_at):
            _require_aware(at)
        if self.queued_at < self.offered_at:
            raise ValueError("a leg cannot be queued before the call was offered")

    @classmethod
    def new(cls, call_id: str, queue: str, caller: str, at: datetime, *, priority: int = 0) -> Call:
        """A call that just reached the contact center and waits in ``queue``."""
        return cls(call_id, queue, caller, offered_at=at, queued_at=at, priority=priority)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.leg)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def wrap_up_pending(self) -> bool:
        """Its agent talked to the caller and has not finished the after-call work."""
        return (
            self.state in {CallState.ENDED, CallState.TRANSFERRED}
            and self.answered_at is not None
            and self.wrap_up_ends_at is None
        )

    # -- transitions ---------------------------------------------------------------------

    def ring(self, agent: str, at: datetime) -> Call:
        self._check(at, "ring", CallState.QUEUED)
        return replace(self, state=CallState.RINGING, agent=agent, rang_at=at)

    def miss(self, at: datetime) -> Call:
        """No answer in time: back to the queue, keeping its place."""
        self._check(at, "miss", CallState.RINGING)
        assert self.agent is not None and self.rang_at is not None
        ring = MissedRing(self.agent, self.rang_at, at)
        return replace(
            self, state=CallState.QUEUED, agent=None, rang_at=None, missed=(*self.missed, ring)
        )

    def answer(self, at: datetime) -> Call:
        self._check(at, "answer", CallState.RINGING)
        return replace(self, state=CallState.ANSWERED, answered_at=at)

    def hold(self, at: datetime) -> Call:
        self._check(at, "hold", CallState.ANSWERED)
        return replace(self, state=CallState.HELD, holds=(*self.holds, HoldPeriod(at)))

    def resume(self, at: datetime) -> Call:
        self._check(at, "resume", CallState.HELD)
        return replace(self, state=CallState.ANSWERED, holds=self._closed_holds(at))

    def hang_up(self, at: datetime) -> Call:
        """Either side hung up after the answer; the agent's wrap-up begins."""
        self._check(at, "hang up", CallState.ANSWERED, CallState.HELD)
        return replace(self, state=CallState.ENDED, ended_at=at, holds=self._closed_holds(at))

    def abandon(self, at: datetime) -> Call:
        """The caller hung up before anyone answered."""
        self._check(at, "abandon", CallState.QUEUED, CallState.RINGING)
        return replace(self, state=CallState.ABANDONED, ended_at=at, rang_at=None)

    def transfer(
        self, at: datetime, *, to_queue: str | None = None, to_agent: str | None = None
    ) -> tuple[Call, Call]:
        """End this leg and return ``(this leg transferred, the new leg queued)``.

        The new leg is queued in ``to_queue`` or, for ``to_agent``, flagged ``direct`` in this
        leg's queue; ringing the target agent is the ACD's move.
        """
        self._check(at, "transfer", CallState.ANSWERED, CallState.HELD)
        if (to_queue is None) == (to_agent is None):
            raise ValueError("transfer to exactly one of a queue or an agent")
        assert self.agent is not None
        record = Transfer(at, self.queue, self.agent, to_queue=to_queue, to_agent=to_agent)
        history = (*self.transfers, record)
        done = replace(
            self,
            state=CallState.TRANSFERRED,
            ended_at=at,
            holds=self._closed_holds(at),
            transfers=history,
        )
        new_leg = Call(
            self.id,
            to_queue or self.queue,
            self.caller,
            offered_at=self.offered_at,
            queued_at=at,
            leg=self.leg + 1,
            priority=self.priority,
            direct=to_agent is not None,
            transfers=history,
        )
        return done, new_leg

    def finish_wrap_up(self, at: datetime) -> Call:
        if not self.wrap_up_pending:
            after_talk = frozenset({CallState.ENDED, CallState.TRANSFERRED})
            why = "wrap-up already finished" if self.wrap_up_ends_at is not None else ""
            raise IllegalCallTransition(self, "finish wrap-up", after_talk, why)
        self._check_time(at)
        return replace(self, wrap_up_ends_at=at)

    # -- durations (seconds) -------------------------------------------------------------

    def wait_s(self, now: datetime | None = None) -> float:
        """Wait in this leg's queue: queued → answered or abandoned (or now, still waiting)."""
        return _seconds(self.queued_at, self._wait_end(now))

    def caller_wait_s(self, now: datetime | None = None) -> float:
        """The caller's wait since first offered, across transfers, to this leg's answer."""
        return _seconds(self.offered_at, self._wait_end(now))

    def hold_s(self, now: datetime | None = None) -> float:
        total = 0.0
        for period in self.holds:
            end = period.end or self.ended_at or _need(now, "the call is on hold")
            total += _seconds(period.start, end)
        return total

    def talk_s(self, now: datetime | None = None) -> float:
        """Answered → ended, less the time on hold."""
        if self.answered_at is None:
            return 0.0
        end = self.ended_at or _need(now, "the call is going on")
        return _seconds(self.answered_at, end) - self.hold_s(now)

    def wrap_up_s(self, now: datetime | None = None) -> float:
        if self.answered_at is None or self.ended_at is None:
            return 0.0
        end = self.wrap_up_ends_at or _need(now, "wrap-up is going on")
        return _seconds(self.ended_at, end)

    def handle_s(self, now: datetime | None = None) -> float:
        """Talk + hold + wrap-up: what AHT averages."""
        return self.talk_s(now) + self.hold_s(now) + self.wrap_up_s(now)

    # -- serialisation (the server's event stream and the clients read the same shape) ------

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "queue": self.queue,
            "caller": self.caller,
            "offered_at": self.offered_at.isoformat(),
            "queued_at": self.queued_at.isoformat(),
            "leg": self.leg,
            "priority": self.priority,
            "direct": self.direct,
            "state": self.state.value,
            "agent": self.agent,
            "rang_at": _iso(self.rang_at),
            "answered_at": _iso(self.answered_at),
            "ended_at": _iso(self.ended_at),
            "wrap_up_ends_at": _iso(self.wrap_up_ends_at),
            "holds": [{"start": h.start.isoformat(), "end": _iso(h.end)} for h in self.holds],
            "transfers": [
                {
                    "at": t.at.isoformat(),
                    "from_queue": t.from_queue,
                    "from_agent": t.from_agent,
                    "to_queue": t.to_queue,
                    "to_agent": t.to_agent,
                }
                for t in self.transfers
            ],
            "missed": [
                {
                    "agent": m.agent,
                    "rang_at": m.rang_at.isoformat(),
                    "missed_at": m.missed_at.isoformat(),
                }
                for m in self.missed
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Call:
        return cls(
            id=data["id"],
            queue=data["queue"],
            caller=data["caller"],
            offered_at=datetime.fromisoformat(data["offered_at"]),
            queued_at=datetime.fromisoformat(data["queued_at"]),
            leg=data.get("leg", 0),
            priority=data.get("priority", 0),
            direct=data.get("direct", False),
            state=CallState(data["state"]),
            agent=data.get("agent"),
            rang_at=_from_iso(data.get("rang_at")),
            answered_at=_from_iso(data.get("answered_at")),
            ended_at=_from_iso(data.get("ended_at")),
            wrap_up_ends_at=_from_iso(data.get("wrap_up_ends_at")),
            holds=tuple(
                HoldPeriod(datetime.fromisoformat(h["start"]), _from_iso(h.get("end")))
                for h in data.get("holds", ())
            ),
            transfers=tuple(
                Transfer(
                    datetime.fromisoformat(t["at"]),
                    t["from_queue"],
                    t["from_agent"],
                    to_queue=t.get("to_queue"),
                    to_agent=t.get("to_agent"),
                )
                for t in data.get("transfers", ())
            ),
            missed=tuple(
                MissedRing(
                    m["agent"],
                    datetime.fromisoformat(m["rang_at"]),
                    datetime.fromisoformat(m["missed_at"]),
                )
                for m in data.get("missed", ())
            ),
        )

    # -- helpers --------------------------------------------------------------------------

    def _check(self, at: datetime, action: str, *allowed: CallState) -> None:
        if self.state not in allowed:
            raise IllegalCallTransition(self, action, frozenset(allowed))
        self._check_time(at)

    def _check_time(self, at: datetime) -> None:
        _require_aware(at)
        if at < self.last_change_at:
            raise ValueError(f"call {self.id}: a change at {at} is before its last change")

    @property
    def last_change_at(self) -> datetime:
        times = [self.queued_at, self.rang_at, self.answered_at, self.ended_at]
        times.append(self.wrap_up_ends_at)
        for period in self.holds:
            times += [period.start, period.end]
        times += [m.missed_at for m in self.missed]
        return max(t for t in times if t is not None)

    def _closed_holds(self, at: datetime) -> tuple[HoldPeriod, ...]:
        return tuple(HoldPeriod(h.start, h.end or at) for h in self.holds)

    def _wait_end(self, now: datetime | None) -> datetime:
        if self.answered_at is not None:
            return self.answered_at
        if self.state is CallState.ABANDONED and self.ended_at is not None:
            return self.ended_at
        return _need(now, "the caller is still waiting")


def _need(now: datetime | None, why: str) -> datetime:
    if now is None:
        raise ValueError(f"{why}: pass now")
    return now


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds())


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def _from_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("call times must be timezone-aware datetimes")
