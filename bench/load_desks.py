"""The desks of ``make bench-load``: each desk its own signed-in agent (its own access token)
with its own ``/events`` stream, open for the whole run, and a share of an open-loop REST load
(Poisson arrivals at ``rate`` requests/s over all desks) made of the desk's real calls.

One asyncio loop per bench process (``run_part``, run in a process of its own by
``load_bench``), one httpx AsyncClient for its desks; streams read with httpx-sse as the
desktop's listener reads them (``agentdesk.client.sse``), reconnecting after ``retry`` with
``Last-Event-ID``. Payloads are built with the desktop's contract models.

The desk's calls, by route family:

- ``presence``: ``POST /telephony/presence``, ready ⇄ not ready (break), the softphone's;
- ``pop``: ``GET /customers/lookup?phone=`` then ``GET /customers/{id}`` (the 360): the screen
  pop of a caller the desk's cache does not know (two requests);
- ``push``: ``POST /sync/push`` of one ``interaction.create``, the wrap-up as the desktop's
  outbox sends it (customer, caller's number, call id);
- ``tickets``: the ticket work: create (``POST /sync/push`` of a ``ticket.create``, as the
  desktop creates tickets), list (``GET /sync/changes`` after the desk's last cursor, in the
  desktop's default cache scope, the working set, naming the one it was last sent: the desk
  lists tickets from its cache, and this is what refreshes it), read (``GET /tickets/{id}``),
  update (``PATCH /tickets/{id}`` with ``If-Match``).

What is timed on the streams (arrival: the wall clock when httpx-sse hands the bench the
event, in the desk's process): ``presence.changed`` (the desk's own) and ``queue.stats`` from
the ``at`` the server gave the event when it made it (same machine, same clock);
``ticket.changed`` (a supervisor's event since the desks stopped receiving it; counted if a
server still sends it) from the wall clock just before the bench sent the request that made
that ticket version. ``sync.changes`` carries no time: counted, and answered as the desktop
answers it (its listener wakes its sync runner, which pulls): ``GET /sync/changes`` after the
desk's cursor, one pull at a time per desk, timed as the ``hint pull`` family (those begun
while the arrivals run). These pulls come on top of ``rate``: how many there are is the
server's pacing of its hints.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from agentdesk.client.api import EVENTS_TIMEOUT
from agentdesk.config.desktop import DesktopSettings
from agentdesk.contract import ids
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import (
    CacheScope,
    InteractionCreate,
    Mutation,
    MutationKind,
    PushRequest,
    PushResponse,
    TicketCreate,
    TicketPatch,
    scope_digest,
)
from agentdesk.contract.telephony import PresenceRequest
from agentdesk.contract.tickets import ComplaintCategory, Severity
from agentdesk.domain.presence import AgentState, NotReadyReason

FAMILIES = ("presence", "pop", "push", "tickets")
HINT_PULL = "hint pull"  # the pulls the desks make when told "pull now" (not in ``rate``)
# Requests per action of each family (a pop is a lookup and a 360).
REQUESTS_PER_ACTION = {"presence": 1, "pop": 2, "push": 1, "tickets": 1}
TICKET_MIX = (("read", 0.4), ("list", 0.3), ("create", 0.15), ("update", 0.15))
TIMED_KINDS = ("presence.changed", "queue.stats", "ticket.changed")
RECONNECT_S = 3.0  # the server's ``retry`` (agentdesk.server.sse.RETRY_MS)
MAX_IN_FLIGHT = 2000  # past this the bench is the bottleneck: counted as errors
FIRST_ERRORS = 8
_CURSOR = re.compile(rb'"cursor":(\d+)')
_WORKING_SET = re.compile(rb'"working_set":\[([0-9,]*)\]')
SCOPE = {"scope": CacheScope.WORKING_SET.value, "days": DesktopSettings().cache_working_set_days}


@dataclass
class Desk:
    username: str
    token: str
    ready: bool = True
    cursor: int = 0  # the last sync.changes seq pulled
    push_seq: int = 0
    tickets: list[tuple[int, int, str]] = field(default_factory=list)  # id, version, description
    connected: bool = False
    pulling: bool = False  # a pull on a hint in flight (the desktop runs one round at a time)
    have: str = ""  # scope_digest of the working set it was last sent

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Record:
    """What one process saw; merged by ``load_bench``."""

    rest: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    rest_total: dict[str, int] = field(default_factory=Counter)
    sse: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, int] = field(default_factory=Counter)
    errors: dict[str, int] = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)
    reconnects: int = 0
    connected: int = 0
    requests_measured: int = 0  # answered (any status) in the measured phase
    requests_sent: int = 0  # sent in the measured phase (timeouts included)
    lag: list[float] = field(default_factory=list)  # how late the bench sent, s

    def error(self, key: str, detail: str = "") -> None:
        self.errors[key] += 1
        if len(self.first_errors) < FIRST_ERRORS:
            self.first_errors.append(f"{key}: {detail[:200]}" if detail else key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rest": dict(self.rest),
            "rest_total": dict(self.rest_total),
            "sse": dict(self.sse),
            "events": dict(self.events),
            "errors": dict(self.errors),
            "first_errors": self.first_errors,
            "reconnects": self.reconnects,
            "connected": self.connected,
            "requests_measured": self.requests_measured,
            "requests_sent": self.requests_sent,
            "lag": self.lag,
        }


class Part:
    """This process's desks, their streams and their share of the REST load."""

    def __init__(
        self,
        url: str,
        desks: list[tuple[str, str]],
        callers: list[tuple[int, str]],
        cursor: int,
        rate: float,
        mix: dict[str, float],
        seed: int,
    ) -> None:
        self.url = url
        self.desks = [Desk(name, token, cursor=cursor) for name, token in desks]
        self.callers = callers
        self.rate = rate
        self.mix = mix
        self.rng = random.Random(seed)
        self.record = Record()
        self.measuring = False
        self.arriving = False  # the open-loop arrivals are on (the measured window)
        self.stopping = False
        self.in_flight = 0
        # (ticket id, version) → wall clock just before the request that made it
        self.ticket_sent: dict[tuple[int, int], float] = {}
        self.http: httpx.AsyncClient | None = None
        self.pulls: set[asyncio.Task[None]] = set()

    # -- streams ----------------------------------------------------------------------------

    def stopped(self) -> bool:
        """Read anew after every await (the run's end sets ``stopping``)."""
        return self.stopping

    async def stream(self, desk: Desk) -> None:
        assert self.http is not None
        last_id: str | None = None
        first = True
        while not self.stopped():
            headers = dict(desk.auth)
            if last_id is not None:
                headers["Last-Event-ID"] = last_id
            try:
                async with aconnect_sse(
                    self.http, "GET", "/events", headers=headers, timeout=EVENTS_TIMEOUT
                ) as source:
                    status = source.response.status_code
                    if status != 200:
                        self.record.error(f"/events {status}", desk.username)
                    else:
                        if first:
                            self.record.connected += 1
                            first = False
                        desk.connected = True
                        async for sse in source.aiter_sse():
                            if sse.id and sse.data:  # not the stream's first ``retry:``
                                last_id = sse.id
                                self.on_event(desk, sse.event, sse.data, time.time())
                    if not self.stopped():
                        self.record.error("/events ended by the server", desk.username)
            except (httpx.HTTPError, OSError) as exc:
                if self.stopped():
                    return
                self.record.error(f"/events {type(exc).__name__}", f"{desk.username} {exc}")
            desk.connected = False
            if self.stopped():
                return
            self.record.reconnects += 1
            await asyncio.sleep(RECONNECT_S)

    def on_event(self, desk: Desk, kind: str, data: str, arrived: float) -> None:
        self.record.events[kind] += 1
        if kind == "sync.changes":
            if not desk.pulling and not self.stopping:
                desk.pulling = True
                task = asyncio.create_task(self.pull_on_hint(desk))
                self.pulls.add(task)
                task.add_done_callback(self.pulls.discard)
            return
        if not self.measuring or kind not in TIMED_KINDS:
            return
        body = json.loads(data)
        if kind == "ticket.changed":
            sent = self.ticket_sent.get((int(body["id"]), int(body["version"])))
            if sent is not None:
                self.record.sse[kind].append(arrived - sent)
            return
        at = body.get("at")
        if isinstance(at, str):
            made = datetime.fromisoformat(at).timestamp()
            self.record.sse[kind].append(arrived - made)

    # -- the REST load ----------------------------------------------------------------------

    async def pace(self, seconds: float) -> float:
        """Poisson arrivals of actions at ``rate`` requests/s for ``seconds``; returns the wall
        clock of the last arrival (the requests in flight then are still waited for)."""
        weights = [self.mix.get(f, 0.0) for f in FAMILIES]
        per_action = sum(w * REQUESTS_PER_ACTION[f] for f, w in zip(FAMILIES, weights, strict=True))
        action_rate = self.rate / per_action
        start = time.monotonic()
        due = start
        tasks: set[asyncio.Task[None]] = set()
        self.arriving = True
        while not self.stopping:
            due += self.rng.expovariate(action_rate)
            if due - start >= seconds:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            elif self.measuring:
                self.record.lag.append(-wait)
            family = self.rng.choices(FAMILIES, weights)[0]
            desk = self.rng.choice(self.desks)
            if self.in_flight >= MAX_IN_FLIGHT:
                self.record.error("bench: too many requests in flight")
                continue
            task = asyncio.create_task(self.act(family, desk))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        ended = time.time()
        self.arriving = False
        if tasks:
            await asyncio.wait(tasks, timeout=35)
        for task in list(tasks):  # unanswered past the client's own timeout: the run ends
            task.cancel()
            self.record.error("bench: unanswered when the run ended")
        return ended

    async def act(self, family: str, desk: Desk) -> None:
        self.in_flight += 1
        try:
            if family == "presence":
                await self.presence(desk)
            elif family == "pop":
                await self.pop(desk)
            elif family == "push":
                await self.wrap_up(desk)
            else:
                await self.ticket_work(desk)
        except (httpx.HTTPError, OSError) as exc:
            self.record.error(f"{family} {type(exc).__name__}", str(exc))
        finally:
            self.in_flight -= 1

    async def call(
        self, family: str, method: str, path: str, desk: Desk, **kwargs: Any
    ) -> httpx.Response:
        assert self.http is not None
        headers = {**desk.auth, **kwargs.pop("headers", {})}
        asked = family != HINT_PULL  # of the open-loop ``rate``
        # The hints' pulls made in the measured window, not those of its tail, while the
        # requests in flight at its end are waited for.
        counted = self.measuring and (asked or self.arriving)
        if counted and asked:
            self.record.requests_sent += 1
        started = time.perf_counter()
        reply = await self.http.request(method, path, headers=headers, **kwargs)
        elapsed = time.perf_counter() - started
        if counted:
            self.record.rest[family].append(elapsed)
            self.record.rest_total[family] += 1
            self.record.requests_measured += asked
        if not 200 <= reply.status_code < 300:
            self.record.error(
                f"{family} {method} {path.split('?')[0]} {reply.status_code}", reply.text
            )
        return reply

    async def presence(self, desk: Desk) -> None:
        if desk.ready:
            body = PresenceRequest(state=AgentState.NOT_READY, reason=NotReadyReason.BREAK)
        else:
            body = PresenceRequest(state=AgentState.READY)
        desk.ready = not desk.ready
        await self.call(
            "presence", "POST", "/telephony/presence", desk, json=body.model_dump(mode="json")
        )

    async def pop(self, desk: Desk) -> None:
        _, phone = self.rng.choice(self.callers)
        found = await self.call("pop", "GET", "/customers/lookup", desk, params={"phone": phone})
        if found.status_code == 200:
            customer = found.json()["matches"][0]["id"]
            await self.call("pop", "GET", f"/customers/{customer}", desk)

    def mutation(self, desk: Desk, kind: MutationKind, payload: Any) -> PushRequest:
        desk.push_seq += 1
        return PushRequest(
            workstation_id=f"bench-{desk.username}",  # its token's (issue_tokens)
            mutations=[
                Mutation(
                    seq=desk.push_seq,
                    # Made as the desk makes them (cache/outbox.py, cache/local_writes.py).
                    idempotency_key=ids.new_id(),
                    kind=kind,
                    entity_id=ids.new_id(),
                    payload=payload.model_dump(mode="json"),
                    made_at=datetime.now(UTC),
                )
            ],
        )

    async def push(self, family: str, desk: Desk, request: PushRequest) -> PushResponse | None:
        reply = await self.call(
            family, "POST", "/sync/push", desk, json=request.model_dump(mode="json")
        )
        if reply.status_code != 200:
            return None
        response = PushResponse.model_validate_json(reply.content)
        for result in response.results:
            if result.status.value not in ("applied", "duplicate"):
                self.record.error(f"{family} push {result.status.value}", str(result.problem))
        return response

    async def wrap_up(self, desk: Desk) -> None:
        customer, phone = self.rng.choice(self.callers)
        ended = datetime.now(UTC)
        payload = InteractionCreate(
            customer_id=customer,
            phone_e164=phone,
            call_id=f"call-{uuid.uuid4().hex[:16]}",
            channel=Channel.PHONE_IN,
            started_at=ended - timedelta(minutes=4),
            ended_at=ended,
            queue="general",
            reason="balance_enquiry",
            wrap_up_code="resolved",
            notes="bench-load",
        )
        await self.push("push", desk, self.mutation(desk, MutationKind.INTERACTION_CREATE, payload))

    async def ticket_work(self, desk: Desk, what: str | None = None) -> None:
        if what is None:
            what = self.rng.choices([w for w, _ in TICKET_MIX], [p for _, p in TICKET_MIX])[0]
        if what in ("read", "update") and not desk.tickets:
            what = "create"
        if what == "create":
            await self.create_ticket(desk)
        elif what == "list":
            await self.list_tickets(desk)
        elif what == "read":
            ticket_id = self.rng.choice(desk.tickets)[0]
            await self.call("tickets", "GET", f"/tickets/{ticket_id}", desk)
        else:
            await self.update_ticket(desk)

    async def create_ticket(self, desk: Desk) -> None:
        customer, _ = self.rng.choice(self.callers)
        payload = TicketCreate(
            customer_id=customer,
            category=ComplaintCategory.FEES,
            severity=Severity.LOW,
            channel=Channel.PHONE_IN,
            summary="Charged twice for a transfer",
            description="bench-load",
        )
        sent = time.time()
        response = await self.push(
            "tickets", desk, self.mutation(desk, MutationKind.TICKET_CREATE, payload)
        )
        result = response.results[0] if response is not None else None
        if result is not None and result.entity_id is not None and result.version is not None:
            self.ticket_sent[(result.entity_id, result.version)] = sent
            desk.tickets.append((result.entity_id, result.version, "bench-load"))

    async def list_tickets(self, desk: Desk, family: str = "tickets") -> None:
        # As the desktop pulls (sync/engine.py), in its default cache scope.
        params = {"since": desk.cursor, "limit": 500, **SCOPE, "have": desk.have}
        reply = await self.call(family, "GET", "/sync/changes", desk, params=params)
        if reply.status_code != 200:
            return
        # Read from the page's head and tail (the server writes them there), not parsed whole:
        # a desk parses its pages on its own machine, the bench's desks on the server's.
        page = reply.content
        found = _CURSOR.search(page, 0, 200)
        desk.cursor = int(found[1]) if found else int(reply.json()["cursor"])
        named = _WORKING_SET.search(page, max(0, page.rfind(b'"working_set":')))
        if named:  # sent when it differs from the one the desk holds
            desk.have = scope_digest(int(i) for i in named[1].split(b",") if i)

    async def pull_on_hint(self, desk: Desk) -> None:
        try:
            await self.list_tickets(desk, HINT_PULL)
        except (httpx.HTTPError, OSError) as exc:
            if not self.stopping:
                self.record.error(f"{HINT_PULL} {type(exc).__name__}", str(exc))
        finally:
            desk.pulling = False

    async def update_ticket(self, desk: Desk) -> None:
        index = self.rng.randrange(len(desk.tickets))
        ticket_id, version, description = desk.tickets[index]
        new = f"bench-load {uuid.uuid4().hex[:8]}"
        patch = TicketPatch(changes={"description": new}, base={"description": description})
        sent = time.time()
        self.ticket_sent[(ticket_id, version + 1)] = sent
        reply = await self.call(
            "tickets",
            "PATCH",
            f"/tickets/{ticket_id}",
            desk,
            json=patch.model_dump(mode="json"),
            headers={"If-Match": f'W/"{version}"'},
        )
        if reply.status_code == 200:
            desk.tickets[index] = (ticket_id, int(reply.json()["version"]), new)


