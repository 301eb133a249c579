"""The outbox: local writes commit with their entry; seqs and keys survive restarts; the
server's answers complete local rows or put entries in front of the agent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from agentdesk.cache import outbox
from agentdesk.cache.errors import CacheError, OutboxEntryNotFound, RecordNotFound
from agentdesk.cache.local_writes import (
    create_task,
    create_ticket,
    record_interaction,
    update_ticket,
)
from agentdesk.cache.records import interactions_for_customer, tasks_for_owner
from agentdesk.cache.schema import interactions
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.cache.tickets import get_ticket, upsert_tickets
from agentdesk.contract import ids
from agentdesk.contract.interactions import Channel
from agentdesk.contract.problem import Problem
from agentdesk.contract.sync import (
    FieldConflict,
    InteractionCreate,
    MutationKind,
    MutationResult,
    ResultStatus,
    SyncEntity,
    TaskCreate,
    TicketCreate,
    TicketPatch,
    TicketRecord,
)
from agentdesk.contract.tickets import ComplaintCategory, Severity, TicketStatus

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def key() -> bytes:
    return new_cache_key()


@pytest.fixture
def store(tmp_path: Path, key: bytes) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", key)
    yield opened
    opened.close()


def wrap_up(customer_id: int | None = 42, **changes: Any) -> InteractionCreate:
    return InteractionCreate(
        customer_id=customer_id,
        phone_e164="+8613812345678",
        channel=Channel.PHONE_IN,
        started_at=NOW - timedelta(minutes=5),
        ended_at=NOW,
        wrap_up_code="BAL",
        notes="asked for the balance",
        **changes,
    )


def server_ticket(ticket_id: int = 900, version: int = 3, **changes: Any) -> TicketRecord:
    fields: dict[str, Any] = {
        "id": ticket_id,
        "reference": f"CMP-{ticket_id}",
        "customer_id": 42,
        "category": ComplaintCategory.FEES,
        "severity": Severity.MEDIUM,
        "status": TicketStatus.NEW,
        "summary": "annual fee charged twice",
        "opened_at": NOW - timedelta(days=1),
        "due_at": NOW + timedelta(days=14),
        "version": version,
        "updated_at": NOW - timedelta(days=1),
    }
    return TicketRecord(**{**fields, **changes})


def result(
    mutation_key: str, status: ResultStatus, entity: SyncEntity, **fields: Any
) -> MutationResult:
    return MutationResult(
        seq=1, idempotency_key=mutation_key, status=status, entity=entity, **fields
    )


def test_local_write_and_its_entry_commit_together_or_not_at_all(store: CacheStore) -> None:
    def fails(conn: Connection) -> None:
        record_interaction(conn, wrap_up(), agent="agent01", now=NOW)
        raise OSError("disk full")

    with pytest.raises(OSError):
        store.write(fails)
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(interactions)).scalar() == 0
        assert outbox.waiting_count(conn) == 0

    client_id = store.write(lambda conn: record_interaction(conn, wrap_up(), agent="a", now=NOW))
    with store.read() as conn:
        [row] = interactions_for_customer(conn, 42)
        [entry] = outbox.pending(conn)
    assert row.pending and row.client_id == client_id and row.id < 0
    assert entry.kind is MutationKind.INTERACTION_CREATE and entry.entity_id == client_id
    assert entry.payload["wrap_up_code"] == "BAL" and entry.made_at == NOW


def test_seq_and_keys_survive_a_restart_and_seqs_are_never_reused(
    tmp_path: Path, key: bytes
) -> None:
    path = tmp_path / "cache.db"
    with CacheStore.open(path, key) as store:
        for _ in range(3):
            store.write(lambda conn: record_interaction(conn, wrap_up(), agent="a", now=NOW))
        with store.read() as conn:
            before = outbox.pending(conn)
    with CacheStore.open(path, key) as store:
        with store.read() as conn:
            assert outbox.pending(conn) == before
        done = [
            result(
                m.idempotency_key,
                ResultStatus.APPLIED,
                SyncEntity.INTERACTION,
                entity_id=100 + m.seq,
            )
            for m in before
        ]
        store.write(lambda conn: outbox.record_results(conn, done))
        store.write(lambda conn: record_interaction(conn, wrap_up(), agent="a", now=NOW))
        with store.read() as conn:
            [after] = outbox.pending(conn)
    assert [m.seq for m in before] == [1, 2, 3]
    assert len({m.idempotency_key for m in before}) == 3
    assert after.seq == 4 and after.idempotency_key not in {m.idempotency_key for m in before}


def test_enqueue_accepts_a_plain_dict_payload(store: CacheStore) -> None:
    mutation = store.write(
        lambda conn: outbox.enqueue(
            conn, MutationKind.TASK_CREATE, "c-1", {"due_at": NOW, "note": "x"}, now=NOW
        )
    )
    assert mutation.payload == {"due_at": "2025-06-02T09:30:00Z", "note": "x"}
    assert len(mutation.idempotency_key) == 32


def test_an_offline_wrap_up_and_its_outbox_entry_carry_time_ordered_ids(
    store: CacheStore,
) -> None:
    for _ in range(3):
        store.write(lambda conn: record_interaction(conn, wrap_up(), agent="a", now=NOW))
    with store.read() as conn:
        entries = outbox.pending(conn)
    keys = [entry.idempotency_key for entry in entries]
    client_ids = [entry.entity_id for entry in entries]
    assert all(map(ids.time_ordered, keys + client_ids))
    assert [k[:12] for k in keys] == sorted(k[:12] for k in keys)


def test_applied_create_gives_the_local_row_its_server_id(store: CacheStore) -> None:
    client_id = store.write(lambda conn: record_interaction(conn, wrap_up(), agent="a", now=NOW))
    with store.read() as conn:
        [entry] = outbox.pending(conn)
    applied = result(
        entry.idempotency_key,
        ResultStatus.APPLIED,
        SyncEntity.INTERACTION,
        entity_id=5001,
        version=1,
    )
    store.write(lambda conn: outbox.record_results(conn, [applied]))
    with store.read() as conn:
        [row] = interactions_for_customer(conn, 42)
        assert outbox.waiting_count(conn) == 0
    assert row.id == 5001 and not row.pending and row.client_id == client_id


def test_duplicate_with_record_links_a_provisional_interaction(store: CacheStore) -> None:
    store.write(lambda conn: record_interaction(conn, wrap_up(None), agent="a", now=NOW))
    with store.read() as conn:
        [entry] = outbox.pending(conn)
    record = {**wrap_up(None).model_dump(mode="json"), "id": 77, "customer_id": 42}
    duplicate = result(
        entry.idempotency_key,
        ResultStatus.DUPLICATE,
        SyncEntity.INTERACTION,
        entity_id=77,
        record=record,
    )
    store.write(lambda conn: outbox.record_results(conn, [duplicate]))
    store.write(lambda conn: outbox.record_results(conn, [duplicate]))  # a replayed answer
    with store.read() as conn:
        [row] = interactions_for_customer(conn, 42)
        assert outbox.waiting_count(conn) == 0
    assert row.id == 77 and row.client_id == entry.entity_id and row.customer_id == 42


def test_conflict_needs_attention_is_not_resent_and_shows_base_mine_theirs(
    store: CacheStore,
) -> None:
    store.write(lambda conn: upsert_tickets(conn, [server_ticket()]))
    patch = TicketPatch(changes={"severity": "high"})
    mutation = store.write(lambda conn: update_ticket(conn, 900, patch, now=NOW))
    assert mutation.base_version == 3 and mutation.payload["base"] == {"severity": "medium"}
    theirs = server_ticket(version=4, severity=Severity.LOW, assignee="lee")
    conflict = result(
        mutation.idempotency_key,
        ResultStatus.CONFLICT,
        SyncEntity.TICKET,
        record=theirs.model_dump(mode="json"),
        conflicts=[FieldConflict(field="severity", base="medium", mine="high", theirs="low")],
        problem=Problem(title="Edit conflict", status=412, code="sync.conflict"),
    )
    store.write(lambda conn: outbox.record_results(conn, [conflict]))
    with store.read() as conn:
        assert outbox.pending(conn) == []
        assert outbox.waiting_count(conn) == 1
        [problem] = outbox.needing_attention(conn)
        ticket = get_ticket(conn, server_id=900)
    assert problem.status is ResultStatus.CONFLICT and problem.kind is MutationKind.TICKET_UPDATE
    assert problem.conflicts[0].mine == "high" and problem.conflicts[0].theirs == "low"
    assert problem.problem == "Edit conflict" and problem.problem_code == "sync.conflict"
    assert problem.current is not None and problem.current["version"] == 4
    # The server's record is the new base; the agent's unsent edit still shows over it.
    assert ticket is not None and ticket.version == 4 and ticket.assignee == "lee"
    assert ticket.severity is Severity.HIGH and ticket.unsent_changes


def test_requeue_makes_a_new_key_and_seq(store: CacheStore) -> None:
    store.write(lambda conn: upsert_tickets(conn, [server_ticket()]))
    patch = TicketPatch(changes={"severity": "high"})
    first = store.write(lambda conn: update_ticket(conn, 900, patch, now=NOW))
    conflict = result(first.idempotency_key, ResultStatus.CONFLICT, SyncEntity.TICKET)
    store.write(lambda conn: outbox.record_results(conn, [conflict]))
    merged = TicketPatch(changes={"severity": "high"}, base={"severity": "low"})
    again = store.write(lambda conn: outbox.requeue(conn, first.idempotency_key, merged, 4))
    with store.read() as conn:
        assert outbox.pending(conn) == [again]
        assert outbox.needing_attention(conn) == []
    assert again.seq == first.seq + 1 and again.idempotency_key != first.idempotency_key
    assert again.base_version == 4 and again.payload["base"] == {"severity": "low"}
    with pytest.raises(CacheError):  # a pending entry may be on the wire: never a second key
        store.write(lambda conn: outbox.requeue(conn, again.idempotency_key))
    with pytest.raises(OutboxEntryNotFound):
        store.write(lambda conn: outbox.requeue(conn, first.idempotency_key))


def test_rejected_create_is_kept_then_discarded_with_its_local_row(store: CacheStore) -> None:
    create = TicketCreate(
        customer_id=42,
        category=ComplaintCategory.CARDS,
        severity=Severity.LOW,
        channel=Channel.PHONE_IN,
        summary="card lost",
    )
    client_id = store.write(lambda conn: create_ticket(conn, create, now=NOW))
    store.write(lambda c: update_ticket(c, client_id, TicketPatch(changes={"team": "t1"}), now=NOW))
    with store.read() as conn:
        entries = outbox.pending(conn)
        ticket = get_ticket(conn, client_id=client_id)
    assert ticket is not None and ticket.pending and ticket.team == "t1"
    assert ticket.due_at == NOW + timedelta(days=15) and ticket.status is TicketStatus.NEW
    assert entries[1].entity_id == client_id and entries[1].base_version is None
    rejected = result(
        entries[0].idempotency_key,
        ResultStatus.REJECTED,
        SyncEntity.TICKET,
        problem=Problem(title="Invalid", status=422, detail="no such customer"),
    )
    store.write(lambda conn: outbox.record_results(conn, [rejected]))
    with store.read() as conn:
        assert [p.problem for p in outbox.needing_attention(conn)] == ["no such customer"]
        assert outbox.waiting_count(conn) == 2
    store.write(lambda conn: outbox.discard(conn, entries[0].idempotency_key))
    with store.read() as conn:
        assert get_ticket(conn, client_id=client_id) is None
        assert outbox.waiting_count(conn) == 0  # its later edit could never apply either


def test_discarded_ticket_edit_shows_the_server_values_again(store: CacheStore) -> None:
    store.write(lambda conn: upsert_tickets(conn, [server_ticket()]))
    patch = TicketPatch(changes={"summary": "mine"})
    mutation = store.write(lambda conn: update_ticket(conn, 900, patch, now=NOW))
    rejected = result(mutation.idempotency_key, ResultStatus.REJECTED, SyncEntity.TICKET)
    store.write(lambda conn: outbox.record_results(conn, [rejected]))
    with pytest.raises(CacheError):
        store.write(lambda conn: outbox.discard(conn, "not-a-key"))
    store.write(lambda conn: outbox.discard(conn, mutation.idempotency_key))
    with store.read() as conn:
        ticket = get_ticket(conn, server_id=900)
        assert outbox.waiting_count(conn) == 0
    assert ticket is not None and ticket.summary == "annual fee charged twice"
    assert not ticket.unsent_changes


def test_applied_ticket_edits_move_the_base_and_keep_later_edits(store: CacheStore) -> None:
    store.write(lambda conn: upsert_tickets(conn, [server_ticket()]))
    one = TicketPatch(changes={"status": "acknowledged"})
    two = TicketPatch(changes={"summary": "fee charged twice in May"})
    first = store.write(lambda conn: update_ticket(conn, 900, one, now=NOW))
    second = store.write(lambda conn: update_ticket(conn, 900, two, now=NOW))
    assert second.payload["base"] == {"summary": "annual fee charged twice"}
    applied = result(
        first.idempotency_key, ResultStatus.APPLIED, SyncEntity.TICKET, entity_id=900, version=4
    )
    store.write(lambda conn: outbox.record_results(conn, [applied]))
    with store.read() as conn:
        ticket = get_ticket(conn, server_id=900)
        assert [m.idempotency_key for m in outbox.pending(conn)] == [second.idempotency_key]
    assert ticket is not None and ticket.version == 4
    assert ticket.status is TicketStatus.ACKNOWLEDGED
    assert ticket.summary == "fee charged twice in May" and ticket.unsent_changes


def test_update_ticket_refuses_unknown_tickets_fields_and_values(store: CacheStore) -> None:
    store.write(lambda conn: upsert_tickets(conn, [server_ticket()]))
    with pytest.raises(RecordNotFound):
        store.write(lambda c: update_ticket(c, 1, TicketPatch(changes={"team": "x"}), now=NOW))
    with pytest.raises(ValueError, match="not editable"):
        store.write(lambda c: update_ticket(c, 900, TicketPatch(changes={"id": 1}), now=NOW))
    with pytest.raises(ValueError):  # pydantic: no such status; nothing is enqueued
        store.write(lambda c: update_ticket(c, 900, TicketPatch(changes={"status": "x"}), now=NOW))
    with store.read() as conn:
        assert outbox.waiting_count(conn) == 0


def test_created_task_is_listed_and_linked(store: CacheStore) -> None:
    data = TaskCreate(customer_id=42, due_at=NOW + timedelta(days=1), note="call back")
    client_id = store.write(lambda conn: create_task(conn, data, owner="agent01", now=NOW))
    with store.read() as conn:
        [task] = tasks_for_owner(conn, "agent01")
        [entry] = outbox.pending(conn)
    assert task.pending and task.client_id == client_id and task.note == "call back"
    applied = result(
        entry.idempotency_key, ResultStatus.APPLIED, SyncEntity.TASK, entity_id=31, version=1
    )
    store.write(lambda conn: outbox.record_results(conn, [applied]))
    with store.read() as conn:
        [task] = tasks_for_owner(conn, "agent01")
    assert task.id == 31 and task.version == 1 and not task.pending
