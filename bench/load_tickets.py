"""The side-by-side ticket work of ``make bench-load``: the same closed loop against AgentDesk
and against django-helpdesk, one after the other (never at once: they share the machine).

``clients`` concurrent clients, each its own user with its own token, each looping for
``seconds``: create a ticket, list open tickets, update the ticket it created. Every request's
time is kept (from just before it is sent to its body read); throughput is requests answered
per second.

- AgentDesk, through the desk's own paths: create is ``POST /sync/push`` of a ``ticket.create``
  (the desktop's outbox), list is ``GET /sync/changes`` after the client's cursor (the desk
  lists a queue's open tickets from its cache, which this refreshes: there is no server-side
  ticket list), update is ``PATCH /tickets/{id}`` with ``If-Match``.
- django-helpdesk, its REST API: ``POST /helpdesk/api/tickets/``, ``GET …/tickets/?status=1``
  (the open tickets of the one queue the user may see, first page of 25), ``PATCH
  …/tickets/{id}/``.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import httpx
from load_desks import Desk, Part

STEPS = ("create", "list", "update")


async def _loop(
    step: Any, seconds: float, clients: int, samples: dict[str, list[float]], errors: Counter[str]
) -> float:
    stop_at = time.monotonic() + seconds

    async def client(n: int) -> None:
        while time.monotonic() < stop_at:
            for what in STEPS:
                started = time.perf_counter()
                try:
                    ok = await step(n, what)
                except (httpx.HTTPError, OSError) as exc:
                    ok = f"{what} {type(exc).__name__}"
                if ok is None:
                    continue  # nothing to update: the create failed
                samples[what].append(time.perf_counter() - started)
                if ok is not True:
                    errors[str(ok)] += 1

    t0 = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return time.monotonic() - t0


async def agentdesk_tickets(
    url: str,
    desks: list[tuple[str, str]],
    callers: list[tuple[int, str]],
    cursor: int,
    seconds: float,
) -> dict[str, Any]:
    part = Part(url, desks, callers, cursor, rate=0.0, mix={}, seed=11)
    samples: dict[str, list[float]] = {s: [] for s in STEPS}
    errors: Counter[str] = Counter()

    async def step(n: int, what: str) -> bool | str | None:
        desk: Desk = part.desks[n]
        before = sum(part.record.errors.values())
        if what == "create":
            await part.create_ticket(desk)
        elif what == "list":
            await part.list_tickets(desk)
        elif desk.tickets:
            await part.update_ticket(desk)
        else:
            return None
        return True if sum(part.record.errors.values()) == before else f"agentdesk {what}"

    limits = httpx.Limits(max_connections=None, max_keepalive_connections=len(desks) + 10)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30.0) as http:
        part.http = http
        wall = await _loop(step, seconds, len(desks), samples, errors)
    return {
        "samples": samples,
        "wall_s": wall,
        "errors": dict(errors),
        "first_errors": part.record.first_errors,
    }


async def peer_tickets(url: str, clients: list[tuple[str, int]], seconds: float) -> dict[str, Any]:
    samples: dict[str, list[float]] = {s: [] for s in STEPS}
    errors: Counter[str] = Counter()
    first: list[str] = []
    mine: dict[int, int] = {}
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=len(clients) + 10)
    async with httpx.AsyncClient(
        base_url=f"{url}/helpdesk/api", limits=limits, timeout=30.0
    ) as http:

        async def step(n: int, what: str) -> bool | str | None:
            token, queue = clients[n]
            headers = {"Authorization": f"Token {token}"}
            if what == "create":
                reply = await http.post(
                    "/tickets/",
                    headers=headers,
                    json={
                        "queue": queue,
                        "title": "Charged twice for a transfer",
                        "description": "bench-load",
                        "submitter_email": f"caller{n}@bench.invalid",
                        "priority": 3,
                    },
                )
                if reply.status_code == 201:
                    mine[n] = int(reply.json()["id"])
            elif what == "list":
                reply = await http.get("/tickets/", headers=headers, params={"status": "1"})
            elif n in mine:
                reply = await http.patch(
                    f"/tickets/{mine[n]}/", headers=headers, json={"priority": 2}
                )
            else:
                return None
            if 200 <= reply.status_code < 300:
                return True
            if len(first) < 8:
                first.append(f"peer {what} {reply.status_code}: {reply.text[:200]}")
            return f"peer {what} {reply.status_code}"

        wall = await _loop(step, seconds, len(clients), samples, errors)
    return {"samples": samples, "wall_s": wall, "errors": dict(errors), "first_errors": first}
