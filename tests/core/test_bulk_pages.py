"""A bulk load's pages as the workers make them ready: each customer's record is kept as the
server sent it, unless the page's JSON is not laid out as the server writes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from agentdesk.cache import bulk_load
from agentdesk.cache.customers import get_customer, put_customer_rows
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.contract.sync import CustomerRecord, records_json
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier
from agentdesk.sync import bulk_pages

ROOT = Path(__file__).resolve().parents[2]


def _record(cid: int, name: str) -> CustomerRecord:
    return CustomerRecord(
        id=cid,
        cif=f"62{cid * 7919:010d}",
        name=name,
        name_pinyin="zhang san",
        name_initials="zs",
        birth_year=1980,
        id_number_masked="110101********0000",
        id_last4="0000",
        phones=["+8613900001111"],
        tier=Tier.MASS,
        aum=Decimal("1000.00"),
        yearly_revenue=Decimal("10.00"),
        risk_profile=RiskProfile.C3,
        risk_assessed_on=date(2025, 1, 1),
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )


RECORDS = [_record(1, "张三"), _record(2, 'Emily "Em" Clark'), _record(3, "张三")]


def _as_server_writes(record: CustomerRecord, *, id_first: bool = True) -> dict[str, Any]:
    fields = record.model_dump(mode="json")
    fields["updated_at"] = record.updated_at.isoformat()  # +00:00, where pydantic writes Z
    if not id_first:
        fields = {name: value for name, value in fields.items() if name != "id"} | {"id": record.id}
    return fields


def _compact(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _page(customers: list[dict[str, Any]]) -> bytes:
    """A page as the server writes it: its customers one per line (contract.records_json)."""
    head = '{"cursor":3,"high_water":3,"has_more":false,"customers":'
    return (head + records_json([_compact(c) for c in customers]) + "}").encode()


def _page_of_an_earlier_server(customers: list[dict[str, Any]]) -> bytes:
    """A page all on one line, as servers wrote them before the customers had a line each."""
    page = {"cursor": 3, "high_water": 3, "has_more": False, "customers": customers}
    return _compact(page).encode()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    opened.write(bulk_load.begin)
    yield opened
    opened.close()


def _stored(store: CacheStore) -> list[tuple[int, str, str]]:
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            "select id, typeof(record), record from customer_records order by id"
        )
        return [(int(cid), str(kind), str(record)) for cid, kind, record in rows]


def test_a_bulk_page_caches_each_record_as_the_server_sent_it(store: CacheStore) -> None:
    sent = [_as_server_writes(record) for record in RECORDS]
    prepared = bulk_pages.prepare(_page(sent))

    store.write(lambda conn: put_customer_rows(conn, prepared.customers))

    expected = [_compact(fields) for fields in sent]
    assert _stored(store) == [(1, "text", expected[0]), (2, "text", expected[1]),
                              (3, "text", expected[2])]  # fmt: skip
    with store.read() as conn:
        assert [get_customer(conn, record.id) for record in RECORDS] == RECORDS


def test_a_page_of_an_earlier_server_all_on_one_line_caches_each_record_as_sent(
    store: CacheStore,
) -> None:
    sent = [_as_server_writes(record) for record in RECORDS]
    prepared = bulk_pages.prepare(_page_of_an_earlier_server(sent))

    store.write(lambda conn: put_customer_rows(conn, prepared.customers))

    assert _stored(store) == [(f["id"], "text", _compact(f)) for f in sent]
    with store.read() as conn:
        assert [get_customer(conn, record.id) for record in RECORDS] == RECORDS


def test_a_page_whose_lines_are_not_one_record_each_caches_the_records_dumped(
    store: CacheStore,
) -> None:
    # The customers on lines of their own, the first with a line break between two of its
    # fields (JSON allows it): cut by its lines, it would be cached as two halves of a record.
    sent = [_compact(_as_server_writes(record)) for record in RECORDS]
    sent[0] = sent[0].replace(',"cif":', ',\n"cif":')
    head = '{"cursor":3,"high_water":3,"has_more":false,"customers":'
    prepared = bulk_pages.prepare((head + records_json(sent) + "}").encode())

    store.write(lambda conn: put_customer_rows(conn, prepared.customers))

    assert _stored(store) == [(r.id, "text", r.model_dump_json()) for r in RECORDS]
    with store.read() as conn:
        assert [get_customer(conn, record.id) for record in RECORDS] == RECORDS


def test_a_page_not_laid_out_as_the_server_writes_it_caches_the_records_dumped(
    store: CacheStore,
) -> None:
    prepared = bulk_pages.prepare(_page([_as_server_writes(r, id_first=False) for r in RECORDS]))

    store.write(lambda conn: put_customer_rows(conn, prepared.customers))

    assert _stored(store) == [(r.id, "text", r.model_dump_json()) for r in RECORDS]
    with store.read() as conn:
        assert [get_customer(conn, record.id) for record in RECORDS] == RECORDS


WORKER_IMPORTS = """
import sys
import agentdesk.sync.bulk_pages
heavy = {"sqlalchemy", "httpx", "agentdesk.cache.store", "agentdesk.client.api", "agentdesk.events"}
print("LOADED:" + ",".join(sorted(heavy & set(sys.modules))))
"""


def test_a_sync_worker_imports_neither_sqlalchemy_nor_httpx_nor_the_store() -> None:
    # A spawned worker imports what prepare() needs before its first page: without these,
    # half a second of CPU less at the start of each (measured with bench/sync_bench.py).
    result = subprocess.run(
        [sys.executable, "-c", WORKER_IMPORTS], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "LOADED:"


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX niceness")
def test_the_sync_workers_run_below_the_desks_priority() -> None:
    with bulk_pages.start_pool(1) as pool:
        worker_niceness = pool.submit(os.nice, 0).result()
    assert worker_niceness == min(19, os.nice(0) + bulk_pages.WORKER_NICENESS)
