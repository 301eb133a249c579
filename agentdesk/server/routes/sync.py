"""Sync of the workstations' caches: pull changes by sequence, push the outbox exactly once."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from agentdesk.config.server import ServerSettings
from agentdesk.contract.sync import (
    MAX_PAGE,
    CacheScope,
    ChangesPage,
    PushRequest,
    PushResponse,
    WorkingSetRequest,
)
from agentdesk.contract.values import SequenceNumber
from agentdesk.domain.clock import Clock
from agentdesk.server import push, sync_feed, working_set
from agentdesk.server.actor import Actor
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
    scope: Annotated[
        CacheScope, Query(description="which customers the desk caches (IT's setting)")
    ] = CacheScope.ALL,
    days: Annotated[
        int, Query(ge=1, le=365, description="working-set scope: how far back it reaches")
    ] = 30,
    have: Annotated[
        str,
        Query(
            max_length=64,
            pattern="^[0-9a-f]*$",
            description="working-set scope: scope_digest of the customers the desk holds",
        ),
    ] = "",
) -> Response:
    """Records changed after ``since`` that the caller may cache, in sequence order: customers
    (phones in full, the rest masked), the tickets they may see, interactions of the last
    ``sync_interaction_days``, the caller's tasks, and deletions. Store ``cursor`` with the
    page; repeat while ``has_more``. A page with more after it names the next one in a
    ``Link: <…>; rel="next"`` header (RFC 8288), so a client can fetch it before it has read
    this one.

    ``scope=working-set`` serves the caller's working set in full and a phone index of the
    other customers (see ``ChangesPage``); ``all`` serves every customer, unless the server's
    ``cache_scope_all_allowed`` is off, when the working set is served instead (the page's
    ``scope`` says which)."""
    query = _query(user, settings, clock, since=since, limit=limit, days=days, have=have)
    if scope is CacheScope.ALL and settings.cache_scope_all_allowed:
        query = replace(query, scope=None)
    # Stored JSON, concatenated: a first sync pages through a million customers.
    page = sync_feed.changes_page(session, query)
    session.rollback()  # a read: release the connection's snapshot before sending
    headers = {}
    if page.has_more:
        more = "" if query.scope is None else f"&scope={scope.value}&days={days}&have={have}"
        headers["Link"] = f'</sync/changes?since={page.cursor}&limit={limit}{more}>; rel="next"'
    return Response(page.body, media_type="application/json", headers=headers)


def _query(
    user: Actor,
    settings: ServerSettings,
    clock: Clock,
    *,
    since: int,
    limit: int,
    days: int,
    have: str = "",
) -> sync_feed.ChangesQuery:
    """The caller's feed, with their working set of ``days`` (dropped for the ``all`` scope)."""
    now = clock()
    return sync_feed.ChangesQuery(
        since=since,
        limit=limit,
        username=user.username,
        role=user.role.value if user.role is not None else "",
        team=user.team,
        interactions_from=sync_feed.interactions_from(now, settings.sync_interaction_days),
        scope=working_set.Scope(user.username, user.team, now, days),
        have=have,
    )


@router.post("/working-set", response_model=ChangesPage)
def working_set_customers(
    body: WorkingSetRequest,
    session: SessionDep,
    user: StaffUser,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """The records of customers of the caller's working set that their desk does not hold yet
    (it entered the set without changing), with their interactions of the sync window. Ids
    outside the working set are left out. Apply the page's lists; it moves no cursor."""
    query = _query(user, settings, clock, since=0, limit=len(body.ids) or 1, days=body.days)
    page = sync_feed.working_set_page(session, query, body.ids)
    session.rollback()
    return Response(page, media_type="application/json")


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
    # The token's workstation (bound at sign-in) is the one pushed for and the one audited.
    if user.workstation_id != body.workstation_id:
        raise ApiProblem(
            403, "sync.workstation_mismatch", "push for the workstation you signed in on"
        )
    now = clock()
    try:
        response = push.push(session, body, actor=user, now=now)
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
