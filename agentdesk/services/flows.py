"""Scripted flows during a call: which flows fit, running one, and what it leaves behind.

The definitions are the published versions the sync feed brought into the cache (the shipped
library fills in before the first sync), so a desk runs flows with the backend down.

The runner (``agentdesk.flows``) decides every move; this service keeps the runs of a call in
the cache and turns what a run asks for into writes. Each move is saved in one durable cache
transaction with the writes its actions ask for (a ticket, a care task, a service request, each
with its outbox entry), so a crash never leaves a run that believes it blocked a card the
outbox never heard of, and a flow works the same with the backend down. The run is read back
from the cache for every move, so a restarted desktop resumes it where it stood.

The wrap-up takes the transcripts of the call's runs (``CallService.record_wrap_up``), and
refuses while one stands on a disclosure the agent has not acknowledged.

Threading: blocking (cache reads and writes); the UI calls it from background operations.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache

from sqlalchemy import Connection

from agentdesk.cache import flows as cached_flows
from agentdesk.cache import local_writes
from agentdesk.cache.flows import StoredRun
from agentdesk.cache.outbox import enqueue
from agentdesk.contract.customers import CustomerProfile
from agentdesk.contract.interactions import Channel
from agentdesk.contract.sync import MutationKind, ServiceRequestCreate, TaskCreate, TicketCreate
from agentdesk.contract.tickets import ComplaintCategory, Severity
from agentdesk.domain.clock import Clock
from agentdesk.errors import InputRejected, SessionExpired
from agentdesk.flow_library import check_files, library_dir
from agentdesk.flows.conditions import evaluate
from agentdesk.flows.definition import ActionKind, FlowDefinition, SuitabilityNode
from agentdesk.flows.facts import FlowFacts
from agentdesk.flows.runner import (
    CurrentStep,
    FlowRun,
    FlowRunner,
    Move,
    RequestedAction,
    RunStatus,
)
from agentdesk.flows.transcript import Transcript, transcript_of
from agentdesk.services.flow_facts import flow_facts, reading_language
from agentdesk.services.local_cache import LocalCache
from agentdesk.services.session import SessionService
from agentdesk.services.sync import SyncService

__all__ = ["FlowChoice", "FlowService", "FlowStep", "shipped_flows"]


@cache
def shipped_flows() -> tuple[FlowDefinition, ...]:
    """The flow library installed with the desktop (validated; a bad file is left out)."""
    return tuple(source.definition for source in check_files([library_dir()]).sources)


@dataclass(frozen=True)
class FlowChoice:
    flow_id: str
    version: int
    title: str  # in the agent's language
    suggested: bool  # fits the call's queue or reason, or the customer


@dataclass(frozen=True)
class FlowStep:
    """A run as the flow panel shows it."""

    run_id: str
    flow_id: str
    title: str
    step: CurrentStep
    path: tuple[str, ...]  # the titles of the steps passed, in order
    status: RunStatus
    pending_disclosure: str | None  # the step's title, while it waits for its acknowledgement
    wrap_up: str | None  # the code the end proposes


class FlowService:
    def __init__(
        self,
        session: SessionService,
        cache: LocalCache,
        sync: SyncService,
        *,
        language: str = "zh_CN",
        clock: Clock = lambda: datetime.now(UTC),
        definitions: Callable[[], Sequence[FlowDefinition]] | None = None,
    ) -> None:
        self._language = language  # the agent's: titles and translations are given in it
        self._session = session
        self._cache = cache
        self._sync = sync
        self._clock = clock
        self._definitions = definitions or self._published
        self._parsed: tuple[tuple[int, int], tuple[FlowDefinition, ...]] | None = None

    # -- choosing ---------------------------------------------------------------------------

    def choices(self, profile: CustomerProfile | None, *, queue: str) -> list[FlowChoice]:
        """Every flow, the ones that fit this call and customer first (then by title)."""
        facts = self._facts(profile, queue) if profile is not None else None
        offered = [
            FlowChoice(d.id, d.version, d.title.text(self._language), self._fits(d, queue, facts))
            for d in self._latest()
        ]
        return sorted(offered, key=lambda c: (not c.suggested, c.title))

    # -- running ----------------------------------------------------------------------------

    def flow_for_product(self, product_code: str) -> str | None:
        """The scripted flow that offers this product: the one whose suitability gate checks
        it (the gate and the risk disclosure come with the flow), or None."""
        for definition in sorted(self._latest(), key=lambda d: d.id):
            for node in definition.nodes.values():
                if isinstance(node, SuitabilityNode) and node.product_code == product_code:
                    return definition.id
        return None

    def start(
        self, flow_id: str, profile: CustomerProfile, *, call_id: str, queue: str
    ) -> FlowStep:
        definition = self._definition(flow_id)
        facts = self._facts(profile, queue)
        runner = FlowRunner(definition, facts)
        run = runner.start(
            run_id=uuid.uuid4().hex,
            agent=self._agent(),
            language=reading_language(profile.language),
            now=self._clock(),
        )
        stored = StoredRun(run.run_id, call_id, profile.id, "", "")
        self._save(stored, facts, runner, run.model_copy(update={"actions": ()}), run)
        return self._step(runner, run)

    def move(
        self,
        call_id: str,
        run_id: str,
        move: Move,
        *,
        answer: str = "",
        key: int = 0,
        shown_hash: str = "",
    ) -> FlowStep:
        """One move of a run; MoveNotAllowed or InvalidValue (with the step's message) when the
        run refuses it, and nothing is saved then."""
        stored, facts, runner, run = self._load(call_id, run_id)
        now = self._clock()
        match move:
            case Move.NEXT:
                after = runner.next(run, now=now)
            case Move.ANSWER:
                after = runner.answer(run, answer, now=now, agent_language=self._language)
            case Move.CHOOSE:
                after = runner.choose(run, key, now=now)
            case Move.ACKNOWLEDGE:
                after = runner.acknowledge(run, shown_hash, now=now)
            case Move.BACK:
                after = runner.back(run, now=now)
        self._save(stored, facts, runner, run, after)
        return self._step(runner, after)

    def abandon(self, call_id: str, run_id: str, reason: str) -> FlowStep:
        stored, facts, runner, run = self._load(call_id, run_id)
        after = runner.abandon(run, reason, now=self._clock())
        self._save(stored, facts, runner, run, after)
        return self._step(runner, after)

    def runs_of_call(self, call_id: str) -> list[FlowStep]:
        """The call's runs not yet wrapped up, as they stand (a restarted desktop resumes)."""
        steps = []
        for stored in self._cache.read(lambda conn: cached_flows.open_runs(conn, call_id)):
            runner, run = self._restore(stored)
            steps.append(self._step(runner, run))
        return steps

    # -- the wrap-up ------------------------------------------------------------------------

    def check_wrap_up(self, call_id: str) -> None:
        """InputRejected naming each flow that stands on an unacknowledged disclosure."""
        waiting = [
            f"{s.title}: {s.pending_disclosure}"
            for s in self.runs_of_call(call_id)
            if s.pending_disclosure
        ]
        if waiting:
            raise InputRejected(
                "a disclosure must be read and acknowledged first: " + "; ".join(waiting),
                field="flows",
                reason="disclosure_pending",
            )

    def transcripts(self, call_id: str) -> list[Transcript]:
        """What the call's runs leave on its interaction (unfinished runs as unfinished)."""
        now = self._clock()
        found = []
        for stored in self._cache.read(lambda conn: cached_flows.open_runs(conn, call_id)):
            runner, run = self._restore(stored)
            found.append(transcript_of(runner.definition, run, now=now))
        return found

    # -- inside -----------------------------------------------------------------------------

    def _published(self) -> Sequence[FlowDefinition]:
        """The versions the feed brought, and the installed library's where the feed has not
        brought that version (a desk that never synced still runs the library)."""
        cache = self._cache
        mark = cache.read(cached_flows.flow_versions_mark)
        if self._parsed is None or self._parsed[0] != mark:
            records = cache.read(cached_flows.cached_flow_versions)
            known = {(r.flow_id, r.version): r.definition for r in records}
            for definition in shipped_flows():
                known.setdefault((definition.id, definition.version), definition)
            self._parsed = (mark, tuple(known.values()))
        return self._parsed[1]

    def _latest(self) -> list[FlowDefinition]:
        newest: dict[str, FlowDefinition] = {}
        for definition in self._definitions():
            known = newest.get(definition.id)
            if known is None or definition.version > known.version:
                newest[definition.id] = definition
        return list(newest.values())

    def _definition(self, flow_id: str, version: int | None = None) -> FlowDefinition:
        for definition in self._definitions() if version else self._latest():
            if definition.id == flow_id and version in (None, definition.version):
                return definition
        raise InputRejected(f"no flow {flow_id}", field="flow", reason="unknown")

    def _fits(self, definition: FlowDefinition, queue: str, facts: FlowFacts | None) -> bool:
        """Suggested when the call's queue is one the flow names (or it names none) and the
        customer meets its condition (when it has one)."""
        fits = definition.fits
        if fits.queues and queue not in fits.queues:
            return False
        if fits.when is None:
            return bool(fits.queues)
        return facts is not None and evaluate(fits.when, facts.scope({}))

    def _facts(self, profile: CustomerProfile, queue: str) -> FlowFacts:
        today = self._clock().astimezone().date()
        return flow_facts(profile, queue=queue, reason="", today=today)

    def _agent(self) -> str:
        user = self._session.user
        if user is None:
            raise SessionExpired("not signed in")
        return user.username

    def _load(self, call_id: str, run_id: str) -> tuple[StoredRun, FlowFacts, FlowRunner, FlowRun]:
        for stored in self._cache.read(lambda conn: cached_flows.open_runs(conn, call_id)):
            if stored.run_id == run_id:
                runner, run = self._restore(stored)
                return stored, runner.facts, runner, run
        raise InputRejected("the flow is no longer open", field="flow", reason="closed")

    def _restore(self, stored: StoredRun) -> tuple[FlowRunner, FlowRun]:
        run = FlowRun.model_validate_json(stored.run)
        definition = self._definition(run.flow_id, run.version)
        return FlowRunner(definition, FlowFacts.model_validate_json(stored.facts)), run

    def _save(
        self,
        stored: StoredRun,
        facts: FlowFacts,
        runner: FlowRunner,
        before: FlowRun,
        after: FlowRun,
    ) -> None:
        taken = {a.key for a in before.actions}
        new_actions = [a for a in after.actions if a.key not in taken]
        saved = StoredRun(
            stored.run_id,
            stored.call_id,
            stored.customer_id,
            after.model_dump_json(),
            facts.model_dump_json(),
        )
        now = self._clock()
        owner = after.agent

        def write(conn: Connection) -> None:
            cached_flows.save_run(conn, saved, now=now)
            for action in new_actions:
                _queue_action(conn, action, after, saved, owner=owner, now=now)

        self._cache.open().write(write, durable=True)
        if new_actions:
            self._sync.changes_saved()

    def _step(self, runner: FlowRunner, run: FlowRun) -> FlowStep:
        definition, language = runner.definition, self._language
        step = runner.current(run, agent_language=language)
        pending = runner.pending_disclosure(run)
        interactive = ("say", "ask", "choice", "disclosure")
        path = tuple(
            definition.nodes[s.node].title.text(language) or s.node
            for s in run.steps
            if s.kind in interactive
        )
        return FlowStep(
            run_id=run.run_id,
            flow_id=run.flow_id,
            title=definition.title.text(language),
            step=step,
            path=path,
            status=run.status,
            pending_disclosure=(definition.nodes[pending].title.text(language) or pending)
            if pending
            else None,
            wrap_up=run.wrap_up,
        )


def _queue_action(
    conn: Connection,
    action: RequestedAction,
    run: FlowRun,
    stored: StoredRun,
    *,
    owner: str,
    now: datetime,
) -> None:
    """The write an action asks for, with its outbox entry, in the move's transaction."""
    customer_id = stored.customer_id
    if customer_id is None:
        raise InputRejected("a flow's action needs the customer", field="flow", reason="customer")
    params = action.params
    match action.action:
        case ActionKind.OPEN_TICKET:
            ticket = TicketCreate(
                customer_id=customer_id,
                category=ComplaintCategory(params.get("category") or "other"),
                severity=Severity(params.get("severity") or "medium"),
                channel=Channel.PHONE_IN,
                summary=params.get("summary") or run.flow_id,
                desired_outcome=params.get("desired_outcome", ""),
            )
            local_writes.create_ticket(conn, ticket, now=now)
        case ActionKind.SCHEDULE_TASK:
            due = date.fromisoformat(params["due_on"]) if params.get("due_on") else now.date()
            task = TaskCreate(
                customer_id=customer_id,
                kind="care" if params.get("kind") == "care_call" else "callback",
                # Ten in the morning where the desk is: the customer's day, not UTC's.
                due_at=datetime.combine(due, time(10)).astimezone(),
                note=params.get("note", ""),
            )
            local_writes.create_task(conn, task, owner=owner, now=now)
        case _:
            request = ServiceRequestCreate(
                customer_id=customer_id,
                action=action.action,
                params=params,
                flow_id=run.flow_id,
                flow_version=run.version,
                run_id=run.run_id,
                call_id=stored.call_id,
            )
            enqueue(conn, MutationKind.SERVICE_REQUEST_CREATE, action.key, request, now=now)
