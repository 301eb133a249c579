"""The worklist's changes in the cache: done, moved or handed back here, saved with their
``task.update`` entry (offline), not undone by an older feed record, and settled by the
server's answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agentdesk.cache import outbox, records, task_updates
from agentdesk.cache.errors import RecordNotFound
from agentdesk.cache.store import CacheStore
from agentdesk.contract.sync import (
    MutationKind,
    MutationResult,
    ResultStatus,
    SyncEntity,
    Task,
    TaskUpdate,
)
from agentdesk.credentials import CredentialStore
from agentdesk.services.local_cache import LocalCache

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    local = LocalCache(tmp_path / "data", CredentialStore(), "ws-test")
    yield local.open()
    local.close()


def _care(task_id: int, owner: str = "agent01", **changes: object) -> Task:
    values: dict[str, object] = {
        "id": task_id,
        "customer_id": 7,
        "kind": "care",
        "due_at": NOW,
        "owner": owner,
        "queue": "care",
        "rule": "fund_loss",
        "reason": "holding_down",
        "figures": {"loss_pct": "12.5"},
        "version": 3,
    }
    return Task.model_validate(values | changes)


def _update(store: CacheStore, task_id: int, **fields: object) -> None:
    data = TaskUpdate.model_validate(fields)
    store.write(lambda c: task_updates.update_task(c, task_id, data, agent="agent01", now=NOW))


def _entries(store: CacheStore) -> list[tuple[str, str, dict[str, object], int | None]]:
    with store.read() as conn:
        return [
            (m.kind.value, m.entity_id, m.payload, m.base_version) for m in outbox.pending(conn)
        ]


def test_done_offline_leaves_my_list_and_waits_in_the_outbox(store: CacheStore) -> None:
    store.write(lambda c: records.upsert_tasks(c, [_care(41)]))
    _update(store, 41, action="done", outcome="customer reassured")
    with store.read() as conn:
        assert records.tasks_for_owner(conn, "agent01") == []
        (done,) = records.tasks_for_owner(conn, "agent01", include_done=True)
    assert done.done and done.outcome == "customer reassured"
    assert _entries(store) == [
        (
            "task.update",
            "41",
            {"action": "done", "outcome": "customer reassured", "due_at": None},
            3,
        )
    ]


def test_a_queue_task_done_here_becomes_mine_and_a_handed_back_one_waits_to_be_taken(
    store: CacheStore,
) -> None:
    store.write(lambda c: records.upsert_tasks(c, [_care(41, owner=""), _care(42)]))
    later = NOW + timedelta(days=2)
    _update(store, 41, action="reschedule", due_at=later.isoformat())
    _update(store, 42, action="hand_back")
    with store.read() as conn:
        (mine,) = records.tasks_for_owner(conn, "agent01")
        (waiting,) = task_updates.queue_tasks(conn)
    assert (mine.id, mine.due_at) == (41, later)
    assert (waiting.id, waiting.owner, waiting.queue) == (42, "", "care")


def test_an_older_feed_record_does_not_undo_an_unsent_change(store: CacheStore) -> None:
    store.write(lambda c: records.upsert_tasks(c, [_care(41)]))
    _update(store, 41, action="done", outcome="ok")
    store.write(lambda c: records.upsert_tasks(c, [_care(41, version=3)]))
    with store.read() as conn:
        assert records.tasks_for_owner(conn, "agent01") == []

    with store.read() as conn:
        (sent,) = outbox.pending(conn)
    answer = _care(41, done=True, outcome="ok", version=4).model_dump(mode="json")
    result = MutationResult(
        seq=sent.seq,
        idempotency_key=sent.idempotency_key,
        status=ResultStatus.APPLIED,
        entity=SyncEntity.TASK,
        entity_id=41,
        record=answer,
    )
    store.write(lambda c: outbox.record_results(c, [result]))
    assert _entries(store) == []
    with store.read() as conn:
        (done,) = records.tasks_for_owner(conn, "agent01", include_done=True)
    assert done.version == 4 and done.done


def test_a_done_task_or_a_reschedule_without_time_is_refused_and_nothing_is_queued(
    store: CacheStore,
) -> None:
    store.write(lambda c: records.upsert_tasks(c, [_care(41, done=True), _care(42)]))
    with pytest.raises(ValueError, match="already done"):
        _update(store, 41, action="done")
    with pytest.raises(ValueError, match="new time"):
        _update(store, 42, action="reschedule")
    with pytest.raises(ValueError, match="how the task ended"):
        _update(store, 42, action="done", outcome="  ")
    with pytest.raises(RecordNotFound):
        _update(store, 99, action="done")
    assert _entries(store) == []
    assert MutationKind.TASK_UPDATE.value == "task.update"
