"""Every committed write to the cache announces which records it changed (RecordsChanged): the
writes made here, the server's answers to a push, each pulled page; a rolled-back write says
nothing. The sync engine runs for real over a real encrypted cache; the backend's answers come
through httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentdesk.cache import outbox
from agentdesk.cache.local_writes import (
    create_task,
    create_ticket,
    record_interaction,
    update_ticket,
)
from agentdesk.cache.records import interactions_for_customer, tasks_for_owner
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.cache.sync_state import apply_changes
from agentdesk.cache.tickets import tickets_for_customer
from agentdesk.client import ApiClient
from agentdesk.config.desktop import DesktopSettings
from agentdesk.config.paths import AppPaths
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import (
    ChangesPage,
    InteractionCreate,
    MutationResult,
    ResultStatus,
    SyncEntity,
    Task,
    TaskCreate,
    TicketCreate,
    TicketPatch,
    Tombstone,
)
from agentdesk.contract.tickets import ComplaintCategory, Severity
from agentdesk.events import EventBus, RecordKind, RecordsChanged
from agentdesk.services.wiring import build_app_services
from agentdesk.sync.engine import SyncEngine
from tests.core.test_cache_sync_state import customer, interaction, ticket

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
INTERACTION, TICKET, TASK, CUSTOMER = (
    RecordKind.INTERACTION,
    RecordKind.TICKET,
    RecordKind.TASK,
    RecordKind.CUSTOMER,
)


@pytest.fixture
def heard() -> list[RecordsChanged]:
    return []


@pytest.fixture
def store(tmp_path: Path, heard: list[RecordsChanged]) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", new_cache_key(), announce=heard.append)
    yield opened
    opened.close()


def _wrap_up(customer_id: int | None, notes: str = "balance") -> InteractionCreate:
    return InteractionCreate(
        customer_id=customer_id,
        phone_e164="+8613812345678",
        channel=Channel.PHONE_IN,
        started_at=NOW,
        ended_at=NOW,
        wrap_up_code="resolved",
        notes=notes,
    )


def _complaint(customer_id: int) -> TicketCreate:
    return TicketCreate(
        customer_id=customer_id,
        category=ComplaintCategory.FEES,
        severity=Severity.MEDIUM,
        channel=Channel.PHONE_IN,
        summary="annual fee charged twice",
    )


def _callback_saved_here(store: CacheStore, customer_id: int) -> int:
    """A callback scheduled on this desk; the id the cache shows it by (pending: negative)."""
    callback = TaskCreate(customer_id=customer_id, kind="callback", due_at=NOW + timedelta(days=1))
    store.write(lambda conn: create_task(conn, callback, owner="agent01", now=NOW))
    with store.read() as conn:
        [task] = tasks_for_owner(conn, "agent01")
    return task.id


def _said(
    kind: RecordKind, ids: set[int], customers: set[int], *, deleted: bool = False
) -> RecordsChanged:
    """The announcement of records of one kind, all of the ``customers``."""
    records = {kind: frozenset(ids)}
    return RecordsChanged(
        changed={} if deleted else records,
        deleted=records if deleted else {},
        customers={kind: frozenset(customers)},
    )


def _only(heard: list[RecordsChanged]) -> RecordsChanged:
    assert len(heard) == 1, heard
    return heard.pop()


def _engine(store: CacheStore, handler: Any) -> SyncEngine:
    api = ApiClient(
        httpx.Client(base_url="http://backend.test", transport=httpx.MockTransport(handler))
    )
    return SyncEngine(api, store, EventBus(), lambda: NOW, "ws-test")


# -- writes made here --------------------------------------------------------------------------


def test_a_wrap_up_saved_here_announces_its_pending_row_and_its_customer(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(lambda conn: record_interaction(conn, _wrap_up(42), agent="agent01", now=NOW))
    with store.read() as conn:
        [row] = interactions_for_customer(conn, 42)
    announced = _only(heard)
    assert row.pending and row.id < 0
    assert announced.changed == {INTERACTION: {row.id}}
    assert announced.customers == {INTERACTION: {42}} and not announced.deleted
    assert announced.touches(INTERACTION, 42) and not announced.touches(INTERACTION, 41)
    assert not announced.touches(TASK, 42)


def test_an_unknown_callers_wrap_up_belongs_to_no_customer_yet(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(lambda conn: record_interaction(conn, _wrap_up(None), agent="agent01", now=NOW))
    announced = _only(heard)
    assert len(announced.ids(INTERACTION)) == 1 and announced.customers == {}


def test_a_callback_and_a_complaint_made_here_announce_their_kind_and_customer(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    task_id = _callback_saved_here(store, 42)
    assert _only(heard) == _said(TASK, {task_id}, {42})

    client_id = store.write(lambda conn: create_ticket(conn, _complaint(42), now=NOW))
    with store.read() as conn:
        [made] = tickets_for_customer(conn, 42)
    assert _only(heard) == _said(TICKET, {made.id}, {42})

    edit = TicketPatch(changes={"severity": "high"})
    store.write(lambda conn: update_ticket(conn, client_id, edit, now=NOW))
    assert _only(heard) == _said(TICKET, {made.id}, {42})


def test_a_write_that_rolls_back_announces_nothing(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(lambda conn: apply_changes(conn, _page(tickets=[ticket(100, customer_id=1)])))
    heard.clear()

    def half_done(conn: Any) -> None:
        record_interaction(conn, _wrap_up(42), agent="agent01", now=NOW)
        raise OSError("disk full")

    with pytest.raises(OSError):
        store.write(half_done)
    lost = TicketPatch(changes={"status": "lost"})  # no such status: the edit rolls back
    with pytest.raises(ValueError):
        store.write(lambda conn: update_ticket(conn, 100, lost, now=NOW))
    assert heard == []


# -- the sync: push results and pulled pages ----------------------------------------------------


def _page(cursor: int = 10, **lists: Any) -> ChangesPage:
    return ChangesPage(cursor=cursor, high_water=cursor, has_more=False, **lists)


def test_the_servers_answer_to_a_push_announces_the_row_it_now_names(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(lambda conn: record_interaction(conn, _wrap_up(42), agent="agent01", now=NOW))
    _callback_saved_here(store, 42)
    heard.clear()

    def backend(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        results = []
        for m in body["mutations"]:
            result: dict[str, Any] = {
                "seq": m["seq"],
                "idempotency_key": m["idempotency_key"],
                "status": "applied",
            }
            if m["kind"] == "interaction.create":
                # The record comes back whole: the row becomes the server's interaction 900.
                record = {**m["payload"], "id": 900, "agent": "agent01"}
                result |= {"entity": "interaction", "entity_id": 900, "record": record}
            else:  # only the id and version: the row is linked by its client id
                result |= {"entity": "task", "entity_id": 77, "version": 1}
            results.append(result)
        last = max(m["seq"] for m in body["mutations"])
        return httpx.Response(200, json={"results": results, "last_applied_seq": last})

    report = _engine(store, backend).push_pending()

    assert report.done == 2
    announced = _only(heard)  # one batch, one transaction, one announcement
    assert announced.changed == {INTERACTION: {900}, TASK: {77}}
    assert announced.customers == {INTERACTION: {42}, TASK: {42}}


def test_a_pulled_page_announces_every_record_and_deletion_with_its_customer(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(
        lambda conn: apply_changes(
            conn, _page(5, customers=[customer(1), customer(2)], interactions=[interaction(7, 2)])
        )
    )
    heard.clear()
    pulled = _page(
        12,
        customers=[customer(1, version=2)],
        tickets=[ticket(100, customer_id=1)],
        interactions=[interaction(8, 1)],
        tasks=[Task(id=5, customer_id=3, due_at=NOW, owner="agent01")],
        deleted=[
            Tombstone(entity=SyncEntity.INTERACTION, id=7),  # customer 2's, cached
            Tombstone(entity=SyncEntity.CUSTOMER, id=2),
            Tombstone(entity=SyncEntity.TASK, id=999),  # never cached: nothing to say
        ],
    )

    def backend(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/sync/changes" and request.url.params["since"] == "5"
        return httpx.Response(200, content=pulled.model_dump_json())

    report = _engine(store, backend).pull()

    assert report.cursor == 12
    announced = _only(heard)
    assert announced.changed == {CUSTOMER: {1}, TICKET: {100}, INTERACTION: {8}, TASK: {5}}
    assert announced.deleted == {INTERACTION: {7}, CUSTOMER: {2}}
    assert announced.customers == {
        CUSTOMER: {1, 2},
        TICKET: {1},
        INTERACTION: {1, 2},  # the new one's customer, and the deleted one's
        TASK: {3},
    }


def test_a_pulled_link_of_an_unknown_callers_wrap_up_announces_the_customer_it_joined(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    client_id = store.write(
        lambda conn: record_interaction(conn, _wrap_up(None), agent="agent01", now=NOW)
    )
    heard.clear()
    linked = Interaction.model_validate(
        {**interaction(70, 3).model_dump(), "client_id": client_id, "started_at": NOW}
    )
    store.write(lambda conn: apply_changes(conn, _page(interactions=[linked])))
    assert _only(heard) == _said(INTERACTION, {70}, {3})


# -- the agent resolving a change the server did not take -------------------------------------


def _answer_first(store: CacheStore, status: ResultStatus, current: Any = None) -> str:
    """The server's answer to the first pending entry, recorded as the push records it."""
    with store.read() as conn:
        entry = outbox.pending(conn)[0]
    result = MutationResult(
        seq=entry.seq,
        idempotency_key=entry.idempotency_key,
        status=status,
        entity=SyncEntity.TICKET if entry.kind.value.startswith("ticket") else SyncEntity.TASK,
        record=current,
    )
    store.write(lambda conn: outbox.record_results(conn, [result]))
    return entry.idempotency_key


