"""The real ApiClient against the real app, in process: calling a customer out from a task
rings the desk with a call the stream pops as a call with that customer; a do-not-call
customer is refused with the reason the desk shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from agentdesk.domain.presence import AgentState
from agentdesk.errors import InvalidRequest
from agentdesk.events import CallOffered
from agentdesk.server import models
from tests.contract.test_calls_in_process import Desk, FakeClock, app_client

__all__ = ["app_client"]  # the fixture, shared with the softphone's tests


def _customers(client: TestClient) -> tuple[tuple[int, str], int]:
    """A customer who may be called, with their first phone, and one who said do-not-call."""
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        rows = session.execute(
            select(models.Customer.id, models.Customer.do_not_call).order_by(models.Customer.id)
        ).all()
        callable_id = next(cid for cid, dnc in rows if not dnc)
        phone = session.scalars(
            select(models.CustomerPhone.e164)
            .where(models.CustomerPhone.customer_id == callable_id)
            .order_by(models.CustomerPhone.id)
        ).first()
        customer = session.get(models.Customer, rows[-1][0])
        assert customer is not None
        customer.do_not_call = True
        session.commit()
        return (callable_id, str(phone)), customer.id


def test_a_call_out_pops_on_the_desk_and_do_not_call_is_refused(
    app_client: tuple[TestClient, FakeClock], tmp_path: Path
) -> None:
    client, _ = app_client
    (customer_id, phone), refused_id = _customers(client)
    desk = Desk(client, tmp_path, "agent01")
    api = desk.session.api
    desk.calls.set_ready()

    with pytest.raises(InvalidRequest) as refused:
        api.call_customer(refused_id)
    assert refused.value.status == 409 and "do-not-call" in refused.value.detail

    state = api.call_customer(customer_id)
    assert state.presence.state is AgentState.RINGING
    desk.pump()
    pops = [e for e in desk.seen if isinstance(e, CallOffered)]
    assert len(pops) == 1 and pops[0].phone == phone
