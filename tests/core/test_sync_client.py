"""The sync calls of the client turn every bad answer into a typed error, never a hang.

httpx.MockTransport plays the server for what a real one will not do on purpose: truncated
pages, huge bodies, endless event-stream lines, wrong JSON. Happy paths against the real app
are in tests/contract/test_sync_in_process.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from agentdesk.client import ApiClient
from agentdesk.client.errors import IdempotencyKeyReused, PreconditionRequired, StaleRecord
from agentdesk.contract.sync import (
    EventKind,
    Mutation,
    MutationKind,
    PushRequest,
    TicketPatch,
)
from agentdesk.errors import BackendUnavailable, InvalidRequest, ProtocolError

PROBLEM = "application/problem+json"
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
SSE = {"content-type": "text/event-stream"}


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> ApiClient:
    http = httpx.Client(base_url="http://backend.test", transport=httpx.MockTransport(handler))
    return ApiClient(http)


def _page(cursor: int = 3, high_water: int = 9, has_more: bool = True) -> dict[str, object]:
    return {"cursor": cursor, "high_water": high_water, "has_more": has_more, "tasks": []}


def _ticket(version: int = 2, **changes: object) -> dict[str, object]:
    return {
        "id": 7,
        "reference": "CMP-0007",
        "customer_id": 1,
        "category": "fees",
        "severity": "low",
        "status": "new",
        "summary": "annual fee charged twice",
        "opened_at": NOW.isoformat(),
        "due_at": NOW.isoformat(),
        "version": version,
        "updated_at": NOW.isoformat(),
        **changes,
    }


def _push() -> PushRequest:
    mutation = Mutation(
        seq=1,
        idempotency_key="k" * 16,
        kind=MutationKind.INTERACTION_CREATE,
        entity_id="c-1",
        payload={},
        made_at=NOW,
    )
    return PushRequest(workstation_id="ws-1", mutations=[mutation])


# -- pull and push -------------------------------------------------------------------------


def test_a_changes_page_is_read_with_its_cursor() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json=_page())

    page = _client(handler).changes(0, 500)
    assert (page.cursor, page.high_water, page.has_more) == (3, 9, True)
    assert seen[0].params["since"] == "0" and seen[0].params["limit"] == "500"


@pytest.mark.parametrize(
    ("link", "next_since"),
    [
        ('</sync/changes?since=7&limit=7>; rel="next"', 7),
        ('</sync/changes?since=0>; rel="prev", </sync/changes?limit=7&since=14>; rel=next', 14),
        ('<https://backend.bank.cn/api/sync/changes?since=21&limit=7>; rel="next"', 21),
        ('</sync/changes?since=0&limit=7>; rel="prev"', None),
        (None, None),
    ],
)
def test_the_next_page_is_where_the_link_header_says(
    link: str | None, next_since: int | None
) -> None:
    headers = {"link": link} if link else {}
    client = _client(lambda request: httpx.Response(200, json=_page(), headers=headers))
    assert client.changes_body(0, 7).next_since == next_since


def test_a_truncated_changes_page_is_a_protocol_error() -> None:
    text = json.dumps(_page())[:25]
    with pytest.raises(ProtocolError, match="ChangesPage"):
        _client(lambda request: httpx.Response(200, text=text)).changes(0, 10)


def test_a_changes_page_with_wrong_types_is_a_protocol_error() -> None:
    body = _page() | {"customers": [{"id": "not a number"}]}
    with pytest.raises(ProtocolError):
        _client(lambda request: httpx.Response(200, json=body)).changes(0, 10)


def test_a_ten_megabyte_page_is_refused() -> None:
    huge = b'{"cursor": 1, "high_water": 1, "has_more": false, "x": "' + b"a" * 10_000_000 + b'"}'
    with pytest.raises(ProtocolError, match="larger than"):
        _client(lambda request: httpx.Response(200, content=huge)).changes(0, 10)


def test_a_reused_idempotency_key_is_its_own_error() -> None:
    body = {"title": "Unprocessable", "status": 422, "code": "sync.key_reused"}
    response = httpx.Response(422, json=body, headers={"content-type": PROBLEM})
    with pytest.raises(IdempotencyKeyReused) as info:
        _client(lambda request: response).push(_push())
    assert info.value.code == "sync.key_reused"


def test_other_validation_failures_stay_invalid_request() -> None:
    body = {"title": "Unprocessable", "status": 422, "code": "validation_failed"}
    response = httpx.Response(422, json=body, headers={"content-type": PROBLEM})
    with pytest.raises(InvalidRequest) as info:
        _client(lambda request: response).push(_push())
    assert not isinstance(info.value, IdempotencyKeyReused)


def test_a_503_during_push_is_backend_unavailable() -> None:
    with pytest.raises(BackendUnavailable):
        _client(lambda request: httpx.Response(503)).push(_push())


def test_a_refused_connection_is_marked_unreachable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(BackendUnavailable) as info:
        _client(refuse).push(_push())
    assert info.value.context["reason"] == "connect"


# -- tickets with If-Match -----------------------------------------------------------------


def test_a_ticket_comes_with_its_etag_and_an_edit_sends_it_back() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "GET":
            return httpx.Response(200, json=_ticket(2), headers={"etag": '"2"'})
        return httpx.Response(200, json=_ticket(3, status="acknowledged"), headers={"etag": '"3"'})

    client = _client(handler)
    ticket, etag = client.get_ticket(7)
    updated, new_etag = client.patch_ticket(
        7, TicketPatch(changes={"status": "acknowledged"}, base={"status": "new"}), etag
    )
    assert (ticket.version, etag) == (2, '"2"')
    assert (updated.status, new_etag) == ("acknowledged", '"3"')
    assert sent[1].headers["if-match"] == '"2"'


def test_a_stale_edit_carries_the_current_record() -> None:
    current = _ticket(4, summary="changed by a colleague")
    body = {"title": "Precondition Failed", "status": 412, "current": current}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(412, json=body, headers={"content-type": PROBLEM, "etag": '"4"'})

    with pytest.raises(StaleRecord) as info:
        _client(handler).patch_ticket(7, TicketPatch(changes={"summary": "mine"}), '"2"')
    assert info.value.current is not None
    assert info.value.current["summary"] == "changed by a colleague"
    assert info.value.etag == '"4"'


def test_an_edit_without_if_match_is_precondition_required() -> None:
    body = {"title": "Precondition Required", "status": 428}
    response = httpx.Response(428, json=body, headers={"content-type": PROBLEM})
    with pytest.raises(PreconditionRequired):
        _client(lambda request: response).patch_ticket(7, TicketPatch(changes={}), "")


# -- the event stream ----------------------------------------------------------------------


def _stream(*chunks: bytes) -> Iterator[bytes]:
    yield from chunks


def test_events_are_read_typed_and_resume_after_the_last_id() -> None:
    seen: list[httpx.Request] = []
    body = (
        b": ping\n\n"
        b'id: 41\nevent: sync.changes\ndata: {"seq": 120}\n\n'
        b"id: 42\r\nevent: some.future.kind\r\ndata: {}\r\n\r\n"
        b'id: 43\nevent: call.offered\ndata: {"call_id": "c1", "phone": "+8613800000000",'
        b' "queue": "vip"}\n\n'
    )

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        # Chunks split in awkward places: inside a field, between CR and LF.
        return httpx.Response(200, headers=SSE, content=_stream(body[:13], body[13:70], body[70:]))

    with _client(handler).events(40) as stream:
        events = list(stream)

    assert [(e.id, e.kind) for e in events] == [
        (41, EventKind.CHANGES),
        (43, EventKind.CALL_OFFERED),
    ]
    assert events[0].data == {"seq": 120}
    assert seen[0].headers["last-event-id"] == "40"
    assert seen[0].headers["accept"] == "text/event-stream"


def test_an_endless_line_is_a_protocol_error_not_a_hang() -> None:
    def endless() -> Iterator[bytes]:
        yield b"data: "
        while True:
            yield b"x" * 8192

    response = httpx.Response(200, headers=SSE, content=endless())
    with pytest.raises(ProtocolError, match="line longer"):
        list(_client(lambda request: response).events())


def test_an_endless_event_is_a_protocol_error() -> None:
    def endless() -> Iterator[bytes]:
        yield b"id: 1\nevent: queue.stats\n"
        while True:
            yield b"data: {}\n" * 1000

    response = httpx.Response(200, headers=SSE, content=endless())
    with pytest.raises(ProtocolError, match="event longer"):
        list(_client(lambda request: response).events())


@pytest.mark.parametrize(
    "body",
    [
        b"id: 1\nevent: sync.changes\ndata: {not json\n\n",
        b"id: 1\nevent: sync.changes\ndata: [1, 2]\n\n",
        b'id: one\nevent: sync.changes\ndata: {"seq": 1}\n\n',
    ],
)
def test_a_malformed_event_is_a_protocol_error(body: bytes) -> None:
    response = httpx.Response(200, headers=SSE, content=_stream(body))
    with pytest.raises(ProtocolError):
        list(_client(lambda request: response).events())


def test_a_stream_that_is_not_an_event_stream_is_a_protocol_error() -> None:
    response = httpx.Response(200, json={"hello": "proxy login page"})
    with pytest.raises(ProtocolError, match="not an event stream"):
        list(_client(lambda request: response).events())


def test_a_dead_stream_is_backend_unavailable() -> None:
    def dies() -> Iterator[bytes]:
        yield b'id: 1\nevent: sync.changes\ndata: {"seq": 1}\n\n'
        raise httpx.ReadTimeout("no ping for 45 s")

    response = httpx.Response(200, headers=SSE, content=dies())
    received = []
    with pytest.raises(BackendUnavailable):
        for event in _client(lambda request: response).events():
            received.append(event)
    assert [e.id for e in received] == [1]
