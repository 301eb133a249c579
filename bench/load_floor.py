"""The floor of ``make bench-load``: a server that does no work, which the same desks load in
the same run (``load_bench --floor``), so the figures show what part of the gap to the targets
the machine and the generator account for.

It answers every call of the desks (``load_desks``) at once with a body of the shape and size
of AgentDesk's (``load_floor_bodies``): no database and no checks, any Bearer token is a desk;
a request's body is read only where the answer depends on it (the state a presence asks, a
push's mutations). Each desk's ``/events`` stream gets what AgentDesk sends a desk now, on the
cadence of the settings AgentDesk's server reads in the same environment:

- ``queue.stats`` every ``agent_stats_seconds`` with ``at`` = now, the queues of the desk's
  team (``TEAMS_ENV``: each token's team; the team's queues from the settings), one frame for
  all the streams of a team on a worker (AgentDesk encodes each team's once for all its
  streams too), on the wall clock's beat, so both workers send it together as AgentDesk's one
  leader does;
- ``sync.changes`` after a write (a push, a patch), to each stream at most every
  ``sse_hint_seconds`` or, with more streams than ``sse_hints_per_second`` × that on the
  worker, at most ``sse_hints_per_second`` in all, each stream's gaps varying by a quarter
  (AgentDesk's pacing, ``server/sse.py``);
- the desk's own ``presence.changed`` when it changes its presence;
- a ``: ping`` every ``sse_ping_seconds`` (sse-starlette's, as AgentDesk's).

``GET /sync/changes`` answers one canned interaction per write since the desk's cursor (up to
``limit``), so a desk's pull weighs about what it weighs on AgentDesk under the same writes.

uvicorn runs it with ``WORKERS`` workers (``start``). They tell each other of writes and
presence changes by datagrams on Unix sockets in one folder (AgentDesk's workers, through
PostgreSQL), so a desk's stream gets its events whichever worker answered its request.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from load_floor_bodies import DESK, TEAM, bodies
from processes import ServerProcess, free_port
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from agentdesk.config.settings import Settings, load_settings
from agentdesk.contract.problem import PROBLEM_MEDIA_TYPE
from agentdesk.contract.sync import (
    ChangesPage,
    EventKind,
    MutationKind,
    MutationResult,
    PushResponse,
    ResultStatus,
    SyncEntity,
)
from agentdesk.server.problem_details import make_problem
from agentdesk.server.sse import RETRY_MS, SEPARATOR

__all__ = ["WORKERS", "app", "start"]

ROOT = Path(__file__).resolve().parent
WORKERS = 2  # as AgentDesk's server in bench-load
SOCKETS_ENV = "LOAD_FLOOR_SOCKETS"  # the folder of the workers' sockets
CURSOR_ENV = "LOAD_FLOOR_CURSOR"  # the desks' sync cursor when they start
TEAMS_ENV = "LOAD_FLOOR_TEAMS"  # a JSON file: each desk's token → its team
JSON = "application/json"
_WRITE = b"w"  # a datagram: a write happened
_PRESENCE = b"p"  # a datagram: p<token>\n<presence.changed data>
_OTHER_STATE = {"ready": "not_ready", "not_ready": "ready"}

Endpoint = Callable[[Request], Awaitable[Response]]
DeskEndpoint = Callable[[Request, str], Awaitable[Response]]


def _json(data: Any) -> str:
    """As AgentDesk encodes an event's data (``agentdesk.server.sse``)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _ping() -> ServerSentEvent:
    return ServerSentEvent(comment="ping", sep=SEPARATOR)


def _problem(status: int, detail: str) -> Response:
    problem = make_problem(status, detail=detail)
    return Response(
        problem.model_dump_json(exclude_none=True), status, media_type=PROBLEM_MEDIA_TYPE
    )


