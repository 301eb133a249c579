"""Every error is an RFC 9457 problem: unknown routes, bad bodies, oversize bodies, crashes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agentdesk.server import customers
from tests.server.conftest import Bank, ClientFactory, assert_problem, auth_headers


def test_unknown_route_is_a_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/no/such/thing"), 404, "not_found")


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:
    assert_problem(client.delete("/auth/login"), 405, "method_not_allowed")


def test_malformed_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post(
        "/auth/login",
        content=b'{"username": "agent01", "password": ',
        headers={"Content-Type": "application/json"},
    )
    body = assert_problem(response, 400, "malformed_json")
    assert body["detail"] == "malformed JSON"


def test_invalid_body_is_a_422_problem_naming_the_fields(client: TestClient) -> None:
    response = client.post("/auth/login", json={"username": "", "workstation_id": "x"})
    body = assert_problem(response, 422, "validation_failed")
    assert {e["field"] for e in body["errors"]} == {"username", "password"}
    assert all(e["message"] for e in body["errors"])


def test_oversize_body_with_content_length_is_a_413_problem(make_client: ClientFactory) -> None:
    client = make_client(max_body_bytes=2048)
    response = client.post(
        "/auth/login",
        content=b'{"username": "' + b"a" * 4096 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert_problem(response, 413, "payload_too_large")


def test_oversize_chunked_body_is_a_413_problem(make_client: ClientFactory) -> None:
    client = make_client(max_body_bytes=2048)

    def chunks() -> Iterator[bytes]:
        yield b'{"username": "'
        for _ in range(8):
            yield b"a" * 512
        yield b'", "password": "x"}'

    response = client.post(
        "/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 413, "payload_too_large")


def test_body_within_the_limit_is_served(make_client: ClientFactory, bank: Bank) -> None:
    client = make_client(max_body_bytes=2048)
    assert (
        client.post(
            "/auth/login",
            json={"username": "agent01", "password": "wrong", "workstation_id": "ws-test-1"},
        ).status_code
        == 401
    )


def test_unexpected_exception_is_a_500_problem_without_internals(
    client: TestClient,
    bank: Bank,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("boom: customer 13812345678 exploded")

    monkeypatch.setattr(customers, "profile", broken)
    response = client.get(f"/customers/{bank.zhang}", headers=auth_headers(client))
    body = assert_problem(response, 500, "internal_error")
    for leak in ("RuntimeError", "boom", "13812345678", "Traceback", "broken"):
        assert leak not in response.text
    assert set(body) <= {"type", "title", "status", "detail", "code", "instance"}
    # Operators still learn what failed and where, but not the message with personal data.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "/customers/{customer_id}" in logged
    assert "13812345678" not in logged
