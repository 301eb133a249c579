"""Scripted flows as the API serves them: published versions (immutable) and publishing one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from agentdesk.contract.values import FreeText
from agentdesk.flows.definition import FlowDefinition

__all__ = ["FlowPublish", "FlowVersionInfo", "FlowVersionRecord"]

MAX_FLOW_SOURCE = 200_000


class FlowVersionInfo(BaseModel):
    flow_id: str
    version: int
    title_zh: str
    title_en: str
    published_at: datetime
    published_by: str


class FlowVersionRecord(FlowVersionInfo):
    """A published version whole: what a desk runs."""

    definition: FlowDefinition


class FlowPublish(BaseModel):
    """A flow file's YAML text, as written; the server validates it as ``agentdesk flows
    validate`` does and keeps it, immutable, as ``id@version``."""

    source: Annotated[FreeText, Field(min_length=1, max_length=MAX_FLOW_SOURCE)]
    file: Annotated[FreeText, Field(max_length=200, description="names the file in findings")] = (
        "flow.yaml"
    )
