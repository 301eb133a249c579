"""The client turns every failure into a typed error a person can be told about.

These use httpx.MockTransport for what a real server will not do on purpose (truncated JSON,
wrong types, huge bodies, gateway errors); the happy paths run against the real app in
tests/contract.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from agentdesk.client import ApiClient
from agentdesk.errors import (
    AuthenticationFailed,
    BackendUnavailable,
    InvalidRequest,
    NotFound,
    PartnerUnavailable,
    PermissionDenied,
    ProtocolError,
    ServerError,
    SessionExpired,
)

USER = {"id": 1, "username": "agent01", "display_name": "王芳", "role": "agent"}
PROBLEM = "application/problem+json"


def _tokens(n: int) -> dict[str, object]:
    return {
        "access_token": f"access-{n}",
        "refresh_token": f"refresh-token-{n:08d}",
        "expires_in": 900,
        "user": USER,
    }


def _client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> ApiClient:
    http = httpx.Client(base_url="http://backend.test", transport=httpx.MockTransport(handler))
    return ApiClient(http, **kwargs)  # type: ignore[arg-type]


def _problem(status: int, title: str) -> httpx.Response:
    return httpx.Response(
        status, json={"title": title, "status": status}, headers={"content-type": PROBLEM}
    )


def test_connection_refused_is_backend_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(BackendUnavailable):
        _client(refuse).health()


def test_timeout_is_backend_unavailable() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(BackendUnavailable, match="timed out"):
        _client(slow).health()


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthenticationFailed),
        (403, PermissionDenied),
        (404, NotFound),
        (413, InvalidRequest),
        (422, InvalidRequest),
        (500, ServerError),
        (502, BackendUnavailable),
        (503, BackendUnavailable),
    ],
)
def test_problem_statuses_map_to_typed_errors(status: int, error: type[Exception]) -> None:
    client = _client(lambda request: _problem(status, "nope"))
    with pytest.raises(error) as info:
        client.login("agent01", "pw", "ws-test")
    assert info.value.status == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (502, "telephony.pbx_refused"),
        (503, "telephony.pbx_unavailable"),
        (503, "sms.unavailable"),
    ],
)
def test_a_pbx_or_sms_gateway_failure_is_not_the_backend_being_away(status: int, code: str) -> None:
    """The backend answered for a system behind it: the desk says which and stays online."""
    body = {"title": "upstream", "status": status, "code": code}
    client = _client(
        lambda request: httpx.Response(status, json=body, headers={"content-type": PROBLEM})
    )
    with pytest.raises(PartnerUnavailable) as info:
        client.login("agent01", "pw", "ws-test")
    assert info.value.code == code and not isinstance(info.value, BackendUnavailable)


def test_wrong_types_are_a_protocol_error() -> None:
    body = _tokens(1) | {"expires_in": "soon", "user": {"id": "x"}}
    with pytest.raises(ProtocolError, match="TokenPair"):
        _client(lambda request: httpx.Response(200, json=body)).login("agent01", "pw", "ws-test")


def test_truncated_json_is_a_protocol_error() -> None:
    text = json.dumps(_tokens(1))[:40]
    with pytest.raises(ProtocolError, match="not JSON"):
        _client(lambda request: httpx.Response(200, text=text)).login("agent01", "pw", "ws-test")


def test_a_huge_body_is_refused_before_it_fills_memory() -> None:
    huge = b"[" + b"0," * (5 * 1024 * 1024) + b"0]"  # 10 MB
    client = _client(lambda request: httpx.Response(200, content=huge))
    with pytest.raises(ProtocolError, match="larger than"):
        client.health()


def test_expired_access_token_is_refreshed_once_and_the_call_retried() -> None:
    seen: list[tuple[str, str | None]] = []
    issued: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("authorization")))
        if request.url.path == "/auth/login":
            return httpx.Response(200, json=_tokens(1))
        if request.url.path == "/auth/refresh":
            assert json.loads(request.content)["refresh_token"] == "refresh-token-00000001"
            return httpx.Response(200, json=_tokens(2))
        if request.headers.get("authorization") == "Bearer access-1":
            return _problem(401, "expired")
        return httpx.Response(200, json={"phone_e164": "+8613812345678", "matches": []})

    client = _client(handler, on_tokens=lambda pair: issued.append(pair.refresh_token))
    client.login("agent01", "pw", "ws-test")
    lookup = client.lookup_by_phone("+8613812345678")
    assert lookup.phone_e164 == "+8613812345678"
    assert [path for path, _ in seen] == [
        "/auth/login",
        "/customers/lookup",
        "/auth/refresh",
        "/customers/lookup",
    ]
    assert seen[-1][1] == "Bearer access-2"
    assert issued == ["refresh-token-00000001", "refresh-token-00000002"]


def test_an_event_stream_refused_for_an_expired_token_refreshes_once_and_resumes() -> None:
    """The stream and the REST calls share one refresh path: the stream's 401 refreshes, the
    stream reconnects after the last event it had, and the next REST call needs no refresh."""
    seen: list[tuple[str, str | None, str | None]] = []
    issued: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization")
        seen.append((request.url.path, auth, request.headers.get("last-event-id")))
        if request.url.path == "/auth/login":
            return httpx.Response(200, json=_tokens(1))
        if request.url.path == "/auth/refresh":
            assert json.loads(request.content)["refresh_token"] == "refresh-token-00000001"
            return httpx.Response(200, json=_tokens(2))
        if auth == "Bearer access-1":
            return _problem(401, "expired")
        if request.url.path == "/events":
            body = b'id: 41\nevent: sync.changes\ndata: {"seq": 120}\n\n'
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
        return httpx.Response(200, json={"phone_e164": "+8613812345678", "matches": []})

    client = _client(handler, on_tokens=lambda pair: issued.append(pair.refresh_token))
    client.login("agent01", "pw", "ws-test")
    with client.events(40) as stream:
        assert [event.id for event in stream] == [41]
    client.lookup_by_phone("+8613812345678")

    assert seen == [
        ("/auth/login", None, None),
        ("/events", "Bearer access-1", "40"),
        ("/auth/refresh", None, None),
        ("/events", "Bearer access-2", "40"),
        ("/customers/lookup", "Bearer access-2", None),
    ]
    assert issued == ["refresh-token-00000001", "refresh-token-00000002"]


@pytest.mark.parametrize(
    "call",
    [lambda client: client.get_customer(7), lambda client: client.events()],
    ids=["rest", "event-stream"],
)
def test_rejected_refresh_token_ends_the_session(call: Callable[[ApiClient], object]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            return httpx.Response(200, json=_tokens(1))
        return _problem(401, "expired")

    client = _client(handler)
    client.login("agent01", "pw", "ws-test")
    with pytest.raises(SessionExpired):
        call(client)
    assert not client.signed_in


def test_concurrent_401s_refresh_once_and_both_calls_succeed() -> None:
    """Refresh tokens are single-use: two threads refreshing at once would present the same
    token twice and the server would end the session as if it had been stolen."""
    import threading

    refreshes: list[str] = []
    both_refused = threading.Barrier(2)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            return httpx.Response(200, json=_tokens(1))
        if request.url.path == "/auth/refresh":
            token = json.loads(request.content)["refresh_token"]
            refreshes.append(token)
            if token != "refresh-token-00000001":
                return _problem(401, "refresh token reused")
            return httpx.Response(200, json=_tokens(2))
        if request.headers.get("authorization") == "Bearer access-1":
            both_refused.wait(timeout=5)  # both threads hold the expired token at once
            return _problem(401, "expired")
        return httpx.Response(200, json={"phone_e164": "+8613812345678", "matches": []})

    client = _client(handler)
    client.login("agent01", "pw", "ws-test")
    outcomes: list[object] = []

    def lookup() -> None:
        try:
            outcomes.append(client.lookup_by_phone("+8613812345678").phone_e164)
        except Exception as exc:  # recorded for the assertion
            outcomes.append(exc)

    threads = [threading.Thread(target=lookup) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert outcomes == ["+8613812345678", "+8613812345678"]
    assert refreshes == ["refresh-token-00000001"]
