"""The flow runner, with a fake clock: branching, typed capture, disclosures that cannot be
skipped, back, resume after a restart, and illegal moves refused with a typed error."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from agentdesk.domain.errors import InvalidValue, MoveNotAllowed
from agentdesk.flows.definition import ActionKind
from agentdesk.flows.runner import FlowRun, FlowRunner, Move, RunStatus, text_hash
from agentdesk.flows.source import FlowSource
from agentdesk.flows.templates import TemplateError
from agentdesk.flows.validate import validate
from tests.core.flow_support import TODAY, Ticks, facts, flow, library, start


@pytest.fixture
def clock() -> Ticks:
    return Ticks()


def _to_fee(runner: FlowRunner, run: FlowRun, clock: Ticks) -> FlowRun:
    run = runner.next(run, now=clock())  # greet
    return runner.choose(run, 1, now=clock())  # the registered number


def test_the_sms_flow_stops_at_the_fee_until_it_is_acknowledged(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)
    run = _to_fee(runner, run, clock)
    step = runner.current(run, agent_language="zh_CN")

    assert step.kind == "disclosure" and "每月 3 元" in step.text
    assert runner.pending_disclosure(run) == "fee"
    assert step.moves == {Move.ACKNOWLEDGE, Move.BACK}
    with pytest.raises(MoveNotAllowed) as refused:
        runner.next(run, now=clock())
    assert refused.value.code == "disclosure_pending"

    run = runner.acknowledge(run, step.text_hash, now=clock())

    assert runner.pending_disclosure(run) is None
    ack = run.acknowledgements["fee"]
    assert (ack.agent, ack.language, ack.text_hash) == ("agent1", "zh_CN", text_hash(step.text))
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())  # consent
    assert [a.action for a in run.actions] == [ActionKind.SUBSCRIBE_SERVICE]
    assert run.actions[0].params == {
        "service": "sms_alerts",
        "monthly_fee": "3.00",
        "currency": "CNY",
    }


def test_an_acknowledgement_of_another_text_is_refused(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)
    run = _to_fee(runner, run, clock)

    with pytest.raises(MoveNotAllowed) as refused:
        runner.acknowledge(run, text_hash("每月 1 元"), now=clock())

    assert refused.value.code == "disclosure_not_shown"
    assert runner.pending_disclosure(run) == "fee"


def test_the_choice_branches_and_the_end_proposes_its_wrap_up(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)
    run = _to_fee(runner, run, clock)
    run = runner.acknowledge(run, runner.current(run, agent_language="en").text_hash, now=clock())
    run = runner.next(run, now=clock())

    run = runner.choose(run, 2, now=clock())  # not now
    run = runner.next(run, now=clock())

    assert run.status is RunStatus.ENDED and run.wrap_up == "not_interested"
    assert run.actions == ()
    assert [s.node for s in run.steps] == [
        "greet",
        "same_number",
        "fee",
        "consent",
        "declined",
        "not_now",
    ]
    assert [s.at for s in run.steps] == sorted(s.at for s in run.steps)


def test_texts_are_filled_in_and_given_in_the_agents_language_too(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)

    step = runner.current(run, agent_language="en")

    assert step.text.startswith("张伟，您好") and "+86 138****5678" in step.text
    assert step.translation.startswith("张伟, our SMS account alerts")
    assert runner.current(run, agent_language="zh_CN").translation == ""


def test_typed_answers_are_checked_and_the_nodes_message_shown(clock: Ticks) -> None:
    runner, run = start(library()["transaction_dispute"], clock)
    run = runner.next(run, now=clock())

    for bad in ["", "abc", "-5", "0", "NaN", "Infinity", "1e400"]:
        with pytest.raises(InvalidValue) as refused:
            runner.answer(run, bad, now=clock())
        assert refused.value.detail == "请输入大于 0 的金额。", bad
    run = runner.answer(run, "1,234.5", now=clock())
    assert run.answers["amount"] == "1234.50"

    with pytest.raises(InvalidValue):
        runner.answer(run, "2026-13-01", now=clock())
    run = runner.answer(run, "2026-11-30", now=clock())
    assert run.answers["payment_date"] == "2026-11-30"


def test_a_phone_answer_is_normalised_and_a_bad_one_refused(clock: Ticks) -> None:
    runner, run = start(library()["contact_change"], clock)
    run = runner.next(run, now=clock())

    with pytest.raises(InvalidValue) as refused:
        runner.answer(run, "1234567", now=clock())
    assert "不是有效的手机号码" in refused.value.detail
    run = runner.answer(run, "139 1234 5678", now=clock())

    assert run.answers["new_phone"] == "+8613912345678"
    assert "+8613912345678" in runner.current(run, agent_language="zh_CN").text


def test_a_condition_branches_on_the_answers_and_the_customer(clock: Ticks) -> None:
    answers = ["3", "4", "3", "3", "4"]  # 17: C4
    runner, run = start(library()["risk_reassessment"], clock)
    run = runner.next(run, now=clock())
    for answer in answers:
        run = runner.answer(run, answer, now=clock())

    assert [(a.action, a.params) for a in run.actions] == [
        (ActionKind.UPDATE_RISK_PROFILE, {"risk_profile": "C4"})
    ]
    score = next(s for s in run.steps if s.node == "score")
    assert score.branch == "set_c4"
    assert runner.current(run, agent_language="zh_CN").kind == "disclosure"


def test_the_suitability_gate_sends_an_unsuitable_customer_away_from_the_sale(
    clock: Ticks,
) -> None:
    fund = library()["fund_offer"]

    runner, run = start(fund, clock, risk_profile="C2", risk_level=2)
    gate = run.steps[0]
    assert (gate.node, gate.suitable, gate.branch) == ("gate", False, "why_not")
    assert gate.reasons == ("risk_exceeds_profile",)
    assert run.position == "decline"

    stale = TODAY - timedelta(days=400)
    runner, run = start(fund, clock, risk_assessed_on=stale, risk_age_days=400)
    assert run.steps[0].reasons == ("assessment_expired",) and run.position == "reassess"

    runner, run = start(fund, clock)
    assert run.steps[0].suitable is True and run.position == "intro"


def test_back_returns_to_the_previous_step_and_keeps_acknowledgements(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)
    run = _to_fee(runner, run, clock)
    hash_shown = runner.current(run, agent_language="zh_CN").text_hash
    run = runner.acknowledge(run, hash_shown, now=clock())
    run = runner.next(run, now=clock())  # to consent

    run = runner.back(run, now=clock())

    assert run.position == "fee"
    assert "fee" in run.acknowledgements  # back never un-reads a disclosure
    assert Move.NEXT in runner.moves(run)
    run = runner.back(run, now=clock())
    run = runner.back(run, now=clock())
    assert run.position == "greet" and run.steps == ()
    with pytest.raises(MoveNotAllowed):
        runner.back(run, now=clock())


def test_back_forgets_the_answers_given_after_the_step_returned_to(clock: Ticks) -> None:
    runner, run = start(library()["transaction_dispute"], clock)
    run = runner.next(run, now=clock())
    run = runner.answer(run, "88", now=clock())

    run = runner.back(run, now=clock())

    assert run.position == "amount" and run.answers == {}
    assert runner.current(run, agent_language="zh_CN").kind == "ask"


def test_back_is_refused_past_an_action_already_taken(clock: Ticks) -> None:
    runner, run = start(library()["lost_card"], clock)
    run = runner.next(run, now=clock())
    run = runner.answer(run, "1234", now=clock())
    run = runner.choose(run, 1, now=clock())  # lost: the card is blocked

    assert run.actions[0].action is ActionKind.BLOCK_CARD
    assert run.actions[0].params == {"card_last_four": "1234", "reason": "lost_or_stolen"}
    assert Move.BACK not in runner.moves(run)
    with pytest.raises(MoveNotAllowed):
        runner.back(run, now=clock())


def test_a_saved_run_resumes_where_it_stood(clock: Ticks) -> None:
    definition = library()["sms_alerts"]
    runner, run = start(definition, clock)
    run = _to_fee(runner, run, clock)
    saved = run.model_dump_json()

    # A restarted desktop: a new runner, the run read back from its saved text.
    restored = FlowRun.model_validate_json(saved)
    again = FlowRunner(definition, facts())

    assert restored == run
    step = again.current(restored, agent_language="zh_CN")
    assert step.node == "fee" and runner.pending_disclosure(restored) == "fee"
    restored = again.acknowledge(restored, step.text_hash, now=clock())
    assert again.next(restored, now=clock()).position == "consent"


def test_moves_that_do_not_fit_the_step_are_refused(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)

    with pytest.raises(MoveNotAllowed):
        runner.choose(run, 1, now=clock())  # greet is a say
    with pytest.raises(MoveNotAllowed):
        runner.answer(run, "yes", now=clock())
    run = runner.next(run, now=clock())
    with pytest.raises(MoveNotAllowed) as refused:
        runner.choose(run, 7, now=clock())
    assert refused.value.code == "unknown_option"


def test_a_finished_or_abandoned_run_takes_no_more_moves(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock)

    with pytest.raises(InvalidValue):
        runner.abandon(run, "  ", now=clock())
    run = runner.abandon(run, "customer hung up", now=clock())

    assert run.status is RunStatus.ABANDONED and run.abandon_reason == "customer hung up"
    assert runner.moves(run) == frozenset()
    with pytest.raises(MoveNotAllowed) as refused:
        runner.next(run, now=clock())
    assert refused.value.code == "run_finished"


def test_a_run_of_one_version_is_refused_by_a_runner_of_another(clock: Ticks) -> None:
    definition = library()["sms_alerts"]
    runner, run = start(definition, clock)
    newer = FlowRunner(definition.model_copy(update={"version": 2}), facts())

    with pytest.raises(MoveNotAllowed) as refused:
        newer.next(run, now=clock())

    assert refused.value.code == "other_flow_version"


def test_a_template_cannot_reach_outside_the_sandbox(clock: Ticks) -> None:
    sneaky = flow(
        """
