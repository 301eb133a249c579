"""The transcript a run leaves on the interaction, and the server's check of it.

Built by the desk when a run ends, is abandoned, or the call ends with it unfinished: the flow
and version, every step with its time and what was decided, the answers (masked as the app masks
such values), each disclosure with the hash of the exact text read, and the outcome. The server
replays it against the version it names (:func:`check_transcript`) and refuses a path the flow
does not allow: a step that does not follow from the one before, a disclosure passed without its
acknowledgement, a sale not preceded by its passed suitability gate.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from agentdesk.contract.values import FreeText, Identifier, RecordVersion, Timestamp
from agentdesk.domain.errors import FieldIssue, InvalidValue
from agentdesk.domain.masking import mask_phone
from agentdesk.flows.definition import (
    ActionNode,
    AnswerType,
    AskNode,
    ChoiceNode,
    ConditionNode,
    DisclosureNode,
    EndNode,
    FlowDefinition,
    SayNode,
    SuitabilityNode,
)
from agentdesk.flows.runner import Acknowledgement, FlowRun, RunStatus, Step, text_hash
from agentdesk.flows.templates import template_names

__all__ = ["Outcome", "Transcript", "check_transcript", "transcript_of"]


class Outcome(StrEnum):
    ENDED = "ended"
    ABANDONED = "abandoned"
    UNFINISHED = "unfinished"  # the call ended first


class Transcript(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    run_id: Annotated[Identifier, Field(min_length=1, max_length=64)]
    flow_id: Annotated[Identifier, Field(min_length=1, max_length=64)]
    version: Annotated[RecordVersion, Field(le=1_000_000)]
    agent: Annotated[Identifier, Field(max_length=64)]
    language: Annotated[Identifier, Field(max_length=8)]
    started_at: Timestamp
    finished_at: Timestamp | None = None
    outcome: Outcome
    wrap_up: Annotated[Identifier, Field(max_length=32)] | None = None
    abandon_reason: Annotated[FreeText, Field(max_length=500)] | None = None
    steps: tuple[Step, ...] = Field(default=(), max_length=500)
    disclosures: tuple[Acknowledgement, ...] = Field(default=(), max_length=100)


def transcript_of(definition: FlowDefinition, run: FlowRun, *, now: datetime) -> Transcript:
    """The run as it stands, answers masked; a running run is recorded as unfinished at ``now``."""
    outcome = {
        RunStatus.ENDED: Outcome.ENDED,
        RunStatus.ABANDONED: Outcome.ABANDONED,
        RunStatus.RUNNING: Outcome.UNFINISHED,
    }[run.status]
    return Transcript(
        run_id=run.run_id,
        flow_id=run.flow_id,
        version=run.version,
        agent=run.agent,
        language=run.language,
        started_at=run.started_at,
        finished_at=run.finished_at or now,
        outcome=outcome,
        wrap_up=run.wrap_up,
        abandon_reason=run.abandon_reason,
        steps=tuple(_masked(definition, step) for step in run.steps),
        disclosures=tuple(run.acknowledgements.values()),
    )


def _masked(definition: FlowDefinition, step: Step) -> Step:
    node = definition.nodes.get(step.node)
    if step.answer is None or not isinstance(node, AskNode):
        return step
    if node.type is AnswerType.PHONE:
        return step.model_copy(update={"answer": mask_phone(step.answer)})
    if node.sensitive:
        return step.model_copy(update={"answer": "****"})
    return step


def check_transcript(definition: FlowDefinition, transcript: Transcript) -> None:
    """Raise InvalidValue naming the first step the flow does not allow."""
    if (transcript.flow_id, transcript.version) != (definition.id, definition.version):
        raise InvalidValue(
            "transcript_wrong_flow",
            f"the transcript is of {transcript.flow_id}@{transcript.version}",
            fields=[FieldIssue("version", f"expected {definition.key}")],
        )
    problems = list(_path_problems(definition, transcript))
    if problems:
        first = problems[0]
        raise InvalidValue("transcript_invalid", f"{first.field}: {first.message}", fields=problems)


def _path_problems(definition: FlowDefinition, transcript: Transcript) -> Iterator[FieldIssue]:
    acknowledged = {ack.node: ack for ack in transcript.disclosures}
    passed_gates: set[str] = set()
    expected_next: set[str] = {definition.start}
    for index, step in enumerate(transcript.steps):
        where = f"steps[{index}] ({step.node})"
        node = definition.nodes.get(step.node)
        if node is None:
            yield FieldIssue(where, "is not a step of this flow")
            return
        if step.node not in expected_next or step.kind != node.kind:
            yield FieldIssue(where, "does not follow from the step before")
            return
        match node:
            case DisclosureNode():
                yield from _disclosure_problems(where, node, step, acknowledged.get(step.node))
            case SuitabilityNode():
                if step.suitable and step.branch == node.next:
                    passed_gates.add(step.node)
            case ActionNode() if node.action.is_sale and node.gate not in passed_gates:
                yield FieldIssue(where, f"a sale without passing its suitability gate {node.gate}")
            case _:
                pass
        expected_next = _next_of(node, step)
    if transcript.outcome is Outcome.ENDED:
        last = definition.nodes.get(transcript.steps[-1].node) if transcript.steps else None
        if not isinstance(last, EndNode):
            yield FieldIssue("outcome", "an ended run must finish on an end step")


def _disclosure_problems(
    where: str, node: DisclosureNode, step: Step, ack: Acknowledgement | None
) -> Iterator[FieldIssue]:
    if ack is None or step.text_hash is None or ack.text_hash != step.text_hash:
        yield FieldIssue(where, "the disclosure was passed without being acknowledged")
        return
    text = node.text.text(ack.language)
    if not template_names(text) and text_hash(text) != ack.text_hash:
        # A text without names reads the same for every customer: its hash is known here.
        yield FieldIssue(where, "the disclosure acknowledged is not this version's text")


def _next_of(node: object, step: Step) -> set[str]:
    match node:
        case SayNode() | DisclosureNode() | AskNode() | ActionNode():
            return {node.next}
        case ChoiceNode():
            return {o.next for o in node.options if o.key == step.choice}
        case ConditionNode():
            allowed = {b.next for b in node.branches} | {node.otherwise}
            return {step.branch} & allowed if step.branch else set()
        case SuitabilityNode():
            taken = node.next if step.suitable else node.unsuitable
            return {taken} if step.branch == taken else set()
        case _:
            return set()
