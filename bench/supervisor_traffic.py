"""The calls of ``make bench-supervisor``: the bench plays the PBX and the agents' desks.

- The PBX (one thread, so the server applies its events in the order they are sent) posts
  signed ``POST /telephony/events`` webhooks: ``call.offered`` (Poisson arrivals at the
  Erlang rate over the 20 queues), ``call.answered`` when the ringing agent picks up on their
  phone set (1–4 s after the ring), and ``call.hung_up`` when the caller ends the call (half of
  the calls) or gives up waiting (their patience, if no agent took the call).
- The agents' desks (a second thread) use the routes an agent's desktop uses, with each agent's
  own token: ``POST /telephony/presence`` (ready, at the start), ``…/hold`` and ``…/resume``
  (a third of the calls hold once), ``…/hangup`` (the other half of the calls) and
  ``/telephony/wrap-up/finish`` after the after-call work. Whom a call rings is read from the
  webhook's acknowledgement (the offer routed it) or from the agent's own state after their
  wrap-up (a waiting call routed to them then).

Times are log-normal with a long right tail, as handle times are: talk ~240 s, hold ~30 s,
wrap-up ~45 s (AHT ≈ 300 s). ``speed`` divides them all (only for short trial runs).

Every answer the PBX sends is kept with its wall-clock send time and queue (``answers``):
the console's tile of that queue shows the answer when its "answered" count reaches it.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import math
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from supervisor_world import QUEUES, WEBHOOK_SECRET, World

MEAN_TALK_S = 240.0
MEAN_HOLD_S = 30.0
MEAN_WRAP_S = 45.0
MEAN_PATIENCE_S = 90.0
HOLD_SHARE = 1 / 3
CALLER_ENDS_SHARE = 0.5


def _lognormal(rng: random.Random, mean: float, sigma: float = 0.6) -> float:
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


class Worker:
    """A thread running scheduled actions in time order (a heap and a condition)."""

    def __init__(self, name: str) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._stopping = False
        # (due, how late it ran): the bench's own lag, which the figures must not hide
        self.late: list[tuple[float, float]] = []
        self.errors: dict[str, int] = {}
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self._thread.join(timeout=30)

    def at(self, due: float, action: Callable[[], None]) -> None:
        with self._cond:
            heapq.heappush(self._heap, (due, next(self._seq), action))
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    now = time.time()
                    if self._heap and self._heap[0][0] <= now:
                        break
                    self._cond.wait(self._heap[0][0] - now if self._heap else None)
                if self._stopping:
                    return
                due, _, action = heapq.heappop(self._heap)
            self.late.append((due, time.time() - due))
            try:
                action()
            except Exception as exc:  # counted and reported; the run goes on
                key = f"{type(exc).__name__}: {str(exc)[:80]}"
                self.errors[key] = self.errors.get(key, 0) + 1


@dataclass
class Answer:
    sent: float  # wall clock, just before the webhook is sent
    queue: str
    measured: bool  # sent in the measured phase (not the warm-up)


@dataclass
class Traffic:
    world: World
    rate_per_s: float
    speed: float = 1.0
    rng: random.Random = field(default_factory=lambda: random.Random(5))
    answers: list[Answer] = field(default_factory=list)
    offered: int = 0
    offered_measured: int = 0
    queued_at_offer: int = 0
    abandoned: int = 0
    measuring: bool = False
    arriving: bool = False

    def __post_init__(self) -> None:
        self.pbx = Worker("bench-pbx")
        self.desks = Worker("bench-desks")
        self._pbx_http = httpx.Client(base_url=self.world.url, timeout=60)
        self._desk_http = httpx.Client(base_url=self.world.url, timeout=60)
        self._tokens = {agent.username: agent.token for agent in self.world.agents}
        self._lock = threading.Lock()
        self._answered: set[str] = set()
        self.busy = 0  # agents on a call or in wrap-up
        self._next_arrival = 0.0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self.pbx.start()
        self.desks.start()

    def stop(self) -> None:
        self.arriving = False
        self.pbx.stop()
        self.desks.stop()
        self._pbx_http.close()
        self._desk_http.close()

    def all_ready(self, threads: int = 3) -> None:
        """Every agent ready (their desk's presence route), a few desks at a time."""
        agents = list(self.world.agents)

        def run(part: list[str]) -> None:
            with httpx.Client(base_url=self.world.url, timeout=60) as http:
                for username in part:
                    http.post(
                        "/telephony/presence", json={"state": "ready"}, headers=self._auth(username)
                    ).raise_for_status()

        names = [agent.username for agent in agents]
        workers = [threading.Thread(target=run, args=(names[i::threads],)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    # -- the PBX -----------------------------------------------------------------------------

    def warm_up(self, calls: int, rate_per_s: float = 8.0) -> None:
        """``calls`` callers at ``rate_per_s`` (paced, so their answers, due 1–4 s after each
        offer, go between the later offers and no ring times out), answered at a random point
        of their call: the contact center mid-shift, busy as in steady state."""
        now = time.time()
        for i in range(calls):
            self.pbx.at(now + i / rate_per_s, lambda: self._offer(warm=True))

    def start_arrivals(self) -> None:
        self.arriving = True
        self._next_arrival = time.time() + self._gap()
        self.pbx.at(self._next_arrival, self._arrive)

    def _gap(self) -> float:
        return self.rng.expovariate(self.rate_per_s)

    def _arrive(self) -> None:
        if not self.arriving:
            return
        # From the arrival's own due time, not from now: a PBX thread running late offers
        # late, never fewer calls.
        self._next_arrival += self._gap()
        self.pbx.at(self._next_arrival, self._arrive)
        self._offer(warm=False)

    def _webhook(self, body: dict[str, object]) -> httpx.Response:
        raw = json.dumps(body).encode()
        signature = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
        return self._pbx_http.post(
            "/telephony/events",
            content=raw,
            headers={"Content-Type": "application/json", "X-AgentDesk-Signature": signature},
        )

    def _offer(self, *, warm: bool) -> None:
        call_id = f"bench-{uuid.uuid4().hex[:16]}"
        queue = self.rng.choice(QUEUES)
        caller = self.rng.choice(self.world.phones)
        response = self._webhook(
            {"type": "call.offered", "call_id": call_id, "caller": caller, "queue": queue}
        )
        response.raise_for_status()
        self.offered += 1
        if self.measuring:
            self.offered_measured += 1
        ack = response.json()
        call = ack.get("call") or {}
        if ack.get("state") == "ringing" and call.get("agent"):
            self._ringing(call_id, queue, str(call["agent"]), warm=warm)
        else:
            self.queued_at_offer += 1
            patience = _lognormal(self.rng, MEAN_PATIENCE_S, 0.7) / self.speed
            self.pbx.at(time.time() + patience, lambda: self._give_up(call_id))

    def _ringing(self, call_id: str, queue: str, agent: str, *, warm: bool) -> None:
        ring = self.rng.uniform(1.0, 4.0) / self.speed
        self.pbx.at(time.time() + ring, lambda: self._answer(call_id, queue, agent, warm=warm))

    def _answer(self, call_id: str, queue: str, agent: str, *, warm: bool) -> None:
        sent = time.time()
        response = self._webhook({"type": "call.answered", "call_id": call_id})
        if response.status_code != 200:
            self.pbx.errors[f"answer {response.status_code}"] = (
                self.pbx.errors.get(f"answer {response.status_code}", 0) + 1
            )
            return
        with self._lock:
            self._answered.add(call_id)
            self.busy += 1
        self.answers.append(Answer(sent, queue, measured=self.measuring and not warm))
        talk = _lognormal(self.rng, MEAN_TALK_S) / self.speed
        if warm:  # already part-way through the call
            talk *= self.rng.uniform(0.02, 1.0)
        hold = 0.0
        if self.rng.random() < HOLD_SHARE:
            hold = _lognormal(self.rng, MEAN_HOLD_S) / self.speed
            at = sent + talk * self.rng.uniform(0.2, 0.7)
            self.desks.at(at, lambda: self._move(agent, f"/telephony/calls/{call_id}/hold"))
            self.desks.at(
                at + hold, lambda: self._move(agent, f"/telephony/calls/{call_id}/resume")
            )
        end = sent + talk + hold
        if self.rng.random() < CALLER_ENDS_SHARE:
            self.pbx.at(end, lambda: self._caller_ends(call_id, agent))
        else:
            self.desks.at(end, lambda: self._agent_ends(call_id, agent))

    def _caller_ends(self, call_id: str, agent: str) -> None:
        response = self._webhook({"type": "call.hung_up", "call_id": call_id})
        if response.status_code == 200:
            self._wrap_up(agent)
        else:
            self.pbx.errors[f"hung_up {response.status_code}"] = (
                self.pbx.errors.get(f"hung_up {response.status_code}", 0) + 1
            )

    def _give_up(self, call_id: str) -> None:
        with self._lock:
            if call_id in self._answered:
                return
        response = self._webhook({"type": "call.hung_up", "call_id": call_id})
        if response.status_code == 200:
            self.abandoned += 1

    # -- the agents' desks -------------------------------------------------------------------

    def _auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._tokens[username]}"}

    def _desk(self, agent: str, path: str) -> httpx.Response:
        """POST ``path`` as ``agent``'s desk (a refusal is counted, not raised)."""
        response = self._desk_http.post(path, headers=self._auth(agent))
        if response.status_code != 200:
            key = f"{path.rsplit('/', 1)[-1]} {response.status_code}"
            self.desks.errors[key] = self.desks.errors.get(key, 0) + 1
        return response

    def _move(self, agent: str, path: str) -> None:
        self._desk(agent, path)

    def _agent_ends(self, call_id: str, agent: str) -> None:
        if self._desk(agent, f"/telephony/calls/{call_id}/hangup").status_code == 200:
            self._wrap_up(agent)

    def _wrap_up(self, agent: str) -> None:
        wrap = _lognormal(self.rng, MEAN_WRAP_S, 0.5) / self.speed
        self.desks.at(time.time() + wrap, lambda: self._finish(agent))

    def _finish(self, agent: str) -> None:
        response = self._desk(agent, "/telephony/wrap-up/finish")
        with self._lock:
            self.busy -= 1
        if response.status_code != 200:
            return
        call = response.json().get("call") or {}
        if call.get("state") == "ringing":  # a waiting call was routed to them at once
            call_id, queue = str(call["id"]), str(call["queue"])
            self._ringing(call_id, queue, agent, warm=False)
