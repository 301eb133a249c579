"""Cache schema versions: upgrade in steps, back up first, refuse files from the future."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from agentdesk.cache import migrations
from agentdesk.cache.customers import customers_by_phone, search_customers
from agentdesk.cache.errors import CacheSchemaTooNew
from agentdesk.cache.outbox import pending
from agentdesk.cache.schema import metadata
from agentdesk.cache.store import CacheStore, new_cache_key


def _keyed(path: Path, key: bytes) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _make_v1_file(path: Path, key: bytes) -> None:
    """A v1 cache as the first release left it: a customer and an unsent outbox entry."""
    conn = _keyed(path, key)
    migrations.migrate(conn, path, lambda p: _keyed(p, key), target=1)
    record = (
        '{"id":7,"cif":"620000000007","name":"张三","name_pinyin":"zhang san",'
        '"name_initials":"zs","birth_year":1980,"id_number_masked":"1101**********123X",'
        '"id_last4":"123X","phones":["+8613812345678"],"tier":"mass","aum":"1000.00",'
        '"yearly_revenue":"10.00","risk_profile":"C3","risk_assessed_on":"2025-01-01",'
        '"version":1,"updated_at":"2025-01-01T00:00:00Z"}'
    )
    conn.execute(
        "INSERT INTO customers VALUES (7, '620000000007', '张三', '张三', 'zhang san', "
        "'zhangsan', 'zs', 'mass', 'C3', '123X', 1, '2025-01-01 00:00:00.000000', ?)",
        (record,),
    )
    conn.execute("INSERT INTO customer_phones VALUES ('+8613812345678', 7)")
    conn.execute(
        "INSERT INTO outbox VALUES (1, 'k-0123456789', 'interaction.create', 'c1', NULL, "
        "'{\"channel\": \"phone_in\"}', '2025-01-01 00:00:00.000000', 'pending', NULL)"
    )
    conn.execute("INSERT INTO meta VALUES ('outbox.next_seq', '2')")
    conn.close()


def test_upgrade_from_v1_backs_up_first_then_migrates(tmp_path: Path) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    _make_v1_file(path, key)
    with CacheStore.open(path, key) as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == migrations.LATEST_VERSION
        # v2's search index was filled from the customers already cached
        assert [c.id for c in search_customers(conn, "zs")] == [7]
        assert [c.id for c in search_customers(conn, "2345")] == [7]
        assert [m.idempotency_key for m in pending(conn)] == ["k-0123456789"]
        # v3 moved the record to customer_records and the phones to a column of customers
        assert [c.name for c in customers_by_phone(conn, "+8613812345678")] == ["张三"]
        assert conn.exec_driver_sql("select phones from customers").all() == [
            ('["+8613812345678"]',)
        ]

    backup = tmp_path / "cache.db.v1.bak"
    assert backup.exists()
    copy = _keyed(backup, key)  # encrypted with the same key, still at v1 with its outbox
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT idempotency_key FROM outbox").fetchall() == [("k-0123456789",)]
    copy.close()
    plain = sqlite3.connect(backup)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    plain.close()


def test_a_new_file_is_not_backed_up_and_a_current_one_not_again(tmp_path: Path) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    CacheStore.open(path, key).close()
    CacheStore.open(path, key).close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == []


def test_a_file_from_a_newer_agentdesk_is_refused(tmp_path: Path) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    CacheStore.open(path, key).close()
    conn = _keyed(path, key)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(CacheSchemaTooNew) as caught:
        CacheStore.open(path, key)
    assert caught.value.code == "cache.schema_too_new"


def test_a_failing_step_leaves_the_file_at_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    _make_v1_file(path, key)

    def broken(conn: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], broken])
    with pytest.raises(RuntimeError):
        CacheStore.open(path, key)
    conn = _keyed(path, key)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_migrated_schema_matches_the_table_definitions(tmp_path: Path) -> None:
    key = new_cache_key()
    path = tmp_path / "cache.db"
    CacheStore.open(path, key).close()
    conn = _keyed(path, key)
    for table in metadata.sorted_tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")]
        assert columns == [c.name for c in table.columns], table.name
        indexes = {row[1] for row in conn.execute(f"PRAGMA index_list({table.name})")}
        assert {index.name for index in table.indexes} <= indexes, table.name
    conn.close()
