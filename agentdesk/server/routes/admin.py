"""Administration (administrators only; agents and supervisors get 403): staff accounts, teams
and their queues, the server's live settings, the audit trail and its CSV export, fund prices.

Every write is audited with what changed (never a password). The rules are in ``staff``,
``teams``, ``system_settings`` and ``audit_query``; these routes read HTTP and commit.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.admin import (
    AuditPage,
    PasswordReset,
    ProductPriceChange,
    ProductPriceChanged,
    StaffUser,
    SystemSettings,
    TeamInfo,
    TeamUpdate,
    UserCreate,
    UserUpdate,
)
from agentdesk.contract.problem import Problem
from agentdesk.contract.values import Identifier, RecordId, Timestamp
from agentdesk.domain.errors import RuleViolation, UnknownRecord
from agentdesk.domain.presence import AgentState
from agentdesk.server import audit, care, reference, staff, system_settings, teams
from agentdesk.server.audit_query import AuditFilter, csv_lines, page
from agentdesk.server.deps import (
    AdminUser,
    ClockDep,
    SessionDep,
    TelephonySettingsDep,
    TokensDep,
)
from agentdesk.server.problem_details import title_of
from agentdesk.server.problems import (
    PRECONDITION_RESPONSES,
    PROBLEM_RESPONSES,
    required_version,
    weak_etag,
)
from agentdesk.server.routes.telephony import SwitchboardDep
from agentdesk.server.telephony.acd_service import AcdService

log = logging.getLogger(__name__)

router = APIRouter(prefix="/admin", tags=["admin"], responses=PROBLEM_RESPONSES)

# A refused change (409: a taken username; an administrator deactivating or demoting themself).
CONFLICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"description": title_of(409), "model": Problem}
}

UsernamePath = Annotated[Identifier, Path(max_length=64, description="a user's username")]
TeamPath = Annotated[Identifier, Path(max_length=64, description="a team's name")]


# -- the audit trail ---------------------------------------------------------------------------


def _audit_filter(
    username: Annotated[Identifier | None, Query(max_length=64)] = None,
    customer_id: RecordId | None = None,
    action: Annotated[Identifier | None, Query(max_length=32)] = None,
    entity: Annotated[Identifier | None, Query(max_length=32)] = None,
    start: Annotated[Timestamp | None, Query(description="from this time (included)")] = None,
    end: Annotated[Timestamp | None, Query(description="until this time (excluded)")] = None,
) -> AuditFilter:
    return AuditFilter(
        username=username,
        customer_id=customer_id,
        action=action,
        entity=entity,
        start=start,
        end=end,
    )


@router.get("/audit", response_model=AuditPage)
def audit_events(
    session: SessionDep,
    _admin: AdminUser,
    username: Annotated[Identifier | None, Query(max_length=64)] = None,
    customer_id: RecordId | None = None,
    action: Annotated[Identifier | None, Query(max_length=32)] = None,
    entity: Annotated[Identifier | None, Query(max_length=32)] = None,
    start: Annotated[Timestamp | None, Query(description="from this time (included)")] = None,
    end: Annotated[Timestamp | None, Query(description="until this time (excluded)")] = None,
    before: Annotated[RecordId | None, Query(description="next_before of the last page")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Audit events, newest first, with their detail; ``next_before`` asks for the next page."""
    where = _audit_filter(username, customer_id, action, entity, start, end)
    return page(session, where, before=before, limit=limit)


