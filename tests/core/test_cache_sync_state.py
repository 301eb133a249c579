"""Pull state: a page and its cursor commit together; tombstones; small key/values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from agentdesk.cache import outbox, sync_state
from agentdesk.cache.customers import customers_by_phone, get_customer
from agentdesk.cache.local_writes import create_ticket, record_interaction, update_ticket
from agentdesk.cache.records import count_interactions, interactions_for_customer, tasks_for_owner
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.cache.sync_state import apply_changes, get_cursor, get_value, set_value
from agentdesk.cache.tickets import get_ticket, tickets_for_customer
from agentdesk.contract.interactions import Channel, Interaction
from agentdesk.contract.sync import (
    ChangesPage,
    CustomerRecord,
    InteractionCreate,
    MutationResult,
    ResultStatus,
    SyncEntity,
    Task,
    TicketCreate,
    TicketPatch,
    TicketRecord,
    Tombstone,
)
from agentdesk.contract.tickets import ComplaintCategory, Severity, TicketStatus
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    yield opened
    opened.close()


def customer(cid: int, name: str = "张三", version: int = 1) -> CustomerRecord:
    return CustomerRecord(
        id=cid,
        cif=f"62{cid:010d}",
        name=name,
        name_pinyin="zhang san",
        name_initials="zs",
        birth_year=1980,
        id_number_masked="110101********123X",
        id_last4="123X",
        phones=[f"+86138000{cid:05d}"],
        tier=Tier.GOLD,
        aum=Decimal("600000.00"),
        yearly_revenue=Decimal("3000.00"),
        risk_profile=RiskProfile.C2,
        risk_assessed_on=date(2025, 1, 1),
        version=version,
        updated_at=NOW,
    )


def ticket(tid: int, **changes: Any) -> TicketRecord:
    fields: dict[str, Any] = {
        "id": tid,
        "reference": f"CMP-{tid}",
        "customer_id": 1,
        "category": ComplaintCategory.FEES,
        "severity": Severity.MEDIUM,
        "status": TicketStatus.NEW,
        "summary": "fee",
        "opened_at": NOW,
        "due_at": NOW + timedelta(days=15),
        "updated_at": NOW,
    }
    return TicketRecord(**{**fields, **changes})


def interaction(iid: int, customer_id: int | None = 1, **changes: Any) -> Interaction:
    fields: dict[str, Any] = {
        "id": iid,
        "customer_id": customer_id,
        "channel": Channel.PHONE_IN,
        "started_at": NOW - timedelta(hours=iid),
        "wrap_up_code": "BAL",
        "notes": f"note {iid}",
    }
    return Interaction(**{**fields, **changes})


def page(cursor: int, **lists: Any) -> ChangesPage:
    return ChangesPage(cursor=cursor, high_water=cursor + 10, has_more=True, **lists)


def test_page_and_cursor_commit_together(store: CacheStore) -> None:
    with store.read() as conn:
        assert get_cursor(conn) == 0
    first = page(
        10,
        customers=[customer(1), customer(2)],
        tickets=[ticket(100)],
        interactions=[interaction(1), interaction(2)],
        tasks=[Task(id=5, customer_id=1, due_at=NOW, owner="agent01")],
    )
    store.write(lambda conn: apply_changes(conn, first), durable=False)
    with store.read() as conn:
        assert get_cursor(conn) == 10
        assert get_customer(conn, 2) == customer(2)
        assert [t.id for t in tickets_for_customer(conn, 1)] == [100]
        assert [i.id for i in interactions_for_customer(conn, 1)] == [1, 2]  # newest first
        assert [t.id for t in tasks_for_owner(conn, "agent01")] == [5]


def test_a_failing_page_leaves_data_and_cursor_unchanged(
    store: CacheStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(lambda conn: apply_changes(conn, page(10, customers=[customer(1)])))

    def disk_full(conn: object, records: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(sync_state, "upsert_tasks", disk_full)  # after customers and tickets
    broken = page(20, customers=[customer(1, "李四", version=2)], tickets=[ticket(100)])
    with pytest.raises(OSError):
        store.write(lambda conn: apply_changes(conn, broken))
    with store.read() as conn:
        assert get_cursor(conn) == 10
        assert get_customer(conn, 1) == customer(1)  # the page's earlier lists rolled back
        assert get_ticket(conn, server_id=100) is None


def test_tombstones_remove_rows_and_cursor_never_goes_back(store: CacheStore) -> None:
    store.write(
        lambda conn: apply_changes(
            conn,
            page(10, customers=[customer(1), customer(2)], tickets=[ticket(100)],
                 interactions=[interaction(1)]),
        )
    )  # fmt: skip
    gone = [
        Tombstone(entity=SyncEntity.CUSTOMER, id=2),
        Tombstone(entity=SyncEntity.TICKET, id=100),
        Tombstone(entity=SyncEntity.INTERACTION, id=1),
        Tombstone(entity=SyncEntity.TASK, id=999),
    ]
    store.write(lambda conn: apply_changes(conn, page(20, deleted=gone)))
    store.write(lambda conn: apply_changes(conn, page(15)))  # a replayed older page
    with store.read() as conn:
        assert get_cursor(conn) == 20
        assert get_customer(conn, 2) is None
        assert customers_by_phone(conn, "+8613800000002") == []
        assert get_ticket(conn, server_id=100) is None
        assert count_interactions(conn, 1) == 0
        assert get_customer(conn, 1) is not None


def test_pulled_record_completes_the_provisional_row_instead_of_duplicating(
    store: CacheStore,
) -> None:
    unknown_caller = InteractionCreate(
        phone_e164="+8613999999999",
        channel=Channel.PHONE_IN,
        started_at=NOW,
        wrap_up_code="NEW",
    )
    client_id = store.write(
        lambda conn: record_interaction(conn, unknown_caller, agent="agent01", now=NOW)
    )
    linked = interaction(
        70, customer_id=3, client_id=client_id, phone_e164="+8613999999999", started_at=NOW
    )
    store.write(lambda conn: apply_changes(conn, page(30, interactions=[linked])))
    with store.read() as conn:
        [row] = interactions_for_customer(conn, 3)
        assert count_interactions(conn, 3) == 1
    assert row.id == 70 and row.client_id == client_id and not row.pending


def test_pull_keeps_an_unsent_ticket_edit_over_the_new_server_record(store: CacheStore) -> None:
    store.write(lambda conn: apply_changes(conn, page(10, tickets=[ticket(100)])))
    patch = TicketPatch(changes={"summary": "mine"})
    store.write(lambda conn: update_ticket(conn, 100, patch, now=NOW))
    theirs = ticket(100, version=2, assignee="lee", summary="theirs")
    store.write(lambda conn: apply_changes(conn, page(20, tickets=[theirs])))
    store.write(lambda conn: apply_changes(conn, page(25, tickets=[ticket(100)])))  # stale v1
    with store.read() as conn:
        shown = get_ticket(conn, server_id=100)
    assert shown is not None and shown.version == 2
    assert shown.assignee == "lee" and shown.summary == "mine" and shown.unsent_changes


def test_small_values(store: CacheStore) -> None:
    store.write(lambda conn: set_value(conn, "events.last_id", "41"))
    store.write(lambda conn: set_value(conn, "events.last_id", "42"))
    with store.read() as conn:
        assert get_value(conn, "events.last_id") == "42"
        assert get_value(conn, "missing", "d") == "d"
    store.write(lambda conn: set_value(conn, "events.last_id", None))
    with store.read() as conn:
        assert get_value(conn, "events.last_id") is None


def test_timeline_filters_pages_and_counts(store: CacheStore) -> None:
    lines = [
        interaction(i, channel=Channel.WECHAT if i % 3 == 0 else Channel.PHONE_IN,
                    notes="fee refund" if i % 2 else "balance 100%")
        for i in range(1, 31)
    ]  # fmt: skip
    store.write(lambda conn: apply_changes(conn, page(5, interactions=lines)))
    with store.read() as conn:
        assert count_interactions(conn, 1) == 30
        assert count_interactions(conn, 1, channel=Channel.WECHAT) == 10
        assert count_interactions(conn, 1, text="REFUND") == 15  # case-insensitive
        assert count_interactions(conn, 1, text="100%") == 15  # % is literal, not a wildcard
        second = interactions_for_customer(conn, 1, offset=10, limit=10)
        wechat = interactions_for_customer(conn, 1, channel="wechat", text="fee")
    assert [i.id for i in second] == list(range(11, 21))
    assert [i.id for i in wechat] == [3, 9, 15, 21, 27]


def test_offline_ticket_keeps_its_client_id_and_edits_when_the_server_omits_it(
    store: CacheStore,
) -> None:
    create = TicketCreate(
        customer_id=1,
        category=ComplaintCategory.CARDS,
        severity=Severity.LOW,
        channel=Channel.PHONE_IN,
        summary="card swallowed",
    )
    client_id = store.write(lambda conn: create_ticket(conn, create, now=NOW))
    edit = TicketPatch(changes={"severity": "high"})
    store.write(lambda conn: update_ticket(conn, client_id, edit, now=NOW))
    with store.read() as conn:
        created, _ = outbox.pending(conn)
    applied = MutationResult(
        seq=created.seq,
        idempotency_key=created.idempotency_key,
        status=ResultStatus.APPLIED,
        entity=SyncEntity.TICKET,
        entity_id=500,
        version=1,
    )
    store.write(lambda conn: outbox.record_results(conn, [applied]))
    pulled = ticket(500, customer_id=1, summary="card swallowed", client_id=None)
    store.write(lambda conn: apply_changes(conn, page(40, tickets=[pulled])))
    with store.read() as conn:
        shown = get_ticket(conn, server_id=500)
        assert get_ticket(conn, client_id=client_id) == shown
    assert shown is not None and not shown.pending and shown.reference == "CMP-500"
    assert shown.severity is Severity.HIGH and shown.unsent_changes


def test_timeline_orders_interactions_by_instant_whatever_their_zone(store: CacheStore) -> None:
    beijing, new_york = timezone(timedelta(hours=8)), timezone(-timedelta(hours=4))
    lines = [
        # 09:00 in Beijing is 01:00 UTC: before the 02:00 UTC call, after the 00:30 one.
        interaction(1, started_at=datetime(2025, 6, 2, 9, 0, tzinfo=beijing)),
        interaction(2, started_at=datetime(2025, 6, 2, 2, 0, 0, 250_000, tzinfo=UTC)),
        interaction(3, started_at=datetime(2025, 6, 1, 20, 45, tzinfo=new_york)),  # 00:45 UTC
        interaction(4, started_at=datetime(2025, 6, 2, 0, 30)),  # naive: taken as UTC
    ]  # fmt: skip
    store.write(lambda conn: apply_changes(conn, page(5, interactions=lines)))
    with store.read() as conn:
        timeline = interactions_for_customer(conn, 1)
    assert [i.id for i in timeline] == [2, 1, 3, 4]
    assert timeline[1].started_at == datetime(2025, 6, 2, 1, 0, tzinfo=UTC)
    assert timeline[0].started_at == datetime(2025, 6, 2, 2, 0, 0, 250_000, tzinfo=UTC)
    assert timeline[2].started_at == datetime(2025, 6, 2, 0, 45, tzinfo=UTC)
    assert timeline[3].started_at == datetime(2025, 6, 2, 0, 30, tzinfo=UTC)
