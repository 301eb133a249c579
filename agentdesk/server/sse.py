"""One client's ``text/event-stream``: replay from the event log, then live events.

Frames are ``id:``, ``event:`` (an EventKind) and ``data:`` (JSON); an idle stream gets a
comment ping every ``ping_seconds`` so that proxies keep it open. The stream subscribes to the
broker *before* it replays, and skips ids it has already sent, so nothing committed in between
is missed or sent twice. A subscription dropped for being slow ends the stream; the client
reconnects with ``Last-Event-ID`` and resumes from the log.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

from starlette.concurrency import run_in_threadpool

from agentdesk.contract.sync import ServerEvent
from agentdesk.server.broker import Broker

__all__ = ["event_stream", "frame"]

RETRY_MS = 3000  # the client's reconnect delay, sent once at the start
_REPLAY_BATCH = 500

ReadAfter = Callable[[int, int], list[ServerEvent]]


def frame(event: ServerEvent) -> bytes:
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"id: {event.id}\nevent: {event.kind.value}\ndata: {data}\n\n".encode()


async def event_stream(
    broker: Broker,
    *,
    audiences: tuple[str, ...],
    after_id: int,
    read_after: ReadAfter,
    ping_seconds: float,
    queue_size: int,
) -> AsyncIterator[bytes]:
    """Events above ``after_id``: the client's Last-Event-ID, or for a new client the latest
    id when it connected (read before the response starts, so nothing committed after the
    client saw the response headers is missed)."""
    subscription = broker.subscribe(audiences, queue_size)
    last = after_id
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        while True:  # replay what the client missed (what retention still holds)
            missed = await run_in_threadpool(read_after, last, _REPLAY_BATCH)
            for event in missed:
                yield frame(event)
                last = event.id
            if len(missed) < _REPLAY_BATCH:
                break
        while True:
            try:
                event = await asyncio.wait_for(subscription.queue.get(), ping_seconds)
            except TimeoutError:
                if subscription.dropped:
                    return
                yield b": ping\n\n"
                continue
            if subscription.dropped:
                return  # fell behind: the client resumes from the log with Last-Event-ID
            if event.id <= last:
                continue
            yield frame(event)
            last = event.id
    finally:
        broker.unsubscribe(subscription)