def _signed_in(endpoint: DeskEndpoint) -> Endpoint:
    """``endpoint`` for any request with a Bearer token (the desk's: its streams are keyed by
    it); 401 for one without."""

    async def answer(request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _problem(401, "a Bearer token, any")
        return await endpoint(request, token)

    return answer


@dataclass
class _Stream:
    """One desk's open stream: the frames waiting for it. One that falls ``sse_queue_size``
    frames behind is ended, as AgentDesk ends it (the desk reconnects)."""

    queue: asyncio.Queue[bytes]
    dropped: bool = False
    hinted: int = 0  # the last sequence it was told of
    hint_at: float = 0.0  # the monotonic time from which it may be told again

    def send(self, frame: bytes) -> None:
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.dropped = True


class _Workers(asyncio.DatagramProtocol):
    """The floor's workers, a Unix datagram socket each in ``folder``: what one tells, every
    one (itself too) receives."""

    def __init__(self, folder: Path, received: Callable[[bytes], None]) -> None:
        self._folder = folder
        self._mine = folder / f"{os.getpid()}.sock"
        self._received = received
        self._transport: asyncio.DatagramTransport | None = None
        self._everyone: list[str] = []

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=str(self._mine), family=socket.AF_UNIX
        )
        self.look()

    def look(self) -> None:
        """Find the workers again (one that started later is found the next time)."""
        self._everyone = [str(path) for path in self._folder.glob("*.sock")]

    def tell(self, message: bytes) -> None:
        assert self._transport is not None
        for path in self._everyone:
            self._transport.sendto(message, path)

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self._received(data)

    def error_received(self, exc: Exception) -> None:
        pass  # a worker that has stopped: nobody there to tell

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
        self._mine.unlink(missing_ok=True)


