"""Published flow versions: publishing one (validated as ``agentdesk flows validate`` does),
and the definition a transcript or a service request names.

A version is immutable: publishing the same text again is a no-op, a different text under a
published ``id@version`` is refused. The versions shipped in ``resources/flows/`` are published
when the server starts, where missing (by ``system``), so the embedded demo and a new bank run
the library without an administrator's step; a bank's own versions are published by admins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.contract.flows import FlowVersionInfo, FlowVersionRecord
from agentdesk.domain.errors import FieldIssue, InvalidValue, MoveNotAllowed, UnknownRecord
from agentdesk.flow_library import library_dir
from agentdesk.flows.definition import FlowDefinition
from agentdesk.flows.source import FlowFileError, FlowIssue, parse_flow
from agentdesk.flows.validate import validate
from agentdesk.server import models, reference, sequence
from agentdesk.server.records import flow_version_fields

__all__ = ["flow_version", "publish", "publish_shipped", "published", "version_record"]

SHIPPED_BY = "system"


def flow_version(session: Session, flow_id: str, version: int) -> FlowDefinition:
    """The definition of ``flow_id@version``; ``InvalidValue`` when no such version exists."""
    row = _row(session, flow_id, version)
    if row is None:
        raise InvalidValue("flow_version_unknown", f"no flow {flow_id}@{version}")
    return FlowDefinition.model_validate(row.definition)


def published(session: Session) -> list[FlowVersionInfo]:
    rows = session.scalars(
        select(models.FlowVersion).order_by(models.FlowVersion.flow_id, models.FlowVersion.version)
    )
    return [_info(row) for row in rows]


def version_record(session: Session, flow_id: str, version: int) -> FlowVersionRecord:
    row = _row(session, flow_id, version)
    if row is None:
        raise UnknownRecord("flow_version_unknown", f"no flow {flow_id}@{version}")
    return FlowVersionRecord.model_validate(flow_version_fields(row))


def publish(
    session: Session, source: str, *, file: str, by: str, now: datetime
) -> tuple[FlowVersionInfo, bool]:
    """Validate and store a flow file's text; returns its version and whether it is new.
    ``InvalidValue`` lists every finding (``file:line`` and node in each field); a different
    text under a published version is ``MoveNotAllowed``."""
    try:
        parsed = parse_flow(source, file)
    except FlowFileError as err:
        raise _invalid(err.issues) from None
    codes = frozenset(code.code for code in reference.wrap_up_codes().codes)
    issues = validate(parsed, wrap_up_codes=codes)
    if issues:
        raise _invalid(issues)
    definition = parsed.definition
    existing = _row(session, definition.id, definition.version)
    if existing is not None:
        if existing.definition != definition.model_dump(mode="json"):
            raise MoveNotAllowed(
                "flow_version_exists",
                f"{definition.key} is published with another text: publish a new version",
            )
        return _info(existing), False
    row = models.FlowVersion(
        flow_id=definition.id,
        version=definition.version,
        definition=definition.model_dump(mode="json"),
        source=source,
        published_at=now,
        published_by=by,
    )
    session.add(row)
    session.flush()
    return _info(row), True


def publish_shipped(session: Session, *, now: datetime) -> int:
    """Publish the shipped library's versions the database lacks; returns how many. Under
    the change lock from the first read: workers and hosts starting together publish in
    turn, and the later ones find the versions there."""
    sequence.lock(session)
    added = 0
    for path in sorted(library_dir().glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        try:
            _, new = publish(session, source, file=path.name, by=SHIPPED_BY, now=now)
        except (InvalidValue, MoveNotAllowed):
            continue  # a bad or clashing shipped file: `agentdesk flows validate` says why
        added += new
    return added


def _row(session: Session, flow_id: str, version: int) -> models.FlowVersion | None:
    return session.scalars(
        select(models.FlowVersion).where(
            models.FlowVersion.flow_id == flow_id, models.FlowVersion.version == version
        )
    ).first()


def _info(row: models.FlowVersion) -> FlowVersionInfo:
    return FlowVersionInfo.model_validate(flow_version_fields(row))


def _invalid(issues: list[FlowIssue]) -> InvalidValue:
    return InvalidValue(
        "flow_invalid",
        f"the flow has {len(issues)} problem(s); the first: {issues[0]}",
        fields=[FieldIssue(_where(issue), issue.message) for issue in issues],
    )


def _where(issue: FlowIssue) -> str:
    return f"{issue.file}:{issue.line}" + (f" [{issue.node}]" if issue.node else "")
