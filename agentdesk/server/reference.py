"""Reference data served to the workstations: the product shelf, wrap-up codes, complaint
categories and queues.

The data is configuration in ``resources/reference/*.yaml``, read once per process and
validated against the contract (a malformed file fails the first request loudly rather than
serving half a shelf).
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

import yaml
from pydantic import BaseModel

from agentdesk.contract.reference import (
    ComplaintCategoryList,
    ProductShelf,
    QueueList,
    WrapUpCodeList,
)
from agentdesk.resources import resource_path

__all__ = ["complaint_categories", "load", "product_shelf", "queues", "wrap_up_codes"]

M = TypeVar("M", bound=BaseModel)


def load(name: str, model: type[M]) -> M:
    """``resources/reference/<name>.yaml`` as ``model``."""
    path = resource_path("reference", f"{name}.yaml")
    return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


# The files do not change while the server runs (a new shelf ships with a new version).
@cache
def product_shelf() -> ProductShelf:
    return load("products", ProductShelf)


@cache
def wrap_up_codes() -> WrapUpCodeList:
    return load("wrap_up_codes", WrapUpCodeList)


@cache
def complaint_categories() -> ComplaintCategoryList:
    return load("complaint_categories", ComplaintCategoryList)


@cache
def queues() -> QueueList:
    return load("queues", QueueList)
