"""Administration: the audit trail, the staff list and fund prices (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from agentdesk.contract.admin import AuditEvent, ProductPriceChange, ProductPriceChanged
from agentdesk.contract.auth import UserInfo
from agentdesk.contract.values import Identifier
from agentdesk.domain.errors import UnknownRecord
from agentdesk.server import audit, care, reference
from agentdesk.server.deps import AdminUser, ClockDep, SessionDep
from agentdesk.server.models import User
from agentdesk.server.problems import PROBLEM_RESPONSES
from agentdesk.server.security import user_info

router = APIRouter(prefix="/admin", tags=["admin"], responses=PROBLEM_RESPONSES)


@router.get("/audit", response_model=list[AuditEvent])
def audit_events(
    session: SessionDep,
    _admin: AdminUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEvent]:
    """The newest audit events first."""
    return audit.recent_events(session, limit)


@router.get("/users", response_model=list[UserInfo])
def users(session: SessionDep, _admin: AdminUser) -> list[UserInfo]:
    return [user_info(u) for u in session.scalars(select(User).order_by(User.username))]


ProductCode = Annotated[Identifier, Path(max_length=16, description="a product of the shelf")]


@router.post("/products/{code}/price", response_model=ProductPriceChanged)
def change_price(
    code: ProductCode,
    body: ProductPriceChange,
    session: SessionDep,
    admin: AdminUser,
    clock: ClockDep,
) -> ProductPriceChanged:
    """A fund's new price: its holdings are revalued (units × NAV, the cost stays) and the
    care rules run for the customers holding it (a fall past the threshold makes one care
    task with the figures). Audited."""
    if code not in {p.code for p in reference.product_shelf().products}:
        raise UnknownRecord("product.not_found", f"no product {code} on the shelf")
    now = clock()
    changed = care.change_price(session, code, body.nav, now=now)
    audit.record(
        session,
        admin,
        at=now,
        action="update",
        entity="product_price",
        entity_id=code,
        detail={"nav": str(body.nav), "holdings": str(changed.holdings)},
    )
    session.commit()
    return ProductPriceChanged(
        product_code=code,
        nav=body.nav,
        holdings=changed.holdings,
        care_tasks=[task.id for task in changed.tasks],
    )
