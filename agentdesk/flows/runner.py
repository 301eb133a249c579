"""The runner: a flow's state machine over one definition version and one customer's facts.

A run (:class:`FlowRun`) is plain data, saved after every move, so a desktop that crashes or
restarts resumes it where it stood. :class:`FlowRunner` knows the definition and the facts and
makes the moves; each move takes ``now`` (the runner reads no clock) and returns the new run.

The agent moves on say, ask, choice and disclosure steps; condition, suitability and action
steps are passed by the runner itself, recorded with what they decided. A disclosure cannot be
passed until the agent acknowledges the exact text the runner rendered (its SHA-256 is the
proof), and going back never takes an acknowledgement away. An action asks the desk to write
something (a ticket, a task, an SMS…); once one is taken, going back past it is refused: what
was written through the outbox stays written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from agentdesk.contract.values import (
    FreeText,
    Identifier,
    ItemIndex,
    RecordVersion,
    Timestamp,
)
from agentdesk.domain.errors import InvalidValue, MoveNotAllowed
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.suitability import check_suitability
from agentdesk.flows.answers import InvalidAnswer, capture, value_of
from agentdesk.flows.conditions import evaluate
from agentdesk.flows.definition import (
    ActionKind,
    ActionNode,
    AskNode,
    ChoiceNode,
    ConditionNode,
    DisclosureNode,
    EndNode,
    FlowDefinition,
    Localized,
    Node,
    SayNode,
    SuitabilityNode,
)
from agentdesk.flows.facts import FlowFacts
from agentdesk.flows.templates import render

__all__ = [
    "Acknowledgement",
    "CurrentStep",
    "FlowRun",
    "FlowRunner",
    "Move",
    "RequestedAction",
    "RunStatus",
    "Step",
    "text_hash",
]

# The runner passes these by itself; the agent stops at the others.
_AUTOMATIC = (ConditionNode, SuitabilityNode, ActionNode)


def text_hash(text: str) -> str:
    """The proof of which exact text was shown: SHA-256 of its UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RunStatus(StrEnum):
    RUNNING = "running"
    ENDED = "ended"
    ABANDONED = "abandoned"


class Move(StrEnum):
    NEXT = "next"  # say, and an acknowledged disclosure
    ANSWER = "answer"
    CHOOSE = "choose"
    ACKNOWLEDGE = "acknowledge"
    BACK = "back"


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Acknowledgement(_Data):
    """A disclosure read to the customer: the exact text's hash, when, and by whom."""

    node: Identifier
    text_hash: Identifier
    language: Identifier
    at: Timestamp
    agent: Identifier


class RequestedAction(_Data):
    """Something the run asks the desk to write; ``key`` makes the write happen once."""

    key: Identifier
    node: Identifier
    action: ActionKind
    params: dict[Identifier, FreeText]
    at: Timestamp


class Step(_Data):
    """One node passed, in order: what was decided there and when."""

    node: Identifier
    kind: Identifier
    at: Timestamp
    answer: FreeText | None = None  # ask: the canonical text
    choice: ItemIndex | None = None  # choice: the key
    branch: Identifier | None = None  # condition, suitability: the node it led to
    suitable: bool | None = None  # suitability
    reasons: tuple[FreeText, ...] = ()  # suitability: why not
    text_hash: Identifier | None = None  # disclosure
    action_key: Identifier | None = None  # action


class FlowRun(_Data):
    run_id: Identifier
    flow_id: Identifier
    version: RecordVersion
    agent: Identifier
    language: Identifier  # the language texts are read to the customer in
    started_at: Timestamp
    position: Identifier
    steps: tuple[Step, ...] = ()
    answers: dict[Identifier, FreeText] = {}
    acknowledgements: dict[Identifier, Acknowledgement] = {}
    actions: tuple[RequestedAction, ...] = ()
    status: RunStatus = RunStatus.RUNNING
    finished_at: Timestamp | None = None
    wrap_up: Identifier | None = None
    abandon_reason: str | None = None


