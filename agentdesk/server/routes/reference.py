"""Reference data for every signed-in user: product shelf, wrap-up codes, complaint
categories, queues. Workstations cache these in full and re-fetch when ``version`` changes."""

from __future__ import annotations

from fastapi import APIRouter, Response

from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.server import reference
from agentdesk.server.deps import CurrentUser
from agentdesk.server.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/reference", tags=["reference"], responses=PROBLEM_RESPONSES)

# Not personal data and identical for everyone: a private cache may keep it a while.
_CACHE_CONTROL = "private, max-age=300"


@router.get("/products", response_model=ProductShelf)
def products(response: Response, _user: CurrentUser) -> ProductShelf:
    """The product shelf: code, names (zh/en), product risk level R1–R5 and kind."""
    response.headers["Cache-Control"] = _CACHE_CONTROL
    return reference.product_shelf()


@router.get("/wrap-up-codes", response_model=WrapUpCodeList)
def wrap_up_codes(response: Response, _user: CurrentUser) -> WrapUpCodeList:
    response.headers["Cache-Control"] = _CACHE_CONTROL
    return reference.wrap_up_codes()


@router.get("/complaint-categories", response_model=ComplaintCategoryList)
def complaint_categories(response: Response, _user: CurrentUser) -> ComplaintCategoryList:
    response.headers["Cache-Control"] = _CACHE_CONTROL
    return reference.complaint_categories()


@router.get("/queues", response_model=QueueList)
def queues(response: Response, _user: CurrentUser) -> QueueList:
    response.headers["Cache-Control"] = _CACHE_CONTROL
    return reference.queues()
