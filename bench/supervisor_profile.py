"""Where a ``queue.stats`` event's time goes, step by step, with the server's and the desktop's
own code in this process (``make bench-supervisor`` prints it after the run).

The input is the contact center of the run: ``agents`` agents (85 % on a call, the rest
ready), in the run's teams and queues, an hour of legs at the run's call rate and an hour
of each agent's presence values (about fifty, for occupancy). Each step is timed over
``repeat`` runs (the median):

- ``figures``: ``board.queue_board`` (the domain's figures of every queue over the window's
  legs), as ``Switchboard._publish_stats`` calls it on each tick (with what it keeps from an
  earlier tick, without the agents' lines): each tick a tenth of a second after the last, with
  one leg and its agent moved since;
- ``dump``: ``QueueBoard.model_dump(mode="json", exclude={"agents"})``, the event's data as the
  switchboard publishes it (the queues' figures; the agents' lines stay out);
- ``change_key``: the figures' values the switchboard compares to decide whether they moved;
- ``view_supervisor`` / ``view_agent``: ``event_views.event_view`` for one subscriber (an
  event without agents' lines goes out as it is): done for every stream, on every event;
- ``sse_encode``: ``sse._sent``'s ``json.dumps`` of that view, per stream;
- ``desktop_parse``: the desktop's ``json.loads`` and ``ServerEvent`` validation of the line.

Sizes: the event's JSON and each subscriber's line, against the desktop's SSE line bound
(``agentdesk.client.sse.MAX_LINE_CHARS``).
"""

from __future__ import annotations

import itertools
import json
import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from figures import median_seconds
from supervisor_world import QUEUES, SUPERVISOR, SUPERVISOR_TEAM, agent_name, agent_team

from agentdesk.client.sse import MAX_EVENT_CHARS, MAX_LINE_CHARS
from agentdesk.config.telephony import TelephonySettings
from agentdesk.contract.sync import EventKind, ServerEvent
from agentdesk.domain.access import Person
from agentdesk.domain.acd import Acd
from agentdesk.domain.calls import Call
from agentdesk.domain.presence import AgentPresence, AgentState
from agentdesk.domain.presence_time import PresenceTime
from agentdesk.domain.queue_stats import FiguresCache, Window
from agentdesk.server.event_views import event_view
from agentdesk.server.telephony.board import queue_board
from agentdesk.server.telephony.switchboard import TelephonyConfig, _figures_key


def _world(
    agents: int, legs_per_hour: float
) -> tuple[Acd, list[Call], TelephonyConfig, dict[str, str]]:
    from supervisor_world import team_skills

    config = TelephonyConfig.from_settings(
        TelephonySettings(queues=list(QUEUES), team_skills=team_skills())
    )
    rng = random.Random(3)
    now = datetime.now(UTC)
    acd = Acd(ring_timeout_s=30)
    for queue in config.queues:
        acd.add_queue(queue)
    teams: dict[str, str] = {}
    for n in range(1, agents + 1):
        name, team = agent_name(n), agent_team(n, agents)
        teams[name] = team
        acd.add_agent(name, config.skills_of_team(team), now)
        acd.set_presence(name, AgentState.READY, now)
    phone = "+8613800000000"
    for _ in range(int(agents * 0.85)):
        call = Call.new(str(uuid.uuid4()), rng.choice(QUEUES), phone, now)
        acd.offer(call, now)
    for agent in acd.agents():
        if agent.presence.state is AgentState.RINGING:
            acd.answer(agent.agent, now)
    legs: list[Call] = list(acd.calls())
    at = now - timedelta(minutes=59)
    while at < now:
        at += timedelta(seconds=rng.expovariate(legs_per_hour / 3600))
        leg = Call.new(str(uuid.uuid4()), rng.choice(QUEUES), phone, at)
        answered = at + timedelta(seconds=8)
        ended = answered + timedelta(seconds=rng.lognormvariate(5.3, 0.6))
        legs.append(
            leg.ring("b0001", at)
            .answer(answered)
            .hang_up(ended)
            .finish_wrap_up(ended + timedelta(seconds=40))
        )
    return acd, legs, config, teams


def _histories(acd: Acd, now: datetime, rng: random.Random) -> dict[str, list[AgentPresence]]:
    """An hour of each agent's presence values, as the switchboard keeps them mid-shift:
    ringing, on a call (the run's talk times), wrap-up, ready, over and over (about fifty)."""
    cycle = (AgentState.RINGING, AgentState.ON_CALL, AgentState.WRAP_UP, AgentState.READY)
    histories: dict[str, list[AgentPresence]] = {}
    for agent in acd.agents():
        at, history = now - timedelta(minutes=61), []
        while at < now - timedelta(seconds=60):
            for state in cycle:
                history.append(AgentPresence(state, at))
                at += timedelta(
                    seconds=rng.lognormvariate(5.3, 0.6) if state is AgentState.ON_CALL else 40
                )
        history.append(agent.presence)
        histories[agent.agent] = history
    return histories


