"""Sync of the workstations' caches: pull changes by sequence, push the outbox exactly once."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from agentdesk.contract.sync import MAX_PAGE, ChangesPage, PushRequest, PushResponse
from agentdesk.contract.values import SequenceNumber
from agentdesk.server import push, sync_feed
from agentdesk.server.deps import ClockDep, SessionDep, SettingsDep, StaffUser
from agentdesk.server.problems import PROBLEM_RESPONSES, ApiProblem

router = APIRouter(prefix="/sync", tags=["sync"], responses=PROBLEM_RESPONSES)


_NEXT_PAGE_HEADER = {
    "Link": {
        "description": 'The next page, if any: `</sync/changes?since=N&limit=L>; rel="next"`',
        "schema": {"type": "string"},
    }
}


@router.get("/changes", response_model=ChangesPage, responses={200: {"headers": _NEXT_PAGE_HEADER}})
def changes(
    session: SessionDep,
    user: StaffUser,
    settings: SettingsDep,
    clock: ClockDep,
    since: Annotated[SequenceNumber, Query(description="the cursor of the last page applied")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
) -> Response:
    """Records changed after ``since`` that the caller may cache, in sequence order: customers
    (phones in full, the rest masked), the tickets they may see, interactions of the last
    ``sync_interaction_days``, the caller's tasks, and deletions. Store ``cursor`` with the
    page; repeat while ``has_more``. A page with more after it names the next one in a
    ``Link: <…>; rel="next"`` header (RFC 8288), so a client can fetch it before it has read
    this one."""
    query = sync_feed.ChangesQuery(
        since=since,
        limit=limit,
        username=user.username,
        role=user.role.value if user.role is not None else "",
        team=user.team,
        interactions_from=sync_feed.interactions_from(clock(), settings.sync_interaction_days),
    )
    # Stored JSON, concatenated: a first sync pages through a million customers.
    page = sync_feed.changes_page(session, query)
    session.rollback()  # a read: release the connection's snapshot before sending
    headers = {}
    if page.has_more:
        headers["Link"] = f'</sync/changes?since={page.cursor}&limit={limit}>; rel="next"'
    return Response(page.body, media_type="application/json", headers=headers)


@router.post("/push", response_model=PushResponse)
def push_mutations(
    body: PushRequest,
    request: Request,
    session: SessionDep,
    user: StaffUser,
    settings: SettingsDep,
    clock: ClockDep,
) -> PushResponse:
    """Apply the workstation's mutations in order, each exactly once (see the contract)."""
    if user.workstation_id and user.workstation_id != body.workstation_id:
        raise ApiProblem(
            403, "sync.workstation_mismatch", "push for the workstation you signed in on"
        )
    now = clock()
    actor = replace(user, workstation_id=body.workstation_id)
    try:
        response = push.push(session, body, actor=actor, now=now)
    except push.KeyReused as exc:
        raise ApiProblem(
            422,
            "sync.key_reused",
            f"idempotency key {exc.key} was already used for another payload",
        ) from exc
    purger: push.Purger = request.app.state.purger
    if purger.due(now):
        purger.purge(
            session,
            now=now,
            idempotency_days=settings.idempotency_days,
            event_retention_hours=settings.event_retention_hours,
        )
    return response
