"""One client's event stream: replay from the event log, then live events.

Events go out as ``id:``, ``event:`` (an EventKind) and ``data:`` (JSON) through sse-starlette's
``EventSourceResponse`` (``routes/events.py``), which also sends the comment pings that keep
proxies from closing an idle stream and ends the streams when the server shuts down. What is
ours is the order and the bound: the stream subscribes to the broker *before* it replays, and
skips ids it has already sent, so nothing committed in between is missed or sent twice; a
subscription dropped for being slow (its bounded queue filled up) ends the stream, and the
client reconnects with ``Last-Event-ID`` and resumes from the log.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable

from sse_starlette import ServerSentEvent
from starlette.concurrency import run_in_threadpool

from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.server.broker import Broker

__all__ = ["SEPARATOR", "event_stream"]

RETRY_MS = 3000  # the client's reconnect delay, sent once at the start
SEPARATOR = "\n"
_REPLAY_BATCH = 500

ReadAfter = Callable[[int, int], list[ServerEvent]]
# What this subscriber may see of an event (``event_views.event_view`` for them).
View = Callable[[ServerEvent], ServerEvent]


def _sent(event: ServerEvent) -> ServerSentEvent:
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"), default=str)
    return ServerSentEvent(data, id=str(event.id), event=event.kind.value, sep=SEPARATOR)


# An event every stream shows as it is (the figures, a sync's "pull now") is encoded once for
# all of them, not once per desk: with 1,000 desks that was most of a worker's time. Keyed by
# the event's own data object (kept alive beside its bytes, so its id is not reused), so
# that events of another app in the same process never meet. On the event loop only.
_ENCODED: OrderedDict[int, tuple[object, bytes]] = OrderedDict()
_ENCODED_KEPT = 64


def _shared(event: ServerEvent) -> bytes:
    key = id(event.data)
    found = _ENCODED.get(key)
    if found is not None and found[0] is event.data:
        return found[1]
    encoded = _sent(event).encode()
    _ENCODED[key] = (event.data, encoded)
    while len(_ENCODED) > _ENCODED_KEPT:
        _ENCODED.popitem(last=False)
    return encoded


def _out(event: ServerEvent, shown: ServerEvent) -> ServerSentEvent | bytes:
    """``shown`` (this subscriber's view of ``event``), encoded once for all when it is the
    event itself."""
    return _shared(event) if shown is event else _sent(shown)


async def event_stream(
    broker: Broker,
    *,
    audiences: tuple[str, ...],
    after_id: int,
    read_after: ReadAfter,
    queue_size: int,
    view: View = lambda event: event,
    hint_gap_s: float = 0.0,
    hints_per_s: float = 0.0,
) -> AsyncIterator[ServerSentEvent | bytes]:
    """Events above ``after_id``: the client's Last-Event-ID, or for a new client the latest
    id when it connected (read before the response starts, so nothing committed after the
    client saw the response headers is missed). Each event goes out as ``view`` shows it to
    this subscriber.

    Live "pull now" hints (``sync.changes``) go out at most every ``hint_gap_s``, or less often
    when this worker's streams would together be told more than ``hints_per_s`` times a second
    (see :class:`_HintPacer`): one within the gap is held and the latest sent when it ends (a
    desk pulls everything after its cursor whichever hint woke it; at 1,000 desks a hint per
    write was a pull per write per desk).
    A held hint sent after later events carries the id of the last event sent, so the
    client's Last-Event-ID never goes back; a client that leaves first replays it from the
    log."""
    subscription = broker.subscribe(audiences, queue_size)
    last = after_id
    try:
        yield ServerSentEvent(retry=RETRY_MS, sep=SEPARATOR)
        while True:  # replay what the client missed (what retention still holds)
            missed = await run_in_threadpool(read_after, last, _REPLAY_BATCH)
            for event in missed:
                yield _sent(view(event))  # read for this stream alone: nothing to share
                last = event.id
            if len(missed) < _REPLAY_BATCH:
                break
        hints = _HintPacer(hint_gap_s, hints_per_s, broker.streams)
        while True:
            try:
                async with asyncio.timeout(hints.wait()):
                    event = await subscription.queue.get()
            except TimeoutError:
                hint = hints.release(last)
                yield _sent(hint)  # its own encoding: the id may differ from the logged one
                last = hint.id
                continue
            if subscription.dropped:
                return  # fell behind: the client resumes from the log with Last-Event-ID
            if event.id > last and not hints.hold(event):
                yield _out(event, view(event))
                last = event.id
    finally:
        broker.unsubscribe(subscription)


class _HintPacer:
    """One stream's "pull now" hints: at most one a gap, the rest held (the latest kept) until
    the gap ends.

    The gap is ``min_gap_s``, or longer when this worker's ``streams()`` would together be told
    more than ``per_second`` times a second: every desk pulls on a hint, and at 1,000 desks a
    hint a second each was 1,000 pulls a second, whatever the site's size the same work per
    desk. So the pulls that hints cause stay under ``per_second`` per worker, and a large
    floor hears of its colleagues' changes later (their own are in their cache at once;
    the desk's own periodic pull is the backstop). Every stream hears a write at the same
    moment: beyond ``min_gap_s``, the first hint after a quiet spell waits a random part of
    the gap and the gaps vary by a quarter either way, so the desks do not pull at once."""

    def __init__(self, min_gap_s: float, per_second: float, streams: Callable[[], int]) -> None:
        self._min_gap_s = min_gap_s
        self._per_second = per_second
        self._streams = streams
        self._loop = asyncio.get_running_loop()
        self._next_at = 0.0  # the loop's time from which a hint may go out at once
        self._held: ServerEvent | None = None

    def _gap(self) -> float:
        shared = self._streams() / self._per_second if self._per_second > 0 else 0.0
        return max(self._min_gap_s, shared)

    def _next_gap(self) -> float:
        gap = self._gap()
        if gap <= self._min_gap_s:
            return gap
        return max(self._min_gap_s, gap * random.uniform(0.75, 1.25))

    def hold(self, event: ServerEvent) -> bool:
        """True when ``event`` is a hint to hold now; a hint let through starts a gap."""
        if event.kind is not EventKind.CHANGES or self._min_gap_s <= 0:
            return False
        now = self._loop.time()
        if now < self._next_at or self._held is not None:
            self._held = event  # the latest, due when the gap ends
            return True
        spread = self._gap() - self._min_gap_s
        if spread > 0:  # after a quiet spell, on a crowded worker: not all streams at once
            self._held = event
            self._next_at = now + random.uniform(0.0, spread)
            return True
        self._next_at = now + self._next_gap()
        return False

    def wait(self) -> float | None:
        """Seconds until a held hint is due (None: nothing held)."""
        if self._held is None:
            return None
        return max(0.0, self._next_at - self._loop.time())

    def release(self, last_id: int) -> ServerEvent:
        """The held hint, due now, with an id the client has not gone past."""
        held, self._held = self._held, None
        assert held is not None  # wait() gave a deadline only while one was held
        self._next_at = self._loop.time() + self._next_gap()
        return held.model_copy(update={"id": max(held.id, last_id)})
