"""Health for load balancers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from agentdesk.contract.admin import Health


def test_health_names_the_database(client: TestClient, database_url: str) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    health = Health.model_validate(response.json())
    assert health.status == "ok"
    assert health.database == database_url.split(":", 1)[0].split("+", 1)[0]
