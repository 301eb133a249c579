"""The ACD that every worker of every host shares, on PostgreSQL: :class:`SharedAcd`.

Why a leader rather than row locks per queue: routing is one decision over every queue and
every agent at once (the longest-idle ready agent with the skill, across the queues they serve),
and its timers (abandons, ring timeouts, wrap-up limits) follow from the whole state. Locking
rows per queue would still have to lock the agents a call may go to, i.e. all of them. So one
worker at a time, the leader, holds the domain ACD (a :class:`Switchboard`) and applies every
move in order; the others are as stateless as the rest of the API.

- **Election**: each worker's leadership thread keeps trying ``pg_try_advisory_lock`` on a
  connection of its own. The one that holds it leads; if its process, host or connection dies,
  PostgreSQL releases the lock and another worker takes over within ``failover_seconds``.
- **Moves and questions** from any worker (its routes call this class as they would a
  switchboard) are rows of ``acd_commands``, with a NOTIFY to the leader. The leader applies
  the pending ones in order of id, in **one transaction** per batch: the switchboard's writes
  (event log, calls, presence), each command's outcome, and what the batch changed in the
  ACD's state (``acd_state_rows.py``: a row per agent and per live leg, only those the batch
  touched). The worker that asked waits for the outcome (a NOTIFY back, or a poll) and
  returns the result or raises the refusal. A move is thus applied once: either its batch
  committed (outcome, events and state together) or nothing of it did, and the next leader
  applies it from the state the last batch left.
- **Fencing**: ``acd_state.version`` goes up with every batch; a leader writes only over the
  version it last wrote. A leader that lost its lock without noticing (a stalled process) finds
  the version moved and steps down, its batch rolled back.
- **Failover**: the new leader starts from the tables as a restarted server does (figures'
  history, presence, intervals) and then takes the ACD's state from its rows: calls that
  wait, ring or are on the line carry on, with their timers. A command older than
  ``command_timeout_s`` is answered "unavailable" instead of applied: its worker has already
  told the desk so (503), which may retry.
- The leader's ticker (timers, ``queue.stats``) runs its steps in the same kind of transaction;
  a tick whose timers changed nothing writes no state (it still fences: its figures are writes).

- **The PBX** hears of a move from the worker that got the request, never from the leader: a
  PBX slow to answer would otherwise hold up the batch, and with it every agent's moves on
  every host. The worker asks the leader to check the move (a question), tells the PBX itself
  (``pbx.py``; a refusal or no answer ends there, nothing applied), then asks the leader to
  apply it; the leader's switchboard tells the PBX nothing (``pbx.SilentPbx``). If that
  apply's batch rolls back, the command is still pending and the next leader applies it; one
  it finds too old is refused "unavailable" although the PBX did the move, and the PBX reports
  the call as it is through the webhook. The ACD's timers' own hang-ups
  (``timer_commands.py``) leave the leader off its batch, on a thread of their own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, Engine, Table, delete, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.supervisor import AgentRow, WaitingCall
from agentdesk.contract.telephony import (
    AgentCallState,
    QueueBoard,
    TelephonyEvent,
    TelephonyEventAck,
)
from agentdesk.domain.calls import Call, CallState
from agentdesk.domain.clock import Clock
from agentdesk.domain.errors import UpstreamUnavailable
from agentdesk.domain.presence import Action, AgentState, NotReadyReason
from agentdesk.domain.queue_stats import ServiceLevelRule
from agentdesk.server import changes, models
from agentdesk.server.telephony import acd_state_rows, acd_wire
from agentdesk.server.telephony.pbx import PbxCommands
from agentdesk.server.telephony.simulator import new_call_id
from agentdesk.server.telephony.switchboard import ON_THE_LINE, Switchboard, TelephonyConfig
from agentdesk.server.telephony.ticker import Ticker

__all__ = ["LEADER_LOCK_KEY", "SharedAcd"]

log = logging.getLogger(__name__)

# Any 64-bit number unique to this purpose among the database's advisory locks.
LEADER_LOCK_KEY = 0x4147_4E54_4143_444C  # "AGNTACDL"
COMMANDS_CHANNEL = "agentdesk_acd_commands"
DONE_CHANNEL = "agentdesk_acd_done"
_BATCH = 200  # commands applied in one transaction at most
_KEEP_DONE = timedelta(minutes=5)  # answered commands kept this long (for an operator's look)

_NOTIFY = text("SELECT pg_notify(:channel, :payload)")
# Declared as FromClauses; they are Tables (as sequence.py's counter).
_COMMANDS = cast(Table, models.AcdCommand.__table__)
_STATE = cast(Table, models.AcdStateRow.__table__)


class _Unavailable(UpstreamUnavailable):
    def __init__(self, detail: str) -> None:
        super().__init__("telephony.acd_unavailable", detail)


class _Poisoned(Exception):
    """A command failed other than by a refusal: the batch rolled back, the command is failed
    on its own, and the leader starts again from the tables."""

    def __init__(self, command_id: int, error: Exception) -> None:
        super().__init__(f"command {command_id}: {type(error).__name__}")
        self.command_id = command_id


class _LeadershipLost(Exception):
    """Another worker leads now (the state's version moved under this one)."""


class SharedAcd:
    """The ACD of every worker (see the module's docstring): each method sends its command to
    the leader and returns its outcome, a move that changes a call telling ``pbx`` between
    the leader's check and its apply; :meth:`running` takes part in the election. ``build``
    makes the leader's switchboard, whose PBX sends nothing."""

    def __init__(
        self,
        config: TelephonyConfig,
        engine: Engine,
        build: Callable[[], Switchboard],
        *,
        pbx: PbxCommands,
        clock: Clock,
        on_events: Callable[[int], None],
        command_timeout_s: float = 10.0,
        failover_seconds: float = 1.0,
    ) -> None:
        self.config = config
        self.pbx = pbx
        self._engine = engine
        self._build = build
        self._clock = clock
        self._on_events = on_events
        self._timeout_s = command_timeout_s
        self._failover_s = failover_seconds
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.ticker = Ticker(self._tick, config.tick_seconds, name="shared-acd-ticker")
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # The leader's part: its switchboard, the state version it last wrote, and the lock
        # that keeps a batch of commands and a tick from running at once.
        self._unit = threading.Lock()
        self._switchboard: Switchboard | None = None
        self._version = 0
        # A batch or tick that did not commit took the switchboard's changes with it: the
        # next write is the whole state.
        self._rewrite = False
        # The asking side: outcomes arrive for the commands this process waits on.
        self._answered = threading.Condition()
        self._outcomes: dict[int, dict[str, Any] | None] = {}

    # -- the routes' side: the same questions as a switchboard's ------------------------------

    def now(self) -> datetime:
        return self._clock()

    @property
    def queue_names(self) -> list[str]:
        return self.config.queue_names

    @property
    def leading(self) -> bool:
        return self._switchboard is not None

    def state(self, username: str) -> AgentCallState:
        return AgentCallState.model_validate(self._ask("state", username=username))

    def join(self, username: str, team: str) -> None:
        self._ask("join", username=username, team=team)

    def queues_of(self, username: str) -> list[str]:
        return list(self._ask("queues_of", username=username))

    def agent_names(self) -> list[str]:
        return list(self._ask("agent_names"))

    def set_presence(
        self, username: str, team: str, state: AgentState, reason: NotReadyReason | None = None
    ) -> AgentCallState:
        out = self._ask(
            "set_presence",
            username=username,
            team=team,
            state=state.value,
            reason=reason.value if reason is not None else None,
        )
        return AgentCallState.model_validate(out)

    def answer(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(Action.ANSWER, self.pbx.answer, username, call_id)

    def hold(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(Action.HOLD, self.pbx.hold, username, call_id)

    def resume(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(Action.RESUME, self.pbx.resume, username, call_id)

    def hang_up(self, username: str, call_id: str) -> AgentCallState:
        return self._commanded(Action.HANG_UP, self.pbx.hang_up, username, call_id)

    def transfer(
        self, username: str, call_id: str, *, queue: str | None = None, agent: str | None = None
    ) -> AgentCallState:
        out = self._told_then_applied(
            lambda: self._ask(
                "check",
                username=username,
                call_id=call_id,
                action=Action.TRANSFER.value,
                queue=queue,
                to_agent=agent,
            ),
            lambda: self.pbx.transfer(call_id, username, queue=queue, to_agent=agent),
            lambda: self._ask(
                "transfer", username=username, call_id=call_id, queue=queue, agent=agent
            ),
        )
        return AgentCallState.model_validate(out)

    def finish_wrap_up(self, username: str) -> AgentCallState:
        return AgentCallState.model_validate(self._ask("finish_wrap_up", username=username))

    def dial(self, username: str, phone: str, queue: str) -> AgentCallState:
        """As :meth:`Switchboard.dial`; the call id is made here, where the PBX is told."""
        call_id = new_call_id()
        out = self._told_then_applied(
            lambda: self._ask("check_dial", username=username, queue=queue),
            lambda: self.pbx.dial(call_id, username, phone, queue),
            lambda: self._ask("dial", username=username, phone=phone, queue=queue, call_id=call_id),
        )
        return AgentCallState.model_validate(out)

    def offer(
        self,
        caller: str,
        queue: str,
        *,
        call_id: str | None = None,
        priority: int = 0,
        patience_s: float | None = None,
        arrived_at: datetime | None = None,
    ) -> Call:
        out = self._ask(
            "offer",
            caller=caller,
            queue=queue,
            call_id=call_id,
            priority=priority,
            patience_s=patience_s,
            arrived_at=arrived_at.isoformat() if arrived_at is not None else None,
        )
        return Call.from_dict(out)

    def caller_hung_up(self, call_id: str) -> Call:
        return Call.from_dict(self._ask("caller_hung_up", call_id=call_id))

    def caller_verified(self, call_id: str, customer_id: int) -> Call:
        return Call.from_dict(
            self._ask("caller_verified", call_id=call_id, customer_id=customer_id)
        )

    def telephony_event(self, event: TelephonyEvent) -> TelephonyEventAck:
        out = self._ask("telephony_event", event=event.model_dump(mode="json"))
        return TelephonyEventAck.model_validate(out)

    def call(self, call_id: str) -> Call | None:
        return _maybe_call(self._ask("call", call_id=call_id))

    def held_call(self, username: str) -> Call | None:
        # Read from the state's rows, not asked of the leader: every 360 and ticket read
        # asks it, and at 1,000 desks those questions queued behind the leader's moves.
        call = self._leg_at(username)
        return call if call is not None and call.state in ON_THE_LINE else None

    def ringing_call(self, username: str) -> Call | None:
        call = self._leg_at(username)
        return call if call is not None and call.state is CallState.RINGING else None

    def _leg_at(self, username: str) -> Call | None:
        with self._engine.connect() as conn:
            call = acd_state_rows.agent_leg(conn, username)
        return call if call is not None and call.agent == username else None

    def supervise_presence(
        self,
        username: str,
        state: AgentState,
        supervisor: str,
        reason: NotReadyReason | None = None,
        *,
        supervisor_name: str = "",
    ) -> None:
        self._ask(
            "supervise_presence",
            username=username,
            state=state.value,
            supervisor=supervisor,
            reason=reason.value if reason is not None else None,
            supervisor_name=supervisor_name,
        )

    def move_call(self, call_id: str, queue: str, by: str) -> Call:
        out = self._told_then_applied(
            lambda: self._ask("check_move_call", call_id=call_id, queue=queue),
            lambda: self.pbx.move(call_id, queue, by),
            lambda: self._ask("move_call", call_id=call_id, queue=queue, by=by),
        )
        return Call.from_dict(out)

    def agent_row(self, username: str, team: str, display_name: str) -> AgentRow:
        out = self._ask("agent_row", username=username, team=team, display_name=display_name)
        return AgentRow.model_validate(out)

    def waiting(self, queues: list[str]) -> list[WaitingCall]:
        return [WaitingCall.model_validate(w) for w in self._ask("waiting", queues=queues)]

    def watch_team(self, team: str) -> None:
        self._ask("watch_team", team=team)

    def board(self) -> QueueBoard:
        return QueueBoard.model_validate(self._ask("board"))

    def set_service_levels(self, rules: Mapping[str, ServiceLevelRule]) -> None:
        self._ask("set_service_levels", rules=acd_wire.rules_to(rules))

    def _commanded(
        self, action: Action, command: Callable[[str, str], None], username: str, call_id: str
    ) -> AgentCallState:
        """An agent's move on their call (``command(call_id, username)`` tells the PBX)."""
        out = self._told_then_applied(
            lambda: self._ask(
                "check",
                username=username,
                call_id=call_id,
                action=action.value,
                queue=None,
                to_agent=None,
            ),
            lambda: command(call_id, username),
            lambda: self._ask(action.value, username=username, call_id=call_id),
        )
        return AgentCallState.model_validate(out)

    def _told_then_applied(
        self, check: Callable[[], object], tell: Callable[[], None], apply: Callable[[], Any]
    ) -> Any:
        """A move the PBX must hear of: checked by the leader, told to the PBX from here
        (refused or unanswered, ``tell`` raises and nothing is applied), then applied by the
        leader, whose switchboard does not tell the PBX again. A PBX in this process (the
        simulated one: ``remote`` false) refuses nothing and waits on nothing: the move is
        applied at once, the leader's own checks being the only ones, and told after, in one
        round trip to the leader instead of two."""
        if not self.pbx.remote:
            out = apply()
            tell()
            return out
        check()
        tell()
        return apply()

    def _ask(self, kind: str, **args: Any) -> Any:
        """Send one command and wait for its outcome: the result, or the refusal raised."""
        assert kind in acd_wire.APPLY
        with self._engine.begin() as conn:
            command_id = conn.execute(
                insert(_COMMANDS)
                .values(kind=kind, args=args, created_at=self._clock())
                .returning(_COMMANDS.c.id)
            ).scalar_one()
            # Delivered at the commit: the leader looks once the command is there to read.
            conn.execute(_NOTIFY, {"channel": COMMANDS_CHANNEL, "payload": str(command_id)})
        with self._answered:
            self._outcomes[command_id] = None
        try:
            outcome = self._wait(command_id)
        finally:
            with self._answered:
                self._outcomes.pop(command_id, None)
        if "failed" in outcome:
            raise RuntimeError(f"the shared ACD failed on {kind}: {outcome['failed']}")
        acd_wire.raise_refusal(outcome)
        return outcome["result"]

    def _wait(self, command_id: int) -> dict[str, Any]:
        """The outcome once the leader wrote it: told by its NOTIFY, or read every quarter
        second (a NOTIFY is lost with a connection)."""
        deadline = time.monotonic() + self._timeout_s
        while True:
            with self._answered:
                self._answered.wait_for(
                    lambda: self._outcomes.get(command_id) is not None,
                    timeout=max(0.0, min(0.25, deadline - time.monotonic())),
                )
                outcome = self._outcomes.get(command_id)
            if outcome is not None:
                return outcome
            self._collect([command_id])
            with self._answered:
                outcome = self._outcomes.get(command_id)
            if outcome is not None:
                return outcome
            if time.monotonic() >= deadline:
                raise _Unavailable("the ACD did not answer in time: try again shortly")

    def _collect(self, ids: list[int]) -> None:
        """Read the outcomes of ``ids`` that are in; wake their waiters."""
        if not ids:
            return
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(_COMMANDS.c.id, _COMMANDS.c.outcome).where(
                    _COMMANDS.c.id.in_(ids), _COMMANDS.c.done_at.is_not(None)
                )
            ).all()
        if rows:
            with self._answered:
                for command_id, outcome in rows:
                    if command_id in self._outcomes:
                        self._outcomes[command_id] = outcome
                self._answered.notify_all()

    # -- the lifespan ---------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Take part in the election, hear answers, run the leader's ticker."""
        self._stopping.clear()
        for target, name in ((self._lead, "acd-leadership"), (self._listen, "acd-answers")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        try:
            async with self.ticker.running():
                yield
        finally:
            self._stopping.set()
            for thread in self._threads:
                thread.join(timeout=5)
            self._threads.clear()

    def _conninfo(self) -> str:
        url = self._engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _listen(self) -> None:
        """Hear the leader's "answered" and hand the outcomes to the waiting threads."""
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                    conn.execute(f"LISTEN {DONE_CHANNEL}")
                    while not self._stopping.is_set():
                        heard = list(conn.notifies(timeout=0.5, stop_after=1))
                        if heard:
                            with self._answered:
                                waiting = [i for i, o in self._outcomes.items() if o is None]
                            self._collect(waiting)
            except psycopg.Error:
                log.warning("the ACD's answers: the database connection failed; reconnecting")
                self._stopping.wait(self._failover_s)

    # -- the leader's side ------------------------------------------------------------------

    def _lead(self) -> None:
        """Try for the lock until stopped; while holding it, apply every command."""
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                    if not self._wait_for_lock(conn):
                        continue
                    conn.execute(f"LISTEN {COMMANDS_CHANNEL}")
                    self._take_over()
                    log.info("this worker (%s) leads the shared ACD", self.name)
                    while not self._stopping.is_set():
                        self._apply_pending()
                        list(conn.notifies(timeout=self._failover_s / 2, stop_after=1))
            except _Poisoned as exc:
                log.error(
                    "the shared ACD's leader: %s; starting again", exc, exc_info=exc.__cause__
                )
                self._fail(exc.command_id)
            except (psycopg.Error, _LeadershipLost, OSError) as exc:
                log.warning("the shared ACD's leadership ended here: %s", type(exc).__name__)
                self._stopping.wait(self._failover_s / 2)
            except Exception:
                log.exception("the shared ACD's leader failed")
                self._stopping.wait(self._failover_s / 2)
            finally:
                self._step_down()

    def _fail(self, command_id: int) -> None:
        with contextlib.suppress(Exception), self._engine.begin() as conn:
            conn.execute(
                update(_COMMANDS)
                .where(_COMMANDS.c.id == command_id)
                .values(done_at=self._clock(), outcome={"failed": "internal error"})
            )
            conn.execute(_NOTIFY, {"channel": DONE_CHANNEL, "payload": str(command_id)})

    def _wait_for_lock(self, conn: psycopg.Connection[Any]) -> bool:
        while not self._stopping.is_set():
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK_KEY,)).fetchone()
            if row is not None and row[0]:
                return True
            self._stopping.wait(self._failover_s / 2)
        return False

    def _step_down(self) -> None:
        with self._unit:
            self._switchboard = None

    def _take_over(self) -> None:
        """A switchboard as at a start, carrying on from the last batch's state; the version
        moves on at once, fencing out whoever led before. Without a state stored, the first
        write stores the whole of it."""
        switchboard = self._build()
        switchboard.ticker = self.ticker  # its moves wake the leader's ticker
        switchboard.load_history()
        switchboard.load_presence()
        with self._unit, self._engine.begin() as conn:
            row = conn.execute(
                select(_STATE.c.version).where(_STATE.c.id == 1).with_for_update()
            ).first()
            if row is None:
                version = 1
                conn.execute(
                    insert(_STATE).values(
                        id=1, version=version, leader=self.name, updated_at=self._clock()
                    )
                )
            else:
                state = acd_state_rows.read_state(conn)
                if state is not None:
                    switchboard.import_state(state)
                version = row.version + 1
                conn.execute(
                    update(_STATE)
                    .where(_STATE.c.id == 1)
                    .values(version=version, leader=self.name, updated_at=self._clock())
                )
        switchboard.load_intervals()
        with self._unit:
            self._switchboard, self._version, self._rewrite = switchboard, version, False

    def _apply_pending(self) -> None:
        while not self._stopping.is_set() and self._apply_batch():
            pass

    def _apply_batch(self) -> bool:
        """Apply up to a batch of pending commands in one transaction; False when none."""
        with self._unit:
            switchboard = self._switchboard
            if switchboard is None:
                return False
            rung: list[int] = []
            with self._engine.connect() as conn:
                with self._rewrite_unless_committed(), conn.begin():
                    rows = conn.execute(
                        select(
                            _COMMANDS.c.id,
                            _COMMANDS.c.kind,
                            _COMMANDS.c.args,
                            _COMMANDS.c.created_at,
                        )
                        .where(_COMMANDS.c.done_at.is_(None))
                        .order_by(_COMMANDS.c.id)
                        .limit(_BATCH)
                    ).all()
                    if not rows:
                        return False
                    self._fence(conn)
                    now = self._clock()
                    with switchboard.sessions_from(self._joined(conn, rung.append)):
                        for command_id, kind, args, created_at in rows:
                            outcome = self._outcome(
                                switchboard, command_id, kind, args, created_at, now
                            )
                            conn.execute(
                                update(_COMMANDS)
                                .where(_COMMANDS.c.id == command_id)
                                .values(done_at=now, outcome=outcome)
                            )
                    if any(kind not in acd_wire.READS for _, kind, _, _ in rows):
                        self._save_state(conn, switchboard)
                    conn.execute(delete(_COMMANDS).where(_COMMANDS.c.done_at < now - _KEEP_DONE))
                    conn.execute(_NOTIFY, {"channel": DONE_CHANNEL, "payload": str(rows[-1][0])})
        if rung:
            self._on_events(max(rung))
        return True

    def _outcome(
        self,
        switchboard: Switchboard,
        command_id: int,
        kind: str,
        args: dict[str, Any],
        created_at: datetime,
        now: datetime,
    ) -> dict[str, Any]:
        if now - created_at > timedelta(seconds=self._timeout_s):
            # Its worker has answered the desk "unavailable" already: applying it now would
            # do what the agent was told had not been done.
            return acd_wire.refusal(_Unavailable("the ACD did not answer in time: try again"))
        try:
            return acd_wire.apply(switchboard, kind, args)
        except Exception as exc:
            raise _Poisoned(command_id, exc) from exc

    def _tick(self) -> None:
        """The leader's timers and figures, in a transaction with the state they change."""
        with self._unit:
            switchboard = self._switchboard
            if switchboard is None:
                return
            rung: list[int] = []
            with (
                self._rewrite_unless_committed(),
                self._engine.connect() as conn,
                conn.begin(),
            ):
                self._fence(conn)
                with switchboard.sessions_from(self._joined(conn, rung.append)):
                    switchboard.tick()
                self._save_state(conn, switchboard)
        if rung:
            self._on_events(max(rung))

    def _joined(self, conn: Connection, ring: Callable[[int], None]) -> sessionmaker[Session]:
        """Sessions whose commits are savepoints of ``conn``'s transaction: the batch commits
        them all, or none. The broker is rung once the batch has committed."""
        factory = sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        changes.install(factory, ring, clock=self._clock)
        return factory

    def _fence(self, conn: Connection) -> None:
        """Move the state's version on, over the one this leader last wrote: another leader's
        batch waits on the row, and a leader that lost its lock finds it moved (and stops)."""
        moved = conn.execute(
            update(_STATE)
            .where(_STATE.c.id == 1, _STATE.c.version == self._version)
            .values(version=self._version + 1, updated_at=self._clock())
        )
        if moved.rowcount != 1:
            raise _LeadershipLost("the shared ACD's state moved under this leader")
        self._version += 1

    def _save_state(self, conn: Connection, switchboard: Switchboard) -> None:
        """What changed in the ACD's state since the last write, its rows only (in the batch's
        transaction, after :meth:`_fence`).

        Measured at 1,000 agents and 280 live legs, when the whole state went into one JSON
        with every batch and tick: 3 ms to export it, 3 ms to serialise it to see whether it
        had changed (the clock moved at every tick, so it always had), 13 ms to write its
        400 KB: 19 ms a batch or tick, under the lock they take in turn. The switchboard now
        says what changed (``Switchboard.export_changes``, from the ACD's own record of it),
        and a move writes its agent's row and its leg's: 1.2 ms with the commit. A tick whose
        timers fired nothing writes nothing. Writing the whole state in rows, as a take-over
        without one or after a failed tick does, takes 40 ms."""
        changes = switchboard.export_changes(whole=self._rewrite)
        acd_state_rows.write_changes(conn, changes, version=self._version, leader=self.name)
        self._rewrite = False

    @contextlib.contextmanager
    def _rewrite_unless_committed(self) -> Iterator[None]:
        """A transaction that fails leaves the rows as they were, but the switchboard has moved
        on and may have handed out its changes: the next write is the whole state. (A failed
        batch ends the leadership anyway; a failed tick does not.)"""
        try:
            yield
        except BaseException:
            self._rewrite = True
            raise


def _maybe_call(data: dict[str, Any] | None) -> Call | None:
    return Call.from_dict(data) if data is not None else None
