"""Screen-pop lookup by phone and the customer 360: matching, masking, audit."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from agentdesk.contract.admin import AuditEvent
from agentdesk.contract.customers import CustomerLookup, CustomerProfile
from agentdesk.server import models
from agentdesk.server.db import make_engine, make_session_factory
from tests.server.conftest import (
    FAMILY_PHONE,
    ZHANG_ACCOUNT,
    ZHANG_EMAIL,
    ZHANG_ID,
    ZHANG_INTERACTIONS,
    ZHANG_PAN,
    ZHANG_PHONE,
    Bank,
    assert_problem,
    auth_headers,
    new_customer,
)
from tests.server.sync_helpers import pull_all


@pytest.mark.parametrize(
    "spelling",
    ["+86 138 1234 5678", "0086-138-1234-5678", "138-1234-5678", "13812345678", "+8613812345678"],
)
def test_lookup_finds_the_caller_however_the_number_is_written(
    client: TestClient, bank: Bank, spelling: str
) -> None:
    response = client.get(
        "/customers/lookup", params={"phone": spelling}, headers=auth_headers(client)
    )
    assert response.status_code == 200, response.text
    found = CustomerLookup.model_validate(response.json())
    assert found.phone_e164 == ZHANG_PHONE
    assert [m.id for m in found.matches] == [bank.zhang]
    assert found.matches[0].phone_masked == "+86 138****5678"


def test_shared_number_returns_every_family_member(client: TestClient, bank: Bank) -> None:
    response = client.get(
        "/customers/lookup", params={"phone": FAMILY_PHONE}, headers=auth_headers(client)
    )
    found = CustomerLookup.model_validate(response.json())
    assert sorted(m.id for m in found.matches) == sorted([bank.li, bank.wang])


def test_unknown_number_is_404(client: TestClient, bank: Bank) -> None:
    response = client.get(
        "/customers/lookup", params={"phone": "+86 137 0000 0000"}, headers=auth_headers(client)
    )
    assert_problem(response, 404, "no_customer_for_phone")


def test_invalid_number_is_422(client: TestClient, bank: Bank) -> None:
    response = client.get(
        "/customers/lookup", params={"phone": "call me maybe"}, headers=auth_headers(client)
    )
    assert_problem(response, 422, "invalid_phone")


def test_a_well_formed_number_no_network_has_is_422_and_says_why(
    client: TestClient, bank: Bank
) -> None:
    for phone, why in (
        ("1234567", "phone: not a valid number for its region (CN)"),
        ("+999 12345678", "phone: unknown country code"),
    ):
        response = client.get(
            "/customers/lookup", params={"phone": phone}, headers=auth_headers(client)
        )
        assert assert_problem(response, 422, "invalid_phone")["detail"] == why


def test_lookup_needs_a_signed_in_user(client: TestClient, bank: Bank) -> None:
    assert_problem(client.get("/customers/lookup", params={"phone": ZHANG_PHONE}), 401)


def test_profile_shows_masked_holdings_and_never_the_full_numbers(
    client: TestClient, bank: Bank
) -> None:
    response = client.get(f"/customers/{bank.zhang}", headers=auth_headers(client))
    assert response.status_code == 200, response.text
    text = response.text
    for secret in (ZHANG_PAN, ZHANG_ACCOUNT, ZHANG_ID, ZHANG_EMAIL, ZHANG_PHONE, "13812345678"):
        assert secret not in text
    profile = CustomerProfile.model_validate(response.json())
    (card,) = profile.holdings.cards
    assert card.pan_masked.endswith(ZHANG_PAN[-4:])
    assert sum(ch.isdigit() for ch in card.pan_masked) == 4
    (account,) = profile.holdings.accounts
    assert account.number_masked.endswith(ZHANG_ACCOUNT[-4:])
    assert sum(ch.isdigit() for ch in account.number_masked) == 4
    assert profile.id_number_masked == "1101**********123X"
    assert profile.email_masked.endswith("@example.com")
    assert not profile.email_masked.startswith("zhang")
    assert profile.phones_masked == ["+86 138****5678"]
    assert len(profile.holdings.loans) == 1 and len(profile.holdings.wealth) == 1


def test_profile_lists_the_20_newest_interactions_newest_first(
    client: TestClient, bank: Bank
) -> None:
    profile = CustomerProfile.model_validate(
        client.get(f"/customers/{bank.zhang}", headers=auth_headers(client)).json()
    )
    reasons = [i.reason for i in profile.recent_interactions]
    newest = ZHANG_INTERACTIONS - 1
    assert reasons == [f"contact {n}" for n in range(newest, newest - 20, -1)]


def test_open_ticket_shows_and_raises_an_open_complaint_alert(
    client: TestClient, bank: Bank
) -> None:
    headers = auth_headers(client)
    zhang = CustomerProfile.model_validate(
        client.get(f"/customers/{bank.zhang}", headers=headers).json()
    )
    assert [t.id for t in zhang.open_tickets] == [bank.open_ticket]
    assert [a.kind.value for a in zhang.alerts] == ["vulnerable", "open_complaint"]
    # A closed complaint is history: no open ticket, no alert.
    li = CustomerProfile.model_validate(client.get(f"/customers/{bank.li}", headers=headers).json())
    assert li.open_tickets == [] and li.alerts == []


def test_unknown_customer_is_404_and_not_audited(client: TestClient, bank: Bank) -> None:
    assert_problem(client.get("/customers/999999", headers=auth_headers(client)), 404)
    audit = client.get("/admin/audit", headers=auth_headers(client, "admin01")).json()["events"]
    assert [e for e in audit if e["action"] == "view"] == []


def test_every_profile_view_is_audited(client: TestClient, bank: Bank) -> None:
    agent = auth_headers(client, "agent01", workstation_id="ws-desk-7")
    for _ in range(2):
        assert client.get(f"/customers/{bank.zhang}", headers=agent).status_code == 200
    response = client.get(
        "/admin/audit", params={"limit": 50}, headers=auth_headers(client, "admin01")
    )
    events = [AuditEvent.model_validate(e) for e in response.json()["events"]]
    views = [e for e in events if e.action == "view"]
    assert len(views) == 2
    for event in views:
        assert (event.username, event.workstation_id) == ("agent01", "ws-desk-7")
        assert (event.entity, event.entity_id) == ("customer", str(bank.zhang))
    # Newest first.
    assert [e.id for e in events] == sorted((e.id for e in events), reverse=True)


def test_request_log_never_holds_the_callers_number(
    client: TestClient, bank: Bank, caplog: pytest.LogCaptureFixture
) -> None:
    headers = auth_headers(client)
    with caplog.at_level(logging.INFO):
        client.get("/customers/lookup", params={"phone": "+86 138 1234 5678"}, headers=headers)
    lines = [r.getMessage() for r in caplog.records if r.name == "agentdesk.server.access"]
    assert any("/customers/lookup 200" in line for line in lines)
    assert not any("1234" in line or "5678" in line for line in lines)


# -- pinyin and initials, whoever writes the customer ----------------------------------------


def test_a_customer_written_without_pinyin_gets_it_and_a_rename_renews_it(
    client: TestClient, bank: Bank, migrated_url: str
) -> None:
    engine = make_engine(migrated_url)
    try:
        with make_session_factory(engine)() as session:
            shan = new_customer("CIF0010", "单田芳")  # 单 as a surname is Shan
            session.add(shan)
            session.commit()
            assert (shan.name_pinyin, shan.name_initials) == ("shan tian fang", "stf")
            zhang = session.get(models.Customer, bank.zhang)
            assert zhang is not None  # written with its pinyin only: the initials follow it
            assert (zhang.name_pinyin, zhang.name_initials) == ("zhang wei", "zw")

            zhang.name = "曾国藩"  # renamed: the old pinyin would find the old name
            session.commit()
            assert (zhang.name_pinyin, zhang.name_initials) == ("zeng guo fan", "zgf")
            shan_id = shan.id
        with engine.begin() as conn:  # a Core insert that leaves them out
            values = {c: getattr(new_customer("CIF0011", "王芳"), c) for c in _CORE_COLUMNS}
            conn.execute(insert(models.Customer), values)
            core = conn.execute(
                select(models.Customer.name_pinyin, models.Customer.name_initials).where(
                    models.Customer.cif == "CIF0011"
                )
            ).one()
            assert tuple(core) == ("wang fang", "wf")
    finally:
        engine.dispose()

    pages, _ = pull_all(client, auth_headers(client))
    pulled = {c.id: c for page in pages for c in page.customers}
    assert (pulled[shan_id].name_pinyin, pulled[shan_id].name_initials) == ("shan tian fang", "stf")
    assert (pulled[bank.zhang].name, pulled[bank.zhang].name_pinyin) == ("曾国藩", "zeng guo fan")
    assert pulled[bank.zhang].name_initials == "zgf"


_CORE_COLUMNS = (
    "cif", "name", "birth_date", "id_number", "email", "tier", "segments", "aum",
    "yearly_revenue", "risk_profile", "risk_assessed_on", "alerts", "updated_at",
)  # fmt: skip
