"""Reading the audit trail: the admin console's viewer and its CSV export.

Pages are newest first, by keyset on ``id`` (``before``: the page starts below it), so page
100 costs what page 1 does; every filter is a column with an index on (column, ``id``)
(``models.AuditEvent``), and ``start``/``end`` bound ``at`` (``[start, end)``). The export walks
the same query a batch at a time with a session of its own, so a million rows stream without
being held in memory or holding the request's session.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) get a leading apostrophe (OWASP's "CSV injection").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from agentdesk.contract.admin import AuditEvent as AuditEventOut
from agentdesk.contract.admin import AuditPage
from agentdesk.server.models import AuditEvent

__all__ = ["CSV_HEADER", "AuditFilter", "csv_cell", "csv_lines", "page"]

CSV_HEADER = (
    "id",
    "at",
    "username",
    "workstation_id",
    "action",
    "entity",
    "entity_id",
    "customer_id",
    "detail",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_EXPORT_BATCH = 1000


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer asks for (each None: any)."""

    username: str | None = None
    customer_id: int | None = None
    action: str | None = None
    entity: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def query(self, before: int | None = None) -> Select[AuditEvent]:
        """Matching rows below ``before``, newest first."""
        query = select(AuditEvent)
        if self.username is not None:
            query = query.where(AuditEvent.username == self.username)
        if self.customer_id is not None:
            query = query.where(AuditEvent.customer_id == self.customer_id)
        if self.action is not None:
            query = query.where(AuditEvent.action == self.action)
        if self.entity is not None:
            query = query.where(AuditEvent.entity == self.entity)
        if self.start is not None:
            query = query.where(AuditEvent.at >= self.start)
        if self.end is not None:
            query = query.where(AuditEvent.at < self.end)
        if before is not None:
            query = query.where(AuditEvent.id < before)
        return query.order_by(AuditEvent.id.desc())


def event_out(row: AuditEvent) -> AuditEventOut:
    return AuditEventOut(
        id=row.id,
        at=row.at,
        username=row.username,
        workstation_id=row.workstation_id,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        customer_id=row.customer_id,
        detail={str(key): str(value) for key, value in (row.detail or {}).items()},
    )


def page(session: Session, where: AuditFilter, *, before: int | None, limit: int) -> AuditPage:
    """One page of at most ``limit`` events, newest first; ``next_before`` None on the last
    (one row more is read to know)."""
    rows = list(session.scalars(where.query(before).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(
        events=[event_out(row) for row in rows],
        next_before=rows[-1].id if more else None,
    )


def csv_cell(value: object) -> str:
    """``value`` as a cell a spreadsheet shows and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_line(cells: Iterator[str] | tuple[str, ...] | list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def csv_lines(sessions: sessionmaker[Session], where: AuditFilter) -> Iterator[str]:
    """The header line, then every matching row (newest first) as a CSV line: times in ISO
    8601, the detail as JSON, every cell escaped. Reads a batch at a time, each in a short
    session of its own."""
    yield _csv_line(CSV_HEADER)
    before: int | None = None
    while True:
        with sessions() as session:
            rows = list(session.scalars(where.query(before).limit(_EXPORT_BATCH)))
            lines = [_csv_line([csv_cell(cell) for cell in _cells(row)]) for row in rows]
        if not rows:
            return
        yield "".join(lines)
        before = rows[-1].id


def _cells(row: AuditEvent) -> list[object]:
    detail = json.dumps(row.detail or {}, ensure_ascii=False, sort_keys=True)
    return [
        row.id,
        row.at.isoformat(),
        row.username,
        row.workstation_id,
        row.action,
        row.entity,
        row.entity_id,
        row.customer_id,
        detail,
    ]
