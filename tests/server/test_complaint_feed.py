"""The complaint work reaches the desks: every move is on the sync feed (the record with its
parties, clock events, letters, root cause) and on ``/events`` as a ticket change, and the
feed kept by the commits is the one a rebuild makes from the records."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from agentdesk.contract.sync import EventKind, TicketRecord
from agentdesk.server import events, feed_build, sync_feed
from agentdesk.server.db import make_engine
from tests.server.complaint_helpers import FakeClock, open_complaint, post
from tests.server.conftest import Bank, ClientFactory, auth_headers
from tests.server.sync_helpers import pull_all


def _feed(bind: Any) -> dict[tuple[str, int], Any]:
    rows = bind.execute(select(sync_feed.FEED)).all()
    return {(r.entity, r.entity_id): r.body and json.loads(r.body) for r in rows}


def test_the_complaint_work_is_on_the_feed_and_the_event_stream(
    make_client: ClientFactory, bank: Bank, migrated_url: str
) -> None:
    client = make_client(clock=FakeClock())
    agent, sup = auth_headers(client), auth_headers(client, "sup01")
    ticket_id = open_complaint(
        client, agent, bank.zhang, parties=[{"kind": "branch", "id": "BR-0755"}]
    )["entity_id"]
    steps = [
        (agent, "notices", {"kind": "acknowledgement", "language": "zh_CN"}),
        (agent, "transitions", {"to": "acknowledged"}),
        (sup, "clock-events", {"kind": "extended", "on": "2026-01-20", "note": "复杂案件"}),
        (agent, "transitions", {"to": "resolved", "resolution": "退还重复收取的年费"}),
        (
            agent,
            "transitions",
            {"to": "closed", "root_cause": "system_error", "remediation": "修复扣费批处理"},
        ),
    ]
    for headers, action, body in steps:
        response = post(client, headers, ticket_id, action, body)
        assert response.status_code == 200, response.text

    pages, _cursor = pull_all(client, agent)
    (record,) = [t for page in pages for t in page.tickets if t.id == ticket_id]
    assert isinstance(record, TicketRecord)
    assert (record.version, record.status.value, record.root_cause) == (6, "closed", "system_error")
    assert [p.id for p in record.parties] == ["BR-0755"]
    assert [e.kind for e in record.clock_events] == ["extended"]
    assert [n.kind.value for n in record.notices] == ["acknowledgement", "holding"]
    assert record.resolution == "退还重复收取的年费"
    care = [t for page in pages for t in page.tasks if t.kind == "care"]
    assert [t.owner for t in care] == ["agent01"]

    sessions = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions() as session:
        changed = [
            e.data["version"]
            for e, _ in events.read_after(session, 0)
            if e.kind is EventKind.TICKET_CHANGED and e.data["id"] == ticket_id
        ]
    assert changed == [2, 3, 4, 5, 6]

    engine = make_engine(migrated_url)
    try:
        with engine.begin() as conn:
            kept = _feed(conn)
            feed_build.rebuild(conn)
            rebuilt = _feed(conn)
    finally:
        engine.dispose()
    assert kept == rebuilt
    assert kept[("ticket", ticket_id)]["notices"][1]["kind"] == "holding"
