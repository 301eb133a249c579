"""Softphone actions: presence changes and call control, each one background operation.

Every action ends by reading the agent's snapshot again (``CallService.me``), so the softphone
bar always renders what the telephony server says now, never what the UI guessed.

Threading: the service calls run on the pool; ``on_done`` / ``on_failed`` run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from agentdesk.domain.calls import Call
from agentdesk.domain.presence import (
    Action,
    AgentPresence,
    AgentState,
    NotReadyReason,
    allowed_actions,
)
from ui.kit.workers import BackgroundOp

__all__ = [
    "AgentSnapshot",
    "TransferTargets",
    "answer",
    "finish_wrap_up",
    "hang_up",
    "hold",
    "load_queue_labels",
    "load_transfer_targets",
    "log_out",
    "refresh",
    "resume",
    "set_not_ready",
    "set_ready",
    "transfer",
    "transfer_to_agent",
]

Done = Callable[["AgentSnapshot"], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class AgentSnapshot:
    """What the softphone renders: presence, the current call, and the allowed actions.

    ``allowed`` comes from the domain's presence machine (the service's own list when it
    sends one), so the bar never offers a move the server would refuse.
    """

    presence: AgentPresence | None
    call: Call | None
    allowed: frozenset[Action]

    @classmethod
    def of(cls, me: Any) -> AgentSnapshot:
        """From what ``CallService.me`` returns: domain values, or the contract's shapes."""
        presence = _presence(getattr(me, "presence", None))
        call = _call(getattr(me, "call", None))
        allowed = getattr(me, "allowed_actions", None)
        if allowed is None:
            allowed = getattr(me, "allowed", None)
        if allowed is None:
            allowed = allowed_actions(presence) if presence is not None else frozenset()
        return cls(presence, call, frozenset(Action(a) for a in allowed))


def _presence(value: Any) -> AgentPresence | None:
    if value is None or isinstance(value, AgentPresence):
        return value
    reason = getattr(value, "reason", None)
    pending = getattr(value, "pending_reason", None)
    return AgentPresence(
        AgentState(value.state),
        value.since,
        reason=NotReadyReason(reason) if reason else None,
        pending_reason=NotReadyReason(pending) if pending else None,
    )


def _call(value: Any) -> Call | None:
    if value is None or isinstance(value, Call):
        return value
    return Call.from_dict(value.model_dump(mode="json"))


def _op(parent: QObject, calls: Any, act: Callable[[], object], done: Done, failed: Failed) -> None:
    def work() -> AgentSnapshot:
        reply = act()
        # The service answers each move with the agent's new state; ask only when it did not.
        return AgentSnapshot.of(reply if hasattr(reply, "presence") else calls.me())

    BackgroundOp(parent, work).success(done).failure(failed).run()


def refresh(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, lambda: None, done, failed)


def set_ready(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.set_ready, done, failed)


def set_not_ready(
    parent: QObject, calls: Any, reason: NotReadyReason, done: Done, failed: Failed
) -> None:
    _op(parent, calls, lambda: calls.set_not_ready(reason), done, failed)


def log_out(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.log_out, done, failed)


def answer(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.answer, done, failed)


def hold(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.hold, done, failed)


def resume(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.resume, done, failed)


def transfer(parent: QObject, calls: Any, queue: str, done: Done, failed: Failed) -> None:
    _op(parent, calls, lambda: calls.transfer(queue=queue), done, failed)


def transfer_to_agent(parent: QObject, calls: Any, agent: str, done: Done, failed: Failed) -> None:
    _op(parent, calls, lambda: calls.transfer(agent=agent), done, failed)


def hang_up(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.hang_up, done, failed)


def finish_wrap_up(parent: QObject, calls: Any, done: Done, failed: Failed) -> None:
    _op(parent, calls, calls.finish_wrap_up, done, failed)


@dataclass(frozen=True)
class TransferTargets:
    """Where the current call may go: the ACD's queues (codes, in its order) and the agents
    who are ready now (usernames, without this agent); ``queue_labels`` are the reference
    entries by code, for the menu to name them in the UI language."""

    queues: tuple[str, ...]
    agents: tuple[str, ...]
    queue_labels: dict[str, Any] = field(default_factory=dict)


def load_transfer_targets(
    parent: QObject,
    calls: Any,
    reference: Any,
    done: Callable[[TransferTargets], None],
    failed: Failed,
) -> None:
    """One look at the queue board (queues and agents' presence) and the reference queues."""

    def work() -> TransferTargets:
        board = calls.queue_board()
        current = getattr(calls, "current", None)
        me = getattr(current, "username", None)
        agents = tuple(
            a.username
            for a in board.agents
            if AgentState(a.state) is AgentState.READY and a.username != me
        )
        queues = tuple(str(q.queue) for q in board.queues)
        return TransferTargets(queues, agents, _reference_queues(reference))

    BackgroundOp(parent, work).success(done).failure(failed).run()


def load_queue_labels(
    parent: QObject, reference: Any, done: Callable[[dict[str, Any]], None], failed: Failed
) -> None:
    """The reference queues by code (the cache's or the shipped list: no wait on the ACD)."""
    BackgroundOp(parent, lambda: _reference_queues(reference)).success(done).failure(failed).run()


def _reference_queues(reference: Any) -> dict[str, Any]:
    if reference is None:
        return {}
    return {q.code: q for q in reference.queues().queues}
