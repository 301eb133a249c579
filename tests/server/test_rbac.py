"""Roles: agents serve customers, administrators read the audit trail and the staff list."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.conftest import Bank, assert_problem, auth_headers


def test_agent_may_not_read_the_audit_trail(client: TestClient) -> None:
    response = client.get("/admin/audit", headers=auth_headers(client, "agent01"))
    assert_problem(response, 403, "forbidden")


def test_supervisor_may_not_list_users(client: TestClient) -> None:
    assert_problem(client.get("/admin/users", headers=auth_headers(client, "sup01")), 403)


def test_admin_lists_users_with_roles(client: TestClient) -> None:
    response = client.get("/admin/users", headers=auth_headers(client, "admin01"))
    assert response.status_code == 200
    assert {(u["username"], u["role"]) for u in response.json()} == {
        ("admin01", "admin"),
        ("agent01", "agent"),
        ("sup01", "supervisor"),
    }
    assert all("password" not in key for u in response.json() for key in u)


def test_admin_may_not_browse_customer_profiles(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client, "admin01")
    assert_problem(client.get(f"/customers/{bank.zhang}", headers=headers), 403)


def test_supervisor_may_view_customers(client: TestClient, bank: Bank) -> None:
    headers = auth_headers(client, "sup01")
    assert client.get(f"/customers/{bank.zhang}", headers=headers).status_code == 200
