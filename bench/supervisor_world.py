"""The world of ``make bench-supervisor``: a throwaway PostgreSQL database, a contact center of
``agents`` agents in 20 teams over 20 queues, the last hour's call history, and the real
``agentdesk server`` on a loopback port over it.

- The database is made here and dropped at the end (``DROP DATABASE … WITH (FORCE)``), as the
  tests' ``pg_database_factory`` does, on the server at ``AGENTDESK_TEST_PG`` (default
  ``postgresql://postgres@127.0.0.1:5432/postgres``).
- It is seeded with the server's own seed code (``agentdesk.demo.seed.seed_database``: the
  migrations, the demo staff, a few hundred customers whose numbers call), then the bench's
  agents are inserted into ``users`` in one ``executemany`` with the demo password's hash.
- The last hour's history: finished legs (answered, talked, wrapped up; a few abandoned),
  written with the telephony's own ``record_leg`` into ``calls``, which the switchboard loads
  at start (``Switchboard.load_history``), so the figures are computed over a full window of
  legs as on a real shift, not over an empty one.
- Tokens: each agent gets a real access token from the server's own ``TokenService`` (one
  token family per agent, as a sign-in makes), signed with the key the server process is given
  through the environment; no 1,000 Argon2 sign-ins.

Teams: ``t01`` (the supervisor's) is a blended team that serves every queue, so the console's
queue wall shows all 20 queues; ``t02``…``t20`` serve two queues each.
"""

from __future__ import annotations

import os
import random
import secrets
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from processes import ServerDidNotStart, ServerProcess, free_port
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

QUEUES = tuple(f"q{n:02d}" for n in range(1, 21))
TEAMS = tuple(f"t{n:02d}" for n in range(1, 21))
SUPERVISOR = "bsup01"
SUPERVISOR_TEAM = TEAMS[0]
PASSWORD = "demo"  # the demo staff's password (agentdesk.demo.generator.DEMO_PASSWORD)
WEBHOOK_SECRET = "bench-supervisor-secret"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
HISTORY_MINUTES = 49  # legs queued in [now - 50 min, now - 1 min]: none leaves a 60 min window


def team_skills() -> dict[str, list[str]]:
    """``t01`` is not listed: it serves every queue. ``tNN`` serves ``qNN`` and the queue
    before it (so each queue has two or three teams)."""
    return {team: [QUEUES[i], QUEUES[i - 1]] for i, team in enumerate(TEAMS) if i > 0}


def agent_name(number: int) -> str:
    return f"b{number:04d}"


