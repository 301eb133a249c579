"""Flows in the cache: the published versions the feed brings (what the desk runs, offline
too), and the runs of calls, saved after every move and read back to resume.

A move and the writes its actions ask for (a ticket, a task, a service request, each with its
outbox entry) are saved in one transaction by the flow service, so a run never records an
action the outbox does not have, nor the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.sqlite import insert

from agentdesk.cache.schema import flow_runs, flow_versions
from agentdesk.contract.flows import FlowVersionRecord

__all__ = [
    "StoredRun",
    "cached_flow_versions",
    "close_runs",
    "flow_versions_mark",
    "open_runs",
    "save_run",
    "upsert_flow_versions",
]


@dataclass(frozen=True)
class StoredRun:
    run_id: str
    call_id: str
    customer_id: int | None
    run: str  # FlowRun JSON
    facts: str  # FlowFacts JSON


def save_run(conn: Connection, stored: StoredRun, *, now: datetime) -> None:
    values = {
        "run_id": stored.run_id,
        "call_id": stored.call_id,
        "customer_id": stored.customer_id,
        "run": stored.run,
        "facts": stored.facts,
        "open": True,
        "updated_at": now,
    }
    conn.execute(
        insert(flow_runs)
        .values(values)
        .on_conflict_do_update(
            index_elements=[flow_runs.c.run_id],
            set_={"run": stored.run, "updated_at": now},
        )
    )


def open_runs(conn: Connection, call_id: str) -> list[StoredRun]:
    """The runs of a call not yet taken by its wrap-up, oldest first."""
    rows = conn.execute(
        select(
            flow_runs.c.run_id,
            flow_runs.c.call_id,
            flow_runs.c.customer_id,
            flow_runs.c.run,
            flow_runs.c.facts,
        )
        .where(flow_runs.c.call_id == call_id, flow_runs.c.open.is_(True))
        .order_by(flow_runs.c.updated_at, flow_runs.c.run_id)
    )
    return [StoredRun(*row) for row in rows]


def close_runs(conn: Connection, call_id: str, *, now: datetime) -> None:
    """The call's wrap-up has the transcripts: the runs are done with."""
    conn.execute(
        update(flow_runs)
        .where(flow_runs.c.call_id == call_id, flow_runs.c.open.is_(True))
        .values(open=False, updated_at=now)
    )


def upsert_flow_versions(conn: Connection, records: Sequence[FlowVersionRecord]) -> None:
    """Published versions from the feed (a version never changes: an upsert is a replay)."""
    if not records:
        return
    statement = insert(flow_versions)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[flow_versions.c.flow_id, flow_versions.c.version],
            set_={"record": statement.excluded.record},
        ),
        [
            {"flow_id": r.flow_id, "version": r.version, "record": r.model_dump_json()}
            for r in records
        ],
    )


def cached_flow_versions(conn: Connection) -> list[FlowVersionRecord]:
    rows = conn.execute(select(flow_versions.c.record).order_by(flow_versions.c.flow_id))
    return [FlowVersionRecord.model_validate_json(record) for (record,) in rows]


def flow_versions_mark(conn: Connection) -> tuple[int, int]:
    """What changes when a version arrives (their number and the sum of their versions):
    readers keep their parsed definitions until it does."""
    count, total = conn.execute(
        select(func.count(), func.coalesce(func.sum(flow_versions.c.version), 0))
    ).one()
    return int(count), int(total)
