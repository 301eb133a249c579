"""A small in-memory stand-in for the backend's ticket routes, as an ``httpx`` transport.

It speaks the contract (sign-in, ``GET/PATCH /tickets/{id}``, transitions, clock events, letters,
activity, assignable people) with versions, ``If-Match`` and a 412 problem carrying the current
ticket, and it follows the domain's lifecycle and recusal, so the desk's service and widgets are
tested over real HTTP plumbing without a server. The server's own tests pin the server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from agentdesk.contract.auth import Role, TokenPair, UserInfo
from agentdesk.contract.sync import TicketRecord
from agentdesk.contract.tickets import (
    Assignee,
    TicketActivity,
    TicketClockEvent,
    TicketStatus,
    TicketTransition,
)
from agentdesk.domain.complaints.lifecycle import allowed_targets
from agentdesk.domain.complaints.recusal import Candidate, Party, eligible

__all__ = ["TicketBackend"]

_TICKET = re.compile(r"^/tickets/(\d+)(?:/([a-z-]+))?$")


class TicketBackend:
    def __init__(
        self,
        *,
        user: str = "agent01",
        role: Role = Role.AGENT,
        team: str = "",
        people: list[Assignee] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.user = UserInfo(id=1, username=user, display_name=user, role=role, team=team)
        self.tickets: dict[int, TicketRecord] = {}
        self.activity: dict[int, list[TicketActivity]] = {}
        self.people = people or []
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, If-Match
        self.down = False
        self._now = now

    def put(self, ticket: TicketRecord) -> None:
        self.tickets[ticket.id] = ticket
        self.activity.setdefault(ticket.id, [])

    def bump(self, ticket_id: int, **changes: Any) -> TicketRecord:
        """Someone else's edit: a new version on the server."""
        ticket = self.tickets[ticket_id]
        merged = {**ticket.model_dump(), **changes, "version": ticket.version + 1}
        self.tickets[ticket_id] = TicketRecord.model_validate(merged)
        return self.tickets[ticket_id]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    # -- routes --------------------------------------------------------------------------

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("backend stopped", request=request)
        path = request.url.path
        self.requests.append((request.method, path, request.headers.get("If-Match")))
        if path == "/auth/login":
            tokens = TokenPair(access_token="a", refresh_token="r", expires_in=3600, user=self.user)
            return httpx.Response(200, json=tokens.model_dump(mode="json"))
        match = _TICKET.match(path)
        if match is None:
            # Only the ticket routes live here: for the rest (the 360, telephony) the desk
            # meets an unreachable backend and reads its cache, as it does offline.
            raise httpx.ConnectError("not served by the ticket stand-in", request=request)
        if int(match[1]) not in self.tickets:
            return _problem(404, "not found")
        ticket_id, action = int(match[1]), match[2]
        ticket = self.tickets[ticket_id]
        if request.method == "GET":
            if action == "activity":
                items = [a.model_dump(mode="json") for a in self.activity[ticket_id]]
                return httpx.Response(200, json=items)
            if action == "assignable":
                parties = [Party(p.kind, p.id) for p in ticket.parties]
                allowed = {
                    c.user_id
                    for c in eligible([Candidate(p.username, p.team) for p in self.people], parties)
                }
                names = [p.model_dump(mode="json") for p in self.people if p.username in allowed]
                return httpx.Response(200, json=names)
            return self._ticket(ticket)
        if request.headers.get("If-Match") != f'W/"{ticket.version}"':
            body = {"type": "about:blank", "title": "Precondition Failed", "status": 412}
            body["current"] = ticket.model_dump(mode="json")
            return httpx.Response(
                412, json=body, headers={"Content-Type": "application/problem+json"}
            )
        body = json.loads(request.content)
        if request.method == "PATCH":
            wanted = body["changes"].get("assignee")
            if any(p.kind == "agent" and p.id == wanted for p in ticket.parties):
                return _problem(409, "the complaint is about this person", "recusal.party")
            action = "assigned" if "assignee" in body["changes"] else "edited"
            return self._change(ticket, action, body["changes"], body["changes"])
        if action == "transitions":
            move = TicketTransition.model_validate(body)
            if move.to not in allowed_targets(ticket.status):
                return _problem(409, "not allowed from here", "ticket.transition_refused")
            if move.to == TicketStatus.CLOSED and not (move.root_cause and move.resolution):
                return _problem(
                    422, "give the root cause and resolution", "ticket.close_incomplete"
                )
            changes: dict[str, Any] = {"status": move.to}
            for name in ("root_cause", "resolution", "remediation", "satisfaction"):
                if getattr(move, name):
                    changes[name] = getattr(move, name)
            detail = {"from": str(ticket.status), "to": str(move.to)}
            return self._change(ticket, "status", changes, detail)
        if action == "clock-events":
            event = TicketClockEvent(
                kind=body["kind"], on=body["on"], note=body.get("note", ""), recorded_by="x"
            )
            events = [*ticket.clock_events, event]
            return self._change(
                ticket, "clock_event", {"clock_events": events}, {"kind": event.kind}
            )
        return _problem(404, "no such action")

    def _change(
        self, ticket: TicketRecord, action: str, changes: dict[str, Any], detail: dict[str, Any]
    ) -> httpx.Response:
        now = self._now()
        # Validated, not copied: a changed value takes the contract's type (a str → its enum).
        merged = {**ticket.model_dump(), **changes, "version": ticket.version + 1}
        self.tickets[ticket.id] = TicketRecord.model_validate({**merged, "updated_at": now})
        self.activity[ticket.id].append(
            TicketActivity(
                at=now,
                actor=self.user.username,
                action=action,
                detail={k: str(v) for k, v in detail.items()},
            )
        )
        return self._ticket(self.tickets[ticket.id])

    @staticmethod
    def _ticket(ticket: TicketRecord) -> httpx.Response:
        return httpx.Response(
            200, json=ticket.model_dump(mode="json"), headers={"ETag": f'W/"{ticket.version}"'}
        )


def _problem(status: int, detail: str, code: str | None = None) -> httpx.Response:
    body = {"type": "about:blank", "title": detail, "status": status, "detail": detail}
    if code is not None:
        body["code"] = code
    return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json"})


def ticket(ticket_id: int, **fields: Any) -> TicketRecord:
    """A server ticket with sensible defaults (CN, standard, new, opened 2026-11-02)."""
    opened = fields.pop("opened_at", datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    base: dict[str, Any] = {
        "id": ticket_id,
        "reference": f"CMP-{ticket_id:05d}",
        "customer_id": 1,
        "category": "fees",
        "severity": "medium",
        "status": TicketStatus.NEW,
        "summary": f"Complaint {ticket_id}",
        "opened_at": opened,
        "due_at": opened,
        "version": 1,
        "updated_at": opened,
    }
    return TicketRecord.model_validate({**base, **fields})
