"""Flows reaching the server through the outbox: a wrap-up carries the transcripts of the flows
run on the call, checked against the version they name; a flow's service request (block a
card, subscribe a service…) is recorded once. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from agentdesk.contract.sync import MutationResult, PushResponse, ResultStatus
from agentdesk.flows.runner import FlowRun
from agentdesk.flows.transcript import transcript_of
from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from tests.core.flow_support import Ticks, library, start
from tests.server.conftest import Bank, ClientFactory, auth_headers
from tests.server.sync_helpers import interaction_payload, mutation, push


def _results(response: Any) -> list[MutationResult]:
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json()).results


def _sms_run() -> FlowRun:
    clock = Ticks()
    runner, run = start(library()["sms_alerts"], clock)
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    run = runner.acknowledge(
        run, runner.current(run, agent_language="zh_CN").text_hash, now=clock()
    )
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    return runner.next(run, now=clock())


def _transcript(**changes: Any) -> dict[str, Any]:
    run = _sms_run()
    transcript = transcript_of(library()["sms_alerts"], run, now=run.started_at)
    return transcript.model_copy(update=changes).model_dump(mode="json")


def _stored_flows(url: str, interaction_id: int | None) -> list[dict[str, Any]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            row = session.get(models.Interaction, interaction_id)
            assert row is not None
            return list(row.flows)
    finally:
        engine.dispose()


def test_a_wrap_up_keeps_the_transcript_with_the_disclosures_hash(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client()
    transcript = _transcript()

    [result] = _results(
        push(
            client,
            auth_headers(client),
            mutation(1, "interaction.create", interaction_payload(bank.zhang, flows=[transcript])),
        )
    )

    assert result.status is ResultStatus.APPLIED
    [stored] = _stored_flows(migrated_url, result.entity_id)
    assert (stored["flow_id"], stored["version"], stored["outcome"]) == ("sms_alerts", 1, "ended")
    assert stored["disclosures"][0]["node"] == "fee"
    assert stored["disclosures"][0]["text_hash"] == transcript["disclosures"][0]["text_hash"]


def test_a_transcript_that_skipped_the_fee_disclosure_is_refused_naming_the_step(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    skipped = _transcript(disclosures=())
    payload = interaction_payload(bank.zhang, flows=[skipped])

    results = _results(
        push(
            client,
            auth_headers(client),
            mutation(1, "interaction.create", payload),
            mutation(2, "interaction.create", interaction_payload(bank.li)),
        )
    )

    assert [r.status for r in results] == [ResultStatus.REJECTED, ResultStatus.APPLIED]
    problem = results[0].problem
    assert problem is not None and problem.code == "transcript_invalid"
    assert "steps[2] (fee): the disclosure was passed without being acknowledged" in (
        problem.detail or ""
    )


def test_a_transcript_of_an_unknown_flow_version_is_refused(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    payload = interaction_payload(bank.zhang, flows=[_transcript(version=99)])

    [result] = _results(
        push(client, auth_headers(client), mutation(1, "interaction.create", payload))
    )

    assert result.status is ResultStatus.REJECTED
    assert result.problem is not None and result.problem.code == "flow_version_unknown"


def _request(customer_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "action": "subscribe_service",
        "params": {"service": "sms_alerts", "monthly_fee": "3.00", "currency": "CNY"},
        "flow_id": "sms_alerts",
        "flow_version": 1,
        "run_id": "run-1",
        "call_id": "call-1",
        **changes,
    }


def test_a_service_request_is_recorded_once(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client()
    headers = auth_headers(client)
    request = mutation(1, "service_request.create", _request(bank.zhang), entity_id="run-1:4")
    again = mutation(2, "service_request.create", _request(bank.zhang), entity_id="run-1:4")

    first = _results(push(client, headers, request))
    second = _results(push(client, headers, again))

    assert [r.status for r in first + second] == [ResultStatus.APPLIED, ResultStatus.DUPLICATE]
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(models.ServiceRequest)).all()
            assert [(r.action, r.customer_id, r.status, r.requested_by) for r in rows] == [
                ("subscribe_service", bank.zhang, "open", "agent01")
            ]
            assert rows[0].params["monthly_fee"] == "3.00"
    finally:
        engine.dispose()


def test_a_service_request_no_flow_offers_is_refused(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    headers = auth_headers(client)

    results = _results(
        push(
            client,
            headers,
            mutation(1, "service_request.create", _request(bank.zhang, action="record_sale")),
            mutation(2, "service_request.create", _request(bank.zhang, flow_id="made_up")),
        )
    )

    assert [r.status for r in results] == [ResultStatus.REJECTED, ResultStatus.REJECTED]
    assert [r.problem.code for r in results if r.problem] == [
        "flow_action_unknown",
        "flow_version_unknown",
    ]


def test_a_reassessment_updates_the_customers_risk_profile_at_once(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client()
    request = _request(
        bank.zhang,
        action="update_risk_profile",
        params={"risk_profile": "C4"},
        flow_id="risk_reassessment",
    )

    [result] = _results(
        push(client, auth_headers(client), mutation(1, "service_request.create", request))
    )

    assert result.status is ResultStatus.APPLIED
    profile = client.get(f"/customers/{bank.zhang}", headers=auth_headers(client)).json()
    assert profile["risk_profile"] == "C4"
    assert profile["risk_assessed_on"] == datetime.now(UTC).date().isoformat()
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            [row] = session.scalars(select(models.ServiceRequest)).all()
            assert row.status == "done"
    finally:
        engine.dispose()


def test_a_reassessment_to_no_known_profile_is_refused(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    request = _request(
        bank.zhang,
        action="update_risk_profile",
        params={"risk_profile": "C9"},
        flow_id="risk_reassessment",
    )

    [result] = _results(
        push(client, auth_headers(client), mutation(1, "service_request.create", request))
    )

    assert result.status is ResultStatus.REJECTED
    assert result.problem is not None and result.problem.code == "risk_profile_invalid"
