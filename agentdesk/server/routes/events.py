"""``GET /events``: the live event stream (server-sent events), resumable by event id."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.contract.values import SequenceNumber
from agentdesk.server import event_views, events
from agentdesk.server.broker import Broker
from agentdesk.server.deps import StreamUser
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.sse import SEPARATOR, event_stream

router = APIRouter(tags=["events"], responses=PROBLEM_RESPONSES)

# The schema of ONE event of the stream (OpenAPI 3.1 describes text/event-stream by its events,
# as 3.2's itemSchema does), not of the body as a string: a client generated from the document,
# and the API fuzzer, check each event's fields. Pings are comments, not events.
SSE_EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9]+$", "description": "the event id"},
        "event": {"type": "string", "enum": [kind.value for kind in EventKind]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"type": "object"},
            "description": "ServerEvent.data as JSON",
        },
    },
    "required": ["id", "event", "data"],
}


def _event_id(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() else None


@router.get(
    "/events",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "SSE frames: `id:` event id, `event:` EventKind, `data:` JSON "
            "(ServerEvent.data); `: ping` comments while idle",
            "content": {"text/event-stream": {"schema": SSE_EVENT_SCHEMA}},
        }
    },
)
async def stream(
    request: Request,
    user: StreamUser,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    last_event_id: Annotated[
        SequenceNumber | None, Query(description="for clients that cannot set Last-Event-ID")
    ] = None,
) -> EventSourceResponse:
    """Events for the caller from ``Last-Event-ID`` on (or from now). Presence in full only
    for the agent themself and their team's supervisors; others see ready or not."""
    state = request.app.state
    broker: Broker = state.broker
    sessions = state.sessions
    role = None if user.role is None else user.role.value
    audiences = events.audiences_of(user.username, role, user.team)
    resume = _event_id(last_event_id_header)
    if resume is None:
        resume = last_event_id

    def read_after(after_id: int, limit: int) -> list[ServerEvent]:
        with sessions() as session:
            return [
                e for e, _ in events.read_after(session, after_id, limit=limit, audiences=audiences)
            ]

    def latest_id() -> int:
        with sessions() as session:
            return events.latest_id(session)

    if resume is None:  # a new client: from now
        resume = await run_in_threadpool(latest_id)
    body = event_stream(
        broker,
        audiences=audiences,
        after_id=resume,
        read_after=read_after,
        queue_size=state.settings.sse_queue_size,
        view=partial(event_views.event_view, person=user.person()),
        hint_gap_s=state.settings.sse_hint_seconds,
        hints_per_s=state.settings.sse_hints_per_second,
    )
    # No caching, no proxy buffering and no compression (DESIGN §8): the response's own.
    return EventSourceResponse(
        body,
        ping=state.settings.sse_ping_seconds,
        ping_message_factory=_ping,
        sep=SEPARATOR,
    )


def _ping() -> ServerSentEvent:
    return ServerSentEvent(comment="ping", sep=SEPARATOR)
