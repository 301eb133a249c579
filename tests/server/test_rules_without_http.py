"""The server's rule modules on their own: no FastAPI app, no HTTP, a real SQLite database.

Importing them leaves FastAPI and Starlette out of the process; the switchboard routes calls
with no simulator and no webhook; verification, tickets and the switchboard refuse in the
domain's terms (``agentdesk.domain.errors``), which only the app's handler turns into HTTP.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import agentdesk.server
from agentdesk.contract.auth import Role
from agentdesk.contract.sync import EventKind, TicketPatch
from agentdesk.contract.verification import (
    KnowledgeAnswers,
    UnmaskField,
    VerificationMethod,
    VerificationRequest,
)
from agentdesk.domain import verification as rules
from agentdesk.domain.acd import QueueConfig
from agentdesk.domain.errors import (
    InvalidValue,
    Locked,
    MoveNotAllowed,
    NotPermitted,
    StaleVersion,
    UnknownRecord,
)
from agentdesk.domain.presence import AgentState
from agentdesk.server import events, models, tickets, verification
from agentdesk.server.actor import Actor
from agentdesk.server.db import make_engine, make_session_factory, migrate
from agentdesk.server.live_call import HeldCall
from agentdesk.server.telephony import Switchboard, TelephonyConfig
from agentdesk.server.users import create_user
from tests.server.conftest import ZHANG_ID, ZHANG_PHONE, Bank, seed_bank

# The parts of the server that speak HTTP; everything else in it is a rule module (or the
# plumbing under them) and must not need FastAPI. The import-linter contract in pyproject.toml
# lists the same split.
HTTP_MODULES = {"app", "deps", "problems", "middleware", "sse", "main", "openapi", "routes"}
T0 = datetime(2030, 3, 10, 9, 0, tzinfo=UTC)
AGENT = Actor(1, "agent01", "ws-1", Role.AGENT, team="retail")


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def rule_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(agentdesk.server.__path__, "agentdesk.server.")
        if info.name.split(".")[2] not in HTTP_MODULES
    ]


def test_importing_the_rule_modules_leaves_fastapi_and_starlette_out() -> None:
    modules = rule_modules()
    assert {
        "agentdesk.server.verification",
        "agentdesk.server.tickets",
        "agentdesk.server.telephony.switchboard",
        "agentdesk.server.telephony.driver",
        "agentdesk.server.push",
    } <= set(modules)
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'starlette'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == []


def test_the_import_contract_lists_every_rule_module() -> None:
    """A new module of the server is either HTTP's (and named above) or a rule module that the
    import-linter contract keeps free of FastAPI."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    [contract] = [
        c
        for c in pyproject["tool"]["importlinter"]["contracts"]
        if c["name"].startswith("The server's rules know no HTTP")
    ]
    listed = {name.removeprefix("agentdesk.server.") for name in contract["source_modules"]}
    assert listed == {name.split(".")[2] for name in rule_modules()}


# -- a real SQLite database, no app -------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sqlite_bank(tmp_path: Path) -> tuple[str, Bank]:
    url = f"sqlite:///{tmp_path / 'rules.db'}"
    migrate(url)
    return url, seed_bank(url)


@pytest.fixture
def sessions(sqlite_bank: tuple[str, Bank], clock: FakeClock) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(sqlite_bank[0])
    yield make_session_factory(engine, clock=clock)
    engine.dispose()


@pytest.fixture
def bank(sqlite_bank: tuple[str, Bank]) -> Bank:
    return sqlite_bank[1]


def _events(sessions: sessionmaker[Session], kind: EventKind) -> list[dict[str, object]]:
    with sessions() as session:
        return [event.data for event, _ in events.read_after(session, 0) if event.kind is kind]


