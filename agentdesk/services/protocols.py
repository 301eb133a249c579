"""What the UI needs of the services it is tested with in isolation, as ``typing.Protocol``s.

A widget that takes one of these is typed against the behaviour it uses, not a class: the real
service satisfies it (the type checker proves it where the composition root passes it in), and
so must every test fake, so a fake that drifts from the service fails the type check instead of
passing a test the real service would fail. Services the UI always gets for real are typed by
their classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from agentdesk.contract.customers import CustomerSummary
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.verification import OtpChallenge, UnmaskField, VerificationStatus
from agentdesk.domain.presence import NotReadyReason
from agentdesk.events import CallOffered

if TYPE_CHECKING:
    from agentdesk.services.calls import (
        AgentCallState,
        TransferTargets,
        WrapUp,
        WrapUpContext,
        WrapUpSaved,
    )

__all__ = [
    "CallControl",
    "CallerVerification",
    "CustomerSearch",
    "InteractionTimeline",
]


class CallControl(Protocol):
    """The softphone and the wrap-up: presence, call control, transfer, wrap-up, the demo's
    simulated call. Every move answers with the agent's state after it."""

    @property
    def current(self) -> AgentCallState | None: ...

    def me(self) -> AgentCallState: ...

    def set_ready(self) -> AgentCallState: ...

    def set_not_ready(self, reason: NotReadyReason) -> AgentCallState: ...

    def log_out(self) -> AgentCallState: ...

    def answer(self) -> AgentCallState: ...

    def hold(self) -> AgentCallState: ...

    def resume(self) -> AgentCallState: ...

    def hang_up(self) -> AgentCallState: ...

    def transfer(self, *, queue: str | None = None, agent: str | None = None) -> AgentCallState: ...

    def transfer_targets(self) -> TransferTargets: ...

    def finish_wrap_up(self) -> AgentCallState: ...

    def wrap_up_context(self) -> WrapUpContext | None: ...

    def record_wrap_up(
        self, wrap_up: WrapUp, *, context: WrapUpContext | None = None
    ) -> WrapUpSaved: ...

    def simulate_incoming_call(self) -> CallOffered: ...


class CallerVerification(Protocol):
    """Verifying the caller and unmasking what verification allows; the server decides."""

    def status(self, customer_id: int, *, call_id: str | None = None) -> VerificationStatus: ...

    def verify_knowledge(
        self,
        customer_id: int,
        *,
        birth_date: date | None = None,
        id_number: str | None = None,
        email: str | None = None,
        call_id: str | None = None,
    ) -> VerificationStatus: ...

    def send_otp(self, customer_id: int) -> OtpChallenge: ...

    def verify_otp(
        self, customer_id: int, code: str, *, call_id: str | None = None
    ) -> VerificationStatus: ...

    def unmask(self, customer_id: int, field: UnmaskField, item_id: int | None = None) -> str: ...


class CustomerSearch(Protocol):
    """Finding a customer by what the agent typed (name, pinyin, CIF, ID last 4, phone)."""

    def search(self, text: str, limit: int = ...) -> list[CustomerSummary]: ...


class InteractionTimeline(Protocol):
    """One customer's interactions, newest first, filtered by channel and text (None: any);
    read a page at a time. Rows saved here and not yet on the server are
    ``CachedInteraction``s with ``pending`` set."""

    def count(self, channel: Channel | None, text: str | None) -> int: ...

    def page(
        self, channel: Channel | None, text: str | None, offset: int, limit: int
    ) -> Sequence[Interaction]: ...
