"""Reference data the desktop caches in full: the product shelf, wrap-up codes, complaint
categories and root causes, and queues (DESIGN.md §4, "reference data fully").

The data lives in ``resources/reference/*.yaml`` (configuration, not code); each file has the
shape of its list model here, with a ``version`` that changes when the content does, so a
client can tell whether its cached copy is current.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from agentdesk.contract.tickets import ComplaintCategory, RootCause
from agentdesk.domain.risk import ProductRisk

__all__ = [
    "ComplaintCategoryInfo",
    "ComplaintCategoryList",
    "Product",
    "ProductKind",
    "ProductShelf",
    "QueueInfo",
    "QueueList",
    "RootCauseInfo",
    "RootCauseList",
    "WrapUpCode",
    "WrapUpCodeList",
]


class ProductKind(StrEnum):
    DEPOSIT = "deposit"  # 存款 / 大额存单
    WEALTH_MANAGEMENT = "wealth_management"  # 银行理财
    FUND = "fund"  # 公募基金 (money market, bond, equity, QDII ...)


class Product(BaseModel):
    code: str = Field(min_length=1, max_length=16)
    name_zh: str
    name_en: str
    risk: ProductRisk
    kind: ProductKind


class ProductShelf(BaseModel):
    version: str
    products: list[Product]


class WrapUpCode(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    label_zh: str
    label_en: str


class WrapUpCodeList(BaseModel):
    version: str
    codes: list[WrapUpCode]


class ComplaintCategoryInfo(BaseModel):
    code: ComplaintCategory
    label_zh: str
    label_en: str


class ComplaintCategoryList(BaseModel):
    version: str
    categories: list[ComplaintCategoryInfo]


class RootCauseInfo(BaseModel):
    code: RootCause
    label_zh: str = Field(min_length=1)
    label_en: str = Field(min_length=1)


class RootCauseList(BaseModel):
    version: str
    root_causes: list[RootCauseInfo]


class QueueInfo(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    label_zh: str
    label_en: str
    skill: str = ""  # empty: the queue's code is the skill
    service_level_pct: int = Field(default=80, ge=1, le=100)
    service_level_seconds: int = Field(default=20, ge=1)


class QueueList(BaseModel):
    version: str
    queues: list[QueueInfo]
