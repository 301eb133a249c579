"""Random walks over every flow of the library (Hypothesis): whatever the customer and whatever
the agent presses, no run ends without every disclosure on its path acknowledged, no sale is
made past a failed suitability gate, every refusal is a typed one, and every transcript a run
leaves is one the server accepts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.domain.errors import InvalidValue, MoveNotAllowed
from agentdesk.flows.definition import (
    ActionNode,
    AnswerType,
    AskNode,
    ChoiceNode,
    DisclosureNode,
    FlowDefinition,
)
from agentdesk.flows.facts import CustomerFacts, FlowFacts
from agentdesk.flows.runner import FlowRun, FlowRunner, Move, RunStatus, text_hash
from agentdesk.flows.transcript import check_transcript, transcript_of
from tests.core.flow_support import TODAY, Ticks, library

GOOD_ANSWERS = {
    AnswerType.TEXT: ["1234", "卡被吞了", "refund please"],
    AnswerType.INTEGER: ["1", "2", "3", "4"],
    AnswerType.MONEY: ["1000", "50000.5", "3"],
    AnswerType.DATE: ["2026-12-01", "2026-12-10"],
    AnswerType.PHONE: ["13912345678", "+86 21 6212 3456"],
    AnswerType.YES_NO: ["是", "no"],
}
GARBAGE = ["", "x", "-1", "99999999999", "2026-02-30", "\u202e", "NaN"]


@st.composite
def customers(draw: st.DrawFn) -> FlowFacts:
    # Suitable profiles first: Hypothesis starts from the first values of a list.
    level = draw(st.sampled_from([3, 4, 5, 2, 1, 0]))
    age_days = draw(st.sampled_from([100, 365, 366, 30, 800]))
    return FlowFacts(
        customer=CustomerFacts(
            name=draw(st.sampled_from(["张伟", "O'Brien", "{answers.amount}"])),
            tier=draw(st.sampled_from(["mass", "gold", "platinum", "private"])),
            risk_profile=f"C{level}" if level else "",
            do_not_call=False,
            risk_level=level,
            risk_assessed_on=TODAY - timedelta(days=age_days) if level else None,
            risk_age_days=age_days if level else 100_000,
            marketing_consent=True,
            alerts=tuple(draw(st.sets(st.sampled_from(["vulnerable", "bereavement"])))),
            fund_pnl_pct=Decimal(draw(st.integers(-60, 30))),
            worst_fund_pnl_pct=Decimal(draw(st.integers(-80, 30))),
        ),
        today=TODAY,
    )


def _answer_for(node: AskNode, data: st.DataObject) -> str:
    good = list(node.choices) if node.type is AnswerType.ONE_OF else GOOD_ANSWERS[node.type]
    return data.draw(st.sampled_from(good * 3 + GARBAGE))


def _sells(node: object) -> bool:
    return isinstance(node, ActionNode) and node.action.is_sale


def _walk(definition: FlowDefinition, facts: FlowFacts, data: st.DataObject) -> FlowRun:
    draw = data.draw
    clock = Ticks()
    runner = FlowRunner(definition, facts)
    run = runner.start(run_id="walk", agent="agent1", language="zh_CN", now=clock())
    for _ in range(120):
        if run.status is not RunStatus.RUNNING:
            break
        node = definition.nodes[run.position]
        # Mostly a move the step allows, sometimes any: the runner must refuse the wrong ones
        # with a typed error.
        allowed = sorted(runner.moves(run))
        forward = [m for m in allowed if m is not Move.BACK] or allowed
        roll = draw(st.integers(0, 9))
        wild = roll == 0
        move = draw(st.sampled_from(list(Move) if wild else allowed if roll < 3 else forward))
        try:
            match move:
                case Move.NEXT:
                    run = runner.next(run, now=clock())
                case Move.BACK:
                    run = runner.back(run, now=clock())
                case Move.CHOOSE:
                    keys = [o.key for o in node.options] if isinstance(node, ChoiceNode) else []
                    key = draw(st.sampled_from(keys if keys and not wild else [1, 5, 9]))
                    run = runner.choose(run, key, now=clock())
                case Move.ANSWER:
                    raw = _answer_for(node, data) if isinstance(node, AskNode) else "1"
                    run = runner.answer(run, raw, now=clock())
                case Move.ACKNOWLEDGE:
                    shown = runner.current(run, agent_language="en").text_hash
                    honest = draw(st.integers(0, 3)) > 0 or not isinstance(node, DisclosureNode)
                    run = runner.acknowledge(run, shown if honest else text_hash("?"), now=clock())
        except (MoveNotAllowed, InvalidValue):
            continue
    return run


@settings(max_examples=80, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(library())), facts=customers(), data=st.data())
def test_random_walks_keep_the_disclosures_and_the_suitability_gate(
    name: str, facts: FlowFacts, data: st.DataObject
) -> None:
    _check_walk(library()[name], _walk(library()[name], facts, data))


# The library's sales are deep in their flows: walks of those flows alone reach them often.
SELLING = sorted(n for n, d in library().items() if any(_sells(x) for x in d.nodes.values()))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(name=st.sampled_from(SELLING), facts=customers(), data=st.data())
def test_random_walks_of_the_selling_flows_never_sell_past_a_failed_gate(
    name: str, facts: FlowFacts, data: st.DataObject
) -> None:
    _check_walk(library()[name], _walk(library()[name], facts, data))


def _check_walk(definition: FlowDefinition, run: FlowRun) -> None:
    for step in run.steps:
        if isinstance(definition.nodes[step.node], DisclosureNode):
            ack = run.acknowledgements.get(step.node)
            assert ack is not None and ack.text_hash == step.text_hash, step.node
    passed_gates = {s.node for s in run.steps if s.kind == "suitability" and s.suitable}
    for action in run.actions:
        node = definition.nodes[action.node]
        if isinstance(node, ActionNode) and node.action.is_sale:
            assert node.gate in passed_gates, f"a sale past a failed gate in {definition.id}"
    check_transcript(definition, transcript_of(definition, run, now=run.started_at))
