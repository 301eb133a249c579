"""Administration: the audit trail of every look at personal data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

__all__ = ["AuditEvent", "Health", "ProductPriceChange", "ProductPriceChanged"]


class AuditEvent(BaseModel):
    id: int
    at: datetime
    username: str
    workstation_id: str
    action: str
    entity: str
    entity_id: str


class Health(BaseModel):
    status: str
    version: str
    database: str


class ProductPriceChange(BaseModel):
    """``POST /admin/products/{code}/price``: a fund's new net asset value a unit."""

    nav: Annotated[Decimal, Field(gt=0, le=Decimal("1000000"), max_digits=14, decimal_places=4)]


class ProductPriceChanged(BaseModel):
    """What the new price did: holdings revalued, care tasks made (ids)."""

    product_code: str
    nav: Decimal
    holdings: int
    care_tasks: list[int]