@dataclass(frozen=True)
class CurrentStep:
    """What the desk shows for the node a run stands on, texts rendered."""

    node: str
    kind: str
    title: str
    text: str  # in the run's language (the customer's): what is read aloud
    translation: str  # the same in the agent's language, when it differs ("" otherwise)
    text_hash: str  # disclosure: what acknowledge must echo
    acknowledged: bool
    options: tuple[tuple[int, str], ...]  # choice: (key, label)
    choices: tuple[tuple[str, str], ...]  # ask one_of: (code, label)
    answer_type: str  # ask
    answer: str  # ask: the answer given before, when the agent came back
    moves: frozenset[Move]


class FlowRunner:
    """Makes the moves of runs of one definition for one customer."""

    def __init__(self, definition: FlowDefinition, facts: FlowFacts) -> None:
        self.definition = definition
        self.facts = facts

    # -- starting and reading ---------------------------------------------------------------

    def start(self, *, run_id: str, agent: str, language: str, now: datetime) -> FlowRun:
        run = FlowRun(
            run_id=run_id,
            flow_id=self.definition.id,
            version=self.definition.version,
            agent=agent,
            language=language,
            started_at=now,
            position=self.definition.start,
        )
        return self._settle(run, now)

    def current(self, run: FlowRun, *, agent_language: str) -> CurrentStep:
        self._same_flow(run)
        node = self._node(run.position)
        text = self._text_of(node, run, run.language)
        translated = (
            self._text_of(node, run, agent_language) if agent_language != run.language else ""
        )
        return CurrentStep(
            node=run.position,
            kind=node.kind,
            title=self._render(node.title, run, agent_language),
            text=text,
            translation=translated if translated != text else "",
            text_hash=text_hash(text) if isinstance(node, DisclosureNode) else "",
            acknowledged=self._acknowledged(run, node, text),
            options=tuple(
                (option.key, self._render(option.label, run, agent_language))
                for option in (node.options if isinstance(node, ChoiceNode) else ())
            ),
            choices=tuple(
                (code, self._render(label, run, agent_language))
                for code, label in (node.choices.items() if isinstance(node, AskNode) else ())
            ),
            answer_type=node.type.value if isinstance(node, AskNode) else "",
            answer=run.answers.get(node.answer, "") if isinstance(node, AskNode) else "",
            moves=self.moves(run),
        )

    def moves(self, run: FlowRun) -> frozenset[Move]:
        """The moves allowed now (the desk enables exactly these)."""
        if run.status is not RunStatus.RUNNING:
            return frozenset()
        node = self._node(run.position)
        allowed: set[Move] = set()
        match node:
            case SayNode():
                allowed.add(Move.NEXT)
            case AskNode():
                allowed.add(Move.ANSWER)
            case ChoiceNode():
                allowed.add(Move.CHOOSE)
            case DisclosureNode():
                allowed.add(Move.ACKNOWLEDGE)
                if self._acknowledged(run, node, self._text_of(node, run, run.language)):
                    allowed.add(Move.NEXT)
            case _:
                pass
        if self._back_target(run) is not None:
            allowed.add(Move.BACK)
        return frozenset(allowed)

    def pending_disclosure(self, run: FlowRun) -> str | None:
        """The disclosure a running run stands on, not acknowledged: wrap-up waits for it."""
        if run.status is not RunStatus.RUNNING:
            return None
        node = self._node(run.position)
        if not isinstance(node, DisclosureNode):
            return None
        text = self._text_of(node, run, run.language)
        return None if self._acknowledged(run, node, text) else run.position

    # -- the agent's moves ------------------------------------------------------------------

    def next(self, run: FlowRun, *, now: datetime) -> FlowRun:
        self._allow(run, Move.NEXT)
        node = self._node(run.position)
        step = Step(node=run.position, kind=node.kind, at=now)
        if isinstance(node, DisclosureNode):
            ack = run.acknowledgements[run.position]
            step = step.model_copy(update={"text_hash": ack.text_hash})
        assert isinstance(node, SayNode | DisclosureNode)
        return self._advance(run, step, node.next, now)

    def answer(
        self, run: FlowRun, raw: str, *, now: datetime, agent_language: str | None = None
    ) -> FlowRun:
        """Capture an answer; raises InvalidValue with the node's message, in the agent's
        language (the run's by default), when it is not valid."""
        self._allow(run, Move.ANSWER)
        node = self._node(run.position)
        assert isinstance(node, AskNode)
        try:
            canonical = capture(node, raw, agent_language or run.language)
        except InvalidAnswer as err:
            raise InvalidValue("invalid_answer", err.message) from None
        answers = {**run.answers, node.answer: canonical}
        step = Step(node=run.position, kind=node.kind, at=now, answer=canonical)
        return self._advance(run.model_copy(update={"answers": answers}), step, node.next, now)

    def choose(self, run: FlowRun, key: int, *, now: datetime) -> FlowRun:
        self._allow(run, Move.CHOOSE)
        node = self._node(run.position)
        assert isinstance(node, ChoiceNode)
        option = next((o for o in node.options if o.key == key), None)
        if option is None:
            raise MoveNotAllowed("unknown_option", f"there is no option {key} here")
        step = Step(node=run.position, kind=node.kind, at=now, choice=key)
        return self._advance(run, step, option.next, now)

    def acknowledge(self, run: FlowRun, shown_hash: str, *, now: datetime) -> FlowRun:
        """The agent read the disclosure: ``shown_hash`` must be the hash of the text shown."""
        self._allow(run, Move.ACKNOWLEDGE)
        node = self._node(run.position)
        assert isinstance(node, DisclosureNode)
        expected = text_hash(self._text_of(node, run, run.language))
        if shown_hash != expected:
            raise MoveNotAllowed(
                "disclosure_not_shown", "the text acknowledged is not the text of this step"
            )
        ack = Acknowledgement(
            node=run.position, text_hash=expected, language=run.language, at=now, agent=run.agent
        )
        acknowledgements = {**run.acknowledgements, run.position: ack}
        return run.model_copy(update={"acknowledgements": acknowledgements})

    def back(self, run: FlowRun, *, now: datetime) -> FlowRun:
        """To the agent's previous step; answers from there on are forgotten, acknowledgements
        are not."""
        self._allow(run, Move.BACK)
        target = self._back_target(run)
        assert target is not None
        kept = run.steps[:target]
        still_given = {
            node.answer for step in kept if isinstance(node := self._node(step.node), AskNode)
        }
        answers = {name: text for name, text in run.answers.items() if name in still_given}
        return run.model_copy(
            update={"steps": kept, "position": run.steps[target].node, "answers": answers}
        )

    def abandon(self, run: FlowRun, reason: str, *, now: datetime) -> FlowRun:
        if run.status is not RunStatus.RUNNING:
            raise MoveNotAllowed("run_finished", "the flow has already finished")
        if not reason.strip():
            raise InvalidValue("reason_required", "say why the flow is abandoned")
        return run.model_copy(
            update={
                "status": RunStatus.ABANDONED,
                "finished_at": now,
                "abandon_reason": reason.strip(),
            }
        )

    # -- inside -----------------------------------------------------------------------------

    def _advance(self, run: FlowRun, step: Step, target: str, now: datetime) -> FlowRun:
        moved = run.model_copy(update={"steps": (*run.steps, step), "position": target})
        return self._settle(moved, now)

    def _settle(self, run: FlowRun, now: datetime) -> FlowRun:
        """Pass the automatic nodes until the run stands where the agent acts, or ends."""
        for _ in range(len(self.definition.nodes) + 1):
            node = self._node(run.position)
            if isinstance(node, EndNode):
                step = Step(node=run.position, kind=node.kind, at=now)
                return run.model_copy(
                    update={
                        "steps": (*run.steps, step),
                        "status": RunStatus.ENDED,
                        "finished_at": now,
                        "wrap_up": node.wrap_up,
                    }
                )
            if not isinstance(node, _AUTOMATIC):
                return run
            run = self._pass_automatic(run, node, now)
        raise MoveNotAllowed("flow_loops", "the flow loops without a step for the agent")

    def _pass_automatic(
        self, run: FlowRun, node: ConditionNode | SuitabilityNode | ActionNode, now: datetime
    ) -> FlowRun:
        here = Step(node=run.position, kind=node.kind, at=now)
        match node:
            case ConditionNode():
                scope = self._scope(run)
                target = next(
                    (b.next for b in node.branches if evaluate(b.when, scope)), node.otherwise
                )
                return self._moved(run, here.model_copy(update={"branch": target}), target)
            case SuitabilityNode():
                customer = self.facts.customer
                result = check_suitability(
                    node.product_risk,
                    RiskProfile(customer.risk_profile) if customer.risk_profile else None,
                    customer.risk_assessed_on,
                    self.facts.today,
                )
                target = node.next if result.suitable else node.unsuitable
                decided = here.model_copy(
                    update={
                        "branch": target,
                        "suitable": result.suitable,
                        "reasons": tuple(sorted(code.value for code in result.codes)),
                    }
                )
                return self._moved(run, decided, target)
            case ActionNode():
                key = f"{run.run_id}:{len(run.steps)}"
                scope = self._scope(run)
                params = {name: render(text, scope) for name, text in node.params.items()}
                action = RequestedAction(
                    key=key, node=run.position, action=node.action, params=params, at=now
                )
                moved = self._moved(run, here.model_copy(update={"action_key": key}), node.next)
                return moved.model_copy(update={"actions": (*run.actions, action)})

    @staticmethod
    def _moved(run: FlowRun, step: Step, target: str) -> FlowRun:
        return run.model_copy(update={"steps": (*run.steps, step), "position": target})

    def _back_target(self, run: FlowRun) -> int | None:
        """Index of the step back returns to: the agent's previous stop, if no action lies
        between it and now."""
        for index in range(len(run.steps) - 1, -1, -1):
            step = run.steps[index]
            if step.action_key is not None:
                return None
            if not isinstance(self._node(step.node), _AUTOMATIC):
                return index
        return None

    def _allow(self, run: FlowRun, move: Move) -> None:
        self._same_flow(run)
        if run.status is not RunStatus.RUNNING:
            raise MoveNotAllowed("run_finished", "the flow has already finished")
        if move not in self.moves(run):
            node = self._node(run.position)
            if isinstance(node, DisclosureNode) and move is Move.NEXT:
                raise MoveNotAllowed(
                    "disclosure_pending", "the disclosure must be read and acknowledged first"
                )
            raise MoveNotAllowed("move_not_allowed", f"{move.value} is not possible at this step")

    def _same_flow(self, run: FlowRun) -> None:
        if (run.flow_id, run.version) != (self.definition.id, self.definition.version):
            raise MoveNotAllowed(
                "other_flow_version",
                f"the run belongs to {run.flow_id}@{run.version}, not {self.definition.key}",
            )

    def _node(self, name: str) -> Node:
        return self.definition.nodes[name]

    def _scope(self, run: FlowRun) -> dict[str, Any]:
        answers = {
            node.answer: value_of(node, run.answers[node.answer])
            for node in self.definition.nodes.values()
            if isinstance(node, AskNode) and node.answer in run.answers
        }
        return self.facts.scope(answers)

    def _render(self, text: Localized, run: FlowRun, language: str) -> str:
        source = text.text(language)
        return render(source, self._scope(run)) if source else ""

    def _text_of(self, node: Node, run: FlowRun, language: str) -> str:
        match node:
            case SayNode() | DisclosureNode():
                return self._render(node.text, run, language)
            case AskNode() | ChoiceNode():
                return self._render(node.prompt, run, language)
            case _:
                return ""

    @staticmethod
    def _acknowledged(run: FlowRun, node: Node, text: str) -> bool:
        if not isinstance(node, DisclosureNode):
            return False
        ack = run.acknowledgements.get(run.position)
        return ack is not None and ack.text_hash == text_hash(text)