id: sneaky
version: 1
title: {zh_CN: 测试, en: Test}
start: hello
nodes:
  hello:
    kind: say
    text: {zh_CN: "{customer.name.__class__.__mro__}", en: "{customer.name}"}
    next: done
  done: {kind: end, wrap_up: resolved}
"""
    )
    runner, run = start(sneaky, clock, name="Robert'); DROP TABLE customers;--")

    with pytest.raises(TemplateError):
        runner.current(run, agent_language="zh_CN")
    problems = validate(FlowSource(sneaky, "sneaky.yaml"))
    assert [(p.node, p.message) for p in problems] == [
        (
            "hello",
            "text is not a valid template: a text may read names such as customer.name, "
            "nothing further",
        )
    ]


def test_a_customers_name_is_text_not_a_template(clock: Ticks) -> None:
    runner, run = start(library()["sms_alerts"], clock, name="{customer.phone_masked}")

    assert runner.current(run, agent_language="zh_CN").text.startswith("{customer.phone_masked}")


def test_a_money_answer_is_checked_against_its_range_and_reaches_the_sale(clock: Ticks) -> None:
    runner, run = start(library()["fund_offer"], clock)
    run = runner.next(run, now=clock())
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())

    with pytest.raises(InvalidValue):
        runner.answer(run, "999.99", now=clock())
    run = runner.answer(run, "50000", now=clock())

    assert run.answers["amount"] == "50000.00"
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    assert "50000.00 元" in runner.current(run, agent_language="zh_CN").text
    run = runner.choose(run, 1, now=clock())
    sale = run.actions[0]
    assert (sale.action, Decimal(sale.params["amount"])) == (ActionKind.RECORD_SALE, Decimal(50000))
