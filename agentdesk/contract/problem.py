"""RFC 9457 problem details, the body of every error response."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["PROBLEM_MEDIA_TYPE", "FieldProblem", "Problem"]

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """``type`` is a stable URN (``urn:agentdesk:problem:<code>``); ``code`` repeats the code."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = None
    errors: list[FieldProblem] | None = None
    current: dict[str, Any] | None = None
    # A refused status move (``ticket.transition_refused``): the statuses it may go to instead.
    allowed: list[str] | None = None
