"""In-memory stand-ins for the call and verification services. The widgets take them as the
protocols the real services satisfy (``agentdesk.services.CallControl``,
``CallerVerification``), so a fake that drifts from the service fails the type check.

They follow the domain's own state machines (presence, call), so a widget test drives the same
transitions the telephony server would, without a server. Methods are thread-safe enough for
background operations (each call is one small assignment under the GIL).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import (
    Action,
    AgentPresence,
    AgentState,
    Initiator,
    NotReadyReason,
    PresenceEvent,
    allowed_actions,
    transition,
)
from agentdesk.errors import (
    BackendUnavailable,
    PermissionDenied,
    VerificationFailed,
    VerificationLocked,
)
from agentdesk.events import CallOffered, EventBus
from agentdesk.services import (
    AgentCallState,
    OtpChallenge,
    TransferTargets,
    UnmaskField,
    VerificationMethod,
    VerificationState,
    VerificationStatus,
    WrapUp,
    WrapUpContext,
    WrapUpSaved,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
AGENT = "agent01"


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeCallService:
    def __init__(self, bus: EventBus, clock: FakeClock) -> None:
        self._bus = bus
        self._clock = clock
        self._lock = threading.Lock()
        self.presence = AgentPresence(AgentState.READY, clock())
        self.call: Call | None = None
        self.log: list[str] = []
        self.offline = False
        self.wrap_ups: list[tuple[WrapUpContext, WrapUp]] = []
        self.fail_wrap_up: Exception | None = None

    @property
    def current(self) -> AgentCallState | None:
        return self.me()

    def me(self) -> AgentCallState:
        with self._lock:
            presence, call = self.presence, self.call
        return AgentCallState(AGENT, presence, call, allowed_actions(presence), self._clock())

    def _move(self, action: Action, reason: NotReadyReason | None = None) -> None:
        if self.offline:
            raise BackendUnavailable("offline")
        self.log.append(action.value)
        event = PresenceEvent(action, reason=reason)
        self.presence = transition(self.presence, event, self._clock())

    def set_ready(self) -> AgentCallState:
        self._move(Action.GO_READY)
        return self.me()

    def set_not_ready(self, reason: NotReadyReason) -> AgentCallState:
        self._move(Action.GO_NOT_READY, reason)
        return self.me()

    def log_out(self) -> AgentCallState:
        self._move(Action.LOG_OUT)
        return self.me()

    def answer(self) -> AgentCallState:
        self._move(Action.ANSWER)
        self.call = self._the_call().answer(self._clock())
        return self.me()

    def hold(self) -> AgentCallState:
        self._move(Action.HOLD)
        self.call = self._the_call().hold(self._clock())
        return self.me()

    def resume(self) -> AgentCallState:
        self._move(Action.RESUME)
        self.call = self._the_call().resume(self._clock())
        return self.me()

    def transfer(self, *, queue: str | None = None, agent: str | None = None) -> AgentCallState:
        self._move(Action.TRANSFER)
        self.call, _ = self._the_call().transfer(self._clock(), to_queue=queue, to_agent=agent)
        self.log.append(f"to:{queue}" if agent is None else f"to-agent:{agent}")
        return self.me()

    def transfer_targets(self) -> TransferTargets:
        """The ACD's queues but the call's own, and the ready agents: agent02 is ready,
        agent03 on a break."""
        own = self.call.queue if self.call is not None else ""
        queues = tuple(q for q in ("retail", "cards", "wealth") if q != own)
        return TransferTargets(queues, ("agent02",))

    def hang_up(self) -> AgentCallState:
        self._move(Action.HANG_UP)
        self.call = self._the_call().hang_up(self._clock())
        return self.me()

    def finish_wrap_up(self) -> AgentCallState:
        self._move(Action.FINISH_WRAP_UP)
        self.call = None
        return self.me()

    def wrap_up_context(self) -> WrapUpContext | None:
        call = self.call
        if call is None:
            return None
        started = call.answered_at or call.offered_at
        return WrapUpContext(call.id, call.queue, call.caller, started, call.ended_at)

    def record_wrap_up(
        self, wrap_up: WrapUp, *, context: WrapUpContext | None = None
    ) -> WrapUpSaved:
        if self.fail_wrap_up is not None:
            raise self.fail_wrap_up
        context = context or self.wrap_up_context()
        assert context is not None
        self.wrap_ups.append((context, wrap_up))
        callback = "task-1" if wrap_up.callback is not None else None
        return WrapUpSaved("client-1", callback, self.finish_wrap_up())

    def _the_call(self) -> Call:
        assert self.call is not None, "no call"
        return self.call

    def ring(self, phone: str = "+8613812345678", queue: str = "retail") -> CallOffered:
        """The ACD offers a call (as the server would, then the event reaches the bus)."""
        now = self._clock()
        self.call = Call.new("call-1", queue, phone, now).ring(AGENT, now)
        self.presence = transition(self.presence, PresenceEvent(Action.RING, Initiator.ACD), now)
        event = CallOffered("call-1", phone, queue)
        self._bus.publish(event)
        return event

    def simulate_incoming_call(self) -> CallOffered:
        return self.ring()


@dataclass
class FakeVerificationService:
    """Verifies with birth date 1985-06-01 + ID last 4 ``123X``, or OTP ``123456``."""

    statuses: dict[int, VerificationStatus] = field(default_factory=dict)
    unmasked: list[tuple[int, str, int | None]] = field(default_factory=list)

    def status(self, customer_id: int, *, call_id: str | None = None) -> VerificationStatus:
        return self.statuses.setdefault(customer_id, verification_status(customer_id))

    def verify_knowledge(
        self,
        customer_id: int,
        *,
        birth_date: date | None = None,
        id_number: str | None = None,
        email: str | None = None,
        call_id: str | None = None,
    ) -> VerificationStatus:
        right = (birth_date == date(1985, 6, 1)) + (id_number == "11010119850601123X")
        right += email == "wang.fang@example.com"
        return self._attempt(customer_id, right >= 2, VerificationMethod.KNOWLEDGE, "wrong_answers")

    def send_otp(self, customer_id: int) -> OtpChallenge:
        return OtpChallenge(
            customer_id=customer_id,
            sent_to="+86 138****5678",
            expires_at=T0 + timedelta(minutes=5),
            tries=3,
            code="123456",
        )

    def verify_otp(
        self, customer_id: int, code: str, *, call_id: str | None = None
    ) -> VerificationStatus:
        return self._attempt(customer_id, code == "123456", VerificationMethod.OTP, "wrong_code")

    def _attempt(
        self, customer_id: int, ok: bool, method: VerificationMethod, failure: str
    ) -> VerificationStatus:
        """As the real service: a verified status back, or VerificationFailed / Locked."""
        old = self.status(customer_id)
        if old.locked_until is not None:
            raise VerificationLocked("locked", locked_until=old.locked_until)
        if ok:
            new = verification_status(customer_id, VerificationState.VERIFIED, method)
            self.statuses[customer_id] = new
            return new
        left = old.remaining_attempts - 1
        locked = T0 + timedelta(minutes=15) if left <= 0 else None
        self.statuses[customer_id] = verification_status(
            customer_id, remaining=left, locked_until=locked
        )
        if locked is not None:
            raise VerificationLocked("locked", locked_until=locked)
        raise VerificationFailed(failure=failure, remaining_attempts=left)

    def unmask(self, customer_id: int, field: UnmaskField, item_id: int | None = None) -> str:
        if self.status(customer_id).status is not VerificationState.VERIFIED:
            raise PermissionDenied("verification required")
        self.unmasked.append((customer_id, field.value, item_id))
        clear = {"phone": "+86 138 1234 5678", "id_number": "110101198506011234"}
        return clear.get(field.value, "6222 0000 1234 5678")


def verification_status(
    customer_id: int,
    state: VerificationState = VerificationState.NOT_VERIFIED,
    method: VerificationMethod | None = None,
    *,
    remaining: int = 3,
    locked_until: datetime | None = None,
) -> VerificationStatus:
    return VerificationStatus(
        customer_id=customer_id,
        status=state,
        method=method,
        remaining_attempts=remaining,
        locked_until=locked_until,
    )