def test_the_switchboard_routes_calls_with_no_simulator_and_no_http(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    config = TelephonyConfig(queues=(QueueConfig("general"), QueueConfig("cards")))
    board = Switchboard(config, sessions, clock=clock)
    board.set_presence("agent01", "retail", AgentState.READY)
    call = board.offer(ZHANG_PHONE, "general")
    assert call.agent == "agent01"  # the only ready agent rings at once
    clock.advance(4)
    assert board.answer("agent01", call.id).presence.state is AgentState.ON_CALL
    clock.advance(60)
    assert board.caller_hung_up(call.id).ended_at == clock.now
    clock.advance(20)
    assert board.finish_wrap_up("agent01").presence.state is AgentState.READY
    board.tick()

    offered = _events(sessions, EventKind.CALL_OFFERED)
    assert [(e["call_id"], e["phone"]) for e in offered] == [(call.id, ZHANG_PHONE)]
    general = next(q for q in board.board().queues if q.queue == "general")
    assert (general.offered, general.answered, general.aht.value) == (1, 1, 80.0)
    with sessions() as session:
        [row] = session.scalars(select(models.CallRecord)).all()
    assert (row.call_id, row.state, row.wait_s) == (call.id, "ended", 4.0)


def test_the_switchboard_refuses_in_the_domains_terms(
    sessions: sessionmaker[Session], clock: FakeClock
) -> None:
    board = Switchboard(TelephonyConfig(queues=(QueueConfig("general"),)), sessions, clock=clock)
    with pytest.raises(MoveNotAllowed) as not_in:
        board.answer("agent01", "nope")
    assert not_in.value.code == "not_logged_in"
    with pytest.raises(InvalidValue) as no_queue:
        board.offer(ZHANG_PHONE, "nowhere")
    assert no_queue.value.code == "unknown_queue"
    with pytest.raises(UnknownRecord) as gone:
        board.caller_hung_up("nobody-on-the-line")
    assert gone.value.code == "call_not_found"
    board.set_presence("agent01", "retail", AgentState.READY)
    call = board.offer(ZHANG_PHONE, "general")
    with pytest.raises(MoveNotAllowed) as ringing:
        board.hold("agent01", call.id)
    assert ringing.value.code == "illegal_transition"


def _answers(birth_date: date, id_number: str) -> VerificationRequest:
    answers = KnowledgeAnswers(birth_date=birth_date, id_number=id_number)
    return VerificationRequest(method=VerificationMethod.KNOWLEDGE, answers=answers)


def test_verification_decides_and_locks_without_http(
    sessions: sessionmaker[Session], clock: FakeClock, bank: Bank
) -> None:
    wrong = _answers(date(2000, 1, 1), "000000000000000000")
    id_number = UnmaskField.ID_NUMBER
    call = HeldCall("call-1", ZHANG_PHONE, frozenset({bank.zhang}))
    with sessions() as session:
        with pytest.raises(NotPermitted) as no_call:
            verification.verify(session, bank.zhang, wrong, AGENT, clock())
        assert no_call.value.code == "verification.call_required"
        for _ in range(rules.MAX_FAILURES):
            status = verification.verify(session, bank.zhang, wrong, AGENT, clock(), call)
            session.commit()
            clock.advance(30)
        assert status.locked_until is not None and status.remaining_attempts == 0

        right = _answers(date(1990, 3, 7), ZHANG_ID)
        with pytest.raises(Locked) as locked:
            verification.verify(session, bank.zhang, right, AGENT, clock(), call)
        assert locked.value.code == "verification.locked"
        assert locked.value.until == status.locked_until
        with pytest.raises(NotPermitted) as unverified:
            verification.unmask(session, bank.zhang, id_number, None, AGENT, clock(), call)
        assert unverified.value.code == "verification.required"
        with pytest.raises(UnknownRecord):
            verification.status(session, 999_999, AGENT, clock())

        clock.now = status.locked_until
        verified = verification.verify(session, bank.zhang, right, AGENT, clock(), call)
        assert verified.status == "verified"
        session.commit()
        unmasked = verification.unmask(session, bank.zhang, id_number, None, AGENT, clock(), call)
        assert unmasked == ZHANG_ID


def test_a_stale_ticket_edit_is_refused_with_the_ticket_as_it_is_now(
    sessions: sessionmaker[Session], clock: FakeClock, bank: Bank
) -> None:
    first = TicketPatch(changes={"severity": "high"})
    with sessions() as session:
        edited = tickets.edit_ticket(
            session, bank.open_ticket, first, expected_version=1, now=clock(), actor=AGENT
        )
        session.commit()
        assert edited.version == 2

        late = TicketPatch(changes={"summary": "Charged twice, and again"})
        with pytest.raises(StaleVersion) as stale:
            tickets.edit_ticket(
                session, bank.open_ticket, late, expected_version=1, now=clock(), actor=AGENT
            )
        assert (stale.value.version, stale.value.current["severity"]) == (2, "high")
        with pytest.raises(InvalidValue) as invalid:
            tickets.edit_ticket(
                session,
                bank.open_ticket,
                TicketPatch(changes={"reference": "X"}),
                expected_version=None,
                now=clock(),
                actor=AGENT,
            )
        assert [f.field for f in invalid.value.fields] == ["changes.reference"]
        with pytest.raises(UnknownRecord):
            tickets.get_ticket(session, 999_999)


def test_a_user_needs_a_known_role_and_a_free_username(
    sessions: sessionmaker[Session], bank: Bank
) -> None:
    with sessions() as session:
        with pytest.raises(InvalidValue) as role:
            create_user(session, "agent99", "Agent 99", "janitor", "a long password")
        assert role.value.code == "user.unknown_role"
        with pytest.raises(InvalidValue) as taken:
            create_user(session, "agent01", "Another One", Role.AGENT, "a long password")
        assert [f.field for f in taken.value.fields] == ["username"]
        assert create_user(session, "agent99", "Agent 99", "agent", "a long password").active
