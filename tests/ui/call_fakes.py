"""In-memory stand-ins for the call, verification, offers and customer services.

They follow the domain's own state machines (presence, call), so a widget test drives the same
transitions the telephony server would, without a server. Methods are thread-safe enough for
background operations (each call is one small assignment under the GIL).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import (
    Action,
    Actor,
    AgentPresence,
    AgentState,
    NotReadyReason,
    PresenceEvent,
    allowed_actions,
    transition,
)
from agentdesk.events import CallOffered, EventBus

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Me:
    presence: AgentPresence
    call: Call | None
    allowed: frozenset[Action]


class FakeCallService:
    def __init__(self, bus: EventBus, clock: FakeClock) -> None:
        self._bus = bus
        self._clock = clock
        self._lock = threading.Lock()
        self.presence = AgentPresence(AgentState.READY, clock())
        self.call: Call | None = None
        self.log: list[str] = []
        self.offline = False

    def me(self) -> Me:
        with self._lock:
            return Me(self.presence, self.call, allowed_actions(self.presence))

    def _move(self, action: Action, reason: NotReadyReason | None = None) -> None:
        if self.offline:
            from agentdesk.errors import BackendUnavailable

            raise BackendUnavailable("offline")
        self.log.append(action.value)
        event = PresenceEvent(action, reason=reason)
        self.presence = transition(self.presence, event, self._clock())

    def set_ready(self) -> None:
        self._move(Action.GO_READY)

    def set_not_ready(self, reason: NotReadyReason) -> None:
        self._move(Action.GO_NOT_READY, reason)

    def log_out(self) -> None:
        self._move(Action.LOG_OUT)

    def answer(self) -> None:
        self._move(Action.ANSWER)
        assert self.call is not None
        self.call = self.call.answer(self._clock())

    def hold(self) -> None:
        self._move(Action.HOLD)
        assert self.call is not None
        self.call = self.call.hold(self._clock())

    def resume(self) -> None:
        self._move(Action.RESUME)
        assert self.call is not None
        self.call = self.call.resume(self._clock())

    def transfer(self, *, queue: str | None = None, agent: str | None = None) -> None:
        self._move(Action.TRANSFER)
        assert self.call is not None
        self.call, _ = self.call.transfer(self._clock(), to_queue=queue, to_agent=agent)
        self.log.append(f"to:{queue}" if agent is None else f"to-agent:{agent}")

    def hang_up(self) -> None:
        self._move(Action.HANG_UP)
        assert self.call is not None
        self.call = self.call.hang_up(self._clock())

    def finish_wrap_up(self) -> None:
        self._move(Action.FINISH_WRAP_UP)
        self.call = None

    def queues(self) -> list[str]:
        return ["retail", "cards", "wealth"]

    def queue_board(self) -> SimpleNamespace:
        """The ACD's queues and agents: agent02 is ready, agent03 on a break."""
        now = self._clock()
        agents = [
            SimpleNamespace(username="agent01", state=self.presence.state.value, since=now),
            SimpleNamespace(username="agent02", state="ready", since=now),
            SimpleNamespace(username="agent03", state="not_ready", since=now),
        ]
        queues = [SimpleNamespace(queue=name) for name in self.queues()]
        return SimpleNamespace(queues=queues, agents=agents)

    def ring(self, phone: str = "+8613812345678", queue: str = "retail") -> CallOffered:
        """The ACD offers a call (as the server would, then the event reaches the bus)."""
        now = self._clock()
        self.call = Call.new("call-1", queue, phone, now).ring("agent01", now)
        self.presence = transition(self.presence, PresenceEvent(Action.RING, Actor.ACD), now)
        event = CallOffered("call-1", phone, queue)
        self._bus.publish(event)
        return event

    def simulate_incoming_call(self) -> CallOffered:
        return self.ring()


@dataclass
class FakeStatus:
    customer_id: int
    status: str = "not_verified"
    method: str | None = None
    failure: str | None = None
    remaining_attempts: int = 3
    locked_until: datetime | None = None
    code_tries_left: int | None = None


@dataclass
class FakeVerificationService:
    """Verifies with birth date 1985-06-01 + ID last 4 ``123X``, or OTP ``123456``."""

    statuses: dict[int, FakeStatus] = field(default_factory=dict)
    unmasked: list[tuple[int, str, int | None]] = field(default_factory=list)

    def status(self, customer_id: int, *, call_id: str | None = None) -> FakeStatus:
        return self.statuses.setdefault(customer_id, FakeStatus(customer_id))

    def verify_knowledge(self, customer_id: int, **answers: Any) -> FakeStatus:
        right = (answers.get("birth_date") == date(1985, 6, 1)) + (
            answers.get("id_last4") == "123X"
        )
        return self._attempt(customer_id, right >= 2, "knowledge", "wrong_answers")

    def send_otp(self, customer_id: int) -> Any:
        return {"sent_to": "+86 138****5678", "code": "123456"}

    def verify_otp(self, customer_id: int, code: str) -> FakeStatus:
        return self._attempt(customer_id, code == "123456", "otp", "wrong_code")

    def _attempt(self, customer_id: int, ok: bool, method: str, failure: str) -> FakeStatus:
        """As the real service: a verified status back, or VerificationFailed / Locked."""
        from agentdesk.errors import VerificationFailed, VerificationLocked

        old = self.status(customer_id)
        if old.locked_until is not None:
            raise VerificationLocked("locked", locked_until=old.locked_until)
        if ok:
            new = FakeStatus(customer_id, "verified", method, remaining_attempts=3)
            self.statuses[customer_id] = new
            return new
        left = old.remaining_attempts - 1
        locked = T0 + timedelta(minutes=15) if left <= 0 else None
        self.statuses[customer_id] = FakeStatus(
            customer_id, remaining_attempts=left, locked_until=locked
        )
        if locked is not None:
            raise VerificationLocked("locked", locked_until=locked)
        raise VerificationFailed(failure=failure, remaining_attempts=left)

    def unmask(self, customer_id: int, field: str, item_id: int | None = None) -> str:
        if self.status(customer_id).status != "verified":
            from agentdesk.errors import PermissionDenied

            raise PermissionDenied("verification required")
        self.unmasked.append((customer_id, field, item_id))
        return {"phone": "+86 138 1234 5678", "id_number": "110101198506011234"}.get(
            field, "6222 0000 1234 5678"
        )
