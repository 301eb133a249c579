"""Reference data: the product shelf, wrap-up codes, complaint categories and queues come from
resources/reference (configuration, not code) and are served to any signed-in user."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.contract.tickets import ComplaintCategory
from agentdesk.demo.generator import PRODUCT_SHELF
from agentdesk.domain.risk import ProductRisk
from tests.server.conftest import assert_problem, auth_headers


def test_the_product_shelf_has_codes_names_and_risk_levels(client: TestClient) -> None:
    response = client.get("/reference/products", headers=auth_headers(client))
    assert response.status_code == 200, response.text
    shelf = ProductShelf.model_validate(response.json())
    assert shelf.version
    assert {p.risk for p in shelf.products} == set(ProductRisk)
    codes = [p.code for p in shelf.products]
    assert len(codes) == len(set(codes))
    assert all(p.name_zh and p.name_en for p in shelf.products)
    assert "private" in response.headers["Cache-Control"]


def test_the_demo_generator_copy_of_the_shelf_agrees_with_the_resource(client: TestClient) -> None:
    # The generator keeps its own copy for now; the two must not drift apart.
    shelf = ProductShelf.model_validate(
        client.get("/reference/products", headers=auth_headers(client)).json()
    )
    served = {(p.code, p.name_zh, p.name_en, p.risk.level) for p in shelf.products}
    assert served == {(p.code, p.name_zh, p.name_en, p.risk) for p in PRODUCT_SHELF}


def test_wrap_up_codes_cover_those_the_demo_data_uses(client: TestClient) -> None:
    response = client.get("/reference/wrap-up-codes", headers=auth_headers(client))
    codes = WrapUpCodeList.model_validate(response.json())
    known = {c.code for c in codes.codes}
    assert {"resolved", "info_given", "card_blocked", "callback_scheduled", "no_answer"} <= known
    assert all(c.label_zh and c.label_en for c in codes.codes)


def test_complaint_categories_are_the_whole_taxonomy(client: TestClient) -> None:
    response = client.get("/reference/complaint-categories", headers=auth_headers(client))
    categories = ComplaintCategoryList.model_validate(response.json())
    assert [c.code for c in categories.categories] == list(ComplaintCategory)


def test_queues_have_service_level_targets(client: TestClient) -> None:
    queues = QueueList.model_validate(
        client.get("/reference/queues", headers=auth_headers(client)).json()
    )
    assert "general" in {q.code for q in queues.queues}
    assert all(
        0 < q.service_level_pct <= 100 and q.service_level_seconds > 0 for q in queues.queues
    )


@pytest.mark.parametrize(
    "path",
    [
        "/reference/products",
        "/reference/wrap-up-codes",
        "/reference/complaint-categories",
        "/reference/queues",
    ],
)
def test_reference_data_needs_a_signed_in_user(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 401, "unauthorized")
