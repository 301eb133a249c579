"""Flows end to end in process: the real FlowService and CallService with the real encrypted
cache, against the real app. The SMS-alert flow holds the wrap-up at the fee disclosure; a flow
resumes after a restart; with the backend down the flow goes on from the cache, and its service
request and the wrap-up's transcript reach the server exactly once when it returns."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from agentdesk.errors import InputRejected
from agentdesk.flow_library import library_dir
from agentdesk.flows.runner import Move, RunStatus
from agentdesk.services import AppServices
from agentdesk.services.calls import WrapUp, WrapUpContext
from tests.contract.conftest import SERVER, AppFactory, Switch, server_count, server_value

CALL = "call-flow-1"
CONTEXT = WrapUpContext(
    CALL, "retail", "+8613800000000", datetime(2026, 12, 5, 9, tzinfo=UTC), None
)


def _signed_in(make: AppFactory, name: str = "ws-a") -> AppServices:
    services = make(name)
    services.session.login(SERVER, "agent01", "demo")
    return services


def _to_the_fee(services: AppServices) -> str:
    profile = services.customers.profile(1)
    step = services.flows.start("sms_alerts", profile, call_id=CALL, queue="retail")
    step = services.flows.move(CALL, step.run_id, Move.NEXT)
    step = services.flows.move(CALL, step.run_id, Move.CHOOSE, key=1)
    assert step.step.kind == "disclosure" and step.pending_disclosure == "Fee announcement"
    return step.run_id


def test_the_wrap_up_waits_for_the_fee_disclosure_then_carries_the_transcript(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, switch = backend
    services = _signed_in(make_services)
    run_id = _to_the_fee(services)

    with pytest.raises(InputRejected) as refused:
        services.calls.record_wrap_up(WrapUp("resolved", customer_id=1), context=CONTEXT)
    assert refused.value.reason == "disclosure_pending"
    assert "Subscribe to SMS account alerts: Fee announcement" in str(refused.value)

    switch.down = True  # the backend goes away: the flow goes on from the cache
    [run] = services.flows.runs_of_call(CALL)
    step = services.flows.move(CALL, run_id, Move.ACKNOWLEDGE, shown_hash=run.step.text_hash)
    step = services.flows.move(CALL, run_id, Move.NEXT)
    step = services.flows.move(CALL, run_id, Move.CHOOSE, key=1)  # consent: subscribe
    step = services.flows.move(CALL, run_id, Move.NEXT)
    assert step.status is RunStatus.ENDED and step.wrap_up == "resolved"
    services.calls.record_wrap_up(WrapUp("resolved", customer_id=1), context=CONTEXT)
    assert services.flows.runs_of_call(CALL) == []  # the wrap-up took them

    switch.down = False
    assert services.sync.sync_now()
    services.sync.sync_now()

    requests = "select count(*) from service_requests where action = 'subscribe_service'"
    assert server_count(database_url, requests) == 1
    flows = server_value(database_url, "select flows from interactions where call_id = :c", c=CALL)
    [transcript] = json.loads(flows) if isinstance(flows, str) else flows
    assert transcript["flow_id"] == "sms_alerts" and transcript["outcome"] == "ended"
    assert transcript["disclosures"][0]["text_hash"] == run.step.text_hash


def test_a_flow_resumes_where_it_stood_after_a_restart(make_services: AppFactory) -> None:
    services = _signed_in(make_services)
    run_id = _to_the_fee(services)
    services.close()  # the desktop stops in the middle of the flow

    again = make_services()
    assert again.session.resume() is not None
    [run] = again.flows.runs_of_call(CALL)

    assert (run.run_id, run.step.node, run.pending_disclosure) == (
        run_id,
        "fee",
        "Fee announcement",
    )
    assert run.path == ("Introduce the service", "Confirm the number")
    step = again.flows.move(CALL, run_id, Move.ACKNOWLEDGE, shown_hash=run.step.text_hash)
    assert Move.NEXT in step.step.moves


def test_an_abandoned_flow_lets_the_wrap_up_through_with_its_reason(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    _, database_url, _ = backend
    services = _signed_in(make_services)
    run_id = _to_the_fee(services)

    services.flows.abandon(CALL, run_id, "the customer hung up")
    services.calls.record_wrap_up(WrapUp("call_dropped", customer_id=1), context=CONTEXT)
    assert services.sync.sync_now()

    flows = server_value(database_url, "select flows from interactions where call_id = :c", c=CALL)
    [transcript] = json.loads(flows) if isinstance(flows, str) else flows
    assert (transcript["outcome"], transcript["abandon_reason"]) == (
        "abandoned",
        "the customer hung up",
    )
    assert server_count(database_url, "select count(*) from service_requests") == 0


def test_a_version_published_on_the_server_reaches_the_desk_and_old_runs_keep_theirs(
    make_services: AppFactory, backend: tuple[TestClient, str, Switch]
) -> None:
    client, _, _ = backend
    services = _signed_in(make_services)
    assert services.sync.sync_now()
    old_run = _to_the_fee(services)  # v1, standing on its fee disclosure
    source = (library_dir() / "sms_alerts.yaml").read_text(encoding="utf-8")
    v2 = source.replace("version: 1", "version: 2", 1).replace("每月 3 元", "每月 2 元")
    login = client.post(
        "/auth/login", json={"username": "admin", "password": "demo", "workstation_id": "ws-admin"}
    )
    token = login.json()["access_token"]
    published = client.post(
        "/flows", json={"source": v2}, headers={"Authorization": f"Bearer {token}"}
    )
    assert published.status_code == 201, published.text

    assert services.sync.sync_now()  # the feed brings v2 into the cache

    [old] = services.flows.runs_of_call(CALL)
    assert old.run_id == old_run and "每月 3 元" in old.step.text  # v1's text, as it was read
    profile = services.customers.profile(1)
    fresh = services.flows.start("sms_alerts", profile, call_id="call-flow-2", queue="retail")
    fresh = services.flows.move("call-flow-2", fresh.run_id, Move.NEXT)
    fresh = services.flows.move("call-flow-2", fresh.run_id, Move.CHOOSE, key=1)
    assert "每月 2 元" in fresh.step.text
