"""Transcripts: what a run leaves on the interaction, and the check the server makes of one
against the flow version it names."""

from __future__ import annotations

import pytest

from agentdesk.domain.errors import InvalidValue
from agentdesk.flows.runner import FlowRun, FlowRunner
from agentdesk.flows.transcript import Outcome, Transcript, check_transcript, transcript_of
from tests.core.flow_support import Ticks, library, start


def _sms_run(clock: Ticks) -> tuple[FlowRunner, FlowRun]:
    runner, run = start(library()["sms_alerts"], clock)
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    return runner, runner.next(run, now=clock())


def _refusal(transcript: Transcript, flow: str = "sms_alerts") -> str:
    with pytest.raises(InvalidValue) as refused:
        check_transcript(library()[flow], transcript)
    assert refused.value.code == "transcript_invalid"
    return refused.value.detail


def test_a_finished_run_leaves_a_transcript_the_server_accepts() -> None:
    clock = Ticks()
    _, run = _sms_run(clock)

    transcript = transcript_of(library()["sms_alerts"], run, now=clock())

    check_transcript(library()["sms_alerts"], transcript)
    assert transcript.outcome is Outcome.ENDED and transcript.wrap_up == "resolved"
    assert [d.node for d in transcript.disclosures] == ["fee"]
    fee_step = next(s for s in transcript.steps if s.node == "fee")
    assert fee_step.text_hash == transcript.disclosures[0].text_hash


def test_a_transcript_without_the_fee_acknowledgement_is_refused_naming_the_step() -> None:
    clock = Ticks()
    _, run = _sms_run(clock)
    transcript = transcript_of(library()["sms_alerts"], run, now=clock())

    detail = _refusal(transcript.model_copy(update={"disclosures": ()}))

    assert detail == "steps[2] (fee): the disclosure was passed without being acknowledged"


def test_a_path_that_skips_the_disclosure_is_refused() -> None:
    clock = Ticks()
    _, run = _sms_run(clock)
    transcript = transcript_of(library()["sms_alerts"], run, now=clock())
    skipped = tuple(s for s in transcript.steps if s.node != "fee")

    detail = _refusal(transcript.model_copy(update={"steps": skipped}))

    assert detail == "steps[2] (consent): does not follow from the step before"


def test_an_acknowledged_text_that_is_not_this_versions_is_refused() -> None:
    clock = Ticks()
    _, run = _sms_run(clock)
    transcript = transcript_of(library()["sms_alerts"], run, now=clock())
    forged = "0" * 64
    acks = tuple(a.model_copy(update={"text_hash": forged}) for a in transcript.disclosures)
    steps = tuple(
        s.model_copy(update={"text_hash": forged}) if s.node == "fee" else s
        for s in transcript.steps
    )

    detail = _refusal(transcript.model_copy(update={"disclosures": acks, "steps": steps}))

    assert "not this version's text" in detail


def test_a_sale_after_a_failed_gate_is_refused() -> None:
    clock = Ticks()
    definition = library()["fund_offer"]
    runner, run = start(definition, clock)
    run = runner.next(run, now=clock())
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    run = runner.answer(run, "20000", now=clock())
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    transcript = transcript_of(definition, run, now=clock())
    check_transcript(definition, transcript)  # as run: suitable, and sold

    failed_gate = transcript.steps[0].model_copy(update={"suitable": False})
    forged = transcript.model_copy(update={"steps": (failed_gate, *transcript.steps[1:])})

    # A failed gate leads to why_not: the offer's steps no longer follow from it.
    assert (
        _refusal(forged, "fund_offer") == "steps[1] (intro): does not follow from the step before"
    )


def test_a_transcript_of_another_version_is_refused() -> None:
    clock = Ticks()
    _, run = _sms_run(clock)
    transcript = transcript_of(library()["sms_alerts"], run, now=clock())

    with pytest.raises(InvalidValue) as refused:
        check_transcript(library()["sms_alerts"], transcript.model_copy(update={"version": 9}))

    assert refused.value.code == "transcript_wrong_flow"


def test_an_unfinished_run_is_recorded_as_such_and_accepted() -> None:
    clock = Ticks()
    runner, run = start(library()["sms_alerts"], clock)
    run = runner.next(run, now=clock())

    transcript = transcript_of(library()["sms_alerts"], run, now=clock())

    assert transcript.outcome is Outcome.UNFINISHED
    assert transcript.finished_at is not None
    check_transcript(library()["sms_alerts"], transcript)


def test_a_phone_number_answer_is_masked_in_the_transcript() -> None:
    clock = Ticks()
    definition = library()["contact_change"]
    runner, run = start(definition, clock)
    run = runner.next(run, now=clock())
    run = runner.answer(run, "13912345678", now=clock())

    transcript = transcript_of(definition, run, now=clock())

    answers = [s.answer for s in transcript.steps if s.answer]
    assert answers == ["+86 139****5678"]
    assert "13912345678" not in transcript.model_dump_json()