@router.get(
    "/audit.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "every matching event"}},
)
def audit_csv(
    request: Request,
    _admin: AdminUser,
    username: Annotated[Identifier | None, Query(max_length=64)] = None,
    customer_id: RecordId | None = None,
    action: Annotated[Identifier | None, Query(max_length=32)] = None,
    entity: Annotated[Identifier | None, Query(max_length=32)] = None,
    start: Annotated[Timestamp | None, Query(description="from this time (included)")] = None,
    end: Annotated[Timestamp | None, Query(description="until this time (excluded)")] = None,
) -> StreamingResponse:
    """Every matching event as CSV (newest first, a header row, ISO 8601 times, the detail as
    JSON), streamed; a cell a spreadsheet would run as a formula starts with an apostrophe."""
    where = _audit_filter(username, customer_id, action, entity, start, end)
    sessions: sessionmaker[Session] = request.app.state.sessions
    return StreamingResponse(
        csv_lines(sessions, where),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


# -- staff --------------------------------------------------------------------------------------


@router.get("/users", response_model=list[StaffUser])
def users(session: SessionDep, _admin: AdminUser) -> list[StaffUser]:
    """Every member of staff, by username (deactivated ones too)."""
    return staff.list_staff(session)


def _rejoin(switchboard: AcdService, usernames: list[str], team_of: dict[str, str]) -> None:
    """Agents already in the ACD take the queues they now serve at once."""
    present = set(switchboard.agent_names())
    for username in usernames:
        if username in present:
            switchboard.join(username, team_of[username])


@router.post("/users", response_model=StaffUser, status_code=201, responses=CONFLICT_RESPONSES)
def create_user(
    body: UserCreate,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
    telephony: TelephonySettingsDep,
) -> StaffUser:
    """A new member of staff with a first password (409 for a taken username; an agent or a
    supervisor without a team, or skills that are not queues, 422). Audited."""
    user = staff.create_staff(session, body, telephony, actor=admin, now=clock())
    session.commit()
    return staff.staff_user(user)


@router.patch("/users/{username}", response_model=StaffUser, responses=CONFLICT_RESPONSES)
def update_user(
    username: UsernamePath,
    body: UserUpdate,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
    telephony: TelephonySettingsDep,
    tokens: TokensDep,
    switchboard: SwitchboardDep,
) -> StaffUser:
    """Change what is given. ``active: false`` ends every session of the user at once (their
    refresh and access tokens stop working); an administrator cannot deactivate or demote
    themself (409). New skills or a new team apply to the agent in the ACD at once. Audited."""
    user = staff.update_staff(session, username, body, telephony, tokens, actor=admin, now=clock())
    session.commit()
    if not user.active:
        _sign_out_of_the_acd(switchboard, user.username, user.team)
    elif body.skills is not None or body.team is not None:
        _rejoin(switchboard, [user.username], {user.username: user.team})
    return staff.staff_user(user)


def _sign_out_of_the_acd(switchboard: AcdService, username: str, team: str) -> None:
    """A deactivated agent is offered no more calls: offline now, or (on a call) when the
    ACD allows it; their softphone's requests are refused from now on anyway."""
    if username not in switchboard.agent_names():
        return
    try:
        switchboard.set_presence(username, team, AgentState.OFFLINE)
    except RuleViolation:
        log.info("a deactivated agent stays in the ACD until their call ends")


@router.post("/users/{username}/password", status_code=204)
def reset_password(
    username: UsernamePath,
    body: PasswordReset,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
    tokens: TokensDep,
) -> Response:
    """A new first password; every session of the user ends. Audited, without the password."""
    staff.reset_password(session, username, body, tokens, actor=admin, now=clock())
    session.commit()
    return Response(status_code=204)


# -- teams and queues ----------------------------------------------------------------------------


@router.get("/teams", response_model=list[TeamInfo])
def list_teams(
    session: SessionDep, _admin: AdminUser, telephony: TelephonySettingsDep
) -> list[TeamInfo]:
    """Every team, its queues, how many agents and which supervisors."""
    found = teams.list_teams(session, telephony)
    session.commit()  # the seed from the configuration, the first time
    return found


@router.put("/teams/{name}", response_model=TeamInfo)
def update_team(
    name: TeamPath,
    body: TeamUpdate,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
    telephony: TelephonySettingsDep,
    switchboard: SwitchboardDep,
) -> TeamInfo:
    """The queues the team's agents serve (each a known queue: 422 naming the one that is
    not); a new name adds the team. Agents of the team already in the ACD serve them at once;
    the others when they join (a presence change). Audited."""
    before, after = teams.set_team_queues(session, telephony, name, body.queues)
    if before != after:
        audit.record(
            session,
            admin,
            at=clock(),
            action="update",
            entity="team",
            entity_id=name,
            detail={"queues": f"{','.join(before)} → {','.join(after)}"},
        )
    session.commit()
    agents = teams.agents_of_team(session, name)
    _rejoin(switchboard, agents, dict.fromkeys(agents, name))
    return next(team for team in teams.list_teams(session, telephony) if team.name == name)


# -- the server's settings -----------------------------------------------------------------------


@router.get("/settings", response_model=SystemSettings)
def get_settings(
    session: SessionDep, _admin: AdminUser, telephony: TelephonySettingsDep, response: Response
) -> SystemSettings:
    """The settings in force (ETag: their version, for the If-Match of a save)."""
    found = system_settings.current(session, telephony)
    response.headers["ETag"] = weak_etag(found.version)
    return found


@router.put("/settings", response_model=SystemSettings, responses=PRECONDITION_RESPONSES)
def put_settings(
    body: SystemSettings,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
    telephony: TelephonySettingsDep,
    switchboard: SwitchboardDep,
    response: Response,
    if_match: Annotated[str | None, Header(description='W/"<version>" from the ETag')] = None,
) -> SystemSettings:
    """Save and apply at once (If-Match required: 428 without, 412 with what is current when
    stale). A ``queue_targets`` key that is not a queue is 422; queues left out keep theirs.
    The queue figures use the new targets from the next figures on; the care rules from
    their next run. Audited with what changed."""
    wanted = required_version(if_match, "the settings")
    saved = system_settings.update(
        session, telephony, body, expected_version=wanted, actor=admin, now=clock()
    )
    session.commit()
    switchboard.set_service_levels(system_settings.service_levels(saved))
    response.headers["ETag"] = weak_etag(saved.version)
    return saved


# -- fund prices ---------------------------------------------------------------------------------

ProductCode = Annotated[Identifier, Path(max_length=16, description="a product of the shelf")]


@router.post("/products/{code}/price", response_model=ProductPriceChanged)
def change_price(
    code: ProductCode,
    body: ProductPriceChange,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
) -> ProductPriceChanged:
    """A fund's new price: its holdings are revalued (units × NAV, the cost stays) and the
    care rules run for the customers holding it (a fall past the threshold makes one care
    task with the figures). Audited."""
    if code not in {p.code for p in reference.product_shelf().products}:
        raise UnknownRecord("product.not_found", f"no product {code} on the shelf")
    now = clock()
    changed = care.change_price(session, code, body.nav, now=now)
    audit.record(
        session,
        admin,
        at=now,
        action="update",
        entity="product_price",
        entity_id=code,
        detail={"nav": str(body.nav), "holdings": str(changed.holdings)},
    )
    session.commit()
    return ProductPriceChanged(
        product_code=code,
        nav=body.nav,
        holdings=changed.holdings,
        care_tasks=[task.id for task in changed.tasks],
    )