async def _run(part: Part, ramp_s: float, seconds: float, settle_s: float) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=400)
    async with httpx.AsyncClient(base_url=part.url, limits=limits, timeout=30.0) as http:
        part.http = http
        streams = []
        # The desks open their streams over the ramp, as a shift's desks sign in.
        gap = ramp_s / max(1, len(part.desks))
        for desk in part.desks:
            streams.append(asyncio.create_task(part.stream(desk)))
            await asyncio.sleep(gap)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(d.connected for d in part.desks):
            await asyncio.sleep(0.2)
        await asyncio.sleep(settle_s)
        part.measuring = True
        t0 = time.time()
        t1 = await part.pace(seconds)
        await asyncio.sleep(2.0)  # the last events reach the desks
        part.measuring = False
        part.stopping = True
        for task in [*streams, *part.pulls]:
            task.cancel()
        await asyncio.gather(*streams, *part.pulls, return_exceptions=True)
    out = part.record.as_dict()
    out["measured_from"], out["measured_to"] = t0, t1
    return out


def run_part(
    url: str,
    desks: list[tuple[str, str]],
    callers: list[tuple[int, str]],
    cursor: int,
    rate: float,
    mix: dict[str, float],
    seed: int,
    ramp_s: float,
    seconds: float,
    settle_s: float,
    cpu_out: Any = None,
) -> dict[str, Any]:
    """One bench process's share: its desks' streams and ``rate`` requests/s among them."""
    part = Part(url, desks, callers, cursor, rate, mix, seed)
    cpu0 = time.process_time()
    out = asyncio.run(_run(part, ramp_s, seconds, settle_s))
    out["bench_cpu_s"] = time.process_time() - cpu0
    return out
