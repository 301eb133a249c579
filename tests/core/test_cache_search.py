"""Customer search and screen-pop in the cache: Chinese names of two characters, pinyin,
initials, phone digits, CIF, ID last 4; exact matches first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from agentdesk.cache import bulk_load
from agentdesk.cache.customers import (
    customers_by_phone,
    delete_customers,
    get_customer,
    put_customers,
    search_customers,
    upsert_customers,
)
from agentdesk.cache.store import CacheStore, new_cache_key
from agentdesk.contract.sync import CustomerRecord
from agentdesk.domain.names import romanize
from agentdesk.domain.risk import RiskProfile
from agentdesk.domain.tiers import Tier

FAMILY = "+862088886666"


def customer(
    cid: int,
    name: str,
    pinyin: str,
    initials: str,
    phones: list[str],
    *,
    id_last4: str = "0000",
    version: int = 1,
) -> CustomerRecord:
    return CustomerRecord(
        id=cid,
        cif=f"62{cid * 7919:010d}",
        name=name,
        name_pinyin=pinyin,
        name_initials=initials,
        birth_year=1980,
        id_number_masked=f"110101********{id_last4}",
        id_last4=id_last4,
        phones=phones,
        tier=Tier.MASS,
        aum=Decimal("1000.00"),
        yearly_revenue=Decimal("10.00"),
        risk_profile=RiskProfile.C3,
        risk_assessed_on=date(2025, 1, 1),
        version=version,
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )


PEOPLE = [
    customer(1, "张三丰", "zhang san feng", "zsf", ["+8613900001111"]),
    customer(2, "李张三", "li zhang san", "lzs", ["+8613900002222"]),
    customer(3, "张三", "zhang san", "zs", ["+8613812345678", FAMILY], id_last4="123X"),
    customer(4, "张珊", "zhang shan", "zs", ["+8613700003333"]),
    customer(5, "周深", "zhou shen", "zs", [FAMILY]),
    customer(6, "Emily Clark", "emily clark", "ec", ["+447700900123"], id_last4="4821"),
    customer(7, "欧阳小明", "ou yang xiao ming", "oyxm", [FAMILY, "+8613600004444"]),
    customer(8, "王伟", "wang wei", "ww", ["+8613500005555"]),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CacheStore]:
    opened = CacheStore.open(tmp_path / "cache.db", new_cache_key())
    opened.write(lambda conn: upsert_customers(conn, PEOPLE), durable=False)
    yield opened
    opened.close()


def ids(store: CacheStore, text: str, limit: int = 20) -> list[int]:
    with store.read() as conn:
        return [c.id for c in search_customers(conn, text, limit)]


def test_two_character_name_finds_the_exact_name_first(store: CacheStore) -> None:
    found = ids(store, "张三")
    assert found[0] == 3  # exact
    assert found[1] == 1  # prefix: 张三丰
    assert set(found) == {1, 2, 3}  # 李张三 contains it


@pytest.mark.parametrize("query", ["zs", "zhang san", "zhangsan", "ZhangSan", " zhang  san "])
def test_pinyin_and_initials_find_zhang_san(store: CacheStore, query: str) -> None:
    assert 3 in ids(store, query)


def test_full_pinyin_ranks_the_exact_pinyin_first(store: CacheStore) -> None:
    assert ids(store, "zhangsan")[:2] == [3, 1]  # exact, then the prefix zhangsanfeng


def test_initials_rank_exact_initials_before_longer_ones(store: CacheStore) -> None:
    found = ids(store, "zs")
    assert set(found[:3]) == {3, 4, 5}
    assert set(found[3:]) == {1, 2}  # zsf (prefix), lzs (given name's initials)


def test_pinyin_prefix_while_typing(store: CacheStore) -> None:
    assert set(ids(store, "zhang")) == {1, 2, 3, 4}
    found = ids(store, "zhangs")
    assert set(found[:3]) == {1, 3, 4}  # pinyin prefix
    assert found[3:] == [2]  # li zhang san: the given name's pinyin
    assert ids(store, "zhangsh") == [4]


def test_given_name_and_single_characters(store: CacheStore) -> None:
    assert ids(store, "小明") == [7]
    assert ids(store, "xiaoming") == [7]
    assert ids(store, "xiao ming") == [7]
    assert ids(store, "阳小明") == [7]
    assert set(ids(store, "伟")) == {8}


def test_the_fixture_names_are_romanized_as_the_server_does() -> None:
    """The cache searches what the server writes (domain.names.romanize on every customer),
    so the fixtures above are that, not a hand-made approximation."""
    for person in PEOPLE:
        assert romanize(person.name) == (person.name_pinyin, person.name_initials)


@pytest.mark.parametrize("query", ["单", "shan", "shanyu", "sy", "曾", "zeng", "zengyi", "zy"])
def test_polyphonic_surnames_are_found_as_they_are_read(store: CacheStore, query: str) -> None:
    shan = customer(9, "单宇", *romanize("单宇"), ["+8613400006666"])
    zeng = customer(10, "曾毅", *romanize("曾毅"), ["+8613400007777"])
    store.write(lambda conn: upsert_customers(conn, [shan, zeng]), durable=False)
    expected = 9 if query in ("单", "shan", "shanyu", "sy") else 10
    assert ids(store, query)[0] == expected


def test_english_names(store: CacheStore) -> None:
    assert ids(store, "Emily Clark") == [6]
    assert ids(store, "clark") == [6]
    assert ids(store, "emi") == [6]
    assert ids(store, "Clark Emily") == [6]


def test_four_digits_from_the_middle_of_a_phone(store: CacheStore) -> None:
    assert ids(store, "1234") == [3]
    assert ids(store, "2345678") == [3]
    assert ids(store, "138 1234 5678") == [3]  # a whole number: an exact probe


def test_cif_prefix_and_exact(store: CacheStore) -> None:
    cif = PEOPLE[5].cif
    assert ids(store, cif) == [6]
    assert 6 in ids(store, cif[:9])


def test_id_last4(store: CacheStore) -> None:
    assert ids(store, "4821") == [6]
    assert ids(store, "123x") == [3]


def test_no_match_empty_query_and_limit(store: CacheStore) -> None:
    assert ids(store, "xyzzy") == []
    assert ids(store, "   ") == []
    assert ids(store, '"*') == []  # FTS syntax cannot be injected
    assert len(ids(store, "张", limit=2)) == 2


def test_family_number_pops_every_customer_sharing_it(store: CacheStore) -> None:
    with store.read() as conn:
        assert [c.id for c in customers_by_phone(conn, FAMILY)] == [3, 5, 7]
        assert [c.name for c in customers_by_phone(conn, "+8613812345678")] == ["张三"]
        assert customers_by_phone(conn, "+8610000000000") == []


def test_record_round_trips_with_phones_and_holdings(store: CacheStore) -> None:
    with store.read() as conn:
        assert get_customer(conn, 3) == PEOPLE[2]
        assert get_customer(conn, 999) is None


def test_upsert_replaces_phones_and_tokens_and_ignores_older_versions(store: CacheStore) -> None:
    renamed = customer(3, "张山", "zhang shan", "zs", ["+8613811112222"], version=2)
    store.write(lambda conn: upsert_customers(conn, [renamed]))
    stale = customer(3, "张三", "zhang san", "zs", ["+8613812345678"], version=1)
    assert store.write(lambda conn: upsert_customers(conn, [stale])) == 0
    with store.read() as conn:
        assert get_customer(conn, 3) == renamed
        assert [c.id for c in customers_by_phone(conn, FAMILY)] == [5, 7]
        assert [c.id for c in customers_by_phone(conn, "+8613811112222")] == [3]
    assert 3 not in ids(store, "1234")
    assert ids(store, "张三")[0] == 1
    assert 3 in ids(store, "张山")


def test_a_bulk_load_indexes_the_names_cached_when_it_ends(tmp_path: Path) -> None:
    # During the load a screen-pop fetched a newer record of 3 (renamed) on demand, after the
    # pages had brought the old one and its search tokens.
    with CacheStore.open(tmp_path / "bulk.db", new_cache_key()) as store:
        store.write(bulk_load.begin)
        store.write(lambda conn: put_customers(conn, PEOPLE))
        renamed = customer(3, "张山", "zhang shan", "zs", ["+8613812345678"], version=2)
        store.write(lambda conn: upsert_customers(conn, [renamed]))
        for step in bulk_load.FINISH_STEPS:
            store.write(step)

        with store.read() as conn:
            assert 3 in [c.id for c in search_customers(conn, "张山")]
            assert 3 not in [c.id for c in search_customers(conn, "张三")]
            assert [c.id for c in search_customers(conn, "欧阳")] == [7]  # the pages' tokens
            waiting = conn.exec_driver_sql("select count(*) from bulk_search_tokens").scalar()
            assert waiting == 0


def test_deleted_customer_leaves_no_trace(store: CacheStore) -> None:
    store.write(lambda conn: delete_customers(conn, [3, 999]))
    with store.read() as conn:
        assert get_customer(conn, 3) is None
        assert [c.id for c in customers_by_phone(conn, FAMILY)] == [5, 7]
    assert 3 not in ids(store, "zs")
    assert ids(store, "1234") == []
