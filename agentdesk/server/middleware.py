"""ASGI middleware of the backend: the access log, the request-body cap, the last-resort
error handler and the cap on requests in progress.

Both are plain ASGI (not BaseHTTPMiddleware) so that streaming bodies are counted as they
arrive and nothing is buffered twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agentdesk.server.problems import BodyTooLarge, problem_response

__all__ = [
    "AccessLogMiddleware",
    "BodyLimitMiddleware",
    "ConcurrencyLimitMiddleware",
    "UnhandledErrorMiddleware",
]

log = logging.getLogger(__name__)
access_log = logging.getLogger("agentdesk.server.access")


class AccessLogMiddleware:
    """One log line per request: method, path, status, duration.

    Replaces uvicorn's access log, which writes the query string: a lookup's query is a phone
    number, and a line that never carries it needs no masking to be safe.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            access_log.info(
                "%s %s %s in %.1f ms",
                scope.get("method"),
                scope.get("path"),
                status,
                (time.perf_counter() - started) * 1000,
            )


class BodyLimitMiddleware:
    """Refuse bodies larger than ``max_bytes`` with 413.

    A declared Content-Length over the limit is refused before the app runs; a body without
    one (chunked) is counted as it streams, and the read that crosses the limit raises
    BodyTooLarge, which the problem handlers turn into the same 413.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            # The body is left unread; the server closes the connection after the response.
            response = problem_response(
                413,
                "payload_too_large",
                f"request body larger than {self.max_bytes} bytes",
                instance=scope.get("path"),
            )
            await response(scope, receive, send)
            return

        received = 0
        limit = self.max_bytes

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as exc:
            # Raised where no route handler could catch it (e.g. a body read by middleware).
            if started:
                raise
            response = problem_response(413, exc.code, str(exc.detail), instance=scope.get("path"))
            await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class UnhandledErrorMiddleware:
    """Answer any unexpected exception with a generic 500 problem.

    The response says nothing of the failure (no exception text, no traceback). The log gets
    the exception type, the route and where in the code it failed, but not the exception
    message or source lines, which may quote personal data (a phone number, a name).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            _log_unhandled(scope, exc)
            if started:
                raise
            response = problem_response(
                500, "internal_error", "the server could not complete the request"
            )
            await response(scope, receive, send)


def _log_unhandled(scope: Scope, exc: BaseException) -> None:
    route: Any = scope.get("route")
    where = getattr(route, "path", None) or "(no route)"  # the template, never the query
    # File, line and function of each frame; no source text, which may quote data literally.
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
    )
    log.error(
        "unhandled %s in %s %s\n%s", type(exc).__qualname__, scope.get("method"), where, frames
    )


class ConcurrencyLimitMiddleware:
    """At most ``limit`` requests in progress in this worker, of them at most ``write_limit``
    writes; the others wait their turn here, holding nothing. A request holds its database
    connection from its first query to its end, and runs its dependencies and its body on
    FastAPI's threads one after another: with more requests in progress than connections, the
    ones holding connections waited for a thread that those waiting for a connection held, and
    nothing moved until the pool's timeout. Capped, each request in progress has a connection
    to get (``db.pool_for``). Writes are capped apart: they take the change lock
    (``sequence.py``) one at a time across every worker, and at 1,000 desks the slots filled
    with writes queued for it while the screen-pops' reads, which need no lock, waited
    behind them. Writes that take no change lock (``lockless_prefixes``: the ACD's moves,
    which wait on its leader) are not capped with them. Event streams (``stream_paths``) are
    not counted: they hold a connection only while they read the event log."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        write_limit: int,
        stream_paths: tuple[str, ...],
        lockless_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self._limit = limit
        self._write_limit = min(write_limit, limit)
        self._stream_paths = stream_paths
        self._lockless_prefixes = lockless_prefixes
        # Made on the server's event loop, at the first request.
        self._slots: asyncio.Semaphore | None = None
        self._write_slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self._stream_paths:
            await self.app(scope, receive, send)
            return
        if self._slots is None or self._write_slots is None:
            self._slots = asyncio.Semaphore(self._limit)
            self._write_slots = asyncio.Semaphore(self._write_limit)
        path: str = scope["path"]
        if scope["method"] in _READS or path.startswith(self._lockless_prefixes):
            async with self._slots:
                await self.app(scope, receive, send)
            return
        async with self._write_slots, self._slots:  # a write slot first, holding nothing
            await self.app(scope, receive, send)


_READS = frozenset({"GET", "HEAD", "OPTIONS"})