class Floor:
    """One worker of the floor: its desks' streams, the writes it has heard of, its answers."""

    def __init__(
        self, settings: Settings, sockets: Path, cursor: int, teams: dict[str, str]
    ) -> None:
        self._server = settings.server
        telephony = settings.telephony
        every = list(telephony.queues)
        self._queues_of = {  # a desk's token → the queues of its team's figures
            token: frozenset(telephony.team_skills.get(team, every))
            for token, team in teams.items()
        }
        # 0 is "every change" (AgentDesk then sends one at each move): the live cadence instead.
        self._stats_s = telephony.agent_stats_seconds or telephony.stats_seconds
        self._hint_s = max(0.1, self._server.sse_hint_seconds)
        self._hints_per_s = self._server.sse_hints_per_second
        self._bodies = bodies(telephony, datetime.now(UTC))
        self._interaction = _json(self._bodies.interaction)
        self._streams: dict[str, _Stream] = {}
        self._seq = cursor  # the feed's sequence: one more per write, any worker's
        self._event_ids = itertools.count(1)
        self._ids = itertools.count(1)  # of the tickets and wrap-ups pushed
        self._workers = _Workers(sockets, self._heard)

    def routes(self) -> list[Route]:
        return [
            Route("/health", self.health),
            Route("/events", _signed_in(self.events)),
            Route("/telephony/presence", _signed_in(self.presence), methods=["POST"]),
            Route("/customers/lookup", _signed_in(self.lookup)),
            Route("/customers/{customer_id:int}", _signed_in(self.profile)),
            Route("/sync/push", _signed_in(self.push), methods=["POST"]),
            Route("/sync/changes", _signed_in(self.changes)),
            Route("/tickets/{ticket_id:int}", _signed_in(self.read_ticket)),
            Route("/tickets/{ticket_id:int}", _signed_in(self.patch_ticket), methods=["PATCH"]),
        ]

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await self._workers.open()
        beats = [asyncio.create_task(self._stats()), asyncio.create_task(self._hints())]
        try:
            yield
        finally:
            for beat in beats:
                beat.cancel()
            await asyncio.gather(*beats, return_exceptions=True)
            self._workers.close()

    # -- the streams ------------------------------------------------------------------------

    def _frame(self, kind: EventKind, data: str) -> bytes:
        event_id = str(next(self._event_ids))
        return ServerSentEvent(data, id=event_id, event=kind.value, sep=SEPARATOR).encode()

    def _to_all(self, frame: bytes) -> None:
        for stream in list(self._streams.values()):
            stream.send(frame)

    async def _stats(self) -> None:
        board = dict(self._bodies.queue_stats)
        while True:
            await asyncio.sleep(self._stats_s - time.time() % self._stats_s)
            board["at"] = datetime.now(UTC).isoformat()
            frames: dict[frozenset[str] | None, bytes] = {}
            for token, stream in list(self._streams.items()):
                queues = self._queues_of.get(token)
                frame = frames.get(queues)
                if frame is None:
                    mine = [q for q in board["queues"] if queues is None or q["queue"] in queues]
                    frame = self._frame(EventKind.QUEUE_STATS, _json({**board, "queues": mine}))
                    frames[queues] = frame
                stream.send(frame)

    async def _hints(self) -> None:
        beat = min(0.1, self._hint_s)
        while True:
            await asyncio.sleep(beat)
            self._workers.look()
            gap = max(self._hint_s, len(self._streams) / self._hints_per_s)
            now = time.monotonic()
            frame = b""
            for stream in list(self._streams.values()):
                if stream.hinted < self._seq and now >= stream.hint_at:
                    frame = frame or self._frame(EventKind.CHANGES, _json({"seq": self._seq}))
                    stream.send(frame)
                    stream.hinted = self._seq
                    spread = random.uniform(0.75, 1.25) if gap > self._hint_s else 1.0
                    stream.hint_at = now + gap * spread

    def _heard(self, message: bytes) -> None:
        """A worker's datagram (this one's too): a write, or a desk's presence changed."""
        if message == _WRITE:
            self._seq += 1
            return
        token, _, data = message.removeprefix(_PRESENCE).partition(b"\n")
        stream = self._streams.get(token.decode())
        if stream is not None:
            stream.send(self._frame(EventKind.PRESENCE_CHANGED, data.decode()))

    async def _stream(self, token: str) -> AsyncIterator[ServerSentEvent | bytes]:
        stream = _Stream(asyncio.Queue(self._server.sse_queue_size))
        self._streams[token] = stream
        try:
            yield ServerSentEvent(retry=RETRY_MS, sep=SEPARATOR)
            while True:
                frame = await stream.queue.get()
                if stream.dropped:
                    return
                yield frame
        finally:
            if self._streams.get(token) is stream:
                del self._streams[token]

    # -- the routes -------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type=JSON)

    async def events(self, request: Request, token: str) -> Response:
        return EventSourceResponse(
            self._stream(token),
            ping=self._server.sse_ping_seconds,
            ping_message_factory=_ping,
            sep=SEPARATOR,
        )

    async def presence(self, request: Request, token: str) -> Response:
        asked = json.loads(await request.body())
        state = asked.get("state")
        answer = self._bodies.presence.get(state)
        if answer is None:
            return _problem(422, "state: ready or not_ready")
        now = datetime.now(UTC).isoformat()
        changed = {
            "username": DESK,
            "team": TEAM,
            "state": state,
            "reason": asked.get("reason"),
            "pending_reason": None,
            "since": now,
            "previous": _OTHER_STATE[state],
            "at": now,
        }
        self._workers.tell(_PRESENCE + token.encode() + b"\n" + _json(changed).encode())
        return Response(answer, media_type=JSON)

    async def lookup(self, request: Request, token: str) -> Response:
        return Response(self._bodies.lookup, media_type=JSON)

    async def profile(self, request: Request, token: str) -> Response:
        return Response(self._bodies.profile, media_type=JSON)

    async def push(self, request: Request, token: str) -> Response:
        mutations = json.loads(await request.body())["mutations"]
        results = [self._applied(mutation) for mutation in mutations]
        for _ in results:
            self._workers.tell(_WRITE)
        answer = PushResponse(results=results, last_applied_seq=mutations[-1]["seq"])
        return Response(answer.model_dump_json(), media_type=JSON)

    def _applied(self, mutation: dict[str, Any]) -> MutationResult:
        """``mutation`` applied, with the record AgentDesk answers: a ticket, or a wrap-up."""
        new_id = next(self._ids)
        if mutation["kind"] == MutationKind.TICKET_CREATE:
            entity, version = SyncEntity.TICKET, 1
            ticket = self._bodies.ticket.model_copy(update={"id": new_id})
            record = ticket.model_dump(mode="json")
        else:
            entity, version = SyncEntity.INTERACTION, None
            record = {**self._bodies.interaction, "id": new_id}
        return MutationResult(
            seq=mutation["seq"],
            idempotency_key=mutation["idempotency_key"],
            status=ResultStatus.APPLIED,
            entity=entity,
            entity_id=new_id,
            version=version,
            record=record,
        )

    async def changes(self, request: Request, token: str) -> Response:
        since = int(request.query_params.get("since", "0"))
        limit = int(request.query_params.get("limit", "1000"))
        high = max(self._seq, since)
        count = min(limit, high - since)
        page = ChangesPage(cursor=since + count, high_water=high, has_more=since + count < high)
        # The records go in as stored JSON, as AgentDesk's feed concatenates its own.
        records = ",".join(itertools.repeat(self._interaction, count))
        body = page.model_dump_json().replace('"interactions":[]', f'"interactions":[{records}]')
        return Response(body, media_type=JSON)

    def _ticket(self, ticket_id: int, version: int) -> Response:
        ticket = self._bodies.ticket.model_copy(update={"id": ticket_id, "version": version})
        headers = {"ETag": f'W/"{version}"'}
        return Response(ticket.model_dump_json(), media_type=JSON, headers=headers)

    async def read_ticket(self, request: Request, token: str) -> Response:
        return self._ticket(request.path_params["ticket_id"], 1)

    async def patch_ticket(self, request: Request, token: str) -> Response:
        base = request.headers.get("if-match", "").removeprefix("W/").strip('"')
        self._workers.tell(_WRITE)
        return self._ticket(request.path_params["ticket_id"], int(base or 0) + 1)


