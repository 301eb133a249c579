"""The live event stream (``GET /events``) read with httpx-sse, bounded.

httpx-sse parses the text/event-stream fields; this module bounds what it may buffer (a line
without an end, an event without a blank line) so a broken proxy or server cannot make the
desktop hang or fill its memory: past the bounds, or on an event that is not the contract's
shape, iteration raises ProtocolError. Network trouble while reading is BackendUnavailable.

Threading: an EventStream is read by one thread; ``abort()`` may be called from another to
end a blocking read at once (the listener's ``stop``); ``close()`` belongs to the reader.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any, cast

import httpx
from httpx_sse import EventSource, ServerSentEvent, SSEError
from pydantic import ValidationError

from agentdesk.client.errors import network_error
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.errors import BackendUnavailable, ProtocolError

__all__ = ["MAX_EVENT_CHARS", "MAX_LINE_CHARS", "EventStream"]

log = logging.getLogger(__name__)

MAX_LINE_CHARS = 64 * 1024
MAX_EVENT_CHARS = 256 * 1024
_KINDS = {kind.value: kind for kind in EventKind}


class _BoundedText:
    """The part of ``httpx.Response`` that EventSource reads, with bounded lines and events.

    Line ends are normalised to ``\\n`` first (SSE allows CR, LF and CRLF), so that a blank
    line, which ends an event, is simply two ``\\n`` in a row, even across chunks.
    """

    def __init__(self, response: httpx.Response, max_line: int, max_event: int) -> None:
        self._response = response
        self._max_line = max_line
        self._max_event = max_event

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    def iter_text(self) -> Iterator[str]:
        line = event = 0  # characters since the last line end / the last blank line
        last = "\n"  # the stream starts as if after a line end
        pending_cr = False
        for raw in self._response.iter_text():
            if pending_cr and raw.startswith("\n"):
                raw = raw[1:]  # the LF of a CRLF split across chunks
            pending_cr = raw.endswith("\r")
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
            if not text:
                continue
            blank = text.rfind("\n\n")
            if last == "\n" and text.startswith("\n"):
                blank = max(blank, 0)
            newline = text.rfind("\n")
            line = line + len(text) if newline < 0 else len(text) - newline - 1
            event = event + len(text) if blank < 0 else len(text) - blank - 2
            if line > self._max_line:
                raise ProtocolError(f"event stream line longer than {self._max_line} characters")
            if event > self._max_event:
                raise ProtocolError(f"event stream event longer than {self._max_event} characters")
            last = text[-1]
            yield text


def _to_server_event(sse: ServerSentEvent) -> ServerEvent | None:
    kind = _KINDS.get(sse.event)
    if kind is None:
        # A newer server may send kinds this desktop does not know: skip, do not fail.
        log.debug("skipping unknown event kind %r", sse.event)
        return None
    try:
        event_id = int(sse.id)
        data: Any = json.loads(sse.data) if sse.data else {}
    except ValueError as exc:
        raise ProtocolError(f"malformed {sse.event} event (id {sse.id!r})") from exc
    if not isinstance(data, dict):
        raise ProtocolError(f"{sse.event} event data is not a JSON object")
    try:
        if {"id", "kind", "at"} <= data.keys():  # the whole ServerEvent as data
            return ServerEvent.model_validate(data)
        at = data.get("at") or datetime.now(UTC)
        return ServerEvent(id=event_id, kind=kind, at=at, data=data)
    except ValidationError as exc:
        raise ProtocolError(f"{sse.event} event does not match ServerEvent") from exc


class EventStream:
    """An open ``/events`` response: iterate for ServerEvents, ``close()`` when done."""

    def __init__(
        self,
        stack: ExitStack,
        source: EventSource,
        *,
        max_line: int = MAX_LINE_CHARS,
        max_event: int = MAX_EVENT_CHARS,
    ) -> None:
        self._stack = stack
        self._response = source.response
        bounded = _BoundedText(source.response, max_line, max_event)
        self._source = EventSource(cast(httpx.Response, bounded))

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._response.close()
        finally:
            self._stack.close()

    def abort(self) -> None:
        """From another thread: end the reader's blocking read now. Closing an httpx response
        does not wake a thread blocked in ``recv``; shutting the socket down does (the read
        then fails, and the reader closes the stream as usual)."""
        stream = self._response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed

    def __iter__(self) -> Iterator[ServerEvent]:
        try:
            for sse in self._source.iter_sse():
                event = _to_server_event(sse)
                if event is not None:
                    yield event
        except SSEError as exc:
            raise ProtocolError(f"not an event stream: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise BackendUnavailable("event stream: no data or ping in time") from exc
        except httpx.StreamClosed as exc:
            raise BackendUnavailable("event stream closed") from exc
        except (httpx.TransportError, OSError) as exc:
            raise network_error("event stream", exc) from exc
        finally:
            self.close()
