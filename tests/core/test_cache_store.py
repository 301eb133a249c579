"""The cache file: encrypted at rest, atomic writes on one writer, readers per thread."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import OperationalError

from agentdesk.cache.errors import CacheError, CacheKeyInvalid
from agentdesk.cache.schema import sync_state
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.cache.sync_state import get_value, set_value
from agentdesk.errors import AgentDeskError


@pytest.fixture
def key() -> bytes:
    return new_cache_key()


@pytest.fixture
def store(tmp_path: Path, key: bytes) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", key)
    yield opened
    opened.close()


def test_cache_file_is_unreadable_without_the_key(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cache.db"
    with CacheStore.open(path, key) as store:
        store.write(lambda conn: set_value(conn, "secret", "张三 +8613812345678"))
    assert b"8613812345678" not in path.read_bytes()
    plain = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain.execute("SELECT name FROM sqlite_master").fetchall()
    plain.close()


def test_wrong_key_raises_cache_key_invalid_and_leaves_the_file(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "cache.db"
    CacheStore.open(path, key).close()
    before = path.read_bytes()
    with pytest.raises(CacheKeyInvalid) as caught:
        CacheStore.open(path, new_cache_key())
    assert isinstance(caught.value, AgentDeskError)
    assert caught.value.code == "cache.key_invalid"
    assert path.read_bytes() == before
    CacheStore.open(path, key).close()  # the right key still opens it


def test_a_plaintext_sqlite_file_is_not_a_cache(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "plain.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(CacheKeyInvalid):
        CacheStore.open(path, key)


@pytest.mark.parametrize("bad", [b"", b"short", bytes(31), bytes(33)])
def test_key_must_be_32_raw_bytes(tmp_path: Path, bad: bytes) -> None:
    with pytest.raises(ValueError, match="32 raw bytes"):
        CacheStore.open(tmp_path / "cache.db", bad)


def test_new_cache_key_is_random_256_bits() -> None:
    assert len(new_cache_key()) == 32
    assert new_cache_key() != new_cache_key()


def test_wal_mode_and_write_returns_fn_result(store: CacheStore) -> None:
    def fn(conn: Connection) -> str:
        set_value(conn, "a", "1")
        return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar_one())

    assert store.write(fn) == "wal"
    with store.read() as conn:
        assert get_value(conn, "a") == "1"


def test_durable_writes_use_full_sync_and_refills_normal(store: CacheStore) -> None:
    def synchronous(conn: Connection) -> int:
        return int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())

    assert store.write(synchronous) == 2  # FULL
    assert store.write(synchronous, durable=False) == 1  # NORMAL
    assert store.write(synchronous, durable=True) == 2


def test_failure_inside_write_rolls_everything_back(store: CacheStore) -> None:
    def fn(conn: Connection) -> None:
        set_value(conn, "a", "1")
        set_value(conn, "b", "2")
        raise RuntimeError("power cut half-way")

    with pytest.raises(RuntimeError):
        store.write(fn)
    with store.read() as conn:
        assert get_value(conn, "a") is None and get_value(conn, "b") is None


def test_write_inside_write_is_refused(store: CacheStore) -> None:
    with pytest.raises(RuntimeError, match="inside a write"):
        store.write(lambda conn: store.write(lambda inner: None))


def test_readers_cannot_write(store: CacheStore) -> None:
    with store.read() as conn, pytest.raises(OperationalError, match="readonly"):
        conn.execute(insert(sync_state).values(key="x", value="y"))


def test_concurrent_readers_get_their_own_connections_and_reuse_them(store: CacheStore) -> None:
    """Readers are pooled: two open read blocks never share a connection, and a connection is
    reused once its block ends, whichever thread (including short-lived ones) used it."""
    inside = threading.Event()
    release = threading.Event()
    seen: dict[str, int] = {}

    def hold_a_read() -> None:
        with store.read() as conn:
            seen["worker"] = id(conn.connection.dbapi_connection)
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=hold_a_read)
    worker.start()
    assert inside.wait(5)
    with store.read() as conn:
        seen["main"] = id(conn.connection.dbapi_connection)
    release.set()
    worker.join()
    assert seen["main"] != seen["worker"]

    for _ in range(20):  # many short-lived threads: the pool does not grow
        thread = threading.Thread(target=lambda: _read_once(store))
        thread.start()
        thread.join()
    with store.read() as conn:
        assert id(conn.connection.dbapi_connection) in {seen["main"], seen["worker"]}


def _read_once(store: CacheStore) -> None:
    with store.read() as conn:
        conn.exec_driver_sql("select 1").scalar_one()


def test_reader_on_another_thread_never_sees_half_a_transaction(store: CacheStore) -> None:
    half_written = threading.Event()
    checked = threading.Event()
    observed: dict[str, object] = {}

    def reader() -> None:
        half_written.wait(5)
        with store.read() as conn:
            observed["during"] = (get_value(conn, "a"), get_value(conn, "b"))
        checked.set()

    def fn(conn: Connection) -> None:
        set_value(conn, "a", "new")
        half_written.set()
        assert checked.wait(5)  # the reader looks while this transaction is open
        set_value(conn, "b", "new")

    def write_old(conn: Connection) -> None:
        set_value(conn, "a", "old")
        set_value(conn, "b", "old")

    store.write(write_old)
    thread = threading.Thread(target=reader)
    thread.start()
    store.write(fn)
    thread.join(5)
    assert observed["during"] == ("old", "old")

    def read_after() -> None:
        with store.read() as conn:
            observed["after"] = (get_value(conn, "a"), get_value(conn, "b"))

    thread = threading.Thread(target=read_after)
    thread.start()
    thread.join(5)
    assert observed["after"] == ("new", "new")


def test_a_read_block_is_one_snapshot(store: CacheStore) -> None:
    store.write(lambda conn: set_value(conn, "a", "1"))
    with store.read() as conn:
        assert get_value(conn, "a") == "1"
        other = threading.Thread(target=lambda: store.write(lambda c: set_value(c, "a", "2")))
        other.start()
        other.join(5)
        with store.read() as nested:  # nested on the same thread: the same snapshot
            assert nested is conn
        assert conn.execute(select(sync_state.c.value)).scalar() == "1"
    with store.read() as conn:
        assert get_value(conn, "a") == "2"


def test_closed_store_refuses_work_and_close_is_idempotent(store: CacheStore) -> None:
    with store.read():
        pass
    store.close()
    store.close()
    with pytest.raises(CacheError), store.read():
        pass
    with pytest.raises(CacheError):
        store.write(lambda conn: None)


def test_close_waits_for_a_read_in_progress_and_refuses_new_ones(store: CacheStore) -> None:
    """The app closes the cache at exit while a background read may still run: closing a
    connection under a running query would crash the process."""
    reading = threading.Event()
    finish = threading.Event()
    outcome: dict[str, object] = {}

    def long_read() -> None:
        with store.read() as conn:
            reading.set()
            finish.wait(5)
            outcome["value"] = conn.exec_driver_sql("select 41 + 1").scalar_one()

    reader = threading.Thread(target=long_read)
    reader.start()
    assert reading.wait(5)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(timeout=0.2)
    assert closer.is_alive()  # waiting for the read
    finish.set()
    reader.join(5)
    closer.join(5)
    assert outcome["value"] == 42
    with pytest.raises(CacheError, match="closed"), store.read():
        pass
