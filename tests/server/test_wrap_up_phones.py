"""A wrap-up pushed with the caller's number: the server normalises it before linking, and
refuses a number no network has with the reason, rather than storing a wrong E.164 string."""

from __future__ import annotations

from fastapi.testclient import TestClient

from agentdesk.contract.sync import PushResponse, ResultStatus
from tests.server.conftest import SMITH_PHONE, Bank, auth_headers
from tests.server.sync_helpers import interaction_payload, mutation, push


def test_a_wrap_up_links_by_the_normalised_number_and_refuses_an_invalid_one(
    client: TestClient, bank: Bank
) -> None:
    response = push(
        client,
        auth_headers(client),
        mutation(1, "interaction.create", interaction_payload(None, phone_e164="0044 7911 123456")),
        mutation(2, "interaction.create", interaction_payload(None, phone_e164="1234567")),
        mutation(3, "interaction.create", interaction_payload(None, phone_e164="+999 12345678")),
    )
    assert response.status_code == 200, response.text
    spelled, local, unknown_country = PushResponse.model_validate(response.json()).results

    assert spelled.status is ResultStatus.APPLIED and spelled.record is not None
    assert spelled.record["phone_e164"] == SMITH_PHONE
    assert spelled.record["customer_id"] == bank.smith
    for result, why in (
        (local, "phone_e164: not a valid number for its region (CN)"),
        (unknown_country, "phone_e164: unknown country code"),
    ):
        assert result.status is ResultStatus.REJECTED and result.problem is not None
        assert result.problem.code == "invalid_phone"
        assert result.problem.detail == why
