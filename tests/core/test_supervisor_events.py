"""The console's server events become typed core events (no Qt): agent rows, the waiting list,
intervals, broadcasts, and the supervisor who set an agent's state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.events import (
    BroadcastReceived,
    PresenceChanged,
    SupervisorAgentChanged,
    SupervisorWaitingChanged,
    TicketChanged,
)
from agentdesk.sync.listener import core_event

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _event(kind: EventKind, data: dict[str, Any]) -> ServerEvent:
    return ServerEvent(id=7, kind=kind, at=AT, data=data)


def test_an_agent_row_event_carries_the_whole_row() -> None:
    core = core_event(
        _event(
            EventKind.SUPERVISOR_AGENT,
            {
                "username": "agent01",
                "display_name": "王芳",
                "team": "retail",
                "state": "wrap_up",
                "since": AT.isoformat(),
                "call_id": "c1",
                "call_queue": "general",
            },
        )
    )
    assert isinstance(core, SupervisorAgentChanged)
    assert core.row.username == "agent01" and str(core.row.state) == "wrap_up"


def test_the_waiting_list_event_is_read_whole_and_a_broken_one_is_skipped() -> None:
    call = {"call_id": "c1", "queue": "general", "queued_at": AT.isoformat()}
    data = {"team": "retail", "waiting": [call]}
    core = core_event(_event(EventKind.SUPERVISOR_WAITING, data))
    assert isinstance(core, SupervisorWaitingChanged)
    assert [c.call_id for c in core.calls] == ["c1"]
    assert core_event(_event(EventKind.SUPERVISOR_WAITING, {"waiting": [{"queue": 3}]})) is None


def test_a_broadcast_and_a_state_set_by_a_supervisor() -> None:
    broadcast = core_event(
        _event(
            EventKind.BROADCAST,
            {
                "id": 1,
                "team": "retail",
                "text": "系统将于 12:00 维护",
                "sender": "sup01",
                "sender_name": "陈主管",
                "at": AT.isoformat(),
            },
        )
    )
    assert isinstance(broadcast, BroadcastReceived)
    assert broadcast.broadcast.sender_name == "陈主管"
    presence = core_event(
        _event(
            EventKind.PRESENCE_CHANGED,
            {"username": "agent01", "state": "not_ready", "reason": "coaching", "by": "sup01"},
        )
    )
    assert isinstance(presence, PresenceChanged) and presence.by == "sup01"


def test_an_escalated_ticket_is_a_ticket_change() -> None:
    core = core_event(_event(EventKind.TICKET_ESCALATED, {"ticket_id": 5, "version": 3}))
    assert core == TicketChanged(5, 3)