def profile(agents: int, rate_per_s: float, repeat: int = 7) -> dict[str, Any]:
    acd, legs, config, teams = _world(agents, rate_per_s * 3600)
    now = datetime.now(UTC)
    rules = {queue.name: queue.service_level for queue in config.queues}
    skills = {queue.name: queue.required_skill for queue in config.queues}
    snapshots = acd.agents()
    histories = _histories(acd, now, random.Random(5))
    # As the switchboard keeps them from tick to tick.
    shares, presence_time = FiguresCache(), PresenceTime()
    ticks = itertools.count()

    def figures() -> Any:
        """A tick as mid-shift: a tenth of a second on, one leg moved (a new snapshot) and
        its agent's presence with it."""
        tick = next(ticks)
        at = now + timedelta(seconds=tick / 10)
        moved = tick % len(snapshots)
        legs[moved] = replace(legs[moved])
        history = histories[snapshots[moved].agent]
        history.append(replace(history[-1], since=at))
        return queue_board(
            legs,
            rules,
            skills,
            snapshots,
            window=Window(at - timedelta(minutes=60), at),
            now=at,
            teams=teams,
            histories=histories,
            cache=shares,
            presence_time=presence_time,
            with_agents=False,
        )

    board = figures()  # the first tick works out every finished leg; the timed ones are later
    # As the switchboard publishes it: the queues' figures, without the agents' lines.
    data = board.model_dump(mode="json", exclude={"agents"})
    event = ServerEvent(id=1, kind=EventKind.QUEUE_STATS, at=now, data=data)
    supervisor = Person(SUPERVISOR, "supervisor", SUPERVISOR_TEAM)
    agent = Person("b0500", "agent", teams.get("b0500", ""))

    def line(person: Person) -> str:
        view = event_view(event, person)
        return json.dumps(view.data, ensure_ascii=False, separators=(",", ":"), default=str)

    supervisor_line, agent_line = line(supervisor), line(agent)
    steps = {
        "figures": median_seconds(figures, repeat),
        "dump": median_seconds(lambda: board.model_dump(mode="json", exclude={"agents"}), repeat),
        "change_key": median_seconds(lambda: _figures_key(board), repeat),
        "view_supervisor": median_seconds(lambda: event_view(event, supervisor), repeat),
        "view_agent": median_seconds(lambda: event_view(event, agent), repeat),
        "sse_encode": median_seconds(lambda: line(supervisor), repeat)
        - median_seconds(lambda: event_view(event, supervisor), repeat),
        "desktop_parse": median_seconds(
            lambda: ServerEvent(
                id=1, kind=EventKind.QUEUE_STATS, at=now, data=json.loads(supervisor_line)
            ),
            repeat,
        ),
    }
    return {
        "agents": agents,
        "legs_in_window": len(legs),
        "steps_ms": {name: round(max(s, 0.0) * 1000, 2) for name, s in steps.items()},
        "event_json_chars": len(json.dumps(data, ensure_ascii=False, separators=(",", ":"))),
        "supervisor_line_chars": len(supervisor_line),
        "agent_line_chars": len(agent_line),
        "desktop_line_bound_chars": MAX_LINE_CHARS,
        "desktop_event_bound_chars": MAX_EVENT_CHARS,
        "agents_on_board": len(snapshots),  # their lines are not made for queue.stats
    }


def print_profile(found: dict[str, Any]) -> None:
    steps = found["steps_ms"]
    print(
        f"one queue.stats at {found['agents']:,} agents and {found['legs_in_window']:,} legs "
        f"(median ms): figures {steps['figures']:.1f}, dump {steps['dump']:.1f}, change key "
        f"{steps['change_key']:.1f}; per stream: view {steps['view_supervisor']:.1f} "
        f"(supervisor) / {steps['view_agent']:.1f} (agent), SSE encode "
        f"{steps['sse_encode']:.1f}; desktop parse {steps['desktop_parse']:.1f}"
    )
    print(
        f"  sizes: event {found['event_json_chars']:,} chars (the queues' figures; "
        f"{found['agents_on_board']:,} agents' lines left out), the supervisor's line "
        f"{found['supervisor_line_chars']:,}, an agent's line "
        f"{found['agent_line_chars']:,}; the desktop refuses a line over "
        f"{found['desktop_line_bound_chars']:,}"
    )
