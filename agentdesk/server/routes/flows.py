"""Scripted flows: the published versions (every signed-in person reads them; desks run them)
and publishing a new one (administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from agentdesk.contract.flows import FlowPublish, FlowVersionInfo, FlowVersionRecord
from agentdesk.contract.values import RecordVersion
from agentdesk.server import audit, flow_versions
from agentdesk.server.deps import AdminUser, ClockDep, CurrentUser, SessionDep
from agentdesk.server.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/flows", tags=["flows"], responses=PROBLEM_RESPONSES)

FlowId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Version = Annotated[RecordVersion, Path(le=1_000_000)]


@router.get("", response_model=list[FlowVersionInfo])
def published(session: SessionDep, _user: CurrentUser) -> list[FlowVersionInfo]:
    """Every published version, by flow and version."""
    return flow_versions.published(session)


@router.get("/{flow_id}/versions/{version}", response_model=FlowVersionRecord)
def version(
    flow_id: FlowId, version: Version, session: SessionDep, _user: CurrentUser
) -> FlowVersionRecord:
    return flow_versions.version_record(session, flow_id, version)


@router.post(
    "",
    response_model=FlowVersionInfo,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "this very text was published before", "model": FlowVersionInfo}
    },
)
def publish(
    body: FlowPublish, session: SessionDep, admin: AdminUser, clock: ClockDep, response: Response
) -> FlowVersionInfo:
    """Validate a flow file's text and publish it as ``id@version``: 201 when new, 200 when the
    same text was published before, 422 listing every problem (file, line and node), 409 when
    that version holds another text."""
    info, new = flow_versions.publish(
        session, body.source, file=body.file, by=admin.username, now=clock()
    )
    if new:
        audit.record(
            session,
            admin,
            action="publish",
            entity="flow",
            entity_id=f"{info.flow_id}@{info.version}",
            at=clock(),
        )
    else:
        response.status_code = status.HTTP_200_OK
    session.commit()
    return info
