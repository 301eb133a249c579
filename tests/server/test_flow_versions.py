"""Published flow versions: the shipped library is published when the server starts; an admin
publishes a new version (validated on the server, immutable once stored); a run of an older
version is still checked against the version it ran. SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from agentdesk.config.desktop import DesktopSettings
from agentdesk.contract.sync import PushResponse, ResultStatus
from agentdesk.flow_library import library_dir
from agentdesk.flow_publish import publish_files
from agentdesk.flows.transcript import transcript_of
from agentdesk.services.flows import shipped_flows
from tests.core.flow_support import Ticks, start
from tests.server.conftest import (
    PASSWORD,
    Bank,
    ClientFactory,
    assert_problem,
    auth_headers,
    server_app,
)
from tests.server.sync_helpers import interaction_payload, mutation, push, serve_in_thread

SMS = (library_dir() / "sms_alerts.yaml").read_text(encoding="utf-8")
FEE_V1 = "短信动账通知服务费为每月 3 元"
FEE_V2 = "短信动账通知服务费为每月 2 元"
SMS_V2 = SMS.replace("version: 1", "version: 2", 1).replace(FEE_V1, FEE_V2)


def _publish(client: TestClient, source: str, user: str = "admin01") -> Any:
    return client.post(
        "/flows",
        json={"source": source, "file": "sms_alerts.yaml"},
        headers=auth_headers(client, user),
    )


def test_the_shipped_library_is_published_when_the_server_starts(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    headers = auth_headers(client)

    listed = client.get("/flows", headers=headers).json()

    assert {(f["flow_id"], f["version"]) for f in listed} == {(d.id, 1) for d in shipped_flows()}
    assert {f["published_by"] for f in listed} == {"system"}
    sms = client.get("/flows/sms_alerts/versions/1", headers=headers).json()
    assert sms["definition"]["nodes"]["fee"]["kind"] == "disclosure"
    assert_problem(client.get("/flows/sms_alerts/versions/7", headers=headers), 404)


def test_an_admin_publishes_a_new_version_once_and_it_is_immutable(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()

    assert_problem(_publish(client, SMS_V2, user="agent01"), 403)
    first = _publish(client, SMS_V2)
    again = _publish(client, SMS_V2)
    clash = _publish(client, SMS_V2.replace(FEE_V2, "短信动账通知服务费为每月 9 元"))

    assert first.status_code == 201, first.text
    assert (first.json()["flow_id"], first.json()["version"]) == ("sms_alerts", 2)
    assert first.json()["published_by"] == "admin01"
    assert again.status_code == 200
    assert_problem(clash, 409, "flow_version_exists")
    audit = client.get("/admin/audit", headers=auth_headers(client, "admin01")).json()["events"]
    assert any(e["action"] == "publish" and e["entity_id"] == "sms_alerts@2" for e in audit)


def test_a_flow_with_problems_is_refused_naming_each_line_and_node(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    broken = SMS_V2.replace("{customer.phone_masked}", "{customer.nickname}")

    problem = assert_problem(_publish(client, broken), 422, "flow_invalid")
    not_yaml = assert_problem(_publish(client, "id: x\ntitle: {en: [}\n"), 422, "flow_invalid")

    fields = {(f["field"], f["message"]) for f in problem["errors"]}
    assert (
        "sms_alerts.yaml:11 [greet]",
        "uses customer.nickname, which no earlier step defines",
    ) in fields
    assert any(f["field"] == "sms_alerts.yaml:2" for f in not_yaml["errors"])
    listed = client.get("/flows", headers=auth_headers(client)).json()
    assert ("sms_alerts", 2) not in {(f["flow_id"], f["version"]) for f in listed}


def test_a_run_of_the_old_version_is_checked_against_the_old_version(
    make_client: ClientFactory, bank: Bank
) -> None:
    client = make_client()
    clock = Ticks()
    v1 = next(d for d in shipped_flows() if d.id == "sms_alerts")
    runner, run = start(v1, clock)
    run = runner.next(run, now=clock())
    run = runner.choose(run, 1, now=clock())
    shown = runner.current(run, agent_language="zh_CN")
    assert FEE_V1 in shown.text
    run = runner.acknowledge(run, shown.text_hash, now=clock())
    run = runner.next(run, now=clock())
    assert _publish(client, SMS_V2).status_code == 201  # v2 is published mid-call

    transcript = transcript_of(v1, run, now=clock()).model_dump(mode="json")
    payload = interaction_payload(bank.zhang, flows=[transcript])
    response = push(client, auth_headers(client), mutation(1, "interaction.create", payload))

    [result] = PushResponse.model_validate(response.json()).results
    assert result.status is ResultStatus.APPLIED
    as_v2 = {**transcript, "version": 2}
    response = push(
        client,
        auth_headers(client),
        mutation(2, "interaction.create", interaction_payload(bank.zhang, flows=[as_v2])),
    )
    [refused] = PushResponse.model_validate(response.json()).results
    assert refused.status is ResultStatus.REJECTED  # v1's fee text is not v2's
    assert refused.problem is not None and "not this version's text" in (
        refused.problem.detail or ""
    )


def test_the_publish_command_sends_checked_files_over_a_real_connection(
    migrated_url: str, bank: Bank, tmp_path: Path
) -> None:
    file = tmp_path / "sms_alerts.yaml"
    file.write_text(SMS_V2, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMS_V2.replace("next: fee", "next: nowhere"), encoding="utf-8")
    app = server_app(migrated_url)
    with serve_in_thread(app) as url:
        settings = DesktopSettings(backend_url=url)
        out = io.StringIO()
        refused = publish_files(
            settings, [str(broken)], username="admin01", out=out, ask_password=lambda _: PASSWORD
        )
        assert refused == 1
        assert "leads to an unknown node 'nowhere'" in out.getvalue()
        assert "nothing published" in out.getvalue()

        out = io.StringIO()
        status = publish_files(
            settings, [str(file)], username="admin01", out=out, ask_password=lambda _: PASSWORD
        )
        assert status == 0, out.getvalue()
        assert "published sms_alerts@2 (Subscribe to SMS account alerts)" in out.getvalue()

        out = io.StringIO()
        denied = publish_files(
            settings, [str(file)], username="agent01", out=out, ask_password=lambda _: PASSWORD
        )
        assert denied == 1 and "not published: auth.forbidden" in out.getvalue()