def agent_team(number: int, agents: int) -> str:
    """Agents spread evenly over the teams, in blocks."""
    per_team = max(1, agents // len(TEAMS))
    return TEAMS[min(len(TEAMS) - 1, (number - 1) // per_team)]


@dataclass
class Agent:
    username: str
    team: str
    token: str = ""


@dataclass
class World:
    """What the bench made: the database, the agents with their tokens, the server process."""

    admin_url: str
    database: str
    url: str = ""  # the server's base URL
    agents: list[Agent] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    history_legs: int = 0
    server: ServerProcess | None = None

    @property
    def database_url(self) -> str:
        return self.admin_url.rsplit("/", 1)[0] + f"/{self.database}"

    @property
    def pid(self) -> int:
        assert self.server is not None
        return self.server.pid


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def server_environment(work: Path, *, tick_seconds: float) -> dict[str, str]:
    """The server process's settings (and the bench's, for the token service)."""
    import json

    key = secrets.token_urlsafe(48)
    return {
        "AGENTDESK_HOME": str(work / "server-home"),
        "AGENTDESK_SYSTEM_CONFIG": str(work / "no-system-config.toml"),
        "AGENTDESK_LOG_LEVEL": "WARNING",
        "AGENTDESK_BENCH_JWT_KEY": key,
        "AGENTDESK_SERVER__SIGNING_KEYS": '["env:AGENTDESK_BENCH_JWT_KEY"]',
        "AGENTDESK_SERVER__ACCESS_TOKEN_MINUTES": "240",
        # A console of the bench must never be dropped for a full queue while it is measured.
        "AGENTDESK_SERVER__SSE_QUEUE_SIZE": "4096",
        "AGENTDESK_TELEPHONY__QUEUES": json.dumps(list(QUEUES)),
        "AGENTDESK_TELEPHONY__TEAM_SKILLS": json.dumps(team_skills()),
        "AGENTDESK_TELEPHONY__WEBHOOK_SECRET": WEBHOOK_SECRET,
        "AGENTDESK_TELEPHONY__TICK_SECONDS": f"{tick_seconds:g}",
        # Answering slower than this under load is a missed ring, which the bench counts.
        "AGENTDESK_TELEPHONY__RING_TIMEOUT_S": "30",
    }


def make_database() -> World:
    admin = _sqlalchemy_url(os.environ.get("AGENTDESK_TEST_PG", PG_DEFAULT))
    name = f"agentdesk_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return World(admin_url=admin, database=name)


def drop_database(world: World) -> None:
    engine = create_engine(world.admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{world.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def seed(world: World, *, agents: int, customers: int, aht_s: float, occupancy: float) -> None:
    """The demo seed, the bench's staff, and the last hour's legs."""
    from agentdesk.demo.seed import seed_database
    from agentdesk.server import models

    seed_database(world.database_url, customers=customers, progress=False)
    engine = create_engine(world.database_url)
    try:
        users = models.table_of(models.User)
        with engine.begin() as conn:
            demo_hash = conn.execute(
                select(users.c.password_hash).where(users.c.username == "agent01")
            ).scalar_one()
            top = conn.execute(text("select max(id) from users")).scalar_one() or 0
            rows = [
                {
                    "id": top + n,
                    "username": agent_name(n),
                    "display_name": f"Agent {n:04d}",
                    "role": "agent",
                    "team": agent_team(n, agents),
                    "password_hash": demo_hash,
                    "active": True,
                }
                for n in range(1, agents + 1)
            ]
            rows.append(
                {
                    "id": top + agents + 1,
                    "username": SUPERVISOR,
                    "display_name": "Bench Supervisor",
                    "role": "supervisor",
                    "team": SUPERVISOR_TEAM,
                    "password_hash": demo_hash,
                    "active": True,
                }
            )
            conn.execute(users.insert(), rows)
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('users', 'id'), "
                "(SELECT MAX(id) FROM users) + 1, false)"
            )
            world.phones = list(
                conn.execute(text("select distinct e164 from customer_phones")).scalars()
            )
        world.agents = [Agent(agent_name(n), agent_team(n, agents)) for n in range(1, agents + 1)]
        world.history_legs = _history(engine, world, aht_s=aht_s, occupancy=occupancy)
    finally:
        engine.dispose()


def _history(engine: object, world: World, *, aht_s: float, occupancy: float) -> int:
    """The last ``HISTORY_MINUTES`` of finished legs at the bench's own call rate."""
    from agentdesk.domain.calls import Call
    from agentdesk.server.telephony.publishing import record_leg

    rng = random.Random(17)
    rate = occupancy * len(world.agents) / aht_s  # calls per second
    now = datetime.now(UTC)
    start = now - timedelta(minutes=HISTORY_MINUTES + 1)
    end = now - timedelta(minutes=1)
    sessions = sessionmaker(bind=engine)  # type: ignore[call-overload]
    count = 0
    at = start
    with sessions() as session:
        assert isinstance(session, Session)
        while True:
            at += timedelta(seconds=rng.expovariate(rate))
            if at >= end:
                break
            agent = rng.choice(world.agents)
            queue = rng.choice(QUEUES)
            call = Call.new(str(uuid.uuid4()), queue, rng.choice(world.phones), at)
            wait = rng.expovariate(1 / 6.0)
            if rng.random() < 0.03:  # a caller who gave up waiting
                call = call.abandon(at + timedelta(seconds=wait + 20))
            else:
                talk = rng.lognormvariate(5.3, 0.6)
                wrap = rng.lognormvariate(3.6, 0.5)
                rang = at + timedelta(seconds=wait)
                answered = rang + timedelta(seconds=2)
                ended = answered + timedelta(seconds=talk)
                call = (
                    call.ring(agent.username, rang)
                    .answer(answered)
                    .hang_up(ended)
                    .finish_wrap_up(ended + timedelta(seconds=wrap))
                )
            record_leg(session, call)
            count += 1
            if count % 2000 == 0:
                session.flush()
        session.commit()
    return count


def issue_tokens(world: World) -> None:
    """A real access token for every agent (one sign-in's token family each)."""
    from agentdesk.config.server import ServerSettings
    from agentdesk.server import models
    from agentdesk.server.security import TokenService
    from agentdesk.server.signing_keys import load_keyring

    settings = ServerSettings(access_token_minutes=240)
    tokens = TokenService(
        settings,
        load_keyring(["env:AGENTDESK_BENCH_JWT_KEY"]),
        clock=lambda: datetime.now(UTC),
    )
    engine = create_engine(world.database_url)
    try:
        with Session(engine) as session:
            by_name = {
                user.username: user
                for user in session.scalars(select(models.User).where(models.User.role == "agent"))
            }
            for agent in world.agents:
                pair = tokens.issue(session, by_name[agent.username], f"bench-{agent.username}")
                agent.token = pair.access_token
            session.commit()
    finally:
        engine.dispose()


def start_server(world: World, work: Path, extra_args: Sequence[str] = ()) -> None:
    """``agentdesk server`` on a free loopback port over the world's database (``extra_args``:
    more of its options, such as ``--workers``), its output in ``work/server.log``."""
    port = free_port()
    world.url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "agentdesk", "server", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--database-url", world.database_url, *extra_args]
    try:
        world.server = ServerProcess.start(
            "the server",
            command,
            log_path=work / "server.log",
            ready_url=f"{world.url}/health",
            env=os.environ,
        )
    except ServerDidNotStart as exc:
        raise SystemExit(f"bench-supervisor: {exc}") from None


def stop_server(world: World) -> None:
    if world.server is not None:
        world.server.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def postgres_cpu_seconds(database: str) -> float:
    """CPU of the PostgreSQL backends serving ``database`` (their /proc entries; 0 when the
    server runs elsewhere or its processes cannot be read)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            if database not in cmdline:
                continue
            total += cpu_seconds(int(proc.name))
        except OSError:
            continue
    return total