def app() -> Starlette:
    """One worker's app (uvicorn's factory), with the settings AgentDesk's server would read
    in this environment."""
    teams = json.loads(Path(os.environ[TEAMS_ENV]).read_text())
    sockets, cursor = Path(os.environ[SOCKETS_ENV]), int(os.environ[CURSOR_ENV])
    floor = Floor(load_settings(), sockets, cursor, teams)
    return Starlette(routes=floor.routes(), lifespan=floor.lifespan)


def start(work: Path, cursor: int, teams: dict[str, str]) -> tuple[str, ServerProcess]:
    """The floor on a free loopback port, ``WORKERS`` uvicorn workers, its output appended to
    ``work/floor.log``; the desks' sync starts at ``cursor``; ``teams``: each desk's token →
    its team. Its base URL and its process."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    sockets = work / "floor-workers"
    sockets.mkdir(exist_ok=True)
    teams_file = work / "floor-teams.json"
    teams_file.write_text(json.dumps(teams))
    command = [sys.executable, "-m", "uvicorn", "load_floor:app", "--factory"]
    command += ["--app-dir", str(ROOT), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(WORKERS), "--log-level", "warning"]
    # As `agentdesk server` runs uvicorn (agentdesk.server.main).
    command += ["--no-access-log", "--no-server-header", "--timeout-graceful-shutdown", "5"]
    server = ServerProcess.start(
        "the floor server",
        command,
        log_path=work / "floor.log",
        ready_url=f"{url}/health",
        env={
            **os.environ,
            SOCKETS_ENV: str(sockets),
            CURSOR_ENV: str(cursor),
            TEAMS_ENV: str(teams_file),
        },
        cwd=ROOT.parent,
    )
    return url, server
