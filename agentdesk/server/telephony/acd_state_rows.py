"""The shared ACD's state in rows: what its leader writes with every batch of moves and every
tick, and what a new leader reads back (``shared_acd.py``).

- ``acd_state``, the header: the fence's version and the leader (``SharedAcd._fence``), the
  ACD's clock and arrival count, the supervision (supervisors' names, teams watched);
- ``acd_state_agents``: one row per agent (``switchboard.StoredAgent``);
- ``acd_state_calls``: one row per live leg.

A write is only what changed (``Switchboard.export_changes``): the agents and legs a batch
touched are upserted, the legs that ended deleted, and each row written carries the version of
its batch, so which rows a batch moved is there to read. Nothing changed, nothing is written.
PostgreSQL only, as the shared ACD is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from agentdesk.domain.calls import Call
from agentdesk.server import models
from agentdesk.server.telephony.switchboard import StateChanges, StoredAgent, whole_state

__all__ = ["agent_leg", "read_state", "write_changes"]

_STATE = models.table_of(models.AcdStateRow)
_AGENTS = models.table_of(models.AcdStateAgent)
_CALLS = models.table_of(models.AcdStateCall)


def write_changes(conn: Connection, changes: StateChanges, *, version: int, leader: str) -> None:
    """Write ``changes`` in ``conn``'s transaction (the batch's, after its fence), the rows
    stamped with ``version``."""
    if changes.empty:
        return
    if changes.complete:
        conn.execute(delete(_AGENTS))
        conn.execute(delete(_CALLS))
    if changes.agents:
        rows = [
            {"agent": name, "data": data, "version": version}
            for name, data in changes.agents.items()
        ]
        conn.execute(_upsert(_AGENTS, [_AGENTS.c.agent]), rows)
    gone = [key for key, entry in changes.calls.items() if entry is None]
    if gone:
        conn.execute(delete(_CALLS).where(tuple_(_CALLS.c.call_id, _CALLS.c.leg).in_(gone)))
    live = [
        {"call_id": call_id, "leg": leg, "data": entry, "version": version}
        for (call_id, leg), entry in changes.calls.items()
        if entry is not None
    ]
    if live:
        conn.execute(_upsert(_CALLS, [_CALLS.c.call_id, _CALLS.c.leg]), live)
    header: dict[str, Any] = {
        "clock": datetime.fromisoformat(changes.clock) if changes.clock is not None else None,
        "seq": changes.seq,
        "leader": leader,
    }
    if changes.supervision is not None:
        header["supervision"] = changes.supervision
    conn.execute(update(_STATE).where(_STATE.c.id == 1).values(**header))


def read_state(conn: Connection) -> dict[str, Any] | None:
    """The state stored, as ``Switchboard.import_state`` takes it; None before any."""
    header = conn.execute(
        select(_STATE.c.clock, _STATE.c.seq, _STATE.c.supervision).where(_STATE.c.id == 1)
    ).first()
    if header is None or header.seq is None:
        return None
    agents = {
        name: cast(StoredAgent, data)
        for name, data in conn.execute(
            select(_AGENTS.c.agent, _AGENTS.c.data).order_by(_AGENTS.c.agent)
        ).all()
    }
    legs = [data for (data,) in conn.execute(select(_CALLS.c.data)).all()]
    legs.sort(key=lambda entry: int(entry["seq"]))  # the arrival order: routing's tie-break
    clock = header.clock.isoformat() if header.clock is not None else None
    return whole_state(clock, int(header.seq), agents, legs, header.supervision)


def agent_leg(conn: Connection, agent: str) -> Call | None:
    """The live leg at ``agent`` (ringing, on the line, on hold, in wrap-up) as the last
    committed batch or tick left it; None when none. Any worker reads it without asking the
    leader: the batch that answered a move committed its rows with its outcome, so a desk
    reads its own moves."""
    data = conn.execute(select(_AGENTS.c.data).where(_AGENTS.c.agent == agent)).scalar()
    entry = data.get("acd") if data is not None else None
    if entry is None or entry.get("call") is None:
        return None
    call_id, leg = entry["call"]
    stored = conn.execute(
        select(_CALLS.c.data).where(_CALLS.c.call_id == call_id, _CALLS.c.leg == int(leg))
    ).scalar()
    return Call.from_dict(stored["call"]) if stored is not None else None


def _upsert(table: Table, keys: list[Any]) -> Any:
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=keys,
        set_={"data": statement.excluded["data"], "version": statement.excluded["version"]},
    )
