"""The shared ACD's commands as data: how a worker writes a move or a question for the leader
(``acd_commands.args``), how the leader applies it to its switchboard, and how the outcome
travels back (``acd_commands.outcome``: ``{"result": ...}`` or ``{"refused": ...}``).

A move that the PBX must hear of is two commands: a check (``check``, ``check_dial``,
``check_move_call``: a question), then, once the asking worker told the PBX itself, the move,
which the leader applies with a switchboard whose PBX sends nothing (``pbx.SilentPbx``).

One table, :data:`APPLY`, names every command the leader knows; the facade
(``shared_acd.SharedAcd``) writes the same names. A refusal is the domain's rule violation,
carried by class name, code and detail and raised again on the worker that asked, so a move
refused by the leader is the same problem+json whichever worker the desk reached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from agentdesk.contract.telephony import TelephonyEvent
from agentdesk.domain.calls import Call
from agentdesk.domain.errors import (
    InvalidValue,
    MoveNotAllowed,
    RuleViolation,
    UnknownRecord,
    UpstreamRefused,
    UpstreamUnavailable,
)
from agentdesk.domain.presence import Action, AgentState, NotReadyReason
from agentdesk.domain.queue_stats import ServiceLevelRule
from agentdesk.server.telephony.switchboard import Switchboard

__all__ = ["APPLY", "READS", "apply", "raise_refusal", "refusal", "rules_from", "rules_to"]

Args = Mapping[str, Any]

# The refusals a switchboard raises, by name (each takes a code and a detail).
_REFUSALS: dict[str, type[RuleViolation]] = {
    cls.__name__: cls
    for cls in (
        UnknownRecord,
        MoveNotAllowed,
        InvalidValue,
        UpstreamRefused,
        UpstreamUnavailable,
        RuleViolation,
    )
}


def refusal(exc: RuleViolation) -> dict[str, Any]:
    name = type(exc).__name__ if type(exc).__name__ in _REFUSALS else "RuleViolation"
    return {"refused": {"class": name, "code": exc.code, "detail": exc.detail}}


def raise_refusal(outcome: Mapping[str, Any]) -> None:
    """Raise the refusal an outcome carries (nothing for a result)."""
    refused = outcome.get("refused")
    if refused is not None:
        raise _REFUSALS[refused["class"]](refused["code"], refused["detail"])


def rules_to(rules: Mapping[str, ServiceLevelRule]) -> dict[str, Any]:
    return {queue: asdict(rule) for queue, rule in rules.items()}


def rules_from(data: Mapping[str, Any]) -> dict[str, ServiceLevelRule]:
    return {queue: ServiceLevelRule(**rule) for queue, rule in data.items()}


def _reason(value: str | None) -> NotReadyReason | None:
    return NotReadyReason(value) if value is not None else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _call(call: Call | None) -> dict[str, Any] | None:
    return call.to_dict() if call is not None else None


def _offer(s: Switchboard, a: Args) -> Any:
    call = s.offer(
        a["caller"],
        a["queue"],
        call_id=a["call_id"],
        priority=a["priority"],
        patience_s=a["patience_s"],
        arrived_at=_when(a["arrived_at"]),
    )
    return call.to_dict()


# Every command: its name → what the leader does with the switchboard (a JSON-ready result;
# None for the moves that answer nothing).
APPLY: dict[str, Callable[[Switchboard, Args], Any]] = {
    "state": lambda s, a: s.state(a["username"]).model_dump(mode="json"),
    "join": lambda s, a: s.join(a["username"], a["team"]),
    "queues_of": lambda s, a: s.queues_of(a["username"]),
    "agent_names": lambda s, a: s.agent_names(),
    "set_presence": lambda s, a: s.set_presence(
        a["username"], a["team"], AgentState(a["state"]), _reason(a["reason"])
    ).model_dump(mode="json"),
    "answer": lambda s, a: s.answer(a["username"], a["call_id"]).model_dump(mode="json"),
    "hold": lambda s, a: s.hold(a["username"], a["call_id"]).model_dump(mode="json"),
    "resume": lambda s, a: s.resume(a["username"], a["call_id"]).model_dump(mode="json"),
    "hang_up": lambda s, a: s.hang_up(a["username"], a["call_id"]).model_dump(mode="json"),
    "transfer": lambda s, a: s.transfer(
        a["username"], a["call_id"], queue=a["queue"], agent=a["agent"]
    ).model_dump(mode="json"),
    "finish_wrap_up": lambda s, a: s.finish_wrap_up(a["username"]).model_dump(mode="json"),
    "check": lambda s, a: s.check(
        a["username"],
        a["call_id"],
        Action(a["action"]),
        queue=a["queue"],
        to_agent=a["to_agent"],
    ),
    "dial": lambda s, a: s.dial(
        a["username"], a["phone"], a["queue"], call_id=a["call_id"]
    ).model_dump(mode="json"),
    "check_dial": lambda s, a: s.check_dial(a["username"], a["queue"]),
    "offer": _offer,
    "caller_hung_up": lambda s, a: s.caller_hung_up(a["call_id"]).to_dict(),
    "caller_verified": lambda s, a: s.caller_verified(a["call_id"], a["customer_id"]).to_dict(),
    "telephony_event": lambda s, a: s.telephony_event(
        TelephonyEvent.model_validate(a["event"])
    ).model_dump(mode="json"),
    "call": lambda s, a: _call(s.call(a["call_id"])),
    "supervise_presence": lambda s, a: s.supervise_presence(
        a["username"],
        AgentState(a["state"]),
        a["supervisor"],
        _reason(a["reason"]),
        supervisor_name=a["supervisor_name"],
    ),
    "move_call": lambda s, a: s.move_call(a["call_id"], a["queue"], a["by"]).to_dict(),
    "check_move_call": lambda s, a: s.check_move_call(a["call_id"], a["queue"]),
    "agent_row": lambda s, a: s.agent_row(a["username"], a["team"], a["display_name"]).model_dump(
        mode="json"
    ),
    "waiting": lambda s, a: [w.model_dump(mode="json") for w in s.waiting(a["queues"])],
    "watch_team": lambda s, a: s.watch_team(a["team"]),
    "board": lambda s, a: s.board().model_dump(mode="json"),
    "set_service_levels": lambda s, a: s.set_service_levels(rules_from(a["rules"])),
}

# Questions: they change nothing, so a batch of only these leaves the state as it was.
READS = frozenset(
    {
        "state",
        "queues_of",
        "agent_names",
        "call",
        "waiting",
        "board",
        "check",
        "check_dial",
        "check_move_call",
    }
)


def apply(switchboard: Switchboard, kind: str, args: Args) -> dict[str, Any]:
    """The outcome of one command (a refusal is an outcome too; anything else raises)."""
    try:
        return {"result": APPLY[kind](switchboard, args)}
    except RuleViolation as exc:
        return refusal(exc)
