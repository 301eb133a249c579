"""Screen-pop lookup by phone and the customer 360; every profile view is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from agentdesk.contract.customers import CustomerLookup, CustomerProfile
from agentdesk.contract.values import FreeText, RecordId
from agentdesk.domain.phones import InvalidPhoneNumber, normalize_phone
from agentdesk.server import audit, customers
from agentdesk.server.deps import ClockDep, SessionDep, StaffUser
from agentdesk.server.problems import PROBLEM_RESPONSES, ApiProblem
from agentdesk.server.routes.on_call import HeldCallDep

router = APIRouter(prefix="/customers", tags=["customers"], responses=PROBLEM_RESPONSES)


@router.get("/lookup", response_model=CustomerLookup)
def lookup(
    phone: Annotated[FreeText, Query(min_length=1, max_length=40, description="any spelling")],
    session: SessionDep,
    user: StaffUser,
) -> CustomerLookup:
    """Customers with this phone number (several when a family shares it)."""
    try:
        e164 = normalize_phone(phone)
    except InvalidPhoneNumber as exc:
        raise ApiProblem(422, "invalid_phone", f"phone: {exc}") from exc
    matches = customers.customers_by_phone(session, e164)
    if not matches:
        raise ApiProblem(404, "no_customer_for_phone", "no customer has this phone number")
    return CustomerLookup(phone_e164=e164, matches=matches)


@router.get("/{customer_id}", response_model=CustomerProfile)
def get_customer(
    customer_id: RecordId, session: SessionDep, user: StaffUser, call: HeldCallDep, clock: ClockDep
) -> CustomerProfile:
    """The customer 360, masked, with the open complaints the caller may see. The view and its
    audit row commit together."""
    serving = call.candidates if call is not None else ()
    found = customers.profile(session, customer_id, user.person(serving))
    if found is None:
        raise ApiProblem(404, "customer_not_found", "no such customer")
    audit.record(
        session,
        user,
        at=clock(),
        action="view",
        entity="customer",
        entity_id=str(customer_id),
    )
    session.commit()
    return found