def test_keeping_my_edit_over_a_conflict_announces_the_ticket(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    store.write(lambda conn: apply_changes(conn, _page(tickets=[ticket(100, customer_id=1)])))
    mine = TicketPatch(changes={"summary": "mine"})
    store.write(lambda conn: update_ticket(conn, 100, mine, now=NOW))
    theirs = ticket(100, customer_id=1, version=2, summary="theirs").model_dump(mode="json")
    key = _answer_first(store, ResultStatus.CONFLICT, theirs)
    heard.clear()

    store.write(lambda conn: outbox.requeue(conn, key, now=NOW))

    assert _only(heard) == _said(TICKET, {100}, {1})


def test_discarding_a_rejected_callback_announces_its_row_gone(
    store: CacheStore, heard: list[RecordsChanged]
) -> None:
    task_id = _callback_saved_here(store, 42)
    key = _answer_first(store, ResultStatus.REJECTED)
    heard.clear()

    store.write(lambda conn: outbox.discard(conn, key))

    assert _only(heard) == _said(TASK, {task_id}, {42}, deleted=True)


# -- the composition root ----------------------------------------------------------------------


def test_the_apps_cache_announces_its_writes_on_the_apps_bus() -> None:
    services = build_app_services(
        DesktopSettings(), AppPaths.from_environment(), listen=False, sync_autostart=False
    )
    heard: list[RecordsChanged] = []
    services.bus.subscribe(RecordsChanged, heard.append)
    try:
        services.sync.store.write(
            lambda conn: record_interaction(conn, _wrap_up(42), agent="agent01", now=NOW)
        )
    finally:
        services.close()
    assert [event.customers for event in heard] == [{INTERACTION: {42}}]
