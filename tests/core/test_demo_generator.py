"""The demo data generator: deterministic, valid identifiers, realistic distributions."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from agentdesk.contract.interactions import Channel
from agentdesk.contract.tickets import ComplaintCategory, Severity, TicketStatus
from agentdesk.demo.generator import (
    PRODUCT_SHELF,
    TABLE_ORDER,
    Batch,
    demo_users,
    generate,
    id_check_digit,
    luhn_check_digit,
)
from agentdesk.domain.names import romanize
from agentdesk.domain.phones import normalize_phone
from agentdesk.domain.tiers import tier_for_aum

REFERENCE = date(2026, 11, 22)
Row = dict[str, Any]
Data = dict[str, list[Row]]


def _rows(customers: int, seed: int = 7, batch_size: int = 500) -> dict[str, list[Row]]:
    merged: dict[str, list[Row]] = {table: [] for table in TABLE_ORDER}
    for batch in generate(customers, seed=seed, reference=REFERENCE, batch_size=batch_size):
        for table, rows in batch.rows.items():
            merged[table].extend(rows)
    return merged


@pytest.fixture(scope="module")
def data() -> dict[str, list[Row]]:
    return _rows(5000)


def _luhn_valid(pan: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(pan)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def test_same_seed_gives_identical_data_whatever_the_batch_size() -> None:
    assert _rows(300, seed=11, batch_size=300) == _rows(300, seed=11, batch_size=7)


def test_different_seeds_differ() -> None:
    first, second = _rows(50, seed=1), _rows(50, seed=2)
    assert [c["name"] for c in first["customers"]] != [c["name"] for c in second["customers"]]
    assert first["customer_phones"] != second["customer_phones"]


def test_batches_are_sized_and_counted() -> None:
    batches = list(generate(1050, seed=3, reference=REFERENCE, batch_size=500))
    assert [b.customers for b in batches] == [500, 500, 50]
    assert all(isinstance(b, Batch) and len(b.rows["customers"]) == b.customers for b in batches)


def test_ids_are_dense_and_children_point_to_existing_customers(data: Data) -> None:
    customer_ids = {c["id"] for c in data["customers"]}
    assert customer_ids == set(range(1, 5001))
    ticket_ids = {t["id"] for t in data["tickets"]}
    for table in TABLE_ORDER:
        ids = [row["id"] for row in data[table]]
        assert ids == list(range(1, len(ids) + 1)), table
        if table != "customers":
            assert {row["customer_id"] for row in data[table]} <= customer_ids
    linked = {i["ticket_id"] for i in data["interactions"] if i["ticket_id"] is not None}
    assert linked == ticket_ids  # every ticket has the contact that raised it
    assert len({c["cif"] for c in data["customers"]}) == 5000


def test_id_numbers_have_valid_check_digits_and_match_the_birth_date(data: Data) -> None:
    assert id_check_digit("11010519491231002") == "X"  # the GB 11643 worked example
    for customer in data["customers"]:
        number = customer["id_number"]
        assert len(number) == 18 and number[:17].isdigit()
        assert id_check_digit(number[:17]) == number[17]
        assert number[6:14] == customer["birth_date"].strftime("%Y%m%d")
        age = (REFERENCE - customer["birth_date"]).days / 365.25
        assert 18 <= age <= 87


def test_pans_are_unionpay_and_luhn_valid(data: Data) -> None:
    assert luhn_check_digit("7992739871") == "3"  # the textbook example
    pans = [card["pan"] for card in data["cards"]]
    assert pans
    for pan in pans:
        assert len(pan) == 16 and pan.startswith("62")
        assert _luhn_valid(pan)
    credit = [c for c in data["cards"] if c["kind"] == "credit"]
    assert credit and all(c["credit_limit"] > 0 for c in credit)


def test_phones_are_e164_and_some_are_shared_by_a_family(data: Data) -> None:
    phones = data["customer_phones"]
    for phone in phones:
        assert normalize_phone(phone["e164"]) == phone["e164"]
        assert phone["e164"].startswith("+86")
    mobiles = [p for p in phones if p["kind"] != "home"]
    assert len(mobiles) / len(phones) > 0.8
    assert all(len(p["e164"]) == 14 and p["e164"].startswith("+861") for p in mobiles)
    assert any(p["e164"].startswith("+86755") for p in phones)  # Shenzhen landlines
    owners: dict[str, set[int]] = {}
    for phone in phones:
        owners.setdefault(phone["e164"], set()).add(phone["customer_id"])
    shared = [ids for ids in owners.values() if len(ids) > 1]
    assert 0.01 < len(shared) / len(owners) < 0.08  # "a few %"
    assert max(len(ids) for ids in shared) <= 3
    # a customer never lists the same number twice
    per_customer = Counter((p["customer_id"], p["e164"]) for p in phones)
    assert max(per_customer.values()) == 1


def test_two_character_chinese_names_exist_with_pinyin_and_initials(data: Data) -> None:
    assert romanize("张伟") == ("zhang wei", "zw")
    assert romanize("欧阳娜娜") == ("ou yang na na", "oynn")
    assert romanize("吕静") == ("lv jing", "lj")
    assert romanize("Emily Clark") == ("emily clark", "ec")
    customers = data["customers"]
    chinese = [c for c in customers if not c["name"].isascii()]
    assert 0.80 < len(chinese) / len(customers) < 0.90
    two = [c for c in chinese if len(c["name"]) == 2]
    assert len(two) / len(chinese) > 0.2
    for customer in customers:
        assert (customer["name_pinyin"], customer["name_initials"]) == romanize(customer["name"])
    assert any(c["name"] == "张伟" and c["name_initials"] == "zw" for c in two)


def test_tiers_follow_the_intended_distribution(data: Data) -> None:
    tiers = Counter(c["tier"] for c in data["customers"])
    share = {tier: count / 5000 for tier, count in tiers.items()}
    assert 0.76 < share["mass"] < 0.84
    assert 0.11 < share["gold"] < 0.17
    assert 0.03 < share["platinum"] < 0.07
    assert 0.003 < share["private"] < 0.02
    for customer in data["customers"]:
        assert customer["tier"] == tier_for_aum(customer["aum"]).value
        assert (customer["relationship_manager"] != "") == (customer["tier"] != "mass")


def test_aum_is_the_sum_of_deposits_and_wealth(data: Data) -> None:
    totals: Counter[int] = Counter()
    for row in data["accounts"]:
        totals[row["customer_id"]] += row["balance"]
    for row in data["wealth_holdings"]:
        totals[row["customer_id"]] += row["market_value"]
    for customer in data["customers"][:500]:
        assert customer["aum"] == totals[customer["id"]]


def test_holdings_counts_and_products(data: Data) -> None:
    per = {table: Counter(r["customer_id"] for r in data[table]) for table in TABLE_ORDER[1:]}
    assert min(per["accounts"].values()) >= 1 and max(per["accounts"].values()) <= 3
    assert len(per["accounts"]) == 5000  # everyone has an account
    assert max(per["cards"].values()) <= 3 and max(per["loans"].values()) <= 2
    assert max(per["wealth_holdings"].values()) <= 5
    shelf = {p.code: p for p in PRODUCT_SHELF}
    falling = 0
    for holding in data["wealth_holdings"]:
        product = shelf[holding["product_code"]]
        assert holding["risk_level"] == f"R{product.risk}"
        assert holding["product_name"] in (product.name_zh, product.name_en)
        cost = holding["market_value"] - holding["unrealized_pnl"]
        falling += cost > 0 and holding["unrealized_pnl"] / cost < Decimal("-0.10")
    assert falling > 0  # care-call material


def test_risk_profiles_and_expired_assessments(data: Data) -> None:
    customers = data["customers"]
    assert {c["risk_profile"] for c in customers} == {"C1", "C2", "C3", "C4", "C5"}
    expired = sum(REFERENCE - c["risk_assessed_on"] > timedelta(days=365) for c in customers)
    assert 0.08 < expired / len(customers) < 0.25


def test_alerts_segments_and_consents(data: Data) -> None:
    customers = data["customers"]
    kinds = Counter(alert["kind"] for c in customers for alert in c["alerts"])
    assert {"vulnerable", "fraud_watch", "bereavement", "vip_note", "open_complaint"} <= set(kinds)
    assert kinds["vulnerable"] / len(customers) < 0.08
    for customer in customers[:200]:
        prefixes = [segment.split(":")[0] for segment in customer["segments"]]
        assert prefixes == ["age", "e-channel", "mix"]
    assert 0.4 < sum(c["marketing_consent"] for c in customers) / len(customers) < 0.7


def test_open_complaints_follow_the_china_15_day_rule(data: Data) -> None:
    tickets = data["tickets"]
    open_ = [t for t in tickets if t["status"] not in ("resolved", "closed")]
    assert 0.02 < len(open_) / 5000 < 0.045
    for ticket in tickets:
        assert ComplaintCategory(ticket["category"]) and Severity(ticket["severity"])
        assert TicketStatus(ticket["status"]) and ticket["regime"] == "cn"
        assert ticket["due_at"] - ticket["opened_at"] == timedelta(days=15)
        assert ticket["summary"]
        # recusal: never assigned to the agent named in a service-attitude complaint
        if ticket["assignee"]:
            assert ticket["assignee"] not in ticket["description"]
    with_alert = {
        c["id"]
        for c in data["customers"]
        if any(a["kind"] == "open_complaint" for a in c["alerts"])
    }
    assert with_alert == {t["customer_id"] for t in open_}


def test_interaction_history(data: Data) -> None:
    interactions = data["interactions"]
    per_customer = Counter(i["customer_id"] for i in interactions)
    assert max(per_customer.values()) <= 16  # 0–15, plus the contact that raised a complaint
    assert len(per_customer) < 5000  # some customers never contacted the bank
    assert {i["channel"] for i in interactions} == {c.value for c in Channel}
    oldest = min(i["started_at"] for i in interactions).date()
    assert oldest >= REFERENCE - timedelta(days=732)
    for interaction in interactions[:2000]:
        assert interaction["started_at"].tzinfo is not None
        assert interaction["ended_at"] > interaction["started_at"]
        assert interaction["reason"] and interaction["wrap_up_code"] and interaction["notes"]
    # time order within a customer follows id order (an append-only log)
    last: dict[int, object] = {}
    for interaction in interactions:
        previous = last.get(interaction["customer_id"])
        assert previous is None or previous <= interaction["started_at"]
        last[interaction["customer_id"]] = interaction["started_at"]


def test_demo_users() -> None:
    users = demo_users()
    names = [u["username"] for u in users]
    assert names[:20] == [f"agent{n:02d}" for n in range(1, 21)]
    assert names[20:] == ["sup01", "sup02", "admin"]
    assert {u["role"] for u in users} == {"agent", "supervisor", "admin"}
    assert all(not u["display_name"].isascii() for u in users)
    assert len({u["id"] for u in users}) == len(users)
