"""The flow runs of calls, kept in the cache: saved after every move, read back to resume.

A move and the writes its actions ask for (a ticket, a task, a service request, each with its
outbox entry) are saved in one transaction by the flow service, so a run never records an
action the outbox does not have, nor the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects.sqlite import insert

from agentdesk.cache.schema import flow_runs

__all__ = ["StoredRun", "close_runs", "open_runs", "save_run"]


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
